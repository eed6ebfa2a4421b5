//! The importer's obligation in the definitive period (from 2026), per good (DOMAIN §3.7):
//!
//! ```text
//! certificates = max(0, M × SEE* − FAA − R)
//! SEE*  = actual SEE (aluminium: direct only), or default total × (1 + mark-up of the year)
//! FAA   = benchmark × CBAM factor(year) × CSCF × M          (free allocation adjustment)
//! R     = Article 9 reduction: EUR effectively paid abroad / CBAM price, actual values only
//! cost  = certificates × CBAM certificate price
//! ```
//!
//! The yearly factors come from [`crate::tables::years`]; the benchmark and the prices are
//! inputs. Exact decimals, no rounding: certificates are whole units only when surrendered,
//! which is the declarant's business, not this function's.

use serde::Serialize;

use crate::model::{Dec, GoodsCategory};
use crate::tables::years;

/// Where the SEE comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeeBasis {
    /// The installation's actual values, tCO2e/t.
    Actual { direct: Dec, indirect: Dec },
    /// The country's default value (IR 2025/2621), total tCO2e/t, before the mark-up.
    Default { total: Dec },
}

#[derive(Debug, Clone, Copy)]
pub struct ObligationInput {
    pub category: GoodsCategory,
    pub year: i32,
    pub mass_t: Dec,
    pub see: SeeBasis,
    /// The good's benchmark (IR 2025/2620), tCO2e/t.
    pub benchmark: Dec,
    /// Cross-sectoral correction factor of the year (published yearly; 1 is the usual assumption).
    pub cscf: Dec,
    /// CBAM certificate price, EUR per tCO2e.
    pub cbam_price: Dec,
    /// Carbon price effectively paid in the country of origin, EUR per tonne of good.
    pub carbon_price_eur_per_t: Option<Dec>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    pub year: i32,
    pub mass_t: Dec,
    /// The mark-up applied to a default value (None for actual values).
    pub markup: Option<Dec>,
    /// SEE*: the specific embedded emissions the obligation counts, tCO2e/t.
    pub see_used: Dec,
    pub embedded_t: Dec,
    pub benchmark: Dec,
    pub cbam_factor: Dec,
    pub cscf: Dec,
    /// Free allocation adjustment, tCO2e.
    pub faa_t: Dec,
    /// Article 9 reduction, in certificates (tCO2e).
    pub art9_t: Dec,
    /// Why a carbon price paid was not deducted, when it was not.
    pub art9_refused: Option<String>,
    pub certificates: Dec,
    pub cost_eur: Dec,
}

/// Why an obligation cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObligationError {
    /// No CBAM factor or mark-up is known for the year (outside 2026–2040).
    Year(i32),
    /// The certificate price must be positive.
    Price,
}

impl std::fmt::Display for ObligationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ObligationError::Year(y) => {
                let (a, b) = years::covered_years();
                write!(f, "the definitive period's factors are known for {a} to {b}, not for {y}")
            }
            ObligationError::Price => write!(f, "the CBAM certificate price must be greater than zero"),
        }
    }
}

pub const ART9_DEFAULTS: &str = "a carbon price paid is deducted only from actual embedded emissions, not from default values (Art. 9 of Regulation 2023/956 as amended)";

pub fn obligation(i: &ObligationInput) -> Result<Obligation, ObligationError> {
    let factor = years::cbam_factor(i.year).ok_or(ObligationError::Year(i.year))?;
    let markup_of_year = years::default_markup(i.year).ok_or(ObligationError::Year(i.year))?;
    if i.cbam_price <= Dec::ZERO {
        return Err(ObligationError::Price);
    }
    let (see_used, markup) = match i.see {
        SeeBasis::Actual { direct, indirect } => {
            (if i.category.indirect_charged_from_2026() { direct + indirect } else { direct }, None)
        }
        SeeBasis::Default { total } => (total * (Dec::ONE + markup_of_year), Some(markup_of_year)),
    };
    let embedded = i.mass_t * see_used;
    let faa = i.benchmark * factor * i.cscf * i.mass_t;
    let (art9, refused) = match (i.see, i.carbon_price_eur_per_t) {
        (SeeBasis::Actual { .. }, Some(eur)) => (eur * i.mass_t / i.cbam_price, None),
        (SeeBasis::Default { .. }, Some(eur)) if !eur.is_zero() => (Dec::ZERO, Some(ART9_DEFAULTS.to_string())),
        _ => (Dec::ZERO, None),
    };
    let certificates = (embedded - faa - art9).max(Dec::ZERO);
    Ok(Obligation {
        year: i.year,
        mass_t: i.mass_t,
        markup,
        see_used,
        embedded_t: embedded,
        benchmark: i.benchmark,
        cbam_factor: factor,
        cscf: i.cscf,
        faa_t: faa,
        art9_t: art9,
        art9_refused: refused,
        certificates,
        cost_eur: certificates * i.cbam_price,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    fn per_tonne(category: GoodsCategory, year: i32, see: SeeBasis, benchmark: &str) -> Obligation {
        obligation(&ObligationInput {
            category,
            year,
            mass_t: Dec::ONE,
            see,
            benchmark: d(benchmark),
            cscf: Dec::ONE,
            cbam_price: d("75.36"),
            carbon_price_eur_per_t: None,
        })
        .unwrap()
    }

    #[test]
    fn grey_portland_cement_at_chinas_default_values() {
        // Default total 1.42 tCO2e/t (IR 2025/2621, China); benchmark 0.666 (IR 2025/2620 column B).
        let see = SeeBasis::Default { total: d("1.42") };
        // 2026: 1.42 × 1.10 = 1.562; FAA 0.666 × 0.975 = 0.64935; 1.562 − 0.64935 = 0.91265
        // 2027: 1.42 × 1.20 = 1.704; FAA 0.666 × 0.95 = 0.6327; 1.0713
        // 2028: 1.42 × 1.30 = 1.846; FAA 0.666 × 0.90 = 0.5994; 1.2466
        // 2030: 1.846; FAA 0.666 × 0.515 = 0.34299; 1.50301
        for (year, see_used, faa, certs) in [
            (2026, "1.562", "0.64935", "0.91265"),
            (2027, "1.704", "0.6327", "1.0713"),
            (2028, "1.846", "0.5994", "1.2466"),
            (2030, "1.846", "0.34299", "1.50301"),
        ] {
            let o = per_tonne(GoodsCategory::Cement, year, see, "0.666");
            assert_eq!((o.see_used, o.faa_t, o.certificates), (d(see_used), d(faa), d(certs)), "{year}");
        }
        // Cost 2026 at EUR 75.36: 0.91265 × 75.36 = 68.777304
        assert_eq!(per_tonne(GoodsCategory::Cement, 2026, see, "0.666").cost_eur, d("68.777304"));
    }

    #[test]
    fn unwrought_aluminium_at_chinas_default_values() {
        // Default 3.0 (direct only); benchmark primary route (K) 1.423.
        // 2026: 3.3 − 1.423 × 0.975 (1.387425) = 1.912575
        // 2027: 3.6 − 1.35185 = 2.24815
        // 2028: 3.9 − 1.2807 = 2.6193
        // 2030: 3.9 − 1.423 × 0.515 (0.732845) = 3.167155
        let see = SeeBasis::Default { total: d("3") };
        for (year, certs) in [(2026, "1.912575"), (2027, "2.24815"), (2028, "2.6193"), (2030, "3.167155")] {
            assert_eq!(per_tonne(GoodsCategory::UnwroughtAluminium, year, see, "1.423").certificates, d(certs), "{year}");
        }
    }

    #[test]
    fn actual_values_direct_only_for_aluminium_and_article_9() {
        // Aluminium, actual 1.6 direct + 11.6 indirect: only 1.6 counts. 2026, 100 t:
        // embedded 160; FAA 1.423 × 0.975 × 100 = 138.7425; carbon price 4 EUR/t of good:
        // R = 4 × 100 / 75.36 = 5.30785562… certificates = 160 − 138.7425 − 400/75.36
        let i = ObligationInput {
            category: GoodsCategory::UnwroughtAluminium,
            year: 2026,
            mass_t: d("100"),
            see: SeeBasis::Actual { direct: d("1.6"), indirect: d("11.6") },
            benchmark: d("1.423"),
            cscf: Dec::ONE,
            cbam_price: d("75.36"),
            carbon_price_eur_per_t: Some(d("4")),
        };
        let o = obligation(&i).unwrap();
        assert_eq!(o.embedded_t, d("160"));
        assert_eq!(o.faa_t, d("138.7425"));
        assert_eq!(o.art9_t, d("400") / d("75.36"));
        assert_eq!(o.certificates, d("21.2575") - d("400") / d("75.36"));
        // The same price on default values is not deducted, and says why.
        let o = obligation(&ObligationInput { see: SeeBasis::Default { total: d("3") }, ..i }).unwrap();
        assert_eq!(o.art9_t, Dec::ZERO);
        assert!(o.art9_refused.as_deref().unwrap().contains("actual"));
        // A FAA larger than the embedded emissions leaves zero certificates, never negative ones.
        let o = obligation(&ObligationInput { benchmark: d("10"), ..i }).unwrap();
        assert_eq!(o.certificates, Dec::ZERO);
    }

    #[test]
    fn years_outside_the_tables_and_bad_prices_are_refused() {
        let i = ObligationInput {
            category: GoodsCategory::Cement,
            year: 2025,
            mass_t: Dec::ONE,
            see: SeeBasis::Default { total: d("1.42") },
            benchmark: d("0.666"),
            cscf: Dec::ONE,
            cbam_price: d("75.36"),
            carbon_price_eur_per_t: None,
        };
        assert_eq!(obligation(&i).unwrap_err(), ObligationError::Year(2025));
        assert_eq!(obligation(&ObligationInput { year: 2041, ..i }).unwrap_err(), ObligationError::Year(2041));
        assert_eq!(obligation(&ObligationInput { year: 2034, ..i }).unwrap().faa_t, Dec::ZERO);
        assert_eq!(obligation(&ObligationInput { year: 2026, cbam_price: Dec::ZERO, ..i }).unwrap_err(), ObligationError::Price);
    }
}
