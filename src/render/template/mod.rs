//! Writes an installation into the Commission's "Communication template for installations"
//! (v2.1.1, shipped in `templates/` and embedded in the binary): the input cells of `A_InstData`,
//! `B_EmInst`, `D_Processes`, `E_PurchPrec`, `F_Tools` and `Summary_Products`, through the same
//! cell map the template reader uses, and nothing else ([`xlsx`] edits the sheet XML in place).
//!
//! How the model maps onto the template (the reverse of `read::template`):
//! - each process is a production process P1…P10 with its `D_Processes` block: production in the
//!   row of its route, what the other processes consume of it (own precursors), the rest "for the
//!   market"; the directly attributable emissions DirEm* are the process's direct emissions as
//!   cbam computes them from its source streams and PFCs (fossil CO2 + PFC CO2e); the heat,
//!   waste-gas and electricity corrections go into their own cells, where the template applies
//!   them;
//! - every source stream and PFC row of every process goes to `B_EmInst` (installation level),
//!   with the factor cbam applied;
//! - purchased precursors with the same name, category, country and values form one purchased
//!   precursor PP1…PP20; their indirect emissions are entered as specific electricity × factor;
//! - goods are `Summary_Products` rows, with their qualifying parameters and carbon price.
//!
//! What does not fit is refused with a diagnostic per item (code `template.does_not_fit`): no
//! file is written that silently drops data.
#![deny(missing_docs)]

mod purchased;
mod streams;
mod words;
pub mod xlsx;

use crate::model::DiagCode;
use std::collections::BTreeMap;

use crate::compute::{PrecursorKind, Results};
use crate::format::template_cells::CellMap;
use crate::model::{Basis, Dec, Diagnostic, Diagnostics, GoodsCategory, Installation, Instrument, Location, PfcMethod, PrecursorSource, Route, StreamMethod};
use crate::tables::factors::Factors;
use purchased::purchased;
use streams::streams;
pub use words::category_name;
use words::{ALL_ROUTES, PRIMARY, SECONDARY, UNKNOWN_ROUTE, ef_source_code, instrument_name, technology_name};
use xlsx::{CellValue, Edits};

/// The Commission's blank template v2.1.1 of 13 December 2024, as published.
pub const PRISTINE: &[u8] = include_bytes!("../../../templates/communication-template-v2.1.1-20241213.xlsx");
/// Its version, as `0_Versions` states it.
pub const VERSION: &str = "2.1.1";

/// The most production processes the template holds (P1 to P10 of `D_Processes`).
pub const MAX_PROCESSES: usize = 10;
/// The most purchased precursors the template holds (PP1 to PP20 of `E_PurchPrec`).
pub const MAX_PURCHASED: usize = 20;

/// Choices the data does not settle.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Densities (t/m3) of source streams measured in volume of liquid, by stream name: the
    /// template takes activity data in t or 1000Nm3 only.
    pub densities: Vec<(String, Dec)>,
}

/// A filled template and what was written.
#[derive(Debug)]
pub struct Filled {
    /// The filled workbook, `.xlsx` bytes.
    pub bytes: Vec<u8>,
    /// Number of cells written.
    pub cells: usize,
    /// Production processes written (P1 to P10 of `D_Processes`).
    pub processes: usize,
    /// Purchased precursors written (PP1 to PP20 of `E_PurchPrec`).
    pub purchased: usize,
    /// Source streams written to `B_EmInst`.
    pub streams: usize,
    /// PFC monitoring rows written to `B_EmInst`.
    pub pfc: usize,
    /// Goods written to `Summary_Products`.
    pub goods: usize,
}

/// Collects the cells to write; every refusal becomes a diagnostic.
struct Plan {
    map: &'static CellMap,
    edits: Edits,
    diags: Diagnostics,
    cells: usize,
}

impl Plan {
    fn set(&mut self, name: &str, block: u32, i: u32, value: CellValue) {
        self.set_at(name, block, i, 0, value);
    }
    fn set_at(&mut self, name: &str, block: u32, i: u32, j: u32, value: CellValue) {
        let at = self.map.get(name).at(block, i, j);
        if self.edits.entry(at.sheet.to_string()).or_default().insert((at.row, at.col), value).is_none() {
            self.cells += 1;
        }
    }
    fn num(&mut self, name: &str, block: u32, i: u32, d: Dec) {
        self.set(name, block, i, CellValue::Number(d));
    }
    fn text(&mut self, name: &str, block: u32, i: u32, t: impl Into<String>) {
        self.set(name, block, i, CellValue::Text(t.into()));
    }
    fn opt_text(&mut self, name: &str, t: &Option<String>) {
        if let Some(t) = t.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            self.text(name, 0, 0, t);
        }
    }
    fn does_not_fit(&mut self, loc: Option<Location>, msg: String, hint: &str) {
        self.diags.push(Diagnostic::error(DiagCode::TemplateDoesNotFit, loc, msg).hint(hint));
    }
}

const HUNDRED: Dec = Dec::ONE_HUNDRED;

/// One density as `--density` and the web app take it: `STREAM=T_PER_M3`, such as
/// `Diesel=0.84`; `Err` says what was expected.
pub fn parse_density(s: &str) -> Result<(String, Dec), String> {
    let (name, d) = s.rsplit_once('=').ok_or_else(|| format!("expected STREAM=DENSITY such as \"Diesel=0.84\", found '{s}'"))?;
    match crate::validate::fields::dec_from_text(d.trim()) {
        Some(v) if v > Dec::ZERO && v < Dec::from(25) => Ok((name.trim().to_string(), v)),
        _ => Err(format!("expected a density in t/m3 greater than 0, such as 0.84, found '{d}'")),
    }
}

/// Why a Communication template is not filled from itself: `name` is the input file.
pub fn input_is_template(name: &str) -> Diagnostic {
    Diagnostic::error(
        DiagCode::TemplateInputIsTemplate,
        Some(crate::model::Location::File(name.to_string())),
        "this file is already a Communication template: cbam fills the template from an installation workbook, and a template read back keeps its source streams outside the processes, so they would not be carried over",
    )
    .hint("send the template as it is; `cbam inspect` shows what it holds")
}

/// The template filled with `inst` and the results cbam computed for it (`res` must come from
/// `inst`). `Err` lists everything that does not fit the template.
pub fn fill(inst: &Installation, res: &Results, opts: &Options) -> Result<Filled, Diagnostics> {
    let (plan, counts) = plan(inst, res, opts)?;
    let bytes = xlsx::edit(PRISTINE, &plan.edits)
        .map_err(|e| Diagnostics::from(vec![Diagnostic::error(DiagCode::TemplateWrite, None, format!("could not fill the Communication template: {e}"))]))?;
    let [processes, purchased, streams, pfc, goods] = counts;
    Ok(Filled { bytes, cells: plan.cells, processes, purchased, streams, pfc, goods })
}

/// The cells to write, and the counts of processes, purchased precursors, streams, PFC rows and
/// goods written.
fn plan(inst: &Installation, res: &Results, opts: &Options) -> Result<(Plan, [usize; 5]), Diagnostics> {
    let map = CellMap::for_version(VERSION).expect("a cell map for the shipped template");
    let mut plan = Plan { map, edits: BTreeMap::new(), diags: Diagnostics::new(), cells: 0 };
    identity(&mut plan, inst);
    let procs = processes(&mut plan, inst, res);
    let purchased = purchased(&mut plan, inst, res);
    let (streams, pfc) = streams(&mut plan, inst, res, opts);
    let goods = goods(&mut plan, inst, res);
    tools(&mut plan, inst, res);
    if plan.diags.has_errors() {
        return Err(plan.diags);
    }
    Ok((plan, [procs, purchased, streams, pfc, goods]))
}

fn identity(plan: &mut Plan, inst: &Installation) {
    let id = &inst.identity;
    plan.set("inst.period_start", 0, 0, CellValue::Date(inst.period.start));
    plan.set("inst.period_end", 0, 0, CellValue::Date(inst.period.end));
    plan.opt_text("inst.name_local", &id.name_local);
    plan.text("inst.name_en", 0, 0, id.name_en.trim());
    plan.opt_text("inst.street", &id.street);
    plan.opt_text("inst.economic_activity", &id.economic_activity);
    plan.opt_text("inst.post_code", &id.post_code);
    plan.opt_text("inst.po_box", &id.po_box);
    plan.opt_text("inst.city", &id.city);
    if let Some(c) = &id.country {
        match crate::format::template_countries::name(c.as_str()) {
            Some(n) => plan.text("inst.country", 0, 0, n),
            None => plan.does_not_fit(
                None,
                format!("country {c} is not in the template's list of countries (c_CodeLists)"),
                "check the installation's country code",
            ),
        }
    }
    plan.opt_text("inst.unlocode", &id.unlocode);
    if let Some(l) = id.latitude {
        plan.num("inst.latitude", 0, 0, l);
    }
    if let Some(l) = id.longitude {
        plan.num("inst.longitude", 0, 0, l);
    }
    plan.opt_text("inst.representative", &id.contact_name);
    plan.opt_text("inst.email", &id.contact_email);
    plan.opt_text("inst.phone", &id.contact_phone);
}

/// The row of `route` among the production rows of its category's block.
fn route_row(route: Route) -> Option<u32> {
    match route {
        Route::PrimarySmelting => Some(0),
        Route::SecondaryMelting => Some(1),
        Route::MixedUnwrought => None,
        _ => Some(0),
    }
}

fn processes(plan: &mut Plan, inst: &Installation, res: &Results) -> usize {
    let n = inst.processes.len();
    if n > MAX_PROCESSES {
        let names: Vec<&str> = inst.processes[MAX_PROCESSES..].iter().map(|p| p.id.as_str()).collect();
        plan.does_not_fit(
            None,
            format!("the installation has {n} production processes; the template holds {MAX_PROCESSES} (P1 to P10): {} would be left out", names.join(", ")),
            "merge processes that make goods of the same aggregated category, or communicate the installation in two files",
        );
        return 0;
    }
    // Goods categories (section 3 of A_InstData) with their routes, in order of first use.
    let mut categories: Vec<(GoodsCategory, Vec<&'static str>)> = Vec::new();
    for p in &inst.processes {
        let route = match p.route {
            Route::PrimarySmelting => PRIMARY,
            Route::SecondaryMelting => SECONDARY,
            _ => ALL_ROUTES,
        };
        match categories.iter_mut().find(|(c, _)| *c == p.category) {
            Some((_, routes)) if !routes.contains(&route) => routes.push(route),
            Some(_) => {}
            None => categories.push((p.category, vec![route])),
        }
    }
    for (i, (c, routes)) in categories.iter().enumerate() {
        plan.text("goods.category", 0, i as u32, category_name(*c));
        // Categories with one route show "All production routes" by formula; only aluminium's
        // routes are chosen.
        if *c == GoodsCategory::UnwroughtAluminium {
            for (j, r) in routes.iter().enumerate() {
                plan.set_at("goods.routes", 0, i as u32, j as u32, CellValue::Text((*r).to_string()));
            }
        }
    }
    let mut names: Vec<&str> = Vec::new();
    let f = Factors::embedded();
    let ef_ng = f.value("waste_gas", "ef_natural_gas").unwrap_or_default();
    let corr = f.value("waste_gas", "corr_eta").unwrap_or_default();
    for (k, p) in inst.processes.iter().enumerate() {
        let k32 = k as u32;
        let loc = p.origin.clone().map(Location::Cell);
        let Some(r) = res.processes.iter().find(|r| r.id == p.id) else { continue };
        let name = p.name.trim();
        if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            plan.does_not_fit(
                loc.clone(),
                format!("two processes are named '{name}'; the template finds a process by its name (Summary_Products column D)"),
                "give each process its own name",
            );
        }
        names.push(name);
        plan.text("process.category", 0, k32, category_name(p.category));
        plan.set_at("process.included", 0, k32, 0, CellValue::Text(category_name(p.category).to_string()));
        plan.text("process.name", 0, k32, name);
        let Some(row) = route_row(p.route) else {
            plan.does_not_fit(loc.clone(), format!("process {} '{}' makes unwrought aluminium by primary smelting and secondary melting together, with one activity level; the template needs the production of each route apart (D_Processes rows 16 and 17 of its block)", p.id, p.name), "split the process in two, one per route");
            continue;
        };
        plan.num("proc.production", k32, row, p.activity_level_t);
        // What the other processes consume of this one.
        let mut to_others = Dec::ZERO;
        for (t, q) in inst.processes.iter().enumerate() {
            if t == k {
                continue;
            }
            let mass: Dec = q.precursors.iter().filter(|x| matches!(&x.source, PrecursorSource::Own { process } if *process == p.id)).map(|x| x.mass_t).sum();
            if !mass.is_zero() {
                let i = if t < k { t } else { t - 1 } as u32;
                plan.num("proc.to_process", k32, i, mass);
                to_others += mass;
            }
        }
        let market = p.activity_level_t - to_others;
        if market < Dec::ZERO {
            plan.does_not_fit(
                loc.clone(),
                format!(
                    "the other processes consume {} t of what process {} '{}' makes, more than its activity level of {} t",
                    to_others.normalize(),
                    p.id,
                    p.name,
                    p.activity_level_t.normalize()
                ),
                "the template's control (production less its uses) must come out at 0",
            );
        } else {
            plan.num("proc.market", k32, 0, market);
        }
        plan.num("proc.dir_em", k32, 0, r.direct_emissions_t);
        let pairs = [
            ("proc.heat_imported", "proc.heat_imported_ef", p.heat_imported_tj, p.heat_imported_ef),
            ("proc.heat_exported", "proc.heat_exported_ef", p.heat_exported_tj, p.heat_exported_ef),
            ("proc.electricity_exported", "proc.electricity_exported_ef", p.electricity_produced_mwh, p.electricity_produced_ef),
        ];
        for (amount, factor, a, ef) in pairs {
            if !a.is_zero() {
                plan.num(amount, k32, 0, a);
                plan.num(factor, k32, 0, ef);
            }
        }
        // The model keeps the waste-gas correction in tCO2; the template takes the waste gas in
        // TJ, imported at the natural-gas factor, exported at that factor × Corr_η.
        let wg = p.waste_gas_correction_t;
        if !wg.is_zero() {
            if ef_ng.is_zero() || corr.is_zero() {
                plan.does_not_fit(loc.clone(), format!("process {}: no natural-gas factor to express the waste-gas correction in TJ", p.id), "");
            } else if wg > Dec::ZERO {
                plan.num("proc.waste_gas_imported", k32, 0, wg / ef_ng);
            } else {
                plan.num("proc.waste_gas_exported", k32, 0, -wg / (ef_ng * corr));
            }
        }
        let el = &p.electricity;
        if !el.consumed_mwh.is_zero() {
            plan.num("proc.electricity", k32, 0, el.consumed_mwh);
            if let Some(ef) = el.ef {
                plan.num("proc.electricity_ef", k32, 0, ef);
            }
            plan.text("proc.electricity_source", k32, 0, ef_source_code(el.ef_source, el.ef_reference.as_deref()));
        }
    }
    n
}

/// F_Tools, the template's carbon price due tool: per production process the share of its own
/// specific emissions (the tool's column G: attributed direct + indirect per tonne) that the
/// carbon price covers — its direct emissions, as China's ETS covers the installation's direct
/// emissions and cbam counts them — and the effective price per tCO2e, net of free allocation and
/// rebates. The tool then gives, per process and with its own precursors, the amount due per
/// tonne that Summary_Products column AR states (the round-trip test checks that they agree).
/// Purchased precursors carry no carbon price here.
fn tools(plan: &mut Plan, inst: &Installation, res: &Results) {
    let schemes = &res.carbon_price.schemes;
    let Some(first) = schemes.first() else { return };
    if schemes.iter().any(|s| s.currency != first.currency) {
        return; // refused in `goods`
    }
    let price: Dec = schemes.iter().map(|s| s.price_per_t).sum();
    plan.text("tools.currency", 0, 0, first.currency.clone());
    for (k, p) in inst.processes.iter().enumerate().take(MAX_PROCESSES) {
        let Some(r) = res.processes.iter().find(|r| r.id == p.id) else { continue };
        let own = r.attributed_direct_t + r.attributed_indirect_t;
        if own.is_zero() {
            continue;
        }
        plan.num("tools.share", 0, k as u32, r.direct_emissions_t / own);
        plan.num("tools.price", 0, k as u32, price);
    }
}

fn goods(plan: &mut Plan, inst: &Installation, res: &Results) -> usize {
    let rows = plan.map.get("product.cn_code").rows() as usize;
    if inst.goods.len() > rows {
        plan.does_not_fit(
            None,
            format!("the installation has {} goods; Summary_Products holds {rows}", inst.goods.len()),
            "communicate the installation in two files",
        );
        return 0;
    }
    let schemes = &res.carbon_price.schemes;
    let currency = schemes.first().map(|s| s.currency.clone());
    if schemes.iter().any(|s| Some(&s.currency) != currency.as_ref()) {
        plan.does_not_fit(
            None,
            "the carbon prices are in different currencies; the template takes one currency per product".to_string(),
            "convert the amounts to one currency",
        );
    }
    for (i, g) in inst.goods.iter().enumerate() {
        let i = i as u32;
        let Some(p) = inst.process(&g.process) else { continue };
        plan.text("product.process", 0, i, p.name.trim());
        plan.text("product.cn_code", 0, i, g.cn_code.cn8().to_string());
        plan.text("product.name", 0, i, g.product.trim());
        let q = &g.params;
        let fraction = |x: Option<Dec>| x.map(|v| CellValue::Number(v / HUNDRED));
        for (name, v) in [
            ("product.pre_consumer_scrap", fraction(q.pre_consumer_scrap_pct)),
            ("product.non_al_elements", fraction(q.non_al_elements_pct)),
            ("product.clinker_factor", fraction(q.clinker_ratio_pct)),
            ("product.scrap_per_t", q.scrap_t_per_t.map(CellValue::Number)),
            ("product.calcined", q.calcined.map(CellValue::Bool)),
        ] {
            if let Some(v) = v {
                plan.set(name, 0, i, v);
            }
        }
        // The carbon price due per tonne of good, net of free allocation and rebates.
        let Some(cp) = res.carbon_price.goods.get(i as usize).filter(|c| !c.lines.is_empty()) else { continue };
        let used: Vec<Instrument> = {
            let mut v: Vec<Instrument> = cp.lines.iter().map(|l| schemes[l.scheme].instrument).collect();
            v.sort();
            v.dedup();
            v
        };
        let instrument = if used.len() == 1 { instrument_name(used[0]) } else { "Combination" };
        plan.text("product.cp_instrument", 0, i, instrument);
        if let Some(r) = res.goods.get(i as usize).filter(|r| !r.see_total.is_zero()) {
            plan.num("product.cp_share", 0, i, (cp.emissions_covered / r.see_total).min(Dec::ONE));
        }
        if let Some(c) = &currency {
            plan.text("product.cp_currency", 0, i, c.clone());
        }
        plan.num("product.cp_due", 0, i, cp.amount);
    }
    inst.goods.len()
}

#[cfg(test)]
mod tests;
