//! Default values of Implementing Regulation (EU) 2025/2621 for cement and aluminium goods, one
//! set per country of production, in two versions ([`DefaultsVersion`]):
//!
//! - as first published: `data/default-values-IR-2025-2621.csv`, extracted from the Commission
//!   workbook of 4 February 2026 by `tools/extract_reference_tables.py`;
//! - as corrected: Annexes I and IV as replaced by Implementing Regulation (EU) 2026/1740,
//!   `data/default-values-IR-2026-1740.csv` (China, "Other countries and territories" and Annex
//!   IV, transcribed by hand). Countries that file does not give keep the published rows; every
//!   row carries the citation of the table it came from. See `data/README.md`.
//!
//! This module owns the lookup rule: longest key prefix within the country (keys of 4 to 10
//! digits; an 8-digit code the table splits into 10-digit TARIC keys needs a variant), grey/white
//! where the table distinguishes them, the fallback to "Other countries and territories" when the
//! country has no row or its row has no value ("–"), and Annex IV for a precursor whose country
//! of production is unknown. It does not apply the yearly mark-up (that is
//! [`super::years::default_markup`], used by `compute`) and never reads a file at run time.
//!
//! It also holds `embedded_csv`, the small reader shared by the sibling tables.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use crate::model::{CnCode, CountryCode, Dec, Variant};

const CSV_2621: &str = include_str!("../../data/default-values-IR-2025-2621.csv");
const CSV_1740: &str = include_str!("../../data/default-values-IR-2026-1740.csv");
const HEADER: &str =
    "country,country_name,cn_code,variant,description,direct,indirect,total,route_bm";
/// The key of the "Other countries and territories" rows.
pub const OTHER: &str = "OTHER";
/// The key of the Annex IV rows: the values for a precursor whose country of production cannot
/// be identified (Article 1(5) of Implementing Regulation (EU) 2025/2621). Only the total.
pub const ANNEX_IV: &str = "ANNEX_IV";

static PUBLISHED: LazyLock<DefaultValues> = LazyLock::new(|| {
    DefaultValues::parse(
        DefaultsVersion::Published2621,
        "default-values-IR-2025-2621.csv",
        CSV_2621,
    )
});
static CORRECTED: LazyLock<DefaultValues> = LazyLock::new(|| {
    let mut t = DefaultValues::parse(
        DefaultsVersion::Corrected1740,
        "default-values-IR-2026-1740.csv",
        CSV_1740,
    );
    // Countries the corrected file does not give keep the published table's rows.
    for (country, rows) in &PUBLISHED.by_country {
        if !t.by_country.contains_key(country) {
            t.by_country.insert(country.clone(), rows.clone());
            if let Some(name) = PUBLISHED.names.get(country) {
                t.names.insert(country.clone(), name.clone());
            }
        }
    }
    t
});

/// Which default-value table: Annex I of Implementing Regulation (EU) 2025/2621 as first
/// published (the Commission workbook of 4 February 2026), or Annexes I and IV as replaced by
/// Implementing Regulation (EU) 2026/1740, which applies from 1 January 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultsVersion {
    Published2621,
    Corrected1740,
}

impl DefaultsVersion {
    pub const ALL: [DefaultsVersion; 2] =
        [DefaultsVersion::Published2621, DefaultsVersion::Corrected1740];

    /// The `# citation:` line of the version's data file.
    pub fn citation(self) -> &'static str {
        DefaultValues::of(self).citation
    }

    /// A short name: `IR 2025/2621` or `IR 2026/1740`.
    pub fn label(self) -> &'static str {
        match self {
            DefaultsVersion::Published2621 => "IR 2025/2621",
            DefaultsVersion::Corrected1740 => "IR 2026/1740",
        }
    }

    /// `2621`, `1740`, `2025/2621`, `2026/1740` or the label.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|v| t.len() >= 4 && v.label().ends_with(t))
    }
}

impl fmt::Display for DefaultsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of a country's default-value table (tCO2e per tonne of good).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultValue {
    /// ISO 3166-1 alpha-2 code, [`OTHER`] for "Other countries and territories", or
    /// [`ANNEX_IV`].
    pub country: String,
    /// The key as the table gives it: a CN code of 4, 6 or 8 digits, or a 10-digit TARIC code,
    /// matched as a prefix.
    pub cn_prefix: String,
    /// Grey or white where the row's description says so.
    pub variant: Option<Variant>,
    pub description: String,
    /// `None` where the table shows "–" (no value), and in Annex IV.
    pub direct: Option<Dec>,
    /// `None` where the table shows "–" or "N/A" (aluminium: indirect emissions not covered),
    /// and in Annex IV.
    pub indirect: Option<Dec>,
    /// `None` where the table shows "–"; for aluminium it equals `direct`.
    pub total: Option<Dec>,
    /// "Underlying production route determining CBAM BM", e.g. `(A)`, `(K)`; `None` when blank.
    pub route_bm: Option<String>,
    /// The citation of the table this row comes from (its data file's `# citation:` line).
    pub source: &'static str,
}

/// The row a lookup settled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultLookup<'a> {
    pub value: &'a DefaultValue,
    /// True when the country had no usable value and the "Other countries and territories" row
    /// was used.
    pub fallback: bool,
    /// True for a row of Annex IV (precursor whose country of production is unknown).
    pub annex_iv: bool,
    /// The citation of the table the row comes from (the same as `value.source`).
    pub source: &'static str,
}

/// Why a lookup found no default value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultError {
    /// Neither the country nor "Other countries and territories" (nor Annex IV) lists the code.
    NotListed,
    /// The table has one row per variant for the code, as 10-digit TARIC keys (`2523100010`,
    /// `2523100090`) or grey and white rows of one key, and no variant was given: `keys` are the
    /// keys of those rows (each once). A variant, or the TARIC code, settles it.
    Ambiguous { keys: Vec<String> },
    /// The rows of the code do not have this variant (white for grey Portland cement 25232900,
    /// or a variant that contradicts the TARIC code).
    VariantUnavailable(Variant),
    /// The row found shows no total ("–"), and so does the fallback row.
    NoValue,
}

impl fmt::Display for DefaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultError::NotListed => f.write_str("no default value is listed for the code"),
            DefaultError::Ambiguous { keys } => write!(
                f,
                "the default values distinguish white and grey for the code (keys {}): give the variant or the TARIC code",
                keys.join(", ")
            ),
            DefaultError::VariantUnavailable(v) => {
                write!(f, "no default value for the {} variant of the code", v.code())
            }
            DefaultError::NoValue => f.write_str("the default value of the code shows no total ('–')"),
        }
    }
}

impl std::error::Error for DefaultError {}

/// The default-value table of every country, plus the [`OTHER`] rows (and, corrected, the
/// [`ANNEX_IV`] rows).
#[derive(Debug)]
pub struct DefaultValues {
    /// Rows by country key, each list in table order.
    by_country: BTreeMap<String, Vec<DefaultValue>>,
    names: BTreeMap<String, String>,
    version: DefaultsVersion,
    citation: &'static str,
}

/// What one country's rows say about a code and variant.
enum Found<'a> {
    Row(&'a DefaultValue),
    /// No row's key is a prefix of the code, nor a subdivision of it.
    NotListed,
    /// Several rows (grey and white, or TARIC subdivisions) and no variant to choose: their keys.
    Ambiguous(Vec<String>),
    /// Rows match the code but none has the requested variant.
    VariantMismatch(Variant),
}

impl DefaultValues {
    /// The table as first published (IR 2025/2621, workbook of 4 February 2026), parsed on first
    /// use. Same as `of(DefaultsVersion::Published2621)`.
    pub fn embedded() -> &'static DefaultValues {
        &PUBLISHED
    }

    /// The table of a version, parsed on first use.
    pub fn of(version: DefaultsVersion) -> &'static DefaultValues {
        match version {
            DefaultsVersion::Published2621 => &PUBLISHED,
            DefaultsVersion::Corrected1740 => &CORRECTED,
        }
    }

    /// Where the published values come from, e.g.
    /// "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04".
    pub fn source() -> &'static str {
        PUBLISHED.citation
    }

    /// The version of this table.
    pub fn version(&self) -> DefaultsVersion {
        self.version
    }

    /// The citation of this table's own file (rows kept from the published table carry theirs:
    /// [`DefaultValue::source`]).
    pub fn citation(&self) -> &'static str {
        self.citation
    }

    /// Countries that have their own rows (ISO codes, sorted); [`OTHER`] and [`ANNEX_IV`] are not
    /// included.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.by_country
            .keys()
            .map(String::as_str)
            .filter(|c| *c != OTHER && *c != ANNEX_IV)
    }

    /// The table's English name of a country key (`"CN"` → `"China"`).
    pub fn country_name(&self, country: &str) -> Option<&str> {
        self.names.get(country).map(String::as_str)
    }

    /// All rows of one country key (ISO code, [`OTHER`] or [`ANNEX_IV`]) in table order; empty if
    /// none.
    pub fn rows(&self, country: &str) -> &[DefaultValue] {
        self.by_country.get(country).map_or(&[], Vec::as_slice)
    }

    /// [`find`](Self::find), for callers that only need the row.
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
        self.find(country, cn, variant).ok()
    }

    /// The default value of a good of `country`, by the rules of the introduction to Annex I:
    ///
    /// - the row whose key is the longest prefix of the code (a 10-digit TARIC code such as
    ///   `2523100090` matches its own key, or the 8-digit key of its CN code);
    /// - an 8-digit code the table splits into 10-digit TARIC keys (`25231000` into `2523100010`
    ///   and `2523100090`) takes the key of the variant; without a variant it is
    ///   [`DefaultError::Ambiguous`], naming the keys. The same holds for grey and white rows of
    ///   one key. A TARIC code stands for its variant (`…10` white, `…90` grey);
    /// - a country not listed, or listed without a value for the code ("–"), takes the row of
    ///   "Other countries and territories" (`fallback`);
    /// - a variant the code's rows do not have is [`DefaultError::VariantUnavailable`], without
    ///   falling back.
    pub fn find(
        &self,
        country: &CountryCode,
        cn: &CnCode,
        variant: Option<Variant>,
    ) -> Result<DefaultLookup<'_>, DefaultError> {
        let variant = effective_variant(cn, variant)?;
        match self.find_in(country.as_str(), cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => return Ok(self.found(value, false)),
            Found::Ambiguous(keys) => return Err(DefaultError::Ambiguous { keys }),
            Found::VariantMismatch(v) => return Err(DefaultError::VariantUnavailable(v)),
            Found::Row(_) | Found::NotListed => {}
        }
        match self.find_in(OTHER, cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => Ok(self.found(value, true)),
            Found::Row(_) => Err(DefaultError::NoValue),
            Found::NotListed => Err(DefaultError::NotListed),
            Found::Ambiguous(keys) => Err(DefaultError::Ambiguous { keys }),
            Found::VariantMismatch(v) => Err(DefaultError::VariantUnavailable(v)),
        }
    }

    /// The Annex IV value of a precursor whose country of production cannot be identified
    /// (Article 1(5) of IR 2025/2621): the highest default value, total only, same matching rules
    /// as [`find`](Self::find), no fallback. The published table has no Annex IV rows
    /// ([`DefaultError::NotListed`]).
    pub fn find_unknown_origin(
        &self,
        cn: &CnCode,
        variant: Option<Variant>,
    ) -> Result<DefaultLookup<'_>, DefaultError> {
        let variant = effective_variant(cn, variant)?;
        match self.find_in(ANNEX_IV, cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => Ok(DefaultLookup {
                annex_iv: true,
                ..self.found(value, false)
            }),
            Found::Row(_) => Err(DefaultError::NoValue),
            Found::NotListed => Err(DefaultError::NotListed),
            Found::Ambiguous(keys) => Err(DefaultError::Ambiguous { keys }),
            Found::VariantMismatch(v) => Err(DefaultError::VariantUnavailable(v)),
        }
    }

    fn found<'a>(&'a self, value: &'a DefaultValue, fallback: bool) -> DefaultLookup<'a> {
        DefaultLookup {
            value,
            fallback,
            annex_iv: false,
            source: value.source,
        }
    }

    fn find_in(&self, country: &str, cn: &str, variant: Option<Variant>) -> Found<'_> {
        let rows = self.rows(country);
        // Rows whose key is a prefix of the code, the longest; else the code's subdivisions
        // (10-digit TARIC keys under an 8-digit code).
        let at: Vec<&DefaultValue> = match rows
            .iter()
            .filter(|r| cn.starts_with(&r.cn_prefix))
            .map(|r| r.cn_prefix.len())
            .max()
        {
            Some(len) => rows
                .iter()
                .filter(|r| r.cn_prefix.len() == len && cn.starts_with(&r.cn_prefix))
                .collect(),
            None => rows
                .iter()
                .filter(|r| r.cn_prefix.len() > cn.len() && r.cn_prefix.starts_with(cn))
                .collect(),
        };
        if at.is_empty() {
            return Found::NotListed;
        }
        let chosen: Vec<&DefaultValue> = match variant {
            Some(v) if at.iter().any(|r| r.variant.is_some()) => {
                at.iter().copied().filter(|r| r.variant == Some(v)).collect()
            }
            _ => at.clone(),
        };
        match (chosen.as_slice(), variant) {
            ([one], _) => Found::Row(one),
            ([], Some(v)) => Found::VariantMismatch(v),
            _ => {
                let mut keys: Vec<String> = Vec::new();
                for r in &at {
                    if !keys.contains(&r.cn_prefix) {
                        keys.push(r.cn_prefix.clone());
                    }
                }
                Found::Ambiguous(keys)
            }
        }
    }

    fn parse(version: DefaultsVersion, name: &'static str, text: &'static str) -> DefaultValues {
        let csv = embedded_csv::Csv::parse(name, text, HEADER);
        let citation = csv.meta("citation");
        let mut by_country: BTreeMap<String, Vec<DefaultValue>> = BTreeMap::new();
        let mut names = BTreeMap::new();
        for rec in csv.records() {
            let country = rec.get("country").to_string();
            assert!(
                country == OTHER
                    || (country == ANNEX_IV && version == DefaultsVersion::Corrected1740)
                    || CountryCode::parse(&country).is_some(),
                "{}: unknown country code {country:?}",
                rec.at()
            );
            let cn_prefix = rec.get("cn_code").to_string();
            assert!(
                matches!(cn_prefix.len(), 4 | 6 | 8 | 10)
                    && cn_prefix.bytes().all(|b| b.is_ascii_digit()),
                "{}: malformed CN code {cn_prefix:?}",
                rec.at()
            );
            assert!(
                cn_prefix.len() != 10 || CnCode::parse(&cn_prefix).is_ok(),
                "{}: {cn_prefix} is not a TARIC code the tool knows (model::TARIC_CODES)",
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
                source: citation,
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
            version,
            citation,
        }
    }
}

/// The variant to look up: the one given, else the one a TARIC code stands for; a variant that
/// contradicts the TARIC code is unavailable.
fn effective_variant(cn: &CnCode, variant: Option<Variant>) -> Result<Option<Variant>, DefaultError> {
    match (variant, cn.taric_variant()) {
        (Some(v), Some(t)) if v != t => Err(DefaultError::VariantUnavailable(v)),
        (v, t) => Ok(v.or(t)),
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

    // ---- the corrected table (IR 2026/1740) ----

    const C1740: &str = "Implementing Regulation (EU) 2025/2621 as replaced by Implementing Regulation (EU) 2026/1740, Annexes I and IV";
    const C2621: &str = "Implementing Regulation (EU) 2025/2621, Commission workbook v2026-02-04";

    fn corrected() -> &'static DefaultValues {
        DefaultValues::of(DefaultsVersion::Corrected1740)
    }
    fn find(
        v: DefaultsVersion,
        c: &str,
        code: &str,
        variant: Option<Variant>,
    ) -> Result<DefaultLookup<'static>, DefaultError> {
        DefaultValues::of(v).find(&country(c), &cn(code), variant)
    }
    fn total(l: Result<DefaultLookup<'static>, DefaultError>) -> Dec {
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
            assert_eq!(
                (l.value.direct, l.value.indirect, l.value.total),
                (Some(dec("1.35")), Some(dec("0.04")), Some(dec("1.39")))
            );
            assert_eq!(l.value.route_bm.as_deref(), Some("(A)"));
            assert!(!l.fallback && !l.annex_iv);
            assert_eq!(l.source, C1740);
        }
        assert_eq!(total(find(v, "CN", "2523100090", Some(Variant::Grey))), dec("1.39"));
        assert_eq!(total(find(v, "CN", "25231000", Some(Variant::White))), dec("1.30"));
        assert_eq!(total(find(v, "CN", "2523900010", None)), dec("1.46"));
        // Calcined clay: the 8-digit code resolves to its only TARIC key, with no route letter.
        let clay = find(v, "CN", "25070080", None).unwrap();
        assert_eq!((clay.value.cn_prefix.as_str(), clay.value.total, clay.value.route_bm.as_deref()), ("2507008080", Some(dec("0.32")), None));
        // The published table reads a TARIC code as its CN code and variant.
        let l = find(DefaultsVersion::Published2621, "CN", "2523100090", None).unwrap();
        assert_eq!((l.value.cn_prefix.as_str(), l.value.variant, l.value.total), ("25231000", Some(Variant::Grey), Some(dec("1.39"))));
        assert_eq!(l.source, C2621);
    }

    #[test]
    fn split_cn_code_without_variant_is_ambiguous() {
        let v = DefaultsVersion::Corrected1740;
        let keys = |k: &[&str]| DefaultError::Ambiguous { keys: k.iter().map(|s| s.to_string()).collect() };
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
        assert_eq!(find(v, "CN", "25232900", Some(Variant::White)).unwrap_err(), DefaultError::VariantUnavailable(Variant::White));
        assert_eq!(find(v, "CN", "2523100090", Some(Variant::White)).unwrap_err(), DefaultError::VariantUnavailable(Variant::White));
        assert_eq!(
            find(DefaultsVersion::Published2621, "CN", "2523100010", Some(Variant::Grey)).unwrap_err(),
            DefaultError::VariantUnavailable(Variant::Grey)
        );
        // A variant means nothing for aluminium.
        assert_eq!(total(find(v, "CN", "76012080", Some(Variant::White))), dec("3.000"));
    }

    #[test]
    fn corrected_aluminium_has_the_official_journals_three_decimals() {
        let l = find(DefaultsVersion::Corrected1740, "CN", "76041010", None).unwrap();
        assert_eq!((l.value.cn_prefix.as_str(), l.value.total, l.value.indirect), ("76041010", Some(dec("4.881")), None));
        assert_eq!(l.value.route_bm.as_deref(), Some("(K)"));
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
        assert!(matches!(t.find_unknown_origin(&cn("25231000"), None), Err(DefaultError::Ambiguous { .. })));
        // The published table has no Annex IV.
        assert_eq!(DefaultValues::embedded().find_unknown_origin(&cn("76011000"), None).unwrap_err(), DefaultError::NotListed);
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
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/reference/legal/definitive-period-2026.md"
        );
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
        let mut want: Vec<(&str, String, Option<Dec>, Option<Dec>, Dec)> = Vec::new();
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
}

