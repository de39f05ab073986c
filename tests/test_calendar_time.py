"""Meeting times around clock changes, the range of meeting dates, and
follow-ups worded for their own day.

Every DTEND is after its DTSTART and the meeting's duration is kept, in any
zone and at any instant, also after the network is reloaded from SQLite.
"""

# Local wall times are written naive on purpose, then placed in a zone.
# ruff: noqa: DTZ001

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings

import careernet
from careernet import InvalidValueError, Ring
from careernet.ical import CalendarOptions

NOW = dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC)
MINUTES = dt.timedelta(minutes=1)
ZONES = ["Europe/Berlin", "America/Los_Angeles", "Australia/Lord_Howe"]

# (zone, a local time in a gap, a local time that happens twice)
CHANGES = [
    (
        "Europe/Berlin",
        dt.datetime(2027, 3, 28, 2, 30),
        dt.datetime(2027, 10, 31, 2, 30),
    ),
    (
        "America/Los_Angeles",
        dt.datetime(2027, 3, 14, 2, 30),
        dt.datetime(2027, 11, 7, 1, 30),
    ),
    (
        "Australia/Lord_Howe",
        dt.datetime(2027, 10, 3, 2, 15),
        dt.datetime(2027, 4, 4, 1, 45),
    ),
]


def _meetings(body: bytes) -> list[tuple[dt.datetime, dt.datetime]]:
    found = []
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            found.append((start, event.decoded("DTEND")))
    return found


@pytest.mark.parametrize(("name", "gap", "_"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_local_time_that_does_not_exist_is_refused(
    name: str, gap: dt.datetime, _: dt.datetime
) -> None:
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        ken = net.add_contact("Ken Watanabe")
        with pytest.raises(InvalidValueError, match="does not exist"):
            net.schedule_meeting(
                ken.id, gap.replace(tzinfo=ZoneInfo(name)), purpose="x"
            )


@pytest.mark.parametrize(("name", "_", "fold"), CHANGES, ids=[c[0] for c in CHANGES])
@pytest.mark.parametrize("length", [15, 45, 90, 180])
@pytest.mark.parametrize("calendar_zone", ["UTC", *ZONES])
def test_meetings_across_a_clock_change_keep_their_length(
    tmp_path: Path,
    name: str,
    _: dt.datetime,
    fold: dt.datetime,
    length: int,
    calendar_zone: str,
) -> None:
    """Both occurrences of a time that happens twice, and a meeting starting
    before the change: DTEND - DTSTART is the duration, in any calendar zone,
    before and after a reload from SQLite."""
    zone = ZoneInfo(name)
    starts = [
        fold.replace(tzinfo=zone, fold=0),
        fold.replace(tzinfo=zone, fold=1),
        (fold - dt.timedelta(hours=1)).replace(tzinfo=zone),
    ]
    duration = length * MINUTES
    db = tmp_path / "t.db"
    options = CalendarOptions(timezone=calendar_zone)
    with careernet.open(db, seeker="Anna Berg", clock=lambda: NOW) as net:
        for n, start in enumerate(starts):
            who = net.add_contact(f"Contact {n}")
            net.schedule_meeting(who.id, start, purpose="x", duration=duration)
        before = net.export_ics(options=options)
    with careernet.open(db, clock=lambda: NOW) as net:
        after = net.export_ics(options=options)
    assert before == after
    written = _meetings(before)
    assert len(written) == len(starts)
    for start, end in written:
        assert end > start
        assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == duration
    instants = sorted(s.astimezone(dt.UTC) for s, _ in written)
    assert instants == sorted(s.astimezone(dt.UTC) for s in starts)


_ZONE_NAMES = sorted(
    z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(_ZONE_NAMES),
    calendar_zone=st.sampled_from(["UTC", *ZONES]),
    instant=st.datetimes(
        min_value=dt.datetime(2026, 12, 1),
        max_value=dt.datetime(2027, 12, 31),
        timezones=st.just(dt.UTC),
    ),
    minutes=st.integers(min_value=1, max_value=24 * 60),
)
@example(  # across the night the clocks go forward in Los Angeles
    name="Africa/Abidjan",
    calendar_zone="America/Los_Angeles",
    instant=dt.datetime(2027, 3, 14, 4, 0, tzinfo=dt.UTC),
    minutes=360,
)
def test_any_zone_and_instant_keep_the_duration(
    name: str, calendar_zone: str, instant: dt.datetime, minutes: int
) -> None:
    """A meeting given as an instant in any zone (so it exists) is written
    with DTEND after DTSTART, its duration kept, at the same instant."""
    instant = instant.replace(microsecond=0)  # iCalendar counts whole seconds
    start = instant.astimezone(ZoneInfo(name))
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        who = net.add_contact("Ken Watanabe", ring=Ring.LUKEWARM)
        net.schedule_meeting(who.id, start, purpose="x", duration=minutes * MINUTES)
        body = net.export_ics(options=CalendarOptions(timezone=calendar_zone))
    [(written_start, written_end)] = _meetings(body)
    assert written_start == instant
    # As instants: two moments of one zone subtract by their wall clocks, an
    # hour off across a change of the clocks.
    end, begin = written_end.astimezone(dt.UTC), written_start.astimezone(dt.UTC)
    assert end - begin == minutes * MINUTES
    assert end > begin


@given(
    name=st.sampled_from(ZONES),
    local=st.datetimes(
        min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 12, 31)
    ),
)
def test_a_local_time_is_refused_exactly_when_it_does_not_exist(
    name: str, local: dt.datetime
) -> None:
    zone = ZoneInfo(name)
    aware = local.replace(tzinfo=zone)
    exists = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local
    meeting = {
        "id": "m",
        "contact_id": "c",
        "created_at": NOW,
        "purpose": "x",
        "scheduled_at": aware,
    }
    if exists:
        careernet.Meeting(**meeting)  # type: ignore[arg-type]
    else:
        with pytest.raises(InvalidValueError, match="does not exist"):
            careernet.Meeting(**meeting)  # type: ignore[arg-type]


# -- the range of meeting dates ------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2200, 1, 1, tzinfo=dt.UTC),
        dt.datetime(1899, 12, 31, 23, 59, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    ],
    ids=str,
)
def test_a_meeting_outside_the_supported_range_is_refused(when: dt.datetime) -> None:
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        ken = net.add_contact("Ken Watanabe")
        with pytest.raises(InvalidValueError, match="range"):
            net.schedule_meeting(ken.id, when, purpose="x")
        meeting = net.schedule_meeting(ken.id, NOW + dt.timedelta(days=1), purpose="y")
        with pytest.raises(InvalidValueError, match="range"):
            net.reschedule_meeting(meeting.id, when)
        assert net.export_ics()


def test_a_json_import_with_a_meeting_in_year_9999_is_refused() -> None:
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        ken = net.add_contact("Ken Watanabe")
        net.schedule_meeting(ken.id, NOW + dt.timedelta(days=1), purpose="y")
        text = net.export_json()
    far = text.replace(
        (NOW + dt.timedelta(days=1)).isoformat(), "9999-12-31T23:30:00+00:00"
    )
    assert far != text
    with (
        careernet.open_store("memory:") as store,
        pytest.raises(careernet.CareerNetError),
    ):
        store.import_json(far)


def test_the_last_supported_moment_exports() -> None:
    last = dt.datetime(2199, 12, 31, 23, 59, tzinfo=dt.UTC)
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: last) as net:
        ken = net.add_contact("Ken Watanabe")
        net.schedule_meeting(ken.id, last, purpose="x", duration=14 * 24 * 60 * MINUTES)
        for zone in ["UTC", *ZONES]:
            [(start, end)] = _meetings(
                net.export_ics(options=CalendarOptions(timezone=zone))
            )
            assert end - start == dt.timedelta(days=14)


def test_a_meeting_longer_than_two_weeks_is_refused() -> None:
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        ken = net.add_contact("Ken Watanabe")
        with pytest.raises(InvalidValueError, match="too long"):
            net.schedule_meeting(
                ken.id, NOW, purpose="x", duration=dt.timedelta(days=15)
            )


# -- follow-ups on their own day ------------------------------------------------------


def test_check_in_descriptions_count_days_to_their_own_date() -> None:
    added = NOW - dt.timedelta(days=5)
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: added) as net:
        net.add_contact("Grace Kim", ring=Ring.STRATEGIC)
    # A check-in due in the future says how long it will have been by then.
    with careernet.open("memory:", seeker="Anna Berg", clock=lambda: NOW) as net:
        grace = net.add_contact("Grace Kim", ring=Ring.BUDDY)
        body = net.export_ics(options=CalendarOptions(horizon=dt.timedelta(days=90)))
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
            if "Check in" in str(event["SUMMARY"]):
                day = event.decoded("DTSTART")
                text = str(event["DESCRIPTION"])
                days = (day - grace.added_at.date()).days
                assert f"{days} days since" in text
                assert "0 days" not in text
                assert "1 days" not in text
