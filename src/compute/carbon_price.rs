//! What a carbon price paid in the country of production is worth (Article 9 of Regulation
//! 2023/956; DOMAIN §4.2): only what was effectively paid, net of free allocation and rebates,
//! spread over the installation's covered direct emissions; then, per good, the emissions covered
//! and the amount due per tonne of good, the good's own part (QReport `TPC01`) apart from the part
//! embedded in own precursors (`TPC02`, "other materials"). Indirect emissions are not covered by
//! China's ETS and carry no carbon price here.

use crate::model::DiagCode;
use std::collections::HashMap;

use serde::Serialize;

use super::{GoodResult, ProcessResult};
use crate::model::{CarbonPrice, CnCode, Dec, Diagnostic, Installation, Instrument, Location};

/// The effective price of one scheme and compliance year.
#[derive(Debug, Clone, Serialize)]
pub struct EffectivePrice {
    /// The kind of pricing instrument.
    pub instrument: Instrument,
    /// Name of the scheme, as declared.
    pub scheme: String,
    /// The compliance year the figures belong to.
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of every amount that is not in EUR.
    pub currency: String,
    /// Verified emissions of the installation covered by the scheme, tCO2e: the price is spread
    /// over them.
    pub covered_emissions_t: Dec,
    /// ETS: allowances surrendered beyond the free allocation.
    pub shortfall_t: Dec,
    /// ETS: the part of the shortfall covered by allowances and credits bought for the year.
    pub paid_units_t: Dec,
    /// ETS: the part of the shortfall covered by units not bought for the year (banked, say):
    /// counted at no cost.
    pub unpriced_units_t: Dec,
    /// What was paid before rebates, in `currency`.
    pub gross_paid: Dec,
    /// Rebates, compensation or refunds received, in `currency`.
    pub rebate: Dec,
    /// max(0, gross − rebate), in `currency`.
    pub net_paid: Dec,
    /// `net_paid` per tonne of covered emissions, in `currency` per tCO2e (0 without covered
    /// emissions).
    pub price_per_t: Dec,
    /// The same in EUR per tCO2e; `None` without a (non-zero) exchange rate, unless `currency` is
    /// EUR.
    pub price_per_t_eur: Option<Dec>,
    /// Yearly average exchange rate used, units of `currency` per EUR.
    pub eur_rate: Option<Dec>,
    /// Where the exchange rate comes from.
    pub eur_rate_source: Option<String>,
    /// Who certified the documentation of the price paid (Art. 9(2)), as the supplier gives it.
    pub certified_by: Option<String>,
    /// Share of the covered emissions covered by free allocation (ETS) or by the rebate (tax).
    pub free_share: Dec,
    /// Optional benchmark check: the allowances expected, output × benchmark intensity, tCO2e.
    pub benchmark_allowances_t: Option<Dec>,
    /// Optional benchmark check: those allowances minus the covered emissions, tCO2e (positive:
    /// surplus, negative: deficit).
    pub benchmark_balance_t: Option<Dec>,
}

/// ETS: shortfall = max(0, surrendered − free); of it, what was bought in the year is paid at the
/// mean price of the allowances and credits bought; a tax is paid as declared. Rebates come off;
/// the result never goes below zero.
/// `None` when a figure is beyond exact arithmetic (±7.9 × 10^28).
pub fn effective_price(cp: &CarbonPrice) -> Option<EffectivePrice> {
    use super::num::{div, prod, sum};
    let zero = Dec::ZERO;
    let (shortfall, paid_units, unpriced, gross) = if cp.instrument.is_ets() {
        let shortfall = cp.surrendered_t.checked_sub(cp.free_allocation_t)?.max(zero);
        let bought = sum(&[cp.bought_t, cp.offsets_t])?;
        let paid_units = shortfall.min(bought);
        let cost = sum(&[prod(&[cp.bought_t, cp.bought_price])?, prod(&[cp.offsets_t, cp.offsets_price])?])?;
        // Units bought beyond the shortfall (banked or sold) are not paid for this year: the
        // shortfall's share of the cost, at the mean price (exact when everything bought was used).
        let gross = if paid_units == bought { cost } else { div(prod(&[cost, paid_units])?, bought)? };
        (shortfall, paid_units, shortfall.checked_sub(paid_units)?, gross)
    } else {
        (zero, zero, zero, cp.tax_paid)
    };
    let net = gross.checked_sub(cp.rebate)?.max(zero);
    let price = if cp.covered_emissions_t.is_zero() { zero } else { div(net, cp.covered_emissions_t)? };
    let free_share = if cp.covered_emissions_t.is_zero() {
        zero
    } else if cp.instrument.is_ets() {
        div(cp.free_allocation_t.min(cp.covered_emissions_t), cp.covered_emissions_t)?
    } else if gross.is_zero() {
        zero
    } else {
        div(cp.rebate.min(gross), gross)?
    };
    let allowances = match cp.benchmark_output_t.zip(cp.benchmark_intensity) {
        Some((o, i)) => Some(prod(&[o, i])?),
        None => None,
    };
    let price_per_t_eur = if cp.currency == "EUR" {
        Some(price)
    } else {
        match cp.eur_rate.filter(|r| !r.is_zero()) {
            Some(r) => Some(div(price, r)?),
            None => None,
        }
    };
    let benchmark_balance_t = match allowances {
        Some(a) => Some(a.checked_sub(cp.covered_emissions_t)?),
        None => None,
    };
    Some(EffectivePrice {
        instrument: cp.instrument,
        scheme: cp.scheme.clone(),
        compliance_year: cp.compliance_year,
        legal_act: cp.legal_act.clone(),
        currency: cp.currency.clone(),
        covered_emissions_t: cp.covered_emissions_t,
        shortfall_t: shortfall,
        paid_units_t: paid_units,
        unpriced_units_t: unpriced,
        gross_paid: gross,
        rebate: cp.rebate,
        net_paid: net,
        price_per_t: price,
        price_per_t_eur,
        eur_rate: cp.eur_rate,
        eur_rate_source: cp.eur_rate_source.clone(),
        certified_by: cp.certified_by.clone(),
        free_share,
        benchmark_allowances_t: allowances,
        benchmark_balance_t,
    })
}

/// Whose emissions a line covers: the good itself, or a precursor made in the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Covered {
    /// The good's own process (QReport `TPC01`, the actual product).
    Good {
        /// The good's CN code.
        cn_code: CnCode,
    },
    /// A precursor made by another process of the installation (QReport `TPC02`, other
    /// materials).
    Precursor {
        /// The CN code of the first good the producing process sells; `None` if it sells none.
        cn_code: Option<CnCode>,
        /// The name of the producing process.
        name: String,
    },
}

/// One scheme's price on one part of a good, per tonne of good.
#[derive(Debug, Clone, Serialize)]
pub struct CoveredLine {
    /// Whose emissions the line covers.
    pub covered: Covered,
    /// Index into [`CarbonPriceResults::schemes`].
    pub scheme: usize,
    /// Direct emissions of that part covered by the scheme, tCO2e per tonne of good.
    pub emissions_covered: Dec,
    /// The part of them covered by free allocation (ETS) or by the rebate (tax), tCO2e per
    /// tonne of good.
    pub emissions_covered_free: Dec,
    /// The carbon price paid on them, in the scheme's currency per tonne of good.
    pub amount: Dec,
    /// The same in EUR per tonne of good; `None` where the scheme's price has no EUR figure.
    pub amount_eur: Option<Dec>,
}

/// The carbon price paid on one good, per tonne of good, line by line.
#[derive(Debug, Clone, Serialize)]
pub struct GoodCarbonPrice {
    /// The good's CN code.
    pub cn_code: CnCode,
    /// The operator's product name.
    pub product: String,
    /// One line per scheme and part: for each scheme, the good's own process first, then each
    /// process whose output it contains through own precursors, at any depth.
    pub lines: Vec<CoveredLine>,
    /// Sum of the lines' amounts, per tonne of good, in the schemes' currency.
    pub amount: Dec,
    /// Sum of the lines' EUR amounts, per tonne of good; `None` when a line has none.
    pub amount_eur: Option<Dec>,
    /// Direct emissions covered, tCO2e per tonne of good: the sum over the first scheme's lines.
    pub emissions_covered: Dec,
}

/// The carbon prices paid in the country of production, and what they come to per good.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CarbonPriceResults {
    /// The schemes applied: those whose compliance year is the year the reporting period ends.
    pub schemes: Vec<EffectivePrice>,
    /// One per good, in the order of the goods; empty without a scheme.
    pub goods: Vec<GoodCarbonPrice>,
}

/// Covered direct emissions per tonne of each process's output: its own direct emissions, plus
/// those embedded in precursors made by the installation's other processes (which the same scheme
/// covers), each kept apart by the process it comes from.
fn covered_parts(processes: &[ProcessResult]) -> Option<HashMap<&str, Vec<(String, Dec)>>> {
    fn parts<'a>(id: &'a str, by_id: &HashMap<&'a str, &'a ProcessResult>, depth: usize) -> Option<Vec<(String, Dec)>> {
        let Some(p) = by_id.get(id) else { return Some(Vec::new()) };
        if p.activity_level_t.is_zero() || depth > by_id.len() {
            return Some(Vec::new());
        }
        let mut out = vec![(p.id.clone(), super::num::div(p.direct_emissions_t, p.activity_level_t)?)];
        for pr in &p.precursors {
            if let Some(src) = pr.origin.own_process() {
                let share = super::num::div(pr.mass_t, p.activity_level_t)?;
                for (who, v) in parts(src, by_id, depth + 1)? {
                    out.push((who, share.checked_mul(v)?));
                }
            }
        }
        Some(out)
    }
    let by_id: HashMap<&str, &ProcessResult> = processes.iter().map(|p| (p.id.as_str(), p)).collect();
    processes.iter().map(|p| parts(&p.id, &by_id, 0).map(|v| (p.id.as_str(), v))).collect()
}

/// Applies the installation's carbon prices to its goods. Warnings say what was left out; `Err`
/// is the diagnostic of a figure too large to compute exactly.
pub fn apply(inst: &Installation, processes: &[ProcessResult], goods: &[GoodResult], warnings: &mut Vec<Diagnostic>) -> Result<CarbonPriceResults, Diagnostic> {
    let year = chrono::Datelike::year(&inst.period.end);
    let mut schemes = Vec::new();
    for cp in &inst.carbon_prices {
        if cp.compliance_year != year {
            warnings.push(Diagnostic::warning(
                DiagCode::CarbonPriceYear,
                cp.origin.clone().map(Location::Cell),
                format!("carbon price of {} for {} is not applied: the reporting period ends in {year}", cp.scheme, cp.compliance_year),
            ));
            continue;
        }
        let Some(e) = effective_price(cp) else {
            return Err(super::overflow(cp.origin.clone().map(Location::Cell), &format!("carbon price of {} for {}", cp.scheme, cp.compliance_year)));
        };
        if !e.unpriced_units_t.is_zero() {
            warnings.push(
                Diagnostic::warning(
                    DiagCode::CarbonPriceUnpriced,
                    cp.origin.clone().map(Location::Cell),
                    format!(
                        "{} of the {} allowances surrendered beyond the free allocation were not bought for {}: they count at no cost",
                        e.unpriced_units_t, e.shortfall_t, cp.compliance_year
                    ),
                )
                .hint("give the allowances bought and their mean price if they were bought"),
            );
        }
        schemes.push(e);
    }
    if schemes.is_empty() {
        return Ok(CarbonPriceResults::default());
    }
    let too_big = || super::overflow(None, "carbon price per good");
    let parts = covered_parts(processes).ok_or_else(too_big)?;
    // The CN code a precursor made by process Q carries: the first good Q sells, if any.
    let cn_of: HashMap<&str, &CnCode> = goods.iter().rev().map(|g| (g.process.as_str(), &g.cn_code)).collect();
    let name_of: HashMap<&str, &str> = processes.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let mut out = Vec::new();
    for g in goods {
        let mut lines = Vec::new();
        // Merge the parts by producing process: the good's own process first, then precursors.
        let mut merged: Vec<(String, Dec)> = Vec::new();
        for (who, v) in parts.get(g.process.as_str()).cloned().unwrap_or_default() {
            match merged.iter_mut().find(|(w, _)| *w == who) {
                Some((_, total)) => *total = total.checked_add(v).ok_or_else(too_big)?,
                None => merged.push((who, v)),
            }
        }
        for (i, s) in schemes.iter().enumerate() {
            for (who, covered) in &merged {
                let covered_by = if *who == g.process {
                    Covered::Good { cn_code: g.cn_code.clone() }
                } else {
                    Covered::Precursor { cn_code: cn_of.get(who.as_str()).map(|c| (*c).clone()), name: name_of.get(who.as_str()).unwrap_or(&"").to_string() }
                };
                let amount = covered.checked_mul(s.price_per_t).ok_or_else(too_big)?;
                let amount_eur = match s.price_per_t_eur {
                    Some(p) => Some(covered.checked_mul(p).ok_or_else(too_big)?),
                    None => None,
                };
                lines.push(CoveredLine {
                    covered: covered_by,
                    scheme: i,
                    emissions_covered: *covered,
                    emissions_covered_free: covered.checked_mul(s.free_share).ok_or_else(too_big)?,
                    amount,
                    amount_eur,
                });
            }
        }
        let amounts: Vec<Dec> = lines.iter().map(|l| l.amount).collect();
        let amount = super::num::sum(&amounts).ok_or_else(too_big)?;
        let amount_eur = match lines.iter().map(|l| l.amount_eur).collect::<Option<Vec<Dec>>>() {
            Some(v) => Some(super::num::sum(&v).ok_or_else(too_big)?),
            None => None,
        };
        let covered: Vec<Dec> = lines.iter().filter(|l| l.scheme == 0).map(|l| l.emissions_covered).collect();
        let emissions_covered = super::num::sum(&covered).ok_or_else(too_big)?;
        out.push(GoodCarbonPrice { cn_code: g.cn_code.clone(), product: g.product.clone(), lines, amount, amount_eur, emissions_covered });
    }
    Ok(CarbonPriceResults { schemes, goods: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Dec {
        Dec::from_str(s).unwrap()
    }

    fn ets(covered: &str, free: &str, surrendered: &str, bought: &str, price: &str) -> CarbonPrice {
        CarbonPrice {
            instrument: Instrument::NationalEts,
            scheme: "China national ETS".into(),
            compliance_year: 2025,
            legal_act: "MEE work plan, March 2025".into(),
            currency: "CNY".into(),
            covered_emissions_t: d(covered),
            free_allocation_t: d(free),
            surrendered_t: d(surrendered),
            bought_t: d(bought),
            bought_price: d(price),
            offsets_t: Dec::ZERO,
            offsets_price: Dec::ZERO,
            tax_paid: Dec::ZERO,
            rebate: Dec::ZERO,
            eur_rate: Some(d("7.8")),
            eur_rate_source: Some("test".into()),
            certified_by: None,
            benchmark_output_t: None,
            benchmark_intensity: None,
            origin: None,
        }
    }

    #[test]
    fn cement_plant_in_deficit_buys_allowances() {
        // 1,600,000 t verified; 1,520,000 free; surrenders 1,600,000: shortfall 80,000, bought
        // 50,000 CEA at 92 CNY and 30,000 CCER at 60 CNY.
        // Paid = 50,000 × 92 + 30,000 × 60 = 4,600,000 + 1,800,000 = 6,400,000 CNY
        // Per t covered: 6,400,000 / 1,600,000 = 4 CNY/t; in EUR at 7.8: 0.512820512… EUR/t
        // Free share: 1,520,000 / 1,600,000 = 0.95
        let mut cp = ets("1600000", "1520000", "1600000", "50000", "92");
        cp.offsets_t = d("30000");
        cp.offsets_price = d("60");
        let e = effective_price(&cp).unwrap();
        assert_eq!(e.shortfall_t, d("80000"));
        assert_eq!(e.gross_paid, d("6400000"));
        assert_eq!(e.price_per_t, d("4"));
        assert_eq!(e.price_per_t_eur.unwrap(), d("4") / d("7.8"));
        assert_eq!(e.free_share, d("0.95"));
        assert_eq!(e.unpriced_units_t, Dec::ZERO);
    }

    #[test]
    fn smelter_in_surplus_pays_nothing() {
        // 2,000,000 t verified, 2,100,000 free, surrenders 2,000,000 and sells the surplus:
        // shortfall max(0, 2,000,000 − 2,100,000) = 0, nothing effectively paid.
        let e = effective_price(&ets("2000000", "2100000", "2000000", "0", "0")).unwrap();
        assert_eq!(e.net_paid, Dec::ZERO);
        assert_eq!(e.price_per_t, Dec::ZERO);
        assert_eq!(e.free_share, Dec::ONE);
    }

    #[test]
    fn regional_pilot_with_rebate_and_benchmark() {
        // Guangdong pilot: 500,000 t verified, 460,000 free, 500,000 surrendered; 40,000 bought at
        // 45 CNY = 1,800,000 CNY; rebate 300,000 CNY: net 1,500,000 CNY = 3 CNY/t.
        // Benchmark: 560,000 t clinker × 0.85 = 476,000 allowances: 24,000 short of 500,000.
        let mut cp = ets("500000", "460000", "500000", "40000", "45");
        cp.instrument = Instrument::RegionalEts;
        cp.scheme = "Guangdong pilot ETS".into();
        cp.rebate = d("300000");
        cp.benchmark_output_t = Some(d("560000"));
        cp.benchmark_intensity = Some(d("0.85"));
        let e = effective_price(&cp).unwrap();
        assert_eq!(e.net_paid, d("1500000"));
        assert_eq!(e.price_per_t, d("3"));
        assert_eq!(e.benchmark_allowances_t, Some(d("476000")));
        assert_eq!(e.benchmark_balance_t, Some(d("-24000")));
    }

    #[test]
    fn banked_units_count_at_no_cost_and_taxes_are_paid_as_declared() {
        // Shortfall 100,000 but only 60,000 bought at 80: 4,800,000 CNY; 40,000 unpriced.
        let e = effective_price(&ets("1000000", "900000", "1000000", "60000", "80")).unwrap();
        assert_eq!((e.gross_paid, e.unpriced_units_t), (d("4800000"), d("40000")));
        let mut tax = ets("100000", "0", "0", "0", "0");
        tax.instrument = Instrument::CarbonTax;
        tax.tax_paid = d("2500000");
        tax.rebate = d("500000");
        // (2,500,000 − 500,000) / 100,000 = 20 CNY/t; rebate share 500,000 / 2,500,000 = 0.2
        let e = effective_price(&tax).unwrap();
        assert_eq!((e.price_per_t, e.free_share), (d("20"), d("0.2")));
        // A rebate larger than the payment leaves nothing, never a negative price.
        tax.rebate = d("3000000");
        assert_eq!(effective_price(&tax).unwrap().net_paid, Dec::ZERO);
    }

    #[test]
    fn per_good_lines_for_the_good_and_its_own_clinker() {
        use crate::compute::compute;
        use crate::compute::testkit::{fuel, good, installation, own, process};
        use crate::model::GoodsCategory;
        // Kiln P1: 1,000 t clinker; coal 100 t × 25 GJ/t × 96 tCO2/TJ = 240 t → 0.24 t/t clinker.
        // Mill P2: 1,000 t cement from 800 t own clinker, no fuel: covered 800/1000 × 0.24 = 0.192 t/t.
        // ETS: 1,000 t covered (whole installation, as verified), free 900, surrendered 1,000,
        // bought 100 at 80 CNY: 8,000 CNY / 1,000 t = 8 CNY/t; free share 0.9; 8 CNY per EUR.
        let mut kiln = process("P1", GoodsCategory::CementClinker, "1000");
        kiln.streams.push(fuel("coal", "100", "25", "96"));
        let mut mill = process("P2", GoodsCategory::Cement, "1000");
        mill.precursors.push(own("clinker", GoodsCategory::CementClinker, "800", "P1"));
        let mut inst = installation(vec![kiln, mill], vec![good("25231000", "clinker", "P1"), good("25232900", "CEM I", "P2")]);
        let mut cp = ets("1000", "900", "1000", "100", "80");
        cp.eur_rate = Some(d("8"));
        inst.carbon_prices.push(cp);
        let res = compute(&inst, &crate::compute::testkit::regime_1773()).unwrap();
        let cp = &res.carbon_price;
        assert_eq!(cp.schemes[0].price_per_t, d("8"));
        // Clinker: one TPC01 line, 0.24 t/t covered, 0.216 by free allocation, 1.92 CNY = 0.24 EUR per t.
        let clinker = &cp.goods[0];
        assert_eq!(clinker.lines.len(), 1);
        assert_eq!(clinker.lines[0].covered, Covered::Good { cn_code: CnCode::parse("25231000").unwrap() });
        assert_eq!((clinker.lines[0].emissions_covered, clinker.lines[0].emissions_covered_free), (d("0.24"), d("0.216")));
        assert_eq!((clinker.amount, clinker.amount_eur), (d("1.92"), Some(d("0.24"))));
        // Cement: its own process emits nothing (TPC01 0), the clinker in it carries 0.192 t/t
        // (TPC02, CN 25231000): 0.192 × 8 = 1.536 CNY per t of cement.
        let cement = &cp.goods[1];
        assert_eq!(cement.lines.len(), 2);
        assert_eq!(cement.lines[0].emissions_covered, Dec::ZERO);
        assert_eq!(cement.lines[1].covered, Covered::Precursor { cn_code: Some(CnCode::parse("25231000").unwrap()), name: "P1 name".into() });
        assert_eq!(cement.lines[1].emissions_covered, d("0.192"));
        assert_eq!(cement.amount, d("1.536"));
        assert_eq!(cement.emissions_covered, d("0.192"));
    }

    #[test]
    fn absurd_prices_are_an_overflow_not_a_panic() {
        // 10^12 allowances bought at 10^20 CNY each: 10^32 CNY does not fit in 96 bits.
        let cp = ets("1000", "0", "1000000000000", "1000000000000", "100000000000000000000");
        assert!(effective_price(&cp).is_none());
    }
}
