"""The network as one aggregate: its records, their indexes, and the commands.

:class:`NetworkState` holds immutable records and a few indexes over them.
Its command methods are pure: each checks the command against the current
state and returns a :class:`~careernet.domain.model.Change` holding only the
records the command writes, without changing anything. :meth:`NetworkState.apply`
then folds a change in, in time proportional to the change, not the network.
The facade runs a command, persists the change, and only then applies it, so
a refused command or a failed commit leaves nothing half done.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from . import door, funnel, ledger, meetings, questions
from .approaches import NEVER, settled
from .errors import (
    DuplicateIdError,
    ExcludedContactError,
    IncompleteGoalError,
    InvalidValueError,
    NaiveDatetimeError,
    TransitionError,
    UnknownIdError,
)
from .model import (
    RECORD_KINDS,
    Advice,
    Change,
    Contact,
    Delivery,
    DeliveryStatus,
    FeedToken,
    Goal,
    Interaction,
    LedgerEntry,
    LedgerKind,
    MailCursor,
    Meeting,
    MeetingStatus,
    Preferences,
    Record,
    Ring,
    Seeker,
    Transition,
)
from .orgs import company_key
from .view import Settled

if TYPE_CHECKING:
    from .strategies import Strategy

__all__ = ["CAPACITY", "EDITABLE_FIELDS", "NetworkState"]

T = TypeVar("T")

CAPACITY = 150
"""About how many relationships a person can really keep up."""

EDITABLE_FIELDS = frozenset(
    {
        "name",
        "company",
        "role",
        "field",
        "emails",
        "tags",
        "notes",
        "how_met",
        "phones",
        "links",
        "sources",
        "past_companies",
        "reports_to",
        "tribe",
        "fan_club",
        "cadence_days",
    }
)
"""Contact fields :meth:`NetworkState.edit_contact` may change."""


@attrs.define
class _Thread:
    """Everything recorded with one contact, each kind kept in time order."""

    meetings: list[Meeting] = attrs.Factory(list)
    interactions: list[Interaction] = attrs.Factory(list)
    entries: list[LedgerEntry] = attrs.Factory(list)
    transitions: list[Transition] = attrs.Factory(list)
    last_touch: dt.datetime | None = None
    memo: dict[str, Any] = attrs.Factory(dict)
    """Results derived from this thread alone, dropped whenever it changes."""

    def touch(self, at: dt.datetime) -> None:
        if self.last_touch is None or at > self.last_touch:
            self.last_touch = at

    def recount_touch(self) -> None:
        """Find the last touch afresh, after a record was replaced."""
        self.last_touch = max(
            (
                *(i.at for i in self.interactions),
                *(e.at for e in self.entries),
                *(
                    m.scheduled_at
                    for m in self.meetings
                    if m.status is MeetingStatus.HELD
                ),
            ),
            default=None,
        )


@attrs.define(init=False)
class NetworkState:
    """A seeker's network: contacts, meetings, interactions, ledger and goals.

    Build one with a :class:`~careernet.domain.model.Seeker`, or with
    :meth:`from_records` from stored records. Commands return a
    :class:`~careernet.domain.model.Change`; pass it to :meth:`apply`.

    Attributes:
        seeker: The person at the centre.
    """

    seeker: Seeker
    _contacts: dict[str, Contact]
    _meetings: dict[str, Meeting]
    _interactions: dict[str, Interaction]
    _entries: dict[str, LedgerEntry]
    _transitions: dict[str, Transition]
    _goals: dict[str, Goal]
    _preferences: Preferences
    _deliveries: dict[str, Delivery]
    _feed_token: FeedToken | None
    _mail_cursors: dict[str, MailCursor]
    _last_changed: dt.datetime | None
    _threads: defaultdict[str, _Thread]
    _reached: dict[str, _Thread] = attrs.field(eq=False)
    _by_company: defaultdict[str, set[str]]
    _by_past_company: defaultdict[str, set[str]]
    _kept: set[str]
    # Archived contacts and their history, kept out of every table above.
    _archived: dict[str, Contact]
    _shelf: dict[tuple[type[Any], str], Record]
    _order: dict[tuple[type[Any], str], int]
    _settled: dict[str, Settled]
    # Each contact with their entry in _settled (None when not settled), in
    # the order of _contacts; the contacts not settled; each contact's place;
    # and the settled whose approaches ended on a date, by that date in UTC
    # (sorted while loading, then kept sorted): what open_since reads.
    _standing: dict[str, tuple[Contact, Settled | None]]
    _unsettled: set[str]
    _position: dict[str, int]
    _dated: dict[str, dt.datetime]
    _by_date: list[tuple[dt.datetime, str]] | None = attrs.field(eq=False)

    def __init__(self, seeker: Seeker) -> None:
        self.seeker = seeker
        self._contacts = {}
        self._meetings = {}
        self._interactions = {}
        self._entries = {}
        self._transitions = {}
        self._goals = {}
        self._preferences = Preferences()
        self._deliveries = {}
        self._feed_token = None
        self._mail_cursors = {}
        self._last_changed = None
        self._threads = defaultdict(_Thread)
        self._reached = {}
        self._by_company = defaultdict(set)
        self._by_past_company = defaultdict(set)
        self._kept = set()
        self._archived = {}
        self._shelf = {}
        self._order = {}
        self._settled = {}
        self._standing = {}
        self._unsettled = set()
        self._position = {}
        self._dated = {}
        self._by_date = None

    @classmethod
    def from_records(  # noqa: PLR0912, PLR0915 - one loop, kept inline for speed
        cls, seeker: Seeker, records: Iterable[Record]
    ) -> NetworkState:
        """Rebuild a network from stored records, in the order given.

        The result is the network :meth:`apply` would build from the same
        records one by one, but a contact's threads are put in time order
        once at the end instead of as each record arrives (stored records
        seldom come in time order, and loading is the hot path).

        Archived contacts and their history are set apart (see
        :attr:`archived`): no table or index of the network holds them.
        """
        if not isinstance(records, Sequence):
            records = list(records)
        state = cls(seeker)
        tables: dict[type[Any], tuple[dict[str, Any], str]] = {
            Meeting: (state._meetings, "meetings"),
            Interaction: (state._interactions, "interactions"),
            LedgerEntry: (state._entries, "entries"),
            Transition: (state._transitions, "transitions"),
        }
        interactions = state._interactions
        threads = state._threads
        replaced: set[str] = set()
        last: dt.datetime | None = None
        for record in records:
            if type(record) is Interaction:
                # The most numerous kind first, as the general branch below.
                moment = record.at
                if last is None or moment > last:
                    last = moment
                thread = threads[record.contact_id]
                if thread.last_touch is None or moment > thread.last_touch:
                    thread.last_touch = moment
                old = interactions.get(record.id)
                if old is not None:
                    thread.interactions.remove(old)
                    replaced.add(record.contact_id)
                interactions[record.id] = record
                thread.interactions.append(record)
                continue
            found = tables.get(type(record))
            if found is None:
                if type(record) is Contact and record.archived_at is not None:
                    # Start again, setting archived contacts apart.
                    return cls._with_archive(seeker, records)
                # Stored only: every contact is indexed once, at the end.
                state._store(record)
                continue
            # The other three exact types: their moment and touch, as _put.
            table, listing = found
            touched: dt.datetime | None
            if isinstance(record, Meeting):
                moment = record.updated_at
                held = record.status is MeetingStatus.HELD
                touched = record.scheduled_at if held else None
            elif isinstance(record, LedgerEntry):
                moment = touched = record.at
            elif isinstance(record, Transition):
                moment, touched = record.at, None
            else:  # pragma: no cover - the table lookup admits these four only
                continue
            if last is None or moment > last:
                last = moment
            thread = threads[record.contact_id]
            if touched is not None and (
                thread.last_touch is None or touched > thread.last_touch
            ):
                thread.last_touch = touched
            kept: list[Any] = getattr(thread, listing)
            old = table.get(record.id)
            if old is not None:
                kept.remove(old)
                replaced.add(record.contact_id)
            table[record.id] = record
            kept.append(record)
        if last is not None and (
            state._last_changed is None or last > state._last_changed
        ):
            state._last_changed = last
        for thread in threads.values():
            if len(thread.meetings) > 1:
                thread.meetings.sort(key=_MEETING_ORDER)
            for kept in (thread.interactions, thread.entries, thread.transitions):
                if len(kept) > 1:
                    kept.sort(key=_TIME_ORDER)
        for contact_id in replaced:
            threads[contact_id].recount_touch()
        for contact_id in state._contacts:
            state._settle(contact_id)
        state._sort_dates()  # while loading, not on the first plan
        return state

    # -- reading --------------------------------------------------------

    @property
    def contacts(self) -> Mapping[str, Contact]:
        """Contacts by id, in the order they were added."""
        return self._contacts

    @property
    def meetings(self) -> Mapping[str, Meeting]:
        """Meetings by id."""
        return self._meetings

    @property
    def interactions(self) -> Mapping[str, Interaction]:
        """Interactions by id."""
        return self._interactions

    @property
    def entries(self) -> Mapping[str, LedgerEntry]:
        """Reciprocity-ledger entries by id."""
        return self._entries

    @property
    def transitions(self) -> Mapping[str, Transition]:
        """Ring moves by id."""
        return self._transitions

    @property
    def goals(self) -> Mapping[str, Goal]:
        """Goals by id, closed ones included."""
        return self._goals

    @property
    def preferences(self) -> Preferences:
        """How and when the seeker wants to be reminded."""
        return self._preferences

    @property
    def deliveries(self) -> Mapping[str, Delivery]:
        """Notification deliveries by id (``"<channel>:<key>"``)."""
        return self._deliveries

    def delivered(self, channel: str, key: str) -> bool:
        """Whether notification ``key`` was sent on ``channel``."""
        delivery = self._deliveries.get(Delivery.id_for(channel, key))
        return delivery is not None and delivery.status is DeliveryStatus.SENT

    @property
    def feed_token(self) -> FeedToken | None:
        """The secret of the calendar feed's address, if one was made."""
        return self._feed_token

    @property
    def mail_cursors(self) -> Mapping[str, MailCursor]:
        """How far each synced mail folder has been read, by cursor id."""
        return self._mail_cursors

    @property
    def last_changed(self) -> dt.datetime | None:
        """The latest moment any record carries (when it was made, changed or
        happened); ``None`` for an empty network."""
        return self._last_changed

    @property
    def active_goal(self) -> Goal | None:
        """The goal being pursued, or ``None``."""
        active = [goal for goal in self._goals.values() if goal.active]
        return max(active, key=lambda g: (g.set_at, g.id)) if active else None

    def records(self) -> Iterator[Record]:
        """Every record, in an order :meth:`from_records` can rebuild from.

        Archived contacts and their history are among them.
        """
        if self._archived:
            yield from self._with_shelf()
            return
        yield from self._contacts.values()
        yield from self._goals.values()
        yield from self._meetings.values()
        yield from self._interactions.values()
        yield from self._entries.values()
        yield from self._transitions.values()
        if self._preferences != Preferences():
            yield self._preferences
        yield from self._deliveries.values()
        if self._feed_token is not None:
            yield self._feed_token
        yield from self._mail_cursors.values()

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id; :class:`UnknownIdError` if there is none."""
        try:
            return self._contacts[contact_id]
        except KeyError:
            archived = self._archived.get(contact_id)
            if archived is not None:
                raise UnknownIdError(
                    "contact",
                    contact_id,
                    message=(
                        f"{archived.name} is archived; unarchive them first to "
                        "do anything with them."
                    ),
                ) from None
            raise UnknownIdError("contact", contact_id) from None

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id; :class:`UnknownIdError` if there is none."""
        try:
            return self._meetings[meeting_id]
        except KeyError:
            raise UnknownIdError("meeting", meeting_id) from None

    def goal(self, goal_id: str) -> Goal:
        """The goal with this id; :class:`UnknownIdError` if there is none."""
        try:
            return self._goals[goal_id]
        except KeyError:
            raise UnknownIdError("goal", goal_id) from None

    def meetings_with(self, contact_id: str) -> list[Meeting]:
        """The contact's meetings, by time."""
        return list(self._thread(contact_id).meetings)

    def interactions_with(self, contact_id: str) -> list[Interaction]:
        """The contact's interactions, by time."""
        return list(self._thread(contact_id).interactions)

    def entries_with(self, contact_id: str) -> list[LedgerEntry]:
        """The contact's ledger entries, by time."""
        return list(self._thread(contact_id).entries)

    def history(self, contact_id: str) -> list[Transition]:
        """The contact's ring moves, by time."""
        return list(self._thread(contact_id).transitions)

    def derived(self, contact_id: str, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the contact's records change.

        For values derived from one contact's meetings, interactions, entries
        and moves alone (never from the moment): the planner asks for the same
        ones over and over.
        """
        memo = self._thread(contact_id).memo
        if name not in memo:
            memo[name] = compute()
        result: T = memo[name]
        return result

    def last_touch(self, contact_id: str) -> dt.datetime | None:
        """When the seeker last logged anything with the contact.

        Any interaction, ledger entry or held meeting counts.
        """
        return self._thread(contact_id).last_touch

    def entered_ring_at(self, contact_id: str) -> dt.datetime:
        """When the contact entered the ring they are in now."""
        history = self.history(contact_id)
        return history[-1].at if history else self.contact(contact_id).added_at

    def at_company(self, company: str | None) -> list[Contact]:
        """Contacts whose current employer is ``company``, compared by
        :func:`~careernet.domain.orgs.company_key`."""
        ids = self._by_company.get(company_key(company), ())
        return [self._contacts[i] for i in sorted(ids)]

    def alumni_of(self, company: str | None) -> list[Contact]:
        """Contacts who used to work at ``company``."""
        ids = self._by_past_company.get(company_key(company), ())
        return [self._contacts[i] for i in sorted(ids)]

    def management_chain(self) -> frozenset[str]:
        """Ids of the seeker's manager, their manager, and so on up."""
        chain: list[str] = []
        current = self.seeker.reports_to
        while current is not None and current not in chain:
            chain.append(current)
            manager = self._contacts.get(current)
            current = manager.reports_to if manager else None
        return frozenset(chain)

    @property
    def kept_count(self) -> int:
        """How many contacts are in the actively kept set."""
        return len(self._kept)

    def capacity_advice(self) -> Advice | None:
        """A warning when the kept set has grown past what one can maintain."""
        if len(self._kept) <= CAPACITY:
            return None
        return self._over_capacity(len(self._kept))

    @property
    def settled(self) -> Mapping[str, Settled]:
        """Contacts whose approaches alone can open nothing more, and from when.

        See :attr:`~careernet.domain.view.NetworkView.settled`.
        """
        return self._settled

    def open_since(self, moment: dt.datetime) -> list[tuple[Contact, Settled | None]]:
        """The contacts not :attr:`settled`, and the settled whose
        :attr:`Settled.at` is at or after ``moment``, each with their entry
        in :attr:`settled` (``None`` when not settled), in the order of
        :attr:`contacts`.

        See :meth:`~careernet.domain.view.NetworkView.open_since`.
        """
        if moment.utcoffset() is None:
            raise NaiveDatetimeError(
                f"open_since needs an aware moment; got {moment.isoformat()}."
            )
        by_date = self._by_date
        if by_date is None:
            by_date = self._sort_dates()
        instant = _instant(moment)
        start = bisect.bisect_left(by_date, (instant, ""))
        standing = self._standing
        if 4 * (len(self._unsettled) + len(by_date) - start) > len(standing):
            # Many are open: one pass in order costs less than finding each.
            return [
                entry
                for entry in standing.values()
                if (found := entry[1]) is None
                or (found.at != NEVER and _instant(found.at) >= instant)
            ]
        found_ids = set(self._unsettled)
        found_ids.update(contact_id for _, contact_id in by_date[start:])
        return [standing[i] for i in sorted(found_ids, key=self._position.__getitem__)]

    # -- applying -------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Fold a change's records into the network, and take its removals out.

        A change that removes records or archives, restores or touches an
        archived contact rebuilds the network from its records
        (:meth:`from_records`): those are rare, and every index is then made
        as at loading.
        """
        if change.removed or self._touches_archive(change.records):
            self._rebuild(change)
            return
        for record in change.records:
            self._put(record)

    def _thread(self, contact_id: str) -> _Thread:
        # A contact's thread never changes object: found once, it is found
        # again with one look-up (the rules ask for it many times a plan).
        thread = self._reached.get(contact_id)
        if thread is None:
            if contact_id not in self._contacts:
                raise UnknownIdError("contact", contact_id)
            thread = self._reached[contact_id] = self._threads[contact_id]
        return thread

    def _put(self, record: Record) -> None:
        self._store(record)
        self._index(record)

    def _store(self, record: Record) -> None:  # noqa: PLR0912 - a case per kind
        self._note_moment(record)
        match record:
            case Contact():
                self._put_contact(record)
            case Meeting():
                thread = self._thread_of(record, self._meetings, "meetings")
                if record.status is MeetingStatus.HELD:
                    thread.touch(record.scheduled_at)
            case Interaction():
                self._thread_of(record, self._interactions, "interactions").touch(
                    record.at
                )
            case LedgerEntry():
                self._thread_of(record, self._entries, "entries").touch(record.at)
            case Transition():
                self._thread_of(record, self._transitions, "transitions")
            case Goal():
                self._goals[record.id] = record
            case Seeker():
                self.seeker = record
            case Preferences():
                self._preferences = record
            case Delivery():
                self._deliveries[record.id] = record
            case FeedToken():
                self._feed_token = record
            case MailCursor():
                self._mail_cursors[record.id] = record
            case _:  # pragma: no cover - the type checker proves this unreachable
                raise InvalidValueError(f"Not a careernet record: {record!r}")

    # -- the planner's indexes ------------------------------------------
    #
    # The one place they change: _index for each record applied, and
    # from_records, which settles every contact once after the load.

    def _index(self, record: Record) -> None:
        """Bring the indexes up to date with one record just stored.

        A replaced contact (a ring move, an edit) is looked at afresh, so
        nothing the old record said stays in an index.
        """
        if isinstance(record, Contact):
            self._settle(record.id)
        elif isinstance(record, Interaction | Meeting | LedgerEntry):
            self._settle(record.contact_id)

    def _settle(self, contact_id: str) -> None:
        """Put the contact in :attr:`settled`, or take them out."""
        contact = self._contacts.get(contact_id)
        found: Settled | None = None
        if (
            contact is not None
            and not contact.fan_club
            and contact.introduced_by is None
            and contact.cadence is None
        ):
            thread = self._threads.get(contact_id)
            if thread is None:
                found = _NEVER_APPROACHED
            elif not thread.meetings and not thread.entries:
                found = settled(thread.interactions)
        if found is None:
            self._settled.pop(contact_id, None)
            if contact is not None:
                self._unsettled.add(contact_id)
                self._standing[contact_id] = (contact, None)
            self._date(contact_id, None)
        else:
            assert contact is not None
            self._settled[contact_id] = found
            self._standing[contact_id] = (contact, found)
            self._unsettled.discard(contact_id)
            self._date(contact_id, None if found.at == NEVER else _instant(found.at))

    def _sort_dates(self) -> list[tuple[dt.datetime, str]]:
        """Sort :meth:`open_since`'s dates; from now on they are kept sorted."""
        by_date = self._by_date = sorted(
            (at, contact_id) for contact_id, at in self._dated.items()
        )
        return by_date

    def _date(self, contact_id: str, at: dt.datetime | None) -> None:
        """Keep :meth:`open_since`'s dates: ``at`` for the contact, or none."""
        old = self._dated.get(contact_id)
        if old == at:
            return
        by_date = self._by_date
        if old is not None:
            del self._dated[contact_id]
            if by_date is not None:
                del by_date[bisect.bisect_left(by_date, (old, contact_id))]
        if at is not None:
            self._dated[contact_id] = at
            if by_date is not None:
                bisect.insort(by_date, (at, contact_id))

    def _note_moment(self, record: Record) -> None:
        moment = _moment(record)
        if moment is not None and (
            self._last_changed is None or moment > self._last_changed
        ):
            self._last_changed = moment

    def _put_contact(self, contact: Contact) -> None:
        old = self._contacts.get(contact.id)
        if old is not None:
            self._by_company[company_key(old.company)].discard(old.id)
            for past in old.past_companies:
                self._by_past_company[company_key(past)].discard(old.id)
        else:
            self._position[contact.id] = len(self._position)
        self._contacts[contact.id] = contact
        if contact.company:
            self._by_company[company_key(contact.company)].add(contact.id)
        for past in contact.past_companies:
            self._by_past_company[company_key(past)].add(contact.id)
        if contact.kept:
            self._kept.add(contact.id)
        else:
            self._kept.discard(contact.id)

    def _thread_of(
        self,
        record: Meeting | Interaction | LedgerEntry | Transition,
        table: dict[str, Any],
        listing: str,
    ) -> _Thread:
        """Store a contact's record and keep their thread in time order."""
        thread = self._threads[record.contact_id]
        thread.memo.clear()
        records: list[Any] = getattr(thread, listing)
        old = table.get(record.id)
        if old is not None:
            records.remove(old)
        table[record.id] = record
        key = _by_time(record)
        if not records or _by_time(records[-1]) <= key:
            records.append(record)  # the usual case: records come in time order
        else:
            bisect.insort(records, record, key=_by_time)
        if old is not None:
            thread.recount_touch()  # the replaced record's may have been the last
        return thread

    # -- commands -------------------------------------------------------

    def set_seeker(self, seeker: Seeker, *, strategy: Strategy | None = None) -> Change:
        """Replace the seeker's own details.

        With the active goal's ``strategy``, a change that would take away a
        fact the goal needs (clearing the employer of a confidential search)
        is refused with :class:`IncompleteGoalError`.
        """
        if seeker.reports_to is not None:
            self.contact(seeker.reports_to)
        door.check_seeker(seeker, self.seeker)
        goal = self.active_goal
        if strategy is not None and goal is not None:
            before = {
                f.code for f in strategy.check_goal(self.seeker, goal) if f.blocking
            }
            lost = [
                f
                for f in strategy.check_goal(seeker, goal)
                if f.blocking and f.code not in before
            ]
            if lost:
                raise IncompleteGoalError(
                    f"That would leave your {goal.scenario} goal without what it "
                    f"needs: {' '.join(f.message for f in lost)} To change this "
                    "anyway, set another goal (or close this one) first.",
                    codes=tuple(f.code for f in lost),
                )
        return Change(summary="update the seeker", records=(seeker,))

    def add_contact(self, contact: Contact) -> Change:
        """Add a new contact; links in ``knows`` are made on both sides."""
        if contact.id in self._contacts:
            raise DuplicateIdError("contact", contact.id)
        door.check_contact(contact)
        self._check_references(contact)
        records: list[Record] = [contact]
        records += self._link_back(contact.id, contact.knows, contact.added_at)
        return Change(
            summary=f"add {contact.name}",
            records=records,
            advice=self._capacity_after(None, contact),
        )

    def edit_contact(
        self, contact_id: str, *, at: dt.datetime, **fields: Any
    ) -> Change:
        """Change a contact's details; the ring changes only through :meth:`move`."""
        contact = self.contact(contact_id)
        unknown = set(fields) - EDITABLE_FIELDS
        if "ring" in unknown:
            raise InvalidValueError(
                "A contact's ring changes only through a move, which keeps the "
                "history: use move() instead of edit_contact(ring=...)."
            )
        if unknown:
            raise InvalidValueError(
                f"Cannot edit {', '.join(sorted(unknown))} of a contact; editable "
                f"fields are {', '.join(sorted(EDITABLE_FIELDS))}."
            )
        edited = attrs.evolve(contact, updated_at=at, **fields)
        door.check_contact(edited, fields)
        self._check_references(edited)
        return Change(
            summary=f"edit {contact.name}",
            records=(edited,),
            advice=self._capacity_after(contact, edited),
        )

    def link(self, contact_id: str, other_id: str, *, at: dt.datetime) -> Change:
        """Record that two contacts know each other."""
        contact, other = self.contact(contact_id), self.contact(other_id)
        if contact_id == other_id:
            raise InvalidValueError(f"Cannot link {contact.name!r} to themselves.")
        records = [
            attrs.evolve(c, knows=c.knows | {o.id}, updated_at=at)
            for c, o in ((contact, other), (other, contact))
            if o.id not in c.knows
        ]
        return Change(summary=f"link {contact.name} and {other.name}", records=records)

    def move(
        self,
        contact_id: str,
        to: Ring,
        *,
        at: dt.datetime,
        transition_id: str,
        reason: str | None = None,
        override: str | None = None,
    ) -> Change:
        """Move a contact to another ring, keeping the move in the history.

        Inward moves go one ring at a time and need the evidence the funnel's
        rule for that step asks for (see :data:`careernet.domain.funnel.RULES`).
        Outward moves are always allowed. ``override``, a stated reason, sets
        the rules aside for a jump or a move without evidence.

        Raises:
            TransitionError: The move is to the same ring, jumps rings, or
                lacks evidence, and there is no ``override``.
        """
        contact = self.contact(contact_id)
        if transition_id in self._transitions:
            raise DuplicateIdError("transition", transition_id)
        if override is not None and not override.strip():
            raise InvalidValueError(
                "An override needs a stated reason; say why the funnel's rules "
                "do not apply to this move."
            )
        if to is contact.ring:
            raise TransitionError(
                f"{contact.name} is already in the {to.value} ring; nothing to move."
            )
        evidence: tuple[str, ...] = ()
        if to.depth < contact.ring.depth and override is None:
            if to is not contact.ring.inward:
                raise TransitionError(
                    f"Cannot move {contact.name} from {contact.ring.value} to "
                    f"{to.value}: inward moves go one ring at a time, next is "
                    f"{contact.ring.inward.value if contact.ring.inward else '-'}.",
                    overridable=True,
                )
            rule = funnel.RULES[contact.ring]
            found = rule.check(self, contact, at)
            if isinstance(found, funnel.Missing):
                raise TransitionError(
                    f"Cannot move {contact.name} from {contact.ring.value} to "
                    f"{to.value} yet: {rule.description} Missing: {found.what}. "
                    "Record it first.",
                    overridable=True,
                )
            evidence = found.record_ids
        transition = Transition(
            id=transition_id,
            contact_id=contact.id,
            from_ring=contact.ring,
            to_ring=to,
            at=at,
            evidence=evidence,
            reason=override if override is not None else reason,
            override=override is not None,
        )
        moved = attrs.evolve(contact, ring=to, updated_at=at)
        return Change(
            summary=f"move {contact.name} to {to.value}",
            records=(transition, moved),
            advice=self._capacity_after(contact, moved),
        )

    def schedule_meeting(self, meeting: Meeting) -> Change:
        """Arrange a meeting; prepared questions are checked."""
        contact = self.contact(meeting.contact_id)
        if meeting.id in self._meetings:
            raise DuplicateIdError("meeting", meeting.id)
        if not meeting.status.pending:
            raise InvalidValueError(
                "A new meeting must be scheduled; record its result afterwards "
                "with record_meeting_result()."
            )
        advice = [
            Advice(
                code="question" if flag.where == "question" else "purpose",
                message=str(flag),
                contact_id=contact.id,
            )
            for flag in questions.check_meeting(meeting)
        ]
        advice += meetings.overlap_advice(meeting, self._meetings.values())
        return Change(
            summary=f"{meeting.kind.value} with {contact.name}",
            records=(meeting,),
            advice=advice,
        )

    def reschedule_meeting(
        self, meeting_id: str, to: dt.datetime, *, at: dt.datetime
    ) -> Change:
        """Move a pending meeting to a new time."""
        meeting = self._pending_meeting(meeting_id)
        moved = attrs.evolve(
            meeting,
            scheduled_at=to,
            status=MeetingStatus.RESCHEDULED,
            sequence=meeting.sequence + 1,
            updated_at=at,
        )
        return Change(summary="reschedule a meeting", records=(moved,))

    def record_meeting_result(
        self,
        meeting_id: str,
        status: MeetingStatus,
        *,
        at: dt.datetime,
        notes: str | None = None,
        referrals: Iterable[Contact] = (),
    ) -> Change:
        """Record how a meeting went.

        ``referrals`` are the people the contact suggested talking to next:
        they join the network as new contacts, introduced by and linked to the
        person met. Only a held meeting can bring referrals.
        """
        meeting = self._pending_meeting(meeting_id)
        if status.pending:
            raise InvalidValueError(
                f"{status.value} is not a result; to move the meeting use "
                "reschedule_meeting()."
            )
        if status is MeetingStatus.HELD and at < meeting.scheduled_at:
            raise InvalidValueError(
                f"The meeting is set for {meeting.scheduled_at.isoformat()}, so it "
                f"cannot have been held by {at.isoformat()}. Record the result "
                "after it, or first reschedule it to when it took place."
            )
        referrals = tuple(referrals)
        if referrals and status is not MeetingStatus.HELD:
            raise InvalidValueError(
                "Only a held meeting brings referrals; record the meeting as HELD."
            )
        done = attrs.evolve(
            meeting,
            status=status,
            sequence=meeting.sequence + 1,
            updated_at=at,
            notes=meeting.notes if notes is None else notes,
        )
        records: list[Record] = [done]
        referrer = self.contact(meeting.contact_id)
        seen: set[str] = set()
        for referral in referrals:
            if referral.id in self._contacts or referral.id in seen:
                raise DuplicateIdError("contact", referral.id)
            door.check_contact(referral)
            seen.add(referral.id)
            records.append(
                attrs.evolve(
                    referral,
                    introduced_by=referrer.id,
                    knows=referral.knows | {referrer.id},
                )
            )
        if seen:
            records.append(
                attrs.evolve(referrer, knows=referrer.knows | seen, updated_at=at)
            )
        advice = []
        if status is MeetingStatus.HELD:
            advice.append(
                Advice(
                    code="thank-you",
                    message=f"Thank {referrer.name} within a day or two.",
                    contact_id=referrer.id,
                )
            )
        return Change(
            summary=f"{meeting.kind.value} with {referrer.name}: {status.value}",
            records=records,
            advice=advice,
        )

    def log_interaction(self, interaction: Interaction) -> Change:
        """Log an exchange with a contact."""
        contact = self.contact(interaction.contact_id)
        if interaction.id in self._interactions:
            raise DuplicateIdError("interaction", interaction.id)
        if interaction.via is not None:
            self.contact(interaction.via)
        return Change(
            summary=f"{interaction.kind.value} with {contact.name}",
            records=(interaction,),
        )

    def log_entry(
        self, entry: LedgerEntry, *, strategy: Strategy | None = None
    ) -> Change:
        """Add a reciprocity-ledger entry.

        Asking someone the seeker never gave to is recorded, with advice to
        give first. With a ``strategy``, asking or giving to a contact it
        excludes (in the confidential scenario, anyone at the current employer)
        is refused: a give is an approach too.
        """
        contact = self.contact(entry.contact_id)
        if entry.id in self._entries:
            raise DuplicateIdError("ledger entry", entry.id)
        advice = []
        if strategy is not None and entry.kind in (LedgerKind.ASK, LedgerKind.GIVE):
            self.check_not_excluded(contact, strategy)
        if entry.kind is LedgerKind.ASK:
            counts = ledger.balance(self, contact.id, before=entry.at)
            if counts.credit <= 0:
                advice.append(ledger.give_first_advice(contact, counts))
        return Change(
            summary=f"{entry.kind.value} with {contact.name}",
            records=(entry,),
            advice=advice,
        )

    def set_goal(self, goal: Goal, *, strategy: Strategy | None = None) -> Change:
        """Make ``goal`` the active goal, closing the one before it.

        With its ``strategy``, the goal's facts are checked
        (:meth:`Strategy.check_goal`): a goal that would protect or find
        nobody is refused with :class:`IncompleteGoalError`; other findings
        come back as advice (and stay on every plan until fixed).
        """
        advice: list[Advice] = []
        if strategy is not None:
            findings = strategy.check_goal(self.seeker, goal)
            blocking = [f for f in findings if f.blocking]
            if blocking:
                raise IncompleteGoalError(
                    " ".join(f.message for f in blocking),
                    codes=tuple(f.code for f in blocking),
                )
            advice = [f.advice() for f in findings]
        if goal.id in self._goals:
            raise DuplicateIdError("goal", goal.id)
        if not goal.active:
            raise InvalidValueError("A new goal must be open; leave closed_at empty.")
        for target in goal.target_contacts:
            self.contact(target)
        records: list[Record] = [
            attrs.evolve(old, closed_at=goal.set_at)
            for old in self._goals.values()
            if old.active
        ]
        records.append(goal)
        return Change(summary=f"goal: {goal.scenario}", records=records, advice=advice)

    def close_goal(self, goal_id: str, *, at: dt.datetime) -> Change:
        """Close a goal, for example when the seeker has landed."""
        goal = self.goal(goal_id)
        if not goal.active:
            raise InvalidValueError(f"Goal {goal_id!r} is already closed.")
        return Change(
            summary="close the goal", records=(attrs.evolve(goal, closed_at=at),)
        )

    def set_feed_token(self, token: FeedToken) -> Change:
        """Give the calendar feed a new secret; the old address stops working."""
        return Change(summary="new feed address", records=(token,))

    def set_preferences(self, preferences: Preferences) -> Change:
        """Replace how and when the seeker is reminded."""
        return Change(summary="update notification preferences", records=(preferences,))

    def record_deliveries(self, deliveries: Iterable[Delivery]) -> Change:
        """Record that notifications went out, or failed to, on a channel.

        A failed delivery counts the attempts made so far; a sent one is final
        and is not replaced by a later failure.
        """
        records: list[Record] = []
        for delivery in deliveries:
            if delivery.id != Delivery.id_for(delivery.channel, delivery.key):
                raise InvalidValueError(
                    f"A delivery's id must be '<channel>:<key>'; got {delivery.id!r}."
                )
            earlier = self._deliveries.get(delivery.id)
            if earlier is not None and earlier.status is DeliveryStatus.SENT:
                continue
            records.append(
                delivery
                if earlier is None
                else attrs.evolve(delivery, attempts=earlier.attempts + 1)
            )
        return Change(summary="record deliveries", records=records)

    def check_not_excluded(self, contact: Contact, strategy: Strategy) -> None:
        """Raise :class:`ExcludedContactError` if the strategy excludes ``contact``."""
        if strategy.is_excluded(contact, self, self.active_goal):
            raise ExcludedContactError(
                f"{contact.name} is excluded by the {strategy.scenario} strategy "
                f"({strategy.exclusion_reason}). Do not ask them; choose someone "
                "outside it."
            )

    # -- helpers --------------------------------------------------------

    def _check_references(self, contact: Contact) -> None:
        for ref in (contact.introduced_by, contact.reports_to, *sorted(contact.knows)):
            if ref is not None and ref != contact.id and ref not in self._archived:
                self.contact(ref)

    def _link_back(
        self, contact_id: str, others: Iterable[str], at: dt.datetime
    ) -> Iterator[Contact]:
        for other_id in sorted(others):
            other = self._contacts[other_id]
            if contact_id not in other.knows:
                yield attrs.evolve(
                    other, knows=other.knows | {contact_id}, updated_at=at
                )

    def _pending_meeting(self, meeting_id: str) -> Meeting:
        meeting = self.meeting(meeting_id)
        if not meeting.status.pending:
            raise InvalidValueError(
                f"The meeting {meeting_id!r} is already {meeting.status.value}; "
                "schedule a new meeting instead."
            )
        return meeting

    def _capacity_after(self, before: Contact | None, after: Contact) -> list[Advice]:
        """Capacity advice if this write makes the kept set grow past capacity."""
        if after.kept and not (before and before.kept):
            count = len(self._kept) + 1
            if count > CAPACITY:
                return [self._over_capacity(count)]
        return []

    @staticmethod
    def _over_capacity(count: int) -> Advice:
        return Advice(
            code="capacity",
            message=(
                f"You are actively keeping {count} relationships; about {CAPACITY} "
                "can really be maintained. Let some drift outward or narrow your "
                "tribe."
            ),
        )

    # -- archived contacts, removals ------------------------------------

    @property
    def archived(self) -> Mapping[str, Contact]:
        """Archived contacts by id: stored with their history, out of every rule."""
        return self._archived

    def archived_history(self, contact_id: str) -> list[Record]:
        """An archived contact's meetings, interactions, ledger entries and
        ring moves, each kind in time order."""
        if contact_id not in self._archived:
            raise UnknownIdError("archived contact", contact_id)
        found: list[Meeting | Interaction | LedgerEntry | Transition] = [
            r
            for r in self._shelf.values()
            if isinstance(r, _OWNED) and r.contact_id == contact_id
        ]
        found.sort(key=lambda r: (_OWNED.index(type(r)), *_by_time(r)))
        return list(found)

    @classmethod
    def _with_archive(cls, seeker: Seeker, records: Sequence[Record]) -> NetworkState:
        """:meth:`from_records` for records that include archived contacts."""
        latest = {r.id: r for r in records if type(r) is Contact}
        gone = {i for i, c in latest.items() if c.archived_at is not None}
        active: list[Record] = []
        shelf: dict[tuple[type[Any], str], Record] = {}
        order: dict[tuple[type[Any], str], int] = {}
        for position, record in enumerate(records):
            key = (type(record), getattr(record, "id", ""))
            order.setdefault(key, position)
            if (type(record) is Contact and record.id in gone) or (
                isinstance(record, _OWNED) and record.contact_id in gone
            ):
                shelf[key] = record
            else:
                active.append(record)
        state = cls.from_records(seeker, active)
        state._set_aside(shelf, order)  # noqa: SLF001 - an instance of this class
        return state

    def _set_aside(
        self,
        shelf: dict[tuple[type[Any], str], Record],
        order: dict[tuple[type[Any], str], int],
    ) -> None:
        """Hold archived contacts and their history apart from every table."""
        self._archived = {
            key[1]: r for key, r in shelf.items() if isinstance(r, Contact)
        }
        self._shelf = {key: r for key, r in shelf.items() if not isinstance(r, Contact)}
        self._order = order
        for record in shelf.values():
            self._note_moment(record)

    def _with_shelf(self) -> Iterator[Record]:
        """Every record, archived ones too, each kind in the order its records
        were first known (as :meth:`records` gives them without an archive)."""
        order, last = self._order, len(self._order)
        shelved: defaultdict[type[Any], list[Record]] = defaultdict(list)
        for record in self._shelf.values():
            shelved[type(record)].append(record)
        groups: list[list[Any]] = [
            [*self._contacts.values(), *self._archived.values()],
            list(self._goals.values()),
            [*self._meetings.values(), *shelved[Meeting]],
            [*self._interactions.values(), *shelved[Interaction]],
            [*self._entries.values(), *shelved[LedgerEntry]],
            [*self._transitions.values(), *shelved[Transition]],
        ]
        for group in groups:
            group.sort(key=lambda r: order.get((type(r), r.id), last))
            yield from group
        if self._preferences != Preferences():
            yield self._preferences
        yield from self._deliveries.values()
        if self._feed_token is not None:
            yield self._feed_token
        yield from self._mail_cursors.values()

    def _touches_archive(self, records: Iterable[Record]) -> bool:
        """Whether any record archives, restores or belongs to an archived contact."""
        archived = self._archived
        for record in records:
            if type(record) is Contact:
                if record.archived_at is not None or record.id in archived:
                    return True
            elif (
                archived
                and isinstance(record, _OWNED)
                and record.contact_id in archived
            ):
                return True
        return False

    def _rebuild(self, change: Change) -> None:
        """Apply ``change`` by building the network again from its records."""
        merged: dict[tuple[type[Any], str], Record] = {
            (type(r), r.id): r for r in self.records() if not isinstance(r, Seeker)
        }
        seeker = self.seeker
        for record in change.records:
            if isinstance(record, Seeker):
                seeker = record
            else:
                merged[type(record), record.id] = record
        for kind, record_id in change.removed:
            merged.pop((RECORD_KINDS[kind], record_id), None)
        fresh = NetworkState.from_records(seeker, list(merged.values()))
        for field in attrs.fields(NetworkState):
            setattr(self, field.name, getattr(fresh, field.name))


_NEVER_APPROACHED: Final = Settled(NEVER)
"""The index's entry for a contact with no records (one shared value)."""

_OWNED: Final = (Meeting, Interaction, LedgerEntry, Transition)
"""The kinds of record that belong to one contact, by their ``contact_id``."""

_MEETING_ORDER: Final = operator.attrgetter("scheduled_at", "id")
_TIME_ORDER: Final = operator.attrgetter("at", "id")
"""The orders of :func:`_by_time`, as quick keys for sorting."""


def _by_time(
    record: Meeting | Interaction | LedgerEntry | Transition,
) -> tuple[dt.datetime, str]:
    """The order a contact's records of one kind are kept in."""
    if isinstance(record, Meeting):
        return record.scheduled_at, record.id
    return record.at, record.id


_LAST: Final = dt.datetime.max.replace(tzinfo=dt.UTC)


def _instant(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC, so that the planner's sorted dates compare instants.

    Python compares two datetimes of one tzinfo by their wall times: in a
    fold (clocks going back) two instants an hour apart are equal, and a
    third moment in another zone sorts between them, so dates kept in their
    own zones are not in any one order and bisect misses or removes the
    wrong ones.
    """
    if moment.tzinfo is dt.UTC:
        return moment
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # within a day of the first or the last moment
        return NEVER if moment.year == 1 else _LAST


def _moment(record: Record) -> dt.datetime | None:
    """The latest moment a record carries."""
    match record:
        case Contact() | Meeting():
            return record.updated_at
        case Interaction() | LedgerEntry() | Transition() | Delivery():
            return record.at
        case Goal():
            return record.closed_at or record.set_at
        case Preferences():
            return record.updated_at
        case FeedToken():
            return record.created_at
        case MailCursor():
            return record.synced_at
        case _:
            return None
