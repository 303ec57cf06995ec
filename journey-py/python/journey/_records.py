"""Read-only records over the plain data that the native module hands out.

A record wraps the dict of one stage, touchpoint, persona, transition or validation problem, shaped
exactly like the JSON file. Every field of the type can be read as an attribute; the fields and what an
absent field reads as come from the JSON Schema that the core generates from its types, so nothing here
lists fields by hand:

- the schema's ``default`` when it gives one;
- otherwise ``[]`` for an array, ``{}`` for an object (a map, or a nested object such as ``metrics``),
  and ``None`` for anything else.

Nested values (pain points, metrics, evidence, ...) are plain dicts and lists, copied on each access so a
record cannot be changed through them.
"""

from __future__ import annotations

import copy
import json
from typing import Any, ClassVar, Dict, Iterator, Mapping, Optional, Tuple

from . import _journey

__all__ = ["Record", "Stage", "Touchpoint", "Persona", "Transition", "Problem", "fields_of"]

_SCHEMAS: Optional[Dict[str, Dict[str, Any]]] = None


def _schemas() -> Dict[str, Dict[str, Any]]:
    """The schema of each record type by name, with the definitions its ``$ref``s point to."""
    global _SCHEMAS
    if _SCHEMAS is None:
        document = json.loads(_journey.json_schema())
        schemas: Dict[str, Dict[str, Any]] = {}
        for name, definition in document.get("$defs", {}).items():
            schemas[name] = dict(definition, **{"$defs": document.get("$defs", {})})
        schemas["Problem"] = json.loads(_journey._problem_schema())
        _SCHEMAS = schemas
    return _SCHEMAS


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root.get("$defs", {}).get(ref[len("#/$defs/") :], {})
    return schema


def _absent_value(prop: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    """What a field reads as when the serialised form leaves it out."""
    if "default" in prop:
        return prop["default"]
    kind = _resolve(prop, root).get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "null" in kinds:
        return None
    if "array" in kinds:
        return []
    if "object" in kinds:
        return {}
    return None


def fields_of(type_name: str) -> Dict[str, Any]:
    """The fields of a record type with what each reads as when absent, in schema order."""
    schema = _schemas()[type_name]
    return {name: _absent_value(prop, schema) for name, prop in schema.get("properties", {}).items()}


class Record:
    """A read-only view of one part of a journey, with attribute access to its JSON fields."""

    __slots__ = ("_data",)
    _type_name: ClassVar[str] = ""
    _fields_cache: ClassVar[Optional[Dict[str, Any]]] = None
    _required_cache: ClassVar[Optional[Tuple[str, ...]]] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """``Stage(data)``: a record of the fields in ``data``, a mapping of field names (as in the JSON file)
        to values. A wrong number of arguments, a ``data`` that is not a mapping or a field the type does not
        have raises ``ArgumentTypeError`` (kind ``argument``, also a ``TypeError``) naming the class, with
        the core's message; ``Record`` itself is not made by calling it."""
        name = type(self).__name__
        if not self._type_name:
            raise _journey._no_constructor(name, [c.__name__ for c in Record.__subclasses__()])
        # One positional argument is always bound to `data`; anything else goes through the core's rule.
        data = args[0] if len(args) == 1 and not kwargs else _journey._bind(name, ["data"], 1, args, kwargs)["data"]
        if not isinstance(data, Mapping):
            raise _journey._wrong_type(name, "data", "a mapping of field names to values", data)
        fields = self._fields()
        if not fields.keys() >= data.keys():
            # A field the type does not have: the core's check raises, naming it.
            _journey._check_fields(name, "data", [str(k) for k in data], list(fields), False)
        object.__setattr__(self, "_data", dict(data))

    @classmethod
    def _fields(cls) -> Dict[str, Any]:
        if cls._fields_cache is None:
            cls._fields_cache = fields_of(cls._type_name)
        return cls._fields_cache

    @classmethod
    def _required(cls) -> Tuple[str, ...]:
        if cls._required_cache is None:
            cls._required_cache = tuple(_schemas()[cls._type_name].get("required", ()))
        return cls._required_cache

    @classmethod
    def field_names(cls) -> Tuple[str, ...]:
        """The names of every field, as in the JSON file."""
        return tuple(cls._fields())

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not regular attributes. A trailing underscore reaches fields
        # whose names are Python keywords (`transition.from_`).
        if name.startswith("_"):
            raise AttributeError(name)
        fields = self._fields()
        key = name[:-1] if name.endswith("_") and name[:-1] in fields else name
        if key not in fields:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        if key in self._data:
            value = self._data[key]
        else:
            value = fields[key]
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __dir__(self) -> Iterator[str]:
        return iter(sorted(set(object.__dir__(self)) | set(self._fields())))

    def to_dict(self) -> Dict[str, Any]:
        """The fields as in the JSON file (absent fields left out)."""
        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == other._data  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = [f"{k}={self._data[k]!r}" for k in self._required() if k in self._data]
        if any(k not in self._required() for k in self._data):
            shown.append("...")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self._data,))


class Stage(Record):
    """A column of the map."""

    __slots__ = ()
    _type_name = "Stage"


class Touchpoint(Record):
    """A place where the customer meets the company: a node of the journey graph."""

    __slots__ = ()
    _type_name = "Touchpoint"


class Persona(Record):
    """Who the customer is."""

    __slots__ = ()
    _type_name = "Persona"


class Transition(Record):
    """A move from one touchpoint to the next: an edge of the journey graph. ``from`` is a Python
    keyword: read it as ``transition.from_``."""

    __slots__ = ()
    _type_name = "Transition"


class Problem(Record):
    """One problem found by validation: ``kind``, ``path``, ``id`` and ``message``."""

    __slots__ = ()
    _type_name = "Problem"

    def __str__(self) -> str:
        return f"{self._data.get('path', '')}: {self._data.get('message', '')}"
