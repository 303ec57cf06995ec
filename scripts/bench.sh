#!/usr/bin/env bash
# Benchmarks: journey in memory (10M events), CSV ingest, the map operations at 10^3, 10^4 and 10^5
# touchpoints (with their growth from one size to the next), journey against its peers (pm4py,
# ChannelAttribution, retentioneering) on the same 1M-event file, journey on Spark and Dask against Spark SQL
# and pandas by hand (bench/engines_bench.py), and journey-wasm in Node. Prints figures
# and ratios, never fails on a time. The peers are installed into .bench-venvs/ on first use (a few
# minutes); the test suite never needs them.
#
#   scripts/bench.sh              # everything (about 10 minutes on a 2-core machine, more on first use)
#   scripts/bench.sh --no-peers   # journey only (in memory, CSV ingest, Node)
#
# Environment: BENCH_OUT (default /tmp/journey-bench: generated files and JSON figures), BENCH_RUNS (5: the
# first run or two of a process pay for its memory being faulted in),
# BENCH_EVENTS / BENCH_CUSTOMERS (in-memory run, default 10000000 / 1000000), BENCH_MAP_SIZES (map sizes,
# default 1000,10000,100000), BENCH_MAP_RUNS (3), BENCH_ENGINE_EVENTS (Spark and Dask, 1000000), JOURNEY_PYTHON (a Python with
# journey, pandas and pyarrow; default .venv/bin/python), BENCH_VENVS (default .bench-venvs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${BENCH_OUT:-/tmp/journey-bench}"
runs="${BENCH_RUNS:-5}"
peers=1
[ "${1:-}" = "--no-peers" ] && peers=0
mkdir -p "$out"
log() { printf '\n== %s\n' "$*"; }

log "building journey-bench (release)"
cargo build --release -q -p journey-bench
bench="$root/target/release/journey-bench"

csv="$out/events-1m.csv"
if [ ! -f "$csv" ]; then
  "$bench" gen --events 1000000 --customers 100000 --touchpoints 50 --seed 42 --out "$csv"
fi

log "journey in memory: ${BENCH_EVENTS:-10000000} events, ${BENCH_CUSTOMERS:-1000000} customers, 50 touchpoints"
"$bench" run --events "${BENCH_EVENTS:-10000000}" --customers "${BENCH_CUSTOMERS:-1000000}" --touchpoints 50 \
  --runs "$runs" --csv-events 2000000 --json "$out/run.json"

log "later analyses in memory: ${BENCH_EVENTS:-10000000} events (seconds, median of 3, and against discover)"
"$bench" analyses --events "${BENCH_EVENTS:-10000000}" --customers "${BENCH_CUSTOMERS:-1000000}" --touchpoints 50 \
  --runs 3 --json "$out/analyses.json"

log "map operations at ${BENCH_MAP_SIZES:-1000,10000,100000} touchpoints (seconds, and growth per step)"
"$root/target/release/map_scale" --sizes "${BENCH_MAP_SIZES:-1000,10000,100000}" --runs "${BENCH_MAP_RUNS:-3}" \
  --json "$out/map_scale.json"

if [ "$peers" = 1 ]; then
  log "peers (installing into ${BENCH_VENVS:-.bench-venvs} on first use)"
  bash bench/install_peers.sh
  python3 bench/peers_bench.py --csv "$csv" --runs "$runs" --json "$out/peers.json"
  log "journey on Spark and Dask: ${BENCH_ENGINE_EVENTS:-1000000} events, against Spark SQL and pandas by hand"
  "${JOURNEY_PYTHON:-.venv/bin/python}" bench/engines_bench.py --events "${BENCH_ENGINE_EVENTS:-1000000}" \
    --runs 3 --out "$out" --json "$out/engines.json"
fi

log "journey-wasm in Node"
if command -v node >/dev/null 2>&1; then
  node bench/node_bench.mjs "$csv" "$runs" "$out/node.json"
else
  echo "node not found: skipped"
fi

log "summary"
python3 bench/summary.py "$out"
