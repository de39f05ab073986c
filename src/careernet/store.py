"""Opening storage locations, and the :class:`Store`: the one commit path.

:func:`open_store` finds the storage plugin for a location and returns a
:class:`Store`; :func:`open` opens one seeker's network in it. Every write
careernet makes (a command on a :class:`~careernet.Network`, an import, a
JSON restore, the sample network of ``careernet demo``) goes through
:meth:`Store.commit`, which persists one change atomically and then tells
every plugin through ``careernet_after_commit``, exactly once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final

import pluggy

from careernet import _paths, portable
from careernet._bulk import collector_paused
from careernet.domain import (
    Change,
    FeedToken,
    InvalidValueError,
    NaiveDatetimeError,
    NetworkState,
    Record,
    Seeker,
    Strategy,
    StrategyRegistry,
    door,
)
from careernet.errors import (
    CareerNetError,
    NetworkExistsError,
    StorageError,
    UnknownLocationError,
    UnknownNetworkError,
)
from careernet.network import Network
from careernet.plugins import Hooks, get_plugin_manager
from careernet.storage import Head, Snapshot, Storage

__all__ = ["DEFAULT_NETWORK", "Clock", "IdFactory", "Store", "open", "open_store"]

DEFAULT_NETWORK: Final = "default"
"""The network :func:`open` uses when none is named."""

Clock = Callable[[], dt.datetime]
"""Returns the current time, aware."""

IdFactory = Callable[[], str]
"""Returns a new unique record id."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def _new_id() -> str:
    return secrets.token_hex(16)


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    plugins: Iterable[object] = (),
    autoload: bool | None = None,
    block: Iterable[str] | None = None,
    allow: Iterable[str] | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
) -> Store:
    """Open a storage location that holds any number of networks.

    Args:
        location: ``"memory:"``, a filesystem path, ``"sqlite:///path"``, or
            any location a storage plugin handles. ``None`` means the embedded
            default: a SQLite file in the user data directory.
        plugins: Plugin objects or modules to register; they take
            precedence over installed plugins.
        autoload: Whether to load plugins from the ``careernet`` entry-point
            group; ``None`` follows ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD``.
        block: Names of plugins not to load; ``None`` follows
            ``CAREERNET_PLUGINS_BLOCK``.
        allow: The only entry-point plugins to load; ``None`` follows
            ``CAREERNET_PLUGINS`` (all when unset).
        clock: Returns the current time (aware); for tests and replays.
        ids: Returns a new unique id for each record; UUIDs by default.

    Raises:
        UnknownLocationError: No plugin handles the location.
    """
    if location is not None and not isinstance(location, str | os.PathLike):
        raise InvalidValueError(
            f"A store location is text or a path; got {type(location).__name__}."
        )
    where = str(_paths.default_database() if location is None else os.fspath(location))
    if "\x00" in where:
        raise InvalidValueError(
            f"A store location cannot hold a NUL character; got {where!r}."
        )
    hooks = Hooks(
        get_plugin_manager(plugins, autoload=autoload, block=block, allow=allow)
    )
    storage = hooks.open_storage(where)
    if storage is None:
        raise UnknownLocationError(
            f"No storage handles {where!r}. Known locations: "
            f"{', '.join(hooks.storage_schemes())}. A plugin may provide it: "
            "install the plugin for that scheme and keep plugin autoloading on."
        )
    return Store(storage, hooks.pm, location=where, clock=clock, ids=ids)


def open(  # noqa: A001 - careernet.open mirrors the builtin on purpose
    location: str | os.PathLike[str] | None = None,
    *,
    network: str = DEFAULT_NETWORK,
    seeker: Seeker | str | None = None,
    plugins: Iterable[object] = (),
    autoload: bool | None = None,
    block: Iterable[str] | None = None,
    allow: Iterable[str] | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
) -> Network:
    """Open one seeker's network; closing it closes the store too.

    The network is created if it does not exist and either ``seeker`` is
    given or it is the default network (whose seeker is called "Me" until
    :meth:`Network.set_seeker` says otherwise). When the network exists,
    ``seeker`` is not used: change it with :meth:`Network.set_seeker`. See
    :func:`open_store` for the other arguments.

    Opening is safe when several processes or threads open (and so create)
    the same new network at once: one creates it, the others open it.

    Args:
        location: ``"memory:"``, a filesystem path (a SQLite file),
            ``"sqlite:///path"``, ``"postgresql://..."`` (the ``postgres``
            extra), or any location a storage plugin handles. ``None`` means
            a SQLite file in the user data directory.
        network: Which network of the store to open; a store holds any
            number, one per seeker.
        seeker: The seeker (a :class:`~careernet.domain.Seeker` or just a
            name) of a network that does not exist yet; it is created.
        plugins: Plugin objects or modules to register; they take
            precedence over installed plugins.
        autoload: Whether to load plugins from the ``careernet`` entry-point
            group; ``None`` follows ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD``.
        block: Names of plugins not to load; ``None`` follows
            ``CAREERNET_PLUGINS_BLOCK``.
        allow: The only entry-point plugins to load; ``None`` follows
            ``CAREERNET_PLUGINS`` (all when unset).
        clock: Returns the current time (aware); for tests and replays.
        ids: Returns a new unique id for each record; UUIDs by default.

    Returns:
        The open network; use it in a ``with`` block, or call
        :meth:`Network.close`.

    Raises:
        UnknownNetworkError: The named network does not exist and no
            ``seeker`` was given to create it.
        UnknownLocationError: No storage handles the location.
    """
    store = open_store(
        location,
        plugins=plugins,
        autoload=autoload,
        block=block,
        allow=allow,
        clock=clock,
        ids=ids,
    )
    try:
        try:
            opened = store.network(network)
        except UnknownNetworkError:
            if seeker is None and network != DEFAULT_NETWORK:
                raise
            try:
                opened = store.create(network, seeker or "Me")
            except NetworkExistsError:  # another process created it first
                opened = store.network(network)
    except BaseException:
        store.close()
        raise
    opened.closes_store = True
    return opened


class Store:
    """A storage location holding many seekers' networks, isolated from each other.

    Attributes:
        location: The location it was opened from.
        storage: The storage backend.
        hooks: The plugins' hooks, one typed method each.
    """

    def __init__(
        self,
        storage: Storage,
        plugin_manager: pluggy.PluginManager,
        *,
        location: str,
        clock: Clock | None = None,
        ids: IdFactory | None = None,
    ) -> None:
        self.storage = storage
        self.location = location
        self.hooks = Hooks(plugin_manager)
        self._clock = clock or _utc_now
        self._ids = ids or _new_id
        self._generations: dict[str, int] = {}
        self._feed_scan: dict[str, tuple[int, FeedToken | None]] = {}
        self._strategies: StrategyRegistry | None = None
        self._deferred = threading.local()  # after-commit calls held in exclusive()
        self._created: dict[str, str] = {}  # incarnations of networks just created
        self._checks_incarnation = _takes_incarnation(storage)

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager this store was opened with."""
        return self.hooks.pm

    def now(self) -> dt.datetime:
        """The clock's current time, checked to be aware."""
        now = self._clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise NaiveDatetimeError(
                "The clock returned a naive datetime; make it return aware ones, "
                "such as datetime.now(tz=datetime.UTC)."
            )
        return now

    def new_id(self) -> str:
        """A fresh record id."""
        return self._ids()

    # -- strategies -----------------------------------------------------

    @property
    def strategies(self) -> StrategyRegistry:
        """Every strategy the plugins provide (the builtins among them), by scenario.

        Filled once through the ``careernet_scenarios`` and
        ``careernet_strategy`` hooks; a scenario a plugin answers for without
        naming it is added when first asked for.
        """
        if self._strategies is None:
            registry = StrategyRegistry()
            for scenario in self.hooks.scenarios():
                found = self.hooks.strategy(scenario)
                if found is not None:
                    registry.register(found, replace=True)
            self._strategies = registry
        return self._strategies

    def strategy(self, scenario: str) -> Strategy:
        """The strategy for ``scenario``, from the plugins (builtins last).

        Args:
            scenario: The scenario's name, such as ``"unemployed"``.

        Raises:
            UnknownScenarioError: No plugin has a strategy for it.
        """
        registry = self.strategies
        if scenario not in registry:
            found = self.hooks.strategy(scenario)
            if found is not None and found.scenario == scenario:
                registry.register(found)
        return registry.get(scenario)

    # -- networks -------------------------------------------------------

    def version(self, network_id: str) -> int:
        """A network's current version, read cheaply without loading it.

        Args:
            network_id: The network's id in this store.

        Raises:
            UnknownNetworkError: No network has this id.
        """
        return self.storage.version(network_id)

    def networks(self) -> list[str]:
        """The ids of the networks in this store."""
        return self.storage.networks()

    def commit(
        self,
        network_id: str,
        expected_version: int | None,
        change: Change,
        *,
        written: Callable[[int], object] | None = None,
        incarnation: str | None = None,
    ) -> int:
        """Write one change atomically, tell the plugins, and return the new version.

        This is the one way careernet writes: every command, import and
        restore ends here, and ``careernet_after_commit`` is called once for
        each commit, after it is durable (inside :meth:`exclusive`, when the
        block ends).

        Args:
            network_id: The network to write to.
            expected_version: The version the change was made against; a
                network at another version refuses it with
                :class:`~careernet.ConflictError`. ``None`` creates the
                network: the change must then hold its
                :class:`~careernet.Seeker`, and the network and all the
                change's records are written in one transaction.
            change: What to write.
            written: Called with the new version once the change is stored
                and before the plugins hear of it (a view applies the change
                here, so it is up to date even if a plugin then raises).
            incarnation: The incarnation the change was made against (see
                :attr:`careernet.storage.Snapshot.incarnation`); a network
                created anew since refuses it.

        A change's removals (:attr:`careernet.domain.Change.removed`) are
        applied in the same transaction by backends that declare
        :class:`~careernet.storage.Removals`; to any other backend such a
        change is refused with nothing written.

        Raises:
            ConflictError: The network is no longer at ``expected_version``.
            NetworkReplacedError: The network is no longer of ``incarnation``.
            NetworkExistsError: ``expected_version`` is ``None`` and the id
                is taken.
            StorageError: The change removes records and the backend cannot.
        """
        if change.removed and (
            expected_version is None
            or getattr(self.storage, "removes_records", False) is not True
        ):
            if expected_version is None:
                raise InvalidValueError(
                    "A change that creates a network cannot remove records."
                )
            raise StorageError(
                f"The storage at {self.location} cannot remove records (its "
                "plugin predates removals), so archiving aside, removing and "
                "merging contacts are not possible there. Nothing was written; "
                "upgrade the storage plugin."
            )
        if expected_version is None:
            version = self._create(network_id, change).version
        elif incarnation and self._checks_incarnation:
            version = self.storage.commit(  # type: ignore[call-arg]
                network_id, expected_version, change, incarnation=incarnation
            )
        else:
            version = self.storage.commit(network_id, expected_version, change)
        if written is not None:
            written(version)
        pending: list[tuple[str, int, Change]] | None = getattr(
            self._deferred, "pending", None
        )
        if pending is not None:
            pending.append((network_id, version, change))
        else:
            self.hooks.after_commit(network_id, version, change, self)
        return version

    def _create(self, network_id: str, change: Change) -> Snapshot:
        _check_network_id(network_id)
        seekers = [r for r in change.records if isinstance(r, Seeker)]
        if len(seekers) != 1:
            raise InvalidValueError(
                "A change that creates a network must hold exactly one Seeker."
            )
        records = [r for r in change.records if not isinstance(r, Seeker)]
        created = self.storage.create_network(network_id, seekers[0], records=records)
        self._created[network_id] = created.incarnation
        self._renewed(network_id)
        return created

    def head(self, network_id: str) -> Head:
        """Where a network stands: its incarnation and its version.

        Args:
            network_id: The network's id in this store.

        Raises:
            UnknownNetworkError: No network has this id.
        """
        head = getattr(self.storage, "head", None)
        if head is None:
            return Head("", self.storage.version(network_id))
        found: Head = head(network_id)
        return found

    @property
    def can_lock(self) -> bool:
        """Whether the storage can hold a network's write lock
        (:meth:`exclusive`); the builtin backends can."""
        return callable(getattr(self.storage, "exclusive", None))

    @contextlib.contextmanager
    def exclusive(self, network_id: str) -> Iterator[None]:
        """Hold a network's write lock for the calling thread.

        What is committed inside is made durable together when the block
        ends, or rolled back if it raises; the plugins hear of each commit
        then. :meth:`careernet.Network.transact` is built on it.

        Args:
            network_id: The network's id in this store.

        Raises:
            StorageError: The storage cannot hold a lock (see :attr:`can_lock`).
            UnknownNetworkError: No network has this id.
        """
        if not self.can_lock:
            raise StorageError(
                f"The storage at {self.location} cannot hold a network's lock; "
                "use careernet.retry_on_conflict instead."
            )
        if getattr(self._deferred, "pending", None) is not None:
            yield  # nested in this thread: the outer block commits
            return
        pending: list[tuple[str, int, Change]] = []
        self._deferred.pending = pending
        try:
            with self.storage.exclusive(network_id):  # type: ignore[attr-defined]
                yield
        finally:
            self._deferred.pending = None
        for args in pending:
            self.hooks.after_commit(*args, self)

    def check(self) -> list[str]:
        """Look for damage: the storage's own full check (SQLite's
        ``integrity_check``), then every network loaded whole.

        Returns:
            One line per problem found; empty when all is well.
        """
        problems: list[str] = []
        check = getattr(self.storage, "check", None)
        if callable(check):
            problems += [str(line) for line in check()]
        for network_id in self.networks():
            try:
                with collector_paused():
                    snapshot = self.storage.load(network_id)
                    NetworkState.from_records(snapshot.seeker, snapshot.records)
            except CareerNetError as error:
                problems.append(f"network {network_id!r}: {error}")
        return problems

    def create(
        self,
        network_id: str,
        seeker: Seeker | str,
        *,
        records: Sequence[Record] = (),
        summary: str = "create",
    ) -> Network:
        """Create a network for ``seeker`` (a Seeker or a name), in one commit.

        Args:
            network_id: The new network's id.
            seeker: The person at its centre.
            records: Records it starts with (all written with the network,
                or none of them); they must refer only to each other.
            summary: The commit's summary, for ``careernet_after_commit``.

        Raises:
            NetworkExistsError: The id is taken.
            InvalidValueError: A record refers to a contact not among them,
                or the seeker's name, company or field holds a line break or
                a control character (see :mod:`careernet.domain.door`).
        """
        if isinstance(seeker, str):
            seeker = Seeker(name=seeker)
        door.check_seeker(seeker)
        return self._new_network(network_id, seeker, records, summary)

    def _new_network(
        self,
        network_id: str,
        seeker: Seeker,
        records: Sequence[Record],
        summary: str,
    ) -> Network:
        """Create the network; a restore skips the door's checks, so a
        backup an older version wrote still restores."""
        with collector_paused():
            state = NetworkState.from_records(seeker, records)
            if records:
                portable.check_references(state)
            made: list[Network] = []

            def view(version: int) -> None:
                snapshot = Snapshot(
                    network_id=network_id,
                    seeker=seeker,
                    version=version,
                    records=(),
                    incarnation=self._created.pop(network_id, ""),
                )
                made.append(Network(self, snapshot, state))

            self.commit(
                network_id,
                None,
                Change(summary=summary, records=[seeker, *records]),
                written=view,
            )
            return made[0]

    def network(self, network_id: str) -> Network:
        """Load an existing network.

        Args:
            network_id: The network's id in this store.

        Raises:
            UnknownNetworkError: No network has this id.
        """
        with collector_paused():
            snapshot = self.storage.load(network_id)
            state = NetworkState.from_records(snapshot.seeker, snapshot.records)
            return Network(self, snapshot, state)

    def import_json(
        self, text: str | bytes, *, network_id: str | None = None
    ) -> Network:
        """Create a network from :meth:`Network.export_json` output, in one commit.

        The network and all its records are written in one transaction: a
        restore that fails or is killed leaves nothing behind.

        Args:
            text: The exported JSON.
            network_id: The new network's id; by default the exported one.

        Raises:
            InvalidValueError: The text is not a careernet export.
            NetworkExistsError: The id is taken.
        """
        with collector_paused():
            seeker, records, exported_id = portable.loads(text)
        return self._new_network(
            exported_id if network_id is None else network_id,
            seeker,
            records,
            "import",
        )

    def delete(self, network_id: str) -> None:
        """Delete a network and everything in it.

        Args:
            network_id: The network's id in this store.
        """
        self.storage.delete_network(network_id)
        self._renewed(network_id)

    def generation(self, network_id: str) -> int:
        """How many times this store object created or deleted the network.

        Long-lived views (the calendar feed) compare it to notice a network
        deleted and made anew under the same id through this store.

        Args:
            network_id: The network's id in this store.
        """
        return self._generations.get(network_id, 0)

    def feed_tokens(self) -> list[tuple[str, FeedToken]]:
        """Every network's feed token, with the network's id, loading no network.

        The feed builds its index of addresses from this. A backend with a
        ``find_records(kind, record_id)`` method (the builtin ones have one)
        answers in one query; for another, each network's records are read
        once and then only what was committed since.
        """
        finder = getattr(self.storage, "find_records", None)
        if finder is not None:
            found: Iterable[tuple[str, object]] = finder("feed", "feed")
        else:
            found = self._scan_feed_tokens()
        return [(n, token) for n, token in found if isinstance(token, FeedToken)]

    def _scan_feed_tokens(self) -> list[tuple[str, FeedToken | None]]:
        known = self._feed_scan
        found = []
        for network_id in self.storage.networks():
            try:
                version = self.storage.version(network_id)
                seen, token = known.get(network_id, (0, None))
                if version != seen:
                    since = seen if version > seen else 0
                    snapshot = self.storage.load(network_id, since=since)
                    if since == 0 or ("feed", "feed") in snapshot.removed:
                        token = None
                    for record in snapshot.records:
                        if isinstance(record, FeedToken):
                            token = record
            except UnknownNetworkError:
                continue  # deleted meanwhile
            known[network_id] = (version, token)
            found.append((network_id, token))
        return found

    def _renewed(self, network_id: str) -> None:
        self._generations[network_id] = self.generation(network_id) + 1

    def close(self) -> None:
        """Close the storage."""
        self.storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<careernet.Store {self.location!r}>"


def _takes_incarnation(storage: Storage) -> bool:
    """Whether the backend's commit checks incarnations (takes ``incarnation=``)."""
    try:
        parameters = inspect.signature(storage.commit).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin or C method
        return False
    return "incarnation" in parameters


def _check_network_id(network_id: object) -> None:
    if (
        not isinstance(network_id, str)
        or not network_id
        or not network_id.isprintable()
    ):
        raise InvalidValueError(
            f"A network id must be non-empty printable text; got {network_id!r}."
        )
