"""Run the benchmarks and print each figure next to its floor.

    python -m benchmarks.run [--quick] [--json PATH] [--only GROUP ...]

Timings on shared machines are noisy, so every figure is reported as a ratio
to a floor measured in the same run, never as an absolute budget.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

import attrs

import careernet
from careernet.domain import InteractionKind

from .calendar import calendar_figures
from .draw import draw_figures
from .figures import Figure, median_seconds, shown
from .imports import import_figures
from .mail import mail_figures
from .network import import_figure, network_figures
from .postgres import postgres_figures
from .readers import reader_figures
from .synthetic import build_sqlite


def record_one_interaction(
    directory: Path, sizes: tuple[int, int], repeat: int
) -> list[Figure]:
    """Figure: logging one interaction, small vs large network, and vs raw SQLite."""
    medians = {}
    for size in sizes:
        path = directory / f"net-{size}.db"
        build_sqlite(path, size)
        with careernet.open(path, network="bench", autoload=False) as network:
            contact = network.contacts[size // 2].id

            def log(
                network: careernet.Network = network, contact: str = contact
            ) -> None:
                network.log(contact, InteractionKind.MESSAGE)

            medians[size] = median_seconds(log, repeat)
    raw_path = directory / "raw.db"
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)")
    payload = json.dumps({"kind": "message", "at": "2026-11-24T09:00:00+00:00"})

    def raw_insert() -> None:
        raw.execute("BEGIN")
        raw.execute("INSERT INTO t (data) VALUES (?)", (payload,))
        raw.execute("COMMIT")

    floor = median_seconds(raw_insert, repeat)
    raw.close()
    small, large = sizes
    return [
        Figure(
            name=f"record one interaction, {large:,} contacts",
            value=medians[large],
            floor_name=f"the same with {small:,} contacts",
            floor=medians[small],
            goal="<= 1.5",
            goal_ratio=1.5,
        ),
        Figure(
            name=f"record one interaction, {large:,} contacts",
            value=medians[large],
            floor_name="raw INSERT + COMMIT",
            floor=floor,
            goal="<= 3",
            goal_ratio=3.0,
        ),
    ]


GROUPS = (
    "startup",
    "network",
    "record",
    "calendar",
    "imports",
    "readers",
    "draw",
    "mail",
    "postgres",
)
"""The groups of figures ``--only`` picks from, in the order they run."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, for a smoke run"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--only",
        choices=GROUPS,
        action="append",
        help="run only this group of figures (may be given several times)",
    )
    args = parser.parse_args(argv)
    only = set(args.only or GROUPS)
    sizes, repeat = ((30, 300), 5) if args.quick else ((300, 30_000), 200)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        loading: list[Figure] = []
        if "startup" in only:
            figures += import_figure(quick=args.quick)
        if "network" in only:
            loading = network_figures(Path(tmp), quick=args.quick)
            figures += loading[:-1]
        if "record" in only:
            figures += record_one_interaction(Path(tmp), sizes, repeat)
        if "calendar" in only:
            figures += calendar_figures(Path(tmp), quick=args.quick)
        if "imports" in only:
            figures += import_figures(Path(tmp), quick=args.quick)
        if "readers" in only:
            figures += reader_figures(Path(tmp), quick=args.quick)
        if "draw" in only:
            figures += draw_figures(quick=args.quick)
        if "mail" in only:
            figures += mail_figures(Path(tmp), quick=args.quick)
        figures += loading[-1:]
        if "postgres" in only:
            figures += postgres_figures(Path(tmp), quick=args.quick)
    print(
        f"careernet benchmarks on {platform.machine()} {platform.system()}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"{'figure':<44} {'value':>10} {'floor':>10} {'ratio':>7} {'goal':>7}  floor is"
    )
    for f in figures:
        mark = "ok" if f.met else "MISSED"
        print(
            f"{f.name:<44} {shown(f.value, f.unit):>10} {shown(f.floor, f.unit):>10} "
            f"{f.ratio:>7.3g} {f.goal:>7}  {f.floor_name} [{mark}]"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": platform.platform(),
                    "python": platform.python_version(),
                    "figures": [
                        {**attrs.asdict(f), "ratio": f.ratio, "met": f.met}
                        for f in figures
                    ],
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
