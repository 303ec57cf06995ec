"""The columns of a pandas DataFrame as a pyarrow Table, for ``EventLog.from_arrow``.

pandas' own export (``DataFrame.__arrow_c_stream__``, ``pyarrow.Table.from_pandas``) converts every column
and scans numeric ones for NaN and NaT, the values pandas uses for "missing", copying them as it goes. This
gives the columns the log reads, and hands numpy-backed numbers and datetimes over without a copy when
they hold no missing value: the same Arrow values, sooner. Anything else goes through ``pyarrow.array``,
which is what pandas' export does for each column.
"""

from __future__ import annotations

from typing import Any


def pandas_table(frame: Any, names: list[str]) -> Any:
    """The columns ``names`` of the pandas DataFrame ``frame`` as a pyarrow Table."""
    import pyarrow as pa

    return pa.table({name: _column(frame[name], pa) for name in names})


def _column(series: Any, pa: Any) -> Any:
    import numpy as np

    dtype = series.dtype
    try:
        if isinstance(dtype, np.dtype) and dtype.kind in "iu":
            return pa.array(series.to_numpy())
        if isinstance(dtype, np.dtype) and dtype.kind == "f":
            values = series.to_numpy()
            if not np.isnan(values).any():
                return pa.array(values)
        elif dtype.kind == "M":  # datetime64, with or without a time zone: int64 since the epoch, UTC
            ticks = series.array.asi8
            if not (ticks == np.iinfo(np.int64).min).any():  # NaT
                return pa.array(ticks).view(pa.timestamp(series.dt.unit))
    except (AttributeError, TypeError, ValueError, pa.ArrowException):
        pass
    return pa.array(series)
