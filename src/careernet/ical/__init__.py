"""Calendars: meetings and follow-ups as iCalendar, and a subscription feed.

:func:`export` writes a network's calendar: meetings as timed events with a
display alarm, follow-ups (thank-yous due, check-ins, preparation, nudges)
as all-day transparent events, which every major client shows; an overdue
follow-up is shown today. UIDs are hashes of record ids and the moments the
records were made; DTSTAMP and LAST-MODIFIED come from the records;
SEQUENCE grows when a meeting's time or status changes; a cancelled meeting
stays, marked, for a grace period. The same network and options on the same
day give byte-identical output.

:class:`careernet.ical.feed.FeedApp` serves it over HTTP to subscribed
calendar clients.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import attrs

from careernet.domain import NetworkState, Strategy
from careernet.domain.wording import Wording
from careernet.domain.zones import zone
from careernet.ical.events import (
    CalendarEvent,
    CalendarOptions,
    EventKind,
    as_of,
    collect,
)
from careernet.ical.render import RenderCache, render

__all__ = [
    "CalendarEvent",
    "CalendarExport",
    "CalendarOptions",
    "EventKind",
    "RenderCache",
    "export",
    "export_state",
]


@attrs.frozen(kw_only=True)
class CalendarExport:
    """A written calendar.

    Attributes:
        body: The iCalendar text, UTF-8, CRLF line ends, folded.
        as_of: The moment it was computed for (its Last-Modified).
        events: How many events it holds.
        etag: A strong HTTP entity tag: a hash of the body, quoted.
        filename: The name to give the file (a download's
            ``Content-Disposition``, an attachment); a discreet calendar's
            does not name careernet.
    """

    body: bytes
    as_of: dt.datetime
    events: int
    filename: str = "careernet.ics"
    etag: str = attrs.field(init=False)

    @etag.default
    def _etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:40] + '"'


def export(
    state: NetworkState,
    strategy: Strategy,
    *,
    network_id: str,
    now: dt.datetime,
    options: CalendarOptions | None = None,
    cache: RenderCache | None = None,
) -> CalendarExport:
    """The network's calendar as of ``now``.

    The calendar is computed as of the start of the seeker's day, or the
    network's latest change if that is later: it changes at most once a day
    unless the network does. :meth:`careernet.Network.export_ics` calls it
    with the network's state, strategy, id and clock.

    Args:
        state: The network.
        strategy: The active goal's strategy (its privacy shapes the events).
        network_id: The network's id, from which the event UIDs derive.
        now: The moment to compute the calendar for (aware).
        options: What the calendar holds.
        cache: Keeps the events written last time, so that writing the
            calendar again builds only the events that changed (the feed
            keeps one per network).
    """
    options = options or CalendarOptions()
    zone_name = options.timezone or state.preferences.timezone
    tz = zone(zone_name)
    moment = as_of(state, now, tz)
    events = collect(
        state,
        strategy,
        network_id=network_id,
        moment=moment,
        zone=tz,
        options=options,
    )
    wording = Wording.for_channel(strategy.privacy)
    name = options.name or wording.calendar_name(state.seeker.name)
    body = render(
        events,
        name=name,
        timezone=None if zone_name == "UTC" else zone_name,
        refresh=options.refresh,
        last_modified=moment,
        prodid=wording.prodid,
        cache=cache,
    )
    return CalendarExport(
        body=body,
        as_of=moment,
        events=len(events),
        filename=wording.file_name,
    )


export_state = export
"""The former name of :func:`export`, kept for existing callers."""
