"""Following and stopping long calls: the shared fixture tests/fixtures/progress/ (which the Rust and JS tests
run too), the bar, and Ctrl-C during a long call on a large generated log."""

import json
import os
import signal
import threading

import numpy as np
import pyarrow as pa
import pytest

import journey
from conftest import FIXTURES

DIR = FIXTURES / "progress"
EXPECTED = json.loads((DIR / "expected.json").read_text(encoding="utf-8"))
COLUMNS = EXPECTED["columns"]
MAP = journey.Journey.load(DIR / EXPECTED["map"])
EVENTS = DIR / EXPECTED["events"]
EMPTY = DIR / EXPECTED["empty"]


def comparable(value):
    """A result in a form that compares by value: frames as records, results as dicts."""
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a data frame (NaN as None, to compare)
        return value.astype(object).where(value.notna(), None).to_dict("records"), dict(value.attrs)
    if isinstance(value, journey.EventLog):
        return value.discover().to_dict()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


def run(call, path, progress):
    """The fixture's call on the log of `path` (read without progress), or reading `path` itself."""
    if call["call"] == "read_csv":
        return journey.EventLog.from_csv(path, progress=progress, **COLUMNS)
    log = journey.EventLog.from_csv(path, progress=False, **COLUMNS)
    name = call["call"]
    if name == "discover":
        return log.discover(progress=progress)
    if name == "funnel":
        # Not strict: the fixture's empty log has none of the steps.
        return log.funnel(EXPECTED["funnel"], strict=False, progress=progress)
    if name == "stage_funnel":
        return log.stage_funnel(MAP, progress=progress)
    if name == "conformance":
        return log.conformance(MAP, progress=progress)
    if name == "loops":
        return log.loops(MAP, progress=progress)
    if name == "attribution":
        return log.attribution(call["model"], progress=progress)
    if name == "journeys":
        return log.journeys(progress=progress)
    if name == "sessions":
        return log.sessions(progress=progress)
    if name == "time_to_convert":
        return log.time_to_convert(progress=progress)
    if name == "cohorts":
        return log.cohorts(progress=progress)
    raise AssertionError(name)


CALLS = [pytest.param(c, id=f"{c['call']}-{c.get('model', '')}") for c in EXPECTED["calls"]]


@pytest.mark.parametrize("call", CALLS)
def test_every_call_reports_to_the_end(call):
    seen = []
    result = run(call, EVENTS, lambda done, total: seen.append((done, total)))
    assert comparable(result) == comparable(run(call, EVENTS, None))
    total = call["total"]
    assert len(seen) >= 2, seen
    assert seen[0][0] == 0
    assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in zip(seen, seen[1:])), seen
    assert all(done < t for done, t in seen[:-1]), seen
    assert seen[-1] == (total, total)


@pytest.mark.parametrize("call", CALLS)
def test_returning_false_at_the_first_report_cancels(call):
    calls = []

    def stop(done, total):
        calls.append((done, total))
        return False

    with pytest.raises(journey.CancelledError) as caught:
        run(call, EVENTS, stop)
    assert caught.value.kind == "cancelled"
    assert isinstance(caught.value, journey.JourneyError)
    assert str(caught.value) == EXPECTED["message"].replace("{what}", call["what"])
    assert len(calls) == 1
    # Anything but False goes on.
    assert comparable(run(call, EVENTS, lambda done, total: 0)) == comparable(run(call, EVENTS, None))


@pytest.mark.parametrize("call", CALLS)
def test_an_empty_log_is_reported_once_as_0_of_0(call):
    seen = []
    run(call, EMPTY, lambda done, total: seen.append([done, total]))
    want = EXPECTED["empty_read_reports"] if call["call"] == "read_csv" else EXPECTED["empty_reports"]
    assert seen == want


def test_the_other_readers_report_too():
    seen = []
    text = EVENTS.read_text(encoding="utf-8")
    log = journey.EventLog.from_csv_text(text, progress=lambda d, t: seen.append((d, t)), **COLUMNS)
    size = len(text.encode("utf-8"))
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    seen.clear()
    journey.EventLog.from_csv_text("", progress=lambda d, t: seen.append([d, t]))
    assert seen == EXPECTED["empty_reports"]
    seen.clear()
    table = pa.table({"customer_id": ["a", "a", "b"], "timestamp": [1, 2, 3], "touchpoint": ["x", "y", "x"]})
    arrow = journey.EventLog.from_arrow(table, progress=lambda d, t: seen.append((d, t)))
    assert len(arrow) == 3 and seen[0] == (0, 6) and seen[-1] == (6, 6)
    with pytest.raises(journey.CancelledError, match="^reading columns was cancelled"):
        journey.EventLog.from_arrow(table, progress=lambda d, t: False)
    seen.clear()
    journey.EventLog.from_arrow(table.slice(0, 0), progress=lambda d, t: seen.append([d, t]))
    assert seen == EXPECTED["empty_reports"]
    assert len(log) == 21


def test_true_shows_a_bar_and_wrong_values_are_refused(capsys):
    log = journey.EventLog.from_csv(EVENTS, progress=False, **COLUMNS)
    capsys.readouterr()
    log.discover(progress=True)
    err = capsys.readouterr().err
    assert err.startswith("\rdiscover [") and "100%" in err and err.endswith("\n")
    log.conformance(MAP, progress=False)
    log.loops(progress=None)
    assert capsys.readouterr().err == ""
    for bad in ("yes", 3):
        with pytest.raises(TypeError, match=r"progress must be a callable \(done, total\), True, False or None"):
            log.funnel(["ad"], progress=bad)


# ---- Ctrl-C ---------------------------------------------------------------------------------------------

def big_log(events=2_000_000):
    """A generated log: 10 events per customer over 40 touchpoints, a third of the customers converting."""
    i = np.arange(events, dtype=np.int64)
    table = pa.table({
        "customer_id": i // 10,
        "timestamp": 1_772_323_200_000 + i * 1000,
        "touchpoint": (i * 2_654_435_761) % 40,
        "converted": ((i % 30) == 29).astype(np.int64),
    })
    return journey.EventLog.from_arrow(table, outcome="converted")


@pytest.fixture(scope="module")
def big():
    return big_log()


LONG_CALLS = {
    "discover": lambda log, **kw: log.discover(**kw),
    "conformance": lambda log, **kw: log.conformance(MAP, **kw),
    "loops": lambda log, **kw: log.loops(MAP, **kw),
    "attribution": lambda log, **kw: log.attribution("linear", **kw),
}


@pytest.mark.parametrize("name", LONG_CALLS)
def test_ctrl_c_stops_a_call_with_a_callback(big, name):
    """SIGINT sent from another thread once the work has started: KeyboardInterrupt comes out of the call,
    whose last report is short of the end. The first report waits until the signal is sent, so a call that is
    fast on an idle machine cannot finish before it arrives."""
    started = threading.Event()
    sent = threading.Event()
    seen = []

    def progress(done, total):
        seen.append((done, total))
        started.set()
        sent.wait(10)

    main = threading.main_thread().ident

    def interrupt():
        started.wait()
        # To the main thread, where Ctrl-C lands in a notebook; the process-wide os.kill may land on a worker.
        signal.pthread_kill(main, signal.SIGINT)
        sent.set()

    # Python's own Ctrl-C handler, as in a terminal or a notebook: a job started in the background inherits
    # SIGINT ignored, and Python then installs no handler.
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    sender = threading.Thread(target=interrupt)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            LONG_CALLS[name](big, progress=progress)
    finally:
        sender.join()
        signal.signal(signal.SIGINT, old)
    assert seen and seen[-1][0] < seen[-1][1], seen[-3:]


class Stop(Exception):
    pass


@pytest.mark.parametrize("name", LONG_CALLS)
def test_signals_are_handled_during_a_call_without_a_callback(big, name):
    """SIGINT sent again and again from another thread while a call runs without a callback: the handler runs
    during the call (not once it is over), and the exception it raises stops the call. Were signals checked
    only once the call returned, the handler would run once or twice and never raise."""
    handled = []

    def handler(signum, frame):
        handled.append(signum)
        if len(handled) == 3:
            raise Stop

    running = threading.Event()
    running.set()

    def keep_interrupting():
        while running.is_set():
            os.kill(os.getpid(), signal.SIGINT)
            running.wait(0)  # let the main thread run
            threading.Event().wait(0.002)

    old = signal.signal(signal.SIGINT, handler)
    try:
        sender = threading.Thread(target=keep_interrupting)
        sender.start()
        try:
            with pytest.raises(Stop):
                LONG_CALLS[name](big)
        finally:
            running.clear()
            sender.join()
        # Signals still pending run the handler here (it no longer raises), not the default one.
        threading.Event().wait(0.01)
    finally:
        signal.signal(signal.SIGINT, old)
    assert len(handled) >= 3
