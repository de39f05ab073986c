"""Reminders: what the seeker should be told about at a moment.

:func:`due_notifications` turns the planner's actions into notifications: a
thank-you owed, a follow-up due, a keep-in-touch check-in overdue, a nudge
after silence, and tomorrow's meeting with its purpose and questions. Each
has a stable ``key`` (the planner action's), so a notification already sent
is recognised, and logging any contact with someone moves their check-in's
key on: the reminder resets.

Every notification carries two wordings: the full one, and a neutral one
with no company, purpose, recruiter or search words, for channels others may
read while the seeker searches confidentially. Both come from
:mod:`careernet.domain.wording`, as the calendar's do.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import attrs

from .actions import Action, ActionKind
from .model import Goal
from .planner import plan
from .wording import SEARCH_WORDS, Wording, is_neutral

if TYPE_CHECKING:
    from .strategies import Strategy
    from .view import NetworkView

__all__ = [
    "MEETING_NOTICE",
    "SEARCH_WORDS",
    "Notification",
    "ReminderKind",
    "due_notifications",
]

MEETING_NOTICE = dt.timedelta(hours=24)
"""How long before a meeting its reminder goes out."""


class ReminderKind(enum.Enum):
    """What a notification reminds of."""

    THANK_YOU = "thank_you"
    MEETING = "meeting"
    NUDGE = "nudge"
    FOLLOW_UP = "follow_up"
    KEEP_IN_TOUCH = "keep_in_touch"


_FROM_ACTION = {
    ActionKind.THANK: ReminderKind.THANK_YOU,
    ActionKind.PREPARE: ReminderKind.MEETING,
    ActionKind.NUDGE: ReminderKind.NUDGE,
    ActionKind.FOLLOW_UP: ReminderKind.FOLLOW_UP,
    ActionKind.KEEP_IN_TOUCH: ReminderKind.KEEP_IN_TOUCH,
}


@attrs.frozen(kw_only=True)
class Notification:
    """One thing to tell the seeker.

    Attributes:
        key: Stable identity: the same reminder has the same key at every
            run, so it is delivered once per channel.
        kind: What it reminds of.
        due: When it became (or becomes) due.
        contact_id: Whom it concerns.
        when: For a meeting, when it starts.
        title: A one-line summary, full wording.
        detail: More lines, full wording (purpose, outcome, questions).
        neutral_title: The summary with nothing that signals a search.
        neutral_detail: The detail with nothing that signals a search.
    """

    key: str
    kind: ReminderKind
    due: dt.datetime
    contact_id: str | None = None
    when: dt.datetime | None = None
    title: str
    detail: tuple[str, ...] = ()
    neutral_title: str
    neutral_detail: tuple[str, ...] = ()

    def wording(self, *, neutral: bool) -> tuple[str, tuple[str, ...]]:
        """The title and detail lines, neutral or full."""
        if neutral:
            return self.neutral_title, self.neutral_detail
        return self.title, self.detail


def due_notifications(
    state: NetworkView,
    strategy: Strategy,
    *,
    now: dt.datetime,
    goal: Goal | None = None,
) -> list[Notification]:
    """What is due at ``now``, oldest first, whatever the weekly budget.

    Thank-yous are reminded as soon as they are owed; meetings
    :data:`MEETING_NOTICE` ahead; follow-ups, check-ins and nudges once due.
    """
    week = plan(state, strategy, now=now, goal=goal, horizon=MEETING_NOTICE)
    found = []
    for action in week.parts():
        kind = _FROM_ACTION.get(action.kind)
        if kind is None:
            continue
        if kind in (ReminderKind.THANK_YOU, ReminderKind.MEETING) or action.due <= now:
            found.append(_notification(state, action, kind))
    return sorted(found, key=lambda n: (n.due, n.key))


def neutral_for(strategy: Strategy) -> bool:
    """Whether the strategy wants neutral wording on channels that are not private."""
    return is_neutral(strategy.privacy)


_FULL = Wording(neutral=False)
_NEUTRAL = Wording(neutral=True)


def _notification(
    state: NetworkView, action: Action, kind: ReminderKind
) -> Notification:
    contact = state.contacts[action.contact_id] if action.contact_id else None
    name = contact.name if contact else "someone"
    when = None
    title = _FULL.headline(action.kind, name, action.reason)
    neutral_title = _NEUTRAL.headline(action.kind, name, action.reason)
    detail: tuple[str, ...] = ()
    neutral_detail: tuple[str, ...] = ()
    if kind is ReminderKind.MEETING and action.record_id is not None:
        meeting = state.meeting(action.record_id)
        company = contact.company if contact else None
        when = meeting.scheduled_at
        title = _FULL.meeting_title(meeting.kind, name, company)
        neutral_title = _NEUTRAL.meeting_title(meeting.kind, name, company)
        detail = _FULL.meeting_reminder_detail(meeting)
        neutral_detail = _NEUTRAL.meeting_reminder_detail(meeting)
    return Notification(
        key=action.key,
        kind=kind,
        due=action.due,
        contact_id=action.contact_id,
        when=when,
        title=title,
        detail=detail,
        neutral_title=neutral_title,
        neutral_detail=neutral_detail,
    )
