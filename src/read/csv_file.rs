//! A CSV file of a table (RFC 4180, UTF-8) handed over row by row like a sheet
//! ([`super::workbook::Rows`]): the header line names the columns by their keys, one record per
//! row after it. A record on one line without a quote, as nearly all are, is split at its
//! separators where it lies; any other is parsed by `csv-core` (the `csv` crate's parser). This
//! module adds what a user needs to find a problem: the line and field of every value (a quoted
//! field may span lines), the separator told from the header, decimal commas, and refusals of
//! what the parser would read silently (a stray quote, a record with more fields than the
//! header, bytes that are not UTF-8).

use super::workbook::{FieldKind, RowPlace, Rows, SheetLimits, TextSpan};
use crate::model::DiagCode;
use crate::model::{CellRef, Diagnostic, Diagnostics, Location};
use crate::validate::Value;
use crate::validate::fields::dec_from_text;

/// The largest CSV file read (`input.too_large`): 256 MiB. A year of 400,000 customs lines
/// written with every column is about 60 MB; 1,048,576 lines (the row limit, Excel's maximum)
/// of 250 bytes each fit. The file is held in memory while it is read.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// The separators a CSV file may use: comma, or semicolon (the export of a spreadsheet program
/// set to a decimal comma).
const SEPARATORS: [u8; 2] = [b',', b';'];

/// Whether a file's name says it is CSV (`.csv`, in any case).
pub fn is_csv_name(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The rows of a CSV file.
pub struct CsvRows<'a> {
    /// The file as given, for messages.
    name: &'a str,
    /// The same, shared by the cells it makes.
    shared: std::sync::Arc<str>,
    /// The file's text when all of it is UTF-8, as a file saved as CSV UTF-8 is: its fields are
    /// then slices of it, checked once. Empty otherwise.
    text: String,
    /// The file's bytes when they are not all UTF-8 (each field is then checked). Empty otherwise.
    bytes: Vec<u8>,
    /// Where the next record starts, and its line (0-based).
    pos: usize,
    line: u32,
    /// The parser of records holding a quote (or a lone carriage return), and of the first record;
    /// the others are split where they lie.
    core: csv_core::Reader,
    /// The fields of a record the parser read (quotes removed), and where each ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The fields of the record last read: byte ranges of the file's text, or of `out` when
    /// `parsed`.
    fields: Vec<(usize, usize)>,
    parsed: bool,
    /// The bytes that end a field or need the parser, by value: the separator, a quote, a
    /// carriage return, a line feed.
    special: [bool; 256],
    separator: u8,
    /// Fields of the header line: a record may have no more.
    header_fields: usize,
    /// Records read so far (the header is record 0).
    records: u32,
    /// 0-based line on which each field of the record last handed over starts.
    field_lines: Vec<u32>,
    /// Byte offset of each field in the record's raw text (kept to reuse its allocation).
    starts: Vec<usize>,
    limits: SheetLimits<'a>,
    /// What each field (by position) holds, where the table said: read as a number or a date
    /// straight from the record's text.
    kinds: Vec<FieldKind>,
}

fn csv_error(at: &CellRef, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::at(DiagCode::InputCsv, at, msg)
}

impl<'a> CsvRows<'a> {
    /// Opens the CSV text `bytes` of the file `name`, whose header line should name some of `keys`
    /// (compared after `key_of`): the separator is the one that splits the header into more known
    /// keys.
    pub fn open(name: &'a str, mut bytes: Vec<u8>, keys: &[&str], key_of: impl Fn(&str) -> Option<String>) -> Result<CsvRows<'a>, Diagnostic> {
        let file = || Some(Location::File(name.to_string()));
        if bytes.len() as u64 > MAX_CSV_BYTES {
            return Err(Diagnostic::error(
                DiagCode::InputTooLarge,
                file(),
                format!("the file is {} bytes; the limit for a CSV file is {} bytes", grouped(bytes.len() as u64), grouped(MAX_CSV_BYTES)),
            ));
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Diagnostic::error(DiagCode::InputCsv, file(), "the file is empty: expected a header line of column keys, then one line per row")
                .hint(format!("the header line names the columns, e.g. {}", keys.iter().take(6).copied().collect::<Vec<_>>().join(","))));
        }
        let header_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
        let separator = separator(&bytes[..header_end], keys, &key_of).map_err(|msg| {
            Diagnostic::at(DiagCode::InputCsv, &CellRef::in_text(name, 0, 0), msg)
                .hint(format!("separate the column keys with commas or with semicolons, e.g. {}", keys.iter().take(4).copied().collect::<Vec<_>>().join(",")))
        })?;
        // One check of the whole file rather than one per field.
        let (text, bytes) = match String::from_utf8(bytes) {
            Ok(text) => (text, Vec::new()),
            Err(e) => (String::new(), e.into_bytes()),
        };
        Ok(CsvRows {
            name,
            shared: name.into(),
            text,
            bytes,
            pos: 0,
            line: 0,
            core: csv_core::ReaderBuilder::new().delimiter(separator).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            fields: Vec::new(),
            parsed: false,
            special: std::array::from_fn(|b| [separator, b'"', b'\r', b'\n'].contains(&(b as u8))),
            separator,
            header_fields: 0,
            records: 0,
            field_lines: Vec::new(),
            starts: Vec::new(),
            limits: SheetLimits::streamed(name),
            kinds: Vec::new(),
        })
    }

    fn at(&self, line: u32, field: usize) -> CellRef {
        CellRef::in_text(self.shared.clone(), line, field as u32)
    }
}

/// The separator that splits `header` into more of `keys` than the other; an explanation when
/// none does.
fn separator(header: &[u8], keys: &[&str], key_of: &impl Fn(&str) -> Option<String>) -> Result<u8, String> {
    let known = |sep: u8| -> usize {
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(header);
        let mut rec = csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => rec.iter().filter(|f| key_of(f).is_some_and(|k| keys.contains(&k.as_str()))).count(),
            _ => 0,
        }
    };
    let counts = SEPARATORS.map(known);
    match counts {
        [c, s] if c > s => Ok(b','),
        [c, s] if s > c => Ok(b';'),
        [0, 0] => Err("expected a header line of column keys separated by commas or semicolons; this line names no known column either way".to_string()),
        [n, _] => Err(format!("cannot tell the separator: the header line names {n} known column key(s) split at commas and as many split at semicolons")),
    }
}

/// A number of a CSV field: digits with a decimal point or a decimal comma (`12.5`, `12,5`), an
/// optional leading minus; no thousands separators, no exponent. `None` for anything else.
pub fn csv_number(text: &str) -> Option<crate::model::Dec> {
    if let Some(d) = plain_decimal(text.as_bytes()) {
        return Some(d);
    }
    let t = text.trim();
    if t.contains(',') && !t.contains('.') && t.matches(',').count() == 1 {
        return dec_from_text(&t.replace(',', "."));
    }
    dec_from_text(t)
}

/// A number written as most CSV numbers are, up to 19 digits with or without a point between
/// them (`1.500`, `42`): read without the general parser, to the same value and scale. `None`
/// for anything else (the general parser then judges it).
fn plain_decimal(b: &[u8]) -> Option<crate::model::Dec> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let (mut m, mut scale) = (0u64, None);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => m = m * 10 + u64::from(c - b'0'),
            b'.' if scale.is_none() && i > 0 && i + 1 < b.len() => scale = Some((b.len() - i - 1) as u32),
            _ => return None,
        }
    }
    Some(crate::model::Dec::from_i128_with_scale(i128::from(m), scale.unwrap_or(0)))
}

/// Where each field of a record starts in its raw bytes, checked against the fields the parser
/// read: a field either holds no quote and stands as it is, or is enclosed in quotes with each
/// quote inside it doubled, and is followed by the separator or the end of the record.
/// `Err((field, offset, what))` for the first field that is not so.
fn field_starts<'f>(raw: &[u8], fields: impl Iterator<Item = &'f [u8]>, sep: u8, starts: &mut Vec<usize>) -> Result<(), (usize, usize, &'static str)> {
    starts.clear();
    let mut p = 0;
    for (i, field) in fields.enumerate() {
        starts.push(p);
        if raw.get(p) == Some(&b'"') {
            let mut q = p + 1;
            for &b in field {
                let doubled = b == b'"' && raw.get(q + 1) == Some(&b'"');
                match raw.get(q) {
                    Some(&r) if r == b && (b != b'"' || doubled) => q += if doubled { 2 } else { 1 },
                    Some(b'"') => return Err((i, q, "a quote ends this quoted field before its separator (a quote inside a quoted field is written twice)")),
                    _ => return Err((i, q, "this quoted field is not closed")),
                }
            }
            if raw.get(q) != Some(&b'"') {
                return Err((i, p, "this quoted field is not closed"));
            }
            p = q + 1;
        } else {
            if let Some(k) = field.iter().position(|&b| b == b'"') {
                return Err((i, p + k, "a quote inside a field that does not start with one"));
            }
            p += field.len();
        }
        match raw.get(p) {
            Some(&b) if b == sep => p += 1,
            None | Some(b'\r' | b'\n') => {}
            Some(_) => return Err((i, p, "text after the closing quote of this field")),
        }
    }
    Ok(())
}

impl Rows for CsvRows<'_> {
    fn next_row(&mut self, cells: &mut Vec<(u32, Value)>, diags: &mut Diagnostics) -> Result<Option<u32>, Diagnostic> {
        let mut starts = std::mem::take(&mut self.starts);
        let found = self.next_record(cells, None, diags, &mut starts);
        self.starts = starts;
        found
    }

    fn next_row_text(
        &mut self,
        cells: &mut Vec<(u32, Value)>,
        text: &mut String,
        spans: &mut Vec<TextSpan>,
        diags: &mut Diagnostics,
    ) -> Result<Option<u32>, Diagnostic> {
        let mut starts = std::mem::take(&mut self.starts);
        let found = self.next_record(cells, Some((text, spans)), diags, &mut starts);
        self.starts = starts;
        found
    }

    fn cell(&self, _row: u32, col: u32) -> CellRef {
        let line = self.field_lines.get(col as usize).or(self.field_lines.last()).copied().unwrap_or(0);
        self.at(line, col as usize)
    }

    fn place(&self) -> RowPlace {
        let first = self.field_lines.first().copied().unwrap_or(0);
        let spans = self.field_lines.iter().any(|&l| l != first);
        RowPlace::text(first, spans.then(|| self.field_lines.as_slice().into()))
    }

    /// Numbers are text in a CSV file: a plain decimal, with a point or a comma, is a number.
    fn number(&self, v: Value) -> Value {
        match &v {
            Value::Text(t) => csv_number(t).map_or(v, Value::Decimal),
            _ => v,
        }
    }

    fn date(&self, v: Value) -> Value {
        match &v {
            Value::Text(t) => crate::validate::fields::iso_date(t.trim()).map_or(v, Value::Date),
            _ => v,
        }
    }

    fn field_kinds(&mut self, kinds: Vec<FieldKind>) {
        self.kinds = kinds;
    }

    fn rows_left(&self) -> Option<usize> {
        let read = self.pos;
        let total = self.data().len();
        let per_row = read.checked_div(self.records.max(1) as usize)?.max(1);
        Some(total.saturating_sub(read) / per_row)
    }
}

impl CsvRows<'_> {
    /// The file's bytes.
    fn data(&self) -> &[u8] {
        if self.bytes.is_empty() { self.text.as_bytes() } else { &self.bytes }
    }

    /// Reads the next record's fields into `fields` (and `out`, when parsed): `None` at the end of
    /// the file. A record on one line without a quote nor a lone carriage return, the usual case,
    /// is split at its separators where it lies; any other is read by the parser, as is the first
    /// (which strips a second byte order mark, as it would).
    fn split_record(&mut self) -> Option<(usize, u32)> {
        let data: &[u8] = if self.bytes.is_empty() { self.text.as_bytes() } else { &self.bytes };
        while self.records > 0 && self.pos < data.len() {
            let (start, line) = (self.pos, self.line);
            self.fields.clear();
            let (mut f, mut i) = (start, start);
            // Where the record's text ends and the next record starts; `None`: the parser's.
            let ends = loop {
                let Some(&b) = data.get(i) else { break Some((i, i)) };
                if !self.special[b as usize] {
                    i += 1;
                    continue;
                }
                match b {
                    b'\n' => break Some((i, i + 1)),
                    b'\r' if data.get(i + 1) == Some(&b'\n') => break Some((i, i + 2)),
                    // A quote, or a carriage return not ending the line.
                    b'"' | b'\r' => break None,
                    _ => {
                        self.fields.push((f, i));
                        i += 1;
                        f = i;
                    }
                }
            };
            let Some((end, after)) = ends else { break };
            self.pos = after;
            if after > end {
                self.line += 1;
            }
            if end == start {
                // A blank line: no record.
                continue;
            }
            self.fields.push((f, end));
            self.parsed = false;
            return Some((start, line));
        }
        // The parser, from the start of the record (or the blank lines before it).
        let start = self.pos;
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            let (res, nin, nout, nend) = self.core.read_record(&data[self.pos..], &mut self.out[outlen..], &mut self.ends[endlen..]);
            self.pos += nin;
            outlen += nout;
            endlen += nend;
            match res {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => return None,
            }
        }
        let line = self.line;
        self.line += data[start..self.pos].iter().filter(|&&b| b == b'\n').count() as u32;
        self.fields.clear();
        let mut f = 0;
        for &e in &self.ends[..endlen] {
            self.fields.push((f, e));
            f = e;
        }
        self.parsed = true;
        Some((start, line))
    }

    /// The next record's fields as [`Rows::next_row`] hands them over, or, given `sink`, as
    /// [`Rows::next_row_text`] does.
    fn next_record(
        &mut self,
        cells: &mut Vec<(u32, Value)>,
        mut sink: Option<(&mut String, &mut Vec<TextSpan>)>,
        diags: &mut Diagnostics,
        starts: &mut Vec<usize>,
    ) -> Result<Option<u32>, Diagnostic> {
        let mark = sink.as_ref().map_or(0, |(t, _)| t.len());
        loop {
            cells.clear();
            if let Some((text, spans)) = &mut sink {
                text.truncate(mark);
                spans.clear();
            }
            let Some((start, mut line)) = self.split_record() else { return Ok(None) };
            let index = self.records;
            self.records += 1;
            let n = self.fields.len();
            self.field_lines.clear();
            if !self.parsed {
                // A record split where it lies holds no quote: none can be astray, and it lies on
                // one line.
                self.field_lines.resize(n, line);
            } else {
                let data: &[u8] = if self.bytes.is_empty() { self.text.as_bytes() } else { &self.bytes };
                let raw = &data[start..self.pos];
                // Blank lines before the record are part of what the parser read for it.
                let skip = raw.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
                line += raw[..skip].iter().filter(|&&b| b == b'\n').count() as u32;
                let raw = &raw[skip..];
                let line_at = |offset: usize| line + raw[..offset.min(raw.len())].iter().filter(|&&b| b == b'\n').count() as u32;
                if !raw.contains(&b'"') {
                    self.field_lines.resize(n, line);
                } else {
                    let out = &self.out;
                    if let Err((field, offset, what)) = field_starts(raw, self.fields.iter().map(|&(a, b)| &out[a..b]), self.separator, starts) {
                        diags.push(csv_error(&self.at(line_at(offset), field), format!("a stray quote: {what}; the record is not read")).hint(
                            "enclose a field that holds a quote, a separator or a line break in double quotes, and write each quote inside it twice (\"\")",
                        ));
                        continue;
                    }
                    let body = raw.iter().rposition(|&b| b != b'\r' && b != b'\n').map_or(0, |i| i + 1);
                    if raw[..body].contains(&b'\n') {
                        self.field_lines.extend(starts.iter().map(|&s| line_at(s)));
                    } else {
                        self.field_lines.resize(starts.len(), line);
                    }
                }
            }
            if index == 0 {
                self.header_fields = n;
            } else if n > self.header_fields {
                let h = self.header_fields;
                let mut d = csv_error(&self.at(self.field_lines[h], h), format!("this record has {n} fields; the header line has {h}: the record is not read"));
                if self.separator == b',' {
                    d = d.hint("in a comma-separated file a number with a decimal comma must be quoted (\"12,5\"), or written with a decimal point (12.5); so must any text holding a comma");
                } else {
                    d = d.hint("a text holding a semicolon must be quoted");
                }
                diags.push(d);
                continue;
            }
            let mut bad = false;
            let checked = !self.parsed && self.bytes.is_empty();
            let buf: &[u8] = if self.parsed {
                &self.out
            } else if self.bytes.is_empty() {
                self.text.as_bytes()
            } else {
                &self.bytes
            };
            for (i, &(a, b)) in self.fields.iter().enumerate() {
                if a == b {
                    continue;
                }
                // Split at ASCII bytes of UTF-8 text: a slice of it is UTF-8.
                let text = match if checked { self.text.get(a..b).ok_or(()) } else { std::str::from_utf8(&buf[a..b]).map_err(|_| ()) } {
                    Ok(t) => t,
                    Err(()) => {
                        diags.push(
                            Diagnostic::at(
                                DiagCode::InputEncoding,
                                &CellRef::in_text(self.shared.clone(), self.field_lines[i], i as u32),
                                "expected UTF-8 text, found bytes that are not; the record is not read",
                            )
                            .hint("save the file as CSV UTF-8 (in Excel: File → Save As → CSV UTF-8)"),
                        );
                        bad = true;
                        break;
                    }
                };
                let (name, l) = (self.name, self.field_lines[i]);
                self.limits.check_at(index, i as u32, Some(text), || CellRef::in_text(name, l, i as u32))?;
                let kind = self.kinds.get(i).copied().unwrap_or(FieldKind::Text);
                if let (FieldKind::Code, Some((buf, spans))) = (kind, &mut sink) {
                    let at = buf.len() as u32;
                    buf.push_str(text);
                    spans.push((i as u32, at, buf.len() as u32));
                    continue;
                }
                let value = match kind {
                    FieldKind::Number => csv_number(text).map_or_else(|| Value::Text(text.to_string()), Value::Decimal),
                    FieldKind::Date => crate::validate::fields::iso_date(text.trim()).map_or_else(|| Value::Text(text.to_string()), Value::Date),
                    FieldKind::Text | FieldKind::Code => Value::Text(text.to_string()),
                };
                cells.push((i as u32, value));
            }
            if bad || (cells.is_empty() && sink.as_ref().is_none_or(|(_, spans)| spans.is_empty())) {
                continue;
            }
            return Ok(Some(index));
        }
    }
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["release_date", "cn_code", "net_mass", "origin_country"];

    fn key(t: &str) -> Option<String> {
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_ascii_lowercase().replace(' ', "_"))
    }

    /// Each record: its index, its cells, and the place of each cell; then the diagnostics.
    type Read = (Vec<(u32, Vec<(u32, Value)>, Vec<String>)>, Vec<String>);

    fn rows(text: &str) -> Read {
        let mut r = CsvRows::open("f.csv", text.as_bytes().to_vec(), KEYS, key).unwrap();
        let mut diags = Diagnostics::new();
        let mut out = Vec::new();
        let mut cells = Vec::new();
        while let Some(i) = r.next_row(&mut cells, &mut diags).unwrap() {
            let at: Vec<String> = cells.iter().map(|(c, _)| r.cell(i, *c).to_string()).collect();
            out.push((i, cells.clone(), at));
        }
        (out, diags.into_sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn the_separator_is_the_one_that_splits_the_header_into_known_keys() {
        let k = |h: &str| separator(h.as_bytes(), KEYS, &key);
        assert_eq!(k("release_date,cn_code,net_mass"), Ok(b','));
        assert_eq!(k("release_date;cn_code;net_mass"), Ok(b';'));
        // Header cells may hold the other separator inside quotes.
        assert_eq!(k("\"release_date\";\"cn_code\";\"a, b\""), Ok(b';'));
        assert_eq!(k("Release Date;CN Code"), Ok(b';'));
        assert!(k("release_date").unwrap_err().starts_with("cannot tell the separator"));
        assert!(k("a,b;c").unwrap_err().contains("names no known column"));
    }

    #[test]
    fn numbers_take_a_decimal_point_or_a_decimal_comma_and_nothing_else() {
        let n = |t: &str| csv_number(t).map(|d| d.to_string());
        assert_eq!(n("12.5").as_deref(), Some("12.5"));
        assert_eq!(n(" 0,98 ").as_deref(), Some("0.98"));
        assert_eq!(n("-3,25").as_deref(), Some("-3.25"));
        assert_eq!(n("1200").as_deref(), Some("1200"));
        assert_eq!(n("1.234,5"), None, "thousands separator");
        assert_eq!(n("1,234.5"), None, "thousands separator");
        assert_eq!(n("1,2,3"), None);
        assert_eq!(n("1e3"), None);
        assert_eq!(n("12 t"), None);
    }

    #[test]
    fn plain_decimals_read_as_the_general_parser_reads_them() {
        for t in ["0", "00", "1.500", "001.5", "42", "998.999", "0.000", "1234567890123456789", "123456789.012345678", "9999999999999999999"] {
            let (fast, general) = (plain_decimal(t.as_bytes()).unwrap(), dec_from_text(t).unwrap());
            assert_eq!(
                (fast, fast.scale(), fast.is_sign_negative(), fast.to_string()),
                (general, general.scale(), general.is_sign_negative(), general.to_string()),
                "{t}"
            );
        }
        for t in ["", ".5", "5.", "1.2.3", "-1", "+1", " 1", "1,5", "1e3", "12345678901234567890"] {
            assert_eq!(plain_decimal(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn every_value_is_placed_at_its_line_and_field_even_after_a_field_spanning_lines() {
        let (rows, diags) =
            rows("\u{feff}cn_code,description,net_mass\r\n25231000,\"two\r\nlines\",12.5\r\n\r\n76011000,\"a \"\"quoted\"\" word\",\"3,5\"\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].0, 1);
        assert_eq!(rows[1].2, ["f.csv:2:1", "f.csv:2:2", "f.csv:3:3"]);
        assert_eq!(rows[1].1[1].1, Value::Text("two\r\nlines".into()));
        assert_eq!(rows[2].2, ["f.csv:5:1", "f.csv:5:2", "f.csv:5:3"]);
        assert_eq!(rows[2].1[1].1, Value::Text("a \"quoted\" word".into()));
        assert_eq!(rows[2].1[2].1, Value::Text("3,5".into()));
    }

    #[test]
    fn stray_quotes_extra_fields_and_bad_bytes_are_located_and_the_rest_is_read() {
        let text = "cn_code,net_mass\n25231000,1\n2523\"1000,2\n\"25231000\"x,3\n25231000,4,5\n25231000,\"6\n";
        let (rows, diags) = rows(text);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(diags.len(), 4, "{diags:#?}");
        assert!(diags[0].starts_with("error[input.csv]: f.csv:3:1: a stray quote: a quote inside a field that does not start with one"), "{}", diags[0]);
        assert!(diags[1].starts_with("error[input.csv]: f.csv:4:1: a stray quote: a quote ends this quoted field"), "{}", diags[1]);
        assert!(diags[2].starts_with("error[input.csv]: f.csv:5:3: this record has 3 fields; the header line has 2"), "{}", diags[2]);
        assert!(diags[2].contains("decimal comma must be quoted"), "{}", diags[2]);
        assert!(diags[3].starts_with("error[input.csv]: f.csv:6:2: a stray quote: this quoted field is not closed"), "{}", diags[3]);

        let mut r = CsvRows::open("f.csv", b"cn_code;net_mass\n2523\xff;1\n".to_vec(), KEYS, key).unwrap();
        let mut d = Diagnostics::new();
        let mut cells = Vec::new();
        assert_eq!(r.next_row(&mut cells, &mut d).unwrap(), Some(0));
        assert_eq!(r.next_row(&mut cells, &mut d).unwrap(), None);
        assert_eq!(
            d.into_sorted()[0].to_string().lines().next(),
            Some("error[input.encoding]: f.csv:2:1: expected UTF-8 text, found bytes that are not; the record is not read")
        );
    }

    #[test]
    fn records_split_where_they_lie_read_as_the_csv_crate_reads_them() {
        let texts = [
            "cn_code,net_mass\n25231000,1\n\n\n76011000,2",
            "cn_code;net_mass;origin_country\r\n25231000;1;\r\n\r\n;;\r\n76011000;2;CN\r\n",
            "cn_code,net_mass\r25231000,1\r\r76011000,2\n",
            "cn_code,net_mass\n2523\r1000,1\n\"7601\n1000\",2\n25231000,3\r\n",
            "cn_code,net_mass\n,\n a , b \n25231000,\n",
        ];
        for text in texts {
            let sep = if text.contains(';') { b';' } else { b',' };
            // The csv crate, as this module used it before: each record's non-empty fields and the
            // line its first field is on.
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(text.as_bytes());
            let mut rec = csv::ByteRecord::new();
            let mut expected = Vec::new();
            let mut start = 0;
            while r.read_byte_record(&mut rec).unwrap() {
                let end = r.position().byte() as usize;
                let raw = &text.as_bytes()[start..end];
                let blank = raw.iter().take_while(|&&b| b == b'\r' || b == b'\n').filter(|&&b| b == b'\n').count();
                let line = rec.position().unwrap().line() as usize - 1 + blank;
                start = end;
                let cells: Vec<(u32, Value)> = rec
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.is_empty())
                    .map(|(i, f)| (i as u32, Value::Text(String::from_utf8(f.to_vec()).unwrap())))
                    .collect();
                if !cells.is_empty() {
                    expected.push((cells, format!("f.csv:{}:1", line + 1)));
                }
            }
            let (read, diags) = rows(text);
            assert!(diags.is_empty(), "{text:?}: {diags:?}");
            let got: Vec<_> = read.into_iter().map(|(_, cells, at)| (cells, at[0].rsplit_once(':').unwrap().0.to_string() + ":1")).collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn an_empty_file_and_an_unknown_header_are_refused() {
        let e = CsvRows::open("f.csv", b"\xEF\xBB\xBF \r\n".to_vec(), KEYS, key).err().unwrap();
        assert_eq!((e.code, e.location.map(|l| l.to_string())), (DiagCode::InputCsv, Some("f.csv".to_string())));
        let e = CsvRows::open("f.csv", b"a,b\n1,2\n".to_vec(), KEYS, key).err().unwrap();
        assert_eq!(
            e.to_string().lines().next(),
            Some(
                "error[input.csv]: f.csv:1:1: expected a header line of column keys separated by commas or semicolons; this line names no known column either way"
            )
        );
    }
}
