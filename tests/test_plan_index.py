"""The indexes that let a plan visit only what is open.

``NetworkState.open_since`` lists the contacts a plan looks at; the planner
passes over everyone else, which is right only if everyone else is settled
and quiet at the plan's moment; a strategy's ``target_candidates`` names
everyone its ``is_target`` may accept. These properties check each promise
against its plain definition, on generated networks grown one change at a
time (the indexes maintained, and read between changes) and loaded afresh.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careernet.domain import (
    BUILTIN_STRATEGIES,
    Change,
    Contact,
    Goal,
    Interaction,
    InteractionKind,
    NetworkState,
    Ring,
    Seeker,
    Strategy,
    plan,
    vocab,
)
from careernet.domain.approaches import NEVER
from careernet.domain.planner import HORIZON, _Planner, _quiet
from careernet.domain.strategies import JobSearchStrategy
from careernet.domain.view import NetworkView
from tests import reference_planner
from tests.conftest import NOW
from tests.test_planner_reference import (
    STRATEGIES,
    WHEN,
    changes,
    goal_for,
    grown,
    moments,
)

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
PROPERTY = settings(max_examples=150, deadline=None)


def open_by_definition(state: NetworkState, moment: dt.datetime) -> list[str]:
    """Everyone not settled, and the settled with a dated end at or after
    ``moment``, in the order of the contacts."""
    settled = state.settled
    return [
        contact_id
        for contact_id in state.contacts
        if contact_id not in settled
        or (
            settled[contact_id].at != NEVER
            and instant(settled[contact_id].at) >= instant(moment)
        )
    ]


def instant(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC (the first or the last moment where that overflows):
    two moments of one zone compare by their wall clocks, not as instants."""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        if moment.year == 1:
            return dt.datetime.min.replace(tzinfo=dt.UTC)
        return dt.datetime.max.replace(tzinfo=dt.UTC)


def open_ids(state: NetworkState, moment: dt.datetime) -> list[str]:
    """The ids ``open_since`` gives, checking the contact and the settled
    entry given with each."""
    found = []
    for contact, settled in state.open_since(moment):
        assert contact is state.contacts[contact.id]
        assert settled == state.settled.get(contact.id)
        found.append(contact.id)
    return found


@PROPERTY
@given(state=grown(), data=st.data())
def test_property_open_since_is_its_definition_as_changes_are_applied(
    state: NetworkState, data: st.DataObject
) -> None:
    for n in range(data.draw(st.integers(1, 10))):
        if data.draw(st.booleans()):
            moment = data.draw(moments())
            assert open_ids(state, moment) == open_by_definition(state, moment)
        state.apply(data.draw(changes(state, 2000 + n)))
    moment = data.draw(moments())
    assert open_ids(state, moment) == open_by_definition(state, moment)
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert open_ids(loaded, moment) == open_by_definition(loaded, moment)


@PROPERTY
@given(
    state=grown(),
    quiet=st.integers(0, 60),
    moment=moments() | st.sampled_from([NEVER, NEVER + MINUTE, NOW]),
    data=st.data(),
)
def test_property_open_since_read_in_either_way_is_its_definition(
    state: NetworkState, quiet: int, moment: dt.datetime, data: st.DataObject
) -> None:
    """With many quiet contacts the index is read contact by contact from
    the dates; with many open ones, in one pass: the same answer either way,
    before and after more changes (the dates then kept sorted)."""
    for n in range(quiet):
        state.apply(
            Change(
                summary="import",
                records=(Contact(id=f"q{n}", name=f"Quinn {n}", added_at=NOW),),
            )
        )
    assert open_ids(state, moment) == open_by_definition(state, moment)
    for n in range(data.draw(st.integers(0, 4))):
        state.apply(data.draw(changes(state, 3000 + n)))
        assert open_ids(state, moment) == open_by_definition(state, moment)


@PROPERTY
@given(
    state=grown(),
    strategy=st.sampled_from(STRATEGIES),
    now=WHEN | moments(),
    data=st.data(),
)
def test_property_whom_a_plan_passes_over_is_settled_and_quiet(
    state: NetworkState, strategy: Strategy, now: dt.datetime, data: st.DataObject
) -> None:
    """Everyone :meth:`_Planner.to_visit` leaves out has nothing to do at
    ``now`` and no setback to count; those visited keep the contacts' order."""
    goal = goal_for(strategy, state, data)
    planner = _Planner(state, strategy, goal, now, HORIZON)
    visit = planner.to_visit(frozenset())
    if visit is None:
        return
    visited = [contact.id for contact, _ in visit]
    assert visited == [i for i in state.contacts if i in set(visited)]
    for contact_id in state.contacts.keys() - set(visited):
        found = state.settled.get(contact_id)
        assert found is not None, contact_id
        assert _quiet(found, now, strategy.nudge_after, strategy.rest_for), found


SHORT = attrs.evolve(
    BUILTIN_STRATEGIES[0],
    nudge_after=dt.timedelta(days=3),
    rest_for=dt.timedelta(days=40),
)


@pytest.mark.parametrize("strategy", [BUILTIN_STRATEGIES[0], SHORT], ids=["7d", "3d"])
@pytest.mark.parametrize("kind", [InteractionKind.DECLINE, InteractionKind.NUDGE])
@pytest.mark.parametrize("minutes", [-2, -1, 0, 1, 2])
def test_the_edge_of_the_window_of_the_recently_settled(
    strategy: Strategy, kind: InteractionKind, minutes: int
) -> None:
    """Three people who declined, or stayed silent after a nudge, around the
    last moment they still count as setbacks: the plan (and its call on the
    fan club) is the reference planner's on both sides of the edge."""
    window = dt.timedelta(weeks=3) + (
        strategy.nudge_after if kind is InteractionKind.NUDGE else dt.timedelta(0)
    )
    at = NOW - window + minutes * MINUTE
    state = NetworkState(Seeker(name="Robin"))
    friend = Contact(id="f", name="Fay", added_at=NOW - 900 * DAY, fan_club=True)
    state.apply(Change(summary="add", records=(friend,)))
    for n in range(3):
        state.apply(
            Change(
                summary="answer",
                records=(
                    Contact(id=f"c{n}", name=f"Cole {n}", added_at=NOW - 900 * DAY),
                    Interaction(
                        id=f"a{n}",
                        contact_id=f"c{n}",
                        kind=InteractionKind.OUTREACH,
                        at=at - 5 * DAY,
                    ),
                    Interaction(id=f"b{n}", contact_id=f"c{n}", kind=kind, at=at),
                ),
            )
        )
    goal = attrs.evolve(
        Goal(id="g", scenario=strategy.scenario, set_at=NOW - 900 * DAY),
        target_companies={"Globex"},
    )
    for when in (NOW, NOW - MINUTE, NOW + MINUTE):
        expected = reference_planner.plan(state, strategy, now=when, goal=goal)
        assert plan(state, strategy, now=when, goal=goal) == expected


@attrs.frozen(kw_only=True)
class OwnIdea(JobSearchStrategy):
    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        return True


@attrs.frozen(kw_only=True)
class OwnTarget(JobSearchStrategy):
    def is_target(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        return True


@PROPERTY
@given(state=grown(), strategy=st.sampled_from(STRATEGIES), data=st.data())
def test_property_every_target_is_a_candidate(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    for goal in (goal_for(strategy, state, data), None):
        named = strategy.target_candidates(state, goal)
        if named is None:
            continue
        for contact in state.contacts.values():
            if strategy.is_target(contact, state, goal):
                assert contact.id in named, contact


@pytest.mark.parametrize("kind", [OwnIdea, OwnTarget])
def test_a_job_search_with_its_own_idea_of_a_target_names_no_candidates(
    kind: type[JobSearchStrategy],
) -> None:
    strategy = kind(**attrs.asdict(BUILTIN_STRATEGIES[0], recurse=False))
    state = NetworkState(Seeker(name="Robin"))
    goal = Goal(
        id="g",
        scenario=strategy.scenario,
        set_at=NOW,
        target_companies={"Globex"},
    )
    assert strategy.target_candidates(state, goal) is None
    assert BUILTIN_STRATEGIES[0].target_candidates(state, goal) == set()
    assert (
        Strategy(
            scenario="custom",
            summary="s",
            weekly_minutes=60,
            approaches_per_week=1,
            priorities={},
        ).target_candidates(state, goal)
        is None
    )


def test_candidates_are_the_people_at_the_companies_however_spelled() -> None:
    state = NetworkState(Seeker(name="Robin"))
    people = [
        Contact(id="a", name="Ann", added_at=NOW, company="Globex Corporation"),
        Contact(id="b", name="Ben", added_at=NOW, company="GLOBEX"),
        Contact(id="c", name="Cy", added_at=NOW, company="Initech"),
        Contact(id="d", name="Di", added_at=NOW, company="Initrode"),
        Contact(id="e", name="Ed", added_at=NOW),
        Contact(id="f", name="Flo", added_at=NOW, company="Inc"),
        Contact(id="g", name="Gus", added_at=NOW, company="Globex Labs"),
    ]
    state.apply(Change(summary="add", records=tuple(people)))
    goal = Goal(
        id="g",
        scenario=BUILTIN_STRATEGIES[0].scenario,
        set_at=NOW,
        target_companies={"Globex, Inc.", "Inc."},
        aliases={"initech"},
        target_contacts={"e"},
    )
    strategy = BUILTIN_STRATEGIES[0]
    assert strategy.target_candidates(state, goal) == {"a", "b", "c", "e", "f"}


def test_a_vocabulary_remembers_its_answers_and_forgets_when_full() -> None:
    roles = vocab.RECRUITING_ROLES.extend(["people partner"])
    assert roles.matches("Senior People Partner")
    assert roles.matches("Senior People Partner")  # remembered
    assert not roles.matches("Chief of Staff")
    assert not roles.matches("")
    assert not roles.matches(None)
    for n in range(vocab._REMEMBERED + 5):
        roles.matches(f"Recruiter {n}")
    assert len(roles._answers) <= vocab._REMEMBERED
    assert roles.matches("Talent Acquisition Lead")
    assert roles == vocab.RECRUITING_ROLES.extend(["people partner"])
    assert hash(roles) == hash(vocab.RECRUITING_ROLES.extend(["people partner"]))
    assert Ring.COLD.cadence is None
