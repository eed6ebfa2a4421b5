//! What a quarterly report takes from a supplier, whichever file it came in: an installation
//! file computed by cbam ([`Supplied::computed`]), or the data attached to an embedded emissions
//! statement ([`Supplied::stated`], format 2 on, which carries every figure at full precision).
//! The report's `GoodsEmissions` are written from this one shape, so a statement fills a report
//! exactly as the workbook it was made from does.
//!
//! It must not round or compute: the statement's figures are read back as the exact decimals the
//! computation gave, and anything the report needs that a statement lacks is an error naming the
//! file, never a guess.

use chrono::NaiveDate;

use super::suppliers::Supplier;
use crate::compute::carbon_price::Covered;
use crate::model::{CnCode, CountryCode, Dec, EfSource, GoodsCategory, Identity, Instrument, Qualifying, QualifyingValue, Route, Variant};
use crate::regime::Methodology;
use crate::render::pdf::data::{self, StatementData};

/// One supplier's installation and goods, as a quarterly report uses them.
#[derive(Debug, Clone)]
pub struct Supplied {
    /// The file in the suppliers' directory, as diagnostics name it.
    pub file: String,
    /// The file the figures were computed from, as the report's remarks name it: the workbook
    /// itself, or the one the statement was made from.
    pub source: String,
    /// Who and where the installation is, and who operates it.
    pub identity: Identity,
    /// The reporting period's first day.
    pub period_start: NaiveDate,
    /// The reporting period's last day.
    pub period_end: NaiveDate,
    /// The methodology the figures were computed under (`None` for a citation cbam does not know).
    pub methodology: Option<Methodology>,
    /// Its citation, as the remarks print it.
    pub methodology_act: String,
    /// The default-value table of that regime (its citation).
    pub default_values: String,
    /// The goods, with their figures.
    pub goods: Vec<SuppliedGood>,
    /// The carbon price schemes applied, which [`CoveredPart::scheme`] indexes.
    pub schemes: Vec<Scheme>,
}

/// One good with its figures, exact.
#[derive(Debug, Clone)]
pub struct SuppliedGood {
    /// The good's CN code.
    pub cn_code: CnCode,
    /// The operator's product name (a statement's description of the good).
    pub product: String,
    /// The id of the process that makes it.
    pub process: String,
    /// The category of the good's CN code.
    pub category: GoodsCategory,
    /// The production route of the process that makes it.
    pub route: Route,
    /// tCO2e/t.
    pub see_direct: Dec,
    /// Specific indirect embedded emissions, tCO2e/t.
    pub see_indirect: Dec,
    /// Direct + indirect, tCO2e/t.
    pub see_total: Dec,
    /// MWh/t.
    pub embedded_electricity: Dec,
    /// Share (0..1) resting on default values.
    pub default_share: Dec,
    /// Grey or white, for clinker and cements.
    pub variant: Option<Variant>,
    /// The parameters it reports (Annex IV §2), in QPD order.
    pub qualifying: Vec<(Qualifying, QualifyingValue)>,
    /// The electricity of the process that makes it.
    pub electricity: Electricity,
    /// The carbon price per tonne of good, part by part.
    pub carbon_price: Vec<CoveredPart>,
}

/// The electricity a good's process consumes (zero, without factor, when the process is unknown).
#[derive(Debug, Clone, Default)]
pub struct Electricity {
    /// Electricity consumed by the process, MWh.
    pub consumed_mwh: Dec,
    /// tCO2/MWh.
    pub ef: Option<Dec>,
    /// Where the factor comes from (grid, PPA, direct line, own generation); `None` where the
    /// supplier does not say.
    pub ef_source: Option<EfSource>,
    /// Free text naming the factor's publication or contract.
    pub ef_reference: Option<String>,
}

/// A carbon price scheme the installation paid under.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// The kind of pricing instrument.
    pub instrument: Instrument,
    /// Name of the scheme, as declared.
    pub scheme: String,
    /// The compliance year the figures belong to.
    pub compliance_year: i32,
    /// The legal act establishing the price (QReport `LegalActDescription`).
    pub legal_act: String,
    /// ISO 4217 currency of the price.
    pub currency: String,
    /// Effectively paid per tonne of covered emissions, in `currency`.
    pub price_per_t: Dec,
    /// Yearly average exchange rate used, units of `currency` per EUR.
    pub eur_rate: Option<Dec>,
    /// Where the exchange rate comes from.
    pub eur_rate_source: Option<String>,
}

/// One scheme's price on one part of a good, per tonne of good.
#[derive(Debug, Clone)]
pub struct CoveredPart {
    /// Whose emissions the part covers: the good's own process, or a precursor made by another
    /// process of the installation.
    pub covered: Covered,
    /// Index into [`Supplied::schemes`].
    pub scheme: usize,
    /// Direct emissions of that part covered by the scheme, tCO2e per tonne of good.
    pub emissions_covered: Dec,
    /// The part of them covered by free allocation (ETS) or by the rebate (tax), tCO2e per tonne
    /// of good.
    pub emissions_covered_free: Dec,
    /// The carbon price paid on them, in the scheme's currency per tonne of good.
    pub amount: Dec,
}

impl Supplied {
    /// An installation file computed by cbam.
    pub fn computed(s: &Supplier) -> Supplied {
        let (inst, res) = (&s.installation, &s.results);
        let goods = res
            .goods
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let model_good = inst.goods.iter().find(|x| x.cn_code == g.cn_code && x.product == g.product);
                let electricity = inst
                    .process(&g.process)
                    .map(|p| Electricity {
                        consumed_mwh: p.electricity.consumed_mwh,
                        ef: p.electricity.ef,
                        ef_source: p.electricity.ef_source,
                        ef_reference: p.electricity.ef_reference.clone(),
                    })
                    .unwrap_or_default();
                let carbon_price = res
                    .carbon_price
                    .goods
                    .get(gi)
                    .map(|cp| {
                        cp.lines
                            .iter()
                            .map(|l| CoveredPart {
                                covered: l.covered.clone(),
                                scheme: l.scheme,
                                emissions_covered: l.emissions_covered,
                                emissions_covered_free: l.emissions_covered_free,
                                amount: l.amount,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                SuppliedGood {
                    cn_code: g.cn_code.clone(),
                    product: g.product.clone(),
                    process: g.process.clone(),
                    category: g.category,
                    route: g.route,
                    see_direct: g.see_direct,
                    see_indirect: g.see_indirect,
                    see_total: g.see_total,
                    embedded_electricity: g.embedded_electricity,
                    default_share: g.default_share,
                    variant: model_good.and_then(|x| x.variant),
                    qualifying: model_good.map(|x| x.params.reported(g.category)).unwrap_or_default(),
                    electricity,
                    carbon_price,
                }
            })
            .collect();
        let schemes = res
            .carbon_price
            .schemes
            .iter()
            .map(|e| Scheme {
                instrument: e.instrument,
                scheme: e.scheme.clone(),
                compliance_year: e.compliance_year,
                legal_act: e.legal_act.clone(),
                currency: e.currency.clone(),
                price_per_t: e.price_per_t,
                eur_rate: e.eur_rate,
                eur_rate_source: e.eur_rate_source.clone(),
            })
            .collect();
        Supplied {
            file: s.file.clone(),
            source: s.file.clone(),
            identity: inst.identity.clone(),
            period_start: inst.period.start,
            period_end: inst.period.end,
            methodology: Some(res.regime.methodology),
            methodology_act: res.regime.methodology_act.to_string(),
            default_values: res.regime.default_values.to_string(),
            goods,
            schemes,
        }
    }

    /// A statement's attached data (its digest already checked). `Err` says, for a person, what
    /// the statement lacks or holds that a report cannot take.
    pub fn stated(file: &str, d: &StatementData) -> Result<Supplied, String> {
        let Some(exact) = d.exact.as_ref().filter(|_| d.format == data::FORMAT) else {
            return Err(format!(
                "a statement of format '{}', which gives its figures only as rounded for print; a quarterly report needs them exact (format '{}'): ask the supplier to make the statement again with this version of cbam",
                d.format,
                data::FORMAT
            ));
        };
        let n = |text: &str, what: &str| -> Result<Dec, String> { text.parse::<Dec>().map_err(|_| format!("{what} is not a decimal number: '{text}'")) };
        let country = |text: &Option<String>, what: &str| -> Result<Option<CountryCode>, String> {
            text.as_deref().map(|t| CountryCode::parse(t).ok_or_else(|| format!("{what} is not a country code: '{t}'"))).transpose()
        };
        if exact.goods.len() != d.goods.len() || exact.carbon_prices.len() != d.carbon_prices.len() {
            return Err("its exact figures do not match its goods and carbon prices one for one".to_string());
        }
        let i = &d.installation;
        let o = &d.operator;
        let identity = Identity {
            installation_id: i.id.clone(),
            name_en: i.name_en.clone(),
            name_local: i.name_local.clone(),
            economic_activity: i.economic_activity.clone(),
            street: i.street.clone(),
            city: i.city.clone(),
            post_code: i.post_code.clone(),
            po_box: exact.po_box.clone(),
            country: country(&i.country, "installation.country")?,
            unlocode: i.unlocode.clone(),
            latitude: i.latitude.as_deref().map(|t| n(t, "installation.latitude")).transpose()?,
            longitude: i.longitude.as_deref().map(|t| n(t, "installation.longitude")).transpose()?,
            operator_id: o.id.clone(),
            operator_name: o.name.clone(),
            operator_street: o.street.clone(),
            operator_city: o.city.clone(),
            operator_post_code: o.post_code.clone(),
            operator_country: country(&o.country, "operator.country")?,
            contact_name: d.contact.name.clone(),
            contact_email: d.contact.email.clone(),
            contact_phone: d.contact.phone.clone(),
            // Neither is part of a quarterly report.
            registry_id: None,
            co2_capture: None,
        };
        let date = |t: &str, what: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| format!("{what} is not a date YYYY-MM-DD: '{t}'"));
        let mut goods = Vec::with_capacity(d.goods.len());
        for (k, (g, x)) in d.goods.iter().zip(&exact.goods).enumerate() {
            let at = |what: &str| format!("goods[{k}].{what}");
            let cn_code = CnCode::parse(&g.cn_code).map_err(|_| format!("{} is not a CN code of cement or aluminium: '{}'", at("cn_code"), g.cn_code))?;
            let category = GoodsCategory::parse(&g.category).ok_or_else(|| format!("{} is not a goods category: '{}'", at("category"), g.category))?;
            let route = Route::parse(&g.route).ok_or_else(|| format!("{} is not a production route: '{}'", at("route"), g.route))?;
            let variant =
                x.variant.as_deref().map(|v| Variant::parse(v).ok_or_else(|| format!("{} is not grey or white: '{v}'", at("variant")))).transpose()?;
            let qualifying = x
                .qualifying
                .iter()
                .map(|q| {
                    let p = QUALIFYING
                        .into_iter()
                        .find(|p| p.code() == q.code)
                        .ok_or_else(|| format!("{} is not a qualifying parameter: '{}'", at("qualifying"), q.code))?;
                    let v = match (p, q.value.as_str()) {
                        (Qualifying::Calcined, "yes") => QualifyingValue::Flag(true),
                        (Qualifying::Calcined, "no") => QualifyingValue::Flag(false),
                        (_, t) => QualifyingValue::Figure(n(t, &at("qualifying"))?),
                    };
                    Ok((p, v))
                })
                .collect::<Result<Vec<_>, String>>()?;
            let ef_source = g
                .electricity
                .source
                .as_deref()
                .map(|s| EfSource::parse(s).ok_or_else(|| format!("{} is not a source of an electricity factor: '{s}'", at("electricity.source"))))
                .transpose()?;
            let carbon_price = x
                .carbon_price
                .iter()
                .map(|c| {
                    if c.scheme >= d.carbon_prices.len() {
                        return Err(format!("{} names a carbon price scheme it does not list", at("carbon_price")));
                    }
                    let cn = c.cn_code.as_deref().map(|t| CnCode::parse(t).map_err(|_| format!("{} is not a CN code: '{t}'", at("carbon_price"))));
                    let covered = match (c.covered.as_str(), cn.transpose()?, &c.name) {
                        ("good", Some(cn_code), None) => Covered::Good { cn_code },
                        ("precursor", cn_code, Some(name)) => Covered::Precursor { cn_code, name: name.clone() },
                        _ => return Err(format!("{} covers neither the good nor a named precursor", at("carbon_price"))),
                    };
                    Ok(CoveredPart {
                        covered,
                        scheme: c.scheme,
                        emissions_covered: n(&c.emissions_covered, &at("carbon_price"))?,
                        emissions_covered_free: n(&c.emissions_covered_free, &at("carbon_price"))?,
                        amount: n(&c.amount, &at("carbon_price"))?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            goods.push(SuppliedGood {
                cn_code,
                product: g.description.clone(),
                process: g.process.clone(),
                category,
                route,
                see_direct: n(&x.see_direct, &at("see_direct"))?,
                see_indirect: n(&x.see_indirect, &at("see_indirect"))?,
                see_total: n(&x.see_total, &at("see_total"))?,
                embedded_electricity: n(&x.embedded_electricity, &at("embedded_electricity"))?,
                default_share: n(&x.default_share, &at("default_share"))?,
                variant,
                qualifying,
                electricity: Electricity {
                    consumed_mwh: n(&x.electricity_mwh, &at("electricity_mwh"))?,
                    ef: x.electricity_factor.as_deref().map(|t| n(t, &at("electricity_factor"))).transpose()?,
                    ef_source,
                    ef_reference: g.electricity.reference.clone(),
                },
                carbon_price,
            });
        }
        let schemes = d
            .carbon_prices
            .iter()
            .zip(&exact.carbon_prices)
            .enumerate()
            .map(|(k, (s, x))| {
                let at = format!("carbon_prices[{k}]");
                Ok(Scheme {
                    instrument: Instrument::parse(&s.instrument).ok_or_else(|| format!("{at}.instrument is not a pricing instrument: '{}'", s.instrument))?,
                    scheme: s.scheme.clone(),
                    compliance_year: s.compliance_year,
                    legal_act: s.legal_act.clone(),
                    currency: s.currency.clone(),
                    price_per_t: n(&x.price_per_t, &at)?,
                    eur_rate: x.eur_rate.as_deref().map(|t| n(t, &at)).transpose()?,
                    eur_rate_source: s.eur_rate_source.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Supplied {
            file: file.to_string(),
            source: d.source.name.clone().unwrap_or_else(|| file.to_string()),
            identity,
            period_start: date(&d.period.start, "period.start")?,
            period_end: date(&d.period.end, "period.end")?,
            methodology: Methodology::ALL.into_iter().find(|m| m.citation() == d.methodology.rules),
            methodology_act: d.methodology.rules.clone(),
            default_values: exact.default_values.clone(),
            goods,
            schemes,
        })
    }
}

/// Every qualifying parameter, to read one back by its code.
const QUALIFYING: [Qualifying; 5] =
    [Qualifying::Calcined, Qualifying::ClinkerRatio, Qualifying::Scrap, Qualifying::PreConsumerScrap, Qualifying::NonAlElements];
