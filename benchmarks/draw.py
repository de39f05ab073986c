"""Figure 9: drawing the rings of a large network, in time and in bytes."""

from __future__ import annotations

from careernet import draw
from careernet.domain import Goal, NetworkState, Scenario, Seeker, default_registry

from .figures import Figure, median_seconds
from .synthetic import NOW, records

BUDGET_SECONDS = 1.0
"""The rings of 30,000 contacts draw in under a second."""

BUDGET_BYTES = 2 * 2**20
"""...and their SVG stays under 2 MB."""


def draw_figures(*, quick: bool) -> list[Figure]:
    """The rings of a synthetic network with 10 interactions a contact."""
    size, repeat = (3_000, 3) if quick else (30_000, 5)
    state = NetworkState.from_records(
        Seeker(name="Bench Seeker", company="Company 0"), list(records(size, 10))
    )
    goal = Goal(
        id="goal",
        scenario=Scenario.UNEMPLOYED,
        set_at=NOW,
        target_companies={f"Company {n}" for n in range(1, 11)},
    )
    state.apply(state.set_goal(goal))
    strategy = default_registry().get(Scenario.UNEMPLOYED)

    def rings() -> draw.Picture:
        return draw.rings(state, strategy, now=NOW)

    seconds = median_seconds(rings, repeat)
    size_bytes = len(rings().svg.encode())
    return [
        Figure(
            name=f"draw the rings of {size:,} contacts",
            value=seconds,
            floor_name="the 1 s budget",
            floor=BUDGET_SECONDS,
            goal="<= 1",
            goal_ratio=1.0,
        ),
        Figure(
            name=f"SVG of the rings of {size:,} contacts",
            value=size_bytes,
            floor_name="the 2 MB budget",
            floor=BUDGET_BYTES,
            goal="<= 1",
            goal_ratio=1.0,
            unit="bytes",
        ),
    ]
