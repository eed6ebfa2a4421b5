//! Combined Nomenclature codes: which codes this tool computes, the TARIC subdivisions the
//! default values key on, and the CBAM sector of any other code.

use super::*;

/// A Combined Nomenclature code of a good this tool covers (cement or aluminium): 8 digits, or 10
/// where it is one of the TARIC subdivisions the corrected default values key on
/// ([`TARIC_CODES`]). The code is kept as given; [`CnCode::cn8`] is the 8-digit CN code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct CnCode(String);

/// The 10-digit TARIC codes accepted as a [`CnCode`]: the subdivisions of the cement codes that
/// Annex I to Implementing Regulation (EU) 2025/2621, as replaced by Implementing Regulation (EU)
/// 2026/1740, gives its own default values, with the variant each one stands for.
pub const TARIC_CODES: [(&str, Option<Variant>); 5] = [
    ("2507008080", None),
    ("2523100010", Some(Variant::White)),
    ("2523100090", Some(Variant::Grey)),
    ("2523900010", Some(Variant::White)),
    ("2523900090", Some(Variant::Grey)),
];

/// What a CN code field accepts, for messages: "an 8-digit CN code such as 25232900, or one of
/// the TARIC codes …".
pub const CN_CODE_EXPECTED: &str = "an 8-digit CN code such as 25232900, or one of the TARIC codes 2507008080, 2523100010, 2523100090, 2523900010, 2523900090";

/// Why a text is not a CN code this tool can compute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CnError {
    /// Not 8 digits, nor one of the 10-digit [`TARIC_CODES`] (spaces and dots are allowed and
    /// removed); [`CN_CODE_EXPECTED`] says what is.
    #[error("expected {CN_CODE_EXPECTED}")]
    Malformed,
    /// A CBAM good of another sector (named), which this tool does not compute.
    #[error("a CBAM good of the {0} sector; this tool covers cement and aluminium")]
    OtherCbamSector(&'static str),
    /// Not a CBAM good at all.
    #[error("not a CBAM good of cement or aluminium")]
    NotCbam,
}

impl CnCode {
    /// Accepts `25232900`, `2523 29 00`, `2523.29.00`, and the TARIC codes of [`TARIC_CODES`]
    /// (`2523100090`, `2523 10 00 90`).
    pub fn parse(text: &str) -> Result<CnCode, CnError> {
        // Digits alone, as most codes are written: copied at once rather than char by char.
        let digits: String =
            if text.bytes().all(|b| b.is_ascii_digit()) { text.to_string() } else { text.chars().filter(|c| !matches!(c, ' ' | '.' | '\u{a0}')).collect() };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CnError::Malformed);
        }
        match digits.len() {
            8 => {}
            10 if TARIC_CODES.iter().any(|(t, _)| *t == digits) => {}
            _ => return Err(CnError::Malformed),
        }
        match sector_of(&digits[..8]) {
            Sector::Cement | Sector::Aluminium => Ok(CnCode(digits)),
            Sector::Other(name) => Err(CnError::OtherCbamSector(name)),
            Sector::None => Err(CnError::NotCbam),
        }
    }
    /// The code as given: 8 digits, or 10 for a TARIC code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The 8-digit CN code (the first eight digits of a TARIC code): what QReport, the
    /// Communication template and every other 8-digit field take.
    pub fn cn8(&self) -> &str {
        &self.0[..8]
    }
    /// The TARIC subdivision, the two digits after the CN code (`"90"` of `2523100090`); None for
    /// an 8-digit code.
    pub fn taric(&self) -> Option<&str> {
        self.0.get(8..).filter(|t| !t.is_empty())
    }
    /// The 8-digit CN code of this code (itself when it has 8 digits).
    pub fn to_cn8(&self) -> CnCode {
        CnCode(self.cn8().to_string())
    }
    /// The variant a TARIC code stands for (`2523100010` white, `2523100090` grey); None for an
    /// 8-digit code and for calcined clay.
    pub fn taric_variant(&self) -> Option<Variant> {
        TARIC_CODES.iter().find(|(t, _)| *t == self.0).and_then(|(_, v)| *v)
    }
    /// The 6-digit HS code (first six digits).
    pub fn hs(&self) -> &str {
        &self.0[..6]
    }
    /// The CBAM sector of Annex I of Regulation 2023/956 the code belongs to.
    pub fn sector(&self) -> Sector {
        sector_of(self.cn8())
    }
    /// The aggregated goods category this CN code belongs to (from its first eight digits).
    pub fn category(&self) -> GoodsCategory {
        let c = self.cn8();
        match () {
            _ if c == "25070080" => GoodsCategory::CalcinedClay,
            _ if c == "25231000" => GoodsCategory::CementClinker,
            _ if c == "25233000" => GoodsCategory::AluminousCement,
            _ if c.starts_with("2523") => GoodsCategory::Cement,
            _ if c.starts_with("7601") => GoodsCategory::UnwroughtAluminium,
            _ => GoodsCategory::AluminiumProducts,
        }
    }
    /// `2523 29 00`, as printed in the legal texts; `2523 10 00 90` for a TARIC code.
    pub fn spaced(&self) -> String {
        let s = &self.0;
        match self.taric() {
            Some(t) => format!("{} {} {} {t}", &s[..4], &s[4..6], &s[6..8]),
            None => format!("{} {} {}", &s[..4], &s[4..6], &s[6..]),
        }
    }
}

impl fmt::Display for CnCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The sector of Annex I of Regulation 2023/956 a CN code falls in, as far as this tool tells
/// them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    /// Cement: calcined clay (2507 00 80) and heading 2523; computed by this tool.
    Cement,
    /// Aluminium: headings 7601, 7603 to 7614 and 7616; computed by this tool.
    Aluminium,
    /// Another CBAM sector: iron and steel, fertilisers, hydrogen, electricity.
    Other(&'static str),
    /// Not a CBAM good.
    None,
}

/// Sector of an 8-digit code per Annex I of Regulation 2023/956.
pub fn sector_of(digits: &str) -> Sector {
    let p = |s: &str| digits.starts_with(s);
    if digits == "25070080" || p("2523") {
        return Sector::Cement;
    }
    if p("7601") || (p("76") && ("7603".."7615").contains(&&digits[..4])) || p("7616") {
        return Sector::Aluminium;
    }
    if p("2716") {
        return Sector::Other("electricity");
    }
    if p("280410") {
        return Sector::Other("hydrogen");
    }
    if p("2808") || p("2814") || p("283421") || p("3102") || p("3105") {
        return Sector::Other("fertilisers");
    }
    if p("72") || ["7301", "7302", "7303", "7304", "7305", "7306", "7307", "7308", "7309", "7310", "7311", "7318", "7326"].iter().any(|h| p(h)) || p("2601") {
        return Sector::Other("iron and steel");
    }
    Sector::None
}
