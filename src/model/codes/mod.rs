//! Closed vocabularies of the domain: CN codes in scope, goods categories and routes, methods,
//! electricity-factor sources, PFC cell technologies. Parsing from text lives here too, so the
//! readers of every input format accept the same words.

use std::fmt;

mod cn;
mod country;

pub use cn::*;
pub use country::*;

/// Aggregated goods categories of Annex II of Implementing Regulation 2023/1773, cement and
/// aluminium only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoodsCategory {
    /// Calcined clay (CN 2507 00 80).
    CalcinedClay,
    /// Cement clinker (CN 2523 10 00).
    CementClinker,
    /// Cement: heading 2523 other than clinker and aluminous cement.
    Cement,
    /// Aluminous cement (CN 2523 30 00).
    AluminousCement,
    /// Unwrought aluminium (heading 7601).
    UnwroughtAluminium,
    /// Aluminium products (headings 7603 to 7614 and 7616).
    AluminiumProducts,
}

impl GoodsCategory {
    /// Every category: cement's four, then aluminium's two.
    pub const ALL: [GoodsCategory; 6] = [
        GoodsCategory::CalcinedClay,
        GoodsCategory::CementClinker,
        GoodsCategory::Cement,
        GoodsCategory::AluminousCement,
        GoodsCategory::UnwroughtAluminium,
        GoodsCategory::AluminiumProducts,
    ];
    /// The snake_case key inputs and outputs name the category by (`cement_clinker`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            GoodsCategory::CalcinedClay => "calcined_clay",
            GoodsCategory::CementClinker => "cement_clinker",
            GoodsCategory::Cement => "cement",
            GoodsCategory::AluminousCement => "aluminous_cement",
            GoodsCategory::UnwroughtAluminium => "unwrought_aluminium",
            GoodsCategory::AluminiumProducts => "aluminium_products",
        }
    }
    /// Reads a category by its [`Self::code`], ignoring case and surrounding spaces, with spaces or
    /// hyphens for the underscores; `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    /// Whether the category is unwrought aluminium or aluminium products.
    pub fn is_aluminium(self) -> bool {
        matches!(self, GoodsCategory::UnwroughtAluminium | GoodsCategory::AluminiumProducts)
    }
    /// Routes allowed for this category.
    pub fn routes(self) -> &'static [Route] {
        match self {
            GoodsCategory::CalcinedClay => &[Route::CalcinedClay],
            GoodsCategory::CementClinker => &[Route::Clinker],
            GoodsCategory::Cement => &[Route::Cement],
            GoodsCategory::AluminousCement => &[Route::AluminousCement],
            GoodsCategory::UnwroughtAluminium => &[Route::PrimarySmelting, Route::SecondaryMelting, Route::MixedUnwrought],
            GoodsCategory::AluminiumProducts => {
                &[Route::Products, Route::ProductsIntegratedPrimary, Route::ProductsIntegratedSecondary, Route::ProductsIntegratedMixed]
            }
        }
    }
    /// Categories that may be consumed as precursors by a process of this category.
    pub fn precursor_categories(self) -> &'static [GoodsCategory] {
        match self {
            GoodsCategory::Cement => &[GoodsCategory::CementClinker, GoodsCategory::CalcinedClay],
            GoodsCategory::UnwroughtAluminium => &[GoodsCategory::UnwroughtAluminium],
            GoodsCategory::AluminiumProducts => &[GoodsCategory::UnwroughtAluminium, GoodsCategory::AluminiumProducts],
            _ => &[],
        }
    }
    /// Whether the category is listed in Annex II of Regulation (EU) 2023/956 (goods whose
    /// embedded emissions count direct emissions only in the definitive period): aluminium.
    /// Which years that applies to is the regime's business (`crate::regime`).
    pub fn listed_in_annex_ii(self) -> bool {
        self.is_aluminium()
    }
}

impl fmt::Display for GoodsCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Production routes, with the QReport production-method codes (MethodId).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Calcined clay (P01).
    CalcinedClay,
    /// Cement clinker (P02).
    Clinker,
    /// Cement (P03).
    Cement,
    /// Aluminous cement (P04).
    AluminousCement,
    /// Unwrought aluminium by primary (electrolytic) smelting (P42).
    PrimarySmelting,
    /// Unwrought aluminium by secondary melting, i.e. recycling (P43).
    SecondaryMelting,
    /// Unwrought aluminium from a mix of primary smelting and secondary melting (P44).
    MixedUnwrought,
    /// Aluminium products from unwrought aluminium (P45).
    Products,
    /// Aluminium products integrated with primary smelting (P46).
    ProductsIntegratedPrimary,
    /// Aluminium products integrated with secondary melting (P47).
    ProductsIntegratedSecondary,
    /// Aluminium products integrated with a mix of primary and secondary production (P48).
    ProductsIntegratedMixed,
}

impl Route {
    /// Every route, in MethodId order (P01 to P48).
    pub const ALL: [Route; 11] = [
        Route::CalcinedClay,
        Route::Clinker,
        Route::Cement,
        Route::AluminousCement,
        Route::PrimarySmelting,
        Route::SecondaryMelting,
        Route::MixedUnwrought,
        Route::Products,
        Route::ProductsIntegratedPrimary,
        Route::ProductsIntegratedSecondary,
        Route::ProductsIntegratedMixed,
    ];
    /// The snake_case key inputs and outputs name the route by (`primary_smelting`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            Route::CalcinedClay => "calcined_clay",
            Route::Clinker => "clinker",
            Route::Cement => "cement",
            Route::AluminousCement => "aluminous_cement",
            Route::PrimarySmelting => "primary_smelting",
            Route::SecondaryMelting => "secondary_melting",
            Route::MixedUnwrought => "mixed",
            Route::Products => "products",
            Route::ProductsIntegratedPrimary => "products_integrated_primary",
            Route::ProductsIntegratedSecondary => "products_integrated_secondary",
            Route::ProductsIntegratedMixed => "products_integrated_mixed",
        }
    }
    /// QReport `ProdMethodQualifyingParams/MethodId`.
    pub fn method_id(self) -> &'static str {
        match self {
            Route::CalcinedClay => "P01",
            Route::Clinker => "P02",
            Route::Cement => "P03",
            Route::AluminousCement => "P04",
            Route::PrimarySmelting => "P42",
            Route::SecondaryMelting => "P43",
            Route::MixedUnwrought => "P44",
            Route::Products => "P45",
            Route::ProductsIntegratedPrimary => "P46",
            Route::ProductsIntegratedSecondary => "P47",
            Route::ProductsIntegratedMixed => "P48",
        }
    }
    /// Reads a route by its [`Self::code`] (ignoring case and surrounding spaces, with spaces or
    /// hyphens for the underscores) or by its MethodId (`P42`); `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|r| r.code() == t || r.method_id().eq_ignore_ascii_case(&t))
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where an electricity emission factor comes from (DOMAIN §3.4; QReport SOE codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EfSource {
    /// Grid average of the country of production (the Commission's default).
    Grid,
    /// A power purchase agreement.
    Ppa,
    /// A direct technical link to a generator.
    DirectLine,
    /// Generated within the installation.
    OwnGeneration,
}

impl EfSource {
    /// Every source.
    pub const ALL: [EfSource; 4] = [EfSource::Grid, EfSource::Ppa, EfSource::DirectLine, EfSource::OwnGeneration];
    /// The snake_case key inputs and outputs name the source by (`direct_line`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            EfSource::Grid => "grid",
            EfSource::Ppa => "ppa",
            EfSource::DirectLine => "direct_line",
            EfSource::OwnGeneration => "own_generation",
        }
    }
    /// Reads a source by its [`Self::code`], ignoring case and surrounding spaces, with spaces or
    /// hyphens for the underscores; `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|x| x.code() == t)
    }
    /// QReport `SourceOfElectricity` (SOE01 direct link, SOE02 PPA, SOE03 grid). Own generation
    /// is a direct technical link.
    pub fn soe_code(self) -> &'static str {
        match self {
            EfSource::DirectLine | EfSource::OwnGeneration => "SOE01",
            EfSource::Ppa => "SOE02",
            EfSource::Grid => "SOE03",
        }
    }
}

/// Monitoring method of a source stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamMethod {
    /// Fuel combustion: AD × NCV × EF × OF.
    Combustion,
    /// Process emissions, method A (input-based: raw meal or carbonates) AD × EF × CF.
    ProcessA,
    /// Process emissions, method B (output-based: clinker or oxides) AD × EF × CF.
    ProcessB,
    /// Mass balance: 3.664 × AD × C (AD negative for outputs); also anodes and electrodes.
    MassBalance,
    /// Cement kiln dust or bypass dust leaving the kiln system (Annex III B.9.2.3).
    KilnDust,
    /// Non-carbonate (organic) carbon of the raw meal: AD × TOC × 3.664.
    NonCarbonateCarbon,
}

impl StreamMethod {
    /// Every method.
    pub const ALL: [StreamMethod; 6] = [
        StreamMethod::Combustion,
        StreamMethod::ProcessA,
        StreamMethod::ProcessB,
        StreamMethod::MassBalance,
        StreamMethod::KilnDust,
        StreamMethod::NonCarbonateCarbon,
    ];
    /// The snake_case key inputs and outputs name the method by (`process_a`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            StreamMethod::Combustion => "combustion",
            StreamMethod::ProcessA => "process_a",
            StreamMethod::ProcessB => "process_b",
            StreamMethod::MassBalance => "mass_balance",
            StreamMethod::KilnDust => "kiln_dust",
            StreamMethod::NonCarbonateCarbon => "non_carbonate_carbon",
        }
    }
    /// Reads a method by its [`Self::code`], ignoring case and surrounding spaces, with spaces or
    /// hyphens for the underscores; `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|x| x.code() == t)
    }
}

/// PFC monitoring method for primary aluminium (Annex III B.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PfcMethod {
    /// Slope method: CF4 from the anode-effect frequency and duration (Annex III B.7.1).
    Slope,
    /// Overvoltage method: CF4 from the anode-effect overvoltage and the current efficiency
    /// (Annex III B.7.2).
    Overvoltage,
}

impl PfcMethod {
    /// The key inputs and outputs name the method by (`slope`, `overvoltage`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            PfcMethod::Slope => "slope",
            PfcMethod::Overvoltage => "overvoltage",
        }
    }
    /// Reads `slope` or `overvoltage`, ignoring case and surrounding spaces; `None` for any other
    /// text.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "slope" => Some(PfcMethod::Slope),
            "overvoltage" => Some(PfcMethod::Overvoltage),
            _ => None,
        }
    }
}

/// Electrolysis cell technologies with default PFC factors (Annex III B.7, Tables 1 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum CellTechnology {
    /// Point-fed prebake cells, legacy.
    #[serde(rename = "PFPB_legacy")]
    PfpbLegacy,
    /// Point-fed prebake cells, modern.
    #[serde(rename = "PFPB_modern")]
    PfpbModern,
    /// Centre-worked prebake cells.
    #[serde(rename = "CWPB")]
    Cwpb,
    /// Side-worked prebake cells.
    #[serde(rename = "SWPB")]
    Swpb,
    /// Vertical stud Søderberg cells.
    #[serde(rename = "VSS")]
    Vss,
    /// Horizontal stud Søderberg cells.
    #[serde(rename = "HSS")]
    Hss,
    /// Modern point-fed prebake without fully automated anode-effect intervention: the table
    /// has no default; the operator measures its own, or uses CWPB's (see [`Self::defaults_from`]).
    #[serde(rename = "PFPB_MW")]
    PfpbMw,
}

impl CellTechnology {
    /// Every technology.
    pub const ALL: [CellTechnology; 7] = [
        CellTechnology::PfpbLegacy,
        CellTechnology::PfpbModern,
        CellTechnology::Cwpb,
        CellTechnology::Swpb,
        CellTechnology::Vss,
        CellTechnology::Hss,
        CellTechnology::PfpbMw,
    ];
    /// The code inputs and outputs name the technology by (`CWPB`, `PFPB_legacy`): the inverse of
    /// [`Self::parse`].
    pub fn code(self) -> &'static str {
        match self {
            CellTechnology::PfpbLegacy => "PFPB_legacy",
            CellTechnology::PfpbModern => "PFPB_modern",
            CellTechnology::Cwpb => "CWPB",
            CellTechnology::Swpb => "SWPB",
            CellTechnology::Vss => "VSS",
            CellTechnology::Hss => "HSS",
            CellTechnology::PfpbMw => "PFPB_MW",
        }
    }
    /// The technology whose default factors apply: its own, except PFPB MW, which has none and
    /// takes CWPB's "if [own measurement] is technically not feasible or involves unreasonable
    /// costs" (footnote 1 of Table 2, Annex II B.7.1 of IR 2025/2547).
    pub fn defaults_from(self) -> CellTechnology {
        match self {
            CellTechnology::PfpbMw => CellTechnology::Cwpb,
            t => t,
        }
    }
    /// Reads a technology by its [`Self::code`], ignoring case and surrounding spaces; `None` for
    /// any other text.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        Self::ALL.into_iter().find(|x| x.code().eq_ignore_ascii_case(t))
    }
}

/// Grey or white, where the default-value table distinguishes them (clinker, hydraulic cements).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// Grey clinker or cement.
    Grey,
    /// White clinker or cement.
    White,
}

impl Variant {
    /// Reads `grey` (or `gray`) or `white`, ignoring case and surrounding spaces; `None` for any
    /// other text.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("grey") || t.eq_ignore_ascii_case("gray") {
            Some(Variant::Grey)
        } else if t.eq_ignore_ascii_case("white") {
            Some(Variant::White)
        } else {
            None
        }
    }
    /// The key inputs and outputs name the variant by: `grey` or `white`.
    pub fn code(self) -> &'static str {
        match self {
            Variant::Grey => "grey",
            Variant::White => "white",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cn_codes_in_scope_and_out() {
        assert_eq!(CnCode::parse("2523 29 00").unwrap().as_str(), "25232900");
        assert_eq!(CnCode::parse("25232900").unwrap().category(), GoodsCategory::Cement);
        assert_eq!(CnCode::parse("25231000").unwrap().category(), GoodsCategory::CementClinker);
        assert_eq!(CnCode::parse("25070080").unwrap().category(), GoodsCategory::CalcinedClay);
        assert_eq!(CnCode::parse("25233000").unwrap().category(), GoodsCategory::AluminousCement);
        assert_eq!(CnCode::parse("76011000").unwrap().category(), GoodsCategory::UnwroughtAluminium);
        assert_eq!(CnCode::parse("76042100").unwrap().category(), GoodsCategory::AluminiumProducts);
        assert_eq!(CnCode::parse("76169990").unwrap().category(), GoodsCategory::AluminiumProducts);
        // 7602 is scrap, 7615 household articles: not CBAM goods.
        assert_eq!(CnCode::parse("76020011"), Err(CnError::NotCbam));
        assert_eq!(CnCode::parse("76151010"), Err(CnError::NotCbam));
        assert_eq!(CnCode::parse("72081000"), Err(CnError::OtherCbamSector("iron and steel")));
        assert_eq!(CnCode::parse("31021010"), Err(CnError::OtherCbamSector("fertilisers")));
        assert_eq!(CnCode::parse("28041000"), Err(CnError::OtherCbamSector("hydrogen")));
        assert_eq!(CnCode::parse("27160000"), Err(CnError::OtherCbamSector("electricity")));
        assert_eq!(CnCode::parse("2523290"), Err(CnError::Malformed));
        assert_eq!(CnCode::parse("2523290X"), Err(CnError::Malformed));
        assert_eq!(CnCode::parse("25070080").unwrap().spaced(), "2507 00 80");
        assert_eq!(CnCode::parse("25070080").unwrap().taric(), None);
        // Non-calcined clays share heading 2507 but only 2507 00 80 is in scope.
        assert_eq!(CnCode::parse("25070020"), Err(CnError::NotCbam));
    }

    #[test]
    fn taric_codes_of_the_corrected_default_values() {
        let grey = CnCode::parse("2523 10 00 90").unwrap();
        assert_eq!((grey.as_str(), grey.cn8(), grey.taric()), ("2523100090", "25231000", Some("90")));
        assert_eq!(grey.to_string(), "2523100090");
        assert_eq!(grey.spaced(), "2523 10 00 90");
        assert_eq!(grey.hs(), "252310");
        assert_eq!(grey.category(), GoodsCategory::CementClinker);
        assert_eq!(grey.sector(), Sector::Cement);
        assert_eq!(grey.taric_variant(), Some(Variant::Grey));
        assert_eq!(grey.to_cn8(), CnCode::parse("25231000").unwrap());
        assert_eq!(CnCode::parse("2523900010").unwrap().taric_variant(), Some(Variant::White));
        assert_eq!(CnCode::parse("2523900010").unwrap().category(), GoodsCategory::Cement);
        let clay = CnCode::parse("2507.00.80.80").unwrap();
        assert_eq!((clay.cn8(), clay.taric_variant(), clay.category()), ("25070080", None, GoodsCategory::CalcinedClay));
        assert_eq!(CnCode::parse("25232900").unwrap().taric_variant(), None);
        // Ten digits that are not one of those TARIC codes, and other lengths.
        for bad in ["2523100020", "7601100010", "2523290000", "252310009", "25231000900", "2523"] {
            assert_eq!(CnCode::parse(bad), Err(CnError::Malformed), "{bad}");
        }
        assert!(CN_CODE_EXPECTED.contains("2523100090") && CN_CODE_EXPECTED.contains("8-digit"));
    }

    #[test]
    fn countries() {
        assert!(CountryCode::parse("cn").is_some());
        assert!(CountryCode::parse("TR").is_some());
        assert!(CountryCode::parse("XX").is_none());
        assert!(CountryCode::parse("CHN").is_none());
        assert_eq!(country::ISO_3166_ALPHA2.split(' ').count(), 250);
    }

    #[test]
    fn route_codes_match_qreport() {
        assert_eq!(Route::parse("P42"), Some(Route::PrimarySmelting));
        assert_eq!(Route::parse("primary smelting"), Some(Route::PrimarySmelting));
        for c in GoodsCategory::ALL {
            assert!(!c.routes().is_empty());
        }
    }
}
