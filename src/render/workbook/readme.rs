//! The ReadMe sheet of the workbooks: what the workbook is, one line per sheet, how units work.

use rust_xlsxwriter::Worksheet;

use super::{Layout, README_SHEET, Styles, WorkbookError};
use crate::format::tidy;

pub(super) fn write_readme(ws: &mut Worksheet, styles: &Styles, layout: &Layout) -> Result<(), WorkbookError> {
    ws.set_name(README_SHEET)?;
    ws.set_column_width(0, README_LABEL_WIDTH as f64)?;
    ws.set_column_width(1, README_TEXT_WIDTH as f64)?;
    let mut row = 0u32;
    ws.write_string_with_format(row, 0, layout.title, &styles.title)?;
    row += 1;
    let intro = format!("Format {} version {}. {} Do not rename the sheets or the keys in row 1.", layout.format_name, layout.format_version, layout.intro);
    ws.merge_range(row, 0, row, 1, &intro, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&intro, README_LABEL_WIDTH + README_TEXT_WIDTH))?;
    row += 2;

    ws.write_string_with_format(row, 0, "Sheets", &styles.heading)?;
    row += 1;
    let about = format!(
        "{}, one field per row: field in column A, value in column B, notes in column C. Keep {} = {} and \
         format_version = {}.",
        layout.key_purpose,
        tidy::FORMAT_KEY,
        layout.format_name,
        layout.format_version
    );
    ws.write_string_with_format(row, 0, layout.key_sheet, &styles.heading)?;
    ws.write_string_with_format(row, 1, &about, &styles.text)?;
    ws.set_row_height(row, wrapped_height(&about, README_TEXT_WIDTH))?;
    row += 1;
    for table in layout.tables {
        ws.write_string_with_format(row, 0, table.sheet, &styles.heading)?;
        ws.write_string_with_format(row, 1, table.purpose, &styles.text)?;
        ws.set_row_height(row, wrapped_height(table.purpose, README_TEXT_WIDTH))?;
        row += 1;
    }
    row += 1;

    ws.write_string_with_format(row, 0, "How to fill in", &styles.heading)?;
    row += 1;
    let rules: [(&str, String); 6] = [
        (
            "Rows",
            format!(
                "In the table sheets, row {} holds the column keys (point at a key to read its note), row {} the \
                 unit or a short note, and the data starts in row {}: one item per row. Empty rows are skipped; \
                 columns may be moved, and are found by their key.",
                tidy::HEADER_ROW + 1,
                tidy::UNITS_ROW + 1,
                tidy::FIRST_DATA_ROW + 1
            ),
        ),
        (
            "Units",
            format!(
                "Where row {} shows a unit, the whole column is in that unit. To enter figures in another unit \
                 (kWh instead of MWh, say), pick it from the drop-down in row {}; cbam converts.{} Percentages are \
                 entered as numbers of per cent (95 for 95 %).",
                tidy::UNITS_ROW + 1,
                tidy::UNITS_ROW + 1,
                layout.units_extra.unwrap_or_default()
            ),
        ),
        (
            "Required",
            "Yellow marks what is required: yellow column keys must be filled in on every row, yellow About \
             fields must be given. The other columns are optional or needed only by some methods (see the notes)."
                .to_owned(),
        ),
        ("Codes", "Columns with a drop-down take only the codes listed; yes/no columns take yes or no.".to_owned()),
        ("Numbers", "Enter numbers as numbers, not as text; no thousands separators inside text.".to_owned()),
        ("Dates", "Enter dates as date cells or as text YYYY-MM-DD.".to_owned()),
    ];
    for (label, text) in rules {
        ws.write_string_with_format(row, 0, label, &styles.heading)?;
        let format = if label == "Required" { &styles.required_text } else { &styles.text };
        ws.write_string_with_format(row, 1, &text, format)?;
        ws.set_row_height(row, wrapped_height(&text, README_TEXT_WIDTH))?;
        row += 1;
    }
    Ok(())
}

const README_LABEL_WIDTH: usize = 18;
const README_TEXT_WIDTH: usize = 110;

/// Height in points of a row whose wrapped text fills a cell `width` characters wide (spreadsheet
/// programs do not grow rows for wrapped text written by a program).
fn wrapped_height(text: &str, width: usize) -> f64 {
    let per_line = width.saturating_sub(10).max(10);
    let lines: usize = text.lines().map(|l| l.chars().count().div_ceil(per_line).max(1)).sum();
    15.0 * lines.max(1) as f64
}
