"""A real Radicale CalDAV server on 127.0.0.1, for the calendar sync tests.

Each server keeps its events in a throwaway folder and logs in one user
from a plain htpasswd file; it can be stopped and started again on the same
port and folder, as a server that goes down and comes back.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from caldav.davclient import DAVClient

HOST = "127.0.0.1"
USER = "seeker"
PASSWORD = "pa55-w0rd-not-shown"


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Radicale:
    """One Radicale server, started as its own process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        users = folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        self.config = folder / "config"
        self.config.write_text(
            "\n".join(
                [
                    "[server]",
                    f"hosts = {HOST}:{self.port}",
                    "[auth]",
                    "type = htpasswd",
                    f"htpasswd_filename = {users}",
                    "htpasswd_encryption = plain",
                    "delay = 0",
                    "[storage]",
                    f"filesystem_folder = {folder / 'collections'}",
                    "[logging]",
                    "level = error",
                    "",
                ]
            ),
            encoding="utf-8",
        )

    @property
    def base(self) -> str:
        """The server's root address."""
        return f"http://{HOST}:{self.port}/"

    @property
    def calendar_url(self) -> str:
        """The seeker's calendar collection."""
        return f"{self.base}{USER}/appointments/"

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("Radicale did not start") from None
                time.sleep(0.05)
        raise RuntimeError("Radicale did not answer in time")

    def stop(self) -> None:
        """Stop the server (its events stay in the folder)."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def client(self) -> DAVClient:
        """The caldav library's own client, logged in."""
        return DAVClient(
            url=self.base, username=USER, password=PASSWORD, enable_rfc6764=False
        )

    def make_calendar(self) -> None:
        """Create the seeker's calendar collection."""
        with self.client() as client:
            response = client.mkcalendar(self.calendar_url)
            assert response.status in (200, 201), response.status

    def events(self) -> list[str]:
        """Every event's calendar data, as the caldav library reads it."""
        with self.client() as client:
            calendar = client.calendar(url=self.calendar_url)  # type: ignore[no-untyped-call]
            return [str(event.data) for event in calendar.events()]

    def edit(self, uid: str, **changes: object) -> None:
        """Change one event on the server as a calendar app would (with caldav)."""
        import icalendar  # noqa: PLC0415

        with self.client() as client:
            calendar = client.calendar(url=self.calendar_url)  # type: ignore[no-untyped-call]
            for event in calendar.events():
                parsed = icalendar.Calendar.from_ical(str(event.data))
                found = [e for e in parsed.walk("VEVENT") if str(e["UID"]) == uid]
                if not found:
                    continue
                for name, value in changes.items():
                    found[0].pop(name.upper(), None)
                    found[0].add(name.upper(), value)
                event.data = parsed.to_ical().decode()
                event.save()
                return
        raise AssertionError(f"no event {uid} on the server")
