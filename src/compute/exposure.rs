//! The gross exposure model of "Navigating Dual Carbon Pressures" (DOMAIN §4.4), per tonne of
//! good, in the exporter's currency (CNY):
//!
//! ```text
//! C_carbon      = I × P_cn            C_total      = C_production + C_carbon        P      = R − C_total
//! C_carbon_CBAM = I × P_eu × E        C_total_CBAM = C_production + C_carbon_CBAM   P_CBAM = R − C_total_CBAM
//! ```
//!
//! It charges the full intensity at the EU price and ignores free allocation, mark-ups, the
//! Article 9 deduction and aluminium's direct-only rule: [`super::definitive`] gives the view under
//! the definitive rules, to be shown beside it.

use serde::Serialize;

use crate::model::Dec;

/// The inputs of the gross exposure model, for one good.
#[derive(Debug, Clone, Copy)]
pub struct GrossInput {
    /// Carbon intensity, tCO2e per tonne of good.
    pub intensity: Dec,
    /// Carbon price in China, CNY/tCO2e.
    pub cn_price: Dec,
    /// EU carbon (certificate) price, EUR/tCO2e.
    pub eu_price: Dec,
    /// Exchange rate, CNY per EUR.
    pub eur_cny: Dec,
    /// Revenue, CNY per tonne of good.
    pub revenue: Dec,
    /// Production cost without carbon, CNY per tonne.
    pub production_cost: Dec,
}

/// The gross model's costs and profit of one tonne of good, without and with CBAM. All in CNY
/// per tonne of good; the JSON keys are those of the paper's symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gross {
    /// C_carbon: the carbon cost at the Chinese price, I × P_cn.
    pub c_carbon: Dec,
    /// C_total: the production cost plus `c_carbon`.
    pub c_total: Dec,
    /// P: the revenue less `c_total`.
    pub profit: Dec,
    /// C_carbon_CBAM: the full intensity charged at the EU price, in CNY, I × P_eu × E.
    pub c_carbon_cbam: Dec,
    /// C_total_CBAM: the production cost plus `c_carbon_cbam`.
    pub c_total_cbam: Dec,
    /// P_CBAM: the revenue less `c_total_cbam` (negative: a loss).
    pub profit_cbam: Dec,
}

/// The gross model; `None` when a figure is beyond exact arithmetic (±7.9 × 10^28).
pub fn gross(i: &GrossInput) -> Option<Gross> {
    use super::num::{prod, sum};
    let c_carbon = prod(&[i.intensity, i.cn_price])?;
    let c_total = sum(&[i.production_cost, c_carbon])?;
    let c_carbon_cbam = prod(&[i.intensity, i.eu_price, i.eur_cny])?;
    let c_total_cbam = sum(&[i.production_cost, c_carbon_cbam])?;
    Some(Gross { c_carbon, c_total, profit: i.revenue.checked_sub(c_total)?, c_carbon_cbam, c_total_cbam, profit_cbam: i.revenue.checked_sub(c_total_cbam)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    #[test]
    fn cement_case() {
        // I 0.8, P_cn 60, P_eu 80, E 8, R 400, C 187:
        // C_carbon = 0.8 × 60 = 48; C_total = 187 + 48 = 235; P = 400 − 235 = 165
        // C_carbon_CBAM = 0.8 × 80 × 8 = 512; C_total_CBAM = 699; P_CBAM = −299
        let g = gross(&GrossInput { intensity: d("0.8"), cn_price: d("60"), eu_price: d("80"), eur_cny: d("8"), revenue: d("400"), production_cost: d("187") })
            .unwrap();
        assert_eq!(
            g,
            Gross { c_carbon: d("48"), c_total: d("235"), profit: d("165"), c_carbon_cbam: d("512"), c_total_cbam: d("699"), profit_cbam: d("-299") }
        );
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        // 7.9e28 tCO2e/t × 60 CNY/t does not fit in 96 bits.
        let i = GrossInput {
            intensity: d("79000000000000000000000000000"),
            cn_price: d("60"),
            eu_price: d("80"),
            eur_cny: d("8"),
            revenue: d("400"),
            production_cost: d("187"),
        };
        assert_eq!(gross(&i), None);
    }

    #[test]
    fn aluminium_case() {
        // Primary aluminium, I 14 (coal power, direct + indirect), P_cn 60, P_eu 75.36, E 7.8,
        // R 19,000, C 16,500:
        // C_carbon = 14 × 60 = 840; C_total = 17,340; P = 1,660
        // C_carbon_CBAM = 14 × 75.36 × 7.8 = 8,229.312; C_total_CBAM = 24,729.312; P_CBAM = −5,729.312
        let g = gross(&GrossInput {
            intensity: d("14"),
            cn_price: d("60"),
            eu_price: d("75.36"),
            eur_cny: d("7.8"),
            revenue: d("19000"),
            production_cost: d("16500"),
        })
        .unwrap();
        assert_eq!((g.c_carbon, g.c_total, g.profit), (d("840"), d("17340"), d("1660")));
        assert_eq!((g.c_carbon_cbam, g.c_total_cbam, g.profit_cbam), (d("8229.312"), d("24729.312"), d("-5729.312")));
    }
}
