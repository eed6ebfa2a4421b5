//! The single-page app, compiled into the binary: one HTML page, one stylesheet, one script and
//! the UI strings of each language (`assets/i18n-*.json`). Nothing is fetched from elsewhere and
//! nothing is read from disk at run time.

use crate::model::DiagCode;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The languages of the UI, with their strings: the page picks one from the browser's
/// languages, and a switch changes it.
pub const LANGUAGES: [(&str, &str); 2] = [("en", include_str!("assets/i18n-en.json")), ("zh", include_str!("assets/i18n-zh.json"))];

/// `GET /`: the page.
pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

/// `GET /app.js`: the page's script.
pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

/// `GET /app.css`: the page's stylesheet.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// `GET /i18n/en.json`, `GET /i18n/zh.json`; the diagnostics' catalogs `GET /i18n/diagnostics-en.json`,
/// `GET /i18n/diagnostics-zh.json`.
pub async fn strings(Path(file): Path<String>) -> Response {
    let stem = file.strip_suffix(".json");
    // The diagnostics' catalogs: one sentence per stable code in each language (`cbam --lang zh`
    // prints them too); the page shows a diagnostic's sentence in its language before the message.
    let found = match stem {
        Some("diagnostics-en") => Some(crate::format::diagnostics::catalog_json(crate::format::notes::Lang::En)),
        Some("diagnostics-zh") => Some(crate::format::diagnostics::catalog_json(crate::format::notes::Lang::Zh)),
        _ => LANGUAGES.iter().find(|(c, _)| stem == Some(c)).map(|(_, text)| text.to_string()),
    };
    match found {
        Some(text) => ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response(),
        None => super::api::problem(
            StatusCode::NOT_FOUND,
            DiagCode::ServeNotFound,
            "the UI's languages are en.json and zh.json, the diagnostics' diagnostics-en.json and diagnostics-zh.json",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language has every string the English UI has, and the page names no other origin.
    #[test]
    fn languages_have_the_same_keys_and_assets_stay_local() {
        let keys = |text: &str| {
            let v: serde_json::Value = serde_json::from_str(text).expect("UI strings are JSON");
            let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
            k.sort();
            k
        };
        let en = keys(LANGUAGES[0].1);
        for (code, text) in LANGUAGES {
            assert_eq!(keys(text), en, "{code} lacks or adds strings");
        }
        for (text, what) in [(INDEX, "index.html"), (SCRIPT, "app.js"), (STYLE, "app.css")] {
            for needle in ["http://", "https://", "//cdn", "@import"] {
                assert!(!text.contains(needle), "{what} refers to another origin ({needle})");
            }
        }
        // Calls of `t("key")`, not of `getElementById("id")`.
        let calls = SCRIPT.match_indices("t(\"").filter(|(i, _)| !SCRIPT[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
        for key in calls.filter_map(|(i, _)| SCRIPT[i + 3..].split('"').next()) {
            assert!(en.iter().any(|k| k == key), "app.js uses the string {key}, which i18n-en.json lacks");
        }
        for key in INDEX.split("data-i18n=\"").skip(1).filter_map(|s| s.split('"').next()) {
            assert!(en.iter().any(|k| k == key), "index.html uses the string {key}, which i18n-en.json lacks");
        }
    }
}
