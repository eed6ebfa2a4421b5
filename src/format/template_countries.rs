//! The country names of the Commission's Communication template v2.1.1 (its `c_CodeLists` sheet),
//! from `data/template-countries-v2.1.1.csv`. `A_InstData!I26` takes a country by name: the
//! writer puts the name of the installation's code there, and the reader maps a name back to its
//! code when the file's own list holds no cached values (a file written by `cbam template fill`
//! that no spreadsheet program has opened yet).

const COUNTRIES: &str = include_str!("../../data/template-countries-v2.1.1.csv");

/// (ISO code, name) in the template's order.
fn entries() -> impl Iterator<Item = (&'static str, &'static str)> {
    COUNTRIES.lines().filter(|l| !l.starts_with('#') && *l != "code,name").filter_map(|l| l.split_once(','))
}

/// The template's name of the country with ISO code `code`.
pub fn name(code: &str) -> Option<&'static str> {
    entries().find(|(c, _)| *c == code).map(|(_, n)| n)
}

/// The ISO code of the country the template calls `name` (case and surrounding spaces ignored);
/// the first in the list where a name stands twice (Montenegro ME and XM, Serbia RS and XS).
pub fn code(name: &str) -> Option<&'static str> {
    let name = name.trim();
    entries().find(|(_, n)| n.eq_ignore_ascii_case(name)).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_map_both_ways() {
        assert_eq!(name("CN"), Some("China"));
        assert_eq!(code(" china "), Some("CN"));
        assert_eq!(name("code"), None);
        assert_eq!(code("Atlantis"), None);
        // Every name maps back to a code of that name. Two names stand twice in the template's
        // list, under their ISO code and the Commission's older geonomenclature code (XM, XS); the
        // ISO code comes first and wins.
        for (_, n) in entries() {
            assert_eq!(code(n).and_then(name), Some(n), "{n}");
        }
        assert_eq!(code("Montenegro"), Some("ME"));
        assert_eq!(code("Serbia"), Some("RS"));
    }
}
