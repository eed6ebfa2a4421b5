//! The QReport code lists and the report's limits, embedded from `data/qreport-codelists.csv`
//! (one table: `list,code,label,value,source`). Codes the schema leaves to the registry's
//! business rules — roles, procedures, determination types, units, methods, qualifying
//! parameters, the CN codes of cement and aluminium — are looked up here, never written as
//! literals elsewhere. Rows whose source starts with `[OPEN]` (the goods measurement unit, the
//! measure indicator) are unverified: correct them in the CSV.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use crate::model::Dec;
use crate::tables::embedded_csv::Csv;

const CSV: &str = include_str!("../../data/qreport-codelists.csv");
const HEADER: &str = "list,code,label,value,source";

static TABLE: LazyLock<CodeLists> = LazyLock::new(|| CodeLists::parse(CSV));

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The code list the row belongs to, e.g. `role`, or `limit` for a limit.
    pub list: String,
    /// The code, e.g. `01`, or the name of a limit.
    pub code: String,
    /// What the code means, in words.
    pub label: String,
    /// A value cbam attaches to the code (the figure of a limit, the key of a measurement unit…);
    /// empty where none.
    pub value: String,
    /// Where the row comes from; `[OPEN]` first where it is not verified in an official list.
    pub source: String,
}

/// The code lists and limits of the QReport, one table of [`Code`] rows indexed by list.
#[derive(Debug)]
pub struct CodeLists {
    rows: Vec<Code>,
    index: HashMap<String, HashSet<String>>,
    by_list: BTreeMap<String, Vec<usize>>,
}

impl CodeLists {
    /// The table embedded from `data/qreport-codelists.csv`.
    pub fn embedded() -> &'static CodeLists {
        &TABLE
    }

    fn parse(text: &'static str) -> CodeLists {
        let csv = Csv::parse("qreport-codelists.csv", text, HEADER);
        let mut rows = Vec::new();
        let mut index: HashMap<String, HashSet<String>> = HashMap::new();
        let mut by_list: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for rec in csv.records() {
            let row = Code {
                list: rec.get("list").to_string(),
                code: rec.get("code").to_string(),
                label: rec.get("label").to_string(),
                value: rec.get("value").to_string(),
                source: rec.get("source").to_string(),
            };
            assert!(!row.list.is_empty() && !row.code.is_empty(), "{}: empty list or code", rec.at());
            assert!(index.entry(row.list.clone()).or_default().insert(row.code.clone()), "{}: duplicate code {} in list {}", rec.at(), row.code, row.list);
            by_list.entry(row.list.clone()).or_default().push(rows.len());
            rows.push(row);
        }
        CodeLists { rows, index, by_list }
    }

    /// Whether `code` is in `list`.
    pub fn has(&self, list: &str, code: &str) -> bool {
        self.index.get(list).is_some_and(|codes| codes.contains(code))
    }

    /// The rows of one list, in table order.
    pub fn list(&self, list: &str) -> impl Iterator<Item = &Code> {
        self.by_list.get(list).into_iter().flatten().map(|&i| &self.rows[i])
    }

    /// The row of `code` in `list`; `None` where the list has no such code.
    pub fn get(&self, list: &str, code: &str) -> Option<&Code> {
        self.list(list).find(|c| c.code == code)
    }

    /// The codes of a list joined for a hint: `01, 02, 03`.
    pub fn codes(&self, list: &str) -> String {
        self.list(list).map(|c| c.code.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// A figure of list `limit`; panics on an unknown name (a defect: the tests load every one).
    pub fn limit(&self, name: &str) -> Dec {
        let row = self.get("limit", name).unwrap_or_else(|| panic!("qreport-codelists.csv: no limit {name}"));
        Dec::from_str_exact(&row.value).unwrap_or_else(|_| panic!("qreport-codelists.csv: limit {name} is not a decimal"))
    }

    /// The goods measurement unit for net mass in tonnes (`measurement_unit` row with value
    /// `mass_t`; an open question in the domain brief, §5).
    pub fn tonnes(&self) -> &str {
        self.list("measurement_unit")
            .find(|c| c.value == "mass_t")
            .map(|c| c.code.as_str())
            .expect("qreport-codelists.csv: no measurement_unit with value mass_t")
    }
}

/// Names of the limits used by the report and its checks.
pub mod limits {
    /// Largest share of a complex good's embedded emissions that may rest on estimates.
    pub const ESTIMATES_SHARE_MAX: &str = "estimates_share_max";
    /// An SEE above this multiple of the country default is implausible.
    pub const SEE_HIGH: &str = "see_plausible_high";
    /// An SEE below this fraction of the country default is implausible.
    pub const SEE_LOW: &str = "see_plausible_low";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CnCode, GoodsCategory, Route};

    #[test]
    fn every_code_the_program_writes_is_listed() {
        let l = CodeLists::embedded();
        for r in Route::ALL {
            assert!(l.has("production_method", r.method_id()), "{}", r.method_id());
        }
        for e in crate::model::EfSource::ALL {
            assert!(l.has("electricity_source", e.soe_code()));
        }
        for (list, code) in [
            ("determination_type", "01"),
            ("determination_type", "02"),
            ("reporting_methodology", "TOM01"),
            ("emission_unit", "EMU1"),
            ("measure_indicator", "0"),
            ("coordinates_type", "01"),
        ] {
            assert!(l.has(list, code), "{list} {code}");
        }
        for q in ["QPD01", "QPD02", "QPD21", "QPD22", "QPD23"] {
            assert!(l.has("qualifying_parameter", q));
        }
        assert_eq!(l.tonnes(), "01");
        for name in [limits::ESTIMATES_SHARE_MAX, limits::SEE_HIGH, limits::SEE_LOW] {
            assert!(l.limit(name) > Dec::ZERO);
        }
        assert_eq!(l.limit(limits::ESTIMATES_SHARE_MAX), Dec::new(20, 2));
    }

    #[test]
    fn cn_codes_are_the_templates_cement_and_aluminium_codes() {
        let l = CodeLists::embedded();
        let codes: Vec<&Code> = l.list("cn_code").collect();
        assert_eq!(codes.len(), 62);
        for c in &codes {
            let cn = CnCode::parse(&c.code).unwrap_or_else(|e| panic!("{}: {e:?}", c.code));
            assert!(matches!(
                cn.category(),
                GoodsCategory::CalcinedClay
                    | GoodsCategory::CementClinker
                    | GoodsCategory::Cement
                    | GoodsCategory::AluminousCement
                    | GoodsCategory::UnwroughtAluminium
                    | GoodsCategory::AluminiumProducts
            ));
        }
        assert!(l.has("cn_code", "25232900") && l.has("cn_code", "76042100") && !l.has("cn_code", "76012000"));
        assert!(l.get("cn_code", "76011000").unwrap().label.starts_with("Aluminium, not alloyed, unwrought"));
        // They are the codes of CN 2024, with the same descriptions (tables::nomenclature).
        let cn = crate::tables::nomenclature::Nomenclature::embedded();
        assert_eq!(cn.codes(2024).count(), codes.len());
        for c in &codes {
            assert_eq!(cn.description(&c.code, 2024), Some(c.label.split_whitespace().collect::<Vec<_>>().join(" ").as_str()), "{}", c.code);
        }
    }
}
