"""Pushing the calendar to a real CalDAV server (Radicale on 127.0.0.1).

The events on the server are read back with the caldav library's own client
and parsed with icalendar; the server is stopped and started again for the
runs that must survive it going away.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
import careernet.sync.plugin
from careernet import CalendarSyncError, MeetingStatus, Network, Seeker, Store
from careernet.cli import main
from careernet.domain import Scenario
from careernet.sync import (
    DIGEST,
    ORIGIN,
    WRITTEN,
    CalDAVCalendar,
    SyncReport,
    credentials,
    origin_of,
    push,
    split_events,
)
from careernet.sync.plugin import take_moves
from tests.builders import Clock, counter
from tests.caldav_server import PASSWORD, USER, Radicale
from tests.ical_checks import START, add_sample

DAY = dt.timedelta(days=1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Radicale]:
    radicale = Radicale(tmp_path)
    radicale.start()
    try:
        radicale.make_calendar()
        yield radicale
    finally:
        radicale.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def store(clock: Clock) -> Iterator[Store]:
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def robin(store: Store) -> Network:
    network = store.create("robin", Seeker(name="Robin Park", company="Acme"))
    network.add_contact("Dana Lee", company="Globex")
    return network


def calendar_for(server: Radicale) -> CalDAVCalendar:
    return CalDAVCalendar(server.calendar_url, username=USER, password=PASSWORD)


def sync(network: Network, server: Radicale) -> SyncReport:
    calendar = calendar_for(server)
    try:
        return push(network.export_ics(), network_id=network.id, calendar=calendar)
    finally:
        calendar.close()


def on_server(server: Radicale) -> dict[str, icalendar.Event]:
    found: dict[str, icalendar.Event] = {}
    for data in server.events():
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            assert isinstance(event, icalendar.Event)
            uid = str(event["UID"])
            assert uid not in found
            found[uid] = event
    return found


def start(event: icalendar.Event) -> dt.date:
    value = event.decoded("DTSTART")
    assert isinstance(value, dt.date)
    return value


def sequence(event: icalendar.Event) -> int:
    return int(str(event.get("SEQUENCE", 0)))


def meetings_on(server: Radicale) -> list[icalendar.Event]:
    return [e for e in on_server(server).values() if isinstance(start(e), dt.datetime)]


def contact_id(network: Network) -> str:
    return network.contacts[0].id


# -- create, update, cancel, delete ---------------------------------------------


def test_a_new_meeting_is_created_then_moved_then_cancelled_then_deleted(
    server: Radicale, robin: Network, clock: Clock
) -> None:
    when = START + 2 * DAY
    meeting = robin.schedule_meeting(contact_id(robin), when, purpose="Coffee")
    report = sync(robin, server)
    assert len(report.created) >= 1
    assert not report.updated
    assert not report.deleted
    [event] = meetings_on(server)
    assert start(event) == when
    assert str(event[ORIGIN]) == origin_of("robin")
    first_sequence = sequence(event)

    robin.reschedule_meeting(meeting.id, when + dt.timedelta(hours=3))
    report = sync(robin, server)
    assert event["UID"] in report.updated
    [moved] = meetings_on(server)
    assert moved["UID"] == event["UID"]
    assert start(moved) == when + dt.timedelta(hours=3)
    assert sequence(moved) > first_sequence

    robin.cancel_meeting(meeting.id)
    report = sync(robin, server)
    assert event["UID"] in report.updated
    [cancelled] = meetings_on(server)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert sequence(cancelled) > sequence(moved)

    clock.advance(60 * DAY)
    robin.refresh()
    report = sync(robin, server)
    assert event["UID"] in report.deleted
    assert meetings_on(server) == []


def test_a_second_sync_writes_nothing(server: Radicale, store: Store) -> None:
    alex = add_sample(store)
    first = sync(alex, server)
    assert first.created
    before = _etags(server)
    again = sync(alex, server)
    assert again.created == again.updated == again.deleted == ()
    assert again.unchanged == len(first.created)
    assert _etags(server) == before


def _etags(server: Radicale) -> dict[str, str]:
    calendar = calendar_for(server)
    try:
        ours, _ = calendar.listing(origin_of("alex"))
        return {remote.href: remote.etag for remote in ours.values()}
    finally:
        calendar.close()


def test_events_it_did_not_create_are_never_touched(
    server: Radicale, robin: Network, store: Store
) -> None:
    with server.client() as client:
        client.calendar(url=server.calendar_url).add_event(  # type: ignore[no-untyped-call]
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\n"
            "BEGIN:VEVENT\r\nUID:dentist@phone\r\nDTSTAMP:20261120T090000Z\r\n"
            "DTSTART:20261126T100000Z\r\nDTEND:20261126T110000Z\r\n"
            "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    robin.schedule_meeting(contact_id(robin), START + DAY, purpose="Coffee")
    other = store.create("other", Seeker(name="Sam Other"))
    other.add_contact("Kim Other")
    other.schedule_meeting(contact_id(other), START + DAY, purpose="Walk")
    theirs = sync(other, server).created
    assert theirs
    report = sync(robin, server)
    assert report.created
    assert report.foreign == 1 + len(theirs)  # the dentist and the other network's

    empty = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nEND:VCALENDAR\r\n"
    cleared = push(empty, network_id="robin", calendar=calendar_for(server))
    assert sorted(cleared.deleted) == sorted(report.created)
    left = on_server(server)
    assert str(left["dentist@phone"]["SUMMARY"]) == "Dentist"
    assert ORIGIN not in left["dentist@phone"]
    assert sorted(left) == sorted(["dentist@phone", *theirs])


# -- a server that goes away ------------------------------------------------------


class StopsAfterOneWrite(CalDAVCalendar):
    """A calendar whose server is stopped right after the first event is written."""

    def __init__(self, server: Radicale) -> None:
        super().__init__(server.calendar_url, username=USER, password=PASSWORD)
        self.server = server

    def put(self, href: str, body: bytes, headers: dict[str, str]) -> int:
        status = super().put(href, body, headers)
        self.server.stop()
        return status


def test_a_server_stopped_mid_sync_is_finished_by_the_next_sync(
    server: Radicale, store: Store
) -> None:
    alex = add_sample(store)
    version = alex.version
    wanted = split_events(alex.export_ics(), origin=origin_of("alex"))
    assert len(wanted) > 2
    with pytest.raises(CalendarSyncError, match="could not be reached") as caught:
        push(alex.export_ics(), network_id="alex", calendar=StopsAfterOneWrite(server))
    assert PASSWORD not in str(caught.value)
    alex.refresh()
    assert alex.version == version  # nothing of the network changed
    server.start()
    assert len(on_server(server)) == 1
    report = sync(alex, server)
    assert len(report.created) == len(wanted) - 1
    assert report.unchanged == 1
    assert sorted(on_server(server)) == sorted(wanted)


def test_a_server_that_is_down_is_reported_plainly(tmp_path: Path) -> None:
    radicale = Radicale(tmp_path)  # never started
    calendar = CalDAVCalendar(radicale.calendar_url, username=USER, password=PASSWORD)
    with pytest.raises(CalendarSyncError, match="nothing of the network was changed"):
        push(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", network_id="x", calendar=calendar)


def test_a_wrong_password_is_refused_without_showing_it(server: Radicale) -> None:
    calendar = CalDAVCalendar(server.calendar_url, username=USER, password="wrong-one")
    with pytest.raises(CalendarSyncError, match="refused") as caught:
        calendar.listing("x")
    assert "wrong-one" not in str(caught.value)


# -- after each commit -----------------------------------------------------------


def test_each_commit_is_pushed_and_a_down_server_never_fails_it(
    server: Radicale,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("CAREERNET_CALDAV_URL", server.calendar_url)
    monkeypatch.setenv("CAREERNET_CALDAV_USERNAME", USER)
    monkeypatch.setenv("CAREERNET_CALDAV_PASSWORD", PASSWORD)
    with careernet.open_store(
        "memory:",
        clock=clock,
        ids=counter(),
        autoload=False,
        plugins=[careernet.sync.plugin],
    ) as store:
        robin = store.create("robin", Seeker(name="Robin Park"))
        robin.add_contact("Dana Lee")
        meeting = robin.schedule_meeting(
            contact_id(robin), START + DAY, purpose="Coffee"
        )
        [event] = meetings_on(server)
        assert start(event) == START + DAY

        server.stop()
        with caplog.at_level(logging.WARNING, logger="careernet.sync"):
            robin.reschedule_meeting(meeting.id, START + 2 * DAY)
        assert "postponed" in caplog.text
        assert PASSWORD not in caplog.text
        assert robin.meetings[0].scheduled_at == START + 2 * DAY

        server.start()
        assert start(meetings_on(server)[0]) == START + DAY  # not yet
        robin.add_contact("Kim Lee")  # any later commit catches up
        [moved] = meetings_on(server)
        assert start(moved) == START + 2 * DAY


def test_the_plugin_does_nothing_without_a_calendar(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREERNET_CALDAV_URL", raising=False)
    careernet.sync.plugin.careernet_after_commit("robin", store)


def test_the_plugin_is_registered_through_the_entry_point_group() -> None:
    found = {
        point.name: point.value
        for point in importlib.metadata.entry_points(group="careernet")
    }
    assert found["caldav"] == "careernet.sync.plugin"


# -- the command -----------------------------------------------------------------


def test_careernet_sync_pushes_and_never_prints_the_password(
    server: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "network.db")
    monkeypatch.setenv("CAREERNET_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("CAREERNET_CALDAV_USERNAME", USER)
    monkeypatch.setenv("CAREERNET_CALDAV_PASSWORD", PASSWORD)
    runner = CliRunner()
    ics = str(tmp_path / "demo.ics")
    assert runner.invoke(main, ["demo", "--db", db, "--ics", ics]).exit_code == 0
    result = runner.invoke(main, ["sync", "--caldav", server.calendar_url, "--db", db])
    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    assert PASSWORD not in result.output
    assert on_server(server)
    again = runner.invoke(
        main, ["sync", "--caldav", server.calendar_url, "--db", db, "--json"]
    )
    assert again.exit_code == 0, again.output
    assert '"created": []' in again.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/cal/", "not a calendar address"),
        ("http://me:secret@127.0.0.1:9/cal/", "holds a password"),
    ],
)
def test_careernet_sync_refuses_bad_addresses_in_one_line(
    url: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "network.db")
    monkeypatch.setenv("CAREERNET_DISABLE_PLUGIN_AUTOLOAD", "1")
    runner = CliRunner()
    ics = str(tmp_path / "demo.ics")
    assert runner.invoke(main, ["demo", "--db", db, "--ics", ics]).exit_code == 0
    result = runner.invoke(main, ["sync", "--caldav", url, "--db", db])
    assert result.exit_code == 2
    assert message in result.output
    assert "secret" not in result.output
    assert "Traceback" not in result.output


# -- credentials, privacy and the split ------------------------------------------


def test_credentials_come_from_the_environment() -> None:
    env = {"CAREERNET_CALDAV_USERNAME": "me", "CAREERNET_CALDAV_PASSWORD": "pw"}
    assert credentials("https://example.com/cal/", env) == ("me", "pw")
    assert credentials("https://you@example.com/cal/", {})[0] == "you"


def test_a_discreet_network_pushes_nothing_that_names_careernet_or_a_search(
    server: Radicale, store: Store
) -> None:
    alex = add_sample(store, scenario=Scenario.EMPLOYED_CONFIDENTIAL)
    assert sync(alex, server).created
    for data in server.events():
        lowered = data.lower()
        for word in ("careernet", "job", "interview", "recruiter"):
            assert word not in lowered, word


@settings(max_examples=25, deadline=None)
@given(days=st.integers(min_value=-30, max_value=400), network_id=st.text(min_size=1))
def test_splitting_gives_one_stable_marked_event_per_uid(
    days: int, network_id: str
) -> None:
    clock = Clock(START)
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as store:
        alex = add_sample(store)
        clock.advance(days * DAY)
        body = alex.export_ics()
    origin = origin_of(network_id)
    first = split_events(body, origin=origin)
    assert first == split_events(body, origin=origin)
    whole = [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert sorted(first) == sorted(whole)
    for uid, piece in first.items():
        [event] = icalendar.Calendar.from_ical(piece.text).walk("VEVENT")
        assert str(event["UID"]) == uid
        assert str(event[ORIGIN]) == origin
        assert str(event[DIGEST]) == piece.digest
        assert str(event[WRITTEN]) == piece.when


# -- moves made in the calendar app ------------------------------------------------


def test_a_meeting_moved_in_the_calendar_is_taken_into_careernet(
    server: Radicale, robin: Network
) -> None:
    meeting = robin.schedule_meeting(contact_id(robin), START + DAY, purpose="Coffee")
    sync(robin, server)
    [event] = meetings_on(server)
    later = START + DAY + dt.timedelta(hours=2)
    server.edit(str(event["UID"]), dtstart=later, dtend=later + dt.timedelta(hours=1))

    report = sync(robin, server)
    assert [m.uid for m in report.moved] == [event["UID"]]
    assert report.moved[0].start == later
    assert start(meetings_on(server)[0]) == later  # left as the seeker put it
    taken, refused = take_moves(robin, report)
    assert taken == [meeting.id]
    assert refused == []
    assert robin.meetings[0].scheduled_at == later

    again = sync(robin, server)
    assert event["UID"] in again.updated
    assert again.moved == ()
    assert again.conflicts == ()
    [written] = meetings_on(server)
    assert start(written) == later
    assert sequence(written) > sequence(event)
    assert sync(robin, server).unchanged >= 1


def test_a_meeting_cancelled_in_the_calendar_is_cancelled_in_careernet(
    server: Radicale, robin: Network
) -> None:
    meeting = robin.schedule_meeting(contact_id(robin), START + DAY, purpose="Coffee")
    sync(robin, server)
    [event] = meetings_on(server)
    server.edit(str(event["UID"]), status="CANCELLED")
    report = sync(robin, server)
    assert report.moved[0].cancelled
    assert take_moves(robin, report) == ([meeting.id], [])
    assert robin.meetings[0].status == MeetingStatus.CANCELLED
    sync(robin, server)
    [written] = meetings_on(server)
    assert str(written["STATUS"]) == "CANCELLED"


def test_a_meeting_moved_on_both_sides_is_reported_not_guessed(
    server: Radicale, robin: Network
) -> None:
    meeting = robin.schedule_meeting(contact_id(robin), START + DAY, purpose="Coffee")
    sync(robin, server)
    [event] = meetings_on(server)
    there = START + DAY + dt.timedelta(hours=2)
    server.edit(str(event["UID"]), dtstart=there, dtend=there + dt.timedelta(hours=1))
    robin.reschedule_meeting(meeting.id, START + 3 * DAY)

    report = sync(robin, server)
    assert [c.uid for c in report.conflicts] == [event["UID"]]
    assert (
        "moved in the calendar and changed in careernet" in report.conflicts[0].reason
    )
    assert report.moved == ()
    assert start(meetings_on(server)[0]) == there  # neither side overwritten
    assert robin.meetings[0].scheduled_at == START + 3 * DAY


def test_a_move_careernet_refuses_is_reported(server: Radicale, robin: Network) -> None:
    meeting = robin.schedule_meeting(contact_id(robin), START + DAY, purpose="Coffee")
    sync(robin, server)
    [event] = meetings_on(server)
    assert sync(robin, server).moved == ()
    there = START + 5 * DAY
    server.edit(str(event["UID"]), dtstart=there, dtend=there + dt.timedelta(hours=1))
    report = sync(robin, server)
    assert report.moved
    robin.cancel_meeting(meeting.id)  # meanwhile: a cancelled meeting cannot move
    taken, refused = take_moves(robin, report)
    assert taken == []
    assert len(refused) == 1


def test_careernet_sync_takes_a_move_made_in_the_calendar(
    server: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "network.db")
    monkeypatch.setenv("CAREERNET_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("CAREERNET_CALDAV_USERNAME", USER)
    monkeypatch.setenv("CAREERNET_CALDAV_PASSWORD", PASSWORD)
    runner = CliRunner()
    ics = str(tmp_path / "demo.ics")
    assert runner.invoke(main, ["demo", "--db", db, "--ics", ics]).exit_code == 0
    command = ["sync", "--caldav", server.calendar_url, "--db", db]
    assert runner.invoke(main, command).exit_code == 0
    pending = [
        e
        for e in meetings_on(server)
        if str(e.get("STATUS", "CONFIRMED")) != "CANCELLED"
        and start(e) > dt.datetime.now(dt.UTC)
    ]
    assert pending, "the demo has a meeting ahead"
    moved = start(pending[0]) + dt.timedelta(hours=1)
    server.edit(
        str(pending[0]["UID"]), dtstart=moved, dtend=moved + dt.timedelta(hours=1)
    )
    result = runner.invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "Took 1 meetings moved or cancelled" in result.output
    with careernet.open(db) as network:
        assert moved in [m.scheduled_at for m in network.meetings]


def test_loading_the_plugin_imports_neither_icalendar_nor_caldav() -> None:
    code = (
        "import sys, careernet.sync.plugin; "
        "print('icalendar' in sys.modules, 'caldav' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]


# -- meetings arranged in the calendar --------------------------------------------


def _own_event(server: Radicale, uid: str, start: str, *attendees: str) -> None:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//phone//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261120T090000Z",
        f"DTSTART:{start}",
        "DURATION:PT1H",
        f"SUMMARY:Lunch {uid}",
        *(f"ATTENDEE;CN=Someone:mailto:{mail}" for mail in attendees),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    with server.client() as client:
        calendar = client.calendar(url=server.calendar_url)  # type: ignore[no-untyped-call]
        calendar.add_event("\r\n".join(lines))


def test_a_meeting_arranged_in_the_calendar_is_offered_never_recorded(
    server: Radicale, store: Store
) -> None:
    robin = store.create("robin", Seeker(name="Robin Park"))
    dana = robin.add_contact("Dana Lee", emails=["Dana.Lee@example.com"])
    kim = robin.add_contact("Kim Lee", emails=["kim@example.com"])
    robin.schedule_meeting(kim.id, START + 3 * DAY, purpose="Walk")
    _own_event(
        server,
        "lunch-dana",
        "20261126T120000Z",
        "me@example.com",
        "dana.lee@EXAMPLE.com",
    )
    _own_event(server, "lunch-stranger", "20261127T120000Z", "who@example.org")
    _own_event(server, "walk-kim", "20261127T090000Z", "kim@example.com")
    version = robin.version
    report = sync(robin, server)
    assert sorted(o.uid for o in report.others) == [
        "lunch-dana",
        "lunch-stranger",
        "walk-kim",
    ]
    offers = careernet.sync.plugin.arranged_elsewhere(robin.state, report)
    assert [(o.event.uid, o.contact_id) for o in offers] == [("lunch-dana", dana.id)]
    assert offers[0].event.start == dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
    assert robin.version == version  # offered, not recorded
    assert len(robin.meetings) == 1


def test_careernet_sync_lists_meetings_arranged_in_the_calendar(
    server: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "network.db")
    monkeypatch.setenv("CAREERNET_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("CAREERNET_CALDAV_USERNAME", USER)
    monkeypatch.setenv("CAREERNET_CALDAV_PASSWORD", PASSWORD)
    with careernet.open(db, seeker="Robin Park") as network:
        network.add_contact("Dana Lee", emails=["dana@example.com"])
    _own_event(server, "lunch-dana", "20261126T120000Z", "dana@example.com")
    runner = CliRunner()
    command = ["sync", "--caldav", server.calendar_url, "--db", db]
    result = runner.invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "not in careernet" in result.output, result.output
    assert "Dana Lee" in result.output
    as_json = runner.invoke(main, [*command, "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert '"contact_name": "Dana Lee"' in as_json.output
