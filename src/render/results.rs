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
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([headers[i].chars().count()]).max().unwrap_or(0))
        .collect();
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
    out.push_str("specific embedded emissions in tCO2e per tonne of good; embedded electricity in MWh per tonne\n\n");
    let headers = ["CN code", "product", "route", "activity (t)", "SEE direct", "SEE indirect", "SEE total", "SEE CBAM", "electricity", "default share"];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in &res.goods {
        rows.push(vec![
            g.cn_code.to_string(),
            g.product.clone(),
            g.route.to_string(),
            grouped(g.activity_level_t, 3),
            fixed(g.see_direct, 6),
            fixed(g.see_indirect, 6),
            fixed(g.see_total, 6),
            fixed(g.see_cbam, 6),
            fixed(g.embedded_electricity, 6),
            pct(g.default_share),
        ]);
    }
    out.push_str(&aligned(&headers, &rows, 3));
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
            out.push_str(&format!("  {}  {}: {} tCO2e/t covered, {} {currency}/t{eur}\n", g.cn_code, g.product, fixed(g.emissions_covered, 6), fixed(g.amount, 4)));
        }
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
        "goods": serde_json::to_value(&res.goods).unwrap_or(Json::Null),
        "processes": serde_json::to_value(&res.processes).unwrap_or(Json::Null),
        "carbon_price": serde_json::to_value(&res.carbon_price).unwrap_or(Json::Null),
    })
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
