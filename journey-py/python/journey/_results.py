"""Results of scoring, gap analysis, prioritisation and comparison: read-only data classes.

The native module computes them in the core and hands over plain data (dicts, lists, tuples) shaped like
the core's serde types; ``_from_data`` turns that into these classes. The fields are the core's, one for
one: a field the core adds or drops makes ``_from_data`` fail instead of passing unnoticed.

``to_pandas()`` imports pandas only when it is called (``pip install journey[pandas]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

if TYPE_CHECKING:
    import pandas

__all__ = [
    "Component",
    "Score",
    "StageScore",
    "TouchpointScore",
    "JourneyScore",
    "Location",
    "Gap",
    "GapList",
    "BacklogItem",
    "Backlog",
    "Change",
    "JourneyDiff",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas: pip install journey[pandas]") from e
    return pandas


def _frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> "pandas.DataFrame":
    return _pandas().DataFrame(list(rows), columns=list(columns))


def _transition(pair: Optional[Sequence[str]]) -> Optional[str]:
    return None if pair is None else f"{pair[0]} -> {pair[1]}"


class _Result:
    """What every result has: ``to_dict()``."""

    __slots__ = ()

    def to_dict(self) -> Dict[str, Any]:
        """The fields as plain dicts, lists and tuples, shaped like the core's JSON."""
        return dataclasses.asdict(self)  # type: ignore[call-overload,no-any-return]


# ---- scores ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Component(_Result):
    """One input of a score: its normalised value (0 worst to 1 best), its weight and where it comes from.
    For a touchpoint the name is ``emotion``, ``satisfaction``, ``completion``, ``effort`` or ``pain``; for
    a stage a touchpoint id; for the journey a stage id."""

    name: str
    value: float
    weight: float
    detail: str


@dataclass(frozen=True, repr=False)
class Score(_Result):
    """A score (0–100) with its breakdown: the components that went in, those the map lacks, and how much of
    it rests on figures and evidence (confidence, 0–1)."""

    value: float
    components: List[Component]
    missing: List[str]
    confidence: float

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "Score":
        return cls(**{**d, "components": [Component(**c) for c in d["components"]]})

    def __repr__(self) -> str:
        names = [c.name for c in self.components]
        return f"<Score {self.value:.1f} confidence {self.confidence:.2f} from {names}, missing {self.missing}>"


class _Scored(_Result):
    """Shortcuts to the fields of ``score``."""

    __slots__ = ()
    score: Score

    @property
    def value(self) -> float:
        """The score, 0 to 100."""
        return self.score.value

    @property
    def confidence(self) -> float:
        """How much of the score rests on figures and evidence, 0 to 1."""
        return self.score.confidence

    @property
    def components(self) -> List[Component]:
        """What went into the score."""
        return self.score.components

    @property
    def missing(self) -> List[str]:
        """What could have gone in but the map does not have."""
        return self.score.missing


@dataclass(frozen=True, repr=False)
class TouchpointScore(_Scored):
    """The score of a touchpoint, and its opportunity score (Ulwick: ``I + max(I - S, 0)`` on 0–10; None
    without satisfaction or emotion)."""

    touchpoint: str
    stage: str
    score: Score
    opportunity: Optional[float]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "TouchpointScore":
        return cls(**{**d, "score": Score._from_data(d["score"])})

    def __repr__(self) -> str:
        opportunity = "" if self.opportunity is None else f", opportunity {self.opportunity:g}"
        return f"<TouchpointScore {self.touchpoint!r} {self.value:.1f} confidence {self.confidence:.2f}{opportunity}>"


@dataclass(frozen=True, repr=False)
class StageScore(_Scored):
    """The score of a stage: the importance-weighted mean of its touchpoints, its weakest touchpoint, and
    how many customers reached it when the map says."""

    stage: str
    score: Score
    weakest: Optional[str]
    reach: Optional[int]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "StageScore":
        return cls(**{**d, "score": Score._from_data(d["score"])})

    def __repr__(self) -> str:
        extra = "" if self.weakest is None else f", weakest {self.weakest!r}"
        extra += "" if self.reach is None else f", reach {self.reach}"
        return f"<StageScore {self.stage!r} {self.value:.1f} confidence {self.confidence:.2f}{extra}>"


_SCORE_COLUMNS = ("level", "id", "stage", "value", "confidence", "weakest", "reach", "opportunity", "missing")


@dataclass(frozen=True, repr=False)
class JourneyScore(_Scored):
    """The scores of a journey (or of one persona's journey): the journey's own, each stage's in order,
    and each touchpoint's in map order."""

    persona: Optional[str]
    score: Score
    stages: List[StageScore]
    touchpoints: List[TouchpointScore]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "JourneyScore":
        return cls(
            **{
                **d,
                "score": Score._from_data(d["score"]),
                "stages": [StageScore._from_data(s) for s in d["stages"]],
                "touchpoints": [TouchpointScore._from_data(t) for t in d["touchpoints"]],
            }
        )

    def stage(self, id: str) -> Optional[StageScore]:
        """The score of a stage, or None."""
        return next((s for s in self.stages if s.stage == id), None)

    def touchpoint(self, id: str) -> Optional[TouchpointScore]:
        """The score of a touchpoint, or None (also for one the persona does not use)."""
        return next((t for t in self.touchpoints if t.touchpoint == id), None)

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per stage (``level`` "stage"), then one per touchpoint (``level`` "touchpoint"), with the
        columns level, id, stage, value, confidence, weakest, reach, opportunity and missing (a
        comma-separated string)."""
        rows: List[Dict[str, Any]] = []
        for s in self.stages:
            rows.append(
                {
                    "level": "stage",
                    "id": s.stage,
                    "stage": s.stage,
                    "value": s.value,
                    "confidence": s.confidence,
                    "weakest": s.weakest,
                    "reach": s.reach,
                    "opportunity": None,
                    "missing": ", ".join(s.missing),
                }
            )
        for t in self.touchpoints:
            rows.append(
                {
                    "level": "touchpoint",
                    "id": t.touchpoint,
                    "stage": t.stage,
                    "value": t.value,
                    "confidence": t.confidence,
                    "weakest": None,
                    "reach": None,
                    "opportunity": t.opportunity,
                    "missing": ", ".join(t.missing),
                }
            )
        return _frame(rows, _SCORE_COLUMNS)

    def __repr__(self) -> str:
        persona = "" if self.persona is None else f" for {self.persona!r}"
        return (
            f"<JourneyScore{persona} {self.value:.1f} confidence {self.confidence:.2f}: "
            f"{len(self.stages)} stages, {len(self.touchpoints)} touchpoints>"
        )


# ---- gaps --------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Location(_Result):
    """Where a gap or backlog item is; what does not apply is None. ``transition`` is ``(from, to)``."""

    stage: Optional[str] = None
    touchpoint: Optional[str] = None
    transition: Optional[Tuple[str, str]] = None
    persona: Optional[str] = None

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "Location":
        transition = d.get("transition")
        return cls(**{**d, "transition": None if transition is None else tuple(transition)})

    def _columns(self) -> Dict[str, Any]:
        return {
            "stage": self.stage,
            "touchpoint": self.touchpoint,
            "transition": _transition(self.transition),
            "persona": self.persona,
        }

    def __str__(self) -> str:
        if self.transition is not None:
            place = f"transition {self.transition[0]} -> {self.transition[1]}"
        elif self.touchpoint is not None:
            place = f"touchpoint {self.touchpoint!r}"
        elif self.stage is not None:
            place = f"stage {self.stage!r}"
        else:
            place = "the whole map"
        return place if self.persona is None else f"{place} for persona {self.persona!r}"

    def __repr__(self) -> str:
        values = ((f.name, getattr(self, f.name)) for f in dataclasses.fields(self))
        shown = [f"{name}={value!r}" for name, value in values if value is not None]
        return f"Location({', '.join(shown)})"


@dataclass(frozen=True, repr=False)
class Gap(_Result):
    """Something wrong with a map: its kind (a snake_case name such as ``pain_hotspot``), severity (1 minor
    to 5 critical), where it is, one sentence saying what is wrong, and the figures behind it."""

    kind: str
    severity: int
    location: Location
    message: str
    evidence: List[str]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "Gap":
        return cls(**{**d, "location": Location._from_data(d["location"])})

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"<Gap {self.kind} severity {self.severity} at {self.location}: {self.message!r}>"


_GAP_COLUMNS = ("kind", "severity", "stage", "touchpoint", "transition", "persona", "message", "evidence")


class GapList(List[Gap]):
    """The gaps of a map, most severe first: a list, plus :meth:`to_pandas`."""

    @classmethod
    def _from_data(cls, data: Iterable[Mapping[str, Any]]) -> "GapList":
        return cls(Gap._from_data(g) for g in data)

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per gap: kind, severity, stage, touchpoint, transition (``"from -> to"``), persona,
        message and evidence (joined with ``"; "``)."""
        return _frame(
            (
                {
                    "kind": g.kind,
                    "severity": g.severity,
                    **g.location._columns(),
                    "message": g.message,
                    "evidence": "; ".join(g.evidence),
                }
                for g in self
            ),
            _GAP_COLUMNS,
        )


# ---- backlog -----------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class BacklogItem(_Result):
    """One thing to work on. ``source`` is ``gap``, ``pain_point`` or ``opportunity``; ``kind`` the gap kind
    for a gap. ``priority`` is reach × impact × confidence / effort (reach and confidence 0–1, impact and
    effort 1–5); ``quick_win`` says high impact for low effort."""

    rank: int
    source: str
    kind: str
    title: str
    location: Location
    reach: float
    reach_basis: str
    impact: float
    confidence: float
    effort: float
    priority: float
    quick_win: bool

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "BacklogItem":
        return cls(**{**d, "location": Location._from_data(d["location"])})

    def __repr__(self) -> str:
        what = self.source if self.kind == self.source else f"{self.source} {self.kind}"
        quick = ", quick win" if self.quick_win else ""
        return (
            f"<BacklogItem #{self.rank} priority {self.priority:.3g} {what} at {self.location}{quick}: "
            f"{self.title!r}>"
        )


_BACKLOG_COLUMNS = (
    "rank",
    "source",
    "kind",
    "title",
    "stage",
    "touchpoint",
    "transition",
    "persona",
    "reach",
    "reach_basis",
    "impact",
    "confidence",
    "effort",
    "priority",
    "quick_win",
)


class Backlog(List[BacklogItem]):
    """The ranked backlog, first item first: a list, plus :meth:`to_pandas`."""

    @classmethod
    def _from_data(cls, data: Iterable[Mapping[str, Any]]) -> "Backlog":
        return cls(BacklogItem._from_data(i) for i in data)

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per item: rank, source, kind, title, the location as stage, touchpoint, transition and
        persona, then reach, reach_basis, impact, confidence, effort, priority and quick_win."""
        rows = []
        for i in self:
            row = {f.name: getattr(i, f.name) for f in dataclasses.fields(i) if f.name != "location"}
            row.update(i.location._columns())
            rows.append(row)
        return _frame(rows, _BACKLOG_COLUMNS)


# ---- diff --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change(_Result):
    """A value that changed: the id of what changed (``journey`` for the whole map), the field, and the
    values in the first and the second map."""

    id: str
    field: str
    before: Any
    after: Any


_ID_LISTS = ("stages_added", "stages_removed", "touchpoints_added", "touchpoints_removed")
_PAIR_LISTS = ("transitions_added", "transitions_removed")
_CHANGE_LISTS = (
    "stages_changed",
    "touchpoints_moved",
    "touchpoints_changed",
    "emotion_changes",
    "metric_changes",
    "score_changes",
)


@dataclass(frozen=True, repr=False)
class JourneyDiff(_Result):
    """What differs between two maps, by id. ``len(d)`` counts the entries of every list, so an empty diff
    is falsy; the repr gives the count of each list that is not empty."""

    stages_added: List[str]
    stages_removed: List[str]
    stages_changed: List[Change]
    touchpoints_added: List[str]
    touchpoints_removed: List[str]
    touchpoints_moved: List[Change]
    touchpoints_changed: List[Change]
    transitions_added: List[Tuple[str, str]]
    transitions_removed: List[Tuple[str, str]]
    emotion_changes: List[Change]
    metric_changes: List[Change]
    score_changes: List[Change]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "JourneyDiff":
        fields = dict(d)
        for name in _PAIR_LISTS:
            fields[name] = [tuple(p) for p in d[name]]
        for name in _CHANGE_LISTS:
            fields[name] = [Change(**c) for c in d[name]]
        return cls(**fields)

    def _lists(self) -> List[Tuple[str, List[Any]]]:
        return [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self)]

    def __len__(self) -> int:
        return sum(len(items) for _, items in self._lists())

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per change: change (the list's name), id, field, before and after. An added or removed
        stage or touchpoint has only an id; a transition's id is ``"from -> to"``."""
        rows: List[Dict[str, Any]] = []
        for name, items in self._lists():
            for item in items:
                if isinstance(item, Change):
                    row = {"id": item.id, "field": item.field, "before": item.before, "after": item.after}
                else:
                    id = _transition(item) if name in _PAIR_LISTS else item
                    row = {"id": id, "field": None, "before": None, "after": None}
                rows.append({"change": name, **row})
        return _frame(rows, ("change", "id", "field", "before", "after"))

    def __repr__(self) -> str:
        counts = [f"{name}={len(items)}" for name, items in self._lists() if items]
        return f"<JourneyDiff {', '.join(counts) if counts else 'no changes'}>"
