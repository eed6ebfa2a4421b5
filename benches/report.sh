#!/usr/bin/env bash
# Benchmark: `cbam report` on a generated imports workbook of 99,999 customs lines (read, match,
# compute the suppliers, build, write, validate against the XSD in process), next to
# `xmllint --noout --schema` on the same output, in the same run; then `cbam validate` (schema and
# business rules) against xmllint on a report of the schema's maximum of 99,999 ImportedGood
# elements. Goal: ≤ 1.5 × xmllint alone, peak memory ≤ 1 GB. Release build.
# Needs hyperfine, xmllint (libxml2-utils), GNU time (package `time`), python3.
# Usage: bash benches/report.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${TMPDIR:-/tmp}/cbam-bench-report"
rm -rf "$work" && mkdir -p "$work"
cargo build --release --quiet
cargo build --release --quiet --example make_samples
# The generated workbook is kept in target/bench-cache/ and reused (delete it to regenerate).
mkdir -p target/bench-cache
[ -f target/bench-cache/imports-99999.xlsx ] || target/release/examples/make_samples --bench-imports target/bench-cache/imports-99999.xlsx 99999
cp target/bench-cache/imports-99999.xlsx "$work/imports-99999.xlsx"
uptime
xsd=schemas/QReport_ver23.00.xsd
report=(target/release/cbam report --imports "$work/imports-99999.xlsx" --suppliers samples --period 2025Q4
        --allow-defaults --submission-date 2026-01-20T09:00:00Z --force -o "$work/report.xml")
"${report[@]}" 2> "$work/report.log" || { cat "$work/report.log"; exit 1; }
tail -n 1 "$work/report.log"
ls -l "$work/report.xml"

echo "== 1. cbam report (99,999 lines) vs xmllint on its output"
hyperfine --warmup 1 --runs 5 --shell=none --export-json "$work/h1.json" \
  -n "cbam report (read 99,999 lines, build, validate, write)" "${report[*]}" \
  -n "xmllint --noout --schema (same output)" "xmllint --noout --schema $xsd $work/report.xml"
python3 benches/summary.py "$work/h1.json"
/usr/bin/time -f "cbam report: peak RSS %M KiB, %e s" "${report[@]}" 2>&1 >/dev/null | tail -n 1
/usr/bin/time -f "xmllint: peak RSS %M KiB, %e s" xmllint --noout --schema "$xsd" "$work/report.xml" 2>&1 | tail -n 1

echo "== 2. cbam validate vs xmllint on 99,999 ImportedGood elements"
# The report of the sample imports, its goods repeated with fresh item numbers up to 99,999.
target/release/cbam report --imports samples/imports-2025Q4.xlsx --suppliers samples --period 2025Q4 \
  --submission-date 2026-01-20T09:00:00Z --force -o "$work/sample.xml" 2>/dev/null
python3 - "$work/sample.xml" "$work/max.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
head, rest = text.split("  <ImportedGood>", 1)
goods = re.findall(r"  <ImportedGood>.*?</ImportedGood>\n", "  <ImportedGood>" + rest, re.S)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(head)
    for i in range(99999):
        g = goods[i % len(goods)]
        out.write(re.sub(r"<ItemNumber>\d+</ItemNumber>", f"<ItemNumber>{i + 1}</ItemNumber>", g, count=1))
    out.write("</QReport>\n")
PY
ls -l "$work/max.xml"
hyperfine --warmup 1 --runs 3 --shell=none --export-json "$work/h2.json" \
  -n "cbam validate (schema + business rules)" "target/release/cbam validate $work/max.xml" \
  -n "xmllint --noout --schema" "xmllint --noout --schema $xsd $work/max.xml"
python3 benches/summary.py "$work/h2.json"
/usr/bin/time -f "cbam validate: peak RSS %M KiB, %e s" target/release/cbam validate "$work/max.xml" 2>&1 | tail -n 1
/usr/bin/time -f "xmllint: peak RSS %M KiB, %e s" xmllint --noout --schema "$xsd" "$work/max.xml" 2>&1 | tail -n 1
