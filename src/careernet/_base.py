"""What every :class:`~careernet.Network` is made of: its store, its view, one commit.

:class:`NetworkBase` holds the in-memory view of one network, reads it, and
commits changes through the store's one commit path; the commands
(:mod:`careernet._commands`) and the rest of the facade
(:mod:`careernet.network`) build on it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import inspect
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Protocol, Self, TypeVar

import pluggy

from careernet._bulk import collector_paused
from careernet.domain import (
    HORIZON,
    Advice,
    Balance,
    Brief,
    Change,
    Contact,
    FunnelMetrics,
    Goal,
    IntroPath,
    Meeting,
    NetworkState,
    Outreach,
    Plan,
    Scenario,
    Seeker,
    Strategy,
    StrategyRegistry,
    ThanksOwed,
    Transition,
    balance,
    brief,
    introduction_paths,
    metrics,
    outreach,
    plan,
    thanks_owed,
    totals,
)
from careernet.domain._validators import require_aware
from careernet.domain.model import kind_name
from careernet.domain.orgs import fold
from careernet.errors import InvalidValueError
from careernet.plugins import Hooks
from careernet.storage import Head, Snapshot, Storage

__all__ = [
    "NetworkBase",
    "StoreBase",
    "check_id",
    "check_member",
    "items",
    "serialised",
]

E = TypeVar("E", bound=enum.Enum)

MAX_HORIZON: Final = dt.timedelta(days=3660)
"""The furthest a plan may look ahead: ten years."""


def check_id(name: str, value: object) -> str:
    """Refuse an id that is not text, before it reaches a lookup."""
    if not isinstance(value, str) or not value:
        raise InvalidValueError(f"{name} must be a record's id (text); got {value!r}.")
    return value


def check_member(name: str, value: object, kind: type[E]) -> E:
    """Refuse anything but a member of the enum ``kind``, naming its members."""
    if not isinstance(value, kind):
        names = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
        raise InvalidValueError(f"{name} must be one of {names}; got {value!r}.")
    return value


def items(name: str, value: object) -> tuple[object, ...]:
    """The values of a collection argument; one string counts as one value.

    Raises:
        InvalidValueError: ``value`` is not a collection (``None``, a number,
            a datetime, bytes, a mapping).
    """
    if isinstance(value, str):
        return (value,)
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(
        value, Iterable
    ):
        raise InvalidValueError(
            f"{name} must be a list of values (a list, a tuple or a set); got "
            f"{value!r}."
        )
    return tuple(value)


C = TypeVar("C", bound=type)


def _locked(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def run(self: NetworkBase, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return function(self, *args, **kwargs)

    return run


def serialised(cls: C) -> C:
    """Run every public method and property of ``cls`` under the network's lock.

    A :class:`careernet.Network` may then be shared by threads: a command
    (its checks, its commit and the update of the view) runs whole before
    another command or a read starts, and a read never sees a command half
    applied.
    """
    for name, member in list(vars(cls).items()):
        if name.startswith("_") and name != "__repr__":
            continue
        if isinstance(member, property) and member.fget is not None:
            setattr(cls, name, property(_locked(member.fget), doc=member.__doc__))
        elif inspect.isfunction(member):
            setattr(cls, name, _locked(member))
    return cls


class StoreBase(Protocol):
    """What a network's reads and commands need of the store it lives in.

    :class:`careernet.Store` is the one implementation; the protocol lets
    networks name it without importing it (the store makes networks).
    :class:`careernet.network.NetworkStore` adds the methods that return
    networks.
    """

    @property
    def location(self) -> str:
        """The location the store was opened from."""
        ...

    @property
    def storage(self) -> Storage:
        """The storage backend."""
        ...

    @property
    def hooks(self) -> Hooks:
        """The plugins' hooks."""
        ...

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager."""
        ...

    @property
    def strategies(self) -> StrategyRegistry:
        """Every strategy the plugins provide."""
        ...

    def now(self) -> dt.datetime:
        """The clock's current time."""
        ...

    def new_id(self) -> str:
        """A fresh record id."""
        ...

    def strategy(self, scenario: str) -> Strategy:
        """The strategy for a scenario."""
        ...

    def commit(
        self,
        network_id: str,
        expected_version: int | None,
        change: Change,
        *,
        written: Callable[[int], object] | None = None,
        incarnation: str | None = None,
    ) -> int:
        """Write one change; the one commit path."""
        ...

    def head(self, network_id: str) -> Head:
        """A network's incarnation and version."""
        ...

    @property
    def can_lock(self) -> bool:
        """Whether the storage can hold a network's write lock."""
        ...

    def exclusive(self, network_id: str) -> contextlib.AbstractContextManager[None]:
        """Hold a network's write lock for the calling thread."""
        ...

    def networks(self) -> list[str]:
        """The ids of the networks in the store."""
        ...

    def delete(self, network_id: str) -> None:
        """Delete a network."""
        ...

    def generation(self, network_id: str) -> int:
        """How often this store created or deleted the network."""
        ...

    def close(self) -> None:
        """Close the storage."""
        ...


@serialised
class NetworkBase:
    """A network's view, its reads and its commit; see :class:`careernet.Network`."""

    def __init__(
        self,
        store: StoreBase,
        snapshot: Snapshot,
        state: NetworkState | None = None,
    ) -> None:
        self.id = snapshot.network_id
        self.store = store
        self.version = snapshot.version
        self.incarnation = snapshot.incarnation
        self.lock = threading.RLock()
        """Held by every method; hold it to make several reads of
        :attr:`state` see one version."""
        self._state = state or NetworkState.from_records(
            snapshot.seeker, snapshot.records
        )
        self.last_advice: tuple[Advice, ...] = ()
        self.closes_store = False

    # -- lifecycle ------------------------------------------------------

    def close(self) -> None:
        """Close the network (and its store, if :func:`careernet.open` made it)."""
        if self.closes_store:
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<careernet.Network {self.id!r} of {self.seeker.name!r}: "
            f"{len(self._state.contacts)} contacts, version {self.version}>"
        )

    def stale(self) -> bool:
        """Whether another writer has committed since this view was loaded, or
        the network was deleted and created anew (or restored) since."""
        return self.store.head(self.id) != (self.incarnation, self.version)

    def refresh(self) -> int:
        """Read what other writers committed since this view was loaded.

        If the network was deleted and created anew under its id since (say,
        restored from a backup by another process), the view is loaded again
        whole: nothing of the old network stays in it.

        Returns:
            How many records were read.

        Raises:
            UnknownNetworkError: The network was deleted.
        """
        with collector_paused():
            snapshot = self.store.storage.load(self.id, since=self.version)
            if snapshot.incarnation != self.incarnation:
                return self._reload()
            removed: Sequence[tuple[str, str]] = snapshot.removed
            if removed:
                written = {
                    (kind_name(r), r.id)
                    for r in snapshot.records
                    if not isinstance(r, Seeker)
                }
                removed = [key for key in removed if key not in written]
            self._state.apply(
                Change(
                    summary="refresh",
                    records=[snapshot.seeker, *snapshot.records],
                    removed=removed,
                )
            )
        self.version = snapshot.version
        return len(snapshot.records)

    def _reload(self) -> int:
        """Load the whole network again, dropping the view."""
        with collector_paused():
            snapshot = self.store.storage.load(self.id)
            self._state = NetworkState.from_records(snapshot.seeker, snapshot.records)
        self.version = snapshot.version
        self.incarnation = snapshot.incarnation
        return len(snapshot.records)

    def _commit(self, change: Change) -> Change:
        self.store.commit(
            self.id,
            self.version,
            change,
            written=self._written(change),
            incarnation=self.incarnation or None,
        )
        return change

    def _written(self, change: Change) -> Callable[[int], None]:
        """What to do once ``change`` is stored: bring the view up to it."""

        def apply(version: int) -> None:
            self.version = version
            self._state.apply(change)
            self.last_advice = change.advice

        return apply

    def _at(self, at: dt.datetime | None, name: str = "at") -> dt.datetime:
        if at is None:
            return self.store.now()
        require_aware(name, at)
        return at

    # -- reading --------------------------------------------------------

    @property
    def state(self) -> NetworkState:
        """The domain view: every record, with the queries of the pure core."""
        return self._state

    @property
    def seeker(self) -> Seeker:
        """The person at the centre."""
        return self._state.seeker

    @property
    def contacts(self) -> list[Contact]:
        """Every contact, in the order they were added; archived ones are in
        :attr:`archived`."""
        return list(self._state.contacts.values())

    @property
    def archived(self) -> list[Contact]:
        """The archived contacts (see :meth:`careernet.Network.archive`)."""
        return list(self._state.archived.values())

    def contact(self, contact_id: str) -> Contact:
        """One contact; :class:`UnknownIdError` if there is none.

        Args:
            contact_id: The contact's id.
        """
        return self._state.contact(check_id("contact_id", contact_id))

    def find(self, name: str, *, archived: bool = False) -> list[Contact]:
        """Contacts whose name contains ``name``, ignoring case, accents and
        punctuation (:func:`careernet.domain.orgs.fold`).

        Args:
            name: Part of a name, in any case, with or without accents.
            archived: Look among the archived contacts too (after the others).
        """
        needle = fold(name)
        people = list(self._state.contacts.values())
        if archived:
            people += self._state.archived.values()
        return [c for c in people if needle in fold(c.name)]

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting, by time."""
        return sorted(
            self._state.meetings.values(), key=lambda m: (m.scheduled_at, m.id)
        )

    @property
    def goal(self) -> Goal | None:
        """The active goal, if any."""
        return self._state.active_goal

    @property
    def strategy(self) -> Strategy:
        """The active goal's strategy; maintaining the network when there is no goal."""
        goal = self._state.active_goal
        return self.store.strategy(goal.scenario if goal else Scenario.MAINTAIN)

    def history(self, contact_id: str) -> list[Transition]:
        """A contact's ring moves, by time.

        Args:
            contact_id: The contact's id.
        """
        return self._state.history(check_id("contact_id", contact_id))

    def plan(
        self, now: dt.datetime | None = None, *, horizon: dt.timedelta = HORIZON
    ) -> Plan:
        """The plan for the active goal, ``horizon`` ahead of ``now``.

        See :func:`careernet.domain.plan`.

        Args:
            now: The moment to compute for, aware; now (the store's clock) by default.
            horizon: How far ahead to plan; a week by default.
        """
        ahead: object = horizon
        if not isinstance(ahead, dt.timedelta) or not (
            dt.timedelta(0) < ahead <= MAX_HORIZON
        ):
            raise InvalidValueError(
                f"horizon must be a duration of up to {MAX_HORIZON.days} days; "
                f"got {horizon!r}."
            )
        at = self._at(now, "now")
        # The first plan after a load remembers thousands of derived values
        # per contact; a full collection over the loaded heap in the middle
        # of it cost a third of its time. The planner makes no cycles.
        with collector_paused():
            return plan(self._state, self.strategy, now=at, horizon=horizon)

    def brief(self, meeting_id: str) -> Brief:
        """What to know before an upcoming meeting (:mod:`careernet.domain.briefing`).

        ``brief.lines()`` words it in full, ``brief.lines(neutral=True)`` for a
        channel others may read while the search is discreet.

        Args:
            meeting_id: The upcoming meeting.

        Raises:
            UnknownIdError: No meeting has this id.
            InvalidValueError: The meeting is not upcoming.
        """
        return brief(self._state, self.strategy, meeting_id)

    def funnel(
        self, *, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> FunnelMetrics:
        """Funnel metrics for ``[since, until)``; by default the last 30 days.

        Args:
            since: The start of the period, aware; 30 days before now by default.
            until: Its end (not included), aware; now by default.
        """
        until = self._at(until, "until")
        if since is not None:
            require_aware("since", since)
        return metrics(
            self._state, since=since or until - dt.timedelta(days=30), until=until
        )

    def balance(self, contact_id: str | None = None) -> Balance:
        """Ledger counts for one contact, or for the whole network.

        Args:
            contact_id: The contact; ``None`` for the whole network.
        """
        if contact_id is None:
            return totals(self._state)
        return balance(self._state, check_id("contact_id", contact_id))

    def thanks_owed(self) -> list[ThanksOwed]:
        """Every thank-you still owed, oldest first."""
        owed = [o for c in self._state.contacts for o in thanks_owed(self._state, c)]
        return sorted(owed, key=lambda o: (o.since, o.record_id))

    def introductions(self, target_id: str) -> list[IntroPath]:
        """Who could introduce the seeker to a target, best first.

        People the active strategy excludes, or may not ask for an
        introduction (the management chain in an internal move), are never
        suggested.

        Args:
            target_id: The contact to be introduced to.
        """
        strategy, goal, state = self.strategy, self._state.active_goal, self._state
        return introduction_paths(
            state,
            check_id("target_id", target_id),
            exclude=lambda c: strategy.is_excluded(c, state, goal),
            introducers=lambda c: strategy.may_introduce(c, state, goal),
        )

    def outreach(self, contact_id: str, now: dt.datetime | None = None) -> Outreach:
        """Where an approach to a contact stands.

        Args:
            contact_id: The contact's id.
            now: The moment to compute for, aware; now (the store's clock) by default.
        """
        strategy = self.strategy
        return outreach(
            self._state,
            check_id("contact_id", contact_id),
            self._at(now, "now"),
            nudge_after=strategy.nudge_after,
            rest_for=strategy.rest_for,
        )
