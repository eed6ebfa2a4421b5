//! `cbam init [PATH]`: a blank installation workbook.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::Outcome;

#[derive(clap::Args, Debug)]
#[command(after_help = "The workbook has a ReadMe sheet, an About sheet (one field per row) and one sheet per table: \
Processes, SourceStreams, PFC, Precursors, Goods. Row 1 holds the column keys (yellow = required), row 2 the unit, \
which you may change to another listed unit; data starts in row 3.")]
pub struct Args {
    /// Where to write the workbook.
    #[arg(default_value = "installation.xlsx")]
    pub path: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    if a.path.exists() && !a.force {
        bail!("{} exists; use --force to replace it", a.path.display());
    }
    crate::render::workbook::save_blank_installation(&a.path).with_context(|| format!("writing {}", a.path.display()))?;
    eprintln!("wrote {}", a.path.display());
    Ok(Outcome::Done)
}
