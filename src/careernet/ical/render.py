"""Writing events as iCalendar, with the icalendar library."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import icalendar

from careernet.ical.events import CalendarEvent

__all__ = ["PRODID", "clean_text", "render"]

PRODID = "-//careernet//careernet//EN"

# Control characters RFC 5545 does not allow in TEXT values (tab stays).
_CONTROL = dict.fromkeys((*range(0x09), *range(0x0B, 0x20), 0x7F), "\ufffd")


def clean_text(text: str) -> str:
    """Text that is valid in iCalendar: line breaks unified, other control
    characters replaced with U+FFFD."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return unified.translate(_CONTROL)


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


def render(
    events: Iterable[CalendarEvent],
    *,
    network_id: str,
    name: str,
    timezone: str | None,
    refresh: dt.timedelta,
    last_modified: dt.datetime,
    prodid: str = PRODID,
    uid_domain: str = "careernet",
) -> icalendar.Calendar:
    """A VCALENDAR holding ``events``, in the order given.

    Times are written in UTC when ``timezone`` is ``None``, else with the
    zone's TZID and a VTIMEZONE. ``prodid`` and ``uid_domain`` come from the
    wording: a discreet calendar does not name careernet.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: with one, RFC 5545 makes DTSTAMP the export's time, and
    # careernet's DTSTAMP is the record's.
    calendar.add("uid", _calendar_uid(network_id, uid_domain))
    calendar.add("name", _text(name))
    calendar.add("x-wr-calname", _text(name))
    if timezone is not None:
        calendar.add("x-wr-timezone", timezone)
    calendar.add("last-modified", last_modified.astimezone(dt.UTC))
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    utc = timezone is None
    for event in events:
        calendar.add_component(_vevent(event, utc=utc))
    if not utc:
        calendar.add_missing_timezones()
    return calendar


def _calendar_uid(network_id: str, domain: str) -> str:
    digest = hashlib.sha256(f"calendar\x00{network_id}".encode()).hexdigest()
    return f"{digest[:32]}@{domain}"


def _vevent(event: CalendarEvent, *, utc: bool) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp.astimezone(dt.UTC))
    vevent.add("last-modified", event.stamp.astimezone(dt.UTC))
    vevent.add("sequence", event.sequence)
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if utc:
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        vevent.add("transp", "OPAQUE")
    else:
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        vevent.add("transp", "TRANSPARENT")
    vevent.add("summary", _text(event.summary))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.private:
        vevent.add("class", "PRIVATE")
    if event.description:
        vevent.add("description", _text("\n".join(event.description)))
    if event.location:
        vevent.add("location", _text(event.location))
    if event.alarm is not None:
        alarm = icalendar.Alarm()
        alarm.add("uid", event.uid.replace("@", "-alarm@"))
        alarm.add("action", "DISPLAY")
        alarm.add("description", _text(event.summary))
        alarm.add("trigger", -event.alarm)
        vevent.add_component(alarm)
    return vevent
