"""A throwaway PostgreSQL server for the PostgreSQL tests, and a database per test.

The ``postgres_server`` fixture runs ``initdb`` and ``pg_ctl`` from the
PostgreSQL server binaries on the machine (on ``PATH``, else the highest
version under ``/usr/lib/postgresql/*/bin``) into a fresh temporary
directory, listening on 127.0.0.1 only, and stops the server and removes the
directory at the end of the session. The server refuses to run as root, so as
root the directory is handed to the ``postgres`` user and the commands run
through ``runuser``.

Without server binaries every test here is skipped with the reason, unless
``CAREERNET_REQUIRE_POSTGRES`` is set (to anything but ``""`` or ``"0"``), as
CI does: then they fail, so CI never skips them silently.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from tests_postgres.server import HOST, USER, Server, Unavailable, running_server

__all__ = ["HOST", "USER", "Server", "create_database", "drop_database"]

REQUIRE_ENV = "CAREERNET_REQUIRE_POSTGRES"
"""Set it (not to ``"0"``) to make missing server binaries a failure, not a skip."""


def require_postgres() -> bool:
    """Whether missing server binaries must fail the run instead of skipping."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server of the tests' own on 127.0.0.1, for the whole session."""
    try:
        server = running_server()
        started = server.__enter__()
    except Unavailable as reason:
        if require_postgres():
            pytest.fail(
                f"{reason} {REQUIRE_ENV} is set, so the PostgreSQL tests must run: "
                "install the PostgreSQL server (initdb, pg_ctl, postgres).",
                pytrace=False,
            )
        pytest.skip(f"{reason} Install the PostgreSQL server to run these tests.")
    try:
        yield started
    finally:
        server.__exit__(None, None, None)


_databases = itertools.count(1)


@contextlib.contextmanager
def _admin(server: Server) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(server.admin_uri, autocommit=True) as connection:
        yield connection


def create_database(server: Server) -> str:
    """A new, empty database on ``server``; returns its name."""
    name = f"careernet_test_{os.getpid()}_{next(_databases)}"
    with _admin(server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(server: Server, name: str) -> None:
    """Drop ``name``, disconnecting whoever is still connected to it."""
    with _admin(server) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


@pytest.fixture
def database(postgres_server: Server) -> Iterator[str]:
    """The URI of a fresh database, dropped after the test."""
    name = create_database(postgres_server)
    try:
        yield postgres_server.uri(name)
    finally:
        drop_database(postgres_server, name)
