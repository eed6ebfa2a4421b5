//! The importer's obligation in the definitive period (from 2026), per good (DOMAIN §3.7), and
//! the one function that assesses it for every caller ([`assess`]: `cbam declaration`,
//! `cbam cost`):
//!
//! ```text
//! certificates = max(0, M × SEE* − FAA − R)
//! SEE*  = actual SEE (the part the regime's year counts), or default total × (1 + mark-up)
//! FAA   = SEFA × M, SEFA = benchmark × CBAM factor(year) × CSCF   (free allocation adjustment)
//!         benchmark: column B (default values), or column A (actual values): the process
//!         benchmark plus Σ m_i × the precursors' benchmarks ([`column_a`], IR 2025/2620 Annex)
//! R     = Article 9 reduction: EUR paid abroad for the good / reference certificate price
//! cost  = certificates × CBAM certificate price
//! ```
//!
//! Article 9 follows the draft implementing act under its paragraph 5 (not adopted; its status
//! is data, [`crate::regime::Article9`]): a price effectively paid counts only on actual values
//! and only with documentation certified by an independent person; on default values only a
//! yearly default carbon price of the country counts (an input: none is published).
//!
//! The yearly figures come from the [`Regime`]; the prices are inputs. Exact decimals, no
//! rounding; arithmetic that would overflow is an error, never a panic.

use serde::Serialize;

use super::num::{div, prod, sum};
use super::{GoodResult, PrecursorOrigin, Results};
use crate::model::{CnCode, CountryCode, Dec, GoodsCategory, Route, Variant};
use crate::regime::{ObligationScope, Regime, ScopeDecision, YearRules};
use crate::tables::benchmarks::{BenchmarkRoute, Benchmarks, Column};

/// Where the SEE comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeeBasis {
    /// The installation's actual values.
    Actual {
        /// Specific direct embedded emissions, tCO2e/t.
        direct: Dec,
        /// Specific indirect embedded emissions, tCO2e/t.
        indirect: Dec,
    },
    /// The country's default value.
    Default {
        /// The default total, tCO2e/t, before the mark-up.
        total: Dec,
    },
}

/// The carbon price a declarant claims under Article 9, and what backs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarbonPaid {
    /// Nothing claimed.
    None,
    /// The price effectively paid in the country of origin (Art. 9(2)).
    Effective {
        /// EUR per tonne of good, net of free allocation and rebates.
        eur_per_t: Dec,
        /// Who certified the documentation of the price paid; `None`: nobody, and nothing is
        /// deducted.
        certified_by: Option<String>,
    },
    /// A yearly default carbon price of the country of origin (Art. 9(4)), applied to the
    /// declared embedded emissions. An input: the Commission publishes none yet.
    DefaultPrice {
        /// EUR per tCO2e.
        eur_per_tco2e: Dec,
    },
}

/// What [`obligation`] needs for one good: what was imported, its SEE and benchmark, and the
/// prices.
#[derive(Debug, Clone)]
pub struct ObligationInput {
    /// The good's aggregated goods category.
    pub category: GoodsCategory,
    /// Mass imported, t.
    pub mass_t: Dec,
    /// The SEE the obligation rests on: actual or default values.
    pub see: SeeBasis,
    /// The good's benchmark, tCO2e/t.
    pub benchmark: Dec,
    /// Cross-sectoral correction factor of the year (published yearly; 1 is the usual assumption).
    pub cscf: Dec,
    /// CBAM certificate price, EUR per tCO2e.
    pub cbam_price: Dec,
    /// The carbon price claimed under Article 9.
    pub carbon: CarbonPaid,
    /// The certificate price the Article 9 reduction is converted at, EUR per tCO2e: the year's
    /// average certificate price (Art. 6(1) of the draft act).
    pub art9_reference_price: Dec,
}

/// The obligation of one good: every term of the formula, down to the certificates due and
/// their cost.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    /// The obligation year whose rules applied.
    pub year: i32,
    /// Mass imported, t.
    pub mass_t: Dec,
    /// The mark-up applied to a default value (None for actual values).
    pub markup: Option<Dec>,
    /// SEE*: the specific embedded emissions the obligation counts, tCO2e/t.
    pub see_used: Dec,
    /// Embedded emissions counted: mass × SEE*, tCO2e.
    pub embedded_t: Dec,
    /// The benchmark the free allocation adjustment rests on, tCO2e/t.
    pub benchmark: Dec,
    /// The year's CBAM factor: the share of the benchmark-based free allocation still deducted.
    pub cbam_factor: Dec,
    /// Cross-sectoral correction factor applied.
    pub cscf: Dec,
    /// Specific embedded free allocation: benchmark × CBAM factor × CSCF, tCO2e/t.
    pub sefa: Dec,
    /// Free allocation adjustment, tCO2e.
    pub faa_t: Dec,
    /// Article 9 reduction, in certificates (tCO2e).
    pub art9_t: Dec,
    /// How the reduction was worked out, when there is one.
    pub art9_basis: Option<String>,
    /// Why a carbon price paid was not deducted, when it was not.
    pub art9_refused: Option<String>,
    /// CBAM certificates to surrender, one per tCO2e: max(0, embedded − FAA − Article 9
    /// reduction).
    pub certificates: Dec,
    /// The certificates at the CBAM certificate price, EUR.
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

impl std::error::Error for ObligationError {}

impl std::fmt::Display for ObligationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ObligationError::NotDefinitive(y) => {
                write!(f, "{y} is not a year of the definitive period (from {}): no CBAM certificates are due for it", Regime::first_definitive_year())
            }
            ObligationError::Price => write!(f, "the CBAM certificate price must be greater than zero"),
            ObligationError::Overflow => write!(f, "the figures are too large to compute exactly; check the units and magnitudes"),
            ObligationError::NoDefault(why) | ObligationError::Benchmark(why) => f.write_str(why),
        }
    }
}

pub use crate::regime::{ART9_DEFAULTS, ART9_EVIDENCE};

mod benchmark;

use benchmark::no_benchmark;
pub use benchmark::{BenchmarkPart, BenchmarkUsed, ColumnA, actual_route, column_a};

/// The obligation of one good under the year's rules, its SEE scope decided by the regime.
/// Fails with [`ObligationError::Price`] when the certificate price (or, with a carbon price
/// claimed, the Article 9 reference price) is not positive, and [`ObligationError::Overflow`]
/// when a figure is beyond exact arithmetic.
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
        SeeBasis::Default { total } => (prod(&[total, sum(&[Dec::ONE, rules.default_markup]).ok_or(o.clone())?]).ok_or(o.clone())?, Some(rules.default_markup)),
    };
    let embedded = prod(&[i.mass_t, see_used]).ok_or(o.clone())?;
    let sefa = prod(&[i.benchmark, rules.cbam_factor, i.cscf]).ok_or(o.clone())?;
    let faa = prod(&[sefa, i.mass_t]).ok_or(o.clone())?;
    if !matches!(i.carbon, CarbonPaid::None) && i.art9_reference_price <= Dec::ZERO {
        return Err(ObligationError::Price);
    }
    let reference = i.art9_reference_price;
    let (art9, refused, basis) = match (&i.see, &i.carbon) {
        (_, CarbonPaid::None) => (Dec::ZERO, None, None),
        (_, CarbonPaid::Effective { eur_per_t, .. }) if eur_per_t.is_zero() => (Dec::ZERO, None, None),
        (SeeBasis::Default { .. }, CarbonPaid::Effective { .. }) => (Dec::ZERO, Some(ART9_DEFAULTS.to_string()), None),
        (SeeBasis::Actual { .. }, CarbonPaid::Effective { certified_by: None, .. }) => (Dec::ZERO, Some(ART9_EVIDENCE.to_string()), None),
        (SeeBasis::Actual { .. }, CarbonPaid::Effective { eur_per_t, certified_by: Some(who) }) => (
            prod(&[*eur_per_t, i.mass_t]).and_then(|x| div(x, reference)).ok_or(o.clone())?,
            None,
            Some(format!(
                "EUR {} paid per tonne (certified by {who}) × {} t ÷ EUR {} per certificate",
                eur_per_t.normalize(),
                i.mass_t.normalize(),
                reference.normalize()
            )),
        ),
        (_, CarbonPaid::DefaultPrice { eur_per_tco2e }) => (
            prod(&[*eur_per_tco2e, embedded]).and_then(|x| div(x, reference)).ok_or(o.clone())?,
            None,
            Some(format!(
                "default carbon price EUR {} per tCO2e × {} tCO2e embedded ÷ EUR {} per certificate",
                eur_per_tco2e.normalize(),
                embedded.normalize(),
                reference.normalize()
            )),
        ),
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
        sefa,
        faa_t: faa,
        art9_t: art9,
        art9_basis: basis,
        art9_refused: refused,
        certificates,
        cost_eur: prod(&[certificates, i.cbam_price]).ok_or(o)?,
    })
}

/// What a good's obligation rests on: the supplier's actual values, or the default value of its
/// country of origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// The supplier's actual values.
    Actual {
        /// Specific direct embedded emissions, tCO2e/t.
        see_direct: Dec,
        /// Specific indirect embedded emissions, tCO2e/t.
        see_indirect: Dec,
        /// The supplier's production route (decides the benchmark route: K/L for aluminium).
        route: Route,
        /// The column-A benchmark of the good ([`column_a`]).
        column_a: ColumnA,
    },
    /// The default value of the country of origin, with the year's mark-up.
    Default,
}

/// One good to assess: what was imported and on which values.
#[derive(Debug, Clone)]
pub struct Good<'a> {
    /// The good's CN code.
    pub cn_code: &'a CnCode,
    /// Country of origin: whose default value applies.
    pub origin: &'a CountryCode,
    /// Grey or white, where the default value or the benchmark route depends on it.
    pub variant: Option<Variant>,
    /// Mass imported, t.
    pub mass_t: Dec,
    /// Actual or default values.
    pub values: Values,
    /// A benchmark route chosen by the user where the table has several and neither the
    /// supplier's route nor the default value's settles it.
    pub route: Option<BenchmarkRoute>,
    /// The carbon price claimed under Article 9.
    pub carbon: CarbonPaid,
}

/// Prices and factors that are inputs, not law.
#[derive(Debug, Clone, Copy)]
pub struct Prices {
    /// CBAM certificate price, EUR per tCO2e.
    pub cbam_price: Dec,
    /// Cross-sectoral correction factor of the year.
    pub cscf: Dec,
    /// The certificate price an Article 9 reduction is converted at (the year's average).
    pub art9_reference_price: Dec,
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
    /// The row's description of the goods.
    pub description: String,
    /// True when the country of origin had no value of its own.
    pub fallback: bool,
    /// The table (its citation).
    pub table: &'static str,
}

/// An assessed good: every decision, then the figures.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// `actual` or `default`: which values the obligation rests on.
    pub basis: &'static str,
    /// The default value used; `None` at actual values.
    pub default_value: Option<DefaultUsed>,
    /// The benchmark the free allocation adjustment rests on.
    pub benchmark_used: BenchmarkUsed,
    /// Which part of the SEE the obligation counts, and why.
    pub scope: ScopeDecision,
    /// The figures.
    #[serde(flatten)]
    pub obligation: Obligation,
}

/// Assesses the obligation of `good` under `regime`: the SEE the year counts (actual) or the
/// default value of the country of origin with the year's mark-up, the benchmark (at actual
/// values the column-A benchmark they carry; at default values column B of the regime's table,
/// for the route the default value or the user gives), the free allocation adjustment and the
/// Article 9 reduction. The single place `cbam declaration` and `cbam cost` get their figures
/// from. Fails outside the definitive period ([`ObligationError::NotDefinitive`]), without a
/// default value or a column-B benchmark for the good, and as [`obligation`] does.
pub fn assess(regime: &Regime, good: &Good<'_>, prices: &Prices) -> Result<Assessment, ObligationError> {
    let rules = regime.year_rules.ok_or(ObligationError::NotDefinitive(regime.year))?;
    let category = good.cn_code.category();
    let bm = regime.benchmarks();
    let (see, default_value, benchmark_used) = match &good.values {
        Values::Actual { see_direct, see_indirect, route, column_a } => {
            let route = good.route.or_else(|| actual_route(*route, category, good.variant));
            let used =
                BenchmarkUsed { value: column_a.value, column: Column::A, route, from_codes: None, parts: column_a.parts.clone(), table: Benchmarks::source() };
            (SeeBasis::Actual { direct: *see_direct, indirect: *see_indirect }, None, used)
        }
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
            let route = good.route.or(found.value.route_bm);
            let (value, from_codes) = bm.column_b(good.cn_code, route).ok_or_else(|| ObligationError::Benchmark(no_benchmark(bm, good.cn_code, "B")))?;
            let benchmark = BenchmarkUsed { value, column: Column::B, route, from_codes, parts: Vec::new(), table: Benchmarks::source() };
            (SeeBasis::Default { total }, Some(used), benchmark)
        }
    };
    let scope = regime.obligation_scope(category);
    let obligation = obligation(
        &rules,
        scope.scope,
        &ObligationInput {
            category,
            mass_t: good.mass_t,
            see,
            benchmark: benchmark_used.value,
            cscf: prices.cscf,
            cbam_price: prices.cbam_price,
            carbon: good.carbon.clone(),
            art9_reference_price: prices.art9_reference_price,
        },
    )?;
    Ok(Assessment { basis: if default_value.is_some() { "default" } else { "actual" }, default_value, benchmark_used, scope, obligation })
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
        ObligationInput {
            category,
            mass_t: Dec::ONE,
            see,
            benchmark: d(benchmark),
            cscf: Dec::ONE,
            cbam_price: d("75.36"),
            carbon: CarbonPaid::None,
            art9_reference_price: d("75.36"),
        }
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
            carbon: CarbonPaid::Effective { eur_per_t: d("4"), certified_by: Some("Example Verification GmbH, cert. 42".into()) },
            ..input(al, SeeBasis::Actual { direct: d("1.6"), indirect: d("11.6") }, "1.423")
        };
        let o = obligation(&rules(2026), scope(al, 2026), &i).unwrap();
        assert_eq!(o.embedded_t, d("160"));
        assert_eq!(o.sefa, d("1.387425"));
        assert_eq!(o.faa_t, d("138.7425"));
        assert_eq!(o.art9_t, d("400") / d("75.36"));
        assert_eq!(o.certificates, d("21.2575") - d("400") / d("75.36"));
        assert!(o.art9_basis.as_deref().unwrap().contains("certified by Example Verification"));
        // Converted at the year's average price, not the quarter's: 400 / 78.00.
        let o = obligation(&rules(2026), scope(al, 2026), &ObligationInput { art9_reference_price: d("78"), ..i.clone() }).unwrap();
        assert_eq!(o.art9_t, d("400") / d("78"));
        // Without certified documentation nothing is deducted, and it says why (Art. 9(2)).
        let uncertified = ObligationInput { carbon: CarbonPaid::Effective { eur_per_t: d("4"), certified_by: None }, ..i.clone() };
        let o = obligation(&rules(2026), scope(al, 2026), &uncertified).unwrap();
        assert_eq!((o.art9_t, o.art9_refused.as_deref()), (Dec::ZERO, Some(ART9_EVIDENCE)));
        // The same price on default values is not deducted, and says why.
        let o = obligation(&rules(2026), scope(al, 2026), &ObligationInput { see: SeeBasis::Default { total: d("3") }, ..i.clone() }).unwrap();
        assert_eq!(o.art9_t, Dec::ZERO);
        assert!(o.art9_refused.as_deref().unwrap().contains("actual"));
        // A default carbon price (Art. 9(4)) counts on default values, per tCO2e embedded:
        // 100 t × 3 × 1.1 = 330 tCO2e × EUR 10 / EUR 75.36 = 3300 / 75.36 certificates.
        let default_price =
            ObligationInput { see: SeeBasis::Default { total: d("3") }, carbon: CarbonPaid::DefaultPrice { eur_per_tco2e: d("10") }, ..i.clone() };
        let o = obligation(&rules(2026), scope(al, 2026), &default_price).unwrap();
        assert_eq!((o.embedded_t, o.art9_t), (d("330"), d("3300") / d("75.36")));
        // A FAA larger than the embedded emissions leaves zero certificates, never negative ones.
        let o = obligation(&rules(2026), scope(al, 2026), &ObligationInput { benchmark: d("10"), ..i }).unwrap();
        assert_eq!(o.certificates, Dec::ZERO);
    }

    #[test]
    fn years_outside_the_definitive_period_bad_prices_and_overflow_are_refused() {
        let cn = CnCode::parse("25232900").unwrap();
        let cn_country = CountryCode::parse("CN").unwrap();
        let good = Good { cn_code: &cn, origin: &cn_country, variant: None, mass_t: Dec::ONE, values: Values::Default, route: None, carbon: CarbonPaid::None };
        let prices = Prices { cbam_price: d("75.36"), cscf: Dec::ONE, art9_reference_price: d("75.36") };
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
        let i = ObligationInput {
            carbon: CarbonPaid::Effective { eur_per_t: Dec::MAX, certified_by: Some("x".into()) },
            ..input(GoodsCategory::Cement, SeeBasis::Actual { direct: Dec::ONE, indirect: Dec::ZERO }, "0.666")
        };
        assert_eq!(
            obligation(&rules(2026), ObligationScope::Total, &ObligationInput { art9_reference_price: d("0.0000001"), ..i }).unwrap_err(),
            ObligationError::Overflow
        );
    }

    #[test]
    fn assessment_names_its_decisions() {
        // China, grey Portland cement 25232900 at default values, 2026, 10 t, EUR 75.36:
        // SEE* 1.42 × 1.1 = 1.562; embedded 15.62; FAA 0.666 × 0.975 × 10 = 6.4935;
        // certificates 9.1265; cost 687.77304.
        let cn = CnCode::parse("25232900").unwrap();
        let origin = CountryCode::parse("CN").unwrap();
        let good = Good { cn_code: &cn, origin: &origin, variant: None, mass_t: d("10"), values: Values::Default, route: None, carbon: CarbonPaid::None };
        let prices = Prices { cbam_price: d("75.36"), cscf: Dec::ONE, art9_reference_price: d("75.36") };
        let a = assess(&Regime::for_year(2026, None).unwrap(), &good, &prices).unwrap();
        assert_eq!(a.basis, "default");
        let dv = a.default_value.as_ref().unwrap();
        assert_eq!((dv.total, dv.country.as_str(), dv.fallback), (d("1.42"), "CN", false));
        assert_eq!((a.benchmark_used.value, a.benchmark_used.column), (d("0.666"), Column::B));
        assert_eq!((a.obligation.certificates, a.obligation.cost_eur), (d("9.1265"), d("687.77304")));
        assert_eq!(a.scope.scope, ObligationScope::Total);
        // Primary aluminium at actual values takes route K from the supplier's route.
        let al = CnCode::parse("76011090").unwrap();
        let column_a = ColumnA { value: d("1.423"), parts: Vec::new() };
        let actual = Values::Actual { see_direct: d("1.6"), see_indirect: d("11.6"), route: Route::PrimarySmelting, column_a };
        let a = assess(&Regime::for_year(2026, None).unwrap(), &Good { cn_code: &al, values: actual, mass_t: Dec::ONE, ..good.clone() }, &prices).unwrap();
        assert_eq!(
            (a.benchmark_used.route.map(BenchmarkRoute::code), a.benchmark_used.value, a.benchmark_used.column, a.obligation.see_used),
            (Some("(K)"), d("1.423"), Column::A, d("1.6"))
        );
    }

    fn sample(path: &str) -> Results {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (_, results, _) = crate::compute_file(&root.join(path), crate::regime::Choice::default()).unwrap();
        results
    }

    #[test]
    fn column_a_of_cement_is_its_clinker_benchmark_times_the_clinker_it_contains() {
        // samples/2026/cement-integrated-cn.xlsx: P2 makes CEM I 52.5 (25232900) from 570,000 t
        // of its own grey clinker (P1) for 600,000 t of cement: m = 0.95. Column A of 25232900
        // is 0 (IR 2025/2620 Annex point 5, an explicit zero); of grey clinker 25231000 (A)
        // 0.666. Benchmark = 0 + 0.95 × 0.666 = 0.6327.
        let r = Regime::for_year(2026, None).unwrap();
        let res = sample("samples/2026/cement-integrated-cn.xlsx");
        let g = res.goods.iter().find(|g| g.process == "P2").unwrap();
        let a = column_a(&r, &res, g, Some(Variant::Grey), None).unwrap();
        assert_eq!(a.value, d("0.6327"));
        assert_eq!(a.parts.len(), 2);
        assert_eq!((a.parts[0].value, a.parts[0].mass_per_t), (Dec::ZERO, Dec::ONE));
        assert_eq!((a.parts[1].value, a.parts[1].mass_per_t, a.parts[1].route), (d("0.666"), d("0.95"), Some(BenchmarkRoute::A)));
        // P3: 950,000 t of clinker for 1,250,000 t of cement, m = 0.76: 0.76 × 0.666 = 0.50616.
        let g = res.goods.iter().find(|g| g.process == "P3").unwrap();
        assert_eq!(column_a(&r, &res, g, Some(Variant::Grey), None).unwrap().value, d("0.50616"));
        // The clinker itself: 0.666, no precursor.
        let g = res.goods.iter().find(|g| g.process == "P1").unwrap();
        assert_eq!(column_a(&r, &res, g, Some(Variant::Grey), None).unwrap().value, d("0.666"));
        // White clinker would be route (B), 0.859.
        assert_eq!(column_a(&r, &res, g, Some(Variant::White), None).unwrap().value, d("0.859"));
    }

    #[test]
    fn column_a_of_aluminium_products_adds_the_bought_metal_at_column_b() {
        // samples/2026/aluminium-extrusion-cn.xlsx: profiles 76042100 (column A 0.060) from
        // 0.60 t of billets bought from a smelter (actual values) and 0.42 t of ingots at
        // default values (76011090), both made in China, per tonne. Bought precursors carry
        // column B with China's default route (K, IR 2025/2621 Annex I): 1.423.
        // 0.060 + 0.60 × 1.423 + 0.42 × 1.423 = 0.060 + 1.02 × 1.423 = 0.060 + 1.45146 = 1.51146.
        let r = Regime::for_year(2026, None).unwrap();
        let res = sample("samples/2026/aluminium-extrusion-cn.xlsx");
        let g = res.goods.iter().find(|g| g.cn_code.as_str() == "76042100").unwrap();
        let a = column_a(&r, &res, g, None, None).unwrap();
        assert_eq!(a.value, d("1.51146"));
        assert!(a.parts[1..].iter().all(|p| p.column == Column::B && p.route == Some(BenchmarkRoute::K)), "{:?}", a.parts);
        // Solid profiles 76041090: column A 0.060 too (same group of codes).
        let g = res.goods.iter().find(|g| g.cn_code.as_str() == "76041090").unwrap();
        assert_eq!(column_a(&r, &res, g, None, None).unwrap().value, d("1.51146"));
    }

    #[test]
    fn every_code_of_a_representative_category_has_the_same_benchmarks() {
        // representative_cn stands for a whole category only where no code of it differs.
        let bm = Benchmarks::embedded();
        for cat in GoodsCategory::ALL {
            let Some(rep) = benchmark::representative_cn(cat) else { continue };
            let want: Vec<_> = bm.rows(&rep).iter().map(|r| (r.route(), r.value(Column::A), r.value(Column::B))).collect();
            for row in bm.iter().filter(|r| CnCode::parse(&r.cn_code).is_ok_and(|c| c.category() == cat)) {
                let c = CnCode::parse(&row.cn_code).unwrap();
                let got: Vec<_> = bm.rows(&c).iter().map(|r| (r.route(), r.value(Column::A), r.value(Column::B))).collect();
                assert_eq!(got, want, "{} differs from {rep}", row.cn_code);
            }
        }
    }
}
