"""Hostile map inputs (tests/fixtures/hostile/maps/cases.json, run by Rust and JS too) and the argument sweep:
every public function given wrong types, negative numbers, huge ints or lone surrogates raises a journey
error with a kind."""

import inspect
import json
import re

import pytest

import journey
from conftest import EXAMPLE, FIXTURES

HOSTILE = FIXTURES / "hostile" / "maps"
CASES = json.loads((HOSTILE / "cases.json").read_text(encoding="utf-8"))
HIDDEN = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
EVENTS = FIXTURES / "events" / "small.csv"


def load(case):
    path = HOSTILE / case["file"]
    loader = case["loader"]
    if loader == "json":
        from_path = from_bytes = None
        try:
            from_bytes = journey.Journey.from_json(path.read_bytes())
        except journey.JourneyError as e:
            from_bytes = e
        try:
            from_path = journey.Journey.load(path)
        except journey.JourneyError as e:
            from_path = e
        assert str(from_bytes) == str(from_path)
        if isinstance(from_bytes, Exception):
            raise from_bytes
        return from_bytes
    if loader == "json_text":
        return journey.Journey.from_json(path.read_bytes().decode("utf-8"))
    if loader == "csv_sheet":
        return journey.Journey.from_csv_sheet(path)
    raise AssertionError(loader)


@pytest.mark.parametrize("case", CASES["load_errors"], ids=lambda c: c["name"])
def test_load_errors(case):
    with pytest.raises(journey.JourneyError) as caught:
        load(case)
    e = caught.value
    assert e.kind == case["kind"], str(e)
    for part in case["message_contains"]:
        assert part in str(e)
    assert not HIDDEN.search(str(e)), repr(str(e))
    for p in getattr(e, "problems", []):
        assert not HIDDEN.search(p.message) and not HIDDEN.search(p.path)


@pytest.mark.parametrize("case", CASES["valid"], ids=lambda c: f"{c['file']}-{c['loader']}")
def test_byte_order_mark_is_skipped(case):
    assert load(case).id == case["id"]


def test_mermaid_text_with_a_byte_order_mark():
    assert len(journey.Journey.from_mermaid("\ufeffjourney\n section A\n  Tea: 5: Me\n").touchpoints) == 1


@pytest.mark.parametrize("case", CASES["models"], ids=lambda c: c["name"])
def test_models_that_overflow_are_rejected(case):
    j = load(CASES["valid"][0])
    with pytest.raises(journey.ArgumentError) as caught:
        j.score(model=journey.ScoringModel(**case["model"]))
    assert caught.value.kind == case["kind"]
    for part in case["message_contains"]:
        assert part in str(caught.value)


@pytest.mark.parametrize("case", CASES["mermaid_round_trips"], ids=lambda c: c["file"])
def test_mermaid_round_trip_cannot_be_hijacked(case):
    j = journey.Journey.load(HOSTILE / case["file"])
    text = j.to_mermaid()
    assert not HIDDEN.search(text.replace("\n", ""))
    lines = text.split("\n")[:-1]
    assert lines[0] == "journey" and lines[1].startswith("    title ")
    assert sum(line.startswith("    section ") for line in lines) == case["stages"]
    assert sum(line.startswith("      ") for line in lines) == case["touchpoints"]
    back = journey.Journey.from_mermaid(text, id="back")
    assert back.name == case["title"] == j.name
    assert [s.name for s in back.stages] == [s.name for s in j.stages]
    assert [t.name for t in back.touchpoints] == [t.name for t in j.touchpoints]
    assert [p.name for p in back.personas] == [p.name for p in j.personas]
    assert back.to_mermaid() == text
    dot = j.to_dot()
    assert not HIDDEN.search(dot.replace("\n", ""))
    in_string, escaped = False, False
    for c in dot:
        if in_string and escaped:
            escaped = False
        elif in_string and c == "\\":
            escaped = True
        elif c == '"':
            in_string = not in_string
        elif in_string:
            assert c != "\n"
    assert not in_string


@pytest.mark.parametrize("case", CASES["conformance"], ids=lambda c: c["name"])
def test_conformance_only_through_the_map(case):
    j = journey.Journey.load(HOSTILE / case["map"])
    fit = journey.EventLog.from_csv(HOSTILE / case["events"], progress=False).conformance(j)
    assert fit.customers == case["customers"]
    assert fit.fully_conforming == case["fully_conforming"]
    assert fit.fitness == pytest.approx(case["fitness"], abs=1e-12)
    assert fit.unknown_touchpoints == case["unknown_touchpoints"]


# --- The argument sweep -----------------------------------------------------------------------------------

def family(call, kinds=("argument",)):
    """Runs `call`, which must raise a journey error of one of `kinds`; returns it."""
    with pytest.raises(journey.JourneyError) as caught:
        call()
    assert caught.value.kind in kinds, f"{caught.value.kind}: {caught.value}"
    assert not HIDDEN.search(str(caught.value))
    return caught.value


@pytest.fixture(scope="module")
def objects():
    j = journey.Journey.load(EXAMPLE)
    log = journey.EventLog.from_csv(EVENTS, progress=False)
    return j, log


def test_negative_and_huge_counts(objects):
    j, log = objects
    e = family(lambda: log.attribution(order=-1))
    assert str(e).startswith("order: -1 is not a whole number of at least 0")
    family(lambda: log.attribution(order=2**70))
    family(lambda: log.attribution(order=2**200))
    family(lambda: log.attribution(order="1"))
    family(lambda: log.attribution(order=1.5))
    family(lambda: log.partition(-3))
    family(lambda: log.partition(2**64))
    family(lambda: log.attribution_chart(order=-1))
    family(lambda: log.attribution(half_life_days="x", model="time_decay"))
    family(lambda: log.compare(log, alpha="0.05"))
    family(lambda: log.compare(log, alpha=1e308))


def test_lone_surrogates_are_encoding_errors_naming_the_argument(objects):
    j, log = objects
    e = family(lambda: journey.Journey.from_mermaid("journey\n section A\n  T\ud800: 5: Me\n"), ("encoding",))
    assert str(e).startswith("text: the text has a lone surrogate at character 22")
    e = family(lambda: journey.Journey.from_mermaid("journey", id="a\udfffb"), ("encoding",))
    assert str(e).startswith("id: ")
    family(lambda: j.touchpoint("\ud800"), ("encoding",))
    family(lambda: j.to_mermaid(persona="\ud800"), ("encoding",))
    e = family(lambda: log.funnel(["ad", "x\ud800"]), ("encoding",))
    assert str(e).startswith("steps[1]: ")
    family(lambda: log.filter_segment("\udc80"), ("encoding",))
    family(lambda: journey.Journey.builder("\ud800", "n"), ("encoding",))


def test_wrong_classes_and_types(objects):
    j, log = objects
    e = family(lambda: log.conformance(log))
    assert str(e).startswith("journey: ")
    family(lambda: log.conformance("map"))
    family(lambda: log.stage_funnel(None))
    family(lambda: log.compare(j))
    family(lambda: log.loops(journey=log))
    family(lambda: journey.diff(j, log))
    family(lambda: journey.diff(j))
    family(lambda: j.score(model={"weights": 1}))
    family(lambda: j.score(persona=3))
    family(lambda: j.gaps(as_of=20261122))
    family(lambda: j.to_svg(size=3))
    family(lambda: j.path(1, 2))
    family(lambda: j.reaches("ad"))
    family(lambda: j.score(nonsense=True))
    family(lambda: journey.Journey.load(3))
    family(lambda: journey.Journey.from_json(3))
    family(lambda: journey.Journey.from_mermaid(b"journey"))
    family(lambda: journey.EventLog.from_csv(EVENTS, customer=3, progress=False))
    family(lambda: journey.EventLog.from_csv(EVENTS, progress=3))
    family(lambda: journey.EventLog.from_csv_text(3.5))
    family(lambda: journey.EventLog.from_arrow(3))
    family(lambda: journey.JourneyBuilder(1, 2))
    family(lambda: journey.JourneyBuilder("a", "b", standard_stages="yes"))
    family(lambda: journey.ScoringModel(weights={"pain": "x"}))
    family(lambda: journey.Journey.builder("a", "b").touchpoint("t", "T", "s", 3))
    family(lambda: log.funnel("ad"))


# Every public method or function, called with arguments of the wrong type: the error is in the family.
WRONG = [object(), -1, 2**80, "\ud800", [object()], 1e308]


def public_calls(objects):
    j, log = objects
    builder = journey.Journey.builder("b", "B")
    targets = [
        ("Journey", journey.Journey, j),
        ("EventLog", journey.EventLog, log),
        ("JourneyBuilder", journey.JourneyBuilder, builder),
        ("ScoringModel", journey.ScoringModel, journey.ScoringModel()),
    ]
    for cls_name, cls, instance in targets:
        for name, member in vars(cls).items():
            if name.startswith("_") or isinstance(inspect.getattr_static(cls, name), property):
                continue
            static = isinstance(inspect.getattr_static(cls, name), staticmethod)
            runtime = getattr(cls if static else instance, name)
            if not callable(runtime):
                continue
            try:
                params = [p for p in inspect.signature(runtime).parameters.values()
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name not in ("self", "slf")]
            except (TypeError, ValueError):
                params = []
            yield f"{cls_name}.{name}", runtime, params
    yield "diff", journey.diff, [None, None]


def test_every_public_call_maps_wrong_arguments_into_the_family(objects):
    checked = 0
    for where, f, params in public_calls(objects):
        for bad in WRONG:
            args = [bad] * max(1, len(params))
            try:
                f(*args)
            except journey.JourneyError as e:
                assert e.kind, where
                assert not HIDDEN.search(str(e)), (where, str(e))
                checked += 1
            except Exception as e:  # noqa: BLE001 - the point of the test
                pytest.fail(f"{where}{tuple(map(repr, args))} raised {type(e).__name__}: {e}")
        # And too many arguments.
        try:
            f(*([None] * (len(params) + 5)))
        except journey.JourneyError as e:
            assert e.kind == "argument", where
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{where} with too many arguments raised {type(e).__name__}: {e}")
    assert checked > 100


def test_a_list_of_problems_is_cut_at_its_limit_and_counts_the_rest():
    # 10,005 unknown "next" items, a problem each: five more than are listed.
    with pytest.raises(journey.ValidationError) as caught:
        journey.Journey.from_csv_sheet(HOSTILE / "too_many_problems.csv")
    problems = caught.value.problems
    assert len(problems) == 10_001
    assert problems[-1].kind == "too_many_problems"
    assert problems[-1].message == "5 more problems are not listed: at most 10000 are"
    message = str(caught.value)
    assert message.startswith("more than 10000 problems: ")
    assert message.endswith("; and 9980 more; 5 more problems are not listed: at most 10000 are")
