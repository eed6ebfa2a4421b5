//! `Summary_Products` (the goods: CN codes, product names, qualifying parameters, the file's
//! cached SEE, carbon price columns), `F_Tools` (the carbon price due tool) and, for
//! `cbam inspect`, `Summary_Communication` (what the file communicates, cached).

use super::Ctx;
use super::data::{Cached, CarbonPriceTool, Figure, Product, ProductCarbonPrice, Sector, ToolRow};
use super::identity::Decl;
use crate::model::DiagCode;
use crate::model::{CnCode, CnError, Dec, Diagnostic, Good, Location, Process, QualifyingParams};
use crate::validate::Value;

/// Whether any Summary_Products row names a process or a CN code.
pub(crate) fn any_product(ctx: &Ctx) -> bool {
    let (d, f) = (ctx.map.get("product.process"), ctx.map.get("product.cn_code"));
    (0..d.rows()).any(|r| !ctx.is_blank(&d.at(0, r, 0)) || !ctx.is_blank(&f.at(0, r, 0)))
}

pub(crate) fn products(ctx: &mut Ctx, decl: &Decl, procs: &[Process], communication: bool) -> (Vec<Good>, Vec<Product>) {
    let mut goods: Vec<Good> = Vec::new();
    let mut products = Vec::new();
    let map = ctx.map;
    for r in 0..map.get("product.process").rows() {
        let at = |n: &str| map.get(n).at(0, r, 0);
        let (d_at, f_at, h_at) = (at("product.process"), at("product.cn_code"), at("product.name"));
        if ctx.is_blank(&d_at) && ctx.is_blank(&f_at) && ctx.is_blank(&h_at) {
            continue;
        }
        let errors = ctx.diags.iter().filter(|d| d.is_error()).count();
        let process_name = ctx.text(&d_at, true, "the production process the product arises from");
        let cn_text = ctx.text(&f_at, true, "the CN code of the product");
        let name = ctx.text(&h_at, true, "the product name (used in the communication with declarants)");
        let process = process_name.as_deref().and_then(|n| {
            let p = decl.process_by_name(n);
            if p.is_none() {
                let names: Vec<&str> = decl.processes.iter().map(|p| p.name.as_str()).collect();
                ctx.diags.push(
                    Diagnostic::at(DiagCode::TemplateUnknownProcess, &d_at, format!("expected the name of a production process of A_InstData, found '{n}'"))
                        .hint(format!("processes: {}", if names.is_empty() { "none".to_string() } else { names.join(", ") })),
                );
            }
            p
        });
        let mut other_sector = match process.and_then(|p| p.sector) {
            Some(Sector::Other(s)) => Some(s),
            _ => None,
        };
        let cn = cn_text.as_deref().and_then(|t| match CnCode::parse(t) {
            Ok(c) => Some(c),
            Err(CnError::OtherCbamSector(s)) => {
                other_sector = Some(s);
                None
            }
            Err(e) if other_sector.is_none() => {
                ctx.diags.push(crate::validate::fields::cn_error(&f_at, t, e));
                None
            }
            Err(_) => None,
        });
        let fraction_pct = |ctx: &mut Ctx, n: &str, what: &str| ctx.fraction(&at(n), what).map(|f| f * Dec::ONE_HUNDRED);
        let params = QualifyingParams {
            clinker_ratio_pct: fraction_pct(ctx, "product.clinker_factor", "the clinker factor"),
            calcined: ctx.boolean(&at("product.calcined"), "whether the clay is calcined"),
            scrap_t_per_t: ctx.amount(&at("product.scrap_per_t"), false, "tonnes of scrap per tonne of aluminium"),
            pre_consumer_scrap_pct: fraction_pct(ctx, "product.pre_consumer_scrap", "the share of pre-consumer scrap"),
            non_al_elements_pct: fraction_pct(ctx, "product.non_al_elements", "the share of elements other than aluminium"),
        };
        let carbon_price = ProductCarbonPrice {
            instrument: ctx.text(&at("product.cp_instrument"), false, ""),
            share: ctx.fraction(&at("product.cp_share"), "the share of embedded emissions covered by the carbon price"),
            currency: ctx.text(&at("product.cp_currency"), false, ""),
            due_per_t: ctx.amount(&at("product.cp_due"), false, "the carbon price due per t of product"),
            rebate_type: ctx.text(&at("product.rebate_type"), false, ""),
            rebate_share: ctx.fraction(&at("product.rebate_share"), "the share of embedded emissions covered by the rebate"),
            rebate_per_t: ctx.amount(&at("product.rebate"), false, "the rebate per t of product"),
        };
        let cached = [
            (Figure::SeeDirect, "product.see_direct"),
            (Figure::SeeIndirect, "product.see_indirect"),
            (Figure::SeeTotal, "product.see_total"),
            (Figure::EmbeddedElectricity, "product.embedded_electricity"),
        ]
        .into_iter()
        .filter_map(|(figure, n)| ctx.cached(&at(n)).map(|value| Cached { figure, value, cell: at(n) }))
        .collect();
        let communicated = if communication { communicated(ctx, r) } else { Vec::new() };
        let mut good = None;
        let computed = process.is_some_and(|p| procs.iter().any(|q| q.id == p.id));
        if let (Some(p), Some(cn), Some(name), true, None) = (process, cn, name.clone(), computed, other_sector)
            && ctx.diags.iter().filter(|d| d.is_error()).count() == errors
        {
            good = Some(goods.len());
            goods.push(Good {
                cn_code: cn,
                product: name,
                process: p.id.clone(),
                variant: None,
                params,
                params_at: Default::default(),
                origin: Some(f_at.clone()),
            });
        }
        products.push(Product {
            row: d_at.row + 1,
            process_name: process_name.unwrap_or_default(),
            cn_code: cn_text.unwrap_or_default(),
            name: name.unwrap_or_default(),
            other_sector,
            good,
            cached,
            communicated,
            carbon_price,
        });
    }
    let first = map.get("product.cn_code");
    if goods.is_empty() && !ctx.diags.has_errors() {
        let (a, b) = (first.at(0, 0, 0), first.at(0, first.rows() - 1, 0));
        ctx.diags.push(
            Diagnostic::at(
                DiagCode::TemplateNoGoods,
                &a,
                format!("expected at least one cement or aluminium good in Summary_Products!{}:{}, found none", a.a1(), b.a1()),
            )
            .hint("list each product with its production process, CN code and name"),
        );
    }
    for p in procs {
        let feeds = procs.iter().any(|q| q.precursors.iter().any(|x| matches!(&x.source, crate::model::PrecursorSource::Own { process } if *process == p.id)));
        if !feeds && !goods.iter().any(|g| g.process == p.id) && !goods.is_empty() {
            ctx.diags.push(
                Diagnostic::error(
                    DiagCode::TemplateProcessWithoutGoods,
                    p.origin.clone().map(Location::Cell),
                    format!("process {} '{}' neither makes a product of Summary_Products nor feeds another production process", p.id, p.name),
                )
                .hint(
                    "add its products to Summary_Products (column D names the process), or enter what other processes consume of it (D_Processes section (c))",
                ),
            );
        }
    }
    (goods, products)
}

/// One Summary_Communication row as the file shows it (label, text).
fn communicated(ctx: &Ctx, r: u32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (n, label) in [
        ("comm.cn_code", "CN code"),
        ("comm.see_total", "SEE (total)"),
        ("comm.electricity_ef", "electricity EF"),
        ("comm.clinker_factor", "clinker factor"),
        ("comm.effective_cp_due", "effective carbon price due"),
    ] {
        if !ctx.map.has(n) {
            continue;
        }
        let shown = match ctx.value(&ctx.map.get(n).at(0, r, 0)) {
            Value::Number(x) => crate::validate::fields::dec_from_f64(x).map(|d| d.normalize().to_string()).unwrap_or_default(),
            Value::Text(t) => t.trim().to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        if !shown.is_empty() {
            out.push((label.to_string(), shown));
        }
    }
    out
}

/// F_Tools: currency and one row per process and purchased precursor with entries.
pub(crate) fn tools(ctx: &mut Ctx, decl: &Decl) -> CarbonPriceTool {
    let map = ctx.map;
    let currency = ctx.text(&map.get("tools.currency").at(0, 0, 0), false, "");
    let mut rows = Vec::new();
    for i in 0..map.get("tools.share").rows() {
        let at = |n: &str| map.get(n).at(0, i, 0);
        if ["tools.share", "tools.price", "tools.rebate"].iter().all(|n| ctx.is_blank(&at(n))) {
            continue;
        }
        let id = if i < 10 { format!("P{}", i + 1) } else { format!("PP{}", i - 9) };
        let declared = if i < 10 { decl.process(i).is_some() } else { decl.purchased.iter().any(|p| p.index == i - 10) };
        if !declared {
            ctx.warning(
                DiagCode::TemplateToolRow,
                Some(&at("tools.share")),
                format!("carbon price entries for {id}, which A_InstData does not declare, are ignored"),
            );
            continue;
        }
        rows.push(ToolRow {
            id,
            share: ctx.fraction(&at("tools.share"), "the share of emissions covered by the carbon price"),
            price: ctx.amount(&at("tools.price"), false, "the carbon price due per tCO2e"),
            rebate: ctx.amount(&at("tools.rebate"), false, "the rebate per tCO2e"),
            origin: at("tools.share"),
        });
    }
    CarbonPriceTool { currency, rows }
}

/// One message naming the goods and processes of sectors cbam does not compute.
pub(crate) fn other_sectors(ctx: &mut Ctx, decl: &Decl, products: &[Product]) {
    let mut items: Vec<String> = Vec::new();
    let mut first = None;
    for p in &decl.processes {
        if let Some(Sector::Other(s)) = p.sector {
            items.push(format!("process {} '{}' ({s})", p.id, p.name));
            first.get_or_insert_with(|| p.at.clone());
        }
    }
    for p in products.iter().filter(|p| p.other_sector.is_some()) {
        items.push(format!("{} '{}' ({}, Summary_Products row {})", p.cn_code, p.name, p.other_sector.unwrap_or_default(), p.row));
        let e = ctx.map.get("product.cn_code");
        first.get_or_insert_with(|| e.at(0, p.row - 1 - e.first.0, 0));
    }
    if !items.is_empty() {
        ctx.warning(
            DiagCode::TemplateOtherSectors,
            first.as_ref(),
            format!("cbam computes cement and aluminium only; left out: {}. The cement and aluminium goods of the file are computed.", items.join("; ")),
        );
    }
}
