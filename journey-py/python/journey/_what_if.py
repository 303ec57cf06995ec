"""``EventLog.what_if``: conversions and value before and after changes to what customers do, from the
absorbing Markov chain of order 1 of the observed paths (the one Markov attribution uses), solved exactly
in the core. The package attaches :func:`what_if` to :class:`journey.EventLog`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Mapping, Sequence

from . import _journey
from ._results import _Result

__all__ = ["WhatIf", "WhatIfEffect"]


@dataclass(frozen=True)
class WhatIfEffect(_Result):
    """One change of a :class:`WhatIf` (the dict given) and what it does alone: ``before`` is the
    touchpoint's observed completion, or the transition's share of the moves out of ``from``;
    ``conversions`` and ``value`` are the figures with this change alone."""

    change: Mapping[str, Any]
    before: float
    conversions: float
    value: float


@dataclass(frozen=True, repr=False)
class WhatIf(_Result):
    """What :meth:`EventLog.what_if` found: customers, conversions and value before and after the changes,
    the mean value of a conversion, and each change with its effect alone (``changes``)."""

    customers: int
    conversions_before: float
    conversions_after: float
    value_per_conversion: float
    value_before: float
    value_after: float
    changes: List[WhatIfEffect]

    @classmethod
    def _from_data(cls, d: Mapping[str, Any]) -> "WhatIf":
        return cls(**{**d, "changes": [WhatIfEffect(**c) for c in d["changes"]]})

    def __repr__(self) -> str:
        return (
            f"<WhatIf {self.conversions_before:.4g} -> {self.conversions_after:.4g} conversions of "
            f"{self.customers} customers, value {self.value_before:.6g} -> {self.value_after:.6g}>"
        )


def what_if(self: "_journey.EventLog", changes: Sequence[Mapping[str, Any]]) -> WhatIf:
    """Conversions and value before and after ``changes``, each a dict:

    - ``{"change": "completion", "touchpoint": id, "completion": share}`` sets the share (0..1) of the moves
      out of the touchpoint that go on (to another touchpoint or to the conversion) rather than leave; the
      moves that go on keep their observed proportions. 0 removes the touchpoint: its Markov removal effect
      is ``1 - conversions_after / conversions_before``.
    - ``{"change": "remove_transition", "from": id, "to": id}`` takes those moves away: the customers who
      made them take the other moves out of ``from`` (onward, converting or leaving) in their observed
      proportions, or leave there when it has no other moves.

    Removals apply first, then completions. Raises ArgumentError (kind ``argument``) naming the change at
    fault (``changes[1].completion``) for an unknown touchpoint, a completion outside 0..1, a transition no
    customer took, a touchpoint given two completions, or a log without an outcome column."""
    result: WhatIf = _journey._what_if(self, changes)
    return result
