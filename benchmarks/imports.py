"""Import figure: a LinkedIn export into SQLite, against a raw load."""

from __future__ import annotations

import csv
import io
import random
import secrets
import sqlite3
from pathlib import Path

import careernet
from careernet.domain import NetworkState, Seeker, import_contacts
from careernet.importers import read_linkedin
from careernet.importers.linkedin import HEADER
from careernet.storage.sqlite import SQLiteStorage

from .figures import Figure, median_seconds
from .synthetic import NOW

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the '
    'email addresses are missing."\n'
    "\n"
)
MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def write_connections(path: Path, rows: int, seed: int = 2026) -> None:
    """A synthetic Connections.csv, as LinkedIn writes it."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write(PREAMBLE)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for n in range(rows):
        writer.writerow(
            [
                f"First{n}",
                f"Last{n}",
                f"https://www.linkedin.com/in/person-{n}",
                f"person{n}@example.org" if rng.random() < 0.3 else "",
                f"Company {rng.randrange(2000)}, Inc.",
                rng.choice(["Engineer", "Recruiter", "Data Analyst", "Manager"]),
                (
                    f"{rng.randrange(1, 29):02d} {rng.choice(MONTHS)} "
                    f"{rng.randrange(2010, 2026)}"
                ),
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


def _raw(source: Path, database: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as file:
        for line in file:
            if line.startswith("First Name,"):
                break
        reader = csv.DictReader(file, fieldnames=HEADER)
        rows = [tuple(row[name] for name in HEADER) for row in reader]
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(
        "CREATE TABLE people (first TEXT, last TEXT, url TEXT, email TEXT, "
        "company TEXT, position TEXT, connected TEXT)"
    )
    with db:
        db.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()


def _stages(source: Path, directory: Path, repeat: int) -> tuple[float, float]:
    """Two stages of an import on their own: reading the file into checked
    candidates, and storing the contacts the import makes, ready-made."""
    reading = median_seconds(lambda: list(read_linkedin(source)), repeat)
    change, _ = import_contacts(
        NetworkState(Seeker(name="Bench Seeker")),
        read_linkedin(source),
        at=NOW,
        new_id=lambda: secrets.token_hex(16),
    )
    runs = iter(range(1_000))

    def store() -> None:
        storage = SQLiteStorage(directory / f"stored-{next(runs)}.db")
        try:
            storage.create_network("bench", Seeker(name="Bench Seeker"))
            storage.commit("bench", 0, change)
        finally:
            storage.close()

    return reading, median_seconds(store, repeat)


def import_figures(directory: Path, *, quick: bool) -> list[Figure]:
    """Figure 7: importing a LinkedIn export against csv plus executemany,
    with the cost of two of its stages against the same floor."""
    rows, repeat = (300, 3) if quick else (30_000, 3)
    source = directory / "Connections.csv"
    write_connections(source, rows)
    runs = iter(range(1_000))

    def ours() -> None:
        with careernet.open(
            directory / f"import-{next(runs)}.db", autoload=False
        ) as net:
            report = net.import_linkedin(source)
            assert len(report.added) == rows

    def raw() -> None:
        _raw(source, directory / f"raw-{next(runs)}.db")

    floor = median_seconds(raw, repeat)
    reading, storing = _stages(source, directory, repeat)
    return [
        Figure(
            name=f"import {rows:,} LinkedIn connections",
            value=median_seconds(ours, repeat),
            floor_name="csv.DictReader + executemany",
            floor=floor,
            goal="<= 7",
            goal_ratio=7.0,
        ),
        *(
            Figure(
                name=f"  of which: {stage}",
                value=seconds,
                floor_name="csv.DictReader + executemany",
                floor=floor,
                goal="(info)",
                goal_ratio=float("inf"),
            )
            for stage, seconds in (
                ("read into checked candidates", reading),
                ("store the ready-made contacts", storing),
            )
        ),
    ]
