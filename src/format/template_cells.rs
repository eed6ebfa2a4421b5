//! Cell maps of the Commission's Communication template, one per version, as data
//! (`data/template-cells-v*.csv`, embedded at build time): every cell cbam reads or writes is named once,
//! with its sheet, its first and last cell, and how often it repeats in blocks (the process blocks
//! of `D_Processes`, the purchased-precursor blocks of `E_PurchPrec`).
//!
//! Owns the parsing of those files and the lookup by name; knows nothing of what the cells mean.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::CellRef;

/// The template versions cbam has a cell map for, oldest first, with the map's text.
const MAPS: &[(&str, &str)] = &[("2.1", include_str!("../../data/template-cells-v2.1.csv")), ("2.1.1", include_str!("../../data/template-cells-v2.1.1.csv"))];

/// One named cell or range, repeated `blocks` times `step` rows apart.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The sheet's name.
    pub sheet: String,
    /// The first cell of the first block, (row, column), 0-based.
    pub first: (u32, u32),
    /// The last cell of the first block, (row, column), 0-based: `first` for one cell.
    pub last: (u32, u32),
    /// How many times the entry repeats (1: once).
    pub blocks: u32,
    /// Rows from one block to the next.
    pub step: u32,
    /// What the cell holds, in words (`cached:` for a formula's cached result).
    pub note: String,
}

impl Entry {
    /// Rows of one block.
    pub fn rows(&self) -> u32 {
        self.last.0 - self.first.0 + 1
    }
    /// Columns of one block.
    pub fn cols(&self) -> u32 {
        self.last.1 - self.first.1 + 1
    }
    /// The cell at row `i`, column `j` of block `block` (all 0-based).
    pub fn at(&self, block: u32, i: u32, j: u32) -> CellRef {
        CellRef::new(self.sheet.clone(), self.first.0 + block * self.step + i, self.first.1 + j)
    }
}

/// The cell map of one template version.
#[derive(Debug)]
pub struct CellMap {
    /// The template version the map is of, e.g. `2.1.1`.
    pub version: &'static str,
    entries: HashMap<String, Entry>,
}

impl CellMap {
    /// The map of `version`, if cbam has one.
    pub fn for_version(version: &str) -> Option<&'static CellMap> {
        all().iter().find(|m| m.version == version)
    }

    /// The newest map (its version table is where every version keeps it).
    pub fn newest() -> &'static CellMap {
        all().last().expect("at least one cell map")
    }

    /// Versions with a map, oldest first.
    pub fn versions() -> Vec<&'static str> {
        MAPS.iter().map(|(v, _)| *v).collect()
    }

    /// The entry named `name`; a missing name is a bug in the code, not in the input.
    pub fn get(&self, name: &str) -> &Entry {
        self.entries.get(name).unwrap_or_else(|| panic!("cell map {} has no entry '{name}'", self.version))
    }

    /// Whether the map has an entry named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// Every entry, by name (in no particular order).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(n, e)| (n.as_str(), e))
    }

    /// Whether the entry is an input cell (the others are cached formula results or lists the
    /// reader looks up, marked `cached:` or naming another sheet's list in their note).
    pub fn is_input(name: &str, e: &Entry) -> bool {
        !e.note.starts_with("cached:") && !name.starts_with("codes.") && !name.starts_with("versions.")
    }

    /// The names of the sheets the map reads from.
    pub fn sheets(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.entries.values().map(|e| e.sheet.as_str()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Parses a map; `Err` names the line that is wrong.
    pub fn parse(version: &'static str, text: &str) -> Result<CellMap, String> {
        let mut entries = HashMap::new();
        let mut header = false;
        let mut cells: HashMap<(String, u32, u32), String> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let err = |m: String| format!("template-cells-v{version}.csv line {}: {m}", i + 1);
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if !header {
                if l != "name,sheet,first,last,blocks,step,note" {
                    return Err(err(format!("unexpected header '{l}'")));
                }
                header = true;
                continue;
            }
            let cols = split_csv(l);
            if cols.len() != 7 {
                return Err(err(format!("expected 7 columns, found {}", cols.len())));
            }
            let sheet = cols[1].clone();
            let cell = |t: &str| CellRef::parse(&sheet, t).map(|c| (c.row, c.col)).ok_or_else(|| err(format!("'{t}' is not a cell")));
            let first = cell(&cols[2])?;
            let last = if cols[3].is_empty() { first } else { cell(&cols[3])? };
            if last.0 < first.0 || last.1 < first.1 {
                return Err(err("the last cell comes before the first".into()));
            }
            let num = |t: &str, default: u32| if t.is_empty() { Ok(default) } else { t.parse::<u32>().map_err(|_| err(format!("'{t}' is not a count"))) };
            let entry = Entry { sheet, first, last, blocks: num(&cols[4], 1)?, step: num(&cols[5], 0)?, note: cols[6].clone() };
            for b in 0..entry.blocks {
                for r in 0..entry.rows() {
                    for c in 0..entry.cols() {
                        let at = entry.at(b, r, c);
                        if let Some(other) = cells.insert((at.sheet.to_string(), at.row, at.col), cols[0].clone()) {
                            return Err(err(format!("cell {at} is named twice ({other} and {})", cols[0])));
                        }
                    }
                }
            }
            if entries.insert(cols[0].clone(), entry).is_some() {
                return Err(err(format!("name '{}' appears twice", cols[0])));
            }
        }
        Ok(CellMap { version, entries })
    }
}

fn all() -> &'static [CellMap] {
    static ALL: OnceLock<Vec<CellMap>> = OnceLock::new();
    ALL.get_or_init(|| MAPS.iter().map(|(v, text)| CellMap::parse(v, text).unwrap_or_else(|e| panic!("{e}"))).collect())
}

/// Splits one CSV line (RFC 4180 quotes, no line breaks inside fields).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_map_parses_and_names_each_cell_once() {
        for v in CellMap::versions() {
            let m = CellMap::for_version(v).expect("a map");
            assert_eq!(m.get("proc.dir_em").at(1, 0, 0).to_string(), "D_Processes!L119");
            assert_eq!(m.get("pp.see_direct").at(19, 0, 0).to_string(), "E_PurchPrec!L885");
            assert_eq!(m.get("stream.method").rows(), 75);
        }
    }

    #[test]
    fn versions_differ_in_summary_communication_only() {
        let (old, new) = (CellMap::for_version("2.1").unwrap(), CellMap::for_version("2.1.1").unwrap());
        assert!(!old.has("comm.electricity_ef") && new.has("comm.electricity_ef"));
        assert_eq!(old.get("comm.clinker_factor").at(0, 0, 0).to_string(), "Summary_Communication!AB26");
        assert_eq!(new.get("comm.clinker_factor").at(0, 0, 0).to_string(), "Summary_Communication!AC26");
        for (name, e) in &new.entries {
            if e.sheet != "Summary_Communication" {
                let o = old.get(name);
                assert_eq!((o.first, o.last, o.blocks, o.step), (e.first, e.last, e.blocks, e.step), "{name}");
            }
        }
    }

    #[test]
    fn a_cell_named_twice_is_refused() {
        let text = "name,sheet,first,last,blocks,step,note\na,S,A1,A3,,,x\nb,S,A2,,,,y\n";
        assert!(CellMap::parse("t", text).unwrap_err().contains("named twice"));
        assert_eq!(split_csv(r#"a,"b, c",,"d ""e""""#), ["a", "b, c", "", r#"d "e""#]);
    }
}
