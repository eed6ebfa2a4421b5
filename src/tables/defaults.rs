//! Default values of Implementing Regulation (EU) 2025/2621 for cement and aluminium goods, one
//! set per country of production, embedded from `data/default-values-IR-2025-2621.csv` (extracted
//! from the Commission workbook by `tools/extract_reference_tables.py`; see `data/README.md`).
//!
//! This module owns the lookup rule: longest CN prefix within the country, grey/white where the
//! table distinguishes them, and the fallback to "Other countries and territories" when the
//! country has no row or its row has no value ("–"). It does not apply the yearly mark-up (that
//! is [`super::years::default_markup`], used by `compute`) and never reads a file at run time.
//!
//! It also holds `embedded_csv`, the small reader shared by the sibling tables.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::model::{CnCode, CountryCode, Dec, Variant};

const CSV: &str = include_str!("../../data/default-values-IR-2025-2621.csv");
const HEADER: &str =
    "country,country_name,cn_code,variant,description,direct,indirect,total,route_bm";
/// The key of the "Other countries and territories" rows.
pub const OTHER: &str = "OTHER";

static TABLE: LazyLock<DefaultValues> = LazyLock::new(|| DefaultValues::parse(CSV));

/// One row of a country's default-value table (tCO2e per tonne of good).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultValue {
    /// ISO 3166-1 alpha-2 code, or [`OTHER`] for "Other countries and territories".
    pub country: String,
    /// The CN code as the table gives it: 4, 6 or 8 digits, matched as a prefix.
    pub cn_prefix: String,
    /// Grey or white where the row's description says so.
    pub variant: Option<Variant>,
    pub description: String,
    /// `None` where the workbook shows "–" (no value).
    pub direct: Option<Dec>,
    /// `None` where the workbook shows "–" or "N/A" (aluminium: indirect emissions not covered).
    pub indirect: Option<Dec>,
    /// `None` where the workbook shows "–"; for aluminium it equals `direct`.
    pub total: Option<Dec>,
    /// "Underlying production route determining CBAM BM", e.g. `(A)`, `(K)`; `None` when blank.
    pub route_bm: Option<String>,
}

/// The row a lookup settled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultLookup<'a> {
    pub value: &'a DefaultValue,
    /// True when the country had no usable value and the "Other countries and territories" row
    /// was used.
    pub fallback: bool,
}

/// The default-value table of every country, plus the [`OTHER`] rows.
#[derive(Debug)]
pub struct DefaultValues {
    /// Rows by country key, each list in workbook order.
    by_country: BTreeMap<String, Vec<DefaultValue>>,
    names: BTreeMap<String, String>,
    source: &'static str,
}

/// What one country's rows say about a CN code and variant.
enum Found<'a> {
    Row(&'a DefaultValue),
    /// No row's CN prefix matches.
    NotListed,
    /// The table has grey and white rows for the code and no variant was given.
    Ambiguous,
    /// Rows match the code but none has the requested variant.
    VariantMismatch,
}

impl DefaultValues {
    /// The table embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static DefaultValues {
        &TABLE
    }

    /// Where the values come from, e.g.
    /// "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04".
    pub fn source() -> &'static str {
        TABLE.source
    }

    /// Countries that have their own rows (ISO codes, sorted); [`OTHER`] is not included.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.by_country
            .keys()
            .map(String::as_str)
            .filter(|c| *c != OTHER)
    }

    /// The workbook's English name of a country key (`"CN"` → `"China"`).
    pub fn country_name(&self, country: &str) -> Option<&str> {
        self.names.get(country).map(String::as_str)
    }

    /// All rows of one country key (ISO code or [`OTHER`]) in workbook order; empty if none.
    pub fn rows(&self, country: &str) -> &[DefaultValue] {
        self.by_country.get(country).map_or(&[], Vec::as_slice)
    }

    /// Longest-prefix match of the 8-digit CN code against the country's rows (variant must match
    /// where the table has grey/white rows; when the table distinguishes variants and `variant` is
    /// None, return None); a country with no sheet, or whose matching row has no total ("–"),
    /// falls back to OTHER.
    ///
    /// A variant the table does not have for the code (white for `25232900`, which only has a
    /// grey row) gives None without falling back. A variant given for a code whose rows have none
    /// (aluminium, calcined clay, aluminous cement) is ignored.
    pub fn lookup(
        &self,
        country: &CountryCode,
        cn: &CnCode,
        variant: Option<Variant>,
    ) -> Option<DefaultLookup<'_>> {
        match self.find(country.as_str(), cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => {
                return Some(DefaultLookup {
                    value,
                    fallback: false,
                });
            }
            Found::Ambiguous | Found::VariantMismatch => return None,
            Found::Row(_) | Found::NotListed => {}
        }
        match self.find(OTHER, cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => Some(DefaultLookup {
                value,
                fallback: true,
            }),
            _ => None,
        }
    }

    fn find(&self, country: &str, cn: &str, variant: Option<Variant>) -> Found<'_> {
        let rows = self.rows(country);
        let Some(len) = rows
            .iter()
            .filter(|r| cn.starts_with(&r.cn_prefix))
            .map(|r| r.cn_prefix.len())
            .max()
        else {
            return Found::NotListed;
        };
        let at: Vec<&DefaultValue> = rows
            .iter()
            .filter(|r| r.cn_prefix.len() == len && cn.starts_with(&r.cn_prefix))
            .collect();
        let chosen: Vec<&DefaultValue> = match variant {
            Some(v) if at.iter().any(|r| r.variant.is_some()) => {
                at.into_iter().filter(|r| r.variant == Some(v)).collect()
            }
            _ => at,
        };
        match chosen.as_slice() {
            [one] => Found::Row(one),
            [] => Found::VariantMismatch,
            _ => Found::Ambiguous,
        }
    }

    fn parse(text: &'static str) -> DefaultValues {
        let csv = embedded_csv::Csv::parse("default-values-IR-2025-2621.csv", text, HEADER);
        let mut by_country: BTreeMap<String, Vec<DefaultValue>> = BTreeMap::new();
        let mut names = BTreeMap::new();
        for rec in csv.records() {
            let country = rec.get("country").to_string();
            assert!(
                country == OTHER || CountryCode::parse(&country).is_some(),
                "{}: unknown country code {country:?}",
                rec.at()
            );
            let cn_prefix = rec.get("cn_code").to_string();
            assert!(
                matches!(cn_prefix.len(), 4 | 6 | 8)
                    && cn_prefix.bytes().all(|b| b.is_ascii_digit()),
                "{}: malformed CN code {cn_prefix:?}",
                rec.at()
            );
            let variant = match rec.get("variant") {
                "" => None,
                v => Some(
                    Variant::parse(v)
                        .unwrap_or_else(|| panic!("{}: unknown variant {v:?}", rec.at())),
                ),
            };
            let row = DefaultValue {
                country: country.clone(),
                cn_prefix,
                variant,
                description: rec.get("description").to_string(),
                direct: rec.decimal("direct"),
                indirect: rec.decimal("indirect"),
                total: rec.decimal("total"),
                route_bm: rec.text("route_bm").map(str::to_string),
            };
            let list = by_country.entry(country.clone()).or_default();
            assert!(
                !list
                    .iter()
                    .any(|r| r.cn_prefix == row.cn_prefix && r.variant == row.variant),
                "{}: duplicate row for {} {}",
                rec.at(),
                row.country,
                row.cn_prefix
            );
            list.push(row);
            names
                .entry(country)
                .or_insert_with(|| rec.get("country_name").to_string());
        }
        assert!(
            by_country.contains_key(OTHER),
            "default values: no {OTHER} rows"
        );
        DefaultValues {
            by_country,
            names,
            source: csv.meta("citation"),
        }
    }
}

/// Reader for the comma-separated tables under `data/`: `# key: value` comment lines, then a
/// header row, then records (RFC 4180 quoting, one line per record). The files are embedded at
/// build time, so a malformed file is a build defect: the reader panics with the file and line,
/// and every table's tests load it.
pub(crate) mod embedded_csv {
    use crate::model::Dec;

    pub struct Csv {
        name: &'static str,
        meta: Vec<(&'static str, &'static str)>,
        header: Vec<String>,
        records: Vec<(usize, Vec<String>)>,
    }

    /// One record, with its line number for messages.
    pub struct Record<'a> {
        csv: &'a Csv,
        line: usize,
        fields: &'a [String],
    }

    impl Csv {
        /// Parses `text`; panics unless the header row is exactly `expected`.
        pub fn parse(name: &'static str, text: &'static str, expected: &str) -> Csv {
            let mut meta = Vec::new();
            let mut header = None;
            let mut records = Vec::new();
            for (i, line) in text.lines().enumerate() {
                let line_no = i + 1;
                if let Some(comment) = line.strip_prefix('#') {
                    if let Some((k, v)) = comment.trim().split_once(": ") {
                        meta.push((k.trim(), v.trim()));
                    }
                    continue;
                }
                if line.trim().is_empty() {
                    continue;
                }
                if header.is_none() {
                    assert!(
                        line == expected,
                        "{name}:{line_no}: header {line:?}, expected {expected:?}"
                    );
                    header = Some(expected.split(',').map(String::from).collect::<Vec<_>>());
                    continue;
                }
                let fields = split(line).unwrap_or_else(|e| panic!("{name}:{line_no}: {e}"));
                let n = header.as_ref().map_or(0, Vec::len);
                assert!(
                    fields.len() == n,
                    "{name}:{line_no}: {} fields, expected {n}",
                    fields.len()
                );
                records.push((line_no, fields));
            }
            let header = header.unwrap_or_else(|| panic!("{name}: no header row"));
            Csv {
                name,
                meta,
                header,
                records,
            }
        }

        /// The value of a `# key: value` comment line; panics if absent.
        pub fn meta(&self, key: &str) -> &'static str {
            self.meta
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v)
                .unwrap_or_else(|| panic!("{}: no '# {key}:' line", self.name))
        }

        pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
            self.records.iter().map(|(line, fields)| Record {
                csv: self,
                line: *line,
                fields,
            })
        }
    }

    impl Record<'_> {
        /// `file:line`, for messages.
        pub fn at(&self) -> String {
            format!("{}:{}", self.csv.name, self.line)
        }

        /// The raw field of a column; panics on an unknown column name.
        pub fn get(&self, column: &str) -> &str {
            let i = self
                .csv
                .header
                .iter()
                .position(|h| h == column)
                .unwrap_or_else(|| panic!("{}: no column {column:?}", self.csv.name));
            &self.fields[i]
        }

        /// The field, or None when empty.
        pub fn text(&self, column: &str) -> Option<&str> {
            Some(self.get(column)).filter(|s| !s.is_empty())
        }

        /// The field as an exact decimal (never through f64), or None when empty.
        pub fn decimal(&self, column: &str) -> Option<Dec> {
            self.text(column).map(|s| {
                Dec::from_str_exact(s).unwrap_or_else(|e| {
                    panic!("{}: {column} {s:?} is not a decimal: {e}", self.at())
                })
            })
        }
    }

    /// Splits one line into fields: `a,"b, ""c""",` → `a`, `b, "c"`, ``.
    fn split(line: &str) -> Result<Vec<String>, &'static str> {
        let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => field.push(chars.next().unwrap()),
                (true, '"') if matches!(chars.peek(), None | Some(',')) => quoted = false,
                (true, '"') => return Err("text after a closing quote"),
                (false, '"') if field.is_empty() => quoted = true,
                (false, '"') => return Err("quote inside an unquoted field"),
                (false, ',') => fields.push(std::mem::take(&mut field)),
                (_, c) => field.push(c),
            }
        }
        if quoted {
            return Err("unterminated quoted field");
        }
        fields.push(field);
        Ok(fields)
    }

    #[cfg(test)]
    mod tests {
        use super::split;

        #[test]
        fn splits_quoted_fields() {
            assert_eq!(
                split(r#"a,"b, ""c""",,d"#).unwrap(),
                ["a", "b, \"c\"", "", "d"]
            );
            assert_eq!(split("x").unwrap(), ["x"]);
            assert_eq!(split(r#""",x"#).unwrap(), ["", "x"]);
            assert_eq!(split("x,").unwrap(), ["x", ""]);
            assert!(split(r#""open"#).is_err());
            assert!(split(r#"a"b"#).is_err());
        }
    }
}

#[cfg(test)]
mod tests {
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
        DefaultValues::embedded()
            .lookup(&country(c), &cn(code), v)
            .unwrap_or_else(|| panic!("no value for {c} {code} {v:?}"))
    }

    #[test]
    fn china_cement() {
        let l = get("CN", "25231000", Some(Variant::Grey));
        assert!(!l.fallback);
        assert_eq!(
            (l.value.direct, l.value.indirect, l.value.total),
            (Some(dec("1.35")), Some(dec("0.04")), Some(dec("1.39")))
        );
        assert_eq!(l.value.route_bm.as_deref(), Some("(A)"));

        let l = get("CN", "25232900", Some(Variant::Grey));
        assert_eq!(
            (l.value.direct, l.value.indirect, l.value.total),
            (Some(dec("1.35")), Some(dec("0.07")), Some(dec("1.42")))
        );
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
        assert_eq!(l.value.route_bm.as_deref(), Some("(K)"));

        let l = get("CN", "76042100", None);
        assert_eq!(
            (l.value.cn_prefix.as_str(), l.value.total),
            ("76042100", Some(dec("4.8808")))
        );

        let l = get("CN", "76071111", None);
        assert_eq!(
            (l.value.cn_prefix.as_str(), l.value.total),
            ("7607", Some(dec("5.559098489")))
        );

        // 761090 (6 digits) against its own 8-digit subheadings.
        assert_eq!(get("CN", "76109010", None).value.cn_prefix, "76109010");
        assert_eq!(get("CN", "76109050", None).value.cn_prefix, "761090");
        // A variant means nothing for aluminium and is ignored.
        assert_eq!(
            get("CN", "76012080", Some(Variant::White)).value.total,
            Some(dec("3"))
        );
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
        assert_eq!(
            (l.value.direct, l.value.indirect, l.value.total),
            (Some(dec("1.32")), Some(dec("0.06")), Some(dec("1.37")))
        );
        let l = get("AL", "25231000", Some(Variant::Grey));
        assert!(!l.fallback);
        assert_eq!(l.value.total, Some(dec("0.87")));
        // Albania's sheet has no aluminium section: unlisted, so OTHER.
        assert!(get("AL", "76061100", None).fallback);
        // Tunisia's aluminium section lists 7615 instead of 7616 (data/README.md, anomaly 4).
        assert_eq!(
            get("TN", "76161000", None).value.total,
            Some(dec("3.891437413"))
        );
        assert!(get("TN", "76161000", None).fallback);
    }

    #[test]
    fn variant_rules() {
        let t = DefaultValues::embedded();
        // Grey and white rows: a variant is required.
        assert!(t.lookup(&country("CN"), &cn("25239000"), None).is_none());
        assert!(t.lookup(&country("AF"), &cn("25239000"), None).is_none());
        assert_eq!(
            get("CN", "25239000", Some(Variant::White)).value.total,
            Some(dec("1.46"))
        );
        assert_eq!(
            get("CN", "25239000", Some(Variant::Grey)).value.total,
            Some(dec("1.36"))
        );
        // One row only (grey Portland): no variant needed, the other variant does not match.
        assert_eq!(get("CN", "25232900", None).value.total, Some(dec("1.42")));
        assert!(
            t.lookup(&country("CN"), &cn("25232900"), Some(Variant::White))
                .is_none()
        );
    }

    #[test]
    fn table_shape() {
        let t = DefaultValues::embedded();
        assert_eq!(
            DefaultValues::source(),
            "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04"
        );
        assert!(t.countries().any(|c| c == "CN"));
        assert!(!t.countries().any(|c| c == OTHER));
        assert_eq!(t.country_name("CN"), Some("China"));
        assert_eq!(
            t.country_name(OTHER),
            Some("Other Countries and Territories")
        );
        let codes: Vec<&str> = t.countries().collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        // Aluminium rows never carry indirect values and their total is the direct value.
        for c in t
            .by_country
            .values()
            .flatten()
            .filter(|r| r.cn_prefix.starts_with("76"))
        {
            assert_eq!(c.indirect, None, "{} {}", c.country, c.cn_prefix);
            assert_eq!(c.total, c.direct, "{} {}", c.country, c.cn_prefix);
        }
    }

    /// The CSV against the Commission workbook itself, where it is available (CI has it beside
    /// the repository).
    #[test]
    fn matches_the_commission_workbook() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/reference/ec/default-values-IR-2025-2621-v20260204.xlsx"
        );
        if !std::path::Path::new(path).exists() {
            println!("skipped: {path} not found");
            return;
        }
        let mut wb: Xlsx<_> = open_workbook(path).expect("open the workbook");
        let cell = |d: &Data| -> Option<Dec> {
            match d {
                Data::Float(f) => {
                    Some(Dec::from_str_exact(&format!("{f}")).expect("shortest text"))
                }
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
                let found = t
                    .rows(key)
                    .iter()
                    .find(|r| r.cn_prefix == code && r.description == desc.trim());
                let r =
                    found.unwrap_or_else(|| panic!("{sheet}: {code} {desc} missing from the CSV"));
                assert_eq!(r.direct, cell(&row[2]), "{sheet} {code} {desc} direct");
                assert_eq!(r.indirect, cell(&row[3]), "{sheet} {code} {desc} indirect");
                assert_eq!(r.total, cell(&row[4]), "{sheet} {code} {desc} total");
                checked += 1;
            }
            assert_eq!(checked, t.rows(key).len(), "{sheet}: every CSV row checked");
        }
    }
}

/// Which default-value table (provisional: the corrected table lands with its data file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DefaultsVersion {
    Published2621,
    Corrected1740,
}

impl DefaultsVersion {
    pub fn citation(self) -> &'static str {
        DefaultValues::source()
    }
}

impl DefaultValues {
    pub fn of(_version: DefaultsVersion) -> &'static DefaultValues {
        &TABLE
    }
}
