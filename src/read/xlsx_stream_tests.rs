//! The fast sheet reader against calamine on the same workbooks: written by rust_xlsxwriter, or
//! with a sheet's XML written by hand for what spreadsheet programs rarely write. Every workbook
//! reads the same through `Book::rows` as through calamine; the fast reader reads the common
//! shapes itself and hands the rest to calamine.

use crate::model::DiagCode;
use std::io::{Cursor, Read, Write};

use calamine::{DataRef, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::model::Diagnostics;
use crate::read::workbook::Book;
use crate::read::xlsx_parts::Parts;

type Cells = Vec<(u32, u32, Value)>;

/// The cells calamine reads, converted as the readers convert them, without empty ones.
fn calamine_cells(bytes: &[u8], sheet: &str) -> Result<Cells, ()> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| ())?;
    let mut r = book.worksheet_cells_reader(sheet).map_err(|_| ())?;
    let mut out = Vec::new();
    while let Some(c) = r.next_cell().map_err(|_| ())? {
        let v = c.get_value();
        if matches!(v, DataRef::Empty) {
            continue;
        }
        let (row, col) = c.get_position();
        out.push((row, col, crate::read::workbook::convert(&calamine::Data::from(v.clone()))));
    }
    Ok(out)
}

/// The cells `Book::rows` hands over, row by row.
fn book_cells(bytes: &[u8], sheet: &str) -> Result<Cells, String> {
    let mut book = Book::from_bytes("t.xlsx", bytes.to_vec()).map_err(|d| d.code.to_string())?;
    let mut rows = book.rows(sheet).map_err(|d| d.code.to_string())?;
    let (mut cells, mut diags, mut out) = (Vec::new(), Diagnostics::new(), Vec::new());
    while let Some(row) = rows.next_row(&mut cells, &mut diags).map_err(|d| d.code.to_string())? {
        out.extend(cells.drain(..).map(|(c, v)| (row, c, v)));
    }
    Ok(out)
}

/// Whether the fast reader reads the whole sheet itself.
fn fast_reads_all(bytes: &[u8], sheet: &str) -> bool {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let Some(parts) = Parts::read(&mut zip, sheet) else { return false };
    let mut xml = Vec::new();
    zip.by_name(&parts.sheet_path).unwrap().read_to_end(&mut xml).unwrap();
    let mut f = FastCells::new(Box::new(Cursor::new(xml)), parts);
    loop {
        match f.next_cell() {
            Ok(Some(_)) => {}
            Ok(None) => return true,
            Err(_) => return false,
        }
    }
}

/// Reads alike through `Book::rows` and calamine; whether the fast reader read it all.
fn same(bytes: &[u8]) -> bool {
    let expected = calamine_cells(bytes, "S").expect("calamine reads the sheet");
    assert_eq!(book_cells(bytes, "S").expect("the sheet reads"), expected);
    fast_reads_all(bytes, "S")
}

/// A workbook of one sheet `S` with shared strings (0 `zero`, 1 ` one ` with its spaces), a date
/// style (1, yyyy-mm-dd), a duration style (2, [h]:mm:ss) and a number style (3, 0.00).
fn base() -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("S").unwrap();
    ws.write_string(0, 0, "zero").unwrap();
    ws.write_string(0, 1, " one ").unwrap();
    ws.write_number_with_format(1, 0, 46023.0, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    ws.write_number_with_format(1, 1, 1.25, &Format::new().set_num_format("[h]:mm:ss")).unwrap();
    ws.write_number_with_format(1, 2, 2.5, &Format::new().set_num_format("0.00")).unwrap();
    wb
}

/// The base workbook with its sheet's XML replaced by `sheet_data` inside `<sheetData>` (and
/// `before` ahead of it).
fn with_sheet(before: &str, sheet_data: &str) -> Vec<u8> {
    let bytes = base().save_to_buffer().unwrap();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{before}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    replace_part(&bytes, "xl/worksheets/sheet1.xml", xml.as_bytes())
}

fn replace_part(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let entry = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        out.start_file(entry.as_str(), opts).unwrap();
        out.write_all(if entry == name { content } else { &data }).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_as_spreadsheet_programs_write_it_is_read_fast_and_as_calamine_reads_it() {
    let mut wb = base();
    let ws = wb.worksheet_from_name("S").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string(2, 0, "a & b < c > d \"e\" 'f'").unwrap();
    ws.write_string(2, 1, "  leading and trailing  ").unwrap();
    ws.write_string(2, 2, "line\nbreak\ttab").unwrap();
    ws.write_string(2, 3, "control \u{1} character").unwrap();
    ws.write_string(2, 4, "é ü 中文 😀").unwrap();
    ws.write_string(2, 5, "").unwrap();
    ws.write_number(3, 0, -12.5).unwrap();
    ws.write_number(3, 1, 1e-7).unwrap();
    ws.write_number(3, 2, 1.5e300).unwrap();
    ws.write_number(3, 3, 0.1 + 0.2).unwrap();
    ws.write_number(3, 4, 123456789.0).unwrap();
    ws.write_boolean(3, 5, true).unwrap();
    ws.write_boolean(3, 6, false).unwrap();
    ws.write_number_with_format(4, 0, 46022.75, &date).unwrap();
    ws.write_number_with_format(4, 1, 0.5, &Format::new().set_num_format("hh:mm")).unwrap();
    ws.write_number_with_format(4, 2, -1.0, &date).unwrap();
    ws.write_formula(5, 0, "=1+2").unwrap().set_formula_result(5, 0, "3");
    ws.write_formula(5, 1, "=\"a\"&\"b\"").unwrap().set_formula_result(5, 1, "ab");
    ws.write_number(700, 16_383, 7.0).unwrap();
    let bold = Format::new().set_bold();
    ws.write_rich_string(6, 0, &[(&bold, "rich "), (&Format::default(), "text")]).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(same(&bytes), "read by the fast reader");
}

#[test]
fn hand_written_sheets_read_as_calamine_reads_them() {
    // (sheet data, read by the fast reader itself)
    let cases = [
        // Inline strings, with and without xml:space; an empty one.
        (
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>abc</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> a b </t></is></c><c r="C1" t="inlineStr"><is><t> trimmed </t></is></c><c r="D1" t="inlineStr"><is/></c></row>"#,
            true,
        ),
        // An inline string's `<v>` is not its value.
        (r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is><v>ignored</v></c></row>"#, true),
        // Rich text in an inline string: calamine's.
        (r#"<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t xml:space="preserve"> b</t></r></is></c></row>"#, false),
        // Cells and rows without `r`.
        (
            r#"<row r="2"><c t="s"><v>0</v></c><c><v>5</v></c><c r="E2"><v>6</v></c><c><v>7</v></c></row><row><c><v>8</v></c></row><row r="9"/><row><c><v>10</v></c></row>"#,
            true,
        ),
        // Empty values, empty cells, a style on an empty cell.
        (r#"<row r="1"><c r="A1"><v/></c><c r="B1" t="s"><v></v></c><c r="C1" s="1"/><c r="D1" t="str"><v/></c><c r="E1"><v>1</v></c></row>"#, true),
        // Booleans as spreadsheet programs write them, and as they may be written.
        (r#"<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c></row>"#, true),
        (r#"<row r="1"><c r="A1" t="b"><v>true</v></c></row>"#, false),
        // Errors and ISO dates: calamine's.
        (r##"<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>"##, false),
        (r#"<row r="1"><c r="A1" t="d"><v>2026-03-01T00:00:00</v></c></row>"#, false),
        // Formula strings, with Excel's escape of a control character; a formula's entities.
        (r#"<row r="1"><c r="A1" t="str"><f>"a"&amp;"b"</f><v>a_x000D_b</v></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><v>3</v><f>x</f></c></row>"#, true),
        // Dates, durations and numbers by style; numbers written oddly.
        (
            r#"<row r="1"><c r="A1" s="1"><v>46023</v></c><c r="B1" s="2"><v>1.5</v></c><c r="C1" s="3"><v>46023</v></c><c r="D1" s="99"><v>1</v></c><c r="E1"><v>1E+3</v></c></row>"#,
            true,
        ),
        (r#"<row r="1"><c r="A1"><v> 1</v></c></row>"#, false),
        (r#"<row r="1"><c r="A1"><v>.5</v></c></row>"#, false),
        // Comments, processing instructions and unknown elements between cells.
        (r#"<!-- a comment with </row> in it --><row r="1"><?pi x?><c r="A1" t="s"><!-- c --><v>1</v></c><extLst/></row>"#, true),
        // An entity or CDATA where a value is: calamine's.
        (r#"<row r="1"><c r="A1"><v>&#49;</v></c></row>"#, false),
        (r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b</t></is></c></row>"#, false),
        (r#"<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<x>]]></t></is></c></row>"#, false),
        // Prefixed names and lower-case references: calamine's.
        (r#"<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>"#, false),
        (r#"<row r="1"><c r="a1"><v>1</v></c></row>"#, false),
        // Attributes in single quotes, with spaces around `=`, in any order.
        (r#"<row r='1'><c t = 's' r='B1'><v>1</v></c></row>"#, true),
        // A shared string's index out of range: calamine says the sheet is damaged.
        (r#"<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>77</v></c></row>"#, false),
    ];
    for (i, (data, fast)) in cases.iter().enumerate() {
        let bytes = with_sheet("", data);
        let expected = calamine_cells(&bytes, "S");
        let got = book_cells(&bytes, "S");
        match expected {
            Ok(cells) => assert_eq!(got, Ok(cells), "case {i}: {data}"),
            Err(()) => assert_eq!(got, Err(DiagCode::InputCorruptSheet.to_string()), "case {i}: {data}"),
        }
        assert_eq!(fast_reads_all(&bytes, "S"), *fast, "case {i}: {data}");
    }
}

#[test]
fn a_doctype_or_a_damaged_sheet_is_left_to_calamine() {
    let doctype = with_sheet("<!DOCTYPE worksheet>", r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    assert!(!same(&doctype));
    // Cut off inside the sheet data: damaged, as calamine finds it, after the rows before.
    let bytes = base().save_to_buffer().unwrap();
    let cut = br#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2"#;
    let cut = replace_part(&bytes, "xl/worksheets/sheet1.xml", cut);
    assert!(calamine_cells(&cut, "S").is_err());
    assert_eq!(book_cells(&cut, "S"), Err(DiagCode::InputCorruptSheet.to_string()));
}

#[test]
fn a_1904_workbook_dates_from_1904() {
    let bytes = base().save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut wb = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut wb).unwrap();
    let wb = if wb.contains("<workbookPr") {
        wb.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
    } else {
        wb.replacen("<sheets>", "<workbookPr date1904=\"1\"/><sheets>", 1)
    };
    let bytes = replace_part(&bytes, "xl/workbook.xml", wb.as_bytes());
    assert!(same(&bytes));
    let cells = book_cells(&bytes, "S").unwrap();
    assert_eq!(cells[2], (1, 0, Value::Date(chrono::NaiveDate::from_ymd_opt(2030, 1, 2).unwrap())));
}

#[test]
fn limits_hold_in_the_fast_reader() {
    let long = "x".repeat(MAX_TEXT);
    let bytes = with_sheet("", &format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{long}x</t></is></c></row>"#));
    assert_eq!(book_cells(&bytes, "S"), Err(DiagCode::InputTextTooLong.to_string()));
    let bytes = with_sheet("", r#"<row r="1048577"><c r="A1048577"><v>1</v></c></row>"#);
    assert_eq!(book_cells(&bytes, "S"), Err(DiagCode::InputTooManyRows.to_string()));
    let bytes = with_sheet("", r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#);
    assert_eq!(book_cells(&bytes, "S"), Err(DiagCode::InputTooManyColumns.to_string()));
    // An empty cell past the last column holds nothing: no limit is passed.
    let bytes = with_sheet("", r#"<row r="1"><c r="XFE1"/><c r="A2"><v>1</v></c></row>"#);
    assert!(same(&bytes));
}

const MAX_TEXT: usize = crate::read::workbook::MAX_TEXT_CHARS;
