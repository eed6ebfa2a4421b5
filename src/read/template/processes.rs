//! `D_Processes` (one block per production process) and `E_PurchPrec` (one block per purchased
//! precursor) into model processes with their precursors.
//!
//! The template attributes direct emissions by amount (DirEm*), declares own precursors at the
//! producing process ("consumed in other production processes") and purchased ones per
//! consuming process; both blocks end in a control that must come out at 0: production (or
//! purchase) equals its uses. A block that does not add up is an error at its control cell.

use super::Ctx;
use super::data::{ProcessBlock, PurchasedBlock, Sector};
use super::identity::{Decl, ProcDecl};
use crate::model::DiagCode;
use crate::model::{CellRef, Dec, Diagnostic, EfSource, Electricity, GoodsCategory, PrecursorInput, PrecursorSource, Process, PurchasedSee, Route};
use crate::tables::factors::Factors;

/// The electricity-factor sources of the template (`CONST_ElecSource`, IR 2023/1773 Annex III
/// D.4) and the model's source for each (`None`: a mix of several).
const EF_SOURCES: &[(&str, Option<EfSource>)] = &[
    ("D.4(a)", Some(EfSource::Grid)),
    ("D.4(b)", Some(EfSource::Grid)),
    ("D.4.1", Some(EfSource::OwnGeneration)),
    ("D.4.2", Some(EfSource::OwnGeneration)),
    ("D.4.3.1", Some(EfSource::DirectLine)),
    ("D.4.3.2", Some(EfSource::Ppa)),
    ("Mix", None),
];

/// Two amounts agree when they differ by at most this share of the larger (float sums).
fn same(a: Dec, b: Dec) -> bool {
    let scale = a.abs().max(b.abs()).max(Dec::ONE);
    (a - b).abs() <= scale * Dec::new(1, 9)
}

fn ef_source(ctx: &mut Ctx, at: &CellRef, required: bool) -> (Option<EfSource>, Option<String>) {
    let Some(t) = ctx.text(at, required, "the source of the electricity emission factor") else { return (None, None) };
    match EF_SOURCES.iter().find(|(c, _)| c.eq_ignore_ascii_case(t.trim())) {
        Some((c, s)) => (*s, Some((*c).to_string())),
        None => {
            let list: Vec<&str> = EF_SOURCES.iter().map(|(c, _)| *c).collect();
            ctx.diags.push(
                Diagnostic::at(DiagCode::TemplateCode, at, format!("expected the source of the emission factor, found '{t}'"))
                    .hint(format!("one of the template's list: {}", list.join(", "))),
            );
            (None, Some(t))
        }
    }
}

/// An amount and, when it is not zero, the factor it needs.
fn with_factor(ctx: &mut Ctx, amount_at: &CellRef, factor_at: &CellRef, what: &str, factor: &str) -> (Dec, Option<Dec>) {
    let amount = ctx.amount(amount_at, false, what).unwrap_or_default();
    let f = ctx.amount(factor_at, !amount.is_zero(), factor);
    (amount, f)
}

/// Production processes of the sectors cbam computes, and every block as entered.
pub(crate) fn processes(ctx: &mut Ctx, decl: &Decl) -> (Vec<Process>, Vec<ProcessBlock>) {
    let f = Factors::embedded();
    let (ef_ng, corr) = (f.value("waste_gas", "ef_natural_gas").unwrap_or_default(), f.value("waste_gas", "corr_eta").unwrap_or_default());
    let mut procs: Vec<Process> = Vec::new();
    let mut blocks = Vec::new();
    let mut flows: Vec<(String, u32, Dec, CellRef)> = Vec::new();
    for p in &decl.processes {
        let k = p.index;
        let map = ctx.map;
        let at = |n: &str, i: u32| map.get(n).at(k, i, 0);
        let origin = at("proc.total", 0);
        let Some(sector) = p.sector else { continue };
        let Sector::Covered(category) = sector else {
            let production = (0..8).filter_map(|i| ctx.cached(&at("proc.production", i))).sum();
            blocks.push(block(p, sector, production, origin));
            continue;
        };
        let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
        let routes = if category == GoodsCategory::UnwroughtAluminium { 4 } else { 1 };
        let mut production = Dec::ZERO;
        let mut by_route = Vec::new();
        for i in 0..map.get("proc.production").rows() {
            let c = at("proc.production", i);
            let Some(v) = ctx.amount(&c, false, "the production (t)") else { continue };
            if i >= routes && !v.is_zero() {
                ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplateRoute,
                    &c,
                    format!(
                        "expected no production in this row: {} has {routes} production route{} (rows {}:{}), found {v} t",
                        p.category_text,
                        if routes == 1 { "" } else { "s" },
                        at("proc.production", 0).a1(),
                        at("proc.production", routes - 1).a1()
                    ),
                ));
            }
            production += v;
            if !v.is_zero() {
                by_route.push(i);
            }
        }
        let first = at("proc.production", 0);
        if production.is_zero() && ctx.diags.iter().filter(|d| d.is_error()).count() == errors {
            ctx.incomplete.push(first.clone());
            ctx.diags.push(
                Diagnostic::at(
                    DiagCode::TemplateNoProcessProduction,
                    &first,
                    format!(
                        "expected the production of process {} '{}' (t) in D_Processes!{}:{}, found none",
                        p.id,
                        p.name,
                        first.a1(),
                        at("proc.production", 7).a1()
                    ),
                )
                .hint("a production process declared in A_InstData needs its total production over the reporting period"),
            );
        }
        let market = ctx.amount(&at("proc.market", 0), false, "the amount produced for the market (t)").unwrap_or_default();
        let mut to_processes = Vec::new();
        for i in 0..map.get("proc.to_process").rows() {
            let c = at("proc.to_process", i);
            let Some(v) = ctx.amount(&c, false, "the amount consumed in that production process (t)") else { continue };
            if v.is_zero() {
                continue;
            }
            let target = if i < k { i } else { i + 1 };
            match decl.process(target) {
                Some(t) => to_processes.push((t.id.clone(), v)),
                None => ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplateUnknownProcess,
                    &c,
                    format!("expected no amount here: production process P{} is not declared in A_InstData, found {v} t", target + 1),
                )),
            }
            flows.push((p.id.clone(), target, v, c));
        }
        let non_cbam = ctx.amount(&at("proc.non_cbam", 0), false, "the amount consumed for non-CBAM goods (t)").unwrap_or_default();
        let uses = market + to_processes.iter().map(|(_, v)| *v).sum::<Dec>() + non_cbam;
        if !production.is_zero() && !same(production, uses) {
            ctx.diags.push(
                Diagnostic::at(DiagCode::TemplateBalance, &at("proc.control", 0), format!(
                    "process {} '{}' produces {} t but its uses add up to {} t (market {} t, other processes {} t, non-CBAM goods {} t): {} t unaccounted for",
                    p.id, p.name, production.normalize(), uses.normalize(), market.normalize(), (uses - market - non_cbam).normalize(), non_cbam.normalize(), (production - uses).normalize()))
                .hint("the control (e) of the block must be 0: the production for the market, for other processes and for non-CBAM goods must add up to the total production"),
            );
        }
        let dir_em = ctx.amount(&at("proc.dir_em", 0), true, "the directly attributable emissions DirEm* (tCO2e; 0 if none)");
        let (heat_in, heat_in_ef) = with_factor(
            ctx,
            &at("proc.heat_imported", 0),
            &at("proc.heat_imported_ef", 0),
            "the measurable heat imported (TJ)",
            "the emission factor of the heat imported (tCO2/TJ)",
        );
        let (heat_out, heat_out_ef) = with_factor(
            ctx,
            &at("proc.heat_exported", 0),
            &at("proc.heat_exported_ef", 0),
            "the measurable heat exported (TJ)",
            "the emission factor of the heat exported (tCO2/TJ)",
        );
        let wg_in = ctx.amount(&at("proc.waste_gas_imported", 0), false, "the waste gas imported (TJ)").unwrap_or_default();
        let wg_out = ctx.amount(&at("proc.waste_gas_exported", 0), false, "the waste gas exported (TJ)").unwrap_or_default();
        let (el, el_ef) = with_factor(
            ctx,
            &at("proc.electricity", 0),
            &at("proc.electricity_ef", 0),
            "the electricity consumed (MWh)",
            "the emission factor of the electricity (tCO2/MWh)",
        );
        let (el_source, el_code) = ef_source(ctx, &at("proc.electricity_source", 0), !el.is_zero());
        let (el_out, el_out_ef) = with_factor(
            ctx,
            &at("proc.electricity_exported", 0),
            &at("proc.electricity_exported_ef", 0),
            "the electricity exported (MWh)",
            "the emission factor of the electricity exported (tCO2/MWh)",
        );
        let route = match category {
            GoodsCategory::UnwroughtAluminium => match by_route.as_slice() {
                [0] => Route::PrimarySmelting,
                [1] => Route::SecondaryMelting,
                _ => Route::MixedUnwrought,
            },
            c => c.routes()[0],
        };
        blocks.push(ProcessBlock {
            to_processes,
            market_t: market,
            non_cbam_t: non_cbam,
            direct_emissions_t: dir_em,
            electricity_mwh: el,
            electricity_ef: el_ef,
            electricity_source: el_code.clone(),
            ..block(p, sector, production, origin.clone())
        });
        if ctx.diags.iter().filter(|d| d.is_error()).count() > errors {
            continue;
        }
        procs.push(Process {
            id: p.id.clone(),
            name: p.name.clone(),
            category,
            route,
            activity_level_t: production,
            electricity: Electricity {
                consumed_mwh: el,
                ef: el_ef,
                ef_source: el_source,
                ef_reference: el_code.map(|c| format!("Communication template source {c}")),
                evidence: None,
                ef_source_at: None,
                evidence_at: None,
            },
            electricity_produced_mwh: el_out,
            electricity_produced_ef: el_out_ef.unwrap_or_default(),
            heat_imported_tj: heat_in,
            heat_imported_ef: heat_in_ef.unwrap_or_default(),
            heat_exported_tj: heat_out,
            heat_exported_ef: heat_out_ef.unwrap_or_default(),
            // Annex III equations 53 and 54: imported waste gas at the natural-gas factor,
            // exported at that factor times Corr_η.
            waste_gas_correction_t: wg_in * ef_ng - wg_out * ef_ng * corr,
            non_saleable_output_t: Dec::ZERO,
            direct_emissions_entered_t: dir_em,
            streams: Vec::new(),
            pfc: Vec::new(),
            precursors: Vec::new(),
            origin: Some(origin),
        });
    }
    // Own precursors: what a process sends to another becomes a precursor of the other.
    for (producer, target, mass, cell) in flows {
        let Some((name, category)) = procs.iter().find(|q| q.id == producer).map(|q| (q.name.clone(), q.category)) else { continue };
        let Some(t) = decl.process(target) else { continue };
        if let Some(consumer) = procs.iter_mut().find(|q| q.id == t.id) {
            consumer.precursors.push(PrecursorInput {
                name,
                category,
                mass_t: mass,
                source: PrecursorSource::Own { process: producer },
                alloying: false,
                verification_report: None,
                verification_at: None,
                origin: Some(cell),
            });
        }
    }
    (procs, blocks)
}

fn block(p: &ProcDecl, sector: Sector, production: Dec, origin: CellRef) -> ProcessBlock {
    ProcessBlock {
        id: p.id.clone(),
        name: p.name.clone(),
        category_text: p.category_text.clone(),
        sector,
        production_t: production,
        market_t: Dec::ZERO,
        to_processes: Vec::new(),
        non_cbam_t: Dec::ZERO,
        direct_emissions_t: None,
        electricity_mwh: Dec::ZERO,
        electricity_ef: None,
        electricity_source: None,
        origin,
    }
}

/// Purchased precursors: each block adds a precursor to every process that consumes it.
pub(crate) fn purchased(ctx: &mut Ctx, decl: &Decl, mut procs: Vec<Process>) -> (Vec<Process>, Vec<PurchasedBlock>) {
    let mut blocks = Vec::new();
    for pp in &decl.purchased {
        let k = pp.index;
        let map = ctx.map;
        let at = |n: &str, i: u32| map.get(n).at(k, i, 0);
        let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
        let mut purchased = Dec::ZERO;
        for i in 0..map.get("pp.purchased").rows() {
            purchased += ctx.amount(&at("pp.purchased", i), false, "the amount purchased (t)").unwrap_or_default();
        }
        let mut to_processes: Vec<(u32, Dec, CellRef)> = Vec::new();
        for i in 0..map.get("pp.to_process").rows() {
            let c = at("pp.to_process", i);
            if let Some(v) = ctx.amount(&c, false, "the amount consumed in that production process (t)").filter(|v| !v.is_zero()) {
                to_processes.push((i, v, c));
            }
        }
        let other = ctx.amount(&at("pp.other", 0), false, "the amount consumed for other purposes (t)").unwrap_or_default();
        let consumed: Dec = to_processes.iter().map(|(_, v, _)| *v).sum();
        if !same(purchased, consumed + other) {
            ctx.diags.push(
                Diagnostic::at(DiagCode::TemplateBalance, &at("pp.control", 0), format!(
                    "purchased precursor {} '{}': {} t purchased but {} t consumed in production processes and {} t for other purposes: {} t unaccounted for",
                    pp.id, pp.name, purchased.normalize(), consumed.normalize(), other.normalize(), (purchased - consumed - other).normalize()))
                .hint("the control (d) of the block must be 0: the amounts consumed must add up to the amount purchased"),
            );
        }
        let needed = !consumed.is_zero();
        let see_direct = ctx.amount(&at("pp.see_direct", 0), needed, "the specific embedded direct emissions of the precursor (tCO2e/t)");
        let see_direct_source = ctx.text(&at("pp.see_direct_source", 0), false, "");
        let (el, el_ef) = with_factor(
            ctx,
            &at("pp.electricity", 0),
            &at("pp.electricity_ef", 0),
            "the specific electricity consumption (MWh/t)",
            "the emission factor of that electricity (tCO2/MWh)",
        );
        let el_given = !ctx.is_blank(&at("pp.electricity", 0));
        let (_, el_code) = ef_source(ctx, &at("pp.electricity_ef_source", 0), false);
        blocks.push(PurchasedBlock {
            id: pp.id.clone(),
            name: pp.name.clone(),
            category_text: pp.category_text.clone(),
            sector: pp.sector,
            country: pp.country,
            purchased_t: purchased,
            to_processes: to_processes.iter().filter_map(|(j, v, _)| decl.process(*j).map(|p| (p.id.clone(), *v))).collect(),
            other_t: other,
            see_direct,
            see_direct_source,
            electricity: el_given.then_some(el),
            electricity_ef: el_ef,
            electricity_ef_source: el_code,
            origin: pp.at.clone(),
        });
        let category = match pp.sector {
            Some(Sector::Covered(c)) => c,
            Some(Sector::Other(s)) if needed => {
                ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplatePrecursorSector,
                    &pp.at,
                    format!("purchased precursor {} '{}' is a good of the {s} sector; cbam computes cement and aluminium only", pp.id, pp.name),
                ));
                continue;
            }
            _ => continue,
        };
        if ctx.diags.iter().filter(|d| d.is_error()).count() > errors {
            continue;
        }
        let (Some(country), Some(see_direct)) = (pp.country, see_direct) else { continue };
        let values =
            PurchasedSee::Actual { see_direct, see_indirect: el * el_ef.unwrap_or_default(), embedded_electricity: el_given.then_some(el), default_key: None };
        for (j, mass, cell) in to_processes {
            let Some(target) = decl.process(j) else {
                ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplateUnknownProcess,
                    &cell,
                    format!("expected no amount here: production process P{} is not declared in A_InstData, found {mass} t", j + 1),
                ));
                continue;
            };
            if let Some(consumer) = procs.iter_mut().find(|q| q.id == target.id) {
                consumer.precursors.push(PrecursorInput {
                    name: pp.name.clone(),
                    category,
                    mass_t: mass,
                    source: PrecursorSource::Purchased { supplier: None, country: Some(country), values: values.clone() },
                    alloying: false,
                    verification_report: None,
                    verification_at: None,
                    origin: Some(cell),
                });
            }
        }
    }
    (procs, blocks)
}
