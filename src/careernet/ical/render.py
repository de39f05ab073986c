"""Writing events as iCalendar, with the icalendar library.

Each VEVENT is built by icalendar on its own and kept, as bytes, in a
:class:`RenderCache`: writing the calendar again after one change builds
only the events that changed. The calendar's own properties and its
VTIMEZONE are built by icalendar too, and the pieces joined in order.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Iterable, Sequence

import icalendar

from careernet.ical.events import CalendarEvent

__all__ = ["PRODID", "RenderCache", "clean_text", "one_line", "render"]

PRODID = "-//careernet//careernet//EN"

_REPLACEMENT = "\ufffd"
# Every character some reader takes for a line end: Python's str.splitlines()
# (vdirsyncer, khal, todoman) ends a line at each of these, not only at CRLF.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# What RFC 5545 does not allow in TEXT (tab stays), C1 controls, which some
# readers take for line ends or show as garbage, and lone surrogates, which
# cannot be written as UTF-8.
_UNSAFE = dict.fromkeys(
    (
        *range(0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0xD800, 0xE000),
    ),
    _REPLACEMENT,
)
_SPACES = re.compile(r"[ \t]*\n[ \t\n]*")


def clean_text(text: str) -> str:
    """Text that every reader sees as written: each kind of line break
    (CR, CRLF, U+0085, U+2028, U+2029, vertical tab, form feed, ...) made a
    plain newline, which is written escaped as ``\\n``; other control
    characters, C1 controls and lone surrogates replaced with U+FFFD."""
    return _LINE_BREAKS.sub("\n", text).translate(_UNSAFE)


def one_line(text: str) -> str:
    """:func:`clean_text` for a one-line property (a SUMMARY, a LOCATION, the
    calendar's name): line breaks and the blanks around them become a space."""
    return _SPACES.sub(" ", clean_text(text)).strip()


class _Text(icalendar.vText):
    """TEXT escaped exactly as RFC 5545 says (icalendar reads ``\\N`` in
    the input as a newline, which would garble a path like ``C:\\New``)."""

    def to_ical(self) -> bytes:
        escaped = (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\n", "\\n")
        )
        return escaped.encode("utf-8")


def _text(text: str) -> _Text:
    return _Text(clean_text(text))


def _line(text: str) -> _Text:
    return _Text(one_line(text))


class RenderCache:
    """The VEVENTs of the last calendar written, as bytes, by event.

    :func:`render` takes from it the events that did not change and keeps
    only those of the calendar it wrote, so the cache holds one calendar's
    events at most. Safe to share between threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[tuple[CalendarEvent, str | None], bytes] = {}
        self.built = 0
        """How many VEVENTs were built, not taken from the cache."""

    @property
    def size(self) -> int:
        """About how many bytes the cached events take: their VEVENTs, and as
        much again for the events they are kept by (measured: an event's
        values take about what its VEVENT does)."""
        with self._lock:
            return 2 * sum(len(body) for body in self._events.values())

    def vevents(
        self, events: Sequence[CalendarEvent], timezone: str | None
    ) -> list[bytes]:
        """The VEVENTs of ``events``, built or from the cache, and remember
        these alone."""
        with self._lock:
            known = self._events
        kept: dict[tuple[CalendarEvent, str | None], bytes] = {}
        bodies = []
        built = 0
        for event in events:
            key = (event, timezone)
            body = known.get(key)
            if body is None:
                body = _vevent(event, utc=timezone is None).to_ical()
                built += 1
            kept[key] = body
            bodies.append(body)
        with self._lock:
            self._events = kept
            self.built += built
        return bodies


def render(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    timezone: str | None,
    refresh: dt.timedelta,
    last_modified: dt.datetime,
    prodid: str = PRODID,
    cache: RenderCache | None = None,
) -> bytes:
    """A VCALENDAR holding ``events``, in the order given, as bytes.

    Times are written in UTC when ``timezone`` is ``None``, else with the
    zone's TZID and a VTIMEZONE covering every event. ``prodid`` comes from
    the wording: a discreet calendar does not name careernet. The calendar
    has no UID of its own: vdirsyncer (and so khal and todoman) would copy
    it into every event and take it for each event's identity.
    """
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: with one, RFC 5545 makes DTSTAMP the export's time, and
    # careernet's DTSTAMP is the record's.
    calendar.add("name", _line(name))
    calendar.add("x-wr-calname", _line(name))
    if timezone is not None:
        calendar.add("x-wr-timezone", timezone)
    calendar.add("last-modified", last_modified.astimezone(dt.UTC))
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):  # pragma: no cover - icalendar's own layout
        raise AssertionError("icalendar wrote an unexpected calendar ending")
    parts = [head[: -len(end)]]
    if timezone is not None and events:
        parts.append(_vtimezone(timezone, *_years(events)))
    parts.extend((cache or RenderCache()).vevents(events, timezone))
    parts.append(end)
    return b"".join(parts)


def _years(events: Sequence[CalendarEvent]) -> tuple[int, int]:
    """The first and last years the events touch."""
    years = [
        (event.start.year, event.end.year) for event in events if not event.all_day
    ]
    if not years:
        return (0, 0)
    return min(y for y, _ in years), max(y for _, y in years)


@functools.lru_cache(maxsize=64)
def _vtimezone(name: str, first: int, last: int) -> bytes:
    """The VTIMEZONE of ``name`` for the years from ``first`` to ``last``."""
    if first == 0:
        return b""  # all-day events only: no TZID is used
    timezone = icalendar.Timezone.from_tzid(
        name,
        first_date=dt.date(max(first - 1, 1), 1, 1),
        last_date=dt.date(min(last + 1, 9999), 12, 31),
    )
    body: bytes = timezone.to_ical()
    return body


def _second_of_two(moment: dt.datetime) -> bool:
    """Whether ``moment`` is the second occurrence of a local time that
    happens twice (when the clocks go back)."""
    return bool(moment.fold) and (
        moment.replace(fold=0).utcoffset() != moment.utcoffset()
    )


def _vevent(event: CalendarEvent, *, utc: bool) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp.astimezone(dt.UTC))
    vevent.add("last-modified", event.stamp.astimezone(dt.UTC))
    vevent.add("sequence", event.sequence)
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if utc or _second_of_two(start) or _second_of_two(end):
            # A local time that happens twice means its first occurrence to
            # every reader (RFC 5545): the second is written in UTC.
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        # A cancelled meeting no longer makes the seeker busy.
        vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    else:
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        vevent.add("transp", "TRANSPARENT")
    vevent.add("summary", _line(event.summary))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.private:
        vevent.add("class", "PRIVATE")
    if event.description:
        vevent.add("description", _text("\n".join(event.description)))
    if event.location:
        vevent.add("location", _line(event.location))
    if event.alarm is not None:
        alarm = icalendar.Alarm()
        alarm.add("uid", event.uid.replace("@", "-alarm@"))
        alarm.add("action", "DISPLAY")
        alarm.add("description", _line(event.summary))
        alarm.add("trigger", -event.alarm)
        vevent.add_component(alarm)
    return vevent
