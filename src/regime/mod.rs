//! The law as a value: which methodology, which reference tables and which year's figures apply,
//! decided once at the edge and handed down (as typst hands its compiler a `World`).
//!
//! A [`Regime`] is resolved from the reporting period (the methodology: periods starting on or
//! after the day IR 2025/2547 applies use it, earlier ones IR 2023/1773) and the obligation year
//! (the CBAM factor, the default-value mark-up, the de minimis threshold, whether aluminium
//! counts direct emissions only). `--rules` overrides the methodology. Compute, report,
//! declaration, cost and every renderer take the regime; results carry its [`Record`] and every
//! decision taken under it, so no renderer or command re-derives the law.
//!
//! This module and `data/` are the only places that name a legal act, a legal threshold or the
//! year a rule starts (`tests/it/architecture.rs` checks it). A new act is one more
//! [`Methodology`] variant here plus its data; a new table version is one more variant of the
//! table's version enum in `tables` plus its data file.
#![deny(missing_docs)]

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Dec, GoodsCategory, ReportingPeriod};
use crate::tables::benchmarks::Benchmarks;
use crate::tables::defaults::{DefaultValues, DefaultsVersion};
use crate::tables::factors::Factors;
use crate::tables::years;

/// Why a carbon price paid abroad is not deducted from default values (Article 9(1) and (4) of
/// Regulation (EU) 2023/956 as amended by Regulation (EU) 2025/2083).
pub const ART9_DEFAULTS: &str =
    "a carbon price paid is deducted only from actual embedded emissions, not from default values (Art. 9 of Regulation 2023/956 as amended)";

/// Why a carbon price effectively paid is not deducted without certified documentation (Article
/// 9(2) of Regulation (EU) 2023/956 as amended).
pub const ART9_EVIDENCE: &str = "no documentation of the carbon price paid certified by an independent person (Art. 9(2) of Regulation 2023/956 as amended): give who certified it in the supplier's carbon price row (certified_by)";

/// The status of the implementing act Article 9 figures follow (`data/article9-act.csv`): every
/// Article 9 figure is shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article9 {
    /// The act (its title, or the draft's reference).
    pub act: &'static str,
    /// Its status, such as a draft not adopted.
    pub status: &'static str,
    /// The day that status was last checked.
    pub as_of: &'static str,
    /// Where the act and its status were read.
    pub source: &'static str,
}

impl Article9 {
    /// The act as shipped in `data/article9-act.csv`.
    pub fn current() -> Article9 {
        crate::tables::article9::current()
    }
    /// One line for a worksheet: "provisional: … (status as of …)".
    pub fn label(&self) -> String {
        format!("provisional, after the {} ({}, as of {})", self.act, self.status, self.as_of)
    }
}

/// The monitoring and calculation methodology of embedded emissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Methodology {
    /// Commission Implementing Regulation (EU) 2023/1773, Annex III: the transitional period
    /// (reporting periods from 1 October 2023 to 31 December 2025, late reports after it).
    #[serde(rename = "2023/1773")]
    Ir2023_1773,
    /// Commission Implementing Regulation (EU) 2025/2547: the definitive period (2026 on).
    #[serde(rename = "2025/2547")]
    Ir2025_2547,
}

impl Methodology {
    /// Every methodology, oldest first.
    pub const ALL: [Methodology; 2] = [Methodology::Ir2023_1773, Methodology::Ir2025_2547];

    /// The key `--rules` takes: `2023/1773` or `2025/2547`.
    pub fn key(self) -> &'static str {
        match self {
            Methodology::Ir2023_1773 => "2023/1773",
            Methodology::Ir2025_2547 => "2025/2547",
        }
    }

    /// The methodology of a `--rules` key (`2025/2547`, also `IR 2025/2547`).
    pub fn parse(s: &str) -> Option<Methodology> {
        let t = s.trim().trim_start_matches("IR").trim_start_matches("ir").trim();
        Self::ALL.into_iter().find(|m| m.key() == t)
    }

    /// The act's short name, as outputs print it: `IR 2025/2547`.
    pub fn short(self) -> &'static str {
        match self {
            Methodology::Ir2023_1773 => "IR 2023/1773",
            Methodology::Ir2025_2547 => "IR 2025/2547",
        }
    }

    /// The act and the part of it that holds the calculation rules.
    pub fn citation(self) -> &'static str {
        match self {
            Methodology::Ir2023_1773 => "Implementing Regulation (EU) 2023/1773, Annex III",
            Methodology::Ir2025_2547 => "Implementing Regulation (EU) 2025/2547, Annexes I to III",
        }
    }

    /// The first day of the reporting periods the act governs (2547 recital 2: 2023/1773 governed
    /// 1 October 2023 to 31 December 2025).
    pub fn applies_from(self) -> NaiveDate {
        match self {
            Methodology::Ir2023_1773 => NaiveDate::from_ymd_opt(2023, 10, 1),
            Methodology::Ir2025_2547 => NaiveDate::from_ymd_opt(2026, 1, 1),
        }
        .expect("a valid date")
    }

    /// The methodology governing a reporting period that starts on `start`.
    pub fn for_period_start(start: NaiveDate) -> Methodology {
        if start >= Methodology::Ir2025_2547.applies_from() { Methodology::Ir2025_2547 } else { Methodology::Ir2023_1773 }
    }

    /// The definitive period's methodology: precursor verification, rounding, RED II biomass,
    /// electricity evidence, sector parameters.
    pub fn is_definitive(self) -> bool {
        self == Methodology::Ir2025_2547
    }

    /// The default-value table this methodology uses for precursors (and the declaration for
    /// goods). IR 2023/1773 periods keep the table as first published, as cbam always did (the
    /// transitional period's own defaults of December 2023 are not shipped); IR 2025/2547 periods
    /// use it as corrected by IR 2026/1740, which applies from the same day.
    pub fn defaults_version(self) -> DefaultsVersion {
        match self {
            Methodology::Ir2023_1773 => DefaultsVersion::Published2621,
            Methodology::Ir2025_2547 => DefaultsVersion::Corrected1740,
        }
    }
}

impl fmt::Display for Methodology {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short())
    }
}

/// Why the regime has its methodology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum MethodologyReason {
    /// The reporting period starts on `start`.
    ReportingPeriod {
        /// The period's first day.
        start: NaiveDate,
    },
    /// The obligation year (no reporting period: a declaration or a cost estimate).
    ObligationYear {
        /// The obligation year.
        year: i32,
    },
    /// `--rules` said so.
    Chosen,
}

/// What the caller asks of the regime: the obligation year and the methodology, each resolved
/// from the reporting period when `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Choice {
    /// Year of the CBAM obligation. Default: the year the reporting period ends.
    pub year: Option<i32>,
    /// `--rules`: the methodology, whatever the period.
    pub methodology: Option<Methodology>,
}

impl Choice {
    /// The obligation year given (or not), the methodology from the reporting period.
    pub fn year(year: Option<i32>) -> Choice {
        Choice { year, methodology: None }
    }
}

/// The definitive period's figures of one obligation year (`data/cbam-years.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRules {
    /// The obligation year.
    pub year: i32,
    /// Share of the benchmark-based free allocation still deducted (Directive 2003/87/EC Art.
    /// 10a(1a)).
    pub cbam_factor: Dec,
    /// Mark-up on the default total (cement and aluminium), e.g. 0.10 in 2026.
    pub default_markup: Dec,
    /// De minimis: the importer's yearly net mass of CBAM goods at or below which nothing is due,
    /// tonnes (Regulation (EU) 2023/956 Art. 2a and Annex VII as amended by Regulation (EU)
    /// 2025/2083).
    pub de_minimis_t: Dec,
    /// The share of the year's embedded emissions (default values without mark-up, net of the
    /// free allocation adjustment) the certificates held at each quarter's end must cover
    /// (Regulation (EU) 2023/956 Art. 22(2)); `None`: no such requirement in the year.
    pub holding_share: Option<Dec>,
}

/// How reported figures are rounded (IR 2025/2547 Annex II A.1(6)–(8)). The act fixes the
/// number of decimals, not the method: cbam rounds half away from zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rounding {
    /// Specific embedded emissions: "a maximum of 5 digits after the comma" (A.1(8)).
    pub see_decimals: u32,
    /// Emissions over a full reporting period: "rounded to full tonnes" (A.1(6)).
    pub totals_decimals: u32,
    /// How halves are rounded, in words (half away from zero).
    pub method: &'static str,
    /// The passage of the act the rounding follows.
    pub basis: &'static str,
}

impl Rounding {
    /// A specific embedded emission as the rules report it.
    pub fn see(&self, d: Dec) -> Dec {
        round(d, self.see_decimals)
    }
    /// Emissions of a reporting period as the rules report them.
    pub fn total(&self, d: Dec) -> Dec {
        round(d, self.totals_decimals)
    }
}

fn round(d: Dec, dp: u32) -> Dec {
    let mut r = d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// Which part of a good's SEE the CBAM obligation counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationScope {
    /// Direct + indirect.
    Total,
    /// Direct emissions only.
    Direct,
}

/// The scope and the reason, as results carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeDecision {
    /// What counts.
    pub scope: ObligationScope,
    /// Why, in words, citing the rule.
    pub why: String,
}

/// Why a regime cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegimeError {
    /// The definitive period's yearly figures are not known for the year.
    YearNotCovered {
        /// The year asked.
        year: i32,
        /// The first year `data/cbam-years.csv` covers.
        first: i32,
        /// The last year it covers.
        last: i32,
    },
}

impl std::error::Error for RegimeError {}

impl fmt::Display for RegimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegimeError::YearNotCovered { year, first, last } => {
                write!(f, "the definitive period's yearly figures (CBAM factor, mark-up, de minimis) are known for {first} to {last}, not for {year}")
            }
        }
    }
}

/// The law that applies to one computation.
#[derive(Debug, Clone, Copy)]
pub struct Regime {
    /// The monitoring methodology applied.
    pub methodology: Methodology,
    /// Why it applies.
    pub reason: MethodologyReason,
    /// Year of the CBAM obligation.
    pub year: i32,
    /// The default-value table used.
    pub defaults: DefaultsVersion,
    /// The year's figures of the definitive period; `None` for an obligation year before it
    /// (transitional reporting: nothing is charged).
    pub year_rules: Option<YearRules>,
}

impl Regime {
    /// The regime of an installation's reporting period.
    pub fn for_period(period: &ReportingPeriod, choice: Choice) -> Result<Regime, RegimeError> {
        let year = choice.year.unwrap_or_else(|| period.end.year());
        let (methodology, reason) = match choice.methodology {
            Some(m) => (m, MethodologyReason::Chosen),
            None => (Methodology::for_period_start(period.start), MethodologyReason::ReportingPeriod { start: period.start }),
        };
        Regime::build(methodology, reason, year)
    }

    /// The regime of an obligation year without a reporting period (a declaration, a cost
    /// estimate): the methodology in force on 1 January of that year.
    pub fn for_year(year: i32, methodology: Option<Methodology>) -> Result<Regime, RegimeError> {
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let (m, reason) = match methodology {
            Some(m) => (m, MethodologyReason::Chosen),
            None => (Methodology::for_period_start(jan1), MethodologyReason::ObligationYear { year }),
        };
        Regime::build(m, reason, year)
    }

    fn build(methodology: Methodology, reason: MethodologyReason, year: i32) -> Result<Regime, RegimeError> {
        let year_rules = if Regime::is_definitive_year(year) {
            let (first, last) = years::covered_years();
            let not_covered = RegimeError::YearNotCovered { year, first, last };
            Some(YearRules {
                year,
                cbam_factor: years::cbam_factor(year).ok_or(not_covered.clone())?,
                default_markup: years::default_markup(year).ok_or(not_covered.clone())?,
                de_minimis_t: years::de_minimis_t(year).ok_or(not_covered)?,
                holding_share: years::holding_share(year),
            })
        } else {
            None
        };
        Ok(Regime { methodology, reason, year, defaults: methodology.defaults_version(), year_rules })
    }

    /// Whether an obligation year falls in the definitive period (certificates are surrendered).
    pub fn is_definitive_year(year: i32) -> bool {
        year >= Methodology::Ir2025_2547.applies_from().year()
    }

    /// Whether actual values count in a declaration only when an accredited verifier's report
    /// covers them: the rule's citation in the definitive period, `None` before it (the
    /// transitional reports took unverified data).
    pub fn verification_rule(&self) -> Option<&'static str> {
        self.year_rules.is_some().then_some("Regulation (EU) 2023/956 Art. 8(1)")
    }

    /// The first year of the definitive period.
    pub fn first_definitive_year() -> i32 {
        Methodology::Ir2025_2547.applies_from().year()
    }

    /// The default-value table of this regime.
    pub fn default_values(&self) -> &'static DefaultValues {
        DefaultValues::of(self.defaults)
    }

    /// The benchmark table (IR 2025/2620, the only version so far).
    pub fn benchmarks(&self) -> &'static Benchmarks {
        Benchmarks::embedded()
    }

    /// The standard factors (Annex VIII of IR 2023/1773; the same figures in IR 2025/2547).
    pub fn factors(&self) -> &'static Factors {
        Factors::embedded()
    }

    /// The rounding of reported figures, where the methodology prescribes one.
    pub fn rounding(&self) -> Option<Rounding> {
        self.methodology.is_definitive().then_some(Rounding {
            see_decimals: 5,
            totals_decimals: 0,
            method: "half away from zero",
            basis: "IR 2025/2547 Annex II A.1(6) and (8): specific embedded emissions with at most 5 decimals, emissions over a reporting period in full tonnes; the act names no rounding method",
        })
    }

    /// Which SEE the obligation of this year counts for a good of `category`.
    pub fn obligation_scope(&self, category: GoodsCategory) -> ScopeDecision {
        if !Regime::is_definitive_year(self.year) {
            return ScopeDecision {
                scope: ObligationScope::Total,
                why: format!("{} is a year of the transitional period: direct and indirect emissions are reported, nothing is charged", self.year),
            };
        }
        if category.listed_in_annex_ii() {
            ScopeDecision {
                scope: ObligationScope::Direct,
                why: format!(
                    "{category} is listed in Annex II of Regulation (EU) 2023/956: from {} only direct emissions count",
                    Regime::first_definitive_year()
                ),
            }
        } else {
            ScopeDecision {
                scope: ObligationScope::Total,
                why: format!("{category}: direct and indirect emissions count (Article 7(1) of Regulation (EU) 2023/956)"),
            }
        }
    }

    /// What results carry of the regime.
    pub fn record(&self) -> Record {
        Record {
            methodology: self.methodology,
            methodology_act: self.methodology.citation(),
            methodology_reason: self.reason,
            year: self.year,
            default_values: self.defaults.citation(),
            benchmarks: Benchmarks::source(),
            year_rules: self.year_rules,
            year_rules_source: self.year_rules.map(|_| years::source()),
            rounding: self.rounding(),
        }
    }
}

/// The regime as results carry it: every choice, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The monitoring methodology applied.
    pub methodology: Methodology,
    /// Its act and annex, as cited.
    pub methodology_act: &'static str,
    /// Why it applies.
    pub methodology_reason: MethodologyReason,
    /// Year of the CBAM obligation.
    pub year: i32,
    /// The default-value table used, as cited.
    pub default_values: &'static str,
    /// The benchmark table used, as cited.
    pub benchmarks: &'static str,
    /// The year's figures of the definitive period, if the year is one.
    pub year_rules: Option<YearRules>,
    /// Where those figures come from.
    pub year_rules_source: Option<&'static str>,
    /// How the rules round what is reported, if they say.
    pub rounding: Option<Rounding>,
}

impl Record {
    /// A specific figure as the operator reports it under this regime: rounded where the
    /// methodology prescribes it (IR 2025/2547: 5 decimals), exact otherwise. What an importer
    /// receives, and so what its declaration counts.
    pub fn reported_see(&self, d: Dec) -> Dec {
        self.rounding.map_or(d, |r| r.see(d))
    }

    /// One line for tables and PDFs: `methodology IR 2025/2547 (reporting period from 2026-01-01)`.
    pub fn describe(&self) -> String {
        let why = match self.methodology_reason {
            MethodologyReason::ReportingPeriod { start } => format!("reporting period starting {start}"),
            MethodologyReason::ObligationYear { year } => format!("obligation year {year}"),
            MethodologyReason::Chosen => "chosen with --rules".to_string(),
        };
        format!("methodology {} ({why})", self.methodology.short())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(a: &str, b: &str) -> ReportingPeriod {
        ReportingPeriod { start: a.parse().unwrap(), end: b.parse().unwrap() }
    }

    #[test]
    fn methodology_follows_the_period_start() {
        let r = Regime::for_period(&period("2025-01-01", "2025-12-31"), Choice::default()).unwrap();
        assert_eq!((r.methodology, r.year, r.year_rules), (Methodology::Ir2023_1773, 2025, None));
        let r = Regime::for_period(&period("2026-01-01", "2026-12-31"), Choice::default()).unwrap();
        assert_eq!((r.methodology, r.year), (Methodology::Ir2025_2547, 2026));
        let y = r.year_rules.unwrap();
        assert_eq!((y.cbam_factor, y.default_markup, y.de_minimis_t), ("0.975".parse().unwrap(), "0.10".parse().unwrap(), Dec::from(50)));
        // A period straddling the change is governed by the act in force when it starts.
        let r = Regime::for_period(&period("2025-07-01", "2026-06-30"), Choice::default()).unwrap();
        assert_eq!((r.methodology, r.year), (Methodology::Ir2023_1773, 2026));
        // --rules wins.
        let r = Regime::for_period(&period("2026-01-01", "2026-12-31"), Choice { year: None, methodology: Some(Methodology::Ir2023_1773) }).unwrap();
        assert_eq!((r.methodology, r.reason), (Methodology::Ir2023_1773, MethodologyReason::Chosen));
        assert_eq!(r.defaults, DefaultsVersion::Published2621);
    }

    #[test]
    fn scope_of_the_obligation() {
        let r25 = Regime::for_year(2025, None).unwrap();
        let r26 = Regime::for_year(2026, None).unwrap();
        assert_eq!(r25.obligation_scope(GoodsCategory::UnwroughtAluminium).scope, ObligationScope::Total);
        assert_eq!(r26.obligation_scope(GoodsCategory::UnwroughtAluminium).scope, ObligationScope::Direct);
        assert_eq!(r26.obligation_scope(GoodsCategory::AluminiumProducts).scope, ObligationScope::Direct);
        assert_eq!(r26.obligation_scope(GoodsCategory::Cement).scope, ObligationScope::Total);
        assert_eq!(r26.obligation_scope(GoodsCategory::CementClinker).scope, ObligationScope::Total);
        assert!(Regime::for_year(2041, None).is_err());
    }

    #[test]
    fn rounding_of_reported_figures() {
        let r = Regime::for_year(2026, None).unwrap().rounding().unwrap();
        // 0.8598825 → 0.85988 (5 decimals), 0.859885 → 0.85989 (half away from zero)
        assert_eq!(r.see("0.8598825".parse().unwrap()).to_string(), "0.85988");
        assert_eq!(r.see("0.859885".parse().unwrap()).to_string(), "0.85989");
        assert_eq!(r.see("1.2".parse().unwrap()).to_string(), "1.20000");
        assert_eq!(r.total("1574600.5".parse().unwrap()).to_string(), "1574601");
        assert_eq!(r.total("1574600.49".parse().unwrap()).to_string(), "1574600");
        assert!(Regime::for_year(2025, None).unwrap().rounding().is_none());
    }

    #[test]
    fn methodology_keys() {
        assert_eq!(Methodology::parse("2025/2547"), Some(Methodology::Ir2025_2547));
        assert_eq!(Methodology::parse("IR 2023/1773"), Some(Methodology::Ir2023_1773));
        assert_eq!(Methodology::parse("2547"), None);
    }
}
