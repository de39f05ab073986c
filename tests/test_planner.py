"""The planner: each action kind with its reason, the budget, keys, determinism."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careernet.domain import (
    BUILTIN_STRATEGIES,
    CAPACITY,
    MINUTES,
    Action,
    ActionKind,
    Contact,
    Goal,
    HelpKind,
    Interaction,
    InteractionKind,
    InvalidValueError,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingStatus,
    NaiveDatetimeError,
    NetworkState,
    Plan,
    Ring,
    Scenario,
    Seeker,
    Strategy,
    StrategyRegistry,
    default_registry,
    plan,
)
from careernet.domain.actions import PART_ORDER
from careernet.domain.ledger import balance
from careernet.domain.planner import FOLLOW_UP_AFTER, HORIZON
from careernet.sample import sample_goal, sample_network
from tests import builders
from tests.builders import log, meet
from tests.conftest import NOW, ContactFactory, run

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
UNEMPLOYED = default_registry().get(Scenario.UNEMPLOYED)
MAINTAIN = default_registry().get(Scenario.MAINTAIN)

# -- helpers ------------------------------------------------------------------


def of_kind(actions: Sequence[Action], kind: ActionKind) -> list[Action]:
    """The parts of one kind among ``actions`` (merged steps opened up)."""
    return [part for a in actions for part in a.steps if part.kind is kind]


def everything(p: Plan) -> tuple[Action, ...]:
    """Planned and deferred actions together."""
    return p.actions + p.deferred


def job_goal(*companies: str, weekly_minutes: int | None = None) -> Goal:
    return Goal(
        id="g1",
        scenario=Scenario.UNEMPLOYED,
        set_at=NOW,
        target_companies=set(companies),
        weekly_minutes=weekly_minutes,
    )


def schedule(
    state: NetworkState,
    contact: Contact,
    *,
    at: dt.datetime,
    meeting_id: str = "m1",
    duration: dt.timedelta = dt.timedelta(minutes=45),
) -> Meeting:
    """A coffee with ``contact`` at ``at``, arranged three days before it or now."""
    return meet(
        state,
        contact.id,
        at,
        status=MeetingStatus.SCHEDULED,
        meeting_id=meeting_id,
        created_at=min(at, NOW) - 3 * DAY,
        purpose="Learn how the data team works",
        outcome_sought="Two names to talk to next",
        duration=duration,
    )


def hold(state: NetworkState, meeting: Meeting) -> None:
    run(
        state,
        state.record_meeting_result(
            meeting.id,
            MeetingStatus.HELD,
            at=meeting.scheduled_at + dt.timedelta(hours=1),
        ),
    )


book = partial(
    builders.book, what="An article on survey design", help_kind=HelpKind.INFORMATION
)
"""A ledger entry about a piece of information given or received."""


def sort_key(state: NetworkState, action: Action) -> tuple[object, ...]:
    name = (
        state.contacts[action.contact_id].name.casefold() if action.contact_id else ""
    )
    return (action.priority, action.due, name)


def is_subsequence(part: Sequence[Action], whole: Sequence[Action]) -> bool:
    remaining = iter(whole)
    return all(any(item == other for other in remaining) for item in part)


# -- THANK --------------------------------------------------------------------


def test_thank_is_owed_after_a_held_meeting(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - DAY)
    hold(empty, meeting)

    [thank] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.THANK)

    assert thank.key == f"thank:{meeting.id}"
    assert thank.contact_id == ann.id
    assert thank.record_id == meeting.id
    assert thank.due == meeting.scheduled_at + 2 * DAY
    assert "Thank Ann" in thank.reason
    assert meeting.purpose in thank.reason


def test_thank_is_not_proposed_once_thanks_are_recorded(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - 2 * DAY)
    hold(empty, meeting)
    book(empty, ann.id, LedgerKind.THANKS, now - DAY, entry_id="l-thanks")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.THANK) == []


@pytest.mark.parametrize(
    "status", [MeetingStatus.DECLINED, MeetingStatus.CANCELLED, None]
)
def test_thank_is_not_owed_for_a_meeting_that_was_not_held(
    empty: NetworkState,
    add: ContactFactory,
    now: dt.datetime,
    status: MeetingStatus | None,
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - DAY)
    if status is not None:
        run(empty, empty.record_meeting_result(meeting.id, status, at=now - DAY))

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.THANK) == []


def test_thank_is_owed_for_help_received(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.STRATEGIC)
    book(empty, ann.id, LedgerKind.RECEIVED, now - DAY, entry_id="l-help")

    [thank] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.THANK)

    assert thank.key == "thank:l-help"
    assert thank.record_id == "l-help"


# -- PREPARE ------------------------------------------------------------------


def test_prepare_is_proposed_for_a_pending_meeting_within_the_horizon(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now + 3 * DAY)

    [prepare] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.PREPARE)

    assert prepare.key == f"prepare:{meeting.id}:0"
    assert prepare.contact_id == ann.id
    assert prepare.record_id == meeting.id
    assert prepare.due == meeting.scheduled_at - DAY
    assert meeting.purpose in prepare.reason
    assert meeting.outcome_sought in prepare.reason


def test_prepare_is_not_proposed_for_a_meeting_beyond_the_horizon(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    schedule(empty, ann, at=now + HORIZON + DAY)

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.PREPARE) == []


def test_prepare_is_not_proposed_for_a_cancelled_meeting(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now + 3 * DAY)
    run(
        empty,
        empty.record_meeting_result(meeting.id, MeetingStatus.CANCELLED, at=now),
    )

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.PREPARE) == []


def test_prepare_key_follows_the_meeting_sequence_after_a_reschedule(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now + 3 * DAY)
    run(empty, empty.reschedule_meeting(meeting.id, now + 4 * DAY, at=now))

    [prepare] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.PREPARE)

    assert prepare.key == f"prepare:{meeting.id}:1"
    assert prepare.due == now + 3 * DAY


# -- NUDGE --------------------------------------------------------------------


@pytest.mark.parametrize("silent_days", [7, 8, 12])
def test_nudge_is_due_after_seven_days_of_silence(
    empty: NetworkState, add: ContactFactory, now: dt.datetime, silent_days: int
) -> None:
    ken = add("Ken")
    asked = now - silent_days * DAY
    log(empty, ken.id, InteractionKind.OUTREACH, asked, interaction_id="i-out")

    [nudge] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.NUDGE)

    assert nudge.key == f"nudge:{ken.id}:{asked.isoformat()}"
    assert nudge.contact_id == ken.id
    assert nudge.due == asked + 7 * DAY
    assert "nudge once" in nudge.reason


def test_nudge_is_not_due_before_seven_days_of_silence(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ken = add("Ken")
    log(empty, ken.id, InteractionKind.OUTREACH, now - 6 * DAY, interaction_id="i-out")

    p = plan(empty, UNEMPLOYED, now=now, horizon=DAY / 2)

    assert of_kind(everything(p), ActionKind.NUDGE) == []


def test_a_nudge_falling_due_within_the_horizon_is_planned_on_its_day(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ken = add("Ken")
    asked = now - 6 * DAY + 2 * dt.timedelta(hours=1)
    log(empty, ken.id, InteractionKind.OUTREACH, asked, interaction_id="i-out")

    [nudge] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.NUDGE)

    assert nudge.due == asked + 7 * DAY
    assert nudge.due > now


@pytest.mark.parametrize(
    "answer", [InteractionKind.REPLY, InteractionKind.DECLINE, InteractionKind.NUDGE]
)
def test_nudge_is_not_due_after_an_answer_a_decline_or_a_nudge(
    empty: NetworkState,
    add: ContactFactory,
    now: dt.datetime,
    answer: InteractionKind,
) -> None:
    ken = add("Ken")
    log(empty, ken.id, InteractionKind.OUTREACH, now - 10 * DAY, interaction_id="i-out")
    log(empty, ken.id, answer, now - 2 * DAY, interaction_id="i-then")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.NUDGE) == []


# -- FOLLOW_UP ----------------------------------------------------------------


def test_follow_up_reaches_a_referral_through_the_referrer(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    jordan = add("Jordan", ring=Ring.BUDDY)
    noor = add("Noor", introduced_by=jordan.id, added_at=now - DAY)

    follow_ups = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.FOLLOW_UP)

    assert len(follow_ups) == 1
    [follow_up] = follow_ups
    assert follow_up.key == f"follow_up:referral:{noor.id}"
    assert follow_up.contact_id == noor.id
    assert follow_up.via_id is None  # the step is with Noor; Jordan is named
    assert follow_up.due == noor.added_at + 2 * DAY
    assert "Jordan suggested Noor" in follow_up.reason


def test_follow_up_for_a_referral_stops_once_they_are_contacted(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    jordan = add("Jordan", ring=Ring.BUDDY)
    noor = add("Noor", introduced_by=jordan.id, added_at=now - 2 * DAY)
    log(empty, noor.id, InteractionKind.OUTREACH, now - DAY, interaction_id="i-out")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.FOLLOW_UP) == []


def test_follow_up_reports_back_fourteen_days_after_a_meeting(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - 10 * DAY)
    hold(empty, meeting)
    book(empty, ann.id, LedgerKind.THANKS, now - 9 * DAY, entry_id="l-thanks")

    [follow_up] = of_kind(
        plan(empty, UNEMPLOYED, now=now).actions, ActionKind.FOLLOW_UP
    )

    assert follow_up.key == f"follow_up:{meeting.id}"
    assert follow_up.record_id == meeting.id
    assert follow_up.due == meeting.scheduled_at + FOLLOW_UP_AFTER
    assert FOLLOW_UP_AFTER == 14 * DAY
    assert "what came of your coffee" in follow_up.reason


def test_follow_up_report_back_waits_until_fourteen_days_are_near(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - 3 * DAY)
    hold(empty, meeting)
    book(empty, ann.id, LedgerKind.THANKS, now - 2 * DAY, entry_id="l-thanks")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.FOLLOW_UP) == []


def test_follow_up_report_back_is_skipped_when_already_back_in_touch(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = schedule(empty, ann, at=now - 10 * DAY)
    hold(empty, meeting)
    log(empty, ann.id, InteractionKind.MESSAGE, now - 4 * DAY, interaction_id="i-msg")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.FOLLOW_UP) == []


# -- KEEP_IN_TOUCH and DRIFT --------------------------------------------------


def test_keep_in_touch_is_due_past_the_ring_cadence(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    last = now - 40 * DAY
    log(empty, grace.id, InteractionKind.MESSAGE, last, interaction_id="i-msg")

    p = plan(empty, UNEMPLOYED, now=now)
    [keep] = of_kind(p.actions, ActionKind.KEEP_IN_TOUCH)

    due = last + 30 * DAY
    assert keep.key == f"keep_in_touch:{grace.id}:{due.date().isoformat()}"
    assert keep.due == due
    assert keep.contact_id == grace.id
    assert "40 days since you were last in touch" in keep.reason
    assert of_kind(everything(p), ActionKind.DRIFT) == []


def test_keep_in_touch_is_not_due_within_the_ring_cadence(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    log(
        empty, grace.id, InteractionKind.MESSAGE, now - 20 * DAY, interaction_id="i-msg"
    )

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.KEEP_IN_TOUCH) == []


@pytest.mark.parametrize("kind", list(InteractionKind))
def test_keep_in_touch_is_reset_by_any_logged_interaction(
    empty: NetworkState, add: ContactFactory, now: dt.datetime, kind: InteractionKind
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    log(
        empty, grace.id, InteractionKind.MESSAGE, now - 40 * DAY, interaction_id="i-old"
    )
    assert of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.KEEP_IN_TOUCH)

    log(empty, grace.id, kind, now - DAY, interaction_id="i-new")

    p = plan(empty, UNEMPLOYED, now=now)
    assert of_kind(everything(p), ActionKind.KEEP_IN_TOUCH) == []


def test_keep_in_touch_is_reset_by_a_ledger_entry(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    log(
        empty, grace.id, InteractionKind.MESSAGE, now - 40 * DAY, interaction_id="i-old"
    )
    book(empty, grace.id, LedgerKind.GIVE, now - DAY, entry_id="l-give")

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.KEEP_IN_TOUCH) == []


def test_keep_in_touch_ignores_rings_the_strategy_does_not_keep_warm(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    tomas = add("Tomas", ring=Ring.LUKEWARM)
    log(
        empty,
        tomas.id,
        InteractionKind.MESSAGE,
        now - 100 * DAY,
        interaction_id="i-msg",
    )

    career_change = default_registry().get(Scenario.CAREER_CHANGE)
    p = plan(empty, career_change, now=now)

    assert Ring.LUKEWARM not in career_change.keep_warm
    assert of_kind(everything(p), ActionKind.KEEP_IN_TOUCH) == []


def test_keep_in_touch_follows_a_contact_own_cadence(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    tomas = add("Tomas", ring=Ring.LUKEWARM, cadence_days=10)
    log(
        empty, tomas.id, InteractionKind.MESSAGE, now - 12 * DAY, interaction_id="i-msg"
    )

    [keep] = of_kind(plan(empty, UNEMPLOYED, now=now).actions, ActionKind.KEEP_IN_TOUCH)

    assert keep.due == now - 2 * DAY


def test_drift_is_proposed_after_two_cadences_without_attention(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    last = now - 61 * DAY
    log(empty, grace.id, InteractionKind.MESSAGE, last, interaction_id="i-msg")

    p = plan(empty, UNEMPLOYED, now=now)
    [step] = p.for_contact(grace.id)

    # One step: reconnect, or move them out; never a check-in and a drift.
    assert step.kind is ActionKind.KEEP_IN_TOUCH
    assert step.kinds == (ActionKind.KEEP_IN_TOUCH,)
    assert step.due == last + 30 * DAY
    assert "Reconnect with Grace" in step.reason
    assert "move them to the lukewarm ring" in step.reason


def test_drift_is_not_proposed_within_two_cadences(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    grace = add("Grace", ring=Ring.STRATEGIC)
    log(
        empty, grace.id, InteractionKind.MESSAGE, now - 59 * DAY, interaction_id="i-msg"
    )

    p = plan(empty, UNEMPLOYED, now=now)

    assert of_kind(everything(p), ActionKind.KEEP_IN_TOUCH)
    assert of_kind(everything(p), ActionKind.DRIFT) == []


# -- GIVE before REQUEST_INTRO, APPROACH, FIND_CONTACT ------------------------


def intro_network(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> tuple[Contact, Contact]:
    """Bea (a buddy, in touch) knows Tia, a recruiter at Globex."""
    bea = add("Bea", ring=Ring.BUDDY)
    log(empty, bea.id, InteractionKind.MESSAGE, now - DAY, interaction_id="i-bea")
    tia = add("Tia", company="Globex", role="Technical Recruiter", knows={bea.id})
    return bea, tia


def test_give_comes_before_request_intro_when_the_introducer_was_never_given_to(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    bea, tia = intro_network(empty, add, now)

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex"))
    [step] = p.for_contact(bea.id)
    give, request = step.parts

    assert step.kinds == (ActionKind.GIVE, ActionKind.REQUEST_INTRO)
    assert step.contact_id == bea.id
    assert step.minutes == give.minutes + request.minutes
    assert give.key == "give:c1:before:2026-W48"
    assert give.contact_id == bea.id
    assert "before you ask for the introduction to Tia" in give.reason
    assert request.key == f"request_intro:{tia.id}:{bea.id}"
    assert request.contact_id == tia.id
    assert request.via_id == bea.id
    assert "Ask Bea" in request.reason
    assert give.priority == request.priority
    assert step.reason.index("Give Bea") < step.reason.index("Ask Bea")


def test_request_intro_needs_no_give_when_the_introducer_was_given_to(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    bea, _ = intro_network(empty, add, now)
    book(empty, bea.id, LedgerKind.GIVE, now - 30 * DAY, entry_id="l-give")

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex"))
    [request] = of_kind(p.actions, ActionKind.REQUEST_INTRO)

    assert of_kind(everything(p), ActionKind.GIVE) == []
    assert request.via_id == bea.id
    assert request.due == now


def test_request_intro_is_not_planned_without_its_give_when_the_budget_is_tight(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    """Give before you ask, even when the week has room for the ask only."""
    intro_network(empty, add, now)
    budget = MINUTES[ActionKind.REQUEST_INTRO]

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex", weekly_minutes=budget))

    for step in p.actions:
        kinds = step.kinds
        if ActionKind.REQUEST_INTRO in kinds:
            assert ActionKind.GIVE in kinds
            assert kinds.index(ActionKind.GIVE) < kinds.index(ActionKind.REQUEST_INTRO)


def test_approach_is_proposed_for_a_target_nobody_can_introduce(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    tia = add("Tia", company="Globex", role="Technical Recruiter")

    [approach] = of_kind(
        plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex")).actions,
        ActionKind.APPROACH,
    )

    assert approach.key == f"approach:{tia.id}"
    assert approach.contact_id == tia.id
    assert "Technical Recruiter at Globex" in approach.reason


def test_a_lukewarm_target_met_recently_is_not_approached_again(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    tia = add("Tia", company="Globex", role="Technical Recruiter", ring=Ring.LUKEWARM)
    hold(empty, schedule(empty, tia, at=now - 2 * DAY))

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex"))

    assert of_kind(everything(p), ActionKind.APPROACH) == []
    assert of_kind(p.actions, ActionKind.THANK)


def test_a_lukewarm_target_met_long_ago_is_approached_again(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    tia = add("Tia", company="Globex", role="Technical Recruiter", ring=Ring.LUKEWARM)
    hold(empty, schedule(empty, tia, at=now - 120 * DAY))
    book(empty, tia.id, LedgerKind.THANKS, now - 119 * DAY)

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex"))

    assert [a.contact_id for a in of_kind(p.actions, ActionKind.APPROACH)] == [tia.id]


def test_find_contact_is_proposed_for_a_target_company_with_nobody_known(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    add("Tia", company="Globex", role="Technical Recruiter")

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex", "Initech"))
    [find] = of_kind(p.actions, ActionKind.FIND_CONTACT)

    assert find.key == "find_contact:initech"
    assert find.contact_id is None
    assert "nobody in Initech" in find.reason


def test_find_contact_is_not_proposed_when_someone_is_known_there(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    add("Tia", company="globex ", role="Data Engineer")

    p = plan(empty, UNEMPLOYED, now=now, goal=job_goal("Globex"))

    assert of_kind(everything(p), ActionKind.FIND_CONTACT) == []


# -- EXPOSURE -----------------------------------------------------------------


def test_exposure_is_proposed_when_nobody_was_added_recently(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    add("Ann", ring=Ring.COLD, added_at=now - HORIZON)

    [exposure] = of_kind(plan(empty, MAINTAIN, now=now).actions, ActionKind.EXPOSURE)

    # Half of the maintain hour: the half-hour form fits it.
    assert exposure.key == "exposure:mentor:2026-W48"
    assert exposure.minutes == 30
    assert exposure.contact_id is None
    assert "mentoring" in exposure.reason


def test_exposure_comes_in_the_forms_the_articles_name(
    empty: NetworkState, now: dt.datetime
) -> None:
    p = plan(empty, UNEMPLOYED, now=now)

    forms = {
        a.key.split(":")[1]: a for a in of_kind(everything(p), ActionKind.EXPOSURE)
    }
    assert set(forms) == {"mentor", "post", "expertise", "association"}
    assert forms["association"].minutes == 120
    assert "association meeting" in forms["association"].reason
    assert "post" in forms["post"].reason


def test_exposure_is_never_proposed_by_a_strategy_without_it(
    empty: NetworkState, now: dt.datetime
) -> None:
    priorities = dict(UNEMPLOYED.priorities)
    del priorities[ActionKind.EXPOSURE]
    strategy = attrs.evolve(UNEMPLOYED, priorities=priorities)

    p = plan(empty, strategy, now=now)

    assert of_kind(everything(p), ActionKind.EXPOSURE) == []


# -- budget -------------------------------------------------------------------


@pytest.mark.parametrize("scenario", list(Scenario))
def test_planned_minutes_fit_the_budget_minus_committed_meetings(
    network: NetworkState,
    registry: StrategyRegistry,
    now: dt.datetime,
    scenario: Scenario,
) -> None:
    p = plan(network, registry.get(scenario), now=now, goal=sample_goal(scenario, now))

    assert p.committed_minutes == 45  # the lunch with Priya in three days
    assert p.planned_minutes <= p.budget_minutes - p.committed_minutes


def test_committed_minutes_count_only_pending_meetings_within_the_horizon(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    schedule(empty, ann, at=now + DAY, meeting_id="m1")
    schedule(empty, ann, at=now + 2 * DAY, meeting_id="m2", duration=30 * MINUTE)
    schedule(empty, ann, at=now + HORIZON, meeting_id="m-later")
    cancelled = schedule(empty, ann, at=now + 3 * DAY, meeting_id="m-off")
    run(
        empty,
        empty.record_meeting_result(cancelled.id, MeetingStatus.CANCELLED, at=now),
    )

    assert plan(empty, UNEMPLOYED, now=now).committed_minutes == 45 + 30


def test_over_budget_actions_are_deferred_in_order(
    network: NetworkState, now: dt.datetime
) -> None:
    goal = sample_goal(Scenario.UNEMPLOYED, now)
    roomy = plan(
        network, UNEMPLOYED, now=now, goal=attrs.evolve(goal, weekly_minutes=10_000)
    )
    tight = plan(
        network, UNEMPLOYED, now=now, goal=attrs.evolve(goal, weekly_minutes=45 + 25)
    )

    assert roomy.deferred == ()
    assert tight.deferred
    assert set(tight.actions) | set(tight.deferred) == set(roomy.actions)
    assert is_subsequence(tight.actions, roomy.actions)
    assert is_subsequence(tight.deferred, roomy.actions)
    left = tight.budget_minutes - tight.committed_minutes - tight.planned_minutes
    assert all(a.minutes > left for a in tight.deferred)
    # Ken is thanked and asked for the next introduction in one step.
    assert [a.kinds for a in tight.actions] == [
        (ActionKind.THANK, ActionKind.REQUEST_INTRO)
    ]
    assert tight.deferred[0].kind is ActionKind.PREPARE


def test_goal_weekly_minutes_override_the_strategy_budget(
    network: NetworkState, now: dt.datetime
) -> None:
    goal = attrs.evolve(sample_goal(Scenario.UNEMPLOYED, now), weekly_minutes=90)

    p = plan(network, UNEMPLOYED, now=now, goal=goal)

    assert UNEMPLOYED.weekly_minutes != 90
    assert p.budget_minutes == 90
    assert p.planned_minutes <= 90 - 45


def test_strategy_budget_applies_without_a_goal_override(
    network: NetworkState, now: dt.datetime
) -> None:
    p = plan(network, UNEMPLOYED, now=now, goal=sample_goal(Scenario.UNEMPLOYED, now))

    assert p.budget_minutes == UNEMPLOYED.weekly_minutes


def test_nothing_is_planned_when_meetings_take_the_whole_budget(
    empty: NetworkState, add: ContactFactory, now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    schedule(empty, ann, at=now + DAY, duration=2 * 60 * MINUTE)

    p = plan(empty, MAINTAIN, now=now)

    assert p.committed_minutes > p.budget_minutes
    assert p.actions == ()
    assert of_kind(p.deferred, ActionKind.PREPARE)


# -- errors, keys, determinism --------------------------------------------------


def test_naive_now_is_refused(network: NetworkState) -> None:
    naive = dt.datetime(2026, 11, 24, 9, 0)  # noqa: DTZ001 - naive on purpose

    with pytest.raises(NaiveDatetimeError, match="time zone"):
        plan(network, UNEMPLOYED, now=naive)


def test_a_non_positive_horizon_is_refused(
    network: NetworkState, now: dt.datetime
) -> None:
    with pytest.raises(InvalidValueError, match="horizon"):
        plan(network, UNEMPLOYED, now=now, horizon=dt.timedelta(0))


@pytest.mark.parametrize("scenario", list(Scenario))
def test_action_keys_are_unique_within_a_plan(
    network: NetworkState,
    registry: StrategyRegistry,
    now: dt.datetime,
    scenario: Scenario,
) -> None:
    p = plan(network, registry.get(scenario), now=now, goal=sample_goal(scenario, now))

    keys = [a.key for a in everything(p)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("scenario", list(Scenario))
def test_action_keys_are_stable_between_two_calls(
    network: NetworkState,
    registry: StrategyRegistry,
    now: dt.datetime,
    scenario: Scenario,
) -> None:
    strategy, goal = registry.get(scenario), sample_goal(scenario, now)

    first = plan(network, strategy, now=now, goal=goal)
    later = plan(network, strategy, now=now + dt.timedelta(hours=2), goal=goal)

    assert [a.key for a in everything(first)]
    assert {a.key for a in everything(first)} == {a.key for a in everything(later)}


@pytest.mark.parametrize("scenario", list(Scenario))
def test_the_plan_is_deterministic(
    registry: StrategyRegistry, now: dt.datetime, scenario: Scenario
) -> None:
    strategy, goal = registry.get(scenario), sample_goal(scenario, now)

    first = plan(sample_network(now), strategy, now=now, goal=goal)
    second = plan(sample_network(now), strategy, now=now, goal=goal)

    assert first == second


def test_the_plan_uses_the_active_goal_by_default(
    network: NetworkState, now: dt.datetime
) -> None:
    goal = sample_goal(Scenario.UNEMPLOYED, now)
    run(network, network.set_goal(goal))

    assert plan(network, UNEMPLOYED, now=now) == plan(
        network, UNEMPLOYED, now=now, goal=goal
    )


# -- capacity -------------------------------------------------------------------


def fill(state: NetworkState, count: int, ring: Ring = Ring.LUKEWARM) -> None:
    for i in range(count):
        run(
            state,
            state.add_contact(
                Contact(id=f"k{i}", name=f"Kept {i}", ring=ring, added_at=NOW - DAY)
            ),
        )


def test_capacity_advice_appears_when_more_than_capacity_are_kept(
    empty: NetworkState, now: dt.datetime
) -> None:
    fill(empty, CAPACITY + 1)

    p = plan(empty, MAINTAIN, now=now)

    [capacity] = [a for a in p.advice if a.code == "capacity"]
    assert str(CAPACITY + 1) in capacity.message


def test_capacity_advice_does_not_appear_at_exactly_capacity(
    empty: NetworkState, now: dt.datetime
) -> None:
    fill(empty, CAPACITY)
    cold = Contact(id="cold", name="Cold One", added_at=now - DAY)
    run(empty, empty.add_contact(cold))

    assert empty.kept_count == CAPACITY
    assert [a.code for a in plan(empty, MAINTAIN, now=now).advice] == ["cadences"]


def test_add_contact_advises_when_the_kept_set_passes_capacity(
    empty: NetworkState, now: dt.datetime
) -> None:
    fill(empty, CAPACITY)

    change = empty.add_contact(
        Contact(id="one-more", name="One More", ring=Ring.BUDDY, added_at=now)
    )

    assert [a.code for a in change.advice] == ["capacity"]


def test_add_contact_does_not_advise_at_exactly_capacity(
    empty: NetworkState, now: dt.datetime
) -> None:
    fill(empty, CAPACITY - 1)

    change = empty.add_contact(
        Contact(id="last", name="Last One", ring=Ring.BUDDY, added_at=now)
    )

    assert change.advice == ()


def test_add_contact_does_not_advise_for_a_cold_contact_past_capacity(
    empty: NetworkState, now: dt.datetime
) -> None:
    fill(empty, CAPACITY)

    change = empty.add_contact(Contact(id="cold", name="Cold", added_at=now))

    assert change.advice == ()


# -- properties -----------------------------------------------------------------

COMPANIES = (None, "Acme", "Globex", "Initech", "Hooli")
ROLES = (None, "Technical Recruiter", "Engineering Manager", "Analyst", "Head of Data")
FIELDS = (None, "user research", "data analytics")
NAMES = ("Ann", "ann", "Ben", "Émile", "Zoë", "zoe", "Chen Wei", "Ola")
ZONES = (
    dt.UTC,
    dt.timezone(dt.timedelta(hours=2)),
    dt.timezone(-5 * dt.timedelta(hours=1)),
)


@st.composite
def moments(draw: st.DrawFn, *, before: int = 400, after: int = 0) -> dt.datetime:
    """An aware moment from ``before`` days before NOW to ``after`` days after."""
    minutes = draw(st.integers(-before * 24 * 60, after * 24 * 60))
    return (NOW + minutes * MINUTE).astimezone(draw(st.sampled_from(ZONES)))


@st.composite
def networks(draw: st.DrawFn) -> NetworkState:
    """A small random network with history, all of it before NOW."""
    state = NetworkState(Seeker(name="Robin", company="Acme"))
    ids: list[str] = []
    for i in range(draw(st.integers(0, 8))):
        earlier = st.sampled_from(ids) if ids else st.nothing()
        knows = draw(st.frozensets(earlier, max_size=3)) if ids else frozenset()
        contact = Contact(
            id=f"c{i}",
            name=draw(st.sampled_from(NAMES)),
            ring=draw(st.sampled_from(Ring)),
            added_at=draw(moments()),
            company=draw(st.sampled_from(COMPANIES)),
            role=draw(st.sampled_from(ROLES)),
            field=draw(st.sampled_from(FIELDS)),
            past_companies=draw(st.lists(st.sampled_from(COMPANIES[1:]), max_size=2)),
            knows=knows,
            introduced_by=draw(st.none() | earlier),
            reports_to=draw(st.none() | earlier),
            tribe=draw(st.booleans()),
            fan_club=draw(st.booleans()),
            cadence_days=draw(st.none() | st.integers(1, 120)),
        )
        run(state, state.add_contact(contact))
        ids.append(contact.id)
    if not ids:
        return state
    run(
        state,
        state.set_seeker(
            Seeker(
                name="Robin",
                company="Acme",
                reports_to=draw(st.none() | st.sampled_from(ids)),
            )
        ),
    )
    for n in range(draw(st.integers(0, 12))):
        contact_id = draw(st.sampled_from(ids))
        what = draw(st.sampled_from(["interaction", "entry", "meeting"]))
        if what == "interaction":
            run(
                state,
                state.log_interaction(
                    Interaction(
                        id=f"i{n}",
                        contact_id=contact_id,
                        kind=draw(st.sampled_from(InteractionKind)),
                        at=draw(moments(before=120)),
                    )
                ),
            )
        elif what == "entry":
            run(
                state,
                state.log_entry(
                    LedgerEntry(
                        id=f"l{n}",
                        contact_id=contact_id,
                        kind=draw(st.sampled_from(LedgerKind)),
                        at=draw(moments(before=120)),
                        what="Something useful",
                    )
                ),
            )
        else:
            at = draw(moments(before=90, after=10))
            run(
                state,
                state.schedule_meeting(
                    Meeting(
                        id=f"m{n}",
                        contact_id=contact_id,
                        scheduled_at=at,
                        created_at=min(at, NOW) - DAY,
                        purpose="Learn about the team",
                        duration=draw(st.sampled_from([15, 30, 45, 90])) * MINUTE,
                    )
                ),
            )
            status = draw(st.sampled_from(MeetingStatus))
            if not status.pending and at <= NOW:
                run(
                    state,
                    state.record_meeting_result(f"m{n}", status, at=at + MINUTE),
                )
    return state


@st.composite
def goals_for(draw: st.DrawFn, strategy: Strategy, state: NetworkState) -> Goal:
    goal = sample_goal(strategy.scenario, NOW)
    targets = draw(st.frozensets(st.sampled_from(sorted(state.contacts)), max_size=2))
    return attrs.evolve(
        goal,
        target_contacts=targets,
        weekly_minutes=draw(st.none() | st.integers(1, 600)),
    )


Case = tuple[NetworkState, Strategy, Goal]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    state = draw(networks())
    strategy = draw(st.sampled_from(BUILTIN_STRATEGIES))
    goal = (
        draw(goals_for(strategy, state))
        if state.contacts
        else sample_goal(strategy.scenario, NOW)
    )
    return state, strategy, goal


PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(cases())
def test_property_planned_actions_are_sorted(
    case: Case,
) -> None:
    state, strategy, goal = case

    p = plan(state, strategy, now=NOW, goal=goal)

    for actions in (p.actions, p.deferred):
        keys = [sort_key(state, a) for a in actions]
        assert keys == sorted(keys)


@PROPERTY
@given(cases())
def test_property_planned_minutes_fit_the_budget(
    case: Case,
) -> None:
    state, strategy, goal = case

    p = plan(state, strategy, now=NOW, goal=goal)

    assert p.budget_minutes == (goal.weekly_minutes or strategy.weekly_minutes)
    assert p.planned_minutes <= p.budget_minutes - p.committed_minutes or not p.actions


@PROPERTY
@given(cases())
def test_property_no_excluded_contact_appears(
    case: Case,
) -> None:
    state, strategy, goal = case

    p = plan(state, strategy, now=NOW, goal=goal)

    for action in everything(p):
        for contact_id in (action.contact_id, action.via_id):
            if contact_id is not None:
                contact = state.contact(contact_id)
                assert not strategy.is_excluded(contact, state, goal), action


@PROPERTY
@given(cases())
def test_property_action_keys_are_unique(
    case: Case,
) -> None:
    state, strategy, goal = case

    p = plan(state, strategy, now=NOW, goal=goal)

    keys = [a.key for a in everything(p)]
    assert len(keys) == len(set(keys))


@PROPERTY
@given(cases())
def test_property_one_step_per_person_in_order_never_excluded_give_first(
    case: Case,
) -> None:
    """Every person appears in at most one step; a step's parts are in the
    documented order and add up; no excluded person is proposed; no ask goes
    beyond what the ledger supports without a give first."""
    state, strategy, goal = case

    p = plan(state, strategy, now=NOW, goal=goal)

    steps = p.actions + p.deferred
    named = [a.via_id or a.contact_id for a in steps if (a.via_id or a.contact_id)]
    assert len(named) == len(set(named))
    assert len({a.key for a in steps}) == len(steps)
    rank = {kind: n for n, kind in enumerate(PART_ORDER)}
    for step in steps:
        if step.parts:
            assert len(step.parts) > 1
            ranks = [rank[part.kind] for part in step.parts]
            assert ranks == sorted(ranks)
            assert step.minutes == sum(part.minutes for part in step.parts)
            assert step.due == min(part.due for part in step.parts)
            assert step.key == "+".join(part.key for part in step.parts)
            assert step.priority == min(part.priority for part in step.parts)
        for part in step.steps:
            for who in (part.contact_id, part.via_id):
                if who is not None:
                    assert not strategy.is_excluded(state.contacts[who], state, goal)
            if part.kind in (ActionKind.REQUEST_INTRO, ActionKind.ASK_INSIDER):
                asked = part.via_id or part.contact_id
                assert asked is not None
                if balance(state, asked).credit <= 0:
                    # A give first, or the answer to their request (a give too).
                    kinds = step.kinds
                    first = next(
                        k for k in kinds if k in (ActionKind.GIVE, ActionKind.ANSWER)
                    )
                    assert kinds.index(first) < kinds.index(part.kind)
