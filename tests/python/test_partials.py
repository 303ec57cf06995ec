"""Partials as values, against the shared fixture tests/fixtures/partials: the customers split into 1, 2, 7
and 300 parts (by rank and strided, as CSV text and as pandas frames), each part's partial sent as bytes or
pickled, merged in several orders and tree shapes, finish into exactly what the in-memory methods give; bad
bytes are refused with kind ``partial``; partials of different analyses do not merge."""

import json
import pickle

import pandas as pd
import pytest

import journey
from conftest import FIXTURES

HERE = FIXTURES / "partials"
SPEC = json.loads((HERE / "analyses.json").read_text(encoding="utf-8"))
COLUMNS = {"outcome": "value", "reason": "reason"}
CSV = (HERE / "log.csv").read_text(encoding="utf-8")
MAP = journey.Journey.load(HERE / "map.json")
LOG = journey.EventLog.from_csv_text(CSV, **COLUMNS)


def analyses():
    """The fixture's analyses, ``"map": true`` the fixture's map."""
    return {k: {o: (MAP if o == "map" else v) for o, v in opts.items()} for k, opts in SPEC["analyses"].items()}


def strided(n, stride, text=CSV):
    """The customers of a CSV text in ``n`` logs: customer k of the sorted ids in part ``k * stride % n``."""
    header, *rows = text.splitlines()
    ids = sorted({r.split(",", 1)[0] for r in rows})
    rank = {c: k for k, c in enumerate(ids)}
    parts = [[header] for _ in range(n)]
    for r in rows:
        parts[rank[r.split(",", 1)[0]] * stride % n].append(r)
    return [journey.EventLog.from_csv_text("\n".join(p) + "\n", **COLUMNS) for p in parts]


def in_memory(key, options):
    """What the in-memory method gives for the analysis ``key`` with ``options``."""
    kind = key.split(":")[0]
    options = dict(options)
    if kind == "discover":
        return LOG.discover()
    if kind == "dfg":
        return LOG.dfg()
    if kind == "funnel":
        return LOG.funnel(options.pop("steps"), **options)
    if kind == "stage_funnel":
        return LOG.stage_funnel(MAP)
    if kind in ("attribution", "markov"):
        model = options.pop("model", "markov")
        return LOG.attribution(model, **options)
    if kind == "conformance":
        return LOG.conformance(MAP)
    if kind == "loops":
        return LOG.loops(MAP if options else None)
    raise AssertionError(f"no in-memory method for {key}")


EXPECTED = {k: in_memory(k, v) for k, v in analyses().items() if not k.startswith("compare")}


def assert_same(key, got, want):
    if isinstance(want, pd.DataFrame):
        # Counts identical, floats to 1e-12 (they are equal to the last bit here; the bound is the rule).
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, atol=0, obj=key)
    else:
        assert got == want, key


def assert_finishes_as_one_pass(partial):
    assert (partial.customers, partial.events) == (SPEC["expected"]["customers"], SPEC["expected"]["events"])
    results = partial.finish()
    assert sorted(results) == sorted(SPEC["analyses"]) == partial.analyses
    for key, want in EXPECTED.items():
        assert_same(key, results[key], want)
    assert isinstance(results["compare"], journey.CompareInputs)


def test_the_fixture_is_what_its_file_says():
    assert (len(LOG), LOG.customer_count) == (SPEC["expected"]["events"], SPEC["expected"]["customers"])
    assert SPEC["parts"] == [1, 2, 7, 300]


@pytest.mark.parametrize("n", SPEC["parts"])
def test_merged_partials_are_the_one_pass_answer(n):
    request = analyses()
    parts = strided(n, 37)
    assert len(parts) == n
    blobs = [p.partial(request).to_bytes() for p in parts]
    # Bytes, read back one by one and merged from the left.
    read = [journey.Partial.from_bytes(b) for b in blobs]
    left = read[0]
    for p in read[1:]:
        left = left.merge(p)
    assert_finishes_as_one_pass(left)
    # The bytes themselves, in reverse order, as a balanced tree.
    assert_finishes_as_one_pass(journey.merge_partials(reversed(blobs)))
    # Pickled (as Spark and Dask send them), merged from the right, bytes and partials mixed.
    pickled = [pickle.loads(pickle.dumps(p)) for p in read]
    right = pickled[-1]
    for i, p in enumerate(reversed(pickled[:-1])):
        right = p.merge(right if i % 2 else right.to_bytes())
    assert_finishes_as_one_pass(right)


def test_parts_read_from_pandas_frames_merge_too():
    frame = pd.read_csv(HERE / "log.csv", keep_default_na=False, dtype={"reason": str})
    request = analyses()
    groups = [g for _, g in frame.groupby(frame["customer_id"].str[-1])]
    assert len(groups) == 10
    partials = [journey.EventLog.from_arrow(g, **COLUMNS).partial(request) for g in groups]
    assert_finishes_as_one_pass(journey.merge_partials(partials))


def test_merging_does_not_change_the_partials_merged():
    a, b = (p.partial({"discover": {}}) for p in strided(2, 1))
    before = a.to_bytes()
    merged = a.merge(b)
    assert a.to_bytes() == before
    assert merged.customers == a.customers + b.customers == 300


def test_compare_inputs_compare_as_the_logs_do():
    day = 86400
    start = 1772359200
    first, second = LOG.filter_period(None, start + 10 * day), LOG.filter_period(start + 10 * day, None)
    request = {"compare": {"map": MAP, "funnel": ["ad", "site", "checkout"]}}
    sides = []
    for log in (first, second):
        header, *rows = CSV.splitlines()
        keep = set(log.customer_ids)
        text = "\n".join([header] + [r for r in rows if r.split(",", 1)[0] in keep]) + "\n"
        parts = strided(3, 2, text)
        sides.append(journey.merge_partials(p.partial(request) for p in parts).finish()["compare"])
    got = sides[0].compare(sides[1], MAP, funnel=["ad", "site", "checkout"])
    assert got == first.compare(second, MAP, funnel=["ad", "site", "checkout"])


def test_bytes_that_are_not_a_partial_are_refused_by_name():
    blob = LOG.partial({"discover": {}, "markov": {}}).to_bytes()
    assert blob[:8] == b"JRNYPART" and blob[8:12] == (1).to_bytes(4, "little")

    def refused(data):
        with pytest.raises(journey.ParseError) as caught:
            journey.Partial.from_bytes(data)
        assert caught.value.kind == "partial"
        return str(caught.value)

    assert refused(b"") == "partial bytes: 0 bytes, too short for a partial (expected at least 12)"
    assert refused(b"PAR1" + bytes(9)) == "partial bytes: not a partial result: expected the magic bytes JRNYPART at the start"
    assert refused(blob[:8] + (2).to_bytes(4, "little") + blob[12:]) == (
        "partial bytes: format version 2, this version of journey reads version 1"
    )
    assert refused(blob[:-1]) == "partial bytes: truncated: the body ends too early"
    assert refused(blob + b"\0") == "partial bytes: corrupted: 1 bytes left over after the body"
    for cut in range(0, len(blob), 11):
        refused(blob[:cut])
    with pytest.raises(journey.ArgumentTypeError, match="expected bytes, found str"):
        journey.Partial.from_bytes("JRNYPART")
    with pytest.raises(journey.ArgumentTypeError, match=r"partials\[1\]: expected a Partial or its bytes, found int"):
        journey.merge_partials([blob, 3])
    with pytest.raises(journey.ArgumentTypeError):
        journey.Partial()


def test_partials_of_different_analyses_do_not_merge():
    a = LOG.partial({"discover": {}})
    with pytest.raises(journey.ArgumentError) as caught:
        a.merge(LOG.partial({"attribution": {"model": "linear"}}))
    assert caught.value.kind == "argument"
    assert str(caught.value) == (
        'partial: partials of different requests do not merge: one has "discover", the other "attribution"'
    )
    with pytest.raises(journey.ArgumentError, match='"attribution" has other options'):
        LOG.partial({"attribution": {"model": "linear"}}).merge(LOG.partial({"attribution": {}}))
    with pytest.raises(journey.ArgumentError, match="partials: no partials to merge"):
        journey.merge_partials([])


def test_analyses_are_read_with_the_cores_messages():
    def refused(analyses, cls=journey.ArgumentError):
        with pytest.raises(cls) as caught:
            LOG.partial(analyses)
        return str(caught.value)

    assert refused({"histogram": {}}) == (
        'analyses["histogram"]: unknown analysis "histogram", expected discover, dfg, funnel, stage_funnel, attribution, '
        "markov, conformance, loops or compare"
    )
    assert refused({"funnel": {}}) == 'analyses["funnel"]: missing field `steps`'
    assert refused({"markov": {"order": 5}}) == 'analyses["markov"].order: 5 is outside 1..=4'
    assert refused({"conformance": {}}) == 'analyses["conformance"].map: expected a journey map'
    assert refused({"discover": {"steps": 1}}) == 'analyses["discover"].steps: unknown field `steps`, there are no fields'
    assert refused(["discover"], journey.ArgumentTypeError) == (
        "analyses: expected a dict of analysis names to options, found list"
    )
    assert refused({"discover": 3}, journey.ArgumentTypeError) == 'analyses["discover"]: expected a dict of options, found int'
    assert refused({1: {}}, journey.ArgumentTypeError) == "analyses: expected analysis names (str), found int"
    # None is no options; a map may be its dict.
    assert LOG.partial({"discover": None, "loops": {"map": MAP.to_dict()}}).finish()["loops"] == LOG.loops(MAP)


def test_a_strict_funnel_is_checked_against_every_part():
    a = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\na,2026-03-01,ad\n")
    b = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\nb,2026-03-01,ad\nb,2026-03-02,cart\n")
    request = {"funnel": {"steps": ["ad", "cart"]}}
    with pytest.raises(journey.NotFoundError) as alone:
        a.partial(request).finish()
    with pytest.raises(journey.NotFoundError) as in_memory_error:
        a.funnel(["ad", "cart"])
    assert str(alone.value) == str(in_memory_error.value)
    funnel = a.partial(request).merge(b.partial(request)).finish()["funnel"]
    assert list(funnel["customers"]) == [2, 1]


def test_a_customer_split_between_parts_is_named_by_conformance():
    a = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\nx,2026-03-01,ad\n")
    b = journey.EventLog.from_csv_text("customer_id,timestamp,touchpoint\nx,2026-03-02,site\n")
    request = {"conformance": {"map": MAP}}
    with pytest.raises(journey.DuplicateError, match='customer in two merged partials "x" already exists'):
        a.partial(request).merge(b.partial(request)).finish()


def test_repr_names_the_analyses():
    p = LOG.partial({"discover": {}, "markov:2": {"order": 2}})
    assert repr(p) == 'Partial(analyses=["discover", "markov:2"], customers=300, events=1374)'
