"""The ``memory:`` storage: everything in a dict, gone when the process ends.

Useful for tests, notebooks and short-lived tools. Each ``memory:`` location
opened is a store of its own; ``memory:NAME`` locations with the same name
share one store within the process, so two views of one network can be
opened (and can conflict) as with a database.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator, Sequence
from typing import ClassVar

import attrs

from careernet import _convert
from careernet._markers import hookimpl
from careernet.domain import Change, Record, Seeker
from careernet.errors import (
    ConflictError,
    NetworkExistsError,
    NetworkReplacedError,
    UnknownNetworkError,
)
from careernet.storage import Head, Snapshot

__all__ = ["MemoryStorage"]

SCHEME = "memory:"


@attrs.define
class _Network:
    seeker: Seeker
    version: int = 0
    incarnation: str = attrs.Factory(lambda: secrets.token_hex(16))
    # (kind, id) -> (version written, record); dicts keep first-written order.
    records: dict[tuple[str, str], tuple[int, Record]] = attrs.Factory(dict)
    # (kind, id) -> the version that removed it, until it is written again.
    removed: dict[tuple[str, str], int] = attrs.Factory(dict)


class MemoryStorage:
    """A store held in memory; see the module docstring."""

    _shared: ClassVar[dict[str, MemoryStorage]] = {}
    removes_records = True
    """Changes' removals are applied (see :class:`careernet.storage.Removals`)."""

    def __init__(self) -> None:
        self._networks: dict[str, _Network] = {}
        self._lock = threading.RLock()

    @classmethod
    def named(cls, name: str) -> MemoryStorage:
        """The process-wide store called ``name`` (a new one if ``name`` is empty)."""
        if not name:
            return cls()
        return cls._shared.setdefault(name, cls())

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        version = 1 if records else 0
        keyed: dict[tuple[str, str], tuple[int, Record]] = {
            (_convert.kind_of(r), r.id): (version, r)
            for r in records
            if not isinstance(r, Seeker)
        }
        with self._lock:
            if network_id in self._networks:
                raise NetworkExistsError(
                    f"A network called {network_id!r} already exists; open it, or "
                    "choose another id."
                )
            self._networks[network_id] = made = _Network(
                seeker=seeker, version=version, records=keyed
            )
        return Snapshot(
            network_id=network_id,
            seeker=seeker,
            version=version,
            records=records,
            incarnation=made.incarnation,
        )

    def networks(self) -> list[str]:
        with self._lock:
            return sorted(self._networks)

    def _get(self, network_id: str) -> _Network:
        try:
            return self._networks[network_id]
        except KeyError:
            raise UnknownNetworkError.for_id(network_id) from None

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        with self._lock:
            network = self._get(network_id)
            return Snapshot(
                network_id=network_id,
                seeker=network.seeker,
                version=network.version,
                records=[r for v, r in network.records.values() if v > since],
                incarnation=network.incarnation,
                removed=[k for k, v in network.removed.items() if v > since]
                if since
                else (),
            )

    def version(self, network_id: str) -> int:
        with self._lock:
            return self._get(network_id).version

    def head(self, network_id: str) -> Head:
        """The network's incarnation and version."""
        with self._lock:
            network = self._get(network_id)
            return Head(network.incarnation, network.version)

    def commit(
        self,
        network_id: str,
        expected_version: int,
        change: Change,
        *,
        incarnation: str | None = None,
    ) -> int:
        # Work out every key first, so a bad record fails before anything changes.
        keyed = [
            (None if isinstance(r, Seeker) else (_convert.kind_of(r), r.id), r)
            for r in change.records
        ]
        with self._lock:
            network = self._get(network_id)
            if incarnation is not None and network.incarnation != incarnation:
                raise NetworkReplacedError(
                    network_id,
                    expected_version,
                    network.version,
                    incarnation=incarnation,
                )
            if network.version != expected_version:
                raise ConflictError(network_id, expected_version, network.version)
            version = network.version + 1
            for key, record in keyed:
                if key is None:
                    assert isinstance(record, Seeker)
                    network.seeker = record
                else:
                    network.records[key] = (version, record)
                    if network.removed:
                        network.removed.pop(key, None)
            for key in change.removed:
                network.records.pop(key, None)
                network.removed[key] = version
            network.version = version
            return version

    def find_records(self, kind: str, record_id: str) -> list[tuple[str, Record]]:
        """The record of ``kind`` and ``record_id`` in every network holding one,
        with the network's id (the feed finds its tokens so)."""
        with self._lock:
            found = [
                (network_id, network.records.get((kind, record_id)))
                for network_id, network in self._networks.items()
            ]
        return sorted(
            ((n, entry[1]) for n, entry in found if entry is not None),
            key=lambda pair: pair[0],
        )

    def delete_network(self, network_id: str) -> None:
        with self._lock:
            self._get(network_id)
            del self._networks[network_id]

    @contextlib.contextmanager
    def exclusive(self, network_id: str) -> Iterator[None]:
        """Hold the store's lock for the calling thread; commits made inside
        are undone if the block raises."""
        with self._lock:
            network = self._get(network_id)
            kept = attrs.evolve(
                network, records=dict(network.records), removed=dict(network.removed)
            )
            try:
                yield
            except BaseException:
                self._networks[network_id] = kept
                raise

    def close(self) -> None:
        """Nothing to release."""


@hookimpl(trylast=True)
def careernet_open_storage(location: str) -> MemoryStorage | None:
    """Open ``memory:`` and ``memory:NAME`` locations."""
    if not location.startswith(SCHEME):
        return None
    return MemoryStorage.named(location.removeprefix(SCHEME))


@hookimpl
def careernet_storage_schemes() -> list[str]:
    """The locations this plugin opens."""
    return ["memory:", "memory:NAME"]
