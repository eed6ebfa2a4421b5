//! CBAM benchmarks of Implementing Regulation (EU) 2025/2620 for cement and aluminium goods (the
//! BMg in the free allocation adjustment `SEFA = CBAM factor × CSCF × BMg`), embedded from
//! `data/benchmarks-IR-2025-2620.csv` (extracted from the Commission workbook by
//! `tools/extract_reference_tables.py`; see `data/README.md`).
//!
//! The workbook gives, per 8-digit CN code, one row per production route indicator, each with a
//! "Column A" and a "Column B" benchmark and route indicator: `(A)`/`(B)` for grey/white clinker,
//! `(K)`/`(L)` for the primary/secondary aluminium routes, `(1)`/`(2)` for aluminous cement. Which
//! column applies to a declaration is a rule of the regulation that the workbook does not state,
//! so this module hands out both and lets the caller choose; it computes nothing.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::embedded_csv::Csv;
use crate::model::{CnCode, Dec};

const CSV: &str = include_str!("../../data/benchmarks-IR-2025-2620.csv");
const HEADER: &str = "cn_code,description,column_a_bm,column_a_route,column_b_bm,column_b_route";

static TABLE: LazyLock<Benchmarks> = LazyLock::new(|| Benchmarks::parse(CSV));

/// One row of the benchmark table (tCO2e per tonne of good).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benchmark {
    /// 8-digit CN code.
    pub cn_code: String,
    /// The workbook's "CN Description".
    pub description: String,
    /// "Column A BMg"; `None` where blank.
    pub column_a: Option<Dec>,
    /// "Column A Production route indicator", e.g. `(A)`, `(K)`; `None` where blank.
    pub column_a_route: Option<BenchmarkRoute>,
    /// "Column B BMg"; `None` where blank.
    pub column_b: Option<Dec>,
    /// "Column B Production route indicator"; `None` where blank.
    pub column_b_route: Option<BenchmarkRoute>,
}

/// A production route indicator of the benchmark table: the bracketed letter or digit that tells
/// the rows of one CN code apart, and that a default-value row names as its "Underlying
/// production route determining CBAM BM". The table's text (`(K)`) is its one mapping, on every
/// output and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BenchmarkRoute {
    /// `(A)`: grey clinker (and the cements made of it).
    A,
    /// `(B)`: white clinker (and the cements made of it).
    B,
    /// `(K)`: primary aluminium (electrolytic smelting).
    K,
    /// `(L)`: secondary aluminium (melting of scrap).
    L,
    /// `(1)`: the first route of aluminous cement.
    One,
    /// `(2)`: the second route of aluminous cement.
    Two,
}

impl BenchmarkRoute {
    /// Every indicator the table uses, in the order above.
    pub const ALL: [BenchmarkRoute; 6] = [BenchmarkRoute::A, BenchmarkRoute::B, BenchmarkRoute::K, BenchmarkRoute::L, BenchmarkRoute::One, BenchmarkRoute::Two];

    /// As the table writes it: `(A)`, `(B)`, `(K)`, `(L)`, `(1)`, `(2)`.
    pub fn code(self) -> &'static str {
        match self {
            BenchmarkRoute::A => "(A)",
            BenchmarkRoute::B => "(B)",
            BenchmarkRoute::K => "(K)",
            BenchmarkRoute::L => "(L)",
            BenchmarkRoute::One => "(1)",
            BenchmarkRoute::Two => "(2)",
        }
    }

    /// Reads an indicator as a person writes it: `(K)`, `K`, `k` and ` ( k ) ` are the same;
    /// anything that is none of the six gives `None`.
    pub fn parse(text: &str) -> Option<BenchmarkRoute> {
        let t = text.trim();
        let inner = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or(t).trim();
        BenchmarkRoute::ALL.into_iter().find(|r| r.code()[1..2].eq_ignore_ascii_case(inner))
    }
}

impl std::fmt::Display for BenchmarkRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for BenchmarkRoute {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for BenchmarkRoute {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        BenchmarkRoute::parse(&text)
            .filter(|r| r.code() == text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not a benchmark route indicator (one of (A), (B), (K), (L), (1), (2))")))
    }
}

/// The two benchmark columns of the Annex to Implementing Regulation (EU) 2025/2620.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Column {
    /// Column A: the benchmark for goods whose embedded emissions rest on actual values.
    A,
    /// Column B: the benchmark for goods declared at default values.
    B,
}

impl Column {
    /// The column's letter, as outputs print it.
    pub fn letter(self) -> &'static str {
        match self {
            Column::A => "A",
            Column::B => "B",
        }
    }
}

impl Benchmark {
    /// The route indicator that tells this row from the code's other rows: column B's, or
    /// column A's where B has none. `None` when the code has a single, route-less row.
    pub fn route(&self) -> Option<BenchmarkRoute> {
        self.column_b_route.or(self.column_a_route)
    }

    /// The benchmark of one column.
    pub fn value(&self, column: Column) -> Option<Dec> {
        match column {
            Column::A => self.column_a,
            Column::B => self.column_b,
        }
    }
}

/// The benchmark table, rows grouped by CN code.
#[derive(Debug)]
pub struct Benchmarks {
    by_cn: BTreeMap<String, Vec<Benchmark>>,
    source: &'static str,
}

impl Benchmarks {
    /// The table embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static Benchmarks {
        &TABLE
    }

    /// Where the values come from, e.g.
    /// "Implementing Regulation (EU) 2025/2620, Commission workbook v2026-02-06".
    pub fn source() -> &'static str {
        TABLE.source
    }

    /// Every row, by CN code then workbook order.
    pub fn iter(&self) -> impl Iterator<Item = &Benchmark> {
        self.by_cn.values().flatten()
    }

    /// All rows of a CN code (one per route indicator) in workbook order; empty if the code has
    /// no benchmark.
    pub fn rows(&self, cn: &CnCode) -> &[Benchmark] {
        self.by_cn.get(cn.cn8()).map_or(&[], Vec::as_slice)
    }

    /// The row of a CN code for a production route indicator.
    ///
    /// - A code with a single row without route indicator (white or grey Portland cement,
    ///   calcined clay) returns that row whatever `route` is.
    /// - A code with several rows needs the route; `None`, or a route the code does not have,
    ///   gives None.
    /// - A code without a benchmark gives None.
    ///
    /// For goods declared with default values, the default-value row's
    /// [`route_bm`](super::defaults::DefaultValue::route_bm) ("Underlying production route
    /// determining CBAM BM") is the route to pass.
    pub fn lookup(&self, cn: &CnCode, route: Option<BenchmarkRoute>) -> Option<&Benchmark> {
        match (self.rows(cn), route) {
            ([only], _) if only.route().is_none() => Some(only),
            ([only], None) => Some(only),
            (rows, Some(route)) => rows.iter().find(|r| r.route() == Some(route)),
            (_, None) => None,
        }
    }

    /// The rule that gives a bought precursor whose producer supplies no SEFA the column-B
    /// benchmark of the default route of its country of origin.
    pub fn precursor_rule() -> &'static str {
        "IR 2025/2620 Annex, point 3.3(2)"
    }

    /// The column-B benchmark of `cn` for `route` (see [`Benchmarks::column`]).
    pub fn column_b(&self, cn: &CnCode, route: Option<BenchmarkRoute>) -> Option<(Dec, Option<String>)> {
        self.column(cn, route, Column::B)
    }

    /// The benchmark of `cn` for `route` in `column`. Where IR 2025/2620 has no row for the code
    /// because the Combined Nomenclature split it (76011000 of CN 2024 became 76011010 and
    /// 76011090 in CN 2025, see `tables::nomenclature`), the codes sharing its first six digits
    /// are used when they all give the same value for that route; the second element then names
    /// the codes the value was taken from.
    pub fn column(&self, cn: &CnCode, route: Option<BenchmarkRoute>, column: Column) -> Option<(Dec, Option<String>)> {
        let rows = self.rows(cn);
        if !rows.is_empty() {
            // Without a route, rows that all carry the same value in this column settle it
            // (aluminium products: one column-A value, column-B values per route K and L).
            let unanimous = || {
                let first = rows[0].value(column)?;
                rows.iter().all(|r| r.value(column) == Some(first)).then_some(first)
            };
            let found = self.lookup(cn, route).and_then(|r| r.value(column));
            return found.or_else(|| route.is_none().then(unanimous).flatten()).map(|v| (v, None));
        }
        let hs = cn.hs();
        let mut codes: Vec<&str> = Vec::new();
        let mut value = None;
        for (code, rows) in self.by_cn.range(hs.to_string()..) {
            if !code.starts_with(hs) {
                break;
            }
            let Ok(sibling) = CnCode::parse(code) else { continue };
            let v = self.lookup(&sibling, route).and_then(|r| r.value(column))?;
            if value.is_some_and(|x| x != v) || rows.is_empty() {
                return None;
            }
            value = Some(v);
            codes.push(code);
        }
        value.map(|v| (v, Some(codes.join(", "))))
    }

    fn parse(text: &'static str) -> Benchmarks {
        let csv = Csv::parse("benchmarks-IR-2025-2620.csv", text, HEADER);
        let mut by_cn: BTreeMap<String, Vec<Benchmark>> = BTreeMap::new();
        for rec in csv.records() {
            let route = |column: &str| {
                rec.text(column).map(|r| {
                    BenchmarkRoute::parse(r)
                        .filter(|n| n.code() == r)
                        .unwrap_or_else(|| panic!("{}: {column} {r:?} is not a route indicator like (K)", rec.at()))
                })
            };
            let row = Benchmark {
                cn_code: rec.get("cn_code").to_string(),
                description: rec.get("description").to_string(),
                column_a: rec.decimal("column_a_bm"),
                column_a_route: route("column_a_route"),
                column_b: rec.decimal("column_b_bm"),
                column_b_route: route("column_b_route"),
            };
            assert!(row.cn_code.len() == 8 && row.cn_code.bytes().all(|b| b.is_ascii_digit()), "{}: CN code {:?} is not 8 digits", rec.at(), row.cn_code);
            let list = by_cn.entry(row.cn_code.clone()).or_default();
            assert!(!list.iter().any(|r| r.route() == row.route()), "{}: duplicate route for {}", rec.at(), row.cn_code);
            list.push(row);
        }
        for (cn, rows) in &by_cn {
            assert!(rows.len() == 1 || rows.iter().all(|r| r.route().is_some()), "{cn}: several rows, not all with a route");
        }
        Benchmarks { by_cn, source: csv.meta("citation") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Option<Dec> {
        Some(Dec::from_str_exact(s).unwrap())
    }
    fn cn(s: &str) -> CnCode {
        CnCode::parse(s).unwrap()
    }
    fn get(code: &str, route: Option<&str>) -> &'static Benchmark {
        Benchmarks::embedded()
            .lookup(&cn(code), route.map(|r| BenchmarkRoute::parse(r).unwrap()))
            .unwrap_or_else(|| panic!("no benchmark for {code} {route:?}"))
    }

    #[test]
    fn cement() {
        // DOMAIN §3.7 / workbook rows 4–11.
        assert_eq!(get("25231000", Some("(A)")).value(Column::A), dec("0.666"));
        assert_eq!(get("25231000", Some("(B)")).value(Column::A), dec("0.859"));
        let grey = get("25232900", None);
        assert_eq!((grey.value(Column::A), grey.value(Column::B)), (dec("0"), dec("0.666")));
        let white = get("25232100", None);
        assert_eq!((white.value(Column::A), white.value(Column::B)), (dec("0"), dec("0.859")));
        assert_eq!(get("25239000", Some("B")).value(Column::B), dec("0.847"));
        assert_eq!(get("25233000", Some("(2)")).value(Column::B), dec("0.686"));
        assert_eq!(get("25070080", None).value(Column::B), dec("0.666"));
        // A route-less single row ignores the route asked for.
        assert_eq!(get("25232900", Some("(A)")).cn_code, "25232900");
    }

    #[test]
    fn aluminium() {
        assert_eq!(get("76011010", Some("(K)")).value(Column::A), dec("1.423"));
        assert_eq!(get("76011010", Some("L")).value(Column::A), dec("0.091"));
        let k = get("76041010", Some("K"));
        assert_eq!((k.value(Column::A), k.value(Column::B)), (dec("0.056"), dec("1.485")));
        assert_eq!(k.column_a_route, None);
        assert_eq!(k.column_b_route, Some(BenchmarkRoute::K));
        let l = get("76041010", Some("(l)"));
        // Column A is one merged cell over both routes: repeated on the (L) row.
        assert_eq!((l.value(Column::A), l.value(Column::B)), (dec("0.056"), dec("0.148")));
        assert_eq!(get("76071111", Some("(K)")).value(Column::B), dec("1.599"));
    }

    #[test]
    fn lookup_needs_the_route_where_there_are_several() {
        let t = Benchmarks::embedded();
        assert!(t.lookup(&cn("25239000"), None).is_none());
        assert!(t.lookup(&cn("76011010"), None).is_none());
        assert!(t.lookup(&cn("76011010"), Some(BenchmarkRoute::A)).is_none());
        assert_eq!(t.rows(&cn("76011010")).len(), 2);
    }

    #[test]
    fn table_shape() {
        assert_eq!(Benchmarks::source(), "Implementing Regulation (EU) 2025/2620, Commission workbook v2026-02-06");
        let t = Benchmarks::embedded();
        assert!(t.iter().all(|b| b.cn_code.starts_with("25") || b.cn_code.starts_with("76")));
        assert!(t.iter().all(|b| b.column_b.is_some()));
        assert_eq!(BenchmarkRoute::parse(" k "), Some(BenchmarkRoute::K));
        assert_eq!(BenchmarkRoute::parse("( k )"), Some(BenchmarkRoute::K));
        assert_eq!(BenchmarkRoute::parse("(1)"), Some(BenchmarkRoute::One));
        assert_eq!(BenchmarkRoute::parse("(KL)"), None);
        assert_eq!(BenchmarkRoute::parse("(C)"), None);
        assert_eq!(BenchmarkRoute::parse("primary"), None);
        assert_eq!(BenchmarkRoute::parse(""), None);
        // Every indicator the table uses is one of the six, and each of the six is used.
        let used: std::collections::BTreeSet<BenchmarkRoute> = t.iter().flat_map(|b| [b.column_a_route, b.column_b_route]).flatten().collect();
        assert_eq!(used.into_iter().collect::<Vec<_>>(), BenchmarkRoute::ALL.to_vec());
        // On the wire, the table's text.
        assert_eq!(serde_json::to_string(&BenchmarkRoute::One).unwrap(), "\"(1)\"");
        assert_eq!(serde_json::from_str::<BenchmarkRoute>("\"(L)\"").unwrap(), BenchmarkRoute::L);
        assert!(serde_json::from_str::<BenchmarkRoute>("\"L\"").is_err());
    }

    /// The CSV against the Commission workbook, where it is available: every cell the workbook
    /// fills in the cement and aluminium sections equals the CSV row's value.
    #[test]
    fn matches_the_commission_workbook() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/ec/benchmarks-IR-2025-2620-v20260206.xlsx");
        if !std::path::Path::new(path).exists() {
            println!("skipped: {path} not found");
            return;
        }
        let mut wb: Xlsx<_> = open_workbook(path).expect("open the workbook");
        let range = wb.worksheet_range("Benchmarks").expect("sheet");
        let t = Benchmarks::embedded();
        let (mut section, mut code, mut nth, mut checked) = (String::new(), String::new(), 0usize, 0usize);
        for row in range.rows().skip(1) {
            match &row[0] {
                Data::String(s) => {
                    section = s.clone();
                    continue;
                }
                Data::Float(_) | Data::Int(_) => {
                    code = row[0].to_string();
                    nth = 0;
                }
                Data::Empty if row[2..6].iter().all(|c| *c == Data::Empty) => continue,
                Data::Empty => nth += 1,
                other => panic!("unexpected CN cell {other:?}"),
            }
            if section != "Cement" && section != "Aluminium" {
                continue;
            }
            let r = &t.rows(&cn(&code))[nth];
            let num = |d: &Data| match d {
                Data::Float(f) => Some(Dec::from_str_exact(&format!("{f}")).unwrap()),
                Data::Int(i) => Some(Dec::from(*i)),
                _ => None,
            };
            let txt = |d: &Data| Some(d.to_string());
            for (cell, csv) in [(&row[2], r.column_a), (&row[4], r.column_b)] {
                if *cell != Data::Empty {
                    assert_eq!(num(cell), csv, "{code} row {nth}");
                }
            }
            for (cell, csv) in [(&row[3], &r.column_a_route), (&row[5], &r.column_b_route)] {
                if *cell != Data::Empty {
                    assert_eq!(txt(cell).as_deref(), csv.map(BenchmarkRoute::code), "{code} row {nth}");
                }
            }
            checked += 1;
        }
        assert_eq!(checked, t.iter().count());
    }

    #[test]
    fn split_codes_share_their_benchmark() {
        let b = Benchmarks::embedded();
        let cn = |c: &str| CnCode::parse(c).unwrap();
        // 7601 10 00 of the 2024 nomenclature: 7601 10 10 and 7601 10 90 both give 1.423 (K).
        let (v, from) = b.column_b(&cn("76011000"), Some(BenchmarkRoute::K)).unwrap();
        assert_eq!(v, Dec::from_str_exact("1.423").unwrap());
        assert_eq!(from.as_deref(), Some("76011010, 76011090"));
        // A code with its own row is used as it is.
        assert_eq!(b.column_b(&cn("25232900"), None), Some((Dec::from_str_exact("0.666").unwrap(), None)));
        // Without a route where the rows need one, nothing.
        assert_eq!(b.column_b(&cn("76011000"), None), None);
    }
}
