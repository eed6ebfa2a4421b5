//! Reads an installation file and prints each good's specific embedded emissions through the
//! library's documented entry points: `load_installation`, `resolve_regime`, `compute::compute`.
//! One line per good: CN code, product, SEE direct, SEE indirect (tCO2e/t, exact).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: engine-check INSTALLATION.xlsx");
        return ExitCode::from(2);
    };
    let loaded = match cbam::load_installation(std::path::Path::new(&path)) {
        Ok(l) => l,
        Err(problems) => {
            problems.iter().for_each(|p| eprintln!("{p}"));
            return ExitCode::from(1);
        }
    };
    let regime = match cbam::resolve_regime(&loaded.installation, cbam::regime::Choice::default()) {
        Ok(r) => r,
        Err(p) => {
            eprintln!("{p}");
            return ExitCode::from(1);
        }
    };
    match cbam::compute::compute(&loaded.installation, &regime) {
        Ok(results) => {
            for g in &results.goods {
                println!("{}\t{}\t{}\t{}", g.cn_code, g.product, g.see_direct, g.see_indirect);
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            problems.iter().for_each(|p| eprintln!("{p}"));
            ExitCode::from(1)
        }
    }
}
