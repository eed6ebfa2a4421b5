//! Properties checked on generated inputs (proptest), each over a modest number of cases so the
//! file runs in seconds in a debug build:
//!
//! 1. scaling every mass of an installation (activity levels, stream amounts, electricity and
//!    heat, PFC aluminium, precursor masses) by k leaves every SEE unchanged;
//! 2. the SEE of a complex good never falls when its precursor's SEE rises, and rises when it
//!    rises;
//! 3. the report of any valid imports workbook (generated, read by the real reader) passes the
//!    official schema;
//! 4. a decimal written into the XML never has more digits than the schema's type allows;
//! 5. no decimal at all, in any figure of an installation, makes computing it or assessing its
//!    obligation panic, under either methodology.
//!
//! Each property was seen to fail on a deliberate defect (named at each test), then the defect
//! was taken out again.

use crate::run::root;
use cbam::compute::{self, Results};
use cbam::format::imports::{IMPORTS, max_chars};
use cbam::model::{Dec, Installation, Monitoring, PrecursorSource, PurchasedSee};
use cbam::render::workbook::{CellValue, IMPORTS as LAYOUT, TidyWorkbook};
use cbam::render::xml::dto::{Dec5, Dec6, Dec7};
use cbam::render::xml::xsd::Validator;
use cbam::report::codelists::CodeLists;
use cbam::report::suppliers::Suppliers;
use cbam::tables::defaults::DefaultValues;
use cbam::tidy_row;
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn runner(cases: u32) -> TestRunner {
    // No regression files are written into the repository; a failure prints its minimal input.
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

/// The four Chinese sample installations, read and validated by the library.
fn samples() -> Vec<(&'static str, Installation)> {
    ["cement-integrated-cn.xlsx", "aluminium-smelter-coal-cn.xlsx", "aluminium-smelter-hydro-cn.xlsx", "aluminium-extrusion-cn.xlsx"]
        .into_iter()
        .map(|f| (f, cbam::load_installation(&root().join("samples").join(f)).unwrap_or_else(|e| panic!("{f}: {e:?}")).installation))
        .collect()
}

fn run(inst: &Installation) -> Results {
    compute::compute(inst, &cbam::regime::Regime::for_period(&inst.period, cbam::regime::Choice::year(Some(2025))).unwrap())
        .unwrap_or_else(|e| panic!("{:#?}", e.into_sorted()))
}

/// A positive decimal `m / 10^s`.
fn positive(max_mantissa: i64, max_scale: u32) -> impl Strategy<Value = Dec> {
    (1..=max_mantissa, 0..=max_scale).prop_map(|(m, s)| Dec::new(m, s))
}

// ---------------------------------------------------------------------------------------------
// 1. Scale invariance

/// Every extensive quantity of `inst` times `k`; factors, fractions and SEE values stay.
fn scaled(inst: &Installation, k: Dec) -> Installation {
    let mut out = inst.clone();
    for p in &mut out.processes {
        p.activity_level_t *= k;
        p.electricity.consumed_mwh *= k;
        p.electricity_produced_mwh *= k;
        p.heat_imported_tj *= k;
        p.heat_exported_tj *= k;
        p.waste_gas_correction_t *= k;
        p.direct_emissions_entered_t = p.direct_emissions_entered_t.map(|e| e * k);
        for s in &mut p.streams {
            s.amount *= k;
        }
        for m in &mut p.pfc {
            m.aluminium_t *= k;
        }
        for x in &mut p.precursors {
            x.mass_t *= k;
        }
    }
    out
}

/// Defect that made it fail: `see.rs` dividing by the activity level plus one tonne
/// (`div(total, al + Dec::ONE)`): the SEE of the scaled installation differed.
#[test]
fn scaling_every_mass_leaves_see_unchanged() {
    let samples = samples();
    // The base installation varies too: each stream's amount and each process's electricity
    // get their own factor in [0.5, 2] before the common factor k (0.001 to 1000) applies.
    let strategy = (0..samples.len(), positive(1_000_000, 3), proptest::collection::vec(50i64..=200, 16));
    runner(48)
        .run(&strategy, |(which, k, factors)| {
            let (name, base) = &samples[which];
            let mut base = base.clone();
            let mut f = factors.iter().cycle().map(|&x| Dec::new(x, 2));
            for p in &mut base.processes {
                p.electricity.consumed_mwh *= f.next().unwrap();
                for s in &mut p.streams {
                    s.amount *= f.next().unwrap();
                }
            }
            let a = run(&base);
            let b = run(&scaled(&base, k));
            // Each SEE is a quotient rounded to rust_decimal's 28 significant digits, and the
            // precursors' SEE enter the quotient after that rounding: the scaled figures agree
            // to far better than the 7 decimals written, but not always to the last of 28 digits.
            let tol = Dec::new(1, 20);
            for (x, y) in a.goods.iter().zip(&b.goods) {
                for (what, u, v) in [
                    ("direct", x.see_direct, y.see_direct),
                    ("indirect", x.see_indirect, y.see_indirect),
                    ("electricity", x.embedded_electricity, y.embedded_electricity),
                ] {
                    prop_assert!((u - v).abs() <= tol, "{name}, {} {what}: {u} unscaled, {v} at k = {k}", x.product);
                }
            }
            prop_assert_eq!(a.goods.len(), b.goods.len());
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// 2. Monotonic in the precursor's SEE

/// Defect that made it fail: `see.rs` counting a precursor's direct contribution as
/// `mass × 1 / (1 + SEE)` instead of `mass × SEE` (the good's SEE fell as the precursor's rose).
/// Subtracting the contribution instead fails too, earlier, on a negative SEE.
#[test]
fn a_complex_goods_see_rises_with_its_precursors() {
    let samples = samples();
    let (_, extrusion) = samples.iter().find(|(f, _)| f.starts_with("aluminium-extrusion")).expect("extrusion sample");
    // Every purchased precursor at supplier values: (process index, precursor index).
    let purchased: Vec<(usize, usize)> = extrusion
        .processes
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.precursors.iter().enumerate().filter(|(_, x)| matches!(x.source, PrecursorSource::Purchased { .. })).map(move |(j, _)| (i, j)))
        .collect();
    assert!(!purchased.is_empty());
    let see = |inst: &Installation, at: (usize, usize), dir: Dec, ind: Dec| -> Results {
        let mut inst = inst.clone();
        let x = &mut inst.processes[at.0].precursors[at.1];
        let PrecursorSource::Purchased { values, .. } = &mut x.source else { unreachable!() };
        *values = PurchasedSee::Actual { see_direct: dir, see_indirect: ind, embedded_electricity: None, default_key: None };
        run(&inst)
    };
    // Direct and indirect SEE of the precursor (0 to 100 tCO2e/t), and how much each rises.
    let value = || (0i64..=100_000_000, 0u32..=6).prop_map(|(m, s)| Dec::new(m, s));
    let strategy = (0..purchased.len(), value(), value(), value(), value());
    runner(48)
        .run(&strategy, |(which, dir, ind, up_dir, up_ind)| {
            let at = purchased[which];
            let low = see(extrusion, at, dir, ind);
            let high = see(extrusion, at, dir + up_dir, ind + up_ind);
            let process = &extrusion.processes[at.0].id;
            for (a, b) in low.goods.iter().zip(&high.goods).filter(|(g, _)| &g.process == process) {
                prop_assert!(b.see_direct >= a.see_direct, "{}: direct {} fell to {}", a.product, a.see_direct, b.see_direct);
                prop_assert!(b.see_indirect >= a.see_indirect, "{}: indirect {} fell to {}", a.product, a.see_indirect, b.see_indirect);
                prop_assert!(b.see_total >= a.see_total);
                // The precursor's mass is positive: a rise must show, not only not fall.
                prop_assert_eq!(b.see_direct > a.see_direct, up_dir > Dec::ZERO, "{}: direct {} vs {}", &a.product, a.see_direct, b.see_direct);
                prop_assert_eq!(b.see_indirect > a.see_indirect, up_ind > Dec::ZERO, "{}: indirect {} vs {}", &a.product, a.see_indirect, b.see_indirect);
            }
            Ok(())
        })
        .unwrap();
}

/// The same through an own precursor: more fuel burnt in the clinker kiln (its SEE rises), so the
/// cement made from that clinker may not get cleaner. Defect that made it fail: the same
/// `mass × 1 / (1 + SEE)` in `see.rs`.
#[test]
fn cement_see_rises_with_its_clinkers() {
    let samples = samples();
    let (_, cement) = samples.iter().find(|(f, _)| f.starts_with("cement-integrated")).expect("cement sample");
    let kiln = cement.processes.iter().position(|p| p.precursors.is_empty() && !p.streams.is_empty()).expect("a kiln without precursors");
    let kiln_id = cement.processes[kiln].id.clone();
    let users: Vec<String> = cement
        .processes
        .iter()
        .filter(|p| p.precursors.iter().any(|x| matches!(&x.source, PrecursorSource::Own { process } if *process == kiln_id)))
        .map(|p| p.id.clone())
        .collect();
    assert!(!users.is_empty(), "no process uses the kiln's clinker");
    let strategy = (0..cement.processes[kiln].streams.len(), positive(100_000, 2));
    runner(32)
        .run(&strategy, |(stream, more)| {
            let mut dirtier = cement.clone();
            let s = &mut dirtier.processes[kiln].streams[stream];
            // One stream's amount grows by `more` percent; positive amounts only (mass-balance
            // outputs are negative and would lower the kiln's emissions).
            prop_assume!(s.amount > Dec::ZERO);
            s.amount += s.amount * more / Dec::ONE_HUNDRED;
            let (a, b) = (run(cement), run(&dirtier));
            prop_assert!(b.processes[kiln].see_direct >= a.processes[kiln].see_direct);
            for (x, y) in a.processes.iter().zip(&b.processes).filter(|(x, _)| users.contains(&x.id)) {
                prop_assert!(y.see_direct >= x.see_direct, "{}: {} fell to {}", x.id, x.see_direct, y.see_direct);
                prop_assert!(y.see_total >= x.see_total);
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// 3. Every valid input gives a report the schema accepts

/// Lines whose supplier sent its data (installation, CN code, product where the installation
/// makes several goods under one code), as in the samples.
const SUPPLIED: &[(&str, &str, Option<&str>)] = &[
    ("JNC-WH-01", "25231000", None),
    ("JNC-WH-01", "25232900", Some("P·O 42.5 ordinary Portland cement")),
    ("BHA-LK-01", "76011000", None),
    ("LNA-NH-01", "76042100", None),
    ("LNA-NH-01", "76041090", None),
];

#[derive(Debug, Clone)]
struct Line {
    /// Index into [`SUPPLIED`], or a CN code and country for a line at default values.
    supplied: Option<usize>,
    cn: usize,
    country: usize,
    day: u64,
    mass: Dec,
    procedure: usize,
    area: &'static str,
    declaration: Option<String>,
}

#[derive(Debug, Clone)]
struct Input {
    name: String,
    city: String,
    street: Option<String>,
    signatory: String,
    remarks: Option<String>,
    lines: Vec<Line>,
}

/// Text as people type it: letters, digits, spaces and the characters XML must escape, some
/// beyond ASCII; at most `max` characters (the format's limit for `key`), not blank.
fn text(key: &str, max_default: usize) -> impl Strategy<Value = String> {
    let max = max_chars(key).unwrap_or(max_default);
    proptest::string::string_regex(&format!("[A-Za-zÀ-ÿ中文][A-Za-z0-9 &<>\"'À-ÿ中文ß.,/()-]{{0,{}}}", max - 1))
        .expect("a valid pattern")
        .prop_map(|s| s.trim_end().to_string())
}

fn input(n_codes: usize, n_countries: usize, n_procedures: usize) -> impl Strategy<Value = Input> {
    let line = (
        proptest::option::weighted(0.5, 0..SUPPLIED.len()),
        0..n_codes,
        0..n_countries,
        0u64..92,
        // Net mass: up to 1,000,000 in the workbook's unit, with 0 to 6 decimals.
        (1i64..=1_000_000_000_000, 0u32..=6).prop_map(|(m, s)| Dec::new((m / 10i64.pow(6 - s)).max(1), s)),
        0..n_procedures,
        prop_oneof![Just("EU"), Just("EUOTH")],
        proptest::option::of("[0-9]{2}[A-Z]{2}[0-9A-Z]{14}"),
    )
        .prop_map(|(supplied, cn, country, day, mass, procedure, area, declaration)| Line {
            supplied,
            cn,
            country,
            day,
            mass,
            procedure,
            area,
            declaration,
        });
    (
        text("name", 70),
        text("city", 35),
        proptest::option::of(text("street", 70)),
        text("signatory", 70),
        proptest::option::of(text("remarks", 512)),
        proptest::collection::vec(line, 1..=9),
    )
        .prop_map(|(name, city, street, signatory, remarks, lines)| Input { name, city, street, signatory, remarks, lines })
}

fn workbook(input: &Input, codes: &[String], countries: &[String], procedures: &[String]) -> TidyWorkbook {
    let mut wb = TidyWorkbook::with_layout(&LAYOUT);
    wb.field("eori", "NL812345678")
        .field("name", input.name.as_str())
        .field("role", "01")
        .field("city", input.city.as_str())
        .field("signature_place", input.city.as_str())
        .field("signatory", input.signatory.as_str())
        .field("signatory_position", "Director")
        .field("global_data_confirmation", "yes")
        .field("use_of_data_confirmation", "yes");
    if let Some(s) = &input.street {
        wb.field("street", s.as_str());
    }
    if let Some(r) = &input.remarks {
        wb.field("remarks", r.as_str());
    }
    for l in &input.lines {
        let (cn, country) = match l.supplied {
            Some(i) => (SUPPLIED[i].1, "CN"),
            None => (codes[l.cn].as_str(), countries[l.country].as_str()),
        };
        let mut row = tidy_row![
            "release_date" => NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(l.day),
            "cn_code" => cn,
            "origin_country" => country,
            "net_mass" => CellValue::number(l.mass.to_string()),
            "requested_procedure" => procedures[l.procedure].as_str(),
            "import_area" => l.area,
            "variant" => if cn == "25232100" { "white" } else { "grey" },
        ];
        if let Some(i) = l.supplied {
            row.push(("installation", CellValue::from(SUPPLIED[i].0)));
            if let Some(p) = SUPPLIED[i].2 {
                row.push(("product", CellValue::from(p)));
            }
        }
        if let Some(d) = &l.declaration {
            row.push(("declaration", CellValue::from(d.as_str())));
        }
        wb.row(IMPORTS, row);
    }
    wb
}

/// Defect that made it fail: the declarant's name written twice over (`parties::declarant`): the
/// schema refused names of 35 characters or more (`Name` is at most 70). Writing masses with 7
/// decimals instead of 6 passes here, rightly: the schema counts fraction digits on the value, and
/// trailing zeros are no digits of it (property 4 catches that defect).
#[test]
fn every_valid_imports_workbook_gives_a_schema_valid_report() {
    let samples = root().join("samples");
    let (suppliers, _) = Suppliers::load(&samples, 2025, Some(&samples.join("imports-2025Q4.xlsx")), cbam::report::suppliers::Purpose::QuarterlyReport)
        .expect("the sample suppliers");
    let lists = CodeLists::embedded();
    let codes: Vec<String> = lists.list("cn_code").map(|c| c.code.clone()).collect();
    let countries: Vec<String> = DefaultValues::embedded().countries().map(str::to_string).collect();
    let procedures: Vec<String> = lists.list("customs_procedure").map(|c| c.code.clone()).collect();
    let opts = cbam::report::Options {
        period: cbam::report::Period { year: 2025, quarter: 4 },
        submission_date: Some("2026-01-20T09:00:00Z".into()),
        allow_defaults: true,
    };
    let validator = std::cell::RefCell::new(Validator::new().unwrap());
    let dir = std::env::temp_dir().join(format!("cbam-it-properties-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("imports.xlsx");
    let result = runner(32).run(&input(codes.len(), countries.len(), procedures.len()), |input| {
        workbook(&input, &codes, &countries, &procedures).save(&path).unwrap();
        let (imports, _) = cbam::report::load_imports(&path).map_err(|e| TestCaseError::fail(format!("the reader refused a valid workbook: {e:#?}")))?;
        prop_assert_eq!(imports.lines.len(), input.lines.len());
        let (report, _) =
            cbam::report::build::build(&imports, &suppliers, &opts).map_err(|e| TestCaseError::fail(format!("no report: {:#?}", e.into_sorted())))?;
        let xml = cbam::render::xml::write(&report).unwrap();
        let errors = validator.borrow_mut().validate(&xml).unwrap();
        prop_assert!(errors.is_empty(), "{errors:?}\n{}", String::from_utf8_lossy(&xml));
        Ok(())
    });
    std::fs::remove_dir_all(&dir).unwrap();
    result.unwrap();
}

// ---------------------------------------------------------------------------------------------
// 4. Decimals within the schema's digits

/// `totalDigits` and `fractionDigits` of a simple type of the schema's `stypes.xsd`.
fn digits(ty: &str) -> (usize, usize) {
    let xsd = std::fs::read_to_string(root().join("schemas/stypes.xsd")).unwrap();
    let at = xsd.find(&format!("<xs:simpleType name=\"{ty}\">")).unwrap_or_else(|| panic!("{ty} not in stypes.xsd"));
    let body = &xsd[at..at + xsd[at..].find("</xs:simpleType>").unwrap()];
    let value = |facet: &str| -> usize {
        let i = body.find(&format!("<xs:{facet} value=\"")).unwrap_or_else(|| panic!("{ty}: no {facet}")) + facet.len() + 12;
        body[i..i + body[i..].find('"').unwrap()].parse().unwrap()
    };
    (value("totalDigits"), value("fractionDigits"))
}

/// Checks one written decimal `t` of `x` against the lexical form of `xs:decimal`, the type's
/// digits and the rounding. Digits are counted as written (leading zeros of the integer part
/// aside): stricter than the schema, which ignores trailing zeros of the fraction.
fn check_text(t: &str, x: Dec, places: u32, (total, fraction): (usize, usize), fits: bool) -> Result<(), TestCaseError> {
    prop_assert!(!t.contains(['e', 'E']), "{t}: exponent");
    prop_assert!(t.trim_start_matches('-').chars().all(|c| c.is_ascii_digit() || c == '.'), "{t}: not a decimal");
    let (int, frac) = t.trim_start_matches('-').split_once('.').unwrap_or((t.trim_start_matches('-'), ""));
    prop_assert!(!int.is_empty());
    prop_assert!(frac.len() <= fraction && frac.len() <= places as usize, "{t}: more than {fraction} decimals");
    // Exactly `places` decimals for every value that fits; beyond ≈ 7.9 × 10^21 the 96-bit
    // mantissa cannot hold them and fewer are written (`fits` is false for those anyway).
    if fits {
        prop_assert_eq!(frac.len(), places as usize, "{}: expected {} decimals", t, places);
    }
    let written: Dec = t.parse().unwrap();
    prop_assert!(!(written.is_zero() && t.starts_with('-')), "{t}: negative zero");
    // Rounded to the nearest, ties away from zero: off by at most half a unit in the last place.
    let half = Dec::new(5, places + 1);
    prop_assert!((written - x).abs() <= half, "{t} is not {x} rounded to {places} places");
    let significant = int.trim_start_matches('0').len() + frac.len();
    // `fits` must say whether the text is within the schema's totalDigits, for any value.
    prop_assert_eq!(fits, significant <= total, "{}: {} digits, fits says {}", t, significant, fits);
    Ok(())
}

/// Any decimal rust_decimal can hold: 96-bit mantissa, either sign, scale 0 to 28.
fn any_dec() -> impl Strategy<Value = Dec> {
    prop_oneof![
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28).prop_map(|(lo, mid, hi, neg, s)| Dec::from_parts(lo, mid, hi, neg, s)),
        // Figures of the size reports carry, where the limits bite.
        (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Dec::new(m, s)),
        (-10_000_000_000_000_000i64..=10_000_000_000_000_000, 4u32..=9).prop_map(|(m, s)| Dec::new(m, s)),
    ]
}

/// Defects that made it fail: `round_dp` without `rescale` (`0` written as `0`, not `0.0000000`);
/// `fits` comparing with `<` instead of `<=` (a 16-digit value refused); `Dec6` writing 7
/// decimals.
#[test]
fn written_decimals_keep_to_the_schemas_digits() {
    let dec16_7 = digits("dec16-7");
    let dec16_6 = digits("dec16-6");
    let dec16_5 = digits("dec16-5");
    let dec5_5 = digits("dec5-5");
    assert_eq!((dec16_7, dec16_6, dec16_5, dec5_5), ((16, 7), (16, 6), (16, 5), (10, 5)), "the schema's digits changed");
    runner(2000)
        .run(&any_dec(), |x| {
            check_text(&Dec7(x).text(), x, Dec7::PLACES, dec16_7, Dec7(x).fits(16))?;
            check_text(&Dec6(x).text(), x, Dec6::PLACES, dec16_6, Dec6(x).fits(16))?;
            check_text(&Dec5(x).text(), x, Dec5::PLACES, dec16_5, Dec5(x).fits(16))?;
            check_text(&Dec5(x).text(), x, Dec5::PLACES, dec5_5, Dec5(x).fits(10))?;
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// 5. No panic for any decimal

/// Any decimal at all: every scale 0..=28, any 96-bit mantissa, either sign, and the extremes.
fn any_decimal() -> impl Strategy<Value = Dec> {
    prop_oneof![
        1 => Just(Dec::MAX),
        1 => Just(Dec::MIN),
        1 => Just(Dec::ZERO),
        1 => Just(Dec::new(1, 28)),
        4 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28).prop_map(|(lo, mid, hi, neg, scale)| Dec::from_parts(lo, mid, hi, neg, scale)),
        // Plant-sized figures, so that most cases compute through to the obligation.
        8 => (1i64..=10_000_000_000, 0u32..=6).prop_map(|(m, s)| Dec::new(m, s)),
    ]
}

/// Puts `xs` (cycled) into every number the engine multiplies or divides: activity levels,
/// electricity, heat, stream amounts and factors, PFC inputs, precursor masses and values,
/// carbon-price figures.
fn with_decimals(inst: &Installation, xs: &[Dec]) -> Installation {
    let mut it = xs.iter().copied().cycle();
    let mut next = || it.next().unwrap_or_default();
    let mut out = inst.clone();
    for p in &mut out.processes {
        p.activity_level_t = next();
        p.electricity.consumed_mwh = next();
        p.electricity.ef = Some(next());
        p.electricity_produced_mwh = next();
        p.heat_imported_tj = next();
        p.waste_gas_correction_t = next();
        for s in &mut p.streams {
            s.amount = next();
            s.ncv = s.ncv.map(|_| next());
            s.biomass = next();
            if let Monitoring::Combustion { oxidation, .. } = &mut s.monitoring {
                *oxidation = next();
            }
        }
        for m in &mut p.pfc {
            m.aluminium_t = next();
            m.collection_efficiency = next();
            m.f_c2f6 = next();
        }
        for x in &mut p.precursors {
            x.mass_t = next();
            if let PrecursorSource::Purchased { values: PurchasedSee::Actual { see_direct, see_indirect, .. }, .. } = &mut x.source {
                *see_direct = next();
                *see_indirect = next();
            }
        }
    }
    for c in &mut out.carbon_prices {
        c.covered_emissions_t = next();
        c.bought_t = next();
        c.bought_price = next();
        c.surrendered_t = next();
        c.rebate = next();
        c.eur_rate = Some(next());
    }
    out
}

/// Computing any sample with any decimals in its figures, under both methodologies, and
/// assessing the obligation of every good it yields, returns results or diagnostics: never a
/// panic. (Seen to fail on the unchecked `bought × bought_price` of the carbon price and on the
/// unchecked obligation arithmetic before both were made checked.)
#[test]
fn no_panic_for_any_decimal() {
    use cbam::compute::definitive::{CarbonPaid, Good, Prices, Values, assess, column_a};
    use cbam::regime::{Choice, Methodology, Regime};
    let samples = samples();
    let assessed = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = runner(256);
    runner
        .run(&(0..samples.len(), proptest::collection::vec(any_decimal(), 1..12), any_decimal()), |(i, xs, price)| {
            let inst = with_decimals(&samples[i].1, &xs);
            for m in Methodology::ALL {
                let regime = Regime::for_period(&inst.period, Choice { year: Some(2026), methodology: Some(m) }).unwrap();
                let Ok(res) = compute::compute(&inst, &regime) else { continue };
                let origin = cbam::model::CountryCode::parse("CN").unwrap();
                for (k, g) in res.goods.iter().enumerate() {
                    let carbon = match res.carbon_price.goods.get(k).and_then(|c| c.amount_eur) {
                        Some(eur) => CarbonPaid::Effective { eur_per_t: eur, certified_by: Some("independent".into()) },
                        None => CarbonPaid::DefaultPrice { eur_per_tco2e: xs[xs.len() - 1] },
                    };
                    let mut all = vec![Values::Default];
                    // Column A may be refused (a route to choose); it must not panic either.
                    if let Ok(column_a) = column_a(&regime, &res, g, None, None) {
                        all.push(Values::Actual { see_direct: g.see_direct, see_indirect: g.see_indirect, route: g.route, column_a });
                    }
                    for values in all {
                        let good = Good {
                            cn_code: &g.cn_code,
                            origin: &origin,
                            variant: None,
                            mass_t: g.activity_level_t,
                            values,
                            route: None,
                            carbon: carbon.clone(),
                        };
                        if assess(&regime, &good, &Prices { cbam_price: price, cscf: xs[0], art9_reference_price: price }).is_ok() {
                            assessed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    // Not vacuous: many generated installations compute through to an assessed obligation.
    assert!(assessed.into_inner() > 50);
}
