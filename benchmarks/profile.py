"""Where the time of the missed figures goes, for the performance page.

    python -m benchmarks.profile [--quick] [--json PATH]

Loading is timed stage by stage with the cyclic collector off, as loading
runs; the warm plan and the LinkedIn import are profiled with cProfile and
their heaviest functions (by time spent inside them) listed. With ``--json``
the result is stored as the ``profile`` of an existing results file (see
``benchmarks/render.py``), leaving its runs as they are.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import careernet
from careernet import _convert
from careernet.domain import NetworkState, Scenario, Seeker

from .imports import write_connections
from .synthetic import NOW, build_sqlite

TOP = 8


def _load_stages(path: Path) -> list[list[Any]]:
    db = sqlite3.connect(path)
    gc.disable()
    try:
        start = time.perf_counter()
        rows = db.execute(
            "SELECT kind, data FROM records WHERE network_id = ? ORDER BY rowid",
            ("bench",),
        ).fetchall()
        fetched = time.perf_counter()
        parsed = [(kind, _convert.loads(data)) for kind, data in rows]
        decoded = time.perf_counter()
        records = [_convert.load_record(kind, data) for kind, data in parsed]
        built = time.perf_counter()
        NetworkState.from_records(Seeker(name="Bench Seeker"), records)
        folded = time.perf_counter()
    finally:
        gc.enable()
        db.close()
    return [
        ["fetch the rows", fetched - start],
        ["parse their JSON", decoded - fetched],
        ["build the records", built - decoded],
        ["NetworkState.from_records (threads and indexes)", folded - built],
    ]


def _heaviest(profile: cProfile.Profile) -> list[list[Any]]:
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    rows = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:TOP]
    listed = []
    for (filename, line, function), (_, calls, inside, _, _) in rows:
        where = filename.rsplit("/src/", 1)[-1].rsplit("/lib/", 1)[-1]
        listed.append([f"{function} ({where}:{line})", calls, inside / total])
    return listed


def profile(directory: Path, *, quick: bool) -> dict[str, Any]:
    """The load stages and the heaviest functions of a plan and an import."""
    size, rows = (3_000, 3_000) if quick else (30_000, 30_000)
    path = directory / "profiled.db"
    build_sqlite(path, size)
    stages = _load_stages(path)
    with careernet.open(path, network="bench", autoload=False) as network:
        network.set_goal(
            Scenario.UNEMPLOYED, target_companies=["Company 1", "Company 2"]
        )
        network.plan(now=NOW)
        planner = cProfile.Profile()
        planner.runcall(network.plan, now=NOW)
    source = directory / "Connections.csv"
    write_connections(source, rows)
    importer = cProfile.Profile()
    with careernet.open(directory / "imported.db", autoload=False) as network:
        importer.runcall(network.import_linkedin, source)
    return {
        "contacts": size,
        "load_stages": stages,
        "plan": _heaviest(planner),
        "import": _heaviest(importer),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--json", type=Path, help="a results file to store it in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        found = profile(Path(tmp), quick=args.quick)
    if args.json:
        results = json.loads(args.json.read_text())
        results["profile"] = found
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    else:
        print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
