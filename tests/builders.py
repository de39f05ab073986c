"""Builders shared by the domain tests.

Each helper makes one domain record, applies it to a ``NetworkState`` with
``run`` from conftest and returns it. An id left out is the next number of
its kind in the state (``i3``, ``l2``, ``m1``, ``t4``); pass one where a test
names its records. Modules whose records need other defaults (a purpose, a
note) bind them once with ``functools.partial`` or a small wrapper.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from careernet.domain import (
    Change,
    Contact,
    HelpKind,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NetworkState,
    Ring,
    Seeker,
    Transition,
    TransitionError,
)
from tests.conftest import NOW, run

if TYPE_CHECKING:
    from careernet import Network, Store

ADDED = NOW - dt.timedelta(days=365)
"""When the ``add`` fixture's contacts join the network by default."""


def days(n: float) -> dt.timedelta:
    """``n`` days (fractions allowed)."""
    return dt.timedelta(days=n)


def log(
    state: NetworkState,
    contact_id: str,
    kind: InteractionKind,
    at: dt.datetime,
    *,
    interaction_id: str | None = None,
) -> Interaction:
    """Log an interaction of ``kind`` with ``contact_id`` at ``at``."""
    interaction = Interaction(
        id=f"i{len(state.interactions) + 1}"
        if interaction_id is None
        else interaction_id,
        contact_id=contact_id,
        kind=kind,
        at=at,
    )
    run(state, state.log_interaction(interaction))
    return interaction


def entry(
    contact_id: str,
    kind: LedgerKind,
    at: dt.datetime,
    *,
    entry_id: str,
    what: str,
    help_kind: HelpKind = HelpKind.OTHER,
) -> LedgerEntry:
    """A ledger entry, not yet logged."""
    return LedgerEntry(
        id=entry_id, contact_id=contact_id, kind=kind, at=at, what=what, help=help_kind
    )


def book(
    state: NetworkState,
    contact_id: str,
    kind: LedgerKind,
    at: dt.datetime,
    *,
    entry_id: str | None = None,
    what: str | None = None,
    help_kind: HelpKind = HelpKind.OTHER,
) -> LedgerEntry:
    """Log a ledger entry; ``what`` defaults to its kind and number, "give number 2"."""
    number = len(state.entries) + 1
    new = entry(
        contact_id,
        kind,
        at,
        entry_id=f"l{number}" if entry_id is None else entry_id,
        what=f"{kind.value} number {number}" if what is None else what,
        help_kind=help_kind,
    )
    run(state, state.log_entry(new))
    return new


def meet(
    state: NetworkState,
    contact_id: str,
    at: dt.datetime,
    *,
    status: MeetingStatus = MeetingStatus.HELD,
    kind: MeetingKind = MeetingKind.COFFEE,
    purpose: str = "Learn how their team works",
    created_at: dt.datetime | None = None,
    result_at: dt.datetime | None = None,
    meeting_id: str | None = None,
    duration: dt.timedelta = dt.timedelta(minutes=45),
    outcome_sought: str = "",
) -> Meeting:
    """Schedule a meeting at ``at`` and, unless ``status`` is pending, record it.

    It is arranged at ``created_at`` (by default a week before ``at``) and its
    result recorded at ``result_at`` (by default ``at``). Returns the stored
    meeting, with the result.
    """
    meeting = Meeting(
        id=f"m{len(state.meetings) + 1}" if meeting_id is None else meeting_id,
        contact_id=contact_id,
        scheduled_at=at,
        created_at=at - days(7) if created_at is None else created_at,
        purpose=purpose,
        kind=kind,
        duration=duration,
        outcome_sought=outcome_sought,
    )
    run(state, state.schedule_meeting(meeting))
    if not status.pending:
        recorded = at if result_at is None else result_at
        run(state, state.record_meeting_result(meeting.id, status, at=recorded))
    return state.meeting(meeting.id)


def move(
    state: NetworkState,
    contact_id: str,
    to: Ring,
    at: dt.datetime,
    *,
    override: str | None = None,
    reason: str | None = None,
) -> Transition:
    """Move ``contact_id`` to ``to`` at ``at``; returns the one transition made."""
    change = state.move(
        contact_id,
        to,
        at=at,
        transition_id=f"t{len(state.transitions) + 1}",
        override=override,
        reason=reason,
    )
    run(state, change)
    transitions = [r for r in change.records if isinstance(r, Transition)]
    assert len(transitions) == 1
    return transitions[0]


def refused(
    state: NetworkState,
    contact_id: str,
    to: Ring,
    at: dt.datetime = NOW,
    *,
    evidence_only: bool = False,
) -> str:
    """Attempt a move that must be refused; return the part saying what is missing.

    With ``evidence_only``, just the missing evidence, without the closing
    advice to record it or override.
    """
    with pytest.raises(TransitionError, match="Missing:") as error:
        state.move(contact_id, to, at=at, transition_id="t-refused")
    assert state.contact(contact_id).ring is not to
    missing = str(error.value).split("Missing:", 1)[1]
    if evidence_only:
        return missing.split(". Record it", 1)[0].strip()
    return missing


class Clock:
    """A clock that stands still until a test advances it."""

    def __init__(self, start: dt.datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock on by ``delta`` and return the new time."""
        self.now += delta
        return self.now


def counter(prefix: str = "id") -> Callable[[], str]:
    """Record ids ``prefix1``, ``prefix2``, ... in order."""
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers)}"


def stored_network(store: Store, network_id: str, seeker: Seeker) -> Network:
    """A network whose seeker is written past the checks at the door, as a
    store (or a backup) from before those checks can hold it."""
    return store._new_network(network_id, seeker, (), "create")


def stored_contact(network: Network, name: str, **fields: Any) -> Contact:
    """A contact written the way an older careernet could store it, past the
    checks at the door (a name with a line break or a control character, a
    link without a scheme): what a store from before those checks holds, and
    what everything that reads contacts must still cope with."""
    at = fields.pop("at", None) or network.store.now()
    contact = Contact(id=network.store.new_id(), name=name, added_at=at, **fields)
    network._commit(Change(summary=f"add {name}", records=(contact,)))
    return contact
