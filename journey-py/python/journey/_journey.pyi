"""Type stubs of the native module ``journey._journey`` (and of the records the package adds to it)."""

import datetime
import os
from typing import (
    Any, Callable, ClassVar, Dict, Iterable, List, Literal, Mapping, NoReturn, Optional, Sequence, Tuple, TypedDict, Union, final,
)

from typing_extensions import Unpack

from ._records import Persona, Problem, Stage, Touchpoint, Transition
from ._what_if import WhatIf
from ._results import (
    Backlog,
    Comparison,
    Conformance,
    Dfg,
    Discovery,
    Frame,
    GapList,
    JourneyDiff,
    JourneyScore,
    Loops,
    Cohorts,
    PathsAround,
    Svg,
    TimeToConvert,
    Switches,
)

_StrPath = Union[str, "os.PathLike[str]"]
_Text = Union[str, bytes, bytearray]
_Date = Union[datetime.date, str]
_Time = Union[datetime.datetime, datetime.date, str, float]
_AttributionModel = Literal[
    "first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley", "ordered_shapley"
]
_Backend = Literal["pandas", "polars"]
_Progress = Union[Callable[[int, int], Any], bool, None]
_Ties = Literal["canonical", "input"]
_Size = Literal["auto", "a4_landscape", "a3_landscape"]
# "screen", "a4", "a4_landscape", "a3", "a3_landscape" or "WIDTHxHEIGHT" in millimetres ("210x297").
_Page = str
_Fonts = Optional[Sequence[Union[bytes, bytearray, _StrPath]]]


class _EventColumns(TypedDict, total=False):
    """The columns of the event-log readers (``EventLog.from_csv``, ``from_csv_text``, ``from_parquet``, ``from_arrow``), as
    keyword arguments; each one not given takes the core's default (``EventColumns`` in Rust, the same in
    JavaScript). Only customer, timestamp and touchpoint are needed."""

    customer: str
    """Customer id column (default ``customer_id``)."""
    timestamp: str
    """Timestamp column (default ``timestamp``)."""
    touchpoint: str
    """Touchpoint id column (default ``touchpoint``)."""
    channel: Optional[str]
    device: Optional[str]
    session: Optional[str]
    segment: Optional[str]
    reason: Optional[str]
    outcome: Optional[str]
    sequence: Optional[str]
    ties: _Ties
    """How a customer's events with one timestamp are ordered (default ``canonical``)."""

_ErrorKind = Literal[
    "json", "csv", "arrow", "mermaid", "encoding", "empty", "too_large", "schema_version", "invalid", "io",
    "not_found", "duplicate", "argument", "cancelled", "partial",
]
_Lane = Literal[
    "touchpoints", "actions", "thoughts", "voice", "emotion", "pains", "delights", "backstage", "flow", "scores"
]
_Lanes = Union[Mapping[_Lane, bool], Sequence[_Lane], None]

__all__ = [
    "Journey",
    "JourneyBuilder",
    "ScoringModel",
    "EventLog",
    "Partial",
    "CompareInputs",
    "merge_partials",
    "diff",
    "json_schema",
    "_problem_schema",
    "ERROR_KINDS",
    "SCHEMA_VERSION",
    "__version__",
    "JourneyError",
    "ParseError",
    "ValidationError",
    "NotFoundError",
    "DuplicateError",
    "ArgumentError",
    "ArgumentTypeError",
    "JourneyIOError",
    "CancelledError",
    "LimitError",
]

SCHEMA_VERSION: int
ERROR_KINDS: Tuple[_ErrorKind, ...]
"""Every error kind (the ``kind`` of a ``JourneyError``), in the core's order."""
__version__: str

def json_schema() -> str:
    """The JSON Schema of the journey file format, as pretty-printed JSON."""

def format_count(n: int) -> str:
    """A whole number with thousands separators: ``format_count(12345) == "12,345"``.

    Raises ArgumentError for a number that is not a whole number in 0..2**53 - 1."""
def plural(n: int, noun: str) -> str:
    """A count and its noun, agreeing: ``plural(1, "pain point") == "1 pain point"``,
    ``plural(2400, "customer") == "2,400 customers"``. Raises as :func:`format_count`."""
def format_number(v: float, decimals: int = 2) -> str:
    """A number with thousands separators and at most ``decimals`` decimals (0..17), trailing zeros
    dropped: ``"1,234.5"``; ``"?"`` when it is not finite. Raises ArgumentError for other decimals."""
def format_signed(v: float, decimals: int = 1) -> str:
    """A change with its sign: ``format_signed(36.87) == "+36.9"``. Raises as :func:`format_number`."""
def format_percent(share: float) -> str:
    """A share 0..1 as a percentage with at most one decimal: ``format_percent(0.125) == "12.5%"``."""
def format_money(v: float, currency: str) -> str:
    """Money with its currency: ``format_money(0.95, "EUR") == "€0.95"``, ``"12.50 CHF"``."""
def format_quantity(v: float, unit: Optional[str] = None) -> str:
    """A figure in a unit as a map declares it (``"EUR"``, ``"%"``, ``"days"``), or bare without one."""
def format_p_value(p: float) -> str:
    """A p-value: ``"p < 0.001"`` below 0.001, else ``"p = "`` with three significant digits."""
def format_duration(ms: float) -> str:
    """A duration in milliseconds in the largest unit that fits: ``"45 s"``, ``"3.5 min"``, ``"3.2 days"``."""
def _problem_schema() -> str: ...
def _argument_error(name: str, message: str, type_error: bool = False) -> ArgumentError: ...
def _not_unicode(name: str, index: int) -> ParseError: ...
def _bind(call: str, params: List[str], required: int, args: tuple, kwargs: Dict[str, Any]) -> Dict[str, Any]: ...
def _wrong_type(call: str, param: str, expected: str, value: Any) -> ArgumentTypeError: ...
def _check_fields(call: str, param: str, given: List[str], fields: List[str], all_required: bool) -> None: ...
def _no_constructor(name: str, makers: List[str]) -> ArgumentTypeError: ...
def _event_columns(call: str, **columns: Optional[str]) -> Dict[str, Any]: ...
def _paths_sankey_svg(paths: Dict[str, Any], journey: Optional[Journey] = None) -> Svg: ...
def _time_to_convert_svg(time: Dict[str, Any]) -> Svg: ...

class JourneyError(Exception):
    """Base of every error raised by journey."""

    kind: Optional[_ErrorKind]
    """The core error's stable name: json, csv, arrow, mermaid, encoding, empty, too_large, schema_version,
    invalid, io, not_found, duplicate, argument or cancelled."""

    path: Optional[str]
    """Where the error is: the JSON path of the value at fault (``touchpoints[3].emotion``) for kind json;
    None when the error has none (as for each of these four)."""
    line: Optional[int]
    """The line of the error (1-based; a CSV header is line 1) for json text, csv and mermaid."""
    column: Union[int, str, None]
    """The column: a number (1-based) in JSON text, the column's name in a CSV file."""
    row: Optional[int]
    """The row of an event log given as columns (counted from 0)."""

class ParseError(JourneyError, ValueError):
    """The input could not be read: kind is json, csv, arrow, mermaid, encoding, empty or schema_version;
    kind too_large is raised as its subclass :class:`LimitError`."""

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

class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (kind ``argument``): an ``ArgumentError`` that is also a ``TypeError``.
    Also raised for a call's wrong arguments — a wrong number, an unknown or repeated keyword — including
    those of every class of the package (``JourneyBuilder()``, ``Stage(1, 2)``), with a message naming the
    class (``JourneyBuilder: missing argument "id"; ...``), and for calling a class that is not made by
    calling it (``Journey()``, ``EventLog()``, ``Record()``), with a message naming the ways to make one."""

class JourneyIOError(JourneyError, OSError):
    """A file could not be read or written (kind ``io``)."""

class CancelledError(JourneyError):
    """A long analysis was stopped by its progress callback (kind ``cancelled``)."""

class LimitError(ParseError):
    """An input or a computation past one of the library's documented limits (kind ``too_large``): a file or
    text larger than a reader takes, a Markov chain past the exact solve's limits. A ``ParseError`` too (and so
    a ``ValueError``), as which it was raised before it had its own class."""

@final
class Journey:
    """A customer journey map: stages, touchpoints (nodes) and transitions (edges), personas, entries and
    goals. Immutable; build one with :meth:`builder`, or load one (:meth:`load`, :meth:`from_json`,
    :meth:`from_dict`). ``Journey()`` itself raises ArgumentTypeError saying so."""

    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __new__(cls, *args: Any, **kwargs: Any) -> NoReturn:
        """Not made by calling it: raises ArgumentTypeError (kind ``argument``) naming the ways to make one."""

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
    def from_xlsx_sheet(
        source: Union[_StrPath, bytes, bytearray],
        id: Optional[str] = None,
        name: Optional[str] = None,
        sheet: Optional[str] = None,
    ) -> "Journey":
        """Reads and validates a worksheet of an Excel workbook laid out as a CSV sheet: ``source`` is a path
        (id and name from the file name unless given) or the workbook's bytes (``id`` and ``name`` needed).
        ``sheet`` names the worksheet, the first when None. Problems are reported at
        ``sheet "Map", row N, column "col"`` with the CSV sheet's messages."""
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
    def currency(self) -> Optional[str]:
        """The currency of outcome values (an ISO 4217 code such as ``EUR``, or a symbol such as ``€``), as
        the backlog's estimated effects, the attribution and the report write them; ``None`` writes plain
        numbers."""
    def with_currency(self, currency: Optional[str]) -> "Journey":
        """A copy of the map with the currency of outcome values set (``None`` clears it). Raises
        ArgumentError naming ``currency`` for anything that is not an ISO 4217 code or a currency symbol."""
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
    def role(self, id: str) -> Literal["entry", "step", "optional"]:
        """The role that applies to a touchpoint: the file's ``role``, or by default "entry" for an entry of
        the map and "step" for any other. Raises NotFoundError for an unknown touchpoint."""
    def score(self, model: Optional["ScoringModel"] = None, persona: Optional[str] = None) -> JourneyScore:
        """Scores (0–100, with their breakdown) of every touchpoint, stage and the journey; with
        ``persona``, of that persona's touchpoints and emotions only.

        Raises NotFoundError for an unknown persona."""
    def to_xlsx(
        self,
        path: Optional[_StrPath] = None,
        model: Optional["ScoringModel"] = None,
        as_of: Optional[_Date] = None,
        log: Optional["EventLog"] = None,
    ) -> bytes:
        """The scores, gaps and backlog as an Excel workbook (worksheets "Scores", "Gaps" and "Backlog", each
        with its header frozen and an autofilter), as bytes; written to ``path`` too when given. ``model``
        and ``as_of`` as for :meth:`gaps`. With ``log``, the log's observations are applied to the map
        first, and with an outcome column the Backlog worksheet has each line's estimated effect
        (``effect_conversions``, ``effect_value``, ``effect_priority``, ``ranked_by``, ``effect_basis``),
        as :meth:`prioritize` with the log gives it."""
    def gaps(self, model: Optional["ScoringModel"] = None, as_of: Optional[_Date] = None) -> GapList:
        """Every gap of the map, most severe first. ``as_of`` (a date or ``YYYY-MM-DD``; today when None) is
        the date the map's age is measured against.

        Raises ArgumentError for a date that is not one."""
    def prioritize(
        self, model: Optional["ScoringModel"] = None, as_of: Optional[_Date] = None, log: Optional["EventLog"] = None
    ) -> Backlog:
        """Gaps, pain points and opportunities as one backlog, one line per problem (an opportunity with the
        pain points and gaps it addresses, listed in ``addresses``), ranked by reach × impact × confidence ×
        importance / 5 / effort, quick wins marked. Reach counts customers (at an entry, those who went on).
        ``as_of`` as for :meth:`gaps`. With ``log`` (which needs an outcome column), each line's ``effect``:
        the extra conversions and value if the line's touchpoint lost that many fewer customers, from the
        absorbing Markov chain of the log's paths, and the lines the log shows to win conversions come first,
        ranked by ``effect.priority`` (the extra conversions in place of reach), then the lines it cannot
        judge, then those that win none, by ``priority``; each line's ``ranked_by`` says which. The map is
        ranked as it is: ``j.apply(log)`` first to rank by the log's customers."""
    def apply(self, observed: Union[Discovery, "EventLog"]) -> "Journey":
        """A NEW journey with the observations applied (this one, like every Journey, is immutable).
        ``observed`` is a :class:`Discovery` (``log.discover()``) or an :class:`EventLog`, discovered for
        you. Every touchpoint the log knows gets ``metrics.entered`` (customers who came) and
        ``metrics.completed`` (of them, those whose journey did not end there without converting); every
        observed transition between known touchpoints gets ``observed``, ``count``, ``probability`` (its
        share of the moves out of its source) and ``duration``; transitions the map lacks are added with
        ``expected=False``; ``metrics.starts`` counts the customers who started there and
        ``metrics.exit_reasons`` lists the top reasons of those who left there (from the log's ``reason``
        column), which the ``drop_off`` gaps name. A touchpoint of the log the map lacks is kept as a proposed
        one (``proposed=True``, role ``optional``). When customers converted, stage KPIs named "repeat purchase
        rate" (converters who converted at least twice, in percent when the KPI's unit is ``%``) and
        "conversions per customer" (their mean conversions) get their ``actual``. Scores and gaps of the
        result use the real numbers: ``j.apply(log).gaps()``.

        Raises ArgumentError for a Discovery whose data does not fit; TypeError for anything else."""
    def to_svg(self, persona: Optional[str] = None, lanes: _Lanes = None, size: _Size = "auto") -> str:
        """The map as an SVG 1.1 poster: a title, stages as columns with KPIs and a score band, lanes for
        touchpoints (channel pictograms, online/offline, moments of truth), actions, thoughts, what customers
        expect and say (the first two expectations and one quote from the evidence, a pain point's first),
        the emotion curve (one per persona), pain points and delights, observed flow and the backstage, and a
        legend. Text wraps instead of clipping; the output is deterministic.

        ``persona`` draws that persona's touchpoints, curve and scores, and the shared expectations followed
        by that persona's (``persona_expectations``); without it each persona's expectations follow the
        shared ones after the persona's name. ``lanes`` is a dict of lane names to
        booleans (those not named stay on) or a list of the lanes to draw: touchpoints, actions, thoughts,
        voice, emotion, pains, delights, backstage, flow, scores. ``size`` is ``"auto"`` (pixels, as large as the
        content needs), ``"a4_landscape"`` or ``"a3_landscape"`` (scaled to fit the paper).

        Raises NotFoundError for an unknown persona; ArgumentError for an unknown lane or size."""
    def save_svg(
        self, path: _StrPath, persona: Optional[str] = None, lanes: _Lanes = None, size: _Size = "auto"
    ) -> None:
        """Writes the poster of :meth:`to_svg` to a file. Raises JourneyIOError when it cannot be written."""
    def to_mermaid(self, persona: Optional[str] = None) -> str:
        """The map as Mermaid ``journey`` text: a section per stage, a task per touchpoint scored emotion + 3
        (1..5), its personas as actors; with ``persona``, that persona's touchpoints and emotions.

        Raises NotFoundError for an unknown persona."""
    @staticmethod
    def from_mermaid(text: str, id: str = "journey") -> "Journey":
        """Reads Mermaid ``journey`` text: the title names the map, sections become stages, tasks touchpoints
        (emotion = score - 3, channel ``other:unspecified``, chained in order), actors personas.

        Raises ParseError (kind ``mermaid``) naming the line."""
    def to_dot(self) -> str:
        """The touchpoint graph as Graphviz DOT: a cluster per stage, a node per touchpoint, an edge per
        transition (widths from observed counts, unexpected ones dashed)."""
    def to_html(
        self,
        log: Optional["EventLog"] = None,
        as_of: Optional[_Date] = None,
        model: Optional["ScoringModel"] = None,
        persona: Optional[str] = None,
        size: _Size = "auto",
        lanes: _Lanes = None,
        top: int = 20,
        spend: Optional[Mapping[str, float]] = None,
        spend_currency: Optional[str] = None,
        paths_anchor: Literal["first", "every"] = "first",
    ) -> str:
        """The map as one self-contained HTML file (inline CSS and SVG; no scripts, fonts, images or links
        to other files): a summary, the poster (``persona``, ``size`` and ``lanes`` as for :meth:`to_svg`),
        what customers expect and say (each touchpoint's expectations, with each persona's as the poster
        shows them, and the customer quotes of its evidence and its pain points' and delights', by stage; left
        out when the map has none), the scores with their breakdowns, the gaps by severity and the backlog (the
        first ``top`` items, 0 for all; quick wins marked). With ``log``: the stage funnel (chart and table), drop-off, Markov
        attribution (chart and table), Shapley attribution, retention cohorts with the repeat-purchase rate
        (with an outcome column), the sessions, the switches of channel and device (with those columns) and
        conformance. With ``spend`` (touchpoint id to money spent, in the map's currency; ``spend_currency``, when
        given, must be the map's): each touchpoint's cost per converting customer and ROAS under Markov and Shapley credit.
        The paths around the touchpoint where most customers left are around each customer's first visit, or
        around every visit with ``paths_anchor="every"`` (as :meth:`EventLog.paths_around`).
        ``as_of`` as for :meth:`gaps` (today when None).

        Raises NotFoundError for an unknown persona or a spend on a touchpoint the log lacks; ArgumentError
        for a bad date, lane, size or paths anchor, spend without a log with an outcome column or on no touchpoint (a
        ``spend_currency`` alone included; named ``spend``), a spend currency that is none, not the map's or where the
        map names none (named ``spend.currency``), or an amount other than 0 or 0.01 to 1e15 (named ``spend["id"]``);
        ArgumentTypeError for a spend that is not a mapping of str to numbers."""
    def save_html(
        self,
        path: _StrPath,
        log: Optional["EventLog"] = None,
        as_of: Optional[_Date] = None,
        model: Optional["ScoringModel"] = None,
        persona: Optional[str] = None,
        size: _Size = "auto",
        lanes: _Lanes = None,
        top: int = 20,
        spend: Optional[Mapping[str, float]] = None,
        spend_currency: Optional[str] = None,
        paths_anchor: Literal["first", "every"] = "first",
    ) -> None:
        """Writes the report of :meth:`to_html` to a file. Raises JourneyIOError when it cannot be written."""
    def poster_pdf(
        self, persona: Optional[str] = None, lanes: _Lanes = None, page: _Page = "screen", fonts: _Fonts = None
    ) -> bytes:
        """The poster of :meth:`to_svg` as a one-page PDF. ``page`` is ``"screen"`` (the poster's own size),
        ``"a4"``, ``"a4_landscape"``, ``"a3"``, ``"a3_landscape"`` or ``"WIDTHxHEIGHT"`` in millimetres
        (``"210x297"``); on paper the poster is scaled to fit inside a 10 mm margin, keeping its aspect ratio.
        Text stays text (embedded font subsets). It is set in the bundled Liberation Sans, the system's fonts
        and ``fonts``: font files as bytes or paths, for characters the others lack.

        Raises ArgumentError for an unknown page size, a font file that is not one (named ``fonts[i]``) or
        text that no font has a glyph for (named ``fonts``; the message names the characters); NotFoundError
        for an unknown persona; JourneyIOError for a font path that cannot be read."""
    def save_poster_pdf(
        self,
        path: _StrPath,
        persona: Optional[str] = None,
        lanes: _Lanes = None,
        page: _Page = "screen",
        fonts: _Fonts = None,
    ) -> None:
        """Writes the PDF of :meth:`poster_pdf` to a file. Raises JourneyIOError when it cannot be written."""
    def poster_png(
        self,
        persona: Optional[str] = None,
        lanes: _Lanes = None,
        page: _Page = "screen",
        dpi: float = 96.0,
        fonts: _Fonts = None,
    ) -> bytes:
        """The poster of :meth:`to_svg` as a PNG on white at ``dpi`` pixels per inch: a ``"screen"`` page is
        the poster's size times ``dpi / 96``, a sheet of paper its size at ``dpi`` (A4 landscape at 96 dpi is
        1123 x 794 pixels) with the poster fitted inside a 10 mm margin. ``page`` and ``fonts`` as for
        :meth:`poster_pdf`.

        Raises as :meth:`poster_pdf`; ArgumentError for a ``dpi`` outside 1..2400; LimitError for a side
        longer than 16384 pixels."""
    def save_poster_png(
        self,
        path: _StrPath,
        persona: Optional[str] = None,
        lanes: _Lanes = None,
        page: _Page = "screen",
        dpi: float = 96.0,
        fonts: _Fonts = None,
    ) -> None:
        """Writes the PNG of :meth:`poster_png` to a file. Raises JourneyIOError when it cannot be written."""
    def report_pdf(
        self,
        log: Optional["EventLog"] = None,
        as_of: Optional[_Date] = None,
        model: Optional["ScoringModel"] = None,
        persona: Optional[str] = None,
        lanes: _Lanes = None,
        top: int = 20,
        spend: Optional[Mapping[str, float]] = None,
        spend_currency: Optional[str] = None,
        page: _Page = "screen",
        fonts: _Fonts = None,
        paths_anchor: Literal["first", "every"] = "first",
    ) -> bytes:
        """The report of :meth:`to_html` as a PDF of ``page`` (A4 portrait for ``"screen"``): the same content
        as the HTML report on numbered pages with a 10 mm margin — the summary, the poster, what customers
        expect and say, the scores with their components, the gaps, the backlog and, with ``log``, the
        observed sections (funnel, drop-off, paths, time to convert, attribution, Shapley, cost, cohorts,
        sessions, switches, conformance), each chart in place under its heading. Tables break between rows
        with their header repeated; a figure is scaled to the text's width. Text stays text (it can be
        searched and copied). Arguments as for :meth:`to_html` and :meth:`poster_pdf`.

        Raises as :meth:`to_html` and :meth:`poster_pdf`."""
    def save_report_pdf(
        self,
        path: _StrPath,
        log: Optional["EventLog"] = None,
        as_of: Optional[_Date] = None,
        model: Optional["ScoringModel"] = None,
        persona: Optional[str] = None,
        lanes: _Lanes = None,
        top: int = 20,
        spend: Optional[Mapping[str, float]] = None,
        spend_currency: Optional[str] = None,
        page: _Page = "screen",
        fonts: _Fonts = None,
    ) -> None:
        """Writes the PDF of :meth:`report_pdf` to a file. Raises JourneyIOError when it cannot be written."""
    def _repr_svg_(self) -> str:
        """The poster, for Jupyter."""
    def _repr_html_(self) -> str:
        """A one-line summary and the poster, for Jupyter; the full report is :meth:`to_html`."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

@final
class JourneyBuilder:
    """Builds a journey piece by piece; keyword arguments are the fields of the JSON file. Every method
    but :meth:`build` changes the builder and returns it."""

    def __new__(cls, id: str, name: str, standard_stages: Optional[bool] = None) -> "JourneyBuilder":
        """Arguments it cannot take (a wrong number, an unknown keyword, a wrong type) raise
        ArgumentTypeError naming the class and the argument (``JourneyBuilder(id): ...``)."""
    def description(self, text: str) -> "JourneyBuilder": ...
    def kind(self, k: str) -> "JourneyBuilder":
        """current_state, future_state, day_in_the_life or service_blueprint."""
    def reviewed_on(self, date: str) -> "JourneyBuilder":
        """``YYYY-MM-DD``."""
    def currency(self, code: str) -> "JourneyBuilder":
        """The currency of outcome values: an ISO 4217 code such as ``EUR`` or a symbol such as ``€``
        (``build`` checks it)."""
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

    Raises ArgumentError naming the class and the field (``ScoringModel: weights.pain: -1 is not a number in
    0..=1000000``); ArgumentTypeError for a positional argument or a keyword that is not a field."""

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
        stage_weighting: Literal["equal", "customers"] = ...,
        max_stage_share: float = ...,
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
    @property
    def stage_weighting(self) -> Literal["equal", "customers"]:
        """How the journey score weighs its stages: "equal" (the default: every stage with touchpoints the
        same) or "customers" (by the most ``entered`` of each stage's steps; entries never count)."""
    @property
    def max_stage_share(self) -> float:
        """With "customers" weighting, the largest share of the journey's score one stage may carry (0.5)."""
    def to_dict(self) -> Dict[str, Any]:
        """Every field; ``ScoringModel(**m.to_dict()) == m``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str:
        """The fields that differ from the default, as keyword arguments."""

def diff(a: Journey, b: Journey, model: Optional[ScoringModel] = None) -> JourneyDiff:
    """What differs between two maps, by id: every edit between their files, field by field (``edits``:
    personas, KPIs, pain points, delights, evidence, backstage, opportunities, the map's kind, ...), the
    most asked-for of them in typed lists (stages, touchpoints and transitions added, removed, moved or
    changed; emotion and metric changes), the score changes, and all of it in sentences (``lines``)."""

@final
class EventLog:
    """Customer events — who met which touchpoint when — grouped by customer and ordered in time. A
    customer's events with the same timestamp are ordered by the sequence column (when one is named), then
    by touchpoint, channel, device, session, segment, reason and outcome, so that events still tied are
    identical:
    shuffled input gives the same answers as sorted input. ``ties="input"`` keeps ties in the order of the
    rows instead. A customer converted when any of their events has an outcome above 0; their value is the
    sum of their outcomes.

    Column keyword arguments (the same for every reader): ``customer``, ``timestamp`` and ``touchpoint`` name
    the required columns; ``channel``, ``device``, ``session``, ``segment``, ``reason`` (why a customer left:
    a cancellation reason, a survey answer, an error code; trimmed, and empty, blank or null is none; the
    reason of a non-converting customer's last event is counted where they left, see
    :meth:`Discovery.dropoff_reasons`), ``outcome`` (a flag or a value) and ``sequence`` (an integer per
    event that orders ties; empty or null comes first) the optional ones; ``ties`` is ``"canonical"`` (the default) or ``"input"``, anything else raises ArgumentError (kind
    ``argument``). Timestamps are ISO 8601 with or without an offset (no offset means UTC; offset hours 00 to
    23, minutes 00 to 59), dates, or epoch seconds or milliseconds (11 or more digits before any decimal point
    are milliseconds), from 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z; the log keeps
    nanoseconds (fractions of a second to 9 digits, digits past them rounded). A column named twice in the header or
    table is an error.

    Tables come back as pandas DataFrames, or polars ones with ``backend="polars"``; each library is
    imported only when asked for. Immutable. Made by :meth:`from_csv`, :meth:`from_csv_text`,
    :meth:`from_parquet` and :meth:`from_arrow`; ``EventLog()`` raises ArgumentTypeError saying so."""

    def __new__(cls, *args: Any, **kwargs: Any) -> NoReturn:
        """Not made by calling it: raises ArgumentTypeError (kind ``argument``) naming the ways to make one."""
    @staticmethod
    def from_csv(
        path: _StrPath,
        *,
        progress: _Progress = None,
        **columns: Unpack[_EventColumns],
    ) -> "EventLog":
        """Reads a CSV file (a header row, then one event per row), without holding the GIL.

        ``progress``: a callable ``(done, total)`` in bytes of the file (done: the bytes parsed), called at
        the start, every few milliseconds (about every 256 KiB parsed) and once at the end with done ==
        total; returning False stops the reading (CancelledError). True for a bar on stderr; False for
        nothing; None (the default) for the bar only when the session is interactive (stderr is a terminal,
        or IPython/Jupyter) and the file is larger than 50 MB. An exception raised by the callable (or
        Ctrl-C, KeyboardInterrupt) stops the reading and is raised. See "Following and stopping long
        calls" in the README.

        Raises JourneyIOError naming the path when the file cannot be opened or read (a directory, say),
        ParseError (kind ``csv``) naming the line and column of the first bad value or of a missing column
        (line 1)."""
    @staticmethod
    def from_csv_text(
        text: _Text,
        *,
        progress: _Progress = None,
        **columns: Unpack[_EventColumns],
    ) -> "EventLog":
        """Reads CSV text (``str``, or UTF-8 ``bytes``); errors and ``progress`` as :meth:`from_csv` (bytes
        of the UTF-8 text). Empty text is an empty log."""
    @staticmethod
    def from_parquet(
        path: _StrPath,
        *,
        progress: _Progress = None,
        **columns: Unpack[_EventColumns],
    ) -> "EventLog":
        """Reads a Parquet file (uncompressed or Snappy, as pyarrow and DuckDB write by default) through the
        core's reader, without pyarrow and without holding the GIL; the columns may be of the types
        :meth:`from_arrow` reads, and the log is the one the CSV file of the same table gives.

        Raises JourneyIOError (kind ``io``) naming a file that cannot be opened; ParseError (kind ``arrow``)
        for a file that is not Parquet (the message says so) or one whose pages cannot be decoded (another
        codec), and the errors of :meth:`from_arrow`. ``progress`` as :meth:`from_arrow` (rows, once the file
        is read)."""
    @staticmethod
    def from_arrow(
        data: Any,
        *,
        progress: _Progress = None,
        **columns: Unpack[_EventColumns],
    ) -> "EventLog":
        """Reads Arrow data straight from its buffers (no Python object per row, without holding the GIL):
        any object with the Arrow PyCapsule interface ``__arrow_c_stream__`` — a pyarrow Table,
        RecordBatch or RecordBatchReader (a DuckDB query's ``.arrow()``), a polars DataFrame, a polars LazyFrame
        (collected first: its query runs), a pandas DataFrame (pandas < 2.2 goes through
        ``pyarrow.Table.from_pandas``). A column of a pandas DataFrame may be in its index: a named column
        that the frame lacks is read from the index level of that name, and ``customer="index"`` reads an
        index without a name (``df.set_index("customer_id")`` works as it is). Other columns are ignored; an empty table (with columns of any types) is
        an empty log.

        Ids and reasons (customer, touchpoint, channel, device, session, segment, reason): string, large string, string view,
        a dictionary (categorical) of them, or integers. Timestamps: Arrow timestamps of any unit, with or
        without a time zone (none means UTC; pandas ``datetime64[ns]`` keeps its nanoseconds), date32/date64,
        integers (exact) or floats (as precise as the float) of epoch seconds or milliseconds (11 or more
        digits are milliseconds), or strings as in CSV files. Outcome: booleans,
        numbers from 0 to 1e15, or strings as in CSV files; null is 0. Sequence: integers, floats holding whole
        numbers (NaN is none), or strings of integers; null is none.

        Raises ParseError (kind ``arrow``): a missing column (naming the columns there are), a column of a
        type that cannot hold it, or a bad value naming the row (counted from 0, as ``df.iloc`` and
        ``table.slice`` count) and the column — ``row 17, column "timestamp": cannot read ...``; a null
        customer id, touchpoint or timestamp is such an error. TypeError for data without the interface.

        ``progress``: a callable ``(done, total)`` counting rows twice (read, then placed in the log), True
        for a bar on stderr, False or None (the default) for nothing; returning False stops the reading
        (CancelledError), and so does Ctrl-C (KeyboardInterrupt)."""
    def __len__(self) -> int:
        """How many events."""
    @property
    def customer_count(self) -> int:
        """How many customers."""
    @property
    def conversions(self) -> int:
        """How many customers converted (0 without an outcome column)."""
    @property
    def has_outcome(self) -> bool:
        """Whether the log has an outcome column."""
    @property
    def touchpoint_ids(self) -> List[str]:
        """The touchpoint ids the log mentions, in order of first appearance in the input."""
    @property
    def customer_ids(self) -> List[str]:
        """The customer ids (session ids for a log made by :meth:`sessions`), in the log's order."""
    def dfg(self) -> Dfg:
        """The directly-follows graph alone (counts of moves, starts and ends), much cheaper than discover()."""
    def discover(self, *, progress: _Progress = None) -> Discovery:
        """What customers did: transitions with durations, starts, ends, visits, path variants and drop-off.
        O(events).

        ``progress``, as for every long call (:meth:`funnel`, :meth:`stage_funnel`, :meth:`conformance`,
        :meth:`loops`, :meth:`attribution`): a callable ``(done, total)`` called at the start (done 0),
        every few milliseconds of work and at the end (done == total; an empty log gives one call, 0 of
        0); returning False stops the call with CancelledError (kind ``cancelled``), an exception it raises
        stops it and is raised. True shows a bar on stderr; False or None (the default) nothing. Here the
        units are the events, counted twice (the pass and its figures). Ctrl-C stops any long call with
        KeyboardInterrupt, with or without a callback."""
    def funnel(
        self,
        steps: Sequence[str],
        *,
        strict: bool = True,
        within_days: Optional[float] = None,
        backend: _Backend = "pandas",
        progress: _Progress = None,
    ) -> Frame:
        """A closed ordered funnel over touchpoint ids: a customer counts at step k when they passed steps
        1..k in that order (not necessarily adjacent). Columns step, customers, step_conversion (of the step
        before) and overall_conversion (of the first step); ``df.attrs["customers"]`` is the log's.
        ``strict=False`` lets a step that no event of the log has count 0 customers, for a funnel over
        touchpoints that are planned but not yet in the data. ``within_days`` is the conversion window: a
        customer counts at step k only when they reached it within that many days of step 1 (from any of
        their visits to step 1). Columns median_seconds, p25_seconds, p75_seconds, p90_seconds, min_seconds
        and max_seconds give the time from the step before (missing for the first step and for steps no
        customer reached), timed on each customer's last start at step 1 that got as far as they got.

        Raises NotFoundError (kind ``not_found``) for a step that no event of the log has, naming it and
        listing the log's touchpoints, unless ``strict=False``; ArgumentError for no steps or a negative
        ``within_days``, ArgumentTypeError
        for steps that are not a sequence of ``str`` (a ``str`` itself included); CancelledError when
        ``progress`` (as for :meth:`discover`, in events) stopped it."""
    def stage_funnel(
        self, journey: Journey, *, backend: _Backend = "pandas", progress: _Progress = None
    ) -> Frame:
        """The funnel of a map's stages (step = stage id): a customer reaches stage k after meeting a
        touchpoint of each of the stages 1..k in order. Columns as :meth:`funnel`; ``progress`` as for
        :meth:`discover`, in events."""
    def attribution(
        self,
        model: Optional[_AttributionModel] = None,
        *,
        order: Optional[int] = None,
        collapse: bool = True,
        half_life_days: Optional[float] = None,
        first: Optional[float] = None,
        last: Optional[float] = None,
        value_weighted: bool = False,
        per_conversion: bool = False,
        lookback_days: Optional[float] = None,
        backend: _Backend = "pandas",
        progress: _Progress = None,
    ) -> Frame:
        """Which touchpoints earn the conversions: one row per touchpoint converting customers met, most
        credited first, with columns touchpoint, removal_effect (Markov only, else missing), conversions and
        value credited. ``model`` is ``markov`` when None; ``order`` (1..4, default 1) is the Markov order,
        ``half_life_days`` the time-decay half-life (default 7), ``first``/``last`` the position-based
        shares (default 0.4 each); a parameter of another model than ``model`` is an error; ``collapse``
        (default True) merges consecutive repeats of a touchpoint into one touch, and ``collapse=False``
        keeps every touch, as ChannelAttribution and marketing-attribution-models count them out of the
        box (linear, time decay and position based differ on paths with repeats); ``df.attrs["collapsed"]``
        says which. The Markov removal effects are solved from the absorbing chain, not simulated: exactly
        for groups of up to 2,048 states that loop through each other, to within 1e-12 (certified) above.
        ``value_weighted=True`` (Markov only) weighs each move to conversion by the converting customer's
        value instead of counting it, as ChannelAttribution's ``var_value``: removal effects are then
        ``1 - E[value without the touchpoint] / E[value]``, and conversions and value are shared by them;
        conversion_probability stays the one by count.
        ``df.attrs`` holds model, collapsed, value_weighted, conversions, value and conversion_probability
        (Markov).
        ``per_conversion=True`` attributes each conversion rather than each customer, on the journeys of
        :meth:`journeys`, and ``lookback_days`` (with it) gives no credit to touches earlier than that many
        days before their conversion.
        ``progress`` as for :meth:`discover`: the units are the events, then for Markov one step per
        touchpoint and one more (added to total once the chain is built); returning False stops it
        (CancelledError, kind ``cancelled``), and Ctrl-C stops it with KeyboardInterrupt.

        Raises ArgumentError for an unknown model, a parameter of another model or one out of its range;
        ParseError (kind ``too_large``) for a Markov chain past the solve's work limits; CancelledError when stopped.

        ``shapley`` is the Shapley value over the observed coalitions (Zhao et al. 2018): each converting
        customer's coalition is their set of distinct touchpoints, and each touchpoint of it takes an equal
        share, ``phi_j = sum over coalitions S containing j of r(S) / |S|``, exact. ``ordered_shapley`` gives
        the same totals, split by the touchpoint's place in the coalition ordered by first touch:
        ``df.attrs["positions"]`` lists records of touchpoint, position (1 for the first), conversions and
        value (``pandas.DataFrame(df.attrs["positions"])`` makes a table of them)."""
    def attribution_intervals(
        self,
        model: Optional[_AttributionModel] = None,
        *,
        resamples: int = 200,
        level: float = 0.95,
        seed: int = 0,
        order: Optional[int] = None,
        collapse: bool = True,
        half_life_days: Optional[float] = None,
        first: Optional[float] = None,
        last: Optional[float] = None,
        value_weighted: bool = False,
        per_conversion: bool = False,
        lookback_days: Optional[float] = None,
        backend: _Backend = "pandas",
        progress: _Progress = None,
    ) -> Frame:
        """How sure the shares of :meth:`attribution` are: one row per touchpoint, in its order, with columns
        touchpoint, share (of the conversions), low and high, the percentile bootstrap interval at ``level``
        (default 0.95) over ``resamples`` (1 to 10,000, default 200) draws of the customers with replacement.
        The draws follow ``seed`` (default 0) with SplitMix64, customers in the order of their ids, so a seed
        gives the same intervals in Rust, Python and JavaScript; with ``per_conversion`` a customer is drawn
        with all their journeys. The model and its arguments are those of :meth:`attribution`.
        ``df.attrs`` holds model, level, seed, customers, conversions and resamples (those that held a
        conversion, which the quantiles are over). ``progress`` counts the resamples.

        Raises ArgumentError for resamples outside 1 to 10,000, a level not strictly between 0 and 1, or as
        :meth:`attribution`; CancelledError when stopped."""
    def funnel_chart(
        self, steps: Sequence[str], *, strict: bool = True, within_days: Optional[float] = None
    ) -> Svg:
        """The funnel of :meth:`funnel` drawn as an SVG bar chart: customers per step, with the conversion
        from the step before and from the first step.

        Raises as :meth:`funnel`."""
    def paths_around(
        self,
        touchpoint: str,
        *,
        steps: Optional[int] = None,
        top: Optional[int] = None,
        anchor: Literal["first", "every"] = "first",
    ) -> PathsAround:
        """What leads to ``touchpoint`` and what follows it: for each customer who came to it, around their
        first visit, the ``steps`` events before and after (1 to 10, default 3), counted by customers, repeats
        kept. With ``anchor="every"``, around every visit, counted by visits (``customers`` of the result still
        counts customers, ``visits`` the visits; two visits closer than the steps both count, each around
        itself). The ``top`` sequences each way and touchpoints at each offset are kept (default 10, 0 for
        all), the rest summed as other. ``.svg(journey)`` draws it as a Sankey diagram.

        Raises NotFoundError (naming the log's touchpoints) for a touchpoint the log does not have, and
        ArgumentError for steps outside 1 to 10 or an anchor other than ``"first"`` and ``"every"``."""
    def time_to_convert(self, *, as_of: Optional[_Time] = None, progress: _Progress = None) -> TimeToConvert:
        """How long customers took from their first event to their first conversion: the counts, the
        percentiles of the observed times and the Kaplan-Meier curve, with the customers who have not converted
        counted as censored at ``as_of`` (a datetime, naive ones in UTC, a date or ISO text; by default the
        log's last event). ``.svg()`` draws the curve. ``progress`` as for :meth:`discover`, in events.

        Raises ArgumentError for a log without an outcome column, and for an ``as_of`` before the log's last
        event or that is not a time; CancelledError when ``progress`` asked to stop."""
    def cohorts(self, *, period: Literal["week", "month"] = "month", progress: _Progress = None) -> Cohorts:
        """Retention cohorts: the customers who converted, grouped by the UTC week (Monday to Sunday) or month
        of their first conversion, with the share of each converting again in each later period, the
        repeat-purchase rate and the mean conversions per customer. ``progress`` as for :meth:`discover`, in
        events.

        Raises ArgumentError for a log without an outcome column or an unknown period; CancelledError when
        ``progress`` asked to stop."""
    def stage_funnel_chart(self, journey: Journey) -> Svg:
        """The funnel of :meth:`stage_funnel` drawn as an SVG bar chart, with the stages' names."""
    def attribution_chart(
        self,
        model: Optional[_AttributionModel] = None,
        *,
        order: Optional[int] = None,
        collapse: bool = True,
        half_life_days: Optional[float] = None,
        first: Optional[float] = None,
        last: Optional[float] = None,
        value_weighted: bool = False,
        per_conversion: bool = False,
        lookback_days: Optional[float] = None,
        journey: Optional[Journey] = None,
    ) -> Svg:
        """The attribution of :meth:`attribution` drawn as an SVG bar chart: conversions credited per
        touchpoint and, for Markov, each touchpoint's removal effect. With ``journey``, touchpoints show
        their names and values are written in its ``currency``.

        Raises ArgumentError for an unknown model, a parameter of another model or one out of its range, or
        a log without outcomes."""
    def cost(
        self,
        spend: Mapping[str, float],
        models: Optional[Sequence[_AttributionModel]] = None,
        *,
        collapse: bool = True,
        currency: Optional[str] = None,
        backend: _Backend = "pandas",
    ) -> Frame:
        """What the spend on each touchpoint bought under each model: one row per model (in the order of
        ``models``, every model with its default parameters when None) and touchpoint of ``spend``
        (touchpoint id to money spent, by id), with columns model, touchpoint, spend, conversions and value
        credited, cost_per_conversion (``spend / conversions``, missing when the model credits the touchpoint
        with no conversion) and roas (``value / spend``, missing when nothing was spent). ``collapse`` as for
        :meth:`attribution`; ``df.attrs["collapsed"]`` says which. ``currency`` (an ISO 4217 code or a
        symbol) says what the spend and the values are in; ``df.attrs["currency"]`` carries it (None when
        not given: plain numbers). It converts nothing.

        Raises NotFoundError for a touchpoint the log does not have (naming the log's touchpoints);
        ArgumentError for a spend that is negative, NaN or infinite (named ``spend["id"]``), an unknown
        model (named ``models[i]``) or a currency that is not one (named ``currency``); ArgumentTypeError for
        a spend that is not a mapping of str to numbers."""
    def transition_matrix(self, order: int = 1, *, collapse: bool = True, backend: _Backend = "pandas") -> Frame:
        """The transition matrix of the Markov chain of ``order`` (1..4) that :meth:`attribution` solves: one
        row per move observed, with columns from, to, count and probability (count over the moves from
        ``from``). States are ``(start)``, ``(conversion)``, ``(null)`` and touchpoint ids, the last
        ``order`` of them joined by `` > `` (oldest first); rows go from the start, then the touchpoint states
        by name. ``df.attrs`` holds order and collapsed.

        Raises ArgumentError for an order outside 1..4 or a log without outcomes."""
    def markov_order_selection(
        self, max_order: int = 4, *, collapse: bool = True, backend: _Backend = "pandas"
    ) -> Frame:
        """How well the Markov chains of orders 1 to ``max_order`` (1..4) fit the paths: one row per order
        with columns order, states, parameters (``states * (outcomes - 1)``, the outcomes of a move being the
        touchpoints reached, the conversion and the null), moves,
        log_likelihood (``sum n(s,t) ln(n(s,t) / n(s))``), aic (``2 p - 2 LL``) and bic
        (``p ln(moves) - 2 LL``). ``df.attrs["chosen"]`` is the order of least BIC (the lower on a tie).

        Raises ArgumentError for ``max_order`` outside 1..4 or a log without outcomes."""
    def conformance(self, journey: Journey, *, progress: _Progress = None) -> Conformance:
        """How far the observed paths follow the map's expected transitions and entries. Consecutive repeats
        are not moves. O(events). ``progress`` as for :meth:`discover`, in events."""
    def loops(self, journey: Optional[Journey] = None, *, progress: _Progress = None) -> Loops:
        """Customers going back to a touchpoint they met before, or with a map to an earlier stage.
        ``progress`` as for :meth:`discover`, in events."""
    def compare(
        self,
        other: "EventLog",
        journey: Optional[Journey] = None,
        *,
        alpha: float = 0.05,
        min_change: float = 0.05,
        funnel: Optional[Sequence[str]] = None,
        names: Optional[Tuple[str, str]] = None,
    ) -> Comparison:
        """This log (a) and ``other`` (b) side by side — e.g. two segments or two periods: transition
        shares, drop-off, the steps of ``funnel`` and the share of customers who go back, each tested
        (Fisher's exact test when an expected cell count is below 5, the two-proportion z-test otherwise),
        the p-values adjusted by Benjamini–Hochberg over all of them; a change is significant when its
        adjusted p-value (``q_value``) is below ``alpha``, the false-discovery rate, and it is at least
        ``min_change``. With a map, gaps name stages and
        paths the map does not design. ``names`` is how the gaps' messages call the two logs, e.g.
        ``('segment "online"', 'segment "offline"')`` or ``("October", "November")`` (default "the first
        log", "the second log").

        Raises ArgumentError for alpha or min_change outside 0..1, or an empty name."""
    def partial(self, analyses: Mapping[str, Optional[Mapping[str, Any]]]) -> "Partial":
        """The partial results of ``analyses`` over this log's customers, to send as bytes
        (:meth:`Partial.to_bytes`) and merge with the partials of the other customers
        (:meth:`Partial.merge`, :func:`merge_partials`) into exactly the answer of one pass over all of them.
        Each customer's events must all be in one part.

        ``analyses`` maps each analysis to its options, as the in-memory method takes them: ``"discover"``
        (``{}``), ``"dfg"`` (``{}``: the directly-follows counts of :meth:`dfg`), ``"funnel"`` (``steps``,
        ``strict``, ``within_days``), ``"stage_funnel"`` (``map``),
        ``"attribution"`` (``model``, ``order``, ``collapse``, ``half_life_days``, ``first``, ``last``,
        ``value_weighted``, ``per_conversion``, ``lookback_days``), ``"markov"`` (the same, the model
        ``markov``; ``order`` 1–4), ``"conformance"`` (``map``), ``"loops"`` (``map`` or none),
        ``"compare"`` (``map`` or none, ``funnel``). A name ``kind:label`` (``"attribution:linear"``) holds
        another analysis of that kind. A map is a :class:`Journey` (or its dict).

        Raises ArgumentError for an unknown analysis or option, or options out of their domain."""
    def filter_segment(self, segment: str) -> "EventLog":
        """The customers whose segment (that of their first event) is ``segment``.

        Raises ArgumentError when the log has no segment column."""
    def for_persona(self, journey: Journey, persona: str) -> "EventLog":
        """The customers of the map's persona ``persona``: those whose segment (that of their first event) is
        the persona's ``segment``, as :meth:`filter_segment` selects them. A segment no customer has gives an
        empty log. The persona's funnel is ``log.for_persona(j, p).stage_funnel(j)``; their scores and gaps
        are those of ``j.apply(log.for_persona(j, p))``.

        Raises NotFoundError for a persona the map lacks (as every call that takes a persona does), and
        ArgumentError for one without a segment and when the log has no segment column."""
    def filter_period(self, start: Optional[_Time] = None, end: Optional[_Time] = None) -> "EventLog":
        """The customers whose first event is at or after ``start`` and before ``end`` (None: open). A naive
        datetime is UTC (exact to its microsecond; a ``pandas.Timestamp`` to its nanosecond), a date is midnight UTC, text and numbers (epoch seconds or milliseconds) are read as
        a timestamp column reads them.

        Raises ArgumentError for a value that is not a time (ArgumentTypeError for a value of another type)."""
    def sessions(
        self, *, timeout_minutes: Optional[float] = None, use_column: bool = True, progress: _Progress = None
    ) -> "EventLog":
        """One unit per session instead of per customer, so that every analysis runs per session (a
        transition's duration is then the time within a visit). With a session column (and ``use_column``),
        a customer's events with the same session value make a session, id ``customer#session``; otherwise a
        customer's next event more than ``timeout_minutes`` (None: 30) after the one before starts a new
        session (a gap of exactly the timeout stays), ids ``customer#1``, ``customer#2``, ... Events keep their columns and
        outcomes: a session converted when one of its events did, its value is the sum of its outcomes.
        ``progress`` as for :meth:`discover`, in events (each counted twice: cutting the sessions, then the
        log of them).

        Raises ArgumentError naming ``timeout_minutes`` for a negative or non-finite timeout, ``session`` for
        an event without a session value, ``customer`` when two sessions get the same id; CancelledError
        when ``progress`` asked to stop."""
    def by(self, dimension: Literal["touchpoint", "channel", "device"]) -> "EventLog":
        """The same customers and events with each event's channel (or device) in place of its touchpoint,
        so that every analysis runs by channel or device, rolled up exactly; an event without a value is
        ``"(none)"``.

        Raises ArgumentError for an unknown dimension or a log without that column."""
    def switches(self, dimension: Literal["touchpoint", "channel", "device"]) -> Switches:
        """The switches of channel (device, touchpoint) between each customer's consecutive events that
        have a value: counts by kind (from, to) and the conversion of customers with and without a switch.

        Raises ArgumentError for an unknown dimension or a log without that column."""
    def journeys(
        self,
        *,
        lookback_days: Optional[float] = None,
        include_conversion: bool = False,
        keep_after_conversion: bool = True,
        progress: _Progress = None,
    ) -> "EventLog":
        """The log split into journeys anchored on the conversion, on which every analysis runs: one
        customer per conversion (a purchase, or purchases one right after another), holding the events
        after the conversion before it up to and including it, with id ``<customer>#<n>`` (``c1#1``,
        ``c1#2``, counted from 1 in time order). The events after the last conversion are one more journey
        that did not convert (dropped with ``keep_after_conversion=False``); a customer who never converted
        is one journey. The conversion is no touch for attribution unless ``include_conversion``;
        ``lookback_days`` drops the events earlier than that many days before the conversion. ``progress``
        as for :meth:`discover`, in events.

        Raises ArgumentError for a log without an outcome column or a negative ``lookback_days``;
        CancelledError when ``progress`` asked to stop."""
    def variants(self, top: Optional[int] = None, backend: _Backend = "pandas") -> Frame:
        """The path variants alone, as ``discover().variants(top, backend)`` gives them (path, length,
        customers, conversions; most customers first, ties by path), without the rest of the discovery: one
        hash of each customer's path, much cheaper than :meth:`discover`."""
    def customer_paths(self, *, backend: _Backend = "pandas") -> Frame:
        """Each customer (or journey, on a log of :meth:`journeys`) in the log's order, columns customer,
        path (touchpoints joined with ``" > "``), length, converted and value."""
    def select_at_step(
        self, steps: Sequence[str], step: int, *, strict: bool = True, within_days: Optional[float] = None
    ) -> "EventLog":
        """The customers who reached step ``step`` (an index into ``steps``, 0 for the first) of the funnel
        over ``steps``, with all their events: those who passed steps 0 to ``step`` in that order, as
        :meth:`funnel` counts them (``funnel(steps)["customers"][step]`` of them; ``within_days`` as for
        :meth:`funnel`). Every selection is a new
        log, so every analysis runs on it and selections compose.

        Raises ArgumentError for no steps or a step past the last, NotFoundError for a step that no event of
        the log has (unless ``strict=False``)."""
    def select_dropped_at_step(
        self, steps: Sequence[str], step: int, *, strict: bool = True, within_days: Optional[float] = None
    ) -> "EventLog":
        """The customers who reached step ``step`` of the funnel over ``steps`` but not the next one: those
        who left the funnel there. Every customer at the last step finished the funnel, so ``step`` is
        before the last (:meth:`select_at_step` gives those at the last step).

        Raises ArgumentError for no steps or for the last step or one past it, NotFoundError for a step that
        no event of the log has (unless ``strict=False``)."""
    def select_did(self, touchpoint: str, *, strict: bool = True) -> "EventLog":
        """The customers who met ``touchpoint`` at least once.

        Raises NotFoundError for a touchpoint that no event of the log has, naming the log's touchpoints;
        ``strict=False`` reads it as a touchpoint nobody met."""
    def select_did_not(self, touchpoint: str, *, strict: bool = True) -> "EventLog":
        """The customers who never met ``touchpoint``: the others of :meth:`select_did`.

        Raises NotFoundError as :meth:`select_did` does."""
    def select_did_then(
        self, first: str, then: str, *, within_seconds: Optional[float] = None, strict: bool = True
    ) -> "EventLog":
        """The customers who met ``first`` and later ``then`` (an event at ``then`` after one at ``first``
        in their order of events, as the funnel ``[first, then]`` reads it; the two may be the same
        touchpoint, met twice), with ``within_seconds`` at most that long after it.

        Raises ArgumentError for a negative or non-finite ``within_seconds``, NotFoundError as
        :meth:`select_did` does."""
    def select_top_variants(self, top: int) -> "EventLog":
        """The customers whose path (every touchpoint, in order, repeats kept) is one of the ``top`` most
        common variants, as :meth:`discover` lists them (most customers first, ties by path).

        Raises ArgumentError for 0."""
    def partition(self, parts: int) -> List["EventLog"]:
        """The customers split into ``parts`` logs of about equal size, e.g. for parallel work. ``parts`` is
        capped at the number of customers (each log has at least one; an empty log gives one empty log), and 0
        counts as 1."""
    def __repr__(self) -> str: ...
    def what_if(self, changes: Sequence[Mapping[str, Any]]) -> WhatIf:
        """Conversions and value before and after ``changes`` (dicts: ``{"change": "completion",
        "touchpoint": id, "completion": share}`` or ``{"change": "remove_transition", "from": id, "to": id}``),
        from the absorbing Markov chain of order 1 of the observed paths, solved exactly; each change's
        effect alone is in ``changes``. Completion 0 gives the Markov removal effect. Removals apply first.

        Raises ArgumentError naming the change at fault (``changes[0].completion``): an unknown touchpoint, a
        completion outside 0..1, a transition no customer took, two completions of one touchpoint, or a log
        without an outcome column."""


@final
class Partial:
    """The partial results of some analyses over one part of the customers (:meth:`EventLog.partial`).
    Bytes (:meth:`to_bytes`) are ``JRNYPART``, a little-endian u32 format version and the body (see
    docs/partials.md); pickles as them. Partials of the same analyses merge, in any order and grouping,
    into exactly the one-pass answer, duration percentiles included (every duration is kept, as sorted
    runs)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises ArgumentTypeError: a ``Partial`` is made by ``EventLog.partial``, ``Partial.from_bytes`` or
        ``merge_partials``."""
    def to_bytes(self) -> bytes:
        """The partial as bytes."""
    @staticmethod
    def from_bytes(data: bytes) -> "Partial":
        """Reads a partial written by :meth:`to_bytes`.

        Raises ParseError (kind ``partial``) for bytes that are not one: another magic, another format
        version, truncated or corrupted."""
    def merge(self, other: Union["Partial", bytes]) -> "Partial":
        """This partial merged with the partial of other customers (a new ``Partial``).

        Raises ArgumentError (kind ``argument``) for partials of different analyses or options."""
    def finish(self, *, backend: _Backend = "pandas") -> Dict[str, Any]:
        """The finished results, by analysis name: what the in-memory method returns — a
        :class:`Discovery`, funnel and attribution data frames in ``backend``, :class:`Conformance`,
        :class:`Loops`, and for ``compare`` a :class:`CompareInputs`.

        Raises NotFoundError for a strict funnel's step that no part met, DuplicateError for a customer
        found in two parts (conformance keeps the ids), LimitError for a Markov chain past the limits."""
    @property
    def analyses(self) -> List[str]:
        """The analysis names, sorted."""
    @property
    def customers(self) -> int:
        """Customers the partial is over."""
    @property
    def events(self) -> int:
        """Events the partial is over."""

@final
class CompareInputs:
    """The figures of one log that a comparison puts side by side, finished from partials (``compare``)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises ArgumentTypeError: ``CompareInputs`` are made by ``Partial.finish``."""
    def compare(self, other: "CompareInputs", journey: Optional[Journey] = None, **options: Any) -> Comparison:
        """These figures (a) against ``other`` (b), as :meth:`EventLog.compare` gives them for the two logs;
        ``options`` are those of :meth:`EventLog.compare` (``alpha``, ``min_change``, ``funnel``, ``names``),
        and ``funnel`` must be the funnel both counted.

        Raises ArgumentError for an unknown option or a value out of its domain."""

def merge_partials(partials: Iterable[Union[Partial, bytes]]) -> Partial:
    """Merges partials (each a :class:`Partial` or its bytes) as a balanced tree.

    Raises ArgumentError for no partials or partials of different analyses; ParseError for bytes that are
    not a partial."""
