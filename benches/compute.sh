#!/usr/bin/env bash
# Benchmark: `cbam compute` on each sample as a whole process (start-up, read, validate, compute,
# print), release build. Goal: ≤ 50 ms each. Needs hyperfine (Debian package `hyperfine`).
# Usage: bash benches/compute.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cmds=()
for f in samples/cement-integrated-cn.xlsx samples/aluminium-smelter-coal-cn.xlsx samples/aluminium-smelter-hydro-cn.xlsx samples/aluminium-extrusion-cn.xlsx samples/ec-example-1-cement.xlsx; do
  cmds+=("target/release/cbam compute $f")
done
hyperfine --warmup 3 --runs 30 --shell=none "${cmds[@]}"
# Peak memory of one run (maximum resident set size).
for f in samples/cement-integrated-cn.xlsx samples/ec-example-1-cement.xlsx; do
  /usr/bin/time -f "$f: peak RSS %M KiB" target/release/cbam compute "$f" > /dev/null
done
