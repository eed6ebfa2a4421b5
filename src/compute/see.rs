//! Specific embedded emissions of each process (DOMAIN §3.5): attributed emissions plus the
//! precursors' embedded emissions, divided by the activity level, with embedded electricity and
//! the share coming from default values.
//!
//! Own precursors are resolved recursively with memoisation; a cycle is an error naming it.
//! Purchased precursors take the supplier's values or the country's default value
//! ([`DefaultValues`]). Nothing is rounded; division keeps 28 significant digits.

use crate::model::DiagCode;
use std::collections::HashMap;

use serde::Serialize;

use super::attribution::OwnEmissions;
use super::num::{div, prod, sum};
use super::overflow;
use crate::model::{
    CnCode, CountryCode, Dec, Diagnostic, Diagnostics, GoodsCategory, Installation, Location, PrecursorInput, PrecursorSource, Process, PurchasedSee,
};
use crate::regime::Regime;
use crate::tables::defaults::DefaultValues;
use crate::tables::origins;

/// Where a precursor's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecursorKind {
    /// Another process of this installation.
    Own,
    /// Values communicated by the supplier.
    Actual,
    /// The default value of the country of production.
    Default,
}

/// Where one precursor's values come from, with what only that origin has: a typo or a
/// contradictory pair (a default value without its table, an own precursor with a supplier's
/// verification) cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrecursorOrigin {
    /// Made by another process of this installation.
    Own {
        /// The id of the process that makes it.
        process: String,
    },
    /// Values communicated by the supplier.
    Actual,
    /// Produced in the Union or an exempted country (definitive period): it counts zero, its
    /// quantity is still reported.
    ZeroRated,
    /// The default value of the country of production.
    Default {
        /// The CN code looked up.
        cn_code: CnCode,
        /// Whether the table fell back to "Other countries and territories".
        fallback: bool,
        /// The default-value table the value was taken from (its citation).
        table: &'static str,
    },
}

impl PrecursorOrigin {
    /// The three kinds a report distinguishes (a zero-rated precursor is an actual one).
    pub fn kind(&self) -> PrecursorKind {
        match self {
            PrecursorOrigin::Own { .. } => PrecursorKind::Own,
            PrecursorOrigin::Actual | PrecursorOrigin::ZeroRated => PrecursorKind::Actual,
            PrecursorOrigin::Default { .. } => PrecursorKind::Default,
        }
    }
    /// Whether the default value of the country of production was used.
    pub fn is_default(&self) -> bool {
        matches!(self, PrecursorOrigin::Default { .. })
    }
    /// The process that makes an own precursor.
    pub fn own_process(&self) -> Option<&str> {
        match self {
            PrecursorOrigin::Own { process } => Some(process),
            _ => None,
        }
    }
    /// The CN code whose default value was used.
    pub fn default_cn_code(&self) -> Option<&CnCode> {
        match self {
            PrecursorOrigin::Default { cn_code, .. } => Some(cn_code),
            _ => None,
        }
    }
}

/// One precursor of a process and what it contributes.
#[derive(Debug, Clone)]
pub struct PrecursorResult {
    /// The operator's name for the precursor.
    pub name: String,
    /// The precursor's aggregated goods category.
    pub category: GoodsCategory,
    /// Mass consumed over the period, t.
    pub mass_t: Dec,
    /// Alloying elements counted as primary unwrought aluminium.
    pub alloying: bool,
    /// Where its values come from.
    pub origin: PrecursorOrigin,
    /// Human-readable source: the process, the supplier, or the default value's description.
    pub source: String,
    /// The supplier named for a purchased precursor.
    pub supplier: Option<String>,
    /// Country of production: the supplier's for a purchased precursor (`None` where unknown),
    /// the installation's for an own one.
    pub country: Option<CountryCode>,
    /// Definitive period: why the supplier's actual values were not used (no verification
    /// report), or why the precursor counts zero (produced in the Union or an exempted country).
    pub decision: Option<String>,
    /// The reference of the verification report that covers the supplier's values.
    pub verification_report: Option<String>,
    /// m_i = M_i / AL (IR 2025/2547 Annex III equation 61): tonnes of precursor per tonne of the
    /// consuming process's output.
    pub specific_mass_consumption: Option<Dec>,
    /// Specific direct embedded emissions of the precursor, tCO2e per t of precursor.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions of the precursor, tCO2e per t of precursor.
    pub see_indirect: Dec,
    /// MWh per t of precursor; `None` when unknown (default values, or not communicated): it
    /// counts as 0.
    pub embedded_electricity: Option<Dec>,
    /// False when this precursor's embedded electricity is unknown at any depth.
    pub embedded_electricity_complete: bool,
    /// Share (0..1) of this precursor's embedded emissions that comes from default values.
    pub default_share: Dec,
    /// Direct embedded emissions it brings to the process: mass × direct SEE, tCO2e.
    pub contribution_direct_t: Dec,
    /// Indirect embedded emissions it brings to the process: mass × indirect SEE, tCO2e.
    pub contribution_indirect_t: Dec,
}

/// The JSON of `cbam compute` keeps the flat shape it had before [`PrecursorOrigin`]: `kind`,
/// `own_process`, `default_cn_code`, `default_fallback`, `default_table`, `zero_origin` and
/// `is_default` are written from the origin, in their places.
impl Serialize for PrecursorResult {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (fallback, table) = match &self.origin {
            PrecursorOrigin::Default { fallback, table, .. } => (*fallback, Some(*table)),
            _ => (false, None),
        };
        let mut st = ser.serialize_struct("PrecursorResult", 24)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("category", &self.category)?;
        st.serialize_field("mass_t", &self.mass_t)?;
        st.serialize_field("alloying", &self.alloying)?;
        st.serialize_field("kind", &self.origin.kind())?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("own_process", &self.origin.own_process())?;
        st.serialize_field("supplier", &self.supplier)?;
        st.serialize_field("country", &self.country)?;
        st.serialize_field("default_cn_code", &self.origin.default_cn_code())?;
        st.serialize_field("default_fallback", &fallback)?;
        st.serialize_field("default_table", &table)?;
        st.serialize_field("decision", &self.decision)?;
        st.serialize_field("verification_report", &self.verification_report)?;
        st.serialize_field("zero_origin", &(self.origin == PrecursorOrigin::ZeroRated))?;
        st.serialize_field("specific_mass_consumption", &self.specific_mass_consumption)?;
        st.serialize_field("see_direct", &self.see_direct)?;
        st.serialize_field("see_indirect", &self.see_indirect)?;
        st.serialize_field("embedded_electricity", &self.embedded_electricity)?;
        st.serialize_field("embedded_electricity_complete", &self.embedded_electricity_complete)?;
        st.serialize_field("is_default", &self.origin.is_default())?;
        st.serialize_field("default_share", &self.default_share)?;
        st.serialize_field("contribution_direct_t", &self.contribution_direct_t)?;
        st.serialize_field("contribution_indirect_t", &self.contribution_indirect_t)?;
        st.end()
    }
}

/// A process's specific figures: its embedded emissions and electricity, precursors included,
/// per tonne of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Specific {
    /// Specific direct embedded emissions, tCO2e/t.
    pub direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t.
    pub indirect: Dec,
    /// Direct + indirect, tCO2e/t.
    pub total: Dec,
    /// Specific embedded electricity, MWh/t.
    pub electricity: Dec,
    /// False when some precursor's embedded electricity is unknown at any depth (it counted as 0).
    pub electricity_complete: bool,
    /// Share (0..1) of the embedded emissions (direct + indirect) that comes from default values.
    pub default_share: Dec,
}

/// What [`resolve_all`] finds for one process: its figures (`None` when they could not be
/// computed; the reason is among the diagnostics) and its precursors.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The process's specific figures; `None` when they could not be computed.
    pub specific: Option<Specific>,
    /// Its precursors with their values and contributions, in input order; a precursor whose
    /// values could not be found is left out.
    pub precursors: Vec<PrecursorResult>,
}

/// Resolves every process of `inst`, in input order. `own[i]` are the own emissions of process
/// `i` (`None` when they failed).
pub fn resolve_all(inst: &Installation, regime: &Regime, own: &[Option<OwnEmissions>], diags: &mut Diagnostics) -> Vec<Resolved> {
    let n = inst.processes.len();
    let mut index = HashMap::with_capacity(n);
    for (i, p) in inst.processes.iter().enumerate() {
        index.entry(p.id.as_str()).or_insert(i);
    }
    let mut r = Resolver {
        inst,
        defaults: regime.default_values(),
        regime,
        own,
        index,
        state: vec![State::Todo; n],
        out: (0..n).map(|_| Resolved { specific: None, precursors: Vec::new() }).collect(),
        diags,
    };
    for i in 0..n {
        if r.state[i] == State::Todo {
            r.visit(i, &mut Vec::new());
        }
    }
    r.out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Active,
    Done,
}

struct Resolver<'a, 'd> {
    inst: &'a Installation,
    defaults: &'a DefaultValues,
    regime: &'a Regime,
    own: &'a [Option<OwnEmissions>],
    index: HashMap<&'a str, usize>,
    state: Vec<State>,
    out: Vec<Resolved>,
    diags: &'d mut Diagnostics,
}

impl<'a> Resolver<'a, '_> {
    /// Resolves process `i`; `stack` holds the processes being resolved above it.
    fn visit(&mut self, i: usize, stack: &mut Vec<usize>) -> Option<Specific> {
        if self.state[i] == State::Done {
            return self.out[i].specific;
        }
        self.state[i] = State::Active;
        stack.push(i);
        let p: &'a Process = &self.inst.processes[i];
        let mut ok = self.own[i].is_some();
        let mut rows = Vec::with_capacity(p.precursors.len());
        for pre in &p.precursors {
            match self.precursor(pre, stack) {
                Some(row) => rows.push(row),
                None => ok = false,
            }
        }
        stack.pop();
        let loc = p.origin.clone().map(Location::Cell);
        if p.activity_level_t.is_zero() {
            self.diags.push(
                Diagnostic::error(
                    DiagCode::ComputeZeroOutput,
                    loc,
                    format!("process {} has an activity level of 0 t: its specific emissions are undefined", p.id),
                )
                .hint("give the total saleable output of the process over the period"),
            );
            ok = false;
        } else if p.activity_level_t < Dec::ZERO {
            self.diags.push(Diagnostic::error(
                DiagCode::ComputeNegativeOutput,
                loc,
                format!("process {} has a negative activity level ({} t)", p.id, p.activity_level_t),
            ));
            ok = false;
        }
        let specific = match (&self.own[i], ok) {
            (Some(own), true) => self.specific(p, own, &rows),
            _ => None,
        };
        if p.activity_level_t > Dec::ZERO {
            for row in &mut rows {
                row.specific_mass_consumption = div(row.mass_t, p.activity_level_t);
            }
        }
        self.state[i] = State::Done;
        self.out[i] = Resolved { specific, precursors: rows };
        specific
    }

    /// SEE_dir = (AttrEm_dir + Σ M_i × SEE_dir_i) / AL, likewise indirect and electricity.
    fn specific(&mut self, p: &Process, own: &OwnEmissions, rows: &[PrecursorResult]) -> Option<Specific> {
        let loc = p.origin.clone().map(Location::Cell);
        let al = p.activity_level_t;
        let figures = (|| {
            let mut dir = vec![own.attributed_direct_t];
            let mut ind = vec![own.attributed_indirect_t];
            let mut el = vec![p.electricity.consumed_mwh];
            let mut from_defaults = Vec::with_capacity(rows.len());
            for r in rows {
                dir.push(r.contribution_direct_t);
                ind.push(r.contribution_indirect_t);
                el.push(prod(&[r.mass_t, r.embedded_electricity.unwrap_or_default()])?);
                let embedded = sum(&[r.contribution_direct_t, r.contribution_indirect_t])?;
                from_defaults.push(prod(&[embedded, r.default_share])?);
            }
            let (dir, ind, el, from_defaults) = (sum(&dir)?, sum(&ind)?, sum(&el)?, sum(&from_defaults)?);
            let embedded = sum(&[dir, ind])?;
            let share = if embedded.is_zero() { Dec::ZERO } else { div(from_defaults, embedded)? };
            let (direct, indirect) = (div(dir, al)?, div(ind, al)?);
            Some(Specific {
                direct,
                indirect,
                total: sum(&[direct, indirect])?,
                electricity: div(el, al)?,
                electricity_complete: rows.iter().all(|r| r.embedded_electricity_complete),
                default_share: share,
            })
        })();
        let Some(s) = figures else {
            self.diags.push(overflow(loc, &format!("specific embedded emissions of process {}", p.id)));
            return None;
        };
        let negative: Vec<String> = [("direct", s.direct), ("indirect", s.indirect), ("embedded electricity", s.electricity)]
            .into_iter()
            .filter(|(_, v)| *v < Dec::ZERO)
            .map(|(what, v)| format!("{what} {v}"))
            .collect();
        if !negative.is_empty() {
            self.diags.push(
                Diagnostic::error(DiagCode::ComputeNegativeSee, loc, format!("process {} comes out negative: {}", p.id, negative.join(", ")))
                    .hint("check mass-balance outputs, precursor values and electricity figures for signs"),
            );
            return None;
        }
        Some(s)
    }

    /// The values of one precursor and its contribution; `None` after pushing the reason (or
    /// silently when an own precursor failed for a reason reported already).
    fn precursor(&mut self, pre: &PrecursorInput, stack: &mut Vec<usize>) -> Option<PrecursorResult> {
        let loc = pre.origin.clone().map(Location::Cell);
        let mut row = PrecursorResult {
            name: pre.name.clone(),
            category: pre.category,
            mass_t: pre.mass_t,
            alloying: pre.alloying,
            origin: PrecursorOrigin::Actual,
            source: String::new(),
            supplier: None,
            country: None,
            decision: None,
            verification_report: pre.verification_report.clone(),
            specific_mass_consumption: None,
            see_direct: Dec::ZERO,
            see_indirect: Dec::ZERO,
            embedded_electricity: None,
            embedded_electricity_complete: false,
            default_share: Dec::ZERO,
            contribution_direct_t: Dec::ZERO,
            contribution_indirect_t: Dec::ZERO,
        };
        match &pre.source {
            PrecursorSource::Own { process } => {
                let Some(&j) = self.index.get(process.as_str()) else {
                    self.diags.push(Diagnostic::error(
                        DiagCode::ComputeUnknownProcess,
                        loc,
                        format!("precursor '{}' comes from process '{process}', which does not exist", pre.name),
                    ));
                    return None;
                };
                if self.state[j] == State::Active {
                    let start = stack.iter().position(|&k| k == j).unwrap_or(0);
                    let mut path: Vec<&str> = stack[start..].iter().map(|&k| self.inst.processes[k].id.as_str()).collect();
                    path.push(process.as_str());
                    self.diags.push(
                        Diagnostic::error(DiagCode::ComputePrecursorCycle, loc, format!("precursor cycle: {}", path.join(" → ")))
                            .hint("a process cannot consume, even indirectly, its own output as a precursor"),
                    );
                    return None;
                }
                let s = self.visit(j, stack)?;
                let q = &self.inst.processes[j];
                row.origin = PrecursorOrigin::Own { process: q.id.clone() };
                row.source = format!("process {} ({})", q.id, q.name);
                row.country = self.inst.identity.country;
                row.see_direct = s.direct;
                row.see_indirect = s.indirect;
                row.embedded_electricity = Some(s.electricity);
                row.embedded_electricity_complete = s.electricity_complete;
                row.default_share = s.default_share;
            }
            PrecursorSource::Purchased { supplier, country, values } => {
                row.supplier = supplier.clone();
                row.country = *country;
                let definitive = self.regime.methodology.is_definitive();
                let from = country.as_ref().map_or("an unknown country".to_string(), |c| c.to_string());
                if definitive
                    && let Some(c) = country
                    && let Some(why) = origins::zero_rated(c)
                {
                    let country = c;
                    // Annex II A.1(4) of IR 2025/2547 and Art. 2 of Regulation (EU) 2023/956.
                    row.origin = PrecursorOrigin::ZeroRated;
                    row.source = format!("produced in {country}, {why}: zero embedded emissions");
                    row.decision = Some(format!("counts zero: produced in {country}, {why} ({})", self.regime.methodology.short()));
                    row.embedded_electricity = Some(Dec::ZERO);
                    row.embedded_electricity_complete = true;
                    return Some(row);
                }
                // Actual values the regime accepts, or the default value that replaces them.
                let default_key = match values {
                    PurchasedSee::Actual { see_direct, see_indirect, embedded_electricity, default_key } => {
                        if definitive && pre.verification_report.is_none() {
                            let at = pre.verification_at.clone().or(pre.origin.clone()).map(Location::Cell);
                            let Some(key) = default_key else {
                                self.diags.push(
                                    Diagnostic::error(
                                        DiagCode::InputPrecursorUnverified,
                                        at,
                                        format!(
                                            "precursor '{}': actual values from a supplier in {from} need the reference of the verification report that covers them ({} Annex II A.1(4)); none is given, and no default_cn_code says which default value replaces them",
                                            pre.name,
                                            self.regime.methodology.short()
                                        ),
                                    )
                                    .hint("write the verification report's reference in verification_report, or the precursor's CN code in default_cn_code to use its default value"),
                                );
                                return None;
                            };
                            self.diags.push(
                                Diagnostic::warning(
                                    DiagCode::ComputePrecursorUnverified,
                                    at,
                                    format!(
                                        "precursor '{}': the supplier's actual values are not backed by a verification report; the default value of CN {} ({from}) is used instead ({} Annex II A.1(5))",
                                        pre.name,
                                        key.0.spaced(),
                                        self.regime.methodology.short()
                                    ),
                                )
                                .hint("write the verification report's reference in verification_report to use the supplier's values"),
                            );
                            row.decision = Some(format!(
                                "actual values not used: no verification report ({} Annex II A.1(5)); default value instead",
                                self.regime.methodology.short()
                            ));
                            Some(key.clone())
                        } else {
                            row.origin = PrecursorOrigin::Actual;
                            row.source = match supplier {
                                Some(s) => format!("{s} ({from}), communicated values"),
                                None => format!("supplier in {from}, communicated values"),
                            };
                            row.see_direct = *see_direct;
                            row.see_indirect = *see_indirect;
                            row.embedded_electricity = *embedded_electricity;
                            row.embedded_electricity_complete = embedded_electricity.is_some();
                            if embedded_electricity.is_none() {
                                self.diags.push(
                                    Diagnostic::warning(
                                        DiagCode::ComputePrecursorElectricityUnknown,
                                        loc.clone(),
                                        format!("precursor '{}': the supplier's embedded electricity is not given; it counts as 0 MWh/t", pre.name),
                                    )
                                    .hint("ask the supplier for the embedded electricity (MWh/t) of the precursor"),
                                );
                            }
                            None
                        }
                    }
                    PurchasedSee::Default { cn_code, variant } => Some((cn_code.clone(), *variant)),
                };
                if let Some((cn_code, variant)) = &default_key {
                    self.default_value(&mut row, pre, country.as_ref(), cn_code, *variant, &loc)?;
                }
            }
        }
        match (prod(&[row.mass_t, row.see_direct]), prod(&[row.mass_t, row.see_indirect])) {
            (Some(d), Some(i)) => {
                row.contribution_direct_t = d;
                row.contribution_indirect_t = i;
                Some(row)
            }
            _ => {
                self.diags.push(overflow(loc, &format!("precursor '{}'", pre.name)));
                None
            }
        }
    }
    /// Fills `row` with the default value of `cn_code` produced in `country`.
    fn default_value(
        &mut self,
        row: &mut PrecursorResult,
        pre: &PrecursorInput,
        country: Option<&CountryCode>,
        cn_code: &CnCode,
        variant: Option<crate::model::Variant>,
        loc: &Option<Location>,
    ) -> Option<()> {
        // A country of production that cannot be identified takes the highest default value
        // (Annex IV of the default-value act, as corrected), where the regime's table has one.
        let found = match country {
            Some(c) => self.defaults.find(c, cn_code, variant),
            None => self.defaults.find_unknown_origin(cn_code, variant),
        };
        let found = match found {
            Ok(f) => f,
            Err(e) => {
                let v = variant.map(|v| format!(" ({})", v.code())).unwrap_or_default();
                let from = country.map_or("an unknown country".to_string(), |c| c.to_string());
                let hint = match (&e, country) {
                    (crate::tables::TableError::Ambiguous { .. }, _) => {
                        "give the variant (grey or white) in 'variant', or the 10-digit TARIC code in default_cn_code"
                    }
                    (_, None) => "the table of this methodology has no values for a precursor of unknown origin: name the country of production",
                    _ => "check the CN code and the variant (grey or white), or use the supplier's actual values",
                };
                self.diags.push(
                    Diagnostic::error(
                        DiagCode::ComputeDefaultNotFound,
                        loc.clone(),
                        format!(
                            "precursor '{}': no default value for CN {}{v} produced in {from}: {e} ({})",
                            pre.name,
                            cn_code.spaced(),
                            self.regime.defaults.citation()
                        ),
                    )
                    .hint(hint),
                );
                return None;
            }
        };
        let v = found.value;
        let indirect = v.indirect.unwrap_or_default();
        // Aluminium defaults carry direct emissions only; a row with only the total and the
        // indirect part gives its direct part by difference.
        let direct = match (v.direct, v.total) {
            (Some(d), _) => Some(d),
            (None, Some(t)) => t.checked_sub(indirect),
            (None, None) => None,
        };
        let Some(direct) = direct else {
            self.diags.push(Diagnostic::error(
                DiagCode::ComputeDefaultIncomplete,
                loc.clone(),
                format!("precursor '{}': the default value for CN {} ({}) has no direct figure", pre.name, cn_code.spaced(), v.country),
            ));
            return None;
        };
        row.origin = PrecursorOrigin::Default { cn_code: cn_code.clone(), fallback: found.fallback, table: found.source };
        row.source = format!("default value, {} ({}), {}", v.country, v.cn_prefix, v.description);
        if found.annex_iv {
            row.decision = Some("country of production unknown: the highest default value of the code (Annex IV of the default-value act)".to_string());
        } else if found.source != self.regime.defaults.citation() {
            // The corrected table gives some countries only; the others keep the published values.
            row.decision = Some(format!("{} has no row in {}: the value of {}", v.country, self.regime.defaults.citation(), found.source));
        }
        row.see_direct = direct;
        row.see_indirect = indirect;
        row.embedded_electricity = None;
        row.embedded_electricity_complete = false;
        row.default_share = Dec::ONE;
        Some(())
    }
}
