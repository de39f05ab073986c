"""The CalDAV sync as a plugin: push each commit's calendar to the server.

Registered through the ``careernet`` entry-point group (``caldav``). It does
nothing unless ``CAREERNET_CALDAV_URL`` names a calendar (and, if set,
``CAREERNET_CALDAV_NETWORK`` the one network to sync). After a commit it
exports the network's calendar and pushes it with
:func:`careernet.sync.push`. It never fails the commit: a server that is
down or refuses is logged (at WARNING, on the ``careernet.sync`` logger,
without the login) and the next commit or ``careernet sync`` finishes the
work, since every sync compares the whole calendar with the server.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Protocol

import attrs

from careernet._markers import hookimpl
from careernet.errors import CareerNetError
from careernet.sync.caldav import (
    CalDAVCalendar,
    Conflict,
    OtherEvent,
    SyncReport,
    credentials,
    push,
)

if TYPE_CHECKING:
    import datetime as dt

    from careernet.domain import NetworkState, Strategy


class SyncNetwork(Protocol):
    """What the sync reads of a network."""

    @property
    def state(self) -> NetworkState:
        """The network's records."""
        ...

    @property
    def strategy(self) -> Strategy:
        """The active goal's strategy (its privacy shapes the events)."""
        ...


class MeetingWriter(SyncNetwork, Protocol):
    """What taking moves made in the calendar needs of a network."""

    @property
    def id(self) -> str:
        """The network's id."""
        ...

    def reschedule_meeting(self, meeting_id: str, when: dt.datetime) -> object:
        """Move a pending meeting."""
        ...

    def cancel_meeting(self, meeting_id: str) -> object:
        """Cancel a pending meeting."""
        ...


@attrs.frozen(kw_only=True)
class Offer:
    """A meeting arranged in the calendar with a contact, not yet in careernet.

    Offered to the seeker to record (never recorded by itself).

    Attributes:
        event: The event on the calendar.
        contact_id: The contact among its attendees.
        contact_name: That contact's name.
    """

    event: OtherEvent
    contact_id: str
    contact_name: str


def arranged_elsewhere(state: NetworkState, report: SyncReport) -> list[Offer]:
    """The calendar's own events whose attendees include a contact's e-mail.

    Events at the time of a meeting careernet already has with that contact
    are left out.
    """
    by_mail = {
        mail.strip().lower(): contact
        for contact in state.contacts.values()
        for mail in contact.emails
    }
    known = {(m.contact_id, m.scheduled_at) for m in state.meetings.values()}
    offers: list[Offer] = []
    for event in report.others:
        for mail in event.attendees:
            contact = by_mail.get(mail)
            if contact is None or (contact.id, event.start) in known:
                continue
            offers.append(
                Offer(event=event, contact_id=contact.id, contact_name=contact.name)
            )
            break
    return offers


class SyncStore(Protocol):
    """What the sync needs of a store (a :class:`careernet.Store` has it)."""

    def now(self) -> dt.datetime:
        """The store's clock."""
        ...

    def network(self, network_id: str) -> SyncNetwork:
        """One network, up to date."""
        ...


__all__ = [
    "MeetingWriter",
    "Offer",
    "SyncNetwork",
    "SyncStore",
    "arranged_elsewhere",
    "careernet_after_commit",
    "sync_network",
    "take_moves",
]

log = logging.getLogger("careernet.sync")


def sync_network(store: SyncStore, network_id: str, url: str) -> SyncReport:
    """Export one network's calendar from ``store`` and push it to ``url``.

    Credentials come from :func:`careernet.sync.credentials`.

    Raises:
        CalendarSyncError: The server could not be reached or refused.
    """
    from careernet.ical import export  # noqa: PLC0415 - icalendar is heavy

    network = store.network(network_id)
    body = export(
        network.state, network.strategy, network_id=network_id, now=store.now()
    ).body
    username, password = credentials(url)
    calendar = CalDAVCalendar(url, username=username, password=password)
    try:
        return push(body, network_id=network_id, calendar=calendar)
    finally:
        calendar.close()


@hookimpl
def careernet_after_commit(network_id: str, store: SyncStore) -> None:
    """Push the network's calendar, if a CalDAV calendar is configured.

    The change itself is not needed: the whole calendar is compared.
    """
    url = os.environ.get("CAREERNET_CALDAV_URL", "").strip()
    if not url:
        return
    only = os.environ.get("CAREERNET_CALDAV_NETWORK", "").strip()
    if only and only != network_id:
        return
    try:
        report = sync_network(store, network_id, url)
    except CareerNetError as error:
        log.warning("Calendar sync postponed: %s", error)
        return
    except Exception as error:
        log.warning("Calendar sync postponed: %s", type(error).__name__)
        return
    for conflict in report.conflicts:
        log.warning("Calendar sync conflict on %s: %s", conflict.uid, conflict.reason)
    if report.moved:
        log.warning(
            "%d meetings were moved or cancelled in the calendar; "
            "run careernet sync to take them",
            len(report.moved),
        )


def take_moves(
    network: MeetingWriter, report: SyncReport
) -> tuple[list[str], list[Conflict]]:
    """Record the meetings moved or cancelled in the calendar app.

    Each goes through the network's own commands
    (:meth:`careernet.Network.reschedule_meeting`,
    :meth:`careernet.Network.cancel_meeting`), so the same rules hold as
    for any caller: a meeting already held, for one, is refused and
    reported. Follow-ups moved in the calendar are not taken.

    Returns:
        The ids of the meetings changed, and the moves refused.
    """
    from careernet.domain.wording import Wording  # noqa: PLC0415
    from careernet.ical.events import uid  # noqa: PLC0415

    domain = Wording.for_channel(network.strategy.privacy).uid_domain
    by_uid = {
        uid(network.id, "meeting", m.id, m.created_at, domain=domain): m
        for m in network.state.meetings.values()
    }
    taken: list[str] = []
    refused: list[Conflict] = []
    for move in report.moved:
        meeting = by_uid.get(move.uid)
        if meeting is None:
            refused.append(Conflict(uid=move.uid, reason="not a meeting; left as is"))
            continue
        try:
            if move.cancelled:
                network.cancel_meeting(meeting.id)
            elif move.start is not None and move.start != meeting.scheduled_at:
                network.reschedule_meeting(meeting.id, move.start)
            else:
                continue
        except CareerNetError as error:
            refused.append(Conflict(uid=move.uid, reason=str(error)))
            continue
        taken.append(meeting.id)
    return taken, refused
