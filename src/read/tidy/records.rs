//! One record per table row: processes, source streams, PFC monitoring, precursors and goods,
//! with the rules that concern one row only (what a method needs, units on one basis …).

use super::error_count;
use super::table::Row;
use crate::format::tidy as fmt;
use crate::model::DiagCode;
use crate::model::*;
use crate::validate::fields::cn_error;
use crate::validate::units::{self, EfPer};

pub(super) fn read_process(r: &Row, diags: &mut Diagnostics) -> Option<Process> {
    let id = r.text("process_id", true, "a process id", diags);
    let name = r.text("name", true, "the process name", diags);
    let category = r.code("category", true, "an aggregated goods category", GoodsCategory::parse, diags);
    let route = r.code("route", true, "a production route", Route::parse, diags);
    let al = r.non_negative("activity_level", true, "the activity level (saleable output)", true, diags);
    let consumed = r.non_negative("electricity_consumed", false, "electricity consumed", false, diags).unwrap_or_default();
    let ef = r.non_negative("electricity_ef", false, "the electricity emission factor", false, diags);
    let ef_source = r.code("electricity_ef_source", false, "the source of the electricity factor", EfSource::parse, diags);
    let ef_reference = r.text("electricity_ef_reference", false, "", diags);
    let produced = r.non_negative("electricity_produced", false, "electricity produced", false, diags).unwrap_or_default();
    let produced_ef = r.non_negative("electricity_produced_ef", false, "the factor of produced electricity", false, diags);
    let heat_in = r.non_negative("heat_imported", false, "heat imported", false, diags).unwrap_or_default();
    let heat_in_ef = r.non_negative("heat_imported_ef", false, "the factor of imported heat", false, diags);
    let heat_out = r.non_negative("heat_exported", false, "heat exported", false, diags).unwrap_or_default();
    let heat_out_ef = r.non_negative("heat_exported_ef", false, "the factor of exported heat", false, diags);
    let waste_gas = r.number("waste_gas_correction", false, "a waste-gas correction in tCO2", diags).unwrap_or_default();
    let evidence = r.text("electricity_evidence", false, "", diags);
    let non_saleable = r.non_negative("non_saleable_output", false, "scrap, off-spec products and by-products", false, diags).unwrap_or_default();

    // A quantity without its factor cannot be turned into emissions: say so rather than use 0.
    // (A factor cell that holds something unreadable has had its own error already.)
    let need = |diags: &mut Diagnostics, qty: Dec, f: Option<Dec>, qkey: &str, fkey: &str| -> Dec {
        if !qty.is_zero() && f.is_none() && r.is_blank(fkey) {
            let unit = fmt::PROCESSES_TABLE.column(qkey).and_then(|c| c.unit).map(|u| u.default).unwrap_or_default();
            diags.push(
                Diagnostic::at(
                    DiagCode::InputMissingFactor,
                    &r.at(fkey),
                    format!("expected the emission factor '{fkey}' because '{qkey}' is {} {unit}, found an empty cell", qty.normalize()),
                )
                .hint("the factor is an input: write the value you use and name its source"),
            );
        }
        f.unwrap_or_default()
    };
    if !consumed.is_zero() && ef_source.is_none() && !r.is_blank("electricity_ef") && r.is_blank("electricity_ef_source") {
        diags.push(Diagnostic::at(
            DiagCode::InputMissing,
            &r.at("electricity_ef_source"),
            "expected the source of the electricity factor (grid, ppa, direct_line, own_generation), found an empty cell",
        ));
    }
    let electricity_produced_ef = need(diags, produced, produced_ef, "electricity_produced", "electricity_produced_ef");
    let heat_imported_ef = need(diags, heat_in, heat_in_ef, "heat_imported", "heat_imported_ef");
    let heat_exported_ef = need(diags, heat_out, heat_out_ef, "heat_exported", "heat_exported_ef");
    if !consumed.is_zero() && ef.is_none() {
        need(diags, consumed, ef, "electricity_consumed", "electricity_ef");
    }
    if let (Some(c), Some(rt)) = (category, route)
        && !c.routes().contains(&rt)
    {
        diags.push(
            Diagnostic::at(DiagCode::InputRoute, &r.at("route"), format!("route '{rt}' is not a route of category '{c}'"))
                .hint(format!("routes of {c}: {}", c.routes().iter().map(|x| x.code()).collect::<Vec<_>>().join(", "))),
        );
    }
    Some(Process {
        id: id?,
        name: name?,
        category: category?,
        route: route?,
        activity_level_t: al?,
        electricity: Electricity {
            consumed_mwh: consumed,
            ef,
            ef_source,
            ef_reference,
            evidence,
            ef_source_at: Some(r.at("electricity_ef_source")),
            evidence_at: Some(r.at("electricity_evidence")),
        },
        electricity_produced_mwh: produced,
        electricity_produced_ef,
        heat_imported_tj: heat_in,
        heat_imported_ef,
        heat_exported_tj: heat_out,
        heat_exported_ef,
        waste_gas_correction_t: waste_gas,
        non_saleable_output_t: non_saleable,
        direct_emissions_entered_t: None,
        streams: Vec::new(),
        pfc: Vec::new(),
        precursors: Vec::new(),
        origin: Some(r.first()),
    })
}

pub(super) fn read_stream(r: &Row, diags: &mut Diagnostics) -> Option<SourceStream> {
    let errors_before = error_count(diags);
    let name = r.text("name", true, "the source stream name", diags);
    let method = r.code("method", true, "a monitoring method", StreamMethod::parse, diags);
    let material = r.text("material", false, "", diags);
    let raw_amount = r.number("activity_data", true, "the activity data", diags);
    let act_unit = r.code("activity_unit", true, "the unit of the activity data", |u| units::activity(u).map(|x| (u.to_string(), x)), diags);
    let ncv_raw = r.non_negative("ncv", false, "the net calorific value", true, diags);
    let ncv_unit = r.code("ncv_unit", false, "the unit of the NCV", |u| units::ncv(u).map(|x| (u.to_string(), x)), diags);
    let ef_raw = r.non_negative("ef", false, "the emission factor", false, diags);
    let ef_unit = r.code("ef_unit", false, "the unit of the emission factor", |u| units::ef(u).map(|x| (u.to_string(), x)), diags);
    let cc_raw = r.non_negative("carbon_content", false, "the carbon content", false, diags);
    let cc_unit = r.code("carbon_content_unit", false, "the unit of the carbon content", |u| units::carbon(u).map(|x| (u.to_string(), x)), diags);
    let oxidation = r.percent("oxidation_pct", "the oxidation factor", true, diags).unwrap_or(Dec::ONE);
    let conversion = r.percent("conversion_pct", "the conversion factor", true, diags).unwrap_or(Dec::ONE);
    let biomass = r.percent("biomass_pct", "the biomass fraction", false, diags).unwrap_or_default();
    let biomass_criteria_met = r.boolean("biomass_criteria", "whether the biomass meets the RED II criteria", diags);
    let cao = r.percent("cao_pct", "the CaO content", false, diags);
    let mgo = r.percent("mgo_pct", "the MgO content", false, diags);
    let calcination = r.percent("calcination_pct", "the degree of calcination", false, diags);
    let clinker_ef = r.non_negative("clinker_ef", false, "the clinker emission factor", true, diags);

    let (_, (basis, act_conv)) = act_unit?;
    let amount = act_conv.apply(raw_amount?);
    let method = method?;
    if amount.is_sign_negative() && !amount.is_zero() && method != StreamMethod::MassBalance {
        diags.push(
            Diagnostic::at(
                DiagCode::InputNegative,
                &r.at("activity_data"),
                format!("expected a consumed amount (not negative) for method {}, found {}", method.code(), raw_amount?),
            )
            .hint("only mass-balance outputs are negative"),
        );
        return None;
    }
    let mut bad = false;
    let mut mismatch = |key: &str, unit: &str, b: Basis, diags: &mut Diagnostics| {
        bad = true;
        diags.push(
            Diagnostic::at(
                DiagCode::InputUnitBasis,
                &r.at(key),
                format!("unit '{unit}' is per {} but the activity data is {}", units::basis_name(b).trim_start_matches("a "), units::basis_name(basis)),
            )
            .hint("use units on the same basis, e.g. activity in t with NCV in GJ/t, or activity in Nm3 with NCV in MJ/Nm3"),
        );
    };
    let with_unit = |value: Option<Dec>, unit_present: bool, key: &str, unit_key: &str, diags: &mut Diagnostics| -> bool {
        if value.is_some() && !unit_present && r.is_blank(unit_key) {
            diags.push(Diagnostic::at(DiagCode::InputMissingUnit, &r.at(unit_key), format!("expected the unit of '{key}', found an empty cell")));
            return false;
        }
        true
    };
    let ncv = match (ncv_raw, &ncv_unit) {
        (Some(v), Some((u, (b, conv)))) => {
            if *b != basis {
                mismatch("ncv_unit", u, *b, diags);
            }
            Some(conv.apply(v))
        }
        (v, u) => {
            with_unit(v, u.is_some(), "ncv", "ncv_unit", diags);
            None
        }
    };
    let ef = match (ef_raw, &ef_unit) {
        (Some(v), Some((u, (per, conv)))) => match per {
            EfPer::Energy => Some(EmissionFactor::Energy(conv.apply(v))),
            EfPer::Amount(b) => {
                if *b != basis {
                    mismatch("ef_unit", u, *b, diags);
                }
                Some(EmissionFactor::Unit(conv.apply(v)))
            }
        },
        (v, u) => {
            with_unit(v, u.is_some(), "ef", "ef_unit", diags);
            None
        }
    };
    let carbon_content = match (cc_raw, &cc_unit) {
        (Some(v), Some((u, (b, conv)))) => {
            if *b != basis {
                mismatch("carbon_content_unit", u, *b, diags);
            }
            Some(conv.apply(v))
        }
        (v, u) => {
            with_unit(v, u.is_some(), "carbon_content", "carbon_content_unit", diags);
            None
        }
    };
    // What each method needs, said before the engine has to guess; only once the row's cells have
    // been read without errors (a cell that cannot be read is not also reported as missing).
    if bad || error_count(diags) > errors_before {
        return None;
    }
    let m = method.code();
    let ef_unit_text = ef_unit.as_ref().map(|(u, _)| u.as_str()).unwrap_or_default();
    let per_energy = matches!(ef, Some(EmissionFactor::Energy(_)));
    let mut need = |key: &str, msg: String| diags.push(Diagnostic::at(DiagCode::InputMethodData, &r.at(key), msg));
    match method {
        StreamMethod::Combustion => match ef {
            Some(EmissionFactor::Energy(_)) if ncv.is_none() => need(
                "ncv",
                format!("expected the net calorific value (ncv with ncv_unit) because the emission factor is in {ef_unit_text}, found an empty cell"),
            ),
            None if carbon_content.is_none() => {
                need("ef", format!("expected an emission factor (ef with ef_unit) or a carbon content for method {m}, found neither"))
            }
            _ => {}
        },
        StreamMethod::ProcessA => {
            if per_energy {
                need("ef_unit", format!("expected a factor per unit of material (e.g. tCO2/t) for method {m}, found '{ef_unit_text}'"));
            }
            let carbonate = material.as_deref().is_some_and(|m| crate::tables::factors::carbonate_factor(m).is_some());
            if ef.is_none() && !carbonate {
                need(
                    "ef",
                    format!("expected an emission factor, or a material CaCO3, MgCO3, Na2CO3 or FeCO3 for its standard factor, for method {m}; found neither"),
                );
            }
        }
        StreamMethod::ProcessB | StreamMethod::KilnDust => {
            if per_energy {
                need("ef_unit", format!("expected a factor per tonne (tCO2/t) for method {m}, found '{ef_unit_text}'"));
            }
            if method == StreamMethod::KilnDust && calcination.is_some() && clinker_ef.is_none() && ef.is_none() {
                need("clinker_ef", "expected the clinker emission factor (clinker_ef) to use the degree of calcination, found an empty cell".to_string());
            }
        }
        StreamMethod::MassBalance | StreamMethod::NonCarbonateCarbon => {
            if carbon_content.is_none() {
                need("carbon_content", format!("expected a carbon content (carbon_content with carbon_content_unit) for method {m}, found an empty cell"));
            }
        }
    }
    if (cao.is_some() || mgo.is_some()) && method != StreamMethod::ProcessB {
        diags.push(Diagnostic::warning(
            DiagCode::InputIgnored,
            Some(Location::Cell(r.at("cao_pct"))),
            format!("CaO/MgO contents are used only by method process_b; ignored for method {}", method.code()),
        ));
    }
    let monitoring = match method {
        StreamMethod::Combustion => Monitoring::Combustion { ef, carbon_content, oxidation },
        StreamMethod::ProcessA => Monitoring::ProcessA { ef, conversion },
        StreamMethod::ProcessB => Monitoring::ProcessB { ef, cao, mgo, conversion },
        StreamMethod::MassBalance => Monitoring::MassBalance { carbon_content },
        StreamMethod::KilnDust => Monitoring::KilnDust { ef, calcination, clinker_ef },
        StreamMethod::NonCarbonateCarbon => Monitoring::NonCarbonateCarbon { carbon_content },
    };
    Some(SourceStream {
        name: name?,
        monitoring,
        material,
        amount,
        basis,
        ncv,
        biomass,
        biomass_criteria_met,
        biomass_criteria_at: Some(r.at("biomass_criteria")),
        origin: Some(r.first()),
    })
}

pub(super) fn read_pfc(r: &Row, diags: &mut Diagnostics) -> Option<PfcMonitoring> {
    let method = r.code("method", true, "a PFC method", PfcMethod::parse, diags);
    let technology = r.code("technology", false, "a cell technology", CellTechnology::parse, diags);
    let al = r.non_negative("aluminium_produced", true, "the primary aluminium produced", true, diags);
    let pos = |key: &str, what: &str, diags: &mut Diagnostics| r.non_negative(key, false, what, false, diags);
    let ae_frequency = pos("ae_frequency", "anode effects per cell-day", diags);
    let ae_duration_min = pos("ae_duration", "minutes per anode effect", diags);
    let sef_cf4 = pos("sef_cf4", "the slope coefficient SEF(CF4)", diags);
    let aeo_mv = pos("aeo", "the anode effect overvoltage in mV", diags);
    let current_efficiency = r.percent("current_efficiency_pct", "the current efficiency", true, diags);
    let ovc = pos("ovc", "the overvoltage coefficient", diags);
    let f_c2f6 = pos("f_c2f6", "the C2F6/CF4 weight fraction", diags);
    let collection = r.percent("collection_efficiency_pct", "the collection efficiency", true, diags).unwrap_or(Dec::ONE);
    let method = method?;
    let defaults = technology.and_then(|t| match method {
        PfcMethod::Slope => crate::tables::factors::pfc_slope_default(t.defaults_from()),
        PfcMethod::Overvoltage => crate::tables::factors::pfc_overvoltage_default(t.defaults_from()),
    });
    // A cell that holds something unreadable has had its own error; so has an unknown technology.
    let tech_failed = !r.is_blank("technology") && technology.is_none();
    let need = |v: bool, key: &str, what: &str, diags: &mut Diagnostics| {
        if !v && r.is_blank(key) {
            diags.push(Diagnostic::at(DiagCode::InputMethodData, &r.at(key), format!("expected {what} for the {} method, found an empty cell", method.code())));
        }
    };
    match method {
        PfcMethod::Slope => {
            need(ae_frequency.is_some(), "ae_frequency", "the anode-effect frequency (AE per cell-day)", diags);
            need(ae_duration_min.is_some(), "ae_duration", "the anode-effect duration (minutes)", diags);
            need(sef_cf4.is_some() || defaults.is_some() || tech_failed, "sef_cf4", "sef_cf4 (or a technology whose default factors apply)", diags);
        }
        PfcMethod::Overvoltage => {
            need(aeo_mv.is_some(), "aeo", "the anode-effect overvoltage (mV)", diags);
            need(current_efficiency.is_some(), "current_efficiency_pct", "the current efficiency", diags);
            need(ovc.is_some() || defaults.is_some() || tech_failed, "ovc", "ovc (or a technology with overvoltage default factors: CWPB, SWPB)", diags);
        }
    }
    need(f_c2f6.is_some() || defaults.is_some() || tech_failed, "f_c2f6", "f_c2f6 (or a technology whose default factors apply)", diags);
    let f_c2f6 = f_c2f6.or(defaults.map(|d| d.1))?;
    Some(PfcMonitoring {
        method,
        technology,
        aluminium_t: al?,
        ae_frequency,
        ae_duration_min,
        sef_cf4,
        aeo_mv,
        current_efficiency,
        ovc,
        f_c2f6,
        collection_efficiency: collection,
        origin: Some(r.first()),
    })
}

pub(super) fn read_precursor(r: &Row, diags: &mut Diagnostics) -> Option<PrecursorInput> {
    let name = r.text("name", true, "the precursor name", diags);
    let category = r.code("category", true, "the precursor's goods category", GoodsCategory::parse, diags);
    let source = r.code(
        "source",
        true,
        "own or purchased",
        |s| match s.trim().to_ascii_lowercase().as_str() {
            "own" => Some(true),
            "purchased" => Some(false),
            _ => None,
        },
        diags,
    );
    let mass = r.non_negative("mass", true, "the mass consumed", false, diags);
    let alloying = r.boolean("alloying", "whether these are alloying elements", diags).unwrap_or(false);
    let own = source?;
    let src = if own {
        let from = r.text("from_process", true, "the process_id that produces this precursor", diags);
        for k in ["supplier", "country", "values", "see_direct", "see_indirect", "default_cn_code"] {
            if !r.is_blank(k) {
                diags.push(Diagnostic::warning(
                    DiagCode::InputIgnored,
                    Some(Location::Cell(r.at(k))),
                    format!("'{k}' is ignored for a precursor made in this installation (source own)"),
                ));
            }
        }
        PrecursorSource::Own { process: from? }
    } else {
        let supplier = r.text("supplier", false, "", diags);
        // Some(None): the country of production is not known ("unknown").
        let country = r.text("country", true, "the country of production (ISO 3166-1 alpha-2, or unknown)", diags).and_then(|t| match CountryCode::parse(&t) {
            Some(c) => Some(Some(c)),
            None if t.trim().eq_ignore_ascii_case("unknown") => Some(None),
            None => {
                diags.push(Diagnostic::at(
                    DiagCode::InputCountry,
                    &r.at("country"),
                    format!("expected an ISO 3166-1 alpha-2 country code such as CN (or unknown), found '{t}'"),
                ));
                None
            }
        });
        let kind = r.code(
            "values",
            true,
            "actual or default",
            |s| match s.trim().to_ascii_lowercase().as_str() {
                "actual" => Some(true),
                "default" => Some(false),
                _ => None,
            },
            diags,
        );
        let values = match kind? {
            true => {
                let d = r.non_negative("see_direct", true, "the supplier's specific direct embedded emissions", false, diags);
                let i = r.non_negative("see_indirect", true, "the supplier's specific indirect embedded emissions", false, diags);
                let e = r.non_negative("embedded_electricity", false, "the specific embedded electricity", false, diags);
                let default_key = match r.text("default_cn_code", false, "", diags) {
                    None => None,
                    Some(t) => match CnCode::parse(&t) {
                        Ok(c) => Some((c, r.code("variant", false, "grey or white", Variant::parse, diags))),
                        Err(e) => {
                            diags.push(cn_error(&r.at("default_cn_code"), &t, e));
                            None
                        }
                    },
                };
                PurchasedSee::Actual { see_direct: d?, see_indirect: i?, embedded_electricity: e, default_key }
            }
            false => {
                let cn = r.text("default_cn_code", true, "the CN code whose default value applies", diags).and_then(|t| match CnCode::parse(&t) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        diags.push(cn_error(&r.at("default_cn_code"), &t, e));
                        None
                    }
                });
                let variant = r.code("variant", false, "grey or white", Variant::parse, diags);
                for k in ["see_direct", "see_indirect", "verification_report"] {
                    if !r.is_blank(k) {
                        diags.push(Diagnostic::warning(
                            DiagCode::InputIgnored,
                            Some(Location::Cell(r.at(k))),
                            format!("'{k}' is ignored: values is 'default', so the country default value is used"),
                        ));
                    }
                }
                PurchasedSee::Default { cn_code: cn?, variant }
            }
        };
        if country == Some(None) && matches!(values, PurchasedSee::Actual { .. }) {
            diags.push(
                Diagnostic::at(DiagCode::InputCountry, &r.at("country"), "expected the country of production of a precursor at actual values, found 'unknown'")
                    .hint("'unknown' is for default values: the highest default value of the code applies"),
            );
            return None;
        }
        PrecursorSource::Purchased { supplier, country: country?, values }
    };
    let verification_report = match &src {
        PrecursorSource::Purchased { values: PurchasedSee::Actual { .. }, .. } => r.text("verification_report", false, "", diags),
        _ => None,
    };
    Some(PrecursorInput {
        name: name?,
        category: category?,
        mass_t: mass?,
        source: src,
        alloying,
        verification_report,
        verification_at: Some(r.at("verification_report")),
        origin: Some(r.first()),
    })
}

pub(super) fn read_good(r: &Row, diags: &mut Diagnostics) -> Option<Good> {
    let cn_text = r.text("cn_code", true, "an 8-digit CN code (or a 10-digit TARIC code of a cement the default values split)", diags);
    let cn = cn_text.as_ref().and_then(|t| match CnCode::parse(t) {
        Ok(c) => Some(c),
        Err(e) => {
            diags.push(cn_error(&r.at("cn_code"), t, e));
            None
        }
    });
    let product = r.text("product", true, "the product name", diags);
    let process = r.text("process_id", true, "the process_id that produces the good", diags);
    let variant = r.code("variant", false, "grey or white", Variant::parse, diags);
    let params = QualifyingParams {
        clinker_ratio_pct: r.percent("clinker_ratio_pct", "the clinker-to-cement ratio", false, diags).map(|f| f * Dec::ONE_HUNDRED),
        calcined: r.boolean("calcined", "whether the clay is calcined", diags),
        scrap_t_per_t: r.non_negative("scrap_t_per_t", false, "tonnes of scrap per tonne of product", false, diags),
        pre_consumer_scrap_pct: r.percent("pre_consumer_scrap_pct", "the pre-consumer share of scrap", false, diags).map(|f| f * Dec::ONE_HUNDRED),
        non_al_elements_pct: r.percent("non_al_elements_pct", "the share of elements other than aluminium", false, diags).map(|f| f * Dec::ONE_HUNDRED),
    };
    let params_at = ParamCells {
        clinker_ratio_pct: Some(r.at("clinker_ratio_pct")),
        scrap_t_per_t: Some(r.at("scrap_t_per_t")),
        pre_consumer_scrap_pct: Some(r.at("pre_consumer_scrap_pct")),
        non_al_elements_pct: Some(r.at("non_al_elements_pct")),
    };
    Some(Good { cn_code: cn?, product: product?, process: process?, variant, params, params_at, origin: Some(r.first()) })
}
