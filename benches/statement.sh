#!/usr/bin/env bash
# Benchmark: `cbam statement` on 1,000 installation files in one call (read, validate, compute,
# typeset, write each PDF), release build. Goals: ≤ 10 ms per statement on one thread after
# warm-up, ≤ 10 s for the 1,000 on 2 cores, peak memory ≤ 150 MB. Needs /usr/bin/time (Debian
# package `time`) and taskset (util-linux).
# Usage: bash benches/statement.sh [SAMPLE.xlsx]     (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
sample="${1:-samples/cement-integrated-cn.xlsx}"
cargo build --release --quiet
bin="$PWD/target/release/cbam"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/out1" "$tmp/outn"
for i in $(seq -w 1 1000); do ln -s "$PWD/$sample" "$tmp/in/plant-$i.xlsx"; done
files=("$tmp"/in/*.xlsx)

now() { date +%s.%N; }
per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'; }

# One thread (the process pinned to one core: cbam starts one worker per available core).
# Warm-up: 10 statements, then the time of 1,000 minus the time of 10, per statement.
# Three rounds; the median and the spread of the per-statement figure after warm-up.
after=()
for round in 1 2 3; do
  t0=$(now); taskset -c 0 "$bin" statement -o "$tmp/out1" "${files[@]:0:10}" > /dev/null; t1=$(now)
  t2=$(now); taskset -c 0 "$bin" statement -o "$tmp/out1" "${files[@]}" > /dev/null; t3=$(now)
  a=$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN { printf "%.2f", ((d - c) - (b - a)) * 1000 / 990 }')
  after+=("$a")
  echo "one thread, round $round: $(per "$t2" "$t3" 1000) ms per statement overall; $a ms per statement after the first 10"
done
printf '%s\n' "${after[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "one thread: median %.2f ms per statement after warm-up (min %.2f, max %.2f; 3 rounds)\n", v[2], v[1], v[3] }'

# All cores, with peak memory.
cores=$(nproc)
/usr/bin/time -v -o "$tmp/time.txt" "$bin" statement -o "$tmp/outn" "${files[@]}" > /dev/null
wall=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{print $NF}')
echo "$cores cores: 1,000 statements in $wall (m:ss), peak RSS $((rss / 1024)) MB"
cmp -s "$tmp/out1/plant-0001.pdf" "$tmp/outn/plant-0001.pdf" && echo "identical bytes on one thread and on $cores"
