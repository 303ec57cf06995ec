#!/usr/bin/env bash
# Runs every test of the project: Rust (fmt, clippy -D warnings on the host and on wasm32, unit, integration,
# property and doc tests), Python (pytest against the installed wheel; journey.spark and journey.dask on a local
# Spark and a local Dask cluster among them), JavaScript (Node tests and a TypeScript
# check against the wasm package) and the browser smoke test in headless Chromium. Installs what it needs on a
# fresh machine.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log_dir=$(mktemp -d)
passed=0
failed=0
broken=()

note() { printf '\n== %s ==\n' "$*"; }

# Sums the numbers on standard input; prints nothing when there are none.
sum() { awk 'NF { s += $1; n++ } END { if (n) print s }'; }

# run NAME COMMAND...: runs a step, keeps its output in the log and counts its tests.
run() {
  local name=$1
  shift
  note "$name"
  local out="$log_dir/$name.log"
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  local p f
  # cargo test: "test result: ok. 12 passed; 0 failed; ..."
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$out" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' | sum)
  f=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$out" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' | sum)
  # pytest: "40 passed, 1 failed in 2.1s" (with -q), or "== 40 passed in 2.1s =="
  if [ -z "$p" ]; then
    local summary
    summary=$(grep -E '^(=+ )?([0-9]+ [a-z]+(, )?)+ in [0-9.]+s' "$out" | tail -1)
    p=$(echo "$summary" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
    f=$(echo "$summary" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
  fi
  # node --test: "ℹ pass 12" / "ℹ fail 0"
  if [ -z "$p" ]; then
    p=$(grep -Eo '^(ℹ|#) pass [0-9]+' "$out" | grep -Eo '[0-9]+' | sum)
    f=$(grep -Eo '^(ℹ|#) fail [0-9]+' "$out" | grep -Eo '[0-9]+' | sum)
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ]; then
    broken+=("$name")
    [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
  fi
  return 0
}

note "setup"
bash scripts/setup.sh || { echo "setup failed"; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"

run rust-fmt cargo fmt --all --check
run rust-clippy cargo clippy --workspace --all-targets --locked -- -D warnings

# journey-core's features (see the README's Rust section, its crate docs): maps only, `parallel` alone, `analytics` without `parallel`
# (its sequential paths, as the WebAssembly build has them) and `render`; the defaults are checked above.
# Lints at check cost, warnings as errors (journey-core only: the dependencies' builds are shared).
core_features() {
  local set
  for set in "" parallel analytics render arrow parquet excel pdf png; do
    echo "journey-core with features \"$set\""
    cargo clippy -p journey-core --no-default-features --features "$set" --locked -- -D warnings || return 1
  done
}
run rust-features core_features

# journey-wasm for its own target, by the route scripts/build-wasm.sh builds it (scripts/wasm-cargo.sh).
run rust-clippy-wasm bash scripts/wasm-cargo.sh clippy -p journey-wasm --all-targets --locked -- -D warnings
run rust-test cargo test --workspace --exclude journey-py --locked
# journey-core's `arrow` feature (which the workspace test leaves off): the tests that need it, the doc tests
# (its API's and the README's), and the example that reads the Parquet file.
run rust-test-arrow cargo test -p journey-core --features arrow --locked --test arrow --test hostile_rows
run rust-doctest-arrow cargo test -p journey-core --features arrow --locked --doc
run rust-example-arrow cargo run -p journey-core --features arrow --locked --example read_parquet
# journey-core's `parquet` feature: `EventLog::load_parquet` and its doc test.
run rust-test-parquet cargo test -p journey-core --features parquet --locked --test parquet
run rust-doctest-parquet cargo test -p journey-core --features parquet --locked --doc load_parquet
# journey-core as crates.io would take it: no path-only dependency, its metadata, every file it needs.
run rust-package cargo package -p journey-core --locked --allow-dirty --no-verify
run rust-doc env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --exclude journey-py \
  --features journey-core/parquet,journey-core/excel

run python-build bash scripts/build-python.sh
run python-test .venv/bin/python -m pytest tests/python -q

run wasm-build bash scripts/build-wasm.sh
run js-install npm --prefix tests/js ci --no-audit --no-fund
run js-test node --test tests/js/
run js-types npm --prefix tests/js run typecheck

run browser-install npm --prefix tests/browser ci --no-audit --no-fund
run browser-test node --test tests/browser/

echo
if [ ${#broken[@]} -gt 0 ]; then
  echo "failed steps: ${broken[*]} (logs in $log_dir)"
fi
echo "total: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ]
