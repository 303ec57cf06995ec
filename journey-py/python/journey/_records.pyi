"""Type stubs of the records. At run time the fields come from the JSON Schema; a test checks that the
fields listed here are exactly the schema's."""

from typing import Any, ClassVar, Dict, List, Mapping, Optional, Tuple

__all__ = ["Record", "Stage", "Touchpoint", "Persona", "Transition", "Problem", "fields_of"]

def fields_of(type_name: str) -> Dict[str, Any]: ...

class Record:
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __init__(self, data: Mapping[str, Any]) -> None:
        """A record of the fields in ``data`` (as in the JSON file). ArgumentTypeError (kind ``argument``)
        naming the class for a wrong number of arguments, a ``data`` that is not a mapping or a field the
        type does not have; ``Record`` itself is not made by calling it."""
    @classmethod
    def field_names(cls) -> Tuple[str, ...]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class Stage(Record):
    id: str
    name: str
    description: Optional[str]
    kpis: List[Dict[str, Any]]

class Touchpoint(Record):
    id: str
    name: str
    stage: str
    channel: str
    device: Optional[str]
    owner: Optional[str]
    importance: Optional[float]
    moment_of_truth: Optional[bool]
    personas: List[str]
    actions: List[str]
    thoughts: List[str]
    expectations: List[str]
    emotion: Optional[float]
    persona_emotions: Dict[str, float]
    persona_expectations: Dict[str, List[str]]
    """What each persona expects here besides ``expectations``, by persona id."""
    pain_points: List[Dict[str, Any]]
    delights: List[Dict[str, Any]]
    metrics: Dict[str, Any]
    evidence: List[Dict[str, Any]]
    backstage: List[Dict[str, Any]]
    opportunities: List[Dict[str, Any]]
    role: Optional[str]
    """``"entry"``, ``"step"`` or ``"optional"`` as the file gives it, None when it does not (then
    ``Journey.role(id)`` says which applies: an entry of the map is an entry, any other touchpoint a step)."""
    proposed: Optional[bool]
    """True for a touchpoint customers were seen using in an event log while the design lacked it
    (``Journey.apply`` adds it as proposed); absent (None) for a designed touchpoint."""

class Persona(Record):
    id: str
    name: str
    summary: Optional[str]
    demographics: Dict[str, Any]
    interests: List[str]
    motivations: List[str]
    concerns: List[str]
    goals: Dict[str, List[str]]
    preferred_channels: List[str]
    segment: Optional[str]

class Transition(Record):
    from_: str
    """The JSON field ``from`` (a Python keyword); ``getattr(t, "from")`` works too."""
    to: str
    expected: Optional[bool]
    observed: Optional[bool]
    count: Optional[int]
    probability: Optional[float]
    duration: Optional[Dict[str, float]]

class Problem(Record):
    kind: str
    path: str
    id: Optional[str]
    message: str
