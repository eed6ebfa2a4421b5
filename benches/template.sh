#!/usr/bin/env bash
# Benchmark: `cbam compute` on the Commission's cement example (Communication template v2.1) as a
# whole process — start-up, unzip, parse the eight sheets cbam needs, validate, compute, cross-check
# against the file's cached results, print — next to the floor of merely decompressing the whole
# file (`unzip -p FILE > /dev/null`) and to openpyxl loading it (`data_only=True`), in one hyperfine
# run. Goal: cbam ≤ 2 × the unzip time. Needs hyperfine and unzip (Debian packages) and python3
# with openpyxl. Usage: bash benches/template.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
FILE=tests/fixtures/template/example-1-cement.xlsx
json="$(mktemp)"
hyperfine --warmup 3 --runs 20 --shell=none --export-json "$json" \
  --command-name "cbam compute" "target/release/cbam compute $FILE" \
  --command-name "unzip -p" "unzip -p $FILE" \
  --command-name "openpyxl data_only" "python3 -c \"import openpyxl; openpyxl.load_workbook('$FILE', data_only=True)\""
python3 benches/summary.py "$json" && rm -f "$json"
