"""What the planner proposes: actions, each with its reason, and the plan."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

import attrs

from .model import Advice

__all__ = [
    "MINUTES",
    "PART_ORDER",
    "WORK",
    "Action",
    "ActionKind",
    "DeferredActions",
    "Plan",
    "Work",
]


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
    ASK_INSIDER = "ask_insider"
    """Ask someone at a target organisation whom to talk to there."""
    ANSWER = "answer"
    """Answer someone who asked you for help: the tribe can call on you too."""
    FAN_CLUB = "fan_club"
    """After a run of declines or silence, call someone who cheers you on."""
    REFRESH = "refresh"
    """Bring the résumé and the public profile up to date."""


class Work(enum.Enum):
    """The kinds of work a week's budget is shared between."""

    COMMITMENTS = "commitments"
    """What is owed: thank-yous, answers to requests, meetings to prepare,
    nudges, follow-ups."""
    TARGETS = "targets"
    """Reaching the goal's people: approaches, introductions, insiders."""
    WARM = "warm"
    """Keeping rings warm: check-ins, warm-ups, the fan club."""
    HELP = "help"
    """Helping others: gives for their own sake."""
    EXPOSURE = "exposure"
    """Growing the network: events, posts, mentoring, lending expertise."""


WORK: dict[ActionKind, Work] = {
    ActionKind.THANK: Work.COMMITMENTS,
    ActionKind.PREPARE: Work.COMMITMENTS,
    ActionKind.NUDGE: Work.COMMITMENTS,
    ActionKind.FOLLOW_UP: Work.COMMITMENTS,
    ActionKind.KEEP_IN_TOUCH: Work.WARM,
    ActionKind.DRIFT: Work.WARM,
    ActionKind.FAN_CLUB: Work.WARM,
    ActionKind.REQUEST_INTRO: Work.TARGETS,
    ActionKind.APPROACH: Work.TARGETS,
    ActionKind.ASK_INSIDER: Work.TARGETS,
    ActionKind.FIND_CONTACT: Work.TARGETS,
    ActionKind.GIVE: Work.HELP,
    ActionKind.ANSWER: Work.COMMITMENTS,
    ActionKind.EXPOSURE: Work.EXPOSURE,
    ActionKind.REFRESH: Work.EXPOSURE,
}
"""Which kind of work each action kind is, for the budget's shares."""

PART_ORDER: tuple[ActionKind, ...] = (
    ActionKind.THANK,
    ActionKind.ANSWER,
    ActionKind.PREPARE,
    ActionKind.FOLLOW_UP,
    ActionKind.NUDGE,
    ActionKind.GIVE,
    ActionKind.KEEP_IN_TOUCH,
    ActionKind.FAN_CLUB,
    ActionKind.ASK_INSIDER,
    ActionKind.REQUEST_INTRO,
    ActionKind.APPROACH,
    ActionKind.FIND_CONTACT,
    ActionKind.EXPOSURE,
    ActionKind.REFRESH,
    ActionKind.DRIFT,
)
"""The order of the parts of one step with one person: thank and answer
first, give before asking, and leave the question of drift to the end."""


MINUTES: dict[ActionKind, int] = {
    ActionKind.THANK: 10,
    ActionKind.PREPARE: 20,
    ActionKind.NUDGE: 5,
    ActionKind.FOLLOW_UP: 15,
    ActionKind.KEEP_IN_TOUCH: 15,
    ActionKind.REQUEST_INTRO: 15,
    ActionKind.APPROACH: 20,
    ActionKind.GIVE: 15,
    ActionKind.FIND_CONTACT: 10,
    ActionKind.EXPOSURE: 60,
    ActionKind.DRIFT: 2,
    ActionKind.ASK_INSIDER: 15,
    ActionKind.ANSWER: 20,
    ActionKind.FAN_CLUB: 20,
    ActionKind.REFRESH: 30,
}
"""About how long each kind of action takes, for sizing the week's plan
(an exposure step carries its own time, from 30 minutes of mentoring to a
two-hour association meeting)."""


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
        after: The key of an action that must be done first; if that one
            does not fit the week, neither does this.
        parts: For a step merged from several things due with one person,
            each part as its own action (with its own kind, key, reason and
            due), in the order to do them; empty for a single action.
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
    parts: tuple[Action, ...] = ()

    @property
    def steps(self) -> tuple[Action, ...]:
        """The parts of a merged step, or the action itself."""
        return self.parts or (self,)

    @property
    def kinds(self) -> tuple[ActionKind, ...]:
        """The kinds of the parts, in order."""
        return tuple(part.kind for part in self.steps)

    @property
    def work(self) -> Work:
        """The kind of work it counts as in the budget (its first kind's)."""
        return WORK[self.kind]


class DeferredActions(Sequence[Action]):
    """The steps a plan deferred, built the first time they are read.

    A week's plan at tens of thousands of contacts may defer thousands of
    steps; most callers only count them. This sequence holds what the
    planner decided (kind, person, due date, minutes) and builds the
    :class:`Action` values, reasons and all, on first access to any of
    them; ``len()`` and truthiness do not build them. Once built it behaves
    as the tuple it holds: it compares equal to a tuple of the same
    actions (and to another such sequence), iterates, indexes and slices
    (a slice is a tuple), hashes, adds to tuples and pickles as that tuple.

    Everything it builds from was fixed when the plan was made, so a
    network changed after the plan does not change its deferred steps.
    """

    __slots__ = ("_build", "_built", "_items")

    def __init__(self, items: Sequence[Any], build: Callable[[Any], Action]) -> None:
        self._items: Sequence[Any] | None = items
        self._build: Callable[[Any], Action] | None = build
        self._built: tuple[Action, ...] | None = None

    @property
    def actions(self) -> tuple[Action, ...]:
        """The deferred actions as a tuple (built now if they were not yet)."""
        built = self._built
        if built is None:
            items, build = self._items, self._build
            assert items is not None
            assert build is not None
            built = self._built = tuple(map(build, items))
            self._items = self._build = None
        return built

    def __len__(self) -> int:
        items = self._items
        return len(items) if items is not None else len(self.actions)

    @overload
    def __getitem__(self, index: int) -> Action: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Action, ...]: ...
    def __getitem__(self, index: int | slice) -> Action | tuple[Action, ...]:
        return self.actions[index]

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def __reversed__(self) -> Iterator[Action]:
        return reversed(self.actions)

    def __contains__(self, value: object) -> bool:
        return value in self.actions

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredActions):
            return self is other or self.actions == other.actions
        if isinstance(other, tuple):
            return self.actions == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.actions)

    def __add__(self, other: tuple[Action, ...]) -> tuple[Action, ...]:
        if isinstance(other, (tuple, DeferredActions)):
            return self.actions + tuple(other)
        return NotImplemented

    def __radd__(self, other: tuple[Action, ...]) -> tuple[Action, ...]:
        if isinstance(other, tuple):
            return other + self.actions
        return NotImplemented

    def __reduce__(self) -> tuple[type[tuple[Action, ...]], tuple[tuple[Action, ...]]]:
        return (tuple, (self.actions,))

    def __repr__(self) -> str:
        return repr(self.actions)


def _deferred(actions: Iterable[Action]) -> tuple[Action, ...] | DeferredActions:
    """A plan's deferred steps: kept as given when lazy or a tuple."""
    if isinstance(actions, (DeferredActions, tuple)):
        return actions
    return tuple(actions)


@attrs.frozen(kw_only=True)
class Plan:
    """The week's plan for a goal.

    Attributes:
        now: The moment it was made for.
        scenario: The scenario of the strategy used.
        budget_minutes: The week's time budget.
        committed_minutes: Time already taken by meetings this week.
        actions: What to do, in order, within the budget.
        deferred: What did not fit this week, in the same order. The
            planner gives a :class:`DeferredActions`, built on first access
            and equal to the tuple of the same actions; any other iterable
            given here is kept as a tuple.
        advice: Warnings about the network as a whole (capacity, cadences
            that cannot fit the budget, a week left mostly unplanned).
        shares: The minutes kept for each kind of work this week.
    """

    now: dt.datetime
    scenario: str
    budget_minutes: int
    committed_minutes: int
    actions: tuple[Action, ...]
    deferred: tuple[Action, ...] | DeferredActions = attrs.field(
        default=(), converter=_deferred
    )
    advice: tuple[Advice, ...] = ()
    shares: dict[Work, int] = attrs.field(factory=dict)

    @property
    def planned_minutes(self) -> int:
        """Time the planned actions take."""
        return sum(action.minutes for action in self.actions)

    def for_contact(self, contact_id: str) -> tuple[Action, ...]:
        """The planned actions concerning one contact (in any of their parts)."""
        return tuple(
            a
            for a in self.actions
            if any(contact_id in (p.contact_id, p.via_id) for p in a.steps)
        )

    def parts(self, *, deferred: bool = True) -> tuple[Action, ...]:
        """Every part of every step, planned (and deferred) ones, in order.

        Reminders and calendars read these: each part keeps its own kind,
        key and due date.
        """
        steps = (*self.actions, *(self.deferred if deferred else ()))
        return tuple(part for step in steps for part in step.steps)
