//! Reads the tidy installation workbook (format defined in [`crate::format::tidy`]) into an
//! [`Installation`], collecting every problem with the cell it is in. Cross-record rules
//! (references, categories, balances) are checked afterwards by
//! [`crate::validate::installation`].

use crate::model::DiagCode;
use std::collections::{HashMap, HashSet};

use crate::format::tidy::{self as fmt};
use crate::model::*;
use crate::read::workbook::Book;
use crate::validate::Value;
use crate::validate::fields::Fields;

mod carbon_price;
mod records;
mod table;

use carbon_price::read_carbon_price;
use records::{read_good, read_pfc, read_precursor, read_process, read_stream};
use table::SheetTable;

/// Reads the whole workbook. `None` when errors prevent building the model; the diagnostics say
/// why (all of them, not only the first).
pub fn read(book: &mut Book) -> (Option<Installation>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let about = read_about(book, &mut diags);
    let processes = SheetTable::open(book, &fmt::PROCESSES_TABLE, true, &mut diags);
    let streams = SheetTable::open(book, &fmt::STREAMS_TABLE, false, &mut diags);
    let pfc = SheetTable::open(book, &fmt::PFC_TABLE, false, &mut diags);
    let precursors = SheetTable::open(book, &fmt::PRECURSORS_TABLE, false, &mut diags);
    let goods_table = SheetTable::open(book, &fmt::GOODS_TABLE, true, &mut diags);

    let mut procs: Vec<Process> = Vec::new();
    // Ids of process rows that have errors of their own: rows referring to them are not
    // reported again as referring to an unknown process.
    let mut broken: HashSet<String> = HashSet::new();
    for r in processes.iter().flat_map(|t| t.rows()) {
        match read_process(&r, &mut diags) {
            Some(p) => procs.push(p),
            None => broken.extend(r.text("process_id", false, "", &mut Diagnostics::new())),
        }
    }
    let index: HashMap<String, usize> = procs.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();

    let attach = |pid: Option<(String, CellRef)>, diags: &mut Diagnostics| -> Option<usize> {
        let (pid, at) = pid?;
        match index.get(&pid) {
            Some(&i) => Some(i),
            // A process of its own with errors, or no Processes sheet that could be read: the
            // problem is reported there.
            None if broken.contains(&pid) || processes.is_none() => None,
            None => {
                diags.push(
                    Diagnostic::at(DiagCode::InputUnknownProcess, &at, format!("expected a process_id of sheet Processes, found '{pid}'"))
                        .hint(format!("known processes: {}", known(&index))),
                );
                None
            }
        }
    };
    if let Some(t) = &streams {
        for r in t.rows() {
            let pid = r.text("process_id", true, "the process_id the stream is attributed to", &mut diags).map(|p| (p, r.at("process_id")));
            let s = read_stream(&r, &mut diags);
            if let (Some(i), Some(s)) = (attach(pid, &mut diags), s) {
                procs[i].streams.push(s);
            }
        }
    }
    if let Some(t) = &pfc {
        for r in t.rows() {
            let pid = r.text("process_id", true, "the process_id of the smelting process", &mut diags).map(|p| (p, r.at("process_id")));
            let m = read_pfc(&r, &mut diags);
            if let (Some(i), Some(m)) = (attach(pid, &mut diags), m) {
                procs[i].pfc.push(m);
            }
        }
    }
    if let Some(t) = &precursors {
        for r in t.rows() {
            let pid = r.text("process_id", true, "the process_id of the consuming process", &mut diags).map(|p| (p, r.at("process_id")));
            let p = read_precursor(&r, &mut diags);
            if let (Some(i), Some(p)) = (attach(pid, &mut diags), p) {
                procs[i].precursors.push(p);
            }
        }
    }
    let goods: Vec<Good> = goods_table.as_ref().map(|t| t.rows().filter_map(|r| read_good(&r, &mut diags)).collect()).unwrap_or_default();
    let carbon_table = SheetTable::open(book, &fmt::CARBON_PRICE_TABLE, false, &mut diags);
    let carbon_prices: Vec<CarbonPrice> =
        carbon_table.as_ref().map(|t| t.rows().filter_map(|r| read_carbon_price(&r, &mut diags)).collect()).unwrap_or_default();

    for (table, spec) in [(&processes, &fmt::PROCESSES_TABLE), (&goods_table, &fmt::GOODS_TABLE)] {
        if table.as_ref().is_some_and(|t| t.rows().next().is_none()) {
            diags.push(
                Diagnostic::error(
                    DiagCode::InputEmptyTable,
                    Some(Location::Sheet(spec.sheet.into())),
                    format!("sheet {} has no data from row 3 on", spec.sheet),
                )
                .hint(spec.purpose.to_string()),
            );
        }
    }
    if diags.has_errors() {
        return (None, diags);
    }
    let Some((identity, period, verification)) = about else { return (None, diags) };
    let inst = Installation { identity, period, processes: procs, goods, carbon_prices, verification };
    (Some(inst), diags)
}

pub(super) fn error_count(diags: &Diagnostics) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

fn known(index: &HashMap<String, usize>) -> String {
    let mut v: Vec<&str> = index.keys().map(String::as_str).collect();
    v.sort();
    if v.is_empty() { "none".to_string() } else { v.join(", ") }
}

// ---------------------------------------------------------------------------------------------
// About

fn read_about(book: &mut Book, diags: &mut Diagnostics) -> Option<(Identity, ReportingPeriod, Option<Verification>)> {
    let grid = match book.sheet(fmt::ABOUT) {
        Ok(g) => g,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut found: HashMap<&'static str, (CellRef, Value)> = HashMap::new();
    for row in 0..grid.end_row() {
        let key = grid.value(row, 0);
        let Value::Text(k) = &key else { continue };
        let k = k.trim().to_ascii_lowercase();
        if k.is_empty() {
            continue;
        }
        match fmt::ABOUT_FIELDS.iter().find(|c| c.key == k) {
            Some(c) => {
                if let Some((prev, _)) = found.get(c.key) {
                    diags.push(Diagnostic::at(DiagCode::InputDuplicateField, &grid.cell(row, 0), format!("field '{k}' appears twice (first at {prev})")));
                } else {
                    found.insert(c.key, (grid.cell(row, 1), grid.value(row, 1)));
                }
            }
            None => diags.push(
                Diagnostic::warning(DiagCode::InputUnknownField, Some(Location::Cell(grid.cell(row, 0))), format!("unknown field '{}' is ignored", k))
                    .hint(format!("fields of sheet About: {}", fmt::ABOUT_FIELDS.iter().map(|c| c.key).collect::<Vec<_>>().join(", "))),
            ),
        }
    }
    for c in fmt::ABOUT_FIELDS.iter().filter(|c| c.required) {
        if !found.contains_key(c.key) {
            diags.push(Diagnostic::error(
                DiagCode::InputMissingField,
                Some(Location::Sheet(fmt::ABOUT.into())),
                format!("required field '{}' is missing from column A ({})", c.key, c.note),
            ));
        }
    }
    let blank = (grid.cell(0, 1), Value::Empty);
    let get = |k: &str| found.get(k).cloned().unwrap_or_else(|| blank.clone());
    let mut f = Fields::new(diags);

    let (at, v) = get("format");
    if found.contains_key("format")
        && let Some(name) = f.text(&at, &v, true, "the format name")
        && name != fmt::FORMAT_NAME
    {
        f.push(Diagnostic::at(DiagCode::InputFormat, &at, format!("expected '{}', found '{name}'", fmt::FORMAT_NAME)));
    }
    let (at, v) = get("format_version");
    if found.contains_key("format_version")
        && let Some(ver) = f.number(&at, &v, true, "the format version")
        && ver != Dec::from(fmt::FORMAT_VERSION)
    {
        let hint = if ver > Dec::from(fmt::FORMAT_VERSION) {
            format!("format version {ver} is newer than this cbam reads: update cbam")
        } else {
            "create a current blank workbook with `cbam init` and copy the data over".to_string()
        };
        f.push(Diagnostic::at(DiagCode::InputFormatVersion, &at, format!("expected format version {}, found {ver}", fmt::FORMAT_VERSION)).hint(hint));
    }
    let text = |f: &mut Fields, k: &str| {
        let c = fmt::ABOUT_FIELDS.iter().find(|c| c.key == k).expect("about field");
        let (at, v) = get(k);
        if !found.contains_key(k) {
            return None;
        }
        f.text(&at, &v, c.required, &format!("{} ({})", k, c.note).replace(" ()", ""))
    };
    let country = |f: &mut Fields, k: &str| -> Option<CountryCode> {
        let t = text(f, k)?;
        let (at, _) = get(k);
        match CountryCode::parse(&t) {
            Some(c) => Some(c),
            None => {
                f.push(Diagnostic::at(DiagCode::InputCountry, &at, format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{t}'")));
                None
            }
        }
    };
    let coord = |f: &mut Fields, k: &str, limit: i64| -> Option<Dec> {
        let (at, v) = get(k);
        let d = f.number(&at, &v, false, &format!("{k} in decimal degrees"))?;
        if d.abs() > Dec::from(limit) {
            f.push(Diagnostic::at(DiagCode::InputRange, &at, format!("expected {k} between -{limit} and {limit} degrees, found {d}")));
            return None;
        }
        Some(d)
    };
    let identity = Identity {
        installation_id: text(&mut f, "installation_id").unwrap_or_default(),
        registry_id: text(&mut f, "registry_installation_id"),
        name_en: text(&mut f, "name_en").unwrap_or_default(),
        name_local: text(&mut f, "name_local"),
        economic_activity: text(&mut f, "economic_activity"),
        street: text(&mut f, "street"),
        city: text(&mut f, "city"),
        post_code: text(&mut f, "post_code"),
        po_box: text(&mut f, "po_box"),
        country: country(&mut f, "country"),
        unlocode: text(&mut f, "unlocode"),
        latitude: coord(&mut f, "latitude", 90),
        longitude: coord(&mut f, "longitude", 180),
        operator_id: text(&mut f, "operator_id"),
        operator_name: text(&mut f, "operator_name"),
        operator_street: text(&mut f, "operator_street"),
        operator_city: text(&mut f, "operator_city"),
        operator_post_code: text(&mut f, "operator_post_code"),
        operator_country: country(&mut f, "operator_country"),
        contact_name: text(&mut f, "contact_name"),
        contact_email: text(&mut f, "contact_email"),
        contact_phone: text(&mut f, "contact_phone"),
        co2_capture: {
            let (at, v) = get("co2_capture");
            if found.contains_key("co2_capture") { f.boolean(&at, &v, "whether CO2 is captured at the installation") } else { None }
        },
    };
    let (s_at, s_v) = get("period_start");
    let (e_at, e_v) = get("period_end");
    let start = if found.contains_key("period_start") { f.date(&s_at, &s_v, true, "the first day of the reporting period") } else { None };
    let end = if found.contains_key("period_end") { f.date(&e_at, &e_v, true, "the last day of the reporting period") } else { None };
    let period = match (start, end) {
        (Some(start), Some(end)) if start <= end => Some(ReportingPeriod { start, end }),
        (Some(start), Some(end)) => {
            f.push(Diagnostic::at(
                DiagCode::InputPeriod,
                &e_at,
                format!("expected the last day of the reporting period on or after its first day ({start}, {s_at}), found {end}"),
            ));
            None
        }
        _ => None,
    };
    let verification = read_verification(&mut f, &found, period.as_ref(), &text, &get);
    crate::validate::installation::check_identity(&identity, &|k| get(k).0, f.diags);
    Some((identity, period?, verification))
}

/// The verification fields of About: none of them (not verified), or the verifier, its
/// accreditation number, the report's reference and date together, the date after the period.
fn read_verification(
    f: &mut Fields,
    found: &HashMap<&'static str, (CellRef, Value)>,
    period: Option<&ReportingPeriod>,
    text: &dyn Fn(&mut Fields, &str) -> Option<String>,
    get: &dyn Fn(&str) -> (CellRef, Value),
) -> Option<Verification> {
    const CORE: [&str; 4] = ["verifier_name", "verifier_accreditation_number", "verification_report_reference", "verification_report_date"];
    const ALL: [&str; 6] = [
        "verifier_name",
        "verifier_accreditation_number",
        "verifier_accreditation_body",
        "verification_report_reference",
        "verification_report_date",
        "verification_opinion",
    ];
    let filled = |k: &str| found.get(k).is_some_and(|(_, v)| !matches!(v, Value::Empty));
    let given: Vec<&str> = ALL.into_iter().filter(|k| filled(k)).collect();
    if given.is_empty() {
        return None;
    }
    let lacking: Vec<&str> = CORE.into_iter().filter(|k| !filled(k)).collect();
    if !lacking.is_empty() {
        let at = get(given[0]).0;
        f.push(
            Diagnostic::at(
                DiagCode::InputVerification,
                &at,
                format!(
                    "expected the verifier, its accreditation number and the report's reference and date together, found {} without {}",
                    given.join(", "),
                    lacking.join(", ")
                ),
            )
            .hint("fill in the missing fields, or clear the verification fields if this reporting period is not verified"),
        );
        return None;
    }
    let (d_at, d_v) = get("verification_report_date");
    let report_date = f.date(&d_at, &d_v, true, "the day the verification report was issued")?;
    if let Some(p) = period
        && report_date <= p.end
    {
        f.push(Diagnostic::at(
            DiagCode::InputVerification,
            &d_at,
            format!("expected a verification report issued after the reporting period it covers (ends {}), found {report_date}", p.end),
        ));
        return None;
    }
    Some(Verification {
        verifier_name: text(f, "verifier_name")?,
        accreditation_number: text(f, "verifier_accreditation_number")?,
        accreditation_body: text(f, "verifier_accreditation_body"),
        report_reference: text(f, "verification_report_reference")?,
        report_date,
        opinion: text(f, "verification_opinion"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of every table sheet of the format is asked for by the reader, by its exact
    /// key, when it reads the shipped installation samples (which fill every column somewhere).
    /// With `table::Row::known`, which refuses a key the format lacks, this holds the reader's
    /// keys and the format's to each other both ways: a misspelt key either panics or leaves
    /// the right one unasked here.
    #[test]
    fn the_reader_asks_for_every_column_of_the_format() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read_any = 0;
        for dir in ["samples", "samples/2026"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "xlsx")) {
                let mut book = Book::open(&path).unwrap();
                if crate::read::recognise(&book).ok() != Some(crate::read::InputKind::TidyInstallation) {
                    continue;
                }
                let (inst, diags) = read(&mut book);
                assert!(inst.is_some(), "{}: {diags:?}", path.display());
                read_any += 1;
            }
        }
        assert!(read_any >= 8, "only {read_any} installation samples read");
        let asked = table::asked::all();
        let mut unasked = Vec::new();
        for t in [&fmt::PROCESSES_TABLE, &fmt::STREAMS_TABLE, &fmt::PFC_TABLE, &fmt::PRECURSORS_TABLE, &fmt::GOODS_TABLE, &fmt::CARBON_PRICE_TABLE] {
            for c in t.columns {
                if !asked.contains(&(t.sheet.to_string(), c.key.to_string())) {
                    unasked.push(format!("{}.{}", t.sheet, c.key));
                }
            }
        }
        assert!(unasked.is_empty(), "columns of the format the reader never asked for: {unasked:?}");
    }
}
