//! The `CarbonPrice` sheet: one row per scheme and compliance year.

use super::table::Row;
use crate::model::DiagCode;
use crate::model::*;

pub(super) fn read_carbon_price(r: &Row, diags: &mut Diagnostics) -> Option<CarbonPrice> {
    let instrument = r.code("instrument", true, "a carbon pricing instrument", Instrument::parse, diags);
    let scheme = r.text("scheme", true, "the name of the scheme", diags);
    let year = r.number("compliance_year", true, "the compliance year", diags);
    let legal_act = r.text("legal_act", true, "the legal act establishing the price", diags);
    let currency = r.text("currency", true, "an ISO 4217 currency code such as CNY", diags);
    let covered = r.non_negative("covered_emissions", true, "the verified emissions covered by the scheme", true, diags);
    let amt = |key: &str, what: &str, diags: &mut Diagnostics| r.non_negative(key, false, what, false, diags).unwrap_or_default();
    let free = amt("free_allocation", "the free allocation", diags);
    let surrendered = amt("surrendered", "the allowances surrendered", diags);
    let bought = amt("bought", "the allowances bought", diags);
    let bought_price = amt("bought_price", "the price of allowances bought", diags);
    let offsets = amt("offsets_used", "the offset credits used", diags);
    let offsets_price = amt("offsets_price", "the price of offset credits", diags);
    let tax_paid = amt("tax_paid", "the tax paid", diags);
    let rebate = amt("rebate", "the rebate received", diags);
    let eur_rate = r.non_negative("eur_rate", false, "the yearly average exchange rate (currency per EUR)", true, diags);
    let eur_rate_source = r.text("eur_rate_source", false, "", diags);
    let certified_by = r.text("certified_by", false, "", diags);
    let benchmark_output_t = r.non_negative("benchmark_output", false, "the output the allocation is based on", false, diags);
    let benchmark_intensity = r.non_negative("benchmark_intensity", false, "the benchmark intensity", false, diags);

    let year = year.and_then(|y| {
        use rust_decimal::prelude::ToPrimitive;
        if y.fract().is_zero() && y >= Dec::from(2005) && y <= Dec::from(2100) {
            y.to_i32()
        } else {
            diags.push(Diagnostic::at(DiagCode::InputYear, &r.at("compliance_year"), format!("expected a compliance year such as 2025, found {y}")));
            None
        }
    });
    let currency = currency.and_then(|c| {
        let c = c.trim().to_ascii_uppercase();
        if c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()) {
            Some(c)
        } else {
            diags.push(Diagnostic::at(DiagCode::InputCurrency, &r.at("currency"), format!("expected an ISO 4217 currency code such as CNY, found '{c}'")));
            None
        }
    });
    let instrument = instrument?;
    let priced = !(bought_price.is_zero() && offsets_price.is_zero() && tax_paid.is_zero());
    if let Some(c) = &currency
        && c != "EUR"
        && priced
        && eur_rate.is_none()
        && r.value("eur_rate").is_none_or(|v| v.is_blank())
    {
        {
            diags.push(
                Diagnostic::at(
                    DiagCode::InputMissing,
                    &r.at("eur_rate"),
                    format!("expected the yearly average exchange rate ({c} per EUR) because the amounts are in {c}, found an empty cell"),
                )
                .hint("the rate is an input: use the yearly average published for the year and name it in eur_rate_source"),
            );
        }
    }
    if instrument.is_ets() {
        if r.is_blank("surrendered") {
            diags.push(
                Diagnostic::at(
                    DiagCode::InputMissing,
                    &r.at("surrendered"),
                    "expected the allowances and credits surrendered for the year (an emissions trading system), found an empty cell",
                )
                .hint("the deductible price is what was bought and surrendered beyond the free allocation"),
            );
        }
        if !tax_paid.is_zero() {
            diags.push(Diagnostic::warning(
                DiagCode::InputIgnored,
                Some(Location::Cell(r.at("tax_paid"))),
                format!("tax_paid is ignored for an emissions trading system ({})", instrument.code()),
            ));
        }
        if let Some(cov) = covered {
            if free > cov * Dec::TWO {
                diags.push(Diagnostic::warning(
                    DiagCode::InputImplausible,
                    Some(Location::Cell(r.at("free_allocation"))),
                    format!("free allocation {free} t is more than twice the covered emissions {cov} t; check the figure and its unit"),
                ));
            }
            if !surrendered.is_zero() && surrendered < cov {
                diags.push(Diagnostic::warning(
                    DiagCode::InputSurrenderShort,
                    Some(Location::Cell(r.at("surrendered"))),
                    format!("{surrendered} allowances surrendered for {cov} t of covered emissions"),
                ));
            }
        }
    } else if !(free.is_zero() && surrendered.is_zero() && bought.is_zero() && offsets.is_zero()) {
        diags.push(Diagnostic::warning(
            DiagCode::InputIgnored,
            Some(Location::Cell(r.at("free_allocation"))),
            format!("allowance columns are ignored for instrument {}", instrument.code()),
        ));
    }
    Some(CarbonPrice {
        instrument,
        scheme: scheme?,
        compliance_year: year?,
        legal_act: legal_act?,
        currency: currency?,
        covered_emissions_t: covered?,
        free_allocation_t: free,
        surrendered_t: surrendered,
        bought_t: bought,
        bought_price,
        offsets_t: offsets,
        offsets_price,
        tax_paid,
        rebate,
        eur_rate,
        eur_rate_source,
        certified_by,
        benchmark_output_t,
        benchmark_intensity,
        origin: Some(r.first()),
    })
}
