//! Tests of the default-value tables: look-ups, fallbacks, TARIC keys, Annex IV, and the CSV
//! against the Commission's workbook.

use super::*;

fn dec(s: &str) -> Dec {
    Dec::from_str_exact(s).unwrap()
}
fn cn(s: &str) -> CnCode {
    CnCode::parse(s).unwrap()
}
fn country(s: &str) -> CountryCode {
    CountryCode::parse(s).unwrap()
}
fn get(c: &str, code: &str, v: Option<Variant>) -> DefaultLookup<'static> {
    DefaultValues::embedded().lookup(&country(c), &cn(code), v).unwrap_or_else(|| panic!("no value for {c} {code} {v:?}"))
}

#[test]
fn china_cement() {
    let l = get("CN", "25231000", Some(Variant::Grey));
    assert!(!l.fallback);
    assert_eq!((l.value.direct, l.value.indirect, l.value.total), (Some(dec("1.35")), Some(dec("0.04")), Some(dec("1.39"))));
    assert_eq!(l.value.route_bm, Some(BenchmarkRoute::A));

    let l = get("CN", "25232900", Some(Variant::Grey));
    assert_eq!((l.value.direct, l.value.indirect, l.value.total), (Some(dec("1.35")), Some(dec("0.07")), Some(dec("1.42"))));
    assert_eq!(l.value.description, "Grey Portland cement");

    assert_eq!(get("CN", "25233000", None).value.total, Some(dec("2.18")));
    assert_eq!(get("CN", "25070080", None).value.total, Some(dec("0.32")));
}

#[test]
fn china_aluminium_by_longest_prefix() {
    let l = get("CN", "76011000", None);
    assert_eq!(l.value.cn_prefix, "7601");
    assert_eq!(l.value.direct, Some(dec("3")));
    assert_eq!(l.value.indirect, None);
    assert_eq!(l.value.total, Some(dec("3")));
    assert_eq!(l.value.route_bm, Some(BenchmarkRoute::K));

    let l = get("CN", "76042100", None);
    assert_eq!((l.value.cn_prefix.as_str(), l.value.total), ("76042100", Some(dec("4.8808"))));

    let l = get("CN", "76071111", None);
    assert_eq!((l.value.cn_prefix.as_str(), l.value.total), ("7607", Some(dec("5.559098489"))));

    // 761090 (6 digits) against its own 8-digit subheadings.
    assert_eq!(get("CN", "76109010", None).value.cn_prefix, "76109010");
    assert_eq!(get("CN", "76109050", None).value.cn_prefix, "761090");
    // A variant means nothing for aluminium and is ignored.
    assert_eq!(get("CN", "76012080", Some(Variant::White)).value.total, Some(dec("3")));
}

#[test]
fn country_without_sheet_falls_back_to_other() {
    // Afghanistan has no sheet in the workbook.
    assert!(DefaultValues::embedded().rows("AF").is_empty());
    let l = get("AF", "25232900", Some(Variant::Grey));
    assert!(l.fallback);
    assert_eq!(l.value.country, OTHER);
    assert_eq!(l.value.total, Some(dec("1.44")));
    let l = get("AF", "76011000", None);
    assert!(l.fallback);
    assert_eq!(l.value.total, Some(dec("2.20264371")));
}

#[test]
fn dash_row_falls_back_to_other() {
    // Albania: white clinker is "–"; grey clinker has its own value.
    let l = get("AL", "25231000", Some(Variant::White));
    assert!(l.fallback);
    assert_eq!(l.value.country, OTHER);
    assert_eq!((l.value.direct, l.value.indirect, l.value.total), (Some(dec("1.32")), Some(dec("0.06")), Some(dec("1.37"))));
    let l = get("AL", "25231000", Some(Variant::Grey));
    assert!(!l.fallback);
    assert_eq!(l.value.total, Some(dec("0.87")));
    // Albania's sheet has no aluminium section: unlisted, so OTHER.
    assert!(get("AL", "76061100", None).fallback);
    // Tunisia's aluminium section lists 7615 instead of 7616 (data/README.md, anomaly 4).
    assert_eq!(get("TN", "76161000", None).value.total, Some(dec("3.891437413")));
    assert!(get("TN", "76161000", None).fallback);
}

#[test]
fn variant_rules() {
    let t = DefaultValues::embedded();
    // Grey and white rows: a variant is required.
    assert!(t.lookup(&country("CN"), &cn("25239000"), None).is_none());
    assert!(t.lookup(&country("AF"), &cn("25239000"), None).is_none());
    assert_eq!(get("CN", "25239000", Some(Variant::White)).value.total, Some(dec("1.46")));
    assert_eq!(get("CN", "25239000", Some(Variant::Grey)).value.total, Some(dec("1.36")));
    // One row only (grey Portland): no variant needed, the other variant does not match.
    assert_eq!(get("CN", "25232900", None).value.total, Some(dec("1.42")));
    assert!(t.lookup(&country("CN"), &cn("25232900"), Some(Variant::White)).is_none());
}

#[test]
fn table_shape() {
    let t = DefaultValues::embedded();
    assert_eq!(DefaultValues::source(), "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04");
    assert!(t.countries().any(|c| c == "CN"));
    assert!(!t.countries().any(|c| c == OTHER));
    assert_eq!(t.country_name("CN"), Some("China"));
    assert_eq!(t.country_name(OTHER), Some("Other Countries and Territories"));
    let codes: Vec<&str> = t.countries().collect();
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    // Aluminium rows never carry indirect values and their total is the direct value.
    for c in t.by_country.values().flatten().filter(|r| r.cn_prefix.starts_with("76")) {
        assert_eq!(c.indirect, None, "{} {}", c.country, c.cn_prefix);
        assert_eq!(c.total, c.direct, "{} {}", c.country, c.cn_prefix);
    }
}

/// The CSV against the Commission workbook itself, where it is available (CI has it beside
/// the repository).
#[test]
fn matches_the_commission_workbook() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/ec/default-values-IR-2025-2621-v20260204.xlsx");
    if !std::path::Path::new(path).exists() {
        println!("skipped: {path} not found");
        return;
    }
    let mut wb: Xlsx<_> = open_workbook(path).expect("open the workbook");
    let cell = |d: &Data| -> Option<Dec> {
        match d {
            Data::Float(f) => Some(Dec::from_str_exact(&format!("{f}")).expect("shortest text")),
            Data::Int(i) => Some(Dec::from(*i)),
            Data::String(s) if s == "–" || s == "N/A" => None,
            other => panic!("unexpected cell {other:?}"),
        }
    };
    let t = DefaultValues::embedded();
    for (sheet, key) in [("China", "CN"), ("_Other Countries and Territorie", OTHER)] {
        let range = wb.worksheet_range(sheet).expect("sheet");
        let mut section = String::new();
        let mut checked = 0;
        for row in range.rows() {
            let a = row[0].to_string();
            if !a.is_empty() && !a.chars().any(|c| c.is_ascii_digit()) {
                section = a;
                continue;
            }
            if a.is_empty() || (section != "Cement" && section != "Aluminium") {
                continue;
            }
            let code: String = a.chars().filter(char::is_ascii_digit).collect();
            let desc = row[1].to_string();
            let found = t.rows(key).iter().find(|r| r.cn_prefix == code && r.description == desc.trim());
            let r = found.unwrap_or_else(|| panic!("{sheet}: {code} {desc} missing from the CSV"));
            assert_eq!(r.direct, cell(&row[2]), "{sheet} {code} {desc} direct");
            assert_eq!(r.indirect, cell(&row[3]), "{sheet} {code} {desc} indirect");
            assert_eq!(r.total, cell(&row[4]), "{sheet} {code} {desc} total");
            checked += 1;
        }
        assert_eq!(checked, t.rows(key).len(), "{sheet}: every CSV row checked");
    }
}

// ---- the corrected table (IR 2026/1740) ----

const C1740: &str = "Implementing Regulation (EU) 2025/2621 as replaced by Implementing Regulation (EU) 2026/1740, Annexes I and IV";
const C2621: &str = "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04";

fn corrected() -> &'static DefaultValues {
    DefaultValues::of(DefaultsVersion::Corrected1740)
}
fn find(v: DefaultsVersion, c: &str, code: &str, variant: Option<Variant>) -> Result<DefaultLookup<'static>, TableError> {
    DefaultValues::of(v).find(&country(c), &cn(code), variant)
}
fn total(l: Result<DefaultLookup<'static>, TableError>) -> Dec {
    l.unwrap_or_else(|e| panic!("{e}")).value.total.unwrap()
}

#[test]
fn versions() {
    use DefaultsVersion::*;
    assert_eq!(Published2621.citation(), C2621);
    assert_eq!(Corrected1740.citation(), C1740);
    assert_eq!((Published2621.label(), Corrected1740.label()), ("IR 2025/2621", "IR 2026/1740"));
    assert_eq!(DefaultsVersion::parse("1740"), Some(Corrected1740));
    assert_eq!(DefaultsVersion::parse("2025/2621"), Some(Published2621));
    assert_eq!(DefaultsVersion::parse("21"), None);
    assert_eq!(serde_json::to_string(&Corrected1740).unwrap(), "\"corrected1740\"");
    assert!(std::ptr::eq(DefaultValues::embedded(), DefaultValues::of(Published2621)));
    assert_eq!(corrected().version(), Corrected1740);
    assert_eq!(corrected().citation(), C1740);
    // Annex IV is not a country; every published country is still there.
    assert!(!corrected().countries().any(|c| c == ANNEX_IV || c == OTHER));
    assert!(DefaultValues::embedded().countries().eq(corrected().countries()));
    assert_eq!(corrected().country_name("CN"), Some("China"));
    assert_eq!(corrected().rows("CN").len(), 32);
    assert_eq!(corrected().rows(OTHER).len(), 32);
    assert_eq!(corrected().rows(ANNEX_IV).len(), 32);
}

#[test]
fn corrected_china_grey_clinker_by_cn_code_and_variant_or_by_taric_code() {
    let v = DefaultsVersion::Corrected1740;
    let by_variant = find(v, "CN", "25231000", Some(Variant::Grey)).unwrap();
    let by_taric = find(v, "CN", "2523100090", None).unwrap();
    for l in [by_variant, by_taric] {
        assert_eq!(l.value.cn_prefix, "2523100090");
        assert_eq!((l.value.direct, l.value.indirect, l.value.total), (Some(dec("1.35")), Some(dec("0.04")), Some(dec("1.39"))));
        assert_eq!(l.value.route_bm, Some(BenchmarkRoute::A));
        assert!(!l.fallback && !l.annex_iv);
        assert_eq!(l.source, C1740);
    }
    assert_eq!(total(find(v, "CN", "2523100090", Some(Variant::Grey))), dec("1.39"));
    assert_eq!(total(find(v, "CN", "25231000", Some(Variant::White))), dec("1.30"));
    assert_eq!(total(find(v, "CN", "2523900010", None)), dec("1.46"));
    // Calcined clay: the 8-digit code resolves to its only TARIC key, with no route letter.
    let clay = find(v, "CN", "25070080", None).unwrap();
    assert_eq!((clay.value.cn_prefix.as_str(), clay.value.total, clay.value.route_bm), ("2507008080", Some(dec("0.32")), None));
    // The published table reads a TARIC code as its CN code and variant.
    let l = find(DefaultsVersion::Published2621, "CN", "2523100090", None).unwrap();
    assert_eq!((l.value.cn_prefix.as_str(), l.value.variant, l.value.total), ("25231000", Some(Variant::Grey), Some(dec("1.39"))));
    assert_eq!(l.source, C2621);
}

#[test]
fn split_cn_code_without_variant_is_ambiguous() {
    let v = DefaultsVersion::Corrected1740;
    let keys = |k: &[&str]| TableError::Ambiguous { keys: k.iter().map(|s| s.to_string()).collect() };
    assert_eq!(find(v, "CN", "25231000", None).unwrap_err(), keys(&["2523100010", "2523100090"]));
    assert_eq!(find(v, "CN", "25239000", None).unwrap_err(), keys(&["2523900010", "2523900090"]));
    // Through the fallback too (Afghanistan has no rows).
    assert_eq!(find(v, "AF", "25231000", None).unwrap_err(), keys(&["2523100010", "2523100090"]));
    // The published table: grey and white rows of one key.
    assert_eq!(find(DefaultsVersion::Published2621, "CN", "25231000", None).unwrap_err(), keys(&["25231000"]));
    let msg = find(v, "CN", "25231000", None).unwrap_err().to_string();
    assert!(msg.contains("2523100010, 2523100090"), "{msg}");
    assert!(corrected().lookup(&country("CN"), &cn("25231000"), None).is_none());
}

#[test]
fn variant_unavailable() {
    let v = DefaultsVersion::Corrected1740;
    // Grey Portland cement has no white row; a variant against the TARIC code is refused.
    assert_eq!(find(v, "CN", "25232900", Some(Variant::White)).unwrap_err(), TableError::VariantUnavailable(Variant::White));
    assert_eq!(find(v, "CN", "2523100090", Some(Variant::White)).unwrap_err(), TableError::VariantUnavailable(Variant::White));
    assert_eq!(find(DefaultsVersion::Published2621, "CN", "2523100010", Some(Variant::Grey)).unwrap_err(), TableError::VariantUnavailable(Variant::Grey));
    // A variant means nothing for aluminium.
    assert_eq!(total(find(v, "CN", "76012080", Some(Variant::White))), dec("3.000"));
}

#[test]
fn corrected_aluminium_has_the_official_journals_three_decimals() {
    let l = find(DefaultsVersion::Corrected1740, "CN", "76041010", None).unwrap();
    assert_eq!((l.value.cn_prefix.as_str(), l.value.total, l.value.indirect), ("76041010", Some(dec("4.881")), None));
    assert_eq!(l.value.route_bm, Some(BenchmarkRoute::K));
    assert_eq!(l.source, C1740);
    let p = find(DefaultsVersion::Published2621, "CN", "76041010", None).unwrap();
    assert_eq!(p.value.total, Some(dec("4.8808")));
    assert_eq!(p.source, C2621);
    assert_eq!(total(find(DefaultsVersion::Corrected1740, "CN", "76011090", None)), dec("3"));
    assert_eq!(total(find(DefaultsVersion::Corrected1740, "CN", "76071111", None)), dec("5.559"));
    assert_eq!(total(find(DefaultsVersion::Corrected1740, "CN", "76109050", None)), dec("4.896"));
    assert_eq!(total(find(DefaultsVersion::Corrected1740, "CN", "76169910", None)), dec("4.542"));
}

#[test]
fn corrected_fallback_to_other_countries() {
    let v = DefaultsVersion::Corrected1740;
    // Afghanistan has no rows in either table: "Other countries and territories" of 1740.
    assert!(corrected().rows("AF").is_empty());
    let l = find(v, "AF", "25231000", Some(Variant::Grey)).unwrap();
    assert!(l.fallback && !l.annex_iv);
    assert_eq!((l.value.country.as_str(), l.value.cn_prefix.as_str(), l.value.total), (OTHER, "2523100090", Some(dec("1.41"))));
    assert_eq!(l.source, C1740);
    assert_eq!(total(find(v, "AF", "76011000", None)), dec("2.203"));
    assert!(find(v, "AF", "76011000", None).unwrap().fallback);
    // Countries the 1740 file does not give keep their published rows...
    let l = find(v, "AE", "25231000", Some(Variant::Grey)).unwrap();
    assert_eq!((l.value.cn_prefix.as_str(), l.value.total, l.fallback, l.source), ("25231000", Some(dec("0.86")), false, C2621));
    // ...and their "–" still falls back, now to the corrected OTHER row.
    let l = find(v, "AL", "25231000", Some(Variant::White)).unwrap();
    assert!(l.fallback);
    assert_eq!((l.value.cn_prefix.as_str(), l.value.total, l.source), ("2523100010", Some(dec("1.37")), C1740));
    // Tunisia lists no 7616 row: OTHER.
    assert_eq!(total(find(v, "TN", "76161000", None)), dec("3.891"));
}

#[test]
fn annex_iv_for_a_precursor_of_unknown_origin() {
    let t = corrected();
    let l = t.find_unknown_origin(&cn("76011000"), None).unwrap();
    assert!(l.annex_iv && !l.fallback);
    assert_eq!((l.value.country.as_str(), l.value.cn_prefix.as_str(), l.value.total), (ANNEX_IV, "7601", Some(dec("3.198"))));
    assert_eq!((l.value.direct, l.value.indirect), (None, None));
    assert_eq!(l.source, C1740);
    assert_eq!(t.find_unknown_origin(&cn("76061100"), None).unwrap().value.total, Some(dec("4.986")));
    assert_eq!(t.find_unknown_origin(&cn("25231000"), Some(Variant::Grey)).unwrap().value.total, Some(dec("1.44")));
    assert_eq!(t.find_unknown_origin(&cn("2523900010"), None).unwrap().value.total, Some(dec("1.53")));
    assert!(matches!(t.find_unknown_origin(&cn("25231000"), None), Err(TableError::Ambiguous { .. })));
    // The published table has no Annex IV.
    assert_eq!(DefaultValues::embedded().find_unknown_origin(&cn("76011000"), None).unwrap_err(), TableError::NotListed);
    // Annex IV is not a country: an ordinary lookup never lands on it.
    assert!(!find(DefaultsVersion::Corrected1740, "AF", "76011000", None).unwrap().annex_iv);
}

/// The 8-digit CN code and variant of a key of the corrected table.
fn published_key(r: &DefaultValue) -> (&str, Option<Variant>) {
    (&r.cn_prefix[..r.cn_prefix.len().min(8)], r.variant)
}
fn round_as(published: Dec, corrected: Dec) -> Dec {
    published.round_dp_with_strategy(corrected.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Every corrected China and OTHER value is the published workbook's value rounded to the
/// decimals the regulation prints; only keys, decimals and the calcined clay's route letter
/// changed (data/README.md).
#[test]
fn corrected_rows_are_the_published_values_rounded() {
    let (p, c) = (DefaultValues::embedded(), corrected());
    for key in ["CN", OTHER] {
        for r in c.rows(key) {
            let (code, variant) = published_key(r);
            let old = p.rows(key).iter().find(|o| o.cn_prefix == code && o.variant == variant);
            let old = old.unwrap_or_else(|| panic!("{key} {code} {variant:?}: no published row"));
            for (what, new, was) in [("direct", r.direct, old.direct), ("indirect", r.indirect, old.indirect), ("total", r.total, old.total)] {
                match (new, was) {
                    (Some(n), Some(w)) => assert_eq!(n, round_as(w, n), "{key} {} {what}", r.cn_prefix),
                    (n, w) => assert_eq!(n.is_some(), w.is_some(), "{key} {} {what}", r.cn_prefix),
                }
            }
            if code != "25070080" {
                assert_eq!(r.route_bm, old.route_bm, "{key} {}", r.cn_prefix);
            }
        }
        assert_eq!(c.rows(key).len(), p.rows(key).len(), "{key}: one corrected row per published row");
    }
}

/// Annex IV gives "the highest default value": the largest total of the published country
/// tables, rounded to the decimals the regulation prints.
#[test]
fn annex_iv_is_the_highest_published_total() {
    let (p, c) = (DefaultValues::embedded(), corrected());
    for r in c.rows(ANNEX_IV) {
        let (code, variant) = published_key(r);
        let max = p
            .countries()
            .flat_map(|k| p.rows(k))
            .filter(|o| o.cn_prefix == code && o.variant == variant)
            .filter_map(|o| o.total)
            .max()
            .unwrap_or_else(|| panic!("{code}: no published total"));
        let t = r.total.unwrap();
        assert_eq!(t, round_as(max, t), "Annex IV {}", r.cn_prefix);
        assert_eq!((r.direct, r.indirect), (None, None), "Annex IV {}", r.cn_prefix);
    }
}

/// The corrected CSV against the tables of §8 of the legal reference, where it is available
/// (CI has it beside the repository): every China, OTHER and Annex IV row.
#[test]
fn matches_the_legal_reference() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/legal/definitive-period-2026.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: {path} not found");
        return;
    };
    let section = |from: &str, to: &str| -> String {
        let a = text.find(from).unwrap_or_else(|| panic!("{from:?} not found"));
        let b = a + text[a..].find(to).unwrap_or_else(|| panic!("{to:?} not found"));
        text[a..b].to_string()
    };
    let num = |s: &str| -> Option<Dec> {
        let s = s.trim().trim_end_matches(|c: char| !c.is_ascii_digit());
        (!s.is_empty() && s != "–").then(|| Dec::from_str_exact(s).unwrap_or_else(|e| panic!("{s:?}: {e}")))
    };
    // "7610 90 (and 7610 90 10, 7610 90 90)" → 761090, 76109010, 76109090.
    let codes = |s: &str| -> Vec<String> {
        s.split(['(', ')', ',', ';'])
            .map(|p| p.replace("and", "").chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            .collect()
    };
    let cells = |line: &str| -> Vec<String> { line.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect() };
    let is_code = |c: &str| c.chars().next().is_some_and(|c| c.is_ascii_digit());
    // (key, code, direct, indirect, total): None where the reference gives no figure.
    type Want<'a> = (&'a str, String, Option<Dec>, Option<Dec>, Dec);
    let mut want: Vec<Want> = Vec::new();
    for line in section("**China, cement**", "**China, aluminium").lines().filter(|l| l.starts_with('|')) {
        let c = cells(line);
        if is_code(&c[0]) {
            want.push(("CN", codes(&c[0]).concat(), num(&c[2]), num(&c[3]), num(&c[4]).unwrap()));
        }
    }
    for line in section("**China, aluminium", "The OJ gives").lines().filter(|l| l.starts_with('|')) {
        let c = cells(line);
        for pair in c.chunks(3) {
            if is_code(&pair[0]) {
                for code in codes(&pair[0]) {
                    want.push(("CN", code, None, None, num(&pair[1]).unwrap()));
                }
            }
        }
    }
    let other = section("**\"Other countries and territories\"**", "### 8.2");
    for line in other.lines().map(str::trim) {
        if let Some((code, v)) = line.strip_prefix("- ").and_then(|l| l.split_once(':')).filter(|(c, _)| is_code(c)) {
            let v: Vec<Option<Dec>> = v.split('/').map(num).collect();
            want.push((OTHER, codes(code).concat(), v[0], v[1], v[2].unwrap()));
        } else if let Some(list) = line.strip_prefix("- Aluminium (K):") {
            for item in list.split(';') {
                let (code, v) = item.trim().rsplit_once(' ').unwrap();
                let v = num(v).unwrap();
                match code.strip_suffix("(all lines)") {
                    Some(h) => {
                        for r in corrected().rows(OTHER).iter().filter(|r| r.cn_prefix.starts_with(h.trim())) {
                            want.push((OTHER, r.cn_prefix.clone(), None, None, v));
                        }
                    }
                    None => want.push((OTHER, codes(code).concat(), None, None, v)),
                }
            }
        }
    }
    for line in section("### 8.3", "### 8.4").lines().filter(|l| l.starts_with('|')) {
        let c = cells(line);
        if is_code(&c[0]) {
            let t = if c.len() >= 4 { &c[2] } else { &c[1] };
            for code in codes(&c[0]) {
                want.push((ANNEX_IV, code, None, None, num(t).unwrap()));
            }
        }
    }
    let t = corrected();
    for (key, code, direct, indirect, total) in &want {
        // The reference writes the headings 7609, 7611 and 7613 for their only subheadings
        // 7609 00 00, 7611 00 00 and 7613 00 00 in the OTHER list.
        let padded = format!("{code:0<8}");
        let r = t.rows(key).iter().find(|r| r.cn_prefix == *code).or_else(|| t.rows(key).iter().find(|r| r.cn_prefix == padded));
        let r = r.unwrap_or_else(|| panic!("{key} {code}: in the reference, not in the CSV"));
        assert_eq!(r.total, Some(*total), "{key} {code} total");
        if direct.is_some() {
            assert_eq!((r.direct, r.indirect), (*direct, *indirect), "{key} {code}");
        }
    }
    for key in ["CN", OTHER, ANNEX_IV] {
        let mut seen: Vec<String> = want
            .iter()
            .filter(|w| w.0 == key)
            .map(|w| if t.rows(key).iter().any(|r| r.cn_prefix == w.1) { w.1.clone() } else { format!("{:0<8}", w.1) })
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), t.rows(key).len(), "{key}: every CSV row checked");
    }
}
