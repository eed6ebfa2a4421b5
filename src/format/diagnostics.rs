//! The diagnostics' sentences by language: one per stable code ([`DiagCode`]). The English
//! sentence is the variant's doc comment ([`DiagCode::sentence`]); the Chinese ones are
//! `diagnostics-zh.json` beside this file (embedded). The command line prints them with
//! `--lang zh`; the web page fetches both catalogs as JSON. No I/O here.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::notes::Lang;
use crate::model::DiagCode;

/// The Chinese sentences, one per code (a test holds it to [`DiagCode::ALL`]).
const CHINESE: &str = include_str!("diagnostics-zh.json");

/// The catalog of `lang`: a sentence per diagnostic code.
pub fn catalog(lang: Lang) -> &'static HashMap<String, String> {
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| DiagCode::ALL.iter().map(|c| (c.as_str().to_string(), c.sentence().to_string())).collect()),
        Lang::Zh => ZH.get_or_init(|| serde_json::from_str(CHINESE).expect("the diagnostics' catalog is a JSON object of strings (tested)")),
    }
}

/// The catalog of `lang` as the web page fetches it: a JSON object, code → sentence, sorted by code.
pub fn catalog_json(lang: Lang) -> String {
    let sorted: BTreeMap<&String, &String> = catalog(lang).iter().collect();
    serde_json::to_string_pretty(&sorted).expect("strings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_chinese_sentence_and_is_written_by_the_code() {
        let zh = catalog(Lang::Zh);
        let mut keys: Vec<&str> = zh.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let codes: Vec<&str> = DiagCode::ALL.iter().map(|c| c.as_str()).collect();
        let missing: Vec<&&str> = codes.iter().filter(|c| !zh.contains_key(**c)).collect();
        assert!(missing.is_empty(), "diagnostics-zh.json lacks {missing:?}");
        assert_eq!(keys, codes, "diagnostics-zh.json names exactly the codes of DiagCode");
        for (code, text) in zh {
            assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{code}: '{text}' is Chinese");
        }
        assert_eq!(catalog(Lang::En).len(), DiagCode::ALL.len());
        // Every code is one the code writes: `DiagCode::Variant` appears under src/ outside its
        // definition (an enum's unused variant draws no warning).
        let mut sources = String::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("diag/code.rs") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        for code in DiagCode::ALL {
            assert!(sources.contains(&format!("DiagCode::{code:?}")), "{code} ({code:?}) is written nowhere in src/");
        }
    }

    #[test]
    fn the_json_catalogs_are_sorted_objects_of_every_code() {
        for lang in [Lang::En, Lang::Zh] {
            let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&catalog_json(lang)).unwrap();
            let keys: Vec<&String> = parsed.keys().collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{lang:?}: sorted by code");
            assert_eq!(keys.len(), DiagCode::ALL.len(), "{lang:?}");
        }
        assert_eq!(serde_json::from_str::<serde_json::Value>(&catalog_json(Lang::En)).unwrap()["input.type"].as_str(), Some(DiagCode::InputType.sentence()));
    }
}
