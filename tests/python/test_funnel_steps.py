"""The shared funnel cases (tests/fixtures/funnel_steps/cases.json), which the Rust and JavaScript tests run
too: a step the log has never met is refused unless ``strict=False``, and steps of the wrong type get the
same message everywhere."""

import json

import pytest

import journey
from conftest import FIXTURES

ALL = json.loads((FIXTURES / "funnel_steps" / "cases.json").read_text(encoding="utf-8"))
LOG = journey.EventLog.from_csv_text(ALL["events"])


def test_there_are_cases():
    assert len(ALL["cases"]) >= 8


@pytest.mark.parametrize("case", ALL["cases"], ids=[c["name"] for c in ALL["cases"]])
def test_funnel_steps_read_as_the_shared_cases_say(case):
    kwargs = {"strict": case["strict"]} if "strict" in case else {}
    if "customers" in case:
        assert list(LOG.funnel(case["steps"], **kwargs)["customers"]) == case["customers"]
        return
    with pytest.raises(journey.JourneyError) as raised:
        LOG.funnel(case["steps"], **kwargs)
    assert raised.value.kind == case["kind"]
    assert str(raised.value) == case["message"].replace("{type}", case.get("type", {}).get("python", ""))
    # The chart reads its steps the same way.
    with pytest.raises(journey.JourneyError) as chart:
        LOG.funnel_chart(case["steps"], **kwargs)
    assert str(chart.value) == str(raised.value)


def test_steps_of_the_wrong_type_are_type_errors_and_any_sequence_of_str_is_steps():
    with pytest.raises(TypeError) as raised:
        LOG.funnel("alpha")
    assert isinstance(raised.value, journey.ArgumentError)
    assert str(raised.value) == "steps: expected a list of touchpoint ids, found str"
    with pytest.raises(journey.ArgumentError, match=r"^steps: expected a list of touchpoint ids, found int$"):
        LOG.funnel(3)
    assert list(LOG.funnel(("alpha", "beta"))["customers"]) == [2, 1]
    assert list(LOG.funnel(iter(["alpha"]))["customers"]) == [2]
    with pytest.raises(journey.NotFoundError):
        LOG.funnel(["alpha", "nonexistent"])
