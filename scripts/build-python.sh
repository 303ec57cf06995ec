#!/usr/bin/env bash
# Builds the Python package from journey-py — a release wheel (abi3, one wheel for CPython 3.9 and later) and
# an sdist, both in target/wheels — and installs the wheel into .venv, where the tests run.
# The distribution is journey-maps on PyPI; its import name is journey. scripts/setup.sh makes .venv with
# maturin in it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/py"
rm -rf target/wheels
maturin build --release --quiet -m journey-py/Cargo.toml --out target/wheels
maturin sdist -m journey-py/Cargo.toml --out target/wheels
# An install of this package under its name before journey-maps (the same files) is removed first.
.venv/bin/python -m pip uninstall -q -y journey 2>/dev/null || true
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/*.whl
ls target/wheels
.venv/bin/python -c "import journey; print('installed journey', journey.__version__, 'from', journey.__file__)"
