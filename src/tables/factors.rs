//! Constants of the monitoring formulas: tCO2 per tC, carbonate and oxide factors, the cement
//! standard values, GWPs of the PFCs and the technology defaults of the PFC methods.
//!
//! The values live in `data/factors.csv` (source: Implementing Regulation 2023/1773 Annex III and
//! Annex VIII, which reproduce IPCC 2006), embedded at build time and parsed once into exact
//! decimals. This module owns the lookup only; the formulas that use the values are in `compute`.

use std::sync::LazyLock;

use super::TableError;
use crate::model::{CellTechnology, Dec};

/// One row of `data/factors.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    /// The kind of factor: `carbonate`, `oxide`, `standard`, `gwp`, `pfc_slope` …
    pub group: String,
    /// The factor's name within its group (a carbonate, an oxide, a gas, a cell technology).
    pub name: String,
    /// The factor, exact as the file writes it.
    pub value: Dec,
    /// Its unit, as text.
    pub unit: String,
    /// Where the value comes from (act, annex, table).
    pub source: String,
}

/// The parsed table. Use [`Factors::embedded`] for the copy shipped with the tool.
#[derive(Debug, Clone)]
pub struct Factors {
    rows: Vec<Factor>,
}

const CSV: &str = include_str!("../../data/factors.csv");
/// The file [`CSV`] comes from, for messages.
const FILE: &str = "data/factors.csv";

static EMBEDDED: LazyLock<Factors> = LazyLock::new(|| Factors::parse(CSV).unwrap_or_else(|e| panic!("embedded factor table is broken: {e}")));

/// Entries every formula relies on; [`Factors::parse`] refuses a table without them, so the
/// accessors below never miss.
const REQUIRED: &[(&str, &str)] = &[
    (CARBON, "co2_per_c"),
    (CARBONATE, "CaCO3"),
    (CARBONATE, "MgCO3"),
    (CARBONATE, "Na2CO3"),
    (CARBONATE, "FeCO3"),
    (OXIDE, "CaO"),
    (OXIDE, "MgO"),
    (STANDARD, "clinker"),
    (STANDARD, "kiln_dust"),
    (GWP, "CF4"),
    (GWP, "C2F6"),
];

const CARBON: &str = "carbon";
const CARBONATE: &str = "carbonate";
const OXIDE: &str = "oxide";
const STANDARD: &str = "standard";
const GWP: &str = "gwp";
const SLOPE_SEF: &str = "pfc_slope_sef_cf4";
const SLOPE_F: &str = "pfc_slope_f_c2f6";
const OVERVOLTAGE_OVC: &str = "pfc_overvoltage_ovc";
const OVERVOLTAGE_F: &str = "pfc_overvoltage_f_c2f6";

impl Factors {
    /// The table shipped in `data/factors.csv`, parsed on first use.
    pub fn embedded() -> &'static Factors {
        &EMBEDDED
    }

    /// Parses the CSV text: `#` lines are comments, the first other line is the header
    /// `group,name,value,unit,source`; the source column may contain commas.
    pub fn parse(text: &str) -> Result<Factors, TableError> {
        let mut rows: Vec<Factor> = Vec::new();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| TableError::Data { file: FILE, line, message };
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if !header_seen {
                if l != "group,name,value,unit,source" {
                    return Err(err(format!("expected the header 'group,name,value,unit,source', found '{l}'")));
                }
                header_seen = true;
                continue;
            }
            let cols: Vec<&str> = l.splitn(5, ',').map(str::trim).collect();
            let [group, name, value, unit, source] = cols[..] else {
                return Err(err(format!("expected 5 columns, found {}", cols.len())));
            };
            if group.is_empty() || name.is_empty() {
                return Err(err("group and name must not be empty".into()));
            }
            let value = Dec::from_str_exact(value).map_err(|_| err(format!("'{value}' is not a decimal number")))?;
            if rows.iter().any(|r| r.group == group && r.name.eq_ignore_ascii_case(name)) {
                return Err(err(format!("duplicate entry {group}/{name}")));
            }
            rows.push(Factor { group: group.to_string(), name: name.to_string(), value, unit: unit.to_string(), source: source.to_string() });
        }
        let table = Factors { rows };
        for (group, name) in REQUIRED {
            if table.get(group, name).is_none() {
                return Err(TableError::Data { file: FILE, line: 0, message: format!("missing required entry {group}/{name}") });
            }
        }
        Ok(table)
    }

    /// Every row, in the file's order.
    pub fn rows(&self) -> &[Factor] {
        &self.rows
    }

    /// The row of `group` named `name` (the name compared case-insensitively).
    pub fn get(&self, group: &str, name: &str) -> Option<&Factor> {
        self.rows.iter().find(|r| r.group == group && r.name.eq_ignore_ascii_case(name.trim()))
    }

    /// The value of the row of `group` named `name`.
    pub fn value(&self, group: &str, name: &str) -> Option<Dec> {
        self.get(group, name).map(|r| r.value)
    }

    fn required(&self, group: &str, name: &str) -> Dec {
        // `parse` guarantees the REQUIRED entries exist.
        self.value(group, name).unwrap_or_else(|| panic!("factor table lacks {group}/{name}"))
    }

    /// 3.664 tCO2 per t C.
    pub fn co2_per_carbon(&self) -> Dec {
        self.required(CARBON, "co2_per_c")
    }

    /// Method A stoichiometric factor of a carbonate (`CaCO3`, `mgco3`, …), tCO2/t.
    pub fn carbonate(&self, material: &str) -> Option<Dec> {
        self.value(CARBONATE, material)
    }

    /// Method B factor of an oxide (`CaO`, `MgO`), tCO2/t.
    pub fn oxide(&self, oxide: &str) -> Option<Dec> {
        self.value(OXIDE, oxide)
    }

    /// Stoichiometric factor of CaO, tCO2/t (method B from the clinker's oxides).
    pub fn cao(&self) -> Dec {
        self.required(OXIDE, "CaO")
    }

    /// Stoichiometric factor of MgO, tCO2/t (method B from the clinker's oxides).
    pub fn mgo(&self) -> Dec {
        self.required(OXIDE, "MgO")
    }

    /// Standard clinker factor, 0.525 tCO2/t clinker (Annex III B.9.2.2).
    pub fn clinker_standard(&self) -> Dec {
        self.required(STANDARD, "clinker")
    }

    /// Standard factor of discarded kiln dust, 0.525 tCO2/t dust (Annex III B.9.2.3).
    pub fn kiln_dust_standard(&self) -> Dec {
        self.required(STANDARD, "kiln_dust")
    }

    /// Global warming potential of CF4 (tCO2e/t).
    pub fn gwp_cf4(&self) -> Dec {
        self.required(GWP, "CF4")
    }

    /// Global warming potential of C2F6 (tCO2e/t).
    pub fn gwp_c2f6(&self) -> Dec {
        self.required(GWP, "C2F6")
    }

    /// Slope-method defaults of a cell technology: (SEF_CF4, F_C2F6).
    pub fn pfc_slope_default(&self, technology: CellTechnology) -> Option<(Dec, Dec)> {
        Some((self.value(SLOPE_SEF, technology.code())?, self.value(SLOPE_F, technology.code())?))
    }

    /// Overvoltage-method defaults of a cell technology: (OVC, F_C2F6). Only CWPB and SWPB
    /// have them.
    pub fn pfc_overvoltage_default(&self, technology: CellTechnology) -> Option<(Dec, Dec)> {
        Some((self.value(OVERVOLTAGE_OVC, technology.code())?, self.value(OVERVOLTAGE_F, technology.code())?))
    }
}

/// Shorthands over the embedded table.
pub fn co2_per_carbon() -> Dec {
    Factors::embedded().co2_per_carbon()
}

/// The stoichiometric factor of the carbonate named `material` (tCO2/t), from the shipped table.
pub fn carbonate(material: &str) -> Option<Dec> {
    Factors::embedded().carbonate(material)
}

/// Same as [`carbonate`] (the name the readers use).
pub fn carbonate_factor(material: &str) -> Option<Dec> {
    carbonate(material)
}

/// The slope method's default SEF(CF4) and F(C2F6) of a cell technology, from the shipped table.
pub fn pfc_slope_default(technology: CellTechnology) -> Option<(Dec, Dec)> {
    Factors::embedded().pfc_slope_default(technology)
}

/// The overvoltage method's default OVC and F(C2F6) of a cell technology, from the shipped table.
pub fn pfc_overvoltage_default(technology: CellTechnology) -> Option<(Dec, Dec)> {
    Factors::embedded().pfc_overvoltage_default(technology)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::from_str_exact(s).unwrap()
    }

    #[test]
    fn embedded_table_has_the_legal_values() {
        let f = Factors::embedded();
        assert_eq!(f.co2_per_carbon(), d("3.664"));
        assert_eq!(f.carbonate("CaCO3"), Some(d("0.440")));
        assert_eq!(f.carbonate("mgco3"), Some(d("0.522")));
        assert_eq!(f.carbonate("Na2CO3"), Some(d("0.415")));
        assert_eq!(f.carbonate("FeCO3"), Some(d("0.380")));
        assert_eq!(f.carbonate("BaCO3"), None);
        assert_eq!(f.cao(), d("0.785"));
        assert_eq!(f.mgo(), d("1.092"));
        assert_eq!(f.oxide("cao"), Some(d("0.785")));
        assert_eq!(f.clinker_standard(), d("0.525"));
        assert_eq!(f.kiln_dust_standard(), d("0.525"));
        assert_eq!(f.gwp_cf4(), d("6630"));
        assert_eq!(f.gwp_c2f6(), d("11100"));
    }

    #[test]
    fn pfc_defaults_per_technology() {
        use CellTechnology::*;
        let expect_slope = [
            (PfpbLegacy, "0.122", "0.097"),
            (PfpbModern, "0.104", "0.057"),
            (Cwpb, "0.143", "0.121"),
            (Swpb, "0.233", "0.280"),
            (Vss, "0.058", "0.086"),
            (Hss, "0.165", "0.077"),
        ];
        for (t, sef, f) in expect_slope {
            assert_eq!(pfc_slope_default(t), Some((d(sef), d(f))), "{t:?}");
        }
        assert_eq!(pfc_overvoltage_default(Cwpb), Some((d("1.16"), d("0.121"))));
        assert_eq!(pfc_overvoltage_default(Swpb), Some((d("3.65"), d("0.252"))));
        assert_eq!(pfc_overvoltage_default(Vss), None);
        assert_eq!(pfc_overvoltage_default(PfpbModern), None);
        // Table 2 of IR 2025/2547 Annex II B.7.1 (the same figures as IR 2023/1773): PFPB MW has
        // no value of its own ("—"): the operator measures, or takes CWPB's.
        assert_eq!(pfc_slope_default(PfpbMw), None);
        assert_eq!(pfc_slope_default(PfpbMw.defaults_from()), Some((d("0.143"), d("0.121"))));
        assert_eq!(pfc_overvoltage_default(PfpbMw.defaults_from()), Some((d("1.16"), d("0.121"))));
        // Every technology of the tables is known to the model.
        assert_eq!(CellTechnology::ALL.len(), 7);
    }

    #[test]
    fn every_row_names_its_source() {
        assert!(CSV.lines().take_while(|l| l.starts_with('#')).any(|l| l.contains("2023/1773")));
        for r in Factors::embedded().rows() {
            assert!(!r.unit.is_empty() && !r.source.is_empty(), "{}/{}", r.group, r.name);
        }
    }

    #[test]
    fn broken_tables_are_refused() {
        let header = "group,name,value,unit,source\n";
        assert!(Factors::parse("g,n,v\n").is_err());
        let e = Factors::parse(&format!("{header}carbon,co2_per_c,3.664\n")).unwrap_err();
        assert!(matches!(e, TableError::Data { line: 2, .. }), "{e:?}");
        assert!(e.to_string().starts_with("data/factors.csv line 2: "), "{e}");
        let e = Factors::parse(&format!("{header}carbon,co2_per_c,abc,t,x\n")).unwrap_err();
        assert!(e.to_string().contains("abc"));
        let e = Factors::parse(&format!("{header}carbon,co2_per_c,3.664,t,x\n")).unwrap_err();
        assert!(e.to_string().contains("missing required"));
        let dup = format!("{header}carbon,co2_per_c,3.664,t,x\ncarbon,CO2_PER_C,3.664,t,x\n");
        assert!(Factors::parse(&dup).unwrap_err().to_string().contains("duplicate"));
    }
}
