#!/usr/bin/env bash
# Benchmark: `cbam compute` on each sample as a whole process (start-up, read, validate, compute,
# print), release build. Goal: ≤ 50 ms each. In the same hyperfine run, the references on the
# cement sample: `unzip -p` (decompressing it) and openpyxl loading it. Needs hyperfine and unzip
# (Debian packages), python3 with openpyxl.
# Usage: bash benches/compute.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cmds=()
for f in samples/cement-integrated-cn.xlsx samples/aluminium-smelter-coal-cn.xlsx samples/aluminium-smelter-hydro-cn.xlsx samples/aluminium-extrusion-cn.xlsx samples/ec-example-1-cement.xlsx samples/2026/*.xlsx; do
  cmds+=(-n "cbam compute $f" "target/release/cbam compute $f")
done
S=samples/cement-integrated-cn.xlsx
json="$(mktemp)"
hyperfine --warmup 3 --runs 30 --shell=none --export-json "$json" "${cmds[@]}" \
  -n "unzip -p $S" "unzip -p $S" \
  -n "openpyxl $S" "python3 -c \"import openpyxl; openpyxl.load_workbook('$S', data_only=True)\""
python3 benches/summary.py "$json" && rm -f "$json"
# Peak memory of one run (maximum resident set size).
for f in samples/cement-integrated-cn.xlsx samples/ec-example-1-cement.xlsx samples/2026/cement-integrated-cn.xlsx; do
  /usr/bin/time -f "$f: peak RSS %M KiB" target/release/cbam compute "$f" > /dev/null
done
