#![no_main]
// As in `workbook`: panics cbam catches are not crashes.
libfuzzer_sys::fuzz_target!(init: cbam::read::guard::install_quiet_hook(), |data: &[u8]| cbam_fuzz::run_compute(data));
