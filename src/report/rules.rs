//! Business rules of a QReport beyond its schema, checked by `cbam validate` on a file received
//! from elsewhere, one root child at a time (memory stays bounded): codes in the code lists, CN
//! codes in scope and consistent with the HS code, positive masses, unique item and sequence
//! numbers, totals that add up, and SEE plausible against the country default (a warning).
//!
//! A value the schema already refuses (not a number, say) is left to the schema's message.

use crate::model::DiagCode;
use std::collections::HashMap;
use std::str::FromStr;

use super::codelists::CodeLists;
use super::emissions::implausible;
use crate::model::{CnCode, CnError, CountryCode, Dec, Diagnostic, Diagnostics, GoodsCategory, Location, Route, Variant};
use crate::render::xml::tree::Element;
use crate::tables::defaults::DefaultValues;
use crate::tables::nomenclature::{CnYear, Nomenclature};

/// Collects problems while the root's children stream by.
pub struct Rules {
    lists: &'static CodeLists,
    diags: Diagnostics,
    items: HashMap<u64, u32>,
    /// The report's `Year` (it precedes the goods), whose nomenclature the CN codes must be of.
    year: Option<i32>,
}

fn dec(e: &Element) -> Option<Dec> {
    Dec::from_str(e.text.trim()).ok()
}

impl Default for Rules {
    fn default() -> Self {
        Self::new()
    }
}

impl Rules {
    /// Rules with the embedded code lists, no problem found yet.
    pub fn new() -> Self {
        Rules { lists: CodeLists::embedded(), diags: Diagnostics::new(), items: HashMap::new(), year: None }
    }

    fn error(&mut self, at: &Element, code: DiagCode, msg: String) {
        self.diags.push(Diagnostic::error(code, Some(at.location()), msg));
    }

    /// `list`'s code check of the element at `path` below `e`, if present.
    fn code(&mut self, e: &Element, path: &str, list: &str) {
        let x = if path.is_empty() { Some(e) } else { e.at(path) };
        if let Some(x) = x
            && !x.text.is_empty()
            && !self.lists.has(list, &x.text)
        {
            let msg = format!("{} '{}' is not in the code list ({list}: {})", x.name, x.text, self.lists.codes(list));
            if self.lists.list(list).all(|c| c.source.starts_with("[OPEN]")) {
                // The list itself is unverified (DOMAIN §5): say so, do not fail the file.
                self.diags.push(Diagnostic::warning(
                    DiagCode::RuleCodeOpen,
                    Some(x.location()),
                    format!("{msg}; that list is not verified, see data/qreport-codelists.csv"),
                ));
            } else {
                self.error(x, DiagCode::RuleCode, msg);
            }
        }
    }

    fn unique(&mut self, parent: &Element, name: &str, what: &str) {
        let mut seen: HashMap<String, u32> = HashMap::new();
        for c in parent.all(name) {
            if let Some(n) = c.child("SequenceNumber")
                && let Some(first) = seen.insert(n.text.clone(), n.line)
            {
                let msg = format!("{what} sequence number {} is used twice (first on line {first})", n.text);
                self.error(n, DiagCode::RuleDuplicateSequence, msg);
            }
        }
    }

    fn positive(&mut self, e: &Element, path: &str, what: &str) -> Option<Dec> {
        let x = e.at(path)?;
        let v = dec(x)?;
        if v <= Dec::ZERO {
            self.error(x, DiagCode::RuleMass, format!("expected a positive {what}, found {}", x.text));
        }
        Some(v)
    }

    /// One child of the root element.
    pub fn element(&mut self, e: &Element) {
        match e.name.as_str() {
            "ReportingPeriod" => self.code(e, "", "reporting_period"),
            "Year" => self.year = e.text.trim().parse().ok(),
            "Declarant" => {
                self.code(e, "Role", "role");
                if let Some(id) = e.child("IdentificationNumber")
                    && !crate::read::imports::is_eori(&id.text)
                {
                    let msg = format!("expected an EORI number, found '{}'", id.text);
                    self.error(id, DiagCode::RuleEori, msg);
                }
            }
            "ImportedGood" => self.good(e),
            _ => {}
        }
    }

    fn good(&mut self, g: &Element) {
        if let Some(n) = g.child("ItemNumber")
            && let Ok(v) = n.text.parse::<u64>()
            && let Some(first) = self.items.insert(v, n.line)
        {
            self.error(n, DiagCode::RuleDuplicateItem, format!("item number {v} is used twice (first on line {first})"));
        }
        let cn = self.commodity(g);
        if let Some(c) = g.at("OriginCountry/Country")
            && CountryCode::parse(&c.text).is_none()
        {
            let msg = format!("expected an ISO 3166-1 alpha-2 country code, found '{}'", c.text);
            self.error(c, DiagCode::RuleCountry, msg);
        }
        self.unique(g, "ImportedQuantity", "ImportedQuantity");
        self.unique(g, "GoodsEmissions", "GoodsEmissions");
        self.unique(g, "SupportingDocuments", "SupportingDocuments");
        let mut by_procedure = Dec::ZERO;
        let mut terms = 0u32;
        for q in g.all("ImportedQuantity") {
            self.code(q, "Procedure/RequestedProc", "customs_procedure");
            self.code(q, "Procedure/PreviousProc", "customs_procedure");
            self.code(q, "ImportArea/ImportArea", "import_area");
            for m in q.all("MeasureProcedureImported") {
                self.code(m, "Indicator", "measure_indicator");
                self.code(m, "MeasurementUnit", "measurement_unit");
                if let Some(v) = self.positive(m, "NetMass", "net mass")
                    && m.text_at("Indicator") == Some("0")
                {
                    by_procedure += v;
                    terms += 1;
                }
            }
        }
        self.code(g, "MeasureImported/MeasurementUnit", "measurement_unit");
        let imported = self.positive(g, "MeasureImported/NetMass", "net mass");
        let mut produced = Dec::ZERO;
        let mut produced_terms = 0u32;
        let unit = g.text_at("MeasureImported/MeasurementUnit");
        let mut same_units = true;
        for e in g.all("GoodsEmissions") {
            if let Some(v) = self.positive(e, "ProducedMeasure/NetMass", "net mass") {
                produced += v;
                produced_terms += 1;
                same_units &= e.text_at("ProducedMeasure/MeasurementUnit") == unit;
            }
            self.emissions(e, cn.as_ref(), g.text_at("OriginCountry/Country"));
        }
        // Each term was rounded to 6 decimals on its own: allow that much per term.
        let close = |a: Dec, b: Dec, n: u32| (a - b).abs() <= Dec::new(i64::from(n.max(1)), 6);
        if let (Some(total), Some(m)) = (imported, g.at("MeasureImported/NetMass")) {
            if terms > 0 && !close(total, by_procedure, terms + 1) {
                self.error(
                    m,
                    DiagCode::RuleTotals,
                    format!("MeasureImported net mass {total} is not the sum of the ImportedQuantity net masses ({by_procedure})"),
                );
            }
            if produced_terms > 0 && same_units && !close(total, produced, produced_terms + 1) {
                self.error(
                    m,
                    DiagCode::RuleTotals,
                    format!("MeasureImported net mass {total} is not the sum of the GoodsEmissions produced net masses ({produced})"),
                );
            }
        }
    }

    /// CN code of the nomenclature of the report's year, in scope, consistent with the HS code.
    fn commodity(&mut self, g: &Element) -> Option<CnCode> {
        let c = g.at("CommodityCode/CnCode")?;
        let cn = match CnCode::parse(&c.text) {
            Ok(cn) => cn,
            Err(CnError::OtherCbamSector(s)) => {
                self.diags.push(Diagnostic::warning(
                    DiagCode::RuleCnScope,
                    Some(c.location()),
                    format!("CN {} is a CBAM good of the {s} sector: cbam checks cement and aluminium only", c.text),
                ));
                return None;
            }
            Err(_) => {
                let msg = format!("expected the CN code of a CBAM good, found '{}'", c.text);
                self.error(c, DiagCode::RuleCnCode, msg);
                return None;
            }
        };
        if cn.taric().is_some() {
            let msg = format!("expected the 8-digit CN code {} in QReport, found the TARIC code {}", cn.cn8(), cn.spaced());
            self.error(c, DiagCode::RuleCnCode, msg);
        }
        if let Some(d) = cn_year_diagnostic(&cn, self.year, Some(c.location())) {
            self.diags.push(d);
        }
        if let Some(hs) = g.at("CommodityCode/HsCode")
            && hs.text != cn.hs()
        {
            let msg = format!("HS code {} does not match CN code {} (expected {})", hs.text, cn, cn.hs());
            self.error(hs, DiagCode::RuleHsCode, msg);
        }
        Some(cn)
    }

    fn emissions(&mut self, e: &Element, cn: Option<&CnCode>, origin: Option<&str>) {
        self.code(e, "DirectEmissions/DeterminationType", "determination_type");
        self.code(e, "DirectEmissions/ApplicableReportingTypeMethodology", "reporting_methodology");
        self.code(e, "DirectEmissions/MeasurementUnit", "emission_unit");
        self.code(e, "IndirectEmissions/DeterminationType", "determination_type");
        self.code(e, "IndirectEmissions/MeasurementUnit", "emission_unit");
        self.code(e, "IndirectEmissions/ElectricitySource", "electricity_source");
        self.code(e, "ProducedMeasure/MeasurementUnit", "measurement_unit");
        self.code(e, "Installation/Address/CoordinatesType", "coordinates_type");
        self.unique(e, "RemarksEmissions", "RemarksEmissions");
        self.unique(e, "CarbonPriceDue", "CarbonPriceDue");
        for p in e.all("CarbonPriceDue") {
            self.code(p, "InstrumentType", "instrument_type");
            for pc in p.all("ProductsCovered") {
                self.code(pc, "Type", "product_covered_type");
            }
        }
        // Production methods and parameters: our lists cover cement and aluminium only.
        for m in e.all("ProdMethodQualifyingParams").filter(|_| cn.is_some()) {
            self.code(m, "MethodId", "production_method");
            if let (Some(cn), Some(id)) = (cn, m.child("MethodId"))
                && let Some(route) = Route::parse(&id.text)
                && !cn.category().routes().contains(&route)
                && !(cn.category() == GoodsCategory::Cement && route == Route::Clinker)
            {
                let msg = format!("production method {} ({route}) is not a route of {} goods such as CN {cn}", id.text, cn.category());
                self.error(id, DiagCode::RuleMethod, msg);
            }
            for q in m.all("DirectQualifyingParameters").chain(m.all("IndirectQualifyingParameters")) {
                self.code(q, "ParameterId", "qualifying_parameter");
            }
        }
        let see = |path: &str| e.at(path).and_then(dec);
        for path in ["DirectEmissions/SpecificEmbeddedEmissions", "IndirectEmissions/SpecificEmbeddedEmissions"] {
            if let (Some(x), Some(v)) = (e.at(path), see(path))
                && v < Dec::ZERO
            {
                self.error(x, DiagCode::RuleNegative, format!("expected specific embedded emissions of 0 or more, found {v}"));
            }
        }
        let (Some(cn), Some(direct)) = (cn, see("DirectEmissions/SpecificEmbeddedEmissions")) else { return };
        let country = e.text_at("ProductionCountry").or(origin).and_then(CountryCode::parse);
        let Some(country) = country else { return };
        // Where the table has grey and white rows and the file does not say which, the SEE must
        // be implausible against both to be reported.
        // The default values of the regime of the report's year.
        let table = crate::regime::Regime::for_year(self.year.unwrap_or_default(), None).map_or(DefaultValues::embedded(), |r| r.default_values());
        let references: Vec<Dec> = [None, Some(Variant::Grey), Some(Variant::White)]
            .into_iter()
            .filter_map(|v| table.lookup(&country, cn, v))
            .filter_map(|d| d.value.total.filter(|t| !t.is_zero()))
            .collect();
        let Some(&reference) = references.first() else { return };
        let value = if cn.category().listed_in_annex_ii() { direct } else { direct + see("IndirectEmissions/SpecificEmbeddedEmissions").unwrap_or_default() };
        if references.iter().all(|r| implausible(value, *r, self.lists).is_some())
            && let Some(msg) = implausible(value, reference, self.lists)
        {
            let at = e.at("DirectEmissions/SpecificEmbeddedEmissions").unwrap_or(e);
            self.diags.push(Diagnostic::warning(
                DiagCode::RuleSeeImplausible,
                Some(at.location()),
                format!("SEE {value} tCO2e/t of CN {cn} is {msg} the default value for {country} ({reference})"),
            ));
        }
    }

    /// The problems found, errors first, by place.
    pub fn finish(self, root: &Element) -> Vec<Diagnostic> {
        let mut d = self.diags;
        if root.name != "QReport" {
            d.push(Diagnostic::error(
                DiagCode::RuleRoot,
                Some(Location::Line { line: root.line, column: Some(root.column) }),
                format!("expected the root element QReport, found {}", root.name),
            ));
        }
        d.into_sorted()
    }
}

/// The diagnostic for a CN code that is not one of the Combined Nomenclature of the report's
/// `year`: an error for a code of no nomenclature from CN 2023 to CN 2026; a warning for a code
/// of other years, which names them (the dates of the changes rest partly on secondary sources,
/// data/README.md, and the Communication template still lists the CN 2024 codes).
pub(crate) fn cn_year_diagnostic(cn: &CnCode, year: Option<i32>, at: Option<Location>) -> Option<Diagnostic> {
    let n = Nomenclature::embedded();
    let code = cn.to_cn8();
    match n.check(code.as_str(), year) {
        CnYear::Valid => None,
        CnYear::Unknown => {
            let (first, last) = n.covered();
            Some(Diagnostic::error(
                DiagCode::RuleCnCode,
                at,
                format!("CN {} is not a code of the Combined Nomenclature for cement and aluminium ({})", code.spaced(), CnYear::span(first, last)),
            ))
        }
        CnYear::OtherYears { year, first, last } => Some(
            Diagnostic::warning(
                DiagCode::RuleCnCodeYear,
                at,
                format!(
                    "CN {} is not a code of CN {year}, the Combined Nomenclature of the report's year; it is a code of {}",
                    code.spaced(),
                    CnYear::span(first, last)
                ),
            )
            .hint(format!(
                "codes of heading {} in CN {year}: {}",
                &code.as_str()[..4],
                n.codes(year).filter(|e| e.code.starts_with(&code.as_str()[..4])).map(|e| e.code.as_str()).collect::<Vec<_>>().join(", ")
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(s: &str) -> CnCode {
        CnCode::parse(s).unwrap()
    }

    fn msg(code: &str, year: Option<i32>) -> Option<(bool, String)> {
        cn_year_diagnostic(&cn(code), year, None).map(|d| (d.is_error(), d.message))
    }

    #[test]
    fn cn_codes_of_the_reports_year() {
        assert_eq!(msg("76011090", Some(2026)), None);
        assert_eq!(msg("76011000", Some(2024)), None);
        assert_eq!(msg("25232900", Some(2023)), None);
        assert_eq!(
            msg("76011090", Some(2024)).unwrap(),
            (false, "CN 7601 10 90 is not a code of CN 2024, the Combined Nomenclature of the report's year; it is a code of CN 2025 to CN 2026".to_string())
        );
        assert_eq!(
            msg("76011000", Some(2026)).unwrap(),
            (false, "CN 7601 10 00 is not a code of CN 2026, the Combined Nomenclature of the report's year; it is a code of CN 2023 to CN 2024".to_string())
        );
        let d = cn_year_diagnostic(&cn("76011000"), Some(2026), None).unwrap();
        assert_eq!(d.hints, ["codes of heading 7601 in CN 2026: 76011010, 76011090, 76012030, 76012040, 76012080"]);
        assert_eq!(
            msg("76012000", Some(2025)).unwrap(),
            (true, "CN 7601 20 00 is not a code of the Combined Nomenclature for cement and aluminium (CN 2023 to CN 2026)".to_string())
        );
        // A TARIC code is checked by its CN code; a year beyond the table by the nearest one.
        assert_eq!(msg("2523100090", Some(2025)), None);
        assert_eq!(msg("76011090", Some(2030)), None);
        assert!(msg("76011000", Some(2030)).is_some());
        assert_eq!(msg("76011000", None), None);
    }

    #[test]
    fn the_year_precedes_the_goods() {
        let xml = br#"<QReport xmlns="urn:x"><ReportingPeriod>Q4</ReportingPeriod><Year>2026</Year><ImportedGood><CommodityCode><HsCode>760110</HsCode><CnCode>76011000</CnCode></CommodityCode></ImportedGood></QReport>"#;
        let mut rules = Rules::new();
        let root = crate::render::xml::tree::read(xml, |e| rules.element(&e)).unwrap();
        let d = rules.finish(&root);
        assert!(d.iter().any(|d| d.code == DiagCode::RuleCnCodeYear && d.message.contains("CN 2023 to CN 2024")), "{d:?}");
    }
}
