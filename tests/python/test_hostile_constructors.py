"""Constructors on hostile arguments: every class of the package a user can call, found by looking at the
module (so a new class cannot be forgotten), raises the journey family for arguments it cannot take — an
``ArgumentTypeError`` (kind ``argument``, also a ``TypeError``) whose message names the class — and the
shared cases of tests/fixtures/hostile/constructors/ as the JS tests run them."""

import inspect
import pickle

import pytest

import journey
from conftest import EXAMPLE, FIXTURES, cases

HOSTILE = FIXTURES / "hostile" / "constructors"


def classes():
    """Every public class of the package but the exceptions (which take any arguments, as exceptions do)."""
    found = {}
    for name in set(journey.__all__) | {n for n in vars(journey) if not n.startswith("_")}:
        value = getattr(journey, name)
        if inspect.isclass(value) and not issubclass(value, BaseException):
            found[name] = value
    return [pytest.param(c, id=n) for n, c in sorted(found.items())]


CLASSES = classes()


def raises_argument_error(call, cls, type_error=True):
    """Calls `call`, which must raise an ArgumentError (an ArgumentTypeError with `type_error`) naming `cls`."""
    with pytest.raises(journey.ArgumentError) as caught:
        call()
    e = caught.value
    assert type(e) is (journey.ArgumentTypeError if type_error else journey.ArgumentError), repr(e)
    assert isinstance(e, journey.JourneyError) and e.kind == "argument"
    assert isinstance(e, TypeError) == type_error
    assert str(e).startswith(cls.__name__), str(e)
    return e


def test_the_classes_are_found():
    names = {p.id for p in CLASSES}
    assert {"Journey", "JourneyBuilder", "ScoringModel", "EventLog", "Stage", "Touchpoint", "Record", "Score",
            "GapList", "Discovery", "Svg"} <= names
    assert len(names) >= 28


@pytest.mark.parametrize("cls", CLASSES)
def test_too_many_arguments(cls):
    raises_argument_error(lambda: cls(*[object()] * 40), cls)


@pytest.mark.parametrize("cls", CLASSES)
def test_an_unknown_keyword(cls):
    e = raises_argument_error(lambda: cls(no_such_argument=1), cls)
    if "is not made by calling it" not in str(e):
        assert 'unexpected argument "no_such_argument"' in str(e)


@pytest.mark.parametrize("cls", CLASSES)
def test_no_arguments_make_one_or_raise_the_family(cls):
    try:
        made = cls()
    except journey.ArgumentError as e:
        assert e.kind == "argument" and str(e).startswith(cls.__name__), str(e)
    else:
        assert isinstance(made, cls)


@pytest.mark.parametrize("folder, case", cases(HOSTILE, "cases"))
def test_shared_case(folder, case):
    cls = getattr(journey, case["class"])
    e = raises_argument_error(lambda: cls(*case["args"]), cls)
    assert e.kind == case["kind"]
    for fragment in case["contains"]:
        assert fragment in str(e)


def test_the_shared_cases_are_there():
    assert len(cases(HOSTILE, "cases")) >= 8


def test_the_builder_binds_its_arguments_by_the_core_rule():
    B = journey.JourneyBuilder
    e = raises_argument_error(lambda: B(1, 2, 3, 4), B)
    assert str(e) == ("JourneyBuilder: takes at most 3 arguments by position, 4 were given; expected id, name and "
                      "optionally standard_stages")
    e = raises_argument_error(lambda: B(), B)
    assert str(e) == 'JourneyBuilder: missing argument "id"; expected id, name and optionally standard_stages'
    e = raises_argument_error(lambda: B("a", "b", id="c"), B)
    assert str(e) == 'JourneyBuilder: argument "id" given twice (by position and by name)'
    e = raises_argument_error(lambda: B("a", "b", standard_stage=True), B)
    assert 'unexpected argument "standard_stage"' in str(e)
    raises_argument_error(lambda: B(None, "b"), B)
    # A keyword with control characters is shown escaped.
    e = raises_argument_error(lambda: B("a", "b", **{"x\n\x1b": 1}), B)
    assert 'unexpected argument "x\\n\\u{1b}"' in str(e)
    # What works still works, by position and by name.
    assert B("s", "S", True).build().stages == B(name="S", id="s", standard_stages=True).build().stages
    assert len(B("s", "S").build().stages) == 0


def test_journey_and_event_log_say_how_to_make_one():
    e = raises_argument_error(lambda: journey.Journey(), journey.Journey)
    assert str(e) == ("Journey: is not made by calling it; use Journey.load, Journey.from_json, Journey.from_dict, "
                      "Journey.builder or JourneyBuilder")
    e = raises_argument_error(lambda: journey.EventLog(), journey.EventLog)
    assert str(e) == "EventLog: is not made by calling it; use EventLog.from_csv, EventLog.from_csv_text or EventLog.from_arrow"
    # The instances the package makes are not made by calling the class: loading and pickling still work.
    j = journey.Journey.load(EXAMPLE)
    assert pickle.loads(pickle.dumps(j)) == j
    assert isinstance(j, journey.Journey)


def test_scoring_model_takes_the_fields_of_the_core_model_by_name():
    M = journey.ScoringModel
    e = raises_argument_error(lambda: M(bogus=1), M)
    assert str(e).startswith('ScoringModel: unexpected argument "bogus"; expected any of ')
    for field in M().to_dict():
        assert field in str(e)
    e = raises_argument_error(lambda: M({"weights": {}}), M)
    assert str(e).startswith("ScoringModel: takes arguments by name only, 1 was given by position")
    # A value out of its domain is an ArgumentError (a ValueError), named after the class and the field.
    e = raises_argument_error(lambda: M(weights={"pain": -1}), M, type_error=False)
    assert str(e).startswith("ScoringModel: weights.pain: -1 is not a number"), str(e)
    e = raises_argument_error(lambda: M(weights={"pian": 1}), M, type_error=False)
    assert str(e).startswith("ScoringModel: weights.pian: unknown field `pian`"), str(e)
    assert M(weights={"pain": 2}).weights["pain"] == 2.0


def test_records_check_their_argument():
    S = journey.Stage
    e = raises_argument_error(lambda: S(), S)
    assert str(e) == 'Stage: missing argument "data"; expected data'
    e = raises_argument_error(lambda: S(1, 2), S)
    assert str(e) == "Stage: takes at most 1 argument by position, 2 were given; expected data"
    e = raises_argument_error(lambda: S({"nope": 1}), S)
    assert str(e) == 'Stage(data): unknown field "nope"; expected one of description, id, kpis, name'
    e = raises_argument_error(lambda: S(1), S)
    assert str(e) == "Stage(data): expected a mapping of field names to values, found int"
    e = raises_argument_error(lambda: journey.Record({}), journey.Record)
    assert str(e).startswith("Record: is not made by calling it; use Stage, Touchpoint")
    assert S(data={"id": "s", "name": "S"}) == S({"id": "s", "name": "S"})
    assert S({"id": "s"}).id == "s"


def test_results_check_their_arguments():
    e = raises_argument_error(lambda: journey.Score(1.0), journey.Score)
    assert str(e) == 'Score: missing argument "components"; expected value, components, missing and confidence'
    e = raises_argument_error(lambda: journey.Svg(b"<svg/>"), journey.Svg)
    assert str(e) == "Svg(text): expected the SVG text as a str, found bytes"
    e = raises_argument_error(lambda: journey.GapList(3), journey.GapList)
    assert str(e) == "GapList(items): expected an iterable, found int"
    e = raises_argument_error(lambda: journey.Discovery({"events": 1}), journey.Discovery)
    assert str(e).startswith('Discovery(data): missing field "customers"'), str(e)
    e = raises_argument_error(lambda: journey.Discovery([]), journey.Discovery)
    assert str(e) == "Discovery(data): expected a mapping of field names to values, found list"
    # What works still works.
    assert journey.Component("pain", 0.5, 1.0, "d").value == 0.5
    assert journey.GapList() == [] and journey.Backlog([]) == []
    found = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\nc,2026-03-01,a\n").discover()
    assert journey.Discovery(found.to_dict()).to_dict() == found.to_dict()
