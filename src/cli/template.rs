//! `cbam template fill`: the Commission's Communication template, filled from an installation.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::{Outcome, report as print_problems};
use cbam::model::Dec;
use cbam::render::template;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand, Debug)]
pub enum Sub {
    /// Fill the Commission's Communication template (v2.1.1) with an installation's data.
    Fill(FillArgs),
}

#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  cbam template fill installation.xlsx -o communication.xlsx\n\n\
Starts from the Commission's blank \"CBAM Communication template for installations\" v2.1.1 (built into cbam, \
unchanged) and fills its input cells: the installation and reporting period (A_InstData), the source streams and \
PFC rows (B_EmInst), one D_Processes block per production process (production, own precursors, directly \
attributable emissions DirEm* as cbam computes them from the source streams and PFCs, heat, waste gas and \
electricity), the purchased precursors (E_PurchPrec) and the goods with their qualifying parameters and carbon \
price due (Summary_Products, and the template's carbon price tool F_Tools). Formulas, protection, validations, styles and hidden sheets stay as the Commission \
made them. The file holds no calculated results: a spreadsheet program computes them when it opens the file \
(it is marked for a full recalculation on load), and they equal what `cbam compute` prints.\n\n\
When the data does not fit (more than 10 processes or 20 purchased precursors, more source streams than rows, \
a route the template lacks), nothing is written and each misfit is named.")]
pub struct FillArgs {
    /// Installation workbook (cbam's own format, see `cbam init`).
    pub file: PathBuf,
    /// The filled template to write (.xlsx).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Density of a source stream measured in m3 of liquid, in t/m3, e.g. "Diesel=0.84": the
    /// template takes activity data in t or 1000Nm3 only (repeatable).
    #[arg(long = "density", value_name = "STREAM=T_PER_M3", value_parser = density)]
    pub densities: Vec<(String, Dec)>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

fn density(s: &str) -> Result<(String, Dec), String> {
    template::parse_density(s)
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    match a.command {
        Sub::Fill(f) => fill(f),
    }
}

fn fill(a: FillArgs) -> anyhow::Result<Outcome> {
    if a.output.exists() && !a.force {
        bail!("{} exists; use --force to replace it", a.output.display());
    }
    let (loaded, res, _) = match cbam::compute_file(&a.file, cbam::regime::Choice::default()) {
        Ok(x) => x,
        Err(d) => {
            print_problems(&d);
            return Ok(Outcome::from_problems(&d));
        }
    };
    if loaded.kind == cbam::read::InputKind::CommunicationTemplate {
        let d = vec![template::input_is_template(&a.file.display().to_string())];
        print_problems(&d);
        return Ok(Outcome::InputProblems);
    }
    print_problems(&loaded.warnings);
    let opts = template::Options { densities: a.densities.clone() };
    let filled = match template::fill(&loaded.installation, &res, &opts) {
        Ok(f) => f,
        Err(d) => {
            let d = d.into_sorted();
            print_problems(&d);
            return Ok(Outcome::InputProblems);
        }
    };
    cbam::render::write_atomically(&a.output, &filled.bytes).with_context(|| format!("writing {}", a.output.display()))?;
    eprintln!(
        "wrote {} (Communication template v{}): {} process{}, {} purchased precursor{}, {} source stream{}, {} PFC row{}, {} good{}; {} input cells",
        a.output.display(),
        template::VERSION,
        filled.processes,
        if filled.processes == 1 { "" } else { "es" },
        filled.purchased,
        s(filled.purchased),
        filled.streams,
        s(filled.streams),
        filled.pfc,
        s(filled.pfc),
        filled.goods,
        s(filled.goods),
        filled.cells
    );
    Ok(Outcome::Done)
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
