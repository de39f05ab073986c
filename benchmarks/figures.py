"""What a benchmark figure is, and how it is timed."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import attrs


@attrs.frozen
class Figure:
    """One measured figure, its floor and the goal for their ratio."""

    name: str
    value: float
    floor_name: str
    floor: float
    goal: str
    goal_ratio: float
    unit: str = "seconds"

    @property
    def ratio(self) -> float:
        return self.value / self.floor

    @property
    def met(self) -> bool:
        return self.ratio <= self.goal_ratio


def shown(value: float, unit: str) -> str:
    """A value for the table: milliseconds, or megabytes."""
    if unit == "bytes":
        return f"{value / 2**20:.1f}MB"
    return f"{value * 1e3:.3f}ms"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
