"""The CalDAV client and the comparison behind :func:`careernet.sync.push`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from careernet.errors import CalendarSyncError, MissingDependencyError

if TYPE_CHECKING:
    import icalendar
    from caldav.davclient import DAVClient

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

ORIGIN = "X-PUSHED-FROM"
"""The property marking an event as written by this sync, for one network."""

DIGEST = "X-PUSHED-DIGEST"
"""The property holding a hash of the event as written (without this property)."""

WRITTEN = "X-PUSHED-WHEN"
"""The property holding the start and status as written (to see moves made there)."""

KEYRING_SERVICE = "careernet-caldav"
"""The keyring service under which a CalDAV password is looked up."""

_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>
  </C:comp-filter></C:filter>
</C:calendar-query>"""


def origin_of(network_id: str) -> str:
    """The origin mark of a network's events: a hash, so its id does not show."""
    text = f"careernet-sync\x00{network_id}".encode()
    return hashlib.sha256(text).hexdigest()[:32]


def _digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()[:40]


@attrs.frozen(kw_only=True)
class Piece:
    """One event of the network's calendar, ready to write.

    Attributes:
        text: The calendar object (time zones and the one event).
        digest: A hash of the event as careernet made it.
        when: Its start (UTC) and status, as :data:`WRITTEN` records them.
    """

    text: bytes
    digest: str
    when: str


def _when(event: icalendar.Component) -> str:
    """An event's start, in UTC for a time, and its status, as one string."""
    start = event.decoded("DTSTART") if "DTSTART" in event else None
    if isinstance(start, dt.datetime) and start.tzinfo is not None:
        start = start.astimezone(dt.UTC)
    shown = start.isoformat() if isinstance(start, dt.date) else ""
    return f"{shown}|{str(event.get('STATUS', 'CONFIRMED')).upper()}"


def split_events(body: bytes, *, origin: str) -> dict[str, Piece]:
    """One calendar object per event of an exported calendar, by UID.

    Each object holds the calendar's time zones and one event, marked with
    ``origin``, the digest of its content and its start and status.
    """
    import icalendar  # noqa: PLC0415 - heavy; the plugin loads with every command

    calendar = icalendar.Calendar.from_ical(body)
    zones = list(calendar.walk("VTIMEZONE"))
    found: dict[str, Piece] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        digest = _digest(event.to_ical())
        when = _when(event)
        event.add(ORIGIN, origin)
        event.add(DIGEST, digest)
        event.add(WRITTEN, when)
        single = icalendar.Calendar()
        single.add("PRODID", calendar.get("PRODID", "-//calendar sync//EN"))
        single.add("VERSION", "2.0")
        for tz in zones:
            single.add_component(tz)
        single.add_component(event)
        found[uid] = Piece(text=single.to_ical(), digest=digest, when=when)
    return found


@attrs.frozen(kw_only=True)
class Conflict:
    """An event this sync would write, changed on the server since it was read.

    Attributes:
        uid: The event's UID.
        reason: What happened, in a sentence.
    """

    uid: str
    reason: str


@attrs.frozen(kw_only=True)
class Moved:
    """One of this sync's events, moved or cancelled in the calendar app.

    Attributes:
        uid: The event's UID.
        start: Its start on the server now (aware), if a time.
        cancelled: Whether it was cancelled there.
    """

    uid: str
    start: dt.datetime | None
    cancelled: bool


@attrs.frozen(kw_only=True)
class OtherEvent:
    """An event on the calendar that this sync did not write, with attendees.

    Attributes:
        uid: Its UID.
        summary: Its title.
        start: When it starts (aware), if a time.
        attendees: The attendees' e-mail addresses, lower case.
    """

    uid: str
    summary: str
    start: dt.datetime | None
    attendees: tuple[str, ...]


@attrs.frozen(kw_only=True)
class SyncReport:
    """What one sync did.

    Attributes:
        created: UIDs of the events created on the server.
        updated: UIDs of the events rewritten.
        deleted: UIDs of the events deleted.
        unchanged: How many of its events were already up to date.
        foreign: How many events on the calendar are not this network's
            (left alone).
        conflicts: Events not written: changed on the server while the
            sync ran, or moved in the calendar app and changed in careernet
            too (careernet does not guess which is right).
        moved: Events moved or cancelled in the calendar app (and not
            changed in careernet since), left as they are on the server.
        others: Events it did not write that have attendees (meetings
            perhaps arranged in the calendar), for
            :func:`careernet.sync.plugin.arranged_elsewhere`.
    """

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: int = 0
    foreign: int = 0
    conflicts: tuple[Conflict, ...] = ()
    moved: tuple[Moved, ...] = ()
    others: tuple[OtherEvent, ...] = ()


@attrs.frozen(kw_only=True)
class Remote:
    """One of this sync's events as the server holds it."""

    href: str
    etag: str
    digest: str | None
    written: str | None
    when: str
    start: dt.datetime | None
    cancelled: bool

    @property
    def changed_there(self) -> bool:
        """Whether its start or status differs from what the sync wrote."""
        return self.written is not None and self.written != self.when


def credentials(
    url: str, environ: Mapping[str, str] | None = None
) -> tuple[str | None, str | None]:
    """The user name and password for ``url``, never from the network.

    The user name is ``$CAREERNET_CALDAV_USERNAME``; the password is
    ``$CAREERNET_CALDAV_PASSWORD``, else the ``keyring`` library's entry
    for the service ``careernet-caldav`` and that user name, if keyring is
    installed.

    Raises:
        CalendarSyncError: The URL holds a password (it would be remembered
            in shell history and process lists).
    """
    env = os.environ if environ is None else environ
    parts = urllib.parse.urlsplit(url)
    if parts.password is not None:
        raise CalendarSyncError(
            "The calendar address holds a password; remove it and set "
            "CAREERNET_CALDAV_PASSWORD (or store it with keyring) instead."
        )
    user = env.get("CAREERNET_CALDAV_USERNAME") or parts.username
    password = env.get("CAREERNET_CALDAV_PASSWORD")
    if password is None and user:
        try:
            import keyring  # type: ignore[import-not-found]  # noqa: PLC0415
        except ImportError:
            return user, None
        try:
            found = keyring.get_password(KEYRING_SERVICE, user)
        except Exception:
            found = None
        password = found if isinstance(found, str) else None
    return user, password


class CalDAVCalendar:
    """One calendar collection on a CalDAV server.

    Args:
        url: The calendar collection's address (``http://`` or
            ``https://``), such as
            ``https://caldav.fastmail.com/dav/calendars/user/me@example.com/Default/``.
        username: The login, if the server wants one.
        password: The password; never printed or stored.
        timeout: Seconds to wait for the server.
    """

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        timeout: int = 30,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CalendarSyncError(
                f"{_shown(url)} is not a calendar address; give one starting "
                "with https:// (or http:// for a server on this machine)."
            )
        self.url = url if url.endswith("/") else url + "/"
        self._username = username
        self._password = password
        self._timeout = timeout
        self._client: DAVClient | None = None

    def __repr__(self) -> str:
        return f"CalDAVCalendar({_shown(self.url)!r})"

    def _dav(self) -> DAVClient:
        if self._client is None:
            try:
                from caldav.davclient import DAVClient  # noqa: PLC0415 - optional and heavy
            except ImportError as error:
                raise MissingDependencyError(
                    "Syncing with a CalDAV calendar", "caldav", extra="caldav"
                ) from error
            self._client = DAVClient(
                url=self.url,
                username=self._username,
                password=self._password,
                timeout=self._timeout,
                enable_rfc6764=False,
                require_tls=False,
                rate_limit_handle=False,
            )
        return self._client

    def close(self) -> None:
        """Close the connection to the server."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def _request(
        self,
        url: str,
        method: str,
        body: str = "",
        headers: dict[str, str] | None = None,
    ) -> Any:
        try:
            return self._dav().request(url, method, body, headers or {})
        except (CalendarSyncError, MissingDependencyError):
            raise
        except Exception as error:
            raise CalendarSyncError(
                f"The calendar server at {_shown(self.url)} could not be reached or "
                f"refused the request ({type(error).__name__}); nothing of the "
                "network was changed. Check the address and login, and sync again."
            ) from error

    def _check(self, response: Any, what: str) -> None:
        status = int(response.status)
        if status in (401, 403):
            raise CalendarSyncError(
                f"The calendar server at {_shown(self.url)} refused the login "
                f"({status}); set CAREERNET_CALDAV_USERNAME and "
                "CAREERNET_CALDAV_PASSWORD (or a keyring entry) and sync again."
            )
        if status >= 400:
            raise CalendarSyncError(
                f"The calendar server at {_shown(self.url)} answered {status} to "
                f"{what}; nothing of the network was changed."
            )

    def listing(
        self, origin: str, others: list[OtherEvent] | None = None
    ) -> tuple[dict[str, Remote], int]:
        """The events marked ``origin`` by UID, and how many others there are."""
        import icalendar  # noqa: PLC0415

        response = self._request(
            self.url,
            "REPORT",
            _QUERY,
            {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        )
        self._check(response, "the listing of its events")
        ours: dict[str, Remote] = {}
        foreign = 0
        tree = response.tree
        if tree is None:
            return ours, 0
        for item in tree.iter("{DAV:}response"):
            href = item.findtext("{DAV:}href") or ""
            etag = item.findtext(".//{DAV:}getetag") or ""
            data = item.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data")
            if not href or not data:
                continue
            try:
                calendar = icalendar.Calendar.from_ical(data)
            except ValueError:
                foreign += 1
                continue
            events = list(calendar.walk("VEVENT"))
            mark = [str(e.get(ORIGIN, "")) for e in events]
            if not events or any(m != origin for m in mark):
                foreign += 1
                if others is not None:
                    others.extend(_other(e) for e in events if "ATTENDEE" in e)
                continue
            event = events[0]
            digest, written = event.get(DIGEST), event.get(WRITTEN)
            start = event.decoded("DTSTART") if "DTSTART" in event else None
            ours[str(event["UID"])] = Remote(
                href=urllib.parse.urljoin(self.url, href),
                etag=etag,
                digest=None if digest is None else str(digest),
                written=None if written is None else str(written),
                when=_when(event),
                start=start
                if isinstance(start, dt.datetime) and start.tzinfo is not None
                else None,
                cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
            )
        return ours, foreign

    def put(self, href: str, body: bytes, headers: dict[str, str]) -> int:
        """Write one event; 412 when a precondition failed."""
        headers = {"Content-Type": "text/calendar; charset=utf-8", **headers}
        response = self._request(href, "PUT", body.decode(), headers)
        if int(response.status) == 412:
            return 412
        self._check(response, "writing an event")
        return int(response.status)

    def delete(self, href: str, etag: str) -> int:
        """Delete one event if unchanged; 404, 410 or 412 when it could not."""
        headers = {"If-Match": etag} if etag else {}
        response = self._request(href, "DELETE", "", headers)
        status = int(response.status)
        if status in (404, 410, 412):
            return status
        self._check(response, "deleting an event")
        return status


def _other(event: icalendar.Component) -> OtherEvent:
    found = event.get("ATTENDEE", [])
    attendees = found if isinstance(found, list) else [found]
    start = event.decoded("DTSTART") if "DTSTART" in event else None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        attendees = []
    return OtherEvent(
        uid=str(event.get("UID", "")),
        summary=str(event.get("SUMMARY", "")),
        start=start
        if isinstance(start, dt.datetime) and start.tzinfo is not None
        else None,
        attendees=tuple(
            str(a).removeprefix("mailto:").removeprefix("MAILTO:").lower()
            for a in attendees
        ),
    )


def _shown(url: str) -> str:
    """The address without any login in it, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _name(uid: str) -> str:
    """A resource name for a UID (UIDs are hashes, but be safe)."""
    return hashlib.sha256(uid.encode()).hexdigest()[:32] + ".ics"


def push(body: bytes, *, network_id: str, calendar: CalDAVCalendar) -> SyncReport:
    """Make the network's events on ``calendar`` match ``body``.

    Args:
        body: The network's calendar, from :func:`careernet.ical.export`.
        network_id: The network's id (its events' origin mark derives from it).
        calendar: Where to write.

    Raises:
        CalendarSyncError: The server could not be reached, refused the
            login, or failed part way; what was written stays written and
            the next sync finishes the rest.
    """
    origin = origin_of(network_id)
    wanted = split_events(body, origin=origin)
    others: list[OtherEvent] = []
    ours, foreign = calendar.listing(origin, others)
    tally = _Tally()
    for uid, piece in wanted.items():
        _write(calendar, uid, piece, ours.get(uid), tally)
    for uid, remote in ours.items():
        if uid in wanted:
            continue
        if calendar.delete(remote.href, remote.etag) == 412:
            tally.conflict(uid, "changed on the server while syncing")
        else:
            tally.deleted.append(uid)
    return SyncReport(
        created=tuple(tally.created),
        updated=tuple(tally.updated),
        deleted=tuple(tally.deleted),
        unchanged=tally.unchanged,
        foreign=foreign,
        conflicts=tuple(tally.conflicts),
        moved=tuple(tally.moved),
        others=tuple(o for o in others if o.attendees),
    )


@attrs.define
class _Tally:
    created: list[str] = attrs.Factory(list)
    updated: list[str] = attrs.Factory(list)
    deleted: list[str] = attrs.Factory(list)
    conflicts: list[Conflict] = attrs.Factory(list)
    moved: list[Moved] = attrs.Factory(list)
    unchanged: int = 0

    def conflict(self, uid: str, reason: str) -> None:
        self.conflicts.append(Conflict(uid=uid, reason=reason))


def _write(
    calendar: CalDAVCalendar,
    uid: str,
    piece: Piece,
    remote: Remote | None,
    tally: _Tally,
) -> None:
    """Create or rewrite one event, or leave it, and say which in ``tally``."""
    if remote is None:
        status = calendar.put(
            calendar.url + _name(uid), piece.text, {"If-None-Match": "*"}
        )
        if status == 412:
            tally.conflict(uid, "an event of that name appeared meanwhile")
        else:
            tally.created.append(uid)
    elif remote.changed_there and remote.when != piece.when:
        if remote.digest == piece.digest:
            tally.moved.append(
                Moved(uid=uid, start=remote.start, cancelled=remote.cancelled)
            )
        else:
            tally.conflict(
                uid,
                "moved in the calendar and changed in careernet; "
                "make the change in one of them",
            )
    elif remote.digest == piece.digest:
        tally.unchanged += 1
    else:
        headers = {"If-Match": remote.etag} if remote.etag else {}
        if calendar.put(remote.href, piece.text, headers) == 412:
            tally.conflict(uid, "changed on the server while syncing")
        else:
            tally.updated.append(uid)
