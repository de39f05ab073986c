"""Strategies: what each scenario means for whom to reach and how.

A :class:`Strategy` says who the targets are, who must be left out, how much
time a week networking gets, which actions come first and how private the
calendar must be. The five builtin strategies live in
:data:`BUILTIN_STRATEGIES`; a :class:`StrategyRegistry` maps scenario names to
strategies, and plugins register more (or replace a builtin) through it.

To write one, subclass :class:`Strategy` and override :meth:`Strategy.matches`
and, if needed, :meth:`Strategy.is_excluded`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from ._validators import normalise
from .actions import ActionKind, Work
from .approaches import NUDGE_AFTER, REST_FOR
from .errors import InvalidValueError, UnknownScenarioError
from .model import Contact, Goal, Privacy, Ring, Scenario
from .vocab import (
    FIELD_SYNONYMS,
    HIRING_ROLES,
    RECRUITING_ROLES,
    FieldVocabulary,
    Vocabulary,
)

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "BUILTIN_STRATEGIES",
    "HIRING_ROLES",
    "CareerChangeStrategy",
    "ConfidentialStrategy",
    "InternalMoveStrategy",
    "JobSearchStrategy",
    "MaintainStrategy",
    "Strategy",
    "StrategyRegistry",
    "default_registry",
]


def _role_matches(role: str | None, roles: Iterable[str]) -> bool:
    return Vocabulary(roles).matches(role)


@attrs.frozen(kw_only=True)
class Strategy:
    """The rules a scenario implies.

    Attributes:
        scenario: The scenario it serves.
        summary: What it does differently, in a sentence.
        weekly_minutes: The weekly time budget for networking.
        approaches_per_week: How many new targets to approach or be
            introduced to in a week.
        priorities: Which action kinds come first (lower is sooner); kinds
            left out are never planned.
        privacy: How much calendars and notifications may reveal.
        keep_warm: Rings whose keep-in-touch cadence the planner watches.
        helps_others: Whether the planner proposes gives for their own sake.
        exclusion_reason: Who :meth:`is_excluded` leaves out, in words.
        nudge_after: Silence before the one nudge.
        rest_for: How long a contact rests after a decline or lasting silence.
        recruiting_roles: Titles of people who recruit.
        hiring_roles: Titles of people who hire (people managers).
        fields: Other names and abbreviations of fields.
        shares: The parts of the week's budget kept for kinds of work; see
            :mod:`careernet.domain.planner`.
        refresh_every: How often the résumé and public profile should be
            brought up to date; ``None`` leaves it to the seeker.
    """

    scenario: str
    summary: str
    weekly_minutes: int
    approaches_per_week: int
    priorities: Mapping[ActionKind, int]
    privacy: Privacy = Privacy.OPEN
    keep_warm: frozenset[Ring] = frozenset({Ring.BUDDY, Ring.STRATEGIC})
    helps_others: bool = False
    exclusion_reason: str = "nobody is excluded"
    nudge_after: dt.timedelta = NUDGE_AFTER
    rest_for: dt.timedelta = REST_FOR
    recruiting_roles: Vocabulary = RECRUITING_ROLES
    hiring_roles: Vocabulary = HIRING_ROLES
    fields: FieldVocabulary = FIELD_SYNONYMS
    shares: Mapping[Work, float] = attrs.field(factory=dict)
    refresh_every: dt.timedelta | None = None

    def is_target(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        """Whether the goal wants the seeker to reach ``contact``.

        People named in the goal always are; otherwise :meth:`matches` decides.
        Excluded contacts never are.
        """
        if self.is_excluded(contact, state, goal):
            return False
        if goal is not None and contact.id in goal.target_contacts:
            return True
        return self.matches(contact, state, goal)

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        """Whether ``contact`` fits the strategy's idea of a target."""
        return False

    def is_excluded(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        """Whether ``contact`` must be kept out: never asked, used or suggested."""
        return False

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        """Companies or fields the goal names, to find a first contact in."""
        return tuple(sorted(goal.target_companies)) if goal else ()

    def in_group(self, contact: Contact, group: str) -> bool:
        """Whether ``contact`` belongs to a group from :meth:`target_groups`."""
        return normalise(contact.company) == normalise(group)

    def group_members(self, state: NetworkView, group: str) -> list[Contact]:
        """The contacts in a group from :meth:`target_groups`."""
        return list(state.at_company(group))

    def approach_reason(self, contact: Contact) -> str:
        """Why to approach a target, for the plan."""
        where = f" at {contact.company}" if contact.company else ""
        return f"{contact.name}{where} is a target for your goal; ask to meet."


@attrs.frozen(kw_only=True)
class JobSearchStrategy(Strategy):
    """Targets recruiters and hiring managers at the goal's companies."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        if goal is None:
            return False
        if goal.target_companies and normalise(contact.company) not in {
            normalise(c) for c in goal.target_companies
        }:
            return False
        if goal.target_roles:
            return _role_matches(contact.role, goal.target_roles)
        return any(
            vocabulary.matches(text)
            for vocabulary in (self.recruiting_roles, self.hiring_roles)
            for text in (contact.role, *contact.tags)
        )

    def approach_reason(self, contact: Contact) -> str:
        where = f" at {contact.company}" if contact.company else ""
        role = contact.role or "a hiring contact"
        return (
            f"{contact.name} ({role}{where}) is close to the hiring you want; "
            "ask for a short meeting with a clear purpose."
        )


@attrs.frozen(kw_only=True)
class ConfidentialStrategy(JobSearchStrategy):
    """A job search that nobody at the current employer may notice."""

    def is_excluded(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        employer = normalise(state.seeker.company)
        return bool(employer) and normalise(contact.company) == employer

    def approach_reason(self, contact: Contact) -> str:
        return (
            f"{contact.name} is a target for your goal; reach out discreetly and "
            "suggest a conversation outside working hours."
        )


@attrs.frozen(kw_only=True)
class CareerChangeStrategy(Strategy):
    """Targets professionals in the fields the seeker is exploring."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        if goal is None:
            return False
        return any(self.in_group(contact, field) for field in goal.target_fields)

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        return tuple(sorted(goal.target_fields)) if goal else ()

    def in_group(self, contact: Contact, group: str) -> bool:
        forms = self.fields.forms(group)
        return any(
            forms.matches(text) for text in (contact.field, contact.role, *contact.tags)
        )

    def group_members(self, state: NetworkView, group: str) -> list[Contact]:
        return [c for c in state.contacts.values() if self.in_group(c, group)]

    def approach_reason(self, contact: Contact) -> str:
        field = contact.field or "their field"
        return (
            f"{contact.name} works in {field}; ask for an informational "
            "conversation about the work, the paths into it and whom to meet next."
        )


@attrs.frozen(kw_only=True)
class InternalMoveStrategy(Strategy):
    """Targets people at the seeker's company outside their management chain."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        employer = normalise(state.seeker.company)
        if not employer or normalise(contact.company) != employer:
            return False
        if contact.id in state.management_chain():
            return False
        if goal is not None and goal.target_roles:
            return _role_matches(contact.role, goal.target_roles)
        return True

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        return ()

    def approach_reason(self, contact: Contact) -> str:
        role = f", {contact.role}" if contact.role else ""
        return (
            f"{contact.name}{role} is outside your management chain; ask for a "
            "coffee to learn about their team's work."
        )


@attrs.frozen(kw_only=True)
class MaintainStrategy(Strategy):
    """No search: keep every ring warm, help others, add exposure."""

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        return ()


_JOB_SEARCH_PRIORITIES = {
    ActionKind.THANK: 0,
    ActionKind.ANSWER: 1,
    ActionKind.PREPARE: 1,
    ActionKind.NUDGE: 2,
    ActionKind.FOLLOW_UP: 3,
    ActionKind.GIVE: 4,
    ActionKind.REQUEST_INTRO: 4,
    ActionKind.APPROACH: 5,
    ActionKind.ASK_INSIDER: 5,
    ActionKind.FIND_CONTACT: 6,
    ActionKind.FAN_CLUB: 6,
    ActionKind.KEEP_IN_TOUCH: 7,
    ActionKind.EXPOSURE: 8,
    ActionKind.DRIFT: 9,
}
_JOB_SEARCH_SHARES = {
    Work.TARGETS: 0.45,
    Work.WARM: 0.2,
    Work.EXPOSURE: 0.15,
    Work.HELP: 0.1,
}

BUILTIN_STRATEGIES: tuple[Strategy, ...] = (
    JobSearchStrategy(
        scenario=Scenario.UNEMPLOYED,
        summary=(
            "Networking is the job: most of the working week, many approaches, "
            "aimed at recruiters and hiring managers at the target companies."
        ),
        weekly_minutes=30 * 60,
        approaches_per_week=15,
        keep_warm=frozenset({Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM}),
        priorities={**_JOB_SEARCH_PRIORITIES, ActionKind.REFRESH: 3},
        shares=_JOB_SEARCH_SHARES,
        refresh_every=dt.timedelta(days=30),
    ),
    ConfidentialStrategy(
        scenario=Scenario.EMPLOYED_CONFIDENTIAL,
        summary=(
            "The same targets, discreetly: nobody at the current employer is "
            "asked, used for an introduction or suggested, and calendar "
            "entries stay neutral and private."
        ),
        weekly_minutes=4 * 60,
        approaches_per_week=3,
        privacy=Privacy.DISCREET,
        priorities={**_JOB_SEARCH_PRIORITIES, ActionKind.KEEP_IN_TOUCH: 4},
        shares={**_JOB_SEARCH_SHARES, Work.WARM: 0.25, Work.EXPOSURE: 0.1},
        exclusion_reason="everyone at your current employer",
    ),
    CareerChangeStrategy(
        scenario=Scenario.CAREER_CHANGE,
        summary=(
            "Informational conversations with professionals in the fields being "
            "explored, chosen by field rather than company, to decide on a path."
        ),
        weekly_minutes=6 * 60,
        approaches_per_week=5,
        priorities={
            ActionKind.THANK: 0,
            ActionKind.ANSWER: 1,
            ActionKind.PREPARE: 1,
            ActionKind.FOLLOW_UP: 2,
            ActionKind.APPROACH: 3,
            ActionKind.REQUEST_INTRO: 3,
            ActionKind.NUDGE: 4,
            ActionKind.GIVE: 5,
            ActionKind.FIND_CONTACT: 5,
            ActionKind.FAN_CLUB: 5,
            ActionKind.KEEP_IN_TOUCH: 6,
            ActionKind.EXPOSURE: 7,
            ActionKind.DRIFT: 9,
        },
        shares={
            Work.TARGETS: 0.45,
            Work.EXPOSURE: 0.2,
            Work.WARM: 0.2,
            Work.HELP: 0.1,
        },
    ),
    InternalMoveStrategy(
        scenario=Scenario.INTERNAL_MOVE,
        summary=(
            "Relationships inside the company but outside the management chain, "
            "built by helping colleagues and meeting them one to one."
        ),
        weekly_minutes=3 * 60,
        approaches_per_week=3,
        helps_others=True,
        priorities={
            ActionKind.THANK: 0,
            ActionKind.ANSWER: 1,
            ActionKind.PREPARE: 1,
            ActionKind.FOLLOW_UP: 2,
            ActionKind.GIVE: 3,
            ActionKind.APPROACH: 4,
            ActionKind.REQUEST_INTRO: 4,
            ActionKind.NUDGE: 5,
            ActionKind.KEEP_IN_TOUCH: 5,
            ActionKind.FAN_CLUB: 6,
            ActionKind.EXPOSURE: 7,
            ActionKind.DRIFT: 9,
        },
        shares={
            Work.TARGETS: 0.35,
            Work.HELP: 0.3,
            Work.WARM: 0.2,
            Work.EXPOSURE: 0.1,
        },
    ),
    MaintainStrategy(
        scenario=Scenario.MAINTAIN,
        summary=(
            "Networking before it is needed: about an hour a week keeping every "
            "ring warm, helping others and adding a little exposure."
        ),
        weekly_minutes=60,
        approaches_per_week=0,
        keep_warm=frozenset({Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM}),
        helps_others=True,
        shares={Work.WARM: 0.25, Work.HELP: 0.25, Work.EXPOSURE: 0.5},
        refresh_every=dt.timedelta(days=91),
        priorities={
            ActionKind.THANK: 0,
            ActionKind.ANSWER: 1,
            ActionKind.PREPARE: 1,
            ActionKind.KEEP_IN_TOUCH: 2,
            ActionKind.GIVE: 3,
            ActionKind.FOLLOW_UP: 4,
            ActionKind.EXPOSURE: 5,
            ActionKind.REFRESH: 6,
            ActionKind.FAN_CLUB: 5,
            ActionKind.NUDGE: 6,
            ActionKind.DRIFT: 7,
        },
    ),
)
"""The five builtin strategies, one per :class:`Scenario`."""


class StrategyRegistry:
    """Strategies by scenario name.

    The host builds one, registers the builtins and hands it to plugins,
    which call :meth:`register`.
    """

    def __init__(self, strategies: Iterable[Strategy] = ()) -> None:
        self._strategies: dict[str, Strategy] = {}
        for strategy in strategies:
            self.register(strategy)

    def register(self, strategy: Strategy, *, replace: bool = False) -> None:
        """Add a strategy; ``replace=True`` lets it take over a scenario."""
        if strategy.scenario in self._strategies and not replace:
            raise InvalidValueError(
                f"A strategy for {strategy.scenario!r} is already registered; "
                "pass replace=True to take it over."
            )
        self._strategies[strategy.scenario] = strategy

    def get(self, scenario: str) -> Strategy:
        """The strategy for ``scenario``.

        Raises:
            UnknownScenarioError: Nothing is registered for it.
        """
        try:
            return self._strategies[scenario]
        except KeyError:
            known = ", ".join(sorted(self._strategies)) or "none"
            raise UnknownScenarioError(
                f"No strategy for the scenario {scenario!r}. Known scenarios: "
                f"{known}. A plugin may provide it; install and enable that plugin."
            ) from None

    def __contains__(self, scenario: object) -> bool:
        return scenario in self._strategies

    def __iter__(self) -> Iterator[Strategy]:
        return iter(self._strategies.values())

    def __len__(self) -> int:
        return len(self._strategies)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenario names registered, sorted."""
        return tuple(sorted(self._strategies))


def default_registry() -> StrategyRegistry:
    """A new registry holding the builtin strategies."""
    return StrategyRegistry(BUILTIN_STRATEGIES)
