"""Every error a caller can cause is a ``JourneyError`` with a ``kind``.

The native module converts its arguments before its code runs, and the interpreter reports a value it cannot
convert with its own exceptions: ``TypeError`` for a wrong type or a wrong number of arguments,
``OverflowError`` for a negative or huge int where a count is expected, ``UnicodeEncodeError`` for a ``str``
with a lone surrogate. :func:`guard` wraps the native classes' methods and the module's functions so that
exactly those exceptions (the native module notes the argument it was converting, "while processing 'order'")
— raised by the native call itself, not by Python code it calls back (a progress
callback, pandas) — become the journey family: ``ArgumentError`` (kind ``argument``) naming the argument (an
``ArgumentTypeError``, which is also a ``TypeError``, for a value of the wrong type), or
``ParseError`` of kind ``encoding`` naming the argument and the place of the surrogate. The messages are made
by the core (``_argument_error``, ``_not_unicode``), like every other message.

Constructors: the native classes that are made by calling them (``JourneyBuilder``, ``ScoringModel``) bind
their arguments with the core's rule themselves; :func:`no_constructor` gives the native classes that are
not (``Journey``, ``EventLog``) a ``__new__`` that says how to make one; :func:`guard_constructor` makes the
interpreter's refusal of the arguments of the package's result classes the core's message (the records bind
theirs through the core themselves). Each raises ``ArgumentTypeError`` (kind ``argument``, also a ``TypeError``) naming the class.
"""

from __future__ import annotations

import functools
import inspect
import re

from . import _journey

_CONVERTED = (TypeError, OverflowError, UnicodeEncodeError, ValueError)
_NAMED = re.compile(r"argument '([^']+)': (.*)", re.S)
_NOTE = re.compile(r"while processing '([^']+)'")


def _raised_by_the_call(error: BaseException) -> bool:
    """Whether the native call raised it itself: no Python frame below the wrapper's."""
    tb = error.__traceback__
    return tb is not None and tb.tb_next is None


def _arguments(func, args, kwargs):
    """The arguments by name, as far as the signature tells; positional ones as ``argument N`` otherwise."""
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
        return list(bound.arguments.items())
    except (TypeError, ValueError):
        return [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())


def _walk(name, value, depth=0):
    """The argument and the strings and ints inside lists, tuples and dicts, each with its name."""
    yield name, value
    if depth < 3 and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(f"{name}[{i}]", item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(f"{name}.{key}", item, depth + 1)


def _surrogate(text: str):
    for i, c in enumerate(text):
        if "\ud800" <= c <= "\udfff":
            return i
    return None


def _noted_name(error: BaseException):
    """The argument the native module was converting: it notes "while processing 'name'"."""
    for note in getattr(error, "__notes__", ()):
        match = _NOTE.fullmatch(note)
        if match:
            return match[1]
    return None


def _convert(func, qualname: str, error: BaseException, args, kwargs) -> BaseException:
    named = _arguments(func, args, kwargs)
    noted = _noted_name(error)
    if noted is not None:
        named = [(n, v) for n, v in named if n == noted] or [(noted, None)]
    if isinstance(error, UnicodeEncodeError):
        for top, value in named:
            for name, v in _walk(top, value):
                if isinstance(v, str) and (index := _surrogate(v)) is not None:
                    return _journey._not_unicode(name, index)
        return _journey._not_unicode(noted or qualname, error.start)
    if isinstance(error, OverflowError):
        for top, value in named:
            for name, v in _walk(top, value):
                if isinstance(v, int) and not isinstance(v, bool) and (v < 0 or v >= 2**63):
                    expected = "of at least 0" if v < 0 else "that fits in 64 bits"
                    shown = str(v) if abs(v) < 10**30 else f"an int of {v.bit_length()} bits"
                    return _journey._argument_error(name, f"{shown} is not a whole number {expected}")
    message = str(error)
    # A wrong type stays a TypeError too (ArgumentTypeError), as Python code expects.
    type_error = isinstance(error, TypeError)
    if noted is not None:
        return _journey._argument_error(noted, message, type_error)
    match = _NAMED.match(message)
    if match:
        return _journey._argument_error(match[1], match[2], type_error)
    # A wrong number of arguments or an unknown keyword: "Journey.score() got an unexpected keyword ...".
    message = re.sub(r"^[\w.]+\(\) ", "", message)
    return _journey._argument_error(qualname, message, type_error)


def _wrap(func, qualname: str):
    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except _CONVERTED as error:
            if isinstance(error, _journey.JourneyError) or not _raised_by_the_call(error):
                raise
            converted = _convert(func, qualname, error, args, kwargs)
        raise converted from None

    return guarded


def guard_function(func):
    """A module function whose argument errors are journey errors."""
    return _wrap(func, func.__name__)


def guard_class(cls) -> None:
    """Wraps, in place, every public method, static method and the constructor of a native class."""
    for name, member in list(vars(cls).items()):
        qualname = f"{cls.__name__}.{name}"
        if name == "__new__" or (name.startswith("_") and name not in ("__eq__", "__getitem__", "__contains__")):
            continue
        if isinstance(member, staticmethod):
            setattr(cls, name, staticmethod(_wrap(member.__func__, qualname)))
        elif isinstance(member, classmethod):
            setattr(cls, name, classmethod(_wrap(member.__func__, qualname)))
        elif inspect.ismethoddescriptor(member) or inspect.isfunction(member) or inspect.isbuiltin(member):
            if callable(member) and not isinstance(member, property) and not hasattr(member, "__set__"):
                setattr(cls, name, _wrap(member, qualname))
    # The constructor cannot be wrapped (the interpreter refuses a `__new__` that calls the native one): the
    # native constructors convert their arguments themselves, and `no_constructor` covers the classes without.


def no_constructor(cls, makers) -> None:
    """Makes calling ``cls``, a native class that has no constructor, raise ``ArgumentTypeError`` naming the
    ways to make one (``makers``), with the core's message. The native module makes its instances without
    calling ``__new__``, so only a caller's ``cls()`` meets it."""
    name, ways = cls.__name__, list(makers)

    def __new__(cls, *args, **kwargs):  # noqa: N805 - the name the stub gives it
        raise _journey._no_constructor(name, ways)

    cls.__new__ = staticmethod(__new__)


def guard_constructor(cls) -> None:
    """Wraps, in place, the ``__init__`` of a class of the package (a result) so that the
    interpreter's refusal of its arguments — a wrong number, an unknown or repeated keyword — is the core's
    ``ArgumentTypeError`` naming the class and the parameters. Errors raised inside ``__init__`` pass."""
    init = cls.__init__
    init = getattr(init, "__wrapped__", init)
    params = [
        p for p in list(inspect.signature(init).parameters.values())[1:]
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    names = [p.name for p in params]
    required = next((i for i, p in enumerate(params) if p.default is not p.empty), len(params))
    qualname = cls.__name__

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        try:
            init(self, *args, **kwargs)
        except TypeError as error:
            if isinstance(error, _journey.JourneyError) or not _raised_by_the_call(error):
                raise
            _journey._bind(qualname, names, required, args, kwargs)
            converted = _convert(init, qualname, error, args, kwargs)
        else:
            return
        raise converted from None

    cls.__init__ = __init__
