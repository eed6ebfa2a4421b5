//! The importer's obligation in the definitive period (from 2026), per good (DOMAIN §3.7), and
//! the one function that assesses it for every caller ([`assess`]: `cbam declaration`,
//! `cbam cost`):
//!
//! ```text
//! certificates = max(0, M × SEE* − FAA − R)
//! SEE*  = actual SEE (the part the regime's year counts), or default total × (1 + mark-up)
//! FAA   = benchmark × CBAM factor(year) × CSCF × M          (free allocation adjustment)
//! R     = Article 9 reduction: EUR effectively paid abroad / CBAM price, actual values only
//! cost  = certificates × CBAM certificate price
//! ```
//!
//! The yearly figures come from the [`Regime`]; the prices are inputs. Exact decimals, no
//! rounding; arithmetic that would overflow is an error, never a panic.

use serde::Serialize;

use super::num::{div, prod, sum};
use crate::model::{CnCode, CountryCode, Dec, GoodsCategory, Route, Variant};
use crate::regime::{ObligationScope, Regime, ScopeDecision, YearRules};

/// Where the SEE comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeeBasis {
    /// The installation's actual values, tCO2e/t.
    Actual { direct: Dec, indirect: Dec },
    /// The country's default value, total tCO2e/t, before the mark-up.
    Default { total: Dec },
}

#[derive(Debug, Clone, Copy)]
pub struct ObligationInput {
    pub category: GoodsCategory,
    pub mass_t: Dec,
    pub see: SeeBasis,
    /// The good's benchmark, tCO2e/t.
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

/// Why an obligation cannot be assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObligationError {
    /// The regime's year is not in the definitive period (nothing is charged).
    NotDefinitive(i32),
    /// The certificate price must be positive.
    Price,
    /// The figures are beyond exact arithmetic (±7.9 × 10^28).
    Overflow,
    /// No default value for the good (with the reason).
    NoDefault(String),
    /// No benchmark, or several routes and none chosen (with the reason).
    Benchmark(String),
}

impl std::fmt::Display for ObligationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ObligationError::NotDefinitive(y) => write!(
                f,
                "{y} is not a year of the definitive period (from {}): no CBAM certificates are due for it",
                Regime::first_definitive_year()
            ),
            ObligationError::Price => write!(f, "the CBAM certificate price must be greater than zero"),
            ObligationError::Overflow => write!(f, "the figures are too large to compute exactly; check the units and magnitudes"),
            ObligationError::NoDefault(why) | ObligationError::Benchmark(why) => f.write_str(why),
        }
    }
}

pub use crate::regime::ART9_DEFAULTS;

/// The obligation of one good under the year's rules, its SEE scope decided by the regime.
pub fn obligation(rules: &YearRules, scope: ObligationScope, i: &ObligationInput) -> Result<Obligation, ObligationError> {
    if i.cbam_price <= Dec::ZERO {
        return Err(ObligationError::Price);
    }
    let o = ObligationError::Overflow;
    let (see_used, markup) = match i.see {
        SeeBasis::Actual { direct, indirect } => match scope {
            ObligationScope::Total => (sum(&[direct, indirect]).ok_or(o.clone())?, None),
            ObligationScope::Direct => (direct, None),
        },
        SeeBasis::Default { total } => {
            (prod(&[total, sum(&[Dec::ONE, rules.default_markup]).ok_or(o.clone())?]).ok_or(o.clone())?, Some(rules.default_markup))
        }
    };
    let embedded = prod(&[i.mass_t, see_used]).ok_or(o.clone())?;
    let faa = prod(&[i.benchmark, rules.cbam_factor, i.cscf, i.mass_t]).ok_or(o.clone())?;
    let (art9, refused) = match (i.see, i.carbon_price_eur_per_t) {
        (SeeBasis::Actual { .. }, Some(eur)) => (prod(&[eur, i.mass_t]).and_then(|x| div(x, i.cbam_price)).ok_or(o.clone())?, None),
        (SeeBasis::Default { .. }, Some(eur)) if !eur.is_zero() => (Dec::ZERO, Some(ART9_DEFAULTS.to_string())),
        _ => (Dec::ZERO, None),
    };
    let certificates = embedded.checked_sub(faa).and_then(|x| x.checked_sub(art9)).ok_or(o.clone())?.max(Dec::ZERO);
    Ok(Obligation {
        year: rules.year,
        mass_t: i.mass_t,
        markup,
        see_used,
        embedded_t: embedded,
        benchmark: i.benchmark,
        cbam_factor: rules.cbam_factor,
        cscf: i.cscf,
        faa_t: faa,
        art9_t: art9,
        art9_refused: refused,
        certificates,
        cost_eur: prod(&[certificates, i.cbam_price]).ok_or(o)?,
    })
}

/// What a good's obligation rests on: the supplier's actual values, or the default value of its
/// country of origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    Actual {
        see_direct: Dec,
        see_indirect: Dec,
        /// The supplier's production route (decides the benchmark route: K/L for aluminium).
        route: Route,
        /// EUR effectively paid abroad per tonne of good, where declared.
        carbon_price_eur_per_t: Option<Dec>,
    },
    Default,
}

/// One good to assess: what was imported and on which values.
#[derive(Debug, Clone)]
pub struct Good<'a> {
    pub cn_code: &'a CnCode,
    pub origin: &'a CountryCode,
    pub variant: Option<Variant>,
    pub mass_t: Dec,
    pub values: Values,
    /// A benchmark route chosen by the user where the table has several and neither the
    /// supplier's route nor the default value's settles it.
    pub route: Option<String>,
}

/// Prices and factors that are inputs, not law.
#[derive(Debug, Clone, Copy)]
pub struct Prices {
    /// CBAM certificate price, EUR per tCO2e.
    pub cbam_price: Dec,
    /// Cross-sectoral correction factor of the year.
    pub cscf: Dec,
}

/// The default value an assessment used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefaultUsed {
    /// Total before the mark-up, tCO2e/t.
    pub total: Dec,
    /// The row's country key (ISO code, or OTHER for "other countries and territories").
    pub country: String,
    /// The row's CN key (4 to 10 digits).
    pub cn_key: String,
    pub description: String,
    /// True when the country of origin had no value of its own.
    pub fallback: bool,
    /// The table (its citation).
    pub table: &'static str,
}

/// The benchmark an assessment used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkUsed {
    pub value: Dec,
    /// `B`: the table's column B (see docs/regimes.md for column A).
    pub column: &'static str,
    pub route: Option<String>,
    /// Codes the value was taken from where the table has no row for the good's own code.
    pub from_codes: Option<String>,
    pub table: &'static str,
}

/// An assessed good: every decision, then the figures.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub basis: &'static str,
    pub default_value: Option<DefaultUsed>,
    pub benchmark_used: BenchmarkUsed,
    pub scope: ScopeDecision,
    #[serde(flatten)]
    pub obligation: Obligation,
}

/// The benchmark route letter for actual values, from the supplier's production route or the
/// good's variant; `None` where the table must be asked (single row) or the user must choose.
pub fn actual_route(route: Route, category: GoodsCategory, variant: Option<Variant>) -> Option<&'static str> {
    match (category, route) {
        (_, Route::PrimarySmelting | Route::ProductsIntegratedPrimary) => Some("(K)"),
        (_, Route::SecondaryMelting | Route::ProductsIntegratedSecondary) => Some("(L)"),
        (GoodsCategory::CementClinker | GoodsCategory::Cement, _) => match variant {
            Some(Variant::Grey) => Some("(A)"),
            Some(Variant::White) => Some("(B)"),
            None => None,
        },
        _ => None,
    }
}

/// Assesses the obligation of `good` under `regime`: the SEE the year counts (actual) or the
/// default value of the country of origin with the year's mark-up, the benchmark (column B of
/// the regime's table, for the route the values or the user give), the free allocation
/// adjustment and the Article 9 reduction. The single place `cbam declaration` and `cbam cost`
/// get their figures from.
pub fn assess(regime: &Regime, good: &Good<'_>, prices: &Prices) -> Result<Assessment, ObligationError> {
    let rules = regime.year_rules.ok_or(ObligationError::NotDefinitive(regime.year))?;
    let category = good.cn_code.category();
    let (see, default_value, route, carbon) = match good.values {
        Values::Actual { see_direct, see_indirect, route, carbon_price_eur_per_t } => (
            SeeBasis::Actual { direct: see_direct, indirect: see_indirect },
            None,
            good.route.clone().or_else(|| actual_route(route, category, good.variant).map(str::to_string)),
            carbon_price_eur_per_t,
        ),
        Values::Default => {
            let table = regime.default_values();
            let found = table.find(good.origin, good.cn_code, good.variant).map_err(|e| {
                ObligationError::NoDefault(format!("no default value for {} produced in {}: {e} ({})", good.cn_code, good.origin, regime.defaults.citation()))
            })?;
            let total = found.value.total.ok_or_else(|| ObligationError::NoDefault(format!("the default value of {} has no total", good.cn_code)))?;
            let used = DefaultUsed {
                total,
                country: found.value.country.clone(),
                cn_key: found.value.cn_prefix.clone(),
                description: found.value.description.clone(),
                fallback: found.fallback,
                table: found.source,
            };
            (SeeBasis::Default { total }, Some(used), good.route.clone().or_else(|| found.value.route_bm.clone()), None)
        }
    };
    let bm = regime.benchmarks();
    let (benchmark, from_codes) = bm.column_b(good.cn_code, route.as_deref()).ok_or_else(|| {
        let routes: Vec<String> = bm.rows(good.cn_code).iter().filter_map(|r| r.route().map(str::to_string)).collect();
        ObligationError::Benchmark(if routes.is_empty() {
            format!("the benchmark table ({}) lists no benchmark for CN {}", crate::tables::benchmarks::Benchmarks::source(), good.cn_code)
        } else {
            format!("CN {} has benchmarks for several production routes ({}) and the route of these goods is not known", good.cn_code, routes.join(", "))
        })
    })?;
    let scope = regime.obligation_scope(category);
    let obligation = obligation(
        &rules,
        scope.scope,
        &ObligationInput { category, mass_t: good.mass_t, see, benchmark, cscf: prices.cscf, cbam_price: prices.cbam_price, carbon_price_eur_per_t: carbon },
    )?;
    Ok(Assessment {
        basis: if default_value.is_some() { "default" } else { "actual" },
        default_value,
        benchmark_used: BenchmarkUsed { value: benchmark, column: "B", route, from_codes, table: crate::tables::benchmarks::Benchmarks::source() },
        scope,
        obligation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    fn rules(year: i32) -> YearRules {
        Regime::for_year(year, None).unwrap().year_rules.unwrap()
    }

    fn scope(category: GoodsCategory, year: i32) -> ObligationScope {
        Regime::for_year(year, None).unwrap().obligation_scope(category).scope
    }

    fn input(category: GoodsCategory, see: SeeBasis, benchmark: &str) -> ObligationInput {
        ObligationInput { category, mass_t: Dec::ONE, see, benchmark: d(benchmark), cscf: Dec::ONE, cbam_price: d("75.36"), carbon_price_eur_per_t: None }
    }

    fn per_tonne(category: GoodsCategory, year: i32, see: SeeBasis, benchmark: &str) -> Obligation {
        obligation(&rules(year), scope(category, year), &input(category, see, benchmark)).unwrap()
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
        let al = GoodsCategory::UnwroughtAluminium;
        let i = ObligationInput {
            mass_t: d("100"),
            carbon_price_eur_per_t: Some(d("4")),
            ..input(al, SeeBasis::Actual { direct: d("1.6"), indirect: d("11.6") }, "1.423")
        };
        let o = obligation(&rules(2026), scope(al, 2026), &i).unwrap();
        assert_eq!(o.embedded_t, d("160"));
        assert_eq!(o.faa_t, d("138.7425"));
        assert_eq!(o.art9_t, d("400") / d("75.36"));
        assert_eq!(o.certificates, d("21.2575") - d("400") / d("75.36"));
        // The same price on default values is not deducted, and says why.
        let o = obligation(&rules(2026), scope(al, 2026), &ObligationInput { see: SeeBasis::Default { total: d("3") }, ..i }).unwrap();
        assert_eq!(o.art9_t, Dec::ZERO);
        assert!(o.art9_refused.as_deref().unwrap().contains("actual"));
        // A FAA larger than the embedded emissions leaves zero certificates, never negative ones.
        let o = obligation(&rules(2026), scope(al, 2026), &ObligationInput { benchmark: d("10"), ..i }).unwrap();
        assert_eq!(o.certificates, Dec::ZERO);
    }

    #[test]
    fn years_outside_the_definitive_period_bad_prices_and_overflow_are_refused() {
        let cn = CnCode::parse("25232900").unwrap();
        let cn_country = CountryCode::parse("CN").unwrap();
        let good = Good { cn_code: &cn, origin: &cn_country, variant: None, mass_t: Dec::ONE, values: Values::Default, route: None };
        let prices = Prices { cbam_price: d("75.36"), cscf: Dec::ONE };
        let r2025 = Regime::for_year(2025, None).unwrap();
        assert_eq!(assess(&r2025, &good, &prices).unwrap_err(), ObligationError::NotDefinitive(2025));
        assert!(Regime::for_year(2041, None).is_err());
        let r2034 = Regime::for_year(2034, None).unwrap();
        assert_eq!(assess(&r2034, &good, &prices).unwrap().obligation.faa_t, Dec::ZERO);
        let r2026 = Regime::for_year(2026, None).unwrap();
        assert_eq!(assess(&r2026, &good, &Prices { cbam_price: Dec::ZERO, ..prices }).unwrap_err(), ObligationError::Price);
        // 79 228 162 514 264 337 593 543 950 335 t at 1.562 t/t cannot be multiplied exactly.
        let huge = Good { mass_t: Dec::MAX, ..good.clone() };
        assert_eq!(assess(&r2026, &huge, &prices).unwrap_err(), ObligationError::Overflow);
        let i = ObligationInput { carbon_price_eur_per_t: Some(Dec::MAX), ..input(GoodsCategory::Cement, SeeBasis::Actual { direct: Dec::ONE, indirect: Dec::ZERO }, "0.666") };
        assert_eq!(obligation(&rules(2026), ObligationScope::Total, &ObligationInput { cbam_price: d("0.0000001"), ..i }).unwrap_err(), ObligationError::Overflow);
    }

    #[test]
    fn assessment_names_its_decisions() {
        // China, grey Portland cement 25232900 at default values, 2026, 10 t, EUR 75.36:
        // SEE* 1.42 × 1.1 = 1.562; embedded 15.62; FAA 0.666 × 0.975 × 10 = 6.4935;
        // certificates 9.1265; cost 687.77304.
        let cn = CnCode::parse("25232900").unwrap();
        let origin = CountryCode::parse("CN").unwrap();
        let good = Good { cn_code: &cn, origin: &origin, variant: None, mass_t: d("10"), values: Values::Default, route: None };
        let a = assess(&Regime::for_year(2026, None).unwrap(), &good, &Prices { cbam_price: d("75.36"), cscf: Dec::ONE }).unwrap();
        assert_eq!(a.basis, "default");
        let dv = a.default_value.as_ref().unwrap();
        assert_eq!((dv.total, dv.country.as_str(), dv.fallback), (d("1.42"), "CN", false));
        assert_eq!((a.benchmark_used.value, a.benchmark_used.column), (d("0.666"), "B"));
        assert_eq!((a.obligation.certificates, a.obligation.cost_eur), (d("9.1265"), d("687.77304")));
        assert_eq!(a.scope.scope, ObligationScope::Total);
        // Primary aluminium at actual values takes route K from the supplier's route.
        let al = CnCode::parse("76011090").unwrap();
        let actual = Values::Actual { see_direct: d("1.6"), see_indirect: d("11.6"), route: Route::PrimarySmelting, carbon_price_eur_per_t: None };
        let a = assess(&Regime::for_year(2026, None).unwrap(), &Good { cn_code: &al, values: actual, mass_t: Dec::ONE, ..good.clone() }, &Prices { cbam_price: d("75.36"), cscf: Dec::ONE }).unwrap();
        assert_eq!((a.benchmark_used.route.as_deref(), a.benchmark_used.value, a.obligation.see_used), (Some("(K)"), d("1.423"), d("1.6")));
    }
}
