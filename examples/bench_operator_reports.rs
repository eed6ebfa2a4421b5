//! Benchmark (not a test) of `cbam operator-report` on distinct installations: N installations
//! generated from the four 2026 samples (each with its own name, identifier and figures: activity
//! levels, source-stream amounts and electricity scaled by a factor of its own), each computed,
//! turned into its report, checked against the schema and rendered to PDF on one thread, as the
//! command does per file. Prints the time per report after a warm-up (median, p95, mean) and the
//! process's peak resident memory (VmHWM).
//!
//! Usage: cargo run --release --example bench_operator_reports [N] [LANG] [OUT_DIR]
//! (N defaults to 200, LANG (en, zh, en+zh) to en+zh as the command's default; with OUT_DIR the
//! PDFs are written there, to look at.)

use std::path::PathBuf;
use std::time::Instant;

use cbam::model::Dec;
use cbam::render::operator_report::{self, schema};
use cbam::render::pdf;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse().expect("N: a number")).unwrap_or(200);
    let lang: String = args.next().unwrap_or_else(|| "en+zh".into());
    let out: Option<PathBuf> = args.next().map(PathBuf::from);
    if let Some(o) = &out {
        std::fs::create_dir_all(o).unwrap();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bases: Vec<_> = ["cement-integrated-cn", "aluminium-smelter-coal-cn", "aluminium-smelter-hydro-cn", "aluminium-extrusion-cn"]
        .iter()
        .map(|s| cbam::load_installation(&root.join(format!("samples/2026/{s}.xlsx"))).expect("a 2026 sample loads").installation)
        .collect();
    // Distinct installations, made before timing starts.
    let installations: Vec<_> = (0..n)
        .map(|i| {
            let mut inst = bases[i % bases.len()].clone();
            // A factor of its own from 0.80 to 1.19.
            let f = Dec::new(80 + ((i * 37) % 40) as i64, 2);
            inst.identity.installation_id = format!("{}-{i:03}", inst.identity.installation_id);
            inst.identity.name_en = format!("{} No. {}", inst.identity.name_en, i + 1);
            for p in &mut inst.processes {
                p.activity_level_t = (p.activity_level_t * f).round_dp(3);
                p.electricity.consumed_mwh = (p.electricity.consumed_mwh * f * f).round_dp(3);
                for s in &mut p.streams {
                    s.amount = (s.amount * f).round_dp(3);
                }
                for pr in &mut p.precursors {
                    pr.mass_t = (pr.mass_t * f).round_dp(3);
                }
            }
            inst
        })
        .collect();
    let warmup = 10.min(n / 4);
    let mut times = Vec::with_capacity(n);
    let mut bytes = 0usize;
    let mut digests = std::collections::BTreeSet::new();
    for (i, inst) in installations.iter().enumerate() {
        let t = Instant::now();
        let regime = cbam::resolve_regime(inst, cbam::regime::Choice::default()).expect("a regime");
        let res = cbam::compute::compute(inst, &regime).expect("the installation computes");
        let report = operator_report::build(inst, &res, operator_report::Options { cscf: Dec::ONE, kind: operator_report::Kind::Summary }).expect("a report");
        let errors = schema::check(&serde_json::to_value(&report).unwrap());
        assert!(errors.is_empty(), "{errors:?}");
        let rendered = pdf::render_operator_report(&report, &lang, report.reporting_period.end).expect("renders");
        pdf::evict_caches();
        let elapsed = t.elapsed();
        bytes += rendered.pdf.len();
        digests.insert(rendered.digest.clone());
        if let Some(o) = &out {
            std::fs::write(o.join(format!("report-{i:03}.pdf")), &rendered.pdf).unwrap();
        }
        if i >= warmup {
            times.push(elapsed.as_secs_f64() * 1000.0);
        }
    }
    assert_eq!(digests.len(), n, "every report differs from the others");
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0)))
        .unwrap_or(0);
    println!(
        "{n} distinct installations ({} distinct reports), {warmup} warm-up; per report after warm-up: median {:.2} ms, p95 {:.2} ms, max {:.2} ms, mean {:.2} ms; {} KiB of PDF in all; peak RSS {} MiB",
        digests.len(),
        pick(0.5),
        pick(0.95),
        pick(1.0),
        mean,
        bytes / 1024,
        hwm / 1024
    );
}
