//! The statement's data: every figure the PDF shows, as the decimal text it is printed with
//! (`cbam compute`'s precision: 6 decimals for tCO2e/t and MWh/t, 3 for tonnes and MWh, 2 for
//! money, 1 for percentages). Serialised to canonical JSON (struct field order, two-space
//! indentation, a final newline), it is what typst reads, what the PDF carries as its attachment,
//! and what its SHA-256 digest is taken over. `cbam verify` rebuilds it from the source file and
//! compares field by field.
//!
//! Since format 2 the data also carries, in [`Exact`], what the PDF does not print: every figure
//! it prints rounded, at full precision, and the few facts of the installation and its goods a
//! quarterly report (QReport) takes that the page does not show, so that `cbam report` fills a
//! report from the statement exactly as from the workbook it was made from. A statement of
//! format 1 has none of it and its members are then left out of the JSON, so a format-1 statement
//! reads and re-serialises to the same bytes.
//!
//! Language-independent: labels and translations live in the template.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::compute::{PrecursorKind, Results};
use crate::model::{Dec, Installation, Qualifying, QualifyingValue, StreamMethod};
use crate::render::results::fixed;

/// Version tag of the data layout, first field of every statement.
pub const FORMAT: &str = "cbam-embedded-emissions-statement/2";

/// The first layout: everything of [`FORMAT`] but [`SourceFile::name`] and
/// [`StatementData::exact`]. `cbam verify` still checks statements of it.
pub const FORMAT_1: &str = "cbam-embedded-emissions-statement/1";

/// Everything an embedded emissions statement shows, and (format 2 on) what it carries besides: the
/// data its PDF is typeset from and carries as its attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementData {
    /// Version tag of the data layout: [`FORMAT`], or [`FORMAT_1`] for a statement of the first
    /// layout.
    pub format: String,
    /// Date of issue, YYYY-MM-DD (the end of the reporting period unless given).
    pub issued: String,
    /// `en`, `zh` or `en+zh`.
    pub lang: String,
    /// The program that made the statement: `cbam` and its version.
    pub generator: String,
    /// The input file the statement was made from.
    pub source: SourceFile,
    /// The installation that produced the goods.
    pub installation: InstallationData,
    /// The operator of the installation.
    pub operator: OperatorData,
    /// The operator's person to contact.
    pub contact: ContactData,
    /// The reporting period the figures cover.
    pub period: PeriodData,
    /// Year of the CBAM obligation the "SEE CBAM" column applies to.
    pub obligation_year: i32,
    /// The rules the figures were computed under and the monitoring they rest on.
    pub methodology: Methodology,
    /// One entry per good: its specific embedded emissions and what they rest on.
    pub goods: Vec<GoodData>,
    /// The carbon prices due in the country of production, one entry per scheme and compliance
    /// year.
    pub carbon_prices: Vec<SchemeData>,
    /// Not printed: the figures at full precision and what a quarterly report needs besides
    /// (format 2 on; `None` in a statement of format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<Exact>,
}

/// What a statement carries beyond what its PDF prints (format 2 on). Decimals are exact, as the
/// text of the decimal `cbam compute` computed (no rounding); lists follow the order of the
/// printed ones (`goods[i]` here is `goods[i]` of the statement).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exact {
    /// The default-value table of the regime the figures were computed under (its citation).
    pub default_values: String,
    /// The post-office box of the installation's address.
    pub po_box: Option<String>,
    /// The goods at full precision, in the order of the statement's `goods`.
    pub goods: Vec<ExactGood>,
    /// The carbon price schemes at full precision, in the order of the statement's `carbon_prices`.
    pub carbon_prices: Vec<ExactScheme>,
}

/// One good's figures at full precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExactGood {
    /// tCO2e/t.
    pub see_direct: String,
    /// Specific indirect embedded emissions, tCO2e/t, exact.
    pub see_indirect: String,
    /// Specific embedded emissions, direct plus indirect, tCO2e/t, exact.
    pub see_total: String,
    /// MWh/t.
    pub embedded_electricity: String,
    /// Share (0..1) of the embedded emissions resting on default values.
    pub default_share: String,
    /// `grey` or `white` for clinker and cement where the workbook says.
    pub variant: Option<String>,
    /// The electricity the good's process consumes, MWh, exact.
    pub electricity_mwh: String,
    /// The emission factor of that electricity, tCO2/MWh; `None` where the input gives none.
    pub electricity_factor: Option<String>,
    /// The qualifying parameters of `qualifying`, in its order: a figure exact, a flag `yes` or `no`.
    pub qualifying: Vec<ExactQualifying>,
    /// The carbon price per tonne of good, part by part (`carbon_price` sums them per scheme).
    pub carbon_price: Vec<ExactCovered>,
}

/// One qualifying parameter of a good at full precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExactQualifying {
    /// QReport code of the parameter, e.g. `QPD02`.
    pub code: String,
    /// The figure, exact, or the flag `yes` or `no`.
    pub value: String,
}

/// One scheme's price on one part of a good, per tonne of good.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExactCovered {
    /// Index into `carbon_prices`.
    pub scheme: usize,
    /// `good` (the good's own process) or `precursor` (a precursor made by another process).
    pub covered: String,
    /// The good's CN code, or that of the first good the precursor's process sells.
    pub cn_code: Option<String>,
    /// The name of the precursor's process.
    pub name: Option<String>,
    /// tCO2e per tonne of good covered by the scheme, exact.
    pub emissions_covered: String,
    /// The part of `emissions_covered` covered by free allocation or a rebate, tCO2e per tonne of
    /// good, exact.
    pub emissions_covered_free: String,
    /// In the scheme's currency per tonne of good.
    pub amount: String,
}

/// One scheme's price at full precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExactScheme {
    /// Per tonne of covered emissions, in the scheme's currency.
    pub price_per_t: String,
    /// Units of the currency per EUR.
    pub eur_rate: Option<String>,
}

/// The input file a statement was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    /// `tidy_installation` or `communication_template`.
    pub kind: String,
    /// SHA-256 of the input file's bytes, lowercase hex.
    pub sha256: String,
    /// The input file's name (format 2 on), which a quarterly report's remarks name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The installation's identifiers, name and address, as the input gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstallationData {
    /// The operator's own identifier of the installation (its registry id where it has one).
    pub id: String,
    /// The installation's name in English.
    pub name_en: String,
    /// Its name in the local language (e.g. Chinese).
    pub name_local: Option<String>,
    /// What the installation does, in words.
    pub economic_activity: Option<String>,
    /// Street (and number) of the installation's address.
    pub street: Option<String>,
    /// City of the installation's address.
    pub city: Option<String>,
    /// Post code of the installation's address.
    pub post_code: Option<String>,
    /// Country of the installation, ISO 3166-1 alpha-2: the country of production of its goods.
    pub country: Option<String>,
    /// UN/LOCODE of the site.
    pub unlocode: Option<String>,
    /// Latitude of the main emission source, decimal degrees, north positive, every digit given.
    pub latitude: Option<String>,
    /// Longitude of the main emission source, decimal degrees, east positive, every digit given.
    pub longitude: Option<String>,
}

/// The operator of the installation, as the input gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorData {
    /// The operator's identifier (e.g. a Chinese unified social credit code).
    pub id: Option<String>,
    /// Name of the operator.
    pub name: Option<String>,
    /// Street (and number) of the operator's address.
    pub street: Option<String>,
    /// City of the operator's address.
    pub city: Option<String>,
    /// Post code of the operator's address.
    pub post_code: Option<String>,
    /// Country of the operator's address, ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// The operator's authorised representative, the person to contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactData {
    /// That person's name.
    pub name: Option<String>,
    /// That person's email address.
    pub email: Option<String>,
    /// That person's telephone number.
    pub phone: Option<String>,
}

/// The reporting period, both days included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodData {
    /// The period's first day, YYYY-MM-DD.
    pub start: String,
    /// The period's last day, YYYY-MM-DD.
    pub end: String,
}

/// The rules the statement's figures were computed under and the monitoring they rest on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Methodology {
    /// The act and annex of the methodology applied, as cited.
    pub rules: String,
    /// Decimals of the specific embedded emissions shown (5 under IR 2025/2547, else 6).
    pub see_decimals: u32,
    /// Monitoring approaches used, as codes the template translates: `combustion`, `process_a`,
    /// `process_b`, `mass_balance`, `kiln_dust`, `non_carbonate_carbon`, `pfc_slope`,
    /// `pfc_overvoltage`, `entered_total` (directly attributable emissions entered as one amount).
    pub monitoring: Vec<String>,
    /// Sources of the electricity factors used (`grid`, `ppa`, `direct_line`, `own_generation`).
    pub electricity_sources: Vec<String>,
    /// Largest share of any good's embedded emissions resting on default values, percent.
    pub default_share_max_pct: String,
    /// Biomass CO2 reported apart and not counted, t.
    pub biomass_co2_t: String,
    /// False when some precursor's embedded electricity is unknown (counted as 0).
    pub embedded_electricity_complete: bool,
}

/// One good of the statement, its figures as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoodData {
    /// The good's CN code.
    pub cn_code: String,
    /// The good's description, as the input names the product.
    pub description: String,
    /// Aggregated goods category, as a code the template translates (e.g. `cement_clinker`,
    /// `unwrought_aluminium`).
    pub category: String,
    /// Production route, as a code the template translates (e.g. `clinker`, `primary_smelting`).
    pub route: String,
    /// QReport production method, e.g. `P03`.
    pub method_id: String,
    /// The id of the production process that makes the good, as in the input.
    pub process: String,
    /// The operator's name for that process (empty if the input has no such process).
    pub process_name: String,
    /// Activity level of that process: its total saleable output over the period, t, 3 decimals.
    pub activity_level_t: String,
    /// Specific direct embedded emissions, tCO2e/t, with `methodology.see_decimals` decimals.
    pub see_direct: String,
    /// Specific indirect embedded emissions, tCO2e/t, with `methodology.see_decimals` decimals.
    pub see_indirect: String,
    /// Specific embedded emissions, direct plus indirect, tCO2e/t, with `methodology.see_decimals`
    /// decimals.
    pub see_total: String,
    /// The specific embedded emissions the CBAM obligation of `obligation_year` counts (see
    /// `see_cbam_basis`), tCO2e/t, with `methodology.see_decimals` decimals.
    pub see_cbam: String,
    /// `total` or `direct` (aluminium from 2026).
    pub see_cbam_basis: String,
    /// Specific embedded electricity, MWh/t, 6 decimals.
    pub embedded_electricity: String,
    /// False when some precursor's embedded electricity is unknown (counted as 0).
    pub embedded_electricity_complete: bool,
    /// The electricity the good's process consumes and its emission factor.
    pub electricity: ElectricityData,
    /// Share of the good's embedded emissions resting on default values, percent, 1 decimal.
    pub default_share_pct: String,
    /// The good's qualifying parameters, as QReport lists them for its category.
    pub qualifying: Vec<QualifyingData>,
    /// The precursors the good's process consumes.
    pub precursors: Vec<PrecursorData>,
    /// The carbon price per tonne of good, one entry per scheme of `carbon_prices`, in its order.
    pub carbon_price: Vec<GoodPriceData>,
}

/// The electricity a good's process consumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElectricityData {
    /// Electricity consumed by the process over the period, MWh, 3 decimals.
    pub consumed_mwh: String,
    /// tCO2/MWh.
    pub factor: Option<String>,
    /// Where the factor comes from, as a code: `grid`, `ppa`, `direct_line` or `own_generation`;
    /// `None` where the input does not say.
    pub source: Option<String>,
    /// Free text naming the factor's publication or contract.
    pub reference: Option<String>,
}

/// One qualifying parameter of a good, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualifyingData {
    /// QReport code, e.g. `QPD02`.
    pub code: String,
    /// The key the template names the parameter by, e.g. `clinker_ratio`.
    pub name: String,
    /// The figure (the scrap ratio with 3 decimals, percentages with 1), or the flag `yes` or `no`.
    pub value: String,
    /// The unit of the figure: `%`, `t/t`, or empty for a flag.
    pub unit: String,
}

/// One precursor a good's process consumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecursorData {
    /// The operator's name for the precursor.
    pub name: String,
    /// The precursor's aggregated goods category, as a code (e.g. `cement_clinker`).
    pub category: String,
    /// `own`, `actual` or `default`.
    pub origin: String,
    /// Where its values come from, in words: the process, the supplier, or the default value's
    /// description.
    pub source: String,
    /// Country of production, ISO 3166-1 alpha-2; `None` where unknown.
    pub country: Option<String>,
    /// Mass of the precursor consumed over the period, t, 3 decimals.
    pub mass_t: String,
    /// Its specific direct embedded emissions, tCO2e/t, with `methodology.see_decimals` decimals.
    pub see_direct: String,
    /// Its specific indirect embedded emissions, tCO2e/t, with `methodology.see_decimals` decimals.
    pub see_indirect: String,
    /// Its specific embedded electricity, MWh per t of precursor, 6 decimals; `None` when unknown
    /// (default values, or not communicated): it counts as 0.
    pub embedded_electricity: Option<String>,
    /// Share of its embedded emissions resting on default values, percent, 1 decimal.
    pub default_share_pct: String,
}

/// One scheme's carbon price on one good, per tonne of good.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoodPriceData {
    /// The scheme's name, as in `carbon_prices`.
    pub scheme: String,
    /// tCO2e per tonne of good covered by the scheme, with `methodology.see_decimals` decimals.
    pub emissions_covered: String,
    /// The part of `emissions_covered` covered by free allocation or a rebate, tCO2e per tonne of
    /// good.
    pub emissions_covered_free: String,
    /// ISO 4217 currency of `amount`, the scheme's.
    pub currency: String,
    /// Carbon price paid per tonne of good, in `currency`, 2 decimals.
    pub amount: String,
    /// The same in EUR, 2 decimals; `None` where the scheme has no exchange rate.
    pub amount_eur: Option<String>,
}

/// One carbon pricing scheme whose price is due in the country of production, for one compliance
/// year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeData {
    /// The kind of pricing instrument, as a code: `carbon_tax`, `levy`, `fee`, `national_ets`,
    /// `regional_ets` or `other`.
    pub instrument: String,
    /// The scheme's name.
    pub scheme: String,
    /// The compliance year the figures belong to.
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of the amounts, e.g. CNY.
    pub currency: String,
    /// Verified emissions of the installation covered by the scheme, tCO2e (whole tonnes under IR
    /// 2025/2547, else 3 decimals).
    pub covered_emissions_t: String,
    /// ETS: allowances allocated free of charge for the year, tCO2e, rounded as
    /// `covered_emissions_t`; `None` for an instrument that is not an ETS.
    pub free_allocation_t: Option<String>,
    /// Share of the covered emissions covered by free allocation (ETS) or by the rebate (tax),
    /// percent, 1 decimal.
    pub free_share_pct: String,
    /// Effectively paid, net of free allocation and rebates, in `currency`.
    pub net_paid: String,
    /// Per tonne of covered emissions, in `currency`, 2 decimals.
    pub price_per_t: String,
    /// The price per tonne in EUR, 2 decimals; `None` without an exchange rate, unless `currency`
    /// is EUR.
    pub price_per_t_eur: Option<String>,
    /// Yearly average exchange rate used, units of `currency` per EUR, 4 decimals.
    pub eur_rate: Option<String>,
    /// Where the exchange rate comes from.
    pub eur_rate_source: Option<String>,
}

/// What the statement needs besides the installation and its results.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    /// The date of issue.
    pub issued: chrono::NaiveDate,
    /// The statement's language: `en`, `zh` or `en+zh`.
    pub lang: &'a str,
    /// The kind of input file the statement is made from.
    pub kind: crate::read::InputKind,
    /// The input file's bytes, whose SHA-256 the statement carries.
    pub source_bytes: &'a [u8],
    /// The input file's name, without its directory.
    pub source_name: &'a str,
    /// Year of the CBAM obligation the "SEE CBAM" column applies to.
    pub year: i32,
}

fn f6(d: Dec) -> String {
    fixed(d, 6)
}
fn f3(d: Dec) -> String {
    fixed(d, 3)
}
fn f2(d: Dec) -> String {
    fixed(d, 2)
}
fn pct(share: Dec) -> String {
    fixed(share * Dec::ONE_HUNDRED, 1)
}
/// An exact decimal as text: every digit, no trailing zeros.
fn exact(d: Dec) -> String {
    d.normalize().to_string()
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// Builds the statement's data from an installation and its computed results.
pub fn build(inst: &Installation, res: &Results, meta: &Meta<'_>) -> StatementData {
    let id = &inst.identity;
    let s = |o: &Option<String>| o.clone();
    // Specific embedded emissions with the decimals the regime reports (5 under IR 2025/2547),
    // else 6.
    let see_dp = res.regime.rounding.map_or(6, |r| r.see_decimals);
    let see = |d: Dec| fixed(d, see_dp);
    // Emissions over the period: whole tonnes under IR 2025/2547 (A.1(6)), else 3 decimals.
    let period_t = |d: Dec| fixed(d, res.regime.rounding.map_or(3, |r| r.totals_decimals));
    let mut monitoring = Vec::new();
    let mut sources = Vec::new();
    for p in &inst.processes {
        for st in &p.streams {
            push_unique(&mut monitoring, st.method().code());
        }
        for pfc in &p.pfc {
            push_unique(&mut monitoring, &format!("pfc_{}", pfc.method.code()));
        }
        if p.direct_emissions_entered_t.is_some() {
            push_unique(&mut monitoring, "entered_total");
        }
        if let Some(src) = p.electricity.ef_source {
            push_unique(&mut sources, src.code());
        }
    }
    // A fixed order, whatever order the processes list them in.
    let order = |m: &str| {
        StreamMethod::ALL.iter().position(|x| x.code() == m).unwrap_or(match m {
            "pfc_slope" => 10,
            "pfc_overvoltage" => 11,
            _ => 12,
        })
    };
    monitoring.sort_by_key(|m| order(m));
    sources.sort();

    let goods: Vec<GoodData> = res
        .goods
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let proc_res = res.processes.iter().find(|p| p.id == g.process);
            let proc_in = inst.process(&g.process);
            let good_in = inst.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product);
            let mut qualifying = Vec::new();
            if let Some(gi) = good_in {
                for (q, v) in gi.params.reported(g.category) {
                    let value = match v {
                        QualifyingValue::Flag(c) => if c { "yes" } else { "no" }.to_string(),
                        // Decimals as the statement shows them: the scrap ratio 3, percentages 1.
                        QualifyingValue::Figure(d) => fixed(d, if q == Qualifying::Scrap { 3 } else { 1 }),
                    };
                    qualifying.push(QualifyingData { code: q.code().into(), name: q.key().into(), value, unit: q.unit().into() });
                }
            }
            let precursors = proc_res
                .map(|p| {
                    p.precursors
                        .iter()
                        .map(|pr| PrecursorData {
                            name: pr.name.clone(),
                            category: pr.category.code().into(),
                            origin: match pr.origin.kind() {
                                PrecursorKind::Own => "own",
                                PrecursorKind::Actual => "actual",
                                PrecursorKind::Default => "default",
                            }
                            .into(),
                            source: pr.source.clone(),
                            country: pr.country.as_ref().map(|c| c.to_string()),
                            mass_t: f3(pr.mass_t),
                            see_direct: see(pr.see_direct),
                            see_indirect: see(pr.see_indirect),
                            embedded_electricity: pr.embedded_electricity.map(f6),
                            default_share_pct: pct(pr.default_share),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let carbon_price = res
                .carbon_price
                .goods
                .get(gi)
                .filter(|cp| cp.cn_code == g.cn_code && cp.product == g.product)
                .map(|cp| {
                    res.carbon_price
                        .schemes
                        .iter()
                        .enumerate()
                        .map(|(si, scheme)| {
                            let lines = cp.lines.iter().filter(|l| l.scheme == si);
                            let (mut cov, mut free, mut amount, mut eur) = (Dec::ZERO, Dec::ZERO, Dec::ZERO, Some(Dec::ZERO));
                            for l in lines {
                                cov = cov.saturating_add(l.emissions_covered);
                                free = free.saturating_add(l.emissions_covered_free);
                                amount = amount.saturating_add(l.amount);
                                eur = eur.zip(l.amount_eur).map(|(a, b)| a + b);
                            }
                            GoodPriceData {
                                scheme: scheme.scheme.clone(),
                                emissions_covered: see(cov),
                                emissions_covered_free: see(free),
                                currency: scheme.currency.clone(),
                                amount: f2(amount),
                                amount_eur: eur.map(f2),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            GoodData {
                cn_code: g.cn_code.to_string(),
                description: g.product.clone(),
                category: g.category.code().into(),
                route: g.route.code().into(),
                method_id: g.route.method_id().into(),
                process: g.process.clone(),
                process_name: proc_in.map(|p| p.name.clone()).unwrap_or_default(),
                activity_level_t: f3(g.activity_level_t),
                see_direct: see(g.see_direct),
                see_indirect: see(g.see_indirect),
                see_total: see(g.see_total),
                see_cbam: see(g.see_cbam),
                // Decided by the regime, carried in the results.
                see_cbam_basis: match g.obligation.scope {
                    crate::regime::ObligationScope::Total => "total",
                    crate::regime::ObligationScope::Direct => "direct",
                }
                .into(),
                embedded_electricity: f6(g.embedded_electricity),
                embedded_electricity_complete: proc_res.map(|p| p.embedded_electricity_complete).unwrap_or(true),
                electricity: ElectricityData {
                    consumed_mwh: f3(proc_res.map(|p| p.electricity_mwh).unwrap_or_default()),
                    factor: proc_res.and_then(|p| p.electricity_ef).map(f6),
                    source: proc_in.and_then(|p| p.electricity.ef_source).map(|s| s.code().into()),
                    reference: proc_in.and_then(|p| p.electricity.ef_reference.clone()),
                },
                default_share_pct: pct(g.default_share),
                qualifying,
                precursors,
                carbon_price,
            }
        })
        .collect();

    let exact_goods = res
        .goods
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let proc_in = inst.process(&g.process);
            let good_in = inst.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product);
            let qualifying = good_in
                .map(|x| {
                    x.params
                        .reported(g.category)
                        .into_iter()
                        .map(|(q, v)| ExactQualifying {
                            code: q.code().into(),
                            value: match v {
                                QualifyingValue::Flag(c) => if c { "yes" } else { "no" }.to_string(),
                                QualifyingValue::Figure(d) => exact(d),
                            },
                        })
                        .collect()
                })
                .unwrap_or_default();
            let carbon_price = res
                .carbon_price
                .goods
                .get(gi)
                .filter(|cp| cp.cn_code == g.cn_code && cp.product == g.product)
                .map(|cp| {
                    cp.lines
                        .iter()
                        .map(|l| {
                            let (covered, cn_code, name) = match &l.covered {
                                crate::compute::carbon_price::Covered::Good { cn_code } => ("good", Some(cn_code.to_string()), None),
                                crate::compute::carbon_price::Covered::Precursor { cn_code, name } => {
                                    ("precursor", cn_code.as_ref().map(|c| c.to_string()), Some(name.clone()))
                                }
                            };
                            ExactCovered {
                                scheme: l.scheme,
                                covered: covered.into(),
                                cn_code,
                                name,
                                emissions_covered: exact(l.emissions_covered),
                                emissions_covered_free: exact(l.emissions_covered_free),
                                amount: exact(l.amount),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            ExactGood {
                see_direct: exact(g.see_direct),
                see_indirect: exact(g.see_indirect),
                see_total: exact(g.see_total),
                embedded_electricity: exact(g.embedded_electricity),
                default_share: exact(g.default_share),
                variant: good_in.and_then(|x| x.variant).map(|v| v.code().into()),
                electricity_mwh: exact(proc_in.map(|p| p.electricity.consumed_mwh).unwrap_or_default()),
                electricity_factor: proc_in.and_then(|p| p.electricity.ef).map(exact),
                qualifying,
                carbon_price,
            }
        })
        .collect();
    let exact_schemes = res.carbon_price.schemes.iter().map(|e| ExactScheme { price_per_t: exact(e.price_per_t), eur_rate: e.eur_rate.map(exact) }).collect();

    let carbon_prices = res
        .carbon_price
        .schemes
        .iter()
        .map(|e| {
            let declared = inst.carbon_prices.iter().find(|c| c.scheme == e.scheme && c.compliance_year == e.compliance_year);
            SchemeData {
                instrument: e.instrument.code().into(),
                scheme: e.scheme.clone(),
                compliance_year: e.compliance_year,
                legal_act: e.legal_act.clone(),
                currency: e.currency.clone(),
                covered_emissions_t: period_t(e.covered_emissions_t),
                free_allocation_t: declared.filter(|c| c.instrument.is_ets()).map(|c| period_t(c.free_allocation_t)),
                free_share_pct: pct(e.free_share),
                net_paid: f2(e.net_paid),
                price_per_t: f2(e.price_per_t),
                price_per_t_eur: e.price_per_t_eur.map(f2),
                eur_rate: e.eur_rate.map(|r| fixed(r, 4)),
                eur_rate_source: e.eur_rate_source.clone(),
            }
        })
        .collect();

    let default_max = res.goods.iter().map(|g| g.default_share).max().unwrap_or_default();
    StatementData {
        format: FORMAT.into(),
        issued: meta.issued.to_string(),
        lang: meta.lang.into(),
        generator: concat!("cbam ", env!("CARGO_PKG_VERSION")).into(),
        source: SourceFile {
            kind: match meta.kind {
                crate::read::InputKind::TidyInstallation => "tidy_installation",
                crate::read::InputKind::CommunicationTemplate => "communication_template",
                crate::read::InputKind::Imports => "imports",
            }
            .into(),
            sha256: sha256_hex(meta.source_bytes),
            name: Some(meta.source_name.to_string()),
        },
        installation: InstallationData {
            id: id.installation_id.clone(),
            name_en: id.name_en.clone(),
            name_local: s(&id.name_local),
            economic_activity: s(&id.economic_activity),
            street: s(&id.street),
            city: s(&id.city),
            post_code: s(&id.post_code),
            country: id.country.as_ref().map(|c| c.to_string()),
            unlocode: s(&id.unlocode),
            latitude: id.latitude.map(|d| d.normalize().to_string()),
            longitude: id.longitude.map(|d| d.normalize().to_string()),
        },
        operator: OperatorData {
            id: s(&id.operator_id),
            name: s(&id.operator_name),
            street: s(&id.operator_street),
            city: s(&id.operator_city),
            post_code: s(&id.operator_post_code),
            country: id.operator_country.as_ref().map(|c| c.to_string()),
        },
        contact: ContactData { name: s(&id.contact_name), email: s(&id.contact_email), phone: s(&id.contact_phone) },
        period: PeriodData { start: inst.period.start.to_string(), end: inst.period.end.to_string() },
        obligation_year: meta.year,
        methodology: Methodology {
            rules: res.regime.methodology_act.into(),
            see_decimals: see_dp,
            monitoring,
            electricity_sources: sources,
            default_share_max_pct: pct(default_max),
            biomass_co2_t: period_t(crate::compute::num_sum(res.processes.iter().map(|p| p.biomass_co2_t))),
            embedded_electricity_complete: res.processes.iter().all(|p| p.embedded_electricity_complete),
        },
        goods,
        carbon_prices,
        exact: Some(Exact { default_values: res.regime.default_values.to_string(), po_box: s(&id.po_box), goods: exact_goods, carbon_prices: exact_schemes }),
    }
}

impl StatementData {
    /// The same statement in the layout of [`FORMAT_1`]: what a statement of that format made
    /// from the same file says (`cbam verify` compares a format-1 statement with it).
    pub fn as_format_1(&self) -> StatementData {
        let mut d = self.clone();
        d.format = FORMAT_1.into();
        d.source.name = None;
        d.exact = None;
        d
    }
    /// The canonical JSON: field order of the structs, two-space indentation, final newline.
    pub fn canonical_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("statement data serialises");
        v.push(b'\n');
        v
    }
}

/// Every difference between two statements, as `path: statement X, source Y` lines, in field
/// order. Paths name goods by index and CN code so a reader finds the row.
pub fn differences(stated: &StatementData, recomputed: &StatementData) -> Vec<String> {
    let a = serde_json::to_value(stated).unwrap_or_default();
    let b = serde_json::to_value(recomputed).unwrap_or_default();
    value_differences(&a, &b)
}

/// Every difference between two JSON documents (the stated one first), as `path: statement X,
/// source Y` lines in document order.
pub fn value_differences(stated: &serde_json::Value, recomputed: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_values("", stated, recomputed, &mut out);
    out
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "(none)".into(),
        other => other.to_string(),
    }
}

fn diff_values(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match y.get(k) {
                    Some(vb) => diff_values(&p, va, vb, out),
                    None => out.push(format!("{p}: statement {}, source has no such field", show(va))),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                out.push(format!("{p}: missing from the statement"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let label = va.get("cn_code").or_else(|| va.get("name")).or_else(|| va.get("scheme")).and_then(Value::as_str);
                let p = match label {
                    Some(l) => format!("{path}[{i}] ({l})"),
                    None => format!("{path}[{i}]"),
                };
                diff_values(&p, va, vb, out);
            }
            if x.len() != y.len() {
                out.push(format!("{path}: statement lists {}, source gives {}", x.len(), y.len()));
            }
        }
        _ if a != b => out.push(format!("{path}: statement {}, source gives {}", show(a), show(b))),
        _ => {}
    }
}
