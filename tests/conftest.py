"""Fixtures shared by the whole suite."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from careernet.domain import (
    Change,
    Contact,
    NetworkState,
    Ring,
    Seeker,
    StrategyRegistry,
    default_registry,
)
from careernet.sample import sample_network

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""The fixed moment every domain test is set at."""


@pytest.fixture
def isolated_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a command away from the user's store and environment: no
    ``CAREERNET_DB``, and a data folder of the test's own."""
    monkeypatch.delenv("CAREERNET_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(autouse=True)
def _sqlite_integrity(request: pytest.FixtureRequest) -> Iterator[None]:
    """After any test with a temporary directory, check its SQLite files."""
    if "tmp_path" not in request.fixturenames:
        yield
        return
    tmp_path: Path = request.getfixturevalue("tmp_path")
    yield
    for path in tmp_path.rglob("*.db"):
        if path.stat().st_size == 0 or path.read_bytes()[:16] != b"SQLite format 3\x00":
            continue
        with contextlib.closing(sqlite3.connect(path)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def network(now: dt.datetime) -> NetworkState:
    """Alex Rivera's sample network (see careernet.sample), at ``now``."""
    return sample_network(now)


@pytest.fixture
def empty() -> NetworkState:
    """A network with a seeker and nobody else."""
    return NetworkState(Seeker(name="Robin", company="Acme"))


@pytest.fixture
def registry() -> StrategyRegistry:
    return default_registry()


ContactFactory = Callable[..., Contact]


@pytest.fixture
def add(empty: NetworkState, now: dt.datetime) -> Callable[..., Contact]:
    """Add a contact to ``empty`` and return it: ``add("Ann", ring=Ring.BUDDY)``."""
    ids: Iterator[int] = itertools.count(1)

    def add_contact(name: str, **fields: Any) -> Contact:
        fields.setdefault("id", f"c{next(ids)}")
        fields.setdefault("added_at", now - dt.timedelta(days=365))
        fields.setdefault("ring", Ring.COLD)
        contact = Contact(name=name, **fields)
        run(empty, empty.add_contact(contact))
        return empty.contact(contact.id)

    return add_contact


def run(state: NetworkState, change: Change) -> Change:
    """Apply ``change`` to ``state`` and return it, for a command's advice."""
    state.apply(change)
    return change
