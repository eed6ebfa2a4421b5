#!/usr/bin/env bash
# Load check of `cbam serve` (release build), loopback only, bounded (every request has a 60 s
# timeout), stops by itself: 200 uploads of the cement sample to /api/compute from 8 concurrent
# clients, with 20 hostile requests mixed in (zip bombs, random bytes, uploads past the size limit
# announced and streamed, XMLs with a DOCTYPE to /api/validate). Every good upload must get 200
# with the JSON `cbam compute --format json` prints, every hostile one a 4xx. Prints the good
# uploads' latency (goal: p95 <= 100 ms) and the server's peak RSS (goal: <= 300 MB). Needs python3
# (standard library only). Then FLOOD (8) uploads streamed past the limit at once on a fresh server:
# each 413, and the peak RSS they cause.
# Usage: bash benches/serve-load.sh [GOOD] [CLIENTS] [FLOOD]        (from anywhere; under a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
python3 benches/serve_load.py "${CARGO_TARGET_DIR:-target}/release/cbam" "${1:-200}" "${2:-8}" "${3:-8}"
