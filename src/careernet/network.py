"""The facade an application holds: stores, networks and their commands.

:func:`open` returns a :class:`Network`: one seeker's network, loaded from a
storage location. Each command builds its records (with fresh ids and the
clock's time), lets the pure domain check it, commits the resulting change to
storage in one transaction, and only then applies it to the in-memory view.
A refused command or a failed commit leaves both storage and the view as they
were.

:func:`open_store` returns a :class:`Store`, for applications that keep many
seekers' networks in one location.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import attrs
import pluggy

from careernet import _convert, _paths
from careernet._bulk import collector_paused
from careernet._tokens import token_for
from careernet._zones import zone
from careernet.domain import (
    HORIZON,
    Advice,
    Balance,
    Candidate,
    Change,
    Channel,
    Contact,
    Delivery,
    FeedToken,
    FunnelMetrics,
    Goal,
    HelpKind,
    ImportReport,
    Interaction,
    InteractionKind,
    IntroPath,
    InvalidValueError,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NaiveDatetimeError,
    NetworkState,
    Outreach,
    Plan,
    Preferences,
    Record,
    Rejected,
    Ring,
    Scenario,
    Seeker,
    Strategy,
    ThanksOwed,
    Transition,
    UnknownScenarioError,
    balance,
    import_contacts,
    introduction_paths,
    metrics,
    outreach,
    plan,
    thanks_owed,
    totals,
)
from careernet.errors import CareerNetError, ConflictError, UnknownLocationError
from careernet.plugins import get_plugin_manager
from careernet.storage import Snapshot, Storage

if TYPE_CHECKING:
    from careernet.ical import CalendarOptions
    from careernet.notify import NotifyReport

__all__ = [
    "DEFAULT_NETWORK",
    "EXPORT_FORMAT",
    "Network",
    "Store",
    "open",
    "open_store",
    "retry_on_conflict",
]

DEFAULT_NETWORK: Final = "default"
"""The network :func:`open` uses when none is named."""

EXPORT_FORMAT: Final = 1
"""The version of the JSON export format."""


class _Unset(enum.Enum):
    UNSET = enum.auto()


_UNSET: Final = _Unset.UNSET

REFERRAL_FIELDS: Final = frozenset(
    {
        "name",
        "company",
        "role",
        "field",
        "emails",
        "tags",
        "notes",
        "how_met",
        "past_companies",
        "phones",
        "links",
        "sources",
    }
)
"""Contact fields a referral may carry; it always joins as a cold contact."""

Clock = Callable[[], dt.datetime]
IdFactory = Callable[[], str]
T = TypeVar("T")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def _new_id() -> str:
    return secrets.token_hex(16)


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    plugins: Iterable[object] = (),
    autoload: bool | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
) -> Store:
    """Open a storage location that holds any number of networks.

    Args:
        location: ``"memory:"``, a filesystem path, ``"sqlite:///path"``, or
            any location a storage plugin handles. ``None`` means the embedded
            default: a SQLite file in the user data directory.
        plugins: Extra plugin objects or modules to register.
        autoload: Whether to load plugins from the ``careernet`` entry-point
            group; ``None`` follows ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD``.
        clock: Returns the current time (aware); for tests and replays.
        ids: Returns a new unique id for each record; UUIDs by default.

    Raises:
        UnknownLocationError: No plugin handles the location.
    """
    pm = get_plugin_manager(plugins, autoload=autoload)
    where = str(_paths.default_database() if location is None else os.fspath(location))
    storage = pm.hook.careernet_open_storage(location=where)
    if storage is None:
        schemes = sorted(
            scheme for group in pm.hook.careernet_storage_schemes() for scheme in group
        )
        raise UnknownLocationError(
            f"No storage handles {where!r}. Known locations: {', '.join(schemes)}. "
            "A plugin may provide it: install the plugin for that scheme and "
            "keep plugin autoloading on."
        )
    return Store(storage, pm, location=where, clock=clock, ids=ids)


def open(  # noqa: A001 - careernet.open mirrors the builtin on purpose
    location: str | os.PathLike[str] | None = None,
    *,
    network: str = DEFAULT_NETWORK,
    seeker: Seeker | str | None = None,
    plugins: Iterable[object] = (),
    autoload: bool | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
) -> Network:
    """Open one seeker's network; closing it closes the store too.

    The network is created if it does not exist and either ``seeker`` is
    given or it is the default network (whose seeker is called "Me" until
    :meth:`Network.set_seeker` says otherwise). When the network exists,
    ``seeker`` is not used: change it with :meth:`Network.set_seeker`. See
    :func:`open_store` for the other arguments.

    Raises:
        UnknownNetworkError: The named network does not exist and no
            ``seeker`` was given to create it.
    """
    store = open_store(
        location, plugins=plugins, autoload=autoload, clock=clock, ids=ids
    )
    try:
        if network in store.networks():
            opened = store.network(network)
        elif seeker is not None or network == DEFAULT_NETWORK:
            opened = store.create(network, seeker or "Me")
        else:
            opened = store.network(network)  # raises UnknownNetworkError
    except BaseException:
        store.close()
        raise
    opened.closes_store = True
    return opened


def retry_on_conflict(
    network: Network, command: Callable[[Network], T], *, attempts: int = 5
) -> T:
    """Run ``command(network)``, refreshing and retrying after a conflict.

    Use it where several processes write to one network::

        careernet.retry_on_conflict(net, lambda n: n.give(ann.id, "an article"))

    The command runs again against the refreshed view, so its checks see
    what the other writer did; nothing is ever overwritten silently.

    Raises:
        ConflictError: Still conflicting after ``attempts`` tries.
    """
    if attempts < 1:
        raise InvalidValueError("attempts must be at least 1.")
    for attempt in range(1, attempts + 1):
        try:
            return command(network)
        except ConflictError:
            if attempt == attempts:
                raise
        except CareerNetError:
            # A check can fail on a stale view (say, a contact another writer
            # just added); retry only if the view really was stale.
            if attempt == attempts or not network.stale():
                raise
        network.refresh()
    raise AssertionError("unreachable")  # pragma: no cover


class Store:
    """A storage location holding many seekers' networks, isolated from each other.

    Attributes:
        location: The location it was opened from.
        storage: The storage backend.
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
        self._pm = plugin_manager
        self._clock = clock or _utc_now
        self._ids = ids or _new_id
        self._generations: dict[str, int] = {}

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager this store was opened with."""
        return self._pm

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

    def networks(self) -> list[str]:
        """The ids of the networks in this store."""
        return self.storage.networks()

    def create(self, network_id: str, seeker: Seeker | str) -> Network:
        """Create an empty network for ``seeker`` (a Seeker or a name)."""
        _check_network_id(network_id)
        if isinstance(seeker, str):
            seeker = Seeker(name=seeker)
        snapshot = self.storage.create_network(network_id, seeker)
        self._renewed(network_id)
        return Network(self, snapshot)

    def network(self, network_id: str) -> Network:
        """Load an existing network.

        Raises:
            UnknownNetworkError: No network has this id.
        """
        with collector_paused():
            return Network(self, self.storage.load(network_id))

    def delete(self, network_id: str) -> None:
        """Delete a network and everything in it."""
        self.storage.delete_network(network_id)
        self._renewed(network_id)

    def generation(self, network_id: str) -> int:
        """How many times this store object created or deleted the network.

        Long-lived views (the calendar feed) compare it to notice a network
        deleted and made anew under the same id through this store.
        """
        return self._generations.get(network_id, 0)

    def _renewed(self, network_id: str) -> None:
        self._generations[network_id] = self.generation(network_id) + 1

    def strategy(self, scenario: str) -> Strategy:
        """The strategy for ``scenario``, from the plugins (builtins last).

        Raises:
            UnknownScenarioError: No plugin has a strategy for it.
        """
        found: Strategy | None = self._pm.hook.careernet_strategy(scenario=scenario)
        if found is None:
            known = sorted(
                {s for group in self._pm.hook.careernet_scenarios() for s in group}
            )
            raise UnknownScenarioError(
                f"No strategy for the scenario {scenario!r}. Known scenarios: "
                f"{', '.join(known)}. A plugin may provide it; install and "
                "enable that plugin."
            )
        return found

    def import_json(
        self, text: str | bytes, *, network_id: str | None = None
    ) -> Network:
        """Create a network from :meth:`Network.export_json` output, in one commit.

        Args:
            text: The exported JSON.
            network_id: The new network's id; by default the exported one.

        Raises:
            InvalidValueError: The text is not a careernet export.
            NetworkExistsError: The id is taken.
        """
        with collector_paused():
            seeker, records, exported_id = _parse_export(text)
            network_id = exported_id if network_id is None else network_id
            _check_network_id(network_id)
            state = NetworkState.from_records(seeker, records)
            _check_references(state)
            snapshot = self.storage.create_network(network_id, seeker)
            self._renewed(network_id)
            try:
                self.storage.commit(
                    network_id,
                    snapshot.version,
                    Change(summary="import", records=records),
                )
            except BaseException:
                self.storage.delete_network(network_id)
                raise
        return self.network(network_id)

    def close(self) -> None:
        """Close the storage."""
        self.storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<careernet.Store {self.location!r}>"


class Network:
    """One seeker's network, kept in step with storage.

    Get one from :func:`careernet.open` or :meth:`Store.network`. Reading is
    done on the in-memory view (:attr:`state`); every command is committed
    to storage before the view changes. Use it as a context manager, or call
    :meth:`close`.

    Attributes:
        id: The network's id in its store.
        store: The store it lives in.
        version: The storage version the view is complete up to.
        last_advice: The advice from the last command (give first, a better
            question, capacity, a thank-you owed).
        closes_store: Whether :meth:`close` closes the store as well (true
            for networks from :func:`careernet.open`).
    """

    def __init__(self, store: Store, snapshot: Snapshot) -> None:
        self.id = snapshot.network_id
        self.store = store
        self.version = snapshot.version
        self._state = NetworkState.from_records(snapshot.seeker, snapshot.records)
        self.last_advice: tuple[Advice, ...] = ()
        self.closes_store = False

    # -- lifecycle ------------------------------------------------------

    def close(self) -> None:
        """Close the network (and its store, if :func:`careernet.open` made it)."""
        if self.closes_store:
            self.store.close()

    def __enter__(self) -> Network:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<careernet.Network {self.id!r} of {self.seeker.name!r}: "
            f"{len(self._state.contacts)} contacts, version {self.version}>"
        )

    def stale(self) -> bool:
        """Whether another writer has committed since this view was loaded."""
        return self.store.storage.version(self.id) != self.version

    def refresh(self) -> int:
        """Read what other writers committed since this view was loaded.

        Returns:
            How many records were read.
        """
        with collector_paused():
            snapshot = self.store.storage.load(self.id, since=self.version)
            self._state.apply(
                Change(summary="refresh", records=[snapshot.seeker, *snapshot.records])
            )
        self.version = snapshot.version
        return len(snapshot.records)

    def _commit(self, change: Change) -> Change:
        self.version = self.store.storage.commit(self.id, self.version, change)
        self._state.apply(change)
        self.last_advice = change.advice
        self.store.plugin_manager.hook.careernet_after_commit(
            network_id=self.id, version=self.version, change=change
        )
        return change

    def _at(self, at: dt.datetime | None) -> dt.datetime:
        return self.store.now() if at is None else at

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
        """Every contact, in the order they were added."""
        return list(self._state.contacts.values())

    def contact(self, contact_id: str) -> Contact:
        """One contact; :class:`UnknownIdError` if there is none."""
        return self._state.contact(contact_id)

    def find(self, name: str) -> list[Contact]:
        """Contacts whose name contains ``name``, ignoring case."""
        needle = name.casefold()
        return [c for c in self._state.contacts.values() if needle in c.name.casefold()]

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
        """A contact's ring moves, by time."""
        return self._state.history(contact_id)

    def plan(
        self, now: dt.datetime | None = None, *, horizon: dt.timedelta = HORIZON
    ) -> Plan:
        """The plan for the active goal, ``horizon`` ahead of ``now``.

        See :func:`careernet.domain.plan`.
        """
        return plan(self._state, self.strategy, now=self._at(now), horizon=horizon)

    def funnel(
        self, *, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> FunnelMetrics:
        """Funnel metrics for ``[since, until)``; by default the last 30 days."""
        until = self._at(until)
        return metrics(
            self._state, since=since or until - dt.timedelta(days=30), until=until
        )

    def balance(self, contact_id: str | None = None) -> Balance:
        """Ledger counts for one contact, or for the whole network."""
        if contact_id is None:
            return totals(self._state)
        return balance(self._state, contact_id)

    def thanks_owed(self) -> list[ThanksOwed]:
        """Every thank-you still owed, oldest first."""
        owed = [o for c in self._state.contacts for o in thanks_owed(self._state, c)]
        return sorted(owed, key=lambda o: (o.since, o.record_id))

    def introductions(self, target_id: str) -> list[IntroPath]:
        """Who could introduce the seeker to a target, best first.

        People the active strategy excludes are never suggested.
        """
        strategy, goal = self.strategy, self._state.active_goal
        return introduction_paths(
            self._state,
            target_id,
            exclude=lambda c: strategy.is_excluded(c, self._state, goal),
        )

    def outreach(self, contact_id: str, now: dt.datetime | None = None) -> Outreach:
        """Where an approach to a contact stands."""
        strategy = self.strategy
        return outreach(
            self._state,
            contact_id,
            self._at(now),
            nudge_after=strategy.nudge_after,
            rest_for=strategy.rest_for,
        )

    # -- commands -------------------------------------------------------

    def set_seeker(
        self,
        *,
        name: str | None = None,
        company: str | _Unset | None = _UNSET,
        field: str | _Unset | None = _UNSET,
        reports_to: str | _Unset | None = _UNSET,
    ) -> Seeker:
        """Change the seeker's name, company, field or manager (``reports_to``).

        Arguments left out keep their value; ``None`` clears an optional one.
        """
        changes: dict[str, Any] = {"name": name} if name is not None else {}
        for key, value in (
            ("company", company),
            ("field", field),
            ("reports_to", reports_to),
        ):
            if not isinstance(value, _Unset):
                changes[key] = value
        seeker = attrs.evolve(self._state.seeker, **changes)
        self._commit(self._state.set_seeker(seeker))
        return seeker

    def add_contact(
        self,
        name: str,
        *,
        ring: Ring = Ring.COLD,
        company: str | None = None,
        role: str | None = None,
        field: str | None = None,
        emails: Iterable[str] = (),
        tags: Iterable[str] = (),
        notes: str = "",
        how_met: str | None = None,
        phones: Iterable[str] = (),
        links: Iterable[str] = (),
        source: str = "manual",
        introduced_by: str | None = None,
        knows: Iterable[str] = (),
        past_companies: Iterable[str] = (),
        reports_to: str | None = None,
        tribe: bool = False,
        fan_club: bool = False,
        cadence_days: int | None = None,
        at: dt.datetime | None = None,
    ) -> Contact:
        """Add a contact and return it; see :class:`careernet.Contact`."""
        contact = Contact(
            id=self.store.new_id(),
            name=name,
            ring=ring,
            added_at=self._at(at),
            company=company,
            role=role,
            field=field,
            emails=tuple(emails),
            tags=frozenset(tags),
            notes=notes,
            how_met=how_met,
            phones=tuple(phones),
            links=tuple(links),
            sources=frozenset({source}),
            introduced_by=introduced_by,
            knows=frozenset(knows),
            past_companies=tuple(past_companies),
            reports_to=reports_to,
            tribe=tribe,
            fan_club=fan_club,
            cadence_days=cadence_days,
        )
        self._commit(self._state.add_contact(contact))
        return contact

    def edit_contact(self, contact_id: str, **fields: Any) -> Contact:
        """Change a contact's details (not the ring: use :meth:`move`)."""
        self._commit(
            self._state.edit_contact(contact_id, at=self.store.now(), **fields)
        )
        return self._state.contact(contact_id)

    def link(self, contact_id: str, other_id: str) -> None:
        """Record that two contacts know each other."""
        self._commit(self._state.link(contact_id, other_id, at=self.store.now()))

    def move(
        self,
        contact_id: str,
        to: Ring,
        *,
        reason: str | None = None,
        override: str | None = None,
        at: dt.datetime | None = None,
    ) -> Transition:
        """Move a contact to another ring; see :meth:`NetworkState.move`."""
        change = self._state.move(
            contact_id,
            to,
            at=self._at(at),
            transition_id=self.store.new_id(),
            reason=reason,
            override=override,
        )
        self._commit(change)
        return next(r for r in change.records if isinstance(r, Transition))

    def schedule_meeting(
        self,
        contact_id: str,
        when: dt.datetime,
        *,
        purpose: str,
        kind: MeetingKind = MeetingKind.COFFEE,
        duration: dt.timedelta = dt.timedelta(minutes=45),
        outcome_sought: str = "",
        questions: Iterable[str] = (),
        location: str | None = None,
    ) -> Meeting:
        """Arrange a meeting; flagged questions come back in :attr:`last_advice`."""
        now = self.store.now()
        meeting = Meeting(
            id=self.store.new_id(),
            contact_id=contact_id,
            scheduled_at=when,
            created_at=now,
            purpose=purpose,
            kind=kind,
            duration=duration,
            outcome_sought=outcome_sought,
            questions=tuple(questions),
            location=location,
        )
        self._commit(self._state.schedule_meeting(meeting))
        return meeting

    def reschedule_meeting(self, meeting_id: str, when: dt.datetime) -> Meeting:
        """Move a pending meeting to a new time."""
        self._commit(
            self._state.reschedule_meeting(meeting_id, when, at=self.store.now())
        )
        return self._state.meeting(meeting_id)

    def cancel_meeting(self, meeting_id: str) -> Meeting:
        """Cancel a pending meeting."""
        return self.record_meeting(meeting_id, MeetingStatus.CANCELLED)

    def record_meeting(
        self,
        meeting_id: str,
        status: MeetingStatus,
        *,
        notes: str | None = None,
        referrals: Iterable[str | Mapping[str, Any]] = (),
    ) -> Meeting:
        """Record how a meeting went, with the referrals it brought.

        A referral is a name, or a mapping of contact fields (``name``,
        ``company``, ``role``, ...); each becomes a cold contact introduced by
        the person met.
        """
        now = self.store.now()
        people = []
        for referral in referrals:
            fields: dict[str, Any] = (
                {"name": referral} if isinstance(referral, str) else dict(referral)
            )
            unknown = set(fields) - REFERRAL_FIELDS
            if unknown:
                raise InvalidValueError(
                    f"A referral cannot set {', '.join(sorted(unknown))}; it joins "
                    "as a cold contact with these fields only: "
                    f"{', '.join(sorted(REFERRAL_FIELDS))}."
                )
            fields.setdefault("sources", {"referral"})
            people.append(Contact(id=self.store.new_id(), added_at=now, **fields))
        change = self._state.record_meeting_result(
            meeting_id, status, at=now, notes=notes, referrals=people
        )
        self._commit(change)
        return self._state.meeting(meeting_id)

    def log(
        self,
        contact_id: str,
        kind: InteractionKind,
        *,
        note: str = "",
        via: str | None = None,
        at: dt.datetime | None = None,
    ) -> Interaction:
        """Log an exchange: an outreach, a reply, a nudge, a decline, a message."""
        interaction = Interaction(
            id=self.store.new_id(),
            contact_id=contact_id,
            kind=kind,
            at=self._at(at),
            note=note,
            via=via,
        )
        self._commit(self._state.log_interaction(interaction))
        return interaction

    def _entry(
        self,
        kind: LedgerKind,
        contact_id: str,
        what: str,
        help: HelpKind,  # noqa: A002 - the domain's word
        at: dt.datetime | None,
    ) -> LedgerEntry:
        entry = LedgerEntry(
            id=self.store.new_id(),
            contact_id=contact_id,
            kind=kind,
            at=self._at(at),
            what=what,
            help=help,
        )
        strategy = self.strategy if kind is LedgerKind.ASK else None
        self._commit(self._state.log_entry(entry, strategy=strategy))
        return entry

    def give(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record something the seeker gave."""
        return self._entry(LedgerKind.GIVE, contact_id, what, help, at)

    def ask(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record an ask; refused for people the active strategy excludes."""
        return self._entry(LedgerKind.ASK, contact_id, what, help, at)

    def receive(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record help the seeker received (a thank-you is then owed)."""
        return self._entry(LedgerKind.RECEIVED, contact_id, what, help, at)

    def thank(
        self,
        contact_id: str,
        what: str,
        *,
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record thanks expressed."""
        return self._entry(LedgerKind.THANKS, contact_id, what, HelpKind.OTHER, at)

    def set_goal(
        self,
        scenario: str,
        *,
        description: str = "",
        target_companies: Iterable[str] = (),
        target_fields: Iterable[str] = (),
        target_roles: Iterable[str] = (),
        target_contacts: Iterable[str] = (),
        weekly_minutes: int | None = None,
    ) -> Goal:
        """Set the active goal (closing the previous one).

        Raises:
            UnknownScenarioError: No strategy exists for ``scenario``.
        """
        self.store.strategy(scenario)
        goal = Goal(
            id=self.store.new_id(),
            scenario=scenario,
            set_at=self.store.now(),
            description=description,
            target_companies=frozenset(target_companies),
            target_fields=frozenset(target_fields),
            target_roles=frozenset(target_roles),
            target_contacts=frozenset(target_contacts),
            weekly_minutes=weekly_minutes,
        )
        self._commit(self._state.set_goal(goal))
        return goal

    def close_goal(self) -> Goal:
        """Close the active goal.

        Raises:
            InvalidValueError: There is no active goal.
        """
        goal = self._state.active_goal
        if goal is None:
            raise InvalidValueError("There is no active goal to close.")
        self._commit(self._state.close_goal(goal.id, at=self.store.now()))
        return self._state.goal(goal.id)

    # -- imports ----------------------------------------------------------

    def import_contacts(
        self,
        people: Iterable[Candidate | Rejected],
        *,
        ring: Ring = Ring.COLD,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Add imported people, merging those already known, in one commit.

        Nothing is written when nothing is new (re-importing a file changes
        nothing). See :mod:`careernet.domain.imports` for the matching rules.

        Args:
            people: What a reader from :mod:`careernet.importers` produced.
            ring: The ring new contacts join.
            progress: Called with the number of people handled so far.
        """
        with collector_paused():
            change, report = import_contacts(
                self._state,
                people,
                at=self.store.now(),
                new_id=self.store.new_id,
                ring=ring,
                progress=progress,
            )
            if change.records:
                self._commit(change)
        return report

    def import_linkedin(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import LinkedIn's Connections.csv (new contacts join COLD)."""
        from careernet.importers import DEFAULT_RINGS, read_linkedin  # noqa: PLC0415

        return self.import_contacts(
            read_linkedin(source),
            ring=ring or DEFAULT_RINGS["linkedin"],
            progress=progress,
        )

    def import_vcards(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import a vCard file (new contacts join LUKEWARM)."""
        from careernet.importers import DEFAULT_RINGS, read_vcards  # noqa: PLC0415

        return self.import_contacts(
            read_vcards(source),
            ring=ring or DEFAULT_RINGS["vcard"],
            progress=progress,
        )

    def import_csv(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        columns: Mapping[str, str | Sequence[str]],
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import a CSV file with a column mapping (new contacts join COLD)."""
        from careernet.importers import DEFAULT_RINGS, read_csv  # noqa: PLC0415

        return self.import_contacts(
            read_csv(source, columns=columns),
            ring=ring or DEFAULT_RINGS["csv"],
            progress=progress,
        )

    # -- notifications --------------------------------------------------

    @property
    def preferences(self) -> Preferences:
        """How and when the seeker is reminded."""
        return self._state.preferences

    def set_preferences(
        self,
        *,
        channels: Iterable[Channel] | None = None,
        timezone: str | None = None,
        quiet_hours: tuple[dt.time, dt.time] | _Unset | None = _UNSET,
        digest_time: dt.time | _Unset | None = _UNSET,
    ) -> Preferences:
        """Change the notification preferences; what is left out is kept.

        Args:
            channels: Where digests go, such as
                ``[Channel(name="email", address="me@example.org", private=True)]``.
            timezone: An IANA time zone name, such as ``"Europe/Berlin"``.
            quiet_hours: ``(start, end)`` local times with nothing sent in
                between (may cross midnight), or ``None`` for none.
            digest_time: Local time of day before which no digest is sent,
                or ``None``.
        """
        current = self._state.preferences
        changes: dict[str, Any] = {"updated_at": self.store.now()}
        if channels is not None:
            changes["channels"] = tuple(channels)
        if timezone is not None:
            zone(timezone)  # refuses an unknown one
            changes["timezone"] = timezone
        if not isinstance(quiet_hours, _Unset):
            start, end = quiet_hours if quiet_hours is not None else (None, None)
            changes.update(quiet_start=start, quiet_end=end)
        if not isinstance(digest_time, _Unset):
            changes["digest_time"] = digest_time
        preferences = attrs.evolve(current, **changes)
        self._commit(self._state.set_preferences(preferences))
        return preferences

    def record_deliveries(self, deliveries: Iterable[Delivery]) -> None:
        """Record what the reminder engine sent, or failed to send."""
        change = self._state.record_deliveries(deliveries)
        if change.records:
            self._commit(change)

    def notify(
        self, now: dt.datetime | None = None, *, dry_run: bool = False
    ) -> NotifyReport:
        """Send each channel one digest of what is due; see :mod:`careernet.notify`."""
        from careernet.notify import run  # noqa: PLC0415

        return run(self, now=now, dry_run=dry_run)

    # -- calendar -------------------------------------------------------

    def export_ics(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        now: dt.datetime | None = None,
        options: CalendarOptions | None = None,
    ) -> bytes:
        """The network's calendar as iCalendar bytes; also written to ``path``.

        See :func:`careernet.ical.export` and
        :class:`careernet.ical.CalendarOptions`.
        """
        from careernet.ical import export  # noqa: PLC0415 - icalendar is heavy

        body = export(self, now=now, options=options).body
        if path is not None:
            Path(path).write_bytes(body)
        return body

    def feed_token(self) -> str:
        """The token of this network's calendar feed address, made on first use.

        The feed is at ``/feed/<token>.ics`` under wherever
        :class:`careernet.ical.feed.FeedApp` is mounted. Treat the token like
        a password: anyone who has it can read the calendar.
        """
        token = self._state.feed_token
        if token is None:
            return self.rotate_feed_token()
        return _token_for(self.id, token.secret)

    def rotate_feed_token(self) -> str:
        """Give the feed a new secret address; the old one stops working."""
        token = FeedToken(secret=secrets.token_urlsafe(24), created_at=self.store.now())
        self._commit(self._state.set_feed_token(token))
        return _token_for(self.id, token.secret)

    # -- export ---------------------------------------------------------

    def export_json(self) -> str:
        """The whole network as JSON, for backups and moving between stores.

        :meth:`Store.import_json` reads it back exactly.
        """
        records = []
        for record in self._state.records():
            kind, data = _convert.dump_record(record)
            records.append({"kind": kind, "data": data})
        document = {
            "format": "careernet",
            "version": EXPORT_FORMAT,
            "network": self.id,
            "seeker": _convert.dump_seeker(self._state.seeker),
            "records": records,
        }
        return _convert.dumps(document) + "\n"

    def export_to(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`export_json` to a file (mode 0600) and return its path."""
        target = Path(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # also when the file was already there
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(self.export_json())
        return target


def _token_for(network_id: str, secret: str) -> str:
    return token_for(network_id, secret)


def _check_network_id(network_id: str) -> None:
    if not network_id or not network_id.isprintable():
        raise InvalidValueError(
            f"A network id must be non-empty printable text; got {network_id!r}."
        )


def _parse_export(text: str | bytes) -> tuple[Seeker, list[Record], str]:
    try:
        document = _convert.loads(text)
    except Exception as error:
        raise InvalidValueError(f"Not a careernet export: {error}") from error
    if not isinstance(document, dict) or document.get("format") != "careernet":
        raise InvalidValueError(
            'Not a careernet export: expected a JSON object with "format": "careernet".'
        )
    if document.get("version") != EXPORT_FORMAT:
        raise InvalidValueError(
            f"This careernet reads export format {EXPORT_FORMAT}; the file has "
            f"{document.get('version')!r}. Use the careernet that wrote it."
        )
    try:
        seeker = _convert.load_seeker(document["seeker"])
        records = [
            _convert.load_record(r["kind"], r["data"]) for r in document["records"]
        ]
        network_id = str(document["network"])
    except (KeyError, TypeError) as error:
        raise InvalidValueError(f"Not a careernet export: missing {error}.") from error
    except Exception as error:
        raise InvalidValueError(f"The export could not be read: {error}") from error
    return seeker, records, network_id


def _check_references(state: NetworkState) -> None:
    """Refuse an import whose records point at contacts it does not hold."""
    contacts = state.contacts
    zone(state.preferences.timezone)  # refuses an unknown one
    manager = state.seeker.reports_to
    if manager is not None and manager not in contacts:
        raise InvalidValueError(
            f"The export's seeker reports to unknown contact {manager!r}; the file "
            "is incomplete."
        )
    for record in state.records():
        refs: list[str | None]
        if isinstance(record, Seeker | Preferences | Delivery | FeedToken):
            continue
        if isinstance(record, Contact):
            refs = [record.introduced_by, record.reports_to, *record.knows]
        elif isinstance(record, Goal):
            refs = list(record.target_contacts)
        elif isinstance(record, Interaction):
            refs = [record.contact_id, record.via]
        else:
            refs = [record.contact_id]
        missing = [ref for ref in refs if ref is not None and ref not in contacts]
        if missing:
            raise InvalidValueError(
                f"The export's {_convert.kind_of(record)} {record.id!r} refers to "
                f"unknown contacts {', '.join(sorted(missing))}; the file is "
                "incomplete."
            )
