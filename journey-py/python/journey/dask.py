"""journey on Dask: the analyses of an event log held in a Dask DataFrame, with the answers the in-memory API
gives for the same rows (``EventLog.from_arrow`` of the whole frame).

>>> import journey.dask
>>> found = journey.dask.discover(ddf, customer="user", timestamp="ts", touchpoint="page")  # doctest: +SKIP

How it runs: the columns the log reads are shuffled by customer (``DataFrame.shuffle``), so that all of a
customer's events are in one partition; each partition, a pandas DataFrame, is read into an event log by a
worker (``map_partitions``), which computes the partial results of the analyses; the partials come back as
bytes (``Partial.to_bytes``) and are merged (``journey.merge_partials``, a balanced tree of merges) into the
in-memory API's result objects. It runs on whatever scheduler is active: a ``distributed`` cluster's
client, or Dask's threads (journey releases the GIL while it works). :func:`run` gets several analyses
from one pass over the data.

The column arguments and the column types are those of ``EventLog.from_arrow`` of a pandas DataFrame. Bad
input raises the in-memory API's exceptions, not a worker failure: a column the frame lacks or bad options
before any task runs, a value a worker cannot read with the same class, kind and message as in memory, and
with the number of the Dask partition in the exception's ``partition`` (its ``row`` counts the rows of that
partition).

Needs ``dask[dataframe]`` (``pip install "journey-maps[dask]"``; ``distributed`` for a cluster).
``import journey`` does not import this module nor dask.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Mapping, Optional

from . import _engines

__all__ = ["run", "discover", "dfg", "funnel", "stage_funnel", "attribution", "conformance", "loops", "Timings"]

Timings = _engines.Timings


def run(
    ddf: Any,
    analyses: Mapping[str, Any],
    *,
    partitions: Optional[int] = None,
    timings: Optional[_engines.Timings] = None,
    _call: str = "journey.dask.run",
    **columns: Any,
) -> Dict[str, Any]:
    """The analyses named in ``analyses`` (as ``EventLog.partial`` takes them) over the Dask DataFrame
    ``ddf``, in one pass over its rows: a dict of each analysis name to the result object the in-memory API
    returns.

    ``partitions``: how many partitions of customers (default: as many as ``ddf`` has).
    ``timings``: a :class:`Timings` to fill in with where the time went."""
    import pandas as pd

    start = time.perf_counter()
    partitions = _engines.partitions_argument(_call, partitions)
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in ddf.dtypes.items()})
    plan = _engines.Plan("dask", _call, empty, analyses, columns)
    data = ddf[plan.selected].shuffle(on=plan.customer, npartitions=partitions)
    meta = pd.DataFrame(
        {
            "partition": pd.Series(dtype="int64"),
            "partial": pd.Series(dtype=object),
            "error": pd.Series(dtype=object),
            "rows": pd.Series(dtype="int64"),
            "seconds": pd.Series(dtype="float64"),
        }
    )
    results = data.map_partitions(_partition, plan.columns, plan.analyses, meta=meta, align_dataframes=False)
    rows = results.compute()
    return _engines.finish(plan, list(rows.itertuples(index=False, name=None)), timings, start)


def _partition(
    frame: Any, columns: Dict[str, Any], analyses: Dict[str, Any], partition_info: Optional[Dict[str, Any]] = None
) -> Any:
    """In a Dask worker: the result row of one partition (none for an empty one)."""
    import pandas as pd

    if not len(frame):
        return pd.DataFrame({name: [] for name in _engines.RESULT_FIELDS})
    number = int(partition_info["number"]) if partition_info else 0
    row = _engines.work(number, frame, columns, analyses)
    return pd.DataFrame({name: [row[name]] for name in _engines.RESULT_FIELDS})


discover, dfg, funnel, stage_funnel, attribution, conformance, loops = _engines.calls("dask", run)
