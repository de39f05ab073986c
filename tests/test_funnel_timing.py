"""Timing in the funnel and the ledger: what counts as of which moment.

Three fixed behaviours: neglect is measured from the later of the last touch
and entering the current ring; evidence recorded after a move's moment does
not justify it; and only gives made by the time of an ask count against the
give-first advice. Plus the ring a contact was in at a past moment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from careernet.domain import (
    ActionKind,
    Contact,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    NetworkState,
    Ring,
    Scenario,
    Seeker,
    StrategyRegistry,
    drift,
    funnel,
    ledger,
    metrics,
    plan,
)
from tests.builders import ADDED, book, days, log, meet, move, refused
from tests.conftest import NOW, ContactFactory

# -- (1) neglect counts from the later of the last touch and entering the ring ---


@pytest.fixture
def promoted(empty: NetworkState, add: ContactFactory) -> Contact:
    """Messaged 300 days ago, then moved inward by override yesterday."""
    ann = add("Ann", ring=Ring.LUKEWARM)
    log(empty, ann.id, InteractionKind.MESSAGE, NOW - days(300))
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(1), override="she mentors me now")
    return empty.contact(ann.id)


def test_attended_since_is_entering_the_ring_when_that_came_after_the_last_touch(
    empty: NetworkState, promoted: Contact
) -> None:
    assert empty.last_touch(promoted.id) == NOW - days(300)
    assert funnel.attended_since(empty, promoted.id) == NOW - days(1)


def test_attended_since_is_the_last_touch_when_that_came_after_entering(
    empty: NetworkState, promoted: Contact
) -> None:
    log(empty, promoted.id, InteractionKind.MESSAGE, NOW)
    assert funnel.attended_since(empty, promoted.id) == NOW


def test_a_contact_just_moved_inward_is_not_suggested_to_drift(
    empty: NetworkState, promoted: Contact
) -> None:
    assert drift(empty, promoted, NOW) is None


def test_drift_after_a_move_counts_from_the_move(
    empty: NetworkState, promoted: Contact
) -> None:
    assert promoted.cadence == days(30)
    window = days(30) * funnel.DRIFT_FACTOR
    moved_at = NOW - days(1)
    assert drift(empty, promoted, moved_at + window - days(1)) is None
    suggested = drift(empty, promoted, moved_at + window)
    assert suggested is not None
    assert (suggested.since, suggested.to_ring) == (moved_at, Ring.LUKEWARM)


def test_the_planner_does_not_ask_to_keep_in_touch_right_after_a_move(
    empty: NetworkState, promoted: Contact, registry: StrategyRegistry
) -> None:
    week = plan(empty, registry.get(Scenario.MAINTAIN), now=NOW)
    kinds = {
        a.kind for a in week.actions + week.deferred if a.contact_id == promoted.id
    }
    assert ActionKind.KEEP_IN_TOUCH not in kinds
    assert ActionKind.DRIFT not in kinds


def test_the_planners_keep_in_touch_falls_due_a_cadence_after_the_move(
    empty: NetworkState, promoted: Contact, registry: StrategyRegistry
) -> None:
    week = plan(empty, registry.get(Scenario.MAINTAIN), now=NOW + days(25))
    due = [
        a.due
        for a in week.parts()
        if a.contact_id == promoted.id and a.kind is ActionKind.KEEP_IN_TOUCH
    ]
    assert due == [NOW - days(1) + days(30)]


# -- (2) evidence recorded after a move's moment does not justify it ------------


@pytest.mark.parametrize("kind", [InteractionKind.REPLY, InteractionKind.INTRODUCED])
def test_a_reply_or_introduction_after_the_moves_moment_does_not_justify_it(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann")
    log(empty, ann.id, kind, NOW)
    assert "a reply, an introduction or a held meeting" in refused(
        empty, ann.id, Ring.LUKEWARM, NOW - days(1), evidence_only=True
    )
    assert empty.contact(ann.id).ring is Ring.COLD


def test_a_reply_at_the_moves_moment_justifies_it(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    reply = log(empty, ann.id, InteractionKind.REPLY, NOW)
    assert move(empty, ann.id, Ring.LUKEWARM, NOW).evidence == (reply.id,)


def test_a_meeting_held_after_the_moves_moment_does_not_justify_cold_to_lukewarm(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    meet(empty, ann.id, NOW)
    refused(empty, ann.id, Ring.LUKEWARM, NOW - days(1), evidence_only=True)


def test_a_give_after_the_moves_moment_does_not_justify_lukewarm_to_strategic(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = meet(empty, ann.id, NOW - days(5))
    give = book(empty, ann.id, LedgerKind.GIVE, NOW)
    missing = refused(empty, ann.id, Ring.STRATEGIC, NOW - days(1), evidence_only=True)
    assert missing == "a give to them in the ledger"
    assert move(empty, ann.id, Ring.STRATEGIC, NOW).evidence == (meeting.id, give.id)


def test_a_meeting_after_the_moves_moment_does_not_justify_lukewarm_to_strategic(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(5))
    meet(empty, ann.id, NOW)
    assert "a held one-to-one meeting" in refused(
        empty, ann.id, Ring.STRATEGIC, NOW - days(1), evidence_only=True
    )


def test_thanks_after_the_moves_moment_does_not_justify_strategic_to_buddy(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(5))
    book(empty, ann.id, LedgerKind.THANKS, NOW)
    assert "your thanks for" in refused(
        empty, ann.id, Ring.BUDDY, NOW - days(1), evidence_only=True
    )


def test_help_received_after_the_moves_moment_does_not_justify_strategic_to_buddy(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    book(empty, ann.id, LedgerKind.RECEIVED, NOW)
    book(empty, ann.id, LedgerKind.THANKS, NOW + days(1))
    assert "help received from them" in refused(
        empty, ann.id, Ring.BUDDY, NOW - days(1), evidence_only=True
    )


# -- (3) only gives made by the time of an ask count ----------------------------


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (None, True),
        (NOW + days(1), True),
        (NOW, True),
        (NOW - dt.timedelta(microseconds=1), False),
        (NOW - days(30), False),
    ],
)
def test_has_given_counts_only_gives_at_or_before_the_moment(
    empty: NetworkState,
    add: ContactFactory,
    before: dt.datetime | None,
    expected: bool,
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.GIVE, NOW)
    assert ledger.has_given(empty, ann.id, before=before) is expected


def test_has_given_ignores_entries_that_are_not_gives(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    for kind in (LedgerKind.ASK, LedgerKind.RECEIVED, LedgerKind.THANKS):
        book(empty, ann.id, kind, NOW - days(1))
    assert ledger.has_given(empty, ann.id, before=NOW) is False


def test_a_give_dated_after_the_ask_does_not_suppress_give_first_advice(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.GIVE, NOW)
    ask = LedgerEntry(
        id="ask", contact_id=ann.id, kind=LedgerKind.ASK, at=NOW - days(1), what="x"
    )
    change = empty.log_entry(ask)
    assert [(a.code, a.contact_id) for a in change.advice] == [("give-first", ann.id)]


def test_a_give_at_the_moment_of_the_ask_needs_no_advice(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.GIVE, NOW)
    ask = LedgerEntry(
        id="ask", contact_id=ann.id, kind=LedgerKind.ASK, at=NOW, what="x"
    )
    assert empty.log_entry(ask).advice == ()


# -- the ring at a past moment ----------------------------------------------------


@pytest.fixture
def travelled(empty: NetworkState, add: ContactFactory) -> Contact:
    """Cold when added; lukewarm, strategic, then back to lukewarm."""
    ann = add("Ann")
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(300), override="met at a talk")
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(200), override="my mentor")
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(100))
    return empty.contact(ann.id)


RING_AT = [
    (ADDED, Ring.COLD, ADDED),
    (NOW - days(301), Ring.COLD, ADDED),
    (NOW - days(300), Ring.LUKEWARM, NOW - days(300)),
    (NOW - days(250), Ring.LUKEWARM, NOW - days(300)),
    (NOW - days(200), Ring.STRATEGIC, NOW - days(200)),
    (NOW - days(101), Ring.STRATEGIC, NOW - days(200)),
    (NOW - days(100), Ring.LUKEWARM, NOW - days(100)),
    (NOW, Ring.LUKEWARM, NOW - days(100)),
]


@pytest.mark.parametrize(("when", "ring", "entered"), RING_AT)
def test_ring_at_gives_the_ring_after_the_moves_made_by_then(
    empty: NetworkState,
    travelled: Contact,
    when: dt.datetime,
    ring: Ring,
    entered: dt.datetime,
) -> None:
    assert funnel.ring_at(empty, travelled, when) is ring


@pytest.mark.parametrize(("when", "ring", "entered"), RING_AT)
def test_entered_at_gives_when_that_ring_was_entered(
    empty: NetworkState,
    travelled: Contact,
    when: dt.datetime,
    ring: Ring,
    entered: dt.datetime,
) -> None:
    assert funnel.entered_at(empty, travelled, when) == entered


def test_ring_at_follows_time_whatever_order_the_moves_were_stored_in(
    empty: NetworkState, travelled: Contact
) -> None:
    moves = list(empty.transitions.values())
    shuffled = NetworkState.from_records(
        Seeker(name="Robin"), [travelled, moves[2], moves[0], moves[1]]
    )
    for when, ring, entered in RING_AT:
        assert funnel.ring_at(shuffled, travelled, when) is ring
        assert funnel.entered_at(shuffled, travelled, when) == entered


def test_metrics_count_each_contact_in_the_ring_of_the_periods_end(
    empty: NetworkState, travelled: Contact
) -> None:
    until = NOW - days(150)
    measured = metrics(empty, since=until - days(30), until=until)
    assert measured.sizes[Ring.STRATEGIC] == 1
    assert measured.sizes[Ring.LUKEWARM] == 0
    assert measured.time_in_ring == {Ring.STRATEGIC: days(50)}
