"""careernet: strategic career networking, as a library.

A seeker keeps contacts in four rings (buddies, strategic alliances,
lukewarm, cold), sets a goal whose strategy fits their situation, moves
contacts inward through concrete actions, keeps a reciprocity ledger, and is
told what to do next.

The names here are the ones most programs need; the whole pure core is in
:mod:`careernet.domain`.
"""

from __future__ import annotations

from typing import Any

from careernet.domain import (
    Action,
    ActionKind,
    Contact,
    Goal,
    HelpKind,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NetworkState,
    Plan,
    Privacy,
    Ring,
    Scenario,
    Seeker,
    Strategy,
    plan,
)
from careernet.errors import (
    CareerNetError,
    DuplicateIdError,
    ExcludedContactError,
    InvalidValueError,
    NaiveDatetimeError,
    TransitionError,
    UnknownIdError,
    UnknownScenarioError,
)

__all__ = [
    "Action",
    "ActionKind",
    "CareerNetError",
    "Contact",
    "DuplicateIdError",
    "ExcludedContactError",
    "Goal",
    "HelpKind",
    "Interaction",
    "InteractionKind",
    "InvalidValueError",
    "LedgerEntry",
    "LedgerKind",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "NaiveDatetimeError",
    "NetworkState",
    "Plan",
    "Privacy",
    "Ring",
    "Scenario",
    "Seeker",
    "Strategy",
    "TransitionError",
    "UnknownIdError",
    "UnknownScenarioError",
    "plan",
]


def __getattr__(name: str) -> Any:
    """Read ``__version__`` from the installed metadata only when asked."""
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("careernet")
    raise AttributeError(f"module 'careernet' has no attribute {name!r}")
