"""Type stubs of the native module ``journey._journey`` (and of the records the package adds to it)."""

import datetime
import os
from typing import Any, ClassVar, Dict, List, Mapping, Optional, Union, final

from ._records import Persona, Problem, Stage, Touchpoint, Transition
from ._results import Backlog, GapList, JourneyDiff, JourneyScore

_StrPath = Union[str, "os.PathLike[str]"]
_Text = Union[str, bytes, bytearray]
_Date = Union[datetime.date, str]

__all__ = [
    "Journey",
    "JourneyBuilder",
    "ScoringModel",
    "diff",
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
    def score(self, model: Optional["ScoringModel"] = None, persona: Optional[str] = None) -> JourneyScore:
        """Scores (0–100, with their breakdown) of every touchpoint, stage and the journey; with
        ``persona``, of that persona's touchpoints and emotions only.

        Raises NotFoundError for an unknown persona."""
    def gaps(self, model: Optional["ScoringModel"] = None, as_of: Optional[_Date] = None) -> GapList:
        """Every gap of the map, most severe first. ``as_of`` (a date or ``YYYY-MM-DD``; today when None) is
        the date the map's age is measured against.

        Raises ArgumentError for a date that is not one."""
    def prioritize(self, model: Optional["ScoringModel"] = None, as_of: Optional[_Date] = None) -> Backlog:
        """Gaps, pain points and opportunities ranked by reach × impact × confidence / effort, quick wins
        marked. ``as_of`` as for :meth:`gaps`."""
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

@final
class ScoringModel:
    """How scores, gaps and the backlog are computed. Keyword arguments are the core's fields; nested ones
    (``weights``, ``thresholds``) may name only what changes. Checked when made.

    Raises ArgumentError naming the field (``weights.pain: -1 is not a finite number of at least 0``)."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __new__(
        cls,
        *,
        weights: Mapping[str, float] = ...,
        thresholds: Mapping[str, float] = ...,
        default_share: float = ...,
        evidence_target: int = ...,
        default_effort: float = ...,
        default_reach: float = ...,
    ) -> "ScoringModel": ...
    @staticmethod
    def default() -> "ScoringModel":
        """The default model."""
    @property
    def weights(self) -> Dict[str, float]:
        """Component weights: emotion, satisfaction, completion, effort and pain (a copy)."""
    @property
    def thresholds(self) -> Dict[str, float]:
        """Gap and backlog thresholds: pain_hotspot, emotional_dip, drop_off, channel_switch_loss,
        handoff_loss, stale_after_days, quick_win_impact and quick_win_effort (a copy)."""
    @property
    def default_share(self) -> float:
        """The share of customers a pain point affects when the map does not say (0..1)."""
    @property
    def evidence_target(self) -> int:
        """How many evidence items make a touchpoint's evidence complete."""
    @property
    def default_effort(self) -> float:
        """The effort (1..5) of backlog items that do not state one."""
    @property
    def default_reach(self) -> float:
        """The reach (0..1) of backlog items when the map has no figures for it."""
    def to_dict(self) -> Dict[str, Any]:
        """Every field; ``ScoringModel(**m.to_dict()) == m``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str:
        """The fields that differ from the default, as keyword arguments."""

def diff(a: Journey, b: Journey, model: Optional[ScoringModel] = None) -> JourneyDiff:
    """What differs between two maps, by id: stages, touchpoints and transitions added, removed, moved or
    changed, and emotion, metric and score changes."""
