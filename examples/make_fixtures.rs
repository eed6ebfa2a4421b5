//! Regenerates the bad-input fixtures in `tests/fixtures/bad/` (installation workbooks) and
//! `tests/fixtures/imports/bad/` (imports workbooks), and their READMEs.
//!
//! ```text
//! cargo run --example make_fixtures              # (over)write every fixture and README.md
//! cargo run --example make_fixtures -- --check   # exit 1 if a committed file differs
//! ```
//!
//! Every fixture is one small, valid installation ([`cement`] or [`aluminium`]) with one mutation,
//! so that its diagnostics are about that mutation only. Before writing anything the example
//! checks that both bases compute without a single diagnostic. The writer is deterministic (the
//! workbook's creation date is fixed), so `--check` compares bytes.
//!
//! The test `tests/it/bad_inputs.rs` runs `cbam compute` on every fixture, snapshots the exit code
//! and stderr, and checks that the diagnostic code named in the README line is among them.

use std::collections::BTreeSet;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use calamine::{Data, Reader, Xlsx};
use cbam::format::imports::IMPORTS;
use cbam::format::tidy::{self, ABOUT, CARBON_PRICE, GOODS, PFC, PRECURSORS, PROCESSES, STREAMS, Table};
use cbam::render::workbook::{CellValue, Row, TidyWorkbook};
use cbam::tidy_row;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

// ---------------------------------------------------------------------------------------------
// The two valid bases

/// An installation as plain data, so that one row's cell can be changed before it is laid out.
#[derive(Debug, Clone, Default)]
struct Plant {
    about: Vec<(&'static str, CellValue)>,
    rows: Vec<(&'static str, Row)>,
    units: Vec<(&'static str, &'static str, &'static str)>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

const GRID_EF: f64 = 0.5366;
const GRID_REF: &str = "illustrative grid factor (fixture)";

/// A cement plant: kiln P1 makes clinker, mill P2 grinds it (own clinker plus a purchased lot at
/// default values) into cement. Clinker ratio (85,000 + 5,000) / 120,000 = 75 %.
fn cement() -> Plant {
    let mut p = Plant::default();
    p.about("installation_id", "FIX-CEM-01")
        .about("name_en", "Fixture Cement Plant")
        .about("country", "CN")
        .about("unlocode", "CN WHI")
        .about("period_start", date(2025, 1, 1))
        .about("period_end", date(2025, 12, 31));
    p.add(
        PROCESSES,
        tidy_row![
            "process_id" => "P1", "name" => "Kiln line 1", "category" => "cement_clinker", "route" => "clinker",
            "activity_level" => 100_000.0, "electricity_consumed" => 6_000.0, "electricity_ef" => GRID_EF,
            "electricity_ef_source" => "grid", "electricity_ef_reference" => GRID_REF,
        ],
    );
    p.add(
        PROCESSES,
        tidy_row![
            "process_id" => "P2", "name" => "Cement mill 1", "category" => "cement", "route" => "cement",
            "activity_level" => 120_000.0, "electricity_consumed" => 4_000.0, "electricity_ef" => GRID_EF,
            "electricity_ef_source" => "grid", "electricity_ef_reference" => GRID_REF,
        ],
    );
    // SourceStreams rows 3..6
    p.add(
        STREAMS,
        tidy_row![
            "process_id" => "P1", "name" => "Raw meal", "method" => "process_a",
            "activity_data" => 155_000.0, "activity_unit" => "t", "ef" => 0.345, "ef_unit" => "tCO2/t",
        ],
    );
    p.add(
        STREAMS,
        tidy_row![
            "process_id" => "P1", "name" => "Bituminous coal", "method" => "combustion",
            "activity_data" => 12_000.0, "activity_unit" => "t", "ncv" => 25.0, "ncv_unit" => "GJ/t",
            "ef" => 94.6, "ef_unit" => "tCO2/TJ",
        ],
    );
    p.add(
        STREAMS,
        tidy_row![
            "process_id" => "P1", "name" => "Natural gas for kiln start-up", "method" => "combustion",
            "activity_data" => 500_000.0, "activity_unit" => "Nm3", "ncv" => 35.6, "ncv_unit" => "MJ/Nm3",
            "ef" => 56.1, "ef_unit" => "tCO2/TJ",
        ],
    );
    p.add(
        STREAMS,
        tidy_row![
            "process_id" => "P1", "name" => "Refuse-derived fuel", "method" => "combustion",
            "activity_data" => 3_000.0, "activity_unit" => "t", "ncv" => 15.0, "ncv_unit" => "GJ/t",
            "ef" => 95.0, "ef_unit" => "tCO2/TJ", "biomass_pct" => 40.0,
        ],
    );
    p.add(
        PRECURSORS,
        tidy_row![
            "process_id" => "P2", "name" => "Clinker from kiln line 1", "category" => "cement_clinker",
            "source" => "own", "from_process" => "P1", "mass" => 85_000.0,
        ],
    );
    p.add(
        PRECURSORS,
        tidy_row![
            "process_id" => "P2", "name" => "Purchased clinker", "category" => "cement_clinker",
            "source" => "purchased", "supplier" => "Fixture Clinker Co.", "country" => "CN", "mass" => 5_000.0,
            "values" => "default", "default_cn_code" => "25231000", "variant" => "grey",
        ],
    );
    p.add(GOODS, tidy_row!["cn_code" => "25231000", "product" => "Grey clinker", "process_id" => "P1", "variant" => "grey"]);
    p.add(
        GOODS,
        tidy_row![
            "cn_code" => "25232900", "product" => "CEM II/A cement", "process_id" => "P2", "variant" => "grey",
            "clinker_ratio_pct" => 75.0,
        ],
    );
    p
}

/// The reporting period moved to calendar year 2026 (IR 2025/2547 then applies).
fn in_2026(p: &mut Plant) -> &mut Plant {
    p.about("period_start", date(2026, 1, 1)).about("period_end", date(2026, 12, 31))
}

/// [`in_2026`] with what the definitive period asks of the cement base beyond the transitional
/// data (the RDF's biomass criteria declared), so that a fixture can take one field away.
fn complete_2026(p: &mut Plant) -> &mut Plant {
    in_2026(p).set(STREAMS, 3, "biomass_criteria", "yes")
}

/// A primary smelter P1 (anodes, PFC by the slope method) feeding an extrusion press P2.
fn aluminium() -> Plant {
    let mut p = Plant::default();
    p.about("installation_id", "FIX-ALU-01")
        .about("name_en", "Fixture Aluminium Smelter")
        .about("country", "CN")
        .about("unlocode", "CN LKU")
        .about("period_start", date(2025, 1, 1))
        .about("period_end", date(2025, 12, 31));
    p.add(
        PROCESSES,
        tidy_row![
            "process_id" => "P1", "name" => "Potline 1", "category" => "unwrought_aluminium", "route" => "primary_smelting",
            "activity_level" => 50_000.0, "electricity_consumed" => 675_000.0, "electricity_ef" => 0.862,
            "electricity_ef_source" => "own_generation", "electricity_ef_reference" => "captive plant (fixture)",
        ],
    );
    p.add(
        PROCESSES,
        tidy_row![
            "process_id" => "P2", "name" => "Extrusion press 1", "category" => "aluminium_products", "route" => "products",
            "activity_level" => 20_000.0, "electricity_consumed" => 10_000.0, "electricity_ef" => GRID_EF,
            "electricity_ef_source" => "grid", "electricity_ef_reference" => GRID_REF,
        ],
    );
    p.add(
        STREAMS,
        tidy_row![
            "process_id" => "P1", "name" => "Prebaked anodes", "method" => "mass_balance",
            "activity_data" => 20_600.0, "activity_unit" => "t", "carbon_content" => 0.97, "carbon_content_unit" => "tC/t",
        ],
    );
    p.add(
        PFC,
        tidy_row![
            "process_id" => "P1", "method" => "slope", "technology" => "PFPB_modern", "aluminium_produced" => 50_000.0,
            "ae_frequency" => 0.1, "ae_duration" => 1.5, "collection_efficiency_pct" => 98.0,
        ],
    );
    p.add(
        PRECURSORS,
        tidy_row![
            "process_id" => "P2", "name" => "Billets from potline 1", "category" => "unwrought_aluminium",
            "source" => "own", "from_process" => "P1", "mass" => 21_000.0,
        ],
    );
    p.add(GOODS, tidy_row!["cn_code" => "76011000", "product" => "Ingot P1020A", "process_id" => "P1", "non_al_elements_pct" => 0.3]);
    p.add(GOODS, tidy_row!["cn_code" => "76042100", "product" => "Hollow profiles 6063", "process_id" => "P2", "non_al_elements_pct" => 1.2]);
    p
}

impl Plant {
    fn about(&mut self, field: &'static str, value: impl Into<CellValue>) -> &mut Self {
        let value = value.into();
        match self.about.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = value,
            None => self.about.push((field, value)),
        }
        self
    }

    fn add(&mut self, sheet: &'static str, row: Row) -> &mut Self {
        self.rows.push((sheet, row));
        self
    }

    /// Sets `key` in the `nth` (0-based) data row of `sheet`; `CellValue::Empty` clears it.
    fn set(&mut self, sheet: &'static str, nth: usize, key: &'static str, value: impl Into<CellValue>) -> &mut Self {
        let value = value.into();
        let row = self.rows.iter_mut().filter(|(s, _)| *s == sheet).map(|(_, r)| r).nth(nth).expect("row of the base");
        match row.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => row.push((key, value)),
        }
        self
    }

    fn unit(&mut self, sheet: &'static str, key: &'static str, unit: &'static str) -> &mut Self {
        self.units.push((sheet, key, unit));
        self
    }

    fn tidy(&self) -> TidyWorkbook {
        let mut wb = TidyWorkbook::new();
        for (field, value) in &self.about {
            wb.about(field, value.clone());
        }
        for (sheet, row) in &self.rows {
            wb.row(sheet, row.clone());
        }
        for (sheet, key, unit) in &self.units {
            wb.set_unit(sheet, key, *unit);
        }
        wb
    }

    fn xlsx(&self) -> Result<Vec<u8>> {
        Ok(self.tidy().to_bytes()?)
    }

    /// Lays the workbook out, then edits it where the builder cannot (error values, headers,
    /// removed sheets).
    fn xlsx_with(&self, edit: impl FnOnce(&mut Workbook) -> std::result::Result<(), XlsxError>) -> Result<Vec<u8>> {
        let mut wb = self.tidy().to_workbook()?;
        edit(&mut wb)?;
        Ok(wb.save_to_buffer()?)
    }
}

/// Row and column (0-based) of `key` in the `nth` data row of a table sheet, as the builder lays
/// it out (columns in the order of the format).
fn cell(table: &Table, nth: u32, key: &str) -> (u32, u16) {
    let col = table.columns.iter().position(|c| c.key == key).expect("column of the format");
    (tidy::FIRST_DATA_ROW + nth, col as u16)
}

/// Row (0-based) of an About field.
fn about_row(field: &str) -> u32 {
    tidy::ABOUT_FIELDS.iter().position(|c| c.key == field).expect("About field") as u32
}

fn mutate(base: fn() -> Plant, f: impl FnOnce(&mut Plant)) -> Plant {
    let mut p = base();
    f(&mut p);
    p
}

// ---------------------------------------------------------------------------------------------
// The fixtures

struct Fixture {
    file: &'static str,
    /// What it exercises (the README line).
    exercises: &'static str,
    /// The code of the main diagnostic, preceded by `warning ` when the file only warns.
    expect: &'static str,
    /// None: the file is made elsewhere; only its README line is written here.
    bytes: Option<Result<Vec<u8>>>,
}

fn fx(file: &'static str, exercises: &'static str, expect: &'static str, bytes: Result<Vec<u8>>) -> Fixture {
    Fixture { file, exercises, expect, bytes: Some(bytes) }
}

/// A fixture this example lists but does not write (made by a tool under `tools/`).
fn external(file: &'static str, exercises: &'static str, expect: &'static str) -> Fixture {
    Fixture { file, exercises, expect, bytes: None }
}

fn fixtures() -> Vec<Fixture> {
    use CellValue::Empty;
    vec![
        fx(
            "01-text-in-number.xlsx",
            "text 'n/a' where a number belongs (Processes!E4, activity_level of P2)",
            "input.type",
            mutate(cement, |p| {
                p.set(PROCESSES, 1, "activity_level", "n/a");
            })
            .xlsx(),
        ),
        fx(
            "02-error-na.xlsx",
            "spreadsheet error value #N/A (from =NA()) in a number cell (SourceStreams!E4, activity_data)",
            "input.type",
            cement().xlsx_with(|wb| {
                let (r, c) = cell(&tidy::STREAMS_TABLE, 1, "activity_data");
                wb.worksheet_from_name(STREAMS)?.write_formula(r, c, Formula::new("=NA()").set_result("#N/A"))?;
                Ok(())
            }),
        ),
        fx(
            "03-error-ref.xlsx",
            "spreadsheet error value #REF! (a formula pointing at a deleted cell) in Precursors!H3, mass",
            "input.type",
            cement().xlsx_with(|wb| {
                let (r, c) = cell(&tidy::PRECURSORS_TABLE, 0, "mass");
                wb.worksheet_from_name(PRECURSORS)?.write_formula(r, c, Formula::new("=#REF!*0.85").set_result("#REF!"))?;
                Ok(())
            }),
        ),
        fx(
            "04-date-in-number.xlsx",
            "a date cell where a number belongs (Processes!F3, electricity_consumed)",
            "input.type",
            mutate(cement, |p| {
                p.set(PROCESSES, 0, "electricity_consumed", date(2025, 6, 30));
            })
            .xlsx(),
        ),
        fx(
            "05-unknown-activity-unit.xlsx",
            "activity_unit 'bbl' (barrels), not an accepted unit",
            "input.code",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "activity_unit", "bbl");
            })
            .xlsx(),
        ),
        fx(
            "06-unknown-ncv-unit.xlsx",
            "ncv_unit 'kcal/kg', not an accepted unit; no follow-up complaint about the NCV",
            "input.code",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "ncv_unit", "kcal/kg");
            })
            .xlsx(),
        ),
        fx(
            "07-unit-basis-mismatch.xlsx",
            "activity in Nm3 with the NCV in GJ/t (volume against mass)",
            "input.unit_basis",
            mutate(cement, |p| {
                p.set(STREAMS, 2, "ncv_unit", "GJ/t");
            })
            .xlsx(),
        ),
        fx(
            "08-unknown-column-unit.xlsx",
            "row-2 unit 'MJ' for electricity_consumed (accepted: MWh, kWh, GWh)",
            "input.unit",
            mutate(cement, |p| {
                p.unit(PROCESSES, "electricity_consumed", "MJ");
            })
            .xlsx(),
        ),
        fx(
            "09-negative-precursor-mass.xlsx",
            "negative mass of a precursor (Precursors!H4)",
            "input.negative",
            mutate(cement, |p| {
                p.set(PRECURSORS, 1, "mass", -5_000.0);
            })
            .xlsx(),
        ),
        fx(
            "10-negative-combustion-activity.xlsx",
            "negative activity data for a combustion stream (only mass-balance outputs may be negative)",
            "input.negative",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "activity_data", -12_000.0);
            })
            .xlsx(),
        ),
        fx(
            "11-missing-sheet-goods.xlsx",
            "the sheet Goods deleted",
            "input.missing_sheet",
            cement().xlsx_with(|wb| {
                wb.worksheets_mut().retain(|ws| ws.name() != GOODS);
                Ok(())
            }),
        ),
        fx(
            "12-missing-column.xlsx",
            "the key activity_level in Processes!E1 renamed to 'output': required column missing (and an unknown column)",
            "input.missing_column",
            cement().xlsx_with(|wb| {
                let (_, c) = cell(&tidy::PROCESSES_TABLE, 0, "activity_level");
                wb.worksheet_from_name(PROCESSES)?.write_string_with_format(tidy::HEADER_ROW, c, "output", &Format::new().set_bold())?;
                Ok(())
            }),
        ),
        fx(
            "13-duplicate-column.xlsx",
            "a second column keyed 'name' (Processes!Q1)",
            "input.duplicate_column",
            cement().xlsx_with(|wb| {
                let ws = wb.worksheet_from_name(PROCESSES)?;
                let c = tidy::PROCESSES_TABLE.columns.len() as u16;
                ws.write_string(tidy::HEADER_ROW, c, "name")?;
                ws.write_string(tidy::FIRST_DATA_ROW, c, "Kiln 1")?;
                ws.write_string(tidy::FIRST_DATA_ROW + 1, c, "Mill 1")?;
                Ok(())
            }),
        ),
        fx(
            "14-duplicate-process-id.xlsx",
            "two processes with process_id P2",
            "input.duplicate_id",
            mutate(cement, |p| {
                p.add(
                    PROCESSES,
                    tidy_row![
                        "process_id" => "P2", "name" => "Cement mill 2", "category" => "cement", "route" => "cement", "activity_level" => 10_000.0,
                    ],
                );
            })
            .xlsx(),
        ),
        fx(
            "15-cn-code-malformed.xlsx",
            "CN code 2523290 (7 digits, typed as a number)",
            "input.cn_code",
            mutate(cement, |p| {
                p.set(GOODS, 1, "cn_code", 2_523_290.0);
            })
            .xlsx(),
        ),
        fx(
            "16-cn-code-steel.xlsx",
            "CN code 72081000, a CBAM good of another sector (iron and steel)",
            "input.cn_scope",
            mutate(cement, |p| {
                p.set(GOODS, 1, "cn_code", "72081000");
            })
            .xlsx(),
        ),
        fx(
            "17-cn-code-scrap.xlsx",
            "CN code 7602 00 19, aluminium waste and scrap, not a CBAM good",
            "input.cn_scope",
            mutate(aluminium, |p| {
                p.set(GOODS, 1, "cn_code", "7602 00 19");
            })
            .xlsx(),
        ),
        fx(
            "18-good-category-mismatch.xlsx",
            "a cement CN code (25232900) made by the clinker process P1",
            "input.good_category",
            mutate(cement, |p| {
                p.set(GOODS, 0, "cn_code", "25232900");
            })
            .xlsx(),
        ),
        fx(
            "19-precursor-cycle.xlsx",
            "precursor cycle: P2 consumes own output of P3, which consumes own output of P2",
            "compute.precursor_cycle",
            mutate(aluminium, |p| {
                p.add(
                    PROCESSES,
                    tidy_row![
                        "process_id" => "P3", "name" => "Tube drawing", "category" => "aluminium_products", "route" => "products",
                        "activity_level" => 5_000.0,
                    ],
                );
                p.add(
                    PRECURSORS,
                    tidy_row![
                        "process_id" => "P2", "name" => "Drawn tube offcuts", "category" => "aluminium_products",
                        "source" => "own", "from_process" => "P3", "mass" => 1_000.0,
                    ],
                );
                p.add(
                    PRECURSORS,
                    tidy_row![
                        "process_id" => "P3", "name" => "Extruded tube blanks", "category" => "aluminium_products",
                        "source" => "own", "from_process" => "P2", "mass" => 6_000.0,
                    ],
                );
                p.add(GOODS, tidy_row!["cn_code" => "76082089", "product" => "Drawn tubes", "process_id" => "P3", "non_al_elements_pct" => 1.2]);
            })
            .xlsx(),
        ),
        fx(
            "20-precursor-category.xlsx",
            "the cement mill P2 consuming a purchased precursor of category cement",
            "input.precursor_category",
            mutate(cement, |p| {
                p.set(PRECURSORS, 1, "category", "cement");
            })
            .xlsx(),
        ),
        fx(
            "21-precursor-balance.xlsx",
            "P2 consumes 120,000 t of clinker from P1, which makes only 100,000 t",
            "input.precursor_balance",
            mutate(cement, |p| {
                p.set(PRECURSORS, 0, "mass", 120_000.0);
            })
            .xlsx(),
        ),
        fx(
            "22-activity-level-zero.xlsx",
            "activity_level 0 for P2; the rows referring to P2 do not add errors of their own",
            "input.zero",
            mutate(cement, |p| {
                p.set(PROCESSES, 1, "activity_level", 0.0);
            })
            .xlsx(),
        ),
        fx(
            "23-process-without-goods.xlsx",
            "a process P3 with no good and not feeding another process",
            "input.process_without_goods",
            mutate(cement, |p| {
                p.add(
                    PROCESSES,
                    tidy_row![
                        "process_id" => "P3", "name" => "Cement mill 2 (idle)", "category" => "cement", "route" => "cement", "activity_level" => 1_000.0,
                    ],
                );
            })
            .xlsx(),
        ),
        fx(
            "24-country-alpha3.xlsx",
            "country 'CHN' (ISO alpha-3) instead of CN",
            "input.country",
            mutate(cement, |p| {
                p.about("country", "CHN");
            })
            .xlsx(),
        ),
        fx(
            "25-invalid-unlocode.xlsx",
            "UN/LOCODE 'WUHU' (a town name, no country code)",
            "input.unlocode",
            mutate(cement, |p| {
                p.about("unlocode", "WUHU");
            })
            .xlsx(),
        ),
        fx(
            "26-period-reversed.xlsx",
            "reporting period ending (2024-12-31) before it starts (2025-01-01)",
            "input.period",
            mutate(cement, |p| {
                p.about("period_end", date(2024, 12, 31));
            })
            .xlsx(),
        ),
        fx(
            "27-about-value-blank.xlsx",
            "required About field name_en left blank",
            "input.missing",
            mutate(cement, |p| {
                p.about("name_en", Empty);
            })
            .xlsx(),
        ),
        fx(
            "28-about-field-deleted.xlsx",
            "the About row of installation_id deleted (key and value cleared)",
            "input.missing_field",
            cement().xlsx_with(|wb| {
                let ws = wb.worksheet_from_name(ABOUT)?;
                let r = about_row("installation_id");
                ws.clear_cell(r, 0).clear_cell(r, 1).clear_cell(r, 2);
                Ok(())
            }),
        ),
        fx(
            "29-format-version-2.xlsx",
            "format_version 2 (this cbam reads version 1)",
            "input.format_version",
            mutate(cement, |p| {
                p.about("format_version", 2);
            })
            .xlsx(),
        ),
        fx(
            "30-electricity-without-factor.xlsx",
            "electricity consumed by P1 with electricity_ef blank",
            "input.missing_factor",
            mutate(cement, |p| {
                p.set(PROCESSES, 0, "electricity_ef", Empty);
            })
            .xlsx(),
        ),
        fx(
            "31-biomass-150-percent.xlsx",
            "biomass_pct 150, outside 0-100",
            "input.percent",
            mutate(cement, |p| {
                p.set(STREAMS, 3, "biomass_pct", 150.0);
            })
            .xlsx(),
        ),
        fx(
            "32-collection-efficiency-120.xlsx",
            "PFC collection_efficiency_pct 120, outside 0-100",
            "input.percent",
            mutate(aluminium, |p| {
                p.set(PFC, 0, "collection_efficiency_pct", 120.0);
            })
            .xlsx(),
        ),
        fx(
            "33-collection-efficiency-fraction.xlsx",
            "collection efficiency 0.98 written as a fraction: accepted as 0.98 % with a warning (exit 0)",
            "warning input.percent_small",
            mutate(aluminium, |p| {
                p.set(PFC, 0, "collection_efficiency_pct", 0.98);
            })
            .xlsx(),
        ),
        fx(
            "34-combustion-without-ncv.xlsx",
            "combustion with a factor in tCO2/TJ and no NCV",
            "input.method_data",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "ncv", Empty).set(STREAMS, 1, "ncv_unit", Empty);
            })
            .xlsx(),
        ),
        fx(
            "35-default-precursor-without-cn.xlsx",
            "purchased precursor at default values without default_cn_code",
            "input.missing",
            mutate(cement, |p| {
                p.set(PRECURSORS, 1, "default_cn_code", Empty);
            })
            .xlsx(),
        ),
        fx(
            "36-pfc-slope-without-data.xlsx",
            "PFC slope row without ae_frequency and without technology (so no default sef_cf4 or f_c2f6)",
            "input.method_data",
            mutate(aluminium, |p| {
                p.set(PFC, 0, "ae_frequency", Empty).set(PFC, 0, "technology", Empty);
            })
            .xlsx(),
        ),
        fx("37-not-our-workbook.xlsx", "somebody else's workbook (one sheet 'Data')", "input.unknown_format", foreign_workbook()),
        fx(
            "38-not-a-workbook.xlsx",
            "a text file renamed .xlsx",
            "input.not_a_workbook",
            Ok(b"process_id,name,activity_level\nP1,Kiln line 1,100000\n".to_vec()),
        ),
        fx(
            "39-truncated.xlsx",
            "the first 2,000 bytes of a valid workbook (a broken download)",
            "input.corrupt",
            cement().xlsx().map(|mut b| {
                b.truncate(2_000);
                b
            }),
        ),
        fx(
            "40-several-problems.xlsx",
            "five errors in five sheets, all reported and sorted by place",
            "input.type",
            mutate(cement, |p| {
                p.about("country", "CHN");
                p.set(PROCESSES, 1, "activity_level", "n/a");
                p.set(STREAMS, 1, "activity_unit", "bbl");
                p.set(PRECURSORS, 1, "mass", -5_000.0);
                p.set(GOODS, 1, "cn_code", "72081000");
            })
            .xlsx(),
        ),
        fx(
            "41-unknown-process-reference.xlsx",
            "a source stream attributed to process 'K1', which is not in Processes",
            "input.unknown_process",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "process_id", "K1");
            })
            .xlsx(),
        ),
        fx(
            "42-own-precursor-unknown-process.xlsx",
            "an own precursor from_process 'P9', which does not exist",
            "input.unknown_process",
            mutate(cement, |p| {
                p.set(PRECURSORS, 0, "from_process", "P9");
            })
            .xlsx(),
        ),
        fx(
            "43-route-not-of-category.xlsx",
            "route 'cement' for the clinker process P1",
            "input.route",
            mutate(cement, |p| {
                p.set(PROCESSES, 0, "route", "cement");
            })
            .xlsx(),
        ),
        fx(
            "44-unknown-category-code.xlsx",
            "category 'clinker' instead of the code cement_clinker",
            "input.code",
            mutate(cement, |p| {
                p.set(PROCESSES, 0, "category", "clinker");
            })
            .xlsx(),
        ),
        fx(
            "45-factor-as-text.xlsx",
            "electricity_ef 'approx. 0.54' (text) while electricity is consumed: one error, no follow-up 'missing factor'",
            "input.type",
            mutate(cement, |p| {
                p.set(PROCESSES, 0, "electricity_ef", "approx. 0.54");
            })
            .xlsx(),
        ),
        fx("46-blank-init-workbook.xlsx", "the blank workbook `cbam init` writes, not filled in", "input.missing", Plant::default().xlsx()),
        fx(
            "47-number-with-thousands-separator.xlsx",
            "activity_data typed as text '12,000' (thousands separator)",
            "input.type",
            mutate(cement, |p| {
                p.set(STREAMS, 1, "activity_data", "12,000");
            })
            .xlsx(),
        ),
        fx(
            "48-negative-number-as-text.xlsx",
            "mass typed as text '-85000': accepted as a number with a warning, then refused as negative",
            "input.negative",
            mutate(cement, |p| {
                p.set(PRECURSORS, 0, "mass", "-85000");
            })
            .xlsx(),
        ),
        // Files built to exhaust the reader: each must be refused by a named limit, before the
        // part that would exceed it is inflated or held in memory.
        fx(
            "49-zip-bomb.xlsx",
            "a zip bomb disguised as the cement workbook: 20 extra sheet parts share one deflated block of 16 MiB (50 kB on disk, 320 MiB inflated) → the limit on inflated size",
            "input.too_large",
            cement().xlsx().and_then(|b| zip_bomb(&b)),
        ),
        fx(
            "50-declared-size-lies.xlsx",
            "every sheet part declares 200 bytes in the zip directory but inflates to more: reading stops at the declared size (no bomb can hide behind a small declared size)",
            "input.corrupt_sheet",
            cement().xlsx().and_then(|b| {
                edit_central_directory(&b, |name, rec| {
                    if name.starts_with("xl/worksheets/") {
                        rec[24..28].copy_from_slice(&200u32.to_le_bytes())
                    }
                })
            }),
        ),
        fx(
            "51-million-rows.xlsx",
            "Processes followed by 1,000,000 rows holding a number (rows without `r` attributes, so 95 kB on disk; its `<dimension>` still says A1:P4) → the cell limit of a sheet held in memory, reached at row 222,223 of its 18 columns",
            "input.too_many_cells",
            cement().xlsx().and_then(|b| rezip(&b, |name, xml| (name == "xl/worksheets/sheet3.xml").then(|| million_rows(xml)))),
        ),
        fx(
            "52-used-range-too-wide.xlsx",
            "a stray cell at Goods!XFD1000, so the used range spans 1,000 rows × 16,384 columns → the cell limit",
            "input.too_many_cells",
            cement().xlsx_with(|wb| {
                wb.worksheet_from_name(GOODS)?.write_string(999, 16_383, "end")?;
                Ok(())
            }),
        ),
        fx(
            "53-10000-character-cell.xlsx",
            "a product name of 10,000 characters (Goods!B3) → the limit on text length",
            "input.text_too_long",
            mutate(cement, |p| {
                p.set(GOODS, 0, "product", "Portland cement CEM I 52.5 R ".repeat(344) + &"x".repeat(10_000 - 29 * 344));
            })
            .xlsx(),
        ),
        fx(
            "54-sheets-goods-and-goods.xlsx",
            "the sheet CarbonPrice renamed 'goods' in workbook.xml, beside 'Goods' (names that differ in case only)",
            "input.duplicate_sheet",
            cement().xlsx().and_then(|b| rezip(&b, |name, xml| (name == "xl/workbook.xml").then(|| replace(xml, "name=\"CarbonPrice\"", "name=\"goods\"")))),
        ),
        fx(
            "55-two-sheets-named-goods.xlsx",
            "the sheet CarbonPrice renamed 'Goods' in workbook.xml: two sheets of the same name",
            "input.duplicate_sheet",
            cement().xlsx().and_then(|b| rezip(&b, |name, xml| (name == "xl/workbook.xml").then(|| replace(xml, "name=\"CarbonPrice\"", "name=\"Goods\"")))),
        ),
        external(
            "56-encrypted.xlsx",
            "`samples/cement-integrated-cn.xlsx` encrypted with the password 'secret' (Office agile encryption: an OLE file), made by `python3 tools/encrypt_workbook.py`, not by this example (encryption is salted, so the bytes cannot be reproduced)",
            "input.encrypted",
        ),
        fx(
            "57-formula-errors.xlsx",
            "formulas whose cached results are errors in three number cells: #DIV/0! (Processes!E3), #VALUE! (SourceStreams!E3) and #NAME? (Precursors!H4), all three reported",
            "input.type",
            cement().xlsx_with(|wb| {
                let (r, c) = cell(&tidy::PROCESSES_TABLE, 0, "activity_level");
                wb.worksheet_from_name(PROCESSES)?.write_formula(r, c, Formula::new("=100000/0").set_result("#DIV/0!"))?;
                let (r, c) = cell(&tidy::STREAMS_TABLE, 0, "activity_data");
                wb.worksheet_from_name(STREAMS)?.write_formula(r, c, Formula::new("=\"155000 t\"*1").set_result("#VALUE!"))?;
                let (r, c) = cell(&tidy::PRECURSORS_TABLE, 1, "mass");
                wb.worksheet_from_name(PRECURSORS)?.write_formula(r, c, Formula::new("=CLINKER_BOUGHT").set_result("#NAME?"))?;
                Ok(())
            }),
        ),
        external(
            "58-10000-character-cell.ods",
            "53 as an OpenDocument spreadsheet, made by `python3 tools/xlsx_to_ods.py tests/fixtures/bad/53-10000-character-cell.xlsx tests/fixtures/bad/58-10000-character-cell.ods`: calamine reads an ods sheet whole, and the limits are checked on what it read",
            "input.text_too_long",
        ),
        fx(
            "59-2026-biomass-criteria-missing.xlsx",
            "the reporting period moved to 2026 (IR 2025/2547): the RDF's 40 % biomass without biomass_criteria declared (SourceStreams!P6)",
            "input.biomass_criteria",
            mutate(cement, |p| {
                in_2026(p);
            })
            .xlsx(),
        ),
        fx(
            "60-2026-clinker-ratio-missing.xlsx",
            "a 2026 period with the biomass criteria declared, but the cement's clinker_ratio_pct blank (Goods!E4)",
            "input.required_definitive",
            mutate(cement, |p| {
                complete_2026(p);
                p.set(GOODS, 1, "clinker_ratio_pct", CellValue::Empty);
            })
            .xlsx(),
        ),
        fx(
            "61-2026-ppa-without-evidence.xlsx",
            "a 2026 period whose kiln claims an actual electricity factor under a PPA without the evidence IR 2025/2547 asks for (Processes!J3)",
            "input.electricity_evidence",
            mutate(cement, |p| {
                complete_2026(p);
                p.set(PROCESSES, 0, "electricity_ef_source", "ppa");
                p.set(PROCESSES, 0, "electricity_evidence", CellValue::Empty);
            })
            .xlsx(),
        ),
        fx(
            "62-2026-unverified-precursor-without-default.xlsx",
            "a 2026 period buying clinker at the supplier's actual values with neither a verification report nor a default_cn_code to fall back on (Precursors!M4)",
            "input.precursor_unverified",
            mutate(cement, |p| {
                complete_2026(p);
                p.set(PRECURSORS, 1, "values", "actual");
                p.set(PRECURSORS, 1, "see_direct", 0.85);
                p.set(PRECURSORS, 1, "see_indirect", 0.04);
                p.set(PRECURSORS, 1, "default_cn_code", CellValue::Empty);
                p.set(PRECURSORS, 1, "variant", CellValue::Empty);
            })
            .xlsx(),
        ),
        fx(
            "64-ten-digit-code-not-a-taric-split.xlsx",
            "Goods!A4 holds 2523290012: ten digits, but 2523 29 00 is not one of the cement codes the corrected default values split into TARIC codes",
            "input.cn_code",
            mutate(cement, |p| {
                p.set(GOODS, 1, "cn_code", "2523290012");
            })
            .xlsx(),
        ),
        fx(
            "65-2026-eight-digit-clinker-default-without-variant.xlsx",
            "a 2026 period buying clinker at China's default value under 25231000 without a variant: the corrected default values key white and grey clinker by TARIC code (2523100010, 2523100090), so the code is ambiguous (Precursors!A4)",
            "compute.default_not_found",
            mutate(cement, |p| {
                complete_2026(p);
                p.set(PRECURSORS, 1, "variant", CellValue::Empty);
            })
            .xlsx(),
        ),
        fx(
            "66-2026-verification-incomplete.xlsx",
            "About names a verifier (About!B26) but neither its accreditation number nor the verification report's reference and date",
            "input.verification",
            mutate(cement, |p| {
                complete_2026(p);
                p.about("verifier_name", "Example Verification GmbH");
            })
            .xlsx(),
        ),
        fx(
            "67-2026-verification-before-period-end.xlsx",
            "a verification report dated 2026-12-01 (About!B30), before the 2026 reporting period it would cover has ended",
            "input.verification",
            mutate(cement, |p| {
                complete_2026(p);
                p.about("verifier_name", "Example Verification GmbH")
                    .about("verifier_accreditation_number", "D-VS-00000-01")
                    .about("verification_report_reference", "VR-2026-0001")
                    .about("verification_report_date", date(2026, 12, 1));
            })
            .xlsx(),
        ),
        fx(
            "63-carbon-price-overflow.xlsx",
            "a CarbonPrice row with 10^12 allowances bought at 10^20 CNY each: 10^32 CNY is beyond exact arithmetic, an error and no panic",
            "compute.overflow",
            mutate(cement, |p| {
                p.add(
                    CARBON_PRICE,
                    tidy_row![
                        "instrument" => "national_ets", "scheme" => "China national ETS", "compliance_year" => 2025,
                        "legal_act" => "MEE work plan of March 2025", "currency" => "CNY", "covered_emissions" => 1_000.0,
                        "free_allocation" => 0.0, "surrendered" => 1e12, "bought" => 1e12, "bought_price" => 1e20, "eur_rate" => 7.8,
                    ],
                );
            })
            .xlsx(),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The imports workbook

#[path = "../tests/common/imports_base.rs"]
mod imports_base;
use imports_base::imports;

fn imports_with(f: impl FnOnce(&mut TidyWorkbook)) -> Result<Vec<u8>> {
    let mut wb = imports();
    f(&mut wb);
    Ok(wb.to_bytes()?)
}

/// Imports workbooks that `cbam report` (suppliers: `samples/`, period 2025Q4) must refuse.
fn imports_fixtures() -> Vec<Fixture> {
    vec![
        fx(
            "01-unknown-cn-code.xlsx",
            "CN 7601 20 00, which the nomenclature does not have (Imports!C5)",
            "report.cn_code_unknown",
            imports_with(|wb| {
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "76012000", "origin_country" => "CN", "net_mass" => 1.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "YLA-AN-01"]);
            }),
        ),
        fx(
            "02-cn-codes-out-of-scope.xlsx",
            "a steel CN code and aluminium scrap (7602 00 11), not goods of this tool",
            "input.cn_scope",
            imports_with(|wb| {
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "72081000", "origin_country" => "CN", "net_mass" => 1.0, "requested_procedure" => "40", "import_area" => "EU"]);
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "7602 00 11", "origin_country" => "CN", "net_mass" => 1.0, "requested_procedure" => "40", "import_area" => "EU"]);
            }),
        ),
        fx(
            "03-missing-supplier.xlsx",
            "three lines from installation NOBODY-01, of which no supplier file exists, and a line from VN naming no installation",
            "report.missing_supplier",
            imports_with(|wb| {
                for _ in 0..3 {
                    wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "76042100", "origin_country" => "CN", "net_mass" => 10.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "NOBODY-01"]);
                }
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 2), "cn_code" => "25232900", "origin_country" => "VN", "net_mass" => 10.0, "requested_procedure" => "40", "import_area" => "EU"]);
            }),
        ),
        fx(
            "04-quarter-mismatch.xlsx",
            "a line released on 30 September 2025, outside the quarter 2025Q4",
            "report.date_outside_period",
            imports_with(|wb| {
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 9, 30), "cn_code" => "25231000", "origin_country" => "CN", "net_mass" => 5.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01"]);
            }),
        ),
        fx(
            "05-eori-not-an-eori.xlsx",
            "EORI 'NL 8123-4567' (spaces and a hyphen)",
            "input.eori",
            imports_with(|wb| {
                wb.field("eori", "NL 8123-4567");
            }),
        ),
        fx(
            "06-strings-too-long.xlsx",
            "a declarant name of 77 characters (max. 70) and a signatory of 129 (max. 128)",
            "input.too_long",
            imports_with(|wb| {
                wb.field("name", "Maas Import en Export van Bouwmaterialen en Non-Ferro Metalen B.V. Rotterdam");
                wb.field("signatory", "x".repeat(129));
            }),
        ),
        fx(
            "07-ambiguous-product.xlsx",
            "CN 2523 29 00 from JNC-WH-01, which lists two cements under that code, and no product named",
            "report.product",
            imports_with(|wb| {
                wb.row(IMPORTS, tidy_row!["release_date" => date(2025, 11, 1), "cn_code" => "25232900", "origin_country" => "CN", "net_mass" => 5.0, "requested_procedure" => "40", "import_area" => "EU", "installation" => "JNC-WH-01"]);
            }),
        ),
        fx(
            "08-remarks-of-10000-characters.xlsx",
            "remarks of 10,000 characters: the limit on text length of every workbook",
            "input.text_too_long",
            imports_with(|wb| {
                wb.field("remarks", "Delivery notes attached. ".repeat(400));
            }),
        ),
        fx(
            "09-more-rows-than-excel.xlsx",
            "sheet Imports followed by 1,048,577 rows, each an empty text in column A (rows without `r` attributes, so small on disk): past row 1,048,576, Excel's last, the row limit of a sheet read row by row",
            "input.too_many_rows",
            imports_with(|_| {}).and_then(|b| {
                rezip(&b, |name, xml| {
                    (name == "xl/worksheets/sheet3.xml").then(|| many_rows(xml, 1_048_577, "<row><c t=\"inlineStr\"><is><t></t></is></c></row>"))
                })
            }),
        ),
    ]
}

/// Reads every part of an xlsx and writes them again in order, the parts for which `edit` returns
/// new content replaced.
fn rezip(bytes: &[u8], edit: impl Fn(&str, &[u8]) -> Option<Vec<u8>>) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        let data = edit(&name, &data).unwrap_or(data);
        zout.start_file(name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(9)))?;
        zout.write_all(&data)?;
    }
    Ok(zout.finish()?.into_inner())
}

fn replace(xml: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    assert!(text.contains(from), "{from} not found");
    text.replacen(from, to, 1).into_bytes()
}

/// The sheet's XML with a million rows of one number each appended to its data. The rows carry no
/// `r` attribute (it is optional), so they compress a thousandfold.
fn million_rows(xml: &[u8]) -> Vec<u8> {
    many_rows(xml, 1_000_000, "<row><c><v>1</v></c></row>")
}

/// The sheet's XML with `n` copies of `row` appended to its data.
fn many_rows(xml: &[u8], n: usize, row: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    let at = text.find("</sheetData>").expect("a sheetData");
    let mut out = String::with_capacity(text.len() + n * row.len());
    out.push_str(&text[..at]);
    for _ in 0..n {
        out.push_str(row);
    }
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// The workbook plus 20 sheet parts whose central-directory records all point at one deflated
/// block of 16 MiB of white space: 17 kB more on disk, 320 MiB more inflated (entries overlapping in the
/// file, the compact kind of zip bomb).
fn zip_bomb(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    // The workbook with the kernel as one more part, written last.
    let mut with_kernel = rezip(bytes, |_, _| None)?;
    {
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&with_kernel[..]))?;
        let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            zout.raw_copy_file(zin.by_index(i)?)?;
        }
        zout.start_file("xl/worksheets/sheet9.xml", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))?;
        let mut kernel = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
        kernel.resize(16 << 20, b' ');
        zout.write_all(&kernel)?;
        with_kernel = zout.finish()?.into_inner();
    }
    // Its central-directory record repeated under 19 more names.
    edit_central_directory_records(&with_kernel, |records| {
        let kernel = records.last().expect("the kernel's record").clone();
        for n in 10..29 {
            let name = format!("xl/worksheets/sheet{n}.xml");
            let mut rec = kernel[..46].to_vec();
            rec[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
            rec[30..34].copy_from_slice(&[0; 4]); // no extra field, no comment
            rec.extend_from_slice(name.as_bytes());
            records.push(rec);
        }
    })
}

/// Applies `edit` to the central-directory record of each part (the 46 fixed bytes onward).
fn edit_central_directory(bytes: &[u8], edit: impl Fn(&str, &mut [u8])) -> Result<Vec<u8>> {
    edit_central_directory_records(bytes, |records| {
        for rec in records.iter_mut() {
            let len = u16::from_le_bytes([rec[28], rec[29]]) as usize;
            let name = String::from_utf8_lossy(&rec[46..46 + len]).into_owned();
            edit(&name, rec);
        }
    })
}

/// The zip with its central directory rewritten: its records (no zip64) handed to `edit`, then
/// written back with a new end record.
fn edit_central_directory_records(bytes: &[u8], edit: impl FnOnce(&mut Vec<Vec<u8>>)) -> Result<Vec<u8>> {
    let u16le = |p: usize| u16::from_le_bytes([bytes[p], bytes[p + 1]]) as usize;
    let u32le = |p: usize| u32::from_le_bytes([bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3]]) as usize;
    let eocd = (0..=bytes.len() - 22).rev().find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06]).ok_or("no end of central directory")?;
    let (count, start) = (u16le(eocd + 10), u32le(eocd + 16));
    let mut records = Vec::new();
    let mut p = start;
    for _ in 0..count {
        let len = 46 + u16le(p + 28) + u16le(p + 30) + u16le(p + 32);
        records.push(bytes[p..p + len].to_vec());
        p += len;
    }
    edit(&mut records);
    let mut out = bytes[..start].to_vec();
    let cd: Vec<u8> = records.concat();
    out.extend_from_slice(&cd);
    out.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]);
    out.extend_from_slice(&(records.len() as u16).to_le_bytes());
    out.extend_from_slice(&(records.len() as u16).to_le_bytes());
    out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    out.extend_from_slice(&(start as u32).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    Ok(out)
}

/// A workbook that is not ours: one sheet `Data` with a small table.
fn foreign_workbook() -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?));
    let ws = wb.add_worksheet();
    ws.set_name("Data")?;
    for (c, h) in ["month", "clinker_t", "coal_t"].iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for m in 1..=3u32 {
        ws.write_number(m, 0, m)?;
        ws.write_number(m, 1, 8_000 + 100 * m)?;
        ws.write_number(m, 2, 1_000 + 10 * m)?;
    }
    Ok(wb.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------------------
// README, writing and checking

const README_HEAD: &str = "# Bad inputs

Workbooks that `cbam compute` must refuse (or, where marked, warn about), one problem each unless
the line says otherwise. Each is a small valid installation (a cement plant: kiln P1 making clinker,
mill P2 grinding own and purchased clinker; or an aluminium variant: smelter P1 with PFC monitoring
feeding extrusion press P2) with one mutation.

They are generated, not edited by hand: the bases and the mutations are in
`examples/make_fixtures.rs`, which also writes this file.

```
cargo run --example make_fixtures              # rewrites every fixture and this README
cargo run --example make_fixtures -- --check   # exits 1 if a committed file differs (CI)
```

`tests/it/bad_inputs.rs` runs `cbam compute` on each file, snapshots the exit code and stderr
(`tests/it/snapshots/it__bad_inputs__*.snap`), and checks that the code after the arrow is among
the diagnostics. Files 49 to 55 are built to exhaust the reader; each must be refused by the limit
its line names (the limits are listed in `docs/workbook-format.md`, section Limits). Files 56 and 58
are made by tools under `tools/` (their lines say how); this example only checks they are there.

";

fn readme(head: &str, fixtures: &[Fixture]) -> String {
    let mut s = head.to_string();
    for f in fixtures {
        let (sev, code) = match f.expect.strip_prefix("warning ") {
            Some(code) => ("warning ", code),
            None => ("", f.expect),
        };
        s.push_str(&format!("- `{}`: {} → {sev}`{code}`\n", f.file, f.exercises));
    }
    s
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The bases must compute without a single diagnostic, so that each fixture's diagnostics are
/// about its mutation.
fn check_bases() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("cbam-make-fixtures-{}", std::process::id()));
    fs::create_dir_all(&dir)?;
    let mut problems = Vec::new();
    for (name, base) in [("cement", cement()), ("aluminium", aluminium())] {
        let path = dir.join(format!("{name}.xlsx"));
        fs::write(&path, base.xlsx()?)?;
        match cbam::compute_file(&path, cbam::regime::Choice::default()) {
            Ok((loaded, _, _)) => problems.extend(loaded.warnings.iter().map(|d| format!("{name} base: {d}"))),
            Err(diags) => problems.extend(diags.iter().map(|d| format!("{name} base: {d}"))),
        }
    }
    let _ = fs::remove_dir_all(&dir);
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.iter().rev().map(|&b| b as char).collect()
}

/// Cells whose values differ between two workbooks (at most 10 lines), or why only the bytes do.
fn cell_differences(old: &[u8], new: &[u8]) -> Vec<String> {
    let open = |bytes: &[u8]| Xlsx::new(std::io::Cursor::new(bytes.to_vec()));
    let (Ok(mut old), Ok(mut new)) = (open(old), open(new)) else {
        return vec!["(not both readable workbooks: the bytes differ)".into()];
    };
    let mut lines = Vec::new();
    if old.sheet_names() != new.sheet_names() {
        lines.push(format!("sheets {:?} → {:?}", old.sheet_names(), new.sheet_names()));
    }
    for sheet in new.sheet_names() {
        let (Ok(a), Ok(b)) = (old.worksheet_range(&sheet), new.worksheet_range(&sheet)) else { continue };
        let end = |r: &calamine::Range<Data>| r.end().map_or((0, 0), |(row, col)| (row + 1, col + 1));
        let (rows, cols) = (end(&a).0.max(end(&b).0), end(&a).1.max(end(&b).1));
        for r in 0..rows {
            for c in 0..cols {
                let (va, vb) = (a.get_value((r, c)).unwrap_or(&Data::Empty), b.get_value((r, c)).unwrap_or(&Data::Empty));
                if va != vb {
                    lines.push(format!("{sheet}!{}{}: committed '{va}', now '{vb}'", column_letters(c), r + 1));
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push("same cell values; styles, notes or the writer version changed".into());
    }
    lines.truncate(10);
    lines
}

const IMPORTS_README_HEAD: &str = "# Bad imports workbooks

Imports workbooks that `cbam report --suppliers samples --period 2025Q4` must refuse, one problem
each: a small valid workbook (two lines buying clinker and ingots from the sample installations)
with one mutation. Generated with the tidy-workbook fixtures by `cargo run --example make_fixtures`
(`examples/make_fixtures.rs`), which also writes this file. `tests/it/report.rs` runs `cbam report`
on each, snapshots the exit code and the messages, and checks that the code after the arrow is
among them, that the exit code is 1 and that no report is written.

";

fn imports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/imports/bad")
}

/// Writes (or with `check`, compares) the fixtures of one directory and its README; returns the
/// number of files that differ, or an error message.
fn sync(dir: &Path, head: &str, fixtures: Vec<Fixture>, check: bool) -> std::result::Result<usize, String> {
    let rel = dir.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(dir).display().to_string();
    let mut files: Vec<(String, Vec<u8>)> = vec![("README.md".into(), readme(head, &fixtures).into_bytes())];
    let mut differences = 0;
    let mut made_elsewhere = Vec::new();
    for f in fixtures {
        match f.bytes {
            Some(Ok(b)) => files.push((f.file.into(), b)),
            Some(Err(e)) => return Err(format!("{}: {e}", f.file)),
            None => {
                if !dir.join(f.file).exists() {
                    differences += 1;
                    println!("missing  {rel}/{} (made by a tool under tools/, see its README line)", f.file);
                }
                made_elsewhere.push(f.file);
            }
        }
    }
    for (name, fresh) in &files {
        let path = dir.join(name);
        if check {
            match fs::read(&path) {
                Ok(committed) if &committed == fresh => println!("ok       {rel}/{name}"),
                Ok(committed) => {
                    differences += 1;
                    println!("differs  {rel}/{name}");
                    for line in cell_differences(&committed, fresh) {
                        println!("         {line}");
                    }
                }
                Err(e) => {
                    differences += 1;
                    println!("missing  {rel}/{name} ({e})");
                }
            }
        } else {
            fs::create_dir_all(dir).and_then(|()| cbam::render::write_atomically(&path, fresh)).map_err(|e| format!("writing {}: {e}", path.display()))?;
            println!("wrote {rel}/{name}");
        }
    }
    if check {
        let known: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let mut stale: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| (f.ends_with(".xlsx") || f.ends_with(".ods")) && !known.contains(f.as_str()) && !made_elsewhere.contains(&f.as_str()))
            .collect();
        stale.sort();
        for f in stale {
            differences += 1;
            println!("stale    {rel}/{f} (no longer generated)");
        }
    }
    Ok(differences)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.as_slice() {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("usage: cargo run --example make_fixtures [-- --check]");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = check_bases() {
        eprintln!("error: a base installation is not clean:\n{e}");
        return ExitCode::from(2);
    }
    let mut differences = 0;
    for (dir, head, fixtures) in [(fixtures_dir(), README_HEAD, fixtures()), (imports_dir(), IMPORTS_README_HEAD, imports_fixtures())] {
        match sync(&dir, head, fixtures, check) {
            Ok(n) => differences += n,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if check && differences > 0 {
        println!("{differences} file(s) out of date: run `cargo run --example make_fixtures` and commit tests/fixtures/bad/ and tests/fixtures/imports/bad/");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
