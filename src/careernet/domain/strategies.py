"""Strategies: what each scenario means for whom to reach and how.

A :class:`Strategy` says who the targets are, who must be left out, how much
time a week networking gets, which actions come first and how private the
calendar must be. The five builtin strategies live in
:data:`BUILTIN_STRATEGIES`; a :class:`StrategyRegistry` maps scenario names to
strategies, and plugins register more (or replace a builtin) through it.

To write one, subclass :class:`Strategy` and override :meth:`Strategy.matches`
and, if needed, :meth:`Strategy.is_excluded`, :meth:`Strategy.may_introduce`
and :meth:`Strategy.check_goal`.

Companies are compared by :func:`~careernet.domain.orgs.company_key`, so
"Northwind Analytics, Inc." is the seeker's "Northwind Analytics"; the
seeker's ``aliases`` name the employer's other names, the goal's ``aliases``
the target companies' other names.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from .actions import ActionKind, Work
from .approaches import NUDGE_AFTER, REST_FOR
from .errors import InvalidValueError, UnknownScenarioError
from .model import Advice, Contact, Goal, Privacy, Ring, Scenario, Seeker
from .orgs import Organisation, company_key
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
    "GoalFinding",
    "InternalMoveStrategy",
    "JobSearchStrategy",
    "MaintainStrategy",
    "Strategy",
    "StrategyRegistry",
    "default_registry",
    "employer_of",
]


def _role_matches(role: str | None, roles: frozenset[str]) -> bool:
    return _roles(roles).matches(role)


@functools.lru_cache(maxsize=64)
def _roles(roles: frozenset[str]) -> Vocabulary:
    # One vocabulary per goal's roles, remembering its answers across plans.
    return Vocabulary(roles)


@functools.lru_cache(maxsize=256)
def employer_of(seeker: Seeker) -> Organisation:
    """The seeker's employer, with the aliases and unrelated names they gave."""
    return Organisation(
        name=seeker.company, aliases=seeker.aliases, unrelated=seeker.unrelated
    )


def _target_keys(goal: Goal) -> frozenset[str]:
    # A plan asks once per contact with one goal: the goal last asked for
    # is found by identity, without hashing it (it is immutable, and the
    # reference kept here keeps its id from being reused).
    last = _last_goal.entry
    if last is not None and last[0] is goal:
        return last[1]
    keys = _target_keys_of(goal)
    _last_goal.entry = (goal, keys)  # one assignment: safe across threads
    return keys


class _LastGoal:
    __slots__ = ("entry",)

    def __init__(self) -> None:
        self.entry: tuple[Goal, frozenset[str]] | None = None


_last_goal = _LastGoal()


@functools.lru_cache(maxsize=256)
def _target_keys_of(goal: Goal) -> frozenset[str]:
    names = (*goal.target_companies, *goal.aliases)
    return frozenset(k for k in map(company_key, names) if k)


def _is_peer(contact: Contact, state: NetworkView) -> bool:
    """Whether ``contact`` reports to the seeker's own manager."""
    manager = state.seeker.reports_to
    return manager is not None and contact.reports_to == manager


_SET_EMPLOYER = (
    "Set your current employer first: set_seeker(company=...) in Python, or "
    "'careernet init NAME --company ...'."
)


@attrs.frozen(kw_only=True)
class GoalFinding:
    """A fact a goal lacks, found by :meth:`Strategy.check_goal`.

    Attributes:
        code: A stable short name, such as ``"no-employer"``.
        message: What is missing and what to add.
        blocking: Whether the goal would protect or find nobody without it:
            such a goal is refused. Otherwise it is set, and the finding is
            advice on every plan until the fact is added.
    """

    code: str
    message: str
    blocking: bool = False

    def advice(self) -> Advice:
        """The finding as plan advice."""
        return Advice(code=self.code, message=self.message)


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

    def target_candidates(
        self, state: NetworkView, goal: Goal | None
    ) -> Collection[str] | None:
        """The ids of every contact :meth:`is_target` may accept, or ``None``
        (the default) when anyone may be a target.

        A plan asks :meth:`is_target` only of these, so a network of tens of
        thousands of contacts costs what its few candidates cost. The answer
        may hold more than the targets, never fewer: a strategy that
        overrides :meth:`matches` or :meth:`is_target` keeps ``None`` unless
        it can name everyone they may accept.
        """
        return None

    def is_excluded(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        """Whether ``contact`` must be kept out: never asked, used or suggested."""
        return False

    def may_introduce(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        """Whether ``contact`` may be asked to introduce the seeker to anyone.

        By default everyone :meth:`is_excluded` leaves in.
        """
        return not self.is_excluded(contact, state, goal)

    def check_goal(self, seeker: Seeker, goal: Goal | None) -> tuple[GoalFinding, ...]:
        """What ``goal`` lacks for this strategy, given the seeker's details.

        A blocking finding makes setting the goal fail with
        :class:`~careernet.errors.IncompleteGoalError`; the others are advice
        on every plan (:meth:`advice`).
        """
        return ()

    def advice(self, state: NetworkView, goal: Goal | None) -> tuple[Advice, ...]:
        """What every plan tells the seeker until they act on it: the goal's
        findings (:meth:`check_goal`)."""
        return tuple(f.advice() for f in self.check_goal(state.seeker, goal))

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        """Companies or fields the goal names, to find a first contact in."""
        return tuple(sorted(goal.target_companies)) if goal else ()

    def in_group(self, contact: Contact, group: str) -> bool:
        """Whether ``contact`` belongs to a group from :meth:`target_groups`."""
        key = company_key(contact.company)
        return bool(key) and key == company_key(group)

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
        if goal.target_companies and company_key(contact.company) not in (
            _target_keys(goal)
        ):
            return False
        if goal.target_roles:
            return _role_matches(contact.role, goal.target_roles)
        return any(
            vocabulary.matches(text)
            for vocabulary in (self.recruiting_roles, self.hiring_roles)
            for text in (contact.role, *contact.tags)
        )

    def target_candidates(
        self, state: NetworkView, goal: Goal | None
    ) -> Collection[str] | None:
        """The people at the goal's companies and the people it names, when
        the goal names companies; ``None`` otherwise, or when a subclass
        decides targets its own way."""
        cls = type(self)
        if (
            cls.matches is not JobSearchStrategy.matches
            or cls.is_target is not Strategy.is_target
        ):
            return None  # its own idea of a target: anyone may be one
        if goal is None:
            return frozenset()
        if not goal.target_companies:
            return None
        found = set(goal.target_contacts)
        for name in (*goal.target_companies, *goal.aliases):
            if company_key(name):
                found.update(contact.id for contact in state.at_company(name))
        return found

    def check_goal(self, seeker: Seeker, goal: Goal | None) -> tuple[GoalFinding, ...]:
        if goal is None or goal.target_companies or goal.target_roles:
            return ()
        if goal.target_contacts:
            return ()
        return (
            GoalFinding(
                code="no-targets",
                message=(
                    "Your goal names no target company or role, so the plan "
                    "looks for recruiters and hiring managers anywhere. Name "
                    "the companies you want to reach (target_companies, or "
                    "'careernet goal SCENARIO --company ...')."
                ),
            ),
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
        """Everyone at the employer, however spelled, at a name that only
        resembles it (until the seeker says it is someone else), and the
        seeker's management chain and the people reporting to it, whatever
        company they are recorded at."""
        if employer_of(state.seeker).includes_or_resembles(contact.company):
            return True
        chain = state.management_chain()
        return bool(chain) and (contact.id in chain or contact.reports_to in chain)

    def check_goal(self, seeker: Seeker, goal: Goal | None) -> tuple[GoalFinding, ...]:
        findings = super().check_goal(seeker, goal)
        if goal is not None and not employer_of(seeker):
            findings = (
                GoalFinding(
                    code="no-employer",
                    message=(
                        "A confidential search protects nobody until careernet "
                        "knows your current employer: without it, colleagues "
                        f"could be asked or used for introductions. {_SET_EMPLOYER}"
                    ),
                    blocking=True,
                ),
                *findings,
            )
        return findings

    def advice(self, state: NetworkView, goal: Goal | None) -> tuple[Advice, ...]:
        return super().advice(state, goal) + _resembling(
            state,
            "your employer",
            "until then their people are kept out of your plan",
        )

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

    def check_goal(self, seeker: Seeker, goal: Goal | None) -> tuple[GoalFinding, ...]:
        if goal is None or goal.target_fields or goal.target_contacts:
            return ()
        return (
            GoalFinding(
                code="no-fields",
                message=(
                    "A career change needs the fields you are exploring, to "
                    "find people who work in them: add target_fields (or "
                    "'careernet goal career_change --field ...')."
                ),
                blocking=True,
            ),
        )

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
        if not employer_of(state.seeker).includes(contact.company):
            return False
        if not self.may_introduce(contact, state, goal):
            return False
        if goal is not None and goal.target_roles:
            return _role_matches(contact.role, goal.target_roles)
        return True

    def may_introduce(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        """Nobody in the seeker's management chain, and no peer (someone who
        reports to the seeker's manager): the move is not theirs to help with."""
        if contact.id in state.management_chain() or _is_peer(contact, state):
            return False
        return super().may_introduce(contact, state, goal)

    def check_goal(self, seeker: Seeker, goal: Goal | None) -> tuple[GoalFinding, ...]:
        if goal is None:
            return ()
        if not employer_of(seeker):
            return (
                GoalFinding(
                    code="no-employer",
                    message=(
                        "An internal move looks for people inside your company, "
                        f"so it needs to know which company that is. {_SET_EMPLOYER}"
                    ),
                    blocking=True,
                ),
            )
        if seeker.reports_to is None:
            return (
                GoalFinding(
                    code="no-manager",
                    message=(
                        "careernet does not know your manager, so it cannot keep "
                        "your management chain and your peers out of the plan: "
                        "add your manager as a contact and set_seeker("
                        "reports_to=<their id>), and record whom they report to."
                    ),
                ),
            )
        return ()

    def advice(self, state: NetworkView, goal: Goal | None) -> tuple[Advice, ...]:
        return super().advice(state, goal) + _resembling(
            state,
            "part of your company",
            "until then their people are not proposed",
        )

    def target_groups(self, goal: Goal | None) -> tuple[str, ...]:
        return ()

    def approach_reason(self, contact: Contact) -> str:
        role = f", {contact.role}" if contact.role else ""
        return (
            f"{contact.name}{role} is outside your management chain; ask for a "
            "coffee to learn about their team's work."
        )


def _resembling(state: NetworkView, what: str, meanwhile: str) -> tuple[Advice, ...]:
    """One advice per company name that resembles the employer's."""
    employer = employer_of(state.seeker)
    if not employer:
        return ()
    names: dict[str, str] = {}
    for contact in state.contacts.values():
        key = company_key(contact.company)
        if key and key not in names and employer.resembles(contact.company):
            names[key] = contact.company or key
    return tuple(
        Advice(
            code="near-employer",
            message=(
                f"Is {name!r} {what}? Add it as an alias (set_seeker(aliases=...), "
                f"or 'careernet init NAME --alias ...') or confirm it is not "
                f"(set_seeker(unrelated=...), or --unrelated); {meanwhile}."
            ),
        )
        for _, name in sorted(names.items())
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
