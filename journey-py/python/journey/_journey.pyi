"""Type stubs of the native module ``journey._journey`` (and of the records the package adds to it)."""

import os
from typing import Any, ClassVar, Dict, List, Mapping, Optional, Union, final

from ._records import Persona, Problem, Stage, Touchpoint, Transition

_StrPath = Union[str, "os.PathLike[str]"]
_Text = Union[str, bytes, bytearray]

__all__ = [
    "Journey",
    "JourneyBuilder",
    "json_schema",
    "_problem_schema",
    "SCHEMA_VERSION",
    "__version__",
    "JourneyError",
    "ParseError",
    "ValidationError",
    "NotFoundError",
    "DuplicateError",
    "ArgumentError",
    "JourneyIOError",
]

SCHEMA_VERSION: int
__version__: str

def json_schema() -> str:
    """The JSON Schema of the journey file format, as pretty-printed JSON."""

def _problem_schema() -> str: ...

class JourneyError(Exception):
    """Base of every error raised by journey."""

    kind: Optional[str]
    """The core error's stable name: json, csv, encoding, empty, too_large, schema_version, invalid, io,
    not_found, duplicate or argument."""

class ParseError(JourneyError, ValueError):
    """The input could not be read: kind is json, csv, encoding, empty, too_large or schema_version."""

class ValidationError(JourneyError, ValueError):
    """The map has problems (kind ``invalid``)."""

    problems: List[Problem]
    """Every problem, in document order."""

class NotFoundError(JourneyError, KeyError):
    """An id the journey does not have (kind ``not_found``)."""

class DuplicateError(JourneyError, ValueError):
    """An id the journey already has (kind ``duplicate``)."""

class ArgumentError(JourneyError, ValueError):
    """An argument out of its domain (kind ``argument``)."""

class JourneyIOError(JourneyError, OSError):
    """A file could not be read or written (kind ``io``)."""

@final
class Journey:
    """A customer journey map: stages, touchpoints (nodes) and transitions (edges), personas, entries and
    goals. Immutable; build one with :meth:`builder`, or load one."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    @staticmethod
    def load(path: _StrPath) -> "Journey":
        """Loads and validates a journey from a JSON file.

        Raises JourneyIOError, ParseError or ValidationError."""
    @staticmethod
    def from_json(text: _Text) -> "Journey":
        """Loads and validates a journey from JSON text; bytes must be UTF-8.

        Raises ParseError or ValidationError; TypeError for anything but str or bytes."""
    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> "Journey":
        """Builds and validates a journey from a dict shaped like the JSON file."""
    @staticmethod
    def from_csv_sheet(path: _StrPath, id: Optional[str] = None, name: Optional[str] = None) -> "Journey":
        """Loads and validates a CSV sheet (one row per touchpoint). The id defaults to the file stem, the
        name to the stem with spaces."""
    @staticmethod
    def from_csv_sheet_text(text: _Text, id: str, name: str) -> "Journey":
        """Reads and validates a CSV sheet given as text."""
    @staticmethod
    def builder(id: str, name: str) -> "JourneyBuilder":
        """A builder for a journey with an id and a name."""
    @staticmethod
    def with_standard_stages(id: str, name: str) -> "JourneyBuilder":
        """A builder that already has awareness, consideration, purchase, retention and advocacy."""
    def to_json(self) -> str:
        """The journey as pretty-printed JSON."""
    def to_dict(self) -> Dict[str, Any]:
        """The journey as a dict shaped like the JSON file."""
    def save(self, path: _StrPath) -> None:
        """Saves the journey as a JSON file."""
    def validate(self) -> List[Problem]:
        """Every problem of the journey; empty when it is valid."""
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def kind(self) -> str:
        """current_state, future_state, day_in_the_life or service_blueprint."""
    @property
    def reviewed_on(self) -> Optional[str]:
        """The date of the last review, ``YYYY-MM-DD``."""
    @property
    def stages(self) -> List[Stage]: ...
    @property
    def touchpoints(self) -> List[Touchpoint]:
        """Every touchpoint, stage by stage (map order)."""
    @property
    def personas(self) -> List[Persona]: ...
    @property
    def transitions(self) -> List[Transition]: ...
    @property
    def entries(self) -> List[Touchpoint]: ...
    @property
    def goals(self) -> List[Touchpoint]: ...
    def touchpoint(self, id: str) -> Optional[Touchpoint]: ...
    def stage(self, id: str) -> Optional[Stage]: ...
    def persona(self, id: str) -> Optional[Persona]: ...
    def stage_touchpoints(self, stage_id: str) -> List[Touchpoint]:
        """Raises NotFoundError for an unknown stage."""
    def persona_touchpoints(self, persona_id: str) -> List[Touchpoint]:
        """Raises NotFoundError for an unknown persona."""
    def channel_touchpoints(self, channel: str) -> List[Touchpoint]:
        """Raises ArgumentError for an unknown channel name."""
    def successors(self, id: str) -> List[Touchpoint]:
        """Raises NotFoundError for an unknown touchpoint."""
    def predecessors(self, id: str) -> List[Touchpoint]:
        """Raises NotFoundError for an unknown touchpoint."""
    def path(self, from_id: str, to_id: str) -> Optional[List[Touchpoint]]:
        """A shortest path, both ends included; None when there is none."""
    def reaches(self, from_id: str, to_id: str) -> bool: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

@final
class JourneyBuilder:
    """Builds a journey piece by piece; keyword arguments are the fields of the JSON file. Every method
    but :meth:`build` changes the builder and returns it."""

    def __new__(cls, id: str, name: str, standard_stages: bool = False) -> "JourneyBuilder": ...
    def description(self, text: str) -> "JourneyBuilder": ...
    def kind(self, k: str) -> "JourneyBuilder":
        """current_state, future_state, day_in_the_life or service_blueprint."""
    def reviewed_on(self, date: str) -> "JourneyBuilder":
        """``YYYY-MM-DD``."""
    def stage(self, id: str, name: str, **fields: Any) -> "JourneyBuilder": ...
    def persona(self, id: str, name: str, **fields: Any) -> "JourneyBuilder": ...
    def touchpoint(self, id: str, name: str, stage: str, channel: str, **fields: Any) -> "JourneyBuilder": ...
    def transition(self, from_: str, to: str, **fields: Any) -> "JourneyBuilder": ...
    def entry(self, id: str) -> "JourneyBuilder": ...
    def goal(self, id: str) -> "JourneyBuilder": ...
    def build(self) -> Journey:
        """Raises ValidationError with every problem."""
    def __repr__(self) -> str: ...
