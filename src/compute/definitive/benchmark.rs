//! The benchmark an obligation rests on: column B of the table for goods at default values, and
//! column A at actual values, the process benchmark plus the precursors' terms
//! ([`column_a`], IR 2025/2620 Annex points 3.1 to 3.3); the route indicator that picks a row.

use super::*;

/// The benchmark an assessment used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkUsed {
    /// The benchmark the SEFA rests on, tCO2e/t: column B's, or column A's with the
    /// precursors' terms added (the sum of `parts`, each mass × value).
    pub value: Dec,
    /// Column A (actual values) or B (default values) of the table.
    pub column: Column,
    /// The production route the benchmark was taken for (e.g. `(K)`), where one was known.
    pub route: Option<BenchmarkRoute>,
    /// Codes the value was taken from where the table has no row for the good's own code.
    pub from_codes: Option<String>,
    /// Column A: the terms, the good's process first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<BenchmarkPart>,
    /// The benchmark table (its citation).
    pub table: &'static str,
}

/// One term of a column-A benchmark: a process benchmark, or a precursor's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkPart {
    /// The process or precursor, as the supplier names it.
    pub what: String,
    /// Tonnes of it per tonne of the declared good (1 for the good's own process; the product
    /// of the specific mass consumptions m_i down a chain of precursors).
    pub mass_per_t: Dec,
    /// The CN code whose benchmark was taken.
    pub cn_code: CnCode,
    /// The table column the value was taken from.
    pub column: Column,
    /// The production route the value was taken for, where one was known.
    pub route: Option<BenchmarkRoute>,
    /// The table's benchmark, tCO2e per tonne of it.
    pub value: Dec,
    /// Why this column or value, where it is not the plain rule.
    pub why: Option<String>,
}

/// The column-A benchmark of a good at actual values: Σ mass_per_t × value over its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnA {
    /// The benchmark, tCO2e per tonne of the good.
    pub value: Dec,
    /// The terms, the good's process first, then its precursors down each chain.
    pub parts: Vec<BenchmarkPart>,
}

/// The CN code whose benchmark stands for a precursor known only by its category, where every
/// code of the category has the same benchmarks (a test checks it); `None` where they differ.
pub(super) fn representative_cn(category: GoodsCategory) -> Option<CnCode> {
    let code = match category {
        GoodsCategory::CalcinedClay => "25070080",
        GoodsCategory::CementClinker => "25231000",
        GoodsCategory::UnwroughtAluminium => "76011090",
        GoodsCategory::Cement | GoodsCategory::AluminousCement | GoodsCategory::AluminiumProducts => return None,
    };
    CnCode::parse(code).ok()
}

/// The column-A benchmark of the supplier's good `good` (IR 2025/2620 Annex, points 3.1 to 3.3):
/// the process benchmark BM* of the good's code and route, plus, for each precursor, its mass per
/// tonne m_i times its own benchmark — recursively for precursors the installation makes, and
/// column B with the default route of the precursor's country of origin for precursors bought,
/// whose producer supplies no SEFA (point 3.3(2)). A precursor produced in the Union or an
/// exempted country counts zero, as its embedded emissions do. `route`: the user's choice where
/// the good's own route does not settle the benchmark. Fails with [`ObligationError::Benchmark`]
/// where a term has no benchmark (a process missing from `results`, a precursor whose code,
/// country or route is unknown, a cycle) and [`ObligationError::Overflow`] beyond exact arithmetic.
pub fn column_a(
    regime: &Regime,
    results: &Results,
    good: &GoodResult,
    variant: Option<Variant>,
    route: Option<BenchmarkRoute>,
) -> Result<ColumnA, ObligationError> {
    let mut parts = Vec::new();
    terms(regime, results, &good.process, &good.cn_code, variant, route, Dec::ONE, 0, &mut parts)?;
    let mut value = Dec::ZERO;
    for p in &parts {
        value = prod(&[p.mass_per_t, p.value]).and_then(|x| sum(&[value, x])).ok_or(ObligationError::Overflow)?;
    }
    Ok(ColumnA { value, parts })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn terms(
    regime: &Regime,
    results: &Results,
    process: &str,
    cn: &CnCode,
    variant: Option<Variant>,
    route: Option<BenchmarkRoute>,
    scale: Dec,
    depth: usize,
    parts: &mut Vec<BenchmarkPart>,
) -> Result<(), ObligationError> {
    let bad = |why: String| ObligationError::Benchmark(why);
    let p = results.processes.iter().find(|p| p.id == process).ok_or_else(|| bad(format!("process '{process}' is not among the supplier's results")))?;
    if depth > results.processes.len() {
        return Err(bad(format!("the precursors of process '{process}' form a cycle")));
    }
    let bm = regime.benchmarks();
    let route = route.or_else(|| actual_route(p.route, cn.category(), variant));
    let (value, _) = bm.column(cn, route, Column::A).ok_or_else(|| bad(no_benchmark(bm, cn, "A")))?;
    parts.push(BenchmarkPart {
        what: format!("process {} ({})", p.id, p.name),
        mass_per_t: scale,
        cn_code: cn.clone(),
        column: Column::A,
        route,
        value,
        why: None,
    });
    for pre in &p.precursors {
        let m = pre
            .specific_mass_consumption
            .ok_or_else(|| bad(format!("precursor '{}' of process {}: no specific mass consumption (the process has no output)", pre.name, p.id)))?;
        let scale = prod(&[scale, m]).ok_or(ObligationError::Overflow)?;
        if pre.origin == PrecursorOrigin::ZeroRated {
            let cn_i = representative_cn(pre.category).unwrap_or_else(|| cn.clone());
            parts.push(BenchmarkPart {
                what: format!("precursor {}", pre.name),
                mass_per_t: scale,
                cn_code: cn_i,
                column: Column::A,
                route: None,
                value: Dec::ZERO,
                why: Some("produced in the Union or an exempted country: its embedded emissions count zero, and so does its free allocation".into()),
            });
            continue;
        }
        match &pre.origin {
            PrecursorOrigin::Own { process: own } => {
                let cn_i = results.goods.iter().find(|g| &g.process == own).map(|g| g.cn_code.clone()).or_else(|| representative_cn(pre.category)).ok_or_else(
                    || {
                        bad(format!(
                            "precursor '{}' (process {own}) is not a good of the installation and its category has benchmarks of several codes",
                            pre.name
                        ))
                    },
                )?;
                terms(regime, results, own, &cn_i, variant, None, scale, depth + 1, parts)?;
            }
            PrecursorOrigin::Actual | PrecursorOrigin::ZeroRated | PrecursorOrigin::Default { .. } => {
                let cn_i = pre.origin.default_cn_code().cloned().or_else(|| representative_cn(pre.category)).ok_or_else(|| {
                    bad(format!(
                        "precursor '{}': its CN code is not known (give it in default_cn_code) and its category has benchmarks of several codes",
                        pre.name
                    ))
                })?;
                let country = pre
                    .country
                    .as_ref()
                    .ok_or_else(|| bad(format!("precursor '{}': its country of origin is not known, so neither is its default production route", pre.name)))?;
                let found = regime.default_values().find(country, &cn_i, variant).ok();
                let route_i = found.as_ref().and_then(|f| f.value.route_bm);
                let (value, _) =
                    bm.column(&cn_i, route_i, Column::B).ok_or_else(|| bad(format!("precursor '{}': {}", pre.name, no_benchmark(bm, &cn_i, "B"))))?;
                parts.push(BenchmarkPart {
                    what: format!("precursor {}", pre.name),
                    mass_per_t: scale,
                    cn_code: cn_i,
                    column: Column::B,
                    route: route_i,
                    value,
                    why: Some(format!(
                        "bought: its producer's SEFA is not supplied, so column B with the default route of {country} ({})",
                        Benchmarks::precursor_rule()
                    )),
                });
            }
        }
    }
    Ok(())
}

pub(super) fn no_benchmark(bm: &Benchmarks, cn: &CnCode, column: &str) -> String {
    let routes: Vec<&str> = bm.rows(cn).iter().filter_map(|r| r.route().map(BenchmarkRoute::code)).collect();
    if routes.is_empty() {
        format!("the benchmark table ({}) lists no column-{column} benchmark for CN {cn}", Benchmarks::source())
    } else {
        format!("CN {cn} has benchmarks for several production routes ({}) and the route of these goods is not known", routes.join(", "))
    }
}

/// The benchmark route letter for actual values, from the supplier's production route or the
/// good's variant; `None` where the table must be asked (single row) or the user must choose.
pub fn actual_route(route: Route, category: GoodsCategory, variant: Option<Variant>) -> Option<BenchmarkRoute> {
    match (category, route) {
        (_, Route::PrimarySmelting | Route::ProductsIntegratedPrimary) => Some(BenchmarkRoute::K),
        (_, Route::SecondaryMelting | Route::ProductsIntegratedSecondary) => Some(BenchmarkRoute::L),
        (GoodsCategory::CementClinker | GoodsCategory::Cement, _) => match variant {
            Some(Variant::Grey) => Some(BenchmarkRoute::A),
            Some(Variant::White) => Some(BenchmarkRoute::B),
            None => None,
        },
        _ => None,
    }
}
