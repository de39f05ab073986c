"""The funnel: inward rules, outward moves, history, drift and metrics."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from careernet.domain import (
    RULES,
    Change,
    Contact,
    Drift,
    DuplicateIdError,
    InteractionKind,
    InvalidValueError,
    LedgerKind,
    MeetingKind,
    MeetingStatus,
    NetworkState,
    Ring,
    Seeker,
    Transition,
    TransitionError,
    UnknownIdError,
    drift,
    metrics,
)
from careernet.domain.funnel import DRIFT_FACTOR
from tests.builders import ADDED, book, days, log, meet, move, refused
from tests.conftest import NOW, ContactFactory, run

# -- the rules ---------------------------------------------------------------


def test_there_is_one_rule_per_inward_step() -> None:
    assert {(r.from_ring, r.to_ring) for r in RULES.values()} == {
        (Ring.COLD, Ring.LUKEWARM),
        (Ring.LUKEWARM, Ring.STRATEGIC),
        (Ring.STRATEGIC, Ring.BUDDY),
    }
    assert all(key is rule.from_ring for key, rule in RULES.items())


# -- cold to lukewarm ----------------------------------------------------------


@pytest.mark.parametrize("kind", [InteractionKind.REPLY, InteractionKind.INTRODUCED])
def test_cold_becomes_lukewarm_after_a_reply_or_an_introduction(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann")
    interaction = log(empty, ann.id, kind, NOW - days(2))

    transition = move(empty, ann.id, Ring.LUKEWARM, NOW)

    assert empty.contact(ann.id).ring is Ring.LUKEWARM
    assert transition.from_ring is Ring.COLD
    assert transition.to_ring is Ring.LUKEWARM
    assert transition.evidence == (interaction.id,)
    assert not transition.override


@pytest.mark.parametrize("kind", [MeetingKind.COFFEE, MeetingKind.EVENT])
def test_cold_becomes_lukewarm_after_any_held_meeting(
    empty: NetworkState, add: ContactFactory, kind: MeetingKind
) -> None:
    ann = add("Ann")
    meeting = meet(empty, ann.id, NOW - days(2), kind=kind)

    transition = move(empty, ann.id, Ring.LUKEWARM, NOW)

    assert transition.evidence == (meeting.id,)
    assert empty.contact(ann.id).ring is Ring.LUKEWARM


@pytest.mark.parametrize(
    "kind",
    [
        InteractionKind.OUTREACH,
        InteractionKind.NUDGE,
        InteractionKind.DECLINE,
        InteractionKind.MESSAGE,
    ],
)
def test_cold_stays_cold_after_interactions_that_show_no_recognition(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann")
    log(empty, ann.id, kind, NOW - days(2))

    missing = refused(empty, ann.id, Ring.LUKEWARM)

    assert "a reply, an introduction or a held meeting" in missing
    assert empty.contact(ann.id).ring is Ring.COLD


@pytest.mark.parametrize(
    "status",
    [
        MeetingStatus.SCHEDULED,
        MeetingStatus.DECLINED,
        MeetingStatus.NO_RESPONSE,
        MeetingStatus.CANCELLED,
    ],
)
def test_cold_stays_cold_after_a_meeting_that_was_not_held(
    empty: NetworkState, add: ContactFactory, status: MeetingStatus
) -> None:
    ann = add("Ann")
    meet(empty, ann.id, NOW - days(2), status=status)

    refused(empty, ann.id, Ring.LUKEWARM)


def test_refusal_names_the_rule_and_the_way_out(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    with pytest.raises(TransitionError) as error:
        empty.move(ann.id, Ring.LUKEWARM, at=NOW, transition_id="t1")

    message = str(error.value)
    assert "Ann" in message
    assert RULES[Ring.COLD].description in message
    assert message.endswith("To move anyway, pass override='<why>'.")
    assert error.value.overridable
    assert "override" not in error.value.reason


# -- lukewarm to strategic ---------------------------------------------------


@pytest.mark.parametrize(
    "kind", [MeetingKind.COFFEE, MeetingKind.LUNCH, MeetingKind.CALL, MeetingKind.VIDEO]
)
def test_lukewarm_becomes_strategic_after_a_one_to_one_meeting_and_a_give(
    empty: NetworkState, add: ContactFactory, kind: MeetingKind
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = meet(empty, ann.id, NOW - days(5), kind=kind)
    give = book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    transition = move(empty, ann.id, Ring.STRATEGIC, NOW)

    assert empty.contact(ann.id).ring is Ring.STRATEGIC
    assert transition.evidence == (meeting.id, give.id)


def test_lukewarm_needs_a_meeting_when_only_a_give_is_recorded(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    missing = refused(empty, ann.id, Ring.STRATEGIC)

    assert "held one-to-one meeting" in missing
    assert "give" not in missing


def test_lukewarm_needs_a_give_when_only_a_meeting_is_recorded(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meet(empty, ann.id, NOW - days(5))

    missing = refused(empty, ann.id, Ring.STRATEGIC)

    assert "a give to them" in missing
    assert "meeting" not in missing


def test_lukewarm_refusal_names_both_missing_pieces(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)

    missing = refused(empty, ann.id, Ring.STRATEGIC)

    assert "held one-to-one meeting" in missing
    assert "a give to them" in missing


def test_an_event_is_not_a_one_to_one_meeting(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meet(empty, ann.id, NOW - days(5), kind=MeetingKind.EVENT)
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    missing = refused(empty, ann.id, Ring.STRATEGIC)

    assert "held one-to-one meeting" in missing


def test_a_one_to_one_meeting_that_was_not_held_does_not_count(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meet(empty, ann.id, NOW - days(5), status=MeetingStatus.DECLINED)
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    assert "held one-to-one meeting" in refused(empty, ann.id, Ring.STRATEGIC)


@pytest.mark.parametrize("kind", [LedgerKind.ASK, LedgerKind.RECEIVED])
def test_only_a_give_satisfies_the_give_requirement(
    empty: NetworkState, add: ContactFactory, kind: LedgerKind
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meet(empty, ann.id, NOW - days(5))
    book(empty, ann.id, kind, NOW - days(3))

    assert "a give to them" in refused(empty, ann.id, Ring.STRATEGIC)


def test_a_give_from_before_entering_lukewarm_still_counts(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    give = book(empty, ann.id, LedgerKind.GIVE, NOW - days(30))
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(20))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(19))
    meeting = meet(empty, ann.id, NOW - days(5))

    transition = move(empty, ann.id, Ring.STRATEGIC, NOW)

    assert transition.evidence == (meeting.id, give.id)


def test_a_meeting_from_before_entering_lukewarm_does_not_count(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    meet(empty, ann.id, NOW - days(30))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(29))
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    assert "held one-to-one meeting" in refused(empty, ann.id, Ring.STRATEGIC)


# -- strategic to buddy ------------------------------------------------------


def test_strategic_becomes_buddy_after_help_received_and_thanks(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    received = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(4))
    thanks = book(empty, ann.id, LedgerKind.THANKS, NOW - days(3))

    transition = move(empty, ann.id, Ring.BUDDY, NOW)

    assert empty.contact(ann.id).ring is Ring.BUDDY
    assert transition.evidence == (received.id, thanks.id)


def test_strategic_needs_help_received_first(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)

    missing = refused(empty, ann.id, Ring.BUDDY)

    assert "help received from them" in missing


def test_strategic_needs_thanks_for_the_help_received(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    received = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(4))

    missing = refused(empty, ann.id, Ring.BUDDY)

    assert f"your thanks for {received.what!r}" in missing


def test_thanks_before_the_help_does_not_count(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(5))
    received = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(4))

    assert f"your thanks for {received.what!r}" in refused(empty, ann.id, Ring.BUDDY)


def test_help_received_before_entering_strategic_does_not_count(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(30))
    meet(empty, ann.id, NOW - days(25))
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(24))
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(20))
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(3))

    assert "help received from them" in refused(empty, ann.id, Ring.BUDDY)


# -- evidence must be newer than entering the ring -----------------------------


def test_evidence_from_before_moving_back_in_does_not_count(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(30))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(29))
    move(empty, ann.id, Ring.COLD, NOW - days(10))

    refused(empty, ann.id, Ring.LUKEWARM)


def test_new_evidence_after_moving_back_out_lets_the_contact_in_again(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(30))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(29))
    move(empty, ann.id, Ring.COLD, NOW - days(10))
    fresh = log(empty, ann.id, InteractionKind.REPLY, NOW - days(2))

    transition = move(empty, ann.id, Ring.LUKEWARM, NOW)

    assert transition.evidence == (fresh.id,)


def test_evidence_recorded_exactly_when_the_contact_entered_the_ring_counts(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    reply = log(empty, ann.id, InteractionKind.REPLY, ADDED)

    assert move(empty, ann.id, Ring.LUKEWARM, NOW).evidence == (reply.id,)


# -- jumps, overrides and same-ring moves --------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Ring.COLD, Ring.STRATEGIC),
        (Ring.COLD, Ring.BUDDY),
        (Ring.LUKEWARM, Ring.BUDDY),
    ],
)
def test_inward_jumps_are_refused(
    empty: NetworkState, add: ContactFactory, start: Ring, to: Ring
) -> None:
    ann = add("Ann", ring=start)

    with pytest.raises(TransitionError, match="one ring at a time"):
        empty.move(ann.id, to, at=NOW, transition_id="t1")

    assert empty.contact(ann.id).ring is start
    assert empty.history(ann.id) == []


def test_a_jump_is_refused_even_with_evidence_for_the_first_step(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(2))

    with pytest.raises(TransitionError, match=r"next is lukewarm"):
        empty.move(ann.id, Ring.STRATEGIC, at=NOW, transition_id="t1")


def test_an_override_allows_a_jump_and_is_recorded(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    transition = move(empty, ann.id, Ring.STRATEGIC, NOW, override="met at a wedding")

    assert empty.contact(ann.id).ring is Ring.STRATEGIC
    assert transition.override
    assert transition.reason == "met at a wedding"
    assert transition.from_ring is Ring.COLD
    assert transition.to_ring is Ring.STRATEGIC
    assert transition.evidence == ()
    assert empty.transitions[transition.id] == transition


def test_an_override_allows_a_single_step_without_evidence(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)

    transition = move(empty, ann.id, Ring.BUDDY, NOW, override="old school friend")

    assert empty.contact(ann.id).ring is Ring.BUDDY
    assert transition.override


@pytest.mark.parametrize("override", ["", "   ", "\t\n"])
def test_a_blank_override_is_refused(
    empty: NetworkState, add: ContactFactory, override: str
) -> None:
    ann = add("Ann")

    with pytest.raises(InvalidValueError, match="stated reason"):
        empty.move(
            ann.id, Ring.STRATEGIC, at=NOW, transition_id="t1", override=override
        )

    assert empty.contact(ann.id).ring is Ring.COLD


@pytest.mark.parametrize("ring", list(Ring))
@pytest.mark.parametrize("override", [None, "just because"])
def test_moving_to_the_same_ring_is_refused(
    empty: NetworkState, add: ContactFactory, ring: Ring, override: str | None
) -> None:
    ann = add("Ann", ring=ring)

    with pytest.raises(TransitionError, match="already in the") as error:
        empty.move(ann.id, ring, at=NOW, transition_id="t1", override=override)

    assert not error.value.overridable
    assert "override" not in str(error.value)

    assert empty.history(ann.id) == []


OUTWARD = [(start, to) for start in Ring for to in Ring if to.depth > start.depth]


@pytest.mark.parametrize(("start", "to"), OUTWARD)
def test_outward_moves_are_always_allowed_and_recorded(
    empty: NetworkState, add: ContactFactory, start: Ring, to: Ring
) -> None:
    ann = add("Ann", ring=start)

    transition = move(empty, ann.id, to, NOW, reason="lost touch")

    assert empty.contact(ann.id).ring is to
    assert empty.contact(ann.id).updated_at == NOW
    assert empty.history(ann.id) == [transition]
    assert transition.from_ring is start
    assert transition.to_ring is to
    assert transition.reason == "lost touch"
    assert not transition.override
    assert not transition.inward
    assert transition.evidence == ()


def test_a_move_is_not_applied_until_its_change_is(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY)

    change = empty.move(ann.id, Ring.COLD, at=NOW, transition_id="t1")

    assert empty.contact(ann.id).ring is Ring.BUDDY
    assert empty.transitions == {}
    empty.apply(change)
    assert empty.contact(ann.id).ring is Ring.COLD
    assert list(empty.transitions) == ["t1"]


def test_a_reused_transition_id_is_refused(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY)
    run(empty, empty.move(ann.id, Ring.STRATEGIC, at=NOW, transition_id="t1"))

    with pytest.raises(DuplicateIdError):
        empty.move(ann.id, Ring.LUKEWARM, at=NOW, transition_id="t1")


def test_moving_an_unknown_contact_is_refused(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        empty.move("nobody", Ring.COLD, at=NOW, transition_id="t1")


# -- history -------------------------------------------------------------------


def test_history_lists_moves_in_time_order_with_their_timestamps(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY)
    first = move(empty, ann.id, Ring.STRATEGIC, NOW - days(30))
    second = move(empty, ann.id, Ring.COLD, NOW - days(20))
    third = move(empty, ann.id, Ring.LUKEWARM, NOW - days(10), override="re-met")

    history = empty.history(ann.id)

    assert history == [first, second, third]
    assert [t.at for t in history] == [NOW - days(30), NOW - days(20), NOW - days(10)]
    assert empty.entered_ring_at(ann.id) == NOW - days(10)


def test_history_is_ordered_by_time_whatever_the_order_records_arrive_in(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY)
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(30))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(20))
    move(empty, ann.id, Ring.COLD, NOW - days(10))
    contacts = [r for r in empty.records() if isinstance(r, Contact)]
    transitions = [r for r in empty.records() if isinstance(r, Transition)]

    rebuilt = NetworkState.from_records(empty.seeker, [*contacts, *transitions[::-1]])

    assert rebuilt.history(ann.id) == empty.history(ann.id)
    assert [t.to_ring for t in rebuilt.history(ann.id)] == [
        Ring.STRATEGIC,
        Ring.LUKEWARM,
        Ring.COLD,
    ]


def test_history_is_empty_for_a_contact_never_moved(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    assert empty.history(ann.id) == []
    assert empty.entered_ring_at(ann.id) == ann.added_at


def test_history_belongs_to_one_contact(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob = add("Ann", ring=Ring.BUDDY), add("Bob", ring=Ring.BUDDY)
    moved = move(empty, ann.id, Ring.COLD, NOW)

    assert empty.history(ann.id) == [moved]
    assert empty.history(bob.id) == []


# -- drift ---------------------------------------------------------------------

CADENCES = [(Ring.BUDDY, 45), (Ring.STRATEGIC, 30), (Ring.LUKEWARM, 90)]


@pytest.mark.parametrize(("ring", "cadence_days"), CADENCES)
def test_no_drift_within_the_drift_window(
    empty: NetworkState, add: ContactFactory, ring: Ring, cadence_days: int
) -> None:
    ann = add("Ann", ring=ring)
    log(empty, ann.id, InteractionKind.MESSAGE, NOW - days(2 * cadence_days - 1))

    assert drift(empty, empty.contact(ann.id), NOW) is None


@pytest.mark.parametrize(("ring", "cadence_days"), CADENCES)
def test_drift_suggests_one_ring_out_past_the_drift_window(
    empty: NetworkState, add: ContactFactory, ring: Ring, cadence_days: int
) -> None:
    ann = add("Ann", ring=ring)
    last = log(empty, ann.id, InteractionKind.MESSAGE, NOW - days(2 * cadence_days + 1))

    suggestion = drift(empty, empty.contact(ann.id), NOW)

    outward = ring.outward
    assert outward is not None
    assert suggestion == Drift(
        contact_id=ann.id,
        to_ring=outward,
        since=last.at,
        cadence=days(cadence_days),
    )


def test_drift_window_is_drift_factor_cadences(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    last = log(empty, ann.id, InteractionKind.MESSAGE, NOW - days(1))
    window = days(30) * DRIFT_FACTOR

    contact = empty.contact(ann.id)
    assert drift(empty, contact, last.at + window - dt.timedelta(seconds=1)) is None
    assert drift(empty, contact, last.at + window) is not None


def test_drift_counts_from_entering_the_ring_when_nothing_was_logged(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY, added_at=NOW - days(400))
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(59))

    contact = empty.contact(ann.id)
    assert drift(empty, contact, NOW) is None
    suggestion = drift(empty, contact, NOW + days(1))
    assert suggestion is not None
    assert suggestion.since == NOW - days(59)
    assert suggestion.to_ring is Ring.LUKEWARM


@pytest.mark.parametrize("cadence_days", [None, 1, 7])
def test_cold_contacts_never_drift(
    empty: NetworkState, add: ContactFactory, cadence_days: int | None
) -> None:
    ann = add("Ann", cadence_days=cadence_days, added_at=NOW - days(3650))

    assert drift(empty, empty.contact(ann.id), NOW) is None


def test_a_contact_cadence_overrides_the_ring_cadence(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    bob = add("Bob", ring=Ring.LUKEWARM, cadence_days=10)
    for contact in (ann, bob):
        log(empty, contact.id, InteractionKind.MESSAGE, NOW - days(25))

    assert drift(empty, empty.contact(ann.id), NOW) is None
    suggestion = drift(empty, empty.contact(bob.id), NOW)
    assert suggestion is not None
    assert suggestion.cadence == days(10)
    assert suggestion.to_ring is Ring.COLD


@pytest.mark.parametrize("kind", list(InteractionKind))
def test_any_logged_interaction_resets_drift(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    assert drift(empty, empty.contact(ann.id), NOW) is not None

    log(empty, ann.id, kind, NOW - days(1))

    assert drift(empty, empty.contact(ann.id), NOW) is None


@pytest.mark.parametrize("kind", list(LedgerKind))
def test_a_ledger_entry_resets_drift(
    empty: NetworkState, add: ContactFactory, kind: LedgerKind
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)

    book(empty, ann.id, kind, NOW - days(1))

    assert drift(empty, empty.contact(ann.id), NOW) is None


def test_a_held_meeting_resets_drift_but_a_scheduled_one_does_not(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    bob = add("Bob", ring=Ring.STRATEGIC)
    meet(empty, ann.id, NOW - days(1))
    meet(empty, bob.id, NOW - days(1), status=MeetingStatus.SCHEDULED)

    assert drift(empty, empty.contact(ann.id), NOW) is None
    assert drift(empty, empty.contact(bob.id), NOW) is not None


def test_the_sample_mentor_left_unattended_is_suggested_to_drift(
    network: NetworkState,
) -> None:
    suggestion = drift(network, network.contact("grace"), NOW)

    assert suggestion is not None
    assert suggestion.to_ring is Ring.LUKEWARM
    assert suggestion.since == network.interactions["i-grace"].at


# -- metrics -------------------------------------------------------------------


def test_metrics_sizes_count_every_ring(network: NetworkState) -> None:
    result = metrics(network, since=NOW - days(30), until=NOW)

    assert result.sizes == {
        Ring.BUDDY: 2,
        Ring.STRATEGIC: 3,
        Ring.LUKEWARM: 4,
        Ring.COLD: 7,
    }


def test_metrics_sizes_include_empty_rings_as_zero(empty: NetworkState) -> None:
    result = metrics(empty, since=NOW - days(30), until=NOW)

    assert result.sizes == dict.fromkeys(Ring, 0)
    assert result.conversions == {}
    assert result.time_in_ring == {}
    assert (result.drifts, result.exposure, result.converted) == (0, 0, 0)


def test_metrics_sizes_are_taken_at_the_end_of_the_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    add("Ann", ring=Ring.LUKEWARM, added_at=NOW - days(40))
    add("Bob", ring=Ring.LUKEWARM, added_at=NOW - days(5))

    result = metrics(empty, since=NOW - days(60), until=NOW - days(30))

    assert result.sizes[Ring.LUKEWARM] == 1


def test_metrics_count_conversions_only_inside_the_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    since, until = NOW - days(30), NOW - days(10)
    before, at_start, inside, at_end, after = (
        add(name, ring=Ring.LUKEWARM) for name in ("A", "B", "C", "D", "E")
    )
    move(empty, before.id, Ring.STRATEGIC, since - days(1), override="x")
    move(empty, at_start.id, Ring.STRATEGIC, since, override="x")
    move(empty, inside.id, Ring.STRATEGIC, since + days(5), override="x")
    move(empty, at_end.id, Ring.STRATEGIC, until, override="x")
    move(empty, after.id, Ring.STRATEGIC, until + days(1), override="x")

    result = metrics(empty, since=since, until=until)

    assert result.conversions == {(Ring.LUKEWARM, Ring.STRATEGIC): 2}
    assert result.converted == 2


def test_metrics_count_conversions_per_step(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob, cat = add("Ann"), add("Bob"), add("Cat", ring=Ring.STRATEGIC)
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(3), override="x")
    move(empty, bob.id, Ring.LUKEWARM, NOW - days(2), override="x")
    move(empty, bob.id, Ring.BUDDY, NOW - days(1), override="x")
    move(empty, cat.id, Ring.BUDDY, NOW - days(1), override="x")

    result = metrics(empty, since=NOW - days(7), until=NOW)

    assert result.conversions == {
        (Ring.COLD, Ring.LUKEWARM): 2,
        (Ring.LUKEWARM, Ring.BUDDY): 1,
        (Ring.STRATEGIC, Ring.BUDDY): 1,
    }
    assert result.converted == 4


def test_metrics_count_outward_moves_in_the_period_as_drifts(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob, cat = (add(n, ring=Ring.BUDDY) for n in ("Ann", "Bob", "Cat"))
    move(empty, ann.id, Ring.STRATEGIC, NOW - days(3))
    move(empty, bob.id, Ring.COLD, NOW - days(2))
    move(empty, cat.id, Ring.STRATEGIC, NOW - days(40))

    result = metrics(empty, since=NOW - days(7), until=NOW)

    assert result.drifts == 2
    assert result.conversions == {}


def test_metrics_exposure_counts_contacts_added_in_the_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    since, until = NOW - days(30), NOW - days(10)
    add("Before", added_at=since - days(1))
    add("AtStart", added_at=since)
    add("Inside", added_at=since + days(3))
    add("AtEnd", added_at=until)

    assert metrics(empty, since=since, until=until).exposure == 2


def test_metrics_exposure_in_the_sample_network(network: NetworkState) -> None:
    assert metrics(network, since=NOW - days(7), until=NOW).exposure == 1
    assert metrics(network, since=NOW - days(365), until=NOW).exposure == 16


def test_metrics_median_time_in_ring(empty: NetworkState, add: ContactFactory) -> None:
    for i, age in enumerate((1, 3, 10)):
        add(f"L{i}", ring=Ring.LUKEWARM, added_at=NOW - days(age))
    for i, age in enumerate((2, 4)):
        add(f"B{i}", ring=Ring.BUDDY, added_at=NOW - days(age))

    result = metrics(empty, since=NOW - days(30), until=NOW)

    assert result.time_in_ring == {Ring.BUDDY: days(3), Ring.LUKEWARM: days(3)}


def test_metrics_time_in_ring_counts_from_the_last_move(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", ring=Ring.BUDDY, added_at=NOW - days(300))
    move(empty, ann.id, Ring.COLD, NOW - days(5))

    result = metrics(empty, since=NOW - days(30), until=NOW)

    assert result.time_in_ring == {Ring.COLD: days(5)}


def test_metrics_time_in_ring_leaves_out_contacts_who_entered_after_the_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    for i, age in enumerate((1, 3, 10)):
        add(f"L{i}", ring=Ring.LUKEWARM, added_at=NOW - days(age))

    result = metrics(empty, since=NOW - days(30), until=NOW - days(2))

    assert result.time_in_ring == {Ring.LUKEWARM: days(4.5)}


# -- properties ----------------------------------------------------------------

CONTACT = "c1"


@dataclasses.dataclass(frozen=True)
class Gather:
    """A step that logs something which may count as evidence."""

    what: str


@dataclasses.dataclass(frozen=True)
class Attempt:
    """A step that tries to move the contact."""

    to: Ring
    override: str | None


Step = Gather | Attempt

EVIDENCE = (
    "reply",
    "introduced",
    "message",
    "coffee",
    "event",
    "give",
    "received",
    "thanks",
)

steps = st.lists(
    st.one_of(
        st.builds(Gather, st.sampled_from(EVIDENCE)),
        st.builds(
            Attempt,
            st.sampled_from(Ring),
            st.sampled_from([None, None, "because I say so", " "]),
        ),
    ),
    max_size=30,
)


def record(state: NetworkState, what: str, at: dt.datetime) -> None:
    match what:
        case "reply" | "introduced" | "message":
            log(state, CONTACT, InteractionKind(what), at)
        case "coffee" | "event":
            meet(state, CONTACT, at, kind=MeetingKind(what))
        case _:
            book(state, CONTACT, LedgerKind(what), at)


def check_invariants(state: NetworkState, start: Ring) -> None:
    history = state.history(CONTACT)
    ring = state.contact(CONTACT).ring
    assert ring is (history[-1].to_ring if history else start)
    previous = start
    for transition in history:
        assert transition.from_ring is previous
        assert transition.to_ring is not transition.from_ring
        previous = transition.to_ring
        if transition.inward and not transition.override:
            assert transition.from_ring.depth - transition.to_ring.depth == 1
            assert transition.evidence
            known = {*state.interactions, *state.meetings, *state.entries}
            assert set(transition.evidence) <= known
        else:
            assert transition.evidence == ()


@given(start=st.sampled_from(Ring), plan=steps)
def test_moves_keep_the_ring_and_the_history_consistent(
    start: Ring, plan: list[Step]
) -> None:
    state = NetworkState(Seeker(name="Robin"))
    run(
        state,
        state.add_contact(Contact(id=CONTACT, name="Ann", ring=start, added_at=ADDED)),
    )
    for i, step in enumerate(plan):
        at = ADDED + dt.timedelta(hours=i + 1)
        if isinstance(step, Gather):
            record(state, step.what, at)
        else:
            attempt(state, step, at, transition_id=f"t{i}")
        check_invariants(state, start)


def attempt(
    state: NetworkState, step: Attempt, at: dt.datetime, *, transition_id: str
) -> None:
    """Try ``step``; a refused move must raise and leave the state untouched."""
    before = list(state.records())
    ring = state.contact(CONTACT).ring

    def command() -> Change:
        return state.move(
            CONTACT, step.to, at=at, transition_id=transition_id, override=step.override
        )

    change: Change | None = None
    unchecked = step.override is not None or step.to.depth > ring.depth
    if step.override is not None and not step.override.strip():
        with pytest.raises(InvalidValueError):
            command()
    elif step.to is ring or (not unchecked and step.to is not ring.inward):
        with pytest.raises(TransitionError):
            command()
    else:
        try:
            change = command()
        except TransitionError:
            # Only a one-step inward move without override depends on evidence.
            assert not unchecked
            event("refused for lack of evidence")
        else:
            event("moved" if unchecked else "moved on evidence")
    assert list(state.records()) == before, "a command must not change the state"
    assert state.contact(CONTACT).ring is ring
    if change is not None:
        state.apply(change)
        assert state.contact(CONTACT).ring is step.to
        assert state.history(CONTACT)[-1].id == transition_id
