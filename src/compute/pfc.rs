//! PFC emissions of primary aluminium smelting (DOMAIN §3.3; Annex III B.7 of IR 2023/1773):
//! CF4 by the slope or the overvoltage method, C2F6 as a weight fraction of CF4, CO2e with the
//! GWPs of Annex VIII, corrected for the collection efficiency of the duct.
//!
//! Technology defaults (SEF_CF4, OVC) and GWPs come from [`Factors`]; nothing is rounded.

use crate::model::DiagCode;
use serde::Serialize;

use super::num::{div, prod, sum};
use super::overflow;
use crate::model::{CellTechnology, Dec, Diagnostic, Location, PfcMethod, PfcMonitoring};
use crate::tables::factors::Factors;

/// PFC emissions of one monitoring line.
#[derive(Debug, Clone, Serialize)]
pub struct PfcResult {
    /// The monitoring method used.
    pub method: PfcMethod,
    /// The line's cell technology, where given.
    pub technology: Option<CellTechnology>,
    /// Primary aluminium produced, t.
    pub aluminium_t: Dec,
    /// SEF_CF4 (slope, (kg CF4/t Al)/(AE-min/cell-day)) or OVC (overvoltage, (kg CF4/t Al)/mV)
    /// applied.
    pub coefficient: Dec,
    /// Whether `coefficient` is the technology default of Annex III Tables 2/3 rather than the
    /// installation's own.
    pub coefficient_is_default: bool,
    /// The technology whose default was taken when it is not the line's own (PFPB MW → CWPB).
    pub defaults_from: Option<CellTechnology>,
    /// Weight fraction C2F6/CF4 applied, t C2F6 per t CF4.
    pub f_c2f6: Dec,
    /// Collection efficiency applied, 0..1.
    pub collection_efficiency: Dec,
    /// CF4 by equation 21 or 24 (emissions through the duct), t.
    pub cf4_t: Dec,
    /// C2F6 by equation 22 or 25: CF4 × `f_c2f6` (emissions through the duct), t.
    pub c2f6_t: Dec,
    /// `(CF4 × GWP_CF4 + C2F6 × GWP_C2F6) / collection efficiency`, tCO2e.
    pub co2e_t: Dec,
}

const THOUSAND: Dec = Dec::from_parts(1000, 0, 0, false, 0);
const ONE_THOUSANDTH: Dec = Dec::from_parts(1, 0, 0, false, 3);

/// PFC emissions of `m`, or every reason they cannot be computed.
pub fn pfc_emissions(m: &PfcMonitoring, f: &Factors) -> Result<PfcResult, Vec<Diagnostic>> {
    let loc = m.origin.clone().map(Location::Cell);
    let mut errors = Vec::new();
    let mut need = |v: Option<Dec>, what: &str| {
        if v.is_none() {
            errors.push(Diagnostic::error(DiagCode::ComputePfcMissingInput, loc.clone(), format!("PFC {} method needs {what}", m.method.code())));
        }
        v.unwrap_or_default()
    };
    let (factors, given) = match m.method {
        PfcMethod::Slope => ([need(m.ae_frequency, "the anode-effect frequency"), need(m.ae_duration_min, "the anode-effect duration")], m.sef_cf4),
        PfcMethod::Overvoltage => ([need(m.aeo_mv, "the anode-effect overvoltage (mV)"), need(m.current_efficiency, "the current efficiency")], m.ovc),
    };
    let default = m.technology.map(CellTechnology::defaults_from).and_then(|t| match m.method {
        PfcMethod::Slope => f.pfc_slope_default(t),
        PfcMethod::Overvoltage => f.pfc_overvoltage_default(t),
    });
    let (coefficient, coefficient_is_default) = match (given, default) {
        (Some(c), _) => (c, false),
        (None, Some((c, _))) => (c, true),
        (None, None) => {
            let what = match m.method {
                PfcMethod::Slope => "slope emission factor SEF_CF4",
                PfcMethod::Overvoltage => "overvoltage coefficient OVC",
            };
            let why = match m.technology {
                Some(t) => format!("the regulation has no default for {}", t.code()),
                None => "no cell technology is given to take the default from".to_string(),
            };
            errors.push(
                Diagnostic::error(DiagCode::ComputePfcNoFactor, loc.clone(), format!("PFC: no {what}, and {why}"))
                    .hint("give the installation-specific factor, or the cell technology"),
            );
            (Dec::ZERO, false)
        }
    };
    if m.collection_efficiency.is_zero() {
        errors.push(Diagnostic::error(
            DiagCode::ComputePfcCollectionEfficiency,
            loc.clone(),
            "PFC collection efficiency is 0: the total emissions would be infinite",
        ));
    }
    if m.method == PfcMethod::Overvoltage && m.current_efficiency.is_some_and(|ce| ce.is_zero()) {
        errors.push(Diagnostic::error(DiagCode::ComputePfcCurrentEfficiency, loc.clone(), "PFC current efficiency is 0: AEO / CE is undefined"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let too_big = || vec![overflow(loc.clone(), "PFC emissions")];
    let [a, b] = factors;
    let cf4 = match m.method {
        // CF4 = AEF × AED × (SEF / 1000) × Pr_Al  (equations 21, 23)
        PfcMethod::Slope => div(coefficient, THOUSAND).and_then(|sef| prod(&[a, b, sef, m.aluminium_t])),
        // CF4 = OVC × (AEO / CE) × Pr_Al × 0.001  (equation 24; CE in percent there, a fraction
        // in the model, hence × 100)
        PfcMethod::Overvoltage => {
            prod(&[b, Dec::ONE_HUNDRED]).and_then(|ce_pct| div(a, ce_pct)).and_then(|r| prod(&[coefficient, r, m.aluminium_t, ONE_THOUSANDTH]))
        }
    }
    .ok_or_else(too_big)?;
    let c2f6 = prod(&[cf4, m.f_c2f6]).ok_or_else(too_big)?;
    let co2e = prod(&[cf4, f.gwp_cf4()])
        .zip(prod(&[c2f6, f.gwp_c2f6()]))
        .and_then(|(x, y)| sum(&[x, y]))
        .and_then(|collected| div(collected, m.collection_efficiency))
        .ok_or_else(too_big)?;
    Ok(PfcResult {
        method: m.method,
        technology: m.technology,
        aluminium_t: m.aluminium_t,
        coefficient,
        coefficient_is_default,
        defaults_from: m.technology.map(CellTechnology::defaults_from).filter(|t| coefficient_is_default && Some(*t) != m.technology),
        f_c2f6: m.f_c2f6,
        collection_efficiency: m.collection_efficiency,
        cf4_t: cf4,
        c2f6_t: c2f6,
        co2e_t: co2e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::{d, pfc_overvoltage, pfc_slope};

    #[test]
    fn commission_template_slope_example() {
        // 500 000 t Al, AEF 2.17 AE/cell-day, AED 1.23 min, SEF 0.146, F(C2F6) 0.122, CE 0.98.
        let mut m = pfc_slope("500000", "2.17", "1.23", Some("0.146"), "0.122", "0.98");
        m.technology = Some(CellTechnology::Cwpb); // a given SEF wins over the default
        let r = pfc_emissions(&m, Factors::embedded()).unwrap();
        // CF4 = 2.17 × 1.23 × 0.146 / 1000 × 500 000
        //     = 2.6691 × 0.146 = 0.3896886; / 1000 = 0.0003896886; × 500 000 = 194.8443
        assert_eq!(r.cf4_t, d("194.8443"));
        // C2F6 = 194.8443 × 0.122 = 23.7710046
        assert_eq!(r.c2f6_t, d("23.7710046"));
        // CO2e = (194.8443 × 6630 + 23.7710046 × 11100) / 0.98
        //      = (1 291 817.709 + 263 858.15106) / 0.98 = 1 555 675.86006 / 0.98
        //      = 1 587 424.3470 (1 587 424.34700000000… : 0.98 × 1 587 424.347 = 1 555 675.86006)
        assert_eq!(r.co2e_t, d("1587424.347"));
        assert!(!r.coefficient_is_default);
    }

    #[test]
    fn slope_takes_the_technology_default() {
        let mut m = pfc_slope("1000", "0.5", "2", None, "0.057", "1");
        assert_eq!(pfc_emissions(&m, Factors::embedded()).unwrap_err()[0].code, DiagCode::ComputePfcNoFactor);
        m.technology = Some(CellTechnology::PfpbModern);
        let r = pfc_emissions(&m, Factors::embedded()).unwrap();
        assert!(r.coefficient_is_default);
        assert_eq!(r.coefficient, d("0.104"));
        // CF4 = 0.5 × 2 × 0.104 / 1000 × 1000 = 0.104 t; C2F6 = 0.104 × 0.057 = 0.005928 t
        assert_eq!(r.cf4_t, d("0.104"));
        assert_eq!(r.c2f6_t, d("0.005928"));
        // CO2e = 0.104 × 6630 + 0.005928 × 11100 = 689.52 + 65.8008 = 755.3208
        assert_eq!(r.co2e_t, d("755.3208"));
    }

    #[test]
    fn overvoltage_with_default_and_errors() {
        let mut m = pfc_overvoltage("100000", "0.8", "0.95", None, "0.121", "0.9");
        m.technology = Some(CellTechnology::Cwpb);
        let r = pfc_emissions(&m, Factors::embedded()).unwrap();
        // Equation 24 takes CE in percent: 0.95 → 95.
        // CF4 = 1.16 × (0.8 / 95) × 100 000 × 0.001 = 1.16 × 0.8 / 95 × 100 = 92.8 / 95 = 0.97684210526315789473684210526…
        assert!((r.cf4_t - d("0.9768421052631578947368421053")).abs() < d("1e-24"), "{}", r.cf4_t);
        // C2F6 = 0.976842105263157894… × 0.121 = 0.1181978947368421052631578947
        assert!((r.c2f6_t - d("0.1181978947368421052631578947")).abs() < d("1e-24"), "{}", r.c2f6_t);
        // CO2e = (0.9768421052631… × 6630 + 0.1181978947368… × 11100) / 0.9
        //      = (6476.463157894737 + 1311.996631578947) / 0.9 = 7788.459789473684 / 0.9 = 8653.844210526316
        assert!((r.co2e_t - d("8653.844210526315789473684")).abs() < d("1e-18"), "{}", r.co2e_t);

        m.technology = Some(CellTechnology::Vss);
        assert_eq!(pfc_emissions(&m, Factors::embedded()).unwrap_err()[0].code, DiagCode::ComputePfcNoFactor);
        m.ovc = Some(d("1.5"));
        m.current_efficiency = Some(Dec::ZERO);
        m.collection_efficiency = Dec::ZERO;
        let codes: Vec<_> = pfc_emissions(&m, Factors::embedded()).unwrap_err().iter().map(|e| e.code).collect();
        assert_eq!(codes, [DiagCode::ComputePfcCollectionEfficiency, DiagCode::ComputePfcCurrentEfficiency]);
        m.aeo_mv = None;
        let codes: Vec<_> = pfc_emissions(&m, Factors::embedded()).unwrap_err().iter().map(|e| e.code).collect();
        assert!(codes.contains(&DiagCode::ComputePfcMissingInput));
    }
}
