//! CBAM certificate prices by quarter of import, embedded from `data/cbam-certificate-prices.csv`
//! (2026: the quarterly average of EU ETS auction prices, Art. 21(1a) of Regulation (EU) 2023/956
//! as amended). Every row carries its source and status; a quarter not in the table is an input.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Serialize;

use super::embedded_csv::Csv;
use crate::model::Dec;

const CSV: &str = include_str!("../../data/cbam-certificate-prices.csv");

/// A published price with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Price {
    /// EUR per certificate.
    pub eur: Dec,
    /// `secondary` (reported by others), or `input` when the user gave it.
    pub status: String,
    /// Where the price was published or reported (title and address).
    pub source: String,
}

/// The shipped prices by (year, quarter), and the file's citation.
type PriceTable = (BTreeMap<(i32, u32), Price>, &'static str);

static TABLE: LazyLock<PriceTable> = LazyLock::new(|| {
    let csv = Csv::parse("cbam-certificate-prices.csv", CSV, "period,price_eur,status,source");
    let mut out = BTreeMap::new();
    for rec in csv.records() {
        let key = parse_quarter(rec.get("period")).unwrap_or_else(|| panic!("{}: bad period", rec.at()));
        let price = Price {
            eur: rec.decimal("price_eur").unwrap_or_else(|| panic!("{}: no price", rec.at())),
            status: rec.get("status").to_string(),
            source: rec.get("source").to_string(),
        };
        assert!(out.insert(key, price).is_none(), "{}: period twice", rec.at());
    }
    (out, csv.meta("citation"))
});

/// `2026Q3` → (2026, 3).
pub fn parse_quarter(s: &str) -> Option<(i32, u32)> {
    let (y, q) = s.trim().split_once(['Q', 'q'])?;
    let (y, q): (i32, u32) = (y.parse().ok()?, q.parse().ok()?);
    (1..=4).contains(&q).then_some((y, q))
}

/// The shipped price of a quarter of import, if published.
pub fn quarterly(year: i32, quarter: u32) -> Option<&'static Price> {
    TABLE.0.get(&(year, quarter))
}

/// Where the shipped prices come from.
pub fn source() -> &'static str {
    TABLE.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2026_quarters_published_so_far() {
        let p = |q| quarterly(2026, q).map(|p| p.eur.to_string());
        assert_eq!((p(1), p(2), p(3), p(4)), (Some("75.36".into()), Some("75.28".into()), Some("82.32".into()), None));
        assert_eq!(quarterly(2027, 1), None);
        assert_eq!(parse_quarter("2026Q4"), Some((2026, 4)));
        assert_eq!(parse_quarter("2026Q5"), None);
        assert!(source().contains("21(1a)"));
    }
}
