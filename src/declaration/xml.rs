//! The declaration worksheet as XML in this project's own namespace, checked against
//! `schemas/cbam-declaration-worksheet-1.xsd`. It is a worksheet for the declarant, never an
//! official upload format: the namespace says so (`urn:x-cbam-tool:…`) and so does the
//! document's first element.

use crate::model::DiagCode;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Basis, Worksheet};
use crate::model::Dec;
use crate::render::results::fixed;

/// XML namespace of the worksheet: this project's own, not an official one.
pub const NAMESPACE: &str = "urn:x-cbam-tool:declaration-worksheet:1";
/// The XSD the worksheet's XML is checked against (`schemas/cbam-declaration-worksheet-1.xsd`),
/// built into the library.
pub const SCHEMA: &str = include_str!("../../schemas/cbam-declaration-worksheet-1.xsd");
/// The text of the document's first element, `Notice`: a worksheet, not an official upload
/// format.
pub const NOTICE: &str = "Worksheet for filling in the annual CBAM declaration in the CBAM Registry's declarant portal. Not an official upload format; no official machine-readable format of the annual declaration has been published.";

struct W(Writer<Vec<u8>>);

impl W {
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        self.0.write_event(Event::Start(e)).expect("writing to memory");
    }
    fn close(&mut self, name: &str) {
        self.0.write_event(Event::End(BytesEnd::new(name))).expect("writing to memory");
    }
    fn text(&mut self, name: &str, value: &str) {
        self.open(name, &[]);
        self.0.write_event(Event::Text(BytesText::new(value))).expect("writing to memory");
        self.close(name);
    }
    fn opt(&mut self, name: &str, value: Option<String>) {
        if let Some(v) = value {
            self.text(name, &v);
        }
    }
}

fn n(d: Dec) -> String {
    d.normalize().to_string()
}

/// The worksheet as UTF-8 XML bytes (same worksheet, same bytes). Masses with 6 decimals,
/// emissions and certificates with 7, EUR amounts with 2, factors as they are.
pub fn write(ws: &Worksheet) -> Vec<u8> {
    let mut w = W(Writer::new_with_indent(Vec::new(), b' ', 2));
    w.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).expect("writing to memory");
    w.open("DeclarationWorksheet", &[("xmlns", NAMESPACE)]);
    w.text("Notice", NOTICE);
    w.text("Year", &ws.year.to_string());
    w.open("Declarant", &[]);
    w.text("EORI", &ws.declarant_eori);
    w.text("Name", &ws.declarant_name);
    w.close("Declarant");
    w.opt("CertificatePriceEUR", ws.cbam_price.map(n));
    w.text("CSCF", &n(ws.cscf));
    w.open("Article9", &[]);
    w.text("Act", ws.article9.act);
    w.text("Status", ws.article9.status);
    w.text("AsOf", ws.article9.as_of);
    w.text("Source", ws.article9.source);
    w.opt("ReferencePriceEUR", ws.art9_reference_price.map(n));
    w.close("Article9");
    // Specific figures with the decimals the regime reports (5 under IR 2025/2547), else 7.
    let see_dp = ws.regime.rounding.map_or(7, |r| r.see_decimals);
    for e in &ws.entries {
        let o = &e.obligation;
        w.open("Entry", &[]);
        // The worksheet's CNCode is 8 digits (cn8): a TARIC code gives its CN code.
        w.text("CNCode", e.cn_code.cn8());
        w.text("Origin", e.origin.as_str());
        w.opt("Installation", e.installation.clone());
        w.opt("SupplierFile", e.supplier_file.clone());
        w.opt("Product", e.product.clone());
        w.text(
            "Basis",
            match e.basis {
                Basis::Actual => "actual",
                Basis::Default => "default",
            },
        );
        w.text("CustomsLines", &e.lines.to_string());
        w.text("Quarter", &e.quarter.to_string());
        w.text("Mass", &fixed(o.mass_t, 6));
        w.opt("SEEDirect", e.see_direct.map(|d| fixed(d, see_dp)));
        w.opt("SEEIndirect", e.see_indirect.map(|d| fixed(d, see_dp)));
        w.opt("DefaultValue", e.default_total.map(n));
        w.opt("MarkUp", o.markup.map(n));
        w.text("SEEUsed", &fixed(o.see_used, see_dp));
        w.text("EmbeddedEmissions", &fixed(o.embedded_t, 7));
        w.opt("BenchmarkRoute", e.benchmark_route.map(|r| r.code().to_string()));
        w.text("Benchmark", &n(o.benchmark));
        w.text("BenchmarkColumn", e.benchmark_used.column.letter());
        w.text("CBAMFactor", &n(o.cbam_factor));
        w.text("SEFA", &n(o.sefa));
        w.text("FreeAllocationAdjustment", &fixed(o.faa_t, 7));
        w.opt("CarbonPricePaidEURPerTonne", e.carbon_price_eur_per_t.map(|d| fixed(d, 7)));
        w.text("Article9Reduction", &fixed(o.art9_t, 7));
        w.opt("Article9Note", o.art9_refused.clone());
        w.text("Certificates", &fixed(o.certificates, 7));
        w.text("CertificatePriceEUR", &n(e.certificate_price.eur));
        w.text("CertificatePriceSource", &e.certificate_price.source);
        w.text("CostEUR", &fixed(o.cost_eur, 2));
        w.close("Entry");
    }
    let t = &ws.totals;
    w.open("Totals", &[]);
    w.text("Mass", &fixed(t.mass_t, 6));
    w.text("EmbeddedEmissions", &fixed(t.embedded_t, 7));
    w.text("FreeAllocationAdjustment", &fixed(t.faa_t, 7));
    w.text("Article9Reduction", &fixed(t.art9_t, 7));
    w.text("Certificates", &fixed(t.certificates, 7));
    w.text("CostEUR", &fixed(t.cost_eur, 2));
    w.close("Totals");
    w.open("DeMinimis", &[]);
    w.text("ThresholdTonnes", &n(ws.de_minimis.threshold_t));
    w.text("MassImported", &fixed(ws.de_minimis.mass_t, 6));
    w.text("Exempt", if ws.de_minimis.exempt { "true" } else { "false" });
    w.close("DeMinimis");
    w.close("DeclarationWorksheet");
    let mut out = w.0.into_inner();
    out.push(b'\n');
    out
}

/// Validates worksheet XML against the project's schema with libxml2; every problem with its
/// line (a document that is not UTF-8 or not well-formed XML is one `xml.syntax` problem). The
/// schema has no `xs:include`, so it is parsed from memory; `Err` only if it does not parse.
pub fn validate(xml: &[u8]) -> crate::render::Result<Vec<crate::model::Diagnostic>> {
    use libxml::parser::Parser;
    use libxml::schemas::{SchemaParserContext, SchemaValidationContext};
    let mut parser = SchemaParserContext::from_buffer(SCHEMA);
    let mut ctx = SchemaValidationContext::from_parser(&mut parser)
        .map_err(|e| crate::render::Error::SchemaParse(e.iter().filter_map(|x| x.message.clone()).collect::<Vec<_>>().join("; ")))?;
    let syntax = |message: String| Ok(vec![crate::model::Diagnostic::error(DiagCode::XmlSyntax, None, message)]);
    let Ok(text) = std::str::from_utf8(xml) else {
        return syntax("the worksheet is not UTF-8".to_string());
    };
    let doc = match Parser::default().parse_string(text) {
        Ok(doc) => doc,
        Err(e) => return syntax(format!("the worksheet is not well-formed XML: {e:?}")),
    };
    Ok(match ctx.validate_document(&doc) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| {
                let line = e.line.and_then(|l| u32::try_from(l).ok());
                crate::model::Diagnostic::error(
                    DiagCode::DeclarationXsd,
                    line.map(|line| crate::model::Location::Line { line, column: None }),
                    e.message.unwrap_or_default().trim().to_string(),
                )
            })
            .collect(),
    })
}
