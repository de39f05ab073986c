"""The five scenarios on one shared network, and the strategy registry."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import attrs
import pytest

from careernet.domain import (
    Action,
    ActionKind,
    Contact,
    Goal,
    InvalidValueError,
    MeetingStatus,
    NetworkState,
    Plan,
    Privacy,
    Ring,
    Scenario,
    Strategy,
    StrategyRegistry,
    UnknownScenarioError,
    introduction_paths,
    plan,
)
from careernet.domain.view import NetworkView
from careernet.sample import sample_goal, sample_network
from tests.conftest import NOW, run

DAY = dt.timedelta(days=1)
EMPLOYER = "Northwind Analytics"
TARGETING = (ActionKind.APPROACH, ActionKind.REQUEST_INTRO)


def plan_for(
    network: NetworkState,
    registry: StrategyRegistry,
    scenario: str,
    now: dt.datetime = NOW,
) -> Plan:
    return plan(
        network, registry.get(scenario), now=now, goal=sample_goal(scenario, NOW)
    )


def everything(p: Plan) -> tuple[Action, ...]:
    """Every part of every step, planned or deferred."""
    return p.parts()


def targets(p: Plan) -> set[str]:
    """Whom the plan approaches or asks to be introduced to, planned or deferred."""
    return {
        a.contact_id
        for a in everything(p)
        if a.kind in TARGETING and a.contact_id is not None
    }


def kinds(p: Plan) -> set[ActionKind]:
    return {a.kind for a in everything(p)}


def colleagues(network: NetworkState) -> set[str]:
    return {c.id for c in network.at_company(EMPLOYER)}


# -- all five -------------------------------------------------------------------


def test_each_scenario_produces_a_different_plan_on_the_sample_network(
    registry: StrategyRegistry,
) -> None:
    shapes = {
        scenario: frozenset(
            (a.kind, a.contact_id)
            for a in plan_for(sample_network(NOW), registry, scenario).actions
        )
        for scenario in Scenario
    }

    for first, second in itertools.combinations(Scenario, 2):
        assert shapes[first] != shapes[second], (first, second)
    assert len(set(shapes.values())) == 5


def test_every_scenario_has_a_builtin_strategy_serving_it(
    registry: StrategyRegistry,
) -> None:
    assert registry.scenarios == tuple(sorted(s.value for s in Scenario))
    for scenario in Scenario:
        assert registry.get(scenario).scenario is scenario


def test_the_plan_names_the_scenario_it_was_made_for(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    for scenario in Scenario:
        assert plan_for(network, registry, scenario).scenario == scenario


# -- UNEMPLOYED -----------------------------------------------------------------


def test_unemployed_targets_recruiters_and_hiring_managers_at_goal_companies(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    found = targets(plan_for(network, registry, Scenario.UNEMPLOYED))

    assert found == {"maria", "lena"}  # a recruiter at Globex, a head at Initech
    for contact_id in found:
        assert network.contact(contact_id).company in {"Globex", "Initech"}


def test_unemployed_leaves_out_people_outside_the_goal_companies(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    found = targets(plan_for(network, registry, Scenario.UNEMPLOYED))

    assert "chen" not in found  # a manager, but at Northwind
    assert "aisha" not in found  # a director, but at Hooli


def test_unemployed_nudges_the_silent_and_rests_the_one_who_declined(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.UNEMPLOYED)

    assert (ActionKind.NUDGE, "ken") in {(a.kind, a.contact_id) for a in p.actions}
    assert all(a.contact_id != "olga" for a in everything(p))


def test_unemployed_has_the_biggest_budget(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    budgets = {
        scenario: plan_for(network, registry, scenario).budget_minutes
        for scenario in Scenario
    }

    unemployed = budgets.pop(Scenario.UNEMPLOYED)
    assert all(unemployed > other for other in budgets.values())
    assert unemployed >= 20 * 60  # most of the working week


def test_unemployed_routes_lena_through_sam_who_knows_her(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.UNEMPLOYED)

    [request] = [
        a
        for a in p.parts(deferred=False)
        if a.kind is ActionKind.REQUEST_INTRO and a.contact_id == "lena"
    ]
    assert request.via_id == "sam"


# -- EMPLOYED_CONFIDENTIAL ------------------------------------------------------


def test_confidential_never_mentions_anyone_at_the_employer(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.EMPLOYED_CONFIDENTIAL)
    at_employer = colleagues(network)

    assert at_employer == {"omar", "dana", "sam", "priya", "chen"}
    for action in everything(p):
        assert action.contact_id not in at_employer, action
        assert action.via_id not in at_employer, action
        for contact_id in at_employer:
            assert network.contact(contact_id).name not in action.reason, action


def test_confidential_routes_lena_through_raj_rather_than_sam(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.EMPLOYED_CONFIDENTIAL)

    [request] = [
        a
        for a in everything(p)
        if a.kind is ActionKind.REQUEST_INTRO and a.contact_id == "lena"
    ]
    assert request.via_id == "raj"
    assert "used to work at Initech" in request.reason


def test_confidential_excludes_colleagues_from_introduction_paths(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)
    goal = sample_goal(Scenario.EMPLOYED_CONFIDENTIAL, NOW)

    paths = introduction_paths(
        network, "lena", exclude=lambda c: strategy.is_excluded(c, network, goal)
    )

    assert [p.introducer_id for p in paths] == ["raj"]


def test_confidential_is_discreet(registry: StrategyRegistry) -> None:
    assert registry.get(Scenario.EMPLOYED_CONFIDENTIAL).privacy is Privacy.DISCREET
    assert registry.get(Scenario.UNEMPLOYED).privacy is Privacy.OPEN


def test_confidential_does_not_follow_up_a_referral_through_a_colleague(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    """Sam, a colleague, suggested Ines at Globex: reaching her must not use Sam."""
    met_at = NOW - 3 * DAY
    run(
        network,
        network.schedule_meeting(
            attrs.evolve(
                network.meeting("m-jordan"),
                id="m-sam",
                contact_id="sam",
                scheduled_at=met_at,
                created_at=met_at - DAY,
                status=MeetingStatus.SCHEDULED,
                sequence=0,
            )
        ),
    )
    ines = Contact(
        id="ines",
        name="Ines Duarte",
        company="Globex",
        role="Analytics Engineer",
        added_at=met_at,
    )
    run(
        network,
        network.record_meeting_result(
            "m-sam", MeetingStatus.HELD, at=met_at, referrals=[ines]
        ),
    )

    p = plan_for(network, registry, Scenario.EMPLOYED_CONFIDENTIAL)

    for action in everything(p):
        assert action.contact_id != "sam", action
        assert action.via_id != "sam", action
        assert "Sam Okafor" not in action.reason, action


# -- CAREER_CHANGE --------------------------------------------------------------


def test_career_change_targets_by_field_not_company(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    found = targets(plan_for(network, registry, Scenario.CAREER_CHANGE))

    assert found == {"aisha", "tomas"}
    assert {network.contact(c).field for c in found} == {"user research"}
    assert len({network.contact(c).company for c in found}) == len(found)


def test_career_change_ignores_the_recruiters_a_job_search_would_target(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    found = targets(plan_for(network, registry, Scenario.CAREER_CHANGE))

    assert found.isdisjoint({"maria", "lena"})


def test_career_change_asks_for_informational_conversations(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.CAREER_CHANGE)

    [approach] = [a for a in p.actions if a.kind is ActionKind.APPROACH]
    assert approach.contact_id == "tomas"
    assert "informational conversation" in approach.reason


def test_career_change_finds_a_first_contact_in_an_unknown_field(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    goal = attrs.evolve(
        sample_goal(Scenario.CAREER_CHANGE, NOW),
        target_fields={"user research", "service design"},
    )

    p = plan(network, registry.get(Scenario.CAREER_CHANGE), now=NOW, goal=goal)

    finds = [a.key for a in everything(p) if a.kind is ActionKind.FIND_CONTACT]
    assert finds == ["find_contact:service design"]


# -- INTERNAL_MOVE --------------------------------------------------------------


def test_internal_move_chain_follows_seeker_and_contact_reporting_lines(
    network: NetworkState,
) -> None:
    assert network.seeker.reports_to == "dana"
    assert network.contact("dana").reports_to == "omar"
    assert network.management_chain() == {"dana", "omar"}


def test_internal_move_targets_colleagues_outside_the_management_chain(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    found = targets(plan_for(network, registry, Scenario.INTERNAL_MOVE))

    assert "chen" in found
    assert found.isdisjoint({"dana", "omar"})
    assert found <= colleagues(network)


def test_internal_move_approaches_a_lukewarm_colleague_but_never_the_chain(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    """With Priya's lunch off, she is a target; Omar, as lukewarm, never is."""
    run(
        network,
        network.record_meeting_result(
            "m-priya", MeetingStatus.CANCELLED, at=NOW - dt.timedelta(hours=1)
        ),
    )

    found = targets(plan_for(network, registry, Scenario.INTERNAL_MOVE))

    assert {"chen", "priya"} <= found
    assert found.isdisjoint({"dana", "omar"})


def test_internal_move_looks_for_no_first_contacts_elsewhere(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.INTERNAL_MOVE)

    assert ActionKind.FIND_CONTACT not in kinds(p)


# -- MAINTAIN -------------------------------------------------------------------


def test_maintain_has_about_an_hour_a_week(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.MAINTAIN)

    assert p.budget_minutes == 60
    assert p.planned_minutes <= 60 - p.committed_minutes


def test_maintain_never_approaches_requests_intros_or_finds_contacts(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.MAINTAIN)

    assert kinds(p).isdisjoint(
        {ActionKind.APPROACH, ActionKind.REQUEST_INTRO, ActionKind.FIND_CONTACT}
    )


def test_maintain_keeps_lukewarm_contacts_warm_too(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    lukewarm = {c.id for c in network.contacts.values() if c.ring is Ring.LUKEWARM}

    maintain = plan_for(network, registry, Scenario.MAINTAIN)
    unemployed = plan_for(network, registry, Scenario.UNEMPLOYED)
    career_change = plan_for(network, registry, Scenario.CAREER_CHANGE)

    def kept_warm(p: Plan) -> set[str | None]:
        return {
            a.contact_id for a in everything(p) if a.kind is ActionKind.KEEP_IN_TOUCH
        }

    assert kept_warm(maintain) & lukewarm == {"omar", "tomas", "ben"}
    # Networking is the job: lukewarm contacts are warmed up too.
    assert kept_warm(unemployed) & lukewarm == {"omar", "tomas", "ben"}
    assert kept_warm(career_change).isdisjoint(lukewarm)


def test_maintain_helps_others(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.MAINTAIN)

    assert ActionKind.GIVE in kinds(p)


def test_maintain_proposes_exposure_when_nobody_was_added_recently(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    later = NOW + 8 * DAY  # Noor, the newest contact, was added nine days before

    p = plan_for(network, registry, Scenario.MAINTAIN, now=later)

    assert ActionKind.EXPOSURE in kinds(p)


def test_maintain_proposes_exposure_every_week(
    network: NetworkState, registry: StrategyRegistry
) -> None:
    p = plan_for(network, registry, Scenario.MAINTAIN)  # Noor was added yesterday

    assert ActionKind.EXPOSURE in kinds(p)


# -- the registry -----------------------------------------------------------------


def test_registry_get_unknown_scenario_names_known_ones_and_plugins(
    registry: StrategyRegistry,
) -> None:
    with pytest.raises(UnknownScenarioError) as raised:
        registry.get("sabbatical")

    message = str(raised.value)
    assert "'sabbatical'" in message
    for scenario in Scenario:
        assert scenario.value in message
    assert "plugin" in message


def test_registry_refuses_a_second_strategy_for_a_scenario(
    registry: StrategyRegistry,
) -> None:
    builtin = registry.get(Scenario.MAINTAIN)

    with pytest.raises(InvalidValueError, match="replace=True"):
        registry.register(attrs.evolve(builtin, weekly_minutes=30))
    assert registry.get(Scenario.MAINTAIN) is builtin


def test_registry_replaces_a_strategy_when_asked(registry: StrategyRegistry) -> None:
    lighter = attrs.evolve(registry.get(Scenario.MAINTAIN), weekly_minutes=30)

    registry.register(lighter, replace=True)

    assert registry.get(Scenario.MAINTAIN) is lighter
    assert len(registry) == 5


@attrs.frozen(kw_only=True)
class MentorSearch(Strategy):
    """A plugin's scenario: find a mentor among people tagged "mentor"."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        return "mentor" in contact.tags


MENTOR_SEARCH = MentorSearch(
    scenario="mentor_search",
    summary="Find a mentor.",
    weekly_minutes=90,
    approaches_per_week=2,
    priorities={ActionKind.APPROACH: 0, ActionKind.THANK: 1},
)


def test_goal_converts_known_scenario_names_and_keeps_unknown_ones() -> None:
    known = Goal(id="g1", scenario="career_change", set_at=NOW)
    unknown = Goal(id="g2", scenario="mentor_search", set_at=NOW)

    assert known.scenario is Scenario.CAREER_CHANGE
    assert unknown.scenario == "mentor_search"
    assert not isinstance(unknown.scenario, Scenario)


def test_a_custom_strategy_works_end_to_end(
    registry: StrategyRegistry,
    empty: NetworkState,
    add: Callable[..., Contact],
) -> None:
    registry.register(MENTOR_SEARCH)
    mia = add("Mia", tags={"mentor"})
    add("Max", tags={"colleague"})
    run(empty, empty.set_goal(Goal(id="g1", scenario="mentor_search", set_at=NOW)))
    goal = empty.active_goal
    assert goal is not None

    p = plan(empty, registry.get(goal.scenario), now=NOW)

    assert p.scenario == "mentor_search"
    assert p.budget_minutes == 90
    assert [(a.kind, a.contact_id) for a in p.actions] == [
        (ActionKind.APPROACH, mia.id)
    ]
    assert "mentor_search" in registry
