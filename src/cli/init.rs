//! `cbam init [PATH]`: a blank installation workbook; `cbam init --imports [PATH]`: a blank
//! imports workbook for `cbam report`. `--lang zh` (or the global `cbam --lang zh init`) writes
//! the ReadMe and the notes in Chinese; sheet names, keys, units and codes stay as they are.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::Outcome;
use super::lang::{self, MessageLang};
use cbam::format::notes::Lang;
use cbam::render::workbook::{self, IMPORTS, INSTALLATION};

#[derive(clap::Args, Debug)]
#[command(after_help = "The installation workbook has a ReadMe sheet, an About sheet (one field per row) and one sheet per table: \
Processes, SourceStreams, PFC, Precursors, Goods, CarbonPrice. Row 1 holds the column keys (yellow = required), row 2 the unit, \
which you may change to another listed unit; data starts in row 3.\n\n\
With --imports: the imports workbook of an EU importer, with a Declarant sheet (one field per row) and an Imports \
sheet (one customs line per row), for `cbam report`.\n\n\
With --lang zh the ReadMe, the notes on the keys and the notes in the About or Declarant sheet are in Chinese \
(简体中文); sheet names, keys, units and codes stay in English, so cbam reads both alike.")]
pub struct Args {
    /// Where to write the workbook [default: installation.xlsx, or imports.xlsx with --imports].
    pub path: Option<PathBuf>,
    /// Write the imports workbook of a reporting declarant instead of an installation workbook.
    #[arg(long)]
    pub imports: bool,
    /// Language of the ReadMe and the notes [default: the global --lang, else en].
    #[arg(long, value_enum)]
    pub lang: Option<WorkbookLang>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The language of the workbook's texts.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookLang {
    /// English.
    En,
    /// 简体中文: the ReadMe and every note in Chinese.
    Zh,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let path = a.path.unwrap_or_else(|| PathBuf::from(if a.imports { "imports.xlsx" } else { "installation.xlsx" }));
    if path.exists() && !a.force {
        bail!("{} exists; use --force to replace it", path.display());
    }
    let lang = match a.lang {
        Some(WorkbookLang::En) => Lang::En,
        Some(WorkbookLang::Zh) => Lang::Zh,
        None if lang::chosen() == MessageLang::Zh => Lang::Zh,
        None => Lang::En,
    };
    workbook::blank(if a.imports { &IMPORTS } else { &INSTALLATION }, lang).save(&path).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Done)
}
