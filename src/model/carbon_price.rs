//! A carbon price the installation paid at home (China's national ETS, a regional pilot ETS, a
//! carbon tax …), as the operator declares it for one compliance year. Amounts in the scheme's
//! currency; conversions to EUR use the yearly average rate given with its source.

use serde::Serialize;

use super::{CellRef, Dec};

/// Kinds of carbon pricing instruments, with the QReport `InstrumentType` code (DOMAIN §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// A carbon tax (QReport `01`).
    CarbonTax,
    /// A carbon levy (`02`).
    Levy,
    /// A carbon fee (`03`).
    Fee,
    /// A national emissions trading system, such as China's (`04`).
    NationalEts,
    /// A regional emissions trading system, such as a Chinese pilot ETS (`05`).
    RegionalEts,
    /// Any other carbon pricing instrument (`06`).
    Other,
}

impl Instrument {
    /// Every instrument, in QReport code order.
    pub const ALL: [Instrument; 6] =
        [Instrument::CarbonTax, Instrument::Levy, Instrument::Fee, Instrument::NationalEts, Instrument::RegionalEts, Instrument::Other];
    /// The snake_case key inputs and outputs name the instrument by (`national_ets`): the inverse
    /// of [`Self::parse`].
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
    /// Reads an instrument by its [`Self::code`], ignoring case and surrounding spaces, with spaces
    /// or hyphens for the underscores; `None` for any other text.
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
    /// Whether the instrument is an emissions trading system (national or regional), whose price
    /// is worked out from the allowances bought rather than taken as declared.
    pub fn is_ets(self) -> bool {
        matches!(self, Instrument::NationalEts | Instrument::RegionalEts)
    }
}

/// One scheme and compliance year. For an ETS the deductible price is what the installation
/// really bought and surrendered beyond its free allocation; for a tax, what it paid.
#[derive(Debug, Clone, Serialize)]
pub struct CarbonPrice {
    /// The kind of pricing instrument.
    pub instrument: Instrument,
    /// Name of the scheme, e.g. "China national ETS", "Guangdong pilot ETS".
    pub scheme: String,
    /// The compliance year the figures belong to; only the year the reporting period ends in is
    /// applied.
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of all amounts, e.g. CNY.
    pub currency: String,
    /// Verified emissions covered by the scheme, tCO2e (direct emissions of the installation).
    pub covered_emissions_t: Dec,
    /// ETS: allowances allocated free of charge for the year, tCO2e (0 for a tax).
    pub free_allocation_t: Dec,
    /// ETS: allowances and credits surrendered for the year, tCO2e.
    pub surrendered_t: Dec,
    /// ETS: allowances bought for the year, tCO2e.
    pub bought_t: Dec,
    /// ETS: mean price paid per allowance bought, in `currency`.
    pub bought_price: Dec,
    /// ETS: offset credits (such as CCER) surrendered, tCO2e.
    pub offsets_t: Dec,
    /// ETS: mean price paid per offset credit, in `currency`.
    pub offsets_price: Dec,
    /// Carbon tax or levy paid, in `currency` (0 for an ETS).
    pub tax_paid: Dec,
    /// Any rebate, compensation or refund received, in `currency`.
    pub rebate: Dec,
    /// Yearly average exchange rate: units of `currency` per EUR; `None` where not given
    /// (amounts then have no EUR figure, unless `currency` is EUR).
    pub eur_rate: Option<Dec>,
    /// Where the exchange rate comes from.
    pub eur_rate_source: Option<String>,
    /// The independent person who certified the documentation of the price paid, and the
    /// certificate's reference (Regulation 2023/956 Art. 9(2) as amended by 2025/2083): in the
    /// definitive period no deduction is claimed without it.
    pub certified_by: Option<String>,
    /// Optional benchmark allocation check: the output the free allocation is based on (e.g.
    /// clinker), t; times `benchmark_intensity`, the allowances expected.
    pub benchmark_output_t: Option<Dec>,
    /// Optional benchmark allocation check: the scheme's benchmark intensity, allowances
    /// (tCO2e) per tonne of `benchmark_output_t`.
    pub benchmark_intensity: Option<Dec>,
    /// The first cell of the row the price was read from, for diagnostics.
    #[serde(skip)]
    pub origin: Option<CellRef>,
}
