//! Computed results as a terminal table and as JSON.
//!
//! Rounding happens here and only here: the table shows 6 decimals of tCO2e/t; JSON carries the
//! exact decimals as strings.

use serde_json::{Value as Json, json};

use crate::compute::Results;
use crate::model::{Dec, Installation};

/// Fixed-point text with `dp` decimals, rounded half away from zero.
pub fn fixed(d: Dec, dp: u32) -> String {
    let r = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let mut s = r.to_string();
    if dp > 0 {
        let have = s.split('.').nth(1).map(str::len);
        match have {
            None => {
                s.push('.');
                s.push_str(&"0".repeat(dp as usize));
            }
            Some(n) if n < dp as usize => s.push_str(&"0".repeat(dp as usize - n)),
            _ => {}
        }
    }
    s
}

/// `1234567.891` → `1,234,567.89` with `dp` decimals.
pub fn grouped(d: Dec, dp: u32) -> String {
    let s = fixed(d, dp);
    let (sign, rest) = s.strip_prefix('-').map(|r| ("-", r)).unwrap_or(("", &s));
    let (int, frac) = rest.split_once('.').map(|(a, b)| (a, Some(b))).unwrap_or((rest, None));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn pct(d: Dec) -> String {
    format!("{} %", fixed(d * Dec::ONE_HUNDRED, 1))
}

/// Columns padded to their widest cell, two spaces apart; columns from `first_numeric` on are
/// right-aligned (numbers), the others left-aligned. One line per row, headers first.
pub fn aligned(headers: &[&str], rows: &[Vec<String>], first_numeric: usize) -> String {
    let widths: Vec<usize> =
        (0..headers.len()).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([headers[i].chars().count()]).max().unwrap_or(0)).collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i].saturating_sub(c.chars().count()));
                if i >= first_numeric { format!("{pad}{c}") } else { format!("{c}{pad}") }
            })
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// The table `cbam compute` prints: a heading line, then one line per good.
pub fn table(inst: &Installation, res: &Results, year: i32) -> String {
    let id = &inst.identity;
    let mut out = String::new();
    let place = id.unlocode.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
    out.push_str(&format!("{}{place}\n", id.name_en));
    out.push_str(&format!("reporting period {} to {}; CBAM obligation year {year}\n", inst.period.start, inst.period.end));
    let rules = &res.regime;
    out.push_str(&format!("{}; default values: {}\n", rules.describe(), rules.default_values));
    let see_dp = rules.rounding.map_or(6, |r| r.see_decimals);
    if let Some(r) = rules.rounding {
        out.push_str(&format!("reported figures: SEE with {} decimals, emissions over the period in whole tonnes, rounded {}\n", r.see_decimals, r.method));
    }
    out.push_str("specific embedded emissions in tCO2e per tonne of good; embedded electricity in MWh per tonne\n\n");
    let headers = ["CN code", "product", "route", "activity (t)", "SEE direct", "SEE indirect", "SEE total", "SEE CBAM", "electricity", "default share"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in &res.goods {
        rows.push(vec![
            g.cn_code.to_string(),
            g.product.clone(),
            g.route.to_string(),
            grouped(g.activity_level_t, 3),
            fixed(g.see_direct, see_dp),
            fixed(g.see_indirect, see_dp),
            fixed(g.see_total, see_dp),
            fixed(g.see_cbam, see_dp),
            fixed(g.embedded_electricity, 6),
            pct(g.default_share),
        ]);
    }
    out.push_str(&aligned(&headers, &rows, 3));
    out.push_str(&decisions(res, see_dp));
    let cp = &res.carbon_price;
    for s in &cp.schemes {
        let eur = s.price_per_t_eur.map(|e| format!(" = {} EUR", fixed(e, 4))).unwrap_or_default();
        out.push_str(&format!(
            "\ncarbon price paid: {} {}: {} {} effectively paid for {} tCO2e covered = {} {}/tCO2e{eur}; free allocation covers {}\n",
            s.scheme,
            s.compliance_year,
            grouped(s.net_paid, 2),
            s.currency,
            grouped(s.covered_emissions_t, 0),
            fixed(s.price_per_t, 4),
            s.currency,
            pct(s.free_share)
        ));
    }
    if !cp.schemes.is_empty() {
        let currency = &cp.schemes[0].currency;
        for g in &cp.goods {
            let eur = g.amount_eur.map(|e| format!(" ({} EUR)", fixed(e, 4))).unwrap_or_default();
            out.push_str(&format!(
                "  {}  {}: {} tCO2e/t covered, {} {currency}/t{eur}\n",
                g.cn_code,
                g.product,
                fixed(g.emissions_covered, see_dp),
                fixed(g.amount, 4)
            ));
        }
    }
    out
}

/// The decisions the regime took, one line each: what the obligation counts, precursors whose
/// values were replaced or zero-rated, biomass counted as fossil, PFC defaults taken from
/// another technology, SEE per tonne of clinker contained.
fn decisions(res: &Results, see_dp: u32) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for g in &res.goods {
        if seen.insert(g.obligation.why.clone()) {
            lines.push(format!("SEE CBAM: {}", g.obligation.why));
        }
    }
    for g in res.goods.iter().filter(|_| res.regime.rounding.is_some()) {
        if let (Some(r), Some(per_clinker)) = (g.clinker_ratio_pct, g.see_per_t_clinker) {
            lines.push(format!(
                "{} {}: clinker-to-cement ratio {} %, SEE total {} tCO2e per tonne of clinker contained [OPEN: the act's conversion (Annex III eqs. 64-66) is not in cbam's reference; SEE per tonne of good is the figure used]",
                g.cn_code,
                g.product,
                fixed(r, 1),
                fixed(per_clinker, see_dp)
            ));
        }
    }
    for p in &res.processes {
        for pr in &p.precursors {
            if let Some(d) = &pr.decision {
                lines.push(format!("{} precursor '{}': {d}", p.id, pr.name));
            }
            if let Some(m) = pr.specific_mass_consumption.filter(|_| res.regime.rounding.is_some()) {
                lines.push(format!("{} precursor '{}': specific mass consumption m = {} t/t", p.id, pr.name, fixed(m, 6)));
            }
        }
        for s in p.streams.iter().filter(|s| s.biomass_counted_as_fossil) {
            lines.push(format!("{} source stream '{}': biomass counted as fossil (RED II criteria not declared met)", p.id, s.name));
        }
        for f in &p.pfc {
            if let (Some(from), Some(t)) = (f.defaults_from, f.technology) {
                lines.push(format!("{} PFC {}: default factors of {}", p.id, t.code(), from.code()));
            }
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("\ndecisions:\n");
    for l in lines {
        out.push_str(&format!("  {l}\n"));
    }
    out
}

/// The JSON `cbam compute --format json` prints: installation, period, year, goods, processes.
pub fn json(inst: &Installation, res: &Results, year: i32) -> Json {
    let id = &inst.identity;
    json!({
        "installation": {
            "installation_id": id.installation_id,
            "name_en": id.name_en,
            "name_local": id.name_local,
            "country": id.country,
            "unlocode": id.unlocode,
        },
        "period": { "start": inst.period.start.to_string(), "end": inst.period.end.to_string() },
        "year": year,
        "regime": serde_json::to_value(&res.regime).unwrap_or(Json::Null),
        "goods": with_reported(serde_json::to_value(&res.goods).unwrap_or(Json::Null), res, &["see_direct", "see_indirect", "see_total", "see_cbam"], true),
        "processes": with_reported(serde_json::to_value(&res.processes).unwrap_or(Json::Null), res, &["see_direct", "see_indirect", "see_total", "direct_emissions_t", "attributed_direct_t", "attributed_indirect_t"], false),
        "carbon_price": serde_json::to_value(&res.carbon_price).unwrap_or(Json::Null),
    })
}

/// Adds to each object of `list` a `reported` object: the figures named in `keys` rounded as the
/// regime reports them (SEE to its decimals, period emissions in whole tonnes: keys ending in
/// `_t`). Nothing is added where the regime prescribes no rounding; the exact figures stay.
/// Each figure is rounded on its own, so reported direct + indirect may differ from the reported
/// total in the last decimal. Goods also get `see_per_t_clinker_status`: the conversion to tonnes
/// of clinker contained is [OPEN].
fn with_reported(mut list: Json, res: &Results, keys: &[&str], goods: bool) -> Json {
    let Some(r) = res.regime.rounding else { return list };
    if let Json::Array(items) = &mut list {
        for item in items {
            let mut reported = serde_json::Map::new();
            for k in keys {
                let Some(v) = item.get(*k).and_then(Json::as_str).and_then(|t| t.parse::<Dec>().ok()) else { continue };
                let rounded = if k.ends_with("_t") { r.total(v) } else { r.see(v) };
                reported.insert((*k).to_string(), Json::String(rounded.to_string()));
            }
            if let Json::Object(o) = item {
                if goods && o.get("see_per_t_clinker").is_some_and(|v| !v.is_null()) {
                    o.insert(
                        "see_per_t_clinker_status".into(),
                        Json::String(format!(
                            "[OPEN] {} Annex III eqs. 64-66 not found: for information, SEE per tonne of good is the figure used",
                            res.regime.methodology.short()
                        )),
                    );
                }
                o.insert("reported".into(), Json::Object(reported));
            }
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn numbers_print_for_people() {
        let d = |s| Dec::from_str(s).unwrap();
        assert_eq!(fixed(d("0.78521474096"), 6), "0.785215");
        assert_eq!(fixed(d("0.0000005"), 6), "0.000001");
        assert_eq!(fixed(d("2"), 3), "2.000");
        assert_eq!(fixed(d("-0.5"), 0), "-1");
        assert_eq!(grouped(d("1321052.6315789474"), 3), "1,321,052.632");
        assert_eq!(grouped(d("-1234"), 0), "-1,234");
        assert_eq!(grouped(d("999"), 1), "999.0");
    }
}
