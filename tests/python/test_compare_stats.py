"""The statistics of ``compare`` against the shared fixture tests/fixtures/compare/ (the same checks as
journey-core/tests/compare_stats.rs): each share's test, p-value, Benjamini-Hochberg q-value and significance,
as its make.py computes them from their definitions, and the gaps naming the logs as ``names`` says."""

import json

import pytest

import journey
from conftest import FIXTURES

COMPARE = FIXTURES / "compare"
WANT = json.loads((COMPARE / "expected.json").read_text(encoding="utf-8"))


def logs():
    return journey.EventLog.from_csv(COMPARE / "a.csv"), journey.EventLog.from_csv(COMPARE / "b.csv")


def check(got, want):
    assert got["test"] == want["test"], got
    assert got["p_value"] == pytest.approx(want["p_value"], rel=1e-9, abs=1e-15), got
    assert got["q_value"] == pytest.approx(want["q_value"], rel=1e-9, abs=1e-15), got
    assert bool(got["significant"]) is want["significant"], got


def test_tests_p_values_and_q_values_are_those_of_the_fixture():
    a, b = logs()
    cmp = a.compare(b)
    rows = {r["subject"]: r for r in cmp.transitions().to_dict("records")}
    assert len(rows) == len(WANT["transitions"])
    for w in WANT["transitions"]:
        got = rows[w["subject"]]
        assert [got[k] for k in ("a_count", "a_total", "b_count", "b_total")] == [
            w[k] for k in ("a_count", "a_total", "b_count", "b_total")
        ]
        check(got, w)
    check(cmp.loops, WANT["loops"])
    assert set(cmp.transitions()["test"]) == {"fisher", "z"}
    # The example: 2 of 7 against 0 of 13 is p = 21/190 by the exact test, not significant.
    example = rows["s0 -> y0"]
    assert example["p_value"] == pytest.approx(WANT["published"]["fisher [[2, 5], [0, 13]]"], rel=1e-9)
    assert not example["significant"]
    # Swapped logs: the same tests and values.
    back = {r["subject"]: r for r in b.compare(a).transitions().to_dict("records")}
    for subject, r in rows.items():
        assert [back[subject][k] for k in ("test", "p_value", "q_value", "significant")] == [
            r[k] for k in ("test", "p_value", "q_value", "significant")
        ]


def test_gaps_name_the_logs_as_told():
    a, b = logs()
    assert [(g.kind, list(g.location.transition)) for g in a.compare(b).gaps] == [
        (w["kind"], w["transition"]) for w in WANT["gaps"]
    ]
    names = WANT["names"]
    named = a.compare(b, names=tuple(names)).gaps
    assert len(named) == len(WANT["gaps"])
    for g, w in zip(named, WANT["gaps"]):
        worse, better = (names[0] if w[k] == "a" else names[1] for k in ("worse", "better"))
        source, target = w["transition"]
        assert g.message.startswith(
            f'customers in {worse} go from "{source}" to "{target}", which nobody took in {better}: '
        ), g.message
