//! The purchased precursors of the template: listed in sheet A_InstData (name, category, country,
//! routes), their values and what each process consumes of them in E_PurchPrec; one precursor per
//! name, category, country and values.

use super::*;

/// One purchased precursor of the template: the same name, category, country and values.
pub(super) struct Bought {
    name: String,
    category: GoodsCategory,
    country: String,
    see_direct: Dec,
    see_indirect: Dec,
    electricity: Option<Dec>,
    default: bool,
    /// Consumed per process index.
    consumed: Vec<(usize, Dec)>,
    loc: Option<Location>,
}

pub(super) fn purchased(plan: &mut Plan, inst: &Installation, res: &Results) -> usize {
    let mut bought: Vec<Bought> = Vec::new();
    for (k, p) in inst.processes.iter().enumerate() {
        let Some(r) = res.processes.iter().find(|r| r.id == p.id) else { continue };
        for (x, pr) in p.precursors.iter().zip(&r.precursors) {
            if pr.origin.kind() == PrecursorKind::Own {
                continue;
            }
            let country = pr.country.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default();
            let same = |b: &Bought| {
                b.name == pr.name
                    && b.category == pr.category
                    && b.country == country
                    && b.see_direct == pr.see_direct
                    && b.see_indirect == pr.see_indirect
                    && b.electricity == pr.embedded_electricity
                    && b.default == pr.origin.is_default()
            };
            let i = match bought.iter().position(same) {
                Some(i) => i,
                None => {
                    bought.push(Bought {
                        name: pr.name.clone(),
                        category: pr.category,
                        country,
                        see_direct: pr.see_direct,
                        see_indirect: pr.see_indirect,
                        electricity: pr.embedded_electricity,
                        default: pr.origin.is_default(),
                        consumed: Vec::new(),
                        loc: x.origin.clone().map(Location::Cell),
                    });
                    bought.len() - 1
                }
            };
            match bought[i].consumed.iter_mut().find(|(j, _)| *j == k) {
                Some((_, m)) => *m += pr.mass_t,
                None => bought[i].consumed.push((k, pr.mass_t)),
            }
        }
    }
    if bought.len() > MAX_PURCHASED {
        let names: Vec<String> = bought[MAX_PURCHASED..].iter().map(|b| format!("'{}' ({})", b.name, b.country)).collect();
        plan.does_not_fit(
            None,
            format!(
                "the installation buys {} different precursors; the template holds {MAX_PURCHASED} (PP1 to PP20): {} would be left out",
                bought.len(),
                names.join(", ")
            ),
            "precursors of the same name, category, country and values count once; merge suppliers' values where the regulation allows",
        );
        return 0;
    }
    let mut names: Vec<String> = Vec::new();
    for (k, b) in bought.iter().enumerate() {
        let k32 = k as u32;
        // The template finds a purchased precursor by its name: the same name twice (different
        // values or countries) gets the country and a number.
        let mut name = b.name.trim().to_string();
        if names.contains(&name) {
            name = format!("{name} ({}, {})", b.country, k + 1);
        }
        names.push(name.clone());
        plan.text("purchased.category", 0, k32, category_name(b.category));
        plan.text("purchased.country", 0, k32, b.country.clone());
        let unwrought = b.category == GoodsCategory::UnwroughtAluminium;
        if unwrought {
            plan.set_at("purchased.routes", 0, k32, 0, CellValue::Text(UNKNOWN_ROUTE.to_string()));
        }
        plan.text("purchased.name", 0, k32, name);
        let total: Dec = b.consumed.iter().map(|(_, m)| *m).sum();
        plan.num("pp.purchased", k32, 0, total);
        for (j, m) in &b.consumed {
            plan.num("pp.to_process", k32, *j as u32, *m);
        }
        plan.num("pp.see_direct", k32, 0, b.see_direct);
        let source = if b.default { "Default" } else { "Measured" };
        plan.text("pp.see_direct_source", k32, 0, source);
        if !b.see_indirect.is_zero() {
            match b.electricity.filter(|e| !e.is_zero()) {
                Some(e) => {
                    plan.num("pp.electricity", k32, 0, e);
                    plan.text("pp.electricity_source", k32, 0, source);
                    plan.num("pp.electricity_ef", k32, 0, b.see_indirect / e);
                }
                None => plan.does_not_fit(
                    b.loc.clone(),
                    format!("purchased precursor '{}' ({}) has indirect emissions of {} tCO2e/t but no embedded electricity; the template records them only as specific electricity consumption (MWh/t) × its emission factor", b.name, b.country, b.see_indirect.normalize()),
                    "give the precursor's embedded electricity (MWh/t) as its supplier communicated it",
                ),
            }
        } else if let Some(e) = b.electricity {
            plan.num("pp.electricity", k32, 0, e);
            plan.text("pp.electricity_source", k32, 0, source);
        }
    }
    bought.len()
}
