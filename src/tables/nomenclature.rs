//! The 8-digit CN codes of cement and aluminium goods in each Combined Nomenclature from CN 2023
//! to CN 2026, embedded from `data/cn-nomenclature.csv` (written by
//! `tools/extract_cn_nomenclature.py`; sources and the dating of each change in `data/README.md`).
//!
//! A code is valid in a year when that year's nomenclature holds it: 7601 10 00 until CN 2024,
//! 7601 10 10 and 7601 10 90 from CN 2025. Years outside the table have no codes.

use std::sync::LazyLock;

use super::embedded_csv::Csv;

const CSV: &str = include_str!("../../data/cn-nomenclature.csv");
const HEADER: &str = "code,description,first_year,last_year,source";

static TABLE: LazyLock<Nomenclature> = LazyLock::new(|| Nomenclature::parse(CSV));

/// One row: a code with one description over a run of years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CnEntry {
    /// 8 digits.
    pub code: String,
    /// The nomenclature's description of the code.
    pub description: String,
    /// First and last year (inclusive) of the nomenclatures that hold the code.
    pub first_year: i32,
    /// The last year of those nomenclatures.
    pub last_year: i32,
    /// The lists the code was read from, by year.
    pub source: String,
}

impl CnEntry {
    fn holds(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year)
    }
}

/// What the table says of a code for a year: [`Nomenclature::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CnYear {
    /// A code of the year's nomenclature (without a year: of any year of the table).
    Valid,
    /// Not a code of the nomenclature of `year` (the year asked, or the nearest the table holds),
    /// but of those of `first` to `last`.
    OtherYears {
        /// The year whose nomenclature was checked.
        year: i32,
        /// The first year whose nomenclature holds the code.
        first: i32,
        /// The last year whose nomenclature holds the code.
        last: i32,
    },
    /// A code of no nomenclature of the table.
    Unknown,
}

impl CnYear {
    /// `CN 2025`, or `CN 2023 to CN 2024`: the years an [`CnYear::OtherYears`] code is valid.
    pub fn span(first: i32, last: i32) -> String {
        if first == last { format!("CN {first}") } else { format!("CN {first} to CN {last}") }
    }
}

/// The cement and aluminium codes of CN 2023 to CN 2026.
#[derive(Debug)]
pub struct Nomenclature {
    entries: Vec<CnEntry>,
    citation: &'static str,
    covered: (i32, i32),
}

impl Nomenclature {
    /// The table embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static Nomenclature {
        &TABLE
    }

    /// The table's `# citation:` line.
    pub fn citation(&self) -> &'static str {
        self.citation
    }

    /// The first and last nomenclature year the table holds (2023, 2026).
    pub fn covered(&self) -> (i32, i32) {
        self.covered
    }

    /// Whether `code8` is a code of the nomenclature of `year`.
    pub fn is_valid(&self, code8: &str, year: i32) -> bool {
        self.entries.iter().any(|e| e.code == code8 && e.holds(year))
    }

    /// Whether `code8` is a code of the nomenclature of `year`; a year outside the table is
    /// taken as the nearest year it holds, and no year means any.
    pub fn check(&self, code8: &str, year: Option<i32>) -> CnYear {
        let Some((first, last)) = self.years(code8) else { return CnYear::Unknown };
        match year.map(|y| y.clamp(self.covered.0, self.covered.1)) {
            Some(y) if !self.is_valid(code8, y) => CnYear::OtherYears { year: y, first, last },
            _ => CnYear::Valid,
        }
    }

    /// The first and last year `code8` is valid, if it is valid in any year of the table.
    pub fn years(&self, code8: &str) -> Option<(i32, i32)> {
        let mut of = self.entries.iter().filter(|e| e.code == code8);
        let first = of.next()?;
        Some(of.fold((first.first_year, first.last_year), |(a, b), e| (a.min(e.first_year), b.max(e.last_year))))
    }

    /// The description of `code8` in the nomenclature of `year`.
    pub fn description(&self, code8: &str, year: i32) -> Option<&str> {
        self.entries.iter().find(|e| e.code == code8 && e.holds(year)).map(|e| e.description.as_str())
    }

    /// The codes of `year`'s nomenclature, sorted.
    pub fn codes(&self, year: i32) -> impl Iterator<Item = &CnEntry> {
        self.entries.iter().filter(move |e| e.holds(year))
    }

    /// The codes that replaced `code8` when it left the nomenclature: those first valid the year
    /// after its last, under the same 6-digit HS subheading (7601 10 00 → 7601 10 10, 7601 10 90).
    pub fn successors(&self, code8: &str) -> Vec<&str> {
        let Some((_, last)) = self.years(code8) else { return Vec::new() };
        if last >= self.covered.1 {
            return Vec::new();
        }
        self.entries.iter().filter(|e| e.first_year == last + 1 && e.code.get(..6) == code8.get(..6)).map(|e| e.code.as_str()).collect()
    }

    /// Whether two 8-digit codes name the same goods across a change of the nomenclature: the
    /// same code, or one that replaced the other.
    pub fn same_goods(&self, a: &str, b: &str) -> bool {
        a == b || self.successors(a).contains(&b) || self.successors(b).contains(&a)
    }

    fn parse(text: &'static str) -> Nomenclature {
        let csv = Csv::parse("cn-nomenclature.csv", text, HEADER);
        let mut entries: Vec<CnEntry> = Vec::new();
        for rec in csv.records() {
            let year = |col: &str| -> i32 { rec.get(col).parse().unwrap_or_else(|_| panic!("{}: {col} is not a year", rec.at())) };
            let e = CnEntry {
                code: rec.get("code").to_string(),
                description: rec.get("description").to_string(),
                first_year: year("first_year"),
                last_year: year("last_year"),
                source: rec.get("source").to_string(),
            };
            assert!(e.code.len() == 8 && e.code.bytes().all(|b| b.is_ascii_digit()), "{}: malformed code {:?}", rec.at(), e.code);
            assert!(e.first_year <= e.last_year, "{}: first_year after last_year", rec.at());
            assert!(
                !entries.iter().any(|o| o.code == e.code && o.first_year <= e.last_year && e.first_year <= o.last_year),
                "{}: {} is listed twice for one year",
                rec.at(),
                e.code
            );
            entries.push(e);
        }
        let first = entries.iter().map(|e| e.first_year).min().expect("cn-nomenclature.csv: no codes");
        let last = entries.iter().map(|e| e.last_year).max().expect("cn-nomenclature.csv: no codes");
        entries.sort_by(|a, b| (&a.code, a.first_year).cmp(&(&b.code, b.first_year)));
        Nomenclature { entries, citation: csv.meta("citation"), covered: (first, last) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CnCode;

    fn t() -> &'static Nomenclature {
        Nomenclature::embedded()
    }

    #[test]
    fn unwrought_aluminium_was_split() {
        assert!(t().is_valid("76011090", 2026));
        assert!(!t().is_valid("76011090", 2024));
        assert!(t().is_valid("76011000", 2024));
        assert!(!t().is_valid("76011000", 2026));
        assert_eq!(t().years("76011000"), Some((2023, 2024)));
        assert_eq!(t().years("76011090"), Some((2025, 2026)));
        assert_eq!(t().years("76012080"), Some((2023, 2026)));
        assert_eq!(t().years("76020000"), None);
        assert_eq!(t().description("76011090", 2026), Some("Aluminium, not alloyed, unwrought (excl. slabs)"));
        assert_eq!(t().description("76011000", 2023), Some("Aluminium, not alloyed, unwrought"));
        assert_eq!(t().description("76011000", 2025), None);
        assert_eq!(t().successors("76011000"), ["76011010", "76011090"]);
        assert_eq!(t().successors("76012020"), ["76012030", "76012040"]);
        assert!(t().successors("76012080").is_empty() && t().successors("76011090").is_empty());
        assert!(t().same_goods("76011090", "76011000") && t().same_goods("76011000", "76011010"));
        assert!(!t().same_goods("76011000", "76012030") && t().same_goods("25231000", "25231000"));
        assert_eq!(t().check("76011090", Some(2026)), CnYear::Valid);
        assert_eq!(t().check("76011090", Some(2024)), CnYear::OtherYears { year: 2024, first: 2025, last: 2026 });
        assert_eq!(t().check("76011000", Some(2031)), CnYear::OtherYears { year: 2026, first: 2023, last: 2024 });
        assert_eq!(t().check("76011000", None), CnYear::Valid);
        assert_eq!(t().check("76012000", Some(2025)), CnYear::Unknown);
        assert_eq!((CnYear::span(2025, 2025), CnYear::span(2023, 2024)), ("CN 2025".to_string(), "CN 2023 to CN 2024".to_string()));
    }

    #[test]
    fn table_shape() {
        assert_eq!(t().covered(), (2023, 2026));
        assert!(t().citation().starts_with("Combined Nomenclature 2023 to 2026"));
        for year in 2023..=2026 {
            let codes: Vec<&str> = t().codes(year).map(|e| e.code.as_str()).collect();
            assert_eq!(codes.len(), if year < 2025 { 62 } else { 64 }, "{year}");
            assert!(codes.windows(2).all(|w| w[0] < w[1]), "{year}: sorted, each once");
            // Every code is a cement or aluminium good this tool computes.
            for c in &codes {
                assert!(CnCode::parse(c).is_ok(), "{c}");
            }
        }
        assert!(t().codes(2022).next().is_none() && t().codes(2027).next().is_none());
    }

    /// IR 2025/2620 applies from 2026: every code of its benchmark table is a CN 2026 code.
    #[test]
    fn every_benchmark_code_is_valid_in_2026() {
        let b = crate::tables::benchmarks::Benchmarks::embedded();
        let mut n = 0;
        for row in b.iter() {
            assert!(t().is_valid(&row.cn_code, 2026), "{}", row.cn_code);
            n += 1;
        }
        assert!(n >= 64);
    }

    /// The default values of IR 2025/2621 (2026 on) key on codes of CN 2026 too, where they give
    /// 8 digits (Tunisia's 7615 rows excepted, data/README.md).
    #[test]
    fn default_value_keys_are_cn_2026_codes() {
        use crate::tables::defaults::{DefaultValues, DefaultsVersion};
        for v in DefaultsVersion::ALL {
            let d = DefaultValues::of(v);
            for key in d.countries().chain([crate::tables::defaults::OTHER]) {
                for r in d.rows(key).iter().filter(|r| r.cn_prefix.len() >= 8 && !r.cn_prefix.starts_with("7615")) {
                    assert!(t().is_valid(&r.cn_prefix[..8], 2026), "{v:?} {key} {}", r.cn_prefix);
                }
            }
        }
    }
}
