"""careernet: strategic career networking, as a library.

A seeker keeps contacts in four rings (buddies, strategic alliances,
lukewarm, cold), sets a goal whose strategy fits their situation, moves
contacts inward through concrete actions, keeps a reciprocity ledger, and is
told what to do next.

The names here are the ones most programs need; the whole pure core is in
:mod:`careernet.domain`.

Everything is imported on first use, so ``import careernet`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    __version__: str
    """The installed version, read from the package metadata on first use."""

    from careernet._convert import from_builtins, to_builtins
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
    from careernet.errors import (
        AmbiguousNameError,
        CalendarSyncError,
        CareerNetError,
        CommitUnknownError,
        ConflictError,
        CorruptStoreError,
        DuplicateIdError,
        ExcludedContactError,
        FileReadError,
        FileWriteError,
        ImportFileError,
        IncompleteGoalError,
        InvalidValueError,
        ListenError,
        MailAccountError,
        MailError,
        MailFolderError,
        MailServerError,
        MissingDependencyError,
        MissingFileError,
        NaiveDatetimeError,
        NetworkExistsError,
        NetworkReplacedError,
        NotifyConfigError,
        PluginError,
        ReadOnlyStoreError,
        SchemaVersionError,
        StorageError,
        StoreBusyError,
        TransitionError,
        UnknownIdError,
        UnknownLocationError,
        UnknownNetworkError,
        UnknownScenarioError,
    )
    from careernet.hookspecs import (
        hookimpl,
    )
    from careernet.network import Network, retry_on_conflict
    from careernet.store import (
        Store,
        open,  # noqa: A004
        open_store,
    )

_WHERE: dict[str, str] = {
    "Action": "careernet.domain",
    "ActionKind": "careernet.domain",
    "Advice": "careernet.domain",
    "AmbiguousNameError": "careernet.errors",
    "CareerNetError": "careernet.errors",
    "CommitUnknownError": "careernet.errors",
    "Change": "careernet.domain",
    "ConflictError": "careernet.errors",
    "Contact": "careernet.domain",
    "CorruptStoreError": "careernet.errors",
    "DuplicateIdError": "careernet.errors",
    "ExcludedContactError": "careernet.errors",
    "FileReadError": "careernet.errors",
    "FileWriteError": "careernet.errors",
    "Goal": "careernet.domain",
    "HelpKind": "careernet.domain",
    "Interaction": "careernet.domain",
    "InteractionKind": "careernet.domain",
    "ImportFileError": "careernet.errors",
    "IncompleteGoalError": "careernet.errors",
    "InvalidValueError": "careernet.errors",
    "LedgerEntry": "careernet.domain",
    "LedgerKind": "careernet.domain",
    "ListenError": "careernet.errors",
    "MailAccountError": "careernet.errors",
    "MailError": "careernet.errors",
    "MailFolderError": "careernet.errors",
    "MailServerError": "careernet.errors",
    "CalendarSyncError": "careernet.errors",
    "Meeting": "careernet.domain",
    "MeetingKind": "careernet.domain",
    "MeetingStatus": "careernet.domain",
    "MissingDependencyError": "careernet.errors",
    "MissingFileError": "careernet.errors",
    "NaiveDatetimeError": "careernet.errors",
    "Network": "careernet.network",
    "NetworkExistsError": "careernet.errors",
    "NetworkReplacedError": "careernet.errors",
    "NetworkState": "careernet.domain",
    "NotifyConfigError": "careernet.errors",
    "Plan": "careernet.domain",
    "PluginError": "careernet.errors",
    "ReadOnlyStoreError": "careernet.errors",
    "Privacy": "careernet.domain",
    "Ring": "careernet.domain",
    "Scenario": "careernet.domain",
    "SchemaVersionError": "careernet.errors",
    "Seeker": "careernet.domain",
    "StorageError": "careernet.errors",
    "StoreBusyError": "careernet.errors",
    "Store": "careernet.store",
    "Strategy": "careernet.domain",
    "TransitionError": "careernet.errors",
    "UnknownIdError": "careernet.errors",
    "UnknownLocationError": "careernet.errors",
    "UnknownNetworkError": "careernet.errors",
    "UnknownScenarioError": "careernet.errors",
    "hookimpl": "careernet.hookspecs",
    "open": "careernet.store",
    "open_store": "careernet.store",
    "from_builtins": "careernet._convert",
    "plan": "careernet.domain",
    "retry_on_conflict": "careernet.network",
    "to_builtins": "careernet._convert",
}

__all__ = [
    "Action",
    "ActionKind",
    "Advice",
    "AmbiguousNameError",
    "CalendarSyncError",
    "CareerNetError",
    "Change",
    "CommitUnknownError",
    "ConflictError",
    "Contact",
    "CorruptStoreError",
    "DuplicateIdError",
    "ExcludedContactError",
    "FileReadError",
    "FileWriteError",
    "Goal",
    "HelpKind",
    "ImportFileError",
    "IncompleteGoalError",
    "Interaction",
    "InteractionKind",
    "InvalidValueError",
    "LedgerEntry",
    "LedgerKind",
    "ListenError",
    "MailAccountError",
    "MailError",
    "MailFolderError",
    "MailServerError",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "MissingDependencyError",
    "MissingFileError",
    "NaiveDatetimeError",
    "Network",
    "NetworkExistsError",
    "NetworkReplacedError",
    "NetworkState",
    "NotifyConfigError",
    "Plan",
    "PluginError",
    "Privacy",
    "ReadOnlyStoreError",
    "Ring",
    "Scenario",
    "SchemaVersionError",
    "Seeker",
    "StorageError",
    "Store",
    "StoreBusyError",
    "Strategy",
    "TransitionError",
    "UnknownIdError",
    "UnknownLocationError",
    "UnknownNetworkError",
    "UnknownScenarioError",
    "from_builtins",
    "hookimpl",
    "open",
    "open_store",
    "plan",
    "retry_on_conflict",
    "to_builtins",
]


# Hidden from type checkers, so that a misspelled name is an error there
# rather than Any; the imports under TYPE_CHECKING above declare the real ones.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Import ``name`` (or ``__version__``) the first time it is used."""
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            return version("careernet")
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module 'careernet' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
