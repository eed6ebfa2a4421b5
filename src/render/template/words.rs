//! The template's words for cbam's codes: the texts its drop-down lists offer and its formulas
//! match exactly (goods categories, production routes, electricity factor sources, cell
//! technologies, carbon pricing instruments).

use crate::model::{CellTechnology, EfSource, GoodsCategory, Instrument};

/// The template's name of an aggregated goods category (`Parameters_Constants!A89:A106`, with
/// its trailing space where the template has one: its formulas match the text exactly).
pub fn category_name(c: GoodsCategory) -> &'static str {
    match c {
        GoodsCategory::Cement => "Cement",
        GoodsCategory::CementClinker => "Cement clinker",
        GoodsCategory::CalcinedClay => "Calcined clays ",
        GoodsCategory::AluminousCement => "Aluminous cement",
        GoodsCategory::UnwroughtAluminium => "Unwrought aluminium",
        GoodsCategory::AluminiumProducts => "Aluminium products",
    }
}

/// The template's production routes (`Parameters_Constants!G89:P106`).
pub(super) const ALL_ROUTES: &str = "All production routes";
pub(super) const PRIMARY: &str = "Primary (electrolytic) smelting";
pub(super) const SECONDARY: &str = "Secondary melting (recycling)";
pub(super) const UNKNOWN_ROUTE: &str = "Unknown production routes";

/// The template's names of the electricity factor sources (`CONST_ElecSource`).
pub(super) fn ef_source_code(source: Option<EfSource>, reference: Option<&str>) -> &'static str {
    match source {
        Some(EfSource::Grid) => {
            if reference.is_some_and(|r| r.contains("D.4(a)")) {
                "D.4(a)"
            } else {
                "D.4(b)"
            }
        }
        Some(EfSource::OwnGeneration) => "D.4.1",
        Some(EfSource::DirectLine) => "D.4.3.1",
        Some(EfSource::Ppa) => "D.4.3.2",
        None => "Mix",
    }
}

pub(super) fn technology_name(t: CellTechnology) -> &'static str {
    match t {
        CellTechnology::PfpbLegacy => "Point Feeder Pre-Bake, legacy (PFPB_legacy)",
        CellTechnology::PfpbModern => "Point Feeder Pre-Bake, modern (PFPB_modern)",
        CellTechnology::Cwpb => "Centre Worked Pre-Bake (CWPB)",
        CellTechnology::Swpb => "Side Worked Pre-Bake (SWPB)",
        CellTechnology::Vss => "Vertical Stud Søderberg (VSS)",
        CellTechnology::Hss => "Horizontal Stud Søderberg (HSS)",
        // The template's list has no PFPB MW; its factors are CWPB's where not measured.
        CellTechnology::PfpbMw => "Centre Worked Pre-Bake (CWPB)",
    }
}

/// The template's carbon pricing instruments (`CONST_CarbonPriceType`).
pub(super) fn instrument_name(i: Instrument) -> &'static str {
    match i {
        Instrument::CarbonTax => "Carbon Tax",
        Instrument::Levy => "Carbon Levy",
        Instrument::Fee => "Carbon Fee",
        Instrument::NationalEts => "National Emissions Trading System",
        Instrument::RegionalEts => "Regional Emissions Trading System",
        Instrument::Other => "Other",
    }
}
