"""SQLite stores that are read-only, busy, damaged, or whose COMMIT fails."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import careernet
from careernet import (
    CorruptStoreError,
    ReadOnlyStoreError,
    StorageError,
    StoreBusyError,
)
from careernet.cli import main
from careernet.domain import Change
from careernet.storage.sqlite import SQLiteStorage
from tests.conftest import NOW


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "network.db"
    with careernet.open(path, seeker="Alex Rivera", clock=lambda: NOW) as net:
        ann = net.add_contact("Ann Lee", company="Globex")
        net.schedule_meeting(ann.id, NOW + dt.timedelta(days=2), purpose="coffee")
    return path


def test_a_read_only_location_reads_and_refuses_writes(db: Path) -> None:
    with careernet.open(f"sqlite://{db}?mode=ro", clock=lambda: NOW) as net:
        assert [c.name for c in net.contacts] == ["Ann Lee"]
        net.plan(NOW)
        net.export_ics(now=NOW)
        net.export_json()
        with pytest.raises(ReadOnlyStoreError, match="reading only"):
            net.add_contact("Bob")
        with pytest.raises(ReadOnlyStoreError):
            net.transact(lambda n: n.add_contact("Bob"))
        assert [c.name for c in net.contacts] == ["Ann Lee"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_folder_opens_for_reading(db: Path) -> None:
    # No -wal or -shm files beside the database, and none can be made.
    with contextlib.closing(sqlite3.connect(db)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.parent.chmod(0o500)
    try:
        with careernet.open(db, clock=lambda: NOW) as net:
            assert [c.name for c in net.contacts] == ["Ann Lee"]
            with pytest.raises(ReadOnlyStoreError):
                net.add_contact("Bob")
    finally:
        db.parent.chmod(0o700)


def test_a_read_only_store_cannot_be_created(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no such file"):
        careernet.open_store(f"sqlite://{tmp_path / 'missing.db'}?mode=ro")


@contextlib.contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """Another connection holding the write lock (as a busy process would)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_busy_store_is_its_own_error_and_writes_nothing(db: Path) -> None:
    storage = SQLiteStorage(db, timeout=0.05)
    try:
        version = storage.version("default")
        with locked_by_another_process(db), pytest.raises(StoreBusyError, match="busy"):
            storage.commit("default", version, Change(summary="x", records=()))
        assert storage.version("default") == version
        assert storage.commit("default", version, Change(summary="x", records=())) == (
            version + 1
        )
    finally:
        storage.close()


def orphan_in_one_transaction(storage: SQLiteStorage) -> None:
    with storage._transaction() as raw:
        raw.execute("PRAGMA defer_foreign_keys = ON")
        raw.execute(
            "INSERT INTO records (network_id, kind, id, version, data) "
            "VALUES ('nobody', 'contact', 'x', 1, '{}')"
        )


def test_a_failed_commit_leaves_no_transaction_open(db: Path) -> None:
    storage = SQLiteStorage(db)
    try:
        # A deferred foreign key makes COMMIT itself fail.
        with pytest.raises(StorageError):
            orphan_in_one_transaction(storage)
        assert not storage._db.in_transaction
        # Another process can write at once: no lock was left behind.
        with contextlib.closing(sqlite3.connect(db, timeout=0.1)) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        storage.close()


def test_the_store_runs_in_wal_mode(db: Path) -> None:
    storage = SQLiteStorage(db)
    try:
        assert storage.journal_mode == "wal"
    finally:
        storage.close()


def damage_index(path: Path) -> None:
    """Overwrite the pages of an index with garbage, as a bad disk might."""
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (page,) = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'records_by_version'"
        ).fetchone()
        (size,) = raw.execute("PRAGMA page_size").fetchone()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xa5" * size)


def test_a_damaged_file_is_refused_on_open(db: Path) -> None:
    damage_index(db)
    with pytest.raises(CorruptStoreError, match="damaged"):
        careernet.open(db)
    result = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert result.exit_code == 2
    assert "damaged" in result.output
    db.unlink()  # the suite checks every database left behind


def test_check_finds_nothing_in_a_sound_store(db: Path) -> None:
    with careernet.open_store(db) as store:
        assert store.check() == []
    result = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "No problems found (1 network)" in result.output


def test_check_names_a_record_that_does_not_load(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as raw:
        raw.execute("UPDATE records SET data = '{\"id\": 1}' WHERE kind = 'meeting'")
        raw.commit()
    with careernet.open_store(db) as store:
        (problem,) = store.check()
    assert "network 'default'" in problem
    result = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert result.exit_code == 1
    assert "1 problem(s) found" in result.output


def test_a_store_from_before_incarnations_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.executescript(
            """
            CREATE TABLE networks (id TEXT PRIMARY KEY, seeker TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0));
            CREATE TABLE records (network_id TEXT NOT NULL REFERENCES networks (id)
                ON DELETE CASCADE, kind TEXT NOT NULL, id TEXT NOT NULL,
                version INTEGER NOT NULL, data TEXT NOT NULL,
                PRIMARY KEY (network_id, kind, id));
            CREATE INDEX records_by_version ON records (network_id, version);
            CREATE TABLE settings (network_id TEXT NOT NULL REFERENCES networks (id)
                ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (network_id, key));
            INSERT INTO networks VALUES ('a', '{"name": "Ann"}', 3),
                ('b', '{"name": "Bob"}', 1);
            PRAGMA user_version = 2;
            """
        )
    with careernet.open_store(path) as store:
        heads = [store.head(n) for n in ("a", "b")]
    assert [h.version for h in heads] == [3, 1]
    assert len({h.incarnation for h in heads}) == 2
    assert all(len(h.incarnation) == 32 for h in heads)
