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
//! The CSV reader it uses is shared by the sibling tables (`super::embedded_csv`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use super::TableError;
use super::benchmarks::BenchmarkRoute;
use crate::model::{CnCode, CountryCode, Dec, Variant};

const CSV_2621: &str = include_str!("../../data/default-values-IR-2025-2621.csv");
const CSV_1740: &str = include_str!("../../data/default-values-IR-2026-1740.csv");
const HEADER: &str = "country,country_name,cn_code,variant,description,direct,indirect,total,route_bm";
/// The key of the "Other countries and territories" rows.
pub const OTHER: &str = "OTHER";
/// The key of the Annex IV rows: the values for a precursor whose country of production cannot
/// be identified (Article 1(5) of Implementing Regulation (EU) 2025/2621). Only the total.
pub const ANNEX_IV: &str = "ANNEX_IV";

static PUBLISHED: LazyLock<DefaultValues> = LazyLock::new(|| DefaultValues::parse(DefaultsVersion::Published2621, "default-values-IR-2025-2621.csv", CSV_2621));
static CORRECTED: LazyLock<DefaultValues> = LazyLock::new(|| {
    let mut t = DefaultValues::parse(DefaultsVersion::Corrected1740, "default-values-IR-2026-1740.csv", CSV_1740);
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
    /// The default values as Implementing Regulation (EU) 2025/2621 published them.
    Published2621,
    /// The values as corrected by Implementing Regulation (EU) 2026/1740 (some countries only).
    Corrected1740,
}

impl DefaultsVersion {
    /// Every version, oldest first.
    pub const ALL: [DefaultsVersion; 2] = [DefaultsVersion::Published2621, DefaultsVersion::Corrected1740];

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
        Self::ALL.into_iter().find(|v| t.len() >= 4 && v.label().ends_with(t))
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
    /// The row's description of the goods, as the table words it.
    pub description: String,
    /// `None` where the table shows "–" (no value), and in Annex IV.
    pub direct: Option<Dec>,
    /// `None` where the table shows "–" or "N/A" (aluminium: indirect emissions not covered),
    /// and in Annex IV.
    pub indirect: Option<Dec>,
    /// `None` where the table shows "–"; for aluminium it equals `direct`.
    pub total: Option<Dec>,
    /// "Underlying production route determining CBAM BM", e.g. `(A)`, `(K)`; `None` when blank.
    pub route_bm: Option<BenchmarkRoute>,
    /// The citation of the table this row comes from (its data file's `# citation:` line).
    pub source: &'static str,
}

/// The row a lookup settled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultLookup<'a> {
    /// The row found.
    pub value: &'a DefaultValue,
    /// True when the country had no usable value and the "Other countries and territories" row
    /// was used.
    pub fallback: bool,
    /// True for a row of Annex IV (precursor whose country of production is unknown).
    pub annex_iv: bool,
    /// The citation of the table the row comes from (the same as `value.source`).
    pub source: &'static str,
}

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
        self.by_country.keys().map(String::as_str).filter(|c| *c != OTHER && *c != ANNEX_IV)
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
    pub fn lookup(&self, country: &CountryCode, cn: &CnCode, variant: Option<Variant>) -> Option<DefaultLookup<'_>> {
        self.find(country, cn, variant).ok()
    }

    /// The default value of a good of `country`, by the rules of the introduction to Annex I:
    ///
    /// - the row whose key is the longest prefix of the code (a 10-digit TARIC code such as
    ///   `2523100090` matches its own key, or the 8-digit key of its CN code);
    /// - an 8-digit code the table splits into 10-digit TARIC keys (`25231000` into `2523100010`
    ///   and `2523100090`) takes the key of the variant; without a variant it is
    ///   [`TableError::Ambiguous`], naming the keys. The same holds for grey and white rows of
    ///   one key. A TARIC code stands for its variant (`…10` white, `…90` grey);
    /// - a country not listed, or listed without a value for the code ("–"), takes the row of
    ///   "Other countries and territories" (`fallback`);
    /// - a variant the code's rows do not have is [`TableError::VariantUnavailable`], without
    ///   falling back.
    pub fn find(&self, country: &CountryCode, cn: &CnCode, variant: Option<Variant>) -> Result<DefaultLookup<'_>, TableError> {
        let variant = effective_variant(cn, variant)?;
        match self.find_in(country.as_str(), cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => return Ok(self.found(value, false)),
            Found::Ambiguous(keys) => return Err(TableError::Ambiguous { keys }),
            Found::VariantMismatch(v) => return Err(TableError::VariantUnavailable(v)),
            Found::Row(_) | Found::NotListed => {}
        }
        match self.find_in(OTHER, cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => Ok(self.found(value, true)),
            Found::Row(_) => Err(TableError::NoValue),
            Found::NotListed => Err(TableError::NotListed),
            Found::Ambiguous(keys) => Err(TableError::Ambiguous { keys }),
            Found::VariantMismatch(v) => Err(TableError::VariantUnavailable(v)),
        }
    }

    /// The Annex IV value of a precursor whose country of production cannot be identified
    /// (Article 1(5) of IR 2025/2621): the highest default value, total only, same matching rules
    /// as [`find`](Self::find), no fallback. The published table has no Annex IV rows
    /// ([`TableError::NotListed`]).
    pub fn find_unknown_origin(&self, cn: &CnCode, variant: Option<Variant>) -> Result<DefaultLookup<'_>, TableError> {
        let variant = effective_variant(cn, variant)?;
        match self.find_in(ANNEX_IV, cn.as_str(), variant) {
            Found::Row(value) if value.total.is_some() => Ok(DefaultLookup { annex_iv: true, ..self.found(value, false) }),
            Found::Row(_) => Err(TableError::NoValue),
            Found::NotListed => Err(TableError::NotListed),
            Found::Ambiguous(keys) => Err(TableError::Ambiguous { keys }),
            Found::VariantMismatch(v) => Err(TableError::VariantUnavailable(v)),
        }
    }

    fn found<'a>(&'a self, value: &'a DefaultValue, fallback: bool) -> DefaultLookup<'a> {
        DefaultLookup { value, fallback, annex_iv: false, source: value.source }
    }

    fn find_in(&self, country: &str, cn: &str, variant: Option<Variant>) -> Found<'_> {
        let rows = self.rows(country);
        // Rows whose key is a prefix of the code, the longest; else the code's subdivisions
        // (10-digit TARIC keys under an 8-digit code).
        let at: Vec<&DefaultValue> = match rows.iter().filter(|r| cn.starts_with(&r.cn_prefix)).map(|r| r.cn_prefix.len()).max() {
            Some(len) => rows.iter().filter(|r| r.cn_prefix.len() == len && cn.starts_with(&r.cn_prefix)).collect(),
            None => rows.iter().filter(|r| r.cn_prefix.len() > cn.len() && r.cn_prefix.starts_with(cn)).collect(),
        };
        if at.is_empty() {
            return Found::NotListed;
        }
        let chosen: Vec<&DefaultValue> = match variant {
            Some(v) if at.iter().any(|r| r.variant.is_some()) => at.iter().copied().filter(|r| r.variant == Some(v)).collect(),
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
        let csv = super::embedded_csv::Csv::parse(name, text, HEADER);
        let citation = csv.meta("citation");
        let mut by_country: BTreeMap<String, Vec<DefaultValue>> = BTreeMap::new();
        let mut names = BTreeMap::new();
        for rec in csv.records() {
            let country = rec.get("country").to_string();
            assert!(
                country == OTHER || (country == ANNEX_IV && version == DefaultsVersion::Corrected1740) || CountryCode::parse(&country).is_some(),
                "{}: unknown country code {country:?}",
                rec.at()
            );
            let cn_prefix = rec.get("cn_code").to_string();
            assert!(
                matches!(cn_prefix.len(), 4 | 6 | 8 | 10) && cn_prefix.bytes().all(|b| b.is_ascii_digit()),
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
                v => Some(Variant::parse(v).unwrap_or_else(|| panic!("{}: unknown variant {v:?}", rec.at()))),
            };
            let row = DefaultValue {
                country: country.clone(),
                cn_prefix,
                variant,
                description: rec.get("description").to_string(),
                direct: rec.decimal("direct"),
                indirect: rec.decimal("indirect"),
                total: rec.decimal("total"),
                route_bm: rec.text("route_bm").map(|r| {
                    BenchmarkRoute::parse(r)
                        .filter(|n| n.code() == r)
                        .unwrap_or_else(|| panic!("{}: route_bm {r:?} is not a route indicator like (K)", rec.at()))
                }),
                source: citation,
            };
            let list = by_country.entry(country.clone()).or_default();
            assert!(
                !list.iter().any(|r| r.cn_prefix == row.cn_prefix && r.variant == row.variant),
                "{}: duplicate row for {} {}",
                rec.at(),
                row.country,
                row.cn_prefix
            );
            list.push(row);
            names.entry(country).or_insert_with(|| rec.get("country_name").to_string());
        }
        assert!(by_country.contains_key(OTHER), "default values: no {OTHER} rows");
        DefaultValues { by_country, names, version, citation }
    }
}

/// The variant to look up: the one given, else the one a TARIC code stands for; a variant that
/// contradicts the TARIC code is unavailable.
fn effective_variant(cn: &CnCode, variant: Option<Variant>) -> Result<Option<Variant>, TableError> {
    match (variant, cn.taric_variant()) {
        (Some(v), Some(t)) if v != t => Err(TableError::VariantUnavailable(v)),
        (v, t) => Ok(v.or(t)),
    }
}

#[cfg(test)]
mod tests;
