"""Storage: the contract every backend meets, and the builtin backends.

A backend is any object with the methods of :class:`Storage`. It keeps many
networks, each a seeker plus records and a version number, and persists each
:class:`~careernet.domain.Change` atomically with optimistic concurrency.
Backends come from plugins (the builtin ``memory:`` and SQLite ones are
plugins too) through the ``careernet_open_storage`` hook.

To write one, see ``docs/storage-plugins.md`` and run the contract suite in
:mod:`careernet.testing` against it. :func:`dump_record` and
:func:`load_record` turn records into JSON-ready dicts and back, so a backend
never has to know the records' fields.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

import attrs

from careernet.domain import Change, Record, Seeker

__all__ = [
    "Exclusive",
    "Head",
    "Incarnations",
    "Removals",
    "Snapshot",
    "Storage",
    "dump_record",
    "dump_seeker",
    "load_record",
    "load_seeker",
]


def dump_record(record: Record) -> tuple[str, dict[str, Any]]:
    """A record as its kind (``"contact"``, ``"meeting"``, ...) and a JSON-ready dict.

    Backends store the pair and give it back to :func:`load_record`; the
    round trip is exact. Fields holding their default value are left out of
    the dict; the ``id`` always stays.
    """
    from careernet import _convert  # noqa: PLC0415

    return _convert.dump_record(record)


def load_record(kind: str, data: Mapping[str, Any]) -> Record:
    """The record :func:`dump_record` gave as ``kind`` and ``data``.

    Raises:
        CorruptStoreError: The kind or the data is not readable.
    """
    from careernet import _convert  # noqa: PLC0415

    return _convert.load_record(kind, data)


def dump_seeker(seeker: Seeker) -> dict[str, Any]:
    """The seeker as a JSON-ready dict."""
    from careernet import _convert  # noqa: PLC0415

    return _convert.dump_seeker(seeker)


def load_seeker(data: Mapping[str, Any]) -> Seeker:
    """The seeker :func:`dump_seeker` gave as ``data``."""
    from careernet import _convert  # noqa: PLC0415

    return _convert.load_seeker(data)


@attrs.frozen(kw_only=True)
class Snapshot:
    """A network as storage returns it.

    Attributes:
        network_id: The network's id.
        seeker: The seeker at its centre.
        version: The version the records are complete up to.
        records: The records (all of them, or those written after the
            ``since`` version that was asked for), in the order they were
            first written.
        incarnation: The network's incarnation: a random id set when it was
            created, different each time a network is created under the same
            id (after a delete, or by a restore). Versions only compare within
            one incarnation. Empty from a backend that does not keep one.
        removed: For a load ``since`` a version, the records removed after
            it, as ``(kind, id)`` pairs, so a view can drop them; a record
            written again after its removal is in ``records`` and not here.
            Empty for a whole load (``since=0``).
    """

    network_id: str
    seeker: Seeker
    version: int
    records: Sequence[Record]
    incarnation: str = ""
    removed: Sequence[tuple[str, str]] = ()


class Head(NamedTuple):
    """Where a network stands: its ``incarnation`` (see
    :attr:`Snapshot.incarnation`) and its current ``version``."""

    incarnation: str
    version: int


@runtime_checkable
class Storage(Protocol):
    """What a storage backend provides.

    Every method either does all it was asked or raises a
    :class:`careernet.errors.StorageError` subclass having written nothing.
    """

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        """Create a network, with ``records`` if any, in one transaction.

        Without records the network starts empty at version 0; with records
        it starts at version 1 holding them, as if they were committed
        together. Either all of it is written or nothing is: a failure or a
        crash part-way leaves no network behind.

        Raises:
            NetworkExistsError: The id is taken (nothing is written).
        """
        ...

    def networks(self) -> list[str]:
        """The ids of every network in the store, sorted."""
        ...

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        """The network's seeker and records written after version ``since``.

        Raises:
            UnknownNetworkError: No such network.
        """
        ...

    def version(self, network_id: str) -> int:
        """The network's current version, cheaply.

        Raises:
            UnknownNetworkError: No such network.
        """
        ...

    def commit(self, network_id: str, expected_version: int, change: Change) -> int:
        """Write a change atomically and return the network's new version.

        Records are upserted by kind and id; a :class:`~careernet.domain.Seeker`
        in the change replaces the seeker. A backend that declares
        :class:`Removals` also deletes the change's ``removed`` records in
        the same transaction. The version grows by one.

        Raises:
            ConflictError: The network is no longer at ``expected_version``.
            UnknownNetworkError: No such network.
        """
        ...

    def delete_network(self, network_id: str) -> None:
        """Remove a network and everything in it.

        Raises:
            UnknownNetworkError: No such network.
        """
        ...

    def close(self) -> None:
        """Release connections and files; calling it twice is harmless."""
        ...


@runtime_checkable
class Incarnations(Protocol):
    """What a backend adds to :class:`Storage` to tell re-created networks apart.

    A backend with :meth:`head` keeps an incarnation per network (see
    :attr:`Snapshot.incarnation`), returns it in every snapshot, and accepts
    ``incarnation=`` in :meth:`Storage.commit`. careernet then notices a
    network deleted and created anew by another process. The builtin backends
    have it; the contract suite checks it where :meth:`head` exists.
    """

    def head(self, network_id: str) -> Head:
        """The network's incarnation and version, cheaply.

        Raises:
            UnknownNetworkError: No such network.
        """
        ...

    def commit(
        self,
        network_id: str,
        expected_version: int,
        change: Change,
        *,
        incarnation: str | None = None,
    ) -> int:
        """Like :meth:`Storage.commit`; with ``incarnation``, a network of
        another incarnation refuses the change.

        Raises:
            NetworkReplacedError: The network is of another incarnation.
        """
        ...


@runtime_checkable
class Removals(Protocol):
    """What a backend declares when it applies a change's removals.

    :meth:`Storage.commit` then deletes the records named in
    :attr:`careernet.domain.Change.removed` (``(kind, id)`` pairs) in the same
    transaction and version as the change's records; removing a record that
    is not there is harmless. :meth:`Storage.load` with ``since`` names the
    records removed after that version in :attr:`Snapshot.removed`, so views
    refreshed incrementally drop them too; a pair is never both there and in
    the snapshot's records. careernet refuses to commit a removal to a
    backend without it (nothing is written), so an older plugin never
    silently keeps what was meant to go. The builtin backends have it; the
    contract suite checks it where it is declared.
    """

    @property
    def removes_records(self) -> bool:
        """``True``: the backend applies removals."""
        ...


@runtime_checkable
class Exclusive(Protocol):
    """What a backend adds to :class:`Storage` to let one writer go first.

    :meth:`careernet.Network.transact` uses it: inside ``exclusive(id)`` the
    calling thread holds the network's write lock, its loads see the latest
    version and its commits wait for no one; everything committed inside is
    made durable together when the block ends (or rolled back if it raises).
    Other writers queue for the lock, so none of them is starved.
    """

    def exclusive(self, network_id: str) -> contextlib.AbstractContextManager[None]:
        """Hold the network's write lock for the calling thread.

        Raises:
            UnknownNetworkError: No such network.
            StoreBusyError: The lock could not be had in time.
        """
        ...
