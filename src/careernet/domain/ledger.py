"""The reciprocity ledger: gives, asks, help received and thanks.

Give before you ask. The ledger keeps, per contact, what the seeker gave and
asked and what they received and thanked for. Help received or a meeting held
leaves a thank-you owed until the seeker records thanks after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .model import Advice, Contact, LedgerEntry, LedgerKind, MeetingStatus

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "ANSWER_WITHIN",
    "THANK_WITHIN",
    "Balance",
    "OpenRequest",
    "ThanksOwed",
    "balance",
    "can_ask",
    "give_first_advice",
    "has_given",
    "open_requests",
    "tally",
    "thanks_owed",
    "totals",
]

THANK_WITHIN = dt.timedelta(days=2)
"""A thank-you is due this long after the meeting or the help."""

ANSWER_WITHIN = dt.timedelta(days=3)
"""Someone who asked the seeker for help should hear back within this."""


@attrs.frozen(kw_only=True)
class Balance:
    """Ledger counts for one contact or for the whole network.

    Attributes:
        gives: What the seeker gave.
        asks: What the seeker asked for.
        received: Help the seeker received.
        thanks: Thanks the seeker expressed.
        requests: Times the contact asked the seeker for help.
    """

    gives: int = 0
    asks: int = 0
    received: int = 0
    thanks: int = 0
    requests: int = 0

    @property
    def net(self) -> int:
        """Gives minus asks: positive when the seeker has given more than asked."""
        return self.gives - self.asks

    @property
    def credit(self) -> int:
        """What the ledger supports asking for: gives beyond what was taken.

        Each ask, and each piece of help received, draws on the gives; an
        answered ask is often recorded as both, so the larger of the two
        counts. One more ask is fair while this is positive.
        """
        return self.gives - max(self.asks, self.received)

    def __add__(self, other: Balance) -> Balance:
        return Balance(
            gives=self.gives + other.gives,
            asks=self.asks + other.asks,
            received=self.received + other.received,
            thanks=self.thanks + other.thanks,
            requests=self.requests + other.requests,
        )


_FIELD = {
    LedgerKind.GIVE: "gives",
    LedgerKind.ASK: "asks",
    LedgerKind.RECEIVED: "received",
    LedgerKind.THANKS: "thanks",
    LedgerKind.REQUEST: "requests",
}


def balance(
    state: NetworkView, contact_id: str, *, before: dt.datetime | None = None
) -> Balance:
    """The ledger counts for one contact (up to ``before``, if given)."""
    if before is None:
        return state.derived(
            contact_id, "balance", lambda: _balance(state, contact_id, None)
        )
    return _balance(state, contact_id, before)


def _balance(
    state: NetworkView, contact_id: str, before: dt.datetime | None
) -> Balance:
    entries = state.entries_with(contact_id)
    return tally(entries if before is None else (e for e in entries if e.at <= before))


def tally(entries: Iterable[LedgerEntry]) -> Balance:
    """The ledger counts of ``entries`` (one contact's, or any others)."""
    counts = dict.fromkeys(_FIELD.values(), 0)
    for entry in entries:
        counts[_FIELD[entry.kind]] += 1
    return Balance(**counts)


def can_ask(
    state: NetworkView, contact_id: str, *, before: dt.datetime | None = None
) -> bool:
    """Whether the ledger supports one more ask of the contact."""
    return balance(state, contact_id, before=before).credit > 0


def totals(state: NetworkView) -> Balance:
    """The ledger counts over the whole network."""
    return tally(state.entries.values())


def has_given(
    state: NetworkView, contact_id: str, *, before: dt.datetime | None = None
) -> bool:
    """Whether the seeker gave the contact anything (by ``before``, if given)."""
    return any(
        e.kind is LedgerKind.GIVE and (before is None or e.at <= before)
        for e in state.entries_with(contact_id)
    )


def give_first_advice(contact: Contact, counts: Balance | None = None) -> Advice:
    """The suggestion shown when an ask goes beyond what the ledger supports."""
    if counts is None or counts.gives == 0:
        said = f"You have never given {contact.name} anything."
    else:
        said = (
            f"You have asked {contact.name} more than you have given "
            f"({counts.gives} given, {max(counts.asks, counts.received)} asked or "
            "received)."
        )
    return Advice(
        code="give-first",
        message=(
            f"{said} Offer something of value first: an article, an "
            "introduction, your expertise."
        ),
        contact_id=contact.id,
    )


@attrs.frozen(kw_only=True)
class OpenRequest:
    """Someone asked the seeker for help, and nothing was given since.

    Attributes:
        contact_id: Who asked.
        record_id: The request's ledger entry.
        what: What they asked for.
        since: When they asked.
    """

    contact_id: str
    record_id: str
    what: str
    since: dt.datetime

    @property
    def due(self) -> dt.datetime:
        """When they should have heard back."""
        return self.since + ANSWER_WITHIN


def open_requests(state: NetworkView, contact_id: str) -> list[OpenRequest]:
    """Requests from the contact that no later give answered, oldest first."""
    return list(
        state.derived(contact_id, "open-requests", lambda: _open(state, contact_id))
    )


def _open(state: NetworkView, contact_id: str) -> tuple[OpenRequest, ...]:
    entries = state.entries_with(contact_id)
    if not entries:
        return ()
    last_give = max((e.at for e in entries if e.kind is LedgerKind.GIVE), default=None)
    return tuple(
        OpenRequest(contact_id=contact_id, record_id=e.id, what=e.what, since=e.at)
        for e in entries
        if e.kind is LedgerKind.REQUEST and (last_give is None or e.at > last_give)
    )


@attrs.frozen(kw_only=True)
class ThanksOwed:
    """A thank-you the seeker still owes.

    Attributes:
        contact_id: Whom to thank.
        record_id: The held meeting or help received that calls for thanks.
        what: What to thank them for.
        since: When it happened.
    """

    contact_id: str
    record_id: str
    what: str
    since: dt.datetime

    @property
    def due(self) -> dt.datetime:
        """When the thank-you is due."""
        return self.since + THANK_WITHIN


def thanks_owed(state: NetworkView, contact_id: str) -> list[ThanksOwed]:
    """What the seeker has not yet thanked the contact for, oldest first.

    Thanks recorded at or after a meeting or help clears everything before it.
    """
    return list(
        state.derived(contact_id, "thanks-owed", lambda: _owed(state, contact_id))
    )


def _owed(state: NetworkView, contact_id: str) -> tuple[ThanksOwed, ...]:
    meetings = state.meetings_with(contact_id)
    entries = state.entries_with(contact_id)
    if not meetings and not entries:
        return ()  # most contacts: nothing to thank them for
    owed = [
        ThanksOwed(
            contact_id=contact_id,
            record_id=m.id,
            what=f"the {m.kind.value}: {m.purpose}",
            since=m.scheduled_at,
        )
        for m in meetings
        if m.status is MeetingStatus.HELD
    ]
    owed += [
        ThanksOwed(contact_id=contact_id, record_id=e.id, what=e.what, since=e.at)
        for e in entries
        if e.kind is LedgerKind.RECEIVED
    ]
    thanked = [e.at for e in entries if e.kind is LedgerKind.THANKS]
    last_thanks = max(thanked, default=None)
    return tuple(
        sorted(
            (o for o in owed if last_thanks is None or o.since > last_thanks),
            key=lambda o: (o.since, o.record_id),
        )
    )
