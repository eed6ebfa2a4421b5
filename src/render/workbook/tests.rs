//! Tests of the workbook writer: layout read back with calamine, validations in the sheet XML,
//! deterministic bytes.

use super::*;
use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use std::path::PathBuf;

/// A file in this process's own temporary directory, removed (with the directory, once empty)
/// when the test is done with it.
struct Temp(PathBuf);

impl std::ops::Deref for Temp {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for Temp {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn temp_path(name: &str) -> Temp {
    let dir = std::env::temp_dir().join(format!("cbam-render-workbook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Temp(dir.join(name))
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("expected text at ({row}, {col}), found {other:?}"),
    }
}

#[test]
fn blank_workbook_has_every_sheet_and_column_of_the_format() {
    let path = temp_path("blank.xlsx");
    TidyWorkbook::new().save(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();

    let mut expected = vec![README_SHEET, tidy::ABOUT];
    expected.extend(tidy::TABLE_SHEETS);
    assert_eq!(book.sheet_names(), expected);

    let about = book.worksheet_range(tidy::ABOUT).unwrap();
    for (i, field) in tidy::ABOUT_FIELDS.iter().enumerate() {
        assert_eq!(text(&about, i as u32, 0), field.key);
    }
    assert_eq!(text(&about, 0, 0), tidy::FORMAT_KEY);
    assert_eq!(text(&about, 0, 1), tidy::FORMAT_NAME);
    let version_row = tidy::ABOUT_FIELDS.iter().position(|c| c.key == "format_version").unwrap() as u32;
    assert_eq!(about.get_value((version_row, 1)), Some(&Data::Float(f64::from(tidy::FORMAT_VERSION))));
    assert!(matches!(about.get_value((version_row + 1, 1)), None | Some(Data::Empty)));

    for table in tidy::TABLES {
        let range = book.worksheet_range(table.sheet).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        for (c, column) in table.columns.iter().enumerate() {
            let c = c as u32;
            assert_eq!(text(&range, tidy::HEADER_ROW, c), column.key, "{}", table.sheet);
            let second = column.unit.map_or(column.note, |u| u.default);
            assert_eq!(text(&range, tidy::UNITS_ROW, c), second, "{}!{}", table.sheet, column.key);
        }
        assert_eq!(range.end().map(|(r, c)| (r, c as usize + 1)), Some((tidy::UNITS_ROW, table.columns.len())));
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn code_lists_and_units_get_drop_downs() {
    let bytes = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
    for table in [&tidy::STREAMS_TABLE, &tidy::PFC_TABLE] {
        let sheet_no = 3 + tidy::TABLES.iter().position(|t| t.sheet == table.sheet).unwrap();
        let xml = zip::entry(&bytes, &format!("xl/worksheets/sheet{sheet_no}.xml")).expect("sheet in the zip");
        let xml = String::from_utf8(xml).unwrap();
        let method = column_letters(column_index(table, "method").unwrap() as u16);
        let Kind::Code(codes) = table.column("method").unwrap().kind else { panic!("method is a code") };
        let sqref = format!("sqref=\"{method}3:{method}{LAST_VALIDATED_ROW}\"");
        let element =
            xml.split("<dataValidation ").skip(1).find(|e| e.contains(&sqref)).unwrap_or_else(|| panic!("no <dataValidation for {sqref} in {}", table.sheet));
        assert!(element.starts_with("type=\"list\""));
        let formula = element.split("<formula1>").nth(1).unwrap().split("</formula1>").next().unwrap();
        assert!(formula.contains(&codes.join(",")), "{formula}");
    }

    // A unit with alternatives gets a list in row 2; one without does not.
    let processes = 3 + tidy::TABLES.iter().position(|t| t.sheet == tidy::PROCESSES).unwrap();
    let xml = String::from_utf8(zip::entry(&bytes, &format!("xl/worksheets/sheet{processes}.xml")).unwrap()).unwrap();
    let al = column_letters(column_index(&tidy::PROCESSES_TABLE, "activity_level").unwrap() as u16);
    assert!(xml.contains(&format!("sqref=\"{al}2\"")));
    let goods = 3 + tidy::TABLES.iter().position(|t| t.sheet == tidy::GOODS).unwrap();
    let xml = String::from_utf8(zip::entry(&bytes, &format!("xl/worksheets/sheet{goods}.xml")).unwrap()).unwrap();
    let ratio = column_letters(column_index(&tidy::GOODS_TABLE, "clinker_ratio_pct").unwrap() as u16);
    assert!(!xml.contains(&format!("sqref=\"{ratio}2\"")));
    let calcined = column_letters(column_index(&tidy::GOODS_TABLE, "calcined").unwrap() as u16);
    let sqref = format!("sqref=\"{calcined}3:{calcined}{LAST_VALIDATED_ROW}\"");
    let element = xml.split("<dataValidation ").find(|e| e.contains(&sqref)).expect("yes/no drop-down");
    assert!(element.contains("errorStyle=\"warning\""), "{element}");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let a = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
    let b = blank_installation_workbook().unwrap().save_to_buffer().unwrap();
    assert_eq!(a, b);
    let filled = sample();
    assert_eq!(filled.to_bytes().unwrap(), filled.to_bytes().unwrap());
}

fn sample() -> TidyWorkbook {
    let mut wb = TidyWorkbook::new();
    wb.about("installation_id", "T-1")
        .about("name_local", "江南水泥有限公司芜湖工厂")
        .about("latitude", 31.0836)
        .about("period_start", NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
        .row(
            tidy::PROCESSES,
            tidy_row![
                "process_id" => "P1",
                "route" => "cement",
                "activity_level" => CellValue::number("1321052.6315789474"),
                "electricity_consumed" => 60_000_i64,
            ],
        )
        .row(tidy::PROCESSES, tidy_row!["process_id" => "P2", "activity_level" => 0.1 + 0.2])
        .set_unit(tidy::PROCESSES, "electricity_consumed", "kWh");
    wb
}

#[test]
fn filled_workbook_reads_back() {
    let path = temp_path("filled.xlsx");
    sample().save(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let about = book.worksheet_range(tidy::ABOUT).unwrap();
    let row = |key: &str| tidy::ABOUT_FIELDS.iter().position(|c| c.key == key).unwrap() as u32;
    assert_eq!(text(&about, row("installation_id"), 1), "T-1");
    assert_eq!(text(&about, row("name_local"), 1), "江南水泥有限公司芜湖工厂");
    assert_eq!(about.get_value((row("latitude"), 1)), Some(&Data::Float(31.0836)));
    let start = about.get_value((row("period_start"), 1)).unwrap();
    assert_eq!(start.as_date(), NaiveDate::from_ymd_opt(2025, 1, 1));
    assert_eq!(text(&about, 0, 1), tidy::FORMAT_NAME);

    let processes = book.worksheet_range(tidy::PROCESSES).unwrap();
    let col = |key: &str| column_index(&tidy::PROCESSES_TABLE, key).unwrap() as u32;
    assert_eq!(text(&processes, 2, col("process_id")), "P1");
    assert_eq!(text(&processes, 2, col("route")), "cement");
    assert_eq!(processes.get_value((2, col("activity_level"))), Some(&Data::Float(1321052.6315789474)));
    assert_eq!(processes.get_value((2, col("electricity_consumed"))), Some(&Data::Float(60000.0)));
    assert_eq!(processes.get_value((3, col("activity_level"))), Some(&Data::Float(0.1 + 0.2)));
    assert_eq!(text(&processes, 1, col("electricity_consumed")), "kWh");
    assert_eq!(text(&processes, 1, col("activity_level")), "t");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn mistakes_in_the_definition_are_reported() {
    let mut wb = TidyWorkbook::new();
    wb.row(tidy::GOODS, tidy_row!["cn_cod" => "25232900"]);
    assert!(matches!(wb.to_bytes(), Err(Error::UnknownColumn { .. })));
    let mut wb = TidyWorkbook::new();
    wb.row("Goodz", vec![]);
    assert!(matches!(wb.to_bytes(), Err(Error::UnknownSheet(_))));
    let mut wb = TidyWorkbook::new();
    wb.about("nam_en", "x");
    assert!(matches!(wb.to_bytes(), Err(Error::UnknownAboutField(_))));
    let mut wb = TidyWorkbook::new();
    wb.set_unit(tidy::GOODS, "cn_code", "t");
    assert!(matches!(wb.to_bytes(), Err(Error::NoUnit { .. })));
    let mut wb = TidyWorkbook::new();
    wb.row(tidy::GOODS, tidy_row!["scrap_t_per_t" => CellValue::number("0,2")]);
    let err = wb.to_bytes().unwrap_err();
    assert_eq!(err.to_string(), "'0,2' is not a finite number (Goods!G3)");
    let mut wb = TidyWorkbook::new();
    wb.row(tidy::GOODS, tidy_row!["product" => "a", "product" => "b"]);
    assert!(matches!(wb.to_bytes(), Err(Error::DuplicateColumn { .. })));
}

#[test]
fn column_letters_count_like_excel() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
}

/// Just enough of a zip reader to look at the XML inside an `.xlsx` (stored or deflated
/// entries, no zip64), so that the tests need no extra dependency.
mod zip {
    fn u16le(b: &[u8], at: usize) -> usize {
        usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
    }
    fn u32le(b: &[u8], at: usize) -> usize {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
    }

    pub fn entry(zip: &[u8], name: &str) -> Option<Vec<u8>> {
        let eocd = (0..=zip.len().checked_sub(22)?).rev().find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])?;
        let mut p = u32le(zip, eocd + 16);
        for _ in 0..u16le(zip, eocd + 10) {
            if u32le(zip, p) != 0x0201_4b50 {
                return None;
            }
            let method = u16le(zip, p + 10);
            let size = u32le(zip, p + 20);
            let (name_len, extra_len, comment_len) = (u16le(zip, p + 28), u16le(zip, p + 30), u16le(zip, p + 32));
            let local = u32le(zip, p + 42);
            if &zip[p + 46..p + 46 + name_len] == name.as_bytes() {
                let start = local + 30 + u16le(zip, local + 26) + u16le(zip, local + 28);
                let data = zip.get(start..start + size)?;
                return match method {
                    0 => Some(data.to_vec()),
                    8 => inflate(data),
                    _ => None,
                };
            }
            p += 46 + name_len + extra_len + comment_len;
        }
        None
    }

    struct Bits<'a> {
        data: &'a [u8],
        pos: usize,
        buf: u32,
        count: u32,
    }

    impl Bits<'_> {
        fn take(&mut self, need: u32) -> Option<u32> {
            while self.count < need {
                self.buf |= u32::from(*self.data.get(self.pos)?) << self.count;
                self.pos += 1;
                self.count += 8;
            }
            let value = self.buf & ((1u32 << need) - 1);
            self.buf >>= need;
            self.count -= need;
            Some(value)
        }
    }

    /// Canonical Huffman code as in zlib's puff.c: code counts per length, symbols by code.
    struct Huffman {
        count: [u16; 16],
        symbol: Vec<u16>,
    }

    impl Huffman {
        fn new(lengths: &[u8]) -> Huffman {
            let mut count = [0u16; 16];
            for &l in lengths {
                count[usize::from(l)] += 1;
            }
            let mut offset = [0u16; 16];
            for len in 1..15 {
                offset[len + 1] = offset[len] + count[len];
            }
            let mut symbol = vec![0u16; lengths.len()];
            for (s, &l) in lengths.iter().enumerate() {
                if l != 0 {
                    symbol[usize::from(offset[usize::from(l)])] = s as u16;
                    offset[usize::from(l)] += 1;
                }
            }
            Huffman { count, symbol }
        }

        fn decode(&self, bits: &mut Bits) -> Option<usize> {
            let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
            for len in 1..16 {
                code |= bits.take(1)? as i32;
                let count = i32::from(self.count[len]);
                if code - count < first {
                    return Some(usize::from(*self.symbol.get((index + code - first) as usize)?));
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }
            None
        }
    }

    const LEN_BASE: [u16; 29] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    const DIST_BASE: [u16; 30] =
        [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    const DIST_EXTRA: [u8; 30] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    fn inflate(data: &[u8]) -> Option<Vec<u8>> {
        let mut bits = Bits { data, pos: 0, buf: 0, count: 0 };
        let mut out = Vec::new();
        loop {
            let last = bits.take(1)?;
            match bits.take(2)? {
                0 => {
                    bits.buf = 0;
                    bits.count = 0;
                    let len = u16::from_le_bytes([*data.get(bits.pos)?, *data.get(bits.pos + 1)?]);
                    bits.pos += 4;
                    out.extend_from_slice(data.get(bits.pos..bits.pos + usize::from(len))?);
                    bits.pos += usize::from(len);
                }
                1 => {
                    let mut lengths = [8u8; 288];
                    lengths[144..256].fill(9);
                    lengths[256..280].fill(7);
                    let (lit, dist) = (Huffman::new(&lengths), Huffman::new(&[5u8; 30]));
                    codes(&mut bits, &mut out, &lit, &dist)?;
                }
                2 => {
                    let nlen = bits.take(5)? as usize + 257;
                    let ndist = bits.take(5)? as usize + 1;
                    let ncode = bits.take(4)? as usize + 4;
                    const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
                    let mut code_lengths = [0u8; 19];
                    for &i in &ORDER[..ncode] {
                        code_lengths[i] = bits.take(3)? as u8;
                    }
                    let code = Huffman::new(&code_lengths);
                    let mut lengths = Vec::with_capacity(nlen + ndist);
                    while lengths.len() < nlen + ndist {
                        match code.decode(&mut bits)? {
                            s @ 0..=15 => lengths.push(s as u8),
                            16 => {
                                let prev = *lengths.last()?;
                                let n = 3 + bits.take(2)?;
                                lengths.extend(std::iter::repeat_n(prev, n as usize));
                            }
                            17 => {
                                let n = 3 + bits.take(3)?;
                                lengths.extend(std::iter::repeat_n(0, n as usize));
                            }
                            _ => {
                                let n = 11 + bits.take(7)?;
                                lengths.extend(std::iter::repeat_n(0, n as usize));
                            }
                        }
                    }
                    let (lit, dist) = (Huffman::new(&lengths[..nlen]), Huffman::new(&lengths[nlen..]));
                    codes(&mut bits, &mut out, &lit, &dist)?;
                }
                _ => return None,
            }
            if last == 1 {
                return Some(out);
            }
        }
    }

    fn codes(bits: &mut Bits, out: &mut Vec<u8>, lit: &Huffman, dist: &Huffman) -> Option<()> {
        loop {
            let symbol = lit.decode(bits)?;
            match symbol {
                0..=255 => out.push(symbol as u8),
                256 => return Some(()),
                _ => {
                    let i = symbol - 257;
                    let len = usize::from(*LEN_BASE.get(i)?) + bits.take(u32::from(LEN_EXTRA[i]))? as usize;
                    let d = dist.decode(bits)?;
                    let back = usize::from(*DIST_BASE.get(d)?) + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
                    let start = out.len().checked_sub(back)?;
                    for k in 0..len {
                        out.push(out[start + k]);
                    }
                }
            }
        }
    }
}
