//! The operator's emissions report (Annex IV of IR 2025/2547): every item of points 1.1 (1 to 35)
//! and 1.2 (1 to 16) has a row in `docs/operator-report.md` mapping it to a member of
//! `schemas/operator-report-v1.schema.json` (which must exist there), with a status that says
//! filled, not applicable (why) or missing (what).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The schema nodes a step from `node` reaches: `*` an array's items, else a named property;
/// through `$ref` (to `#/$defs/…`) and the branches of `anyOf` / `oneOf` (nullable members).
fn step<'a>(schema: &'a Value, node: &'a Value, token: &str) -> Vec<&'a Value> {
    let mut node = node;
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        node = &schema["$defs"][name];
        assert!(!node.is_null(), "$ref {r} points nowhere");
    }
    let mut out = Vec::new();
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node.get(key).and_then(Value::as_array).into_iter().flatten() {
            out.extend(step(schema, branch, token));
        }
    }
    if token == "*" {
        out.extend(node.get("items"));
    } else {
        out.extend(node.get("properties").and_then(|p| p.get(token)));
    }
    out
}

fn exists(schema: &Value, pointer: &str) -> bool {
    let mut nodes = vec![schema];
    for token in pointer.trim_start_matches('/').split('/') {
        nodes = nodes.into_iter().flat_map(|n| step(schema, n, token)).collect();
        if nodes.is_empty() {
            return false;
        }
    }
    true
}

struct Row {
    item: String,
    pointer: String,
    status: String,
}

fn rows() -> Vec<Row> {
    let doc = std::fs::read_to_string(root().join("docs/operator-report.md")).unwrap();
    doc.lines()
        .filter(|l| l.starts_with("| 1.1-") || l.starts_with("| 1.2-"))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 5, "a row has five cells: {l}");
            Row { item: cells[0].to_string(), pointer: cells[2].trim_matches('`').to_string(), status: cells[4].to_string() }
        })
        .collect()
}

/// The item number of an id such as `1.1-15(c)`, and its point (`1.1` or `1.2`).
fn number(item: &str) -> (String, u32) {
    let (point, rest) = item.split_once('-').unwrap_or_else(|| panic!("item id {item}"));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = &rest[digits.len()..];
    assert!(tail.is_empty() || (tail.len() == 3 && tail.starts_with('(') && tail.ends_with(')') && tail.as_bytes()[1].is_ascii_lowercase()), "item id {item}");
    (point.to_string(), digits.parse().unwrap_or_else(|_| panic!("item id {item}")))
}

#[test]
fn every_item_of_annex_iv_has_a_row_a_member_and_a_status() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(root().join("schemas/operator-report-v1.schema.json")).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let rows = rows();
    let mut seen = BTreeSet::new();
    let (mut full, mut summary) = (BTreeSet::new(), BTreeSet::new());
    for r in &rows {
        assert!(seen.insert(r.item.clone()), "item {} has two rows", r.item);
        let (point, n) = number(&r.item);
        match point.as_str() {
            "1.1" => full.insert(n),
            "1.2" => summary.insert(n),
            other => panic!("point {other}"),
        };
        assert!(r.pointer.starts_with('/') && exists(&schema, &r.pointer), "{}: {} is not a member of the schema", r.item, r.pointer);
        let ok = r.status == "filled"
            || r.status.strip_prefix("not applicable: ").is_some_and(|why| !why.trim().is_empty())
            || r.status.strip_prefix("missing: ").is_some_and(|what| !what.trim().is_empty());
        assert!(ok, "{}: status '{}' is not filled, 'not applicable: why' or 'missing: what'", r.item, r.status);
    }
    assert_eq!(full, (1..=35).collect::<BTreeSet<u32>>(), "items of Annex IV point 1.1 without a row");
    assert_eq!(summary, (1..=16).collect::<BTreeSet<u32>>(), "items of Annex IV point 1.2 without a row");
}

/// The check can fail: a pointer that is not in the schema, and an item list with a gap.
#[test]
fn the_coverage_check_catches_a_gap_and_a_foreign_member() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(root().join("schemas/operator-report-v1.schema.json")).unwrap()).unwrap();
    assert!(exists(&schema, "/goods/*/see_direct"));
    assert!(!exists(&schema, "/goods/*/no_such_member"));
    assert!(!exists(&schema, "/no_such_member"));
    let items: BTreeSet<u32> = rows().iter().filter(|r| r.item.starts_with("1.2-") && r.item != "1.2-7").map(|r| number(&r.item).1).collect();
    assert_ne!(items, (1..=16).collect::<BTreeSet<u32>>());
}
