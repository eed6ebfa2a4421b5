//! Sheet B_EmInst of the template: the source streams and the PFC lines, with their activity
//! data and calculation factors.

use super::*;

pub(super) fn streams(plan: &mut Plan, inst: &Installation, res: &Results, opts: &Options) -> (usize, usize) {
    let rows = plan.map.get("stream.name").rows() as usize;
    let pfc_rows = plan.map.get("pfc.method").rows() as usize;
    let all: Vec<_> = inst
        .processes
        .iter()
        .flat_map(|p| p.streams.iter().zip(res.processes.iter().find(|r| r.id == p.id).map(|r| r.streams.as_slice()).unwrap_or(&[])))
        .collect();
    let pfcs: Vec<_> =
        inst.processes.iter().flat_map(|p| p.pfc.iter().zip(res.processes.iter().find(|r| r.id == p.id).map(|r| r.pfc.as_slice()).unwrap_or(&[]))).collect();
    if all.len() > rows {
        plan.does_not_fit(
            None,
            format!("the installation has {} source streams; B_EmInst holds {rows}", all.len()),
            "merge source streams of the same fuel or material",
        );
        return (0, 0);
    }
    if pfcs.len() > pfc_rows {
        plan.does_not_fit(
            None,
            format!("the installation has {} PFC monitoring rows; B_EmInst holds {pfc_rows}", pfcs.len()),
            "merge the potlines of the same technology and method",
        );
        return (0, 0);
    }
    for (i, (s, r)) in all.iter().enumerate() {
        let i = i as u32;
        let loc = s.origin.clone().map(Location::Cell);
        // Liquids (m3) go in as tonnes with the density given: the amounts per unit scale by
        // 1/density, so every product (energy, emissions) stays the same.
        let mut per = Dec::ONE;
        let unit = match s.basis {
            Basis::Mass => "t",
            Basis::GasVolume => "1000Nm3",
            Basis::LiquidVolume => match opts.densities.iter().find(|(n, _)| n.trim().eq_ignore_ascii_case(s.name.trim())) {
                Some((_, d)) if !d.is_zero() => {
                    per = *d;
                    "t"
                }
                _ => {
                    plan.does_not_fit(
                        loc,
                        format!("source stream '{}' is measured in volume of liquid (m3); the template takes activity data in t or 1000Nm3 only", s.name),
                        &format!("give its density: --density \"{}=0.84\" (t/m3; 0.84 is typical of diesel)", s.name.trim()),
                    );
                    continue;
                }
            },
        };
        let method = match s.method() {
            StreamMethod::Combustion => "Combustion",
            StreamMethod::MassBalance => "Mass Balance",
            _ => "Process emissions",
        };
        plan.text("stream.method", 0, i, method);
        plan.text("stream.name", 0, i, s.name.trim());
        plan.num("stream.activity", 0, i, s.amount * per);
        plan.text("stream.activity_unit", 0, i, unit);
        if let Some(ncv) = s.ncv {
            plan.num("stream.ncv", 0, i, ncv / per);
        }
        let per_unit = if unit == "t" { "tCO2/t" } else { "tCO2/1000Nm3" };
        match s.method() {
            StreamMethod::MassBalance => {
                let cc = s.monitoring.carbon_content().unwrap_or_else(|| r.ef_applied / Dec::new(3664, 3));
                plan.num("stream.carbon_content", 0, i, cc / per);
            }
            StreamMethod::Combustion => {
                let energy = matches!(r.ef_basis, crate::compute::streams::EfBasis::GivenPerEnergy);
                plan.num("stream.ef", 0, i, if energy { r.ef_applied } else { r.ef_applied / per });
                plan.text("stream.ef_unit", 0, i, if energy { "tCO2/TJ" } else { per_unit });
                plan.num("stream.oxidation", 0, i, s.monitoring.oxidation() * HUNDRED);
            }
            _ => {
                plan.num("stream.ef", 0, i, r.ef_applied / per);
                plan.text("stream.ef_unit", 0, i, per_unit);
                plan.num("stream.conversion", 0, i, s.monitoring.conversion() * HUNDRED);
            }
        }
        plan.num("stream.biomass", 0, i, s.biomass * HUNDRED);
    }
    for (i, (m, r)) in pfcs.iter().enumerate() {
        let i = i as u32;
        let slope = m.method == PfcMethod::Slope;
        plan.text("pfc.method", 0, i, if slope { "Slope method" } else { "Overvoltage method" });
        if let Some(t) = m.technology {
            plan.text("pfc.technology", 0, i, technology_name(t));
        }
        plan.num("pfc.aluminium", 0, i, m.aluminium_t);
        // The coefficient cbam applied: the one given, or the technology default (Annex III).
        let opt = [
            ("pfc.frequency", m.ae_frequency),
            ("pfc.duration", m.ae_duration_min),
            ("pfc.sef_cf4", slope.then_some(r.coefficient)),
            ("pfc.aeo", m.aeo_mv),
            ("pfc.current_efficiency", m.current_efficiency.map(|c| c * HUNDRED)),
            ("pfc.ovc", (!slope).then_some(r.coefficient)),
        ];
        for (name, v) in opt {
            if let Some(v) = v {
                plan.num(name, 0, i, v);
            }
        }
        plan.num("pfc.f_c2f6", 0, i, r.f_c2f6);
        plan.num("pfc.collection", 0, i, r.collection_efficiency);
    }
    (all.len(), pfcs.len())
}
