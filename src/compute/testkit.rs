//! Short constructors of model values for the compute tests. Every item gets an origin cell on
//! the sheet `T` so diagnostics can be checked for their location.

use chrono::NaiveDate;

use crate::model::{
    Basis, CellRef, CnCode, CountryCode, Dec, Electricity, Good, GoodsCategory, Identity, Installation, Monitoring, PfcMethod, PfcMonitoring, PrecursorInput,
    PrecursorSource, Process, PurchasedSee, QualifyingParams, ReportingPeriod, SourceStream, StreamMethod, Variant,
};

/// An exact decimal from its text (`0.525`, or `1e-26` for tolerances).
pub(crate) fn d(s: &str) -> Dec {
    Dec::from_str_exact(s).or_else(|_| Dec::from_scientific(s)).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

pub(crate) fn cell(row: u32) -> Option<CellRef> {
    Some(CellRef::new("T", row, 0))
}

/// An installation in China for 2025 with the given processes and goods.
pub(crate) fn installation(processes: Vec<Process>, goods: Vec<Good>) -> Installation {
    Installation {
        identity: Identity { installation_id: "CN-TEST-1".into(), name_en: "Test plant".into(), country: CountryCode::parse("CN"), ..Identity::default() },
        period: ReportingPeriod { start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), end: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap() },
        processes,
        goods,
        carbon_prices: Vec::new(),
        verification: None,
    }
}

/// A process of `category` (first route of the category) with activity level `al` and nothing
/// else: no streams, no electricity, no corrections.
pub(crate) fn process(id: &str, category: GoodsCategory, al: &str) -> Process {
    Process {
        id: id.into(),
        name: format!("{id} name"),
        category,
        route: category.routes()[0],
        activity_level_t: d(al),
        electricity: Electricity {
            consumed_mwh: Dec::ZERO,
            ef: None,
            ef_source: None,
            ef_reference: None,
            evidence: None,
            ef_source_at: None,
            evidence_at: None,
        },
        electricity_produced_mwh: Dec::ZERO,
        electricity_produced_ef: Dec::ZERO,
        heat_imported_tj: Dec::ZERO,
        heat_imported_ef: Dec::ZERO,
        heat_exported_tj: Dec::ZERO,
        heat_exported_ef: Dec::ZERO,
        waste_gas_correction_t: Dec::ZERO,
        non_saleable_output_t: Dec::ZERO,
        direct_emissions_entered_t: None,
        streams: Vec::new(),
        pfc: Vec::new(),
        precursors: Vec::new(),
        origin: cell(100),
    }
}

/// Sets the electricity consumed and its factor.
pub(crate) fn with_electricity(mut p: Process, mwh: &str, ef: &str) -> Process {
    p.electricity.consumed_mwh = d(mwh);
    p.electricity.ef = Some(d(ef));
    p
}

/// A stream with only its method and amount (t): no factor given, oxidation and conversion 1, no
/// biomass.
pub(crate) fn stream(name: &str, method: StreamMethod, amount: &str) -> SourceStream {
    let monitoring = match method {
        StreamMethod::Combustion => Monitoring::Combustion { ef: None, carbon_content: None, oxidation: Dec::ONE },
        StreamMethod::ProcessA => Monitoring::ProcessA { ef: None, conversion: Dec::ONE },
        StreamMethod::ProcessB => Monitoring::ProcessB { ef: None, cao: None, mgo: None, conversion: Dec::ONE },
        StreamMethod::MassBalance => Monitoring::MassBalance { carbon_content: None },
        StreamMethod::KilnDust => Monitoring::KilnDust { ef: None, calcination: None, clinker_ef: None },
        StreamMethod::NonCarbonateCarbon => Monitoring::NonCarbonateCarbon { carbon_content: None },
    };
    SourceStream {
        name: name.into(),
        monitoring,
        material: None,
        amount: d(amount),
        basis: Basis::Mass,
        ncv: None,
        biomass: Dec::ZERO,
        biomass_criteria_met: None,
        biomass_criteria_at: None,
        origin: cell(0),
    }
}

/// Combustion with an emission factor per TJ: `amount` t × `ncv` GJ/t × `ef` tCO2/TJ.
pub(crate) fn fuel(name: &str, amount: &str, ncv: &str, ef: &str) -> SourceStream {
    let mut s = stream(name, StreamMethod::Combustion, amount);
    s.ncv = Some(d(ncv));
    s.monitoring = Monitoring::Combustion { ef: Some(crate::model::EmissionFactor::Energy(d(ef))), carbon_content: None, oxidation: Dec::ONE };
    s
}

fn pfc(method: PfcMethod, aluminium: &str, f_c2f6: &str, collection: &str) -> PfcMonitoring {
    PfcMonitoring {
        method,
        technology: None,
        aluminium_t: d(aluminium),
        ae_frequency: None,
        ae_duration_min: None,
        sef_cf4: None,
        aeo_mv: None,
        current_efficiency: None,
        ovc: None,
        f_c2f6: d(f_c2f6),
        collection_efficiency: d(collection),
        origin: cell(50),
    }
}

pub(crate) fn pfc_slope(aluminium: &str, aef: &str, aed: &str, sef: Option<&str>, f_c2f6: &str, collection: &str) -> PfcMonitoring {
    PfcMonitoring { ae_frequency: Some(d(aef)), ae_duration_min: Some(d(aed)), sef_cf4: sef.map(d), ..pfc(PfcMethod::Slope, aluminium, f_c2f6, collection) }
}

pub(crate) fn pfc_overvoltage(aluminium: &str, aeo: &str, ce: &str, ovc: Option<&str>, f_c2f6: &str, collection: &str) -> PfcMonitoring {
    PfcMonitoring { aeo_mv: Some(d(aeo)), current_efficiency: Some(d(ce)), ovc: ovc.map(d), ..pfc(PfcMethod::Overvoltage, aluminium, f_c2f6, collection) }
}

fn precursor(name: &str, category: GoodsCategory, mass: &str, source: PrecursorSource, row: u32) -> PrecursorInput {
    PrecursorInput {
        name: name.into(),
        category,
        mass_t: d(mass),
        source,
        alloying: false,
        verification_report: None,
        verification_at: None,
        origin: cell(row),
    }
}

/// A precursor made by process `process` of the same installation.
pub(crate) fn own(name: &str, category: GoodsCategory, mass: &str, process: &str) -> PrecursorInput {
    precursor(name, category, mass, PrecursorSource::Own { process: process.into() }, 200)
}

/// A purchased precursor at the supplier's values.
pub(crate) fn actual(
    name: &str,
    category: GoodsCategory,
    mass: &str,
    country: &str,
    see_direct: &str,
    see_indirect: &str,
    embedded_electricity: Option<&str>,
) -> PrecursorInput {
    let values =
        PurchasedSee::Actual { see_direct: d(see_direct), see_indirect: d(see_indirect), embedded_electricity: embedded_electricity.map(d), default_key: None };
    let source = PrecursorSource::Purchased { supplier: Some(format!("{name} supplier")), country: CountryCode::parse(country), values };
    precursor(name, category, mass, source, 201)
}

/// A purchased precursor at the default value of `country` for `cn`.
pub(crate) fn default_valued(name: &str, category: GoodsCategory, mass: &str, country: &str, cn: &str, variant: Option<Variant>) -> PrecursorInput {
    let values = PurchasedSee::Default { cn_code: CnCode::parse(cn).unwrap(), variant };
    let source = PrecursorSource::Purchased { supplier: None, country: CountryCode::parse(country), values };
    precursor(name, category, mass, source, 202)
}

/// A good with CN code `cn` made by `process`.
pub(crate) fn good(cn: &str, product: &str, process: &str) -> Good {
    Good {
        cn_code: CnCode::parse(cn).unwrap(),
        product: product.into(),
        process: process.into(),
        variant: None,
        params: QualifyingParams::default(),
        params_at: Default::default(),
        origin: cell(300),
    }
}

/// The transitional regime of a 2025 period (IR 2023/1773), obligation year 2025.
pub(crate) fn regime_1773() -> crate::regime::Regime {
    crate::regime::Regime::for_year(2025, None).unwrap()
}

/// The regime of `year` for an installation's period under its own methodology.
pub(crate) fn regime_of(inst: &Installation, year: i32) -> crate::regime::Regime {
    crate::regime::Regime::for_period(&inst.period, crate::regime::Choice::year(Some(year))).unwrap()
}

/// The definitive regime (IR 2025/2547), obligation year 2026.
pub(crate) fn regime_2547() -> crate::regime::Regime {
    crate::regime::Regime::for_year(2026, None).unwrap()
}

/// Moves an installation's reporting period to the calendar year 2026.
pub(crate) fn in_2026(mut inst: Installation) -> Installation {
    inst.period = ReportingPeriod { start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), end: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap() };
    inst
}
