//! A fast reader of one xlsx sheet's cells, for the imports workbook's `Imports` sheet: a year of
//! customs lines is 400,000 rows and more, and calamine's cell reader spent about 35,000
//! instructions a row on it (XML events copied into buffers, attributes decoded one by one), most
//! of `cbam declaration`'s time. This reader scans the sheet's XML as it is inflated, in one
//! buffer, and reads each cell where it lies: the declaration reads such a workbook within about
//! twice the time `unzip` takes to inflate it (`benches/declaration.sh`).
//!
//! It reads what spreadsheet programs write: `<row>` and `<c>` elements (with or without `r`),
//! `<v>` values of numbers, shared strings (`t="s"`), booleans, formula strings (`t="str"`),
//! inline strings of plain `<t>` elements, formulas skipped, comments and processing
//! instructions passed over. Each value is the one calamine gives for that cell (dates by the cell
//! style's number format, as calamine judges it, in the workbook's date system). Anything else (an
//! XML entity or CDATA in a value, a rich-text inline string, an error or ISO-date cell, a prefixed
//! element name, a DOCTYPE, a damaged or truncated part) ends the fast reading: the caller then
//! reads the sheet with calamine from the cell this reader stopped at
//! ([`FastCells::consumed`]), so a workbook reads the same either way and a damaged one gets
//! calamine's diagnosis.

use std::io::Read;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

use super::workbook::convert;
use super::xlsx_parts::{NumberKind, Parts, unescape_xml};
use crate::validate::Value;

/// The fast reader stopped: the rest of the sheet is for calamine.
#[derive(Debug)]
pub(crate) struct Unsupported;

type Step<T> = Result<T, Unsupported>;

/// Bytes inflated at a time.
const CHUNK: usize = 256 * 1024;

/// The cells of one sheet, read from its XML as it is inflated.
pub(crate) struct FastCells<'a> {
    src: Box<dyn Read + 'a>,
    buf: Vec<u8>,
    /// Where reading goes on in `buf`.
    pos: usize,
    eof: bool,
    parts: Parts,
    /// Past `<sheetData>`; `done` past `</sheetData>`.
    in_data: bool,
    done: bool,
    /// The row and column of a `<c>` without `r`, counted as calamine counts them.
    row: u32,
    col: u32,
    /// The `<c>` elements read so far: calamine takes over after as many cells.
    pub consumed: u64,
}

/// What a cell's `t` says its `<v>` holds.
#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Number,
    Shared,
    Bool,
    Str,
    Inline,
    /// Errors, ISO dates and unknown types: calamine's.
    Other,
}

/// A tag at the reading position: its length and kind.
enum Tag {
    /// A comment, processing instruction or CDATA section.
    Skip,
    End,
    Start {
        empty: bool,
    },
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A tag's name: after `<` (or `</`) up to a space, `/` or `>`.
fn name_of(tag: &[u8], from: usize) -> &[u8] {
    let rest = &tag[from..];
    let n = rest.iter().position(|&b| is_space(b) || b == b'/' || b == b'>').unwrap_or(rest.len());
    &rest[..n]
}

/// The attributes of a start tag (`tag` from `<` to `>`), each `name="value"` or `name='value'`;
/// `Unsupported` for anything else.
fn attributes(tag: &[u8], name_len: usize, mut each: impl FnMut(&[u8], &[u8]) -> Step<()>) -> Step<()> {
    let end = tag.len() - if tag.ends_with(b"/>") { 2 } else { 1 };
    let mut i = 1 + name_len;
    loop {
        while i < end && is_space(tag[i]) {
            i += 1;
        }
        if i >= end {
            return Ok(());
        }
        let k = i;
        while i < end && tag[i] != b'=' && !is_space(tag[i]) {
            i += 1;
        }
        let key = &tag[k..i];
        while i < end && is_space(tag[i]) {
            i += 1;
        }
        if i >= end || tag[i] != b'=' || key.is_empty() {
            return Err(Unsupported);
        }
        i += 1;
        while i < end && is_space(tag[i]) {
            i += 1;
        }
        let q = *tag.get(i).filter(|&&q| i < end && (q == b'"' || q == b'\'')).ok_or(Unsupported)?;
        let v = i + 1;
        let close = v + tag[v..end].iter().position(|&b| b == q).ok_or(Unsupported)?;
        each(key, &tag[v..close])?;
        i = close + 1;
    }
}

/// Digits (at most nine) as a number.
fn uint(digits: &[u8]) -> Step<u32> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Unsupported);
    }
    Ok(digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
}

/// A 1-based row number as a 0-based index.
fn index_of(digits: &[u8]) -> Step<u32> {
    uint(digits)?.checked_sub(1).ok_or(Unsupported)
}

/// A cell reference such as `AB12` as (row, column), 0-based: one to three capital letters and
/// digits.
fn cell_ref(r: &[u8]) -> Step<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(1..=3).contains(&letters) {
        return Err(Unsupported);
    }
    let col = r[..letters].iter().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1;
    Ok((index_of(&r[letters..])?, col))
}

/// A number as spreadsheet programs write it (`-12.5`, `1E-3`); anything else is calamine's.
fn number(t: &[u8]) -> Step<f64> {
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < t.len() && t[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    let mut i = usize::from(t.first() == Some(&b'-'));
    let mut ok = digits(&mut i);
    if ok && t.get(i) == Some(&b'.') {
        i += 1;
        ok = digits(&mut i);
    }
    if ok && matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        ok = digits(&mut i);
    }
    if !ok || i != t.len() {
        return Err(Unsupported);
    }
    std::str::from_utf8(t).ok().and_then(|s| s.parse().ok()).ok_or(Unsupported)
}

impl<'a> FastCells<'a> {
    pub fn new(src: Box<dyn Read + 'a>, parts: Parts) -> FastCells<'a> {
        FastCells { src, buf: Vec::with_capacity(CHUNK), pos: 0, eof: false, parts, in_data: false, done: false, row: 0, col: 0, consumed: 0 }
    }

    /// Makes at least `n` bytes from the reading position available; `false` at the end of the
    /// part.
    #[inline]
    fn ensure(&mut self, n: usize) -> Step<bool> {
        if self.buf.len() - self.pos >= n {
            return Ok(true);
        }
        self.refill(n)
    }

    #[cold]
    fn refill(&mut self, n: usize) -> Step<bool> {
        while self.buf.len() - self.pos < n {
            if self.eof {
                return Ok(false);
            }
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let at = self.buf.len();
            let want = CHUNK.max(n);
            self.buf.resize(at + want, 0);
            let mut got = 0;
            while got < want {
                match self.src.read(&mut self.buf[at + got..]) {
                    Ok(0) => {
                        self.eof = true;
                        break;
                    }
                    Ok(k) => got += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return Err(Unsupported),
                }
            }
            self.buf.truncate(at + got);
        }
        Ok(true)
    }

    /// The offset (from the reading position) of `needle` at or after `from`.
    fn find(&mut self, from: usize, needle: &[u8]) -> Step<usize> {
        let mut from = from;
        loop {
            let hay = &self.buf[self.pos + from..];
            if let Some(i) = memchr::memmem::find(hay, needle) {
                return Ok(from + i);
            }
            from = (self.buf.len() - self.pos).saturating_sub(needle.len() - 1).max(from);
            if !self.ensure(self.buf.len() - self.pos + 1)? {
                return Err(Unsupported);
            }
        }
    }

    /// Moves to the next `<`, over text that holds no entity; the length of that text.
    #[inline]
    fn text(&mut self) -> Step<usize> {
        // Mostly none, or a short value: looked at byte by byte first.
        let near = &self.buf[self.pos..self.buf.len().min(self.pos + 16)];
        for (i, &b) in near.iter().enumerate() {
            if b == b'<' {
                return Ok(i);
            }
            if b == b'&' {
                return Err(Unsupported);
            }
        }
        self.text_far(near.len())
    }

    fn text_far(&mut self, from: usize) -> Step<usize> {
        let mut i = from;
        loop {
            match memchr::memchr2(b'<', b'&', &self.buf[self.pos + i..]) {
                Some(j) if self.buf[self.pos + i + j] == b'<' => return Ok(i + j),
                Some(_) => return Err(Unsupported),
                None => {
                    i = self.buf.len() - self.pos;
                    if !self.ensure(i + 1)? {
                        return Err(Unsupported);
                    }
                }
            }
        }
    }

    /// The tag at the reading position (a `<`): its kind and length, the whole of it in `buf`.
    fn tag(&mut self) -> Step<(Tag, usize)> {
        if !self.ensure(9)? && self.buf.len() - self.pos < 3 {
            return Err(Unsupported);
        }
        let b = &self.buf[self.pos..];
        let skip: Option<(usize, &[u8])> = if b[1] != b'!' && b[1] != b'?' {
            None
        } else if b.starts_with(b"<!--") {
            Some((4, b"-->"))
        } else if b.starts_with(b"<![CDATA[") {
            Some((9, b"]]>"))
        } else if b.starts_with(b"<?") {
            Some((2, b"?>"))
        } else {
            None
        };
        if let Some((from, end)) = skip {
            return Ok((Tag::Skip, self.find(from, end)? + end.len()));
        }
        if self.buf[self.pos + 1] == b'!' {
            // A DOCTYPE: calamine's.
            return Err(Unsupported);
        }
        // The closing `>`, past any in quoted attribute values (tags are short: byte by byte).
        let mut i = 1;
        let mut quote = 0u8;
        loop {
            let Some(&c) = self.buf.get(self.pos + i) else {
                if !self.ensure(i + 1)? {
                    return Err(Unsupported);
                }
                continue;
            };
            i += 1;
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'>' {
                break;
            } else if c == b'"' || c == b'\'' {
                quote = c;
            }
        }
        let tag = &self.buf[self.pos..self.pos + i];
        if tag[1] == b'/' {
            return Ok((Tag::End, i));
        }
        Ok((Tag::Start { empty: tag.ends_with(b"/>") }, i))
    }

    /// The next cell (`<c>`) of the sheet, `None` after `</sheetData>`.
    pub fn next_cell(&mut self) -> Step<Option<(u32, u32, Value)>> {
        if self.done {
            return Ok(None);
        }
        if !self.in_data {
            self.prelude()?;
            if self.done {
                return Ok(None);
            }
        }
        loop {
            self.pos += self.text()?;
            if let Some(cell) = self.common_cell()? {
                return Ok(Some(cell));
            }
            if self.buf[self.pos..].starts_with(b"</row>") {
                self.row += 1;
                self.col = 0;
                self.pos += 6;
                continue;
            }
            let (kind, len) = self.tag()?;
            let tag = &self.buf[self.pos..self.pos + len];
            match kind {
                Tag::Skip => {}
                Tag::End => {
                    let name = name_of(tag, 2);
                    if name.contains(&b':') {
                        return Err(Unsupported);
                    }
                    if name == b"row" {
                        self.row += 1;
                        self.col = 0;
                    } else if name == b"sheetData" {
                        self.pos += len;
                        self.done = true;
                        return Ok(None);
                    }
                }
                Tag::Start { empty } => {
                    let name = name_of(tag, 1);
                    if name.contains(&b':') {
                        return Err(Unsupported);
                    }
                    if name == b"row" {
                        let mut r = None;
                        attributes(tag, 3, |k, v| {
                            if k == b"r" {
                                r = Some(index_of(v)?);
                            }
                            Ok(())
                        })?;
                        if let Some(r) = r {
                            self.row = r;
                        }
                        if empty {
                            self.row += 1;
                            self.col = 0;
                        }
                    } else if name == b"c" {
                        let (mut at, mut style, mut ty, mut seen) = (None, None, Ty::Number, 0u8);
                        attributes(tag, 1, |k, v| {
                            let bit = match k {
                                b"r" => {
                                    at = Some(cell_ref(v)?);
                                    1
                                }
                                b"s" => {
                                    style = Some(uint(v)? as usize);
                                    2
                                }
                                b"t" => {
                                    ty = match v {
                                        b"n" => Ty::Number,
                                        b"s" => Ty::Shared,
                                        b"b" => Ty::Bool,
                                        b"str" => Ty::Str,
                                        b"inlineStr" | b"is" => Ty::Inline,
                                        _ => Ty::Other,
                                    };
                                    4
                                }
                                _ => 0,
                            };
                            if seen & bit != 0 {
                                return Err(Unsupported);
                            }
                            seen |= bit;
                            Ok(())
                        })?;
                        self.pos += len;
                        let value = if empty { Value::Empty } else { self.cell(ty, style)? };
                        let (row, col) = at.unwrap_or((self.row, self.col));
                        self.col = col + 1;
                        self.consumed += 1;
                        return Ok(Some((row, col, value)));
                    }
                }
            }
            self.pos += len;
        }
    }

    /// A cell as spreadsheet programs write it, `<c r="B2" s="1" t="s"><v>7</v></c>` (`s` and `t`
    /// optional; or `<c r="B2" s="1"/>`), read in one pass; `None`, with nothing read, for any
    /// other shape, which [`FastCells::next_cell`] reads tag by tag.
    #[inline]
    fn common_cell(&mut self) -> Step<Option<(u32, u32, Value)>> {
        self.ensure(256)?;
        let b = &self.buf[self.pos..];
        if !b.starts_with(b"<c r=\"") {
            return Ok(None);
        }
        let mut i = 6;
        let mut col = 0u32;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_uppercase()) {
            col = col * 26 + u32::from(c - b'A') + 1;
            i += 1;
        }
        if !(7..=9).contains(&i) {
            return Ok(None);
        }
        let digits = i;
        let mut row = 0u32;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            row = row * 10 + u32::from(c - b'0');
            i += 1;
            if i - digits > 9 {
                return Ok(None);
            }
        }
        if i == digits || row == 0 || b.get(i) != Some(&b'"') {
            return Ok(None);
        }
        i += 1;
        let mut style = None;
        if b[i..].starts_with(b" s=\"") {
            i += 4;
            let s0 = i;
            let mut n = 0u32;
            while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
                n = n * 10 + u32::from(c - b'0');
                i += 1;
                if i - s0 > 9 {
                    return Ok(None);
                }
            }
            if i == s0 || b.get(i) != Some(&b'"') {
                return Ok(None);
            }
            i += 1;
            style = Some(n as usize);
        }
        let mut ty = Ty::Number;
        if b[i..].starts_with(b" t=\"") {
            i += 4;
            ty = if b[i..].starts_with(b"s\"") {
                Ty::Shared
            } else if b[i..].starts_with(b"n\"") {
                Ty::Number
            } else if b[i..].starts_with(b"b\"") {
                Ty::Bool
            } else if b[i..].starts_with(b"str\"") {
                Ty::Str
            } else {
                return Ok(None);
            };
            i += if ty == Ty::Str { 4 } else { 2 };
        }
        let value = if b[i..].starts_with(b"/>") {
            i += 2;
            Value::Empty
        } else if b[i..].starts_with(b"><v>") {
            i += 4;
            let v0 = i;
            while let Some(&c) = b.get(i) {
                match c {
                    b'<' => break,
                    b'&' => return Ok(None),
                    _ => i += 1,
                }
            }
            if !b[i..].starts_with(b"</v></c>") {
                return Ok(None);
            }
            let value = self.value(ty, style, &b[v0..i])?;
            i += 8;
            value
        } else {
            return Ok(None);
        };
        self.pos += i;
        self.col = col;
        self.consumed += 1;
        Ok(Some((row - 1, col - 1, value)))
    }

    /// Up to `<sheetData>`.
    fn prelude(&mut self) -> Step<()> {
        // A byte-order mark other than UTF-8's: calamine's.
        if self.ensure(2)? && (self.buf.starts_with(&[0xFF, 0xFE]) || self.buf.starts_with(&[0xFE, 0xFF])) {
            return Err(Unsupported);
        }
        loop {
            self.pos += self.text()?;
            let (kind, len) = self.tag()?;
            let tag = &self.buf[self.pos..self.pos + len];
            if let Tag::Start { empty } = kind {
                let name = name_of(tag, 1);
                if name.contains(&b':') {
                    return Err(Unsupported);
                }
                if name == b"dimension" {
                    // calamine refuses a dimension without a readable range.
                    let mut ok = false;
                    attributes(tag, name.len(), |k, v| {
                        if k == b"ref" {
                            for part in v.split(|&b| b == b':') {
                                cell_ref(part)?;
                            }
                            ok = v.split(|&b| b == b':').count() <= 2;
                        }
                        Ok(())
                    })?;
                    if !ok {
                        return Err(Unsupported);
                    }
                } else if name == b"sheetData" {
                    self.pos += len;
                    self.in_data = true;
                    self.done = empty;
                    return Ok(());
                }
            }
            self.pos += len;
        }
    }

    /// A cell's content after `<c …>` up to `</c>`: its value, the last of its `<v>`, `<is>` and
    /// `<f>` as calamine takes it.
    fn cell(&mut self, ty: Ty, style: Option<usize>) -> Step<Value> {
        let mut value = Value::Empty;
        loop {
            self.pos += self.text()?;
            let (kind, len) = self.tag()?;
            let tag = &self.buf[self.pos..self.pos + len];
            match kind {
                Tag::Skip => self.pos += len,
                Tag::End => {
                    let name = name_of(tag, 2);
                    if name.contains(&b':') {
                        return Err(Unsupported);
                    }
                    self.pos += len;
                    if name == b"c" {
                        return Ok(value);
                    }
                }
                Tag::Start { empty } => {
                    let child = match name_of(tag, 1) {
                        b"v" => b'v',
                        b"f" => b'f',
                        b"is" => b'i',
                        _ => return Err(Unsupported),
                    };
                    self.pos += len;
                    value = match child {
                        _ if empty => match child {
                            b'v' => self.value(ty, style, b"")?,
                            b'i' => Value::Text(String::new()),
                            _ => Value::Empty,
                        },
                        b'v' => {
                            let n = self.text()?;
                            let value = self.value(ty, style, &self.buf[self.pos..self.pos + n])?;
                            self.pos += n;
                            self.close(b"v")?;
                            value
                        }
                        b'f' => {
                            // A formula's text may hold entities (`&amp;`): passed over.
                            let hay = &self.buf[self.pos..];
                            self.pos += match memchr::memchr(b'<', hay) {
                                Some(i) => i,
                                None => self.find(0, b"<")?,
                            };
                            self.close(b"f")?;
                            Value::Empty
                        }
                        _ => self.inline_string()?,
                    };
                }
            }
        }
    }

    /// The end tag `</name>` at the reading position.
    fn close(&mut self, name: &[u8]) -> Step<()> {
        match self.tag()? {
            (Tag::End, len) if name_of(&self.buf[self.pos..self.pos + len], 2) == name => {
                self.pos += len;
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    /// The value of a `<v>` whose text is `v`.
    fn value(&self, ty: Ty, style: Option<usize>, v: &[u8]) -> Step<Value> {
        Ok(match ty {
            Ty::Inline => Value::Empty,
            _ if v.is_empty() && ty != Ty::Str => Value::Empty,
            Ty::Shared => Value::Text(self.parts.strings.get(uint(v)? as usize).ok_or(Unsupported)?.to_string()),
            Ty::Bool => match v {
                b"0" => Value::Bool(false),
                b"1" => Value::Bool(true),
                _ => return Err(Unsupported),
            },
            Ty::Str if v.contains(&b'\r') => return Err(Unsupported),
            Ty::Str => Value::Text(unescape_xml(std::str::from_utf8(v).map_err(|_| Unsupported)?).into_owned()),
            Ty::Number => {
                let n = number(v)?;
                let kind = style.map_or(NumberKind::Other, |s| self.parts.formats.get(s).copied().unwrap_or(NumberKind::Other));
                match kind {
                    NumberKind::Other => Value::Number(n),
                    NumberKind::DateTime => convert(&Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, self.parts.is_1904))),
                    NumberKind::TimeDelta => convert(&Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::TimeDelta, self.parts.is_1904))),
                }
            }
            Ty::Other => return Err(Unsupported),
        })
    }

    /// An inline string after `<is>` up to `</is>`: plain `<t>` elements.
    fn inline_string(&mut self) -> Step<Value> {
        let mut s = String::new();
        loop {
            self.pos += self.text()?;
            let (kind, len) = self.tag()?;
            let tag = &self.buf[self.pos..self.pos + len];
            match kind {
                Tag::End if name_of(tag, 2) == b"is" => {
                    self.pos += len;
                    return Ok(Value::Text(s));
                }
                Tag::Start { empty } if name_of(tag, 1) == b"t" => {
                    let mut preserve = false;
                    attributes(tag, 1, |k, v| {
                        if k == b"xml:space" {
                            preserve = v == b"preserve";
                        }
                        Ok(())
                    })?;
                    self.pos += len;
                    if empty {
                        continue;
                    }
                    let n = self.text()?;
                    let raw = &self.buf[self.pos..self.pos + n];
                    if raw.contains(&b'\r') {
                        return Err(Unsupported);
                    }
                    let t = std::str::from_utf8(raw).map_err(|_| Unsupported)?;
                    let t = if preserve { t } else { t.trim_matches([' ', '\t', '\r', '\n']) };
                    s.push_str(&unescape_xml(t));
                    self.pos += n;
                    self.close(b"t")?;
                }
                _ => return Err(Unsupported),
            }
        }
    }
}

#[cfg(all(test, feature = "cli"))]
#[path = "xlsx_stream_tests.rs"]
mod tests;
