"""A seeker's first week with careernet, using only the pure domain core.

Builds Alex Rivera's sample network, sets the goal for a scenario and prints
the week's plan, the funnel and the ledger. Run it with a scenario name:

    python examples/first_week.py career_change
"""

from __future__ import annotations

import datetime as dt
import sys

from careernet.domain import (
    Ring,
    Scenario,
    default_registry,
    metrics,
    plan,
    totals,
)
from careernet.sample import sample_goal, sample_network


def main(argv: list[str]) -> int:
    names = [s.value for s in Scenario]
    scenario = argv[1] if len(argv) > 1 else Scenario.UNEMPLOYED.value
    if scenario not in names:
        print(f"Unknown scenario {scenario!r}; choose one of {', '.join(names)}.")
        return 2
    now = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    network = sample_network(now)
    network.apply(network.set_goal(sample_goal(scenario, now)))
    strategy = default_registry().get(scenario)

    week = plan(network, strategy, now=now)
    print(f"{network.seeker.name}: {scenario.replace('_', ' ')}")
    print(f"  {strategy.summary}")
    print(
        f"\nThe week's plan ({week.planned_minutes} of {week.budget_minutes} "
        f"minutes, {week.committed_minutes} already in meetings):"
    )
    for number, action in enumerate(week.actions, 1):
        print(f"{number:3}. [{action.kind.value}] {action.reason}")
    if week.deferred:
        print(f"  ...and {len(week.deferred)} more for when there is time.")
    for advice in week.advice:
        print(f"  ! {advice.message}")

    funnel = metrics(network, since=now - dt.timedelta(days=180), until=now)
    print("\nThe funnel:")
    for ring in Ring:
        print(f"  {ring.name:<9} {'#' * funnel.sizes[ring]} {funnel.sizes[ring]}")
    print(f"  {funnel.converted} moved inward in the last 180 days")

    ledger = totals(network)
    print(
        f"\nThe ledger: {ledger.gives} given, {ledger.asks} asked, "
        f"{ledger.received} received, {ledger.thanks} thanks (net {ledger.net:+d})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
