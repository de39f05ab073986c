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
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
from psycopg import sql

REQUIRE_ENV = "CAREERNET_REQUIRE_POSTGRES"
"""Set it (not to ``"0"``) to make missing server binaries a failure, not a skip."""

HOST = "127.0.0.1"
USER = "careernet"
"""The superuser ``initdb`` creates; the server trusts local connections."""

_BINARIES = ("initdb", "pg_ctl", "postgres")
_SEARCH_ROOT = Path("/usr/lib/postgresql")


@dataclass(frozen=True)
class Server:
    """A running PostgreSQL server that the tests may do anything with."""

    port: int
    log: Path
    """The server's log file."""

    def uri(self, database: str) -> str:
        """The libpq URI of ``database`` on this server, as the superuser."""
        return f"postgresql://{USER}@{HOST}:{self.port}/{database}"

    @property
    def admin_uri(self) -> str:
        """The maintenance database, for creating and dropping databases."""
        return self.uri("postgres")

    def log_size(self) -> int:
        """The log's current length, to read only what a test adds."""
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        """What the server logged after ``offset``."""
        with self.log.open("rb") as file:
            file.seek(offset)
            return file.read().decode("utf-8", errors="replace")


def require_postgres() -> bool:
    """Whether missing server binaries must fail the run instead of skipping."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def _unavailable(reason: str) -> NoReturn:
    if require_postgres():
        pytest.fail(
            f"{reason} {REQUIRE_ENV} is set, so the PostgreSQL tests must run: "
            "install the PostgreSQL server (initdb, pg_ctl, postgres).",
            pytrace=False,
        )
    pytest.skip(f"{reason} Install the PostgreSQL server to run these tests.")


def _version_key(directory: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/15/bin`` sorts by (15,); unknown names sort first."""
    name = directory.parent.name
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return ()


def find_server_binaries() -> dict[str, Path] | None:
    """``initdb``, ``pg_ctl`` and ``postgres``: from PATH, else the newest install."""
    found = {name: shutil.which(name) for name in _BINARIES}
    if all(found.values()):
        return {name: Path(path) for name, path in found.items() if path}
    candidates = [
        directory
        for directory in _SEARCH_ROOT.glob("*/bin")
        if all((directory / name).is_file() for name in _BINARIES)
    ]
    if not candidates:
        return None
    newest = max(candidates, key=_version_key)
    return {name: newest / name for name in _BINARIES}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class _Runner:
    """Runs the server's commands, as ``postgres`` when the tests run as root."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                _unavailable(
                    "The tests run as root and PostgreSQL refuses to, but there is "
                    "no 'postgres' user to run it as."
                )
            runuser = shutil.which("runuser") or "/sbin/runuser"
            if not Path(runuser).is_file():
                _unavailable("The tests run as root and 'runuser' is missing.")
            for directory, _, files in os.walk(base):
                os.chown(directory, account.pw_uid, account.pw_gid)
                for name in files:
                    os.chown(Path(directory) / name, account.pw_uid, account.pw_gid)
            self.prefix = [runuser, "-u", "postgres", "--"]
        # The C locale exists everywhere and keeps the server's messages in English.
        self.env: Mapping[str, str] = {**os.environ, "LC_ALL": "C", "LANG": "C"}

    def __call__(self, *command: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, *map(str, command)],
            cwd=self.base,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


def _explain(what: str, result: subprocess.CompletedProcess[str], log: Path) -> str:
    logged = log.read_text(errors="replace") if log.exists() else ""
    return (
        f"{what} failed with exit status {result.returncode}.\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\nserver log:\n{logged}"
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server of the tests' own on 127.0.0.1, for the whole session."""
    binaries = find_server_binaries()
    if binaries is None:
        _unavailable(
            "No PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or "
            f"under {_SEARCH_ROOT}/*/bin."
        )
    # Not pytest's tmp_path: the postgres user must be able to reach it.
    base = Path(tempfile.mkdtemp(prefix="careernet-pg-"))
    try:
        run = _Runner(base)
        data, log = base / "data", base / "server.log"
        result = run(
            binaries["initdb"],
            *("-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync"),
        )
        if result.returncode != 0:
            pytest.fail(_explain("initdb", result, log), pytrace=False)
        for _attempt in range(3):  # another program may take the port meanwhile
            port = _free_port()
            options = f"-h {HOST} -p {port} -k {shlex.quote(str(base))} -c fsync=off"
            result = run(
                binaries["pg_ctl"],
                *("-D", data, "-l", log, "-w", "-o", options, "start"),
            )
            if result.returncode == 0:
                break
        else:
            pytest.fail(_explain("pg_ctl start", result, log), pytrace=False)
        try:
            yield Server(port=port, log=log)
        finally:
            stopped = run(binaries["pg_ctl"], "-D", data, "-m", "fast", "-w", "stop")
            if stopped.returncode != 0:
                run(binaries["pg_ctl"], "-D", data, "-m", "immediate", "-w", "stop")
                pytest.fail(_explain("pg_ctl stop", stopped, log), pytrace=False)
    finally:
        shutil.rmtree(base, ignore_errors=True)


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
