"""Independent checks of careernet's iCalendar output, and the calendar tests' set-up.

:func:`assert_valid_calendar` runs every parser a calendar must satisfy,
none of them the one that wrote it: icalendar reading it back with no
``errors`` on any component, Home Assistant's strict ``ical``,
``vobject.readOne(..., validate=True)`` and ``recurring_ical_events`` (what a
client displays), plus the octet-level rules of RFC 5545: CRLF line ends,
physical lines of at most 75 octets, a VTIMEZONE for every TZID and unique
UIDs.

The rest is shared by ``test_ical.py`` and ``test_feed.py``: a clock that
only moves when a test moves it, counting ids, and the sample network loaded
into a store.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import vobject  # type: ignore[import-untyped]
from ical.calendar_stream import IcsCalendarStream

from careernet import Change, Network, Scenario, Store
from careernet.sample import sample_goal, sample_network
from tests.builders import Clock, counter

__all__ = [
    "START",
    "Clock",
    "add_sample",
    "assert_valid_calendar",
    "content_lines",
    "counter",
    "event_lines",
    "events",
    "occurrences",
    "uids",
]

MAX_OCTETS = 75
"""The longest a physical line may be, its CRLF not counted (RFC 5545, 3.1)."""

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""The moment the calendar tests start at: a Tuesday, 09:00 UTC."""

_CONTENT_LINE = re.compile(r"[A-Za-z0-9-]+[;:]")
_EVER = (dt.date(1900, 1, 1), dt.date(2200, 1, 1))


# -- reading ------------------------------------------------------------------


def content_lines(body: bytes) -> list[str]:
    """The unfolded content lines of ``body``, without their CRLF."""
    text = body.decode("utf-8")
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    return unfolded.split("\r\n")[:-1]


def event_lines(body: bytes) -> list[list[str]]:
    """The unfolded content lines inside each VEVENT (its alarms included)."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in content_lines(body):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            assert current is not None, "END:VEVENT without BEGIN:VEVENT"
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    """The calendar's VEVENTs, in order."""
    return [c for c in calendar.walk("VEVENT") if isinstance(c, icalendar.Event)]


def uids(calendar: icalendar.Calendar) -> list[str]:
    """The UIDs of the calendar's VEVENTs, in order."""
    return [str(event["UID"]) for event in events(calendar)]


def occurrences(
    calendar: icalendar.Calendar,
    start: dt.date | dt.datetime,
    stop: dt.date | dt.datetime,
) -> list[icalendar.Event]:
    """What a calendar client shows between ``start`` and ``stop``."""
    shown = recurring_ical_events.of(calendar).between(start, stop)
    return [event for event in shown if isinstance(event, icalendar.Event)]


# -- the checks ---------------------------------------------------------------


def _check_octets(body: bytes) -> None:
    assert body.startswith(b"BEGIN:VCALENDAR\r\n"), body[:40]
    assert body.endswith(b"END:VCALENDAR\r\n"), body[-40:]
    lines = body.split(b"\r\n")
    assert lines.pop() == b"", "the last line must end in CRLF"
    for number, line in enumerate(lines, start=1):
        assert line, f"line {number} is empty"
        assert b"\r" not in line, f"line {number} holds a bare CR: {line!r}"
        assert b"\n" not in line, f"line {number} holds a bare LF: {line!r}"
        assert len(line) <= MAX_OCTETS, (
            f"line {number} has {len(line)} octets (at most {MAX_OCTETS}): {line!r}"
        )
        # Folding must not split a UTF-8 sequence: each line decodes alone.
        line.decode("utf-8")
    for content in content_lines(body):
        assert _CONTENT_LINE.match(content), f"not a content line: {content!r}"


def _check_icalendar(body: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(body)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    for event in events(calendar):
        for name in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY"):
            assert name in event, f"event {event.get('UID')} has no {name}"
    return calendar


def _check_strict(text: str, calendar: icalendar.Calendar) -> None:
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert sorted(e.uid or "" for e in strict.events) == sorted(uids(calendar))


def _check_vobject(text: str, calendar: icalendar.Calendar) -> None:
    parsed = vobject.readOne(text, validate=True)
    assert parsed.name == "VCALENDAR"
    found = sorted(str(e.uid.value) for e in parsed.contents.get("vevent", []))
    assert found == sorted(uids(calendar))


def _check_timezones(calendar: icalendar.Calendar) -> None:
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used: set[str] = set()
    for component in calendar.walk():
        for value in component.values():
            params = getattr(value, "params", None)
            if params is not None and "TZID" in params:
                used.add(str(params["TZID"]))
    assert used <= defined, f"TZIDs without a VTIMEZONE: {sorted(used - defined)}"


def _check_uids(calendar: icalendar.Calendar) -> None:
    every = [str(c["UID"]) for c in calendar.walk() if "UID" in c]
    duplicates = sorted({uid for uid in every if every.count(uid) > 1})
    assert not duplicates, f"duplicate UIDs: {duplicates}"


def _check_occurrences(calendar: icalendar.Calendar) -> None:
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in events(calendar)}
    shown = occurrences(calendar, *_EVER)
    assert sorted(str(e["UID"]) for e in shown) == sorted(starts), (
        "each event must show exactly once"
    )
    for occurrence in shown:
        assert occurrence.decoded("DTSTART") == starts[str(occurrence["UID"])]


def assert_valid_calendar(body: bytes) -> icalendar.Calendar:
    """Check ``body`` with every independent parser; return icalendar's reading.

    Fails unless: every line ends in CRLF with no bare CR or LF anywhere;
    every physical line has at most 75 octets and decodes as UTF-8 on its
    own; icalendar reads it with empty ``errors`` on every component; Home
    Assistant's strict ``ical`` and ``vobject`` with ``validate=True`` read
    it and find the same events; every TZID has its VTIMEZONE; UIDs are
    unique; ``recurring_ical_events`` shows each event exactly once, at its
    start.
    """
    assert isinstance(body, bytes), type(body)
    _check_octets(body)
    calendar = _check_icalendar(body)
    text = body.decode("utf-8")
    _check_strict(text, calendar)
    _check_vobject(text, calendar)
    _check_timezones(calendar)
    _check_uids(calendar)
    _check_occurrences(calendar)
    return calendar


# -- set-up shared by the calendar and feed tests ---------------------------------


def add_sample(
    store: Store, network_id: str = "alex", *, scenario: str = Scenario.UNEMPLOYED
) -> Network:
    """Alex Rivera's sample network (careernet.sample) as of the store's clock.

    The goal ``scenario`` implies is set at that moment, so it is the
    network's latest change.
    """
    now = store.now()
    state = sample_network(now)
    records = [*state.records(), sample_goal(scenario, now)]
    store.storage.create_network(network_id, state.seeker)
    store.storage.commit(
        network_id, 0, Change(summary="the sample network", records=records)
    )
    return store.network(network_id)
