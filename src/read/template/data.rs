//! What a Communication template holds beyond the [`Installation`](crate::model::Installation)
//! the engine computes: the installation-level source streams and balances, the process and
//! purchased-precursor blocks as entered, the file's own cached results, and the carbon price
//! data. `cbam inspect` shows it; the cross-checks of [`crate::template_cross_checks`] use it.
//!
//! Plain data only: no reading, no computing.

use serde::Serialize;

use crate::model::{CellRef, CountryCode, Dec, GoodsCategory, PfcMonitoring, SourceStream};

/// Everything read from one template.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TemplateData {
    /// The version found in `0_Versions`, e.g. `2.1.1`.
    pub version: String,
    /// B_EmInst: calculation-based source streams of the whole installation (the template
    /// attributes emissions to processes by amount, in D_Processes, not by stream).
    pub streams: Vec<SourceStream>,
    pub pfc: Vec<PfcMonitoring>,
    /// B_EmInst (c): measurement-based sources, named only (cbam does not recompute them).
    pub measured: Vec<Measured>,
    pub balance: Balance,
    pub processes: Vec<ProcessBlock>,
    pub purchased: Vec<PurchasedBlock>,
    pub products: Vec<Product>,
    pub tools: CarbonPriceTool,
    /// Cells a value was expected in but found empty, in reading order.
    pub incomplete: Vec<CellRef>,
    /// Whether the file holds formula results saved by a spreadsheet program.
    pub has_cached_results: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub name: String,
    pub gas: String,
    #[serde(skip)]
    pub origin: CellRef,
}

/// C_Emissions&Energy: the installation's balances as the file's formulas left them (cached).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Balance {
    pub co2_t: Option<Dec>,
    pub pfc_t: Option<Dec>,
    pub direct_t: Option<Dec>,
    pub indirect_t: Option<Dec>,
    /// Whether manual entries (C_Emissions&Energy row 26) override the B_EmInst figures.
    pub manual_entries: bool,
    #[serde(skip)]
    pub direct_cell: Option<CellRef>,
}

/// Where a category of the template falls for cbam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Sector {
    Covered(GoodsCategory),
    /// A CBAM sector cbam does not compute (iron and steel, fertilisers, hydrogen, electricity).
    Other(&'static str),
}

/// One D_Processes block, as entered.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessBlock {
    /// `P1` … `P10`.
    pub id: String,
    pub name: String,
    /// The category text of A_InstData and what cbam makes of it.
    pub category_text: String,
    pub sector: Sector,
    /// Total production (sum of the production by route), t.
    pub production_t: Dec,
    pub market_t: Dec,
    /// (process id, t) consumed by other processes of the installation.
    pub to_processes: Vec<(String, Dec)>,
    pub non_cbam_t: Dec,
    pub direct_emissions_t: Option<Dec>,
    pub electricity_mwh: Dec,
    pub electricity_ef: Option<Dec>,
    /// The template's code of the factor's source (`D.4(b)` …).
    pub electricity_source: Option<String>,
    #[serde(skip)]
    pub origin: CellRef,
}

/// One E_PurchPrec block, as entered.
#[derive(Debug, Clone, Serialize)]
pub struct PurchasedBlock {
    /// `PP1` … `PP20`.
    pub id: String,
    pub name: String,
    pub category_text: String,
    pub sector: Option<Sector>,
    pub country: Option<CountryCode>,
    pub purchased_t: Dec,
    /// (process id, t) consumed by processes of the installation.
    pub to_processes: Vec<(String, Dec)>,
    pub other_t: Dec,
    pub see_direct: Option<Dec>,
    pub see_direct_source: Option<String>,
    /// Specific electricity consumption, MWh/t, and its emission factor, tCO2/MWh.
    pub electricity: Option<Dec>,
    pub electricity_ef: Option<Dec>,
    pub electricity_ef_source: Option<String>,
    #[serde(skip)]
    pub origin: CellRef,
}

/// One Summary_Products row.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    /// Spreadsheet row (10 … 109).
    pub row: u32,
    pub process_name: String,
    pub cn_code: String,
    pub name: String,
    /// The other CBAM sector of the good, when cbam does not compute it.
    pub other_sector: Option<&'static str>,
    /// Index into the installation's goods when the good is computed.
    pub good: Option<usize>,
    /// The file's own results (cached formula values), with the cell of each.
    pub cached: Vec<Cached>,
    /// The file's own communication sheet (cached), where read.
    pub communicated: Vec<(String, String)>,
    pub carbon_price: ProductCarbonPrice,
}

/// Which figure a cached value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    SeeDirect,
    SeeIndirect,
    SeeTotal,
    EmbeddedElectricity,
}

impl Figure {
    pub fn label(self) -> &'static str {
        match self {
            Figure::SeeDirect => "SEE (direct)",
            Figure::SeeIndirect => "SEE (indirect)",
            Figure::SeeTotal => "SEE (total)",
            Figure::EmbeddedElectricity => "embedded electricity",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Cached {
    pub figure: Figure,
    pub value: Dec,
    #[serde(skip)]
    pub cell: CellRef,
}

/// Summary_Products columns AL–AX, as entered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProductCarbonPrice {
    pub instrument: Option<String>,
    /// Share (0..1) of the total embedded emissions covered.
    pub share: Option<Dec>,
    pub currency: Option<String>,
    /// Carbon price due per t of product.
    pub due_per_t: Option<Dec>,
    pub rebate_type: Option<String>,
    pub rebate_share: Option<Dec>,
    pub rebate_per_t: Option<Dec>,
}

impl ProductCarbonPrice {
    pub fn is_empty(&self) -> bool {
        self.instrument.is_none() && self.share.is_none() && self.due_per_t.is_none() && self.rebate_per_t.is_none()
    }
}

/// F_Tools: the tool to calculate the carbon price due.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CarbonPriceTool {
    pub currency: Option<String>,
    pub rows: Vec<ToolRow>,
}

/// One row of the tool: a production process (`P1`…) or a purchased precursor (`PP1`…).
#[derive(Debug, Clone, Serialize)]
pub struct ToolRow {
    pub id: String,
    /// Share (0..1) of the emissions covered by the carbon price.
    pub share: Option<Dec>,
    /// Carbon price due and rebate, per tCO2e, in the tool's currency.
    pub price: Option<Dec>,
    pub rebate: Option<Dec>,
    #[serde(skip)]
    pub origin: CellRef,
}
