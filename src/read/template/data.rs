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
    /// B_EmInst: the PFC monitoring of primary aluminium smelting.
    pub pfc: Vec<PfcMonitoring>,
    /// B_EmInst (c): measurement-based sources, named only (cbam does not recompute them).
    pub measured: Vec<Measured>,
    /// C_Emissions&Energy: the installation's totals as the file's formulas left them.
    pub balance: Balance,
    /// D_Processes: the production process blocks, as entered.
    pub processes: Vec<ProcessBlock>,
    /// E_PurchPrec: the purchased-precursor blocks, as entered.
    pub purchased: Vec<PurchasedBlock>,
    /// Summary_Products: the products, with the file's own results.
    pub products: Vec<Product>,
    /// F_Tools: the tool to calculate the carbon price due.
    pub tools: CarbonPriceTool,
    /// Cells a value was expected in but found empty, in reading order.
    pub incomplete: Vec<CellRef>,
    /// Whether the file holds formula results saved by a spreadsheet program.
    pub has_cached_results: bool,
}

/// A measurement-based emission source of B_EmInst, named only.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// The source's name.
    pub name: String,
    /// The type of greenhouse gas, as entered.
    pub gas: String,
    /// The cell of the name.
    #[serde(skip)]
    pub origin: CellRef,
}

/// C_Emissions&Energy: the installation's balances as the file's formulas left them (cached).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Balance {
    /// Total CO2 from B_EmInst, t (cached).
    pub co2_t: Option<Dec>,
    /// Total PFC emissions from B_EmInst, tCO2e (cached).
    pub pfc_t: Option<Dec>,
    /// The installation's total direct emissions, tCO2e (cached).
    pub direct_t: Option<Dec>,
    /// The installation's total indirect emissions, tCO2e (cached).
    pub indirect_t: Option<Dec>,
    /// Whether manual entries (C_Emissions&Energy row 26) override the B_EmInst figures.
    pub manual_entries: bool,
    /// The cell of the total direct emissions.
    #[serde(skip)]
    pub direct_cell: Option<CellRef>,
}

/// Where a category of the template falls for cbam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Sector {
    /// A category cbam computes.
    Covered(GoodsCategory),
    /// A CBAM sector cbam does not compute (iron and steel, fertilisers, hydrogen, electricity).
    Other(&'static str),
}

/// One D_Processes block, as entered.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessBlock {
    /// `P1` … `P10`.
    pub id: String,
    /// The process's name.
    pub name: String,
    /// The category text of A_InstData.
    pub category_text: String,
    /// What cbam makes of that category.
    pub sector: Sector,
    /// Total production (sum of the production by route), t.
    pub production_t: Dec,
    /// Production for the market, t.
    pub market_t: Dec,
    /// (process id, t) consumed by other processes of the installation.
    pub to_processes: Vec<(String, Dec)>,
    /// Production consumed for non-CBAM goods, t.
    pub non_cbam_t: Dec,
    /// The directly attributable emissions DirEm*, tCO2e.
    pub direct_emissions_t: Option<Dec>,
    /// Electricity consumed, MWh.
    pub electricity_mwh: Dec,
    /// Emission factor of the electricity consumed, tCO2/MWh.
    pub electricity_ef: Option<Dec>,
    /// The template's code of the factor's source (`D.4(b)` …).
    pub electricity_source: Option<String>,
    /// The cell of the block's total production.
    #[serde(skip)]
    pub origin: CellRef,
}

/// One E_PurchPrec block, as entered.
#[derive(Debug, Clone, Serialize)]
pub struct PurchasedBlock {
    /// `PP1` … `PP20`.
    pub id: String,
    /// The precursor's name.
    pub name: String,
    /// The category text of A_InstData.
    pub category_text: String,
    /// Where that category falls for cbam; `None` when it is not one of the template's.
    pub sector: Option<Sector>,
    /// Country of production.
    pub country: Option<CountryCode>,
    /// Quantity purchased, t (the sum by route).
    pub purchased_t: Dec,
    /// (process id, t) consumed by processes of the installation.
    pub to_processes: Vec<(String, Dec)>,
    /// Quantity consumed for other purposes, t.
    pub other_t: Dec,
    /// Specific embedded direct emissions, tCO2e/t.
    pub see_direct: Option<Dec>,
    /// The source of that value, as entered: Measured, Default or Unknown.
    pub see_direct_source: Option<String>,
    /// Specific electricity consumption, MWh/t.
    pub electricity: Option<Dec>,
    /// The emission factor of that electricity, tCO2/MWh.
    pub electricity_ef: Option<Dec>,
    /// The template's code of the factor's source (`D.4(a)` …).
    pub electricity_ef_source: Option<String>,
    /// The cell of its declaration in A_InstData.
    #[serde(skip)]
    pub origin: CellRef,
}

/// One Summary_Products row.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    /// Spreadsheet row (10 … 109).
    pub row: u32,
    /// The production process the product arises from, by its name.
    pub process_name: String,
    /// The CN code, as entered.
    pub cn_code: String,
    /// The product's name.
    pub name: String,
    /// The other CBAM sector of the good, when cbam does not compute it.
    pub other_sector: Option<&'static str>,
    /// Index into the installation's goods when the good is computed.
    pub good: Option<usize>,
    /// The file's own results (cached formula values), with the cell of each.
    pub cached: Vec<Cached>,
    /// The file's own communication sheet (cached), where read.
    pub communicated: Vec<(String, String)>,
    /// Summary_Products columns AL–AX: the carbon price due, as entered.
    pub carbon_price: ProductCarbonPrice,
}

/// Which figure a cached value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Specific direct embedded emissions, tCO2e/t.
    SeeDirect,
    /// Specific indirect embedded emissions, tCO2e/t.
    SeeIndirect,
    /// Specific embedded emissions, direct plus indirect, tCO2e/t.
    SeeTotal,
    /// Specific embedded electricity, MWh/t.
    EmbeddedElectricity,
}

impl Figure {
    /// The figure's name, as messages and `cbam inspect` write it.
    pub fn label(self) -> &'static str {
        match self {
            Figure::SeeDirect => "SEE (direct)",
            Figure::SeeIndirect => "SEE (indirect)",
            Figure::SeeTotal => "SEE (total)",
            Figure::EmbeddedElectricity => "embedded electricity",
        }
    }
}

/// One of the file's own results: a cached formula value of Summary_Products.
#[derive(Debug, Clone, Serialize)]
pub struct Cached {
    /// Which figure it is.
    pub figure: Figure,
    /// The value, in the figure's unit.
    pub value: Dec,
    /// The cell it was read from.
    #[serde(skip)]
    pub cell: CellRef,
}

/// Summary_Products columns AL–AX, as entered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProductCarbonPrice {
    /// The type of carbon pricing instrument, as entered.
    pub instrument: Option<String>,
    /// Share (0..1) of the total embedded emissions covered.
    pub share: Option<Dec>,
    /// The currency of the carbon price.
    pub currency: Option<String>,
    /// Carbon price due per t of product.
    pub due_per_t: Option<Dec>,
    /// The type of rebate, as entered.
    pub rebate_type: Option<String>,
    /// Share (0..1) of the embedded emissions covered by the rebate.
    pub rebate_share: Option<Dec>,
    /// The rebate per t of product.
    pub rebate_per_t: Option<Dec>,
}

impl ProductCarbonPrice {
    /// Whether the row gives no carbon price: no instrument, share, price due or rebate.
    pub fn is_empty(&self) -> bool {
        self.instrument.is_none() && self.share.is_none() && self.due_per_t.is_none() && self.rebate_per_t.is_none()
    }
}

/// F_Tools: the tool to calculate the carbon price due.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CarbonPriceTool {
    /// The currency of the prices, as entered.
    pub currency: Option<String>,
    /// The rows with entries.
    pub rows: Vec<ToolRow>,
}

/// One row of the tool: a production process (`P1`…) or a purchased precursor (`PP1`…).
#[derive(Debug, Clone, Serialize)]
pub struct ToolRow {
    /// The process (`P1`…) or purchased precursor (`PP1`…).
    pub id: String,
    /// Share (0..1) of the emissions covered by the carbon price.
    pub share: Option<Dec>,
    /// Carbon price due and rebate, per tCO2e, in the tool's currency.
    pub price: Option<Dec>,
    /// The rebate per tCO2e, in the tool's currency.
    pub rebate: Option<Dec>,
    /// The cell of the row's share.
    #[serde(skip)]
    pub origin: CellRef,
}
