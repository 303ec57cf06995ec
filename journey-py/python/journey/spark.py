"""journey on Apache Spark: the analyses of an event log held in a Spark DataFrame, with the answers the
in-memory API gives for the same rows (``EventLog.from_arrow`` of the whole table).

>>> import journey.spark
>>> found = journey.spark.discover(df, customer="user", timestamp="ts", touchpoint="page")  # doctest: +SKIP

How it runs: the columns the log reads are repartitioned by customer, so that all of a customer's events
are in one partition; each partition goes to a Python worker as Arrow record batches (``mapInArrow``),
where journey reads it into an event log and computes the partial results of the analyses; the partials
come back to the driver as bytes (``Partial.to_bytes``) and are merged there (``journey.merge_partials``, a
balanced tree of merges) into the in-memory API's result objects. :func:`run` gets several analyses from
one pass over the data.

The column arguments are those of ``EventLog.from_arrow`` (``customer``, ``timestamp``, ``touchpoint``,
``outcome``, ...), and so are the column types it reads: Spark's strings, integers, dates and timestamps
(with or without a time zone). Bad input raises the in-memory API's exceptions, not an engine failure: a
column the DataFrame lacks or bad options before any job runs, a value a worker cannot read (a timestamp
that is not one, a null customer) with the same class, kind and message as in memory, and with the number
of the Spark partition in the exception's ``partition`` (its ``row`` counts the rows of that partition).

Needs PySpark 3.5 or later with pyarrow (``pip install "journey-maps[spark]"``), and journey in the Python
of the workers (``PYSPARK_PYTHON``). ``import journey`` does not import this module nor pyspark.
"""

from __future__ import annotations

import functools
import time
import warnings
from typing import Any, Dict, Iterator, Mapping, Optional

from . import _engines

__all__ = ["run", "discover", "dfg", "funnel", "stage_funnel", "attribution", "conformance", "loops", "Timings"]

Timings = _engines.Timings

# The schema of the workers' result rows (`_engines.RESULT_FIELDS`).
_RESULT_SCHEMA = "partition int, partial binary, error string, rows long, seconds double"


def run(
    df: Any,
    analyses: Mapping[str, Any],
    *,
    partitions: Optional[int] = None,
    timings: Optional[_engines.Timings] = None,
    _call: str = "journey.spark.run",
    **columns: Any,
) -> Dict[str, Any]:
    """The analyses named in ``analyses`` (as ``EventLog.partial`` takes them) over the Spark DataFrame
    ``df``, in one pass over its rows: a dict of each analysis name to the result object the in-memory
    API returns.

    ``partitions``: how many partitions of customers (default: Spark's ``spark.sql.shuffle.partitions``).
    ``timings``: a :class:`Timings` to fill in with where the time went."""
    start = time.perf_counter()
    partitions = _engines.partitions_argument(_call, partitions)
    with warnings.catch_warnings():
        # The Arrow types and mapInArrow use no pandas, but pyspark warns about pandas' version.
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        return _run(df, analyses, partitions, timings, _call, columns, start)


def _run(
    df: Any,
    analyses: Mapping[str, Any],
    partitions: Optional[int],
    timings: Optional[_engines.Timings],
    call: str,
    columns: Dict[str, Any],
    start: float,
) -> Dict[str, Any]:
    """:func:`run`, its arguments checked."""
    import pyarrow as pa
    from pyspark.sql import functions as F

    plan = _engines.Plan("spark", call, _empty_table(df, pa), analyses, columns)
    data = df.select(*[F.col(_quoted(name)) for name in plan.selected])
    key = F.col(_quoted(plan.customer))
    data = data.repartition(partitions, key) if partitions else data.repartition(key)
    work = functools.partial(_partition, plan.columns, plan.analyses)
    results = data.mapInArrow(work, _RESULT_SCHEMA)
    if hasattr(results, "toArrow"):  # PySpark 4: the rows come back as Arrow, the partials as bytes
        table = results.toArrow()
        rows = list(zip(*(table.column(name).to_pylist() for name in _engines.RESULT_FIELDS)))
    else:
        rows = [tuple(r) for r in results.collect()]
    return _engines.finish(plan, rows, timings, start)


def _quoted(name: str) -> str:
    """A column name as Spark reads it literally, whatever characters it holds (dots, spaces)."""
    return "`" + name.replace("`", "``") + "`"


def _empty_table(df: Any, pa: Any) -> Any:
    """An empty Arrow table with the columns of `df`, of the types Spark sends them to Python as (a column
    of a type Arrow cannot take is a null column: the log reads no such column)."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructType

    fields = []
    for field in df.schema.fields:
        try:
            fields.append(to_arrow_schema(StructType([field])).field(0))
        except Exception:  # a type pyspark does not send over Arrow
            fields.append(pa.field(field.name, pa.null()))
    return pa.schema(fields).empty_table()


def _partition(columns: Dict[str, Any], analyses: Dict[str, Any], batches: Iterator[Any]) -> Iterator[Any]:
    """In a Spark worker: the result row of one partition's record batches (none for an empty one)."""
    import pyarrow as pa
    from pyspark import TaskContext

    batches = [b for b in batches if b.num_rows]
    if not batches:
        return
    context = TaskContext.get()
    row = _engines.work(context.partitionId() if context else 0, pa.Table.from_batches(batches), columns, analyses)
    types = [pa.int32(), pa.binary(), pa.string(), pa.int64(), pa.float64()]
    yield pa.RecordBatch.from_pylist([row], schema=pa.schema(list(zip(_engines.RESULT_FIELDS, types))))


discover, dfg, funnel, stage_funnel, attribution, conformance, loops = _engines.calls("spark", run)
