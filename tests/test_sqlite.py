"""The SQLite backend against the real file: pragmas, permissions, schema
versions, damaged files, crashes and concurrent writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import careernet
from careernet.domain import InteractionKind, Seeker
from careernet.errors import CorruptStoreError, SchemaVersionError, StorageError
from careernet.storage.sqlite import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLiteStorage,
    path_of,
)
from careernet.testing.storage import _change, _contact


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A database path whose integrity is checked after the test."""
    path = tmp_path / "nested" / "careernet.db"
    yield path
    if path.exists() and path.stat().st_size:
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def raw_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the database without careernet, as an independent check."""
    with sqlite3.connect(path) as raw:
        return raw.execute(sql).fetchall()


class TestLocations:
    @pytest.mark.parametrize(
        ("location", "expected"),
        [
            ("sqlite:///tmp/a.db", Path("/tmp/a.db")),
            ("sqlite://relative.db", Path("relative.db")),
            ("/tmp/b.db", Path("/tmp/b.db")),
            ("here.db", Path("here.db")),
            ("memory:", None),
            ("postgresql://host/db", None),
            ("sqlite://", None),
        ],
    )
    def test_path_of(self, location: str, expected: Path | None) -> None:
        assert path_of(location) == expected

    def test_open_accepts_a_sqlite_url(self, db: Path) -> None:
        with careernet.open(f"sqlite://{db}") as net:
            net.add_contact("Ann")
        assert raw_rows(db, "SELECT count(*) FROM records") == [(1,)]


class TestFile:
    def test_the_file_is_private_and_its_directory_created(self, db: Path) -> None:
        SQLiteStorage(db).close()
        assert stat.S_IMODE(db.stat().st_mode) == 0o600

    def test_wal_and_foreign_keys_are_on(self, db: Path) -> None:
        storage = SQLiteStorage(db)
        try:
            assert raw_rows(db, "PRAGMA journal_mode") == [("wal",)]
            conn = storage._db
            assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
        finally:
            storage.close()

    def test_deleting_a_network_cascades_to_its_records(self, db: Path) -> None:
        storage = SQLiteStorage(db)
        storage.create_network("alex", Seeker(name="Alex"))
        storage.commit("alex", 0, _change(_contact(1)))
        storage.delete_network("alex")
        storage.close()
        assert raw_rows(db, "SELECT count(*) FROM records") == [(0,)]

    def test_recording_one_interaction_writes_one_row(self, db: Path) -> None:
        with careernet.open(db) as net:
            for n in range(50):
                net.add_contact(f"Person {n}")
            ann = net.contacts[0]
            changes_before = net.store.storage._db.total_changes  # type: ignore[attr-defined]
            net.log(ann.id, InteractionKind.MESSAGE)
            written = net.store.storage._db.total_changes - changes_before  # type: ignore[attr-defined]
        assert written == 2  # the interaction's row and the network's version

    def test_hostile_text_is_stored_as_data(self, db: Path) -> None:
        name = "Robert'); DROP TABLE records; --"
        with careernet.open(db) as net:
            net.add_contact(name)
        with careernet.open(db) as net:
            assert [c.name for c in net.contacts] == [name]


class TestSchema:
    def test_a_new_database_has_the_current_schema(self, db: Path) -> None:
        storage = SQLiteStorage(db)
        assert storage.schema_version == SCHEMA_VERSION
        storage.close()
        assert raw_rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]

    def test_an_older_database_is_migrated_and_keeps_its_data(self, db: Path) -> None:
        db.parent.mkdir(parents=True)
        with sqlite3.connect(db) as old:
            for statement in MIGRATIONS[1]:
                old.execute(statement)
            old.execute("PRAGMA user_version = 1")
            old.execute(
                "INSERT INTO networks (id, seeker, version) VALUES (?, ?, 1)",
                (
                    "alex",
                    '{"company":null,"field":null,"name":"Alex","reports_to":null}',
                ),
            )
            old.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                (
                    "alex",
                    "contact",
                    "c1",
                    1,
                    careernet._convert.dumps(
                        careernet._convert.dump_record(_contact(1))[1]
                    ),
                ),
            )
        old.close()
        with careernet.open(db, network="alex") as net:
            assert net.contacts == [_contact(1)]
            assert net.version == 1
            net.add_contact("Bo")
        assert raw_rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        indexes = raw_rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'")
        assert ("records_by_version",) in indexes

    def test_a_newer_database_is_refused_and_left_untouched(self, db: Path) -> None:
        SQLiteStorage(db).close()
        with sqlite3.connect(db) as raw:
            raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        raw.close()
        before = db.read_bytes()
        with pytest.raises(SchemaVersionError, match="Upgrade careernet"):
            careernet.open(db)
        assert db.read_bytes() == before

    def test_a_file_that_is_not_a_database_is_refused_untouched(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "notes.db"
        path.write_bytes(b"These are my notes, not a database.\n" * 20)
        before = path.read_bytes()
        with pytest.raises(CorruptStoreError, match="not a careernet database"):
            careernet.open(path)
        assert path.read_bytes() == before

    def test_another_programs_database_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "other.db"
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        raw.close()
        with pytest.raises(CorruptStoreError, match="not a careernet store"):
            careernet.open(path)
        assert raw_rows(path, "SELECT name FROM sqlite_master") == [("photos",)]

    def test_a_damaged_record_is_reported_not_guessed(self, db: Path) -> None:
        with careernet.open(db) as net:
            net.add_contact("Ann")
        with sqlite3.connect(db) as raw:
            raw.execute("UPDATE records SET data = '{\"name\": 3}'")
        raw.close()
        with pytest.raises(CorruptStoreError, match="stored contact could not be read"):
            careernet.open(db)

    def test_an_unwritable_location_is_a_storage_error(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("")
        with pytest.raises(StorageError, match="Cannot create"):
            SQLiteStorage(blocker / "inside.db")


_WRITER = textwrap.dedent(
    """
    import sys
    import careernet
    from careernet.domain import InteractionKind, HelpKind

    path, contact_id, label, count = sys.argv[1:5]
    with careernet.open(path, autoload=False) as net:
        for n in range(int(count)):
            def command(net, n=n):
                net.log(contact_id, InteractionKind.MESSAGE, note=f"{label}-{n}")
            careernet.retry_on_conflict(net, command, attempts=1000)
            print(f"{label}-{n}", flush=True)
    """
)

_PAIRED_WRITER = textwrap.dedent(
    """
    import sys
    import careernet
    from careernet.domain import Change, Interaction, InteractionKind, LedgerEntry
    from careernet.domain import LedgerKind

    path, contact_id = sys.argv[1:3]
    with careernet.open(path, autoload=False) as net:
        n = 0
        while True:
            at = net.store.now()
            change = Change(summary="pair", records=(
                Interaction(id=f"i{n}", contact_id=contact_id,
                            kind=InteractionKind.MESSAGE, at=at),
                LedgerEntry(id=f"e{n}", contact_id=contact_id, kind=LedgerKind.GIVE,
                            at=at, what="x" * 2000),
            ))
            net._commit(change)
            print(n, flush=True)
            n += 1
    """
)


def test_a_killed_writer_loses_no_acknowledged_commit(db: Path) -> None:
    with careernet.open(db) as net:
        ann = net.add_contact("Ann")
    child = subprocess.Popen(
        [sys.executable, "-c", _PAIRED_WRITER, str(db), ann.id],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    acknowledged = [int(child.stdout.readline()) for _ in range(150)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    with careernet.open(db) as net:
        interactions = {i.id for i in net.state.interactions.values()}
        entries = {e.id for e in net.state.entries.values()}
    assert {f"i{n}" for n in acknowledged} <= interactions
    # No partial commit: every interaction has the entry written with it.
    assert {i.replace("i", "e", 1) for i in interactions} == entries
    assert raw_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_two_processes_writing_at_once_lose_no_update(db: Path) -> None:
    with careernet.open(db) as net:
        ann = net.add_contact("Ann")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), ann.id, label, "40"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for label in ("a", "b")
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    acknowledged = {line for out in outputs for line in out.split()}
    assert len(acknowledged) == 80
    with careernet.open(db) as net:
        notes = {i.note for i in net.state.interactions.values()}
        assert notes == acknowledged
        assert net.version == 81
