"""Real calendar clients subscribed to a real ``careernet serve-feed``.

The feed runs as a subprocess on 127.0.0.1; vdirsyncer's ``http`` storage
syncs it into a vdir, which khal lists in two time zones; calcurse imports
the file. The clients are Debian's packages (``.ci/run`` installs them); a
machine without them skips these tests with the reason, except in CI, where
they must run.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import icalendar
import pytest

import careernet
from careernet import Ring
from tests.builders import stored_contact

TIMEOUT = 60
BERLIN, LOS_ANGELES = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")
LS = "\u2028"

MALLORY = f"Mallory{LS}RRULE:FREQ=DAILY;COUNT=30{LS}URL:https://evil.example/phish"


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} (apt-get install {' '.join(missing)})"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the client tests: {reason}")
    pytest.skip(reason)


def _run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, **(env or {})),
        check=False,
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


class Meeting(NamedTuple):
    title: str
    start: dt.datetime


class Feed(NamedTuple):
    url: str
    meetings: list[Meeting]
    events: int
    """How many VEVENTs the feed holds."""


def _careernet(*args: str | Path) -> str:
    return _run(sys.executable, "-m", "careernet.cli", *args)


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Feed]:
    """A seeker in Berlin (set with the CLI) with meetings around the coming
    days, follow-ups, and a contact whose name carries U+2028, served by
    ``careernet serve-feed``."""
    db = tmp_path_factory.mktemp("feed") / "careernet.db"
    _careernet("init", "Dana Whitfield", "--timezone", "Europe/Berlin", "--db", db)
    today = dt.datetime.now(BERLIN).replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = []
    with careernet.open(db) as network:
        for days, hour, name in [
            (2, 9, "Ken Watanabe"),
            (3, 17, "Priya Natarajan"),
            (9, 23, "Grace Kim"),  # the next day in UTC, the same in LA
            (12, 0, "Omar Haddad"),  # the day before in Los Angeles
        ]:
            contact = network.add_contact(name, ring=Ring.LUKEWARM)
            start = (today + dt.timedelta(days=days)).replace(hour=hour, minute=30)
            network.schedule_meeting(contact.id, start, purpose="The data team")
            meetings.append(Meeting(f"Coffee with {name}", start))
        mallory = stored_contact(network, MALLORY, ring=Ring.LUKEWARM)
        start = (today + dt.timedelta(days=5)).replace(hour=11)
        network.schedule_meeting(mallory.id, start, purpose="Intro")
        meetings.append(Meeting("Coffee with Mallory RRULE", start))
    # Overdue: a keep-in-touch with someone added 200 days ago and not heard
    # from since.
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=200)
    with careernet.open(db, clock=lambda: long_ago) as network:
        network.add_contact("Sam Old", ring=Ring.STRATEGIC)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "careernet.cli", "serve-feed", "--db", str(db)),
            *("--host", "127.0.0.1", "--port", "0", "--timeout", "5"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        url = ""
        while not url:
            line = lines.get(timeout=TIMEOUT)
            if line.startswith("Serving the feed at "):
                url = line.split()[-1]
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            body = response.read()
        count = body.count(b"BEGIN:VEVENT")
        yield Feed(url, meetings, count)
    finally:
        process.terminate()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            process.kill()
            process.wait()
        stdout.close()


@pytest.fixture(scope="module")
def vdir(feed: Feed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The feed synced by vdirsyncer's http storage into a vdir."""
    _need("vdirsyncer")
    work = tmp_path_factory.mktemp("vdirsyncer")
    items = work / "items"
    items.mkdir()
    config = work / "config"
    config.write_text(
        f"""[general]
status_path = "{work / "status"}/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null

[storage feed_remote]
type = "http"
url = "{feed.url}"

[storage feed_local]
type = "filesystem"
path = "{items}/"
fileext = ".ics"
""",
        encoding="utf-8",
    )
    env = {"VDIRSYNCER_CONFIG": str(config)}
    _run("vdirsyncer", "discover", "feed", env=env)
    _run("vdirsyncer", "sync", "feed", env=env)
    return items


def test_vdirsyncer_keeps_every_event(feed: Feed, vdir: Path) -> None:
    items = sorted(vdir.glob("*.ics"))
    assert len(items) == feed.events >= len(feed.meetings) + 1
    uids = set()
    for item in items:
        text = item.read_text(encoding="utf-8")
        assert text.splitlines() == text.split("\r\n")[:-1] or "\r" not in text
        calendar = icalendar.Calendar.from_ical(text)
        assert "UID" not in calendar
        [event] = calendar.walk("VEVENT")
        uids.add(str(event["UID"]))
        assert "RRULE" not in event
        assert "URL" not in event
    assert len(uids) == len(items)


def _khal(vdir: Path, zone: str, tmp: Path, *args: str) -> str:
    config = tmp / f"khal-{zone.replace('/', '-')}.conf"
    config.write_text(
        f"""[calendars]
[[feed]]
path = {vdir}/
type = calendar

[locale]
local_timezone = {zone}
default_timezone = {zone}
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[sqlite]
path = {tmp}/khal-{zone.replace("/", "-")}.db
""",
        encoding="utf-8",
    )
    return _run("khal", "-c", config, *args, env={"TZ": zone})


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
def test_khal_lists_every_event_at_the_right_local_time(
    feed: Feed, vdir: Path, tmp_path: Path, zone: str
) -> None:
    _need("khal")
    today = dt.datetime.now(ZoneInfo(zone)).date()
    listed = _khal(
        vdir,
        zone,
        tmp_path,
        "list",
        "--format",
        "{start}|{end}|{title}",
        "--day-format",
        "",
        (today - dt.timedelta(days=2)).isoformat(),
        "70d",
    )
    # khal lists an event on each day it touches: count each once.
    lines = list(dict.fromkeys(line for line in listed.splitlines() if line.strip()))
    assert len(lines) == feed.events, listed
    for meeting in feed.meetings:
        local = meeting.start.astimezone(ZoneInfo(zone))
        end = local + dt.timedelta(minutes=45)
        expected = f"{local:%Y-%m-%d %H:%M}|{end:%Y-%m-%d %H:%M}|"
        shown = [line for line in lines if line.startswith(expected)]
        assert len(shown) == 1, f"{meeting} not at {expected} in\n{listed}"
        assert meeting.title.split()[2] in shown[0]
    # The U+2028 payload added no daily repeats: Mallory appears once.
    assert sum("Mallory" in line for line in lines) == 2  # coffee and preparation
    # The overdue check-in is an all-day event on the seeker's today, in
    # Berlin: a day's date, the same wherever the calendar is read (from
    # 23:00 UTC Berlin is a day ahead of Los Angeles).
    seekers_today = dt.datetime.now(BERLIN).date()
    assert any(
        line.startswith(seekers_today.isoformat()) and "Sam Old" in line
        for line in lines
    ), listed


def test_calcurse_imports_every_event(feed: Feed, tmp_path: Path) -> None:
    _need("calcurse")
    with urllib.request.urlopen(feed.url, timeout=TIMEOUT) as response:
        (tmp_path / "feed.ics").write_bytes(response.read())
    for zone in ("Europe/Berlin", "America/Los_Angeles"):
        data = tmp_path / zone.replace("/", "-")
        data.mkdir()
        report = _run(
            "calcurse", "-D", data, "-i", tmp_path / "feed.ics", env={"TZ": zone}
        )
        assert " 0 skipped" in report, report
        today = dt.datetime.now(ZoneInfo(zone)).date()
        listed = _run(
            "calcurse",
            "-D",
            data,
            "-Q",
            "--input-datefmt",
            "4",
            "--from",
            (today - dt.timedelta(days=2)).isoformat(),
            "--days",
            "70",
            "--format-apt",
            "%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n",
            "--format-event",
            "event|%m\\n",
            env={"TZ": zone},
        )
        # Listed on each day it touches: count each once.
        shown = list(dict.fromkeys(x for x in listed.splitlines() if "|" in x))
        assert len(shown) == feed.events, listed
        for meeting in feed.meetings:
            local = meeting.start.astimezone(ZoneInfo(zone))
            end = local + dt.timedelta(minutes=45)
            expected = f"{local:%Y-%m-%d %H:%M}|{end:%Y-%m-%d %H:%M}|"
            assert sum(line.startswith(expected) for line in shown) == 1, listed
