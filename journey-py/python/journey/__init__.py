"""Customer journey maps as data: build, load, validate, query and save them.

>>> import journey
>>> j = (
...     journey.Journey.with_standard_stages("shop", "Shop")
...     .touchpoint("ad", "Social ad", "awareness", "social", emotion=1)
...     .touchpoint("order", "Order", "purchase", "web")
...     .transition("ad", "order")
...     .entry("ad")
...     .goal("order")
...     .build()
... )
>>> j.reaches("ad", "order")
True

All the work happens in the Rust core (``journey-core``); this package is a thin layer over it.
"""

from ._journey import (
    SCHEMA_VERSION,
    ArgumentError,
    DuplicateError,
    Journey,
    JourneyBuilder,
    JourneyError,
    JourneyIOError,
    NotFoundError,
    ParseError,
    ValidationError,
    __version__,
    json_schema,
)
from ._records import Persona, Problem, Record, Stage, Touchpoint, Transition

__all__ = [
    "SCHEMA_VERSION",
    "ArgumentError",
    "DuplicateError",
    "Journey",
    "JourneyBuilder",
    "JourneyError",
    "JourneyIOError",
    "NotFoundError",
    "ParseError",
    "Persona",
    "Problem",
    "Record",
    "Stage",
    "Touchpoint",
    "Transition",
    "ValidationError",
    "__version__",
    "json_schema",
]
