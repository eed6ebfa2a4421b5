//! `B_EmInst`: the installation's source streams (calculation-based), PFC rows and
//! measurement-based sources, and `C_Emissions&Energy`: the balances the file's formulas cached.
//!
//! Units are the template's own: activity in t or 1000Nm3 (NCV and carbon content per that
//! unit), factors in tCO2/TJ, tCO2/t or tCO2/1000Nm3; oxidation, conversion and biomass in
//! percent 0..100; the PFC collection efficiency as a fraction (its formula divides by it).
//! Anything else is refused with its cell.

use super::Ctx;
use super::data::{Balance, Measured};
use crate::model::DiagCode;
use crate::model::{Basis, CellRef, CellTechnology, Dec, Diagnostic, EmissionFactor, Monitoring, PfcMethod, PfcMonitoring, SourceStream, StreamMethod};
use crate::validate::Value;

/// The rows with something in them, as model values (origin: the row's method cell).
pub(crate) fn read(ctx: &mut Ctx) -> (Vec<SourceStream>, Vec<PfcMonitoring>, Vec<Measured>) {
    let mut streams = Vec::new();
    for i in 0..ctx.map.get("stream.method").rows() {
        let cells: Vec<CellRef> =
            ["stream.method", "stream.name", "stream.activity", "stream.activity_unit", "stream.ncv", "stream.ef", "stream.ef_unit", "stream.carbon_content"]
                .iter()
                .map(|n| ctx.at(n, 0, i))
                .collect();
        if cells.iter().all(|c| ctx.is_blank(c)) || is_example(ctx, &ctx.at("stream.number", 0, i)) {
            continue;
        }
        if let Some(s) = stream(ctx, i) {
            streams.push(s);
        }
    }
    let mut pfc = Vec::new();
    for i in 0..ctx.map.get("pfc.method").rows() {
        let at = ctx.at("pfc.method", 0, i);
        if ctx.is_blank(&at) && ctx.is_blank(&ctx.at("pfc.aluminium", 0, i)) || is_example(ctx, &ctx.at("pfc.number", 0, i)) {
            continue;
        }
        if let Some(m) = pfc_row(ctx, i) {
            pfc.push(m);
        }
    }
    let mut measured = Vec::new();
    for i in 0..ctx.map.get("measured.name").rows() {
        let at = ctx.at("measured.name", 0, i);
        let gas_at = ctx.at("measured.gas", 0, i);
        if ctx.is_blank(&at) && ctx.is_blank(&gas_at) {
            continue;
        }
        let name = ctx.text(&at, true, "the name of the emission source").unwrap_or_default();
        let gas = ctx.text(&gas_at, true, "the type of greenhouse gas").unwrap_or_default();
        measured.push(Measured { name, gas, origin: at });
    }
    (streams, pfc, measured)
}

/// Rows whose number cell says `Ex.…` are the template's examples.
fn is_example(ctx: &Ctx, at: &CellRef) -> bool {
    matches!(ctx.value(at), Value::Text(t) if t.trim_start().to_ascii_lowercase().starts_with("ex"))
}

/// Matches a drop-down value case-insensitively (MATCH in the template is case-insensitive).
fn pick<T: Copy>(ctx: &mut Ctx, at: &CellRef, required: bool, what: &str, options: &[(&str, T)]) -> Option<T> {
    let t = ctx.text(at, required, what)?;
    let norm = |s: &str| s.to_ascii_lowercase().replace(' ', "");
    match options.iter().find(|(o, _)| norm(o) == norm(&t)) {
        Some((_, v)) => Some(*v),
        None => {
            let list: Vec<&str> = options.iter().map(|(o, _)| *o).collect();
            ctx.diags.push(
                Diagnostic::at(DiagCode::TemplateCode, at, format!("expected {what}, found '{t}'"))
                    .hint(format!("one of the template's list: {}", list.join(", "))),
            );
            None
        }
    }
}

fn stream(ctx: &mut Ctx, i: u32) -> Option<SourceStream> {
    let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
    let map = ctx.map;
    let at = |n: &str| map.get(n).at(0, i, 0);
    let (m_at, unit_at, ef_unit_at, ncv_at, ef_at, cc_at) =
        (at("stream.method"), at("stream.activity_unit"), at("stream.ef_unit"), at("stream.ncv"), at("stream.ef"), at("stream.carbon_content"));
    let method = pick(
        ctx,
        &m_at,
        true,
        "a monitoring method",
        &[("Combustion", StreamMethod::Combustion), ("Process emissions", StreamMethod::ProcessA), ("Mass Balance", StreamMethod::MassBalance)],
    );
    let name = ctx.text(&at("stream.name"), true, "the source stream name");
    let amount = ctx.signed(&at("stream.activity"), true, "the activity data");
    let basis = pick(ctx, &unit_at, true, "the unit of the activity data", &[("t", Basis::Mass), ("1000Nm3", Basis::GasVolume)]);
    let mass_balance = method == Some(StreamMethod::MassBalance);
    let ncv = ctx.amount(&ncv_at, false, "the net calorific value");
    let ef_raw = ctx.amount(&ef_at, !mass_balance && method.is_some(), "the emission factor");
    #[derive(Clone, Copy, PartialEq)]
    enum Per {
        Tj,
        Amount(Basis),
    }
    let ef_per = if mass_balance && ctx.is_blank(&ef_unit_at) {
        None
    } else {
        pick(
            ctx,
            &ef_unit_at,
            !mass_balance && method.is_some(),
            "the unit of the emission factor",
            &[("tCO2/TJ", Per::Tj), ("tCO2/t", Per::Amount(Basis::Mass)), ("tCO2/1000Nm3", Per::Amount(Basis::GasVolume))],
        )
    };
    let carbon_content = ctx.amount(&cc_at, mass_balance, "the carbon content");
    let oxidation = ctx.percent(&at("stream.oxidation"), "the oxidation factor").unwrap_or(Dec::ONE);
    let conversion = ctx.percent(&at("stream.conversion"), "the conversion factor").unwrap_or(Dec::ONE);
    let biomass = ctx.percent(&at("stream.biomass"), "the biomass content").unwrap_or_default();
    if ctx.diags.iter().filter(|d| d.is_error()).count() > errors {
        return None;
    }
    let (method, basis, amount) = (method?, basis?, amount?);
    let ef = match (ef_raw, ef_per) {
        (Some(v), Some(Per::Tj)) => {
            if ncv.is_none() {
                ctx.incomplete.push(ncv_at.clone());
                ctx.diags.push(Diagnostic::at(
                    DiagCode::InputMissing,
                    &ncv_at,
                    "expected the net calorific value because the emission factor is in tCO2/TJ, found an empty cell",
                ));
                return None;
            }
            if method == StreamMethod::ProcessA {
                ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplateUnit,
                    &ef_unit_at,
                    "expected a factor per unit of material (tCO2/t or tCO2/1000Nm3) for process emissions, found 'tCO2/TJ'",
                ));
                return None;
            }
            Some(EmissionFactor::Energy(v))
        }
        (Some(v), Some(Per::Amount(b))) => {
            if b != basis {
                let (u, k) = if basis == Basis::Mass { ("t", "tCO2/t") } else { ("1000Nm3", "tCO2/1000Nm3") };
                ctx.diags.push(Diagnostic::at(
                    DiagCode::TemplateUnit,
                    &ef_unit_at,
                    format!("expected an emission factor per unit of the activity data ({u}): {k} or tCO2/TJ; found a factor per other unit"),
                ));
                return None;
            }
            Some(EmissionFactor::Unit(v))
        }
        _ => None,
    };
    if amount.is_sign_negative() && !amount.is_zero() && !mass_balance {
        ctx.diags.push(
            Diagnostic::at(
                DiagCode::InputNegative,
                &at("stream.activity"),
                format!("expected a consumed amount (not negative) for method {}, found {amount}", method.code()),
            )
            .hint("only mass-balance outputs are negative"),
        );
        return None;
    }
    // The template gives a factor, carbon content, oxidation and conversion per stream: each
    // method takes the ones its formula uses.
    let monitoring = match method {
        StreamMethod::Combustion => Monitoring::Combustion { ef, carbon_content, oxidation },
        StreamMethod::ProcessA => Monitoring::ProcessA { ef, conversion },
        StreamMethod::ProcessB => Monitoring::ProcessB { ef, cao: None, mgo: None, conversion },
        StreamMethod::MassBalance => Monitoring::MassBalance { carbon_content },
        StreamMethod::KilnDust => Monitoring::KilnDust { ef, calcination: None, clinker_ef: None },
        StreamMethod::NonCarbonateCarbon => Monitoring::NonCarbonateCarbon { carbon_content },
    };
    Some(SourceStream {
        name: name?,
        monitoring,
        material: None,
        amount,
        basis,
        ncv,
        biomass,
        biomass_criteria_met: None,
        biomass_criteria_at: None,
        origin: Some(m_at),
    })
}

/// Technology names carry the code in brackets, e.g. `Centre Worked Pre-Bake (CWPB)`.
fn technology(text: &str) -> Option<CellTechnology> {
    let code = text.rsplit_once('(').and_then(|(_, r)| r.split_once(')')).map(|(c, _)| c.trim()).unwrap_or(text.trim());
    CellTechnology::parse(code)
}

fn pfc_row(ctx: &mut Ctx, i: u32) -> Option<PfcMonitoring> {
    let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
    let map = ctx.map;
    let at = |n: &str| map.get(n).at(0, i, 0);
    let method = pick(ctx, &at("pfc.method"), true, "a PFC method", &[("Slope method", PfcMethod::Slope), ("Overvoltage method", PfcMethod::Overvoltage)]);
    let technology = ctx.text(&at("pfc.technology"), false, "").and_then(|t| technology(&t));
    let aluminium = ctx.amount(&at("pfc.aluminium"), true, "the primary aluminium produced (t)");
    let slope = method == Some(PfcMethod::Slope);
    let over = method == Some(PfcMethod::Overvoltage);
    let ae_frequency = ctx.amount(&at("pfc.frequency"), slope, "the anode-effect frequency (AE per cell-day)");
    let ae_duration_min = ctx.amount(&at("pfc.duration"), slope, "the anode-effect duration (minutes)");
    let sef_cf4 = ctx.amount(&at("pfc.sef_cf4"), slope, "the slope coefficient SEF(CF4)");
    let aeo_mv = ctx.amount(&at("pfc.aeo"), over, "the anode-effect overvoltage (mV)");
    let ce_at = at("pfc.current_efficiency");
    if over && ctx.is_blank(&ce_at) {
        ctx.amount(&ce_at, true, "the current efficiency (%)");
    }
    let current_efficiency = ctx.percent(&ce_at, "the current efficiency");
    let ovc = ctx.amount(&at("pfc.ovc"), over, "the overvoltage coefficient OVC");
    let f_c2f6 = ctx.amount(&at("pfc.f_c2f6"), method.is_some(), "the weight fraction F(C2F6)");
    let collection = ctx.fraction(&at("pfc.collection"), "the collection efficiency").unwrap_or(Dec::ONE);
    if collection.is_zero() {
        ctx.diags.push(Diagnostic::at(
            DiagCode::InputZero,
            &at("pfc.collection"),
            "expected the collection efficiency greater than zero (the template divides by it), found 0",
        ));
    }
    if ctx.diags.iter().filter(|d| d.is_error()).count() > errors {
        return None;
    }
    Some(PfcMonitoring {
        method: method?,
        technology,
        aluminium_t: aluminium?,
        ae_frequency,
        ae_duration_min,
        sef_cf4,
        aeo_mv,
        current_efficiency,
        ovc,
        f_c2f6: f_c2f6?,
        collection_efficiency: collection,
        origin: Some(at("pfc.method")),
    })
}

/// C_Emissions&Energy as cached.
pub(crate) fn balance(ctx: &Ctx) -> Balance {
    let e = ctx.map.get("balance.manual");
    let manual = (0..e.cols()).any(|j| !ctx.is_blank(&e.at(0, 0, j))) || !ctx.is_blank(&ctx.at("balance.manual_indirect", 0, 0));
    Balance {
        co2_t: ctx.cached(&ctx.at("balance.co2", 0, 0)),
        pfc_t: ctx.cached(&ctx.at("balance.pfc", 0, 0)),
        direct_t: ctx.cached(&ctx.at("balance.direct", 0, 0)),
        indirect_t: ctx.cached(&ctx.at("balance.indirect", 0, 0)),
        manual_entries: manual,
        direct_cell: Some(ctx.at("balance.direct", 0, 0)),
    }
}
