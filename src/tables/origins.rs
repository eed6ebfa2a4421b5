//! Countries of origin whose goods carry zero embedded emissions as precursors in the definitive
//! period (the Union's member states and the countries exempted by Annex III point 1 of
//! Regulation (EU) 2023/956), embedded from `data/cbam-zero-origins.csv`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::embedded_csv::Csv;
use crate::model::CountryCode;

const CSV: &str = include_str!("../../data/cbam-zero-origins.csv");

struct Origins {
    why: BTreeMap<String, &'static str>,
    source: &'static str,
}

static TABLE: LazyLock<Origins> = LazyLock::new(|| {
    let csv = Csv::parse("cbam-zero-origins.csv", CSV, "country,name,why");
    let mut why = BTreeMap::new();
    for rec in csv.records() {
        let c = rec.get("country");
        assert!(CountryCode::parse(c).is_some(), "{}: unknown country {c:?}", rec.at());
        let reason: &'static str = match rec.get("why") {
            "member state" => "a member state of the Union",
            _ => "exempted by Annex III point 1 of Regulation (EU) 2023/956",
        };
        assert!(why.insert(c.to_string(), reason).is_none(), "{}: {c} twice", rec.at());
    }
    Origins { why, source: csv.meta("citation") }
});

/// Why goods produced in `country` count zero as precursors, or `None` if they do not.
pub fn zero_rated(country: &CountryCode) -> Option<&'static str> {
    TABLE.why.get(country.as_str()).copied()
}

/// Where the list comes from.
pub fn source() -> &'static str {
    TABLE.source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_states_and_exempted_countries() {
        let c = |s: &str| CountryCode::parse(s).unwrap();
        assert_eq!(TABLE.why.len(), 31);
        assert!(zero_rated(&c("DE")).unwrap().contains("member state"));
        assert!(zero_rated(&c("NO")).unwrap().contains("Annex III"));
        assert!(zero_rated(&c("CH")).is_some());
        assert_eq!(zero_rated(&c("CN")), None);
        assert_eq!(zero_rated(&c("GB")), None);
        assert_eq!(zero_rated(&c("TR")), None);
        assert!(source().contains("2023/956"));
    }
}
