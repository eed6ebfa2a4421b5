//! From customs lines and suppliers' results to the QReport document.
//!
//! Each line is matched to its supplier's good (installation by id or UN/LOCODE, then the CN
//! code, then the product name where the installation lists several goods under one code), or
//! — with `allow_defaults` only — to the country default value. Lines are then grouped: one
//! `ImportedGood` per CN code and country of origin, one `ImportedQuantity` per procedure, one
//! `GoodsEmissions` per supplier good (or per country default). Output order is sorted, so the
//! same inputs give the same document whatever the order of the rows.

use crate::model::DiagCode;
use std::collections::BTreeMap;

use super::codelists::{CodeLists, limits};
use super::parties::{self, cut};
use super::supplied::{Supplied, SuppliedGood};
use super::suppliers::{Found, Suppliers};
use super::{Options, Period};
use crate::model::*;
use crate::render::xml::dto::{self, Dec6, Dec7};
use crate::tables::defaults::{DefaultLookup, DefaultValues};
use crate::tables::nomenclature::{CnYear, Nomenclature};

/// Where a line's emissions come from.
#[derive(Debug, Clone, Copy)]
enum Source<'a> {
    Supplier(&'a Supplied, &'a SuppliedGood),
    Default(DefaultLookup<'static>),
}

/// Sort key of a `GoodsEmissions`: supplier goods by installation id and product, then defaults.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum EmKey {
    Supplier(String, String),
    Default(String, String),
}

struct EmAcc<'a> {
    source: Source<'a>,
    mass: Dec,
    supplementary: Option<Dec>,
}

#[derive(Default)]
struct GoodAcc<'a> {
    lines: Vec<&'a ImportLine>,
    quantities: BTreeMap<Procedure, (Dec, Option<Dec>)>,
    emissions: BTreeMap<EmKey, EmAcc<'a>>,
    documents: Vec<SupportingDocument>,
}

fn add_opt(a: Option<Dec>, b: Option<Dec>) -> Option<Dec> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    }
}

fn cell(c: Option<CellRef>) -> Option<Location> {
    c.map(Location::Cell)
}

/// `5, 8–10, 12` (spreadsheet row numbers).
fn rows(lines: &[&ImportLine]) -> String {
    let word = if lines.len() == 1 { "row" } else { "rows" };
    format!("{word} {}", row_numbers(lines))
}

fn row_numbers(lines: &[&ImportLine]) -> String {
    let mut nums: Vec<u32> = lines.iter().filter_map(|l| l.at.row().map(|c| c.row + 1)).collect();
    nums.sort_unstable();
    nums.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < nums.len() {
        let mut j = i;
        while j + 1 < nums.len() && nums[j + 1] == nums[j] + 1 {
            j += 1;
        }
        parts.push(if j > i { format!("{}–{}", nums[i], nums[j]) } else { nums[i].to_string() });
        i = j + 1;
    }
    if parts.len() > 12 {
        let n = parts.len() - 12;
        parts.truncate(12);
        parts.push(format!("and {n} more"));
    }
    parts.join(", ")
}

/// Builds the report. `Err` holds every error found (with the warnings); `Ok` the document and
/// the warnings.
pub fn build(imports: &Imports, suppliers: &Suppliers, opts: &Options) -> Result<(dto::QReport, Diagnostics), Diagnostics> {
    let lists = CodeLists::embedded();
    // The default values of the regime of the report's year (the transitional period's: the
    // table as first published).
    let defaults = crate::regime::Regime::for_year(opts.period.year, None).map_or(DefaultValues::embedded(), |r| r.default_values());
    let mut diags = Diagnostics::new();
    check_header(imports, &opts.period, lists, &mut diags);
    // Every installation file as a report takes it, beside the statements (already in that shape).
    let computed: Vec<Supplied> = suppliers.list.iter().map(Supplied::computed).collect();

    // Resolve every line.
    let mut resolved: Vec<(&ImportLine, Source)> = Vec::with_capacity(imports.lines.len());
    let mut missing: BTreeMap<String, Vec<&ImportLine>> = BTreeMap::new();
    for line in &imports.lines {
        if !check_line(line, &opts.period, lists, &mut diags) {
            continue;
        }
        match supplier_good(line, suppliers, &computed, &mut diags) {
            Ok(Some(src)) => resolved.push((line, src)),
            Ok(None) if opts.allow_defaults => match defaults.lookup(&line.origin, &line.cn_code, line.variant) {
                Some(d) => resolved.push((line, Source::Default(d))),
                None => diags.push(
                    Diagnostic::error(
                        DiagCode::ReportNoDefault,
                        cell(line.at.cn_code()),
                        format!("no default value for CN {} produced in {}", line.cn_code, line.origin),
                    )
                    .hint("for clinker and hydraulic cements give the variant (grey or white) in column 'variant'"),
                ),
            },
            Ok(None) => missing.entry(line.installation.clone().unwrap_or_default()).or_default().push(line),
            Err(()) => {}
        }
    }
    for (name, lines) in &missing {
        let what =
            if name.is_empty() { "lines that name no supplier installation".to_string() } else { format!("no emissions data from installation '{name}'") };
        let mut d = Diagnostic::error(DiagCode::ReportMissingSupplier, cell(lines[0].at.installation()).or_else(|| cell(lines[0].at.row())), format!("{what}: Imports {}", rows(lines)))
            .hint("put the workbook the supplier sent into the suppliers' directory (matched by installation_id or UN/LOCODE), or pass --allow-defaults to use the country default values");
        if !suppliers.skipped.is_empty() {
            d = d.hint(format!("skipped supplier files with errors: {}", suppliers.skipped.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(", ")));
        }
        diags.push(d);
    }

    // Group.
    let mut goods: BTreeMap<(CnCode, CountryCode), GoodAcc> = BTreeMap::new();
    for (line, src) in &resolved {
        // One QReport good per 8-digit CN code: a TARIC code (2523100090) joins its CN code.
        let g = goods.entry((line.cn_code.to_cn8(), line.origin)).or_default();
        g.lines.push(line);
        let q = g.quantities.entry(line.procedure.clone()).or_insert((Dec::ZERO, None));
        q.0 += line.net_mass_t;
        q.1 = add_opt(q.1, line.supplementary_units);
        let key = match src {
            Source::Supplier(s, good) => EmKey::Supplier(s.identity.installation_id.clone(), good.product.clone()),
            Source::Default(d) => EmKey::Default(line.origin.to_string(), d.value.variant.map(|v| v.code()).unwrap_or_default().to_string()),
        };
        let e = g.emissions.entry(key).or_insert(EmAcc { source: *src, mass: Dec::ZERO, supplementary: None });
        e.mass += line.net_mass_t;
        e.supplementary = add_opt(e.supplementary, line.supplementary_units);
        if let Some(doc) = &line.document
            && !g.documents.contains(doc)
        {
            g.documents.push((**doc).clone());
        }
    }
    if goods.len() > 99_999 {
        diags.push(
            Diagnostic::error(
                DiagCode::ReportTooManyGoods,
                Some(Location::Sheet("Imports".into())),
                format!("the lines make {} goods (CN code and origin); QReport takes at most 99,999", goods.len()),
            )
            .hint("split the lines into two reports"),
        );
    }
    let tonnes = lists.tonnes().to_string();
    let mut items = Vec::with_capacity(goods.len());
    for (i, ((cn, origin), g)) in goods.iter().enumerate() {
        let first = cell(g.lines[0].at.row());
        let limit = |n: usize, max: usize, what: &str, diags: &mut Diagnostics| {
            if n > max {
                diags.push(Diagnostic::error(
                    DiagCode::ReportTooMany,
                    first.clone(),
                    format!("the lines of CN {cn} from {origin} need {n} {what}; QReport takes at most {max} per good"),
                ));
            }
        };
        limit(g.quantities.len(), 9, "different procedures (ImportedQuantity)", &mut diags);
        limit(g.emissions.len(), 999, "installations (GoodsEmissions)", &mut diags);
        limit(g.documents.len(), 99, "supporting documents", &mut diags);
        estimates_warning(cn, origin, g, lists, first.clone(), &mut diags);
        let mass: Dec = g.lines.iter().map(|l| l.net_mass_t).sum();
        let supplementary = g.lines.iter().fold(None, |a, l| add_opt(a, l.supplementary_units));
        let description = g.lines.iter().find_map(|l| l.description.clone()).or_else(|| cn_description(cn, opts.period.year, lists).map(|c| cut(c, 512)));
        let measure =
            |mass: Dec, supp: Option<Dec>| dto::Measure { net_mass: Some(Dec6(mass)), supplementary_units: supp.map(Dec6), measurement_unit: tonnes.clone() };
        items.push(dto::ImportedGood {
            item_number: (i + 1) as u32,
            representative: None,
            importer: None,
            commodity_code: Some(dto::CommodityCode {
                hs_code: cn.hs().to_string(),
                cn_code: cn.cn8().to_string(),
                commodity_details: dto::CommodityDetails { description },
            }),
            origin_country: dto::OriginCountry { country: origin.to_string() },
            imported_quantity: g
                .quantities
                .iter()
                .enumerate()
                .map(|(j, (p, (m, s)))| dto::ImportedQuantity {
                    sequence_number: (j + 1) as u32,
                    procedure: dto::Procedure {
                        requested_proc: p.requested.clone(),
                        previous_proc: p.previous.clone(),
                        inward_processing_info: p
                            .inward_processing
                            .iter()
                            .map(|ip| dto::InwardProcessingInfo {
                                member_state_auth: ip.member_state.to_string(),
                                discharge_bill_waiver: u8::from(ip.discharge_bill_waiver),
                                authorisation: ip.authorisation.clone(),
                                start_time: ip.start.format("%Y%m%d").to_string(),
                                end_time: ip.end.format("%Y%m%d").to_string(),
                                deadline: ip.deadline.format("%Y%m%d").to_string(),
                            })
                            .collect(),
                    },
                    import_area: dto::ImportArea { import_area: p.area.clone() },
                    measure_procedure_imported: vec![dto::MeasureProcedure {
                        indicator: 0,
                        net_mass: Some(Dec6(*m)),
                        supplementary_units: s.map(Dec6),
                        measurement_unit: tonnes.clone(),
                    }],
                })
                .collect(),
            measure_imported: measure(mass, supplementary),
            supporting_documents: g
                .documents
                .iter()
                .enumerate()
                .map(|(j, d)| dto::SupportingDocument {
                    sequence_number: (j + 1) as u32,
                    type_code: d.type_code.clone(),
                    reference_number: d.reference.clone(),
                })
                .collect(),
            remarks: None,
            goods_emissions: g
                .emissions
                .values()
                .enumerate()
                .map(|(j, e)| goods_emissions((j + 1) as u32, origin, e, measure(e.mass, e.supplementary), lists, &mut diags))
                .collect(),
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(d) = imports.declarant.as_ref() else {
        diags.push(no_declarant());
        return Err(diags);
    };
    let report = dto::QReport {
        xmlns: dto::NAMESPACE,
        submission_date: opts.submission_date.clone(),
        report_id: d.report_id.clone(),
        reporting_period: opts.period.code(),
        year: opts.period.year,
        declarant: parties::declarant(d),
        representative: d.representative.as_ref().map(parties::representative),
        importer: d.importer.as_ref().map(parties::importer),
        signatures: parties::signatures(d),
        remarks: d.remarks.clone().map(|t| dto::Remarks { additional_information: t }),
        imported_good: items,
    };
    Ok((report, diags))
}

/// A quarterly report names its declarant: a CSV file of customs lines has none.
pub(crate) fn no_declarant() -> Diagnostic {
    Diagnostic::error(
        DiagCode::ReportNoDeclarant,
        None,
        "expected the reporting declarant (sheet Declarant of the imports workbook); a CSV file of customs lines has none",
    )
    .hint("create an imports workbook with `cbam init --imports imports.xlsx` and paste the lines into its sheet Imports")
}

fn check_header(imports: &Imports, period: &Period, lists: &CodeLists, diags: &mut Diagnostics) {
    let at = Some(Location::Sheet("Declarant".into()));
    let Some(d) = imports.declarant.as_ref() else {
        diags.push(no_declarant());
        return;
    };
    if !lists.has("eori_country", &d.eori[..2.min(d.eori.len())]) {
        diags.push(
            Diagnostic::error(DiagCode::ReportEoriCountry, at.clone(), format!("eori {} is not issued by an EU member state", d.eori))
                .hint(format!("the reporting declarant is established in the EU; EORI prefixes: {}", lists.codes("eori_country"))),
        );
    }
    if !lists.has("reporting_period", &period.code()) {
        diags.push(Diagnostic::error(DiagCode::ReportPeriod, None, format!("{} is not a reporting period code", period.code())));
    }
}

/// Rules of one line that need the code lists or the quarter; false when the line cannot be used.
fn check_line(line: &ImportLine, period: &Period, lists: &CodeLists, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    if !period.contains(line.release_date) {
        ok = false;
        diags.push(
            Diagnostic::error(
                DiagCode::ReportDateOutsidePeriod,
                cell(line.at.release_date()),
                format!("expected a date in {} ({} to {}), found {}", period, period.start(), period.end(), line.release_date),
            )
            .hint("report each line in the quarter its declaration was accepted, or pass the right --period"),
        );
    }
    let nomenclature = Nomenclature::embedded();
    match nomenclature.check(line.cn_code.cn8(), Some(period.year)) {
        CnYear::Valid => {}
        CnYear::Unknown => {
            ok = false;
            let year = period.year.clamp(nomenclature.covered().0, nomenclature.covered().1);
            let near: Vec<&str> = nomenclature.codes(year).filter(|c| c.code.starts_with(&line.cn_code.as_str()[..4])).map(|c| c.code.as_str()).collect();
            let mut d = Diagnostic::error(
                DiagCode::ReportCnCodeUnknown,
                cell(line.at.cn_code()),
                format!("expected a CN code of the Combined Nomenclature, found {}, which is not one", line.cn_code.spaced()),
            );
            if !near.is_empty() {
                d = d.hint(format!("codes of heading {} in CN {year}: {}", &line.cn_code.as_str()[..4], near.join(", ")));
            }
            diags.push(d);
        }
        CnYear::OtherYears { .. } => {
            if let Some(mut d) = super::rules::cn_year_diagnostic(&line.cn_code, Some(period.year), cell(line.at.cn_code())) {
                d.code = DiagCode::ReportCnCodeYear;
                d.message = d.message.replace("the report's year", "the period's year");
                diags.push(d);
            }
        }
    }
    for (code, what) in [(Some(&line.procedure.requested), "requested"), (line.procedure.previous.as_ref(), "previous")] {
        if let Some(code) = code
            && !lists.has("customs_procedure", code)
        {
            ok = false;
            diags.push(
                Diagnostic::error(
                    DiagCode::ReportProcedure,
                    cell(line.at.row()),
                    format!("the {what} procedure {code} is not in the code list of customs procedures"),
                )
                .hint(format!("codes: {}", lists.codes("customs_procedure"))),
            );
        }
    }
    ok
}

/// `Ok(Some)`: the supplier's good; `Ok(None)`: no data from the supplier for it; `Err`: an
/// error was reported.
fn supplier_good<'a>(line: &ImportLine, suppliers: &'a Suppliers, computed: &'a [Supplied], diags: &mut Diagnostics) -> Result<Option<Source<'a>>, ()> {
    let Some(name) = &line.installation else { return Ok(None) };
    let s = match suppliers.find(name) {
        Found::One(s) => {
            let i = suppliers.list.iter().position(|x| std::ptr::eq(x, s)).expect("a supplier of the list");
            &computed[i]
        }
        Found::Stated(s) => s,
        Found::None => return Ok(None),
        Found::Report(r) => {
            diags.push(
                Diagnostic::error(
                    DiagCode::ReportSupplierReported,
                    cell(line.at.installation()),
                    format!(
                        "'{name}' is known only from {}, an operator's emissions report of the definitive period ({} to {}): it cannot fill a quarterly report of the transitional period",
                        r.file, r.report.reporting_period.start, r.report.reporting_period.end
                    ),
                )
                .hint("give the supplier's installation workbook or Communication template of the quarter's period"),
            );
            return Err(());
        }
        Found::Several(v) => {
            diags.push(
                Diagnostic::error(
                    DiagCode::ReportSupplierAmbiguous,
                    cell(line.at.installation()),
                    format!(
                        "UN/LOCODE '{name}' is that of several installations: {}",
                        v.iter().map(|(id, file)| format!("{id} ({file})")).collect::<Vec<_>>().join(", ")
                    ),
                )
                .hint("name the installation by its installation_id"),
            );
            return Err(());
        }
    };
    // The same CN code, or the one it replaced or was replaced by (a supplier's CN 2024 code
    // 7601 10 00 for a line's CN 2025 code 7601 10 90).
    let nomenclature = Nomenclature::embedded();
    let goods: Vec<&SuppliedGood> = s.goods.iter().filter(|g| nomenclature.same_goods(g.cn_code.cn8(), line.cn_code.cn8())).collect();
    let good = match (goods.as_slice(), &line.product) {
        ([], _) => return Ok(None),
        ([one], None) => *one,
        (_, Some(p)) => match goods.iter().find(|g| g.product.trim().eq_ignore_ascii_case(p.trim())) {
            Some(g) => g,
            None => {
                diags.push(
                    Diagnostic::error(
                        DiagCode::ReportProduct,
                        cell(line.at.product()),
                        format!("installation {} has no good '{p}' under CN {}", s.identity.installation_id, line.cn_code),
                    )
                    .hint(format!("its goods under this code: {}", goods.iter().map(|g| g.product.as_str()).collect::<Vec<_>>().join("; "))),
                );
                return Err(());
            }
        },
        (_, None) => {
            diags.push(
                Diagnostic::error(
                    DiagCode::ReportProduct,
                    cell(line.at.product()).or_else(|| cell(line.at.row())),
                    format!("installation {} lists several goods under CN {}: name one in column 'product'", s.identity.installation_id, line.cn_code),
                )
                .hint(format!("its goods under this code: {}", goods.iter().map(|g| g.product.as_str()).collect::<Vec<_>>().join("; "))),
            );
            return Err(());
        }
    };
    Ok(Some(Source::Supplier(s, good)))
}

/// Warns when estimates (default values) exceed the allowed share of a complex good's embedded
/// emissions (Art. 4(3) and 5 of IR 2023/1773).
fn estimates_warning(cn: &CnCode, origin: &CountryCode, g: &GoodAcc, lists: &CodeLists, at: Option<Location>, diags: &mut Diagnostics) {
    if cn.category().precursor_categories().is_empty() {
        return;
    }
    let (mut total, mut estimated) = (Dec::ZERO, Dec::ZERO);
    for e in g.emissions.values() {
        let (see, share) = match e.source {
            Source::Supplier(_, good) => (good.see_total, good.default_share),
            Source::Default(d) => (d.value.total.unwrap_or_default(), Dec::ONE),
        };
        total += e.mass * see;
        estimated += e.mass * see * share;
    }
    let max = lists.limit(limits::ESTIMATES_SHARE_MAX);
    if total > Dec::ZERO && estimated / total > max {
        let pct = (estimated / total * Dec::ONE_HUNDRED).round_dp(1);
        diags.push(Diagnostic::warning(DiagCode::ReportEstimatesShare, at, format!("estimates (default values) make up {pct} % of the embedded emissions of CN {cn} from {origin}, a complex good; at most {} % may rest on estimates", (max * Dec::ONE_HUNDRED).normalize()))
            .hint(format!("Art. 4(3) and 5 of {}; ask the suppliers for their actual data", crate::regime::Methodology::Ir2023_1773.short())));
    }
}

fn goods_emissions(seq: u32, origin: &CountryCode, e: &EmAcc, produced: dto::Measure, lists: &CodeLists, diags: &mut Diagnostics) -> dto::GoodsEmissions {
    let emu = "EMU1".to_string();
    match e.source {
        Source::Supplier(s, good) => super::emissions::actual(seq, s, good, produced, lists, diags),
        Source::Default(d) => {
            let v = d.value;
            let country =
                if d.fallback { "Other countries and territories" } else { DefaultValues::of(v_version(&d)).country_name(&v.country).unwrap_or(&v.country) };
            let mut remarks = vec![format!(
                "No emissions data from the supplier: default values for {country}, CN {} '{}' ({}): direct {} tCO2e/t, indirect {}.",
                v.cn_prefix,
                v.description,
                d.source,
                v.direct.unwrap_or_default().normalize(),
                v.indirect.map(|x| format!("{} tCO2e/t", x.normalize())).unwrap_or_else(|| "not given".into())
            )];
            if v.indirect.is_none() {
                remarks.push("Indirect emissions: the default-value table gives none for this good.".to_string());
            }
            dto::GoodsEmissions {
                sequence_number: seq,
                production_country: Some(origin.to_string()),
                installation_operator: None,
                installation: None,
                produced_measure: produced,
                direct_emissions: dto::DirectEmissions {
                    determination_type: Some("02".into()),
                    applicable_reporting_type_methodology: "TOM01".into(),
                    applicable_reporting_methodology: None,
                    specific_embedded_emissions: Some(Dec7(v.direct.unwrap_or_default())),
                    measurement_unit: emu.clone(),
                },
                indirect_emissions: v.indirect.map(|i| dto::IndirectEmissions {
                    determination_type: "02".into(),
                    emission_factor: None,
                    specific_embedded_emissions: Dec7(i),
                    measurement_unit: emu.clone(),
                    electricity_consumed: None,
                    electricity_source: "SOE03".into(),
                    other_source_indication: Some("Default value: the electricity source is not known".into()),
                    emission_factor_source_value: None,
                }),
                prod_method_qualifying_params: None,
                carbon_price_due: Vec::new(),
                remarks_emissions: remarks
                    .into_iter()
                    .enumerate()
                    .map(|(k, t)| dto::RemarksEmissions { sequence_number: (k + 1) as u32, additional_information: cut(&t, 512) })
                    .collect(),
            }
        }
    }
}

/// The description of an 8-digit CN code: that of the nomenclature of `year`, else that of the
/// years it is valid in, else the Communication template's.
fn cn_description<'a>(cn: &CnCode, year: i32, lists: &'a CodeLists) -> Option<&'a str> {
    let n = Nomenclature::embedded();
    n.description(cn.cn8(), year)
        .or_else(|| n.years(cn.cn8()).and_then(|(_, last)| n.description(cn.cn8(), last)))
        .or_else(|| lists.get("cn_code", cn.cn8()).map(|c| c.label.as_str()))
}

/// The table a default-value row came from, by its citation.
fn v_version(d: &crate::tables::defaults::DefaultLookup<'_>) -> crate::tables::defaults::DefaultsVersion {
    crate::tables::defaults::DefaultsVersion::ALL
        .into_iter()
        .find(|v| v.citation() == d.source)
        .unwrap_or(crate::tables::defaults::DefaultsVersion::Published2621)
}
