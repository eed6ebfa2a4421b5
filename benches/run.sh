#!/usr/bin/env bash
# Every benchmark in one command: builds the release binary and the generator once, then runs
# each script, printing the machine's load before each (figures taken under load are not
# comparable between runs; the ratio to the reference tool measured in the same run is).
# Usage: bash benches/run.sh            (from anywhere; about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example make_samples
cargo build --release --quiet --example make_bench_imports
echo "== machine"
echo "cores: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
free -m | awk '/^Mem:/ {print "memory: " $2 " MiB"}'
rustc --version
for bench in compute template statement report declaration suppliers serve-load; do
  echo
  echo "== benches/$bench.sh    ($(date -u +%H:%M) UTC, load:$(uptime | sed 's/.*load average://'))"
  bash "benches/$bench.sh"
done
