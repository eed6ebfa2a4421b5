//! `cbam --lang zh COMMAND`: the diagnostics on stderr in Chinese.
//!
//! Each stable code has one sentence per language in a catalog, one file per language
//! (`src/serve/assets/diagnostics-en.json`, `diagnostics-zh.json`, which the web page uses too).
//! In Chinese a diagnostic prints as `错误[code]: location: <the catalog's sentence>`, then the
//! English message, which names the values found, as `  详情:` and the hints as `  提示:`. A code
//! the catalog lacks keeps its English message. Codes, locations and exit codes never change
//! with the language.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Diagnostic, Severity};

/// The language of the messages on stderr.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MessageLang {
    /// English (the messages as the library writes them).
    #[default]
    En,
    /// 简体中文: each code's sentence from the catalog, the English message as the detail.
    Zh,
}

static CHOSEN: OnceLock<MessageLang> = OnceLock::new();

/// Sets the language of this run's messages (once, from the command line).
pub fn choose(lang: MessageLang) {
    let _ = CHOSEN.set(lang);
}

/// The language chosen for this run (English unless `--lang` said otherwise).
pub fn chosen() -> MessageLang {
    CHOSEN.get().copied().unwrap_or_default()
}

/// The catalog of `lang`: a sentence per diagnostic code.
pub fn catalog(lang: MessageLang) -> &'static HashMap<String, String> {
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, text) = match lang {
        MessageLang::En => (&EN, crate::serve::assets::DIAGNOSTICS[0].1),
        MessageLang::Zh => (&ZH, crate::serve::assets::DIAGNOSTICS[1].1),
    };
    cell.get_or_init(|| serde_json::from_str(text).expect("the diagnostics' catalog is a JSON object of strings (tested)"))
}

/// One diagnostic as `cbam` prints it in `lang`, without a final newline.
pub fn render(d: &Diagnostic, lang: MessageLang) -> String {
    if lang == MessageLang::En {
        return d.to_string();
    }
    let sev = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut out = format!("{sev}[{}]: ", d.code);
    if let Some(loc) = &d.location {
        out.push_str(&format!("{loc}: "));
    }
    match catalog(lang).get(d.code) {
        Some(sentence) => out.push_str(&format!("{sentence}\n  详情: {}", d.message)),
        None => out.push_str(&d.message),
    }
    for h in &d.hints {
        out.push_str(&format!("\n  提示: {h}"));
    }
    out
}

/// Every diagnostic in `lang`, one per line (and its detail and hints).
pub fn render_all(diags: &[Diagnostic], lang: MessageLang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, lang));
        out.push('\n');
    }
    out
}

/// The closing count: `2 errors, 1 warning` or `2 个错误，1 个警告`.
pub fn count(errors: usize, warnings: usize, lang: MessageLang) -> String {
    match lang {
        MessageLang::En => format!("{errors} error{}, {warnings} warning{}", super::plural(errors), super::plural(warnings)),
        MessageLang::Zh => format!("{errors} 个错误，{warnings} 个警告"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, Location};

    #[test]
    fn catalogs_have_the_same_codes_each_used_by_the_code() {
        let en = catalog(MessageLang::En);
        let zh = catalog(MessageLang::Zh);
        let mut a: Vec<&String> = en.keys().collect();
        let mut b: Vec<&String> = zh.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "diagnostics-en.json and diagnostics-zh.json name the same codes");
        for (code, text) in zh {
            assert!(!text.trim().is_empty(), "{code} has a sentence");
            assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{code}: '{text}' is Chinese");
        }
        // Every code of the catalog is one the code writes (a string literal under src/).
        let mut sources = String::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("cli/lang.rs") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        for code in en.keys() {
            assert!(sources.contains(&format!("\"{code}\"")), "the catalog's code {code} appears nowhere in src/");
        }
    }

    #[test]
    fn chinese_keeps_code_location_and_the_english_detail() {
        let cell = CellRef::parse("Processes", "E4").unwrap();
        let d = Diagnostic::at("input.type", &cell, "expected the activity level (saleable output) as a number, found 'n/a'").hint("type a number");
        let zh = render(&d, MessageLang::Zh);
        let sentence = &catalog(MessageLang::Zh)["input.type"];
        assert_eq!(
            zh,
            format!(
                "错误[input.type]: Processes!E4: {sentence}\n  详情: expected the activity level (saleable output) as a number, found 'n/a'\n  提示: type a number"
            )
        );
        assert_eq!(render(&d, MessageLang::En), d.to_string());
        let unknown = Diagnostic::warning("no.such_code", Some(Location::Cell(cell)), "as written");
        assert_eq!(render(&unknown, MessageLang::Zh), "警告[no.such_code]: Processes!E4: as written");
        assert_eq!(count(2, 1, MessageLang::Zh), "2 个错误，1 个警告");
        assert_eq!(count(1, 0, MessageLang::En), "1 error, 0 warnings");
    }
}
