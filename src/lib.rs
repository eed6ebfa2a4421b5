//! `cbam`: CBAM embedded emissions for cement and aluminium installations.
//!
//! The pipeline, in one screen:
//!
//! 1. [`read`] opens a workbook and recognises it by content ([`read::InputKind`]);
//!    [`read::tidy`] reads our own installation workbook (format in [`format::tidy`]),
//!    [`read::template`] the Commission's Communication template (cross-checked against its own
//!    cached results by [`template_cross_checks`]);
//! 2. [`validate`] turns raw cells into [`model`] values (units converted, every problem located)
//!    and checks the records against each other ([`validate::installation::check`]);
//! 3. [`compute`] derives specific embedded emissions per process and per good, exactly, using the
//!    Commission's reference tables in [`tables`];
//! 4. [`render`] writes tables, JSON and workbooks; the `cbam` binary (`src/cli`, not part of the library) wires it all to commands, and
//!    [`serve`] to a local web app and its HTTP API.
//!
//! The library never prints and never exits: problems travel as [`model::Diagnostic`]s.
#![deny(missing_docs)]

pub mod compute;
#[cfg(feature = "cli")]
pub mod declaration;
pub mod format;
pub mod model;
#[cfg(feature = "read")]
pub mod read;
pub mod regime;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod report;
#[cfg(feature = "cli")]
pub mod serve;
pub mod tables;
pub mod validate;

use crate::model::DiagCode;
#[cfg(feature = "read")]
use std::path::Path;

use model::{Diagnostic, Installation};
#[cfg(feature = "read")]
use model::{Diagnostics, Location};

#[cfg(feature = "read")]
/// An installation read and validated, with the warnings met on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The installation, its values in canonical units.
    pub installation: Installation,
    /// What the file was recognised as (our workbook or the Commission's template).
    pub kind: read::InputKind,
    /// The warnings met while reading and validating it, sorted.
    pub warnings: Vec<Diagnostic>,
    /// What only a Communication template holds (its cached results, carbon price data …).
    pub template: Option<Box<read::template::TemplateData>>,
}

#[cfg(feature = "read")]
/// Steps 1 and 2: read any supported installation file and validate it. `Err` holds every
/// problem found (errors first, sorted), never only the first.
pub fn load_installation(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let (book, kind) = read::open(path).map_err(|d| vec![d])?;
    load_book(book, kind)
}

#[cfg(feature = "read")]
/// [`load_installation`] on a file held in memory; `name` is used in messages.
pub fn load_installation_bytes(name: &str, bytes: Vec<u8>) -> Result<Loaded, Vec<Diagnostic>> {
    let book = read::workbook::Book::from_bytes(name, bytes).map_err(|d| vec![d])?;
    let kind = read::recognise(&book).map_err(|d| vec![d])?;
    load_book(book, kind)
}

#[cfg(feature = "read")]
/// Steps 1 and 2 for a workbook already opened and recognised.
pub fn load_book(mut book: read::workbook::Book, kind: read::InputKind) -> Result<Loaded, Vec<Diagnostic>> {
    let mut template = None;
    let (inst, mut diags) = match kind {
        read::InputKind::TidyInstallation => read::tidy::read(&mut book),
        read::InputKind::CommunicationTemplate => {
            let r = read::template::read(&mut book, false);
            template = Some(Box::new(r.data));
            (r.installation, r.diags)
        }
        read::InputKind::Imports => (
            None,
            Diagnostics::from(vec![
                Diagnostic::error(
                    DiagCode::InputNotAnInstallation,
                    Some(Location::File(book.path_display())),
                    "this is an imports workbook (customs lines of a declarant), not an installation",
                )
                .hint("`cbam report --imports FILE` reads it"),
            ]),
        ),
    };
    if let Some(inst) = &inst {
        diags.extend(validate::installation::check(inst));
    }
    match inst {
        Some(installation) if !diags.has_errors() => Ok(Loaded { installation, kind, warnings: diags.into_sorted(), template }),
        _ => Err(diags.into_sorted()),
    }
}

#[cfg(feature = "read")]
/// Steps 1 to 3 for one file: the installation, its results, and all warnings.
pub fn compute_file(path: &Path, choice: regime::Choice) -> Result<(Loaded, compute::Results, i32), Vec<Diagnostic>> {
    compute_loaded(load_installation(path)?, choice)
}

/// The regime of an installation's reporting period, as `choice` asks; a year outside the
/// known figures is a diagnostic.
pub fn resolve_regime(inst: &Installation, choice: regime::Choice) -> Result<regime::Regime, Diagnostic> {
    regime::Regime::for_period(&inst.period, choice)
        .map_err(|e| Diagnostic::error(DiagCode::InputYear, None, e.to_string()).hint("choose another obligation year with --year"))
}

#[cfg(feature = "read")]
/// Step 3 for an installation loaded by [`load_installation`] or [`load_installation_bytes`]:
/// the regime resolved from its reporting period and `choice`, what that regime requires of the
/// data ([`validate::definitive`]), and its results, with every warning. The obligation year is
/// returned beside the results (it is also `results.regime.year`).
pub fn compute_loaded(mut loaded: Loaded, choice: regime::Choice) -> Result<(Loaded, compute::Results, i32), Vec<Diagnostic>> {
    let regime = resolve_regime(&loaded.installation, choice).map_err(|d| vec![d])?;
    let required = validate::definitive::check(&loaded.installation, &regime);
    if required.has_errors() {
        let mut all = Diagnostics::from(std::mem::take(&mut loaded.warnings));
        all.extend(required);
        return Err(all.into_sorted());
    }
    let year = regime.year;
    let res = compute::compute(&loaded.installation, &regime).map_err(|d| d.into_sorted())?;
    loaded.warnings.extend(res.warnings.iter().cloned());
    if let Some(t) = &loaded.template {
        loaded.warnings.extend(template_cross_checks(&loaded.installation, t, &res));
    }
    Ok((loaded, res, year))
}

/// Relative difference beyond which a template's cached result and cbam's disagree.
pub const CACHED_TOLERANCE: &str = "0.000001";

#[cfg(feature = "read")]
/// Cross-checks of a Communication template (warnings, sorted): every good's SEE and embedded
/// electricity against the file's own cached `Summary_Products` values (code
/// `template.cached_mismatch`, the one `cbam compute --strict` turns into an error), and the
/// installation's balance against the source streams. A file without cached results is
/// checked for its balance only.
pub fn template_cross_checks(inst: &Installation, t: &read::template::TemplateData, res: &compute::Results) -> Vec<Diagnostic> {
    use model::Dec;
    use read::template::data::Figure;
    let tol: Dec = CACHED_TOLERANCE.parse().unwrap_or_default();
    let mut out = Diagnostics::new();
    for p in &t.products {
        let Some(g) = p
            .good
            .and_then(|i| res.goods.get(i))
            .filter(|g| p.good.is_some_and(|i| inst.goods.get(i).is_some_and(|x| x.cn_code == g.cn_code && x.process == g.process)))
        else {
            continue;
        };
        for c in &p.cached {
            let ours = match c.figure {
                Figure::SeeDirect => g.see_direct,
                Figure::SeeIndirect => g.see_indirect,
                Figure::SeeTotal => g.see_total,
                Figure::EmbeddedElectricity => g.embedded_electricity,
            };
            let scale = ours.abs().max(c.value.abs());
            if !scale.is_zero() && (ours - c.value).abs() > scale * tol {
                out.push(
                    Diagnostic::warning(
                        DiagCode::TemplateCachedMismatch,
                        Some(Location::Cell(c.cell.clone())),
                        format!(
                            "{} of {} '{}': the file states {} (its cached result), cbam computes {}",
                            c.figure.label(),
                            g.cn_code,
                            g.product,
                            c.value.normalize(),
                            ours.round_dp(12).normalize()
                        ),
                    )
                    .hint(format!(
                        "they differ by more than {} relative: recalculate the file in a spreadsheet program, or check the inputs cbam reads (cbam inspect)",
                        tol.normalize()
                    )),
                );
            }
        }
    }
    // The processes' entered direct emissions against what the installation emits in total.
    let factors = tables::factors::Factors::embedded();
    let streams: Option<Dec> = t.streams.iter().map(|s| compute::streams::stream_emissions(s, factors).ok().map(|r| r.fossil_t)).sum();
    let pfc: Option<Dec> = t.pfc.iter().map(|m| compute::pfc::pfc_emissions(m, factors).ok().map(|r| r.co2e_t)).sum();
    let computed = streams.zip(pfc).map(|(a, b)| a + b).filter(|_| t.measured.is_empty() && !t.balance.manual_entries);
    if let (Some(ours), Some(cached), Some(cell)) = (computed, t.balance.direct_t, &t.balance.direct_cell) {
        let scale = ours.abs().max(cached.abs());
        if !scale.is_zero() && (ours - cached).abs() > scale * tol {
            out.push(Diagnostic::warning(
                DiagCode::TemplateBalanceMismatch,
                Some(Location::Cell(cell.clone())),
                format!(
                    "the installation's direct emissions: the file states {} t (cached), its source streams and PFC rows give {} t",
                    cached.normalize(),
                    ours.round_dp(6).normalize()
                ),
            ));
        }
    }
    let total = t.balance.direct_t.or(computed);
    let entered: Dec = inst.processes.iter().filter_map(|p| p.direct_emissions_entered_t).sum();
    if let Some(total) = total
        && entered > total * (Dec::ONE + tol)
    {
        let at = t.balance.direct_cell.clone().map(Location::Cell);
        out.push(
            Diagnostic::warning(
                DiagCode::TemplateAttributedExceeds,
                at,
                format!(
                    "the production processes' directly attributable emissions (D_Processes, DirEm*) add up to {} t, more than the installation emits ({} t)",
                    entered.normalize(),
                    total.round_dp(6).normalize()
                ),
            )
            .hint("each tonne of the installation's emissions is attributed to at most one production process"),
        );
    }
    out.into_sorted()
}

#[cfg(feature = "read")]
/// What `cbam inspect` shows: the file's kind, the template's own data (for a template), the
/// installation and its results when they could be computed, and every problem found.
#[derive(Debug)]
pub struct Inspection {
    /// What the file was recognised as.
    pub kind: read::InputKind,
    /// What only a Communication template holds; `None` for our own workbook.
    pub template: Option<read::template::TemplateData>,
    /// The installation, where it could be read and validated.
    pub installation: Option<Installation>,
    /// Its results, where they could be computed.
    pub results: Option<compute::Results>,
    /// Every problem found, errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(feature = "read")]
/// Reads a file as far as it can be read and computes what can be computed. `Err` only when the
/// file is not an installation file at all (or cannot be opened).
pub fn inspect_file(path: &Path) -> Result<Inspection, Vec<Diagnostic>> {
    let (mut book, kind) = read::open(path).map_err(|d| vec![d])?;
    if kind != read::InputKind::CommunicationTemplate {
        drop(book);
        let (loaded, res, _) = compute_file(path, regime::Choice::default())?;
        return Ok(Inspection { kind, template: None, installation: Some(loaded.installation), results: Some(res), diagnostics: loaded.warnings });
    }
    let r = read::template::read(&mut book, true);
    let mut diags = r.diags;
    let mut results = None;
    if let Some(inst) = &r.installation {
        diags.extend(validate::installation::check(inst));
        let regime = if diags.has_errors() { None } else { resolve_regime(inst, regime::Choice::default()).map_err(|d| diags.push(d)).ok() };
        if let Some(regime) = regime {
            diags.extend(validate::definitive::check(inst, &regime));
        }
        if let Some(regime) = regime.filter(|_| !diags.has_errors()) {
            match compute::compute(inst, &regime) {
                Ok(res) => {
                    diags.extend(Diagnostics::from(res.warnings.clone()));
                    diags.extend(Diagnostics::from(template_cross_checks(inst, &r.data, &res)));
                    results = Some(res);
                }
                Err(d) => diags.extend(d),
            }
        }
    }
    Ok(Inspection { kind, template: Some(r.data), installation: r.installation, results, diagnostics: diags.into_sorted() })
}
