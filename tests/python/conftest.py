"""Shared helpers: where the fixtures are, and the cases every language runs."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CSV_FIXTURES = FIXTURES / "csv"
EXAMPLE = ROOT / "examples" / "data" / "electronics-retailer.json"
EXAMPLE_CSV = ROOT / "examples" / "data" / "electronics-retailer.csv"


def manifest(folder: Path) -> dict:
    """The cases.json of a fixture folder, empty when it is not there."""
    path = folder / "cases.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def cases(folder: Path, section: str):
    """pytest parameters for one section of a manifest, each with the folder its paths are relative to."""
    return [
        pytest.param(folder, case, id=case.get("name") or case.get("file"))
        for case in manifest(folder).get(section, [])
    ]


@pytest.fixture(scope="session")
def example():
    import journey

    return journey.Journey.load(EXAMPLE)
