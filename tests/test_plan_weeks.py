"""Scenario weeks: one network per scenario lives three weeks acting on its plans.

Each week starts on Monday at 09:00 with a plan; the seeker does every
planned step that morning (thanks, gives, outreach, introductions asked,
check-ins, exposure), a third of the people approached answer on Wednesday
and meet for coffee the next Tuesday, another third decline, and the rest
stay silent. The tests assert what a career coach would check in each
week's plan.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterator

import pytest

import careernet
from careernet import (
    Action,
    ActionKind,
    InteractionKind,
    MeetingStatus,
    Network,
    Plan,
    Ring,
    Scenario,
)
from careernet.domain import Work
from careernet.domain.actions import WORK

MONDAY = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
WEEKS = 3
ASKS = {ActionKind.REQUEST_INTRO, ActionKind.ASK_INSIDER}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = MONDAY

    def __call__(self) -> dt.datetime:
        return self.now


Builder = Callable[[Network], None]
Week = tuple[Plan, dict[str, int], dict[str, bool], dict[str, dt.datetime]]
Weeks = dict[str, list[Week]]


def person(step: Action) -> str | None:
    """The person the seeker deals with in a step (the introducer, for an intro)."""
    return step.via_id or step.contact_id


def act(net: Network, step: Action, now: dt.datetime, approached: list[str]) -> None:
    """Do every part of a planned step, the way the plan words it."""
    for part in step.steps:
        who = part.contact_id
        if part.kind is ActionKind.THANK and who:
            net.thank(who, "your help", at=now)
        elif part.kind in (ActionKind.GIVE, ActionKind.ANSWER) and who:
            net.give(who, "an article they will find useful", at=now)
        elif part.kind is ActionKind.NUDGE and who:
            net.log(who, InteractionKind.NUDGE, at=now)
        elif part.kind in (ActionKind.FOLLOW_UP, ActionKind.APPROACH) and who:
            net.log(who, InteractionKind.OUTREACH, note="twenty minutes?", at=now)
            approached.append(who)
        elif part.kind is ActionKind.REQUEST_INTRO and who and part.via_id:
            net.ask(part.via_id, "an introduction", at=now)
            net.log(who, InteractionKind.INTRODUCED, via=part.via_id, at=now)
            net.log(who, InteractionKind.OUTREACH, at=now + dt.timedelta(minutes=1))
            approached.append(who)
        elif part.kind is ActionKind.ASK_INSIDER and who:
            net.ask(who, "whom to talk to", at=now)
            net.log(who, InteractionKind.MESSAGE, at=now)
        elif part.kind in (ActionKind.KEEP_IN_TOUCH, ActionKind.FAN_CLUB) and who:
            net.log(who, InteractionKind.MESSAGE, note="how are things?", at=now)
        elif part.kind is ActionKind.EXPOSURE:
            net.add_contact(f"Met at {part.key}", ring=Ring.COLD, at=now)


def live(
    build: Builder, scenario: str, **goal: object
) -> Iterator[tuple[Network, Plan, dict[str, dt.datetime]]]:
    """Three weeks of a seeker acting on the plans; yields each week's plan,
    with the people approached the week before who stayed silent (and when
    they were approached)."""
    clock = Clock()
    silent: dict[str, dt.datetime] = {}
    with careernet.open("memory:", seeker="Sam Ortiz", clock=clock) as net:
        build(net)
        net.set_goal(scenario, **goal)  # type: ignore[arg-type]
        for week in range(WEEKS):
            monday = MONDAY + week * 7 * DAY
            clock.now = monday
            plan = net.plan()
            yield net, plan, silent
            silent = {}
            approached: list[str] = []
            for step in plan.actions:
                act(net, step, monday, approached)
            # Wednesday: a third answer, a third decline, a third stay silent.
            clock.now = monday + 2 * DAY
            for n, who in enumerate(approached):
                if n % 3 == 0:
                    net.log(who, InteractionKind.REPLY, at=clock.now)
                    net.schedule_meeting(
                        who,
                        monday + 8 * DAY + n * dt.timedelta(hours=1),
                        purpose="Hear how their team works and whom to meet next",
                    )
                elif n % 3 == 1:
                    net.log(who, InteractionKind.DECLINE, at=clock.now)
                else:
                    silent[who] = max(
                        i.at
                        for i in net.state.interactions_with(who)
                        if i.kind is InteractionKind.OUTREACH
                    )
            # Friday evening: the meetings of the week were held.
            clock.now = monday + 4 * DAY + 9 * dt.timedelta(hours=1)
            for meeting in net.meetings:
                if meeting.status.pending and meeting.scheduled_at < clock.now:
                    net.record_meeting(meeting.id, MeetingStatus.HELD)


# -- the networks ---------------------------------------------------------------

COMPANIES = ("Globex", "Initech", "Umbrella", "Hooli")
ROLES = (
    "Technical Recruiter",
    "Engineering Manager",
    "Data Analyst",
    "Account Manager",
    "Director of Data",
    "Software Engineer",
)


def big_network(net: Network) -> None:
    """Sixty contacts: buddies, allies, lukewarm and cold, at four companies."""
    net.set_seeker(company="Northwind Analytics", field="data science")
    buddies: list[str] = []
    for n in range(60):
        ring = (Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM, Ring.COLD, Ring.COLD)[n % 5]
        knows = [buddies[n % len(buddies)]] if buddies and ring is Ring.COLD else []
        contact = net.add_contact(
            f"Person {n:02d}",
            ring=ring,
            company=COMPANIES[n % 4] if n % 7 else "Northwind Analytics",
            role=ROLES[n % 6],
            field="data science" if n % 2 else "software",
            knows=knows,
            tribe=n in (0, 5),
            fan_club=n in (10, 15),
            at=MONDAY - 200 * DAY,
        )
        if ring is Ring.BUDDY:
            buddies.append(contact.id)


def maintain_network(net: Network) -> None:
    """Twelve lukewarm contacts and a few allies, kept on an hour a week."""
    for n in range(12):
        net.add_contact(f"Lukewarm {n:02d}", ring=Ring.LUKEWARM, at=MONDAY - 200 * DAY)
    for n in range(3):
        net.add_contact(f"Ally {n}", ring=Ring.STRATEGIC, at=MONDAY - 200 * DAY)


SCENARIOS: dict[str, tuple[Builder, dict[str, object]]] = {
    Scenario.UNEMPLOYED: (big_network, {"target_companies": ["Globex", "Initech"]}),
    Scenario.EMPLOYED_CONFIDENTIAL: (
        big_network,
        {"target_companies": ["Globex", "Initech", "Northwind Analytics"]},
    ),
    Scenario.CAREER_CHANGE: (big_network, {"target_fields": ["data science"]}),
    Scenario.INTERNAL_MOVE: (big_network, {}),
    Scenario.MAINTAIN: (maintain_network, {"weekly_minutes": 60}),
}


@pytest.fixture(scope="module")
def weeks() -> Weeks:
    """Each scenario's three plans, with each contact's ledger credit and
    whether the strategy excludes them, as they stood when it was made."""
    lived = {}
    for scenario, (build, goal) in SCENARIOS.items():
        found = []
        for net, plan, silent in live(build, scenario, **goal):
            credit = {c.id: net.balance(c.id).credit for c in net.contacts}
            excluded = {
                c.id: net.strategy.is_excluded(c, net.state, net.goal)
                for c in net.contacts
            }
            found.append((plan, credit, excluded, silent))
        lived[scenario] = found
    return lived


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_one_step_per_person_per_plan(weeks: Weeks, scenario: str) -> None:
    for plan, _, _, _ in weeks[scenario]:
        people = collections.Counter(person(a) for a in plan.actions + plan.deferred)
        repeated = {p: n for p, n in people.items() if p is not None and n > 1}
        assert repeated == {}, plan


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_ask_beyond_what_the_ledger_supports(weeks: Weeks, scenario: str) -> None:
    for plan, credit, _, _ in weeks[scenario]:
        for step in plan.actions:
            for part in step.steps:
                if part.kind not in ASKS:
                    continue
                asked = part.via_id or part.contact_id
                assert asked is not None
                gives_first = ActionKind.GIVE in step.kinds
                assert credit[asked] > 0 or gives_first, step
                if gives_first:
                    assert step.kinds.index(ActionKind.GIVE) < step.kinds.index(
                        part.kind
                    )


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_never_an_excluded_person(weeks: Weeks, scenario: str) -> None:
    for plan, _, excluded, _ in weeks[scenario]:
        for part in plan.parts():
            for who in (part.contact_id, part.via_id):
                assert who is None or not excluded[who], part


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_plan_stays_within_the_budget(weeks: Weeks, scenario: str) -> None:
    for plan, _, _, _ in weeks[scenario]:
        assert plan.planned_minutes <= plan.budget_minutes - plan.committed_minutes or (
            not plan.actions
        )


def test_maintain_helps_or_grows_the_network_every_week_within_an_hour(
    weeks: Weeks,
) -> None:
    for plan, _, _, _ in weeks[Scenario.MAINTAIN]:
        assert plan.budget_minutes == 60
        assert plan.planned_minutes + plan.committed_minutes <= 60
        works = {part.kind for part in plan.parts(deferred=False)}
        assert works & {ActionKind.GIVE, ActionKind.ANSWER, ActionKind.EXPOSURE}, plan


def test_unemployed_plans_half_the_week_or_says_why(weeks: Weeks) -> None:
    for plan, _, _, _ in weeks[Scenario.UNEMPLOYED]:
        used = plan.planned_minutes + plan.committed_minutes
        said = [a for a in plan.advice if a.code == "unplanned"]
        assert used >= plan.budget_minutes / 2 or said, (used, plan.budget_minutes)


def test_unemployed_spends_the_week_across_kinds_of_work(weeks: Weeks) -> None:
    for plan, _, _, _ in weeks[Scenario.UNEMPLOYED]:
        kinds = {WORK[part.kind] for part in plan.parts(deferred=False)}
        assert {Work.TARGETS, Work.EXPOSURE} <= kinds, plan


def test_the_first_unemployed_week_uses_most_of_the_budget(weeks: Weeks) -> None:
    plan, _, _, _ = weeks[Scenario.UNEMPLOYED][0]
    assert plan.planned_minutes + plan.committed_minutes >= plan.budget_minutes / 2


def test_confidential_weeks_never_touch_the_current_employer(weeks: Weeks) -> None:
    for plan, _, excluded, _ in weeks[Scenario.EMPLOYED_CONFIDENTIAL]:
        assert any(excluded.values())
        assert all(
            not excluded[who]
            for part in plan.parts()
            for who in (part.contact_id, part.via_id)
            if who is not None
        )


def test_career_change_approaches_by_field(weeks: Weeks) -> None:
    plan, _, _, _ = weeks[Scenario.CAREER_CHANGE][0]
    kinds = {part.kind for part in plan.parts(deferred=False)}
    assert kinds & {ActionKind.APPROACH, ActionKind.REQUEST_INTRO}


def test_declines_bring_the_fan_club_into_the_plan(weeks: Weeks) -> None:
    later = [plan for plan, _, _, _ in weeks[Scenario.UNEMPLOYED][1:]]
    assert any(
        ActionKind.FAN_CLUB in {part.kind for part in plan.parts()} for plan in later
    )


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_silence_gets_its_nudge_on_day_seven(weeks: Weeks, scenario: str) -> None:
    checked = 0
    for plan, _, _, silent in weeks[scenario]:
        nudges = {
            p.contact_id: p.due for p in plan.parts() if p.kind is ActionKind.NUDGE
        }
        for who, asked in silent.items():
            assert nudges.get(who) == asked + 7 * DAY, (who, asked, nudges)
            checked += 1
    if scenario not in (Scenario.MAINTAIN, Scenario.INTERNAL_MOVE):  # few approaches
        assert checked, "nobody stayed silent: the simulation checks nothing"
