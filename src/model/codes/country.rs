//! ISO 3166-1 alpha-2 country codes.

use super::*;

/// ISO 3166-1 alpha-2 country code, checked against the official list. Two capital letters held
/// as bytes: every customs line carries one, so it costs no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Reads a two-letter code in either case, surrounding spaces ignored; `None` unless it is an
    /// officially assigned ISO 3166-1 alpha-2 code or `XK` (Kosovo).
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim().as_bytes();
        let code = [t.first()?.to_ascii_uppercase(), t.get(1)?.to_ascii_uppercase()];
        let valid = t.len() == 2 && ISO_3166_ALPHA2.as_bytes().chunks(3).any(|c| c[..2] == code);
        valid.then_some(CountryCode(code))
    }
    /// The code as two capital letters (`CN`).
    pub fn as_str(&self) -> &str {
        // Two ASCII capitals, checked by `parse`.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl serde::Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        CountryCode::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not an ISO 3166-1 alpha-2 country code")))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ISO 3166-1 alpha-2 officially assigned codes (249), plus XK (Kosovo, user-assigned, used by the
/// Commission's code lists).
pub(super) const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK";
