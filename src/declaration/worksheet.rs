//! The worksheet's types: what it is built with, its entries per quarter, CN code and
//! installation or origin, the totals, the de minimis check and the quarterly holding.

use super::*;

/// What the worksheet is built with: the year, the certificate prices, the CSCF, the benchmark
/// routes chosen and the other choices of `cbam declaration`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The year declared: customs lines released in other years are left out.
    pub year: i32,
    /// One CBAM certificate price for every quarter, EUR per tCO2e (`--cbam-price`): overrides
    /// the shipped quarterly prices.
    pub cbam_price: Option<Dec>,
    /// Prices of quarters of import given by the user (`--price 2026Q4=79.10`): they override or
    /// complete the shipped table.
    pub prices: BTreeMap<(i32, u32), Dec>,
    /// Cross-sectoral correction factor of the year.
    pub cscf: Dec,
    /// Benchmark routes chosen by the user where the table has several for a CN code and the
    /// supplier's route does not settle it: CN code → route letter.
    pub routes: BTreeMap<String, BenchmarkRoute>,
    /// Yearly default carbon prices by country of origin, EUR per tCO2e (Art. 9(4)): inputs,
    /// none being published.
    pub default_carbon_prices: BTreeMap<CountryCode, Dec>,
    /// Work out the certificates to hold at the end of each quarter (Art. 22(2)).
    pub holding: bool,
}

/// Whether an entry is declared with the supplier's actual values or with default values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The supplier's actual values of the good (verified, where the regime requires it).
    Actual,
    /// The default value of the country of origin, with the year's mark-up.
    Default,
}

/// One row of the worksheet.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// CN code of the goods.
    pub cn_code: CnCode,
    /// Country of origin of the goods.
    pub origin: CountryCode,
    /// Installation id (actual values) or `None` (default values of the country of origin).
    pub installation: Option<String>,
    /// The supplier's file the actual values come from, as messages name it; `None` at default
    /// values.
    pub supplier_file: Option<String>,
    /// The supplier's product name (actual values only).
    pub product: Option<String>,
    /// Actual or default values.
    pub basis: Basis,
    /// Grey or white, for clinker and cement where the line or the supplier says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<Variant>,
    /// Number of customs lines in this row.
    pub lines: usize,
    /// Direct SEE as the supplier reports it, tCO2e/t (rounded as its methodology prescribes:
    /// 5 decimals under IR 2025/2547); `None` at default values.
    pub see_direct: Option<Dec>,
    /// Indirect SEE as the supplier reports it, tCO2e/t (rounded as its methodology prescribes:
    /// 5 decimals under IR 2025/2547); `None` at default values.
    pub see_indirect: Option<Dec>,
    /// The default value before the mark-up, tCO2e/t (default basis only).
    pub default_total: Option<Dec>,
    /// The production route the benchmark was taken for (e.g. `(K)`), where one was known.
    pub benchmark_route: Option<BenchmarkRoute>,
    /// EUR effectively paid abroad per tonne of good (actual values only).
    pub carbon_price_eur_per_t: Option<Dec>,
    /// The exchange rate the supplier converted that price at, with its source.
    pub carbon_price_exchange_rate: Option<String>,
    /// Quarter of import (1 to 4): 2026 certificates are priced by it.
    pub quarter: u32,
    /// The certificate price of that quarter and where it comes from.
    pub certificate_price: Price,
    /// The default value used (default basis): row, fallback, table.
    pub default_value: Option<DefaultUsed>,
    /// The benchmark used: value, column, route, table.
    pub benchmark_used: BenchmarkUsed,
    /// Which SEE the obligation counts, and why.
    pub scope: ScopeDecision,
    /// Every term of the obligation, from the mass to the certificates due and their cost (its
    /// fields sit in the row itself when serialised).
    #[serde(flatten)]
    pub obligation: Obligation,
}

/// The worksheet's totals: the sums of its entries' figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Mass imported, t.
    pub mass_t: Dec,
    /// Embedded emissions counted, tCO2e.
    pub embedded_t: Dec,
    /// Free allocation adjustment, tCO2e.
    pub faa_t: Dec,
    /// Article 9 reduction, in certificates (tCO2e).
    pub art9_t: Dec,
    /// CBAM certificates to surrender.
    pub certificates: Dec,
    /// Their cost, each entry's certificates at its quarter's certificate price, EUR.
    pub cost_eur: Dec,
}

impl Totals {
    /// Adds an entry's figures. Saturating: a total beyond 7.9 × 10^28 would have overflowed the
    /// entries first.
    pub fn add(&mut self, o: &Obligation) {
        self.mass_t = self.mass_t.saturating_add(o.mass_t);
        self.embedded_t = self.embedded_t.saturating_add(o.embedded_t);
        self.faa_t = self.faa_t.saturating_add(o.faa_t);
        self.art9_t = self.art9_t.saturating_add(o.art9_t);
        self.certificates = self.certificates.saturating_add(o.certificates);
        self.cost_eur = self.cost_eur.saturating_add(o.cost_eur);
    }
}

/// The de minimis check of the year (Regulation (EU) 2023/956 Art. 2a).
#[derive(Debug, Clone, Serialize)]
pub struct DeMinimis {
    /// The year's threshold: the net mass of CBAM goods at or below which nothing is due, t.
    pub threshold_t: Dec,
    /// The year's net mass of CBAM goods, every sector but electricity and hydrogen.
    pub mass_t: Dec,
    /// Of which cement and aluminium (computed here) and other sectors (counted only).
    pub computed_mass_t: Dec,
    /// Net mass of the other sectors' lines that count towards the threshold, t.
    pub other_sectors_mass_t: Dec,
    /// Not above the threshold: no declaration obligation for the year.
    pub exempt: bool,
}

/// Lines of CBAM goods of another sector: counted for the de minimis threshold, not computed.
#[derive(Debug, Clone, Serialize)]
pub struct OtherSector {
    /// The CBAM sector of Annex I of Regulation 2023/956 (`iron and steel`, `fertilisers`,
    /// `hydrogen`, `electricity`).
    pub sector: &'static str,
    /// Number of customs lines of the sector released in the year.
    pub lines: usize,
    /// Their net mass, t.
    pub mass_t: Dec,
    /// False for electricity and hydrogen (Art. 2a(4)).
    pub counted_for_de_minimis: bool,
}

/// The certificates to hold at the end of a quarter (Art. 22(2)(a)): the share of the embedded
/// emissions of the goods imported since the start of the year, at default values without the
/// mark-up, net of the free allocation adjustment (column B).
#[derive(Debug, Clone, Serialize)]
pub struct Holding {
    /// Quarter (1 to 4) at whose end the certificates are held.
    pub quarter: u32,
    /// Σ max(0, M × default − FAA) of the lines imported up to the quarter's end, tCO2e.
    pub embedded_net_t: Dec,
    /// The share of those emissions the certificates held must cover (the year's rules).
    pub share: Dec,
    /// Certificates to hold at the quarter's end: `embedded_net_t` × `share`.
    pub certificates: Dec,
}

/// The annual declaration worksheet: one entry per group of customs lines declared alike, the
/// totals, the other sectors' lines and the de minimis check.
#[derive(Debug, Clone, Serialize)]
pub struct Worksheet {
    /// The year declared.
    pub year: i32,
    /// The law applied: methodology, tables, the year's figures.
    pub regime: crate::regime::Record,
    /// EORI number of the declarant: from the imports workbook's `Declarant` sheet, else as the
    /// caller sets it (for a CSV file, which names none).
    pub declarant_eori: String,
    /// Name of the declarant: from the imports workbook's `Declarant` sheet, else as the caller
    /// sets it.
    pub declarant_name: String,
    /// The single price given with `--cbam-price`, if any (each entry carries its own).
    pub cbam_price: Option<Dec>,
    /// Cross-sectoral correction factor of the year, as given in the options.
    pub cscf: Dec,
    /// The implementing act Article 9 figures follow, and its status: every Article 9 figure
    /// is provisional while it is a draft.
    pub article9: Article9,
    /// The certificate price Article 9 reductions are converted at: the year's average of the
    /// quarters' prices; `None` while a quarter's price is unknown (then nothing is deducted).
    pub art9_reference_price: Option<Dec>,
    /// The rows, in the order of quarter, CN code, origin, installation and product.
    pub entries: Vec<Entry>,
    /// The sums of the entries' figures.
    pub totals: Totals,
    /// Lines of other CBAM sectors: counted for the de minimis threshold, not computed.
    pub other_sectors: Vec<OtherSector>,
    /// The de minimis check of the year.
    pub de_minimis: DeMinimis,
    /// With `--holding`, from 2027: the certificates to hold at each quarter's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holding: Option<Vec<Holding>>,
}
