//! A carbon price the installation paid at home (China's national ETS, a regional pilot ETS, a
//! carbon tax …), as the operator declares it for one compliance year. Amounts in the scheme's
//! currency; conversions to EUR use the yearly average rate given with its source.

use serde::Serialize;

use super::{CellRef, Dec};

/// Kinds of carbon pricing instruments, with the QReport `InstrumentType` code (DOMAIN §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    CarbonTax,
    Levy,
    Fee,
    NationalEts,
    RegionalEts,
    Other,
}

impl Instrument {
    pub const ALL: [Instrument; 6] =
        [Instrument::CarbonTax, Instrument::Levy, Instrument::Fee, Instrument::NationalEts, Instrument::RegionalEts, Instrument::Other];
    pub fn code(self) -> &'static str {
        match self {
            Instrument::CarbonTax => "carbon_tax",
            Instrument::Levy => "levy",
            Instrument::Fee => "fee",
            Instrument::NationalEts => "national_ets",
            Instrument::RegionalEts => "regional_ets",
            Instrument::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Self::ALL.into_iter().find(|x| x.code() == t)
    }
    /// QReport `InstrumentType`.
    pub fn qreport_code(self) -> &'static str {
        match self {
            Instrument::CarbonTax => "01",
            Instrument::Levy => "02",
            Instrument::Fee => "03",
            Instrument::NationalEts => "04",
            Instrument::RegionalEts => "05",
            Instrument::Other => "06",
        }
    }
    pub fn is_ets(self) -> bool {
        matches!(self, Instrument::NationalEts | Instrument::RegionalEts)
    }
}

/// One scheme and compliance year. For an ETS the deductible price is what the installation
/// really bought and surrendered beyond its free allocation; for a tax, what it paid.
#[derive(Debug, Clone, Serialize)]
pub struct CarbonPrice {
    pub instrument: Instrument,
    /// Name of the scheme, e.g. "China national ETS", "Guangdong pilot ETS".
    pub scheme: String,
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of all amounts, e.g. CNY.
    pub currency: String,
    /// Verified emissions covered by the scheme, tCO2e (direct emissions of the installation).
    pub covered_emissions_t: Dec,
    /// ETS: allowances allocated free of charge, surrendered, bought (and their mean price), and
    /// offset credits (CCER) used with their mean price. Tax: `tax_paid`.
    pub free_allocation_t: Dec,
    pub surrendered_t: Dec,
    pub bought_t: Dec,
    pub bought_price: Dec,
    pub offsets_t: Dec,
    pub offsets_price: Dec,
    /// Carbon tax or levy paid, in `currency` (0 for an ETS).
    pub tax_paid: Dec,
    /// Any rebate, compensation or refund received, in `currency`.
    pub rebate: Dec,
    /// Yearly average exchange rate: units of `currency` per EUR, with its source.
    pub eur_rate: Option<Dec>,
    pub eur_rate_source: Option<String>,
    /// The independent person who certified the documentation of the price paid, and the
    /// certificate's reference (Regulation 2023/956 Art. 9(2) as amended by 2025/2083): in the
    /// definitive period no deduction is claimed without it.
    pub certified_by: Option<String>,
    /// Optional benchmark allocation check: output × benchmark intensity = allowances expected.
    pub benchmark_output_t: Option<Dec>,
    pub benchmark_intensity: Option<Dec>,
    #[serde(skip)]
    pub origin: Option<CellRef>,
}
