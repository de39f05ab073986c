"""The strategy contract suite.

Subclass :class:`StrategyContract` in your plugin's tests (with a name
starting with ``Test``), and override :meth:`~StrategyContract.make_strategy`
and, if your plugin offers the strategy through the hooks,
:meth:`~StrategyContract.make_plugin`::

    from careernet.testing import StrategyContract

    class TestNewGraduate(StrategyContract):
        def make_strategy(self):
            return NEW_GRADUATE

        def make_plugin(self):
            return careernet_new_graduate  # the module with the hooks

The suite plans careernet's sample network with your strategy and checks
what the planner and the facade rely on: a frozen strategy with a scenario
name, answers of the right types for every contact, a plan within the
week's budget that never involves an excluded person, and hooks that
answer for the strategy's own scenario only.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import careernet
from careernet.domain import Goal, Strategy, plan
from careernet.sample import sample_network

__all__ = ["StrategyContract"]

_NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


class StrategyContract:
    """The tests every strategy plugin should pass."""

    def make_strategy(self) -> Strategy:
        """Return the strategy under test."""
        raise NotImplementedError("Override make_strategy() to return your strategy.")

    def make_plugin(self) -> object | None:
        """Return the plugin offering the strategy, or ``None`` to skip those tests."""
        return None

    def make_goal(self, strategy: Strategy) -> Goal:
        """The goal the suite plans for; override to add targets."""
        return Goal(id="contract-goal", scenario=strategy.scenario, set_at=_NOW)

    def test_it_is_a_frozen_strategy_with_a_scenario(self) -> None:
        strategy = self.make_strategy()
        assert isinstance(strategy, Strategy)
        assert strategy.scenario
        assert strategy.scenario == strategy.scenario.strip()
        assert strategy.weekly_minutes >= 0
        assert attrs.evolve(strategy) == strategy
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            strategy.weekly_minutes = 1  # type: ignore[misc]

    def test_it_answers_for_every_contact_with_booleans(self) -> None:
        strategy = self.make_strategy()
        state = sample_network(_NOW)
        goal = self.make_goal(strategy)
        for contact in state.contacts.values():
            assert isinstance(strategy.is_excluded(contact, state, goal), bool)
            assert isinstance(strategy.matches(contact, state, goal), bool)
            assert isinstance(strategy.is_target(contact, state, goal), bool)

    def test_every_target_is_among_its_candidates(self) -> None:
        """:meth:`Strategy.target_candidates` may name more than the
        targets, never fewer: a plan asks only those it names."""
        strategy = self.make_strategy()
        state = sample_network(_NOW)
        for goal in (self.make_goal(strategy), None):
            named = strategy.target_candidates(state, goal)
            if named is None:
                continue
            for contact in state.contacts.values():
                if strategy.is_target(contact, state, goal):
                    assert contact.id in named, contact

    def test_a_plan_stays_within_the_budget_and_leaves_out_the_excluded(
        self,
    ) -> None:
        strategy = self.make_strategy()
        state = sample_network(_NOW)
        state.apply(state.set_goal(self.make_goal(strategy)))
        made = plan(state, strategy, now=_NOW)
        assert made.scenario == strategy.scenario
        assert (
            made.planned_minutes <= max(made.budget_minutes - made.committed_minutes, 0)
            or not made.actions
        )
        goal = state.active_goal
        excluded = {
            c.id
            for c in state.contacts.values()
            if strategy.is_excluded(c, state, goal)
        }
        for action in made.actions:
            assert action.contact_id not in excluded, action
            assert action.via_id not in excluded, action

    def test_the_plugin_answers_for_its_scenario_only(self) -> None:
        plugin = self.make_plugin()
        if plugin is None:
            pytest.skip("make_plugin() returns None: no hooks to check")
        strategy = self.make_strategy()
        with careernet.open_store("memory:", plugins=[plugin], autoload=False) as store:
            assert store.strategy(strategy.scenario) == strategy
            assert strategy.scenario in store.strategies
            assert store.hooks.strategy("no-such-scenario-" + strategy.scenario) is None

    def test_a_network_can_set_it_as_its_goal_and_plan(self) -> None:
        plugin = self.make_plugin()
        if plugin is None:
            pytest.skip("make_plugin() returns None: no hooks to check")
        strategy = self.make_strategy()
        with careernet.open(
            "memory:", plugins=[plugin], autoload=False, clock=lambda: _NOW
        ) as network:
            network.add_contact("Ann Lee", company="Globex")
            network.set_goal(strategy.scenario)
            assert network.strategy == strategy
            assert network.plan().scenario == strategy.scenario
