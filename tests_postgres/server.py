"""Starting a throwaway PostgreSQL server, for the tests and the benchmarks.

:func:`running_server` runs ``initdb`` and ``pg_ctl`` from the PostgreSQL
server binaries on the machine (on ``PATH``, else the highest version under
``/usr/lib/postgresql/*/bin``) into a fresh temporary directory, listening on
127.0.0.1 only, and stops the server and removes the directory afterwards.
The server refuses to run as root, so as root the directory is handed to the
``postgres`` user and the commands run through ``runuser``.
"""

from __future__ import annotations

import contextlib
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


class Unavailable(Exception):  # noqa: N818 - reads as "server unavailable"
    """No PostgreSQL server can be started on this machine; says why."""


def _unavailable(reason: str) -> NoReturn:
    raise Unavailable(reason)


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


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """A PostgreSQL server of our own on 127.0.0.1, stopped on leaving.

    Raises:
        Unavailable: No server binaries, or no way to run them here.
        RuntimeError: The server would not start or stop; says what it logged.
    """
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
            raise RuntimeError(_explain("initdb", result, log))
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
            raise RuntimeError(_explain("pg_ctl start", result, log))
        try:
            yield Server(port=port, log=log)
        finally:
            stopped = run(binaries["pg_ctl"], "-D", data, "-m", "fast", "-w", "stop")
            if stopped.returncode != 0:
                run(binaries["pg_ctl"], "-D", data, "-m", "immediate", "-w", "stop")
                raise RuntimeError(_explain("pg_ctl stop", stopped, log))
    finally:
        shutil.rmtree(base, ignore_errors=True)
