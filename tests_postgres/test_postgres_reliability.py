"""PostgreSQL under many writers, dropped connections and re-created networks."""

from __future__ import annotations

import psycopg
import pytest

import careernet
from careernet import CommitUnknownError, InteractionKind, NetworkReplacedError
from careernet.storage.postgres import PostgresStorage
from careernet.testing.storage import _change, _contact
from tests.test_concurrency import COMMANDS, WRITERS, run_writers
from tests_postgres.conftest import Server


def test_eight_writer_processes_on_one_seeker_all_land(database: str) -> None:
    with careernet.open(database, seeker="Alex Rivera") as net:
        ann = net.add_contact("Ann Lee")
        start = net.version
    acknowledged = run_writers(database, ann.id, WRITERS, COMMANDS)
    assert len(acknowledged) == WRITERS * COMMANDS
    with careernet.open(database) as net:
        assert {i.note for i in net.state.interactions.values()} == acknowledged
        assert net.version == start + WRITERS * COMMANDS


def test_pooled_connections_broken_by_a_restart_fail_no_request(
    database: str, postgres_server: Server
) -> None:
    with careernet.open(f"{database}?pool_min=2&pool_max=2", seeker="Alex") as net:
        ann = net.add_contact("Ann Lee")
        name = database.rsplit("/", 1)[-1].split("?", maxsplit=1)[0]
        # What a server restart does to every pooled connection.
        with psycopg.connect(postgres_server.admin_uri, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        for n in range(10):
            net.log(ann.id, InteractionKind.MESSAGE, note=str(n))
            assert not net.stale()
        assert len(net.state.interactions) == 10


def test_a_connection_lost_during_commit_says_the_outcome_is_unknown(
    database: str,
) -> None:
    storage = PostgresStorage(database)
    try:
        storage.create_network("n", careernet.Seeker(name="Alex"))
        with psycopg.connect(database, autocommit=True) as setup:
            # A deferred trigger runs at COMMIT and ends its own connection.
            setup.execute(
                "CREATE FUNCTION drop_me() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); "
                "RETURN NULL; END $$"
            )
            setup.execute(
                "CREATE CONSTRAINT TRIGGER drop_me AFTER UPDATE ON careernet_networks "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION drop_me()"
            )
        with pytest.raises(CommitUnknownError, match="may or may not"):
            storage.commit("n", 0, _change(_contact(1)))
        with psycopg.connect(database, autocommit=True) as setup:
            setup.execute("DROP TRIGGER drop_me ON careernet_networks")
        # The pool replaced the dropped connection: the next request works.
        assert storage.version("n") in {0, 1}
    finally:
        storage.close()


def test_a_recreated_network_refuses_a_stale_view(database: str) -> None:
    with (
        careernet.open_store(database) as store,
        careernet.open_store(database) as other,
    ):
        view = store.create("default", "Alex Rivera")
        ann = view.add_contact("Ann Old")
        other.delete("default")
        fresh = other.create("default", "Alex Rivera")
        fresh.add_contact("Zoe New")
        with pytest.raises(NetworkReplacedError):
            view.log(ann.id, InteractionKind.MESSAGE)
        assert view.stale()
        view.refresh()
        assert [c.name for c in view.contacts] == ["Zoe New"]


def test_transact_rolls_back_the_whole_block(database: str) -> None:
    with careernet.open(database, seeker="Alex") as net:
        net.add_contact("Ann")

        def fail(network: careernet.Network) -> None:
            network.add_contact("Bob")
            network.add_contact("Cy")
            raise RuntimeError("no")

        with pytest.raises(RuntimeError):
            net.transact(fail)
        assert [c.name for c in net.contacts] == ["Ann"]
        assert net.version == 1
        assert not net.stale()
        net.transact(lambda n: n.add_contact("Dee"))
        assert net.version == 2
        assert [c.name for c in net.contacts] == ["Ann", "Dee"]
