//! One customs line checked, cell by cell: types, units, the shapes of codes and numbers, the
//! schema's text lengths; a line of a good cbam computes, or of one outside cement and aluminium.

use super::*;

/// A customs line read: of a good cbam computes, or of one it does not.
#[allow(clippy::large_enum_variant)] // one at a time, moved into its vector at once
pub(super) enum Line {
    In(ImportLine),
    Out(OutsideLine),
}

/// The CN code of a line: one cbam computes, or the digits of a good outside cement and
/// aluminium (the code as written, for messages, and its CBAM sector if any).
enum Cn {
    In(CnCode),
    Out { digits: String, text: String, sector: Option<&'static str> },
}

pub(super) fn read_line(t: &Table, place: &Place, values: &mut [Value], spans: &[(u32, u32)], buf: &str, diags: &mut Diagnostics) -> Option<Line> {
    let span = |p: usize| -> Option<&str> {
        let (a, b) = spans[p];
        (b > a).then(|| &buf[a as usize..b as usize])
    };
    // Text is read where it lies, or taken over from its cell, not copied: a year of lines holds
    // millions of them; what the line keeps is copied once.
    let mut texts: [Option<Cow<str>>; TEXT_COLUMNS.len()] = Default::default();
    for (slot, k) in texts.iter_mut().zip(TEXT_COLUMNS) {
        let Some(p) = t.pos_of[k.index()] else { continue };
        if let Some(s) = span(p) {
            let trimmed = trim(s);
            if !trimmed.is_empty() {
                *slot = Some(Cow::Borrowed(trimmed));
            }
        } else if let Value::Text(s) = &mut values[p] {
            let trimmed = trim(s);
            if !trimmed.is_empty() {
                *slot = Some(Cow::Owned(if trimmed.len() == s.len() { std::mem::take(s) } else { trimmed.to_string() }));
            }
        }
    }
    let values = &*values;
    let at = |k: C| place.cell(t.col_of[k.index()].unwrap_or(0));
    let val = |k: C| t.pos_of[k.index()].map_or(&Value::Empty, |p| &values[p]);
    let column = |k: C| &fmt::IMPORTS_TABLE.columns[k.index()];
    let before = diags.len();
    let mut f = Fields::new(diags);
    let mut text = |f: &mut Fields, k: C, what: &str| {
        let taken = TEXT_COLUMNS.iter().position(|&c| c == k).and_then(|i| texts[i].take());
        match taken {
            // An empty cell of an optional column, as most are: nothing to say, no cell to name.
            None if !column(k).required && val(k).is_blank() => None,
            Some(s) => check_text_max(f, &|| at(k), s, k.key(), t.max_chars[k.index()]),
            None => f.text(&at(k), val(k), column(k).required, what).and_then(|s| check_text_max(f, &|| at(k), Cow::Owned(s), k.key(), t.max_chars[k.index()])),
        }
    };
    let declaration = text(&mut f, C::Declaration, "the declaration reference").map(Cow::into_owned);
    let release_date = match val(C::ReleaseDate) {
        // Read as a date already (a date cell, or a CSV's ISO date): nothing to check.
        Value::Date(d) => Some(*d),
        v => f.date(&at(C::ReleaseDate), v, true, "the date the declaration was accepted"),
    };
    let cn_code = text(&mut f, C::CnCode, "an 8-digit CN code").and_then(|s| match t.cn_code(&s) {
        Ok(c) => Some(Cn::In(c)),
        // Outside cement and aluminium: read like any line, kept apart (the quarterly report
        // refuses it, the declaration counts it).
        Err(e @ (CnError::OtherCbamSector(_) | CnError::NotCbam)) => {
            let digits = s.chars().filter(|c| !matches!(c, ' ' | '.' | '\u{a0}')).collect();
            Some(Cn::Out { digits, text: s.into_owned(), sector: if let CnError::OtherCbamSector(name) = e { Some(name) } else { None } })
        }
        Err(e) => {
            f.push(crate::validate::fields::cn_error(&at(C::CnCode), &s, e));
            None
        }
    });
    let description = text(&mut f, C::Description, "").map(Cow::into_owned);
    let origin = text(&mut f, C::OriginCountry, "the country of origin").and_then(|s| t.country(&mut f, &|| at(C::OriginCountry), &s));
    let net_mass = match val(C::NetMass) {
        // A number above zero within range, as nearly every line has: nothing to report.
        // (A mantissa below 10^20 is a number within MAX_NUMBER, 10^20, whatever its scale.)
        Value::Decimal(d) if d.is_sign_positive() && !d.is_zero() && d.mantissa() < 100_000_000_000_000_000_000 => {
            Some(if t.tonnes { *d } else { t.mass.apply(*d) })
        }
        v => f.non_negative(&at(C::NetMass), v, true, "the net mass", true).map(|d| t.mass.apply(d)),
    };
    if val(C::NetMass).is_blank() && !val(C::SupplementaryUnits).is_blank() {
        f.push(
            Diagnostic::at(DiagCode::InputNetMass, &at(C::NetMass), "expected the net mass as well: embedded emissions are per tonne")
                .hint("cement and aluminium goods are declared by net mass; their CN codes have no supplementary unit"),
        );
    }
    let supplementary_units = match val(C::SupplementaryUnits) {
        Value::Empty => None,
        v => f.non_negative(&at(C::SupplementaryUnits), v, false, "the supplementary units", false),
    };
    let requested = text(&mut f, C::RequestedProcedure, "the requested customs procedure").and_then(|s| procedure(&mut f, &|| at(C::RequestedProcedure), s));
    let previous = text(&mut f, C::PreviousProcedure, "").and_then(|s| procedure(&mut f, &|| at(C::PreviousProcedure), s));
    let area_of = |s: &str| fmt::IMPORT_AREAS.iter().find(|a| a.eq_ignore_ascii_case(trim(s))).map(|a| (*a).to_string());
    let area = match t.pos_of[C::ImportArea.index()].and_then(span) {
        Some(s) => code_of(&mut f, &|| at(C::ImportArea), s, true, "the import area", fmt::IMPORT_AREAS, area_of),
        None => f.code(&at(C::ImportArea), val(C::ImportArea), true, "the import area", fmt::IMPORT_AREAS, area_of),
    };
    let ip_keys = [C::IpMemberState, C::IpDischargeBillWaiver, C::IpAuthorisation, C::IpStart, C::IpEnd, C::IpDeadline];
    let inward_processing = if ip_keys.iter().any(|k| !val(*k).is_blank()) {
        for k in ip_keys.iter().filter(|k| val(**k).is_blank()) {
            f.push(Diagnostic::at(
                DiagCode::InputMissing,
                &at(*k),
                format!("expected {}: the other inward-processing columns of this line are filled in", k.key()),
            ));
        }
        let ms = text(&mut f, C::IpMemberState, "").and_then(|s| country(&mut f, &at(C::IpMemberState), s.into_owned()));
        let waiver = f.boolean(&at(C::IpDischargeBillWaiver), val(C::IpDischargeBillWaiver), "whether the bill of discharge is waived");
        let auth = text(&mut f, C::IpAuthorisation, "").map(Cow::into_owned);
        let d = |f: &mut Fields, k: C| f.date(&at(k), val(k), false, "a date");
        let (start, end, deadline) = (d(&mut f, C::IpStart), d(&mut f, C::IpEnd), d(&mut f, C::IpDeadline));
        match (ms, waiver, auth, start, end, deadline) {
            (Some(member_state), Some(discharge_bill_waiver), Some(authorisation), Some(start), Some(end), Some(deadline)) => {
                Some(Box::new(InwardProcessing { member_state, discharge_bill_waiver, authorisation, start, end, deadline }))
            }
            _ => None,
        }
    } else {
        None
    };
    let installation = text(&mut f, C::Installation, "").map(Cow::into_owned);
    let product = text(&mut f, C::Product, "").map(Cow::into_owned);
    let variant = match t.pos_of[C::Variant.index()].and_then(span) {
        Some(s) => code_of(&mut f, &|| at(C::Variant), s, false, "grey or white", fmt::VARIANTS, Variant::parse),
        None => f.code(&at(C::Variant), val(C::Variant), false, "grey or white", fmt::VARIANTS, Variant::parse),
    };
    let doc_type = text(&mut f, C::DocumentType, "").map(Cow::into_owned);
    let doc_ref = text(&mut f, C::DocumentReference, "").map(Cow::into_owned);
    let document = match (doc_type, doc_ref) {
        (Some(ty), reference) if ty.chars().count() == 4 => Some(Box::new(SupportingDocument { type_code: ty, reference })),
        (Some(ty), _) => {
            f.push(Diagnostic::at(
                DiagCode::InputDocumentType,
                &at(C::DocumentType),
                format!("expected a document type code of exactly 4 characters (QReport an4), found '{ty}'"),
            ));
            None
        }
        (None, Some(_)) => {
            f.push(Diagnostic::at(DiagCode::InputMissing, &at(C::DocumentType), "expected the document type: a document reference is given"));
            None
        }
        (None, None) => None,
    };
    if f.diags.has_errors_since(before) {
        return None;
    }
    // Positions only: one copy of the sheet's name per line, not one per cell.
    let mut cells = LineCells::on(place.sheet.clone(), place.row.is_text());
    let (r, c) = place.row.position(place.index, 0);
    cells.set_position(LineCell::Row, r, c);
    for (which, k) in [
        (LineCell::ReleaseDate, C::ReleaseDate),
        (LineCell::CnCode, C::CnCode),
        (LineCell::Installation, C::Installation),
        (LineCell::Product, C::Product),
        (LineCell::Variant, C::Variant),
    ] {
        if let Some(col) = t.col_of[k.index()] {
            let (r, c) = place.row.position(place.index, col);
            cells.set_position(which, r, c);
        }
    }
    let cn_code = match cn_code? {
        Cn::In(c) => c,
        Cn::Out { digits, text, sector } => {
            return Some(Line::Out(OutsideLine {
                cn_code: digits,
                cn_text: text,
                sector,
                release_date: release_date?,
                origin: origin?,
                net_mass_t: net_mass?,
                at: cells,
            }));
        }
    };
    Some(Line::In(ImportLine {
        declaration,
        release_date: release_date?,
        cn_code,
        description,
        origin: origin?,
        net_mass_t: net_mass?,
        supplementary_units,
        procedure: Procedure { requested: requested?, previous, area: area?, inward_processing },
        installation,
        product,
        variant,
        document,
        at: cells,
    }))
}
