"""careernet's exceptions, all subclasses of :class:`CareerNetError`.

The domain's own errors are defined in :mod:`careernet.domain.errors` (the
core imports nothing else); storage and plugin errors are defined here.
"""

from __future__ import annotations

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
    "CareerNetError",
    "ConflictError",
    "CorruptStoreError",
    "DuplicateIdError",
    "ExcludedContactError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NetworkExistsError",
    "PluginError",
    "SchemaVersionError",
    "StorageError",
    "TransitionError",
    "UnknownIdError",
    "UnknownLocationError",
    "UnknownNetworkError",
    "UnknownScenarioError",
]


class StorageError(CareerNetError):
    """Storage could not do what was asked; nothing was written."""


class ConflictError(StorageError):
    """Someone else committed to the network since this view was loaded.

    Nothing was written. Refresh and run the command again; see
    :func:`careernet.retry_on_conflict`.
    """

    def __init__(self, network_id: str, expected: int, actual: int) -> None:
        self.network_id = network_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Network {network_id!r} is at version {actual}, but this change was "
            f"made against version {expected}: someone else committed first. "
            "Nothing was written; call refresh() and run the command again "
            "(careernet.retry_on_conflict does this for you)."
        )


class CorruptStoreError(StorageError):
    """The store's file or data is damaged or not a careernet store."""


class SchemaVersionError(StorageError):
    """The store was written by a newer careernet than this one."""


class UnknownNetworkError(StorageError, LookupError):
    """No network with this id exists in the store."""


class NetworkExistsError(StorageError):
    """A network with this id already exists in the store."""


class UnknownLocationError(CareerNetError, ValueError):
    """No storage plugin handles this location."""


class PluginError(CareerNetError):
    """A plugin is broken: a misspelled hook, a failing import."""
