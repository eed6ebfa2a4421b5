//! The module boundaries of ARCHITECTURE.md, checked on the source text: a test that fails when
//! an arrow is drawn the wrong way.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Lines of code (comments stripped) in `src/<module>` mentioning any of `needles`.
fn offenders(module: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let path = root.join(module);
    let files = if path.is_dir() { rust_files(&path) } else { vec![path.with_extension("rs")] };
    let mut found = Vec::new();
    for f in files {
        for (i, line) in fs::read_to_string(&f).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if needles.iter().any(|n| code.contains(n)) {
                found.push(format!("{}:{}: {}", f.strip_prefix(&root).unwrap().display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn compute_is_pure() {
    let bad =
        offenders("compute", &["crate::read", "crate::render", "crate::cli", "calamine", "typst", "std::fs", "std::io", "f64", "f32", "println!", "eprintln!"]);
    assert!(bad.is_empty(), "compute must not do I/O, read, render or use floats:\n{}", bad.join("\n"));
}

#[test]
fn only_read_knows_calamine() {
    for m in ["model", "validate", "compute", "render", "cli", "format", "tables"] {
        // tables' own tests cross-check the Commission workbooks with calamine; only test code may.
        let bad: Vec<_> = offenders(m, &["calamine::"]).into_iter().filter(|l| !is_test_code(l)).collect();
        assert!(bad.is_empty(), "only read may use calamine:\n{}", bad.join("\n"));
    }
}

#[test]
fn model_and_format_know_nothing_above_them() {
    for m in ["model", "format"] {
        let bad = offenders(m, &["crate::read", "crate::validate", "crate::compute", "crate::render", "crate::cli", "crate::tables", "std::fs"]);
        let bad: Vec<_> = bad.into_iter().filter(|l| !is_test_code(l)).collect();
        assert!(bad.is_empty(), "{m} must depend on nothing above it:\n{}", bad.join("\n"));
    }
}

#[test]
fn the_library_never_prints_or_exits() {
    for m in ["model", "format", "read", "validate", "compute", "render", "tables", "serve"] {
        let bad: Vec<_> = offenders(m, &["println!", "eprintln!", "print!(", "std::process::exit"]).into_iter().filter(|l| !is_test_code(l)).collect();
        assert!(bad.is_empty(), "only cli prints or exits:\n{}", bad.join("\n"));
    }
}

/// The web server stays in its module: nothing else knows axum or tokio, and it serves no file
/// from disk and calls no command of the CLI.
#[test]
fn only_serve_knows_the_web() {
    for m in [
        "model",
        "format",
        "read",
        "validate",
        "compute",
        "render",
        "tables",
        "report",
        "declaration",
        "lib",
        "cli/compute",
        "cli/declaration",
        "cli/statement",
        "cli/validate",
        "cli/init",
        "cli/mod",
    ] {
        let bad = offenders(m, &["axum", "tokio", "tower_http", "crate::serve"]);
        assert!(bad.is_empty(), "only serve and cli/serve.rs may use axum and tokio:\n{}", bad.join("\n"));
    }
    let bad = offenders("serve", &["crate::cli", "ServeDir", "ServeFile", "std::fs::read", "File::open", "include_bytes!(\"/", "include_str!(\"/"]);
    assert!(bad.is_empty(), "serve calls the library, never the CLI, and reads no file at run time:\n{}", bad.join("\n"));
}

/// Whether the offending line sits below a `#[cfg(test)]` of its file (test code may print and
/// read the Commission's workbooks to cross-check the extracted data).
fn is_test_code(line: &str) -> bool {
    let (file, rest) = line.split_once(':').unwrap();
    // A module file of its own that only tests load (`mod tests;` under `#[cfg(test)]`).
    let name = file.rsplit('/').next().unwrap_or(file);
    if name.starts_with("tests") || name == "testkit.rs" {
        return true;
    }
    let lineno: usize = rest.split(':').next().unwrap().parse().unwrap();
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file)).unwrap();
    text.lines().take(lineno).any(|l| l.trim_start().starts_with("#[cfg(test)]"))
}

#[test]
fn the_format_document_lists_every_field_and_column() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/workbook-format.md")).unwrap();
    use cbam::format::tidy::{ABOUT_FIELDS, TABLES};
    for c in ABOUT_FIELDS {
        assert!(doc.contains(&format!("| `{}` |", c.key)), "docs/workbook-format.md lacks About field {}", c.key);
    }
    for t in TABLES {
        assert!(doc.contains(&format!("### {}", t.sheet)), "docs/workbook-format.md lacks sheet {}", t.sheet);
        for c in t.columns {
            assert!(doc.contains(&format!("| `{}` |", c.key)), "docs/workbook-format.md lacks {}.{}", t.sheet, c.key);
        }
    }
}

/// The law is data and a regime: act numbers, the de minimis threshold and the years rules start
/// in appear in code only in `src/regime` and in `src/tables` (which reads `data/`); everywhere
/// else they come from the regime carried in the results.
#[test]
fn the_law_lives_in_data_and_the_regime() {
    let acts = ["2023/1773", "2025/2547", "2025/2620", "2025/2621", "2026/1740", "2025/2083", "2023/956", "2018/2001", "DE_MINIMIS"];
    let rule_years = ["< 2026", "<= 2025", ">= 2026", "== 2026", "> 2025", "2026..", "..2026", "..=2025", "< 2027"];
    let needles: Vec<&str> = acts.iter().chain(rule_years.iter()).copied().collect();
    let mut bad = Vec::new();
    for m in ["model", "format", "read", "validate", "compute", "render", "report", "declaration", "cli", "lib", "serve"] {
        bad.extend(offenders(m, &needles).into_iter().filter(|l| !is_test_code(l)));
    }
    assert!(bad.is_empty(), "a legal act, threshold or rule year outside src/regime, src/tables and data/:\n{}", bad.join("\n"));
}

/// docs/regimes.md names, for every rule that differs between the methodologies, the test that
/// proves it: each named test must exist.
#[test]
fn every_test_regimes_md_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/regimes.md")).unwrap();
    let mut sources = String::new();
    for dir in ["src", "tests/it"] {
        for f in rust_files(&root.join(dir)) {
            sources.push_str(&fs::read_to_string(f).unwrap());
        }
    }
    let mut named = 0;
    for cell in doc.split('`') {
        let Some((_, name)) = cell.rsplit_once("::") else { continue };
        if !cell.contains("tests") && !cell.starts_with("it::") {
            continue;
        }
        let name = name.trim_start_matches('…').trim_start_matches("::");
        assert!(sources.contains(&format!("fn {name}(")), "docs/regimes.md names the test {cell}, which does not exist");
        named += 1;
    }
    assert!(named >= 15, "only {named} tests named");
}
