"""Calendar export: meetings and follow-ups as iCalendar that real clients accept.

Every calendar made here goes through ``assert_valid_calendar``
(tests/ical_checks.py): icalendar's own ``errors``, Home Assistant's strict
``ical``, ``vobject`` with validation and ``recurring_ical_events``, plus
CRLF, 75-octet folding and unique UIDs. Networks live in real ``memory:``
stores with a clock that only moves when a test moves it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical.exceptions import CalendarParseError

import careernet
from careernet import (
    InteractionKind,
    MeetingKind,
    MeetingStatus,
    Network,
    Ring,
    Scenario,
    Seeker,
    Store,
)
from careernet.domain.reminders import SEARCH_WORDS
from careernet.ical import CalendarOptions, EventKind, export
from careernet.sample import sample_goal, sample_network
from tests.builders import stored_contact, stored_network
from tests.ical_checks import (
    START,
    Clock,
    add_sample,
    assert_valid_calendar,
    content_lines,
    counter,
    event_lines,
    events,
    occurrences,
    uids,
)

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
SCENARIOS = [str(s) for s in Scenario]
ZONES = [None, "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
"""``None`` is the seeker's own zone, UTC in the sample."""


# -- fixtures and helpers -------------------------------------------------------


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> Iterator[Store]:
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def alex(store: Store) -> Network:
    """The sample network, searching while unemployed, as of START."""
    return add_sample(store)


@pytest.fixture
def robin(store: Store) -> Network:
    """An empty network, no goal (so the maintain strategy); Robin is at Acme."""
    return store.create("robin", Seeker(name="Robin Park", company="Acme"))


def calendar_of(
    network: Network, *, now: dt.datetime | None = None, **options: Any
) -> tuple[bytes, icalendar.Calendar]:
    """The network's calendar with ``options``, checked by every parser."""
    body = network.export_ics(now=now, options=CalendarOptions(**options))
    return body, assert_valid_calendar(body)


def summaries(network: Network, **options: Any) -> list[str]:
    """The SUMMARY of every event, in calendar order."""
    _, calendar = calendar_of(network, **options)
    return [str(event["SUMMARY"]) for event in events(calendar)]


def only(network: Network, kind: EventKind, **options: Any) -> list[icalendar.Event]:
    """The events of one kind."""
    _, calendar = calendar_of(network, kinds=frozenset({kind}), **options)
    return events(calendar)


def by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    found = {str(event["SUMMARY"]): event for event in events(calendar)}
    assert len(found) == len(events(calendar)), "summaries are not unique here"
    return found


def start_of(event: icalendar.Component) -> dt.date:
    """DTSTART, a date or a datetime."""
    value = event.decoded("DTSTART")
    assert isinstance(value, dt.date)
    return value


def moment(component: icalendar.Component, name: str) -> dt.datetime:
    """A DATE-TIME property, which must be in UTC."""
    value = component.decoded(name)
    assert isinstance(value, dt.datetime)
    assert value.utcoffset() == dt.timedelta(0), f"{name} is not in UTC"
    return value


def sequence_of(event: icalendar.Component) -> int:
    value = event.decoded("SEQUENCE")
    assert isinstance(value, int)
    return value


def alarms(event: icalendar.Component) -> list[icalendar.Component]:
    return [c for c in event.subcomponents if c.name == "VALARM"]


def is_meeting(event: icalendar.Component) -> bool:
    return isinstance(start_of(event), dt.datetime)


def raw_event(body: bytes, summary: str) -> list[str]:
    """The unfolded lines of the one event with ``summary``, as written."""
    wanted = f"SUMMARY:{icalendar.vText(summary).to_ical().decode()}"
    found = [lines for lines in event_lines(body) if wanted in lines]
    assert len(found) == 1, (summary, found)
    return found[0]


# -- every calendar passes the independent parsers ----------------------------


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_sample_calendar_passes_every_parser(
    store: Store, scenario: str, zone: str | None
) -> None:
    network = add_sample(store, scenario=scenario)
    body, calendar = calendar_of(network, timezone=zone)
    assert len(events(calendar)) >= 5
    assert (
        body
        == export(
            network.state,
            network.strategy,
            network_id=network.id,
            now=network.store.now(),
            options=CalendarOptions(timezone=zone),
        ).body
    )


def _cut(body: bytes, begin: bytes, end: bytes) -> tuple[int, int]:
    """Where the first ``begin`` ... ``end`` block of ``body`` starts and stops."""
    start = body.index(begin)
    return start, body.index(end, start) + len(end)


def _duplicate_event(body: bytes) -> bytes:
    start, stop = _cut(body, b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n")
    return body[:stop] + body[start:stop] + body[stop:]


def _drop_vtimezone(body: bytes) -> bytes:
    start, stop = _cut(body, b"BEGIN:VTIMEZONE\r\n", b"END:VTIMEZONE\r\n")
    return body[:start] + body[stop:]


BREAKAGES: dict[str, Callable[[bytes], bytes]] = {
    "LF line ends": lambda b: b.replace(b"\r\n", b"\n"),
    "a bare CR": lambda b: b.replace(b"SUMMARY:", b"SUMMARY:a\rb", 1),
    "overlong lines": lambda b: b.replace(b"\r\n ", b""),
    "a duplicate UID": _duplicate_event,
    "a TZID without its VTIMEZONE": _drop_vtimezone,
    "a bad DTSTART": lambda b: b.replace(b"DTSTART;VALUE=DATE:2026", b"DTSTART:X", 1),
    "a control character": lambda b: b.replace(b"SUMMARY:", b"SUMMARY:\x00", 1),
    "an unclosed VEVENT": lambda b: b.replace(b"END:VEVENT\r\n", b"", 1),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_checks_reject_broken_calendars(alex: Network, breakage: str) -> None:
    """assert_valid_calendar itself: each rule it stands for does fail."""
    body = alex.export_ics(options=CalendarOptions(timezone="Europe/Berlin"))
    broken = BREAKAGES[breakage](body)
    assert broken != body
    with pytest.raises(
        (AssertionError, ValueError, CalendarParseError, vobject.base.VObjectError)
    ):
        assert_valid_calendar(broken)


# -- meetings and follow-ups --------------------------------------------------------


def test_meetings_are_timed_events_with_a_display_alarm_before_them(
    alex: Network,
) -> None:
    body, calendar = calendar_of(alex)
    lunch = by_summary(calendar)["Lunch with Priya Natarajan (Northwind Analytics)"]
    meeting = alex.state.meeting("m-priya")
    assert start_of(lunch) == meeting.scheduled_at
    assert lunch.decoded("DTEND") == meeting.scheduled_at + meeting.duration
    assert str(lunch["TRANSP"]) == "OPAQUE"
    assert str(lunch["STATUS"]) == "CONFIRMED"
    [alarm] = alarms(lunch)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == str(lunch["SUMMARY"])
    assert alarm.decoded("TRIGGER") == -30 * dt.timedelta(minutes=1)
    assert alarm["TRIGGER"].params.get("RELATED", "START") == "START"
    assert "TRIGGER:-PT30M" in raw_event(body, str(lunch["SUMMARY"]))
    # What a client shows: the lunch at its time, on its day.
    shown = occurrences(calendar, dt.date(2026, 11, 27), dt.date(2026, 11, 28))
    assert [str(e["SUMMARY"]) for e in shown if is_meeting(e)] == [
        str(lunch["SUMMARY"])
    ]


def test_the_alarm_goes_off_when_the_options_say(alex: Network) -> None:
    body, calendar = calendar_of(alex, alarm_before=dt.timedelta(hours=2))
    for event in events(calendar):
        if is_meeting(event):
            [alarm] = alarms(event)
            assert alarm.decoded("TRIGGER") == -2 * HOUR
    assert b"TRIGGER:-PT2H\r\n" in body


def test_follow_ups_are_all_day_transparent_events_never_todos(
    alex: Network,
) -> None:
    body, calendar = calendar_of(alex)
    assert b"VTODO" not in body
    assert not calendar.walk("VTODO")
    follow_ups = [e for e in events(calendar) if not is_meeting(e)]
    assert len(follow_ups) >= 5
    for event in follow_ups:
        day = start_of(event)
        assert event.decoded("DTEND") == day + DAY
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert not alarms(event)
        lines = raw_event(body, str(event["SUMMARY"]))
        assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in lines
        assert f"DTEND;VALUE=DATE:{day + DAY:%Y%m%d}" in lines
    shown = occurrences(calendar, dt.date(2026, 11, 26), dt.date(2026, 11, 27))
    assert [str(e["SUMMARY"]) for e in shown] == [
        "Prepare: Lunch with Priya Natarajan (Northwind Analytics)"
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (EventKind.MEETING, "Lunch with Priya Natarajan (Northwind Analytics)"),
        (
            EventKind.PREPARE,
            "Prepare: Lunch with Priya Natarajan (Northwind Analytics)",
        ),
        (EventKind.THANK_YOU, "Thank Jordan Lee"),
        (EventKind.FOLLOW_UP, "Get in touch with Noor Ali"),
        (EventKind.KEEP_IN_TOUCH, "Check in with Grace Kim"),
        (EventKind.NUDGE, "Follow up with Ken Watanabe"),
    ],
)
def test_each_kind_of_event_is_in_the_sample(
    alex: Network, kind: EventKind, expected: str
) -> None:
    assert expected in [str(e["SUMMARY"]) for e in only(alex, kind)]


def test_a_thank_you_falls_due_after_a_held_meeting(
    robin: Network, clock: Clock
) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM, company="Acme Corp")
    meeting = robin.schedule_meeting(ann.id, START + DAY, purpose="Hear about data")
    assert only(robin, EventKind.THANK_YOU) == []
    clock.advance(DAY + 2 * HOUR)
    robin.record_meeting(meeting.id, MeetingStatus.HELD)
    [thank] = only(robin, EventKind.THANK_YOU)
    assert str(thank["SUMMARY"]) == "Thank Ann Archer"
    met = meeting.scheduled_at.date()
    assert met <= start_of(thank) <= met + 2 * DAY
    robin.thank(ann.id, "a note after the coffee")
    assert only(robin, EventKind.THANK_YOU) == []


@pytest.mark.parametrize(
    ("zone", "when", "day_before"),
    [
        ("UTC", dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC), dt.date(2026, 11, 26)),
        # 23:30 UTC on the 27th is 00:30 on the 28th in Berlin.
        (
            "Europe/Berlin",
            dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC),
            dt.date(2026, 11, 27),
        ),
    ],
)
def test_preparation_falls_on_the_day_before_a_meeting(
    robin: Network, zone: str, when: dt.datetime, day_before: dt.date
) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM, company="Acme Corp")
    robin.schedule_meeting(ann.id, when, purpose="Hear about data")
    [prepare] = only(robin, EventKind.PREPARE, timezone=zone)
    assert str(prepare["SUMMARY"]) == "Prepare: Coffee with Ann Archer (Acme Corp)"
    assert start_of(prepare) == day_before


def test_keep_in_touch_check_ins_are_shown_over_the_horizon(robin: Network) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.BUDDY)
    robin.log(ann.id, InteractionKind.MESSAGE)
    cadence = Ring.BUDDY.cadence
    assert cadence is not None
    due = (START + cadence).date()
    [check_in] = only(robin, EventKind.KEEP_IN_TOUCH, horizon=60 * DAY)
    assert str(check_in["SUMMARY"]) == "Check in with Ann Archer"
    assert start_of(check_in) == due
    assert only(robin, EventKind.KEEP_IN_TOUCH, horizon=30 * DAY) == []


def test_a_nudge_follows_seven_days_of_silence(robin: Network, clock: Clock) -> None:
    ken = robin.add_contact("Ken Watanabe", ring=Ring.COLD)
    robin.log(ken.id, InteractionKind.OUTREACH)
    assert only(robin, EventKind.NUDGE, now=START + 6 * DAY, horizon=DAY / 24) == []
    # Within the horizon the nudge is shown ahead, on the day it falls due.
    [ahead] = only(robin, EventKind.NUDGE, now=START + 6 * DAY)
    assert start_of(ahead) == (START + 7 * DAY).date()
    [nudge] = only(robin, EventKind.NUDGE, now=START + 7 * DAY)
    assert str(nudge["SUMMARY"]) == "Follow up with Ken Watanabe"
    assert start_of(nudge) == (START + 7 * DAY).date()
    assert nudge["UID"] == ahead["UID"]
    # A day later it is overdue, and shown today, one SEQUENCE on.
    [later] = only(robin, EventKind.NUDGE, now=START + 8 * DAY)
    assert start_of(later) == (START + 8 * DAY).date()
    assert later["UID"] == nudge["UID"]
    assert sequence_of(later) == sequence_of(nudge) + 1
    clock.advance(8 * DAY)
    robin.log(ken.id, InteractionKind.REPLY)
    assert only(robin, EventKind.NUDGE) == []


def test_a_nudge_is_shown_on_the_day_it_falls_due(robin: Network) -> None:
    """Seven days after an unanswered outreach at 09:00, the calendar fetched
    at 12:00 that day shows the nudge for that day (not only the next day,
    when it is already in the past)."""
    ken = robin.add_contact("Ken Watanabe", ring=Ring.COLD)
    robin.log(ken.id, InteractionKind.OUTREACH)
    nudges = only(robin, EventKind.NUDGE, now=START + 7 * DAY + 3 * HOUR)
    assert [start_of(n) for n in nudges] == [(START + 7 * DAY).date()]


def test_referrals_and_held_meetings_bring_follow_ups(
    robin: Network, clock: Clock
) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    meeting = robin.schedule_meeting(ann.id, START + HOUR, purpose="Hear about data")
    clock.advance(2 * HOUR)
    robin.record_meeting(meeting.id, MeetingStatus.HELD, referrals=["Noor Ali"])
    robin.thank(ann.id, "a thank-you note")
    follow_ups = {
        str(e["SUMMARY"]): start_of(e) for e in only(robin, EventKind.FOLLOW_UP)
    }
    assert follow_ups == {
        "Get in touch with Noor Ali": (clock.now + 2 * DAY).date(),
        "Get in touch with Ann Archer": (meeting.scheduled_at + 14 * DAY).date(),
    }


# -- UIDs, stamps and sequences ------------------------------------------------


def test_uids_are_hashes_without_personal_data_or_record_ids(alex: Network) -> None:
    _, calendar = calendar_of(alex)
    state = alex.state
    personal = {state.seeker.name, *(state.seeker.company or "").split()}
    for contact in state.contacts.values():
        personal |= {contact.name, *contact.name.split(), contact.company or ""}
    records = [
        *state.contacts,
        *state.meetings,
        *state.interactions,
        *state.entries,
        *state.transitions,
        *state.goals,
    ]
    everything = [str(c["UID"]) for c in calendar.walk() if "UID" in c]
    assert len(everything) > len(events(calendar))
    for uid in everything:
        assert re.fullmatch(r"[0-9a-f]{32}(-alarm)?@careernet", uid), uid
        folded = uid.casefold()
        for word in personal - {""}:
            assert word.casefold() not in folded, (word, uid)
        for record_id in records:
            assert record_id.casefold() not in folded, (record_id, uid)
    assert len(set(uids(calendar))) == len(events(calendar))


def test_uids_stay_when_names_change_and_differ_between_networks(
    store: Store, alex: Network
) -> None:
    _, before = calendar_of(alex)
    alex.edit_contact("priya", name="Priya N.", company="Elsewhere")
    _, after = calendar_of(alex)
    assert set(uids(after)) == set(uids(before))
    copy = add_sample(store, "alex-copy")
    _, other = calendar_of(copy)
    assert len(uids(other)) == len(uids(before))
    assert not set(uids(other)) & set(uids(before))


def test_stamps_come_from_the_records_not_the_clock(
    alex: Network, clock: Clock
) -> None:
    _, calendar = calendar_of(alex)
    meetings = alex.state.meetings
    found = by_summary(calendar)
    lunch = found["Lunch with Priya Natarajan (Northwind Analytics)"]
    coffee = found["Coffee with Jordan Lee (Contoso)"]
    assert moment(lunch, "DTSTAMP") == meetings["m-priya"].updated_at
    assert moment(coffee, "DTSTAMP") == meetings["m-jordan"].updated_at
    for event in events(calendar):
        stamp = moment(event, "DTSTAMP")
        assert moment(event, "LAST-MODIFIED") == stamp
        assert stamp <= START
    assert moment(calendar, "LAST-MODIFIED") == START  # the goal, set at START
    # Days later, unchanged records keep their stamps.
    _, later = calendar_of(alex, now=START + 3 * DAY)
    for event in events(later):
        if str(event["UID"]) in set(uids(calendar)):
            before = by_summary(calendar)[str(event["SUMMARY"])]
            assert moment(event, "DTSTAMP") == moment(before, "DTSTAMP")
    # A change moves the stamps of what it touched, to the moment it happened.
    clock.advance(2 * HOUR)
    alex.reschedule_meeting("m-priya", meetings["m-priya"].scheduled_at + DAY)
    _, moved = calendar_of(alex)
    lunch = by_summary(moved)["Lunch with Priya Natarajan (Northwind Analytics)"]
    assert moment(lunch, "DTSTAMP") == moment(lunch, "LAST-MODIFIED") == clock.now
    assert moment(moved, "LAST-MODIFIED") == clock.now


def test_the_same_network_on_the_same_day_gives_the_same_bytes(
    store: Store, alex: Network
) -> None:
    first = alex.export_ics(now=START)
    assert alex.export_ics(now=START + 5 * HOUR) == first
    assert alex.export_ics(now=START + 14 * HOUR + 59 * dt.timedelta(minutes=1)) == (
        first
    )
    assert alex.export_ics() == first
    # Built again from the same records, in another store: the same bytes.
    with careernet.open_store(
        "memory:", clock=lambda: START, ids=counter(), autoload=False
    ) as other:
        assert add_sample(other).export_ics(now=START + HOUR) == first
    # The pure core's state gives the same bytes too.
    state = sample_network(START)
    state.apply(state.set_goal(sample_goal(Scenario.UNEMPLOYED, START)))
    pure = export(
        state, store.strategy(Scenario.UNEMPLOYED), network_id="alex", now=START
    )
    assert pure.body == first


@pytest.mark.parametrize(
    "options",
    [
        {"name": "Networking"},
        {"timezone": "Europe/Berlin"},
        {"kinds": frozenset({EventKind.MEETING})},
        {"rings": frozenset({Ring.BUDDY})},
        {"describe": False},
        {"alarm_before": dt.timedelta(minutes=10)},
        {"refresh": dt.timedelta(hours=6)},
        {"cancelled_grace": dt.timedelta(days=1), "past": dt.timedelta(hours=1)},
    ],
)
def test_other_options_give_other_bytes(alex: Network, options: dict[str, Any]) -> None:
    default, _ = calendar_of(alex)
    changed, _ = calendar_of(alex, **options)
    assert changed != default


def test_sequence_grows_on_reschedule_and_cancel(robin: Network, clock: Clock) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    meeting = robin.schedule_meeting(ann.id, START + 3 * DAY, purpose="Hear about it")

    def sequences() -> dict[str, int]:
        _, calendar = calendar_of(robin)
        return {str(e["SUMMARY"]): sequence_of(e) for e in events(calendar)}

    assert sequences() == {
        "Prepare: Coffee with Ann Archer": 0,
        "Coffee with Ann Archer": 0,
    }
    clock.advance(HOUR)
    robin.reschedule_meeting(meeting.id, START + 4 * DAY)
    assert sequences() == {
        "Prepare: Coffee with Ann Archer": 1,
        "Coffee with Ann Archer": 1,
    }
    clock.advance(HOUR)
    robin.cancel_meeting(meeting.id)
    assert sequences() == {"Cancelled: Coffee with Ann Archer": 2}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["reschedule", "cancel", "decline", "wait"]),
            st.integers(min_value=0, max_value=1),
            st.integers(min_value=1, max_value=24 * 12),
        ),
        max_size=8,
    )
)
def test_sequence_never_decreases_and_grows_with_each_time_or_status_change(
    steps: list[tuple[str, int, int]],
) -> None:
    clock = Clock()
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as store:
        network = store.create("robin", "Robin Park")
        meetings = [
            network.schedule_meeting(
                network.add_contact(name, ring=Ring.LUKEWARM).id,
                START + (10 + 2 * number) * DAY,
                purpose="Learn about their work",
            ).id
            for number, name in enumerate(["Ann Archer", "Ben Brook"])
        ]
        seen: dict[str, tuple[int, dt.date, str]] = {}
        for action, which, hours in [("wait", 0, 1), *steps]:
            meeting_id = meetings[which]
            pending = network.state.meeting(meeting_id).status.pending
            if action == "wait":
                clock.advance(hours * HOUR)
            elif pending and action == "reschedule":
                network.reschedule_meeting(meeting_id, clock.now + hours * HOUR)
            elif pending and action == "cancel":
                network.cancel_meeting(meeting_id)
            elif pending and action == "decline":
                network.record_meeting(meeting_id, MeetingStatus.DECLINED)
            calendar = icalendar.Calendar.from_ical(network.export_ics())
            for event in events(calendar):
                uid = str(event["UID"])
                now = (sequence_of(event), start_of(event), str(event["STATUS"]))
                before = seen.get(uid)
                if before is not None:
                    assert now[0] >= before[0], (uid, before, now)
                    if now[1:] != before[1:]:
                        assert now[0] > before[0], (uid, before, now)
                seen[uid] = now
        assert_valid_calendar(network.export_ics())


# -- cancelled meetings -------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [MeetingStatus.CANCELLED, MeetingStatus.DECLINED], ids=str
)
def test_a_cancelled_meeting_stays_marked_for_the_grace_period_then_goes(
    robin: Network, clock: Clock, status: MeetingStatus
) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    meeting = robin.schedule_meeting(ann.id, START + 20 * DAY, purpose="Hear about it")
    _, calendar = calendar_of(robin)
    [uid] = [str(e["UID"]) for e in events(calendar) if is_meeting(e)]
    clock.advance(HOUR)
    robin.record_meeting(meeting.id, status)
    cancelled_at = clock.now

    for days in (0, 1, 13):
        body, calendar = calendar_of(robin, now=cancelled_at + days * DAY)
        [event] = events(calendar)  # the preparation is gone with it
        assert str(event["UID"]) == uid
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["SUMMARY"]) == "Cancelled: Coffee with Ann Archer"
        assert sequence_of(event) == 1
        assert not alarms(event), "a cancelled meeting must not ring"
        assert "STATUS:CANCELLED" in raw_event(body, str(event["SUMMARY"]))
    _, calendar = calendar_of(robin, now=cancelled_at + 15 * DAY)
    assert events(calendar) == []


def test_the_grace_period_is_an_option(robin: Network, clock: Clock) -> None:
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    meeting = robin.schedule_meeting(ann.id, START + 20 * DAY, purpose="Hear about it")
    robin.cancel_meeting(meeting.id)
    grace = dt.timedelta(days=3)
    assert summaries(robin, now=START + 2 * DAY, cancelled_grace=grace) == [
        "Cancelled: Coffee with Ann Archer"
    ]
    assert summaries(robin, now=START + 4 * DAY, cancelled_grace=grace) == []
    assert summaries(robin, now=START + 4 * DAY) == [
        "Cancelled: Coffee with Ann Archer"
    ]


# -- the calendar's own properties --------------------------------------------------


def test_refresh_interval_and_published_ttl_are_written_as_clients_read_them(
    alex: Network,
) -> None:
    lines = content_lines(alex.export_ics())
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    lines = content_lines(
        alex.export_ics(options=CalendarOptions(refresh=dt.timedelta(minutes=30)))
    )
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT30M" in lines
    assert "X-PUBLISHED-TTL:PT30M" in lines


@pytest.mark.parametrize(
    ("scenario", "options", "name"),
    [
        (Scenario.UNEMPLOYED, {}, "careernet: Alex Rivera"),
        (Scenario.MAINTAIN, {"name": "Alex; work, mostly"}, "Alex; work, mostly"),
        (Scenario.EMPLOYED_CONFIDENTIAL, {}, "Appointments"),
    ],
)
def test_the_calendar_has_a_name(
    store: Store, scenario: str, options: dict[str, Any], name: str
) -> None:
    _, calendar = calendar_of(add_sample(store, scenario=scenario), **options)
    # NAME is TEXT (RFC 7986), escaped on the wire; icalendar keeps it raw.
    for prop in ("NAME", "X-WR-CALNAME"):
        wire = calendar[prop].to_ical()
        raw = wire.decode() if isinstance(wire, bytes) else str(wire)
        assert re.sub(r"\\([\\;,])", r"\1", raw) == name


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Asia/Kolkata"])
def test_a_vtimezone_is_there_exactly_when_a_tzid_is_used(
    alex: Network, zone: str
) -> None:
    body, calendar = calendar_of(alex, timezone=zone)
    tzids = {
        str(value.params["TZID"])
        for event in events(calendar)
        for value in event.values()
        if "TZID" in getattr(value, "params", {})
    }
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    if zone == "UTC":
        assert tzids == zones == set()
        assert b"TZID" not in body
        for event in events(calendar):
            if is_meeting(event):
                line = next(
                    x
                    for x in raw_event(body, str(event["SUMMARY"]))
                    if x.startswith("DTSTART")
                )
                assert re.fullmatch(r"DTSTART:\d{8}T\d{6}Z", line), line
    else:
        assert tzids == zones == {zone}
    # All-day events alone use no zone, so no VTIMEZONE is written.
    body, calendar = calendar_of(
        alex, timezone=zone, kinds=frozenset(EventKind) - {EventKind.MEETING}
    )
    assert not calendar.walk("VTIMEZONE")
    assert b"TZID=" not in body


def test_times_follow_the_seekers_zone_by_default(alex: Network) -> None:
    alex.set_preferences(timezone="Europe/Berlin")
    body, calendar = calendar_of(alex)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    lines = raw_event(body, "Lunch with Priya Natarajan (Northwind Analytics)")
    assert "DTSTART;TZID=Europe/Berlin:20261127T130000" in lines


# -- privacy ------------------------------------------------------------------


def _search_words_in(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", text.casefold()))
    return words & SEARCH_WORDS


@pytest.fixture
def confidential(store: Store) -> Network:
    """The sample searching confidentially, with a revealing meeting added."""
    network = add_sample(store, scenario=Scenario.EMPLOYED_CONFIDENTIAL)
    network.schedule_meeting(
        "ken",
        START + 5 * DAY,
        kind=MeetingKind.VIDEO,
        purpose="Ask about the interview process and the job search at Globex",
        outcome_sought="A referral for the open position",
        questions=["What does a recruiter there look for in a CV?"],
        location="Globex HQ, hiring floor",
    )
    return network


def _companies(network: Network) -> set[str]:
    state = network.state
    names = {state.seeker.company or ""}
    for contact in state.contacts.values():
        names |= {contact.company or "", *contact.past_companies}
    for goal in state.goals.values():
        names |= goal.target_companies
    return names - {""}


def test_the_confidential_calendar_is_neutral_and_private(
    confidential: Network,
) -> None:
    body, calendar = calendar_of(confidential)
    found = events(calendar)
    assert "Video with Ken Watanabe" in [str(e["SUMMARY"]) for e in found]
    for event in found:
        summary = str(event["SUMMARY"])
        for company in _companies(confidential):
            assert company.casefold() not in summary.casefold(), (company, summary)
        assert not _search_words_in(summary), summary
        assert str(event["CLASS"]) == "PRIVATE"
        if summary.startswith("Prepare: "):
            # The brief, neutral: with whom and when, and what to bring.
            description = str(event["DESCRIPTION"])
            assert "ask whom else they would suggest you meet" in description
            for company in _companies(confidential):
                assert company.casefold() not in description.casefold()
            assert not _search_words_in(description), description
        else:
            assert "DESCRIPTION" not in event
        assert "LOCATION" not in event
        for alarm in alarms(event):
            assert str(alarm["DESCRIPTION"]) == summary
    text = body.decode()
    for company in _companies(confidential):
        assert company not in text
    assert not _search_words_in(str(calendar["X-WR-CALNAME"]))


def test_the_confidential_seeker_may_opt_in_to_descriptions(
    confidential: Network,
) -> None:
    _, calendar = calendar_of(confidential, describe=True)
    video = by_summary(calendar)["Video with Ken Watanabe"]
    assert str(video["LOCATION"]) == "Globex HQ, hiring floor"
    assert "interview process" in str(video["DESCRIPTION"])
    for event in events(calendar):
        assert str(event["CLASS"]) == "PRIVATE"
        assert "Globex" not in str(event["SUMMARY"])


def test_a_prepare_event_carries_the_brief(alex: Network) -> None:
    _, calendar = calendar_of(alex, kinds=frozenset({EventKind.PREPARE}))
    [prepare] = events(calendar)
    description = str(prepare["DESCRIPTION"])
    assert description.startswith("Purpose: Learn how the product team")
    for part in ("Who: ", "How you met: ", "Ledger: ", "Offer: ", "Next: "):
        assert part in description


def test_open_scenarios_describe_and_show_companies(alex: Network) -> None:
    _, calendar = calendar_of(alex)
    lunch = by_summary(calendar)["Lunch with Priya Natarajan (Northwind Analytics)"]
    assert "Purpose: Learn how the product team measures adoption" in str(
        lunch["DESCRIPTION"]
    )
    assert all("CLASS" not in event for event in events(calendar))
    _, calendar = calendar_of(alex, describe=False)
    assert all("DESCRIPTION" not in event for event in events(calendar))


# -- options that filter ------------------------------------------------------


@pytest.fixture
def tagged(robin: Network) -> Network:
    """Four contacts, one per ring, each with a meeting ahead."""
    people = [
        ("Ann Archer", Ring.BUDDY, {"data"}),
        ("Ben Brook", Ring.STRATEGIC, {"data", "secret"}),
        ("Cat Cole", Ring.LUKEWARM, set()),
        ("Dan Dale", Ring.COLD, {"meetup"}),
    ]
    for number, (name, ring, tags) in enumerate(people, start=1):
        contact = robin.add_contact(name, ring=ring, tags=tags)
        robin.schedule_meeting(
            contact.id, START + number * DAY + HOUR, purpose="Catch up"
        )
    return robin


def _people(network: Network, **options: Any) -> set[str]:
    names = {"Ann Archer", "Ben Brook", "Cat Cole", "Dan Dale"}
    found: set[str] = set()
    for summary in summaries(network, **options):
        [name] = [n for n in names if n in summary]
        found.add(name)
    return found


@pytest.mark.parametrize(
    ("options", "people"),
    [
        ({}, {"Ann Archer", "Ben Brook", "Cat Cole", "Dan Dale"}),
        ({"rings": frozenset({Ring.BUDDY, Ring.COLD})}, {"Ann Archer", "Dan Dale"}),
        ({"include_tags": frozenset({"data"})}, {"Ann Archer", "Ben Brook"}),
        (
            {"exclude_tags": frozenset({"secret"})},
            {"Ann Archer", "Cat Cole", "Dan Dale"},
        ),
        (
            {
                "include_tags": frozenset({"data", "meetup"}),
                "exclude_tags": frozenset({"secret"}),
            },
            {"Ann Archer", "Dan Dale"},
        ),
        (
            {"rings": frozenset({Ring.LUKEWARM}), "include_tags": frozenset({"x"})},
            set(),
        ),
    ],
)
def test_rings_and_tags_choose_whose_events_are_shown(
    tagged: Network, options: dict[str, Any], people: set[str]
) -> None:
    assert _people(tagged, **options) == people


def test_kinds_choose_which_events_are_shown(tagged: Network) -> None:
    _, calendar = calendar_of(tagged, kinds=frozenset({EventKind.MEETING}))
    assert len(events(calendar)) == 4
    assert all(is_meeting(e) for e in events(calendar))
    _, calendar = calendar_of(tagged, kinds=frozenset({EventKind.PREPARE}))
    assert len(events(calendar)) == 4
    assert all(str(e["SUMMARY"]).startswith("Prepare: ") for e in events(calendar))
    body, calendar = calendar_of(tagged, kinds=frozenset())
    assert events(calendar) == []
    assert b"BEGIN:VEVENT" not in body


# -- text: escaping and injection --------------------------------------------------


TEXTS = [
    "semi;colon",
    "comma, here",
    "back\\slash",
    "C:\\New folder\\notes",
    "two\nlines",
    'quote "x" and colon: y',
    "tab\there",
    "emoji 😀🎉 and María Gómez-Łukasiewicz",
    "a;b,c\\d\ne😀",
    "x" * 200 + " 😀" * 40,
]


def _normalised(text: str) -> str:
    """What iCalendar can carry: it has no escape for CR, only for newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _one_line(text: str) -> str:
    """What a one-line property (SUMMARY, LOCATION) holds: breaks made spaces."""
    return re.sub(r"[ \t]*\n[ \t\n]*", " ", _normalised(text)).strip()


@pytest.mark.parametrize("text", [*TEXTS, "carriage\rreturn", "crlf\r\nhere"], ids=repr)
def test_special_characters_round_trip(robin: Network, text: str) -> None:
    name, purpose = f"Ann {text}", f"Talk about {text}"
    question = f"What about {text}?"
    ann = stored_contact(robin, name, ring=Ring.LUKEWARM)
    robin.schedule_meeting(
        ann.id, START + 3 * DAY, purpose=purpose, questions=[question], location=text
    )
    _, calendar = calendar_of(robin)
    [meeting] = [e for e in events(calendar) if is_meeting(e)]
    assert str(meeting["SUMMARY"]) == _one_line(f"Coffee with {name}")
    assert str(meeting["DESCRIPTION"]) == _normalised(
        f"Purpose: {purpose}\nAsk: {question}"
    )
    assert str(meeting["LOCATION"]) == _one_line(text)
    [alarm] = alarms(meeting)
    assert str(alarm["DESCRIPTION"]) == _one_line(f"Coffee with {name}")


INJECTIONS = [
    "\r\nATTENDEE:mailto:x@example.org",
    "\nATTENDEE:mailto:x@example.org",
    "\rATTENDEE:mailto:x@example.org",
    "\r\n ATTENDEE:mailto:x@example.org",
    "\u2028ATTENDEE:mailto:x@example.org",
    "\x85ATTENDEE:mailto:x@example.org",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:x",
    ";ATTENDEE=mailto:x@example.org:y",
]


@pytest.mark.parametrize("payload", INJECTIONS, ids=repr)
def test_a_line_break_in_text_adds_no_property(store: Store, payload: str) -> None:
    def written(name: str, network_id: str) -> bytes:
        network = store.create(network_id, "Robin Park")
        eve = stored_contact(network, name, ring=Ring.LUKEWARM)
        network.schedule_meeting(
            eve.id,
            START + 3 * DAY,
            purpose=f"Talk{payload}",
            questions=[f"Who{payload}?"],
            location=f"Here{payload}",
        )
        body, _ = calendar_of(network)
        return body

    plain = written("Eve", "plain")
    injected = written(f"Eve{payload}", "injected")
    assert not [x for x in content_lines(injected) if x.startswith("ATTENDEE")]
    assert "UID:evil" not in content_lines(injected)

    def names(body: bytes) -> list[list[str]]:
        return [
            [re.split(r"[;:]", line, maxsplit=1)[0] for line in lines]
            for lines in event_lines(body)
        ]

    assert names(injected) == names(plain)
    for event in events(icalendar.Calendar.from_ical(injected)):
        assert "ATTENDEE" not in event
        summary = str(event["SUMMARY"])
        assert "\n" not in summary
        expected = re.sub("[\x85\u2028]", "\n", f"Eve{payload}")
        assert summary.endswith(_one_line(expected))


CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_control_characters_in_text_keep_the_calendar_valid(
    robin: Network, control: str
) -> None:
    """RFC 5545 TEXT allows no control character but HTAB; a name holding one
    must not make strict clients reject the whole calendar."""
    eve = stored_contact(robin, f"Eve{control}Lyn", ring=Ring.LUKEWARM)
    robin.schedule_meeting(
        eve.id, START + 3 * DAY, purpose=f"Talk{control}", questions=[f"Who{control}?"]
    )
    calendar_of(robin)


# -- writing a file -----------------------------------------------------------------


def test_export_ics_writes_the_same_bytes_to_a_file(
    alex: Network, tmp_path: Path
) -> None:
    path = tmp_path / "alex.ics"
    options = CalendarOptions(timezone="Europe/Berlin")
    returned = alex.export_ics(path, options=options)
    assert path.read_bytes() == returned
    assert (
        returned
        == export(
            alex.state,
            alex.strategy,
            network_id=alex.id,
            now=alex.store.now(),
            options=options,
        ).body
    )
    assert_valid_calendar(path.read_bytes())


# -- random networks ------------------------------------------------------------

_SPECIAL = [
    "\r",
    "\n",
    "\t",
    ";",
    ",",
    "\\",
    ":",
    '"',
    "N",
    "😀",
    "\u2028",
    "\x85",
    "\x00",
    "\x1b",
    "\x7f",
]


def _texts(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=30).filter(lambda s: bool(s.strip()))


_ANY = st.characters(codec="utf-8") | st.sampled_from(_SPECIAL)
_NO_CONTROLS = st.characters(
    codec="utf-8", exclude_categories=["Cc", "Cs"]
) | st.sampled_from(["\n", "\t", ";", ",", "\\", ":", '"', "😀", "\u2028"])


@st.composite
def _networks(draw: st.DrawFn, alphabet: st.SearchStrategy[str]) -> dict[str, Any]:
    texts = _texts(alphabet)
    people = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": texts,
                    "ring": st.sampled_from(Ring),
                    "company": st.none() | texts,
                    "tags": st.lists(texts, max_size=2),
                    "meeting": st.none()
                    | st.fixed_dictionaries(
                        {
                            "hours": st.integers(min_value=-24 * 20, max_value=24 * 40),
                            "purpose": texts,
                            "questions": st.lists(texts, max_size=2),
                            "location": st.none() | texts,
                            "result": st.sampled_from(
                                [None, MeetingStatus.HELD, MeetingStatus.CANCELLED]
                            ),
                            "referral": st.none() | texts,
                        }
                    ),
                    "outreach_days_ago": st.none() | st.integers(0, 30),
                }
            ),
            min_size=1,
            max_size=4,
        )
    )
    return {
        "seeker": draw(texts),
        "scenario": draw(st.sampled_from([None, *SCENARIOS])),
        "people": people,
        "timezone": draw(st.sampled_from([None, "Europe/Berlin"])),
        "describe": draw(st.sampled_from([None, True, False])),
    }


def _build(spec: dict[str, Any]) -> bytes:
    clock = Clock()
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as store:
        network = stored_network(
            store, "random", Seeker(name=spec["seeker"], company="Acme")
        )
        if spec["scenario"] is not None:
            network.set_goal(
                spec["scenario"], target_companies=["Globex"], target_fields=["data"]
            )
        for person in spec["people"]:
            contact = stored_contact(
                network,
                person["name"],
                ring=person["ring"],
                company=person["company"],
                tags=person["tags"],
                at=START - 200 * DAY,
            )
            if person["outreach_days_ago"] is not None:
                network.log(
                    contact.id,
                    InteractionKind.OUTREACH,
                    at=START - person["outreach_days_ago"] * DAY,
                )
            meeting = person["meeting"]
            if meeting is not None:
                hours = meeting["hours"]
                if meeting["result"] is MeetingStatus.HELD:
                    hours = -abs(hours)  # only a meeting that has begun was held
                made = network.schedule_meeting(
                    contact.id,
                    START + hours * HOUR,
                    purpose=meeting["purpose"],
                    questions=meeting["questions"],
                    location=meeting["location"],
                )
                if meeting["result"] is MeetingStatus.HELD:
                    referrals = [meeting["referral"]] if meeting["referral"] else []
                    try:
                        network.record_meeting(
                            made.id, MeetingStatus.HELD, referrals=referrals
                        )
                    except careernet.InvalidValueError:
                        # A referral's name is checked at the door.
                        network.record_meeting(made.id, MeetingStatus.HELD)
                elif meeting["result"] is MeetingStatus.CANCELLED:
                    network.cancel_meeting(made.id)
        return network.export_ics(
            options=CalendarOptions(
                timezone=spec["timezone"], describe=spec["describe"]
            )
        )


_RANDOM = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_RANDOM
@given(spec=_networks(_ANY))
def test_random_networks_export_valid_calendars(spec: dict[str, Any]) -> None:
    """Any text at all, control characters included."""
    calendar = assert_valid_calendar(_build(spec))
    assert len(set(uids(calendar))) == len(events(calendar))


@_RANDOM
@given(spec=_networks(_NO_CONTROLS))
def test_random_networks_without_control_characters_export_valid_calendars(
    spec: dict[str, Any],
) -> None:
    """The same, leaving out the control characters iCalendar cannot carry."""
    calendar = assert_valid_calendar(_build(spec))
    assert len(set(uids(calendar))) == len(events(calendar))
