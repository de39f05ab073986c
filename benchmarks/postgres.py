"""Figure: recording one interaction on PostgreSQL, next to SQLite."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import careernet
from careernet.domain import InteractionKind

from .figures import Figure, median_seconds
from .synthetic import build_sqlite


def _record_seconds(location: str, repeat: int) -> float:
    with careernet.open(location, network="bench", autoload=True) as network:
        contact = network.contacts[len(network.contacts) // 2].id

        def log() -> None:
            network.log(contact, InteractionKind.MESSAGE)

        return median_seconds(log, repeat)


def postgres_figures(directory: Path, *, quick: bool) -> list[Figure]:
    """Recording on PostgreSQL against SQLite; empty when no server can start."""
    if importlib.util.find_spec("psycopg") is None:
        print("PostgreSQL figure: not measured (install careernet[postgres])")
        return []
    from tests_postgres.server import Unavailable, running_server  # noqa: PLC0415

    size, repeat = (300, 5) if quick else (3_000, 200)
    sqlite_path = directory / "record-pg-floor.db"
    build_sqlite(sqlite_path, size)
    try:
        with running_server() as server:
            location = server.uri("postgres")
            with careernet.open_store(sqlite_path, autoload=False) as source:
                text = source.network("bench").export_json()
            with careernet.open_store(location) as target:
                target.import_json(text)
            postgres = _record_seconds(location, repeat)
    except Unavailable as reason:
        print(f"PostgreSQL figure: not measured ({reason})")
        return []
    sqlite = _record_seconds(str(sqlite_path), repeat)
    return [
        Figure(
            name=f"record one interaction on PostgreSQL, {size:,} contacts",
            value=postgres,
            floor_name="the same on SQLite",
            floor=sqlite,
            goal="(info)",
            goal_ratio=float("inf"),
        )
    ]
