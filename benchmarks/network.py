"""Figures on a whole network: import cost, loading, planning, memory."""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import careernet
from careernet.domain import Scenario

from .figures import Figure, median_seconds
from .synthetic import NOW, build_sqlite


def _import_seconds(statement: str, runs: int) -> float:
    """Median in-process time of ``statement`` in fresh interpreters."""
    code = (
        "import time; t = time.perf_counter(); "
        f"{statement}; print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def import_figure(*, quick: bool) -> list[Figure]:
    """Figure 1: ``import careernet`` against ``import attrs, pluggy``."""
    runs = 5 if quick else 31
    return [
        Figure(
            name="import careernet",
            value=_import_seconds("import careernet", runs),
            floor_name="import attrs, pluggy",
            floor=_import_seconds("import attrs, pluggy", runs),
            goal="<= 1.5",
            goal_ratio=1.5,
        )
    ]


def _raw_fetchall(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("SELECT kind, data FROM records ORDER BY rowid").fetchall()
    db.close()


def _open_and_load(path: Path) -> None:
    careernet.open(path, network="bench", autoload=False).close()


_MEMORY = """
import json, sys, tracemalloc
tracemalloc.start()
import careernet
network = careernet.open(sys.argv[1], network="bench", autoload=False)
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"peak": peak, "contacts": len(network.contacts)}))
"""


def network_figures(directory: Path, *, quick: bool) -> list[Figure]:
    """Figures 2, 3 and 8: loading, planning, and memory of a large network."""
    tiny, small, large = (30, 300, 3_000) if quick else (300, 3_000, 30_000)
    repeat = 3
    paths = {}
    for size in (tiny, small, large):
        paths[size] = directory / f"network-{size}.db"
        build_sqlite(paths[size], size)
    # The large network as an import leaves it: the tiny network's contacts
    # with their history, and the rest cold contacts with none.
    imported = directory / f"network-{large}-of-{tiny}.db"
    build_sqlite(imported, large, active=tiny)

    load = median_seconds(lambda: _open_and_load(paths[large]), repeat)
    fetch = median_seconds(lambda: _raw_fetchall(paths[large]), repeat)

    plans: dict[int | str, float] = {}
    first: dict[int | str, float] = {}
    networks: list[tuple[int | str, Path]] = [*paths.items(), ("imported", imported)]
    for which, path in networks:
        with careernet.open(path, network="bench", autoload=False) as network:
            network.set_goal(
                Scenario.UNEMPLOYED, target_companies=["Company 1", "Company 2"]
            )
            start = time.perf_counter()
            network.plan(now=NOW)  # the first plan also fills the per-contact memo
            first[which] = time.perf_counter() - start

            def again(network: careernet.Network = network) -> None:
                network.plan(now=NOW)

            plans[which] = median_seconds(again, 5)

    measured = json.loads(
        subprocess.run(
            [sys.executable, "-c", _MEMORY, str(paths[large])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    limit = 150 * 2**20
    return [
        Figure(
            name=f"open and load {large:,} contacts",
            value=load,
            floor_name="raw sqlite3 fetchall of the same rows",
            floor=fetch,
            goal="<= 4",
            goal_ratio=4.0,
        ),
        Figure(
            name=f"the week's plan, {large:,} contacts",
            value=plans[large],
            floor_name=f"the same with {small:,} contacts",
            floor=plans[small],
            goal="<= 12",
            goal_ratio=12.0,
        ),
        Figure(
            name=f"the week's plan, {large:,} contacts",
            value=plans[large],
            floor_name=f"the same with {tiny:,} contacts",
            floor=plans[tiny],
            goal="<= 3",
            goal_ratio=3.0,
        ),
        Figure(
            name=f"the week's plan, {large:,} contacts, {tiny:,} with a history",
            value=plans["imported"],
            floor_name=f"the same {tiny:,} contacts alone",
            floor=plans[tiny],
            goal="<= 3",
            goal_ratio=3.0,
        ),
        Figure(
            name=f"first plan after loading, {large:,} contacts",
            value=first[large],
            floor_name="the warm plan, the same network",
            floor=plans[large],
            goal="<= 2",
            goal_ratio=2.0,
        ),
        Figure(
            name=f"the week's plan, {large:,} contacts",
            value=plans[large],
            floor_name="the 50 ms budget",
            floor=0.050,
            # An absolute time on a shared machine is information, not a goal;
            # the ratio to the 300-contact plan is the goal.
            goal="(info)",
            goal_ratio=float("inf"),
        ),
        Figure(
            name=f"first plan after loading, {large:,} contacts",
            value=first[large],
            floor_name="the 50 ms budget",
            floor=0.050,
            goal="(info)",
            goal_ratio=float("inf"),
        ),
        Figure(
            name=f"peak memory, {large:,} contacts loaded",
            value=measured["peak"],
            floor_name="150 MB above the bare interpreter",
            floor=limit,
            goal="<= 1",
            goal_ratio=1.0,
            unit="bytes",
        ),
    ]
