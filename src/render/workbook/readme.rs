//! The ReadMe sheet of the workbooks: what the workbook is, one line per sheet, how units work;
//! in English, or in the words of a [`Catalog`] with the same figures filled in.

use rust_xlsxwriter::Worksheet;

use super::{Error, Layout, README_SHEET, Styles, display_width};
use crate::format::notes::Catalog;
use crate::format::tidy;

pub(super) fn write_readme(ws: &mut Worksheet, styles: &Styles, layout: &Layout, zh: Option<&Catalog>) -> Result<(), Error> {
    // The English sentence, or the catalog's `id` with `values` filled in.
    let say = |id: &str, values: &[(&str, &str)], english: String| zh.map_or(english, |c| c.text(id, values));
    let version = layout.format_version.to_string();
    ws.set_name(README_SHEET)?;
    ws.set_column_width(0, README_LABEL_WIDTH as f64)?;
    ws.set_column_width(1, README_TEXT_WIDTH as f64)?;
    let mut row = 0u32;
    let title = say(&format!("{}.title", layout.id), &[], layout.title.to_owned());
    ws.write_string_with_format(row, 0, &title, &styles.title)?;
    row += 1;
    let intro = match zh {
        None => format!("Format {} version {}. {} Do not rename the sheets or the keys in row 1.", layout.format_name, layout.format_version, layout.intro),
        Some(c) => {
            let intro = c.text(&format!("{}.intro", layout.id), &[]);
            let header = (tidy::HEADER_ROW + 1).to_string();
            c.text("readme.format", &[("name", layout.format_name), ("version", &version), ("intro", &intro), ("header", &header)])
        }
    };
    ws.merge_range(row, 0, row, 1, &intro, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&intro, README_LABEL_WIDTH + README_TEXT_WIDTH))?;
    row += 2;

    ws.write_string_with_format(row, 0, say("readme.sheets", &[], "Sheets".to_owned()), &styles.heading)?;
    row += 1;
    let about = match zh {
        None => format!(
            "{}, one field per row: field in column A, value in column B, notes in column C. Keep {} = {} and \
             format_version = {}.",
            layout.key_purpose,
            tidy::FORMAT_KEY,
            layout.format_name,
            layout.format_version
        ),
        Some(c) => c.text(
            "readme.key_sheet",
            &[("purpose", c.sheet(layout.key_sheet)), ("key", tidy::FORMAT_KEY), ("name", layout.format_name), ("version", &version)],
        ),
    };
    ws.write_string_with_format(row, 0, layout.key_sheet, &styles.heading)?;
    ws.write_string_with_format(row, 1, &about, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&about, README_TEXT_WIDTH))?;
    row += 1;
    for table in layout.tables {
        ws.write_string_with_format(row, 0, table.sheet, &styles.heading)?;
        let purpose = zh.map_or(table.purpose, |c| c.sheet(table.sheet));
        ws.write_string_with_format(row, 1, purpose, &styles.text)?;
        ws.set_row_height(row, wrapped_height(purpose, README_TEXT_WIDTH))?;
        row += 1;
    }
    row += 1;

    ws.write_string_with_format(row, 0, say("readme.how", &[], "How to fill in".to_owned()), &styles.heading)?;
    row += 1;
    let (header, units, first) = ((tidy::HEADER_ROW + 1).to_string(), (tidy::UNITS_ROW + 1).to_string(), (tidy::FIRST_DATA_ROW + 1).to_string());
    let units_extra = match (zh, layout.units_extra) {
        (Some(c), Some(_)) => c.text(&format!("{}.units_extra", layout.id), &[]),
        _ => String::new(),
    };
    // (id in the catalog, English label, English text, the catalog's placeholders)
    let rules: [Rule; 6] = [
        (
            "rows",
            "Rows",
            format!(
                "In the table sheets, row {} holds the column keys (point at a key to read its note), row {} the \
                 unit or a short note, and the data starts in row {}: one item per row. Empty rows are skipped; \
                 columns may be moved, and are found by their key.",
                tidy::HEADER_ROW + 1,
                tidy::UNITS_ROW + 1,
                tidy::FIRST_DATA_ROW + 1
            ),
            vec![("header", &header), ("units", &units), ("first", &first)],
        ),
        (
            "units",
            "Units",
            format!(
                "Where row {} shows a unit, the whole column is in that unit. To enter figures in another unit \
                 (kWh instead of MWh, say), pick it from the drop-down in row {}; cbam converts.{} Percentages are \
                 entered as numbers of per cent (95 for 95 %).",
                tidy::UNITS_ROW + 1,
                tidy::UNITS_ROW + 1,
                layout.units_extra.unwrap_or_default()
            ),
            vec![("units", &units), ("extra", &units_extra)],
        ),
        (
            "required",
            "Required",
            "Yellow marks what is required: yellow column keys must be filled in on every row, yellow About \
             fields must be given. The other columns are optional or needed only by some methods (see the notes)."
                .to_owned(),
            vec![("key_sheet", layout.key_sheet)],
        ),
        ("codes", "Codes", "Columns with a drop-down take only the codes listed; yes/no columns take yes or no.".to_owned(), vec![]),
        ("numbers", "Numbers", "Enter numbers as numbers, not as text; no thousands separators inside text.".to_owned(), vec![]),
        ("dates", "Dates", "Enter dates as date cells or as text YYYY-MM-DD.".to_owned(), vec![]),
    ];
    for (id, label, text, values) in rules {
        let required = id == "required";
        let (label, text) = match zh {
            None => (label.to_owned(), text),
            Some(c) => (c.text(&format!("readme.{id}.label"), &[]), c.text(&format!("readme.{id}"), &values)),
        };
        ws.write_string_with_format(row, 0, &label, &styles.heading)?;
        let format = if required { &styles.required_text } else { &styles.text };
        ws.write_string_with_format(row, 1, &text, format)?;
        ws.set_row_height(row, wrapped_height(&text, README_TEXT_WIDTH))?;
        row += 1;
    }
    Ok(())
}

/// One rule of "How to fill in": its id in the catalog, the English label and text, and the
/// values of the catalog's placeholders.
type Rule<'a> = (&'a str, &'a str, String, Vec<(&'a str, &'a str)>);

const README_LABEL_WIDTH: usize = 18;
const README_TEXT_WIDTH: usize = 110;

/// Height in points of a row whose wrapped text fills a cell `width` characters wide (spreadsheet
/// programs do not grow rows for wrapped text written by a program).
fn wrapped_height(text: &str, width: usize) -> f64 {
    let per_line = width.saturating_sub(10).max(10);
    let lines: usize = text.lines().map(|l| display_width(l).div_ceil(per_line).max(1)).sum();
    15.0 * lines.max(1) as f64
}
