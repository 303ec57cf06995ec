"""Customer journey maps as data: build, load, validate, query and save them; score them, find their gaps,
rank what to work on (``prioritize``) and compare two of them (``diff``). ``EventLog`` reads what customers
really did (CSV, or Arrow data from pandas, polars and pyarrow) and answers with data frames: the observed
journey, funnels, attribution, conformance to the map, loops and comparisons; ``Journey.apply`` writes the
observations onto a map. Maps draw themselves: an SVG poster (``to_svg``, and in Jupyter), Mermaid
(``to_mermaid``, ``Journey.from_mermaid``), Graphviz DOT (``to_dot``) and a self-contained HTML report
(``to_html``); funnels and attributions draw as charts (``EventLog.funnel_chart`` and friends).

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
>>> j.score().value
73.75
>>> sorted({g.kind for g in j.gaps()})
['assumption_only', 'empty_stage', 'stale_map', 'unevidenced']

All the work happens in the Rust core (``journey-core``); this package is a thin layer over it.
"""

from ._journey import (
    ERROR_KINDS,
    SCHEMA_VERSION,
    ArgumentError,
    ArgumentTypeError,
    CancelledError,
    DuplicateError,
    CompareInputs,
    EventLog,
    Journey,
    JourneyBuilder,
    JourneyError,
    JourneyIOError,
    LimitError,
    NotFoundError,
    ParseError,
    Partial,
    ScoringModel,
    ValidationError,
    __version__,
    diff,
    format_count,
    format_duration,
    format_money,
    format_number,
    format_p_value,
    format_percent,
    format_quantity,
    format_signed,
    json_schema,
    merge_partials,
    plural,
)
from . import _guard
from ._records import Persona, Problem, Record, Stage, Touchpoint, Transition
from ._results import (
    Addressed,
    Backlog,
    BacklogItem,
    Change,
    Cohorts,
    Comparison,
    Component,
    Conformance,
    Dfg,
    Discovery,
    Effect,
    EffectChange,
    Edit,
    Gap,
    GapList,
    JourneyDiff,
    JourneyScore,
    Location,
    Loops,
    PathsAround,
    Score,
    StageScore,
    Svg,
    TimeToConvert,
    Switches,
    TouchpointScore,
)
from ._what_if import WhatIf, WhatIfEffect, what_if as _what_if_method

__all__ = [
    "ERROR_KINDS",
    "SCHEMA_VERSION",
    "ArgumentError",
    "ArgumentTypeError",
    "Backlog",
    "BacklogItem",
    "CancelledError",
    "Change",
    "Cohorts",
    "Comparison",
    "Component",
    "Conformance",
    "Dfg",
    "Discovery",
    "DuplicateError",
    "Edit",
    "EventLog",
    "CompareInputs",
    "Partial",
    "merge_partials",
    "Gap",
    "GapList",
    "Journey",
    "JourneyBuilder",
    "JourneyDiff",
    "JourneyError",
    "JourneyIOError",
    "JourneyScore",
    "LimitError",
    "Location",
    "Loops",
    "NotFoundError",
    "ParseError",
    "PathsAround",
    "Persona",
    "Problem",
    "Record",
    "Score",
    "ScoringModel",
    "Stage",
    "StageScore",
    "Svg",
    "TimeToConvert",
    "Switches",
    "Touchpoint",
    "TouchpointScore",
    "Transition",
    "ValidationError",
    "__version__",
    "diff",
    "json_schema",
    "format_count",
    "format_duration",
    "format_money",
    "format_number",
    "format_p_value",
    "format_percent",
    "format_quantity",
    "format_signed",
    "plural",
    "Addressed",
    "Effect",
    "EffectChange",
    "WhatIf",
    "WhatIfEffect",
]

EventLog.what_if = _what_if_method  # type: ignore[method-assign]
del _what_if_method

# Arguments the native module cannot convert raise journey errors too (see `journey._guard`).
for _class in (Journey, JourneyBuilder, ScoringModel, EventLog, Partial, CompareInputs):
    _guard.guard_class(_class)
diff = _guard.guard_function(diff)
merge_partials = _guard.guard_function(merge_partials)
# Constructors: `Journey()` and `EventLog()` say how to make one; the arguments of the package's own classes
# are checked by the core's rule like those of the native constructors.
_guard.no_constructor(
    Journey,
    ("Journey.load", "Journey.from_json", "Journey.from_dict", "Journey.builder", "JourneyBuilder"),
)
_guard.no_constructor(EventLog, ("EventLog.from_csv", "EventLog.from_csv_text", "EventLog.from_arrow"))
_guard.no_constructor(Partial, ("EventLog.partial", "Partial.from_bytes", "merge_partials"))
_guard.no_constructor(CompareInputs, ("Partial.finish",))
# Every public class of `_results`, found rather than listed, so that a new result class cannot be missed.
from . import _results as _results_module  # noqa: E402

for _class in [
    c
    for n, c in vars(_results_module).items()
    if isinstance(c, type) and not n.startswith("_") and c.__module__ == _results_module.__name__
]:
    _guard.guard_constructor(_class)
for _class in (WhatIf, WhatIfEffect):
    _guard.guard_constructor(_class)
del _class, _results_module
