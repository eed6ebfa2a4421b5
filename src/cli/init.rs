//! `cbam init [PATH]`: a blank installation workbook; `cbam init --imports [PATH]`: a blank
//! imports workbook for `cbam report`.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::Outcome;

#[derive(clap::Args, Debug)]
#[command(after_help = "The installation workbook has a ReadMe sheet, an About sheet (one field per row) and one sheet per table: \
Processes, SourceStreams, PFC, Precursors, Goods. Row 1 holds the column keys (yellow = required), row 2 the unit, \
which you may change to another listed unit; data starts in row 3.\n\n\
With --imports: the imports workbook of an EU importer, with a Declarant sheet (one field per row) and an Imports \
sheet (one customs line per row), for `cbam report`.")]
pub struct Args {
    /// Where to write the workbook [default: installation.xlsx, or imports.xlsx with --imports].
    pub path: Option<PathBuf>,
    /// Write the imports workbook of a reporting declarant instead of an installation workbook.
    #[arg(long)]
    pub imports: bool,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let path = a.path.unwrap_or_else(|| PathBuf::from(if a.imports { "imports.xlsx" } else { "installation.xlsx" }));
    if path.exists() && !a.force {
        bail!("{} exists; use --force to replace it", path.display());
    }
    let written = if a.imports { crate::render::workbook::save_blank_imports(&path) } else { crate::render::workbook::save_blank_installation(&path) };
    written.with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Done)
}
