"""The PostgreSQL backend against a real server: the storage contract, the
facade, schema versions, optimistic concurrency, many processes at once,
moving a seeker between backends and one transaction per command."""

from __future__ import annotations

import datetime as dt
import itertools
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, LiteralString

import attrs
import psycopg
import pytest

import careernet
from careernet.domain import (
    Change,
    Channel,
    HelpKind,
    InteractionKind,
    Record,
    Ring,
    Scenario,
    Seeker,
)
from careernet.errors import (
    ConflictError,
    SchemaVersionError,
    StorageError,
    UnknownLocationError,
)
from careernet.sample import sample_goal, sample_network
from careernet.storage import Storage
from careernet.storage.postgres import SCHEMA_VERSION, PostgresStorage
from careernet.storage.sqlite import SQLiteStorage
from careernet.store import DEFAULT_NETWORK
from careernet.testing import StorageContract
from careernet.testing.storage import _change, _contact
from tests_postgres.conftest import HOST, Server

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
SEEKER = Seeker(name="Robin Postgres", company="Acme")
PASSWORD = "s3cret-Pa55word"

LOCK_TIMEOUT = "options=-clock_timeout%3D200"
"""libpq's ``options`` for a 200 ms lock timeout, without a space to encode."""

CAREERNET_TABLES = (
    "careernet_networks",
    "careernet_records",
    "careernet_removed",
    "careernet_schema",
)


def rows(
    uri: str, query: LiteralString, params: Sequence[object] = ()
) -> list[tuple[Any, ...]]:
    """Read the database without careernet, as an independent check."""
    with psycopg.connect(uri, autocommit=True) as connection:
        return connection.execute(query, params).fetchall()


def execute(uri: str, *statements: LiteralString) -> None:
    """Change the database behind careernet's back, in one transaction."""
    with psycopg.connect(uri) as connection:
        for statement in statements:
            connection.execute(statement)


def tables(uri: str) -> list[str]:
    """The tables in the database's public schema."""
    found = rows(
        uri,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "ORDER BY tablename",
    )
    return [name for (name,) in found]


def contents(uri: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every careernet table, and the public schema's objects, row by row."""
    return {
        "objects": rows(
            uri,
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' ORDER BY c.relname",
        ),
        "careernet_schema": rows(uri, "SELECT * FROM careernet_schema"),
        "careernet_networks": rows(uri, "SELECT * FROM careernet_networks ORDER BY id"),
        "careernet_records": rows(
            uri, "SELECT * FROM careernet_records ORDER BY network_id, kind, id"
        ),
    }


def wait_until_disconnected(uri: str, *, timeout: float = 10.0) -> None:
    """Wait until nobody but the checker is connected to the database."""
    database = uri.rsplit("/", 1)[1].split("?", 1)[0]
    deadline = time.monotonic() + timeout
    while True:
        (others,) = rows(
            uri,
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
        if others == (0,):
            return
        assert time.monotonic() < deadline, f"{others[0]} connections left open"
        time.sleep(0.05)


def fixed_ids(prefix: str) -> Callable[[], str]:
    """Record ids ``prefix1``, ``prefix2``, ... in order."""
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers)}"


def by_kind_and_id(records: Sequence[Record]) -> dict[tuple[str, str], Record]:
    found: dict[tuple[str, str], Record] = {}
    for record in records:
        assert not isinstance(record, Seeker)  # storage keeps the seeker apart
        found[type(record).__name__, record.id] = record
    return found


# -- the contract ---------------------------------------------------------


class TestPostgresStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _fresh_database(self, database: str) -> None:
        self.uri = database

    def make_storage(self) -> Storage:
        return PostgresStorage(self.uri)


# -- the server -----------------------------------------------------------


class TestServer:
    def test_the_tests_run_against_a_real_postgresql_server(
        self, database: str
    ) -> None:
        storage = PostgresStorage(database)
        try:
            with storage._pool.connection() as connection:
                row = connection.execute(
                    "SELECT version(), current_database(), host(inet_server_addr())"
                ).fetchone()
        finally:
            storage.close()
        assert row is not None
        version, name, address = row
        assert "PostgreSQL" in version
        assert database.endswith(f"/{name}")
        assert address == HOST

    def test_a_new_database_gets_the_current_schema(self, database: str) -> None:
        storage = PostgresStorage(database)
        try:
            assert storage.schema_version == SCHEMA_VERSION
        finally:
            storage.close()
        assert tables(database) == sorted(CAREERNET_TABLES)
        assert rows(database, "SELECT version FROM careernet_schema") == [
            (SCHEMA_VERSION,)
        ]
        indexes = rows(
            database, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
        )
        assert ("careernet_records_by_version",) in indexes

    def test_the_server_listens_on_127_0_0_1_only(
        self, postgres_server: Server
    ) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(5)
            assert probe.connect_ex(("127.0.0.2", postgres_server.port)) != 0


# -- the facade -----------------------------------------------------------


class TestFacade:
    def test_open_finds_the_plugin_through_its_entry_point(self, database: str) -> None:
        with pytest.raises(UnknownLocationError, match="postgresql://"):
            careernet.open_store(database, autoload=False)
        with careernet.open(database, autoload=True) as net:
            assert isinstance(net.store.storage, PostgresStorage)
            assert net.id == DEFAULT_NETWORK
            assert net.seeker.name == "Me"
            assert net.version == 0
        assert rows(database, "SELECT id, version FROM careernet_networks") == [
            ("default", 0)
        ]

    def test_remove_merge_and_archive_are_stored_and_seen_by_other_views(
        self, database: str
    ) -> None:
        with careernet.open(database, autoload=True) as net:
            ann = net.add_contact("Ann Archer", emails=["ann@example.org"])
            dup = net.add_contact("Ann A.", emails=["ann@work.example"])
            bo = net.add_contact("Bo Brandt", knows=[ann.id], introduced_by=dup.id)
            net.log(dup.id, InteractionKind.REPLY, note="Happy to talk")
            other = net.store.network(net.id)
            report = net.merge_contacts(ann.id, dup.id)
            assert report.moved
            net.archive(bo.id)
            other.refresh()
            assert list(other.state.records()) == list(net.state.records())
            gone = net.remove_contact(ann.id)
            assert ("interaction", report.moved[0][1]) in gone.removed
            other.refresh()
            assert list(other.state.records()) == list(net.state.records())
            version = net.version
        # Checked without careernet: the rows are gone, the removals noted.
        assert (
            rows(
                database,
                "SELECT kind, id FROM careernet_records WHERE id IN (%s, %s)",
                (ann.id, dup.id),
            )
            == []
        )
        assert sorted(
            rows(database, "SELECT kind, id FROM careernet_removed")
        ) == sorted([("contact", ann.id), ("contact", dup.id), *gone.removed[1:]])
        with careernet.open(database, autoload=True) as again:
            assert again.version == version
            assert again.contacts == []
            assert [c.id for c in again.archived] == [bo.id]
            assert again.archived[0].knows == frozenset()
            assert again.archived[0].introduced_by is None

    def test_commands_persist_across_reopening(self, database: str) -> None:
        with careernet.open(database, autoload=True) as net:
            net.set_seeker(name="Robin", company="Acme")
            ann = net.add_contact("Ann Archer", company="Globex", ring=Ring.LUKEWARM)
            bo = net.add_contact("Bo Brandt", introduced_by=ann.id)
            net.log(ann.id, InteractionKind.REPLY, note="Happy to talk")
            net.give(ann.id, "an article", help=HelpKind.INFORMATION)
            net.set_goal(Scenario.UNEMPLOYED, target_companies=["Globex"])
            version = net.version
            exported = net.export_json()
        assert version == 6
        with careernet.open(database, autoload=True) as again:
            assert again.version == version
            assert again.seeker == Seeker(name="Robin", company="Acme")
            assert {c.id: c for c in again.contacts} == {ann.id: ann, bo.id: bo}
            assert [i.note for i in again.state.interactions.values()] == [
                "Happy to talk"
            ]
            assert again.goal is not None
            assert again.goal.target_companies == {"Globex"}
            assert again.export_json() == exported
        assert rows(
            database, "SELECT count(*) FROM careernet_records WHERE kind = 'contact'"
        ) == [(2,)]

    def test_many_seekers_networks_are_isolated_in_one_database(
        self, database: str
    ) -> None:
        names = {"alex": "Alex Rivera", "sam": "Sam Okafor", "kim": "Kim Lee"}
        for network_id, name in names.items():
            # The same record ids in every network: they must not collide.
            with careernet.open_store(
                database, autoload=True, ids=fixed_ids("r"), clock=lambda: NOW
            ) as store:
                net = store.create(network_id, Seeker(name=name))
                ann = net.add_contact(f"{name}'s Ann")
                net.log(ann.id, InteractionKind.MESSAGE, note=f"to {network_id}")
        with careernet.open_store(database, autoload=True) as store:
            assert store.networks() == sorted(names)
            for network_id, name in names.items():
                net = store.network(network_id)
                assert net.seeker.name == name
                assert [c.name for c in net.contacts] == [f"{name}'s Ann"]
                assert [c.id for c in net.contacts] == ["r1"]
                notes = [i.note for i in net.state.interactions.values()]
                assert notes == [f"to {network_id}"]
                assert net.version == 2
            store.delete("sam")
            assert store.networks() == ["alex", "kim"]
            assert [c.name for c in store.network("kim").contacts] == ["Kim Lee's Ann"]
        with careernet.open(database, network="kim", autoload=True) as kim:
            assert kim.seeker.name == "Kim Lee"
        counts = rows(
            database,
            "SELECT network_id, count(*) FROM careernet_records "
            "GROUP BY network_id ORDER BY network_id",
        )
        assert counts == [("alex", 2), ("kim", 2)]

    def test_feed_tokens_are_found_without_loading_networks(
        self, database: str
    ) -> None:
        with careernet.open_store(database, autoload=True, clock=lambda: NOW) as store:
            tokens = {}
            for network_id in ("ana", "ben", "cy"):
                network = store.create(network_id, Seeker(name=network_id.title()))
                if network_id != "ben":
                    tokens[network_id] = network.feed_token()
            found = store.feed_tokens()
            assert [n for n, _ in found] == ["ana", "cy"]
            for network_id, token in found:
                assert tokens[network_id] == f"{token.lookup}.{token.secret}"
            assert store.storage.find_records("feed", "nothing") == []  # type: ignore[attr-defined]

    def test_the_pool_size_comes_from_the_location(self, database: str) -> None:
        with careernet.open(f"{database}?pool_min=1&pool_max=2", autoload=True) as net:
            storage = net.store.storage
            assert isinstance(storage, PostgresStorage)
            assert (storage._pool.min_size, storage._pool.max_size) == (1, 2)
            conninfo = storage._pool.conninfo
            assert isinstance(conninfo, str)
            assert "pool_" not in conninfo
            ann = net.add_contact("Ann")
            # More readers at once than the pool has connections: they queue.
            with ThreadPoolExecutor(max_workers=6) as workers:
                loaded = list(workers.map(lambda _: storage.load(net.id), range(12)))
            assert {tuple(s.records) for s in loaded} == {(ann,)}
            # Messages show the location without the user name (or a password).
            assert storage.location == database.replace("careernet@", "")
        with careernet.open(database, autoload=True) as again:
            assert [c.name for c in again.contacts] == ["Ann"]

    @pytest.mark.parametrize(
        "query",
        [
            "pool_min=x",
            "pool_max=",
            "pool_max=0",
            "pool_min=-1",
            "pool_min=3&pool_max=2",
            "pool_max=2.5",
        ],
    )
    def test_bad_pool_values_are_a_storage_error(
        self, database: str, query: str
    ) -> None:
        with pytest.raises(StorageError, match="pool_min") as raised:
            careernet.open(f"{database}?{query}", autoload=True)
        assert type(raised.value) is StorageError
        assert tables(database) == []  # refused before connecting

    @pytest.mark.parametrize("wrong", ["port", "host", "database"])
    def test_an_unreachable_server_is_a_clear_storage_error(
        self, postgres_server: Server, wrong: str
    ) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as unused:
            unused.bind((HOST, 0))  # bound but not listening: refuses connections
            host, port, name = HOST, postgres_server.port, "postgres"
            if wrong == "port":
                port = unused.getsockname()[1]
            elif wrong == "host":
                host = "127.0.0.2"
            else:
                name = "no_such_database"
            location = f"postgresql://careernet:{PASSWORD}@{host}:{port}/{name}"
            started = time.monotonic()
            # Straight to the storage, for its timeout: careernet.open would
            # wait the default 30 s for the pool before giving up.
            with pytest.raises(StorageError) as raised:
                PostgresStorage(location, timeout=1.5)
        assert time.monotonic() - started < 15
        message = str(raised.value)
        assert message.startswith(
            f"Cannot connect to PostgreSQL at postgresql://{host}:{port}/{name}:"
        )
        assert "running" in message
        assert "\n" not in message
        assert "Traceback" not in message
        chain: list[BaseException] = []
        error: BaseException | None = raised.value
        while error is not None:
            chain.append(error)
            error = error.__cause__ or error.__context__
        for link in chain:
            assert PASSWORD not in str(link)
            assert PASSWORD not in repr(link.args)
        assert "careernet:" not in message  # nor the user name

    def test_a_database_from_a_newer_careernet_is_refused_untouched(
        self, database: str
    ) -> None:
        with careernet.open(database, autoload=True) as net:
            net.add_contact("Ann")
        execute(database, "UPDATE careernet_schema SET version = 99")
        before = contents(database)
        with pytest.raises(SchemaVersionError, match="Upgrade careernet") as raised:
            careernet.open(database, network="sam", seeker="Sam", autoload=True)
        assert "99" in str(raised.value)
        assert contents(database) == before
        wait_until_disconnected(database)  # the refused store closed its pool

    @pytest.mark.parametrize("round_", range(3))
    def test_migrations_are_idempotent_when_stores_open_at_once(
        self, database: str, round_: int
    ) -> None:
        openers = 8 + round_
        barrier = threading.Barrier(openers)

        def open_and_use(n: int) -> int:
            barrier.wait(timeout=30)
            storage = PostgresStorage(f"{database}?pool_min=1&pool_max=1")
            try:
                storage.create_network(f"n{n}", SEEKER)
                return storage.commit(f"n{n}", 0, _change(_contact(n)))
            finally:
                storage.close()

        with ThreadPoolExecutor(max_workers=openers) as workers:
            versions = list(workers.map(open_and_use, range(openers)))
        assert versions == [1] * openers
        assert tables(database) == sorted(CAREERNET_TABLES)
        assert rows(database, "SELECT version FROM careernet_schema") == [
            (SCHEMA_VERSION,)
        ]
        storage = PostgresStorage(database)
        try:
            assert storage.networks() == sorted(f"n{n}" for n in range(openers))
        finally:
            storage.close()


# -- optimistic concurrency -----------------------------------------------


class TestOptimisticConcurrency:
    def test_a_stale_view_gets_a_conflict_and_writes_nothing(
        self, database: str
    ) -> None:
        with (
            careernet.open(database, autoload=True) as first,
            careernet.open(database, autoload=True) as second,
        ):
            first.add_contact("Ann")
            assert second.stale()
            with pytest.raises(ConflictError, match="version 1") as raised:
                second.add_contact("Bo")
            assert (raised.value.expected, raised.value.actual) == (0, 1)
            assert second.version == 0
            assert second.contacts == []
        assert rows(database, "SELECT id, version FROM careernet_networks") == [
            ("default", 1)
        ]
        with careernet.open(database, autoload=True) as third:
            assert [c.name for c in third.contacts] == ["Ann"]

    def test_retry_on_conflict_refreshes_and_succeeds(self, database: str) -> None:
        with (
            careernet.open(database, autoload=True) as first,
            careernet.open(database, autoload=True) as second,
        ):
            ann = first.add_contact("Ann")
            # The stale view does not know Ann: its own check refuses the
            # command, the view is stale, so it refreshes and runs it again.
            entry = careernet.retry_on_conflict(
                second, lambda net: net.give(ann.id, "an article")
            )
            careernet.retry_on_conflict(first, lambda net: net.add_contact("Bo"))
            with pytest.raises(ConflictError):
                careernet.retry_on_conflict(
                    second, lambda net: net.add_contact("Never"), attempts=1
                )
            carl = careernet.retry_on_conflict(
                second, lambda net: net.add_contact("Carl")
            )
            assert second.version == 4
            assert sorted(c.name for c in second.contacts) == ["Ann", "Bo", "Carl"]
        with careernet.open(database, autoload=True) as again:
            assert again.version == 4
            assert sorted(c.name for c in again.contacts) == ["Ann", "Bo", "Carl"]
            assert again.contact(carl.id) == carl
            assert list(again.state.entries.values()) == [entry]


# -- many app processes at once -------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    import careernet
    from careernet.domain import InteractionKind

    location, network_id, contact_id, label, count = sys.argv[1:6]
    with careernet.open(location, network=network_id, autoload=True) as net:
        print("ready", flush=True)
        sys.stdin.readline()
        for n in range(int(count)):
            def command(net, n=n):
                net.log(contact_id, InteractionKind.MESSAGE, note=f"{label}-{n}")
            careernet.retry_on_conflict(net, command, attempts=1000)
            print(f"{label}-{n}", flush=True)
    """
)


def test_many_processes_writing_at_once_lose_no_update(
    database: str, postgres_server: Server
) -> None:
    per_writer = 25
    writers = {"alex": ("a1", "a2"), "sam": ("s1", "s2")}
    with careernet.open_store(database, autoload=True, ids=lambda: "ann") as store:
        for network_id in writers:
            store.create(network_id, Seeker(name=network_id.title())).add_contact("Ann")
    log_offset = postgres_server.log_size()
    location = f"{database}?pool_min=1&pool_max=2"
    processes: dict[str, subprocess.Popen[str]] = {}
    try:
        for network_id, labels in writers.items():
            for label in labels:
                arguments = [location, network_id, "ann", label, str(per_writer)]
                processes[label] = subprocess.Popen(
                    [sys.executable, "-c", _WRITER, *arguments],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
        for label, process in processes.items():
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n", label
        for process in processes.values():  # all start writing together
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = {
            label: process.communicate(timeout=300)
            for label, process in processes.items()
        }
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    for label, (_, err) in outputs.items():
        assert processes[label].returncode == 0, f"{label}:\n{err}"
        assert "deadlock" not in err.lower(), f"{label}:\n{err}"
    assert "deadlock detected" not in postgres_server.log_since(log_offset)
    total = 1 + 2 * per_writer  # the contact, then every interaction
    with careernet.open_store(database, autoload=True) as store:
        for network_id, labels in writers.items():
            acknowledged = {
                line for label in labels for line in outputs[label][0].split()
            }
            assert len(acknowledged) == 2 * per_writer
            net = store.network(network_id)
            notes = [i.note for i in net.state.interactions.values()]
            assert sorted(notes) == sorted(acknowledged)
            assert net.version == total
    versions = rows(
        database,
        "SELECT network_id, array_agg(version ORDER BY version) "
        "FROM careernet_records WHERE kind = 'interaction' GROUP BY network_id "
        "ORDER BY network_id",
    )
    # Each commit wrote one interaction, under its own version.
    assert versions == [(n, list(range(2, total + 1))) for n in ("alex", "sam")]
    assert rows(database, "SELECT id, version FROM careernet_networks ORDER BY id") == [
        ("alex", total),
        ("sam", total),
    ]


# -- moving a seeker between backends -------------------------------------


def _build_sample(store: careernet.Store) -> str:
    """Alex's sample network with a goal, preferences and a feed; its export."""
    state = sample_network(NOW)
    created = store.create("alex", state.seeker)
    store.storage.commit(
        "alex", created.version, Change(summary="sample", records=list(state.records()))
    )
    net = store.network("alex")
    net.set_goal(
        Scenario.UNEMPLOYED,
        description=sample_goal(Scenario.UNEMPLOYED, NOW).description,
        target_companies=["Globex", "Initech"],
    )
    net.set_preferences(
        channels=[Channel(name="email", address="alex@example.org", private=True)],
        timezone="Europe/Berlin",
    )
    net.feed_token()
    return net.export_json()


@pytest.mark.parametrize("source", ["sqlite", "postgresql"])
def test_a_seeker_moves_between_backends_exactly(
    source: str, tmp_path: Path, database: str
) -> None:
    sqlite_location = str(tmp_path / "careernet.db")
    first, second = (
        (sqlite_location, database)
        if source == "sqlite"
        else (database, sqlite_location)
    )
    clock = lambda: NOW  # noqa: E731
    with careernet.open_store(
        first, autoload=True, clock=clock, ids=fixed_ids("x")
    ) as origin:
        exported = _build_sample(origin)
        original = origin.network("alex")
        original_snapshot = origin.storage.load("alex")
    with careernet.open_store(second, autoload=True) as target:
        moved = target.import_json(exported)
        assert isinstance(
            target.storage, SQLiteStorage if source != "sqlite" else PostgresStorage
        )
        assert moved.id == "alex"
        assert moved.seeker == original.seeker
        assert list(moved.state.records()) == list(original.state.records())
        assert moved.export_json() == exported
        assert moved.version == 1
        snapshot = target.storage.load("alex")
        assert snapshot.seeker == original_snapshot.seeker
        assert by_kind_and_id(snapshot.records) == by_kind_and_id(
            original_snapshot.records
        )
    with careernet.open(second, network="alex", autoload=True) as reopened:
        assert reopened.export_json().encode() == exported.encode()
        assert reopened.goal is not None
        assert reopened.preferences.timezone == "Europe/Berlin"
    assert rows(database, "SELECT id FROM careernet_networks") == [("alex",)]


# -- one command, one transaction -----------------------------------------


class TestOneCommandOneTransaction:
    @pytest.fixture
    def storage(self, database: str) -> Iterator[PostgresStorage]:
        storage = PostgresStorage(f"{database}?{LOCK_TIMEOUT}")
        storage.create_network("alex", SEEKER)
        storage.commit("alex", 0, _change(_contact(1)))
        try:
            yield storage
        finally:
            storage.close()

    @staticmethod
    def _big_change() -> Change:
        moved = attrs.evolve(SEEKER, company="Globex")
        return _change(_contact(1, name="Changed"), _contact(2), moved, _contact(3))

    @staticmethod
    def _unchanged(storage: PostgresStorage) -> None:
        assert storage.version("alex") == 1
        snapshot = storage.load("alex")
        assert list(snapshot.records) == [_contact(1)]
        assert snapshot.seeker == SEEKER
        assert snapshot.version == 1

    def test_a_locked_table_fails_the_commit_and_writes_nothing(
        self, storage: PostgresStorage, database: str
    ) -> None:
        with psycopg.connect(database) as locker:
            locker.execute("LOCK TABLE careernet_records IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StorageError, match="lock timeout") as raised:
                storage.commit("alex", 1, self._big_change())
            assert not isinstance(raised.value, ConflictError)
            assert "Nothing was written" in str(raised.value)
            locker.rollback()
        self._unchanged(storage)
        # The connection went back to the pool clean: the next commit works.
        assert storage.commit("alex", 1, self._big_change()) == 2
        assert [r.id for r in storage.load("alex").records] == ["c1", "c2", "c3"]  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        "sabotage",
        [
            pytest.param(
                (
                    "ALTER TABLE careernet_records "
                    "ADD CONSTRAINT no_c3 CHECK (id <> 'c3')"
                ),
                id="the-last-record-is-refused",
            ),
            pytest.param(
                (
                    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;"
                    "CREATE TRIGGER refuse BEFORE UPDATE ON careernet_networks "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                ),
                id="the-version-bump-is-refused",
            ),
        ],
    )
    def test_a_failure_after_some_writes_undoes_them_all(
        self, storage: PostgresStorage, database: str, sabotage: LiteralString
    ) -> None:
        execute(database, sabotage)
        with pytest.raises(StorageError, match="Nothing was written"):
            storage.commit("alex", 1, self._big_change())
        self._unchanged(storage)

    def test_writers_to_different_networks_do_not_wait_for_each_other(
        self, storage: PostgresStorage, database: str
    ) -> None:
        storage.create_network("sam", SEEKER)
        with psycopg.connect(database) as other:
            other.execute(
                "SELECT * FROM careernet_networks WHERE id = 'alex' FOR UPDATE"
            )
            assert storage.commit("sam", 0, _change(_contact(1))) == 1
            with pytest.raises(StorageError, match="lock timeout"):
                storage.commit("alex", 1, self._big_change())
            other.rollback()
        self._unchanged(storage)
        assert storage.commit("alex", 1, self._big_change()) == 2


def test_libpq_parameters_in_the_location_reach_the_server(database: str) -> None:
    location = f"{database}?pool_max=2&{LOCK_TIMEOUT}&application_name=careernet-test"
    assert _settings(location) == ("200ms", "careernet-test")


def test_percent_encoded_spaces_in_the_location_reach_the_server(
    database: str,
) -> None:
    # The documented libpq way to pass a server setting: options=-c name=value.
    location = (
        f"{database}?pool_max=2&options=-c%20lock_timeout%3D200"
        "&application_name=careernet%20test"
    )
    assert _settings(location) == ("200ms", "careernet test")


def _settings(location: str) -> tuple[Any, ...] | None:
    """lock_timeout and application_name, as the storage's connections see them."""
    storage = PostgresStorage(location, timeout=5)
    try:
        with storage._pool.connection() as connection:
            return connection.execute(
                "SELECT current_setting('lock_timeout'), "
                "current_setting('application_name')"
            ).fetchone()
    finally:
        storage.close()


def test_preferences_with_times_of_day_round_trip(database: str) -> None:
    with careernet.open(database, autoload=True) as net:
        preferences = net.set_preferences(
            timezone="Europe/Berlin",
            quiet_hours=(dt.time(22), dt.time(7)),
            digest_time=dt.time(8, 30),
        )
    with careernet.open(database, autoload=True) as again:
        assert again.preferences == preferences
        assert (again.preferences.quiet_start, again.preferences.digest_time) == (
            dt.time(22),
            dt.time(8, 30),
        )
