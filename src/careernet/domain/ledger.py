"""The reciprocity ledger: gives, asks, help received and thanks.

Give before you ask. The ledger keeps, per contact, what the seeker gave and
asked and what they received and thanked for. Help received or a meeting held
leaves a thank-you owed until the seeker records thanks after it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from .model import Advice, Contact, LedgerKind, MeetingStatus

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "THANK_WITHIN",
    "Balance",
    "ThanksOwed",
    "balance",
    "give_first_advice",
    "has_given",
    "thanks_owed",
    "totals",
]

THANK_WITHIN = dt.timedelta(days=2)
"""A thank-you is due this long after the meeting or the help."""


@attrs.frozen(kw_only=True)
class Balance:
    """Ledger counts for one contact or for the whole network.

    Attributes:
        gives: What the seeker gave.
        asks: What the seeker asked for.
        received: Help the seeker received.
        thanks: Thanks the seeker expressed.
    """

    gives: int = 0
    asks: int = 0
    received: int = 0
    thanks: int = 0

    @property
    def net(self) -> int:
        """Gives minus asks: positive when the seeker has given more than asked."""
        return self.gives - self.asks

    def __add__(self, other: Balance) -> Balance:
        return Balance(
            gives=self.gives + other.gives,
            asks=self.asks + other.asks,
            received=self.received + other.received,
            thanks=self.thanks + other.thanks,
        )


_FIELD = {
    LedgerKind.GIVE: "gives",
    LedgerKind.ASK: "asks",
    LedgerKind.RECEIVED: "received",
    LedgerKind.THANKS: "thanks",
}


def balance(state: NetworkView, contact_id: str) -> Balance:
    """The ledger counts for one contact."""
    counts = dict.fromkeys(_FIELD.values(), 0)
    for entry in state.entries_with(contact_id):
        counts[_FIELD[entry.kind]] += 1
    return Balance(**counts)


def totals(state: NetworkView) -> Balance:
    """The ledger counts over the whole network."""
    counts = dict.fromkeys(_FIELD.values(), 0)
    for entry in state.entries.values():
        counts[_FIELD[entry.kind]] += 1
    return Balance(**counts)


def has_given(
    state: NetworkView, contact_id: str, *, before: dt.datetime | None = None
) -> bool:
    """Whether the seeker gave the contact anything (by ``before``, if given)."""
    return any(
        e.kind is LedgerKind.GIVE and (before is None or e.at <= before)
        for e in state.entries_with(contact_id)
    )


def give_first_advice(contact: Contact) -> Advice:
    """The suggestion shown when the seeker asks someone they never gave to."""
    return Advice(
        code="give-first",
        message=(
            f"You have never given {contact.name} anything. Offer something of "
            "value first: an article, an introduction, your expertise."
        ),
        contact_id=contact.id,
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
    owed = [
        ThanksOwed(
            contact_id=contact_id,
            record_id=m.id,
            what=f"the {m.kind.value}: {m.purpose}",
            since=m.scheduled_at,
        )
        for m in state.meetings_with(contact_id)
        if m.status is MeetingStatus.HELD
    ]
    owed += [
        ThanksOwed(contact_id=contact_id, record_id=e.id, what=e.what, since=e.at)
        for e in state.entries_with(contact_id)
        if e.kind is LedgerKind.RECEIVED
    ]
    thanked = [
        e.at for e in state.entries_with(contact_id) if e.kind is LedgerKind.THANKS
    ]
    last_thanks = max(thanked, default=None)
    return tuple(
        sorted(
            (o for o in owed if last_thanks is None or o.since > last_thanks),
            key=lambda o: (o.since, o.record_id),
        )
    )
