//! The small valid imports workbook that the imports fixtures (`examples/make_fixtures.rs`) damage
//! one way each and the report tests (`tests/it/report.rs`) build on, and the declarant every
//! generated imports workbook of the tests shares: one file, included by all of them.

use cbam::format::imports::IMPORTS;
use cbam::render::workbook::{IMPORTS as LAYOUT, TidyWorkbook};
use cbam::tidy_row;
use chrono::NaiveDate;

/// An imports workbook with its declarant sheet filled in and no customs line.
pub fn declarant() -> TidyWorkbook {
    let mut wb = TidyWorkbook::with_layout(&LAYOUT);
    wb.field("eori", "NL812345678")
        .field("name", "Maas Import B.V.")
        .field("role", "01")
        .field("city", "Rotterdam")
        .field("signature_place", "Rotterdam")
        .field("signatory", "J. de Vries")
        .field("signatory_position", "Director")
        .field("global_data_confirmation", "yes")
        .field("use_of_data_confirmation", "yes");
    wb
}

/// A small valid imports workbook buying clinker and ingots from the sample installations.
pub fn imports() -> TidyWorkbook {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date");
    let mut wb = declarant();
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 10, 1), "cn_code" => "25231000", "origin_country" => "CN", "net_mass" => 1000.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01"]);
    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 12, 31), "cn_code" => "76011000", "origin_country" => "CN", "net_mass" => 250.5, "requested_procedure" => "40", "import_area" => "EU", "installation" => "BHA-LK-01"]);
    wb
}
