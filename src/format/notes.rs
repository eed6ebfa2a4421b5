//! The human-readable texts of our workbooks in other languages than English: the ReadMe's
//! sentences, each sheet's purpose and each column's or field's note, as data
//! (`notes-zh.json`, embedded). English stays where it always was, beside the columns in
//! [`super::tidy`] and [`super::imports`]; a translation replaces texts only, never a sheet
//! name, key, unit or code, so a reader cannot tell the languages apart.
//!
//! The file has four maps: `text` (sentences by stable id, with `{name}` placeholders filled in
//! by the writer: [`TEXT_IDS`] lists each id with its placeholders), `sheets` (a sheet's purpose,
//! by sheet name), `notes` (by `Sheet.key`) and `codes` (what a drop-down's code means, shown
//! beside the code, which stays as it is). A test checks that every sheet and column of
//! both workbooks has its entry, that no entry names something gone, and that every entry is
//! written in Chinese. No I/O here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The language of a workbook's notes and ReadMe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// English: the texts beside the columns in [`super::tidy`] and [`super::imports`].
    #[default]
    En,
    /// Simplified Chinese, from `notes-zh.json`.
    Zh,
}

/// The sentences of the ReadMe and of the notes that are not a column's own, with the
/// placeholders each one must hold.
pub const TEXT_IDS: &[(&str, &[&str])] = &[
    ("installation.title", &[]),
    ("installation.intro", &[]),
    ("installation.units_extra", &[]),
    ("imports.title", &[]),
    ("imports.intro", &[]),
    ("doc.subject", &["name", "version"]),
    ("readme.format", &["name", "version", "intro", "header"]),
    ("readme.sheets", &[]),
    ("readme.key_sheet", &["purpose", "key", "name", "version"]),
    ("readme.how", &[]),
    ("readme.rows.label", &[]),
    ("readme.rows", &["header", "units", "first"]),
    ("readme.units.label", &[]),
    ("readme.units", &["units", "extra"]),
    ("readme.required.label", &[]),
    ("readme.required", &["key_sheet"]),
    ("readme.codes.label", &[]),
    ("readme.codes", &[]),
    ("readme.numbers.label", &[]),
    ("readme.numbers", &[]),
    ("readme.dates.label", &[]),
    ("readme.dates", &[]),
    ("note.required", &[]),
    ("note.optional", &[]),
    ("note.one_of", &["codes"]),
    ("note.yes_no", &[]),
    ("note.date", &[]),
    ("note.unit", &["unit", "row"]),
    ("note.unit_or", &["unit", "others", "row"]),
    ("list.error_title", &[]),
    ("list.error_message", &[]),
];

/// The translations of one language.
#[derive(Debug, serde::Deserialize)]
pub struct Catalog {
    /// Sentences by id ([`TEXT_IDS`]).
    pub text: BTreeMap<String, String>,
    /// A sheet's purpose, by sheet name.
    pub sheets: BTreeMap<String, String>,
    /// A column's or field's note, by `Sheet.key`.
    pub notes: BTreeMap<String, String>,
    /// What a code of a drop-down list means, by code.
    pub codes: BTreeMap<String, String>,
}

const ZH: &str = include_str!("notes-zh.json");

impl Catalog {
    /// The catalog of `lang`; `None` for English, whose texts live beside the columns.
    pub fn of(lang: Lang) -> Option<&'static Catalog> {
        static CELL: OnceLock<Catalog> = OnceLock::new();
        match lang {
            Lang::En => None,
            Lang::Zh => Some(CELL.get_or_init(|| serde_json::from_str(ZH).expect("notes-zh.json is a catalog (tested)"))),
        }
    }

    /// The sentence `id` with its placeholders filled in from `values`.
    ///
    /// # Panics
    /// When the catalog lacks `id` (a test checks it holds every id of [`TEXT_IDS`]).
    pub fn text(&self, id: &str, values: &[(&str, &str)]) -> String {
        let template = self.text.get(id).unwrap_or_else(|| panic!("notes catalog lacks text '{id}'"));
        values.iter().fold(template.clone(), |s, (name, value)| s.replace(&format!("{{{name}}}"), value))
    }

    /// The purpose of `sheet`. Panics when missing, like [`Catalog::text`].
    pub fn sheet(&self, sheet: &str) -> &str {
        self.sheets.get(sheet).unwrap_or_else(|| panic!("notes catalog lacks sheet '{sheet}'"))
    }

    /// Each code of `list` with its meaning, if the catalog has one: `cement（水泥）、clinker（熟料）`.
    pub fn codes(&self, list: &[&str]) -> String {
        let one = |code: &&str| match self.codes.get(*code) {
            Some(meaning) => format!("{code}（{meaning}）"),
            None => (*code).to_owned(),
        };
        list.iter().map(one).collect::<Vec<_>>().join("、")
    }

    /// The note of column or field `key` of `sheet`. Panics when missing, like [`Catalog::text`].
    pub fn note(&self, sheet: &str, key: &str) -> &str {
        self.notes.get(&format!("{sheet}.{key}")).unwrap_or_else(|| panic!("notes catalog lacks note '{sheet}.{key}'"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::format::{imports, tidy};

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    }

    /// Every sheet and column of both workbooks has its Chinese text, the catalog names nothing
    /// that is gone, every entry is Chinese and every sentence holds exactly its placeholders.
    #[test]
    fn the_chinese_catalog_covers_both_workbooks_and_nothing_else() {
        let zh = Catalog::of(Lang::Zh).unwrap();
        let key_sheets = [(tidy::ABOUT, tidy::ABOUT_FIELDS), (imports::DECLARANT, imports::DECLARANT_FIELDS)];
        let tables = tidy::TABLES.iter().chain(imports::TABLES.iter());
        let mut sheets = BTreeSet::new();
        let mut notes = BTreeSet::new();
        for (sheet, fields) in key_sheets {
            sheets.insert(sheet.to_owned());
            notes.extend(fields.iter().map(|c| format!("{sheet}.{}", c.key)));
        }
        for t in tables {
            sheets.insert(t.sheet.to_owned());
            notes.extend(t.columns.iter().map(|c| format!("{}.{}", t.sheet, c.key)));
        }
        let have: BTreeSet<_> = zh.notes.keys().cloned().collect();
        assert_eq!(notes.difference(&have).collect::<Vec<_>>(), Vec::<&String>::new(), "columns without a Chinese note");
        assert_eq!(have.difference(&notes).collect::<Vec<_>>(), Vec::<&String>::new(), "notes of columns that do not exist");
        assert_eq!(zh.sheets.keys().cloned().collect::<BTreeSet<_>>(), sheets, "sheet purposes");
        let ids: BTreeSet<_> = TEXT_IDS.iter().map(|(id, _)| id.to_string()).collect();
        assert_eq!(zh.text.keys().cloned().collect::<BTreeSet<_>>(), ids, "sentences");

        // Every code of a drop-down (units aside) has its meaning; no meaning names a code that is gone.
        let key_columns = tidy::ABOUT_FIELDS.iter().chain(imports::DECLARANT_FIELDS);
        let columns = key_columns.chain(tidy::TABLES.iter().chain(imports::TABLES.iter()).flat_map(|t| t.columns));
        let mut codes = BTreeSet::from(["yes", "no"]);
        for c in columns.filter(|c| !c.key.ends_with("_unit")) {
            if let tidy::Kind::Code(list) = c.kind {
                codes.extend(list.iter().copied());
            }
        }
        let meant: BTreeSet<&str> = zh.codes.keys().map(String::as_str).collect();
        assert_eq!(codes, meant, "codes and their meanings");

        for (id, text) in zh.text.iter().chain(&zh.sheets).chain(&zh.notes).chain(&zh.codes) {
            assert!(has_cjk(text), "{id} is not in Chinese: {text}");
        }
        for (id, wanted) in TEXT_IDS {
            let text = &zh.text[*id];
            let found: BTreeSet<&str> = text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect();
            assert_eq!(found, wanted.iter().copied().collect(), "placeholders of {id}: {text}");
        }
    }
}
