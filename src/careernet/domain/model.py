"""The records a network is made of.

Every record is an immutable ``attrs`` class; a change is a new value made
with :func:`attrs.evolve`, which runs the validators again. Datetimes are
always timezone-aware. Ids are plain strings chosen by the caller (the facade
uses random UUIDs), so the domain itself needs no randomness.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeAlias

import attrs

from . import _validators as v
from .errors import InvalidValueError

__all__ = [
    "RECORD_KINDS",
    "Advice",
    "Change",
    "Channel",
    "Contact",
    "Delivery",
    "DeliveryStatus",
    "FeedToken",
    "Goal",
    "HelpKind",
    "ImportedValue",
    "Interaction",
    "InteractionKind",
    "LedgerEntry",
    "LedgerKind",
    "MailCursor",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "Preferences",
    "Privacy",
    "Record",
    "Ring",
    "Scenario",
    "Seeker",
    "Transition",
    "kind_name",
]

MEETINGS_FROM: Final = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
"""The earliest start a meeting may have."""
MEETINGS_UNTIL: Final = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)
"""Meetings start before this moment: far enough for any plan, and far from
the end of what a datetime (and so a calendar) can hold."""
LONGEST_MEETING: Final = dt.timedelta(days=14)
"""The longest a meeting (an event, a course) may last."""


def _meeting_start(instance: Any, attribute: Any, value: dt.datetime) -> None:
    """Refuse a start outside the supported range, or a local time that does
    not exist (in a daylight-saving gap).

    A time that happens twice (when clocks go back) is taken as ``fold``
    says: the first occurrence unless ``fold=1``.
    """
    v.aware(instance, attribute, value)
    if not MEETINGS_FROM <= value < MEETINGS_UNTIL:
        raise InvalidValueError(
            f"A meeting on {value:%Y-%m-%d} is outside the supported range; "
            f"schedule it between {MEETINGS_FROM.year} and "
            f"{MEETINGS_UNTIL.year - 1}."
        )
    wall = value.replace(tzinfo=None)
    back = value.astimezone(dt.UTC).astimezone(value.tzinfo).replace(tzinfo=None)
    if back != wall:
        raise InvalidValueError(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {value.tzinfo} (the clocks "
            f"change then); did you mean {back:%H:%M}?"
        )


def _meeting_duration(instance: Any, attribute: Any, value: dt.timedelta) -> None:
    v.positive(instance, attribute, value)
    if value > LONGEST_MEETING:
        raise InvalidValueError(
            f"A meeting lasting {value} is too long; "
            f"at most {LONGEST_MEETING.days} days are supported."
        )


class Ring(enum.Enum):
    """How close a contact is to the seeker, from the centre outwards."""

    BUDDY = "buddy"
    """Knows you well and would recommend you without being asked."""
    STRATEGIC = "strategic"
    """An alliance you cultivate: a mentor, an industry or professional-body contact."""
    LUKEWARM = "lukewarm"
    """Has heard of you, but does not know whether you are any good."""
    COLD = "cold"
    """Has never heard of you."""

    @property
    def depth(self) -> int:
        """0 for ``BUDDY`` up to 3 for ``COLD``."""
        return _DEPTH[self]

    @property
    def inward(self) -> Ring | None:
        """The next ring towards the centre, or ``None`` for ``BUDDY``."""
        return _ORDER[self.depth - 1] if self.depth > 0 else None

    @property
    def outward(self) -> Ring | None:
        """The next ring away from the centre, or ``None`` for ``COLD``."""
        return _ORDER[self.depth + 1] if self.depth < len(_ORDER) - 1 else None

    @property
    def cadence(self) -> dt.timedelta | None:
        """How often to keep in touch with someone in this ring by default.

        ``None`` for ``COLD``: cold contacts are approached, not kept warm.
        """
        return _CADENCE[self]

    def __lt__(self, other: object) -> bool:
        """Inner rings sort first."""
        if not isinstance(other, Ring):
            return NotImplemented
        return self.depth < other.depth


_ORDER = (Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM, Ring.COLD)
_DEPTH = {ring: depth for depth, ring in enumerate(_ORDER)}
_CADENCE: dict[Ring, dt.timedelta | None] = {
    Ring.BUDDY: dt.timedelta(days=45),
    Ring.STRATEGIC: dt.timedelta(days=30),
    Ring.LUKEWARM: dt.timedelta(days=90),
    Ring.COLD: None,
}


class Scenario(enum.StrEnum):
    """The seeker's situation, which picks the networking strategy.

    Scenario values are strings, so a plugin can register a strategy for a
    scenario of its own under any other name.
    """

    UNEMPLOYED = "unemployed"
    """Out of work: networking is the job."""
    EMPLOYED_CONFIDENTIAL = "employed_confidential"
    """Employed and searching without the current employer knowing."""
    CAREER_CHANGE = "career_change"
    """Exploring a move into another field."""
    INTERNAL_MOVE = "internal_move"
    """Moving up or sideways inside the current company."""
    MAINTAIN = "maintain"
    """Not searching: keeping the network warm before it is needed."""


class Privacy(enum.Enum):
    """How much calendar entries and notifications may reveal."""

    OPEN = "open"
    """Names, companies and purposes may appear."""
    DISCREET = "discreet"
    """Neutral wording, private entries, nothing that signals a search."""


class MeetingKind(enum.Enum):
    """How a meeting happens."""

    COFFEE = "coffee"
    LUNCH = "lunch"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"
    """A group occasion (a professional-body meeting, a conference)."""

    @property
    def one_to_one(self) -> bool:
        """Whether the meeting is a conversation between two people."""
        return self is not MeetingKind.EVENT


class MeetingStatus(enum.Enum):
    """Where a meeting stands."""

    SCHEDULED = "scheduled"
    HELD = "held"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    RESCHEDULED = "rescheduled"
    """Moved to a new time; still ahead."""
    CANCELLED = "cancelled"

    @property
    def pending(self) -> bool:
        """Whether the meeting is still ahead."""
        return self in (MeetingStatus.SCHEDULED, MeetingStatus.RESCHEDULED)


class InteractionKind(enum.Enum):
    """Something that happened between the seeker and a contact."""

    OUTREACH = "outreach"
    """The seeker reached out (a message, a request to meet)."""
    REPLY = "reply"
    """The contact answered."""
    NUDGE = "nudge"
    """The seeker followed up once after silence."""
    DECLINE = "decline"
    """The contact said no. Some will, some won't: the plan moves on."""
    INTRODUCED = "introduced"
    """Someone introduced the seeker to the contact."""
    MESSAGE = "message"
    """Any other exchange: a chat, a note, a call."""


class LedgerKind(enum.Enum):
    """The kinds of reciprocity-ledger entry."""

    GIVE = "give"
    """The seeker gave something of value."""
    ASK = "ask"
    """The seeker asked for something."""
    RECEIVED = "received"
    """The seeker received help; a thank-you is owed."""
    THANKS = "thanks"
    """The seeker expressed thanks."""
    REQUEST = "request"
    """The contact asked the seeker for help: the tribe can call on you too."""


class HelpKind(enum.Enum):
    """What was given, asked for or received."""

    INFORMATION = "information"
    INTRODUCTION = "introduction"
    HELP = "help"
    MENTORING = "mentoring"
    RECOMMENDATION = "recommendation"
    ADVICE = "advice"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Seeker:
    """The person at the centre of the network.

    Attributes:
        name: How the seeker is called.
        company: The current employer, if any. The confidential strategy keeps
            everyone here out of the search; the internal-move strategy looks
            for targets here.
        field: The seeker's current field of work.
        reports_to: The contact id of the seeker's manager, which starts the
            seeker's management chain (followed through each contact's
            ``reports_to``).
        aliases: Other names of the employer: spellings, acronyms, a parent
            company or a subsidiary. Contacts at any of them count as at the
            employer (see :mod:`careernet.domain.orgs`).
        unrelated: Organisations whose names resemble the employer's but that
            are someone else, as the seeker confirmed when the plan asked.
            Until then a discreet strategy keeps their people out too.
        stories: A few accomplishments, each a short story that shows what
            the seeker does best and backs what they want next; a meeting's
            brief suggests which to tell.
        resume_refreshed: When the résumé was last brought up to date.
        profile_refreshed: When the public profile was last brought up to
            date.
    """

    name: str = attrs.field(validator=v.nonblank)
    company: str | None = attrs.field(default=None, converter=v.optional_text)
    field: str | None = attrs.field(default=None, converter=v.optional_text)
    reports_to: str | None = attrs.field(default=None, validator=v.optional_record_id)
    aliases: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)
    unrelated: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)
    stories: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    resume_refreshed: dt.datetime | None = attrs.field(
        default=None, validator=v.optional_aware
    )
    profile_refreshed: dt.datetime | None = attrs.field(
        default=None, validator=v.optional_aware
    )


@attrs.frozen(kw_only=True)
class ImportedValue:
    """What an import last wrote into one field of a contact.

    A later import from the same source may replace the value (a job change
    in a newer export) only while the contact still holds it: once the
    seeker edits the field, the import leaves it alone.

    Attributes:
        field: The contact's field: ``"company"`` or ``"role"``.
        source: The import source that wrote it: ``"linkedin"``, ``"vcard"``...
        value: The value it wrote.
    """

    field: str = attrs.field(validator=v.record_id)
    source: str = attrs.field(validator=v.record_id)
    value: str = attrs.field(validator=v.nonblank)


def _imported_values(values: Iterable[ImportedValue]) -> tuple[ImportedValue, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Contact:
    """A person in the seeker's network.

    Attributes:
        id: The contact's id, unique in the network.
        name: The contact's name as the seeker writes it.
        ring: How close the contact is; change it with a move, which keeps
            the history.
        added_at: When the contact entered the network.
        updated_at: When the record last changed; defaults to ``added_at``.
        company: Current employer.
        role: Job title, such as "Recruiter" or "Head of Data".
        field: Field of work, such as "data engineering".
        emails: E-mail addresses, the preferred one first.
        tags: Free labels of the seeker's choosing.
        notes: The seeker's notes.
        how_met: Where or how the seeker met the contact.
        phones: Phone numbers, the preferred one first.
        links: Profile addresses, such as a LinkedIn profile URL.
        sources: Where the record came from: ``"manual"``, ``"linkedin"``,
            ``"vcard"``, ``"csv"``, ``"referral"``; several after a merge.
        introduced_by: The id of the contact who introduced or referred them.
        knows: Ids of contacts this one knows (kept symmetric by the network).
        past_companies: Former employers, used to find introduction paths.
        reports_to: The id of the contact's manager, to record reporting lines.
        tribe: Whether the contact is in the seeker's tribe: people who carry
            the seeker through a career pivot and whom the seeker helps back.
        fan_club: Whether the contact is in the seeker's fan club: people who
            cheer the seeker on.
        cadence_days: Keep-in-touch interval in days, overriding the ring's:
            a whole number from 1 to 3650.
        imported: What imports last wrote into the fields they keep up to
            date (see :class:`ImportedValue`); empty for contacts entered by
            hand.
        archived_at: When the seeker archived the contact, or ``None`` for
            a contact in the network. An archived contact is kept with its
            whole history but is out of every rule: plans, reminders, the
            calendar, the funnel, counts, capacity and introduction paths
            (see :meth:`careernet.Network.archive`).
    """

    id: str = attrs.field(validator=v.record_id)
    name: str = attrs.field(validator=v.nonblank)
    ring: Ring = attrs.field(default=Ring.COLD, validator=v.instance_of(Ring))
    added_at: dt.datetime = attrs.field(validator=v.aware)
    updated_at: dt.datetime = attrs.field(validator=v.aware)
    company: str | None = attrs.field(default=None, converter=v.optional_text)
    role: str | None = attrs.field(default=None, converter=v.optional_text)
    field: str | None = attrs.field(default=None, converter=v.optional_text)
    emails: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)
    notes: str = attrs.field(default="", validator=v.text)
    how_met: str | None = attrs.field(default=None, converter=v.optional_text)
    phones: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    links: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    sources: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)
    introduced_by: str | None = attrs.field(
        default=None, validator=v.optional_record_id
    )
    knows: frozenset[str] = attrs.field(default=frozenset(), converter=v.ids)
    past_companies: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    reports_to: str | None = attrs.field(default=None, validator=v.optional_record_id)
    tribe: bool = attrs.field(default=False, validator=v.flag)
    fan_club: bool = attrs.field(default=False, validator=v.flag)
    cadence_days: int | None = attrs.field(
        default=None, validator=v.optional_whole(1, v.MAX_CADENCE_DAYS)
    )
    imported: tuple[ImportedValue, ...] = attrs.field(
        default=(), converter=_imported_values
    )
    archived_at: dt.datetime | None = attrs.field(
        default=None, validator=v.optional_aware
    )

    @updated_at.default
    def _updated_at_default(self) -> dt.datetime:
        return self.added_at

    @introduced_by.validator
    def _not_self_introduced(self, attribute: object, value: str | None) -> None:
        if value == self.id:
            raise InvalidValueError(
                f"Contact {self.name!r} cannot have introduced themselves; "
                "leave introduced_by empty or name another contact."
            )

    @knows.validator
    def _does_not_know_self(self, attribute: object, value: frozenset[str]) -> None:
        if self.id in value:
            raise InvalidValueError(
                f"Contact {self.name!r} cannot be linked to themselves."
            )

    @reports_to.validator
    def _not_own_manager(self, attribute: object, value: str | None) -> None:
        if value == self.id:
            raise InvalidValueError(
                f"Contact {self.name!r} cannot report to themselves."
            )

    @property
    def cadence(self) -> dt.timedelta | None:
        """The keep-in-touch interval: the contact's own or the ring's."""
        if self.cadence_days is not None:
            return dt.timedelta(days=self.cadence_days)
        return self.ring.cadence

    @property
    def kept(self) -> bool:
        """Whether the contact belongs to the actively kept set.

        Everyone nearer than ``COLD`` is kept, and so are tribe and fan-club
        members wherever they stand. The kept set is what the capacity
        warning counts.
        """
        return self.ring is not Ring.COLD or self.tribe or self.fan_club

    @property
    def archived(self) -> bool:
        """Whether the seeker archived the contact (see ``archived_at``)."""
        return self.archived_at is not None


@attrs.frozen(kw_only=True)
class Meeting:
    """A coffee, lunch, call, video call or event with a contact.

    Attributes:
        id: The meeting's id.
        contact_id: Whom the seeker meets.
        scheduled_at: When it starts, from 1900 up to 2200 (see
            ``MEETINGS_FROM``); a local time that does not exist, in a
            daylight-saving gap, is refused.
        created_at: When it was arranged.
        updated_at: When the record last changed.
        purpose: Why the seeker asked for the meeting.
        kind: How it happens.
        duration: How long it is planned to last (at most 14 days).
        outcome_sought: What the seeker hopes to come away with.
        questions: The questions prepared for it.
        location: Where it happens.
        status: Where it stands.
        sequence: Grows each time the time or status changes (calendar
            clients use it to tell updates apart).
        notes: What the seeker noted about it.
    """

    id: str = attrs.field(validator=v.record_id)
    contact_id: str = attrs.field(validator=v.record_id)
    scheduled_at: dt.datetime = attrs.field(validator=_meeting_start)
    created_at: dt.datetime = attrs.field(validator=v.aware)
    updated_at: dt.datetime = attrs.field(validator=v.aware)
    purpose: str = attrs.field(validator=v.nonblank)
    kind: MeetingKind = attrs.field(
        default=MeetingKind.COFFEE, validator=v.member_of(MeetingKind)
    )
    duration: dt.timedelta = attrs.field(
        default=dt.timedelta(minutes=45),
        validator=[v.positive_duration, _meeting_duration],
    )
    outcome_sought: str = attrs.field(default="", validator=v.text)
    questions: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    location: str | None = attrs.field(default=None, converter=v.optional_text)
    status: MeetingStatus = attrs.field(
        default=MeetingStatus.SCHEDULED, validator=v.member_of(MeetingStatus)
    )
    sequence: int = attrs.field(default=0, validator=v.at_least(0))
    notes: str = attrs.field(default="", validator=v.text)

    @updated_at.default
    def _updated_at_default(self) -> dt.datetime:
        return self.created_at

    @property
    def ends_at(self) -> dt.datetime:
        """When the meeting is planned to end, in the start's time zone.

        Computed from the start's instant, so a meeting across a clock change
        lasts its duration, not its duration plus or minus the change.
        """
        start = self.scheduled_at
        return (start.astimezone(dt.UTC) + self.duration).astimezone(start.tzinfo)


@attrs.frozen(kw_only=True)
class Interaction:
    """One logged exchange with a contact. Any interaction resets keep-in-touch.

    Attributes:
        id: The interaction's id.
        contact_id: With whom.
        kind: What happened.
        at: When.
        note: Free text.
        via: For ``INTRODUCED``, the id of the contact who made the
            introduction.
    """

    id: str = attrs.field(validator=v.record_id)
    contact_id: str = attrs.field(validator=v.record_id)
    kind: InteractionKind = attrs.field(validator=v.member_of(InteractionKind))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware)
    note: str = attrs.field(default="", validator=v.text)
    via: str | None = attrs.field(default=None, validator=v.optional_record_id)


@attrs.frozen(kw_only=True)
class LedgerEntry:
    """One line of the reciprocity ledger.

    Attributes:
        id: The entry's id.
        contact_id: With whom.
        kind: Give, ask, help received or thanks.
        at: When.
        what: What was given, asked, received or thanked for.
        help: The kind of help involved.
    """

    id: str = attrs.field(validator=v.record_id)
    contact_id: str = attrs.field(validator=v.record_id)
    kind: LedgerKind = attrs.field(validator=v.member_of(LedgerKind))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware)
    what: str = attrs.field(validator=v.nonblank)
    help: HelpKind = attrs.field(
        default=HelpKind.OTHER, validator=v.member_of(HelpKind)
    )


@attrs.frozen(kw_only=True)
class Transition:
    """A recorded ring move.

    Attributes:
        id: The transition's id.
        contact_id: Who moved.
        from_ring: Where they were.
        to_ring: Where they are now.
        at: When.
        evidence: Ids of the records that justified an inward move.
        reason: The seeker's stated reason; required for an override.
        override: Whether the funnel's rules were set aside.
    """

    id: str = attrs.field(validator=v.record_id)
    contact_id: str = attrs.field(validator=v.record_id)
    from_ring: Ring = attrs.field(validator=v.member_of(Ring))
    to_ring: Ring = attrs.field(validator=v.member_of(Ring))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=v.id_tuple)
    reason: str | None = attrs.field(default=None, converter=v.optional_text)
    override: bool = attrs.field(default=False, validator=v.flag)

    @property
    def inward(self) -> bool:
        """Whether the move was towards the centre."""
        return self.to_ring.depth < self.from_ring.depth


def _scenario(value: str) -> str:
    try:
        return Scenario(value)
    except ValueError:
        return value


@attrs.frozen(kw_only=True)
class Goal:
    """What networking is for right now.

    Attributes:
        id: The goal's id.
        scenario: The seeker's situation; a :class:`Scenario` or the name of
            a scenario a plugin provides.
        description: The outcome sought, in the seeker's words.
        set_at: When the goal was set.
        target_companies: Organisations to reach.
        target_fields: Fields to explore (for a career change).
        target_roles: Roles to reach; empty means the strategy's default.
        target_contacts: Ids of people the seeker wants to reach.
        aliases: Other names of the target companies (spellings, acronyms,
            subsidiaries); contacts there count as at a target company.
        weekly_minutes: Time budget overriding the strategy's: whole minutes,
            from 1 to 10080 (a week).
        closed_at: When the goal was closed, if it is no longer active.
    """

    id: str = attrs.field(validator=v.record_id)
    scenario: str = attrs.field(converter=_scenario, validator=v.nonblank)
    set_at: dt.datetime = attrs.field(validator=v.aware)
    description: str = attrs.field(default="", validator=v.text)
    target_companies: frozenset[str] = attrs.field(
        default=frozenset(), converter=v.string_set
    )
    target_fields: frozenset[str] = attrs.field(
        default=frozenset(), converter=v.string_set
    )
    target_roles: frozenset[str] = attrs.field(
        default=frozenset(), converter=v.string_set
    )
    target_contacts: frozenset[str] = attrs.field(default=frozenset(), converter=v.ids)
    aliases: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)
    weekly_minutes: int | None = attrs.field(
        default=None, validator=v.optional_whole(1, v.MAX_WEEKLY_MINUTES)
    )
    closed_at: dt.datetime | None = attrs.field(
        default=None, validator=v.optional_aware
    )

    @property
    def active(self) -> bool:
        """Whether the goal is still being pursued."""
        return self.closed_at is None


def _channels(channels: Iterable[Channel]) -> tuple[Channel, ...]:
    given: tuple[object, ...] = tuple(channels)
    wrong = [c for c in given if not isinstance(c, Channel)]
    if wrong:
        raise InvalidValueError(
            f"Each channel must be a Channel, such as Channel(name='email', "
            f"address='me@example.org'); got {wrong[0]!r}."
        )
    found = tuple(c for c in given if isinstance(c, Channel))
    names = [c.name for c in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidValueError(
            f"Channel {', '.join(duplicates)} is listed twice; list each channel once."
        )
    return found


def _optional_time(value: dt.time | None) -> dt.time | None:
    if value is not None and not isinstance(value, dt.time):
        raise InvalidValueError(f"Expected a time of day, got {value!r}.")
    return value


@attrs.frozen(kw_only=True)
class Channel:
    """A way of telling the seeker what is due.

    Attributes:
        name: The notifier that delivers it: ``"log"``, ``"email"``, or a
            plugin's channel name.
        address: Where to deliver, in the notifier's terms (an e-mail
            address, a webhook URL).
        private: Whether only the seeker can read it. On a channel that is not
            private, the confidential scenario keeps the wording neutral.
    """

    name: str = attrs.field(validator=v.record_id)
    address: str | None = attrs.field(default=None, converter=v.optional_text)
    private: bool = attrs.field(default=False, validator=v.flag)


@attrs.frozen(kw_only=True)
class Preferences:
    """How and when the seeker wants to be reminded.

    There is one per network, with the id ``"preferences"``.

    Attributes:
        id: Always ``"preferences"``.
        channels: Where digests go; by default the log only.
        timezone: The seeker's IANA time zone, for quiet hours and digest time;
            an unknown one is refused.
        quiet_start: Local time from which nothing is sent.
        quiet_end: Local time until which nothing is sent.
        digest_time: Local time of day before which no digest is sent.
        updated_at: When the preferences last changed.
    """

    id: str = attrs.field(default="preferences", validator=v.one_of("preferences"))
    channels: tuple[Channel, ...] = attrs.field(
        default=(Channel(name="log"),), converter=_channels
    )
    timezone: str = attrs.field(default="UTC", validator=v.zone_name)
    quiet_start: dt.time | None = attrs.field(default=None, converter=_optional_time)
    quiet_end: dt.time | None = attrs.field(default=None, converter=_optional_time)
    digest_time: dt.time | None = attrs.field(default=None, converter=_optional_time)
    updated_at: dt.datetime | None = attrs.field(
        default=None, validator=v.optional_aware
    )

    @quiet_end.validator
    def _both_or_neither(self, attribute: object, value: dt.time | None) -> None:
        if (self.quiet_start is None) != (value is None):
            raise InvalidValueError(
                "Quiet hours need both a start and an end, such as 21:00 to 07:00."
            )

    def channel(self, name: str) -> Channel | None:
        """The channel called ``name``, if the seeker uses it."""
        return next((c for c in self.channels if c.name == name), None)


class DeliveryStatus(enum.Enum):
    """How delivering a notification on a channel went."""

    SENT = "sent"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class Delivery:
    """The record that a notification went out (or failed to) on a channel.

    Its id is ``"<channel>:<notification key>"``, so there is one per
    notification and channel, and a sent one is never sent again.

    Attributes:
        id: ``"<channel>:<key>"``.
        channel: The channel's name.
        key: The notification's stable key.
        status: Sent or failed.
        at: When it was sent or last tried.
        attempts: How many times it was tried.
        error: What went wrong on the last failed try.
    """

    id: str = attrs.field(validator=v.nonblank)
    channel: str = attrs.field(validator=v.record_id)
    key: str = attrs.field(validator=v.nonblank)
    status: DeliveryStatus = attrs.field(validator=v.member_of(DeliveryStatus))
    at: dt.datetime = attrs.field(converter=v.fixed_offset, validator=v.aware)
    attempts: int = attrs.field(default=1, validator=v.at_least(1))
    error: str | None = attrs.field(default=None, validator=v.optional_string)

    @classmethod
    def id_for(cls, channel: str, key: str) -> str:
        """The id of the delivery of notification ``key`` on ``channel``."""
        return f"{channel}:{key}"


@attrs.frozen(kw_only=True)
class FeedToken:
    """The secret in the address of the network's calendar feed.

    There is one per network, with the id ``"feed"``; a new one replaces it
    (rotation), and the old address stops working.

    Attributes:
        id: Always ``"feed"``.
        secret: The secret part of the feed's address.
        created_at: When it was made.
        lookup: A random value, made and rotated with the secret, that names
            the feed in its address without revealing the network's id.
            ``None`` for tokens made before lookups existed, whose address
            carries the network's id instead.
    """

    id: str = attrs.field(default="feed", validator=v.one_of("feed"))
    secret: str = attrs.field(validator=v.record_id)
    created_at: dt.datetime = attrs.field(validator=v.aware)
    lookup: str | None = attrs.field(default=None, validator=v.optional_record_id)

    @secret.validator
    def _long_enough(self, attribute: object, value: str) -> None:
        if len(value) < 16:
            raise InvalidValueError(
                "A feed secret needs at least 16 characters to be hard to guess."
            )


@attrs.frozen(kw_only=True)
class MailCursor:
    """How far the sync of one mail folder on a server has read.

    The next sync asks the server only for messages after ``last_uid``; when
    the folder's ``uidvalidity`` has changed, the server has renumbered its
    messages and the folder is read again in full (which records nothing
    twice). The id is derived from the account and the folder's name, which
    are not kept themselves.

    Attributes:
        id: ``"imap-"`` and a digest of the account and the folder.
        uidvalidity: The folder's UIDVALIDITY when it was last read.
        last_uid: The highest message UID read (0 for none).
        synced_at: When the folder was last read.
    """

    id: str = attrs.field(validator=v.record_id)
    uidvalidity: int = attrs.field(validator=v.at_least(1))
    last_uid: int = attrs.field(default=0, validator=v.at_least(0))
    synced_at: dt.datetime = attrs.field(validator=v.aware)


Record: TypeAlias = (
    Seeker
    | Contact
    | Meeting
    | Interaction
    | LedgerEntry
    | Transition
    | Goal
    | Preferences
    | Delivery
    | FeedToken
    | MailCursor
)
"""Any record a change can write."""


RECORD_KINDS: Final[Mapping[str, type[Record]]] = {
    "contact": Contact,
    "goal": Goal,
    "meeting": Meeting,
    "interaction": Interaction,
    "entry": LedgerEntry,
    "transition": Transition,
    "preferences": Preferences,
    "delivery": Delivery,
    "feed": FeedToken,
    "mail-cursor": MailCursor,
}
"""Record kinds by the name storage keeps them under (the seeker is kept on
its own, and is never removed)."""

_KIND_NAMES: Final[Mapping[type[Record], str]] = {
    cls: kind for kind, cls in RECORD_KINDS.items()
}


def kind_name(record: Record) -> str:
    """The name a record's kind is stored and removed under (``"contact"``...).

    Raises:
        InvalidValueError: ``record`` is not a careernet record (or is the
            seeker, which has no kind name).
    """
    try:
        return _KIND_NAMES[type(record)]
    except KeyError:
        raise InvalidValueError(
            f"Cannot store {type(record).__name__} objects; a change holds "
            "careernet records only."
        ) from None


def _records(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(records)


def _removals(removed: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The ``(kind, id)`` pairs of a change's removals, checked."""
    given: object = removed
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidValueError(
            "A change's removals are (kind, id) pairs, such as "
            f"[('contact', 'c1')]; got {removed!r}."
        )
    found: list[tuple[str, str]] = []
    for item in given:
        pair: object = item
        if (
            not isinstance(pair, tuple | list)
            or len(pair) != 2
            or not isinstance(pair[0], str)
        ):
            raise InvalidValueError(
                f"Each removal is a (kind, id) pair, such as ('contact', 'c1'); "
                f"got {pair!r}."
            )
        kind, record_id = pair[0], pair[1]
        if kind not in RECORD_KINDS:
            raise InvalidValueError(
                f"Cannot remove records of kind {kind!r}; the kinds are "
                f"{', '.join(sorted(RECORD_KINDS))}."
            )
        if (
            not isinstance(record_id, str)
            or not record_id
            or " " in record_id
            or not record_id.isprintable()
        ):
            raise InvalidValueError(
                f"A removed {kind}'s id must be a non-empty id without spaces or "
                f"control characters; got {record_id!r}."
            )
        key = (kind, record_id)
        if key not in found:
            found.append(key)
    return tuple(found)


def _advice(advice: Iterable[Advice]) -> tuple[Advice, ...]:
    return tuple(advice)


@attrs.frozen(kw_only=True)
class Advice:
    """Something the seeker should know about a command's result.

    Attributes:
        code: A stable short name, such as ``"give-first"`` or ``"capacity"``.
        message: What to know, and what to do.
        contact_id: The contact it concerns, if any.
    """

    code: str
    message: str
    contact_id: str | None = None


@attrs.frozen(kw_only=True)
class Change:
    """What one command writes: the records to store, and advice to show.

    Storage persists the records and removals of one change atomically, in
    one transaction and one version: records are upserted by kind and id,
    removals deleted by kind and id (removing a record that is not there is
    harmless). A change only ever holds the records the command touched,
    never the whole network.

    Attributes:
        summary: What the command did, in a few words.
        records: New or replaced records, in the order to apply them.
        advice: Warnings and suggestions for the seeker.
        removed: Records to delete, as ``(kind, id)`` pairs with the kind
            names of :data:`RECORD_KINDS` (``("contact", "c1")``); a record
            cannot be both written and removed by one change.
    """

    summary: str
    records: tuple[Record, ...] = attrs.field(converter=_records)
    advice: tuple[Advice, ...] = attrs.field(default=(), converter=_advice)
    removed: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_removals)

    @removed.validator
    def _not_written_too(
        self, attribute: object, value: tuple[tuple[str, str], ...]
    ) -> None:
        if not value:
            return
        gone = set(value)
        for record in self.records:
            if isinstance(record, Seeker):
                continue
            key = (kind_name(record), record.id)
            if key in gone:
                raise InvalidValueError(
                    f"A change cannot both write and remove {key[0]} "
                    f"{key[1]!r}; leave one of them out."
                )
