"""What a channel may say: titles, neutral wording and what is left out.

This is the one place that decides how reminders, digests and calendar
events word each kind of action, and what a discreet strategy keeps off a
channel others may read. A :class:`Wording` is chosen for a privacy level
and a channel (:meth:`Wording.for_channel`); with neutral wording a title
holds a name and the kind of meeting, never a company, and a channel gets no
purpose, outcome, questions, place or planner reason unless the seeker opts
in to descriptions. No neutral wording contains a word of
:data:`SEARCH_WORDS`, nor the product's name: a neutral calendar has a
plain PRODID, UIDs and file name (:attr:`Wording.prodid`,
:attr:`Wording.uid_domain`, :attr:`Wording.file_name`), and a neutral digest
no footer naming careernet (:attr:`Wording.footer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from .actions import ActionKind
from .model import Meeting, MeetingKind, Privacy
from .questions import check_question

__all__ = [
    "DISCREET_CALENDAR_NAME",
    "DISCREET_FILE_NAME",
    "DISCREET_PRODID",
    "DISCREET_UID_DOMAIN",
    "SEARCH_WORDS",
    "Wording",
    "is_neutral",
]

SEARCH_WORDS: Final = frozenset(
    {
        "application",
        "career",
        "cv",
        "hiring",
        "interview",
        "job",
        "opening",
        "position",
        "recruiter",
        "recruiting",
        "resume",
        "search",
        "vacancy",
    }
)
"""Words a neutral wording never contains."""

DISCREET_CALENDAR_NAME: Final = "Appointments"
"""The calendar's name when the strategy is discreet."""

DISCREET_PRODID: Final = "-//Appointments//Calendar//EN"
"""The calendar's PRODID when the strategy is discreet (no product name)."""

DISCREET_UID_DOMAIN: Final = "calendar.invalid"
"""What follows the "@" of event UIDs when the strategy is discreet."""

DISCREET_FILE_NAME: Final = "appointments.ics"
"""The calendar's file name when the strategy is discreet."""

_PRODID: Final = "-//careernet//careernet//EN"
_FOOTER: Final = "Sent by careernet."

_TITLES: Final = {
    ActionKind.THANK: "Thank {name}",
    ActionKind.NUDGE: "Follow up with {name}",
    ActionKind.FOLLOW_UP: "Get in touch with {name}",
    ActionKind.KEEP_IN_TOUCH: "Check in with {name}",
    ActionKind.PREPARE: "Meeting with {name}",
}
"""Titles of follow-up actions, with nothing but the contact's name."""


def is_neutral(privacy: Privacy, *, private: bool = False) -> bool:
    """Whether a channel gets neutral wording: the strategy is discreet and
    the channel is not one only the seeker reads."""
    return privacy is Privacy.DISCREET and not private


@attrs.frozen(kw_only=True)
class Wording:
    """How one channel words things.

    Attributes:
        neutral: Titles leave out companies, and the channel is marked
            private where it can be (a calendar event's ``CLASS:PRIVATE``).
        describe: Whether purposes, outcomes, questions, places and the
            planner's reasons are shown; by default only when not neutral.
    """

    neutral: bool
    describe: bool = attrs.field()

    @describe.default
    def _describe_unless_neutral(self) -> bool:
        return not self.neutral

    @classmethod
    def for_channel(
        cls, privacy: Privacy, *, private: bool = False, describe: bool | None = None
    ) -> Wording:
        """The wording for a strategy's privacy on a channel.

        Args:
            privacy: The strategy's privacy.
            private: Whether only the seeker reads the channel.
            describe: Show details even when neutral (an opt-in), or hide them.
        """
        neutral = is_neutral(privacy, private=private)
        if describe is None:
            return cls(neutral=neutral)
        return cls(neutral=neutral, describe=describe)

    @property
    def shows_company(self) -> bool:
        """Whether titles may name the contact's company."""
        return not self.neutral

    @property
    def marks_private(self) -> bool:
        """Whether the channel's items are marked private."""
        return self.neutral

    def calendar_name(self, seeker_name: str) -> str:
        """The calendar's name."""
        return DISCREET_CALENDAR_NAME if self.neutral else f"careernet: {seeker_name}"

    @property
    def prodid(self) -> str:
        """The calendar's PRODID: the product, unless neutral."""
        return DISCREET_PRODID if self.neutral else _PRODID

    @property
    def uid_domain(self) -> str:
        """What follows the "@" of UIDs: the product, unless neutral."""
        return DISCREET_UID_DOMAIN if self.neutral else "careernet"

    @property
    def file_name(self) -> str:
        """The calendar's file name (as a download or attachment)."""
        return DISCREET_FILE_NAME if self.neutral else "careernet.ics"

    @property
    def footer(self) -> str | None:
        """A digest's closing line; none when neutral."""
        return None if self.neutral else _FOOTER

    @property
    def names_product(self) -> bool:
        """Whether headers and markers may name careernet (mail's
        ``X-Careernet-Digest``); never when neutral."""
        return not self.neutral

    def action_title(self, kind: ActionKind, name: str) -> str:
        """The short title of a follow-up action with ``name``."""
        return _TITLES[kind].format(name=name)

    def headline(self, kind: ActionKind, name: str, reason: str) -> str:
        """A reminder's one line: the planner's reason when details are shown,
        the short title otherwise."""
        return reason if self.describe else self.action_title(kind, name)

    def meeting_title(
        self, kind: MeetingKind, name: str, company: str | None = None
    ) -> str:
        """``"Coffee with Ken"``, with the company when it may be named."""
        title = f"{kind.value.capitalize()} with {name}"
        if company and self.shows_company:
            title += f" ({company})"
        return title

    def prepare_title(self, meeting_title: str) -> str:
        """The title of the day-before reminder to prepare a meeting."""
        return f"Prepare: {meeting_title}"

    def cancelled_title(self, meeting_title: str) -> str:
        """The title of a cancelled meeting."""
        return f"Cancelled: {meeting_title}"

    def meeting_detail(self, meeting: Meeting) -> tuple[str, ...]:
        """Purpose, outcome sought and questions, when details are shown."""
        if not self.describe:
            return ()
        lines = [f"Purpose: {meeting.purpose}"]
        if meeting.outcome_sought:
            lines.append(f"Outcome sought: {meeting.outcome_sought}")
        lines.extend(self.question_lines(meeting.questions))
        return tuple(lines)

    def meeting_reminder_detail(self, meeting: Meeting) -> tuple[str, ...]:
        """A meeting reminder's lines: :meth:`meeting_detail` and the place."""
        place = self.location(meeting)
        where = (f"Where: {place}",) if place else ()
        return self.meeting_detail(meeting) + where

    def location(self, meeting: Meeting) -> str | None:
        """Where the meeting is, when details are shown: a place can give a
        search away."""
        return meeting.location if self.describe else None

    def reason(self, reason: str) -> tuple[str, ...]:
        """The planner's reason as detail lines, when details are shown."""
        return (reason,) if self.describe else ()

    @staticmethod
    def question_lines(questions: Iterable[str]) -> list[str]:
        """One ``"Ask: ..."`` line a question, a flagged one replaced by its
        better form: the flagged wording is never repeated."""
        lines = []
        for question in questions:
            flag = check_question(question)
            lines.append(f"Ask: {question if flag is None else flag.better}")
        return lines
