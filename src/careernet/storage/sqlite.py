"""The SQLite storage: the embedded default, one file for many networks.

Locations: a filesystem path, or ``sqlite://`` followed by one
(``sqlite:///home/alex/careernet.db``). The file is created with mode 0600.

The database runs in WAL mode with foreign keys on and full synchronous
commits, so a commit that returned survives the process being killed. Every
commit is one ``BEGIN IMMEDIATE`` transaction that first checks the network's
version (optimistic concurrency) and then upserts only the records of the
change, so recording one interaction writes one row whatever the network's
size. The schema version lives in ``PRAGMA user_version``; older databases
are migrated forward when opened, newer ones are refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from careernet import _convert
from careernet._markers import hookimpl
from careernet.domain import Change, Record, Seeker
from careernet.errors import (
    ConflictError,
    CorruptStoreError,
    NetworkExistsError,
    SchemaVersionError,
    StorageError,
    UnknownNetworkError,
)
from careernet.storage import Snapshot

if TYPE_CHECKING:
    import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStorage", "path_of"]

SCHEME: Final = "sqlite://"

MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """
        CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            seeker TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0)
        )
        """,
        """
        CREATE TABLE records (
            network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (network_id, kind, id)
        )
        """,
    ),
    2: (
        # Refreshing a view reads only what changed since its version.
        "CREATE INDEX records_by_version ON records (network_id, version)",
        # Per-network settings (feed tokens, notification preferences, ...).
        """
        CREATE TABLE settings (
            network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (network_id, key)
        )
        """,
    ),
}
"""Schema changes by the version they lead to; each runs in one transaction."""

SCHEMA_VERSION: Final = max(MIGRATIONS)
"""The schema version this careernet writes."""

_UPSERT = """
    INSERT INTO records (network_id, kind, id, version, data)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (network_id, kind, id)
    DO UPDATE SET version = excluded.version, data = excluded.data
"""
_SCHEME_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def path_of(location: str) -> Path | None:
    """The file a location names, or ``None`` if it is not a SQLite location."""
    if location.startswith(SCHEME):
        rest = location.removeprefix(SCHEME)
        return Path(rest).expanduser() if rest else None
    if _SCHEME_LIKE.match(location):
        return None  # another plugin's scheme, or memory:
    return Path(location).expanduser()


class SQLiteStorage:
    """A store in one SQLite file; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0) -> None:
        import sqlite3  # noqa: PLC0415 - kept out of `import careernet`

        self._sqlite3 = sqlite3
        self.path = Path(path)
        self._lock = threading.RLock()
        _create_private(self.path)
        try:
            self._db = sqlite3.connect(
                self.path,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise StorageError(f"Cannot open {self.path}: {error}.") from error
        try:
            with self._errors():
                self._setup()
        except BaseException:
            self._db.close()
            raise

    # -- setup ----------------------------------------------------------

    def _setup(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} uses schema version {version}, newer than this "
                f"careernet understands ({SCHEMA_VERSION}). Upgrade careernet to "
                "open it; the file was left untouched."
            )
        if (
            version == 0
            and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ):
            raise CorruptStoreError(
                f"{self.path} is a SQLite database but not a careernet store; "
                "choose another file."
            )
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        with self._transaction() as db:
            # Read again inside the lock: another process may have migrated.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._errors():
            version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
            return version

    # -- plumbing -------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite3's errors into careernet's."""
        sqlite3 = self._sqlite3
        try:
            yield
        except sqlite3.ProgrammingError as error:
            raise StorageError(
                f"{self.path} was closed ({error}); open the store again."
            ) from error
        except sqlite3.IntegrityError as error:
            raise StorageError(
                f"{self.path} refused the write ({error}); nothing was written."
            ) from error
        except sqlite3.OperationalError as error:
            message = str(error)
            if "locked" in message or "busy" in message:
                raise StorageError(
                    f"{self.path} is busy in another process; nothing was "
                    "written. Try again in a moment."
                ) from error
            if "no such table" in message:
                raise CorruptStoreError(
                    f"{self.path} is missing careernet's tables ({message})."
                ) from error
            raise StorageError(f"{self.path}: {message}.") from error
        except sqlite3.DatabaseError as error:
            raise CorruptStoreError(
                f"{self.path} is not a careernet database or is damaged "
                f"({error}). Restore it from a backup or choose another file."
            ) from error

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _version_in(self, db: sqlite3.Connection, network_id: str) -> int:
        row = db.execute(
            "SELECT version FROM networks WHERE id = ?", (network_id,)
        ).fetchone()
        if row is None:
            raise UnknownNetworkError.for_id(network_id)
        version: int = row[0]
        return version

    # -- the Storage protocol -------------------------------------------

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        data = _convert.dumps(_convert.dump_seeker(seeker))
        version = 1 if records else 0
        _, encoded = _convert.encode_change(Change(summary="create", records=records))
        rows = [(network_id, *row[:2], version, row[2]) for row in encoded]
        with self._transaction() as db:
            if db.execute(
                "SELECT 1 FROM networks WHERE id = ?", (network_id,)
            ).fetchone():
                raise NetworkExistsError(
                    f"A network called {network_id!r} already exists in "
                    f"{self.path}; open it, or choose another id."
                )
            db.execute(
                "INSERT INTO networks (id, seeker, version) VALUES (?, ?, ?)",
                (network_id, data, version),
            )
            db.executemany(_UPSERT, rows)
        return Snapshot(
            network_id=network_id, seeker=seeker, version=version, records=records
        )

    def networks(self) -> list[str]:
        with self._lock, self._errors():
            return [
                r[0] for r in self._db.execute("SELECT id FROM networks ORDER BY id")
            ]

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        with self._lock, self._errors():
            db = self._db
            db.execute("BEGIN")  # one consistent read of seeker, version and rows
            try:
                version = self._version_in(db, network_id)
                (seeker,) = db.execute(
                    "SELECT seeker FROM networks WHERE id = ?", (network_id,)
                ).fetchone()
                loads, load_record = _convert.loads, _convert.load_record
                # Decode row by row, so the raw rows never all sit in memory.
                records = [
                    load_record(kind, loads(data))
                    for kind, data in db.execute(
                        "SELECT kind, data FROM records WHERE network_id = ? "
                        "AND version > ? ORDER BY rowid",
                        (network_id, since),
                    )
                ]
            finally:
                db.execute("COMMIT")
        return Snapshot(
            network_id=network_id,
            seeker=_convert.load_seeker(_convert.loads(seeker)),
            version=version,
            records=records,
        )

    def version(self, network_id: str) -> int:
        with self._lock, self._errors():
            return self._version_in(self._db, network_id)

    def find_records(self, kind: str, record_id: str) -> list[tuple[str, Record]]:
        """The record of ``kind`` and ``record_id`` in every network holding one,
        with the network's id: one primary-key look-up per network."""
        with self._lock, self._errors():
            rows = self._db.execute(
                "SELECT n.id, r.data FROM networks AS n JOIN records AS r "
                "ON r.network_id = n.id AND r.kind = ? AND r.id = ? ORDER BY n.id",
                (kind, record_id),
            ).fetchall()
        loads, load_record = _convert.loads, _convert.load_record
        return [
            (network_id, load_record(kind, loads(data))) for network_id, data in rows
        ]

    def commit(self, network_id: str, expected_version: int, change: Change) -> int:
        # Serialise first: a record that cannot be stored fails before BEGIN.
        new_version = expected_version + 1
        seeker, encoded = _convert.encode_change(change)
        rows = [(network_id, *row[:2], new_version, row[2]) for row in encoded]
        with self._transaction() as db:
            actual = self._version_in(db, network_id)
            if actual != expected_version:
                raise ConflictError(network_id, expected_version, actual)
            db.executemany(_UPSERT, rows)
            if seeker is not None:
                db.execute(
                    "UPDATE networks SET seeker = ? WHERE id = ?", (seeker, network_id)
                )
            db.execute(
                "UPDATE networks SET version = ? WHERE id = ?",
                (new_version, network_id),
            )
        return new_version

    def delete_network(self, network_id: str) -> None:
        with self._transaction() as db:
            self._version_in(db, network_id)
            db.execute("DELETE FROM networks WHERE id = ?", (network_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- extras ---------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check``'s findings; ``["ok"]`` when all is well."""
        with self._lock, self._errors():
            return [row[0] for row in self._db.execute("PRAGMA integrity_check")]

    def __repr__(self) -> str:
        return f"SQLiteStorage({str(self.path)!r})"


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only, if it is new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
    except OSError as error:
        raise StorageError(
            f"Cannot create {path}: {error.strerror}. Choose a location you can "
            "write to."
        ) from error
    os.close(fd)


@hookimpl(trylast=True)
def careernet_open_storage(location: str) -> SQLiteStorage | None:
    """Open a filesystem path or a ``sqlite://`` location."""
    path = path_of(location)
    return None if path is None else SQLiteStorage(path)


@hookimpl
def careernet_storage_schemes() -> list[str]:
    """The locations this plugin opens."""
    return ["sqlite:///PATH", "PATH (a SQLite file)"]
