//! `A_InstData`: the installation, the reporting period, and the declarations of production
//! processes (P1…P10) and purchased precursors (PP1…PP20) that the other sheets' blocks follow.

use super::Ctx;
use super::data::Sector;
use crate::model::DiagCode;
use crate::model::{CellRef, CountryCode, Dec, Diagnostic, GoodsCategory, Identity, ReportingPeriod};
use crate::read::workbook::Book;
use crate::validate::Value;

/// A production process declared in A_InstData row 83 + `index`.
#[derive(Debug, Clone)]
pub(crate) struct ProcDecl {
    pub index: u32,
    pub id: String,
    pub name: String,
    pub category_text: String,
    /// `None` when the category is not one of the template's (an error says so).
    pub sector: Option<Sector>,
    pub at: CellRef,
}

/// A purchased precursor declared in A_InstData row 102 + `index`.
#[derive(Debug, Clone)]
pub(crate) struct PurchDecl {
    pub index: u32,
    pub id: String,
    pub name: String,
    pub category_text: String,
    pub sector: Option<Sector>,
    pub country: Option<CountryCode>,
    pub at: CellRef,
}

#[derive(Debug, Default)]
pub(crate) struct Decl {
    pub processes: Vec<ProcDecl>,
    pub purchased: Vec<PurchDecl>,
}

impl Decl {
    pub fn process(&self, index: u32) -> Option<&ProcDecl> {
        self.processes.iter().find(|p| p.index == index)
    }
    pub fn process_by_name(&self, name: &str) -> Option<&ProcDecl> {
        self.processes.iter().find(|p| p.name.trim().eq_ignore_ascii_case(name.trim()))
    }
}

/// The template's aggregated goods categories (`Parameters_Constants!A89:A106`).
pub(crate) fn sector_of(text: &str) -> Option<Sector> {
    let t = text.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "cement" => Sector::Covered(GoodsCategory::Cement),
        "cement clinker" => Sector::Covered(GoodsCategory::CementClinker),
        "calcined clays" | "calcined clay" => Sector::Covered(GoodsCategory::CalcinedClay),
        "aluminous cement" => Sector::Covered(GoodsCategory::AluminousCement),
        "unwrought aluminium" => Sector::Covered(GoodsCategory::UnwroughtAluminium),
        "aluminium products" => Sector::Covered(GoodsCategory::AluminiumProducts),
        "iron or steel products" | "crude steel" | "direct reduced iron" | "pig iron" | "alloys (femn, fecr, feni)" | "sintered ore" => {
            Sector::Other("iron and steel")
        }
        "hydrogen" => Sector::Other("hydrogen"),
        "ammonia" | "nitric acid" | "urea" | "mixed fertilisers" => Sector::Other("fertilisers"),
        "electricity (export to eu)" => Sector::Other("electricity"),
        _ => return None,
    })
}

const CATEGORIES: &str = "Cement, Cement clinker, Calcined clays, Aluminous cement, Unwrought aluminium, Aluminium products (and the steel, fertiliser, hydrogen and electricity categories, which cbam does not compute)";

fn category(ctx: &mut Ctx, at: &CellRef, text: &str) -> Option<Sector> {
    let s = sector_of(text);
    if s.is_none() {
        ctx.diags.push(
            Diagnostic::at(DiagCode::TemplateCategory, at, format!("expected an aggregated goods category of the template's list, found '{text}'"))
                .hint(format!("one of: {CATEGORIES}")),
        );
    }
    s
}

/// The processes and purchased precursors declared, in order.
pub(crate) fn declarations(ctx: &mut Ctx) -> Decl {
    let mut decl = Decl::default();
    for i in 0..ctx.map.get("process.category").rows() {
        let at = ctx.at("process.category", 0, i);
        let Some(text) = ctx.text(&at, false, "the aggregated goods category of the process") else { continue };
        let id = format!("P{}", i + 1);
        let name_at = ctx.at("process.name", 0, i);
        let name = ctx.text(&name_at, true, "the name of the production process").unwrap_or_else(|| format!("{id} - {text}"));
        let sector = category(ctx, &at, &text);
        decl.processes.push(ProcDecl { index: i, id, name, category_text: text, sector, at });
    }
    for i in 0..ctx.map.get("purchased.category").rows() {
        let at = ctx.at("purchased.category", 0, i);
        let Some(text) = ctx.text(&at, false, "the aggregated goods category of the purchased precursor") else { continue };
        let id = format!("PP{}", i + 1);
        let name_at = ctx.at("purchased.name", 0, i);
        let name = ctx.text(&name_at, true, "the name of the purchased precursor").unwrap_or_else(|| format!("{id} - {text}"));
        let sector = category(ctx, &at, &text);
        let c_at = ctx.at("purchased.country", 0, i);
        let country = ctx.text(&c_at, true, "the country code where the precursor was produced").and_then(|t| country_code(ctx, &c_at, &t));
        decl.purchased.push(PurchDecl { index: i, id, name, category_text: text, sector, country, at });
    }
    decl
}

fn country_code(ctx: &mut Ctx, at: &CellRef, text: &str) -> Option<CountryCode> {
    let c = CountryCode::parse(text);
    if c.is_none() {
        ctx.diags.push(Diagnostic::at(DiagCode::InputCountry, at, format!("expected an ISO 3166-1 alpha-2 country code such as CN, found '{text}'")));
    }
    c
}

/// The installation's identity and reporting period; `None` when a mandatory part is missing
/// (the diagnostics say which cell).
pub(crate) fn identity(ctx: &mut Ctx, book: &mut Book) -> Option<(Identity, ReportingPeriod)> {
    let cell = |ctx: &Ctx, name: &str| ctx.at(name, 0, 0);
    let text = |ctx: &mut Ctx, name: &str, required: bool, what: &str| {
        let at = cell(ctx, name);
        ctx.text(&at, required, what)
    };
    let start_at = cell(ctx, "inst.period_start");
    let end_at = cell(ctx, "inst.period_end");
    let start = ctx.date(&start_at, "the first day of the reporting period");
    let end = ctx.date(&end_at, "the last day of the reporting period");
    let name_en = text(ctx, "inst.name_en", true, "the name of the installation (English name)");
    let country = country(ctx, book);
    let unlocode = text(ctx, "inst.unlocode", true, "the UN/LOCODE of the installation");
    let latitude = coordinate(ctx, &cell(ctx, "inst.latitude"), "latitude", 90);
    let longitude = coordinate(ctx, &cell(ctx, "inst.longitude"), "longitude", 180);
    let id = Identity {
        installation_id: unlocode.clone().or_else(|| name_en.clone()).unwrap_or_default(),
        registry_id: None,
        name_en: name_en.clone().unwrap_or_default(),
        name_local: text(ctx, "inst.name_local", false, ""),
        economic_activity: text(ctx, "inst.economic_activity", false, ""),
        street: text(ctx, "inst.street", false, ""),
        city: text(ctx, "inst.city", false, ""),
        post_code: text(ctx, "inst.post_code", false, ""),
        po_box: text(ctx, "inst.po_box", false, ""),
        country,
        unlocode,
        latitude,
        longitude,
        contact_name: text(ctx, "inst.representative", false, ""),
        contact_email: text(ctx, "inst.email", false, ""),
        contact_phone: text(ctx, "inst.phone", false, ""),
        co2_capture: None,
        ..Identity::default()
    };
    let (un_at, mail_at) = (cell(ctx, "inst.unlocode"), cell(ctx, "inst.email"));
    let at = |k: &str| if k == "contact_email" { mail_at.clone() } else { un_at.clone() };
    crate::validate::installation::check_identity(&id, &at, &mut ctx.diags);
    let period = match (start, end) {
        (Some(start), Some(end)) if start <= end => Some(ReportingPeriod { start, end }),
        (Some(start), Some(end)) => {
            ctx.diags.push(Diagnostic::at(
                DiagCode::InputPeriod,
                &end_at,
                format!("expected the last day of the reporting period on or after its first day ({start}, {start_at}), found {end}"),
            ));
            None
        }
        _ => None,
    };
    name_en?;
    Some((id, period?))
}

/// The country of the installation: a code typed in, the code the template's formula cached
/// next to the name, or the name looked up in the file's own list, else in the published one.
fn country(ctx: &mut Ctx, book: &mut Book) -> Option<CountryCode> {
    let at = ctx.at("inst.country", 0, 0);
    let name = ctx.text(&at, true, "the country of the installation")?;
    if let Some(c) = CountryCode::parse(&name).filter(|_| name.trim().len() == 2) {
        return Some(c);
    }
    let cached_at = ctx.at("inst.country_code", 0, 0);
    if let Value::Text(t) = ctx.value(&cached_at)
        && let Some(c) = CountryCode::parse(&t)
    {
        return Some(c);
    }
    ctx.load(book, super::CODE_LISTS);
    let names = ctx.map.get("codes.country_name").clone();
    for i in 0..names.rows() {
        if let Value::Text(n) = ctx.value(&names.at(0, i, 0))
            && n.trim().eq_ignore_ascii_case(name.trim())
            && let Value::Text(code) = ctx.value(&ctx.at("codes.country_code", 0, i))
        {
            return country_code(ctx, &at, &code);
        }
    }
    // The file's list has no cached names (written by `cbam template fill`, not yet opened in a
    // spreadsheet program): the template's list as published.
    if let Some(code) = crate::format::template_countries::code(&name) {
        return country_code(ctx, &at, code);
    }
    ctx.diags.push(Diagnostic::at(
        DiagCode::InputCountry,
        &at,
        format!("expected a country of the template's list (c_CodeLists) or an ISO code such as CN, found '{name}'"),
    ));
    None
}

/// Coordinates as the template shows them: a number, or text such as `16.6911279°`.
fn coordinate(ctx: &mut Ctx, at: &CellRef, what: &str, limit: i64) -> Option<Dec> {
    let d = match ctx.value(at) {
        v if v.is_blank() => return None,
        Value::Number(n) => crate::validate::fields::dec_from_f64(n),
        Value::Text(t) => crate::validate::fields::dec_from_text(t.trim().trim_end_matches(['°', ' '])),
        _ => None,
    };
    match d {
        Some(d) if d.abs() <= Dec::from(limit) => Some(d),
        _ => {
            let found = ctx.value(at).describe();
            ctx.diags.push(Diagnostic::at(
                DiagCode::InputRange,
                at,
                format!("expected the {what} in decimal degrees between -{limit} and {limit}, found {found}"),
            ));
            None
        }
    }
}
