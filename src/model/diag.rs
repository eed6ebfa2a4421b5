//! User-facing problems as plain data: where, what, and a hint. Collected, sorted, printed by the
//! CLI; the library never prints.

use std::fmt;
use std::sync::Arc;

mod code;
pub use code::DiagCode;

/// A cell in a workbook, with absolute 0-based coordinates. Prints as `Sheet!B7`, quoting the
/// sheet name when it needs it (`'C_Emissions&Energy'!L16`). A field of a text file (CSV) is a
/// cell too, made by [`CellRef::in_text`]: it prints as `file:line:field`, both 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// The sheet's name; for a field of a text file, the file's name as given. Shared: the cells
    /// of a year of customs lines name one sheet millions of times.
    pub sheet: Arc<str>,
    /// The row; for a field of a text file, the line of the file, 0-based.
    pub row: u32,
    /// The column; for a field of a text file, the field of its record, 0-based.
    pub col: u32,
    /// A field of a text file rather than a cell of a sheet.
    pub text: bool,
}

impl CellRef {
    /// The cell at 0-based `row` and `col` of `sheet`.
    pub fn new(sheet: impl Into<Arc<str>>, row: u32, col: u32) -> Self {
        CellRef { sheet: sheet.into(), row, col, text: false }
    }

    /// Field `field` (0-based) of a record of the text file `file` that starts on line `line`
    /// (0-based): prints as `file:LINE:FIELD`, 1-based.
    pub fn in_text(file: impl Into<Arc<str>>, line: u32, field: u32) -> Self {
        CellRef { sheet: file.into(), row: line, col: field, text: true }
    }

    /// Parses `B7` style addresses (used by cell maps written as data).
    pub fn parse(sheet: &str, a1: &str) -> Option<Self> {
        let split = a1.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = a1.split_at(split);
        if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        let mut col: u32 = 0;
        for c in letters.chars() {
            col = col.checked_mul(26)?.checked_add(c as u32 - 'A' as u32 + 1)?;
        }
        let row: u32 = digits.parse().ok()?;
        if row == 0 {
            return None;
        }
        Some(CellRef::new(sheet, row - 1, col - 1))
    }

    /// The letters of the 0-based column `col`: `A` for 0, `Z` for 25, `AA` for 26.
    pub fn column_letters(col: u32) -> String {
        let mut n = col + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            out.push((b'A' + rem as u8) as char);
            n = (n - 1) / 26;
        }
        out.iter().rev().collect()
    }

    /// `B7` without the sheet.
    pub fn a1(&self) -> String {
        format!("{}{}", Self::column_letters(self.col), self.row + 1)
    }
}

fn sheet_needs_quotes(name: &str) -> bool {
    !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Serialised as it prints, `Sheet!B7`: the form people and scripts read.
impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text {
            write!(f, "{}:{}:{}", self.sheet, u64::from(self.row) + 1, u64::from(self.col) + 1)
        } else if sheet_needs_quotes(&self.sheet) {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.a1())
        } else {
            write!(f, "{}!{}", self.sheet, self.a1())
        }
    }
}

/// Where a problem is: a cell, a whole sheet, a file, or a line and column of a text file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A whole file, by the name the user gave.
    File(String),
    /// A whole sheet of a workbook, by its name.
    Sheet(String),
    /// One cell of a sheet, or one field of a text file.
    Cell(CellRef),
    /// A line of a text file (an XML file read back), 1-based, and its column where known.
    Line {
        /// The line, 1-based.
        line: u32,
        /// The column, 1-based, where the parser gives one.
        column: Option<u32>,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{p}"),
            Location::Sheet(s) => {
                if sheet_needs_quotes(s) {
                    write!(f, "'{s}'")
                } else {
                    write!(f, "{s}")
                }
            }
            Location::Cell(c) => write!(f, "{c}"),
            Location::Line { line, column: Some(c) } => write!(f, "line {line}, column {c}"),
            Location::Line { line, column: None } => write!(f, "line {line}"),
        }
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is written while one stands (exit 1).
    Error,
    /// Reported; the output is still written (`cbam compute --strict` refuses some).
    Warning,
}

/// One problem found in the input. `code` is stable (for scripts and tests); `message` says what
/// was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where: a cell, a sheet, a file or a line; `None` for a problem of the input as a whole.
    pub location: Option<Location>,
    /// The stable code: what kind of problem.
    pub code: DiagCode,
    /// This problem in words: what was expected and what was found.
    pub message: String,
    /// What to do about it, one sentence each.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error of kind `code` at `location`.
    pub fn error(code: DiagCode, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, code, message: message.into(), hints: Vec::new() }
    }
    /// A warning of kind `code` at `location`.
    pub fn warning(code: DiagCode, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, code, message: message.into(), hints: Vec::new() }
    }
    /// An error of kind `code` in the cell `cell`.
    pub fn at(code: DiagCode, cell: &CellRef, message: impl Into<String>) -> Self {
        Self::error(code, Some(Location::Cell(cell.clone())), message)
    }
    /// The same diagnostic with one more hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    fn sort_key(&self) -> (Severity, &Option<Location>, &'static str, &String) {
        (self.severity, &self.location, self.code.as_str(), &self.message)
    }
}

/// A diagnostic is an error value too, so that a library user can carry it with `?` into
/// `Box<dyn Error>` or `anyhow`; its `Display` is the one-line message and the hints.
impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    /// `error: B_EmInst!F17: expected a number, found 'n/a'` then `  hint: …` lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(loc) => write!(f, "{sev}[{}]: {loc}: {}", self.code, self.message)?,
            None => write!(f, "{sev}[{}]: {}", self.code, self.message)?,
        }
        for h in &self.hints {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// A bag of diagnostics, sorted and de-duplicated on the way out.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty bag.
    pub fn new() -> Self {
        Self(Vec::new())
    }
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    /// Adds all of `other`'s.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many there are, duplicates included.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether an error was pushed after the first `len` diagnostics.
    pub fn has_errors_since(&self, len: usize) -> bool {
        self.0.get(len..).is_some_and(|new| new.iter().any(Diagnostic::is_error))
    }
    /// Drops the diagnostics pushed after the first `len`.
    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }
    /// Errors first, then by location, code and message; exact duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self.0
    }
    /// The diagnostics in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Self(v)
    }
}

/// Renders sorted diagnostics as the CLI prints them, one block per problem.
pub fn render_diagnostics(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_print_like_spreadsheets() {
        assert_eq!(CellRef::new("B_EmInst", 16, 5).to_string(), "B_EmInst!F17");
        assert_eq!(CellRef::new("C_Emissions&Energy", 15, 11).to_string(), "'C_Emissions&Energy'!L16");
        assert_eq!(CellRef::new("0_Versions", 0, 0).to_string(), "'0_Versions'!A1");
        assert_eq!(CellRef::column_letters(25), "Z");
        assert_eq!(CellRef::column_letters(26), "AA");
        assert_eq!(CellRef::column_letters(51), "AZ");
        assert_eq!(CellRef::parse("D_Processes", "L54"), Some(CellRef::new("D_Processes", 53, 11)));
        assert_eq!(CellRef::parse("X", "AA1"), Some(CellRef::new("X", 0, 26)));
        assert_eq!(CellRef::parse("X", "A0"), None);
        assert_eq!(CellRef::parse("X", "12"), None);
    }

    #[test]
    fn fields_of_text_files_print_as_file_line_field() {
        let c = CellRef::in_text("imports-2026.csv", 16, 3);
        assert_eq!(c.to_string(), "imports-2026.csv:17:4");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"imports-2026.csv:17:4\"");
        assert_eq!(Diagnostic::at(DiagCode::InputCsv, &c, "x").to_string(), "error[input.csv]: imports-2026.csv:17:4: x");
        // Not the cell D17 of a sheet of that name.
        assert_ne!(c, CellRef::new("imports-2026.csv", 16, 3));
    }

    #[test]
    fn errors_sort_before_warnings_then_by_place() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning(DiagCode::InputIgnored, None, "later"));
        d.push(Diagnostic::at(DiagCode::InputRange, &CellRef::new("S", 9, 0), "second"));
        d.push(Diagnostic::at(DiagCode::InputRange, &CellRef::new("S", 1, 0), "first"));
        let v = d.into_sorted();
        assert_eq!(v.iter().map(|x| x.message.as_str()).collect::<Vec<_>>(), ["first", "second", "later"]);
        assert_eq!(v[0].to_string(), "error[input.range]: S!A2: first");
    }
}
