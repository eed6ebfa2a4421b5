//! What the fuzz targets run, shared with the `parts` tool that makes seeds and turns a crashing
//! input back into a workbook.
//!
//! A zip-based workbook hides its XML behind deflate streams and CRC checks, so mutating its bytes
//! mostly tests the zip reader. The `workbook` target therefore also accepts a *parts* input: the
//! workbook's files written one after the other, each after a header line
//! `\n%%PART <name>\n`, which it zips (stored, fresh checksums) before reading. Mutations then reach
//! the sheets' XML and the readers behind it.

use std::io::Write;

/// First bytes of a parts input.
pub const MAGIC: &[u8] = b"CBAM-PARTS\n";
const HEADER: &[u8] = b"\n%%PART ";

/// The parts of `input` (after [`MAGIC`]) as (name, content); text before the first header is
/// ignored.
pub fn split_parts(input: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    let mut rest = input;
    let Some(first) = find(rest, HEADER) else { return out };
    rest = &rest[first..];
    while let Some(stripped) = rest.strip_prefix(HEADER) {
        let name_end = stripped.iter().position(|&b| b == b'\n').unwrap_or(stripped.len());
        let name = String::from_utf8_lossy(&stripped[..name_end]).into_owned();
        let body = stripped.get(name_end + 1..).unwrap_or(&[]);
        let end = find(body, HEADER).unwrap_or(body.len());
        out.push((name, &body[..end]));
        rest = &body[end..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A zip (stored entries) holding `parts`; `None` when the zip writer refuses a name.
pub fn zip_parts(parts: &[(String, &[u8])]) -> Option<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        w.start_file(name.as_str(), opts).ok()?;
        w.write_all(body).ok()?;
    }
    w.finish().ok().map(|c| c.into_inner())
}

/// A workbook's bytes from a fuzz input: a parts input zipped, anything else as it is.
pub fn workbook_bytes(data: &[u8]) -> Option<Vec<u8>> {
    match data.strip_prefix(MAGIC) {
        Some(rest) => zip_parts(&split_parts(rest)),
        None => Some(data.to_vec()),
    }
}

/// The `workbook` target: open, recognise, read, validate and compute what the bytes hold.
pub fn run_workbook(data: &[u8]) {
    let Some(bytes) = workbook_bytes(data) else { return };
    let Ok(mut book) = cbam::read::workbook::Book::from_bytes("fuzz.xlsx", bytes) else { return };
    match cbam::read::recognise(&book) {
        Ok(cbam::read::InputKind::Imports) => {
            let _ = cbam::read::imports::read(&mut book);
        }
        Ok(kind) => {
            if let Ok(loaded) = cbam::load_book(book, kind) {
                let _ = cbam::compute_loaded(loaded, cbam::regime::Choice::default());
            }
        }
        Err(_) => {}
    }
}

/// Bytes at the start of a `compute` input that choose the year, the prices and the good's
/// figures ([`Params`]); the workbook input (raw or parts) follows.
pub const PARAMS_LEN: usize = 8;

/// What the first [`PARAMS_LEN`] bytes of a `compute` input choose, one byte each.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Obligation year: from the reporting period, an extreme `i32`, or 2023 to 2042.
    pub year: Option<i32>,
    pub cbam_price: cbam::model::Dec,
    pub cscf: cbam::model::Dec,
    /// Imported mass: the good's activity level, or a value of [`decimal`].
    pub mass: Option<cbam::model::Dec>,
    /// Carbon price paid, EUR per tonne of good: the results' own (`None` here), or a forced one.
    pub carbon: Option<Option<cbam::model::Dec>>,
    /// Country of origin: the installation's (or CN), or one of a few with and without defaults.
    pub origin: u8,
    /// Low 2 bits: variant (the good's own, none, grey, white); the rest: a benchmark route.
    pub variant_route: u8,
}

/// A decimal chosen by `sel`: zero, one, ordinary prices, the extremes of `Decimal` (MAX, MIN,
/// 10^-28, the largest mantissa at the largest scale), or one built from `sel` and `free`.
pub fn decimal(sel: u8, free: u8) -> cbam::model::Dec {
    use cbam::model::Dec;
    match sel % 24 {
        0 => Dec::ZERO,
        1 => Dec::ONE,
        2 => Dec::new(7536, 2),
        3 => Dec::MAX,
        4 => Dec::MIN,
        5 => Dec::new(1, 28),
        6 => Dec::new(-1, 28),
        7 => Dec::new(975, 3),
        8 => Dec::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28),
        9 => Dec::new(-7536, 2),
        10 => Dec::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 14),
        11 => Dec::new(1, 14),
        12 => Dec::NEGATIVE_ONE,
        13 => Dec::from_parts(0, 0, 1 << 31, false, 0),
        _ => {
            let lo = u32::from_le_bytes([free, sel, free.rotate_left(3), sel.rotate_left(5)]);
            let mid = if sel & 0x20 != 0 { u32::MAX } else { u32::from(free) << 8 };
            let hi = if sel & 0x40 != 0 { u32::from(free) * 0x0101_0101 } else { 0 };
            Dec::from_parts(lo, mid, hi, sel & 0x80 != 0, u32::from(free) % 29)
        }
    }
}

impl Params {
    pub fn from_bytes(p: &[u8; PARAMS_LEN]) -> Params {
        const YEARS: [i32; 8] = [i32::MIN, -1, 0, 1, 9999, 10000, 262_143, i32::MAX];
        let year = match p[0] {
            0..16 => None,
            b @ 16..24 => Some(YEARS[usize::from(b - 16)]),
            b => Some(2023 + i32::from(b % 20)),
        };
        Params {
            year,
            cbam_price: decimal(p[1], p[7]),
            cscf: if p[2] < 64 { cbam::model::Dec::ONE } else { decimal(p[2], p[7]) },
            mass: if p[3] < 64 { None } else { Some(decimal(p[3], p[7].rotate_left(1))) },
            carbon: match p[4] {
                0..128 => None,
                128..144 => Some(None),
                b => Some(Some(decimal(b, p[7].rotate_left(2)))),
            },
            origin: p[5],
            variant_route: p[6],
        }
    }
}

/// The `compute` target: a workbook input after [`PARAMS_LEN`] bytes of [`Params`]; the
/// installation loaded, computed under both methodologies, and every good's definitive
/// obligation assessed on its actual values and on the default values of its origin.
pub fn run_compute(data: &[u8]) {
    use cbam::regime::{Choice, Methodology, Regime};
    let Some((p, rest)) = data.split_first_chunk::<PARAMS_LEN>() else { return };
    let params = Params::from_bytes(p);
    if trace() {
        eprintln!("{params:?}");
    }
    let Some(bytes) = workbook_bytes(rest) else { return };
    let Ok(loaded) = cbam::load_installation_bytes("fuzz.xlsx", bytes) else { return };
    for m in Methodology::ALL {
        let copy = cbam::Loaded {
            installation: loaded.installation.clone(),
            kind: loaded.kind,
            warnings: loaded.warnings.clone(),
            template: loaded.template.clone(),
        };
        let (l, res, year) = match cbam::compute_loaded(copy, Choice { year: params.year, methodology: Some(m) }) {
            Ok(x) => x,
            Err(diags) => {
                if trace() {
                    eprintln!("{m}: {} problem(s), first: {:?}", diags.len(), diags.first().map(|d| d.to_string()));
                }
                continue;
            }
        };
        // A year before the definitive period charges nothing: assess the first one instead.
        let year = if Regime::is_definitive_year(year) { year } else { Regime::first_definitive_year() };
        let Ok(regime) = Regime::for_year(year, Some(m)) else { continue };
        assess_goods(&regime, &l, &res, &params);
    }
}

/// `CBAM_FUZZ_TRACE` set: `compute` prints its parameters and every assessment (to check what an
/// input reaches, or to read a crash's figures).
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("CBAM_FUZZ_TRACE").is_some())
}

fn assess_goods(regime: &cbam::regime::Regime, l: &cbam::Loaded, res: &cbam::compute::Results, params: &Params) {
    use cbam::compute::definitive::{Good, Prices, Values, assess};
    use cbam::model::{CountryCode, Variant};
    const ORIGINS: [&str; 8] = ["CN", "IN", "TR", "UA", "NO", "US", "VN", "EG"];
    const ROUTES: [&str; 6] = ["(A)", "(B)", "(K)", "(L)", "(X)", ""];
    let origin = match params.origin as usize {
        0..128 => l.installation.identity.country.clone(),
        b => CountryCode::parse(ORIGINS[b % ORIGINS.len()]),
    };
    let Some(origin) = origin.or_else(|| CountryCode::parse("CN")) else { return };
    let route = match usize::from(params.variant_route >> 2) {
        r if r < ROUTES.len() => Some(ROUTES[r].to_string()),
        _ => None,
    };
    let prices = Prices { cbam_price: params.cbam_price, cscf: params.cscf };
    for (i, g) in res.goods.iter().enumerate() {
        let own_variant = l.installation.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product).and_then(|x| x.variant);
        let variant = match params.variant_route & 3 {
            0 => own_variant,
            1 => None,
            2 => Some(Variant::Grey),
            _ => Some(Variant::White),
        };
        let carbon = params.carbon.unwrap_or_else(|| res.carbon_price.goods.get(i).and_then(|c| c.amount_eur));
        let mass_t = params.mass.unwrap_or(g.activity_level_t);
        let actual = Values::Actual { see_direct: g.see_direct, see_indirect: g.see_indirect, route: g.route, carbon_price_eur_per_t: carbon };
        for values in [actual, Values::Default] {
            let good = Good { cn_code: &g.cn_code, origin: &origin, variant, mass_t, values, route: route.clone() };
            let a = assess(regime, &good, &prices);
            // What the commands do next with an assessment: print it.
            let shown = format!("{a:?}");
            if trace() {
                eprintln!("{} {} {:?} {:?} {:?}: {shown}", regime.methodology, regime.year, g.cn_code, origin, prices);
            }
        }
    }
}

/// The `validate` target: the checks of `cbam validate` on the bytes.
pub fn run_validate(data: &[u8]) {
    let _ = cbam::report::check_bytes(data, None);
}
