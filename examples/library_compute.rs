//! Using cbam as a library: compute an installation held in memory (the bytes of a workbook, as a
//! web upload or a database would hand them over), and print each good's specific embedded
//! emissions as `cbam compute` reports them.
//!
//! Run: `cargo run --example library_compute [FILE.xlsx]` (default: the 2026 cement sample).
//! `tests/it/library.rs` runs [`run`] and checks its figures.

use cbam::model::Dec;

/// One good's figures: CN code, product, SEE direct and indirect as reported (the regime's
/// rounding: 5 decimals under IR 2025/2547).
pub type GoodSee = (String, String, Dec, Dec);

/// Computes the installation workbook given as bytes; `name` is only used in messages.
pub fn run(name: &str, bytes: Vec<u8>) -> Result<Vec<GoodSee>, Vec<cbam::model::Diagnostic>> {
    let loaded = cbam::load_installation_bytes(name, bytes)?;
    // The regime is resolved from the reporting period (the obligation year defaults to the
    // year the period ends); `Choice` can fix either.
    let (_, results, _) = cbam::compute_loaded(loaded, cbam::regime::Choice::default())?;
    Ok(results
        .goods
        .iter()
        .map(|g| (g.cn_code.to_string(), g.product.clone(), results.regime.reported_see(g.see_direct), results.regime.reported_see(g.see_indirect)))
        .collect())
}

#[allow(dead_code)]
fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/samples/2026/cement-integrated-cn.xlsx").into());
    let bytes = std::fs::read(&path).expect("read the workbook");
    match run(&path, bytes) {
        Ok(goods) => {
            for (cn, product, direct, indirect) in goods {
                println!("{cn}\t{product}\t{direct}\t{indirect}");
            }
        }
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
