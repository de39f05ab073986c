"""Calendar figures: exporting many events, exporting again after one change,
answering a conditional GET, and the feed's memory for many networks."""

from __future__ import annotations

import datetime as dt
import gc
import io
import tracemalloc
from pathlib import Path

import icalendar

import careernet
from careernet.domain import (
    Change,
    Contact,
    Meeting,
    MeetingKind,
    Ring,
)
from careernet.ical import CalendarOptions, RenderCache, export
from careernet.ical.feed import FeedApp

from .figures import Figure, median_seconds

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def _meetings(count: int, people: int) -> tuple[list[Contact], list[Meeting]]:
    """Meetings far enough ahead that each is exactly one event."""
    contacts = [
        Contact(
            id=f"c{n}",
            name=f"Person {n}",
            ring=Ring.COLD,
            company=f"Company {n % 97}",
            added_at=NOW - dt.timedelta(days=400),
        )
        for n in range(people)
    ]
    meetings = [
        Meeting(
            id=f"m{n}",
            contact_id=f"c{n % people}",
            kind=MeetingKind.COFFEE,
            scheduled_at=NOW + dt.timedelta(days=61, hours=n),
            created_at=NOW - dt.timedelta(days=1, minutes=n),
            purpose=f"Learn how team {n} works",
        )
        for n in range(count)
    ]
    return contacts, meetings


def _direct(contacts: list[Contact], meetings: list[Meeting]) -> bytes:
    """The floor: the same VEVENTs built straight with icalendar."""
    names = {c.id: c for c in contacts}
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//bench//EN")
    calendar.add("version", "2.0")
    for meeting in meetings:
        contact = names[meeting.contact_id]
        event = icalendar.Event()
        event.add("uid", f"{meeting.id}@bench")
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("sequence", meeting.sequence)
        event.add("dtstart", meeting.scheduled_at)
        event.add("dtend", meeting.ends_at)
        event.add("transp", "OPAQUE")
        summary = f"Coffee with {contact.name} ({contact.company})"
        event.add("summary", summary)
        event.add("status", "CONFIRMED")
        event.add("description", f"Purpose: {meeting.purpose}")
        alarm = icalendar.Alarm()
        alarm.add("uid", f"{meeting.id}-alarm@bench")
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -dt.timedelta(minutes=30))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def calendar_figures(directory: Path, *, quick: bool) -> list[Figure]:
    """Figures 5 and 6: export vs direct icalendar, and a 304 vs an export."""
    count, people, repeat = (200, 40, 3) if quick else (10_000, 2_000, 5)
    contacts, meetings = _meetings(count, people)
    store = careernet.open_store("memory:", autoload=False, clock=lambda: NOW)
    store.create("bench", "Bench Seeker")
    store.storage.commit(
        "bench", 0, Change(summary="bench", records=[*contacts, *meetings])
    )
    network = store.network("bench")
    options = CalendarOptions()

    exported = network.export_ics(now=NOW, options=options)
    assert exported.count(b"BEGIN:VEVENT") == count
    export_time = median_seconds(lambda: network.export_ics(now=NOW), repeat)
    direct_time = median_seconds(lambda: _direct(contacts, meetings), repeat)

    app = FeedApp(store, clock=lambda: NOW)
    path = f"/feed/{network.feed_token()}.ics"
    etag = _get(app, path, {})
    builds = app.builds
    not_modified = median_seconds(
        lambda: _get(app, path, {"HTTP_IF_NONE_MATCH": etag}), repeat * 20
    )
    assert app.builds == builds, "a 304 must not build the calendar"
    store.close()
    return [
        Figure(
            name=f"export {count:,} calendar events",
            value=export_time,
            floor_name="the same events built with icalendar",
            floor=direct_time,
            goal="<= 1.3",
            goal_ratio=1.3,
        ),
        Figure(
            name="feed answer 304 Not Modified",
            value=not_modified,
            floor_name=f"a full export of {count:,} events",
            floor=export_time,
            goal="<= 0.001",
            goal_ratio=0.001,
        ),
        _re_export(quick=quick),
        _feed_memory(quick=quick),
    ]


def _re_export(*, quick: bool) -> Figure:
    """Exporting again after one meeting moved, with the events kept from
    the last export, against a full export of 1,000 events."""
    count, people, repeat = (200, 40, 3) if quick else (1_000, 200, 7)
    contacts, meetings = _meetings(count, people)
    store = careernet.open_store("memory:", autoload=False, clock=lambda: NOW)
    store.create("bench", "Bench Seeker")
    store.storage.commit(
        "bench", 0, Change(summary="bench", records=[*contacts, *meetings])
    )
    before = store.network("bench").state  # a view of its own, left as it is
    network = store.network("bench")
    moved = meetings[count // 2]
    network.reschedule_meeting(moved.id, moved.scheduled_at + dt.timedelta(hours=1))
    after = network.state
    strategy = network.strategy

    def once(state: object, cache: RenderCache) -> None:
        export(
            state,  # type: ignore[arg-type]
            strategy,
            network_id="bench",
            now=NOW,
            cache=cache,
        )

    full = median_seconds(lambda: once(before, RenderCache()), repeat)
    cache = RenderCache()
    once(before, cache)
    states = [before, after]

    def again() -> None:
        # Each call rebuilds exactly the one meeting that differs.
        states.reverse()
        once(states[0], cache)

    built = cache.built
    changed = median_seconds(again, repeat * 2)
    assert cache.built - built == repeat * 2, "only the moved meeting is built"
    store.close()
    return Figure(
        name=f"re-export after 1 of {count:,} meetings moved",
        value=changed,
        floor_name=f"a full export of {count:,} events",
        floor=full,
        goal="<= 0.1",
        goal_ratio=0.1,
    )


def _feed_memory(*, quick: bool) -> Figure:
    """What the feed holds after serving 200 networks' calendars once each,
    measured with tracemalloc, against the cache size it was given."""
    networks, per_network = (20, 5) if quick else (200, 10)
    limit = (64 if quick else 512) * 1024
    store = careernet.open_store("memory:", autoload=False, clock=lambda: NOW)
    paths = []
    for n in range(networks):
        contacts, meetings = _meetings(per_network, max(1, per_network // 5))
        network_id = f"seeker-{n}"
        store.create(network_id, f"Seeker {n}")
        store.storage.commit(
            network_id, 0, Change(summary="bench", records=[*contacts, *meetings])
        )
        paths.append(f"/feed/{store.network(network_id).feed_token()}.ics")
    # Warm the process (lazily built parsers, zone caches) with another app.
    _get(FeedApp(store, clock=lambda: NOW), paths[0], {})
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        app = FeedApp(
            store, clock=lambda: NOW, max_bytes=limit, max_views=2, lookup_ttl=60
        )
        for path in paths:
            _get(app, path, {})
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert app.cached_bytes <= limit
    store.close()
    return Figure(
        name=f"feed memory after {networks} networks",
        value=held,
        floor_name="the cache size it was given",
        floor=limit,
        goal="<= 1.5",
        goal_ratio=1.5,
        unit="bytes",
    )


def _get(app: FeedApp, path: str, headers: dict[str, str]) -> str:
    status: list[str] = []
    response_headers: dict[str, str] = {}

    def start_response(code: str, pairs: list[tuple[str, str]], *_: object) -> None:
        status.append(code)
        response_headers.update(pairs)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "wsgi.input": io.BytesIO(),
        **headers,
    }
    b"".join(app(environ, start_response))  # type: ignore[arg-type]
    return response_headers["ETag"]
