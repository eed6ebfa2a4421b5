//! The yearly phase-in figures of the definitive period, embedded from `data/cbam-years.csv`: the
//! CBAM factor that scales the free allocation adjustment (Regulation (EU) 2023/956 as amended)
//! and the mark-up on default values for cement and aluminium (Implementing Regulation (EU)
//! 2026/1740). See `data/README.md`.
//!
//! This module only answers "what is the figure for year N"; it applies neither (that is
//! `compute`'s job) and knows no year outside the table (2026 to 2040).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::embedded_csv::Csv;
use crate::model::Dec;

const CSV: &str = include_str!("../../data/cbam-years.csv");

struct Years {
    by_year: BTreeMap<i32, Year>,
    source: &'static str,
}

struct Year {
    cbam_factor: Dec,
    default_markup: Dec,
    de_minimis_t: Dec,
    holding_share: Option<Dec>,
}

static TABLE: LazyLock<Years> = LazyLock::new(|| {
    let csv = Csv::parse("cbam-years.csv", CSV, "year,cbam_factor,default_markup,de_minimis_t,holding_share");
    let mut by_year = BTreeMap::new();
    for rec in csv.records() {
        let year: i32 = rec.get("year").parse().unwrap_or_else(|_| panic!("{}: bad year", rec.at()));
        let need = |column: &str| rec.decimal(column).unwrap_or_else(|| panic!("{}: empty {column}", rec.at()));
        let row = Year {
            cbam_factor: need("cbam_factor"),
            default_markup: need("default_markup"),
            de_minimis_t: need("de_minimis_t"),
            holding_share: rec.decimal("holding_share"),
        };
        assert!(by_year.insert(year, row).is_none(), "{}: year {year} twice", rec.at());
    }
    let years: Vec<i32> = by_year.keys().copied().collect();
    assert!(years.windows(2).all(|w| w[1] == w[0] + 1), "cbam-years.csv: years are not contiguous");
    Years { by_year, source: csv.meta("citation") }
});

/// The CBAM factor of a year (share of the benchmark-based free allocation adjustment still
/// deducted): 0.975 in 2026 down to 0 from 2034. None outside 2026..=2040.
pub fn cbam_factor(year: i32) -> Option<Dec> {
    TABLE.by_year.get(&year).map(|y| y.cbam_factor)
}

/// The mark-up on the default total for cement and aluminium goods (0.10 in 2026, 0.20 in 2027,
/// 0.30 from 2028): the value used is `total × (1 + mark-up)`. None outside 2026..=2040.
pub fn default_markup(year: i32) -> Option<Dec> {
    TABLE.by_year.get(&year).map(|y| y.default_markup)
}

/// The de minimis threshold of a year: net mass of CBAM goods per importer, tonnes. None
/// outside 2026..=2040.
pub fn de_minimis_t(year: i32) -> Option<Dec> {
    TABLE.by_year.get(&year).map(|y| y.de_minimis_t)
}

/// The share of the embedded emissions imported since the start of the year that the
/// certificates held at the end of each quarter must cover (Art. 22(2)); `None` for a year
/// without the requirement (2026) or outside the table.
pub fn holding_share(year: i32) -> Option<Dec> {
    TABLE.by_year.get(&year).and_then(|y| y.holding_share)
}

/// The rule behind `holding_share`.
pub fn holding_source() -> &'static str {
    "Art. 22(2) of Regulation 2023/956 as amended by Regulation 2025/2083"
}

/// The first year with a quarterly holding requirement.
pub fn first_holding_year() -> Option<i32> {
    TABLE.by_year.iter().find(|(_, y)| y.holding_share.is_some()).map(|(year, _)| *year)
}

/// The first and last year the table covers.
pub fn covered_years() -> (i32, i32) {
    let first = TABLE.by_year.keys().next().copied().expect("cbam-years.csv has rows");
    let last = TABLE.by_year.keys().next_back().copied().expect("cbam-years.csv has rows");
    (first, last)
}

/// Where the figures come from (the legal acts).
pub fn source() -> &'static str {
    TABLE.source
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Dec {
        Dec::from_str_exact(s).unwrap()
    }

    #[test]
    fn cbam_factor_by_year() {
        assert_eq!(cbam_factor(2026), Some(dec("0.975")));
        assert_eq!(cbam_factor(2027), Some(dec("0.95")));
        assert_eq!(cbam_factor(2028), Some(dec("0.90")));
        assert_eq!(cbam_factor(2029), Some(dec("0.775")));
        assert_eq!(cbam_factor(2030), Some(dec("0.515")));
        assert_eq!(cbam_factor(2031), Some(dec("0.39")));
        assert_eq!(cbam_factor(2032), Some(dec("0.265")));
        assert_eq!(cbam_factor(2033), Some(dec("0.14")));
        assert_eq!(cbam_factor(2034), Some(dec("0")));
        assert_eq!(cbam_factor(2040), Some(dec("0")));
        assert_eq!(cbam_factor(2025), None);
        assert_eq!(cbam_factor(2041), None);
    }

    #[test]
    fn default_markup_by_year() {
        assert_eq!(default_markup(2026), Some(dec("0.10")));
        assert_eq!(default_markup(2027), Some(dec("0.20")));
        assert_eq!(default_markup(2028), Some(dec("0.30")));
        assert_eq!(default_markup(2031), Some(dec("0.30")));
        assert_eq!(default_markup(2040), Some(dec("0.30")));
        assert_eq!(default_markup(2025), None);
    }

    #[test]
    fn holding_share_from_2027() {
        // Art. 22(2): "at least 50 %", applying from 1 January 2027 (Art. 36(2)(c)).
        assert_eq!(holding_share(2026), None);
        assert_eq!(holding_share(2027), Some(dec("0.5")));
        assert_eq!(holding_share(2040), Some(dec("0.5")));
        assert_eq!(holding_share(2025), None);
    }

    #[test]
    fn de_minimis_by_year() {
        assert_eq!(de_minimis_t(2026), Some(dec("50")));
        assert_eq!(de_minimis_t(2040), Some(dec("50")));
        assert_eq!(de_minimis_t(2025), None);
    }

    #[test]
    fn table_shape() {
        assert_eq!(covered_years(), (2026, 2040));
        assert!(source().contains("2026/1740"));
        assert!(source().contains("2023/956"));
    }
}
