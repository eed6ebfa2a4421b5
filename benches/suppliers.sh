#!/usr/bin/env bash
# Benchmark: `cbam report` with 500 supplier Communication templates (each filled by cbam from one
# of the Chinese samples under its own installation id) and an imports workbook with one line per
# supplier good: read and compute every template, match, build, write, validate in process. In
# the same hyperfine run: `unzip -p` of the 500 templates (decompressing them, the floor for any
# reader) and xmllint validating the report written. A template names its installation by
# UN/LOCODE; the generated ones are CNAAA, CNAAB, … and the customs lines name those. Goal: ≤ 60 s on 2 cores, release build.
# The inputs are generated once into target/bench-cache/suppliers-N/ and reused (delete that
# directory to regenerate). Needs hyperfine, unzip, xmllint (libxml2-utils), GNU time.
# Usage: bash benches/suppliers.sh [N]          (N defaults to 500; from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
cargo build --release --quiet
cargo build --release --quiet --example make_samples
cache="target/bench-cache/suppliers-$n"
if [ ! -f "$cache/imports.xlsx" ] || [ "$(ls "$cache/suppliers" | wc -l)" != "$n" ]; then
  rm -rf "$cache"
  echo "generating $n supplier templates into $cache"
  target/release/examples/make_samples --bench-suppliers "$cache" "$n"
fi
du -sh "$cache/suppliers" | awk '{print "suppliers: " $1 " in '"$n"' files"}'
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
xsd=schemas/QReport_ver23.00.xsd
report=(target/release/cbam report --imports "$cache/imports.xlsx" --suppliers "$cache/suppliers" --period 2025Q4
        --submission-date 2026-01-20T09:00:00Z --force -o "$work/report.xml")
"${report[@]}" 2> "$work/report.log" || { cat "$work/report.log"; exit 1; }
tail -n 1 "$work/report.log"
ls -l "$work/report.xml"
uptime
hyperfine --warmup 1 --runs 3 --export-json "$work/h.json" \
  -n "cbam report ($n supplier templates)" "${report[*]} 2>/dev/null" \
  -n "unzip -p (the $n templates)" "for f in $cache/suppliers/*.xlsx; do unzip -p \$f; done > /dev/null" \
  -n "xmllint --noout --schema (the report)" "xmllint --noout --schema $xsd $work/report.xml"
python3 benches/summary.py "$work/h.json"
/usr/bin/time -f "cbam report: peak RSS %M KiB, %e s" "${report[@]}" 2>&1 >/dev/null | tail -n 1
