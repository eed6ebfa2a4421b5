//! The implementing act Article 9 figures follow, and its status, from `data/article9-act.csv`.

use std::sync::LazyLock;

use super::embedded_csv::Csv;
use crate::regime::Article9;

const CSV: &str = include_str!("../../data/article9-act.csv");

static ACT: LazyLock<Article9> = LazyLock::new(|| {
    let csv = Csv::parse("article9-act.csv", CSV, "act,status,as_of,source");
    let mut rows = csv.records();
    let rec = rows.next().expect("article9-act.csv has a row");
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let act = Article9 { act: leak(rec.get("act")), status: leak(rec.get("status")), as_of: leak(rec.get("as_of")), source: leak(rec.get("source")) };
    assert!(rows.next().is_none(), "article9-act.csv: one row only");
    act
});

/// The Article 9 rules this version applies, read from `data/` (with the act's status).
pub fn current() -> Article9 {
    ACT.clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_act_is_a_draft_as_of_september_2026() {
        // Shared legal reference §6.2: draft Ares(2026)4841230, not adopted as of 2026-09-07.
        let a = super::current();
        assert!(a.act.contains("Ares(2026)4841230"));
        assert_eq!((a.status, a.as_of), ("draft: not adopted", "2026-09-07"));
        assert!(a.label().starts_with("provisional"));
    }
}
