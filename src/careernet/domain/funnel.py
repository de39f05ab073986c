"""The funnel: the rules for moving contacts inward, drift, and metrics.

The rings work like a sales funnel. Contacts move inward one ring at a time,
and each step needs evidence, recorded since they entered their ring, that
the relationship really changed:

- ``COLD`` to ``LUKEWARM``: they replied, someone introduced you, or you met.
- ``LUKEWARM`` to ``STRATEGIC``: a held one-to-one meeting, and a give to them
  at any time (they know what is in it for them).
- ``STRATEGIC`` to ``BUDDY``: help received from them, and thanks after it.

Moving outward is always allowed, but never happens by itself: a contact left
unattended for :data:`DRIFT_FACTOR` times the ring's cadence is suggested for
an outward move.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from ._validators import require_aware
from .model import (
    Contact,
    InteractionKind,
    LedgerKind,
    MeetingStatus,
    Ring,
)

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "DRIFT_FACTOR",
    "RULES",
    "Drift",
    "Evidence",
    "FunnelMetrics",
    "FunnelRule",
    "Missing",
    "attended_since",
    "drift",
    "entered_at",
    "metrics",
    "ring_at",
]

DRIFT_FACTOR = 2
"""How many cadences without contact before an outward move is suggested."""


@attrs.frozen
class Evidence:
    """The records that justify an inward move."""

    record_ids: tuple[str, ...]


@attrs.frozen
class Missing:
    """What is still missing before an inward move is justified."""

    what: str


@attrs.frozen(kw_only=True)
class FunnelRule:
    """The rule for one inward step.

    Attributes:
        from_ring: The ring the contact leaves.
        to_ring: The ring the contact enters.
        description: The rule in one sentence, shown when a move is refused.
        check: Finds the evidence recorded between entering the ring and the
            move's moment, or says what is missing.
    """

    from_ring: Ring
    to_ring: Ring
    description: str
    check: Callable[[NetworkView, Contact, dt.datetime], Evidence | Missing]


def _cold_to_lukewarm(
    state: NetworkView, contact: Contact, at: dt.datetime
) -> Evidence | Missing:
    since = state.entered_ring_at(contact.id)
    for interaction in state.interactions_with(contact.id):
        if since <= interaction.at <= at and interaction.kind in (
            InteractionKind.REPLY,
            InteractionKind.INTRODUCED,
        ):
            return Evidence((interaction.id,))
    for meeting in state.meetings_with(contact.id):
        if meeting.status is MeetingStatus.HELD and since <= meeting.scheduled_at <= at:
            return Evidence((meeting.id,))
    return Missing(f"a reply, an introduction or a held meeting since {since:%Y-%m-%d}")


def _lukewarm_to_strategic(
    state: NetworkView, contact: Contact, at: dt.datetime
) -> Evidence | Missing:
    since = state.entered_ring_at(contact.id)
    meeting = next(
        (
            m
            for m in state.meetings_with(contact.id)
            if m.status is MeetingStatus.HELD
            and m.kind.one_to_one
            and since <= m.scheduled_at <= at
        ),
        None,
    )
    give = next(
        (
            e
            for e in state.entries_with(contact.id)
            if e.kind is LedgerKind.GIVE and e.at <= at
        ),
        None,
    )
    missing = []
    if meeting is None:
        missing.append(f"a held one-to-one meeting since {since:%Y-%m-%d}")
    if give is None:
        missing.append("a give to them in the ledger")
    if missing:
        return Missing(" and ".join(missing))
    assert meeting is not None
    assert give is not None
    return Evidence((meeting.id, give.id))


def _strategic_to_buddy(
    state: NetworkView, contact: Contact, at: dt.datetime
) -> Evidence | Missing:
    since = state.entered_ring_at(contact.id)
    received = None
    for entry in state.entries_with(contact.id):
        if entry.at > at:
            break
        if entry.kind is LedgerKind.RECEIVED and entry.at >= since:
            received = received or entry
        elif entry.kind is LedgerKind.THANKS and received is not None:
            return Evidence((received.id, entry.id))
    if received is None:
        return Missing(
            f"help received from them since {since:%Y-%m-%d} (a recommendation, "
            "an introduction, advice), and your thanks for it"
        )
    return Missing(f"your thanks for {received.what!r}")


RULES: Mapping[Ring, FunnelRule] = {
    rule.from_ring: rule
    for rule in (
        FunnelRule(
            from_ring=Ring.COLD,
            to_ring=Ring.LUKEWARM,
            description=(
                "A cold contact becomes lukewarm once they know who you are: "
                "they replied, someone introduced you, or you met."
            ),
            check=_cold_to_lukewarm,
        ),
        FunnelRule(
            from_ring=Ring.LUKEWARM,
            to_ring=Ring.STRATEGIC,
            description=(
                "A lukewarm contact becomes a strategic alliance after a "
                "one-to-one meeting with a stated purpose, once you have given "
                "them something of value."
            ),
            check=_lukewarm_to_strategic,
        ),
        FunnelRule(
            from_ring=Ring.STRATEGIC,
            to_ring=Ring.BUDDY,
            description=(
                "A strategic alliance becomes a buddy once they have helped you "
                "and you have thanked them for it."
            ),
            check=_strategic_to_buddy,
        ),
    )
}
"""The inward rules, keyed by the ring a contact leaves."""


def attended_since(state: NetworkView, contact_id: str) -> dt.datetime:
    """The last time the contact had attention: a logged touch or entering the ring."""
    entered = state.entered_ring_at(contact_id)
    touched = state.last_touch(contact_id)
    return entered if touched is None else max(touched, entered)


def ring_at(state: NetworkView, contact: Contact, when: dt.datetime) -> Ring:
    """The ring ``contact`` was in at ``when`` (after the moves made by then)."""
    ring = contact.ring
    for transition in reversed(state.history(contact.id)):
        if transition.at <= when:
            break
        ring = transition.from_ring
    return ring


def entered_at(state: NetworkView, contact: Contact, when: dt.datetime) -> dt.datetime:
    """When ``contact`` entered the ring they were in at ``when``."""
    moves = [t.at for t in state.history(contact.id) if t.at <= when]
    return moves[-1] if moves else contact.added_at


@attrs.frozen(kw_only=True)
class Drift:
    """A suggestion to let a neglected contact move one ring outward.

    Attributes:
        contact_id: Who has been neglected.
        to_ring: The ring one step further out.
        since: The last time anything was logged with them.
        cadence: The keep-in-touch interval that was missed.
    """

    contact_id: str
    to_ring: Ring
    since: dt.datetime
    cadence: dt.timedelta


def drift(state: NetworkView, contact: Contact, now: dt.datetime) -> Drift | None:
    """Suggest an outward move if ``contact`` has gone unattended far too long."""
    require_aware("now", now)
    cadence = contact.cadence
    outward = contact.ring.outward
    if cadence is None or outward is None:
        return None
    since = attended_since(state, contact.id)
    if now - since < cadence * DRIFT_FACTOR:
        return None
    return Drift(contact_id=contact.id, to_ring=outward, since=since, cadence=cadence)


@attrs.frozen(kw_only=True)
class FunnelMetrics:
    """How the funnel is doing over a period.

    Attributes:
        since: The start of the period.
        until: The end of the period (and the moment sizes are taken).
        sizes: How many contacts were in each ring at ``until``.
        conversions: Inward moves in the period, by ``(from_ring, to_ring)``.
        drifts: Outward moves in the period.
        exposure: Contacts added in the period (the network's growth).
        time_in_ring: The median time current members have spent in their
            ring, per ring that has members.
    """

    since: dt.datetime
    until: dt.datetime
    sizes: Mapping[Ring, int]
    conversions: Mapping[tuple[Ring, Ring], int]
    drifts: int
    exposure: int
    time_in_ring: Mapping[Ring, dt.timedelta]

    @property
    def converted(self) -> int:
        """All inward moves in the period."""
        return sum(self.conversions.values())


def metrics(
    state: NetworkView, *, since: dt.datetime, until: dt.datetime
) -> FunnelMetrics:
    """Measure the funnel for the period ``[since, until)``.

    Sizes and times in ring are taken at ``until``: contacts added later are
    not counted, and everyone is counted in the ring they were in then.
    """
    require_aware("since", since)
    require_aware("until", until)
    sizes: Counter[Ring] = Counter()
    stays: dict[Ring, list[float]] = {}
    for contact in state.contacts.values():
        if contact.added_at > until:
            continue
        ring = ring_at(state, contact, until)
        sizes[ring] += 1
        stay = until - entered_at(state, contact, until)
        stays.setdefault(ring, []).append(stay.total_seconds())
    conversions: Counter[tuple[Ring, Ring]] = Counter()
    drifts = 0
    for transition in state.transitions.values():
        if since <= transition.at < until:
            if transition.inward:
                conversions[transition.from_ring, transition.to_ring] += 1
            else:
                drifts += 1
    return FunnelMetrics(
        since=since,
        until=until,
        sizes={ring: sizes.get(ring, 0) for ring in Ring},
        conversions=dict(conversions),
        drifts=drifts,
        exposure=sum(1 for c in state.contacts.values() if since <= c.added_at < until),
        time_in_ring={
            ring: dt.timedelta(seconds=statistics.median(values))
            for ring, values in sorted(stays.items())
        },
    )
