"""Progress of long calls: a one-line bar on stderr.

Every long call of ``EventLog`` (the readers ``from_csv``, ``from_csv_text`` and ``from_arrow``, and
``discover``, ``funnel``, ``stage_funnel``, ``conformance``, ``loops``, ``attribution``) takes ``progress``:
a callable ``(done, total)`` called at the start (done 0), every few milliseconds of work and at the end
(done == total; an empty log gives one call, 0 of 0), which stops the call with ``journey.CancelledError``
by returning ``False``; ``True`` for a bar on stderr; ``False`` or ``None`` for nothing — except that the
readers of CSV show the bar by default (``None``) in an interactive session (stderr is a terminal, or
IPython/Jupyter is running) for input over :data:`AUTO_BYTES`. For the readers of CSV, done and total are
bytes of input. Ctrl-C stops any of these calls with ``KeyboardInterrupt``, with or without a callback.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Optional, TextIO

__all__ = ["AUTO_BYTES", "Bar", "analysis_bar", "auto", "bar", "interactive"]

AUTO_BYTES = 50_000_000
"""Files larger than this show a bar by default in interactive sessions."""


def interactive() -> bool:
    """Whether a person is probably watching: stderr is a terminal, or IPython (Jupyter) is running."""
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        get = getattr(ipython, "get_ipython", None)
        if get is not None and get() is not None:
            return True
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Bar:
    """A progress bar on one line of a stream (stderr by default), redrawn with ``\\r`` at most ten times a
    second and ended with a newline when the work is done. With ``reading`` (the default) it reads
    ``reading <label> [...] 40% (1.0 of 2.5 MB)``; without, ``<label> [...] 40%``."""

    def __init__(
        self, label: str, total: int, stream: Optional[TextIO] = None, width: int = 30, reading: bool = True
    ) -> None:
        self.label = label
        self.total = total
        self.stream = stream
        self.width = width
        self.reading = reading
        self._shown = 0.0
        self._finished = False

    def __call__(self, done: int, total: int) -> None:
        if self._finished:
            return
        now = time.monotonic()
        last = done >= total
        if not last and now - self._shown < 0.1:
            return
        self._shown = now
        share = 1.0 if total <= 0 else min(done / total, 1.0)
        filled = int(round(share * self.width))
        drawn = f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%}"
        if self.reading:
            line = f"\rreading {self.label} {drawn} ({done / 1e6:.1f} of {total / 1e6:.1f} MB)"
        else:
            line = f"\r{self.label} {drawn}"
        stream = self.stream if self.stream is not None else sys.stderr
        stream.write(line + ("\n" if last else ""))
        stream.flush()
        self._finished = last


def bar(label: str, total: int) -> Callable[[int, int], None]:
    """A :class:`Bar` of reading on stderr."""
    return Bar(label, total)


def analysis_bar(label: str) -> Callable[[int, int], None]:
    """A :class:`Bar` of an analysis on stderr."""
    return Bar(label, 0, reading=False)


def auto(label: str, total: int) -> Optional[Callable[[int, int], None]]:
    """A bar when the session is interactive and the file larger than :data:`AUTO_BYTES`, else None."""
    if total > AUTO_BYTES and interactive():
        return bar(label, total)
    return None
