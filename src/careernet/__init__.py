"""careernet: strategic career networking, as a library.

A seeker keeps contacts in four rings (buddies, strategic alliances,
lukewarm, cold), sets a goal whose strategy fits their situation, moves
contacts inward through concrete actions, keeps a reciprocity ledger, and is
told what to do next.

The names here are the ones most programs need; the whole pure core is in
:mod:`careernet.domain`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from careernet.domain import (
    Action,
    ActionKind,
    Advice,
    Change,
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
from careernet.domain.errors import (
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
    "Advice",
    "CareerNetError",
    "Change",
    "ConflictError",
    "Contact",
    "CorruptStoreError",
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
    "Network",
    "NetworkExistsError",
    "NetworkState",
    "Plan",
    "PluginError",
    "Privacy",
    "Ring",
    "Scenario",
    "SchemaVersionError",
    "Seeker",
    "StorageError",
    "Store",
    "Strategy",
    "TransitionError",
    "UnknownIdError",
    "UnknownLocationError",
    "UnknownNetworkError",
    "UnknownScenarioError",
    "hookimpl",
    "open",
    "open_store",
    "plan",
    "retry_on_conflict",
]


_LAZY = {
    "open": "careernet.network",
    "open_store": "careernet.network",
    "retry_on_conflict": "careernet.network",
    "Network": "careernet.network",
    "Store": "careernet.network",
    "hookimpl": "careernet.hookspecs",
    "ConflictError": "careernet.errors",
    "CorruptStoreError": "careernet.errors",
    "NetworkExistsError": "careernet.errors",
    "PluginError": "careernet.errors",
    "SchemaVersionError": "careernet.errors",
    "StorageError": "careernet.errors",
    "UnknownLocationError": "careernet.errors",
    "UnknownNetworkError": "careernet.errors",
}


def __getattr__(name: str) -> Any:
    """Import the facade, plugins and ``__version__`` only when first used."""
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("careernet")
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'careernet' has no attribute {name!r}")


if TYPE_CHECKING:
    from careernet.errors import (
        ConflictError,
        CorruptStoreError,
        NetworkExistsError,
        PluginError,
        SchemaVersionError,
        StorageError,
        UnknownLocationError,
        UnknownNetworkError,
    )
    from careernet.hookspecs import hookimpl
    from careernet.network import (
        Network,
        Store,
        open,  # noqa: A004
        open_store,
        retry_on_conflict,
    )
