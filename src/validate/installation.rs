//! Rules across records of an installation: unique ids, references that resolve, goods that
//! belong to their process's category, precursors a process may consume, balances that add up.
//! Each rule reports at the cell of the record that breaks it.

use crate::model::DiagCode;
use std::collections::{BTreeMap, HashMap, HashSet};

use validator::ValidateEmail;

use crate::model::*;

fn loc(c: &Option<CellRef>) -> Option<Location> {
    c.clone().map(Location::Cell)
}

/// Checks of the identity block; `at` gives the cell of a field by key.
pub fn check_identity(id: &Identity, at: &dyn Fn(&str) -> CellRef, diags: &mut Diagnostics) {
    if let Some(u) = &id.unlocode {
        let compact: String = u.chars().filter(|c| !c.is_whitespace()).collect();
        let well_formed = compact.len() == 5
            && compact[..2].chars().all(|c| c.is_ascii_uppercase())
            && compact[2..].chars().all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c));
        if !well_formed {
            diags.push(Diagnostic::at(
                DiagCode::InputUnlocode,
                &at("unlocode"),
                format!("expected a UN/LOCODE such as 'CN WHI' (country code and 3 letters or digits 2–9), found '{u}'"),
            ));
        } else if let Some(c) = &id.country
            && &compact[..2] != c.as_str()
        {
            diags.push(Diagnostic::warning(
                DiagCode::InputUnlocodeCountry,
                Some(Location::Cell(at("unlocode"))),
                format!("UN/LOCODE '{u}' is of country {} but the installation's country is {c}", &compact[..2]),
            ));
        }
    }
    if let Some(e) = &id.contact_email
        && !e.validate_email()
    {
        diags.push(Diagnostic::at(DiagCode::InputEmail, &at("contact_email"), format!("expected an e-mail address, found '{e}'")));
    }
}

/// Cross-record rules. Errors make the installation unusable; warnings are worth a look.
pub fn check(inst: &Installation) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut ids: HashMap<&str, &Process> = HashMap::new();
    let mut duplicated: HashSet<&str> = HashSet::new();
    for p in &inst.processes {
        if let Some(first) = ids.get(p.id.as_str()) {
            duplicated.insert(&p.id);
            let first_at = first.origin.as_ref().map(|c| c.to_string()).unwrap_or_default();
            diags.push(Diagnostic::error(DiagCode::InputDuplicateId, loc(&p.origin), format!("process_id '{}' is used twice (first at {first_at})", p.id)));
        } else {
            ids.insert(&p.id, p);
        }
    }
    if inst.processes.is_empty() {
        diags.push(Diagnostic::error(
            DiagCode::InputNoProcesses,
            Some(Location::Sheet(crate::format::tidy::PROCESSES.into())),
            "the installation has no production process",
        ));
    }
    if inst.goods.is_empty() {
        diags.push(Diagnostic::error(DiagCode::InputNoGoods, Some(Location::Sheet(crate::format::tidy::GOODS.into())), "the installation has no goods"));
    }

    // Goods: known process, matching category.
    let mut has_goods: HashMap<&str, bool> = HashMap::new();
    let mut seen_goods: BTreeMap<(&str, &str), &Option<CellRef>> = BTreeMap::new();
    for g in &inst.goods {
        match ids.get(g.process.as_str()) {
            None => diags.push(Diagnostic::error(
                DiagCode::InputUnknownProcess,
                loc(&g.origin),
                format!("good {} names process '{}', which is not in sheet Processes", g.cn_code, g.process),
            )),
            Some(p) => {
                has_goods.insert(&p.id, true);
                if g.cn_code.category() != p.category {
                    diags.push(Diagnostic::error(
                        DiagCode::InputGoodCategory,
                        loc(&g.origin),
                        format!("good {} is {} but process '{}' produces {}", g.cn_code, g.cn_code.category(), p.id, p.category),
                    ));
                }
            }
        }
        if let Some(prev) = seen_goods.insert((g.cn_code.as_str(), g.product.as_str()), &g.origin) {
            let prev = prev.as_ref().map(|c| c.to_string()).unwrap_or_default();
            diags.push(Diagnostic::warning(
                DiagCode::InputDuplicateGood,
                loc(&g.origin),
                format!("good {} '{}' is listed twice (first at {prev})", g.cn_code, g.product),
            ));
        }
    }

    // Precursors: allowed category, own ones resolve to a process of that category, balances.
    let mut consumed_from: BTreeMap<&str, Dec> = BTreeMap::new();
    for p in &inst.processes {
        let allowed = p.category.precursor_categories();
        for pr in &p.precursors {
            if !pr.alloying && !allowed.contains(&pr.category) {
                let list = if allowed.is_empty() { "none".to_string() } else { allowed.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ") };
                diags.push(
                    Diagnostic::error(
                        DiagCode::InputPrecursorCategory,
                        loc(&pr.origin),
                        format!("process '{}' ({}) cannot consume {} as a precursor", p.id, p.category, pr.category),
                    )
                    .hint(format!("relevant precursors of {}: {list}", p.category)),
                );
            }
            if pr.alloying && !p.category.is_aluminium() {
                diags.push(Diagnostic::error(
                    DiagCode::InputAlloying,
                    loc(&pr.origin),
                    format!("alloying elements are counted only for aluminium processes; '{}' is {}", p.id, p.category),
                ));
            }
            if let PrecursorSource::Own { process } = &pr.source {
                match ids.get(process.as_str()) {
                    None => diags.push(Diagnostic::error(
                        DiagCode::InputUnknownProcess,
                        loc(&pr.origin),
                        format!("precursor '{}' comes from process '{process}', which is not in sheet Processes", pr.name),
                    )),
                    Some(src) => {
                        if src.id == p.id {
                            diags.push(Diagnostic::error(
                                DiagCode::InputPrecursorSelf,
                                loc(&pr.origin),
                                format!("process '{}' cannot consume its own output as a precursor", p.id),
                            ));
                        }
                        if src.category != pr.category {
                            diags.push(Diagnostic::error(
                                DiagCode::InputPrecursorCategory,
                                loc(&pr.origin),
                                format!("precursor '{}' is declared {} but process '{}' produces {}", pr.name, pr.category, src.id, src.category),
                            ));
                        }
                        *consumed_from.entry(&src.id).or_default() += pr.mass_t;
                    }
                }
            }
        }
    }
    for (pid, used) in &consumed_from {
        if let Some(src) = ids.get(pid)
            && *used > src.activity_level_t
        {
            diags.push(
                Diagnostic::error(
                    DiagCode::InputPrecursorBalance,
                    loc(&src.origin),
                    format!("other processes consume {used} t of the output of '{pid}', more than it produces ({} t)", src.activity_level_t),
                )
                .hint("the activity level is the process's total output, including what other processes of the installation consume"),
            );
        }
    }
    for p in &inst.processes {
        if !has_goods.contains_key(p.id.as_str()) && !consumed_from.contains_key(p.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    DiagCode::InputProcessWithoutGoods,
                    loc(&p.origin),
                    format!("process '{}' neither makes a good of sheet Goods nor feeds another process", p.id),
                )
                .hint("add its goods to sheet Goods, or remove the process"),
            );
        }
        if p.pfc.iter().any(|_| true) && p.category != GoodsCategory::UnwroughtAluminium && p.route != Route::ProductsIntegratedPrimary {
            diags.push(Diagnostic::error(
                DiagCode::InputPfcRoute,
                loc(&p.pfc[0].origin),
                format!("PFC emissions belong to primary aluminium smelting; process '{}' is {} ({})", p.id, p.category, p.route),
            ));
        }
        if p.route == Route::PrimarySmelting && p.pfc.is_empty() && p.direct_emissions_entered_t.is_none() {
            diags.push(
                Diagnostic::warning(DiagCode::InputPfcMissing, loc(&p.origin), format!("primary smelting process '{}' has no PFC monitoring row", p.id))
                    .hint("anode effects emit CF4 and C2F6; add a row to sheet PFC"),
            );
        }
        // Which of two processes with one id a good or precursor belongs to is unknown: the
        // duplicate is reported, its balances are not.
        if !duplicated.contains(p.id.as_str()) {
            check_clinker_ratio(inst, p, &mut diags);
            check_alloying(inst, p, &mut diags);
        }
    }
    diags
}

/// A cement process's stated clinker ratio should match the clinker it consumes.
fn check_clinker_ratio(inst: &Installation, p: &Process, diags: &mut Diagnostics) {
    if p.category != GoodsCategory::Cement || p.precursors.is_empty() || p.activity_level_t.is_zero() {
        return;
    }
    let clinker: Dec = p.precursors.iter().filter(|x| x.category == GoodsCategory::CementClinker).map(|x| x.mass_t).sum();
    let actual = clinker / p.activity_level_t * Dec::ONE_HUNDRED;
    for g in inst.goods.iter().filter(|g| g.process == p.id) {
        if let Some(stated) = g.params.clinker_ratio_pct
            && (stated - actual).abs() > Dec::ONE
        {
            diags.push(Diagnostic::warning(
                DiagCode::InputClinkerRatio,
                loc(&g.origin),
                format!("clinker ratio {stated} % differs from the clinker consumed by process '{}': {} %", p.id, actual.round_dp(2)),
            ));
        }
    }
}

/// Products with more than 5 % alloying elements count those as primary aluminium: the process
/// must say how (an `alloying` precursor row).
fn check_alloying(inst: &Installation, p: &Process, diags: &mut Diagnostics) {
    if !p.category.is_aluminium() || p.route == Route::PrimarySmelting {
        return;
    }
    let five = Dec::from(5);
    let has_row = p.precursors.iter().any(|x| x.alloying);
    for g in inst.goods.iter().filter(|g| g.process == p.id) {
        if g.params.non_al_elements_pct.is_some_and(|x| x > five) && !has_row {
            diags.push(Diagnostic::error(DiagCode::InputAlloyingMissing, loc(&g.origin), format!(
                "good {} has {} % elements other than aluminium; above 5 % their mass counts as primary unwrought aluminium", g.cn_code, g.params.non_al_elements_pct.unwrap_or_default()))
                .hint(format!("add a row to sheet Precursors for process '{}' with alloying = yes, the alloying mass and its values (actual, or default with default_cn_code 76011000)", p.id)));
        }
    }
}
