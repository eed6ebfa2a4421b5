#!/usr/bin/env bash
# Benchmark: `cbam declaration` on a year of 400,000 generated customs lines (2026), once as an
# imports workbook (xlsx) and once as the same lines in a CSV file: the whole process (read the
# lines, load and compute the four 2026 samples, group, price, write JSON). In the same hyperfine
# runs: the xlsx declaration beside `unzip -p FILE > /dev/null` (inflating every part, the floor
# for any reader), the CSV declaration beside Python's csv module reading the same file.
# Goals: xlsx ≤ 3 × unzip, CSV faster than Python's csv read, peak RSS ≤ 500 MB. Release build.
# Needs hyperfine, GNU time (package `time`), unzip, python3.
# Usage: bash benches/declaration.sh [N]            (from the repository root; N defaults to 400000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-400000}"
work="${TMPDIR:-/tmp}/cbam-bench-declaration"
rm -rf "$work" && mkdir -p "$work"
cargo build --release --quiet
cargo build --release --quiet --example make_bench_imports
# Generated files are kept in target/bench-cache/ and reused (delete them to regenerate).
mkdir -p target/bench-cache
for ext in xlsx csv; do
  f="target/bench-cache/imports-2026-$n.$ext"
  [ -f "$f" ] || target/release/examples/make_bench_imports "$f" "$n"
done
xlsx="target/bench-cache/imports-2026-$n.xlsx"
csv="target/bench-cache/imports-2026-$n.csv"
ls -l "$xlsx" "$csv"
uptime
# The two lines of aluminium profiles from other countries have benchmarks of two routes: K is
# chosen for them. Default values are warned about line by line: stderr goes to a file.
common="--suppliers samples/2026 --year 2026 --price 2026Q4=80 --benchmark-route 76042100=K --benchmark-route 76041090=K --format json --force"
declarant="--declarant-eori DE123456789012345 --declarant-name Rheinland"
decl_csv="target/release/cbam declaration --imports $csv $common -o $work/csv.json $declarant"
decl_xlsx="target/release/cbam declaration --imports $xlsx $common -o $work/xlsx.json"
$decl_csv 2> "$work/csv.log" || { tail -n 5 "$work/csv.log"; exit 1; }
$decl_xlsx 2> "$work/xlsx.log" || { tail -n 5 "$work/xlsx.log"; exit 1; }
tail -n 1 "$work/csv.log"

echo "== 1. CSV: cbam declaration vs python3 csv.reader over the same file"
hyperfine --warmup 1 --runs 5 --shell=bash --export-json "$work/h1.json" \
  -n "cbam declaration ($n lines, CSV)" "$decl_csv 2> /dev/null" \
  -n "python3 csv.reader (count the records)" "python3 -c \"import csv,sys; sum(1 for _ in csv.reader(open(sys.argv[1])))\" $csv"
python3 benches/summary.py "$work/h1.json"

echo "== 2. xlsx: cbam declaration vs unzip -p"
hyperfine --warmup 1 --runs 5 --shell=bash --export-json "$work/h2.json" \
  -n "cbam declaration ($n lines, xlsx)" "$decl_xlsx 2> /dev/null" \
  -n "unzip -p (inflate every part)" "unzip -p $xlsx > /dev/null"
python3 benches/summary.py "$work/h2.json"

echo "== peak memory"
/usr/bin/time -f "cbam declaration CSV: peak RSS %M KiB, %e s" $decl_csv 2>&1 >/dev/null | tail -n 1
/usr/bin/time -f "cbam declaration xlsx: peak RSS %M KiB, %e s" $decl_xlsx 2>&1 >/dev/null | tail -n 1
/usr/bin/time -f "python3 csv.reader: peak RSS %M KiB, %e s" python3 -c "import csv,sys; sum(1 for _ in csv.reader(open(sys.argv[1])))" "$csv" 2>&1 | tail -n 1
/usr/bin/time -f "unzip -p: peak RSS %M KiB, %e s" unzip -p "$xlsx" 2>&1 >/dev/null | tail -n 1
