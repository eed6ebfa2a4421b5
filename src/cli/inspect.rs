//! `cbam inspect FILE`: what a Communication template holds (version, installation, period,
//! processes, purchased precursors, goods with the file's cached SEE beside cbam's, carbon
//! price data, empty mandatory cells), printed for people. For an installation workbook, the
//! installation and its computed goods.
//!
//! Prints the report on stdout, problems on stderr; exit 1 when the file has errors.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::{Outcome, report};
use cbam::read::template::TemplateData;
use cbam::read::template::data::{Figure, Sector};
use cbam::render::results::{fixed, grouped};
use cbam::{Inspection, model::Dec};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  cbam inspect supplier-template.xlsx\n\n\
Values marked 'file' are the results the spreadsheet saved (cached formula values); 'cbam' are computed from the input cells. \
A template never recalculated by a spreadsheet program has no cached results.")]
pub struct Args {
    /// A CBAM Communication template (versions 2.1, 2.1.1) or an installation workbook.
    pub file: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let ins = match cbam::inspect_file(&a.file) {
        Ok(x) => x,
        Err(diags) => {
            report(&diags);
            return Ok(Outcome::from_problems(&diags));
        }
    };
    let text = render(&ins, &a.file.display().to_string());
    std::io::stdout().lock().write_all(text.as_bytes()).context("writing to standard output")?;
    report(&ins.diagnostics);
    Ok(if ins.diagnostics.iter().any(|d| d.is_error()) { Outcome::InputProblems } else { Outcome::Done })
}

fn opt(d: Option<Dec>, dp: u32) -> String {
    d.map(|d| grouped(d, dp)).unwrap_or_else(|| "–".to_string())
}

/// The report, as text.
pub fn render(ins: &Inspection, file: &str) -> String {
    let mut o = String::new();
    match &ins.template {
        Some(t) => {
            let _ = writeln!(o, "{file}: CBAM Communication template, version {}", t.version);
            let cached = if t.has_cached_results { "holds cached results (saved by a spreadsheet program)" } else { "holds no cached results" };
            let _ = writeln!(o, "the file {cached}");
        }
        None => {
            let _ = writeln!(o, "{file}: cbam installation workbook");
        }
    }
    if let Some(inst) = &ins.installation {
        let id = &inst.identity;
        let _ = writeln!(o, "\nInstallation\n  name              {}", id.name_en);
        let address: Vec<&str> = [&id.street, &id.post_code, &id.city].iter().filter_map(|x| x.as_deref()).collect();
        if !address.is_empty() {
            let _ = writeln!(o, "  address           {}", address.join(", "));
        }
        let country = id.country.as_ref().map(|c| c.to_string()).unwrap_or_default();
        let _ = writeln!(o, "  country           {country}\n  UN/LOCODE         {}", id.unlocode.as_deref().unwrap_or("–"));
        if let (Some(la), Some(lo)) = (id.latitude, id.longitude) {
            let _ = writeln!(o, "  coordinates       {}, {}", la.normalize(), lo.normalize());
        }
        let _ = writeln!(o, "  reporting period  {} to {}", inst.period.start, inst.period.end);
    } else if ins.template.is_some() {
        let _ = writeln!(o, "\nInstallation\n  (incomplete: see the problems below)");
    }
    if let Some(t) = &ins.template {
        template_sections(&mut o, t, ins);
    } else if let (Some(inst), Some(res)) = (&ins.installation, &ins.results) {
        let _ = writeln!(o, "\nGoods (SEE in tCO2e/t)");
        for g in &res.goods {
            let _ = writeln!(
                o,
                "  {}  {}  direct {}  indirect {}  total {}",
                g.cn_code,
                g.product,
                fixed(g.see_direct, 6),
                fixed(g.see_indirect, 6),
                fixed(g.see_total, 6)
            );
        }
        let _ = inst;
    }
    o
}

fn template_sections(o: &mut String, t: &TemplateData, ins: &Inspection) {
    let _ = writeln!(o, "\nProduction processes (D_Processes)");
    if t.processes.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    for p in &t.processes {
        let computed = match p.sector {
            Sector::Covered(c) => c.code().to_string(),
            Sector::Other(s) => format!("{s}, not computed by cbam"),
        };
        let _ = writeln!(o, "  {}  {}  [{} → {computed}]", p.id, p.name, p.category_text);
        let _ = writeln!(
            o,
            "      production {} t; for the market {} t; non-CBAM {} t",
            grouped(p.production_t, 3),
            grouped(p.market_t, 3),
            grouped(p.non_cbam_t, 3)
        );
        for (to, v) in &p.to_processes {
            let _ = writeln!(o, "      to process {to}: {} t", grouped(*v, 3));
        }
        if matches!(p.sector, Sector::Covered(_)) {
            let _ = writeln!(
                o,
                "      DirEm* {} tCO2e; electricity {} MWh × {} tCO2/MWh ({})",
                opt(p.direct_emissions_t, 3),
                grouped(p.electricity_mwh, 3),
                opt(p.electricity_ef, 6),
                p.electricity_source.as_deref().unwrap_or("–")
            );
        }
    }
    if let Some(inst) = &ins.installation {
        for p in &inst.processes {
            for x in &p.precursors {
                let _ = writeln!(o, "  {} consumes {} t of {} ({})", p.id, grouped(x.mass_t, 3), x.name, x.category);
            }
        }
    }
    let _ = writeln!(o, "\nPurchased precursors (E_PurchPrec)");
    if t.purchased.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    for p in &t.purchased {
        let country = p.country.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "–".into());
        let _ = writeln!(
            o,
            "  {}  {}  [{}] from {country}: purchased {} t, other uses {} t",
            p.id,
            p.name,
            p.category_text,
            grouped(p.purchased_t, 3),
            grouped(p.other_t, 3)
        );
        for (to, v) in &p.to_processes {
            let _ = writeln!(o, "      to process {to}: {} t", grouped(*v, 3));
        }
        let _ = writeln!(
            o,
            "      SEE direct {} tCO2e/t ({}); electricity {} MWh/t × {} tCO2/MWh ({})",
            opt(p.see_direct, 6),
            p.see_direct_source.as_deref().unwrap_or("–"),
            opt(p.electricity, 6),
            opt(p.electricity_ef, 6),
            p.electricity_ef_source.as_deref().unwrap_or("–")
        );
    }
    let _ = writeln!(
        o,
        "\nSource streams of the installation (B_EmInst): {} calculation-based, {} PFC, {} measurement-based (not recomputed)",
        t.streams.len(),
        t.pfc.len(),
        t.measured.len()
    );
    for s in &t.streams {
        let _ = writeln!(o, "  {}  {} ({})", s.origin.as_ref().map(|c| c.to_string()).unwrap_or_default(), s.name, s.method().code());
    }
    if let Some(d) = t.balance.direct_t {
        let _ = writeln!(o, "  installation's direct emissions (C_Emissions&Energy, file): {} tCO2e", grouped(d, 3));
    }
    goods(o, t, ins);
    carbon_price(o, t, ins);
    let _ = writeln!(o, "\nIncomplete (empty mandatory cells)");
    if t.incomplete.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    for c in &t.incomplete {
        let _ = writeln!(o, "  {c}");
    }
}

fn goods(o: &mut String, t: &TemplateData, ins: &Inspection) {
    let _ = writeln!(o, "\nGoods (Summary_Products; SEE in tCO2e/t, embedded electricity in MWh/t; file = cached, cbam = computed)");
    if t.products.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    for p in &t.products {
        let _ = writeln!(o, "  row {}  {}  {}  (process {})", p.row, p.cn_code, p.name, p.process_name);
        if let Some(s) = p.other_sector {
            let _ = writeln!(o, "      {s}: not computed by cbam");
            continue;
        }
        let ours = p.good.and_then(|i| ins.results.as_ref().and_then(|r| r.goods.get(i)));
        for f in [Figure::SeeDirect, Figure::SeeIndirect, Figure::SeeTotal, Figure::EmbeddedElectricity] {
            let file = p.cached.iter().find(|c| c.figure == f).map(|c| fixed(c.value, 10)).unwrap_or_else(|| "–".into());
            let cbam = ours
                .map(|g| match f {
                    Figure::SeeDirect => g.see_direct,
                    Figure::SeeIndirect => g.see_indirect,
                    Figure::SeeTotal => g.see_total,
                    Figure::EmbeddedElectricity => g.embedded_electricity,
                })
                .map(|d| fixed(d, 10))
                .unwrap_or_else(|| "–".into());
            let _ = writeln!(o, "      {:<22} file {file:>16}   cbam {cbam:>16}", f.label());
        }
        if !p.communicated.is_empty() {
            let shown: Vec<String> = p.communicated.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(o, "      Summary_Communication (file): {}", shown.join("; "));
        }
    }
}

fn carbon_price(o: &mut String, t: &TemplateData, ins: &Inspection) {
    let _ = writeln!(o, "\nCarbon price due");
    let any_product = t.products.iter().any(|p| !p.carbon_price.is_empty());
    if t.tools.rows.is_empty() && !any_product {
        let _ = writeln!(o, "  (no entries in F_Tools nor in Summary_Products)");
        return;
    }
    let currency = t.tools.currency.as_deref().unwrap_or("");
    for r in &t.tools.rows {
        // SE (total) of the process × share covered × price per tCO2e (the tool's own part; the
        // tool adds the precursors' along the supply chain).
        let see = ins.results.as_ref().and_then(|res| res.processes.iter().find(|p| p.id == r.id)).map(|p| p.see_total);
        let covered = see.zip(r.share).map(|(s, sh)| s * sh);
        let due = covered.zip(r.price).map(|(c, p)| c * p);
        let rebate = covered.zip(r.rebate).map(|(c, p)| c * p);
        let _ = writeln!(
            o,
            "  F_Tools {}: share {}, price {} {currency}/tCO2e, rebate {} {currency}/tCO2e → due {} {currency}/t, rebate {} {currency}/t (own emissions)",
            r.id,
            opt(r.share, 4),
            opt(r.price, 2),
            opt(r.rebate, 2),
            opt(due, 4),
            opt(rebate, 4)
        );
    }
    for p in t.products.iter().filter(|p| !p.carbon_price.is_empty()) {
        let c = &p.carbon_price;
        let cur = c.currency.as_deref().unwrap_or("");
        let _ = writeln!(
            o,
            "  {} {}: {} covering {}, due {} {cur}/t; rebate {} covering {}, {} {cur}/t",
            p.cn_code,
            p.name,
            c.instrument.as_deref().unwrap_or("–"),
            opt(c.share, 4),
            opt(c.due_per_t, 4),
            c.rebate_type.as_deref().unwrap_or("–"),
            opt(c.rebate_share, 4),
            opt(c.rebate_per_t, 4)
        );
    }
}
