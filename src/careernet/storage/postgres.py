"""The PostgreSQL storage, for apps that serve many seekers.

Install it with ``pip install 'careernet[postgres]'``; it registers itself
through the ``careernet`` entry-point group like any third-party plugin, and
opens ``postgresql://`` and ``postgres://`` locations (libpq connection
URIs)::

    careernet.open_store("postgresql://careernet@db.internal/careernet")

Connections come from a psycopg connection pool (``?pool_min=`` and
``?pool_max=`` in the location set its size; both are removed before the
URI reaches libpq). Every commit is one transaction that locks the network's
row (``SELECT ... FOR UPDATE``), checks its incarnation and version,
upserts the change's records and bumps the version: writers to the same
network queue on that one row, so there is no lost update and no lock-order
deadlock, and writers to different networks do not wait for each other.
:meth:`PostgresStorage.exclusive` holds that row lock for a whole
:meth:`careernet.Network.transact`, so queued writers go in turn and none is
starved. The schema version lives in ``careernet_schema``; migrations run
under an advisory lock when the store is opened, and a database from a newer
careernet is refused.

The pool checks each connection before handing it out (a cheap round trip),
so connections broken by a server restart are replaced instead of failing a
request. A connection lost while ``COMMIT`` was under way raises
:class:`~careernet.CommitUnknownError`: the change may have been written, so
reload and look before trying again.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from careernet import _convert
from careernet._markers import hookimpl
from careernet.domain import Change, Record, Seeker
from careernet.errors import (
    CareerNetError,
    CommitUnknownError,
    ConflictError,
    CorruptStoreError,
    MissingDependencyError,
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
    import psycopg
    import psycopg_pool

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "PostgresStorage"]

SCHEMES: Final = ("postgresql://", "postgres://")

MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """
        CREATE TABLE careernet_networks (
            id TEXT PRIMARY KEY,
            seeker TEXT NOT NULL,
            version BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0)
        )
        """,
        """
        CREATE TABLE careernet_records (
            network_id TEXT NOT NULL
                REFERENCES careernet_networks (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version BIGINT NOT NULL,
            seq BIGINT GENERATED ALWAYS AS IDENTITY,
            data TEXT NOT NULL,
            PRIMARY KEY (network_id, kind, id)
        )
        """,
        (
            "CREATE INDEX careernet_records_by_version "
            "ON careernet_records (network_id, version)"
        ),
    ),
    2: (
        # Each network's incarnation: a random id, new at every creation.
        (
            "ALTER TABLE careernet_networks ADD COLUMN incarnation TEXT NOT NULL "
            "DEFAULT md5(random()::text || clock_timestamp()::text)"
        ),
    ),
    3: (
        # Records removed by a commit, until written again: a view refreshed
        # since an earlier version drops them.
        """
        CREATE TABLE careernet_removed (
            network_id TEXT NOT NULL
                REFERENCES careernet_networks (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (network_id, kind, id)
        )
        """,
    ),
}
"""Schema changes by the version they lead to; each runs in one transaction."""

SCHEMA_VERSION: Final = max(MIGRATIONS)

_LOCK_KEY: Final = 0x63617265  # "care": the advisory lock migrations hold

_UPSERT = """
    INSERT INTO careernet_records (network_id, kind, id, version, data)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (network_id, kind, id)
    DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data
"""

_DELETE = (
    "DELETE FROM careernet_records WHERE network_id = %s AND kind = %s AND id = %s"
)
_TOMBSTONE = """
    INSERT INTO careernet_removed (network_id, kind, id, version)
    VALUES (%s, %s, %s, %s)
    ON CONFLICT (network_id, kind, id) DO UPDATE SET version = EXCLUDED.version
"""
_UNTOMB = (
    "DELETE FROM careernet_removed WHERE network_id = %s AND kind = %s AND id = %s"
)


def _import_psycopg() -> tuple[Any, Any]:
    try:
        import psycopg  # noqa: PLC0415
        import psycopg_pool  # noqa: PLC0415
    except ImportError:  # pragma: no cover - depends on the installation
        raise MissingDependencyError(
            "PostgreSQL storage", "psycopg", extra="postgres"
        ) from None
    return psycopg, psycopg_pool


def _split_location(location: str) -> tuple[str, int, int]:
    """The libpq URI without careernet's pool options, and the pool's size."""
    parts = urlsplit(location)
    query = parse_qsl(parts.query, keep_blank_values=True)
    options = dict(query)
    try:
        low = int(options.pop("pool_min", "1"))
        high = int(options.pop("pool_max", "10"))
    except ValueError:
        raise StorageError(
            "pool_min and pool_max in a PostgreSQL location must be whole numbers."
        ) from None
    if not 0 <= low <= high or high < 1:
        raise StorageError(
            "The pool needs 0 <= pool_min <= pool_max and pool_max >= 1."
        )
    rest = [(k, v) for k, v in query if k not in ("pool_min", "pool_max")]
    # libpq decodes %XX but not "+", so spaces must stay %20.
    encoded = urlencode(rest, quote_via=quote)
    return urlunsplit(parts._replace(query=encoded)), low, high


def _scrub(message: str, conninfo: str) -> str:
    """A driver message without the location's user name and password."""
    parts = urlsplit(conninfo)
    for secret in (parts.password, parts.username):
        if secret:
            message = message.replace(secret, "***")
    return " ".join(message.split())


def _display(conninfo: str) -> str:
    """The location without its user name and password, for messages."""
    parts = urlsplit(conninfo)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{host}{port}", parts.path, "", ""))


class PostgresStorage:
    """A store in a PostgreSQL database; see the module docstring.

    Args:
        location: A ``postgresql://`` URI.
        timeout: Seconds to wait for a connection from the pool.

    Attributes:
        removes_records: ``True``: changes' removals are applied (see
            :class:`careernet.storage.Removals`).
    """

    removes_records = True

    def __init__(self, location: str, *, timeout: float = 30.0) -> None:
        driver, pools = _import_psycopg()
        self._psycopg = driver
        conninfo, low, high = _split_location(location)
        self.location = _display(conninfo)
        self._held = threading.local()  # the connection exclusive() holds
        self._check_reachable(driver, conninfo, timeout)
        try:
            self._pool: psycopg_pool.ConnectionPool[psycopg.Connection[Any]] = (
                pools.ConnectionPool(
                    conninfo,
                    min_size=low,
                    max_size=high,
                    timeout=timeout,
                    open=False,
                    kwargs={"autocommit": False},
                    check=pools.ConnectionPool.check_connection,
                )
            )
            self._pool.open(wait=True, timeout=timeout)
        except (driver.Error, pools.PoolTimeout) as error:
            raise StorageError(
                f"Cannot connect to PostgreSQL at {self.location}: {error}. Check "
                "the address, the credentials and that the server is running."
            ) from error
        try:
            self._migrate()
        except BaseException:
            self._pool.close()
            raise

    def _check_reachable(self, driver: Any, conninfo: str, timeout: float) -> None:
        """Connect once, so a wrong address fails at once and says why."""
        try:
            driver.connect(conninfo, connect_timeout=max(1, round(timeout))).close()
        except driver.Error as error:
            raise StorageError(
                f"Cannot connect to PostgreSQL at {self.location}: "
                f"{_scrub(str(error), conninfo)} Check the address, the "
                "credentials and that the server is running."
            ) from None

    # -- plumbing -------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        """One transaction on a pooled connection (a savepoint inside
        :meth:`exclusive`); errors become careernet's."""
        held = getattr(self._held, "connection", None)
        if held is not None:
            with self._errors(), held.transaction(), held.cursor() as cursor:
                yield cursor
            return
        with self._errors(), self._pool.connection() as connection:
            try:
                with connection.cursor() as cursor:
                    yield cursor
            except BaseException:
                self._rollback(connection)
                raise
            self._commit(connection)

    def _rollback(self, connection: psycopg.Connection[Any]) -> None:
        """Roll back; a connection already broken has nothing to roll back."""
        with contextlib.suppress(self._psycopg.Error):
            connection.rollback()

    def _commit(self, connection: psycopg.Connection[Any]) -> None:
        """COMMIT, telling a refusal apart from a connection lost on the way."""
        psycopg = self._psycopg
        try:
            connection.commit()
        except psycopg.OperationalError as error:
            if connection.broken or connection.closed:
                raise CommitUnknownError(
                    f"The connection to PostgreSQL at {self.location} was lost "
                    f"while committing ({error}): the change may or may not have "
                    "been written. Reload the network and check before trying "
                    "again."
                ) from error
            raise

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = self._psycopg
        try:
            yield
        except CareerNetError:
            raise
        except psycopg.errors.UndefinedTable as error:
            raise CorruptStoreError(
                f"{self.location} is missing careernet's tables ({error})."
            ) from error
        except psycopg.errors.ReadOnlySqlTransaction as error:
            raise ReadOnlyStoreError(
                f"PostgreSQL at {self.location} is read-only ({error}). Nothing "
                "was written; connect to the primary server."
            ) from error
        except (
            psycopg.errors.LockNotAvailable,
            psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure,
        ) as error:
            raise StoreBusyError(
                f"PostgreSQL at {self.location} is busy ({error}). Nothing was "
                "written; try again in a moment."
            ) from error
        except psycopg.Error as error:
            raise StorageError(
                f"PostgreSQL at {self.location} failed: {error}. Nothing was written."
            ) from error
        except self._pool_errors() as error:
            raise StorageError(
                f"No connection to PostgreSQL at {self.location} came free in time "
                f"({error}); nothing was written. Try again, or enlarge pool_max."
            ) from error

    def _pool_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg_pool  # noqa: PLC0415

        return (psycopg_pool.PoolTimeout, psycopg_pool.PoolClosed)

    def _migrate(self) -> None:
        with self._transaction() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS careernet_schema (version INTEGER NOT NULL)"
            )
            cursor.execute("SELECT version FROM careernet_schema")
            row = cursor.fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{self.location} uses careernet schema version {version}, newer "
                    f"than this careernet understands ({SCHEMA_VERSION}). Upgrade "
                    "careernet; the database was left untouched."
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    cursor.execute(statement)
            if row is None:
                cursor.execute(
                    "INSERT INTO careernet_schema (version) VALUES (%s)",
                    (SCHEMA_VERSION,),
                )
            elif version < SCHEMA_VERSION:
                cursor.execute(
                    "UPDATE careernet_schema SET version = %s", (SCHEMA_VERSION,)
                )

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._transaction() as cursor:
            cursor.execute("SELECT version FROM careernet_schema")
            row = cursor.fetchone()
            return int(row[0]) if row else 0

    def _row(
        self, cursor: psycopg.Cursor[Any], network_id: str, *, lock: bool
    ) -> tuple[int, str]:
        cursor.execute(
            "SELECT version, incarnation FROM careernet_networks WHERE id = %s"
            + (" FOR UPDATE" if lock else ""),
            (network_id,),
        )
        row = cursor.fetchone()
        if row is None:
            raise UnknownNetworkError.for_id(network_id)
        return int(row[0]), str(row[1])

    def _version_in(
        self, cursor: psycopg.Cursor[Any], network_id: str, *, lock: bool
    ) -> int:
        return self._row(cursor, network_id, lock=lock)[0]

    # -- the Storage protocol -------------------------------------------

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        data = _convert.dumps(_convert.dump_seeker(seeker))
        version = 1 if records else 0
        incarnation = secrets.token_hex(16)
        _, encoded = _convert.encode_change(Change(summary="create", records=records))
        rows = [(network_id, *row[:2], version, row[2]) for row in encoded]
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO careernet_networks (id, seeker, version, incarnation) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (network_id, data, version, incarnation),
            )
            if cursor.rowcount == 0:
                raise NetworkExistsError(
                    f"A network called {network_id!r} already exists in "
                    f"{self.location}; open it, or choose another id."
                )
            if rows:
                cursor.executemany(_UPSERT, rows)
        return Snapshot(
            network_id=network_id,
            seeker=seeker,
            version=version,
            records=records,
            incarnation=incarnation,
        )

    def networks(self) -> list[str]:
        with self._transaction() as cursor:
            cursor.execute("SELECT id FROM careernet_networks ORDER BY id")
            return [row[0] for row in cursor.fetchall()]

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        with self._transaction() as cursor:
            if getattr(self._held, "connection", None) is None:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            version, incarnation = self._row(cursor, network_id, lock=False)
            cursor.execute(
                "SELECT seeker FROM careernet_networks WHERE id = %s", (network_id,)
            )
            (seeker,) = cursor.fetchone() or ("{}",)
            cursor.execute(
                "SELECT kind, data FROM careernet_records "
                "WHERE network_id = %s AND version > %s ORDER BY seq",
                (network_id, since),
            )
            rows = cursor.fetchall()
            removed: list[tuple[str, str]] = []
            if since:
                cursor.execute(
                    "SELECT kind, id FROM careernet_removed WHERE network_id = %s "
                    "AND version > %s ORDER BY version, kind, id",
                    (network_id, since),
                )
                removed = [(str(k), str(i)) for k, i in cursor.fetchall()]
        return Snapshot(
            network_id=network_id,
            seeker=_convert.load_seeker(_convert.loads(seeker)),
            version=version,
            records=_convert.load_rows(rows),
            incarnation=incarnation,
            removed=removed,
        )

    def version(self, network_id: str) -> int:
        return self.head(network_id).version

    def find_records(self, kind: str, record_id: str) -> list[tuple[str, Record]]:
        """The record of ``kind`` and ``record_id`` in every network holding one,
        with the network's id: one primary-key look-up per network."""
        with self._transaction() as cursor:
            cursor.execute(
                "SELECT n.id, r.data FROM careernet_networks AS n "
                "JOIN careernet_records AS r ON r.network_id = n.id "
                "AND r.kind = %s AND r.id = %s ORDER BY n.id",
                (kind, record_id),
            )
            rows = cursor.fetchall()
        loads, load_record = _convert.loads, _convert.load_record
        return [
            (network_id, load_record(kind, loads(data))) for network_id, data in rows
        ]

    def head(self, network_id: str) -> Head:
        """The network's incarnation and version."""
        with self._transaction() as cursor:
            version, incarnation = self._row(cursor, network_id, lock=False)
        return Head(incarnation, version)

    def commit(
        self,
        network_id: str,
        expected_version: int,
        change: Change,
        *,
        incarnation: str | None = None,
    ) -> int:
        new_version = expected_version + 1
        seeker, encoded = _convert.encode_change(change)
        rows = [(network_id, *row[:2], new_version, row[2]) for row in encoded]
        with self._transaction() as cursor:
            actual, current = self._row(cursor, network_id, lock=True)
            if incarnation is not None and current != incarnation:
                raise NetworkReplacedError(
                    network_id, expected_version, actual, incarnation=incarnation
                )
            if actual != expected_version:
                raise ConflictError(network_id, expected_version, actual)
            if rows:
                cursor.executemany(_UPSERT, rows)
                cursor.execute(
                    "SELECT 1 FROM careernet_removed WHERE network_id = %s LIMIT 1",
                    (network_id,),
                )
                if cursor.fetchone():
                    cursor.executemany(_UNTOMB, [row[:3] for row in rows])
            if change.removed:
                gone = [(network_id, kind, key) for kind, key in change.removed]
                cursor.executemany(_DELETE, gone)
                cursor.executemany(_TOMBSTONE, [(*g, new_version) for g in gone])
            if seeker is not None:
                cursor.execute(
                    "UPDATE careernet_networks SET seeker = %s WHERE id = %s",
                    (seeker, network_id),
                )
            cursor.execute(
                "UPDATE careernet_networks SET version = %s WHERE id = %s",
                (new_version, network_id),
            )
        return new_version

    def delete_network(self, network_id: str) -> None:
        with self._transaction() as cursor:
            self._version_in(cursor, network_id, lock=True)
            cursor.execute(
                "DELETE FROM careernet_networks WHERE id = %s", (network_id,)
            )

    @contextlib.contextmanager
    def exclusive(self, network_id: str) -> Iterator[None]:
        """Hold the network's row lock for the calling thread; see
        :class:`careernet.storage.Exclusive`. Writers waiting for the row
        are served in the order they asked."""
        if getattr(self._held, "connection", None) is not None:
            yield  # already held by this thread: nest
            return
        with self._errors(), self._pool.connection() as connection:
            try:
                with connection.cursor() as cursor:
                    self._row(cursor, network_id, lock=True)
                self._held.connection = connection
                try:
                    yield
                finally:
                    self._held.connection = None
            except BaseException:
                self._rollback(connection)
                raise
            self._commit(connection)

    def check(self) -> list[str]:
        """Records that do not load; empty when all is well."""
        problems = []
        with self._transaction() as cursor:
            cursor.execute(
                "SELECT network_id, kind, id, data FROM careernet_records "
                "ORDER BY network_id, seq"
            )
            rows = cursor.fetchall()
        for network_id, kind, record_id, data in rows:
            try:
                _convert.load_record(kind, _convert.loads(data))
            except CareerNetError as error:
                problems.append(f"{network_id}: {kind} {record_id}: {error}")
        return problems

    def close(self) -> None:
        self._pool.close()

    def __repr__(self) -> str:
        return f"PostgresStorage({self.location!r})"


@hookimpl
def careernet_open_storage(location: str) -> PostgresStorage | None:
    """Open ``postgresql://`` and ``postgres://`` locations."""
    if not location.startswith(SCHEMES):
        return None
    return PostgresStorage(location)


@hookimpl
def careernet_storage_schemes() -> list[str]:
    """The locations this plugin opens."""
    return ["postgresql://USER@HOST/DATABASE"]
