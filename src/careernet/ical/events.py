"""Which calendar events a network has, before any iCalendar is written.

:func:`collect` turns meetings and follow-ups into :class:`CalendarEvent`
values. The calendar is computed *as of* a moment (:func:`as_of`): the start
of the seeker's day, or the network's latest change if that is later. So the
same network on the same day always gives the same events, and a feed can
tell that nothing changed without building anything.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import attrs

from careernet.domain import (
    Action,
    ActionKind,
    Contact,
    Goal,
    Meeting,
    MeetingStatus,
    NetworkState,
    Ring,
    Strategy,
    plan,
)
from careernet.domain.briefing import brief, calendar_lines
from careernet.domain.funnel import attended_since
from careernet.domain.wording import Wording

__all__ = [
    "CalendarEvent",
    "CalendarOptions",
    "EventKind",
    "as_of",
    "collect",
    "moment_for",
    "uid",
]


class EventKind(enum.Enum):
    """The kinds of calendar event careernet writes."""

    MEETING = "meeting"
    """A coffee, lunch, call, video call or event, at its time."""
    PREPARE = "prepare"
    """All day, the day before a meeting: prepare it."""
    THANK_YOU = "thank_you"
    """All day: a thank-you is due after a meeting or help."""
    FOLLOW_UP = "follow_up"
    """All day: reach a referral, or report back after a meeting."""
    KEEP_IN_TOUCH = "keep_in_touch"
    """All day: a check-in falls due at the ring's cadence."""
    NUDGE = "nudge"
    """All day: one nudge after silence."""


_FROM_ACTION = {
    ActionKind.PREPARE: EventKind.PREPARE,
    ActionKind.THANK: EventKind.THANK_YOU,
    ActionKind.FOLLOW_UP: EventKind.FOLLOW_UP,
    ActionKind.KEEP_IN_TOUCH: EventKind.KEEP_IN_TOUCH,
    ActionKind.NUDGE: EventKind.NUDGE,
}


@attrs.frozen(kw_only=True)
class CalendarOptions:
    """What goes into a calendar, and how.

    Attributes:
        name: The calendar's name; by default "careernet: <seeker>", or
            "Appointments" when the strategy is discreet.
        timezone: An IANA zone for event times (with its VTIMEZONE); by
            default the seeker's notification time zone, and UTC if that is
            UTC too.
        kinds: The kinds of event to include; all by default.
        rings: Only events with contacts in these rings; all by default.
        include_tags: Only events with contacts carrying one of these tags.
        exclude_tags: No events with contacts carrying any of these tags.
        describe: Whether events carry a description and location. By
            default yes, and no when the strategy is discreet (opt in here).
        horizon: How far ahead follow-ups (check-ins) are shown.
        past: How long after they end meetings stay in the calendar.
        alarm_before: When the display alarm before a meeting goes off.
        cancelled_grace: How long a cancelled meeting stays, marked cancelled.
        refresh: How often clients should fetch the feed again.
    """

    name: str | None = None
    timezone: str | None = None
    kinds: frozenset[EventKind] = frozenset(EventKind)
    rings: frozenset[Ring] = frozenset(Ring)
    include_tags: frozenset[str] = frozenset()
    exclude_tags: frozenset[str] = frozenset()
    describe: bool | None = None
    horizon: dt.timedelta = dt.timedelta(days=60)
    past: dt.timedelta = dt.timedelta(days=30)
    alarm_before: dt.timedelta = dt.timedelta(minutes=30)
    cancelled_grace: dt.timedelta = dt.timedelta(days=14)
    refresh: dt.timedelta = dt.timedelta(hours=1)

    def key(self) -> str:
        """A short fingerprint of the options, for caches and ETags."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


@attrs.frozen(kw_only=True)
class CalendarEvent:
    """One event, ready to be written as a VEVENT.

    Attributes:
        uid: Stable, derived from record ids, with no personal data.
        kind: What it is.
        summary: The title.
        start: A datetime (timed) or a date (all day).
        end: The end, of the same type.
        stamp: DTSTAMP and LAST-MODIFIED: when its record last changed.
        sequence: Grows whenever its time or status changes.
        cancelled: Whether it is a cancelled meeting.
        description: Detail lines, if described.
        location: Where, if described.
        private: Whether to mark it CLASS:PRIVATE.
        alarm: For meetings, how long before the display alarm goes off.
    """

    uid: str
    kind: EventKind
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    stamp: dt.datetime
    sequence: int = 0
    cancelled: bool = False
    description: tuple[str, ...] = ()
    location: str | None = None
    private: bool = False
    alarm: dt.timedelta | None = None

    @property
    def all_day(self) -> bool:
        """Whether it is a date, not a time."""
        return not isinstance(self.start, dt.datetime)


def uid(
    network_id: str,
    kind: str,
    record_id: str,
    born: dt.datetime,
    *,
    domain: str = "careernet",
) -> str:
    """A stable UID: a hash, so no personal data shows.

    It mixes the network's id, the kind of event, the record's id and the
    moment the record behind the event was made (``born``: a meeting's
    ``created_at``, a contact's ``added_at``, to the microsecond). Two
    networks called ``default`` on two machines, or an application that
    numbers its records 1, 2, 3, still give their events different UIDs, so
    a client subscribed to both never merges them. ``domain`` follows the
    "@": the wording's (a discreet calendar's does not name careernet).
    """
    stamp = born.astimezone(dt.UTC).isoformat()
    text = f"{network_id}\x00{kind}\x00{record_id}\x00{stamp}"
    return f"{hashlib.sha256(text.encode()).hexdigest()[:32]}@{domain}"


def as_of(state: NetworkState, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The moment a calendar is computed for: the day's start or the last change."""
    return moment_for(state.last_changed, now, zone)


def moment_for(
    changed: dt.datetime | None, now: dt.datetime, zone: ZoneInfo
) -> dt.datetime:
    """:func:`as_of` for a network last changed at ``changed``."""
    local = now.astimezone(zone)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if changed is not None and day_start < changed <= now:
        return changed
    return day_start.astimezone(dt.UTC)


def collect(
    state: NetworkState,
    strategy: Strategy,
    *,
    network_id: str,
    moment: dt.datetime,
    zone: ZoneInfo,
    options: CalendarOptions,
) -> list[CalendarEvent]:
    """The events of a calendar computed as of ``moment``, in order."""
    builder = _Builder(
        state=state,
        strategy=strategy,
        goal=state.active_goal,
        network_id=network_id,
        moment=moment,
        zone=zone,
        options=options,
        wording=Wording.for_channel(strategy.privacy, describe=options.describe),
    )
    events = [*builder.meetings(), *builder.follow_ups()]
    return sorted(events, key=_order)


def _order(event: CalendarEvent) -> tuple[dt.date, str, str]:
    start = event.start
    day = start.astimezone(dt.UTC).date() if isinstance(start, dt.datetime) else start
    when = (
        start.astimezone(dt.UTC).isoformat() if isinstance(start, dt.datetime) else ""
    )
    return day, when, event.uid


@attrs.define(kw_only=True)
class _Builder:
    state: NetworkState
    strategy: Strategy
    goal: Goal | None
    network_id: str
    moment: dt.datetime
    zone: ZoneInfo
    options: CalendarOptions
    wording: Wording
    _shown: dict[str, bool] = attrs.Factory(dict)

    def shown(self, contact: Contact) -> bool:
        """Whether events with ``contact`` belong in this calendar."""
        known = self._shown.get(contact.id)
        if known is None:
            options = self.options
            known = (
                contact.ring in options.rings
                and not (
                    options.include_tags and not contact.tags & options.include_tags
                )
                and not contact.tags & options.exclude_tags
                and not self.strategy.is_excluded(contact, self.state, self.goal)
            )
            self._shown[contact.id] = known
        return known

    def meeting_title(self, meeting: Meeting, contact: Contact) -> str:
        return self.wording.meeting_title(meeting.kind, contact.name, contact.company)

    def meetings(self) -> Iterator[CalendarEvent]:
        if EventKind.MEETING not in self.options.kinds:
            return
        grace, past = self.options.cancelled_grace, self.options.past
        for meeting in self.state.meetings.values():
            contact = self.state.contacts[meeting.contact_id]
            if not self.shown(contact):
                continue
            cancelled = meeting.status in (
                MeetingStatus.CANCELLED,
                MeetingStatus.DECLINED,
            )
            if cancelled and self.moment >= meeting.updated_at + grace:
                continue
            if not cancelled and self.moment >= meeting.ends_at + past:
                continue
            title = self.meeting_title(meeting, contact)
            wording = self.wording
            yield CalendarEvent(
                uid=uid(
                    self.network_id,
                    "meeting",
                    meeting.id,
                    meeting.created_at,
                    domain=wording.uid_domain,
                ),
                kind=EventKind.MEETING,
                summary=wording.cancelled_title(title) if cancelled else title,
                start=meeting.scheduled_at.astimezone(self.zone),
                end=meeting.ends_at.astimezone(self.zone),
                stamp=meeting.updated_at,
                sequence=meeting.sequence,
                cancelled=cancelled,
                description=wording.meeting_detail(meeting),
                location=wording.location(meeting),
                private=wording.marks_private,
                alarm=None if cancelled else self.options.alarm_before,
            )

    def follow_ups(self) -> Iterator[CalendarEvent]:
        wanted = {k for k, e in _FROM_ACTION.items() if e in self.options.kinds}
        if not wanted:
            return
        # Follow-ups are whole days: plan as of the day's end, so what falls
        # due later today (a nudge) is shown today.
        local = self.moment.astimezone(self.zone)
        day_end = (local + dt.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        ) - dt.timedelta(microseconds=1)
        week = plan(
            self.state,
            self.strategy,
            now=day_end,
            goal=self.goal,
            horizon=self.options.horizon,
        )
        for action in week.parts():
            if action.kind in wanted and action.contact_id is not None:
                event = self.follow_up(action, self.state.contacts[action.contact_id])
                if event is not None:
                    yield event

    def follow_up(self, action: Action, contact: Contact) -> CalendarEvent | None:
        if not self.shown(contact):
            return None
        kind = _FROM_ACTION[action.kind]
        sequence, record_key, born = 0, action.key, contact.added_at
        meeting = (
            self.state.meetings.get(action.record_id) if action.record_id else None
        )
        if kind is EventKind.PREPARE and meeting is not None:
            due = meeting.scheduled_at.astimezone(self.zone).date() - dt.timedelta(1)
            stamp, sequence = meeting.updated_at, meeting.sequence
            record_key, born = f"prepare:{meeting.id}", meeting.created_at
            title = self.wording.prepare_title(self.meeting_title(meeting, contact))
            detail = calendar_lines(
                brief(self.state, self.strategy, meeting.id, goal=self.goal),
                describe=self.wording.describe,
                neutral=self.wording.neutral,
            )
        else:
            due = action.due.astimezone(self.zone).date()
            stamp = self.stamp(kind, action, contact)
            title = self.wording.action_title(action.kind, contact.name)
            detail = self.wording.reason(self.reason(kind, action, contact, due))
        # What is overdue moves to today, where a phone's today and agenda
        # views show it; each day it moves, its SEQUENCE grows.
        day = max(due, self.today)
        sequence += (day - due).days
        return CalendarEvent(
            uid=uid(
                self.network_id,
                kind.value,
                record_key,
                born,
                domain=self.wording.uid_domain,
            ),
            kind=kind,
            summary=title,
            start=day,
            end=day + dt.timedelta(days=1),
            stamp=stamp,
            sequence=sequence,
            description=detail,
            private=self.wording.marks_private,
        )

    @property
    def today(self) -> dt.date:
        """The seeker's day the calendar is computed for."""
        return self.moment.astimezone(self.zone).date()

    def reason(
        self, kind: EventKind, action: Action, contact: Contact, due: dt.date
    ) -> str:
        """The planner's reason, worded for the event's own day where it counts
        days (the planner words it for the moment it plans at)."""
        if kind is not EventKind.KEEP_IN_TOUCH:
            return action.reason
        since = attended_since(self.state, contact.id).astimezone(self.zone).date()
        day = max(due, self.today)
        days = (day - since).days
        ago = "1 day" if days == 1 else f"{days} days"
        return (
            f"Check in with {contact.name} ({contact.ring.name.lower()}): by this "
            f"day it is {ago} since you were last in touch, on {since:%d %b %Y}."
        )

    def stamp(self, kind: EventKind, action: Action, contact: Contact) -> dt.datetime:
        """When the record behind a follow-up last changed."""
        state = self.state
        if action.record_id is not None:
            meeting = state.meetings.get(action.record_id)
            if meeting is not None:
                return meeting.updated_at
            entry = state.entries.get(action.record_id)
            if entry is not None:
                return entry.at
        if kind is EventKind.KEEP_IN_TOUCH:
            return attended_since(state, contact.id)
        if kind is EventKind.NUDGE:
            return state.last_touch(contact.id) or contact.updated_at
        return contact.updated_at
