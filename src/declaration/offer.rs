//! What a supplier offers for a customs line's good, whichever form its data came in: an
//! installation file computed here or an operator's emissions report. The declaration reads only
//! the [`Offer`]: the reported SEE, the route and variant, the Article 9 claim and the column-A
//! benchmark.

use crate::compute::GoodResult;
use crate::compute::definitive;
use crate::model::{CnCode, Dec, ImportLine, Variant};
use crate::regime::Regime;
use crate::render::operator_report::GoodInfo;
use crate::report::suppliers::{Reported, Supplier};
use crate::tables::benchmarks::BenchmarkRoute;

/// The supplier's good for a line: the CN code, and the product where the line names one.
pub(super) fn good_of<'a>(s: &'a Supplier, line: &ImportLine) -> Option<&'a GoodResult> {
    let mut it = s.results.goods.iter().filter(|g| crate::tables::nomenclature::Nomenclature::embedded().same_goods(g.cn_code.cn8(), line.cn_code.cn8()));
    match &line.product {
        Some(p) => it.find(|g| g.product.trim().eq_ignore_ascii_case(p.trim())),
        None => it.next(),
    }
}

/// One scheme's price paid, as a computed supplier file or an operator's report gives it.
struct Paid<'a> {
    net_paid: Dec,
    certified_by: Option<&'a str>,
    eur_rate: Option<Dec>,
    currency: &'a str,
    rate_source: Option<&'a str>,
}

/// The supplier's Article 9 claim: who certified the documentation of the prices paid (every
/// scheme with a price paid must name someone), and the exchange rates they were converted at.
fn claim(schemes: &[Paid<'_>]) -> (Option<String>, Option<String>) {
    let paying: Vec<&Paid<'_>> = schemes.iter().filter(|e| !e.net_paid.is_zero()).collect();
    let certified = (!paying.is_empty() && paying.iter().all(|e| e.certified_by.is_some()))
        .then(|| paying.iter().filter_map(|e| e.certified_by).collect::<Vec<_>>().join("; "));
    let rates: Vec<String> = paying
        .iter()
        .filter_map(|e| e.eur_rate.map(|r| format!("{} {} per EUR ({})", r.normalize(), e.currency, e.rate_source.unwrap_or("source not given"))))
        .collect();
    (certified, (!rates.is_empty()).then(|| rates.join("; ")))
}

/// What a supplier gives for a line's good, from an installation file computed here or from an
/// operator's emissions report: the figures the declaration uses, whichever the source.
pub(super) struct Offer {
    pub(super) file: String,
    pub(super) installation_id: String,
    pub(super) verified: bool,
    /// Why not verified, for the warning.
    pub(super) unverified_why: &'static str,
    /// The methodology and period start, when not the definitive one.
    pub(super) transitional: Option<(String, chrono::NaiveDate)>,
    pub(super) cn_code: CnCode,
    pub(super) product: String,
    /// As the supplier reports them (IR 2025/2547: 5 decimals).
    pub(super) see_direct: Dec,
    pub(super) see_indirect: Dec,
    pub(super) route: crate::model::Route,
    pub(super) variant: Option<Variant>,
    pub(super) carbon_eur: Option<Dec>,
    pub(super) certified_by: Option<String>,
    pub(super) exchange_rate: Option<String>,
    /// A price paid with no EUR rate to convert it.
    pub(super) carbon_without_rate: bool,
    pub(super) column_a: Result<definitive::ColumnA, String>,
}

pub(super) fn offer_of_file(s: &Supplier, g: &GoodResult, line: &ImportLine, regime: &Regime, user_route: Option<BenchmarkRoute>) -> Offer {
    let process = s.results.processes.iter().find(|p| p.id == g.process);
    let variant = line.variant.or_else(|| s.installation.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product).and_then(|x| x.variant));
    let idx = s.results.goods.iter().position(|x| std::ptr::eq(x, g)).unwrap_or(0);
    let cp = &s.results.carbon_price;
    let schemes: Vec<Paid<'_>> = cp
        .schemes
        .iter()
        .map(|e| Paid {
            net_paid: e.net_paid,
            certified_by: e.certified_by.as_deref(),
            eur_rate: e.eur_rate,
            currency: &e.currency,
            rate_source: e.eur_rate_source.as_deref(),
        })
        .collect();
    let (certified_by, exchange_rate) = claim(&schemes);
    let carbon_eur = cp.goods.get(idx).and_then(|g| g.amount_eur);
    let r = &s.results.regime;
    Offer {
        file: s.file.clone(),
        installation_id: s.installation.identity.installation_id.clone(),
        verified: s.installation.verification.is_some(),
        unverified_why: "its About sheet names no verification report",
        transitional: (!r.methodology.is_definitive()).then(|| (r.methodology.short().to_string(), s.installation.period.start)),
        cn_code: g.cn_code.clone(),
        product: g.product.clone(),
        // The SEE the supplier reports: rounded as its methodology prescribes (IR 2025/2547:
        // 5 decimals), the figure the importer receives and the Registry recomputes from.
        see_direct: r.reported_see(g.see_direct),
        see_indirect: r.reported_see(g.see_indirect),
        route: process.map_or(g.route, |p| p.route),
        variant,
        carbon_eur,
        certified_by,
        exchange_rate,
        carbon_without_rate: s.results.carbon_price.goods.get(idx).is_some_and(|c| c.amount_eur.is_none() && !c.amount.is_zero()),
        column_a: definitive::column_a(regime, &s.results, g, variant, user_route).map_err(|e| e.to_string()),
    }
}

/// The report's good for a line: the CN code, and the product where the line names one.
pub(super) fn report_good_of<'a>(r: &'a Reported, line: &ImportLine) -> Option<&'a GoodInfo> {
    let mut it = r.report.goods.iter().filter(|g| crate::tables::nomenclature::Nomenclature::embedded().same_goods(&g.cn_code, line.cn_code.cn8()));
    match &line.product {
        Some(p) => it.find(|g| g.product.trim().eq_ignore_ascii_case(p.trim())),
        None => it.next(),
    }
}

pub(super) fn offer_of_report(r: &Reported, g: &GoodInfo, line: &ImportLine, regime: &Regime) -> Offer {
    let rep = &r.report;
    let schemes: Vec<Paid<'_>> = rep
        .carbon_price
        .iter()
        .flat_map(|c| &c.schemes)
        .map(|e| Paid {
            net_paid: e.net_paid,
            certified_by: e.certified_by.as_deref(),
            eur_rate: e.eur_rate,
            currency: &e.currency,
            rate_source: e.eur_rate_source.as_deref(),
        })
        .collect();
    let (certified_by, exchange_rate) = claim(&schemes);
    let benchmarks = regime.record().benchmarks;
    let column_a = match &g.sefa {
        None => Err("the operator's report gives no specific embedded free allocation for this good".to_string()),
        Some(s) if s.table != benchmarks => Err(format!("the report's free allocation rests on {}, the declaration's year on {benchmarks}", s.table)),
        Some(s) => s
            .parts
            .iter()
            .map(|p| {
                CnCode::parse(&p.cn_code).map_err(|e| format!("benchmark part {}: {e:?}", p.what)).map(|cn_code| definitive::BenchmarkPart {
                    what: p.what.clone(),
                    mass_per_t: p.mass_per_t,
                    cn_code,
                    column: p.column,
                    route: p.route,
                    value: p.value,
                    why: p.why.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|parts| definitive::ColumnA { value: s.benchmark, parts }),
    };
    let cn_code = g.code().unwrap_or_else(|| line.cn_code.clone());
    Offer {
        file: r.file.clone(),
        installation_id: rep.installation.id.clone(),
        verified: rep.is_verified(),
        unverified_why: "the operator's report names no verification report",
        transitional: None,
        cn_code,
        product: g.product.clone(),
        see_direct: g.see_direct,
        see_indirect: g.see_indirect,
        route: rep.processes.iter().find(|p| p.id == g.process_id).map_or(g.route, |p| p.route),
        variant: line.variant.or(g.variant),
        carbon_eur: g.carbon_price.as_ref().and_then(|c| c.amount_eur),
        certified_by,
        exchange_rate,
        carbon_without_rate: g.carbon_price.as_ref().is_some_and(|c| c.amount_eur.is_none() && !c.amount.is_zero()),
        column_a,
    }
}
