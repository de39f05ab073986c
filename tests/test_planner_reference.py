"""The indexed planner makes exactly the plan of the plain reference planner.

``tests/reference_planner.py`` is the planner as it was before it read the
network's indexes. These properties compare the two on generated networks,
on the sample network and the demo, and after further records are applied
one change at a time (the indexes are maintained, not rebuilt), and on the
same records rebuilt with ``NetworkState.from_records`` (indexes built
during the load).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

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
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingStatus,
    NetworkState,
    Record,
    Ring,
    Seeker,
    Strategy,
    Transition,
    plan,
)
from careernet.domain.approaches import NEVER, quiet_from
from careernet.domain.strategies import JobSearchStrategy
from careernet.domain.view import NetworkView, Settled
from careernet.sample import sample_goal, sample_network
from tests import reference_planner
from tests.conftest import NOW
from tests.test_planner import cases

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
COMPANIES = (None, "Acme", "Globex", "Initech")
ROLES = (None, "Technical Recruiter", "Engineering Manager", "Analyst")
FIELDS = (None, "user research")
PROPERTY = settings(max_examples=150, deadline=None)


@attrs.frozen(kw_only=True)
class OwnTargets(JobSearchStrategy):
    """A plugin's job search with its own idea of a target: the plan may
    not narrow the targets to the goal's companies then."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        return contact.role is not None and "Analyst" in contact.role


@attrs.frozen(kw_only=True)
class ListedTargets(JobSearchStrategy):
    """Names its candidates as a list, with repeats and people unknown."""

    def target_candidates(
        self, state: NetworkView, goal: Goal | None
    ) -> Collection[str] | None:
        named = super().target_candidates(state, goal)
        return None if named is None else [*named, *named, "nobody"]


STRATEGIES = (
    *BUILTIN_STRATEGIES,
    OwnTargets(**attrs.asdict(BUILTIN_STRATEGIES[0], recurse=False)),
    ListedTargets(**attrs.asdict(BUILTIN_STRATEGIES[0], recurse=False)),
    # A plugin's strategy may keep every ring warm and give to all of them,
    # cold contacts included: then nobody may be passed over for a give.
    attrs.evolve(BUILTIN_STRATEGIES[-1], keep_warm=frozenset(Ring), helps_others=True),
    # Short waits: a rest ends within the three weeks setbacks are counted.
    attrs.evolve(
        BUILTIN_STRATEGIES[0],
        nudge_after=dt.timedelta(days=3),
        rest_for=dt.timedelta(days=10),
    ),
)


def same_plans(
    state: NetworkState, strategy: Strategy, goal: Goal | None, now: dt.datetime
) -> None:
    """The indexed and the reference planner agree at ``now``, on the state
    and on the same records loaded afresh."""
    expected = reference_planner.plan(state, strategy, now=now, goal=goal)
    assert plan(state, strategy, now=now, goal=goal) == expected
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert plan(loaded, strategy, now=now, goal=goal) == expected


@st.composite
def moments(draw: st.DrawFn) -> dt.datetime:
    """Mostly before NOW, sometimes after it (records planned in the past)."""
    minutes = draw(st.integers(-400 * 24 * 60, 30 * 24 * 60))
    return NOW + minutes * MINUTE


@st.composite
def contacts(draw: st.DrawFn, n: int, earlier: list[str]) -> Contact:
    """A contact; most are plain cold ones, as in a large imported network."""
    plain = draw(st.booleans())
    return Contact(
        id=f"c{n}",
        name=draw(st.sampled_from(["Ann", "ann", "Ben", "Zoë", "Ola"])),
        ring=Ring.COLD if plain else draw(st.sampled_from(Ring)),
        added_at=draw(moments()),
        company=draw(st.sampled_from(COMPANIES)),
        role=draw(st.sampled_from(ROLES)),
        field=draw(st.sampled_from(FIELDS)),
        introduced_by=None
        if plain or not earlier
        else draw(st.none() | st.sampled_from(earlier)),
        tribe=not plain and draw(st.booleans()),
        fan_club=not plain and draw(st.booleans()),
        cadence_days=None if plain else draw(st.none() | st.integers(1, 120)),
    )


@st.composite
def thread_records(draw: st.DrawFn, ids: list[str], n: int) -> Record:
    """One interaction, entry, meeting or ring move with a known contact; ids
    repeat sometimes, so a record replaces an earlier one of the same contact."""
    contact_id = draw(st.sampled_from(ids))
    number = draw(st.integers(0, n))
    what = draw(st.sampled_from(["interaction"] * 4 + ["entry", "meeting", "move"]))
    at = draw(moments())
    if what == "interaction":
        return Interaction(
            id=f"i{number}-{contact_id}",
            contact_id=contact_id,
            kind=draw(st.sampled_from(InteractionKind)),
            at=at,
        )
    if what == "entry":
        return LedgerEntry(
            id=f"l{number}-{contact_id}",
            contact_id=contact_id,
            kind=draw(st.sampled_from(LedgerKind)),
            at=at,
            what="Something useful",
        )
    if what == "meeting":
        status = draw(st.sampled_from(MeetingStatus))
        return Meeting(
            id=f"m{number}-{contact_id}",
            contact_id=contact_id,
            scheduled_at=at,
            created_at=at - DAY,
            updated_at=at + MINUTE,
            purpose="Learn about the team",
            status=status,
            duration=draw(st.sampled_from([15, 30, 90])) * MINUTE,
        )
    return Transition(
        id=f"t{number}-{contact_id}",
        contact_id=contact_id,
        from_ring=Ring.COLD,
        to_ring=draw(st.sampled_from(Ring)),
        at=at,
    )


@st.composite
def edits(draw: st.DrawFn, state: NetworkState) -> Contact:
    """A stored contact replaced: another ring, referrer, fan club or cadence."""
    contact = state.contacts[draw(st.sampled_from(sorted(state.contacts)))]
    others = [i for i in state.contacts if i != contact.id]
    return attrs.evolve(
        contact,
        ring=draw(st.sampled_from(Ring)),
        fan_club=draw(st.booleans()),
        cadence_days=draw(st.none() | st.integers(1, 60)),
        introduced_by=draw(st.none() | st.sampled_from(others)) if others else None,
    )


@st.composite
def changes(draw: st.DrawFn, state: NetworkState, n: int) -> Change:
    ids = sorted(state.contacts)
    kind = draw(st.sampled_from(["thread", "thread", "thread", "edit", "contact"]))
    if kind == "contact" or not ids:
        return Change(summary="add", records=(draw(contacts(n + 100, ids)),))
    if kind == "edit":
        return Change(summary="edit", records=(draw(edits(state)),))
    return Change(summary="log", records=(draw(thread_records(ids, n)),))


@st.composite
def grown(draw: st.DrawFn) -> NetworkState:
    state = NetworkState(Seeker(name="Robin", company="Acme"))
    ids: list[str] = []
    for n in range(draw(st.integers(1, 12))):
        contact = draw(contacts(n, ids))
        state.apply(Change(summary="add", records=(contact,)))
        ids.append(contact.id)
    for n in range(draw(st.integers(0, 25))):
        state.apply(Change(summary="log", records=(draw(thread_records(ids, n)),)))
    return state


def goal_for(strategy: Strategy, state: NetworkState, data: st.DataObject) -> Goal:
    goal = sample_goal(strategy.scenario, NOW)
    targets = data.draw(
        st.frozensets(st.sampled_from(sorted(state.contacts)), max_size=2)
        if state.contacts
        else st.just(frozenset[str]())
    )
    companies = data.draw(
        st.none() | st.frozensets(st.sampled_from(TARGET_NAMES), max_size=3)
    )
    goal = attrs.evolve(
        goal,
        target_contacts=targets,
        weekly_minutes=data.draw(st.none() | st.integers(1, 600)),
    )
    if companies is None:
        return goal
    aliases = data.draw(st.frozensets(st.sampled_from(TARGET_NAMES), max_size=1))
    return attrs.evolve(goal, target_companies=companies, aliases=aliases)


TARGET_NAMES = ("Globex, Inc.", "ACME", "initech corp", "Hooli", "Inc.")
"""Target companies as goals spell them: with legal forms, in other cases,
unknown to the network, or nothing but a legal form."""


WHEN = st.sampled_from([NOW, NOW - 20 * DAY, NOW + 9 * DAY, NOW - 400 * DAY])


@PROPERTY
@given(state=grown(), strategy=st.sampled_from(STRATEGIES), data=st.data())
def test_property_the_indexed_plan_is_the_reference_plan(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    goal = goal_for(strategy, state, data)
    same_plans(state, strategy, goal, data.draw(WHEN))
    same_plans(state, strategy, None, data.draw(WHEN))


@PROPERTY
@given(state=grown(), strategy=st.sampled_from(STRATEGIES), data=st.data())
def test_property_plans_agree_as_changes_are_applied_one_by_one(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    goal = goal_for(strategy, state, data)
    now = data.draw(WHEN)
    same_plans(state, strategy, goal, now)
    for n in range(data.draw(st.integers(1, 8))):
        state.apply(data.draw(changes(state, 1000 + n)))
        expected = reference_planner.plan(state, strategy, now=now, goal=goal)
        assert plan(state, strategy, now=now, goal=goal) == expected
    same_plans(state, strategy, goal, now)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_property_plans_agree_on_the_planner_tests_networks(
    case: tuple[NetworkState, Strategy, Goal],
) -> None:
    state, strategy, goal = case
    same_plans(state, strategy, goal, NOW)


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: s.scenario)
@pytest.mark.parametrize("days", [-60, -7, 0, 3, 30, 120])
def test_plans_agree_on_the_sample_network(strategy: Strategy, days: int) -> None:
    """The sample network is also what ``careernet demo`` builds."""
    state = sample_network(NOW)
    goal = sample_goal(strategy.scenario, NOW)
    now = NOW + days * DAY
    same_plans(state, strategy, goal, now)
    same_plans(state, strategy, None, now)


def test_a_replaced_interaction_no_longer_counts_as_the_last_touch() -> None:
    """Applying records one by one gives the network loading them gives: a
    rewritten interaction's old moment is not kept as the last touch."""
    state = NetworkState(Seeker(name="Robin"))
    contact = Contact(id="c", name="Ann", added_at=NOW - 90 * DAY)
    state.apply(Change(summary="add", records=(contact,)))
    for at in (NOW - DAY, NOW - 30 * DAY):
        interaction = Interaction(
            id="i", contact_id="c", kind=InteractionKind.OUTREACH, at=at
        )
        state.apply(Change(summary="log", records=(interaction,)))

    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert state.last_touch("c") == loaded.last_touch("c") == NOW - 30 * DAY
    assert state.settled == loaded.settled == {}


def test_settled_follows_a_contact_replaced_and_their_approaches() -> None:
    state = NetworkState(Seeker(name="Robin"))
    contact = Contact(id="c", name="Ann", added_at=NOW - 90 * DAY)
    state.apply(Change(summary="add", records=(contact,)))
    assert state.settled["c"] == Settled(NEVER)

    def log(kind: InteractionKind, at: dt.datetime, n: int) -> None:
        interaction = Interaction(id=f"i{n}", contact_id="c", kind=kind, at=at)
        state.apply(Change(summary="log", records=(interaction,)))

    log(InteractionKind.OUTREACH, NOW - 20 * DAY, 1)
    assert "c" not in state.settled  # awaiting an answer, then a nudge
    log(InteractionKind.REPLY, NOW - 10 * DAY, 2)
    assert state.settled["c"] == Settled(NOW - 10 * DAY)
    log(InteractionKind.NUDGE, NOW - 5 * DAY, 3)
    assert state.settled["c"] == Settled(NOW - 10 * DAY)  # a nudge opens nothing
    moved = attrs.evolve(contact, ring=Ring.BUDDY)
    state.apply(Change(summary="move", records=(moved,)))
    assert "c" not in state.settled  # a cadence to keep
    state.apply(Change(summary="back", records=(contact,)))
    assert state.settled["c"] == Settled(NOW - 10 * DAY)
    log(InteractionKind.DECLINE, NOW - 10 * DAY, 4)  # the same moment
    # "decline" sorts after "answer": a rest follows.
    assert state.settled["c"] == Settled(NOW - 10 * DAY, rests=True)
    log(InteractionKind.OUTREACH, NOW - 4 * DAY, 5)
    assert "c" not in state.settled
    log(InteractionKind.NUDGE, NOW - 4 * DAY, 0)  # same moment, sorts after
    found = Settled(NOW - 4 * DAY, nudged=True, rests=True)
    assert state.settled["c"] == found
    assert quiet_from(found, nudge_after=7 * DAY, rest_for=90 * DAY) == NOW + 93 * DAY


def test_a_rest_ending_past_the_last_moment_is_never_quiet() -> None:
    found = Settled(dt.datetime.max.replace(tzinfo=dt.UTC) - DAY, rests=True)
    assert quiet_from(found) is None


@pytest.mark.parametrize("days_after_nudge", [9, 11, 12, 13, 14, 30])
def test_silences_after_a_nudge_count_as_setbacks_until_the_rest_ends(
    days_after_nudge: int,
) -> None:
    """Three people nudged and silent rest after the wait for the nudge's
    answer; while they rest (and within three weeks) they are setbacks, which
    call for the fan club: nobody may be passed over before their rest ends."""
    strategy = STRATEGIES[-1]  # waits 3 days for an answer, rests 10
    state = NetworkState(Seeker(name="Robin"))
    friend = Contact(id="f", name="Fay", added_at=NOW - 90 * DAY, fan_club=True)
    state.apply(Change(summary="add", records=(friend,)))
    nudged = NOW - days_after_nudge * DAY
    for n in range(3):
        state.apply(
            Change(
                summary="silence",
                records=(
                    Contact(id=f"c{n}", name=f"Cole {n}", added_at=NOW - 90 * DAY),
                    Interaction(
                        id=f"a{n}",
                        contact_id=f"c{n}",
                        kind=InteractionKind.OUTREACH,
                        at=nudged - 5 * DAY,
                    ),
                    Interaction(
                        id=f"n{n}",
                        contact_id=f"c{n}",
                        kind=InteractionKind.NUDGE,
                        at=nudged,
                    ),
                ),
            )
        )
    goal = sample_goal(strategy.scenario, NOW)
    same_plans(state, strategy, goal, NOW)
    fan_club = reference_planner.plan(state, strategy, now=NOW, goal=goal)
    kinds = {part.kind.value for a in fan_club.actions for part in (a, *a.parts)}
    assert ("fan_club" in kinds) == (days_after_nudge <= 12)
