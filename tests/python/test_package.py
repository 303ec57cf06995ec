"""The package as a user installs it: scripts/build-python.sh builds a release wheel (abi3) and an sdist into
target/wheels; the wheel is installed into a fresh virtual environment (no pandas, no polars, no network)
and a smoke test runs against it there, not against the checkout."""

import email.parser
import subprocess
import sys
import tarfile
import venv
import zipfile

from conftest import ROOT

WHEELS = ROOT / "target" / "wheels"
SMOKE = """
import journey
j = journey.Journey.load("examples/data/electronics-retailer.json")
assert len(j.touchpoints) == 22
assert 0 <= j.score().value <= 100
assert "<svg" in j.to_svg() and "Delivery options" in j.to_svg()
log = journey.EventLog.from_csv("examples/data/electronics-events.csv", outcome="order_value", progress=False)
assert log.customer_count == 3000, log.customer_count
try:
    journey.Journey.from_json("{")
except journey.ParseError as e:
    assert e.kind == "json"
import importlib.metadata as m
print(m.version("journey-maps"), journey.__file__)
"""


def built(suffix):
    found = sorted(WHEELS.glob(f"journey_maps-*{suffix}"))
    assert len(found) == 1, f"expected one journey_maps-*{suffix} in {WHEELS} (scripts/build-python.sh), found {found}"
    return found[0]


def test_the_wheel_is_abi3_and_named_journey_maps():
    wheel = built(".whl")
    assert "-cp39-abi3-" in wheel.name, wheel.name
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        headers = email.parser.Parser().parsestr(z.read(meta).decode())
    assert headers["Name"] == "journey-maps"
    assert headers["Requires-Python"] == ">=3.9"
    assert "journey/__init__.py" in names and "journey/py.typed" in names and "journey/_journey.pyi" in names
    assert any(n.startswith("journey/_journey.") and n.endswith(".so") for n in names), names


def test_the_sdist_holds_the_sources_it_builds_from():
    with tarfile.open(built(".tar.gz")) as t:
        names = t.getnames()
    top = names[0].split("/")[0]
    for needed in ("pyproject.toml", "Cargo.toml", "Cargo.lock", "journey-core/src/lib.rs", "journey-py/src/lib.rs"):
        assert f"{top}/{needed}" in names, needed


def test_the_wheel_installs_into_a_fresh_environment_and_works(tmp_path):
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-index", "--disable-pip-version-check", built(".whl")],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    run = subprocess.run([python, "-c", SMOKE], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    version, where = run.stdout.split()
    assert version == "0.1.0"
    assert where.startswith(str(env)), where
    assert sys.prefix != str(env)
