//! The people and places of a report as QReport elements: declarant, representative, importer,
//! signatures, and each supplier's installation and operator. Texts from the suppliers' files
//! are checked against the schema's lengths here (the imports workbook's own texts were checked
//! when read), so a too-long name is a located error, never an invalid file.

use crate::model::DiagCode;
use crate::model::{Address, Declarant, Diagnostic, Diagnostics, Identity, Location, Party};
use crate::render::xml::dto;

/// Checks a supplier text against the schema's `an..max`; an error naming the file and field
/// when it is longer.
pub fn fit(text: &str, max: usize, element: &str, field: &str, file: &str, diags: &mut Diagnostics) -> Option<String> {
    let n = text.chars().count();
    if n > max {
        diags.push(
            Diagnostic::error(
                DiagCode::ReportTooLong,
                Some(Location::File(file.to_string())),
                format!("{field} has {n} characters; QReport's {element} takes at most {max}"),
            )
            .hint("shorten it in the supplier's workbook"),
        );
        return None;
    }
    Some(text.to_string())
}

/// Our own text (a remark), cut to `max` characters with an ellipsis.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

fn address(a: &Address) -> dto::Address {
    dto::Address {
        country: a.country.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default(),
        sub_division: a.subdivision.clone(),
        city: a.city.clone(),
        street: a.street.clone(),
        street_additional_line: a.street_additional_line.clone(),
        number: a.number.clone(),
        postcode: a.post_code.clone(),
        po_box: a.po_box.clone(),
    }
}

/// The QReport `Declarant` of the imports workbook's declarant (its address without a country).
pub fn declarant(d: &Declarant) -> dto::Declarant {
    let a = &d.address;
    dto::Declarant {
        identification_number: d.eori.clone(),
        name: d.name.clone(),
        role: d.role.clone(),
        actor_address: dto::DeclarantAddress {
            sub_division: a.subdivision.clone(),
            city: a.city.clone(),
            street: a.street.clone(),
            street_additional_line: a.street_additional_line.clone(),
            number: a.number.clone(),
            postcode: a.post_code.clone(),
            po_box: a.po_box.clone(),
        },
    }
}

/// The QReport `Representative` of an indirect customs representative.
pub fn representative(p: &Party) -> dto::Representative {
    dto::Representative { identification_number: p.eori.clone(), name: p.name.clone(), representative_address: address(&p.address) }
}

/// The QReport `Importer` of an importer the declarant reports for.
pub fn importer(p: &Party) -> dto::Importer {
    dto::Importer { identification_number: p.eori.clone(), name: p.name.clone(), importer_address: address(&p.address) }
}

/// The QReport `Signatures`: the declarant's confirmations, the place, name and position of the
/// signatory, and the confirmation of another methodology where the declarant gives it.
pub fn signatures(d: &Declarant) -> dto::Signatures {
    dto::Signatures {
        report_confirmation: dto::ReportConfirmation {
            global_data_confirmation: d.global_data_confirmation,
            use_of_data_confirmation: d.use_of_data_confirmation,
            signature_place: d.signature_place.clone(),
            signature: d.signatory.clone(),
            position_of_person_sending: d.signatory_position.clone(),
        },
        applicable_methodology_confirmation: d.other_methodology.map(|b| dto::ApplicableMethodologyConfirmation { other_applicable_reporting_methodology: b }),
    }
}

/// The installation element, or `None` with a warning when the workbook lacks what the schema
/// requires (country and city).
pub fn installation(id: &Identity, file: &str, coordinates_type: &str, diags: &mut Diagnostics) -> Option<dto::Installation> {
    let (Some(country), Some(city)) = (&id.country, &id.city) else {
        diags.push(
            Diagnostic::warning(
                DiagCode::ReportInstallationIncomplete,
                Some(Location::File(file.to_string())),
                "the Installation element is left out: the supplier's workbook gives no city",
            )
            .hint("ask the supplier for the installation's address"),
        );
        return None;
    };
    let name = match &id.name_local {
        Some(local) if local != &id.name_en => format!("{} ({local})", id.name_en),
        _ => id.name_en.clone(),
    };
    let name = if name.chars().count() > 256 { id.name_en.clone() } else { name };
    let coord = |d: &Option<crate::model::Dec>| d.map(|x| x.normalize().to_string());
    let (lat, lon) = (coord(&id.latitude), coord(&id.longitude));
    let mut e = Diagnostics::new();
    let out = dto::Installation {
        installation_id: fit(&id.installation_id, 20, "InstallationId", "installation_id", file, &mut e).unwrap_or_default(),
        installation_name: fit(&name, 256, "InstallationName", "name_en", file, &mut e).unwrap_or_default(),
        economic_activity: id.economic_activity.as_deref().and_then(|t| fit(t, 256, "EconomicActivity", "economic_activity", file, &mut e)),
        address: dto::InstallationAddress {
            establishment_country: country.as_str().to_string(),
            city: fit(city, 35, "City", "city", file, &mut e).unwrap_or_default(),
            street: id.street.as_deref().and_then(|t| fit(t, 70, "Street", "street", file, &mut e)),
            postcode: id.post_code.as_deref().and_then(|t| fit(t, 17, "Postcode", "post_code", file, &mut e)),
            po_box: id.po_box.as_deref().and_then(|t| fit(t, 70, "POBox", "po_box", file, &mut e)),
            unlocode: id.unlocode.as_deref().and_then(|t| fit(t, 17, "UNLOCODE", "unlocode", file, &mut e)),
            coordinates_type: (lat.is_some() && lon.is_some()).then(|| coordinates_type.to_string()),
            latitude: lat.as_deref().and_then(|t| fit(t, 17, "Latitude", "latitude", file, &mut e)),
            longitude: lon.as_deref().and_then(|t| fit(t, 17, "Longitude", "longitude", file, &mut e)),
        },
    };
    let failed = e.has_errors();
    diags.extend(e);
    (!failed).then_some(out)
}

/// The operator element, or `None` with a warning naming what the workbook lacks (the schema
/// requires id, name, country, city and one contact with name, phone and e-mail).
pub fn operator(id: &Identity, file: &str, diags: &mut Diagnostics) -> Option<dto::InstallationOperator> {
    let fields = [
        ("operator_id", &id.operator_id),
        ("operator_name", &id.operator_name),
        ("operator_city", &id.operator_city),
        ("contact_name", &id.contact_name),
        ("contact_phone", &id.contact_phone),
        ("contact_email", &id.contact_email),
    ];
    let mut missing: Vec<&str> = fields.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| *k).collect();
    if id.operator_country.is_none() {
        missing.push("operator_country");
    }
    if !missing.is_empty() {
        diags.push(Diagnostic::warning(
            DiagCode::ReportOperatorIncomplete,
            Some(Location::File(file.to_string())),
            format!("the InstallationOperator element is left out: the supplier's workbook lacks {}", missing.join(", ")),
        ));
        return None;
    }
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut e = Diagnostics::new();
    let out = dto::InstallationOperator {
        operator_id: fit(&s(&id.operator_id), 25, "OperatorId", "operator_id", file, &mut e).unwrap_or_default(),
        operator_name: fit(&s(&id.operator_name), 70, "OperatorName", "operator_name", file, &mut e).unwrap_or_default(),
        operator_address: dto::Address {
            country: id.operator_country.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default(),
            sub_division: None,
            city: fit(&s(&id.operator_city), 35, "City", "operator_city", file, &mut e).unwrap_or_default(),
            street: id.operator_street.as_deref().and_then(|t| fit(t, 70, "Street", "operator_street", file, &mut e)),
            street_additional_line: None,
            number: None,
            postcode: id.operator_post_code.as_deref().and_then(|t| fit(t, 17, "Postcode", "operator_post_code", file, &mut e)),
            po_box: None,
        },
        contact_details: vec![dto::ContactDetails {
            name: fit(&s(&id.contact_name), 70, "Name", "contact_name", file, &mut e).unwrap_or_default(),
            phone: fit(&s(&id.contact_phone), 35, "Phone", "contact_phone", file, &mut e).unwrap_or_default(),
            email: fit(&s(&id.contact_email), 256, "Email", "contact_email", file, &mut e).unwrap_or_default(),
        }],
    };
    let failed = e.has_errors();
    diags.extend(e);
    (!failed).then_some(out)
}
