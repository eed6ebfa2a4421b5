//! A sheet's rows handed over one at a time ([`Rows`]): an xlsx sheet parsed as its rows are
//! asked for (our own scan of its XML, or calamine's cell reader where the scan stops), an ods or
//! xls sheet from memory.

use super::*;

impl Book {
    /// The rows of one sheet, handed over one at a time: an xlsx sheet is parsed as the rows are
    /// asked for and never held whole (within [`MAX_ROWS`], [`MAX_COLUMNS`] and
    /// [`MAX_TEXT_CHARS`]); an ods or xls sheet is read whole ([`Book::sheet`]) and its rows
    /// handed over from memory.
    pub fn rows<'a>(&'a mut self, name: &'a str) -> Result<Box<dyn Rows + 'a>, Diagnostic> {
        if !self.has_sheet(name) {
            return Err(Diagnostic::error(DiagCode::InputMissingSheet, Some(Location::File(self.path.clone())), format!("the workbook has no sheet '{name}'")));
        }
        if !matches!(self.inner, Inner::Xlsx(..)) {
            return Ok(Box::new(GridRows { grid: self.sheet(name)?, next: 0 }));
        }
        let Inner::Xlsx(book, bytes, zip) = &mut self.inner else { unreachable!("matched above") };
        // The fast reader where the sheet is as it expects; calamine otherwise, and from where
        // the fast reader stops.
        let zip = zip.insert(zip::ZipArchive::new(Cursor::new(bytes.clone())).map_err(|_| damaged_sheet(name))?);
        let fast = guarded(move || {
            let parts = crate::read::xlsx_parts::Parts::read(zip, name)?;
            let part = zip.by_name(&parts.sheet_path).ok()?;
            Some(FastCells::new(Box::new(part), parts))
        });
        let mut rows =
            XlsxRows { source: Source::Done, book: Some(book), limits: SheetLimits::streamed(name), sheet: name.into(), pending: None, last_row: None };
        rows.source = match fast {
            Ok(Some(f)) => Source::Fast(f),
            _ => rows.calamine(0)?,
        };
        Ok(Box::new(rows))
    }
}

pub(super) fn damaged_sheet(name: &str) -> Diagnostic {
    Diagnostic::error(DiagCode::InputCorruptSheet, Some(Location::Sheet(name.to_string())), "this sheet cannot be read; the file may be damaged")
}

/// A table's rows, handed over one at a time as its file is read: an imports reader consumes
/// them without the whole table being held. Rows that hold nothing are not handed over.
pub trait Rows {
    /// The next row that holds a cell: fills `cells` with its cells by 0-based column, ascending,
    /// one per column, and returns its 0-based index (a sheet's row; a CSV file's record), or
    /// `None` after the last row. Problems that spoil only this row are pushed to `diags` and the
    /// row is passed over; `Err` is a problem after which the table cannot be read on.
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, diags: &mut Diagnostics) -> Result<Option<u32>, Diagnostic>;
    /// [`Rows::next_row`], where a source reading text hands over the text of a field of kind
    /// [`FieldKind::Code`] as `(column, start, end)` in `spans`, appended to `text`, rather than
    /// as a `String` of its own in `cells` (a year of customs lines has millions). Others hand
    /// over every cell in `cells`.
    fn next_row_text(
        &mut self,
        cells: &mut Vec<(u32, Value)>,
        text: &mut String,
        spans: &mut Vec<TextSpan>,
        diags: &mut Diagnostics,
    ) -> Result<Option<u32>, Diagnostic> {
        let _ = text;
        spans.clear();
        self.next_row(cells, diags)
    }
    /// A cell of the row last handed over (of a sheet: any cell).
    fn cell(&self, row: u32, col: u32) -> CellRef;
    /// Where the cells of the row last handed over are, kept apart from the source: rows can be
    /// checked elsewhere (on another thread) while the source reads on.
    fn place(&self) -> RowPlace;
    /// The value of a cell of a number column, as the file writes numbers. A sheet has number
    /// cells and gives its cells as they are; a text file has only text.
    fn number(&self, v: Value) -> Value {
        v
    }
    /// The value of a cell of a date column: a sheet has date cells; a text file's ISO date
    /// (`YYYY-MM-DD`) is read here, by the thread reading the rows, anything else is left as text
    /// for the field check to judge.
    fn date(&self, v: Value) -> Value {
        v
    }
    /// What the fields of each column hold (by 0-based column), for a source that reads numbers
    /// and dates from text: it then converts them as it reads, without a copy of the text.
    fn field_kinds(&mut self, _kinds: Vec<FieldKind>) {}
    /// About how many rows are left to read, where the source can tell (a text file: its bytes
    /// left over the bytes per row so far): what the lines' vector reserves.
    fn rows_left(&self) -> Option<usize> {
        None
    }
}

/// A text field handed over by [`Rows::next_row_text`]: its column, and where its text starts and
/// ends in the text it was appended to.
pub type TextSpan = (u32, u32, u32);

/// What a column holds, for a source that reads text ([`Rows::field_kinds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text a line keeps (a `String` each).
    Text,
    /// Text only read to check or parse it (a CN code, a country, a code of a list): handed over
    /// as a span of the batch's text by [`Rows::next_row_text`], without a `String` of its own.
    Code,
    /// A number.
    Number,
    /// A date.
    Date,
}

/// Where the cells of one row are, given the sheet (or file) they lie on: a sheet's row, or a
/// CSV record with the line each field starts on (one line for a record without a line break in
/// a quoted field). It holds no name: a thread checking rows names them with its own copy, and
/// shares no reference count with the thread reading them.
#[derive(Debug, Clone)]
pub struct RowPlace {
    text: bool,
    line: u32,
    /// A record spanning lines: the line of each field.
    lines: Option<Box<[u32]>>,
}

impl RowPlace {
    /// A row of a sheet.
    pub fn sheet() -> RowPlace {
        RowPlace { text: false, line: 0, lines: None }
    }

    /// A record of a text file starting on `line`, with the line of each field where they differ.
    pub fn text(line: u32, lines: Option<Box<[u32]>>) -> RowPlace {
        RowPlace { text: true, line, lines }
    }

    /// Whether the row is a record of a text file.
    pub fn is_text(&self) -> bool {
        self.text
    }

    /// The row (a text file's line) and column of column `col` of row `row`: [`RowPlace::cell`]
    /// without the sheet's name.
    pub fn position(&self, row: u32, col: u32) -> (u32, u32) {
        if !self.text {
            return (row, col);
        }
        (self.lines.as_ref().and_then(|l| l.get(col as usize).or(l.last()).copied()).unwrap_or(self.line), col)
    }

    /// The cell of column `col` of row `row` of `sheet`; in a text file, the field `col` of the
    /// record (past the last field, the last field's line).
    pub fn cell(&self, sheet: &std::sync::Arc<str>, row: u32, col: u32) -> CellRef {
        if !self.text {
            return CellRef::new(sheet.clone(), row, col);
        }
        let line = self.lines.as_ref().and_then(|l| l.get(col as usize).or(l.last()).copied()).unwrap_or(self.line);
        CellRef::in_text(sheet.clone(), line, col)
    }
}

/// Where an xlsx sheet's cells come from.
pub(super) enum Source<'a> {
    Fast(FastCells<'a>),
    Calamine(Box<XlsxCellReader<'a, Cursor<Shared>>>),
    /// Past the last cell, or a sheet without cells (a chart sheet).
    Done,
}

/// An xlsx sheet parsed as its rows are asked for.
pub(super) struct XlsxRows<'a> {
    source: Source<'a>,
    /// calamine's workbook, until it reads the sheet.
    book: Option<&'a mut Xlsx<Cursor<Shared>>>,
    limits: SheetLimits<'a>,
    /// The sheet's name, shared by the cells it makes.
    sheet: std::sync::Arc<str>,
    /// The first cell of the next row, read with the last cell of the row before.
    pending: Option<(u32, u32, Value)>,
    last_row: Option<u32>,
}

impl<'a> XlsxRows<'a> {
    /// calamine's reader of the sheet, past the first `skip` cells (those the fast reader read).
    fn calamine(&mut self, skip: u64) -> Result<Source<'a>, Diagnostic> {
        let sheet = self.limits.sheet;
        let Some(book) = self.book.take() else { return Err(damaged_sheet(sheet)) };
        let mut reader = match guarded(|| book.worksheet_cells_reader(sheet)) {
            Ok(Ok(r)) => r,
            // A chart sheet or dialog sheet: no cells.
            Ok(Err(XlsxError::NotAWorksheet(_))) if skip == 0 => return Ok(Source::Done),
            _ => return Err(damaged_sheet(sheet)),
        };
        for _ in 0..skip {
            if !matches!(guarded(|| reader.next_cell()), Ok(Ok(Some(_)))) {
                return Err(damaged_sheet(sheet));
            }
        }
        Ok(Source::Calamine(Box::new(reader)))
    }

    /// The next cell that holds something, within the limits.
    fn next_cell(&mut self) -> Result<Option<(u32, u32, Value)>, Diagnostic> {
        let sheet = self.limits.sheet;
        loop {
            if let Source::Fast(fast) = &mut self.source {
                match guarded(|| fast.next_cell()) {
                    Ok(Ok(Some((_, _, Value::Empty)))) => {}
                    Ok(Ok(Some((row, col, value)))) => {
                        let text = match &value {
                            Value::Text(t) => Some(t.as_str()),
                            _ => None,
                        };
                        self.limits.check(row, col, text)?;
                        return Ok(Some((row, col, value)));
                    }
                    Ok(Ok(None)) => {
                        self.source = Source::Done;
                        return Ok(None);
                    }
                    Ok(Err(_)) | Err(_) => {
                        let skip = fast.consumed;
                        self.source = self.calamine(skip)?;
                    }
                }
                continue;
            }
            let Source::Calamine(reader) = &mut self.source else { return Ok(None) };
            // calamine may panic on a damaged sheet: guarded, that is a damaged sheet too.
            let cell = match guarded(|| reader.next_cell()) {
                Ok(Ok(Some(c))) => c,
                Ok(Ok(None)) => {
                    // The end of the sheet's data: calamine must not be asked again.
                    self.source = Source::Done;
                    return Ok(None);
                }
                _ => return Err(damaged_sheet(sheet)),
            };
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) {
                continue;
            }
            let text = ref_text(value);
            let (row, col) = cell.get_position();
            self.limits.check(row, col, text)?;
            return Ok(Some((row, col, convert_ref(value))));
        }
    }
}

impl Rows for XlsxRows<'_> {
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, _: &mut Diagnostics) -> Result<Option<u32>, Diagnostic> {
        cells.clear();
        let mut row = None;
        loop {
            let next = match self.pending.take() {
                Some(c) => Some(c),
                None => self.next_cell()?,
            };
            let Some((r, c, v)) = next else { break };
            match row {
                None => row = Some(r),
                Some(current) if r == current => {}
                Some(_) => {
                    self.pending = Some((r, c, v));
                    break;
                }
            }
            cells.push((c, v));
        }
        let Some(row) = row else { return Ok(None) };
        // Rows come in order in every file a spreadsheet program writes; a row before one already
        // read (a damaged file) would be read twice or out of place.
        if self.last_row.is_some_and(|last| row <= last) {
            return Err(damaged_sheet(self.limits.sheet));
        }
        self.last_row = Some(row);
        sort_row(cells);
        Ok(Some(row))
    }

    fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(self.sheet.clone(), row, col)
    }

    fn place(&self) -> RowPlace {
        RowPlace::sheet()
    }
}

/// A row's cells by column; of two cells in one column (a damaged file) the later one counts.
pub(super) fn sort_row(cells: &mut Vec<(u32, Value)>) {
    if cells.windows(2).all(|w| w[0].0 < w[1].0) {
        return;
    }
    cells.sort_by_key(|(c, _)| *c);
    cells.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
}

/// The rows of a sheet read whole.
pub(super) struct GridRows {
    grid: Grid,
    next: u32,
}

impl Rows for GridRows {
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, _: &mut Diagnostics) -> Result<Option<u32>, Diagnostic> {
        cells.clear();
        while self.next < self.grid.end_row() {
            let row = self.next;
            self.next += 1;
            cells.extend(self.grid.row_cells(row).iter().map(|((_, c), d)| (*c, convert(d))).filter(|(_, v)| *v != Value::Empty));
            if !cells.is_empty() {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    fn cell(&self, row: u32, col: u32) -> CellRef {
        self.grid.cell(row, col)
    }

    fn place(&self) -> RowPlace {
        RowPlace::sheet()
    }
}
