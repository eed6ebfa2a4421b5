//! The stable codes of diagnostics: `input.range`, `compute.overflow`, … One variant per code, so a
//! misspelt code fails to compile. The text on the wire (stderr, JSON, the web page) is the
//! code's string, which never changes once released. Each variant's doc comment is its English
//! sentence: the catalog `cbam --lang` and the web page show before a diagnostic's message
//! ([`DiagCode::sentence`]); `src/format/diagnostics-zh.json` holds the Chinese ones.

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $text:literal, )*) => {
        /// A diagnostic's stable code: what kind of problem it is, independent of where and of
        /// the values found. Prints (and serialises) as its dotted string, `input.range`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum DiagCode {
            $( $(#[doc = $doc])+ $variant, )*
        }

        impl DiagCode {
            /// Every code, in the order of their strings.
            pub const ALL: &'static [DiagCode] = &[$(DiagCode::$variant),*];

            /// The stable string: `input.range`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(DiagCode::$variant => $text,)*
                }
            }

            /// The code's English sentence (its doc comment): what the problem is, in general.
            pub fn sentence(self) -> &'static str {
                match self {
                    $(DiagCode::$variant => concat!($($doc),+).trim_start(),)*
                }
            }
        }
    };
}

codes! {
    /// Some allowances surrendered beyond the free allocation were not bought; they count at no cost in the carbon price paid.
    CarbonPriceUnpriced = "carbon_price.unpriced",
    /// A carbon price of another compliance year than the one the reporting period ends in is not applied.
    CarbonPriceYear = "carbon_price.year",
    /// With the heat, waste-gas and electricity corrections the process's attributed direct emissions came out negative and were set to zero.
    ComputeAttributedFloor = "compute.attributed_floor",
    /// Biomass not declared to meet the sustainability criteria is counted as fossil carbon.
    ComputeBiomassNotZeroRated = "compute.biomass_not_zero_rated",
    /// The default value found for the precursor has no direct emissions figure.
    ComputeDefaultIncomplete = "compute.default_incomplete",
    /// No default value applies to this precursor or good.
    ComputeDefaultNotFound = "compute.default_not_found",
    /// The clinker emission factor and the degree of calcination give no usable emission factor for kiln dust.
    ComputeKilnDustFactor = "compute.kiln_dust_factor",
    /// The source stream's calculation method needs a carbon content.
    ComputeMissingCarbonContent = "compute.missing_carbon_content",
    /// Kiln dust with a degree of calcination needs the clinker emission factor.
    ComputeMissingClinkerEf = "compute.missing_clinker_ef",
    /// The process consumes electricity but has no emission factor for it.
    ComputeMissingElectricityEf = "compute.missing_electricity_ef",
    /// The source stream has no emission factor and nothing to derive one from.
    ComputeMissingFactor = "compute.missing_factor",
    /// An emission factor per TJ needs the fuel's net calorific value (NCV).
    ComputeMissingNcv = "compute.missing_ncv",
    /// The process's activity level is negative.
    ComputeNegativeOutput = "compute.negative_output",
    /// The process's specific embedded emissions (SEE) come out negative.
    ComputeNegativeSee = "compute.negative_see",
    /// The figures are too large to compute exactly.
    ComputeOverflow = "compute.overflow",
    /// The PFC collection efficiency must be greater than zero.
    ComputePfcCollectionEfficiency = "compute.pfc_collection_efficiency",
    /// The current efficiency of the PFC overvoltage method must be greater than zero.
    ComputePfcCurrentEfficiency = "compute.pfc_current_efficiency",
    /// The cell technology has no PFC default factors of its own; those of a related technology were applied, as the regulation prescribes.
    ComputePfcDefaultFallback = "compute.pfc_default_fallback",
    /// A value the PFC calculation method needs is missing.
    ComputePfcMissingInput = "compute.pfc_missing_input",
    /// The PFC coefficient is missing and no default can be taken from the cell technology.
    ComputePfcNoFactor = "compute.pfc_no_factor",
    /// Processes consume each other's output in a cycle.
    ComputePrecursorCycle = "compute.precursor_cycle",
    /// The supplier did not give the precursor's embedded electricity; it counts as zero.
    ComputePrecursorElectricityUnknown = "compute.precursor_electricity_unknown",
    /// The supplier's actual values are not verified; the precursor's default value was used instead.
    ComputePrecursorUnverified = "compute.precursor_unverified",
    /// No standard emission factor is known for the carbonate named.
    ComputeUnknownCarbonate = "compute.unknown_carbonate",
    /// A good or precursor names a process that does not exist.
    ComputeUnknownProcess = "compute.unknown_process",
    /// This calculation method needs an emission factor per unit of material, not per TJ.
    ComputeWrongFactorKind = "compute.wrong_factor_kind",
    /// The process's activity level is zero, so its specific emissions are undefined.
    ComputeZeroOutput = "compute.zero_output",
    /// The good's benchmark cannot be determined, for example because its production route is not known.
    DeclarationBenchmark = "declaration.benchmark",
    /// The benchmark table has no row for this CN code, split in the Combined Nomenclature; the benchmark of the code it came from applies.
    DeclarationBenchmarkSplit = "declaration.benchmark_split",
    /// The supplier's carbon price has no exchange rate to EUR, so it is not deducted.
    DeclarationCarbonPriceRate = "declaration.carbon_price_rate",
    /// The year's imports do not exceed the de minimis threshold: no CBAM declaration is due.
    DeclarationDeMinimis = "declaration.de_minimis",
    /// The declarant's EORI number or name is missing, malformed or contradicts the imports workbook.
    DeclarationDeclarant = "declaration.declarant",
    /// No supplier data: the goods are declared at the default value with its mark-up, and no carbon price paid is deducted.
    DeclarationDefaultValues = "declaration.default_values",
    /// The supplier's data has no such good; it is declared at default values.
    DeclarationGoodNotInSupplier = "declaration.good_not_in_supplier",
    /// The quarterly holding requirement for CBAM certificates does not apply to the year or cannot be worked out.
    DeclarationHolding = "declaration.holding",
    /// The goods are declared at default values, but no usable default value applies to them.
    DeclarationNoDefault = "declaration.no_default",
    /// The CBAM certificate price of the quarter the goods were imported in is not given.
    DeclarationNoPrice = "declaration.no_price",
    /// Customs lines of goods outside CBAM are left out and do not count towards the de minimis threshold.
    DeclarationNotCbam = "declaration.not_cbam",
    /// The CBAM certificates due for the goods cannot be computed.
    DeclarationObligation = "declaration.obligation",
    /// Goods of other CBAM sectors are not computed here; they may still count towards the de minimis threshold.
    DeclarationOtherSector = "declaration.other_sector",
    /// Customs lines released in another year than the declaration's are left out.
    DeclarationOtherYears = "declaration.other_years",
    /// The year's figures are too large to add up exactly.
    DeclarationOverflow = "declaration.overflow",
    /// The UN/LOCODE given is that of several supplier installations.
    DeclarationSupplierAmbiguous = "declaration.supplier_ambiguous",
    /// Supplier data made under the transitional rules cannot serve a declaration of the definitive period.
    DeclarationSupplierTransitional = "declaration.supplier_transitional",
    /// The supplier's actual values are not verified; the goods are declared at the default value with its mark-up.
    DeclarationUnverified = "declaration.unverified",
    /// The declaration worksheet made does not match its XML schema; nothing was written.
    DeclarationXsd = "declaration.xsd",
    /// No declaration can be computed for this year: it is not a year of the definitive period whose figures cbam knows.
    DeclarationYear = "declaration.year",
    /// Alloying elements can be declared only for aluminium processes.
    InputAlloying = "input.alloying",
    /// The good has over 5 % elements other than aluminium, but its process has no alloying precursor row.
    InputAlloyingMissing = "input.alloying_missing",
    /// State whether the biomass meets the sustainability criteria (yes or no).
    InputBiomassCriteria = "input.biomass_criteria",
    /// The clinker ratio differs from the clinker the process consumes.
    InputClinkerRatio = "input.clinker_ratio",
    /// The CN code is not written as an 8-digit code.
    InputCnCode = "input.cn_code",
    /// The CN code is not that of a cement or aluminium good.
    InputCnScope = "input.cn_scope",
    /// The cell holds a value that is not one of the codes allowed here.
    InputCode = "input.code",
    /// The declarant's confirmation must be yes: the registry accepts a report only with it.
    InputConfirmation = "input.confirmation",
    /// The text contains a control character that XML cannot carry.
    InputControlCharacter = "input.control_character",
    /// The file cannot be read; it may be damaged or truncated.
    InputCorrupt = "input.corrupt",
    /// This sheet cannot be read; the file may be damaged.
    InputCorruptSheet = "input.corrupt_sheet",
    /// Expected a two-letter ISO 3166-1 country code (such as CN).
    InputCountry = "input.country",
    /// The CSV file cannot be read as a table of the expected columns.
    InputCsv = "input.csv",
    /// Expected a three-letter ISO 4217 currency code (such as CNY).
    InputCurrency = "input.currency",
    /// Expected a supporting document type code of exactly 4 characters.
    InputDocumentType = "input.document_type",
    /// A column appears twice.
    InputDuplicateColumn = "input.duplicate_column",
    /// A field appears twice.
    InputDuplicateField = "input.duplicate_field",
    /// The same good (CN code and product name) is listed twice.
    InputDuplicateGood = "input.duplicate_good",
    /// An identifier is used twice.
    InputDuplicateId = "input.duplicate_id",
    /// Two sheets have names that differ only in case.
    InputDuplicateSheet = "input.duplicate_sheet",
    /// An actual electricity factor needs its evidence.
    InputElectricityEvidence = "input.electricity_evidence",
    /// Expected an e-mail address.
    InputEmail = "input.email",
    /// The sheet has no data rows.
    InputEmptyTable = "input.empty_table",
    /// The CSV file contains bytes that are not UTF-8 text.
    InputEncoding = "input.encoding",
    /// The workbook is password-protected and cannot be read.
    InputEncrypted = "input.encrypted",
    /// Expected an EORI number (country code and up to 15 letters or digits).
    InputEori = "input.eori",
    /// The workbook's format name is not that of this kind of cbam workbook.
    InputFormat = "input.format",
    /// The workbook's format version is not one this version of cbam reads.
    InputFormatVersion = "input.format_version",
    /// The good's category differs from what its process produces.
    InputGoodCategory = "input.good_category",
    /// The source of the grid emission factor must be given.
    InputGridFactorSource = "input.grid_factor_source",
    /// A value that does not apply here is ignored.
    InputIgnored = "input.ignored",
    /// The value looks implausible; check the figure and its unit.
    InputImplausible = "input.implausible",
    /// A value the calculation method needs is missing.
    InputMethodData = "input.method_data",
    /// A required value is missing (the cell is empty).
    InputMissing = "input.missing",
    /// A required column is missing.
    InputMissingColumn = "input.missing_column",
    /// An emission factor is missing.
    InputMissingFactor = "input.missing_factor",
    /// A required field is missing.
    InputMissingField = "input.missing_field",
    /// A required sheet is missing.
    InputMissingSheet = "input.missing_sheet",
    /// A value is given without its unit.
    InputMissingUnit = "input.missing_unit",
    /// The value must not be negative.
    InputNegative = "input.negative",
    /// The net mass must be given; supplementary units alone are not enough.
    InputNetMass = "input.net_mass",
    /// The installation has no goods.
    InputNoGoods = "input.no_goods",
    /// The installation has no production process.
    InputNoProcesses = "input.no_processes",
    /// The file is not a spreadsheet (xlsx, ods or xls).
    InputNotAWorkbook = "input.not_a_workbook",
    /// The file is not an installation workbook.
    InputNotAnInstallation = "input.not_an_installation",
    /// The file is not an imports workbook.
    InputNotImports = "input.not_imports",
    /// A number is stored as text.
    InputNumberAsText = "input.number_as_text",
    /// The figures given are too large to compute exactly; check their units and magnitudes.
    InputOverflow = "input.overflow",
    /// The percentage is outside 0 to 100.
    InputPercent = "input.percent",
    /// The percentage looks like a fraction (0 to 1).
    InputPercentSmall = "input.percent_small",
    /// The reporting period's dates are not in order.
    InputPeriod = "input.period",
    /// A primary smelting process has no PFC monitoring row.
    InputPfcMissing = "input.pfc_missing",
    /// PFC emissions belong to primary aluminium smelting only.
    InputPfcRoute = "input.pfc_route",
    /// Other processes consume more of a process's output than it produces.
    InputPrecursorBalance = "input.precursor_balance",
    /// This process cannot consume that precursor.
    InputPrecursorCategory = "input.precursor_category",
    /// A process cannot consume its own output as a precursor.
    InputPrecursorSelf = "input.precursor_self",
    /// Actual values from a supplier need the reference of their verification report.
    InputPrecursorUnverified = "input.precursor_unverified",
    /// Expected a two-digit customs procedure code (such as 40).
    InputProcedure = "input.procedure",
    /// The process neither makes a good nor feeds another process.
    InputProcessWithoutGoods = "input.process_without_goods",
    /// The number is outside the range allowed here.
    InputRange = "input.range",
    /// A value required from 2026 on (definitive period) is missing.
    InputRequiredDefinitive = "input.required_definitive",
    /// The production route does not belong to the process's category.
    InputRoute = "input.route",
    /// Fewer allowances were surrendered than the covered emissions.
    InputSurrenderShort = "input.surrender_short",
    /// The text in this cell is too long.
    InputTextTooLong = "input.text_too_long",
    /// The file or upload is larger than the limit.
    InputTooLarge = "input.too_large",
    /// The text is longer than the limit.
    InputTooLong = "input.too_long",
    /// The sheet has more cells than the limit.
    InputTooManyCells = "input.too_many_cells",
    /// The sheet has more columns than the limit.
    InputTooManyColumns = "input.too_many_columns",
    /// The sheet has more rows than the limit.
    InputTooManyRows = "input.too_many_rows",
    /// The cell holds the wrong kind of value (for example text where a number is expected).
    InputType = "input.type",
    /// The unit is not one of those allowed here.
    InputUnit = "input.unit",
    /// The unit does not match how the activity data is measured (mass, volume or energy).
    InputUnitBasis = "input.unit_basis",
    /// An unknown column is ignored.
    InputUnknownColumn = "input.unknown_column",
    /// An unknown field is ignored.
    InputUnknownField = "input.unknown_field",
    /// The workbook is neither a cbam installation workbook nor a CBAM Communication template.
    InputUnknownFormat = "input.unknown_format",
    /// The process named is not on sheet Processes.
    InputUnknownProcess = "input.unknown_process",
    /// Expected a UN/LOCODE such as 'CN WHI'.
    InputUnlocode = "input.unlocode",
    /// The UN/LOCODE's country differs from the installation's country.
    InputUnlocodeCountry = "input.unlocode_country",
    /// The verification details must be given together.
    InputVerification = "input.verification",
    /// The year is outside the range cbam accepts or has yearly figures for.
    InputYear = "input.year",
    /// The value must be greater than zero.
    InputZero = "input.zero",
    /// The report made does not match its schema; nothing was written.
    InternalSchema = "internal.schema",
    /// The file cannot be opened.
    IoOpen = "io.open",
    /// The file cannot be read from disk.
    IoRead = "io.read",
    /// The CN code is not in the Combined Nomenclature.
    ReportCnCodeUnknown = "report.cn_code_unknown",
    /// The CN code is not a code of the period's year.
    ReportCnCodeYear = "report.cn_code_year",
    /// The date is outside the reporting quarter.
    ReportDateOutsidePeriod = "report.date_outside_period",
    /// The declarant's EORI number is not issued by an EU member state.
    ReportEoriCountry = "report.eori_country",
    /// Estimates (default values) make up more than the share allowed.
    ReportEstimatesShare = "report.estimates_share",
    /// The installation is left out of the report: the supplier's workbook lacks its address.
    ReportInstallationIncomplete = "report.installation_incomplete",
    /// No emissions data from this installation.
    ReportMissingSupplier = "report.missing_supplier",
    /// A quarterly report needs a declarant, and a CSV file of customs lines names none.
    ReportNoDeclarant = "report.no_declarant",
    /// No default value applies to the CN code and country of production.
    ReportNoDefault = "report.no_default",
    /// The installation's operator is left out: the supplier's workbook lacks details.
    ReportOperatorIncomplete = "report.operator_incomplete",
    /// No operator's emissions report can be made of this installation file.
    ReportOperatorReport = "report.operator_report",
    /// The period is not a quarter this report can cover.
    ReportPeriod = "report.period",
    /// The customs procedure is not in the code list.
    ReportProcedure = "report.procedure",
    /// The installation has several goods under this CN code: name one.
    ReportProduct = "report.product",
    /// The QReport schema cannot be loaded or applied to the XML.
    ReportSchema = "report.schema",
    /// The supplier's specific embedded emissions are far above or below the default value.
    ReportSeeImplausible = "report.see_implausible",
    /// The UN/LOCODE given is that of several supplier installations.
    ReportSupplierAmbiguous = "report.supplier_ambiguous",
    /// Two supplier files describe the same installation.
    ReportSupplierDuplicate = "report.supplier_duplicate",
    /// A supplier's report file is refused: it is damaged, altered or not a report of the definitive period.
    ReportSupplierFile = "report.supplier_file",
    /// This supplier is known only from an operator's report of the definitive period, which cannot fill a transitional quarterly report.
    ReportSupplierReported = "report.supplier_reported",
    /// A supplier file with errors is skipped.
    ReportSupplierSkipped = "report.supplier_skipped",
    /// A figure is too large for its QReport field.
    ReportTooLarge = "report.too_large",
    /// A text from the supplier's workbook is longer than its QReport field allows.
    ReportTooLong = "report.too_long",
    /// A good needs more procedures, installations or documents than QReport allows.
    ReportTooMany = "report.too_many",
    /// The customs lines make more goods than one QReport can hold.
    ReportTooManyGoods = "report.too_many_goods",
    /// The QReport XML cannot be written; this is a defect of cbam, not of the input.
    ReportWrite = "report.write",
    /// The CN code is not one of cement or aluminium in the Combined Nomenclature.
    RuleCnCode = "rule.cn_code",
    /// The CN code is not a code of the report's year.
    RuleCnCodeYear = "rule.cn_code_year",
    /// The CN code is a CBAM good of another sector; cbam checks cement and aluminium only.
    RuleCnScope = "rule.cn_scope",
    /// The value is not in its code list.
    RuleCode = "rule.code",
    /// The value is not in its code list, which the registry may extend.
    RuleCodeOpen = "rule.code_open",
    /// Expected a two-letter ISO 3166-1 country code.
    RuleCountry = "rule.country",
    /// An item number is used twice.
    RuleDuplicateItem = "rule.duplicate_item",
    /// A sequence number is used twice.
    RuleDuplicateSequence = "rule.duplicate_sequence",
    /// The value is not a well-formed EORI number.
    RuleEori = "rule.eori",
    /// The HS code does not match the CN code.
    RuleHsCode = "rule.hs_code",
    /// The net mass must be positive.
    RuleMass = "rule.mass",
    /// The production method is not a route of the good's category.
    RuleMethod = "rule.method",
    /// Specific embedded emissions must not be negative.
    RuleNegative = "rule.negative",
    /// The XML's root element is not QReport.
    RuleRoot = "rule.root",
    /// The specific embedded emissions look implausible.
    RuleSeeImplausible = "rule.see_implausible",
    /// A total is not the sum of its parts.
    RuleTotals = "rule.totals",
    /// The server is busy with other uploads; send the file again in a moment.
    ServeBusy = "serve.busy",
    /// This server answers only requests addressed to itself.
    ServeForeignHost = "serve.foreign_host",
    /// This server takes uploads only from its own page.
    ServeForeignOrigin = "serve.foreign_origin",
    /// The form is not what this page sends.
    ServeForm = "serve.form",
    /// An internal error stopped this request; the server goes on.
    ServeInternal = "serve.internal",
    /// There is nothing at this address.
    ServeNotFound = "serve.not_found",
    /// The processes' directly attributable emissions add up to more than the installation emits.
    TemplateAttributedExceeds = "template.attributed_exceeds",
    /// A process's output and its uses do not balance.
    TemplateBalance = "template.balance",
    /// The installation's direct emissions stated in the template differ from those of its source streams and PFC rows.
    TemplateBalanceMismatch = "template.balance_mismatch",
    /// The template's own result differs from cbam's.
    TemplateCachedMismatch = "template.cached_mismatch",
    /// Expected an aggregated goods category from the template's list.
    TemplateCategory = "template.category",
    /// The cell holds a value that is not one of the template's codes.
    TemplateCode = "template.code",
    /// The installation's data cannot be expressed in the Communication template.
    TemplateDoesNotFit = "template.does_not_fit",
    /// Expected a fraction from 0 to 1.
    TemplateFraction = "template.fraction",
    /// The file is already a Communication template; cbam fills the template from an installation workbook.
    TemplateInputIsTemplate = "template.input_is_template",
    /// The template lists no cement or aluminium good.
    TemplateNoGoods = "template.no_goods",
    /// The process's production is missing.
    TemplateNoProcessProduction = "template.no_process_production",
    /// The template contains no production data.
    TemplateNoProduction = "template.no_production",
    /// Goods of other sectors are left out.
    TemplateOtherSectors = "template.other_sectors",
    /// A purchased precursor belongs to a sector cbam does not compute.
    TemplatePrecursorSector = "template.precursor_sector",
    /// The production process neither makes a product of the template nor feeds another process.
    TemplateProcessWithoutGoods = "template.process_without_goods",
    /// Production is entered in a row that is not one of the category's production routes.
    TemplateRoute = "template.route",
    /// Carbon price entries for a process or precursor the template does not declare are ignored.
    TemplateToolRow = "template.tool_row",
    /// The emission factor's unit does not suit the source stream.
    TemplateUnit = "template.unit",
    /// The production process named is not in the template.
    TemplateUnknownProcess = "template.unknown_process",
    /// This version of the Communication template is not one cbam reads.
    TemplateVersion = "template.version",
    /// The Communication template cannot be filled in; this is a defect of cbam, not of the input.
    TemplateWrite = "template.write",
    /// The PDF is not intact: its attached data does not match what it records, or was not written by cbam.
    VerifyMismatch = "verify.mismatch",
    /// A DOCTYPE declaration is refused.
    XmlDoctype = "xml.doctype",
    /// The XML is not UTF-8 text.
    XmlEncoding = "xml.encoding",
    /// The XML uses an entity reference that is not allowed.
    XmlEntity = "xml.entity",
    /// The XML does not follow the QReport schema.
    XmlSchema = "xml.schema",
    /// The file is not a QReport of the version cbam checks.
    XmlSchemaVersion = "xml.schema_version",
    /// The XML is not well-formed.
    XmlSyntax = "xml.syntax",
}

impl DiagCode {
    /// The code whose string is `text`, if there is one.
    pub fn parse(text: &str) -> Option<DiagCode> {
        DiagCode::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for DiagCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DiagCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_sorted_unique_and_dotted() {
        let strings: Vec<&str> = DiagCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = strings.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(strings, sorted, "codes are listed once, in the order of their strings");
        for s in strings {
            let (layer, name) = s.split_once('.').expect("layer.name");
            assert!(!layer.is_empty() && !name.is_empty() && !name.contains('.'), "{s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'), "{s}");
            assert_eq!(DiagCode::parse(s).map(DiagCode::as_str), Some(s));
        }
        assert_eq!(DiagCode::parse("input.rang"), None);
    }

    #[test]
    fn every_code_has_an_english_sentence() {
        for c in DiagCode::ALL {
            let s = c.sentence();
            assert!(s.len() > 15 && s.ends_with('.') && s.starts_with(|ch: char| ch.is_uppercase()), "{c}: '{s}'");
        }
        assert_eq!(DiagCode::ComputeOverflow.sentence(), "The figures are too large to compute exactly.");
    }
}
