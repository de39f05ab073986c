"""Keep a calendar on a CalDAV server in step with a network's calendar.

A subscribed calendar (:mod:`careernet.ical.feed`) refreshes when the
client decides, often hours later. :func:`push` writes the events of
:func:`careernet.ical.export` to the seeker's own CalDAV calendar at once:
it creates the events that are new, rewrites those that changed (their
``SEQUENCE`` grows with a meeting's time or status), and deletes those that
left the network's calendar. Every event it writes carries an origin mark
(:data:`ORIGIN`, a hash of the network's id, naming neither careernet nor
the seeker) and a digest of its content (:data:`DIGEST`); it never touches
an event without its own mark, and it writes only with ``If-Match`` /
``If-None-Match`` on the server's ETags, so an event changed on the server
in the meantime is reported as a conflict, not overwritten.

It keeps no state of its own: each run compares the network's calendar with
what the server holds, so a run cut short (a server that goes away) is
simply finished by the next one. :mod:`careernet.sync.plugin` runs it after
each commit when ``CAREERNET_CALDAV_URL`` is set, never failing the commit;
``careernet sync --caldav URL`` runs it on demand.

This package sits above the features (next to :mod:`careernet.plugins`)
because it reads :func:`careernet.ical.export`'s output, and features may
not import each other. The ``caldav`` library (``careernet[caldav]``) is
imported only when a server is contacted.
"""

from __future__ import annotations

from careernet.sync.caldav import (
    DIGEST,
    ORIGIN,
    WRITTEN,
    CalDAVCalendar,
    Conflict,
    Moved,
    OtherEvent,
    Piece,
    SyncReport,
    credentials,
    origin_of,
    push,
    split_events,
)

__all__ = [
    "DIGEST",
    "ORIGIN",
    "WRITTEN",
    "CalDAVCalendar",
    "Conflict",
    "Moved",
    "OtherEvent",
    "Piece",
    "SyncReport",
    "credentials",
    "origin_of",
    "push",
    "split_events",
]
