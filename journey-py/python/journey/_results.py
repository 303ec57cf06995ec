"""Results of scoring, gap analysis, prioritisation, comparison and event-log analytics: read-only classes.

The native module computes them in the core and hands over plain data (dicts, lists, tuples) shaped like
the core's serde types; ``_from_data`` turns that into these classes. The fields are the core's, one for
one: a field the core adds or drops makes ``_from_data`` fail instead of passing unnoticed.

``to_pandas()`` imports pandas only when it is called (``pip install journey-maps[pandas]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _journey

if TYPE_CHECKING:
    import os

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
    "Addressed",
    "Effect",
    "EffectChange",
    "Change",
    "JourneyDiff",
    "Edit",
    "Dfg",
    "Discovery",
    "Conformance",
    "Loops",
    "Comparison",
    "TimeToConvert",
    "Cohorts",
    "Svg",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas: pip install journey-maps[pandas]") from e
    return pandas


def _frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> "pandas.DataFrame":
    return _pandas().DataFrame(list(rows), columns=list(columns))


def _items(cls: type, items: Any) -> Any:
    """The items of a result list, as an iterator; ``ArgumentTypeError`` naming the class for a value that is
    not iterable."""
    try:
        return iter(items)
    except TypeError:
        raise _journey._wrong_type(cls.__name__, "items", "an iterable", items) from None


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
    role: str
    """The role it was judged in: "entry", "step" or "optional" (only a step is scored on completion)."""

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "TouchpointScore":
        return cls(**{**d, "score": Score._from_data(d["score"])})

    def __repr__(self) -> str:
        opportunity = "" if self.opportunity is None else f", opportunity {self.opportunity:g}"
        return f"<TouchpointScore {self.touchpoint!r} {self.value:.1f} confidence {self.confidence:.2f}{opportunity}>"


@dataclass(frozen=True, repr=False)
class StageScore(_Scored):
    """The score of a stage: the importance-weighted mean of its touchpoints, its weakest touchpoint, how
    many its touchpoints reached (``reach``, impressions included) and its customers (the most ``entered``
    at its steps) when the map says, and its ``weight``: its share of the journey's score (0 to 1)."""

    stage: str
    score: Score
    weakest: Optional[str]
    reach: Optional[int]
    customers: Optional[int]
    weight: float

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "StageScore":
        return cls(**{**d, "score": Score._from_data(d["score"])})

    def __repr__(self) -> str:
        extra = "" if self.weakest is None else f", weakest {self.weakest!r}"
        extra += "" if self.reach is None else f", reach {self.reach}"
        extra += f", weight {self.weight:.0%}" if self.weakest is not None else ""
        return f"<StageScore {self.stage!r} {self.value:.1f} confidence {self.confidence:.2f}{extra}>"


_SCORE_COLUMNS = (
    "level", "id", "stage", "value", "confidence", "weakest", "reach", "opportunity", "missing", "role", "weight",
    "customers",
)


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
        columns level, id, stage, value, confidence, weakest, reach, opportunity, missing (a
        comma-separated string), role (touchpoints), weight and customers (stages)."""
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
                    "role": None,
                    "weight": s.weight,
                    "customers": s.customers,
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
                    "role": t.role,
                    "weight": None,
                    "customers": None,
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
    """Where a gap or backlog item is; what does not apply is None. ``transition`` is ``(from, to)``;
    ``pain_point`` the index of the pain point it is about in the touchpoint's ``pain_points``, ``kpi`` the
    index of the KPI in the stage's ``kpis``."""

    stage: Optional[str] = None
    touchpoint: Optional[str] = None
    transition: Optional[Tuple[str, str]] = None
    persona: Optional[str] = None
    pain_point: Optional[int] = None
    kpi: Optional[int] = None

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

    def __init__(self, items: Iterable[Gap] = ()) -> None:
        super().__init__(_items(type(self), items))

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
class Addressed(_Result):
    """What a backlog line holds besides its lead: a pain point, a gap, or another opportunity for the same
    pain points. ``source`` is ``pain_point``, ``gap`` or ``opportunity``; ``kind`` the gap kind for a gap;
    ``id`` the pain point's or opportunity's id (None for a gap); ``severity`` the pain point's or gap's
    severity, or the opportunity's impact (1-5)."""

    source: str
    kind: str
    id: Optional[str]
    touchpoint: Optional[str]
    title: str
    severity: int

    def __repr__(self) -> str:
        who = self.kind if self.id is None else f"{self.kind} {self.id}"
        return f"<Addressed {who}: {self.title!r}>"


@dataclass(frozen=True)
class EffectChange(_Result):
    """One change behind an estimated effect: the drop-off at ``touchpoint`` (with ``to``: its moves to
    ``to``) falls by ``share`` (0-1)."""

    touchpoint: str
    to: Optional[str]
    share: float


@dataclass(frozen=True)
class Effect(_Result):
    """A backlog line's estimated effect from the absorbing Markov chain of an event log's paths: extra
    ``conversions`` and ``value`` (conversions × the mean value of a conversion), the ``changes`` behind
    them, the ``basis`` in a sentence, and ``priority``: conversions × impact × confidence × importance / 5 /
    effort, the line's priority with the extra conversions in place of reach."""

    conversions: float
    value: float
    changes: List[EffectChange]
    basis: str
    priority: float

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "Effect":
        return cls(**{**d, "changes": [EffectChange(**c) for c in d["changes"]]})


@dataclass(frozen=True, repr=False)
class BacklogItem(_Result):
    """One line to work on: one problem. ``source`` is what leads it (``gap``, ``pain_point`` or
    ``opportunity``); ``kind`` the gap kind for a gap; ``addresses`` what else it holds (the pain points and
    gaps it is about, other opportunities for them). ``priority`` is reach × impact × confidence ×
    importance / 5 / effort (reach and confidence 0–1, impact, importance and effort 1–5); ``quick_win`` says
    high impact for low effort. ``effect`` is the estimated effect (``prioritize(log=...)``), else None.
    ``ranked_by`` says what ranked the line: ``effect`` (the log shows a gain; these come first, by
    ``effect.priority``), ``map`` (by ``priority``: without a log, or where the log cannot judge the line) or
    ``no_effect`` (the log's customers pass there but the change wins no conversions; these come last)."""

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
    id: Optional[str]
    importance: float
    addresses: List[Addressed]
    effect: Optional[Effect]
    ranked_by: str

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "BacklogItem":
        effect = d.get("effect")
        return cls(
            **{
                **d,
                "location": Location._from_data(d["location"]),
                "addresses": [Addressed(**a) for a in d["addresses"]],
                "effect": None if effect is None else Effect._from_data(effect),
            }
        )

    def __repr__(self) -> str:
        what = self.source if self.kind == self.source else f"{self.source} {self.kind}"
        quick = ", quick win" if self.quick_win else ""
        effect = "" if self.effect is None else f", {self.effect.conversions:+.3g} conversions"
        return (
            f"<BacklogItem #{self.rank} priority {self.priority:.3g} {what} at {self.location}{quick}{effect}: "
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
    "id",
    "importance",
    "addresses",
    "effect_conversions",
    "effect_value",
    "effect_priority",
    "ranked_by",
)


class Backlog(List[BacklogItem]):
    """The ranked backlog, first item first: a list, plus :meth:`to_pandas`."""

    def __init__(self, items: Iterable[BacklogItem] = ()) -> None:
        super().__init__(_items(type(self), items))

    @classmethod
    def _from_data(cls, data: Iterable[Mapping[str, Any]]) -> "Backlog":
        return cls(BacklogItem._from_data(i) for i in data)

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per item: rank, source, kind, title, the location as stage, touchpoint, transition and
        persona, then reach, reach_basis, impact, confidence, effort, priority, quick_win, id, importance,
        addresses (the ids, or gap kinds, joined with ``", "``), the effect's conversions, value and priority
        (None without a log) and ranked_by."""
        rows = []
        skip = ("location", "addresses", "effect")
        for i in self:
            row = {f.name: getattr(i, f.name) for f in dataclasses.fields(i) if f.name not in skip}
            row.update(i.location._columns())
            row["addresses"] = ", ".join(a.id or a.kind for a in i.addresses)
            row["effect_conversions"] = None if i.effect is None else i.effect.conversions
            row["effect_value"] = None if i.effect is None else i.effect.value
            row["effect_priority"] = None if i.effect is None else i.effect.priority
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


@dataclass(frozen=True)
class Edit(_Result):
    """One edit between two maps, found by walking both files field by field: ``change`` (``added``,
    ``removed`` or ``changed``), the top-level ``item`` (``journey``, ``stage``, ``persona``,
    ``touchpoint``, ``transition``, ``entry``, ``goal``) and its ``id`` (``from -> to`` for a transition),
    the ``field`` within it (``pain_points[slow].severity``; empty for the whole item), the full ``path``
    in the file, the values ``before`` and ``after`` (``None`` when not there), and the edit as a sentence
    (``line``)."""

    change: str
    item: str
    id: str
    field: str
    path: str
    before: Any
    after: Any
    line: str


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
    """What differs between two maps, by id. ``edits`` has every edit between the two files, field by field
    (personas, KPIs, pain points, delights, evidence, backstage, opportunities, the map's kind, ...);
    the other lists are views of the most asked-for of them, and ``score_changes`` what they do to the
    scores; ``lines`` says it all in sentences. ``len(d)`` counts the edits and the score changes, so an
    empty diff is falsy; the repr gives the count of each list that is not empty."""

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
    edits: List[Edit]
    lines: List[str]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "JourneyDiff":
        fields = dict(d)
        for name in _PAIR_LISTS:
            fields[name] = [tuple(p) for p in d[name]]
        for name in _CHANGE_LISTS:
            fields[name] = [Change(**c) for c in d[name]]
        fields["edits"] = [Edit(**e) for e in d["edits"]]
        return cls(**fields)

    def _lists(self) -> List[Tuple[str, List[Any]]]:
        """The typed lists (the views and the score changes), not ``edits`` and ``lines``."""
        return [(f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.name not in ("edits", "lines")]

    def __len__(self) -> int:
        return len(self.edits) + len(self.score_changes)

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

    def edits_to_pandas(self) -> "pandas.DataFrame":
        """One row per edit: change, item, id, field, path, before, after and line."""
        rows = [dataclasses.asdict(e) for e in self.edits]
        return _frame(rows, ("change", "item", "id", "field", "path", "before", "after", "line"))

    def __repr__(self) -> str:
        counts = [f"{name}={len(items)}" for name, items in self._lists() if items]
        if self.edits:
            counts.append(f"edits={len(self.edits)}")
        return f"<JourneyDiff {', '.join(counts) if counts else 'no changes'}>"


# ---- analytics ---------------------------------------------------------------------------------------
#
# Tables of the event-log analytics come back as data frames: pandas by default, polars with
# ``backend="polars"``; each library is imported only when a table of it is asked for.

_STR, _INT, _FLOAT, _BOOL = "str", "int", "float", "bool"
_BACKENDS = ("pandas", "polars")

Frame = Any
"""A ``pandas.DataFrame`` or a ``polars.DataFrame``."""


def _polars() -> Any:
    try:
        import polars
    except ImportError as e:
        raise ImportError('backend="polars" needs polars: pip install journey-maps[polars]') from e
    return polars


def _check_backend(backend: str) -> None:
    if backend not in _BACKENDS:
        from ._journey import ArgumentError

        error = ArgumentError(f'backend: unknown backend {backend!r}, expected "pandas" or "polars"')
        error.kind = "argument"
        raise error


def _table(
    columns: Sequence[Tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    backend: str = "pandas",
    attrs: Optional[Mapping[str, Any]] = None,
) -> Frame:
    """A data frame with the given (name, type) columns from rows of dicts, typed even when empty."""
    return _typed_frame(columns, {name: [r[name] for r in rows] for name, _ in columns}, backend, attrs)


def _typed_frame(
    columns: Sequence[Tuple[str, str]],
    data: Mapping[str, Sequence[Any]],
    backend: str = "pandas",
    attrs: Optional[Mapping[str, Any]] = None,
) -> Frame:
    """A data frame with the given (name, type) columns from lists of values, typed even when empty."""
    _check_backend(backend)
    if backend == "polars":
        pl = _polars()
        types = {_STR: pl.Utf8, _INT: pl.Int64, _FLOAT: pl.Float64, _BOOL: pl.Boolean}
        frame = pl.DataFrame(data, schema={name: types[kind] for name, kind in columns})
    else:
        pd = _pandas()
        types = {_INT: "int64", _FLOAT: "float64", _BOOL: "bool"}
        frame = pd.DataFrame(
            {
                name: pd.Series(data[name], dtype=types.get(kind, None if data[name] else object))
                for name, kind in columns
            },
            columns=[name for name, _ in columns],
        )
    if attrs is not None:
        # pandas keeps `attrs` through most operations; on a polars frame it is a plain attribute.
        frame.attrs = dict(attrs)
    return frame


_TRANSITION_COLUMNS = (
    ("source", _STR),
    ("target", _STR),
    ("count", _INT),
    ("customers", _INT),
    ("mean_seconds", _FLOAT),
    ("median_seconds", _FLOAT),
    ("p95_seconds", _FLOAT),
)
_COUNT_COLUMNS = (("touchpoint", _STR), ("count", _INT))
_VISIT_COLUMNS = (("touchpoint", _STR), ("events", _INT), ("customers", _INT))
_VARIANT_COLUMNS = (("path", _STR), ("length", _INT), ("customers", _INT), ("conversions", _INT))
_DROPOFF_COLUMNS = (("touchpoint", _STR), ("customers", _INT), ("visitors", _INT), ("rate", _FLOAT))
_REASON_COLUMNS = (("touchpoint", _STR), ("reason", _STR), ("customers", _INT))
_FUNNEL_COLUMNS = (
    ("step", _STR),
    ("customers", _INT),
    ("step_conversion", _FLOAT),
    ("overall_conversion", _FLOAT),
    ("median_seconds", _FLOAT),
    ("p25_seconds", _FLOAT),
    ("p75_seconds", _FLOAT),
    ("p90_seconds", _FLOAT),
    ("min_seconds", _FLOAT),
    ("max_seconds", _FLOAT),
)
_CUSTOMER_PATH_COLUMNS = (("customer", _STR), ("path", _STR), ("length", _INT), ("converted", _BOOL), ("value", _FLOAT))
_ATTRIBUTION_COLUMNS = (("touchpoint", _STR), ("removal_effect", _FLOAT), ("conversions", _FLOAT), ("value", _FLOAT))
_INTERVAL_COLUMNS = (("touchpoint", _STR), ("share", _FLOAT), ("low", _FLOAT), ("high", _FLOAT))
_SWITCH_COLUMNS = (
    ("from", _STR),
    ("to", _STR),
    ("switches", _INT),
    ("customers", _INT),
    ("conversions", _INT),
    ("conversion_rate", _FLOAT),
)
_POSITION_COLUMNS = (("touchpoint", _STR), ("position", _INT), ("conversions", _FLOAT), ("value", _FLOAT))
_COST_COLUMNS = (
    ("model", _STR),
    ("touchpoint", _STR),
    ("spend", _FLOAT),
    ("conversions", _FLOAT),
    ("value", _FLOAT),
    ("cost_per_conversion", _FLOAT),
    ("roas", _FLOAT),
)
_MATRIX_COLUMNS = (("from", _STR), ("to", _STR), ("count", _INT), ("probability", _FLOAT))
_ORDER_COLUMNS = (
    ("order", _INT),
    ("states", _INT),
    ("parameters", _INT),
    ("moves", _INT),
    ("log_likelihood", _FLOAT),
    ("aic", _FLOAT),
    ("bic", _FLOAT),
)
_FITNESS_COLUMNS = (("customer", _STR), ("fitness", _FLOAT), ("moves", _INT))
_PATH_COUNT_COLUMNS = (("source", _STR), ("target", _STR), ("count", _INT), ("customers", _INT))
_SHARE_COLUMNS = (
    ("subject", _STR),
    ("a_count", _INT),
    ("a_total", _INT),
    ("a_share", _FLOAT),
    ("b_count", _INT),
    ("b_total", _INT),
    ("b_share", _FLOAT),
    ("change", _FLOAT),
    ("test", _STR),
    ("p_value", _FLOAT),
    ("q_value", _FLOAT),
    ("significant", _BOOL),
)

PATH_SEPARATOR = " > "
"""How a variant's path is written in :meth:`Discovery.variants`: ``"ad > site > checkout"``."""


def _path(touchpoints: Sequence[str]) -> Dict[str, Any]:
    """A path's columns in a table: the touchpoints joined with :data:`PATH_SEPARATOR`, and its length."""
    return {"path": PATH_SEPARATOR.join(touchpoints), "length": len(touchpoints)}


def _variants_frame(variants: Any, top: Optional[int], backend: str) -> Frame:
    """Path variants kept by the core (``_journey._Variants``) as a data frame: the ``top`` ones when given
    (called by :meth:`Discovery.variants` and by the native ``EventLog.variants``)."""
    _check_backend(backend)
    top = None if top is None else max(top, 0)
    if len(variants) and (top is None or top > 0) and _has_pyarrow():
        # The columns come as Arrow, written by the binding, and the frame reads them.
        return _arrow_frame(variants.arrow(top, PATH_SEPARATOR), backend)
    path, length, customers, conversions = variants.columns(top, PATH_SEPARATOR)
    data = {"path": path, "length": length, "customers": customers, "conversions": conversions}
    return _typed_frame(_VARIANT_COLUMNS, data, backend)


def _arrow_frame(batch: Any, backend: str) -> Frame:
    """A pyarrow RecordBatch of typed columns as a data frame of `backend` (called by the native module)."""
    _check_backend(backend)
    if backend == "polars":
        return _polars().from_arrow(batch)
    pd = _pandas()
    frame = batch.to_pandas()
    # Text as pandas makes it of a list of strings (its `str` dtype under pandas 3, whatever pyarrow's
    # version; `object` before), as in every other frame of the library.
    text = pd.Series(["-"]).dtype
    for name in frame.columns:
        if frame[name].dtype == object or isinstance(frame[name].dtype, pd.StringDtype):
            if frame[name].dtype != text:
                frame[name] = frame[name].astype(text)
    return frame


def _has_pyarrow() -> bool:
    """Whether pyarrow can be imported (a data frame is then built from Arrow columns)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _frame_of(kind: str, data: Mapping[str, Any], backend: str) -> Frame:
    """A table-shaped core result as a data frame (called by the native module)."""
    if kind == "funnel":
        return _table(_FUNNEL_COLUMNS, data["steps"], backend, {"customers": data["customers"]})
    if kind == "attribution":
        keys = ("model", "collapsed", "value_weighted", "conversions", "value", "conversion_probability")
        attrs = {k: data[k] for k in keys}
        if data.get("positions") is not None:
            # Ordered Shapley: the credit by position, as records (`pandas.DataFrame(df.attrs["positions"])`).
            attrs["positions"] = [dict(p) for p in data["positions"]]
        return _table(_ATTRIBUTION_COLUMNS, data["rows"], backend, attrs)
    if kind == "attribution_intervals":
        keys = ("model", "level", "seed", "customers", "conversions", "resamples")
        return _table(_INTERVAL_COLUMNS, data["rows"], backend, {k: data[k] for k in keys})
    if kind == "customer_paths":
        rows = [
            {"customer": p["customer"], **_path(p["touchpoints"]), "converted": p["converted"], "value": p["value"]}
            for p in data
        ]
        return _table(_CUSTOMER_PATH_COLUMNS, rows, backend)
    if kind == "cost":
        return _table(_COST_COLUMNS, data["rows"], backend, {k: data[k] for k in ("collapsed", "currency")})
    if kind == "transition_matrix":
        return _table(_MATRIX_COLUMNS, data["rows"], backend, {k: data[k] for k in ("order", "collapsed")})
    if kind == "order_selection":
        return _table(_ORDER_COLUMNS, data["rows"], backend, {k: data[k] for k in ("chosen", "collapsed")})
    raise ValueError(f"unknown table {kind!r}")


class _Analysis:
    """A result of the event-log analytics: read-only figures, tables as data frames, ``to_dict()``."""

    __slots__ = ("_data",)
    _fields: Tuple[str, ...] = ()

    def __init__(self, data: Mapping[str, Any]) -> None:
        name = type(self).__name__
        if not isinstance(data, Mapping):
            raise _journey._wrong_type(name, "data", "a mapping of field names to values", data)
        _journey._check_fields(name, "data", [str(k) for k in data], list(self._fields), True)
        object.__setattr__(self, "_data", dict(data))

    @classmethod
    def _from_data(cls, data: Mapping[str, Any]) -> Any:
        return cls(data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._data == other._data)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The fields as plain dicts and lists, shaped like the core's JSON."""
        import copy

        return copy.deepcopy(self._data)


class Discovery(_Analysis):
    """What an event log shows: directly-follows transitions (with durations), first and last touchpoints,
    visits, path variants and drop-off. Each table is a method taking ``backend`` ("pandas" or "polars");
    ``Journey.apply(discovery)`` writes it onto a map."""

    # The variants stay with the core (`_variants`) until a table or `to_dict` needs them: a log of a million
    # events has tens of thousands, each a list of touchpoints.
    __slots__ = ("_variants",)
    _fields = (
        "events",
        "customers",
        "conversions",
        "conversion_events",
        "repeat_customers",
        "transitions",
        "starts",
        "ends",
        "visits",
        "variants",
        "dropoff",
    )

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        object.__setattr__(self, "_variants", None)

    @classmethod
    def _from_parts(cls, data: Mapping[str, Any], variants: Any) -> "Discovery":
        found = cls(data)
        object.__setattr__(found, "_variants", variants)
        return found

    def _all(self) -> Dict[str, Any]:
        """The fields with the variants as plain dicts (fetched from the core once)."""
        if self._variants is not None:
            self._data["variants"] = self._variants.records()
            object.__setattr__(self, "_variants", None)
        return self._data

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        mine, theirs = self._variants, other._variants  # type: ignore[attr-defined]
        if mine is not None and theirs is not None:
            return bool(self._data == other._data and mine == theirs)  # type: ignore[attr-defined]
        return bool(self._all() == other._all())  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The fields as plain dicts and lists, shaped like the core's JSON."""
        import copy

        return copy.deepcopy(self._all())

    def __reduce__(self) -> Any:
        return (type(self)._from_data, (self.to_dict(),))

    @property
    def events(self) -> int:
        """Events in the log."""
        return int(self._data["events"])

    @property
    def customers(self) -> int:
        """Customers in the log."""
        return int(self._data["customers"])

    @property
    def conversions(self) -> int:
        """Customers who converted (0 without an outcome column)."""
        return int(self._data["conversions"])

    @property
    def conversion_events(self) -> int:
        """Conversions in all: events with an outcome above zero (a customer who bought three times counts
        three); 0 without an outcome column."""
        return int(self._data["conversion_events"])

    @property
    def repeat_customers(self) -> int:
        """Customers who converted at least twice; over :attr:`conversions`, the repeat-purchase rate."""
        return int(self._data["repeat_customers"])

    def transitions(self, backend: str = "pandas") -> Frame:
        """One row per observed directly-follows transition, most taken first: source, target, count (times
        taken), customers (distinct), mean_seconds, median_seconds and p95_seconds between the two events."""
        return _table(_TRANSITION_COLUMNS, self._data["transitions"], backend)

    def starts(self, backend: str = "pandas") -> Frame:
        """First touchpoints of customers, most common first: touchpoint, count."""
        return _table(_COUNT_COLUMNS, self._data["starts"], backend)

    def ends(self, backend: str = "pandas") -> Frame:
        """Last touchpoints of customers, most common first: touchpoint, count."""
        return _table(_COUNT_COLUMNS, self._data["ends"], backend)

    def visits(self, backend: str = "pandas") -> Frame:
        """Visits per touchpoint, most events first: touchpoint, events, customers."""
        return _table(_VISIT_COLUMNS, self._data["visits"], backend)

    def variants(self, top: Optional[int] = None, backend: str = "pandas") -> Frame:
        """Path variants, most customers first (the ``top`` ones when given): path (the touchpoints joined
        with ``" > "``, repeats kept), length (touchpoints on the path), customers and conversions. The
        paths as lists are in ``to_dict()["variants"]``."""
        if self._variants is not None:
            return _variants_frame(self._variants, top, backend)
        variants = self._data["variants"] if top is None else self._data["variants"][: max(top, 0)]
        rows = [{**_path(v["path"]), "customers": v["customers"], "conversions": v["conversions"]} for v in variants]
        return _table(_VARIANT_COLUMNS, rows, backend)

    def dropoff(self, backend: str = "pandas") -> Frame:
        """Where customers who did not convert left, most first: touchpoint, customers (who left there),
        visitors (who came) and rate (customers / visitors). Empty without an outcome column."""
        return _table(_DROPOFF_COLUMNS, self._data["dropoff"], backend)

    def dropoff_reasons(self, backend: str = "pandas") -> Frame:
        """Why they left, as the log's ``reason`` column says: one row per touchpoint of :meth:`dropoff` (in
        its order) and reason — touchpoint, reason, customers (who left there with it). Each customer who
        did not convert counts for the reason of their last event, the one they left on, or for none when
        it has none (an earlier event's reason does not count). At most 5 reasons per touchpoint, most
        customers first, ties by the reason's text. Empty without a reason column. The lists are in
        ``to_dict()["dropoff"][i]["reasons"]``."""
        rows = [
            {"touchpoint": d["touchpoint"], "reason": r["reason"], "customers": r["customers"]}
            for d in self._data["dropoff"]
            for r in d["reasons"]
        ]
        return _table(_REASON_COLUMNS, rows, backend)

    def __repr__(self) -> str:
        d = self._data
        return (
            f"<Discovery {d['events']} events, {d['customers']} customers, {d['conversions']} conversions: "
            f"{len(d['transitions'])} transitions, "
            f"{len(self._variants) if self._variants is not None else len(d['variants'])} variants>"
        )


class Conformance(_Analysis):
    """How far the observed paths follow a designed map: ``fitness`` (conforming moves / moves, the start
    counting as a move), customers whose every move conforms, the moves the map does not design, designed
    transitions nobody took and touchpoints the map does not know."""

    __slots__ = ()
    _fields = (
        "fitness",
        "fully_conforming",
        "customers",
        "per_customer",
        "unexpected",
        "untaken",
        "unknown_touchpoints",
        "starts_outside_entries",
    )

    @property
    def fitness(self) -> float:
        """Conforming moves / moves over all customers, 0 to 1 (1 for an empty log)."""
        return float(self._data["fitness"])

    @property
    def fully_conforming(self) -> int:
        """Customers whose every move conforms."""
        return int(self._data["fully_conforming"])

    @property
    def customers(self) -> int:
        """Customers."""
        return int(self._data["customers"])

    @property
    def untaken(self) -> List[Tuple[str, str]]:
        """Designed (expected) transitions nobody took, as ``(from, to)``."""
        return [(a, b) for a, b in self._data["untaken"]]

    @property
    def unknown_touchpoints(self) -> Dict[str, int]:
        """Touchpoints of the log the map does not know, with their event counts."""
        return dict(self._data["unknown_touchpoints"])

    @property
    def starts_outside_entries(self) -> int:
        """Customers whose first touchpoint is not an entry of the map (when it has entries)."""
        return int(self._data["starts_outside_entries"])

    def per_customer(self, backend: str = "pandas") -> Frame:
        """Each customer's fitness, by customer id: customer, fitness, moves (the start included)."""
        return _table(_FITNESS_COLUMNS, self._data["per_customer"], backend)

    def unexpected(self, backend: str = "pandas") -> Frame:
        """Moves the map does not design, most taken first: source, target, count, customers."""
        return _table(_PATH_COUNT_COLUMNS, self._data["unexpected"], backend)

    def __repr__(self) -> str:
        d = self._data
        return (
            f"<Conformance fitness {d['fitness']:.3f}, {d['fully_conforming']} of {d['customers']} customers "
            f"fully conforming, {len(d['unexpected'])} unexpected moves, "
            f"{len(d['unknown_touchpoints'])} unknown touchpoints>"
        )


class Dfg(_Analysis):
    """The directly-follows graph alone: how many times, and by how many customers, each move was made, and
    where customers start and end. Much cheaper than ``discover()`` (no durations, visits or variants)."""

    __slots__ = ()
    _fields = ("transitions", "starts", "ends")

    def transitions(self, backend: str = "pandas") -> Frame:
        """One row per move, most taken first: source, target, count, customers."""
        return _table(_PATH_COUNT_COLUMNS, self._data["transitions"], backend)

    def starts(self, backend: str = "pandas") -> Frame:
        """First touchpoints of customers, most common first: touchpoint, count."""
        return _table(_COUNT_COLUMNS, self._data["starts"], backend)

    def ends(self, backend: str = "pandas") -> Frame:
        """Last touchpoints of customers, most common first: touchpoint, count."""
        return _table(_COUNT_COLUMNS, self._data["ends"], backend)

    def __repr__(self) -> str:
        return f"<Dfg {len(self._data['transitions'])} transitions>"


class Loops(_Analysis):
    """Customers going back: to a touchpoint they met before, or (with a map) to an earlier stage."""

    __slots__ = ()
    _fields = ("customers", "of_customers", "moves")

    @property
    def customers(self) -> int:
        """Customers with at least one loop."""
        return int(self._data["customers"])

    @property
    def of_customers(self) -> int:
        """All customers."""
        return int(self._data["of_customers"])

    @property
    def share(self) -> float:
        """customers / of_customers (0 for an empty log)."""
        total = self.of_customers
        return self.customers / total if total else 0.0

    def moves(self, backend: str = "pandas") -> Frame:
        """The moves that loop back, most taken first: source, target, count, customers."""
        return _table(_PATH_COUNT_COLUMNS, self._data["moves"], backend)

    def __repr__(self) -> str:
        return f"<Loops {self.customers} of {self.of_customers} customers, {len(self._data['moves'])} moves>"


class Switches(_Analysis):
    """The switches of channel (or device, or touchpoint) between each customer's consecutive events: how many
    of each kind, and the conversion of the customers who switched against those who never did. Events without
    a value are passed over. ``to_pandas()``/``to_polars()`` give one row per kind of switch."""

    __slots__ = ()
    _fields = ("dimension", "switches", "with_switch", "without_switch", "pairs")

    @property
    def dimension(self) -> str:
        """What is compared: ``"channel"``, ``"device"`` or ``"touchpoint"``."""
        return str(self._data["dimension"])

    @property
    def switches(self) -> int:
        """Switches in all."""
        return int(self._data["switches"])

    @property
    def with_switch(self) -> Dict[str, Any]:
        """Customers with at least one switch: customers, conversions, conversion_rate (None without
        customers or outcomes)."""
        return dict(self._data["with_switch"])

    @property
    def without_switch(self) -> Dict[str, Any]:
        """Customers without any switch, as :attr:`with_switch`."""
        return dict(self._data["without_switch"])

    def pairs(self, backend: str = "pandas") -> Frame:
        """One row per kind of switch, most made first: from, to, switches, and the customers who made it
        with their conversions and conversion_rate."""
        rows = [dict(p, **p["customers"]) for p in self._data["pairs"]]
        return _table(_SWITCH_COLUMNS, rows, backend)

    def to_pandas(self) -> Frame:
        """:meth:`pairs` as a pandas data frame."""
        return self.pairs("pandas")

    def to_polars(self) -> Frame:
        """:meth:`pairs` as a polars data frame."""
        return self.pairs("polars")

    def __repr__(self) -> str:
        return f"<Switches of {self.dimension}: {self.switches}, {len(self._data['pairs'])} kinds>"


class Comparison(_Analysis):
    """Two logs side by side (a, then b): shares with their change, most significant first, and the changes
    that matter as :attr:`gaps`. Each share has the test used (``test``: ``"fisher"``, Fisher's exact test,
    when an expected cell count of its 2×2 table is below 5; ``"z"``, the pooled two-proportion z-test,
    otherwise; ``"none"`` when no test is possible), its two-sided ``p_value``, and ``q_value``, the p-value
    adjusted by Benjamini–Hochberg over all the tests of the comparison; ``significant`` is ``q_value <
    alpha`` (the false-discovery rate) and a change of at least ``min_change``."""

    __slots__ = ()
    _fields = ("transitions", "dropoff", "funnel", "loops", "gaps")

    @property
    def loops(self) -> Dict[str, Any]:
        """The share of customers who go back (see ``EventLog.loops``) in both logs, as one row of
        :meth:`transitions` would have it: subject, a_count, a_total, a_share, b_count, b_total, b_share,
        change, test, p_value, q_value and significant."""
        return dict(self._data["loops"])

    @property
    def gaps(self) -> GapList:
        """The changes that matter: ``drop_off`` (more leave), ``loop`` (more go back) and
        ``unexpected_path`` (a path the map does not design, or without a map one that nobody took in the
        other log, is taken more)."""
        return GapList._from_data(self._data["gaps"])

    def transitions(self, backend: str = "pandas") -> Frame:
        """Each transition's share of the moves out of its source (subject ``"from -> to"``): subject,
        a_count, a_total, a_share, b_count, b_total, b_share, change (b_share - a_share), test (``"fisher"``,
        ``"z"`` or ``"none"``), p_value, q_value (Benjamini–Hochberg) and significant."""
        return _table(_SHARE_COLUMNS, self._data["transitions"], backend)

    def dropoff(self, backend: str = "pandas") -> Frame:
        """Each touchpoint's drop-off (subject the touchpoint), columns as :meth:`transitions`; empty unless
        both logs have an outcome column."""
        return _table(_SHARE_COLUMNS, self._data["dropoff"], backend)

    def funnel(self, backend: str = "pandas") -> Frame:
        """Each funnel step's conversion from the step before (subject ``"from -> to"``), columns as
        :meth:`transitions`; empty when no funnel was given."""
        return _table(_SHARE_COLUMNS, self._data["funnel"], backend)

    def __repr__(self) -> str:
        d = self._data
        shares = [s for key in ("transitions", "dropoff", "funnel") for s in d[key]] + [d["loops"]]
        significant = sum(s["significant"] for s in shares)
        return f"<Comparison {significant} significant changes, {len(d['gaps'])} gaps>"


# ---- time ---------------------------------------------------------------------------------------------


_SURVIVAL_COLUMNS = (
    ("seconds", _FLOAT),
    ("at_risk", _INT),
    ("events", _INT),
    ("censored", _INT),
    ("survival", _FLOAT),
    ("standard_error", _FLOAT),
)
_COHORT_COLUMNS = (
    ("cohort", _STR),
    ("start_ms", _INT),
    ("customers", _INT),
    ("conversions", _INT),
    ("repeat_customers", _INT),
    ("repeat_purchase_rate", _FLOAT),
    ("mean_conversions", _FLOAT),
)
_RETAINED_COLUMNS = (("cohort", _STR), ("period", _INT), ("customers", _INT), ("share", _FLOAT))


def _optional_float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


class TimeToConvert(_Analysis):
    """How long customers took from their first event to their first conversion (``EventLog.time_to_convert``):
    the customers who converted (observed times) and those who did not yet (censored at the end of the
    observation, :attr:`as_of_ms`), the percentiles of the observed times and the Kaplan-Meier curve of the share
    not yet converted (:meth:`curve`, also ``to_pandas()`` / ``to_polars()``), whose median
    :attr:`km_median_seconds` counts the censored customers. At one time, conversions come before
    censorings. Times are in seconds; a figure is None when nobody converted (or, for the Kaplan-Meier median,
    when the share never falls to a half)."""

    __slots__ = ()
    _fields = (
        "customers",
        "converted",
        "censored",
        "as_of_ms",
        "as_of_iso",
        "min_seconds",
        "p25_seconds",
        "median_seconds",
        "p75_seconds",
        "p90_seconds",
        "max_seconds",
        "km_median_seconds",
        "curve",
    )

    @property
    def customers(self) -> int:
        """Customers in the log."""
        return int(self._data["customers"])

    @property
    def converted(self) -> int:
        """Customers who converted: their times are observed."""
        return int(self._data["converted"])

    @property
    def censored(self) -> int:
        """Customers who did not convert (yet)."""
        return int(self._data["censored"])

    @property
    def as_of_ms(self) -> int:
        """The end of the observation, in milliseconds since the epoch (rounded down; :attr:`as_of_iso` has it to
        the nanosecond): the ``as_of`` given, or the log's last event."""
        return int(self._data["as_of_ms"])

    @property
    def as_of_iso(self) -> str:
        """The end of the observation to the nanosecond, as ISO 8601 text in UTC (``2026-03-20T12:00:00Z``,
        with as many digits of fraction as it needs: ``.250``, ``.000250``, ``.000000250``). ``as_of_ms`` is in
        whole milliseconds (rounded down); for the exact time as a pandas Timestamp, ``pandas.Timestamp(t.as_of_iso)``
        (a ``datetime.datetime`` holds microseconds only)."""
        return str(self._data["as_of_iso"])

    @property
    def min_seconds(self) -> Optional[float]:
        """The shortest observed time."""
        return _optional_float(self._data["min_seconds"])

    @property
    def p25_seconds(self) -> Optional[float]:
        """The 25th percentile of the observed times (linear interpolation, as numpy's default)."""
        return _optional_float(self._data["p25_seconds"])

    @property
    def median_seconds(self) -> Optional[float]:
        """The median of the observed times (linear interpolation)."""
        return _optional_float(self._data["median_seconds"])

    @property
    def p75_seconds(self) -> Optional[float]:
        """The 75th percentile of the observed times (linear interpolation)."""
        return _optional_float(self._data["p75_seconds"])

    @property
    def p90_seconds(self) -> Optional[float]:
        """The 90th percentile of the observed times (linear interpolation)."""
        return _optional_float(self._data["p90_seconds"])

    @property
    def max_seconds(self) -> Optional[float]:
        """The longest observed time."""
        return _optional_float(self._data["max_seconds"])

    @property
    def km_median_seconds(self) -> Optional[float]:
        """The Kaplan-Meier median: the first time at which the share not yet converted is at most a half."""
        return _optional_float(self._data["km_median_seconds"])

    def curve(self, backend: str = "pandas") -> Frame:
        """The Kaplan-Meier curve, one row per time at which customers converted or were censored, earliest
        first: seconds, at_risk, events, censored, survival (the share not yet converted just after it) and
        standard_error (Greenwood's; missing once every customer at risk converted)."""
        return _table(_SURVIVAL_COLUMNS, self._data["curve"], backend)

    def to_pandas(self) -> "pandas.DataFrame":
        """:meth:`curve` as a pandas data frame."""
        return self.curve("pandas")

    def to_polars(self) -> Any:
        """:meth:`curve` as a polars data frame."""
        return self.curve("polars")

    def svg(self) -> "Svg":
        """The Kaplan-Meier curve drawn as a step line, with the medians in words: a ``journey.Svg``."""
        result: Svg = _journey._time_to_convert_svg(self._data)
        return result

    def __repr__(self) -> str:
        d = self._data
        median = d["km_median_seconds"]
        said = "not reached" if median is None else _journey.format_duration(median * 1000)
        return (
            f"<TimeToConvert {d['customers']} customers, {d['converted']} converted, {d['censored']} censored, "
            f"Kaplan-Meier median {said}>"
        )


class Cohorts(_Analysis):
    """Retention cohorts (``EventLog.cohorts``): the customers who converted, grouped by the UTC week
    (Monday to Sunday) or month of their first conversion. For each cohort (:meth:`cohorts`) its customers,
    conversions, repeat customers (who converted at least twice), repeat-purchase rate and mean conversions;
    for each cohort and each period from its own (0) to that of the log's last event, the customers who
    converted again in it and their share of the cohort (:meth:`retention`, also ``to_pandas()`` /
    ``to_polars()``)."""

    __slots__ = ()
    _fields = (
        "period",
        "customers",
        "converters",
        "conversions",
        "repeat_customers",
        "repeat_purchase_rate",
        "mean_conversions",
        "cohorts",
    )

    @property
    def period(self) -> str:
        """``"week"`` or ``"month"``."""
        return str(self._data["period"])

    @property
    def customers(self) -> int:
        """Customers in the log."""
        return int(self._data["customers"])

    @property
    def converters(self) -> int:
        """Customers who converted at least once: the cohorts' customers."""
        return int(self._data["converters"])

    @property
    def conversions(self) -> int:
        """Conversions in all (events with an outcome above zero)."""
        return int(self._data["conversions"])

    @property
    def repeat_customers(self) -> int:
        """Converters who converted at least twice."""
        return int(self._data["repeat_customers"])

    @property
    def repeat_purchase_rate(self) -> float:
        """Repeat customers over converters (0 when nobody converted)."""
        return float(self._data["repeat_purchase_rate"])

    @property
    def mean_conversions(self) -> float:
        """Conversions over converters (0 when nobody converted)."""
        return float(self._data["mean_conversions"])

    def cohorts(self, backend: str = "pandas") -> Frame:
        """One row per cohort, earliest first: cohort (``"2026-03"``, or the Monday ``"2026-03-02"``), start
        (milliseconds since the epoch), customers, conversions, repeat_customers, repeat_purchase_rate and
        mean_conversions."""
        return _table(_COHORT_COLUMNS, self._data["cohorts"], backend)

    def retention(self, backend: str = "pandas") -> Frame:
        """One row per cohort and period after it: cohort, period (0 the cohort's own), customers (who
        converted again in it) and share (of the cohort's customers)."""
        rows = [{"cohort": c["cohort"], **r} for c in self._data["cohorts"] for r in c["retention"]]
        return _table(_RETAINED_COLUMNS, rows, backend)

    def to_pandas(self) -> "pandas.DataFrame":
        """:meth:`retention` as a pandas data frame."""
        return self.retention("pandas")

    def to_polars(self) -> Any:
        """:meth:`retention` as a polars data frame."""
        return self.retention("polars")

    def __repr__(self) -> str:
        d = self._data
        return (
            f"<Cohorts by {d['period']}: {len(d['cohorts'])} cohorts, {d['converters']} converters, "
            f"{d['repeat_customers']} repeat customers>"
        )


# ---- pictures ----------------------------------------------------------------------------------------


_SEQUENCE_COLUMNS = (
    ("path", _STR),
    ("length", _INT),
    ("marker", _STR),
    ("customers", _INT),
    ("conversions", _INT),
)
_PATH_NODE_COLUMNS = (
    ("offset", _INT),
    ("touchpoint", _STR),
    ("marker", _STR),
    ("customers", _INT),
    ("conversions", _INT),
)
_PATH_FLOW_COLUMNS = (("source", _INT), ("target", _INT), ("customers", _INT), ("conversions", _INT))


class PathsAround(_Analysis):
    """What leads to a touchpoint and what follows it (``EventLog.paths_around``): for each customer who came
    to it, around their first visit, the ``steps`` events before and after, counted by customers; or, with
    :attr:`anchor` ``"every"``, around every visit, counted by visits (:attr:`visits`). The top
    sequences each way (:meth:`before`, :meth:`after`, the rest summed in :attr:`before_other` and
    :attr:`after_other`), the places customers were at each offset (:meth:`nodes`: touchpoints, or a marker
    ``"other"``, ``"start"``, ``"end"``, ``"converted"``, ``"not_converted"``) and the flows between
    consecutive offsets (:meth:`flows`, by node index: the nodes and links of a Sankey diagram, which
    :meth:`svg` draws)."""

    __slots__ = ()
    _fields = (
        "touchpoint",
        "steps",
        "anchor",
        "customers",
        "visits",
        "of_customers",
        "has_outcome",
        "conversions",
        "before",
        "before_other",
        "after",
        "after_other",
        "nodes",
        "flows",
    )

    @property
    def touchpoint(self) -> str:
        """The touchpoint."""
        return str(self._data["touchpoint"])

    @property
    def steps(self) -> int:
        """Events looked at each way."""
        return int(self._data["steps"])

    @property
    def anchor(self) -> str:
        """The visits looked around: ``"first"`` (each customer's first) or ``"every"``."""
        return str(self._data["anchor"])

    @property
    def customers(self) -> int:
        """Customers who came to the touchpoint (at least once), each counted once."""
        return int(self._data["customers"])

    @property
    def visits(self) -> int:
        """The visits looked around, which the sequences, nodes and flows count: one per customer around
        the first visits, every visit of the touchpoint around every one."""
        return int(self._data["visits"])

    @property
    def of_customers(self) -> int:
        """Customers in the log."""
        return int(self._data["of_customers"])

    @property
    def conversions(self) -> int:
        """Of the customers who came to the touchpoint, how many converted (0 without an outcome column)."""
        return int(self._data["conversions"])

    @property
    def has_outcome(self) -> bool:
        """Whether the log has an outcome column."""
        return bool(self._data["has_outcome"])

    @property
    def before_other(self) -> Dict[str, int]:
        """The sequences before the touchpoint left out of :meth:`before`: ``sequences``, ``customers``,
        ``conversions``; with them the customers add up to :attr:`visits`."""
        return dict(self._data["before_other"])

    @property
    def after_other(self) -> Dict[str, int]:
        """The sequences after the touchpoint left out of :meth:`after`, as :attr:`before_other`."""
        return dict(self._data["after_other"])

    @staticmethod
    def _sequences(rows: Sequence[Mapping[str, Any]], backend: str) -> Frame:
        data = [
            {**r, "path": PATH_SEPARATOR.join(r["path"]), "length": len(r["path"])}  # type: ignore[dict-item]
            for r in rows
        ]
        return _table(_SEQUENCE_COLUMNS, data, backend)

    def before(self, backend: str = "pandas") -> Frame:
        """The sequences before the touchpoint, most customers first: path (``"ad > site"``, the last right
        before the touchpoint), length, marker (``"start"`` when the journey starts within the steps, else
        None), customers, conversions."""
        return self._sequences(self._data["before"], backend)

    def after(self, backend: str = "pandas") -> Frame:
        """The sequences after the touchpoint, most customers first; marker ``"converted"``,
        ``"not_converted"`` (``"end"`` without an outcome column) when the journey ends within the steps."""
        return self._sequences(self._data["after"], backend)

    def nodes(self, backend: str = "pandas") -> Frame:
        """The places customers were at, by offset from ``-steps`` to ``steps`` (0: the touchpoint): offset,
        touchpoint (None for a marker), marker, customers, conversions. A row's position is its index in
        :meth:`flows`."""
        return _table(_PATH_NODE_COLUMNS, self._data["nodes"], backend)

    def flows(self, backend: str = "pandas") -> Frame:
        """Customers going from a node to one at the next offset: source and target (indices into
        :meth:`nodes`), customers, conversions."""
        return _table(_PATH_FLOW_COLUMNS, self._data["flows"], backend)

    def svg(self, journey: Any = None) -> "Svg":
        """The Sankey diagram of these paths, a ``journey.Svg``; with ``journey`` touchpoints show their names."""
        result: Svg = _journey._paths_sankey_svg(self._data, journey)
        return result

    def __repr__(self) -> str:
        d = self._data
        return (
            f"<PathsAround {d['touchpoint']!r}, {d['steps']} steps: {d['customers']} of {d['of_customers']} "
            f"customers, {len(d['before'])} sequences before, {len(d['after'])} after>"
        )


class Svg:
    """An SVG picture (a chart of a funnel or an attribution): draws itself in Jupyter (``_repr_svg_``),
    ``str(svg)`` is the SVG text and ``svg.save(path)`` writes it to a file."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise _journey._wrong_type(type(self).__name__, "text", "the SVG text as a str", text)
        object.__setattr__(self, "_text", text)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Svg is read-only")

    @property
    def title(self) -> str:
        """The picture's ``<title>``, empty when it has none."""
        import html
        import re

        found = re.search(r"<title>(.*?)</title>", self._text, re.S)
        return html.unescape(found.group(1)) if found else ""

    def save(self, path: "Union[str, os.PathLike[str]]") -> None:
        """Writes the SVG text to a file (UTF-8)."""
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(self._text)

    def _repr_svg_(self) -> str:
        return self._text

    def __str__(self) -> str:
        return self._text

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._text == other._text  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Svg {self.title!r}, {len(self._text)} characters>"
