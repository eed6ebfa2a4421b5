//! The sheet Declarant of the imports workbook: the declarant, its representative and the
//! importer, each field checked where it lies.

use super::*;

pub(super) fn read_declarant(book: &mut Book, diags: &mut Diagnostics) -> Option<Declarant> {
    let grid = match book.sheet(fmt::DECLARANT) {
        Ok(g) => g,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut found: HashMap<&'static str, (CellRef, Value)> = HashMap::new();
    for row in 0..grid.end_row() {
        let Value::Text(k) = grid.value(row, 0) else { continue };
        let k = k.trim().to_ascii_lowercase();
        if k.is_empty() {
            continue;
        }
        match fmt::DECLARANT_FIELDS.iter().find(|c| c.key == k) {
            Some(c) => {
                if let Some((prev, _)) = found.get(c.key) {
                    diags.push(Diagnostic::at(DiagCode::InputDuplicateField, &grid.cell(row, 0), format!("field '{k}' appears twice (first at {prev})")));
                } else {
                    found.insert(c.key, (grid.cell(row, 1), grid.value(row, 1)));
                }
            }
            None => {
                diags.push(Diagnostic::warning(DiagCode::InputUnknownField, Some(Location::Cell(grid.cell(row, 0))), format!("unknown field '{k}' is ignored")))
            }
        }
    }
    for c in fmt::DECLARANT_FIELDS.iter().filter(|c| c.required) {
        if !found.contains_key(c.key) {
            diags.push(Diagnostic::error(
                DiagCode::InputMissingField,
                Some(Location::Sheet(fmt::DECLARANT.into())),
                format!("required field '{}' is missing from column A ({})", c.key, c.note),
            ));
        }
    }
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let mut f = Fields::new(diags);
    let field = |k: &str| -> &Column { fmt::DECLARANT_FIELDS.iter().find(|c| c.key == k).expect("declarant field") };
    let get = |k: &str| found.get(k).cloned();
    let text = |f: &mut Fields, k: &str| -> Option<String> {
        let (at, v) = get(k)?;
        let c = field(k);
        let t = f.text(&at, &v, c.required, &format!("{k} ({})", c.note).replace(" ()", ""))?;
        check_text(f, &|| at.clone(), t, k)
    };
    let flag = |f: &mut Fields, k: &str| -> Option<bool> {
        let (at, v) = get(k)?;
        let b = f.boolean(&at, &v, &format!("{k} (yes or no)"));
        if b.is_none() && field(k).required && v.is_blank() {
            f.push(Diagnostic::at(DiagCode::InputMissing, &at, format!("expected yes or no for {k}, found an empty cell")));
        }
        b
    };

    if let Some((at, v)) = get("format")
        && let Some(name) = f.text(&at, &v, true, "the format name")
        && name != fmt::FORMAT_NAME
    {
        f.push(Diagnostic::at(DiagCode::InputFormat, &at, format!("expected '{}', found '{name}'", fmt::FORMAT_NAME)));
    }
    if let Some((at, v)) = get("format_version")
        && let Some(ver) = f.number(&at, &v, true, "the format version")
        && ver != Dec::from(fmt::FORMAT_VERSION)
    {
        f.push(Diagnostic::at(DiagCode::InputFormatVersion, &at, format!("expected format version {}, found {ver}", fmt::FORMAT_VERSION)));
    }
    let eori = |f: &mut Fields, k: &str| -> Option<String> {
        let t = text(f, k)?;
        if is_eori(&t) {
            return Some(t);
        }
        let (at, _) = get(k)?;
        f.push(Diagnostic::at(
            DiagCode::InputEori,
            &at,
            format!("expected an EORI number (a country code and up to 15 capital letters or digits, e.g. DE123456789012345), found '{t}'"),
        ));
        None
    };
    let party = |f: &mut Fields, p: &str| -> Option<Option<Party>> {
        let keys = ["eori", "name", "country", "city", "street", "number", "post_code"].map(|k| format!("{p}_{k}"));
        let any = keys.iter().any(|k| get(k).is_some_and(|(_, v)| !v.is_blank()));
        if !any {
            return Some(None);
        }
        let before = f.diags.iter().filter(|d| d.is_error()).count();
        let need = |f: &mut Fields, k: &str| -> Option<String> {
            let (at, v) = get(k).unwrap_or_else(|| (CellRef::new(fmt::DECLARANT, 0, 1), Value::Empty));
            if v.is_blank() {
                f.push(Diagnostic::error(DiagCode::InputMissing, Some(Location::Cell(at)), format!("expected {k}: the other {p}_ fields are filled in")));
                return None;
            }
            text(f, k)
        };
        let eori_v = need(f, &keys[0]).and_then(|_| eori(f, &keys[0]));
        let name = need(f, &keys[1]);
        let c = need(f, &keys[2]).and_then(|t| country(f, &get(&keys[2]).expect("present").0, t));
        let city = need(f, &keys[3]);
        let address = Address {
            country: c,
            city: city.unwrap_or_default(),
            street: text(f, &keys[4]),
            number: text(f, &keys[5]),
            post_code: text(f, &keys[6]),
            ..Address::default()
        };
        let after = f.diags.iter().filter(|d| d.is_error()).count();
        if after > before {
            return None;
        }
        Some(Some(Party { eori: eori_v?, name: name?, address }))
    };

    let eori_v = eori(&mut f, "eori");
    let name = text(&mut f, "name");
    let role = get("role").and_then(|(at, v)| {
        f.code(&at, &v, true, "the declarant's role", fmt::ROLES, |s| {
            let s = s.trim();
            let s = if s.len() == 1 { format!("0{s}") } else { s.to_string() };
            fmt::ROLES.contains(&s.as_str()).then_some(s)
        })
    });
    let address = Address {
        country: None,
        subdivision: text(&mut f, "subdivision"),
        city: text(&mut f, "city").unwrap_or_default(),
        street: text(&mut f, "street"),
        street_additional_line: text(&mut f, "street_additional_line"),
        number: text(&mut f, "number"),
        post_code: text(&mut f, "post_code"),
        po_box: text(&mut f, "po_box"),
    };
    let representative = party(&mut f, "representative");
    let importer = party(&mut f, "importer");
    let global = flag(&mut f, "global_data_confirmation");
    let use_of_data = flag(&mut f, "use_of_data_confirmation");
    for (k, given) in [("global_data_confirmation", global), ("use_of_data_confirmation", use_of_data)] {
        if let (Some(false), Some((at, _))) = (given, get(k)) {
            f.push(Diagnostic::at(
                DiagCode::InputConfirmation,
                &at,
                format!("expected yes for {k}: the registry accepts a report only with this confirmation"),
            ));
        }
    }
    let declarant = Declarant {
        eori: eori_v.unwrap_or_default(),
        name: name.unwrap_or_default(),
        role: role.unwrap_or_default(),
        address,
        representative: representative.flatten(),
        importer: importer.flatten(),
        signature_place: text(&mut f, "signature_place").unwrap_or_default(),
        signatory: text(&mut f, "signatory").unwrap_or_default(),
        signatory_position: text(&mut f, "signatory_position").unwrap_or_default(),
        global_data_confirmation: global.unwrap_or(false),
        use_of_data_confirmation: use_of_data.unwrap_or(false),
        other_methodology: flag(&mut f, "other_methodology"),
        report_id: text(&mut f, "report_id"),
        remarks: text(&mut f, "remarks"),
    };
    let errors_after = f.diags.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then_some(declarant)
}
