"""Deterministic synthetic networks for the benchmarks."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from pathlib import Path

from careernet.domain import (
    Change,
    Contact,
    HelpKind,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Record,
    Ring,
    Seeker,
)
from careernet.storage.sqlite import SQLiteStorage

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
COMPANIES = [f"Company {n}" for n in range(400)]
RINGS = [Ring.BUDDY] * 1 + [Ring.STRATEGIC] * 2 + [Ring.LUKEWARM] * 7 + [Ring.COLD] * 90
KINDS = list(InteractionKind)


def records(contacts: int, per_contact: int, seed: int = 2026) -> Iterator[Record]:
    """Contacts, ``per_contact`` interactions each, and a ledger entry per ten."""
    rng = random.Random(seed)
    for n in range(contacts):
        added = NOW - dt.timedelta(days=rng.randrange(30, 2000))
        yield Contact(
            id=f"c{n}",
            name=f"Person {n}",
            ring=rng.choice(RINGS),
            added_at=added,
            company=rng.choice(COMPANIES),
            role=rng.choice(
                ["Engineer", "Recruiter", "Engineering Manager", "Analyst"]
            ),
        )
        for i in range(per_contact):
            yield Interaction(
                id=f"i{n}-{i}",
                contact_id=f"c{n}",
                kind=rng.choice(KINDS),
                at=added + dt.timedelta(hours=rng.randrange(1, 24 * 700)),
            )
        if n % 10 == 0:
            yield LedgerEntry(
                id=f"e{n}",
                contact_id=f"c{n}",
                kind=rng.choice(list(LedgerKind)),
                at=added + dt.timedelta(days=1),
                what="An article about their field",
                help=HelpKind.INFORMATION,
            )


def imported(contacts: int, start: int, seed: int = 2027) -> Iterator[Record]:
    """Cold contacts with no history, numbered from ``start``: what an
    import of connections adds to a network."""
    rng = random.Random(seed)
    for n in range(start, start + contacts):
        yield Contact(
            id=f"c{n}",
            name=f"Person {n}",
            ring=Ring.COLD,
            added_at=NOW - dt.timedelta(days=rng.randrange(30, 2000)),
            company=rng.choice(COMPANIES),
            role=rng.choice(
                ["Engineer", "Recruiter", "Engineering Manager", "Analyst"]
            ),
        )


def build_sqlite(
    path: Path,
    contacts: int,
    per_contact: int = 10,
    network_id: str = "bench",
    *,
    active: int | None = None,
) -> None:
    """Write a synthetic network into a new SQLite store at ``path``.

    With ``active``, only that many contacts have a history (the network
    of ``active`` contacts exactly); the others are cold contacts with
    none, as an import of connections leaves them.
    """
    storage = SQLiteStorage(path)
    try:
        storage.create_network(
            network_id, Seeker(name="Bench Seeker", company="Company 0")
        )
        version, batch = 0, []
        made = (
            records(contacts, per_contact)
            if active is None
            else itertools.chain(
                records(active, per_contact), imported(contacts - active, active)
            )
        )
        for record in made:
            batch.append(record)
            if len(batch) == 20_000:
                version = storage.commit(
                    network_id, version, Change(summary="b", records=batch)
                )
                batch = []
        storage.commit(network_id, version, Change(summary="b", records=batch))
    finally:
        storage.close()
