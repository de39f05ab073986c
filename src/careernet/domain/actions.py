"""What the planner proposes: actions, each with its reason, and the plan."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from .model import Advice

__all__ = ["MINUTES", "Action", "ActionKind", "Plan"]


class ActionKind(enum.Enum):
    """The planner's vocabulary of next actions."""

    THANK = "thank"
    """Say thank you for a meeting or for help received."""
    PREPARE = "prepare"
    """Prepare an upcoming meeting: its purpose, outcome and questions."""
    NUDGE = "nudge"
    """Follow up once on an approach that met silence."""
    FOLLOW_UP = "follow_up"
    """Reach a referral, or report back after a meeting."""
    KEEP_IN_TOUCH = "keep_in_touch"
    """Check in with someone whose ring cadence has run out."""
    REQUEST_INTRO = "request_intro"
    """Ask someone nearer the centre to introduce you to a target."""
    APPROACH = "approach"
    """Reach out to a target directly with a clear purpose."""
    GIVE = "give"
    """Offer something of value: before asking, or simply to help."""
    FIND_CONTACT = "find_contact"
    """Find a first contact at a target company or in a target field."""
    EXPOSURE = "exposure"
    """Grow the network: a professional meeting, an article, a new face."""
    DRIFT = "drift"
    """Consider letting a neglected contact move one ring outward."""


MINUTES: dict[ActionKind, int] = {
    ActionKind.THANK: 10,
    ActionKind.PREPARE: 20,
    ActionKind.NUDGE: 5,
    ActionKind.FOLLOW_UP: 15,
    ActionKind.KEEP_IN_TOUCH: 20,
    ActionKind.REQUEST_INTRO: 15,
    ActionKind.APPROACH: 20,
    ActionKind.GIVE: 20,
    ActionKind.FIND_CONTACT: 10,
    ActionKind.EXPOSURE: 60,
    ActionKind.DRIFT: 2,
}
"""About how long each kind of action takes, for sizing the week's plan."""


@attrs.frozen(kw_only=True)
class Action:
    """One next action, with its reason.

    Attributes:
        kind: What to do.
        key: A stable identity: the same action planned at another moment has
            the same key, so reminders can be deduplicated.
        reason: Why, in a sentence for the seeker.
        due: When it is due (in the past when overdue).
        priority: Lower comes first; set by the strategy per kind.
        minutes: About how long it takes.
        contact_id: Whom it concerns, if anyone.
        via_id: For an introduction, who would make it.
        record_id: The meeting or entry it stems from, if any.
        after: The key of an action that must be done first (the give before
            an ask); if that one does not fit the week, neither does this.
    """

    kind: ActionKind
    key: str
    reason: str
    due: dt.datetime
    priority: int
    minutes: int
    contact_id: str | None = None
    via_id: str | None = None
    record_id: str | None = None
    after: str | None = None


@attrs.frozen(kw_only=True)
class Plan:
    """The week's plan for a goal.

    Attributes:
        now: The moment it was made for.
        scenario: The scenario of the strategy used.
        budget_minutes: The week's time budget.
        committed_minutes: Time already taken by meetings this week.
        actions: What to do, in order, within the budget.
        deferred: What did not fit this week, in the same order.
        advice: Warnings about the network as a whole (such as capacity).
    """

    now: dt.datetime
    scenario: str
    budget_minutes: int
    committed_minutes: int
    actions: tuple[Action, ...]
    deferred: tuple[Action, ...] = ()
    advice: tuple[Advice, ...] = ()

    @property
    def planned_minutes(self) -> int:
        """Time the planned actions take."""
        return sum(action.minutes for action in self.actions)

    def for_contact(self, contact_id: str) -> tuple[Action, ...]:
        """The planned actions concerning one contact."""
        return tuple(a for a in self.actions if contact_id in (a.contact_id, a.via_id))
