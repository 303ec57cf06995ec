"""Progress of reading a large event file: a one-line bar on stderr.

``EventLog.from_csv(path, progress=None)`` shows it only in an interactive session (stderr is a terminal, or
IPython/Jupyter is running) and for files over :data:`AUTO_BYTES`; ``progress=True`` always shows it,
``progress=False`` never, and a callable ``(bytes_read, total_bytes)`` is called instead.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Optional, TextIO

__all__ = ["AUTO_BYTES", "Bar", "auto", "bar", "interactive"]

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
    second and ended with a newline when the reading is done."""

    def __init__(self, label: str, total: int, stream: Optional[TextIO] = None, width: int = 30) -> None:
        self.label = label
        self.total = total
        self.stream = stream
        self.width = width
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
        line = (
            f"\rreading {self.label} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} "
            f"({done / 1e6:.1f} of {total / 1e6:.1f} MB)"
        )
        stream = self.stream if self.stream is not None else sys.stderr
        stream.write(line + ("\n" if last else ""))
        stream.flush()
        self._finished = last


def bar(label: str, total: int) -> Callable[[int, int], None]:
    """A :class:`Bar` on stderr."""
    return Bar(label, total)


def auto(label: str, total: int) -> Optional[Callable[[int, int], None]]:
    """A bar when the session is interactive and the file larger than :data:`AUTO_BYTES`, else None."""
    if total > AUTO_BYTES and interactive():
        return bar(label, total)
    return None
