//! Emissions of one source stream (DOMAIN §3.1–3.2; Annex III B.3, B.9.2 of IR 2023/1773):
//! combustion, process emissions by method A (carbonates) and B (clinker oxides), discarded kiln
//! dust, non-carbonate carbon and mass balance, then the biomass split.
//!
//! Owns the formulas only; the factors come from [`Factors`]. Nothing is rounded.

use crate::model::DiagCode;
use serde::Serialize;

use super::num::{div, prod};
use super::overflow;
use crate::model::{Dec, Diagnostic, EmissionFactor, Location, Monitoring, SourceStream, StreamMethod};
use crate::tables::factors::Factors;

/// Where the factor applied to a stream came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum EfBasis {
    /// An emission factor given per TJ (combustion): `ef_applied` is in tCO2/TJ.
    GivenPerEnergy,
    /// An emission factor given per unit of activity: `ef_applied` in tCO2 per t (1000 Nm3, m3).
    GivenPerUnit,
    /// Carbon content × 3.664.
    CarbonContent,
    /// The stoichiometric factor of the named carbonate (method A).
    Carbonate(String),
    /// 0.785 × CaO + 1.092 × MgO (method B).
    Oxides,
    /// The regulation's standard value (0.525 for clinker and for kiln dust).
    StandardValue,
    /// Kiln dust factor from the clinker factor and the degree of calcination (equation 28).
    Calcination,
}

/// One source stream's emissions, tCO2.
#[derive(Debug, Clone, Serialize)]
pub struct StreamResult {
    /// The stream's name, as in the input.
    pub name: String,
    /// The monitoring method its emissions were calculated by.
    pub method: StreamMethod,
    /// The factor multiplied with the activity data, in the unit `ef_basis` names.
    pub ef_applied: Dec,
    /// Where `ef_applied` came from.
    pub ef_basis: EfBasis,
    /// Emissions before the biomass split (negative for mass-balance outputs).
    pub total_t: Dec,
    /// Counted: `total × (1 − biomass fraction)`.
    pub fossil_t: Dec,
    /// Reported apart: `total × biomass fraction`.
    pub biomass_t: Dec,
    /// Energy content, TJ, where an NCV was given.
    pub energy_tj: Option<Dec>,
    /// True when the stream declares a biomass fraction that the regime does not zero-rate (IR
    /// 2025/2547 Annex II B.3.3: the RED II criteria are not declared met), so its carbon
    /// counted as fossil.
    pub biomass_counted_as_fossil: bool,
}

const THOUSAND: Dec = Dec::from_parts(1000, 0, 0, false, 0);

/// Emissions of `s`, or the reason they cannot be computed.
pub fn stream_emissions(s: &SourceStream, f: &Factors) -> Result<StreamResult, Diagnostic> {
    let loc = s.origin.clone().map(Location::Cell);
    let too_big = || overflow(loc.clone(), &format!("source stream '{}'", s.name));
    let energy_tj = match s.ncv {
        Some(ncv) => Some(prod(&[s.amount, ncv]).and_then(|gj| div(gj, THOUSAND)).ok_or_else(too_big)?),
        None => None,
    };
    let (ef_applied, ef_basis, total) = match &s.monitoring {
        Monitoring::Combustion { ef, carbon_content, oxidation } => combustion(s, *ef, *carbon_content, *oxidation, f, energy_tj, &loc)?,
        Monitoring::ProcessA { ef, conversion } => {
            let (ef, basis) = match ef {
                Some(ef) => (unit_factor(s, *ef, &loc)?, given(*ef)),
                None => carbonate_factor(s, f, &loc)?,
            };
            (ef, basis, prod(&[s.amount, ef, *conversion]))
        }
        Monitoring::ProcessB { ef, cao, mgo, conversion } => {
            let (ef, basis) = match (ef, cao, mgo) {
                (Some(ef), _, _) => (unit_factor(s, *ef, &loc)?, given(*ef)),
                (None, None, None) => (f.clinker_standard(), EfBasis::StandardValue),
                (None, cao, mgo) => {
                    let ef = prod(&[f.cao(), cao.unwrap_or_default()])
                        .zip(prod(&[f.mgo(), mgo.unwrap_or_default()]))
                        .and_then(|(a, b)| a.checked_add(b))
                        .ok_or_else(too_big)?;
                    (ef, EfBasis::Oxides)
                }
            };
            (ef, basis, prod(&[s.amount, ef, *conversion]))
        }
        Monitoring::KilnDust { ef, calcination, clinker_ef } => {
            let (ef, basis) = kiln_dust_factor(s, *ef, *calcination, *clinker_ef, f, &loc)?;
            (ef, basis, prod(&[s.amount, ef]))
        }
        Monitoring::NonCarbonateCarbon { carbon_content } | Monitoring::MassBalance { carbon_content } => {
            let Some(cc) = carbon_content else {
                return Err(Diagnostic::error(
                    DiagCode::ComputeMissingCarbonContent,
                    loc,
                    format!("source stream '{}' ({}) needs a carbon content", s.name, s.method().code()),
                )
                .hint("give the carbon content in t C per unit of activity data"));
            };
            let ef = prod(&[*cc, f.co2_per_carbon()]).ok_or_else(too_big)?;
            (ef, EfBasis::CarbonContent, prod(&[s.amount, ef]))
        }
    };
    let total = total.ok_or_else(too_big)?;
    let biomass = prod(&[total, s.biomass]).ok_or_else(too_big)?;
    Ok(StreamResult {
        name: s.name.clone(),
        method: s.method(),
        ef_applied,
        ef_basis,
        total_t: total,
        fossil_t: total.checked_sub(biomass).ok_or_else(too_big)?,
        biomass_t: biomass,
        energy_tj,
        biomass_counted_as_fossil: false,
    })
}

fn given(ef: EmissionFactor) -> EfBasis {
    match ef {
        EmissionFactor::Energy(_) => EfBasis::GivenPerEnergy,
        EmissionFactor::Unit(_) => EfBasis::GivenPerUnit,
    }
}

/// Combustion: `FQ × NCV / 1000 × EF × OF` (EF per TJ), `FQ × EF × OF` (EF per unit) or
/// `FQ × CC × 3.664 × OF`.
fn combustion(
    s: &SourceStream,
    ef: Option<EmissionFactor>,
    carbon_content: Option<Dec>,
    oxidation: Dec,
    f: &Factors,
    energy_tj: Option<Dec>,
    loc: &Option<Location>,
) -> Result<(Dec, EfBasis, Option<Dec>), Diagnostic> {
    Ok(match (ef, carbon_content) {
        (Some(EmissionFactor::Energy(ef)), _) => {
            let Some(tj) = energy_tj else {
                return Err(Diagnostic::error(
                    DiagCode::ComputeMissingNcv,
                    loc.clone(),
                    format!("fuel '{}' has an emission factor per TJ but no net calorific value", s.name),
                )
                .hint("give the NCV, or an emission factor per unit of fuel"));
            };
            (ef, EfBasis::GivenPerEnergy, prod(&[tj, ef, oxidation]))
        }
        (Some(EmissionFactor::Unit(ef)), _) => (ef, EfBasis::GivenPerUnit, prod(&[s.amount, ef, oxidation])),
        (None, Some(cc)) => {
            let ef = prod(&[cc, f.co2_per_carbon()]);
            (ef.unwrap_or_default(), EfBasis::CarbonContent, ef.and_then(|ef| prod(&[s.amount, ef, oxidation])))
        }
        (None, None) => {
            return Err(Diagnostic::error(
                DiagCode::ComputeMissingFactor,
                loc.clone(),
                format!("fuel '{}' has neither an emission factor nor a carbon content", s.name),
            )
            .hint("give an emission factor (tCO2/TJ with the NCV, or tCO2 per unit) or the carbon content"));
        }
    })
}

/// A factor per unit of activity; a factor per TJ makes no sense outside combustion.
fn unit_factor(s: &SourceStream, ef: EmissionFactor, loc: &Option<Location>) -> Result<Dec, Diagnostic> {
    match ef {
        EmissionFactor::Unit(v) => Ok(v),
        EmissionFactor::Energy(_) => Err(Diagnostic::error(
            DiagCode::ComputeWrongFactorKind,
            loc.clone(),
            format!("source stream '{}' ({}) has an emission factor per TJ; this method needs one per unit of material", s.name, s.method().code()),
        )),
    }
}

/// Method A without a factor: the stoichiometric factor of the carbonate named by `material`.
fn carbonate_factor(s: &SourceStream, f: &Factors, loc: &Option<Location>) -> Result<(Dec, EfBasis), Diagnostic> {
    let hint = "give an emission factor, or name the carbonate: CaCO3, MgCO3, Na2CO3 or FeCO3";
    let Some(material) = s.material.as_deref().map(str::trim).filter(|m| !m.is_empty()) else {
        return Err(Diagnostic::error(
            DiagCode::ComputeMissingFactor,
            loc.clone(),
            format!("source stream '{}' (process_a) has no emission factor and no carbonate named", s.name),
        )
        .hint(hint));
    };
    match f.carbonate(material) {
        Some(ef) => {
            let canonical = f.get("carbonate", material).map_or_else(|| material.to_string(), |r| r.name.clone());
            Ok((ef, EfBasis::Carbonate(canonical)))
        }
        None => Err(Diagnostic::error(
            DiagCode::ComputeUnknownCarbonate,
            loc.clone(),
            format!("source stream '{}': no standard factor for the carbonate '{material}'", s.name),
        )
        .hint(hint)),
    }
}

/// Discarded kiln dust: the given factor; else equation 28 from the clinker factor and the degree
/// of calcination `d`: `x = EF_cli / (1 + EF_cli) × d`, `EF_CKD = x / (1 − x)`; else 0.525.
fn kiln_dust_factor(
    s: &SourceStream,
    ef: Option<EmissionFactor>,
    calcination: Option<Dec>,
    clinker_ef: Option<Dec>,
    f: &Factors,
    loc: &Option<Location>,
) -> Result<(Dec, EfBasis), Diagnostic> {
    if let Some(ef) = ef {
        return Ok((unit_factor(s, ef, loc)?, given(ef)));
    }
    let Some(d) = calcination else {
        return Ok((f.kiln_dust_standard(), EfBasis::StandardValue));
    };
    let Some(ef_cli) = clinker_ef else {
        return Err(Diagnostic::error(
            DiagCode::ComputeMissingClinkerEf,
            loc.clone(),
            format!("kiln dust '{}' has a degree of calcination but no clinker emission factor", s.name),
        )
        .hint("give the clinker factor (tCO2/t clinker), or drop the calcination to use the 0.525 standard value"));
    };
    let x = ef_cli.checked_add(Dec::ONE).and_then(|den| div(ef_cli, den)).and_then(|r| r.checked_mul(d));
    let ef = x.and_then(|x| div(x, Dec::ONE.checked_sub(x)?));
    match ef {
        Some(ef) => Ok((ef, EfBasis::Calcination)),
        None => Err(Diagnostic::error(
            DiagCode::ComputeKilnDustFactor,
            loc.clone(),
            format!("kiln dust '{}': the clinker factor {ef_cli} and calcination {d} give no finite dust factor", s.name),
        )
        .hint("the degree of calcination is a fraction between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::{d, stream};

    fn run(s: &SourceStream) -> StreamResult {
        stream_emissions(s, Factors::embedded()).unwrap()
    }

    #[test]
    fn combustion_per_energy_with_oxidation_and_biomass() {
        let mut s = stream("gas", StreamMethod::Combustion, "1000");
        s.ncv = Some(d("48"));
        s.monitoring = Monitoring::Combustion { ef: Some(EmissionFactor::Energy(d("56.1"))), carbon_content: None, oxidation: d("0.99") };
        s.biomass = d("0.1");
        let r = run(&s);
        // 1000 t × 48 GJ/t = 48 000 GJ = 48 TJ
        assert_eq!(r.energy_tj, Some(d("48")));
        // 48 TJ × 56.1 = 2692.8; × 0.99 = 2665.872
        assert_eq!(r.total_t, d("2665.872"));
        // biomass 2665.872 × 0.1 = 266.5872; fossil 2665.872 − 266.5872 = 2399.2848
        assert_eq!(r.biomass_t, d("266.5872"));
        assert_eq!(r.fossil_t, d("2399.2848"));
        assert_eq!(r.ef_basis, EfBasis::GivenPerEnergy);
    }

    #[test]
    fn combustion_per_unit_and_from_carbon_content() {
        let mut s = stream("coke", StreamMethod::Combustion, "200");
        s.monitoring = Monitoring::Combustion { ef: Some(EmissionFactor::Unit(d("3.1"))), carbon_content: None, oxidation: Dec::ONE };
        // 200 × 3.1 = 620
        assert_eq!(run(&s).total_t, d("620"));
        assert_eq!(run(&s).energy_tj, None);

        s.monitoring = Monitoring::Combustion { ef: None, carbon_content: Some(d("0.85")), oxidation: d("0.98") };
        // 200 × 0.85 × 3.664 = 622.88; × 0.98 = 610.4224
        let r = run(&s);
        assert_eq!(r.total_t, d("610.4224"));
        // 0.85 × 3.664 = 3.1144
        assert_eq!(r.ef_applied, d("3.1144"));
        assert_eq!(r.ef_basis, EfBasis::CarbonContent);
    }

    #[test]
    fn combustion_errors() {
        let mut s = stream("fuel", StreamMethod::Combustion, "10");
        let e = stream_emissions(&s, Factors::embedded()).unwrap_err();
        assert_eq!(e.code, DiagCode::ComputeMissingFactor);
        s.monitoring = Monitoring::Combustion { ef: Some(EmissionFactor::Energy(d("95"))), carbon_content: None, oxidation: Dec::ONE };
        let e = stream_emissions(&s, Factors::embedded()).unwrap_err();
        assert_eq!(e.code, DiagCode::ComputeMissingNcv);
        assert_eq!(e.location.unwrap().to_string(), "T!A1");
    }

    #[test]
    fn process_a_given_factor_and_carbonates() {
        let mut s = stream("raw meal", StreamMethod::ProcessA, "1000");
        s.monitoring = Monitoring::ProcessA { ef: Some(EmissionFactor::Unit(d("0.525"))), conversion: d("0.9") };
        // 1000 × 0.525 × 0.9 = 472.5
        assert_eq!(run(&s).total_t, d("472.5"));

        s.monitoring = Monitoring::ProcessA { ef: None, conversion: Dec::ONE };
        s.material = Some("caco3".into());
        // 1000 × 0.440 = 440
        let r = run(&s);
        assert_eq!(r.total_t, d("440"));
        assert_eq!(r.ef_basis, EfBasis::Carbonate("CaCO3".into()));
        s.material = Some("MgCO3".into());
        // 1000 × 0.522 = 522
        assert_eq!(run(&s).total_t, d("522"));
        s.material = Some("Na2CO3".into());
        // 1000 × 0.415 = 415 (soda ash)
        assert_eq!(run(&s).total_t, d("415"));
        s.material = Some("FeCO3".into());
        // 1000 × 0.380 = 380
        assert_eq!(run(&s).total_t, d("380"));

        s.material = Some("BaCO3".into());
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeUnknownCarbonate);
        s.material = None;
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeMissingFactor);
        s.monitoring = Monitoring::ProcessA { ef: Some(EmissionFactor::Energy(d("95"))), conversion: Dec::ONE };
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeWrongFactorKind);
    }

    #[test]
    fn process_b_from_oxides_standard_value_and_given() {
        let mut s = stream("clinker", StreamMethod::ProcessB, "1000");
        s.monitoring = Monitoring::ProcessB { ef: None, cao: Some(d("0.65")), mgo: Some(d("0.015")), conversion: Dec::ONE };
        // EF_cli = 0.785 × 0.65 + 1.092 × 0.015 = 0.51025 + 0.01638 = 0.52663
        let r = run(&s);
        assert_eq!(r.ef_applied, d("0.52663"));
        assert_eq!(r.ef_basis, EfBasis::Oxides);
        // 1000 × 0.52663 = 526.63
        assert_eq!(r.total_t, d("526.63"));

        s.monitoring = Monitoring::ProcessB { ef: None, cao: None, mgo: None, conversion: Dec::ONE };
        // standard value: 1000 × 0.525 = 525
        let r = run(&s);
        assert_eq!(r.total_t, d("525"));
        assert_eq!(r.ef_basis, EfBasis::StandardValue);

        s.monitoring = Monitoring::ProcessB { ef: Some(EmissionFactor::Unit(d("0.53"))), cao: None, mgo: None, conversion: d("0.98") };
        // 1000 × 0.53 × 0.98 = 519.4
        assert_eq!(run(&s).total_t, d("519.4"));
    }

    #[test]
    fn kiln_dust_standard_given_and_calcination() {
        let mut s = stream("bypass dust", StreamMethod::KilnDust, "100");
        // 100 × 0.525 = 52.5
        assert_eq!(run(&s).total_t, d("52.5"));

        s.monitoring = Monitoring::KilnDust { ef: None, calcination: Some(d("0.5")), clinker_ef: None };
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeMissingClinkerEf);

        s.monitoring = Monitoring::KilnDust { ef: None, calcination: Some(d("0.5")), clinker_ef: Some(d("0.525")) };
        // x = 0.525 / 1.525 × 0.5 = 0.1721311475409836065573770492 (0.525/1.525 = 0.344262295081967…)
        // EF_CKD = x / (1 − x) = 0.17213114754 / 0.82786885246 = 0.2079207920792… (= 21/101 exactly:
        // x = 0.2625/1.525 = 21/122, 1 − x = 101/122, ratio 21/101 = 0.20792079207920792…)
        let r = run(&s);
        assert_eq!(r.ef_basis, EfBasis::Calcination);
        assert!((r.ef_applied - d("0.2079207920792079207920792079")).abs() < d("1e-26"), "{}", r.ef_applied);
        // 100 × 21/101 = 20.792079207920792…
        assert!((r.total_t - d("20.79207920792079207920792079")).abs() < d("1e-24"), "{}", r.total_t);

        s.monitoring = Monitoring::KilnDust { ef: Some(EmissionFactor::Unit(d("0.3"))), calcination: Some(d("0.5")), clinker_ef: Some(d("0.525")) };
        // 100 × 0.3 = 30
        assert_eq!(run(&s).total_t, d("30"));
    }

    #[test]
    fn non_carbonate_carbon_and_mass_balance() {
        let mut s = stream("TOC", StreamMethod::NonCarbonateCarbon, "1000000");
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeMissingCarbonContent);
        s.monitoring = Monitoring::NonCarbonateCarbon { carbon_content: Some(d("0.002")) };
        // 1 000 000 × 0.002 × 3.664 = 7328
        assert_eq!(run(&s).total_t, d("7328"));

        let mut anodes = stream("anodes", StreamMethod::MassBalance, "50000");
        anodes.monitoring = Monitoring::MassBalance { carbon_content: Some(d("0.9")) };
        // 3.664 × 50 000 × 0.9 = 164 880
        assert_eq!(run(&anodes).total_t, d("164880"));

        let mut out = stream("carbon in product", StreamMethod::MassBalance, "-1000");
        out.monitoring = Monitoring::MassBalance { carbon_content: Some(d("0.01")) };
        out.biomass = d("0.2");
        // 3.664 × −1000 × 0.01 = −36.64; biomass −36.64 × 0.2 = −7.328; fossil −29.312
        let r = run(&out);
        assert_eq!(r.total_t, d("-36.64"));
        assert_eq!(r.biomass_t, d("-7.328"));
        assert_eq!(r.fossil_t, d("-29.312"));
    }

    #[test]
    fn overflow_is_a_diagnostic_not_a_panic() {
        let mut s = stream("huge", StreamMethod::ProcessA, "70000000000000000000000000000");
        s.monitoring = Monitoring::ProcessA { ef: Some(EmissionFactor::Unit(d("1000"))), conversion: Dec::ONE };
        assert_eq!(stream_emissions(&s, Factors::embedded()).unwrap_err().code, DiagCode::ComputeOverflow);
    }
}
