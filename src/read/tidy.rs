//! Reads the tidy installation workbook (format defined in [`crate::format::tidy`]) into an
//! [`Installation`], collecting every problem with the cell it is in. Cross-record rules
//! (references, categories, balances) are checked afterwards by
//! [`crate::validate::installation`].

use std::collections::{HashMap, HashSet};

use crate::format::tidy::{self as fmt, Column, Kind};
use crate::model::*;
use crate::read::workbook::{Book, Grid};
use crate::validate::fields::Fields;
use crate::validate::units::{self, Conv, EfPer};
use crate::validate::Value;

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
            None if broken.contains(&pid) => None,
            None => {
                diags.push(Diagnostic::at("input.unknown_process", &at, format!("expected a process_id of sheet Processes, found '{pid}'"))
                    .hint(format!("known processes: {}", known(&index))));
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
            diags.push(Diagnostic::error("input.empty_table", Some(Location::Sheet(spec.sheet.into())), format!("sheet {} has no data from row 3 on", spec.sheet))
                .hint(spec.purpose.to_string()));
        }
    }
    if diags.has_errors() {
        return (None, diags);
    }
    let Some((identity, period)) = about else { return (None, diags) };
    let inst = Installation { identity, period, processes: procs, goods, carbon_prices };
    (Some(inst), diags)
}

fn error_count(diags: &Diagnostics) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

fn known(index: &HashMap<String, usize>) -> String {
    let mut v: Vec<&str> = index.keys().map(String::as_str).collect();
    v.sort();
    if v.is_empty() { "none".to_string() } else { v.join(", ") }
}

// ---------------------------------------------------------------------------------------------
// About

fn read_about(book: &mut Book, diags: &mut Diagnostics) -> Option<(Identity, ReportingPeriod)> {
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
                    diags.push(Diagnostic::at("input.duplicate_field", &grid.cell(row, 0), format!("field '{k}' appears twice (first at {prev})")));
                } else {
                    found.insert(c.key, (grid.cell(row, 1), grid.value(row, 1)));
                }
            }
            None => diags.push(
                Diagnostic::warning("input.unknown_field", Some(Location::Cell(grid.cell(row, 0))), format!("unknown field '{}' is ignored", k))
                    .hint(format!("fields of sheet About: {}", fmt::ABOUT_FIELDS.iter().map(|c| c.key).collect::<Vec<_>>().join(", "))),
            ),
        }
    }
    for c in fmt::ABOUT_FIELDS.iter().filter(|c| c.required) {
        if !found.contains_key(c.key) {
            diags.push(Diagnostic::error("input.missing_field", Some(Location::Sheet(fmt::ABOUT.into())), format!("required field '{}' is missing from column A ({})", c.key, c.note)));
        }
    }
    let blank = (grid.cell(0, 1), Value::Empty);
    let get = |k: &str| found.get(k).cloned().unwrap_or_else(|| blank.clone());
    let mut f = Fields::new(diags);

    let (at, v) = get("format");
    if found.contains_key("format")
        && let Some(name) = f.text(&at, &v, true, "the format name")
            && name != fmt::FORMAT_NAME {
                f.push(Diagnostic::at("input.format", &at, format!("expected '{}', found '{name}'", fmt::FORMAT_NAME)));
            }
    let (at, v) = get("format_version");
    if found.contains_key("format_version")
        && let Some(ver) = f.number(&at, &v, true, "the format version")
            && ver != Dec::from(fmt::FORMAT_VERSION) {
                let hint = if ver > Dec::from(fmt::FORMAT_VERSION) {
                    format!("format version {ver} is newer than this cbam reads: update cbam")
                } else {
                    "create a current blank workbook with `cbam init` and copy the data over".to_string()
                };
                f.push(Diagnostic::at("input.format_version", &at, format!("expected format version {}, found {ver}", fmt::FORMAT_VERSION)).hint(hint));
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
                f.push(Diagnostic::at("input.country", &at, format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{t}'")));
                None
            }
        }
    };
    let coord = |f: &mut Fields, k: &str, limit: i64| -> Option<Dec> {
        let (at, v) = get(k);
        let d = f.number(&at, &v, false, &format!("{k} in decimal degrees"))?;
        if d.abs() > Dec::from(limit) {
            f.push(Diagnostic::at("input.range", &at, format!("expected {k} between -{limit} and {limit} degrees, found {d}")));
            return None;
        }
        Some(d)
    };
    let identity = Identity {
        installation_id: text(&mut f, "installation_id").unwrap_or_default(),
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
    };
    let (s_at, s_v) = get("period_start");
    let (e_at, e_v) = get("period_end");
    let start = if found.contains_key("period_start") { f.date(&s_at, &s_v, true, "the first day of the reporting period") } else { None };
    let end = if found.contains_key("period_end") { f.date(&e_at, &e_v, true, "the last day of the reporting period") } else { None };
    let period = match (start, end) {
        (Some(start), Some(end)) if start <= end => Some(ReportingPeriod { start, end }),
        (Some(start), Some(end)) => {
            f.push(Diagnostic::at("input.period", &e_at, format!("expected the last day of the reporting period on or after its first day ({start}, {s_at}), found {end}")));
            None
        }
        _ => None,
    };
    crate::validate::installation::check_identity(&identity, &|k| get(k).0, f.diags);
    Some((identity, period?))
}

// ---------------------------------------------------------------------------------------------
// Tables

struct SheetTable<'t> {
    spec: &'t fmt::Table,
    grid: Grid,
    cols: HashMap<&'static str, u32>,
    units: HashMap<&'static str, Conv>,
}

struct Row<'a, 't> {
    table: &'a SheetTable<'t>,
    row: u32,
}

fn header_key(v: &Value) -> Option<String> {
    let Value::Text(t) = v else { return None };
    // `activity_level (t)` and `Activity_Level` both name `activity_level`.
    let t = t.trim();
    let t = t.split(['(', '[']).next().unwrap_or(t).trim();
    if t.is_empty() { None } else { Some(t.to_ascii_lowercase().replace(' ', "_")) }
}

impl<'t> SheetTable<'t> {
    fn open(book: &mut Book, spec: &'t fmt::Table, required: bool, diags: &mut Diagnostics) -> Option<SheetTable<'t>> {
        if !book.has_sheet(spec.sheet) {
            if required {
                diags.push(Diagnostic::error("input.missing_sheet", Some(Location::File(book.path_display())), format!("the workbook has no sheet '{}'", spec.sheet))
                    .hint(format!("sheet {}: {}", spec.sheet, spec.purpose)));
            }
            return None;
        }
        let grid = match book.sheet(spec.sheet) {
            Ok(g) => g,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let mut cols: HashMap<&'static str, u32> = HashMap::new();
        for c in 0..grid.end_col() {
            let v = grid.value(fmt::HEADER_ROW, c);
            let Some(key) = header_key(&v) else { continue };
            match spec.columns.iter().find(|col| col.key == key) {
                Some(col) => {
                    if let Some(prev) = cols.get(col.key) {
                        diags.push(Diagnostic::at("input.duplicate_column", &grid.cell(fmt::HEADER_ROW, c), format!("column '{key}' appears twice (first in column {})", CellRef::column_letters(*prev))));
                    } else {
                        cols.insert(col.key, c);
                    }
                }
                None => diags.push(
                    Diagnostic::warning("input.unknown_column", Some(Location::Cell(grid.cell(fmt::HEADER_ROW, c))), format!("unknown column '{key}' is ignored"))
                        .hint(format!("columns of sheet {}: {}", spec.sheet, spec.columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", "))),
                ),
            }
        }
        for col in spec.columns.iter().filter(|c| c.required) {
            if !cols.contains_key(col.key) {
                diags.push(Diagnostic::error("input.missing_column", Some(Location::Sheet(spec.sheet.into())), format!("required column '{}' is missing from row 1 ({})", col.key, col.note)));
            }
        }
        let mut units = HashMap::new();
        for col in spec.columns {
            let (Some(choice), Some(&c)) = (col.unit, cols.get(col.key)) else { continue };
            let at = grid.cell(fmt::UNITS_ROW, c);
            let v = grid.value(fmt::UNITS_ROW, c);
            let text = match &v {
                v if v.is_blank() => choice.default.to_string(),
                Value::Text(t) => t.trim().to_string(),
                other => {
                    diags.push(Diagnostic::at("input.unit", &at, format!("expected the unit of '{}' in row 2, found {}", col.key, other.describe())));
                    continue;
                }
            };
            let accepted = choice.accepted.iter().any(|u| units::normalise(u) == units::normalise(&text));
            match units::column_conv(choice.default, &text) {
                Some(conv) if accepted => {
                    units.insert(col.key, conv);
                }
                _ => diags.push(
                    Diagnostic::at("input.unit", &at, format!("expected the unit of '{}' ({}), found '{text}'", col.key, choice.accepted.join(", ")))
                        .hint("pick a unit from the drop-down in row 2; cbam converts the whole column"),
                ),
            }
        }
        Some(SheetTable { spec, grid, cols, units })
    }

    fn rows(&self) -> impl Iterator<Item = Row<'_, 't>> + '_ {
        (fmt::FIRST_DATA_ROW..self.grid.end_row()).filter(|&r| !self.grid.row_is_blank(r)).map(move |row| Row { table: self, row })
    }
}

impl Row<'_, '_> {
    fn column(&self, key: &str) -> &Column {
        self.table.spec.column(key).expect("column defined in the format")
    }
    /// The cell of `key` in this row (or the row's first cell when the column is absent).
    fn at(&self, key: &str) -> CellRef {
        let c = self.table.cols.get(key).copied().unwrap_or(0);
        self.table.grid.cell(self.row, c)
    }
    fn value(&self, key: &str) -> Option<Value> {
        self.table.cols.get(key).map(|&c| self.table.grid.value(self.row, c))
    }
    fn first(&self) -> CellRef {
        self.table.grid.cell(self.row, 0)
    }
    fn text(&self, key: &str, required: bool, what: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.value(key)?;
        let s = Fields::new(diags).text(&self.at(key), &v, required, what)?;
        if s.chars().count() > 512 {
            diags.push(Diagnostic::at("input.too_long", &self.at(key), format!("expected at most 512 characters for {key}, found {}", s.chars().count())));
            return None;
        }
        Some(s)
    }
    /// A number in the column's canonical unit (the row-2 unit converted).
    fn number(&self, key: &str, required: bool, what: &str, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        let d = Fields::new(diags).number(&self.at(key), &v, required, what)?;
        Some(self.table.units.get(key).map(|c| c.apply(d)).unwrap_or(d))
    }
    fn non_negative(&self, key: &str, required: bool, what: &str, positive: bool, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        let d = Fields::new(diags).non_negative(&self.at(key), &v, required, what, positive)?;
        Some(self.table.units.get(key).map(|c| c.apply(d)).unwrap_or(d))
    }
    fn percent(&self, key: &str, what: &str, positive: bool, diags: &mut Diagnostics) -> Option<Dec> {
        let v = self.value(key)?;
        Fields::new(diags).percent(&self.at(key), &v, what, positive)
    }
    fn boolean(&self, key: &str, what: &str, diags: &mut Diagnostics) -> Option<bool> {
        let v = self.value(key)?;
        Fields::new(diags).boolean(&self.at(key), &v, what)
    }
    fn code<T>(&self, key: &str, required: bool, what: &str, parse: impl Fn(&str) -> Option<T>, diags: &mut Diagnostics) -> Option<T> {
        let v = self.value(key)?;
        let list: &[&str] = match self.column(key).kind {
            Kind::Code(l) => l,
            _ => &[],
        };
        Fields::new(diags).code(&self.at(key), &v, required, what, list, parse)
    }
    fn is_blank(&self, key: &str) -> bool {
        self.value(key).is_none_or(|v| v.is_blank())
    }
}

fn read_process(r: &Row, diags: &mut Diagnostics) -> Option<Process> {
    let id = r.text("process_id", true, "a process id", diags);
    let name = r.text("name", true, "the process name", diags);
    let category = r.code("category", true, "an aggregated goods category", GoodsCategory::parse, diags);
    let route = r.code("route", true, "a production route", Route::parse, diags);
    let al = r.non_negative("activity_level", true, "the activity level (saleable output)", true, diags);
    let consumed = r.non_negative("electricity_consumed", false, "electricity consumed", false, diags).unwrap_or_default();
    let ef = r.non_negative("electricity_ef", false, "the electricity emission factor", false, diags);
    let ef_source = r.code("electricity_ef_source", false, "the source of the electricity factor", EfSource::parse, diags);
    let ef_reference = r.text("electricity_ef_reference", false, "", diags);
    let produced = r.non_negative("electricity_produced", false, "electricity produced", false, diags).unwrap_or_default();
    let produced_ef = r.non_negative("electricity_produced_ef", false, "the factor of produced electricity", false, diags);
    let heat_in = r.non_negative("heat_imported", false, "heat imported", false, diags).unwrap_or_default();
    let heat_in_ef = r.non_negative("heat_imported_ef", false, "the factor of imported heat", false, diags);
    let heat_out = r.non_negative("heat_exported", false, "heat exported", false, diags).unwrap_or_default();
    let heat_out_ef = r.non_negative("heat_exported_ef", false, "the factor of exported heat", false, diags);
    let waste_gas = r.number("waste_gas_correction", false, "a waste-gas correction in tCO2", diags).unwrap_or_default();

    // A quantity without its factor cannot be turned into emissions: say so rather than use 0.
    // (A factor cell that holds something unreadable has had its own error already.)
    let need = |diags: &mut Diagnostics, qty: Dec, f: Option<Dec>, qkey: &str, fkey: &str| -> Dec {
        if !qty.is_zero() && f.is_none() && r.is_blank(fkey) {
            let unit = fmt::PROCESSES_TABLE.column(qkey).and_then(|c| c.unit).map(|u| u.default).unwrap_or_default();
            diags.push(Diagnostic::at("input.missing_factor", &r.at(fkey), format!("expected the emission factor '{fkey}' because '{qkey}' is {} {unit}, found an empty cell", qty.normalize()))
                .hint("the factor is an input: write the value you use and name its source"));
        }
        f.unwrap_or_default()
    };
    if !consumed.is_zero() && ef_source.is_none() && !r.is_blank("electricity_ef") && r.is_blank("electricity_ef_source") {
        diags.push(Diagnostic::at("input.missing", &r.at("electricity_ef_source"), "expected the source of the electricity factor (grid, ppa, direct_line, own_generation), found an empty cell"));
    }
    let electricity_produced_ef = need(diags, produced, produced_ef, "electricity_produced", "electricity_produced_ef");
    let heat_imported_ef = need(diags, heat_in, heat_in_ef, "heat_imported", "heat_imported_ef");
    let heat_exported_ef = need(diags, heat_out, heat_out_ef, "heat_exported", "heat_exported_ef");
    if !consumed.is_zero() && ef.is_none() {
        need(diags, consumed, ef, "electricity_consumed", "electricity_ef");
    }
    if let (Some(c), Some(rt)) = (category, route)
        && !c.routes().contains(&rt) {
            diags.push(Diagnostic::at("input.route", &r.at("route"), format!("route '{rt}' is not a route of category '{c}'"))
                .hint(format!("routes of {c}: {}", c.routes().iter().map(|x| x.code()).collect::<Vec<_>>().join(", "))));
        }
    Some(Process {
        id: id?,
        name: name?,
        category: category?,
        route: route?,
        activity_level_t: al?,
        electricity: Electricity { consumed_mwh: consumed, ef, ef_source, ef_reference },
        electricity_produced_mwh: produced,
        electricity_produced_ef,
        heat_imported_tj: heat_in,
        heat_imported_ef,
        heat_exported_tj: heat_out,
        heat_exported_ef,
        waste_gas_correction_t: waste_gas,
        direct_emissions_entered_t: None,
        streams: Vec::new(),
        pfc: Vec::new(),
        precursors: Vec::new(),
        origin: Some(r.first()),
    })
}

fn read_stream(r: &Row, diags: &mut Diagnostics) -> Option<SourceStream> {
    let errors_before = error_count(diags);
    let name = r.text("name", true, "the source stream name", diags);
    let method = r.code("method", true, "a monitoring method", StreamMethod::parse, diags);
    let material = r.text("material", false, "", diags);
    let raw_amount = r.number("activity_data", true, "the activity data", diags);
    let act_unit = r.code("activity_unit", true, "the unit of the activity data", |u| units::activity(u).map(|x| (u.to_string(), x)), diags);
    let ncv_raw = r.non_negative("ncv", false, "the net calorific value", true, diags);
    let ncv_unit = r.code("ncv_unit", false, "the unit of the NCV", |u| units::ncv(u).map(|x| (u.to_string(), x)), diags);
    let ef_raw = r.non_negative("ef", false, "the emission factor", false, diags);
    let ef_unit = r.code("ef_unit", false, "the unit of the emission factor", |u| units::ef(u).map(|x| (u.to_string(), x)), diags);
    let cc_raw = r.non_negative("carbon_content", false, "the carbon content", false, diags);
    let cc_unit = r.code("carbon_content_unit", false, "the unit of the carbon content", |u| units::carbon(u).map(|x| (u.to_string(), x)), diags);
    let oxidation = r.percent("oxidation_pct", "the oxidation factor", true, diags).unwrap_or(Dec::ONE);
    let conversion = r.percent("conversion_pct", "the conversion factor", true, diags).unwrap_or(Dec::ONE);
    let biomass = r.percent("biomass_pct", "the biomass fraction", false, diags).unwrap_or_default();
    let cao = r.percent("cao_pct", "the CaO content", false, diags);
    let mgo = r.percent("mgo_pct", "the MgO content", false, diags);
    let calcination = r.percent("calcination_pct", "the degree of calcination", false, diags);
    let clinker_ef = r.non_negative("clinker_ef", false, "the clinker emission factor", true, diags);

    let (_, (basis, act_conv)) = act_unit?;
    let amount = act_conv.apply(raw_amount?);
    let method = method?;
    if amount.is_sign_negative() && !amount.is_zero() && method != StreamMethod::MassBalance {
        diags.push(Diagnostic::at("input.negative", &r.at("activity_data"), format!("expected a consumed amount (not negative) for method {}, found {}", method.code(), raw_amount?))
            .hint("only mass-balance outputs are negative"));
        return None;
    }
    let mut bad = false;
    let mut mismatch = |key: &str, unit: &str, b: Basis, diags: &mut Diagnostics| {
        bad = true;
        diags.push(Diagnostic::at("input.unit_basis", &r.at(key), format!("unit '{unit}' is per {} but the activity data is {}", units::basis_name(b).trim_start_matches("a "), units::basis_name(basis)))
            .hint("use units on the same basis, e.g. activity in t with NCV in GJ/t, or activity in Nm3 with NCV in MJ/Nm3"));
    };
    let with_unit = |value: Option<Dec>, unit_present: bool, key: &str, unit_key: &str, diags: &mut Diagnostics| -> bool {
        if value.is_some() && !unit_present && r.is_blank(unit_key) {
            diags.push(Diagnostic::at("input.missing_unit", &r.at(unit_key), format!("expected the unit of '{key}', found an empty cell")));
            return false;
        }
        true
    };
    let ncv = match (ncv_raw, &ncv_unit) {
        (Some(v), Some((u, (b, conv)))) => {
            if *b != basis {
                mismatch("ncv_unit", u, *b, diags);
            }
            Some(conv.apply(v))
        }
        (v, u) => {
            with_unit(v, u.is_some(), "ncv", "ncv_unit", diags);
            None
        }
    };
    let ef = match (ef_raw, &ef_unit) {
        (Some(v), Some((u, (per, conv)))) => match per {
            EfPer::Energy => Some(EmissionFactor::Energy(conv.apply(v))),
            EfPer::Amount(b) => {
                if *b != basis {
                    mismatch("ef_unit", u, *b, diags);
                }
                Some(EmissionFactor::Unit(conv.apply(v)))
            }
        },
        (v, u) => {
            with_unit(v, u.is_some(), "ef", "ef_unit", diags);
            None
        }
    };
    let carbon_content = match (cc_raw, &cc_unit) {
        (Some(v), Some((u, (b, conv)))) => {
            if *b != basis {
                mismatch("carbon_content_unit", u, *b, diags);
            }
            Some(conv.apply(v))
        }
        (v, u) => {
            with_unit(v, u.is_some(), "carbon_content", "carbon_content_unit", diags);
            None
        }
    };
    // What each method needs, said before the engine has to guess; only once the row's cells have
    // been read without errors (a cell that cannot be read is not also reported as missing).
    if bad || error_count(diags) > errors_before {
        return None;
    }
    let m = method.code();
    let ef_unit_text = ef_unit.as_ref().map(|(u, _)| u.as_str()).unwrap_or_default();
    let per_energy = matches!(ef, Some(EmissionFactor::Energy(_)));
    let mut need = |key: &str, msg: String| diags.push(Diagnostic::at("input.method_data", &r.at(key), msg));
    match method {
        StreamMethod::Combustion => match ef {
            Some(EmissionFactor::Energy(_)) if ncv.is_none() => need(
                "ncv",
                format!("expected the net calorific value (ncv with ncv_unit) because the emission factor is in {ef_unit_text}, found an empty cell"),
            ),
            None if carbon_content.is_none() => need(
                "ef",
                format!("expected an emission factor (ef with ef_unit) or a carbon content for method {m}, found neither"),
            ),
            _ => {}
        },
        StreamMethod::ProcessA => {
            if per_energy {
                need("ef_unit", format!("expected a factor per unit of material (e.g. tCO2/t) for method {m}, found '{ef_unit_text}'"));
            }
            let carbonate = material.as_deref().is_some_and(|m| crate::tables::factors::carbonate_factor(m).is_some());
            if ef.is_none() && !carbonate {
                need("ef", format!("expected an emission factor, or a material CaCO3, MgCO3, Na2CO3 or FeCO3 for its standard factor, for method {m}; found neither"));
            }
        }
        StreamMethod::ProcessB | StreamMethod::KilnDust => {
            if per_energy {
                need("ef_unit", format!("expected a factor per tonne (tCO2/t) for method {m}, found '{ef_unit_text}'"));
            }
            if method == StreamMethod::KilnDust && calcination.is_some() && clinker_ef.is_none() && ef.is_none() {
                need("clinker_ef", "expected the clinker emission factor (clinker_ef) to use the degree of calcination, found an empty cell".to_string());
            }
        }
        StreamMethod::MassBalance | StreamMethod::NonCarbonateCarbon => {
            if carbon_content.is_none() {
                need("carbon_content", format!("expected a carbon content (carbon_content with carbon_content_unit) for method {m}, found an empty cell"));
            }
        }
    }
    if (cao.is_some() || mgo.is_some()) && method != StreamMethod::ProcessB {
        diags.push(Diagnostic::warning("input.ignored", Some(Location::Cell(r.at("cao_pct"))), format!("CaO/MgO contents are used only by method process_b; ignored for method {}", method.code())));
    }
    Some(SourceStream {
        name: name?,
        method,
        material,
        amount,
        basis,
        ncv,
        ef,
        carbon_content,
        oxidation,
        conversion,
        biomass,
        cao,
        mgo,
        calcination,
        clinker_ef,
        origin: Some(r.first()),
    })
}

fn read_pfc(r: &Row, diags: &mut Diagnostics) -> Option<PfcMonitoring> {
    let method = r.code("method", true, "a PFC method", PfcMethod::parse, diags);
    let technology = r.code("technology", false, "a cell technology", CellTechnology::parse, diags);
    let al = r.non_negative("aluminium_produced", true, "the primary aluminium produced", true, diags);
    let pos = |key: &str, what: &str, diags: &mut Diagnostics| r.non_negative(key, false, what, false, diags);
    let ae_frequency = pos("ae_frequency", "anode effects per cell-day", diags);
    let ae_duration_min = pos("ae_duration", "minutes per anode effect", diags);
    let sef_cf4 = pos("sef_cf4", "the slope coefficient SEF(CF4)", diags);
    let aeo_mv = pos("aeo", "the anode effect overvoltage in mV", diags);
    let current_efficiency = r.percent("current_efficiency_pct", "the current efficiency", true, diags);
    let ovc = pos("ovc", "the overvoltage coefficient", diags);
    let f_c2f6 = pos("f_c2f6", "the C2F6/CF4 weight fraction", diags);
    let collection = r.percent("collection_efficiency_pct", "the collection efficiency", true, diags).unwrap_or(Dec::ONE);
    let method = method?;
    let defaults = technology.and_then(|t| match method {
        PfcMethod::Slope => crate::tables::factors::pfc_slope_default(t),
        PfcMethod::Overvoltage => crate::tables::factors::pfc_overvoltage_default(t),
    });
    // A cell that holds something unreadable has had its own error; so has an unknown technology.
    let tech_failed = !r.is_blank("technology") && technology.is_none();
    let need = |v: bool, key: &str, what: &str, diags: &mut Diagnostics| {
        if !v && r.is_blank(key) {
            diags.push(Diagnostic::at("input.method_data", &r.at(key), format!("expected {what} for the {} method, found an empty cell", method.code())));
        }
    };
    match method {
        PfcMethod::Slope => {
            need(ae_frequency.is_some(), "ae_frequency", "the anode-effect frequency (AE per cell-day)", diags);
            need(ae_duration_min.is_some(), "ae_duration", "the anode-effect duration (minutes)", diags);
            need(sef_cf4.is_some() || defaults.is_some() || tech_failed, "sef_cf4", "sef_cf4 (or a technology whose default factors apply)", diags);
        }
        PfcMethod::Overvoltage => {
            need(aeo_mv.is_some(), "aeo", "the anode-effect overvoltage (mV)", diags);
            need(current_efficiency.is_some(), "current_efficiency_pct", "the current efficiency", diags);
            need(ovc.is_some() || defaults.is_some() || tech_failed, "ovc", "ovc (or a technology with overvoltage default factors: CWPB, SWPB)", diags);
        }
    }
    need(f_c2f6.is_some() || defaults.is_some() || tech_failed, "f_c2f6", "f_c2f6 (or a technology whose default factors apply)", diags);
    let f_c2f6 = f_c2f6.or(defaults.map(|d| d.1))?;
    Some(PfcMonitoring {
        method,
        technology,
        aluminium_t: al?,
        ae_frequency,
        ae_duration_min,
        sef_cf4,
        aeo_mv,
        current_efficiency,
        ovc,
        f_c2f6,
        collection_efficiency: collection,
        origin: Some(r.first()),
    })
}

fn read_precursor(r: &Row, diags: &mut Diagnostics) -> Option<PrecursorInput> {
    let name = r.text("name", true, "the precursor name", diags);
    let category = r.code("category", true, "the precursor's goods category", GoodsCategory::parse, diags);
    let source = r.code("source", true, "own or purchased", |s| match s.trim().to_ascii_lowercase().as_str() {
        "own" => Some(true),
        "purchased" => Some(false),
        _ => None,
    }, diags);
    let mass = r.non_negative("mass", true, "the mass consumed", false, diags);
    let alloying = r.boolean("alloying", "whether these are alloying elements", diags).unwrap_or(false);
    let own = source?;
    let src = if own {
        let from = r.text("from_process", true, "the process_id that produces this precursor", diags);
        for k in ["supplier", "country", "values", "see_direct", "see_indirect", "default_cn_code"] {
            if !r.is_blank(k) {
                diags.push(Diagnostic::warning("input.ignored", Some(Location::Cell(r.at(k))), format!("'{k}' is ignored for a precursor made in this installation (source own)")));
            }
        }
        PrecursorSource::Own { process: from? }
    } else {
        let supplier = r.text("supplier", false, "", diags);
        let country = r.text("country", true, "the country of production (ISO 3166-1 alpha-2)", diags).and_then(|t| match CountryCode::parse(&t) {
            Some(c) => Some(c),
            None => {
                diags.push(Diagnostic::at("input.country", &r.at("country"), format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{t}'")));
                None
            }
        });
        let kind = r.code("values", true, "actual or default", |s| match s.trim().to_ascii_lowercase().as_str() {
            "actual" => Some(true),
            "default" => Some(false),
            _ => None,
        }, diags);
        let values = match kind? {
            true => {
                let d = r.non_negative("see_direct", true, "the supplier's specific direct embedded emissions", false, diags);
                let i = r.non_negative("see_indirect", true, "the supplier's specific indirect embedded emissions", false, diags);
                let e = r.non_negative("embedded_electricity", false, "the specific embedded electricity", false, diags);
                PurchasedSee::Actual { see_direct: d?, see_indirect: i?, embedded_electricity: e }
            }
            false => {
                let cn = r.text("default_cn_code", true, "the CN code whose default value applies", diags).and_then(|t| match CnCode::parse(&t) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        diags.push(cn_error(&r.at("default_cn_code"), &t, e));
                        None
                    }
                });
                let variant = r.code("variant", false, "grey or white", Variant::parse, diags);
                for k in ["see_direct", "see_indirect"] {
                    if !r.is_blank(k) {
                        diags.push(Diagnostic::warning("input.ignored", Some(Location::Cell(r.at(k))), format!("'{k}' is ignored: values is 'default', so the country default value is used")));
                    }
                }
                PurchasedSee::Default { cn_code: cn?, variant }
            }
        };
        PrecursorSource::Purchased { supplier, country: country?, values }
    };
    Some(PrecursorInput { name: name?, category: category?, mass_t: mass?, source: src, alloying, origin: Some(r.first()) })
}

pub(crate) fn cn_error(at: &CellRef, text: &str, e: CnError) -> Diagnostic {
    match e {
        CnError::Malformed => Diagnostic::at("input.cn_code", at, format!("expected an 8-digit CN code such as 25232900, found '{text}'")),
        CnError::OtherCbamSector(s) => Diagnostic::at("input.cn_scope", at, format!("expected the CN code of a cement or aluminium good, found {text}, a CBAM good of the {s} sector"))
            .hint("this tool computes cement and aluminium only"),
        CnError::NotCbam => Diagnostic::at("input.cn_scope", at, format!("expected the CN code of a CBAM good of cement or aluminium, found {text}, which is not one"))
            .hint("cement: 2507 00 80, 2523 10 00, 2523 21 00, 2523 29 00, 2523 30 00, 2523 90 00; aluminium: 7601, 7603–7614, 7616 (not 7602 scrap, not 7615)"),
    }
}

fn read_good(r: &Row, diags: &mut Diagnostics) -> Option<Good> {
    let cn_text = r.text("cn_code", true, "an 8-digit CN code", diags);
    let cn = cn_text.as_ref().and_then(|t| match CnCode::parse(t) {
        Ok(c) => Some(c),
        Err(e) => {
            diags.push(cn_error(&r.at("cn_code"), t, e));
            None
        }
    });
    let product = r.text("product", true, "the product name", diags);
    let process = r.text("process_id", true, "the process_id that produces the good", diags);
    let variant = r.code("variant", false, "grey or white", Variant::parse, diags);
    let params = QualifyingParams {
        clinker_ratio_pct: r.percent("clinker_ratio_pct", "the clinker-to-cement ratio", false, diags).map(|f| f * Dec::ONE_HUNDRED),
        calcined: r.boolean("calcined", "whether the clay is calcined", diags),
        scrap_t_per_t: r.non_negative("scrap_t_per_t", false, "tonnes of scrap per tonne of product", false, diags),
        pre_consumer_scrap_pct: r.percent("pre_consumer_scrap_pct", "the pre-consumer share of scrap", false, diags).map(|f| f * Dec::ONE_HUNDRED),
        non_al_elements_pct: r.percent("non_al_elements_pct", "the share of elements other than aluminium", false, diags).map(|f| f * Dec::ONE_HUNDRED),
    };
    Some(Good { cn_code: cn?, product: product?, process: process?, variant, params, origin: Some(r.first()) })
}

fn read_carbon_price(r: &Row, diags: &mut Diagnostics) -> Option<CarbonPrice> {
    let instrument = r.code("instrument", true, "a carbon pricing instrument", Instrument::parse, diags);
    let scheme = r.text("scheme", true, "the name of the scheme", diags);
    let year = r.number("compliance_year", true, "the compliance year", diags);
    let legal_act = r.text("legal_act", true, "the legal act establishing the price", diags);
    let currency = r.text("currency", true, "an ISO 4217 currency code such as CNY", diags);
    let covered = r.non_negative("covered_emissions", true, "the verified emissions covered by the scheme", true, diags);
    let amt = |key: &str, what: &str, diags: &mut Diagnostics| r.non_negative(key, false, what, false, diags).unwrap_or_default();
    let free = amt("free_allocation", "the free allocation", diags);
    let surrendered = amt("surrendered", "the allowances surrendered", diags);
    let bought = amt("bought", "the allowances bought", diags);
    let bought_price = amt("bought_price", "the price of allowances bought", diags);
    let offsets = amt("offsets_used", "the offset credits used", diags);
    let offsets_price = amt("offsets_price", "the price of offset credits", diags);
    let tax_paid = amt("tax_paid", "the tax paid", diags);
    let rebate = amt("rebate", "the rebate received", diags);
    let eur_rate = r.non_negative("eur_rate", false, "the yearly average exchange rate (currency per EUR)", true, diags);
    let eur_rate_source = r.text("eur_rate_source", false, "", diags);
    let benchmark_output_t = r.non_negative("benchmark_output", false, "the output the allocation is based on", false, diags);
    let benchmark_intensity = r.non_negative("benchmark_intensity", false, "the benchmark intensity", false, diags);

    let year = year.and_then(|y| {
        use rust_decimal::prelude::ToPrimitive;
        if y.fract().is_zero() && y >= Dec::from(2005) && y <= Dec::from(2100) {
            y.to_i32()
        } else {
            diags.push(Diagnostic::at("input.year", &r.at("compliance_year"), format!("expected a compliance year such as 2025, found {y}")));
            None
        }
    });
    let currency = currency.and_then(|c| {
        let c = c.trim().to_ascii_uppercase();
        if c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()) {
            Some(c)
        } else {
            diags.push(Diagnostic::at("input.currency", &r.at("currency"), format!("expected an ISO 4217 currency code such as CNY, found '{c}'")));
            None
        }
    });
    let instrument = instrument?;
    let priced = !(bought_price.is_zero() && offsets_price.is_zero() && tax_paid.is_zero());
    if let Some(c) = &currency {
        if c != "EUR" && priced && eur_rate.is_none() && r.value("eur_rate").is_none_or(|v| v.is_blank()) {
            diags.push(Diagnostic::at("input.missing", &r.at("eur_rate"), format!("expected the yearly average exchange rate ({c} per EUR) because the amounts are in {c}, found an empty cell"))
                .hint("the rate is an input: use the yearly average published for the year and name it in eur_rate_source"));
        }
    }
    if instrument.is_ets() {
        if r.is_blank("surrendered") {
            diags.push(Diagnostic::at("input.missing", &r.at("surrendered"), "expected the allowances and credits surrendered for the year (an emissions trading system), found an empty cell")
                .hint("the deductible price is what was bought and surrendered beyond the free allocation"));
        }
        if !tax_paid.is_zero() {
            diags.push(Diagnostic::warning("input.ignored", Some(Location::Cell(r.at("tax_paid"))), format!("tax_paid is ignored for an emissions trading system ({})", instrument.code())));
        }
        if let Some(cov) = covered {
            if free > cov * Dec::TWO {
                diags.push(Diagnostic::warning("input.implausible", Some(Location::Cell(r.at("free_allocation"))), format!(
                    "free allocation {free} t is more than twice the covered emissions {cov} t; check the figure and its unit")));
            }
            if !surrendered.is_zero() && surrendered < cov {
                diags.push(Diagnostic::warning("input.surrender_short", Some(Location::Cell(r.at("surrendered"))), format!(
                    "{surrendered} allowances surrendered for {cov} t of covered emissions")));
            }
        }
    } else if !(free.is_zero() && surrendered.is_zero() && bought.is_zero() && offsets.is_zero()) {
        diags.push(Diagnostic::warning("input.ignored", Some(Location::Cell(r.at("free_allocation"))), format!("allowance columns are ignored for instrument {}", instrument.code())));
    }
    Some(CarbonPrice {
        instrument,
        scheme: scheme?,
        compliance_year: year?,
        legal_act: legal_act?,
        currency: currency?,
        covered_emissions_t: covered?,
        free_allocation_t: free,
        surrendered_t: surrendered,
        bought_t: bought,
        bought_price,
        offsets_t: offsets,
        offsets_price,
        tax_paid,
        rebate,
        eur_rate,
        eur_rate_source,
        benchmark_output_t,
        benchmark_intensity,
        origin: Some(r.first()),
    })
}
