"""careernet storage in append-only JSON-lines files, one per network.

The first line of a network's file holds its id and seeker; each later line
is one commit: its version, the records it wrote and the ``(kind, id)`` of
those it removed. A commit is appended
under an exclusive ``flock`` and fsynced before it returns, so it is atomic
(a torn last line from a crash is ignored when reading) and a stale writer
is detected by counting the commits already there.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, unquote

from careernet import hookimpl
from careernet.domain import Change, Record, Seeker
from careernet.errors import (
    ConflictError,
    CorruptStoreError,
    NetworkExistsError,
    UnknownNetworkError,
)
from careernet.storage import (
    Snapshot,
    dump_record,
    dump_seeker,
    load_record,
    load_seeker,
)

__all__ = ["JsonlStorage"]

SCHEME = "jsonl://"
SUFFIX = ".jsonl"


class JsonlStorage:
    """A directory of append-only network logs."""

    removes_records = True
    """Changes' removals are applied (see :class:`careernet.storage.Removals`)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _file(self, network_id: str) -> Path:
        return self.directory / (quote(network_id, safe="") + SUFFIX)

    @contextlib.contextmanager
    def _locked(self, network_id: str, mode: str) -> Iterator[IO[str]]:
        path = self._file(network_id)
        try:
            file = path.open(mode, encoding="utf-8")
        except FileNotFoundError:
            raise UnknownNetworkError.for_id(network_id) from None
        with file:
            fcntl.flock(file, fcntl.LOCK_SH if mode == "r" else fcntl.LOCK_EX)
            yield file

    def _read(self, file: IO[str]) -> tuple[Seeker, list[dict[str, Any]]]:
        file.seek(0)
        lines = file.read().split("\n")
        commits = []
        for line in lines[1:]:
            try:
                commits.append(json.loads(line))
            except ValueError:
                break  # a torn last line: that commit never returned
        try:
            seeker = load_seeker(json.loads(lines[0])["seeker"])
        except (ValueError, KeyError) as error:
            raise CorruptStoreError(f"{file.name} has no valid header.") from error
        return seeker, commits

    def create_network(
        self, network_id: str, seeker: Seeker, *, records: Sequence[Record] = ()
    ) -> Snapshot:
        lines = [json.dumps({"network": network_id, "seeker": dump_seeker(seeker)})]
        if records:
            lines.append(_commit_line(1, None, records))
        # Write a whole private file, then link it into place: the network
        # appears complete or not at all, and an existing one is never touched.
        target = self._file(network_id)
        fd, draft = tempfile.mkstemp(dir=self.directory, suffix=".draft")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write("\n".join(lines) + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.link(draft, target)
        except FileExistsError:
            raise NetworkExistsError(
                f"A network called {network_id!r} already exists."
            ) from None
        finally:
            Path(draft).unlink()
        return Snapshot(
            network_id=network_id,
            seeker=seeker,
            version=1 if records else 0,
            records=records,
        )

    def networks(self) -> list[str]:
        return sorted(
            unquote(p.name.removesuffix(SUFFIX))
            for p in self.directory.glob("*" + SUFFIX)
        )

    def load(self, network_id: str, *, since: int = 0) -> Snapshot:
        with self._locked(network_id, "r") as file:
            seeker, commits = self._read(file)
        records: dict[tuple[str, str], tuple[int, Record]] = {}
        removed: dict[tuple[str, str], int] = {}
        for commit in commits:
            version = commit["version"]
            if commit.get("seeker") is not None:
                seeker = load_seeker(commit["seeker"])
            for kind, data in commit["records"]:
                # A dict keeps a key's first position and takes its latest value.
                records[kind, data["id"]] = (version, load_record(kind, data))
                removed.pop((kind, data["id"]), None)
            for kind, record_id in commit.get("removed", ()):
                records.pop((kind, record_id), None)
                removed[kind, record_id] = version
        return Snapshot(
            network_id=network_id,
            seeker=seeker,
            version=len(commits),
            records=[r for v, r in records.values() if v > since],
            removed=[k for k, v in removed.items() if v > since] if since else (),
        )

    def version(self, network_id: str) -> int:
        with self._locked(network_id, "r") as file:
            return len(self._read(file)[1])

    def commit(self, network_id: str, expected_version: int, change: Change) -> int:
        seekers = [r for r in change.records if isinstance(r, Seeker)]
        line = _commit_line(
            expected_version + 1,
            seekers[-1] if seekers else None,
            [r for r in change.records if not isinstance(r, Seeker)],
            change.removed,
        )
        with self._locked(network_id, "r+") as file:
            actual = len(self._read(file)[1])
            if actual != expected_version:
                raise ConflictError(network_id, expected_version, actual)
            file.seek(0, os.SEEK_END)
            file.write(line + "\n")
            file.flush()
            os.fsync(file.fileno())
        return expected_version + 1

    def delete_network(self, network_id: str) -> None:
        with self._locked(network_id, "r+"):
            self._file(network_id).unlink()

    def close(self) -> None:
        """Files are opened per call; nothing to release."""


def _commit_line(
    version: int,
    seeker: Seeker | None,
    records: Sequence[Record],
    removed: Sequence[tuple[str, str]] = (),
) -> str:
    """One commit as a line of JSON."""
    line: dict[str, Any] = {
        "version": version,
        "seeker": None if seeker is None else dump_seeker(seeker),
        "records": [dump_record(record) for record in records],
    }
    if removed:
        line["removed"] = [list(pair) for pair in removed]
    return json.dumps(line, ensure_ascii=False)


@hookimpl
def careernet_open_storage(location: str) -> JsonlStorage | None:
    """Open ``jsonl://DIRECTORY`` locations."""
    if not location.startswith(SCHEME):
        return None
    return JsonlStorage(location.removeprefix(SCHEME))


@hookimpl
def careernet_storage_schemes() -> list[str]:
    """The locations this plugin opens."""
    return ["jsonl://DIRECTORY"]
