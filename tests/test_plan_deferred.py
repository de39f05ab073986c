"""A plan's deferred steps are built on first access and behave as a tuple."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
from careernet.domain import (
    BUILTIN_STRATEGIES,
    Action,
    ActionKind,
    NetworkState,
    Plan,
    Strategy,
    plan,
)
from careernet.domain.actions import DeferredActions
from careernet.sample import sample_goal, sample_network
from tests import reference_planner
from tests.conftest import NOW
from tests.test_planner_reference import STRATEGIES, WHEN, changes, goal_for, grown


def action(n: int) -> Action:
    return Action(
        kind=ActionKind.NUDGE,
        key=f"nudge:c{n}",
        reason=f"Nudge number {n}.",
        due=NOW + dt.timedelta(hours=n),
        priority=n % 3,
        minutes=5,
        contact_id=f"c{n}",
    )


class Counted:
    """A build function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, n: int) -> Action:
        self.calls += 1
        return action(n)


@settings(max_examples=100, deadline=None)
@given(
    items=st.lists(st.integers(0, 50), max_size=12),
    index=st.integers(-15, 15),
    start=st.none() | st.integers(-15, 15),
    stop=st.none() | st.integers(-15, 15),
)
def test_property_deferred_actions_behave_as_their_tuple(
    items: list[int], index: int, start: int | None, stop: int | None
) -> None:
    build = Counted()
    lazy = DeferredActions(items, build)
    expected = tuple(action(n) for n in items)
    assert len(lazy) == len(expected)
    assert bool(lazy) == bool(expected)
    assert build.calls == 0  # counting builds nothing
    assert lazy == expected
    assert expected == lazy
    assert not (lazy != expected)  # noqa: SIM202 - the reflected operator
    assert build.calls == len(items)  # built once, all together
    assert list(lazy) == list(expected)
    assert list(reversed(lazy)) == list(reversed(expected))
    assert lazy[start:stop] == expected[start:stop]
    if -len(expected) <= index < len(expected):
        assert lazy[index] == expected[index]
        assert expected[index] in lazy
    assert hash(lazy) == hash(expected)
    assert repr(lazy) == repr(expected)
    assert lazy + expected == expected + expected
    assert expected + lazy == expected + expected
    assert pickle.loads(pickle.dumps(lazy)) == expected
    assert lazy == DeferredActions(items, action)
    assert lazy != list(expected)  # as a tuple: never equal to a list
    assert build.calls == len(items)


def test_a_plan_keeps_a_given_deferred_sequence_as_a_tuple() -> None:
    made = Plan(
        now=NOW, scenario="s", budget_minutes=60, committed_minutes=0, actions=()
    )
    assert made.deferred == ()
    listed = attrs.evolve(made, deferred=[action(1), action(2)])
    assert listed.deferred == (action(1), action(2))
    assert isinstance(listed.deferred, tuple)
    assert listed.parts() == (action(1), action(2))


def sample(strategy: Strategy) -> Plan:
    state = sample_network(NOW)
    goal = attrs.evolve(sample_goal(strategy.scenario, NOW), weekly_minutes=30)
    return plan(state, strategy, now=NOW, goal=goal)


def built(deferred: object) -> bool:
    assert isinstance(deferred, DeferredActions)
    return deferred._built is not None


def test_the_planner_defers_lazily_and_counts_without_building() -> None:
    made = sample(BUILTIN_STRATEGIES[0])
    assert isinstance(made.deferred, DeferredActions)
    assert len(made.deferred) > 3
    assert not built(made.deferred)
    steps = made.parts()
    assert built(made.deferred)
    assert steps == tuple(p for a in (*made.actions, *made.deferred) for p in a.steps)
    assert all(isinstance(a, Action) for a in made.deferred)


def test_deferred_steps_convert_to_builtins_as_a_list() -> None:
    made = sample(BUILTIN_STRATEGIES[0])
    eager = attrs.evolve(made, deferred=tuple(made.deferred))
    shape = careernet.to_builtins(made)
    assert shape == careernet.to_builtins(eager)
    assert isinstance(shape["deferred"], list)
    assert len(shape["deferred"]) == len(made.deferred)


@settings(max_examples=80, deadline=None)
@given(state=grown(), strategy=st.sampled_from(STRATEGIES), data=st.data())
def test_property_deferred_steps_read_later_are_those_of_their_moment(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    """Records applied after a plan (renames, new interactions) do not change
    the deferred steps it builds later."""
    goal = attrs.evolve(goal_for(strategy, state, data), weekly_minutes=15)
    now = data.draw(WHEN)
    made = plan(state, strategy, now=now, goal=goal)
    expected = reference_planner.plan(state, strategy, now=now, goal=goal)
    for n in range(data.draw(st.integers(1, 6))):
        state.apply(data.draw(changes(state, 2000 + n)))
    assert made == expected
    assert tuple(made.deferred) == tuple(expected.deferred)
