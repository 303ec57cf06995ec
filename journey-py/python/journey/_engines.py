"""What the engines (``journey.spark``, ``journey.dask``) share: the columns they send to their workers, the
work of one worker on one partition of customers, and the merge of the workers' partials on the driver.

A worker never lets a journey error out as an engine failure: it catches it and ships the error's class,
kind, message and place in its result row; the driver raises the same journey exception, its message after
the engine and the number of the partition (``spark partition 3: row 17, column "timestamp": ...``), the
number in its ``partition`` attribute too (its ``row``, when it has one, counts the rows of that partition
as the worker read them: an engine's rows have no order of their own). Neither pyspark nor dask is
imported here.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from . import _journey

# The fields of a worker's result row.
RESULT_FIELDS = ("partition", "partial", "error", "rows", "seconds")
# The columns that `EventColumns` names, besides the tie order (a setting, not a column).
_NOT_COLUMNS = ("ties",)
# The place fields of a journey error, shipped with it.
_PLACE = ("path", "line", "column", "row")


class Plan:
    """One engine call, worked out on the driver before any job runs: the event columns (the core's
    defaults filled in), the names of the data's columns to send to the workers, and the analyses.

    Making it checks everything that can be checked without the data, with the in-memory API's errors:
    the column arguments, the columns the data lacks (from its schema: ``empty`` is an empty table of it)
    and the analyses' options (a partial of the empty log)."""

    __slots__ = ("engine", "columns", "selected", "analyses", "empty_partial")

    def __init__(
        self, engine: str, call: str, empty: Any, analyses: Mapping[str, Any], columns: Dict[str, Any]
    ) -> None:
        from . import EventLog

        self.engine = engine
        if not isinstance(analyses, Mapping):
            raise _journey._wrong_type(call, "analyses", "a dict of analysis names to their options", analyses)
        resolved = _journey._event_columns(call, **columns)
        self.columns: Dict[str, Any] = {k: v for k, v in resolved.items() if v is not None}
        self.selected: List[str] = list(
            dict.fromkeys(v for k, v in self.columns.items() if k not in _NOT_COLUMNS)
        )
        self.analyses: Dict[str, Any] = dict(analyses)
        self.empty_partial: bytes = EventLog.from_arrow(empty, **self.columns).partial(self.analyses).to_bytes()

    @property
    def customer(self) -> str:
        """The customer column, by which the data is partitioned."""
        return str(self.columns["customer"])


def work(partition: int, data: Any, columns: Mapping[str, Any], analyses: Mapping[str, Any]) -> Dict[str, Any]:
    """In a worker: the partial of the analyses over the customers of one partition (`data`, anything
    ``EventLog.from_arrow`` reads), as a result row; a journey error is caught and shipped in the row."""
    from . import EventLog, JourneyError

    start = time.perf_counter()
    partial: Optional[bytes] = None
    error: Optional[str] = None
    rows = 0
    try:
        log = EventLog.from_arrow(data, **columns)
        rows = len(log)
        partial = log.partial(dict(analyses)).to_bytes()
    except JourneyError as e:
        error = json.dumps(
            {"class": type(e).__name__, "kind": e.kind, "message": str(e), **{f: getattr(e, f, None) for f in _PLACE}}
        )
    return {
        "partition": partition,
        "partial": partial,
        "error": error,
        "rows": rows,
        "seconds": time.perf_counter() - start,
    }


def shipped_error(error: str, engine: str, partition: int) -> BaseException:
    """The journey exception a worker of `engine` shipped as `error` (see :func:`work`), from partition
    `partition`."""
    import journey

    fields = json.loads(error)
    found = getattr(journey, str(fields.get("class")), None)
    cls = found if isinstance(found, type) and issubclass(found, journey.JourneyError) else journey.JourneyError
    exception = cls(f"{engine} partition {partition}: {fields['message']}")
    exception.kind = fields.get("kind")
    for field in _PLACE:
        if fields.get(field) is not None:
            setattr(exception, field, fields[field])
    exception.partition = partition
    return exception


class Timings:
    """Where an engine call's time went: the workers' own time (reading their partition into a log and
    computing its partial, summed over the workers), the merge on the driver, and the whole call."""

    __slots__ = ("workers", "merge", "total", "partitions", "rows")

    def __init__(self) -> None:
        self.workers = 0.0
        self.merge = 0.0
        self.total = 0.0
        self.partitions = 0
        self.rows = 0

    def __repr__(self) -> str:
        return (
            f"<Timings total {self.total:.3f} s, workers {self.workers:.3f} s (summed), merge {self.merge:.3f} s, "
            f"{self.partitions} partitions, {self.rows} rows>"
        )


def finish(plan: Plan, results: Iterable[Tuple[Any, ...]], timings: Optional[Timings], start: float) -> Dict[str, Any]:
    """On the driver: the results of the workers (tuples in the order of `RESULT_FIELDS`) merged into the
    in-memory API's result objects, one per analysis; the shipped error of the first partition that has
    one is raised instead. `timings`, if any, is filled in, its total counted from `start`."""
    from . import merge_partials

    rows = sorted(results, key=lambda r: r[0])
    for partition, _, error, _, _ in rows:
        if error is not None:
            raise shipped_error(error, plan.engine, int(partition))
    merging = time.perf_counter()
    parts = [bytes(r[1]) for r in rows if r[1] is not None] or [plan.empty_partial]
    found = merge_partials(parts).finish()
    if timings is not None:
        timings.merge = time.perf_counter() - merging
        timings.workers = sum(float(r[4]) for r in rows)
        timings.partitions = len(rows)
        timings.rows = sum(int(r[3]) for r in rows)
        timings.total = time.perf_counter() - start
    return dict(found)


def partitions_argument(call: str, partitions: Any) -> Optional[int]:
    """`partitions` of an engine call checked: None (the engine's default) or a whole number of 1 or more."""
    if partitions is None:
        return None
    if isinstance(partitions, bool) or not isinstance(partitions, int):
        raise _journey._wrong_type(call, "partitions", "a whole number of 1 or more, or None", partitions)
    if partitions < 1:
        raise _journey._argument_error("partitions", f"{partitions} is not a whole number of 1 or more")
    return partitions


def calls(engine: str, run: Callable[..., Dict[str, Any]]) -> Tuple[Callable[..., Any], ...]:
    """The one-analysis calls of an engine whose :func:`run` is `run`: ``discover``, ``dfg``, ``funnel``,
    ``stage_funnel``, ``attribution``, ``conformance`` and ``loops``, each ``run`` of one analysis."""
    column_names = set(_journey._event_columns("journey." + engine))

    def one(name: str, data: Any, options: Dict[str, Any], engine_args: Dict[str, Any]) -> Any:
        return run(data, {name: options}, _call=f"journey.{engine}.{name}", **engine_args)[name]

    def discover(data: Any, *, partitions: Optional[int] = None, timings: Optional[Timings] = None, **columns: Any) -> Any:
        """The observed journey (``EventLog.discover``) of the events in ``data``."""
        return one("discover", data, {}, dict(partitions=partitions, timings=timings, **columns))

    def dfg(data: Any, *, partitions: Optional[int] = None, timings: Optional[Timings] = None, **columns: Any) -> Any:
        """The directly-follows graph alone (``EventLog.dfg``: counts of moves, starts and ends) of the
        events in ``data``: a small fraction of what :func:`discover` sends back and merges."""
        return one("dfg", data, {}, dict(partitions=partitions, timings=timings, **columns))

    def funnel(
        data: Any,
        steps: List[str],
        *,
        strict: bool = True,
        within_days: Optional[float] = None,
        partitions: Optional[int] = None,
        timings: Optional[Timings] = None,
        **columns: Any,
    ) -> Any:
        """The closed funnel of ``steps`` (``EventLog.funnel``, with its ``strict`` and ``within_days``)."""
        options = {"steps": steps, "strict": strict, "within_days": within_days}
        return one("funnel", data, options, dict(partitions=partitions, timings=timings, **columns))

    def stage_funnel(
        data: Any, journey: Any, *, partitions: Optional[int] = None, timings: Optional[Timings] = None, **columns: Any
    ) -> Any:
        """The stage funnel of the map ``journey`` (``EventLog.stage_funnel``)."""
        return one("stage_funnel", data, {"map": journey}, dict(partitions=partitions, timings=timings, **columns))

    def conformance(
        data: Any, journey: Any, *, partitions: Optional[int] = None, timings: Optional[Timings] = None, **columns: Any
    ) -> Any:
        """How far the customers follow the map ``journey`` (``EventLog.conformance``)."""
        return one("conformance", data, {"map": journey}, dict(partitions=partitions, timings=timings, **columns))

    def loops(
        data: Any,
        journey: Any = None,
        *,
        partitions: Optional[int] = None,
        timings: Optional[Timings] = None,
        **columns: Any,
    ) -> Any:
        """The loops customers go round (``EventLog.loops``), against the map ``journey`` if one is given."""
        options = {} if journey is None else {"map": journey}
        return one("loops", data, options, dict(partitions=partitions, timings=timings, **columns))

    def attribution(
        data: Any,
        model: Optional[str] = None,
        *,
        partitions: Optional[int] = None,
        timings: Optional[Timings] = None,
        **options: Any,
    ) -> Any:
        """Attribution (``EventLog.attribution``) by ``model``, any of the in-memory models (Markov of order 1
        to 4 with ``order``); the other keyword arguments are the columns of the log and the options of
        ``EventLog.attribution`` (``order``, ``collapse``, ``half_life_days``, ...)."""
        columns = {k: v for k, v in options.items() if k in column_names}
        given = {k: v for k, v in options.items() if k not in column_names}
        return one("attribution", data, {"model": model, **given}, dict(partitions=partitions, timings=timings, **columns))

    made = (discover, dfg, funnel, stage_funnel, attribution, conformance, loops)
    for call in made:
        call.__module__ = f"journey.{engine}"
        call.__qualname__ = call.__name__
    return made
