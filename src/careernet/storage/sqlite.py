"""The SQLite storage: the embedded default, one file for many networks.

Locations: a filesystem path, or ``sqlite://`` followed by one
(``sqlite:///home/alex/careernet.db``), with ``?mode=ro`` at the end to open
it for reading only. The file is created with mode 0600.

The database runs in WAL mode with foreign keys on and full synchronous
commits, so a commit that returned survives the process being killed. Where
the file system cannot hold a WAL database (some network file systems), the
mode the database reports is kept (:attr:`SQLiteStorage.journal_mode` says
which): commits are as atomic and durable, but readers wait for writers.
Every commit is one ``BEGIN IMMEDIATE`` transaction that first checks the
network's incarnation and version (optimistic concurrency) and then upserts
only the records of the change, so recording one interaction writes one row
whatever the network's size; a transaction whose ``COMMIT`` fails is rolled
back, so the connection never stays inside it.

Opening is safe when several processes open a new file at once: the schema
check and the migrations run in one ``BEGIN IMMEDIATE`` transaction. The
schema version lives in ``PRAGMA user_version``; older databases are migrated
forward when opened, newer ones are refused. Every open runs ``PRAGMA
quick_check`` (it reads every page once) and refuses a damaged file with
:class:`~careernet.CorruptStoreError`; :meth:`SQLiteStorage.check` runs the
full ``integrity_check``.

A file that cannot be written (read-only media, a read-only file or folder)
opens for reading: loads, plans and exports work, and every write raises
:class:`~careernet.ReadOnlyStoreError`. A write that waits longer than the
timeout for another process's lock raises :class:`~careernet.StoreBusyError`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from careernet import _convert
from careernet._markers import hookimpl
from careernet.domain import Change, Record, Seeker
from careernet.errors import (
    ConflictError,
    CorruptStoreError,
    InvalidValueError,
    NetworkExistsError,
    NetworkReplacedError,
    ReadOnlyStoreError,
    SchemaVersionError,
    StorageError,
    StoreBusyError,
    UnknownNetworkError,
)
from careernet.storage import Head, Snapshot

if TYPE_CHECKING:
    import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStorage", "path_of"]

SCHEME: Final = "sqlite://"
READ_ONLY: Final = "?mode=ro"
"""Ends a ``sqlite://`` location to open the file for reading only."""

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
    3: (
        # Each network's incarnation: a random id, new at every creation.
        "ALTER TABLE networks ADD COLUMN incarnation TEXT NOT NULL DEFAULT ''",
        "UPDATE networks SET incarnation = lower(hex(randomblob(16)))",
    ),
    4: (
        # Records removed by a commit, until written again: a view refreshed
        # since an earlier version drops them.
        """
        CREATE TABLE removed (
            network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (network_id, kind, id)
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
_DELETE = "DELETE FROM records WHERE network_id = ? AND kind = ? AND id = ?"
_TOMBSTONE = """
    INSERT INTO removed (network_id, kind, id, version) VALUES (?, ?, ?, ?)
    ON CONFLICT (network_id, kind, id) DO UPDATE SET version = excluded.version
"""
_UNTOMB = "DELETE FROM removed WHERE network_id = ? AND kind = ? AND id = ?"
_SCHEME_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def path_of(location: str) -> Path | None:
    """The file a location names, or ``None`` if it is not a SQLite location."""
    if location.startswith(SCHEME):
        rest = location.removeprefix(SCHEME).removesuffix(READ_ONLY)
        return Path(rest).expanduser() if rest else None
    if _SCHEME_LIKE.match(location):
        return None  # another plugin's scheme, or memory:
    return Path(location).expanduser()


class SQLiteStorage:
    """A store in one SQLite file; see the module docstring.

    Args:
        path: The database file; created (mode 0600) if it does not exist.
        timeout: Seconds a write waits for another process's lock before
            :class:`~careernet.StoreBusyError`.
        read_only: Open for reading only; by default, when the file or its
            folder cannot be written.

    Attributes:
        path: The database file.
        read_only: Whether writes are refused.
        removes_records: ``True``: changes' removals are applied (see
            :class:`careernet.storage.Removals`).
        journal_mode: ``"wal"``, or the mode the database kept where WAL
            is not possible.
    """

    removes_records = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 10.0,
        read_only: bool | None = None,
    ) -> None:
        import sqlite3  # noqa: PLC0415 - kept out of `import careernet`

        self._sqlite3 = sqlite3
        self.path = Path(path)
        if "\x00" in str(self.path):
            raise InvalidValueError(
                f"A SQLite location cannot hold a NUL character; got {str(path)!r}."
            )
        self._lock = threading.RLock()
        self._held: int | None = None  # the thread holding exclusive(), if any
        self.read_only = _cannot_write(self.path) if read_only is None else read_only
        if not self.read_only:
            _create_private(self.path)
        elif not self.path.exists():
            raise StorageError(
                f"Cannot open {self.path}: there is no such file, and it cannot be "
                "created here. Choose a location you can write to."
            )
        self.journal_mode = "wal"
        self._db = self._connect(timeout, immutable=False)
        try:
            self._set_up_waiting(timeout)
        except CorruptStoreError:
            self._db.close()
            raise
        except StorageError:
            self._db.close()
            if not self.read_only:
                raise
            # A read-only WAL database whose -shm file cannot be made: read
            # it as an unchanging file (nothing can write it here anyway).
            self._db = self._connect(timeout, immutable=True)
            try:
                with self._errors():
                    self._setup()
            except BaseException:
                self._db.close()
                raise
        except BaseException:
            self._db.close()
            raise

    def _set_up_waiting(self, timeout: float) -> None:
        """Set up, trying again while another process holds the file busy.

        Processes opening a new file together can get SQLITE_BUSY at once
        (not after the busy timeout) while one of them turns on WAL mode or
        recovers the log; that passes in moments.
        """
        deadline = time.monotonic() + timeout
        pause = 0.001
        while True:
            try:
                with self._errors():
                    self._setup()
            except StoreBusyError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
            else:
                return

    def _connect(self, timeout: float, *, immutable: bool) -> sqlite3.Connection:
        driver = self._sqlite3
        connection: sqlite3.Connection
        try:
            if self.read_only:
                options = "mode=ro&immutable=1" if immutable else "mode=ro"
                uri = f"file:{urllib.parse.quote(str(self.path.absolute()))}?{options}"
                connection = driver.connect(
                    uri,
                    uri=True,
                    timeout=timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                connection = driver.connect(
                    self.path,
                    timeout=timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
        except (driver.Error, ValueError) as error:
            raise StorageError(f"Cannot open {self.path}: {error}.") from error
        return connection

    # -- setup ----------------------------------------------------------

    def _setup(self) -> None:
        db = self._db
        if not self.read_only:
            mode = str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            self.journal_mode = mode
        else:
            mode = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            self.journal_mode = mode
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        # The schema is read and, if need be, made in one write transaction,
        # so processes opening a new file together see it before or after,
        # never half made.
        db.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{self.path} uses schema version {version}, newer than this "
                    f"careernet understands ({SCHEMA_VERSION}). Upgrade careernet "
                    "to open it; the file was left untouched."
                )
            if (
                version == 0
                and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            ):
                raise CorruptStoreError(
                    f"{self.path} is a SQLite database but not a careernet store; "
                    "choose another file."
                )
            if version < SCHEMA_VERSION:
                if self.read_only:
                    raise ReadOnlyStoreError(
                        f"{self.path} needs its schema brought up to date, which "
                        "cannot be done on a file that cannot be written. Open it "
                        "once where it can be written."
                    )
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[target]:
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        findings = [row[0] for row in db.execute("PRAGMA quick_check")]
        if findings != ["ok"]:
            raise CorruptStoreError(
                f"{self.path} is damaged ({'; '.join(findings[:3])}). Restore it "
                "from a backup; `careernet check` lists every problem."
            )

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._lock, self._errors():
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
        except sqlite3.DatabaseError as error:
            raise self._translate(error) from error

    def _translate(self, error: sqlite3.Error) -> StorageError:
        name = getattr(error, "sqlite_errorname", "") or ""
        message = str(error)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
            return StoreBusyError(
                f"{self.path} is busy: another process held its lock for too long. "
                "Nothing was written; try again in a moment."
            )
        if name.startswith("SQLITE_READONLY") or "readonly" in message:
            return ReadOnlyStoreError(
                f"{self.path} can be read but not written (read-only media, file "
                "or folder). Nothing was written; open a copy you can write to."
            )
        if name == "SQLITE_FULL":
            return StorageError(
                f"{self.path}: the disk is full. Nothing was written; free some "
                "space and try again."
            )
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or not isinstance(
            error, self._sqlite3.OperationalError
        ):
            return CorruptStoreError(
                f"{self.path} is not a careernet database or is damaged "
                f"({error}). Restore it from a backup or choose another file."
            )
        if "no such table" in message or "no such column" in message:
            return CorruptStoreError(
                f"{self.path} is missing careernet's tables ({message})."
            )
        return StorageError(f"{self.path}: {message}. Nothing was written.")

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(
                f"{self.path} was opened for reading only (the file or its folder "
                "cannot be written). Nothing was written; open a copy you can "
                "write to."
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (a savepoint inside :meth:`exclusive`)."""
        self._writable()
        with self._lock, self._errors():
            db = self._db
            if self._held is not None:
                db.execute("SAVEPOINT careernet")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK TO careernet")
                    db.execute("RELEASE careernet")
                    raise
                db.execute("RELEASE careernet")
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            finally:
                # Whatever failed (the body, or COMMIT itself), never leave the
                # connection inside a transaction that holds the lock.
                if db.in_transaction:
                    db.execute("ROLLBACK")

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One consistent read (inside the held transaction in :meth:`exclusive`)."""
        with self._lock, self._errors():
            db = self._db
            if self._held is not None:
                yield db
                return
            db.execute("BEGIN")
            try:
                yield db
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def _row(self, db: sqlite3.Connection, network_id: str) -> tuple[str, int, str]:
        row = db.execute(
            "SELECT seeker, version, incarnation FROM networks WHERE id = ?",
            (network_id,),
        ).fetchone()
        if row is None:
            raise UnknownNetworkError.for_id(network_id)
        return str(row[0]), int(row[1]), str(row[2])

    # -- the Storage protocol -------------------------------------------

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        data = _convert.dumps(_convert.dump_seeker(seeker))
        version = 1 if records else 0
        incarnation = secrets.token_hex(16)
        _, encoded = _convert.encode_change(Change(summary="create", records=records))
        rows = [(network_id, kind, key, version, data) for kind, key, data in encoded]
        with self._transaction() as db:
            if db.execute(
                "SELECT 1 FROM networks WHERE id = ?", (network_id,)
            ).fetchone():
                raise NetworkExistsError(
                    f"A network called {network_id!r} already exists in "
                    f"{self.path}; open it, or choose another id."
                )
            db.execute(
                "INSERT INTO networks (id, seeker, version, incarnation) "
                "VALUES (?, ?, ?, ?)",
                (network_id, data, version, incarnation),
            )
            db.executemany(_UPSERT, rows)
        return Snapshot(
            network_id=network_id,
            seeker=seeker,
            version=version,
            records=records,
            incarnation=incarnation,
        )

    def networks(self) -> list[str]:
        with self._lock, self._errors():
            return [
                r[0] for r in self._db.execute("SELECT id FROM networks ORDER BY id")
            ]

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        with self._reading() as db:
            seeker, version, incarnation = self._row(db, network_id)
            # Decode row by row, so the raw rows never all sit in memory.
            records = _convert.load_rows(
                db.execute(
                    "SELECT kind, data FROM records WHERE network_id = ? "
                    "AND version > ? ORDER BY rowid",
                    (network_id, since),
                )
            )
            removed = (
                [
                    (str(kind), str(record_id))
                    for kind, record_id in db.execute(
                        "SELECT kind, id FROM removed WHERE network_id = ? "
                        "AND version > ? ORDER BY version, kind, id",
                        (network_id, since),
                    )
                ]
                if since
                else []
            )
        return Snapshot(
            network_id=network_id,
            seeker=_convert.load_seeker(_convert.loads(seeker)),
            version=version,
            records=records,
            incarnation=incarnation,
            removed=removed,
        )

    def version(self, network_id: str) -> int:
        return self.head(network_id).version

    def find_records(self, kind: str, record_id: str) -> list[tuple[str, Record]]:
        """The record of ``kind`` and ``record_id`` in every network holding one,
        with the network's id: one primary-key look-up per network."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT n.id, r.data FROM networks AS n JOIN records AS r "
                "ON r.network_id = n.id AND r.kind = ? AND r.id = ? ORDER BY n.id",
                (kind, record_id),
            ).fetchall()
        loads, load_record = _convert.loads, _convert.load_record
        return [
            (network_id, load_record(kind, loads(data))) for network_id, data in rows
        ]

    def head(self, network_id: str) -> Head:
        """The network's incarnation and version."""
        with self._reading() as db:
            _, version, incarnation = self._row(db, network_id)
        return Head(incarnation, version)

    def commit(
        self,
        network_id: str,
        expected_version: int,
        change: Change,
        *,
        incarnation: str | None = None,
    ) -> int:
        # Serialise first: a record that cannot be stored fails before BEGIN.
        new_version = expected_version + 1
        seeker, encoded = _convert.encode_change(change)
        rows = [
            (network_id, kind, key, new_version, data) for kind, key, data in encoded
        ]
        with self._transaction() as db:
            _, actual, current = self._row(db, network_id)
            if incarnation is not None and current != incarnation:
                raise NetworkReplacedError(
                    network_id, expected_version, actual, incarnation=incarnation
                )
            if actual != expected_version:
                raise ConflictError(network_id, expected_version, actual)
            db.executemany(_UPSERT, rows)
            if (
                rows
                and db.execute(
                    "SELECT 1 FROM removed WHERE network_id = ? LIMIT 1", (network_id,)
                ).fetchone()
            ):
                db.executemany(_UNTOMB, [row[:3] for row in rows])
            if change.removed:
                gone = [(network_id, kind, key) for kind, key in change.removed]
                db.executemany(_DELETE, gone)
                db.executemany(_TOMBSTONE, [(*g, new_version) for g in gone])
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
            self._row(db, network_id)
            db.execute("DELETE FROM networks WHERE id = ?", (network_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- extras ---------------------------------------------------------

    @contextlib.contextmanager
    def exclusive(self, network_id: str) -> Iterator[None]:
        """Hold the write lock for the calling thread; see
        :class:`careernet.storage.Exclusive`.

        Other threads of this process wait on a lock; other processes wait
        in SQLite's busy handler, up to the timeout.
        """
        self._writable()
        with self._lock:
            if self._held is not None:  # already held by this thread: nest
                yield
                return
            with self._errors():
                self._db.execute("BEGIN IMMEDIATE")
            self._held = threading.get_ident()
            try:
                with self._errors():
                    self._row(self._db, network_id)
                yield
                with self._errors():
                    self._db.execute("COMMIT")
            finally:
                self._held = None
                if self._db.in_transaction:
                    with self._errors():
                        self._db.execute("ROLLBACK")

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check``'s findings; ``["ok"]`` when all is well."""
        with self._lock, self._errors():
            return [row[0] for row in self._db.execute("PRAGMA integrity_check")]

    def check(self) -> list[str]:
        """Every problem a full ``integrity_check`` finds; empty when all is well."""
        return [line for line in self.integrity_check() if line != "ok"]

    def __repr__(self) -> str:
        return f"SQLiteStorage({str(self.path)!r})"


def _cannot_write(path: Path) -> bool:
    """Whether the file (or, for a new file, its folder) cannot be written.

    The folder matters for an existing file too: SQLite writes its WAL and
    shared-memory files beside the database.
    """
    try:
        folder = path.parent if path.parent != Path() else Path()
        if path.exists():
            return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        return not os.access(existing, os.W_OK)
    except (OSError, ValueError):
        return False


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only, if it is new."""
    if "\x00" in str(path):
        raise InvalidValueError(
            f"A SQLite location cannot hold a NUL character; got {str(path)!r}."
        )
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
    if path is None:
        return None
    read_only = True if location.endswith(READ_ONLY) else None
    return SQLiteStorage(path, read_only=read_only)


@hookimpl
def careernet_storage_schemes() -> list[str]:
    """The locations this plugin opens."""
    return ["sqlite:///PATH", "sqlite:///PATH?mode=ro", "PATH (a SQLite file)"]
