#![no_main]
// A panic that cbam catches (a third-party parser's, on a damaged file) is handled, not a crash:
// the quiet hook stands between it and libFuzzer's aborting hook.
libfuzzer_sys::fuzz_target!(init: cbam::read::guard::install_quiet_hook(), |data: &[u8]| cbam_fuzz::run_workbook(data));
