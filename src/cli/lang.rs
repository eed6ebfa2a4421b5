//! `cbam --lang zh COMMAND`: the diagnostics on stderr in Chinese.
//!
//! Each stable code ([`DiagCode`](cbam::model::DiagCode)) has one sentence per language: the English one is the variant's
//! doc comment ([`DiagCode::sentence`](cbam::model::DiagCode::sentence)), the Chinese ones are `src/format/diagnostics-zh.json`
//! ([`cbam::format::diagnostics`]); the web page fetches both catalogs.
//! In Chinese a diagnostic prints as `错误[code]: location: <the catalog's sentence>`, then the
//! English message, which names the values found, as `  详情:` and the hints as `  提示:`. A code
//! the catalog lacks keeps its English message. Codes, locations and exit codes never change
//! with the language.

use std::collections::HashMap;
use std::sync::OnceLock;

use cbam::model::{Diagnostic, Severity};

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

impl From<MessageLang> for cbam::format::notes::Lang {
    fn from(lang: MessageLang) -> Self {
        match lang {
            MessageLang::En => Self::En,
            MessageLang::Zh => Self::Zh,
        }
    }
}

/// The catalog of `lang`: a sentence per diagnostic code.
pub fn catalog(lang: MessageLang) -> &'static HashMap<String, String> {
    cbam::format::diagnostics::catalog(lang.into())
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
    match catalog(lang).get(d.code.as_str()) {
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
    use cbam::model::{CellRef, DiagCode};

    #[test]
    fn chinese_keeps_code_location_and_the_english_detail() {
        let cell = CellRef::parse("Processes", "E4").unwrap();
        let d = Diagnostic::at(DiagCode::InputType, &cell, "expected the activity level (saleable output) as a number, found 'n/a'").hint("type a number");
        let zh = render(&d, MessageLang::Zh);
        let sentence = &catalog(MessageLang::Zh)["input.type"];
        assert_eq!(
            zh,
            format!(
                "错误[input.type]: Processes!E4: {sentence}\n  详情: expected the activity level (saleable output) as a number, found 'n/a'\n  提示: type a number"
            )
        );
        assert_eq!(render(&d, MessageLang::En), d.to_string());
        assert_eq!(count(2, 1, MessageLang::Zh), "2 个错误，1 个警告");
        assert_eq!(count(1, 0, MessageLang::En), "1 error, 0 warnings");
    }
}
