//! Reads the European Commission's "CBAM Communication template for installations" (versions
//! 2.1 and 2.1.1) into the same [`Installation`] the tidy workbook gives, plus the
//! [`TemplateData`] only a template has (installation-level source streams, balances, the file's
//! cached results, carbon price data).
//!
//! How the template maps onto the model:
//! - a production process of `A_InstData` (P1…P10) is a [`Process`](crate::model::Process) with
//!   id `P1`…; its `D_Processes` block gives the activity level (the sum of the production by
//!   route), the corrections (heat, waste gases, electricity exported) and the electricity;
//! - the template attributes direct emissions to a process by an entered amount (DirEm*,
//!   `D_Processes!L54`), not by source stream: that amount becomes the process's
//!   `direct_emissions_entered_t`; the `B_EmInst` source streams and PFC rows stay at
//!   installation level, in [`TemplateData`], for the cross-checks and for `cbam inspect`;
//! - own precursors are declared by the producing process ("consumed in other production
//!   processes") and become a precursor of the consuming process; purchased precursors
//!   (`E_PurchPrec`) become purchased precursors of each consuming process with the values
//!   entered (SEE direct; SEE indirect = electricity × factor);
//! - `Summary_Products` rows become goods; goods and processes of other CBAM sectors are left out
//!   with one message naming them.
//!
//! Cells are addressed through a cell map per version ([`cells`]); only the sheets the map names
//! are parsed, each once. Must not compute emissions: the engine does, from the model.

pub use crate::format::template_cells as cells;
pub mod data;
mod identity;
mod processes;
mod products;
mod streams;

use crate::model::DiagCode;
use std::collections::HashMap;

use crate::model::{CellRef, Dec, Diagnostic, Diagnostics, Installation, Location};
use crate::read::workbook::{Book, Grid};
use crate::validate::Value;
use crate::validate::fields::Fields;

pub use cells::CellMap;
pub use data::TemplateData;

/// The sheet holding the version history.
pub const VERSIONS_SHEET: &str = "0_Versions";
/// The sheet of code lists (countries), read only when needed.
const CODE_LISTS: &str = "c_CodeLists";

/// What reading a template gives: the installation when it could be built, the template's own
/// data as far as it could be read, and every problem found.
#[derive(Debug)]
pub struct TemplateRead {
    /// The installation the engine computes; `None` when it could not be built (the diagnostics say
    /// why).
    pub installation: Option<Installation>,
    /// The template's own data, as far as it could be read.
    pub data: TemplateData,
    /// Every problem found.
    pub diags: Diagnostics,
}

/// Reads the template in `book`. `communication`: also read `Summary_Communication` (for
/// `cbam inspect`; computing does not need it).
pub fn read(book: &mut Book, communication: bool) -> TemplateRead {
    let mut out = TemplateRead { installation: None, data: TemplateData::default(), diags: Diagnostics::new() };
    let Some(map) = version(book, &mut out) else { return out };
    let mut sheets: Vec<&str> = map.sheets().into_iter().filter(|s| *s != VERSIONS_SHEET).collect();
    // Read on demand only: the country list (when no cached country code) and the summary.
    sheets.retain(|s| *s != CODE_LISTS && (communication || *s != "Summary_Communication"));
    let mut ctx = Ctx { map, grids: HashMap::new(), diags: Diagnostics::new(), incomplete: Vec::new() };
    for s in sheets {
        match book.sheet(s) {
            Ok(g) => {
                ctx.grids.insert(s.to_string(), g);
            }
            Err(d) => ctx.diags.push(d),
        }
    }
    if ctx.diags.has_errors() {
        out.diags.extend(ctx.diags);
        return out;
    }
    out.data.has_cached_results = ctx.has_cached_results();
    let decl = identity::declarations(&mut ctx);
    if decl.processes.is_empty() && !products::any_product(&ctx) {
        let at = ctx.at("process.category", 0, 0);
        let to = ctx.map.get("process.category").at(0, 9, 0);
        out.diags.push(
            Diagnostic::at(
                DiagCode::TemplateNoProduction,
                &at,
                format!("this Communication template (version {}) contains no production data: no production process in A_InstData!{}:{} and no product in Summary_Products", map.version, at.a1(), to.a1()),
            )
            .hint("fill in the production processes (A_InstData section 4), their data (D_Processes) and the products (Summary_Products)"),
        );
        return out;
    }
    let identity = identity::identity(&mut ctx, book);
    let (streams, pfc, measured) = streams::read(&mut ctx);
    out.data.streams = streams;
    out.data.pfc = pfc;
    out.data.measured = measured;
    out.data.balance = streams::balance(&ctx);
    let (procs, blocks) = processes::processes(&mut ctx, &decl);
    out.data.processes = blocks;
    let (procs, purchased) = processes::purchased(&mut ctx, &decl, procs);
    out.data.purchased = purchased;
    let (goods, products) = products::products(&mut ctx, &decl, &procs, communication);
    out.data.products = products;
    out.data.tools = products::tools(&mut ctx, &decl);
    products::other_sectors(&mut ctx, &decl, &out.data.products);
    out.data.incomplete = std::mem::take(&mut ctx.incomplete);
    out.diags.extend(ctx.diags);
    if out.diags.has_errors() {
        return out;
    }
    if let Some((identity, period)) = identity {
        out.installation = Some(Installation { identity, period, processes: procs, goods, carbon_prices: Vec::new(), verification: None });
    }
    out
}

/// Reads the version from `0_Versions` and picks the cell map; `None` after an error.
fn version(book: &mut Book, out: &mut TemplateRead) -> Option<&'static CellMap> {
    let grid = match book.sheet(VERSIONS_SHEET) {
        Ok(g) => g,
        Err(d) => {
            out.diags.push(d);
            return None;
        }
    };
    let e = CellMap::newest().get("versions.version");
    let mut found: Option<(String, CellRef)> = None;
    for i in 0..e.rows() {
        let at = e.at(0, i, 0);
        let text = match grid.value(at.row, at.col) {
            Value::Text(t) if !t.trim().is_empty() => t.trim().to_string(),
            Value::Number(n) => crate::validate::fields::dec_from_f64(n).map(|d| d.normalize().to_string()).unwrap_or_default(),
            _ => continue,
        };
        found = Some((text, at));
    }
    let supported = CellMap::versions().join(", ");
    let Some((v, at)) = found else {
        let first = e.at(0, 0, 0);
        out.diags.push(
            Diagnostic::at(
                DiagCode::TemplateVersion,
                &first,
                format!("expected the template's version history in {}:{}, found no version number", first.a1(), e.at(0, e.rows() - 1, 0).a1()),
            )
            .hint(format!("cbam reads the Communication template in versions {supported}")),
        );
        return None;
    };
    out.data.version = v.clone();
    match CellMap::for_version(&v) {
        Some(m) => Some(m),
        None => {
            out.diags.push(
                Diagnostic::at(DiagCode::TemplateVersion, &at, format!("this Communication template is version {v}; cbam reads versions {supported}"))
                    .hint("copy the data into a template of a supported version, or update cbam"),
            );
            None
        }
    }
}

/// The sheets of one template, addressed through its cell map, and the problems found so far.
pub(crate) struct Ctx {
    pub map: &'static CellMap,
    grids: HashMap<String, Grid>,
    pub diags: Diagnostics,
    pub incomplete: Vec<CellRef>,
}

impl Ctx {
    /// Cell `i` (row within the range) of entry `name` in block `block`.
    pub fn at(&self, name: &str, block: u32, i: u32) -> CellRef {
        self.map.get(name).at(block, i, 0)
    }

    /// Parses `sheet` now if it has not been (sheets read on demand).
    pub fn load(&mut self, book: &mut Book, sheet: &str) {
        if !self.grids.contains_key(sheet) {
            match book.sheet(sheet) {
                Ok(g) => {
                    self.grids.insert(sheet.to_string(), g);
                }
                Err(d) => self.diags.push(d),
            }
        }
    }

    pub fn value(&self, at: &CellRef) -> Value {
        self.grids.get(&*at.sheet).map(|g| g.value(at.row, at.col)).unwrap_or(Value::Empty)
    }

    pub fn is_blank(&self, at: &CellRef) -> bool {
        self.value(at).is_blank()
    }

    fn note_missing(&mut self, at: &CellRef, required: bool) {
        if required && self.is_blank(at) {
            self.incomplete.push(at.clone());
        }
    }

    pub fn text(&mut self, at: &CellRef, required: bool, what: &str) -> Option<String> {
        self.note_missing(at, required);
        let v = self.value(at);
        Fields::new(&mut self.diags).text(at, &v, required, what)
    }

    /// A number ≥ 0.
    pub fn amount(&mut self, at: &CellRef, required: bool, what: &str) -> Option<Dec> {
        self.note_missing(at, required);
        let v = self.value(at);
        Fields::new(&mut self.diags).non_negative(at, &v, required, what, false)
    }

    /// A number of either sign.
    pub fn signed(&mut self, at: &CellRef, required: bool, what: &str) -> Option<Dec> {
        self.note_missing(at, required);
        let v = self.value(at);
        Fields::new(&mut self.diags).number(at, &v, required, what)
    }

    /// A percentage entered 0..100, as a fraction.
    pub fn percent(&mut self, at: &CellRef, what: &str) -> Option<Dec> {
        let v = self.value(at);
        Fields::new(&mut self.diags).percent(at, &v, what, false)
    }

    /// A fraction 0..1 (the template formats these cells as percentages).
    pub fn fraction(&mut self, at: &CellRef, what: &str) -> Option<Dec> {
        let d = self.amount(at, false, what)?;
        if d > Dec::ONE {
            self.diags.push(
                Diagnostic::at(
                    DiagCode::TemplateFraction,
                    at,
                    format!("expected {what} as a fraction from 0 to 1 (the cell shows it as a percentage), found {d}"),
                )
                .hint(format!("type {} % as {}", d.normalize(), (d / Dec::ONE_HUNDRED).normalize())),
            );
            return None;
        }
        Some(d)
    }

    pub fn date(&mut self, at: &CellRef, what: &str) -> Option<chrono::NaiveDate> {
        self.note_missing(at, true);
        let v = self.value(at);
        Fields::new(&mut self.diags).date(at, &v, true, what)
    }

    pub fn boolean(&mut self, at: &CellRef, what: &str) -> Option<bool> {
        let v = self.value(at);
        Fields::new(&mut self.diags).boolean(at, &v, what)
    }

    /// A cached formula result: a number, or `None` (no cached value, text, an error value).
    pub fn cached(&self, at: &CellRef) -> Option<Dec> {
        match self.value(at) {
            Value::Number(n) => crate::validate::fields::dec_from_f64(n),
            _ => None,
        }
    }

    /// Whether a spreadsheet program saved formula results: labels of the input sheets are
    /// formulas into `Translations`, so a recalculated file always has text in them.
    fn has_cached_results(&self) -> bool {
        let label = self.at("inst.period_label", 0, 0);
        matches!(self.value(&label), Value::Text(t) if !t.trim().is_empty())
    }

    pub fn warning(&mut self, code: DiagCode, at: Option<&CellRef>, msg: String) {
        self.diags.push(Diagnostic::warning(code, at.cloned().map(Location::Cell), msg));
    }
}
