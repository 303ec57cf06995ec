#!/usr/bin/env bash
# Builds the Python package from journey-py (maturin, release) and installs it into .venv.
# scripts/setup.sh makes .venv with maturin in it.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/.venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/py" .venv/bin/python -m pip install -q --disable-pip-version-check \
  --no-build-isolation --force-reinstall --no-deps ./journey-py
.venv/bin/python -c "import journey; print('installed journey', journey.__version__, 'from', journey.__file__)"
