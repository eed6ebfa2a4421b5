//! Units as they appear on bills and in monitoring plans, converted explicitly to the canonical
//! units of the model. An unknown unit is refused, never guessed.
//!
//! Canonical units: mass t; gas volume 1000 Nm3; liquid volume m3; energy TJ; electricity MWh;
//! NCV GJ per canonical amount unit; combustion factors tCO2/TJ; other factors tCO2 per canonical
//! amount unit; carbon content tC per canonical amount unit.

use crate::model::{Basis, Dec};

/// A conversion to the canonical unit: multiply or divide (division keeps factors such as
/// 1/0.0036 exact up to the last of Decimal's 28 digits instead of rounding the factor first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    /// Multiply by the factor.
    Mul(Dec),
    /// Divide by the factor.
    Div(Dec),
}

impl Conv {
    /// `v` in the canonical unit.
    pub fn apply(self, v: Dec) -> Dec {
        match self {
            Conv::Mul(f) => v * f,
            Conv::Div(f) => v / f,
        }
    }
}

/// Lower case, no spaces, superscripts and subscripts folded: `1000 Nm³` → `1000nm3`.
pub fn normalise(unit: &str) -> String {
    unit.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '³' => '3',
            '₂' | '²' => '2',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

fn d(s: &str) -> Dec {
    Dec::from_str_exact(s).expect("unit factor literal")
}

fn find<T: Copy>(table: &[(&str, T)], unit: &str) -> Option<T> {
    let n = normalise(unit);
    table.iter().find(|(u, _)| normalise(u) == n).map(|(_, t)| *t)
}

/// Units picked in row 2 of a table column, by the column's default (canonical) unit.
pub fn column_conv(canonical: &str, unit: &str) -> Option<Conv> {
    let one = Conv::Mul(Dec::ONE);
    let table: Vec<(&str, Conv)> = match canonical {
        "t" => vec![("t", one), ("kg", Conv::Div(d("1000"))), ("kt", Conv::Mul(d("1000")))],
        "MWh" => vec![("MWh", one), ("kWh", Conv::Div(d("1000"))), ("GWh", Conv::Mul(d("1000")))],
        "tCO2/MWh" => vec![("tCO2/MWh", one), ("kgCO2/kWh", one), ("gCO2/kWh", Conv::Div(d("1000")))],
        "TJ" => vec![("TJ", one), ("GJ", Conv::Div(d("1000"))), ("MWh", Conv::Mul(d("0.0036")))],
        "tCO2/TJ" => vec![("tCO2/TJ", one), ("kgCO2/GJ", one), ("tCO2/MWh", Conv::Div(d("0.0036")))],
        "tCO2" => vec![("tCO2", one), ("kgCO2", Conv::Div(d("1000")))],
        "tCO2e" => vec![("tCO2e", one), ("tCO2", one), ("ktCO2e", Conv::Mul(d("1000")))],
        "MWh/t" => vec![("MWh/t", one), ("kWh/t", Conv::Div(d("1000")))],
        "tCO2e/t" => vec![("tCO2e/t", one), ("tCO2/t", one)],
        "tCO2/t" => vec![("tCO2/t", one)],
        "%" => vec![("%", one)],
        _ => return None,
    };
    find(&table, unit)
}

/// Activity data unit → basis and conversion to its canonical unit.
pub fn activity(unit: &str) -> Option<(Basis, Conv)> {
    let one = Conv::Mul(Dec::ONE);
    let k = Conv::Div(d("1000"));
    find(
        &[
            ("t", (Basis::Mass, one)),
            ("kg", (Basis::Mass, k)),
            ("Nm3", (Basis::GasVolume, k)),
            ("1000 Nm3", (Basis::GasVolume, one)),
            ("L", (Basis::LiquidVolume, k)),
            ("m3", (Basis::LiquidVolume, one)),
        ],
        unit,
    )
}

/// NCV unit → basis and conversion to GJ per canonical unit of that basis.
pub fn ncv(unit: &str) -> Option<(Basis, Conv)> {
    let one = Conv::Mul(Dec::ONE);
    find(
        &[
            ("GJ/t", (Basis::Mass, one)),
            ("MJ/kg", (Basis::Mass, one)),
            ("TJ/Gg", (Basis::Mass, one)),
            // 1 MJ/Nm3 × 1000 Nm3 = 1 GJ
            ("MJ/Nm3", (Basis::GasVolume, one)),
            ("GJ/1000 Nm3", (Basis::GasVolume, one)),
            // 1 MJ/L × 1 m3 = 1000 MJ = 1 GJ
            ("MJ/L", (Basis::LiquidVolume, one)),
            ("GJ/m3", (Basis::LiquidVolume, one)),
        ],
        unit,
    )
}

/// What an emission factor's unit measures against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EfPer {
    /// tCO2/TJ.
    Energy,
    /// tCO2 per canonical unit of the basis.
    Amount(Basis),
}

/// What an emission factor's unit (`tCO2/TJ`, `kgCO2/t` …) is per, and the conversion to the
/// canonical unit; `None` for a unit this tool does not know.
pub fn ef(unit: &str) -> Option<(EfPer, Conv)> {
    let one = Conv::Mul(Dec::ONE);
    find(
        &[
            ("tCO2/TJ", (EfPer::Energy, one)),
            ("kgCO2/GJ", (EfPer::Energy, one)),
            ("tCO2/t", (EfPer::Amount(Basis::Mass), one)),
            ("kgCO2/kg", (EfPer::Amount(Basis::Mass), one)),
            ("tCO2/1000 Nm3", (EfPer::Amount(Basis::GasVolume), one)),
            ("kgCO2/Nm3", (EfPer::Amount(Basis::GasVolume), one)),
            ("tCO2/Nm3", (EfPer::Amount(Basis::GasVolume), Conv::Mul(d("1000")))),
            ("tCO2/m3", (EfPer::Amount(Basis::LiquidVolume), one)),
            ("kgCO2/L", (EfPer::Amount(Basis::LiquidVolume), one)),
        ],
        unit,
    )
}

/// Carbon content unit → basis and conversion to tC per canonical unit.
pub fn carbon(unit: &str) -> Option<(Basis, Conv)> {
    let one = Conv::Mul(Dec::ONE);
    find(
        &[
            ("tC/t", (Basis::Mass, one)),
            ("%", (Basis::Mass, Conv::Div(Dec::ONE_HUNDRED))),
            ("tC/1000 Nm3", (Basis::GasVolume, one)),
            ("kgC/Nm3", (Basis::GasVolume, one)),
            ("tC/m3", (Basis::LiquidVolume, one)),
        ],
        unit,
    )
}

/// The canonical unit of a basis as text (`t`, `1000Nm3`, …).
pub fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Mass => "a mass (t, kg)",
        Basis::GasVolume => "a gas volume (Nm3, 1000 Nm3)",
        Basis::LiquidVolume => "a liquid volume (L, m3)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::tidy;

    #[test]
    fn every_listed_unit_is_understood() {
        for u in tidy::ACTIVITY_UNITS {
            assert!(activity(u).is_some(), "{u}");
        }
        for u in tidy::NCV_UNITS {
            assert!(ncv(u).is_some(), "{u}");
        }
        for u in tidy::EF_UNITS {
            assert!(ef(u).is_some(), "{u}");
        }
        for u in tidy::CARBON_UNITS {
            assert!(carbon(u).is_some(), "{u}");
        }
        for c in [
            tidy::MASS,
            tidy::ELECTRICITY,
            tidy::ELECTRICITY_EF,
            tidy::HEAT,
            tidy::HEAT_EF,
            tidy::TCO2,
            tidy::SEE,
            tidy::SPECIFIC_ELECTRICITY,
            tidy::CLINKER_EF,
            tidy::PERCENT,
            tidy::EMISSIONS,
        ] {
            for u in c.accepted {
                assert!(column_conv(c.default, u).is_some(), "{u} for {}", c.default);
            }
        }
    }

    #[test]
    fn conversions_by_hand() {
        // 35,600 Nm3 = 35.6 thousand Nm3
        let (b, c) = activity("Nm3").unwrap();
        assert_eq!((b, c.apply(d("35600"))), (Basis::GasVolume, d("35.6")));
        // 12,000 L of diesel = 12 m3
        assert_eq!(activity("L").unwrap().1.apply(d("12000")), d("12"));
        // 500 MWh of heat = 1.8 TJ
        assert_eq!(column_conv("TJ", "MWh").unwrap().apply(d("500")), d("1.8"));
        // 0.2 tCO2/MWh = 55.555… tCO2/TJ; times 1.8 TJ gives back 100 tCO2 to 26 decimals
        let per_tj = column_conv("tCO2/TJ", "tCO2/MWh").unwrap().apply(d("0.2"));
        assert_eq!((per_tj * d("1.8")).round_dp(20), d("100"));
        // 581 gCO2/kWh = 0.581 tCO2/MWh
        assert_eq!(column_conv("tCO2/MWh", "gCO2/kWh").unwrap().apply(d("581")), d("0.581"));
        // flare gas 0.00393 tCO2/Nm3 = 3.93 tCO2 per 1000 Nm3
        assert_eq!(ef("tCO2/Nm3").unwrap().1.apply(d("0.00393")), d("3.93"));
        // carbon content 85 % = 0.85 tC/t
        assert_eq!(carbon("%").unwrap().1.apply(d("85")), d("0.85"));
        assert_eq!(normalise("1000 Nm³"), "1000nm3");
        assert!(activity("bbl").is_none());
        assert!(ncv("kcal/kg").is_none());
        assert!(ef("lb/MMBtu").is_none());
    }
}
