#!/usr/bin/env bash
# Installs the side-by-side benchmark peers, each in its own virtual environment under .bench-venvs/
# (or $BENCH_VENVS). Only the benchmark scripts use them; the test suite never does.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venvs="${BENCH_VENVS:-$here/.bench-venvs}"
py="${PYTHON:-python3}"
mkdir -p "$venvs"
install() { # name, packages...
  local name="$1"; shift
  if [ -x "$venvs/$name/bin/python" ] && [ -f "$venvs/$name/.installed" ]; then return 0; fi
  echo "installing peer $name into $venvs/$name ..." >&2
  "$py" -m venv "$venvs/$name"
  "$venvs/$name/bin/pip" install -q --upgrade pip
  "$venvs/$name/bin/pip" install -q "$@"
  touch "$venvs/$name/.installed"
}
want="${*:-pm4py channelattribution retentioneering lifelines pandas polars}"
for p in $want; do
  case "$p" in
    pm4py) install pm4py "pm4py>=2.7,<3" pandas pyarrow ;;
    channelattribution) install channelattribution ChannelAttribution matplotlib pandas pyarrow ;;
    retentioneering) install retentioneering "retentioneering>=3" pyarrow ;;
    lifelines) install lifelines lifelines pandas pyarrow ;;
    pandas) install pandas pandas pyarrow ;;
    polars) install polars polars pandas pyarrow ;;
    *) echo "unknown peer $p" >&2; exit 2 ;;
  esac
done
