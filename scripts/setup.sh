#!/usr/bin/env bash
# Installs what the tests need on a fresh machine of the project's kind (Debian 12 with rustup's Rust,
# CPython 3 and Node 20): Chromium for the browser test, Java for the Spark tests (journey.spark), a font with
# Chinese, Japanese and Korean glyphs for the PDF and PNG tests, and a Python virtual environment in .venv with
# the test requirements (pyspark, dask and distributed among them).
# The wasm toolchain is set up by scripts/build-wasm.sh. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root to apt-get install $*" >&2
    return 1
  fi
  if [ -z "${JOURNEY_APT_UPDATED:-}" ]; then
    apt-get update -qq
    export JOURNEY_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

for tool in cargo rustfmt cargo-clippy python3 node npm; do
  command -v "$tool" >/dev/null || { echo "missing $tool: install the Rust toolchain, Python 3 and Node.js" >&2; exit 1; }
done

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium"
  apt_install chromium
fi

if ! command -v java >/dev/null; then
  echo "installing java (for pyspark)"
  apt_install openjdk-17-jre-headless
fi

# The PDF and PNG tests draw a map with a Chinese stage name: natively from the system's fonts, in
# WebAssembly from this font file, which the JavaScript test passes in.
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
  echo "installing fonts-wqy-zenhei"
  apt_install fonts-wqy-zenhei
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r tests/python/requirements.txt
echo "setup done"
