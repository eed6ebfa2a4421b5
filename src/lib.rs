//! `cbam`: CBAM embedded emissions for cement and aluminium installations.
//!
//! The pipeline, in one screen:
//!
//! 1. [`read`] opens a workbook and recognises it by content ([`read::InputKind`]);
//!    [`read::tidy`] reads our own installation workbook (format in [`format::tidy`]);
//! 2. [`validate`] turns raw cells into [`model`] values (units converted, every problem located)
//!    and checks the records against each other ([`validate::installation::check`]);
//! 3. [`compute`] derives specific embedded emissions per process and per good, exactly, using the
//!    Commission's reference tables in [`tables`];
//! 4. [`render`] writes tables, JSON and workbooks; [`cli`] wires it all to commands.
//!
//! The library never prints and never exits: problems travel as [`model::Diagnostic`]s.

pub mod cli;
pub mod compute;
pub mod format;
pub mod model;
pub mod read;
pub mod render;
pub mod tables;
pub mod validate;

use std::path::Path;

use model::{Diagnostic, Diagnostics, Installation, Location};

/// An installation read and validated, with the warnings met on the way.
#[derive(Debug)]
pub struct Loaded {
    pub installation: Installation,
    pub kind: read::InputKind,
    pub warnings: Vec<Diagnostic>,
}

/// Steps 1 and 2: read any supported installation file and validate it. `Err` holds every
/// problem found (errors first, sorted), never only the first.
pub fn load_installation(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let (mut book, kind) = read::open(path).map_err(|d| vec![d])?;
    let (inst, mut diags) = match kind {
        read::InputKind::TidyInstallation => read::tidy::read(&mut book),
        read::InputKind::CommunicationTemplate => (
            None,
            Diagnostics::from(vec![Diagnostic::error(
                "input.template_unsupported",
                Some(Location::File(path.display().to_string())),
                "this is a CBAM Communication template; reading templates is not supported yet",
            )
            .hint("transcribe the data into an installation workbook (`cbam init`)")]),
        ),
    };
    if let Some(inst) = &inst {
        diags.extend(validate::installation::check(inst));
    }
    match inst {
        Some(installation) if !diags.has_errors() => Ok(Loaded { installation, kind, warnings: diags.into_sorted() }),
        _ => Err(diags.into_sorted()),
    }
}

/// Steps 1 to 3 for one file: the installation, its results, and all warnings.
pub fn compute_file(path: &Path, year: Option<i32>) -> Result<(Loaded, compute::Results, i32), Vec<Diagnostic>> {
    let mut loaded = load_installation(path)?;
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&loaded.installation.period.end));
    let res = compute::compute(&loaded.installation, tables::defaults::DefaultValues::embedded(), &compute::Options { year })
        .map_err(|d| d.into_sorted())?;
    loaded.warnings.extend(res.warnings.iter().cloned());
    Ok((loaded, res, year))
}
