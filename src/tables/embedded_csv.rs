//! Reader for the comma-separated tables under `data/`: `# key: value` comment lines, then a
//! header row, then records (RFC 4180 quoting, one line per record). The files are embedded at
//! build time, so a malformed file is a build defect: the reader panics with the file and line,
//! and every table's tests load it.

use crate::model::Dec;

pub struct Csv {
    name: &'static str,
    meta: Vec<(&'static str, &'static str)>,
    header: Vec<String>,
    records: Vec<(usize, Vec<String>)>,
}

/// One record, with its line number for messages.
pub struct Record<'a> {
    csv: &'a Csv,
    line: usize,
    fields: &'a [String],
}

impl Csv {
    /// Parses `text`; panics unless the header row is exactly `expected`.
    pub fn parse(name: &'static str, text: &'static str, expected: &str) -> Csv {
        let mut meta = Vec::new();
        let mut header = None;
        let mut records = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if let Some(comment) = line.strip_prefix('#') {
                if let Some((k, v)) = comment.trim().split_once(": ") {
                    meta.push((k.trim(), v.trim()));
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            if header.is_none() {
                assert!(line == expected, "{name}:{line_no}: header {line:?}, expected {expected:?}");
                header = Some(expected.split(',').map(String::from).collect::<Vec<_>>());
                continue;
            }
            let fields = split(line).unwrap_or_else(|e| panic!("{name}:{line_no}: {e}"));
            let n = header.as_ref().map_or(0, Vec::len);
            assert!(fields.len() == n, "{name}:{line_no}: {} fields, expected {n}", fields.len());
            records.push((line_no, fields));
        }
        let header = header.unwrap_or_else(|| panic!("{name}: no header row"));
        Csv { name, meta, header, records }
    }

    /// The value of a `# key: value` comment line; panics if absent.
    pub fn meta(&self, key: &str) -> &'static str {
        self.meta.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or_else(|| panic!("{}: no '# {key}:' line", self.name))
    }

    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.records.iter().map(|(line, fields)| Record { csv: self, line: *line, fields })
    }
}

impl Record<'_> {
    /// `file:line`, for messages.
    pub fn at(&self) -> String {
        format!("{}:{}", self.csv.name, self.line)
    }

    /// The raw field of a column; panics on an unknown column name.
    pub fn get(&self, column: &str) -> &str {
        let i = self.csv.header.iter().position(|h| h == column).unwrap_or_else(|| panic!("{}: no column {column:?}", self.csv.name));
        &self.fields[i]
    }

    /// The field, or None when empty.
    pub fn text(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }

    /// The field as an exact decimal (never through f64), or None when empty.
    pub fn decimal(&self, column: &str) -> Option<Dec> {
        self.text(column).map(|s| Dec::from_str_exact(s).unwrap_or_else(|e| panic!("{}: {column} {s:?} is not a decimal: {e}", self.at())))
    }
}

/// Splits one line into fields: `a,"b, ""c""",` → `a`, `b, "c"`, ``.
fn split(line: &str) -> Result<Vec<String>, &'static str> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => field.push(chars.next().unwrap()),
            (true, '"') if matches!(chars.peek(), None | Some(',')) => quoted = false,
            (true, '"') => return Err("text after a closing quote"),
            (false, '"') if field.is_empty() => quoted = true,
            (false, '"') => return Err("quote inside an unquoted field"),
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field");
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(split(r#"a,"b, ""c""",,d"#).unwrap(), ["a", "b, \"c\"", "", "d"]);
        assert_eq!(split("x").unwrap(), ["x"]);
        assert_eq!(split(r#""",x"#).unwrap(), ["", "x"]);
        assert_eq!(split("x,").unwrap(), ["x", ""]);
        assert!(split(r#""open"#).is_err());
        assert!(split(r#"a"b"#).is_err());
    }
}
