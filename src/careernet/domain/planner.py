"""The planner: for a moment and a goal, what to do next and why.

:func:`plan` looks at every contact the strategy does not exclude and
gathers what is due within the plan's horizon (a week by default): thank-yous
owed, requests to answer, meetings to prepare, nudges (dated the day they
fall due, even mid-week), follow-ups, keep-in-touch check-ins, introductions
to request (the tribe asked first, one ask per introducer), targets to
approach, insiders to ask whom to talk to, gives before asks when the ledger
does not support another ask, first contacts to find, a call with the fan
club after a run of declines, exposure in the forms the week allows, and
drift.

**One step per person.** Everything due with one person (for an
introduction, the introducer) is merged into one :class:`Action` whose
``parts`` keep each part's kind, key, reason and due date, in the order to
do them (:data:`~careernet.domain.actions.PART_ORDER`: thank, answer, give
before asking, drift last).

**Order.** Steps are ordered by the strategy's priority of their kinds,
then by when they are due, then by the person's name, then in the order the
planner found them.

**Only what is chosen is built.** The planner gathers light parts (kind,
person, due date, priority, minutes, and how to word them), merges, orders
and allots those, and builds the :class:`Action` with its key and reason
only for the planned steps; the deferred ones are a
:class:`~careernet.domain.DeferredActions`, built on first access
from values fixed when the plan was made.

**Budget.** The week's minutes, less meetings already in the calendar, are
spent in three passes: first what is owed
(:attr:`~careernet.domain.actions.Work.COMMITMENTS`), then each kind of work
up to its share (:attr:`Strategy.shares`), then whatever still fits, in
order. What does not fit is deferred, never dropped silently; when the kept
cadences cannot fit the warm share, or most of the week stays unplanned, the
plan says so in its advice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

import attrs

from . import funnel, intro, ledger, strategies
from ._validators import normalise, require_aware
from .actions import (
    MINUTES,
    PART_ORDER,
    WORK,
    Action,
    ActionKind,
    DeferredActions,
    Plan,
    Work,
)
from .approaches import Stage, outreach, standing
from .errors import InvalidValueError
from .model import Advice, Contact, Goal, LedgerKind, MeetingStatus, Ring

if TYPE_CHECKING:
    from .strategies import Strategy
    from .view import NetworkView, Settled

__all__ = ["EXPOSURE_FORMS", "FOLLOW_UP_AFTER", "HORIZON", "ExposureForm", "plan"]

HORIZON = dt.timedelta(days=7)
"""How far ahead a plan looks: one week."""

FOLLOW_UP_AFTER = dt.timedelta(days=14)
"""When to report back to someone after meeting them."""

_GIVE_EVERY = dt.timedelta(days=90)
_NEW_CONTACT_WAIT = dt.timedelta(days=2)
_MET_RECENTLY = dt.timedelta(days=30)  # for cold contacts, who have no cadence
_SETBACKS_WITHIN = dt.timedelta(days=21)
_SETBACKS = 3  # declines or lasting silences that call for the fan club
_FAN_CLUB_EVERY = dt.timedelta(days=14)
_REQUESTS_WITHIN = dt.timedelta(days=60)
_INSIDER_REST = dt.timedelta(days=30)  # ask an insider again after this
_UNPLANNED = 0.5  # advise when less than this share of the week is planned
_MIN_WORTH_ADVISING = 120  # minutes: smaller budgets fill up or not by chance

_TARGET_RINGS = frozenset({Ring.COLD, Ring.LUKEWARM})

_NO_TIME = dt.timedelta(0)

_KEEPS_NOBODY_OUT = strategies.Strategy.is_excluded
"""The base strategy's :meth:`~Strategy.is_excluded`, which keeps nobody out."""

_OFFSETS = dt.timedelta(days=2)
"""Two UTC offsets differ by less: the planner's arithmetic on ``now`` and
a contact's moments runs on wall clocks when both share a tzinfo (Python's
rule), off the instants by less than this."""

_RING_NUDGE = {
    Ring.BUDDY: "keep it strong, and ask whom they could introduce you to",
    Ring.STRATEGIC: "put in some face time and show your gratitude",
    Ring.LUKEWARM: "suggest a coffee with a stated intention and a benefit for them",
    Ring.COLD: "reach out with a clear purpose",
}


@attrs.frozen
class ExposureForm:
    """One way of growing the network, with the time it takes.

    Attributes:
        name: A short identifier, used in the action's key.
        minutes: About how long it takes.
        text: What to do, in a sentence.
    """

    name: str
    minutes: int
    text: str


EXPOSURE_FORMS: tuple[ExposureForm, ...] = (
    ExposureForm(
        "mentor",
        30,
        "Offer half an hour of mentoring, or of what you know about your "
        "industry, to someone new to you.",
    ),
    ExposureForm(
        "post",
        45,
        "Write a short post: a thought piece or a few tips from your work, "
        "where people in your field will read it.",
    ),
    ExposureForm(
        "expertise",
        60,
        "Offer your experience and expertise to a team in another organisation.",
    ),
    ExposureForm(
        "association",
        120,
        "Go to a professional or industry association meeting and talk with "
        "two people you have not met.",
    ),
)
"""The forms of exposure the plan proposes, smallest first."""


def plan(
    state: NetworkView,
    strategy: Strategy,
    *,
    now: dt.datetime,
    goal: Goal | None = None,
    horizon: dt.timedelta = HORIZON,
) -> Plan:
    """The prioritised next steps for ``now``, sized to the weekly budget.

    ``goal`` defaults to the network's active goal.
    """
    require_aware("now", now)
    if horizon <= dt.timedelta(0):
        raise InvalidValueError("The planning horizon must be positive.")
    goal = goal if goal is not None else state.active_goal
    planner = _Planner(state, strategy, goal, now, horizon)
    steps = _merge(list(planner.actions()))
    budget = (
        goal.weekly_minutes if goal and goal.weekly_minutes else strategy.weekly_minutes
    )
    committed = _committed_minutes(state, now, now + horizon)
    left = budget - committed
    chosen, waiting, shares = _allocate(steps, left, strategy)
    planned = [step.build() for step in chosen]
    deferred = DeferredActions(waiting, _build)
    advice: list[Advice] = []
    capacity = state.capacity_advice()
    if capacity:
        advice.append(capacity)
    warm_share = strategy.shares.get(Work.WARM, 1.0)
    advice += planner.cadence_advice(int(budget * warm_share))
    advice += planner.fan_club_advice()
    used = committed + sum(a.minutes for a in planned)
    if budget >= _MIN_WORTH_ADVISING and used < budget * _UNPLANNED:
        advice.append(planner.unplanned_advice(used, budget, deferred))
    return Plan(
        now=now,
        scenario=strategy.scenario,
        budget_minutes=budget,
        committed_minutes=committed,
        actions=tuple(planned),
        deferred=deferred,
        advice=(*advice, *strategy.advice(state, goal)),
        shares=shares,
    )


_Words = Callable[[], tuple[str, str]]
"""How to word a part: its key and its reason, made only when it is built."""


class _Part:
    """One thing due, not yet worded: what the merge, the order and the
    budget need, and how to make its key and reason."""

    __slots__ = (
        "contact_id",
        "due",
        "kind",
        "minutes",
        "name",
        "person",
        "priority",
        "record_id",
        "via_id",
        "words",
    )

    def __init__(  # noqa: PLR0917 - the fields of an action, kept positional for speed
        self,
        kind: ActionKind,
        words: tuple[str, str] | _Words,
        due: dt.datetime,
        priority: int,
        minutes: int,
        contact_id: str | None,
        via_id: str | None,
        record_id: str | None,
        name: str = "",
    ) -> None:
        self.kind = kind
        self.words = words
        self.due = due
        self.priority = priority
        self.minutes = minutes
        self.contact_id = contact_id
        self.via_id = via_id
        self.record_id = record_id
        self.person = via_id or contact_id
        self.name = name

    def build(self) -> Action:
        words = self.words
        key, reason = words if isinstance(words, tuple) else words()
        return Action(
            kind=self.kind,
            key=key,
            reason=reason,
            due=self.due,
            priority=self.priority,
            minutes=self.minutes,
            contact_id=self.contact_id,
            via_id=self.via_id,
            record_id=self.record_id,
        )


class _Merged:
    """One step with one person from several parts, not yet worded."""

    __slots__ = (
        "_lead",
        "due",
        "kind",
        "minutes",
        "name",
        "parts",
        "person",
        "priority",
    )

    def __init__(self, person: str, lead: _Part, parts: list[_Part]) -> None:
        self.person = person
        self.name = lead.name
        self.kind = lead.kind
        self.priority = lead.priority
        self.parts = parts  # in the order to do them; the lead is the first kept
        self.due = min(part.due for part in parts)
        self.minutes = sum(part.minutes for part in parts)
        self._lead = lead

    def build(self) -> Action:
        ordered = tuple(part.build() for part in self.parts)
        reason = f"One step with {self.name}: " + " ".join(
            f"({n}) {part.reason}" for n, part in enumerate(ordered, 1)
        )
        return Action(
            kind=self.kind,
            key="+".join(part.key for part in ordered),
            reason=reason,
            due=self.due,
            priority=self.priority,
            minutes=self.minutes,
            contact_id=self.person,
            record_id=self._lead.record_id,
            parts=ordered,
        )


_Step = _Part | _Merged


def _build(step: _Step) -> Action:
    return step.build()


def _merge(parts: list[_Part]) -> list[_Step]:
    """One step per person, ordered as documented in the module."""
    by_person: dict[str, list[_Part]] = {}
    steps: list[_Part] = []
    for part in parts:
        person = part.person
        if person is None:
            steps.append(part)
        else:
            found = by_person.get(person)
            if found is None:
                steps.append(part)  # a placeholder keeping the found order
                by_person[person] = [part]
            else:
                found.append(part)
    merged: list[tuple[int, dt.datetime, str, int, _Step]] = []
    for n, step in enumerate(steps):
        person = step.person
        one: _Step = step
        if person is not None:
            with_them = by_person[person]
            if len(with_them) > 1:
                one = _one_step(person, with_them)
            name = step.name.casefold()  # the person's name, taken with the part
        else:
            name = ""
        merged.append((one.priority, one.due, name, n, one))
    merged.sort(key=_order)
    return [entry[4] for entry in merged]


def _order(
    entry: tuple[int, dt.datetime, str, int, _Step],
) -> tuple[int, dt.datetime, str, int]:
    return entry[:4]


_PART_RANK = {kind: n for n, kind in enumerate(PART_ORDER)}


def _one_step(person: str, parts: list[_Part]) -> _Step:
    kept: list[_Part] = []
    seen: set[ActionKind] = set()
    for part in sorted(parts, key=lambda p: (p.priority, _PART_RANK[p.kind])):
        if part.kind in seen and part.kind is not ActionKind.PREPARE:
            continue  # one give, one check-in, one ask per person a week
        if part.kind is ActionKind.GIVE and ActionKind.ANSWER in seen:
            continue  # answering their request is the give
        seen.add(part.kind)
        kept.append(part)
    if len(kept) == 1:
        return kept[0]
    ordered = sorted(kept, key=lambda p: (_PART_RANK[p.kind], p.due))
    return _Merged(person, kept[0], ordered)


def _allocate(
    steps: Sequence[_Step], left: int, strategy: Strategy
) -> tuple[list[_Step], list[_Step], dict[Work, int]]:
    """Planned and deferred steps, and the minutes each share got."""
    taken: set[int] = set()
    room = left
    works = [WORK[step.kind] for step in steps]
    minutes = [step.minutes for step in steps]
    for index, work in enumerate(works):
        if work is Work.COMMITMENTS and minutes[index] <= room:
            taken.add(index)
            room -= minutes[index]
    shares: dict[Work, int] = {}
    base = max(room, 0)
    for work, share in strategy.shares.items():
        allowance = int(base * share)
        shares[work] = allowance
        for index, step_work in enumerate(works):
            if step_work is not work or index in taken:
                continue
            needs = minutes[index]
            if needs <= allowance and needs <= room:
                taken.add(index)
                room -= needs
                allowance -= needs
    for index, needs in enumerate(minutes):
        if needs <= room and index not in taken:
            taken.add(index)
            room -= needs
    planned = [s for i, s in enumerate(steps) if i in taken]
    deferred = [s for i, s in enumerate(steps) if i not in taken]
    return planned, deferred, shares


def _quiet(
    found: Settled, now: dt.datetime, nudge_after: dt.timedelta, rest_for: dt.timedelta
) -> bool:
    """Whether a contact in :attr:`NetworkView.settled` has nothing to do at
    ``now`` and no setback to count: their approaches are over
    (:func:`~careernet.domain.approaches.quiet_from`), a nudge of theirs
    still waits for its answer, or they rest since longer than setbacks
    are counted."""
    at = found.at
    if at > now:
        return False  # the approach stands elsewhere at ``now``
    try:
        if found.nudged:
            rests_from = at + nudge_after
            if now < rests_from:
                return True  # nudged: nothing is due until the rest begins
        else:
            rests_from = at
        if not found.rests:
            return True
        return now - rests_from > _SETBACKS_WITHIN or now >= rests_from + rest_for
    except OverflowError:
        return False


def _thank_words(record_id: str, name: str, what: str) -> tuple[str, str]:
    return f"thank:{record_id}", f"Thank {name} for {_clause(what)}."


def _nudge_words(contact_id: str, name: str, since: dt.datetime) -> tuple[str, str]:
    return (
        f"nudge:{contact_id}:{since.isoformat()}",
        f"{name} has not answered since {since:%d %b}; nudge once, then move on.",
    )


def _keep_in_touch_words(  # noqa: PLR0917 - bound positionally by partial
    contact: Contact,
    due: dt.datetime,
    days: int,
    days_since_added: int | None,
    nudge: str,
    drift_to: Ring | None,
) -> tuple[str, str]:
    """A check-in's key and reason; ``days_since_added`` is set when they
    were never in touch, ``drift_to`` when they drifted far past their
    cadence."""
    ring = contact.ring.name.lower()
    if days_since_added is not None:
        when = (
            f"{ring}, never contacted through careernet since you added "
            f"them {days_since_added} days ago"
        )
    else:
        when = f"{ring}, {days} days since you were last in touch"
    if drift_to is None:
        reason = f"Check in with {contact.name} ({when}): {nudge}."
    else:
        assert contact.cadence is not None
        reason = (
            f"Reconnect with {contact.name} ({when}, over "
            f"{funnel.DRIFT_FACTOR} times the {contact.cadence.days}-day "
            f"cadence): {nudge}; if the relationship has cooled, "
            f"move them to the {drift_to.value} ring instead."
        )
    return f"keep_in_touch:{contact.id}:{due.date().isoformat()}", reason


def _last(when: dt.datetime | None) -> str:
    return f"last on {when:%d %b %Y}" if when else "no date recorded"


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


_LOWER_FIRST = frozenset(
    {"a", "an", "the", "your", "my", "our", "their", "his", "her", "some", "this"}
)


def _clause(text: str, *, inner: bool = True) -> str:
    """What the seeker typed, as a clause: one line, no closing stop, and
    inside a sentence (``inner``) a leading article in lower case ("for an
    introduction")."""
    clause = " ".join(text.split()).rstrip(" .;:!,?")
    first, _, rest = clause.partition(" ")
    if inner and first.casefold() in _LOWER_FIRST and first[:1].isupper() and rest:
        clause = f"{first.casefold()} {rest}"
    return clause or "it"


def _committed_minutes(state: NetworkView, start: dt.datetime, end: dt.datetime) -> int:
    """Minutes of pending meetings in ``[start, end)``, whoever they are with."""
    return sum(
        int(m.duration.total_seconds() // 60)
        for m in state.meetings.values()
        if m.status.pending and start <= m.scheduled_at < end
    )


def _week(now: dt.datetime) -> str:
    year, week, _ = now.date().isocalendar()
    return f"{year}-W{week:02d}"


def _name(state: NetworkView, contact_id: str | None) -> str:
    return state.contacts[contact_id].name.casefold() if contact_id else ""


class _Planner:
    """Gathers the parts of one plan."""

    def __init__(
        self,
        state: NetworkView,
        strategy: Strategy,
        goal: Goal | None,
        now: dt.datetime,
        horizon: dt.timedelta,
    ) -> None:
        self.state = state
        self.strategy = strategy
        self.goal = goal
        self.now = now
        self.until = now + horizon
        self._nudge_after = strategy.nudge_after
        self._rest_for = strategy.rest_for
        self._excluded: dict[str, bool] = {}
        # A strategy that keeps nobody out needs no answer remembered.
        self._excludes = type(strategy).is_excluded is not _KEEPS_NOBODY_OUT
        self._introduces: dict[str, bool] = {}
        self.introducers: set[str] = set()
        self.setbacks = 0
        self.kept: list[Contact] = []
        self.fan_club: list[Contact] = []

    def excluded(self, contact: Contact) -> bool:
        if not self._excludes:
            return False
        found = self._excluded.get(contact.id)
        if found is None:
            found = self._excluded[contact.id] = self.strategy.is_excluded(
                contact, self.state, self.goal
            )
        return found

    def may_introduce(self, contact: Contact) -> bool:
        if contact.id not in self._introduces:
            self._introduces[contact.id] = not self.excluded(
                contact
            ) and self.strategy.may_introduce(contact, self.state, self.goal)
        return self._introduces[contact.id]

    def action(
        self,
        kind: ActionKind,
        key: str,
        reason: str,
        due: dt.datetime,
        *,
        contact: Contact | None = None,
        via: Contact | None = None,
        record_id: str | None = None,
        priority_of: ActionKind | None = None,
        minutes: int | None = None,
    ) -> _Part | None:
        """A part worded now (for the few parts a plan finds once)."""
        return self.part(
            kind,
            (key, reason),
            due,
            contact=contact,
            via=via,
            record_id=record_id,
            priority_of=priority_of,
            minutes=minutes,
        )

    def part(
        self,
        kind: ActionKind,
        words: tuple[str, str] | _Words,
        due: dt.datetime,
        *,
        contact: Contact | None = None,
        via: Contact | None = None,
        record_id: str | None = None,
        priority_of: ActionKind | None = None,
        minutes: int | None = None,
    ) -> _Part | None:
        """A part, worded by ``words`` when it is built: a callable must
        only format values fixed now, never read the network."""
        priority = self.strategy.priorities.get(kind)
        if priority is None:
            return None
        if priority_of is not None:
            priority = min(
                priority, self.strategy.priorities.get(priority_of, priority)
            )
        person = via or contact
        return _Part(
            kind,
            words,
            due,
            priority,
            MINUTES[kind] if minutes is None else minutes,
            contact.id if contact else None,
            via.id if via else None,
            record_id,
            person.name if person else "",
        )

    def actions(self) -> Iterator[_Part]:
        targets: list[Contact] = []
        settled = self.state.settled
        now = self.now
        gives = self.strategy.helps_others
        keep_warm = self.strategy.keep_warm
        nudge_after, rest_for = self.strategy.nudge_after, self.strategy.rest_for
        # Only the strategy's candidates are asked whether they are targets
        # (everyone, when it cannot name them).
        named = self.strategy.target_candidates(self.state, self.goal)
        if isinstance(named, str):
            named = (named,)  # one id, not its letters
        candidates = None if named is None else frozenset(named)
        chosen = self.to_visit(candidates)
        visit: Iterable[tuple[Contact, Settled | None]] = (
            ((c, settled.get(c.id)) for c in self.state.contacts.values())
            if chosen is None
            else chosen
        )
        asked: set[str] = set()  # the candidates among those visited
        for contact, found in visit:
            if candidates and contact.id in candidates:
                asked.add(contact.id)
            if (
                found is not None
                and _quiet(found, now, nudge_after, rest_for)
                and not (gives and contact.ring in keep_warm)
            ):
                # Nothing to do with them this week and no setback to count
                # (the network's index says so): only whether they are a
                # target remains to be asked.
                if self.targets(contact, candidates):
                    targets.append(contact)
                continue
            if self.excluded(contact):
                continue
            for action in self.for_contact(contact):
                if action is not None:
                    yield action
            if self.targets(contact, candidates):
                targets.append(contact)
        if chosen is not None and candidates:
            # The candidates not visited are settled and quiet (see to_visit).
            contacts = self.state.contacts
            for contact_id in candidates - asked:
                candidate = contacts.get(contact_id)
                if candidate is not None and self.targets(candidate, candidates):
                    targets.append(candidate)
        yield from self.for_targets(targets)
        yield from self.find_contacts()
        yield from self.lean_on_fan_club()
        yield from self.refresh()
        yield from self.exposure()

    def targets(self, contact: Contact, candidates: frozenset[str] | None) -> bool:
        """Whether the plan should try to reach ``contact`` as a target: in
        a ring targets are approached from, a candidate of the strategy's
        (anyone when it names none), not excluded, and a target of the goal."""
        return (
            contact.ring in _TARGET_RINGS
            and (candidates is None or contact.id in candidates)
            and not self.excluded(contact)
            and self.strategy.is_target(contact, self.state, self.goal)
        )

    def to_visit(
        self, candidates: frozenset[str] | None
    ) -> Sequence[tuple[Contact, Settled | None]] | None:
        """The contacts that may have something to do or a setback to count
        at ``now``, or ``None`` to visit everyone.

        A settled contact whose approach ended before ``now`` less the wait
        for a nudge's answer, the weeks setbacks are counted and two days
        (:data:`_OFFSETS`) is quiet (:func:`_quiet`), so only the network's
        open contacts and the recently settled are visited; the candidate
        targets among the others are asked apart. Everyone is visited when
        the strategy names no candidates (each contact is asked whether they
        are a target anyway), or keeps warm a ring where settled contacts
        stand.
        """
        if candidates is None:
            return None
        strategy = self.strategy
        if strategy.helps_others and any(
            ring.cadence is None for ring in strategy.keep_warm
        ):
            return None
        # In instants, widened by the most wall clocks can be off them.
        try:
            since = (
                self.now.astimezone(dt.UTC)
                - _SETBACKS_WITHIN
                - max(self._nudge_after, _NO_TIME)
                - _OFFSETS
            )
        except OverflowError:
            return None
        return self.state.open_since(since)

    # -- one contact ---------------------------------------------------------------

    def for_contact(self, contact: Contact) -> list[_Part | None]:
        """What is due with one contact (a list: most contacts visited have
        one thing or none, and generators cost more than the work)."""
        state, now = self.state, self.now
        found: list[_Part | None] = []
        add = found.append
        if contact.fan_club:
            self.fan_club.append(contact)
        for owed in ledger.thanks_owed(state, contact.id)[:1]:
            add(
                self.part(
                    ActionKind.THANK,
                    partial(_thank_words, owed.record_id, contact.name, owed.what),
                    owed.due,
                    contact=contact,
                    record_id=owed.record_id,
                )
            )
        requests = ledger.open_requests(state, contact.id)
        if requests:
            found.extend(self.answer(contact, requests))
        if state.meetings_with(contact.id):
            found.extend(self.meetings(contact))
        status = standing(state, contact.id, now, self._nudge_after, self._rest_for)
        if (
            status.stage is Stage.RESTING
            and status.since is not None
            and now - status.since <= _SETBACKS_WITHIN
        ):
            self.setbacks += 1
        if status.stage is Stage.NUDGE_DUE or (
            status.stage is Stage.AWAITING
            and status.until is not None
            and status.until < self.until
        ):
            assert status.since is not None
            assert status.until is not None
            add(
                self.part(
                    ActionKind.NUDGE,
                    partial(_nudge_words, contact.id, contact.name, status.since),
                    status.until,
                    contact=contact,
                )
            )
        if (
            contact.introduced_by is not None
            and status.stage is Stage.NOT_APPROACHED
            and state.last_touch(contact.id) is None
            and contact.introduced_by in state.contacts
        ):
            referrer: Contact | None = state.contacts[contact.introduced_by]
            if referrer is not None and self.excluded(referrer):
                referrer = None  # never name an excluded person, even as a source
            reason = (
                f"{referrer.name} suggested {contact.name}; reach out and say who "
                "sent you."
                if referrer
                else f"Reach out to {contact.name}, a referral you have not "
                "contacted yet."
            )
            add(
                self.action(
                    ActionKind.FOLLOW_UP,
                    f"follow_up:referral:{contact.id}",
                    reason,
                    contact.added_at + _NEW_CONTACT_WAIT,
                    contact=contact,
                )
            )
        if contact.cadence_days is not None or contact.ring in self.strategy.keep_warm:
            found.extend(self.keep_in_touch(contact))
        if self.strategy.helps_others:
            found.extend(self.give(contact))
        return found

    def answer(
        self, contact: Contact, requests: list[ledger.OpenRequest]
    ) -> Iterator[_Part | None]:
        for request in requests[:1]:
            if self.now - request.since > _REQUESTS_WITHIN:
                continue
            tribe = " Your tribe can call on you too." if contact.tribe else ""
            yield self.action(
                ActionKind.ANSWER,
                f"answer:{request.record_id}",
                f"Answer {contact.name}, who asked you for {_clause(request.what)} "
                f"on {request.since:%a %d %b}: help if you can, or say whom to "
                f"ask.{tribe}",
                request.due,
                contact=contact,
                record_id=request.record_id,
            )

    def meetings(self, contact: Contact) -> Iterator[_Part | None]:
        last_touch = self.state.last_touch(contact.id)
        for meeting in self.state.meetings_with(contact.id):
            if meeting.status.pending and self.now <= meeting.scheduled_at < self.until:
                detail = f" Purpose: {_clause(meeting.purpose, inner=False)}."
                if meeting.outcome_sought.strip():
                    outcome = _clause(meeting.outcome_sought, inner=False)
                    detail += f" Outcome sought: {outcome}."
                yield self.action(
                    ActionKind.PREPARE,
                    f"prepare:{meeting.id}:{meeting.sequence}",
                    f"Prepare your {meeting.kind.value} with {contact.name} on "
                    f"{meeting.scheduled_at:%a %d %b %H:%M}.{detail} Read its "
                    "brief: who they are, your history, what to offer, what to "
                    "ask and whom to ask for next.",
                    max(self.now, meeting.scheduled_at - dt.timedelta(days=1)),
                    contact=contact,
                    record_id=meeting.id,
                )
            elif (
                meeting.status is MeetingStatus.HELD
                and meeting.scheduled_at + FOLLOW_UP_AFTER <= self.until
                and self.now - meeting.scheduled_at <= 4 * FOLLOW_UP_AFTER
                and last_touch is not None
                and last_touch <= meeting.scheduled_at + ledger.THANK_WITHIN
            ):
                yield self.action(
                    ActionKind.FOLLOW_UP,
                    f"follow_up:{meeting.id}",
                    f"Tell {contact.name} what came of your {meeting.kind.value} "
                    "and their advice.",
                    meeting.scheduled_at + FOLLOW_UP_AFTER,
                    contact=contact,
                    record_id=meeting.id,
                )

    def keep_in_touch(self, contact: Contact) -> Iterator[_Part | None]:
        cadence = contact.cadence
        if cadence is None or (
            contact.ring not in self.strategy.keep_warm and contact.cadence_days is None
        ):
            return
        self.kept.append(contact)
        since = funnel.attended_since(self.state, contact.id)
        due = since + cadence
        if due >= self.until:
            return
        # What funnel.drift says, from the moment already found.
        outward = contact.ring.outward
        drifts = (
            outward is not None and self.now - since >= cadence * funnel.DRIFT_FACTOR
        )
        yield self.part(
            ActionKind.KEEP_IN_TOUCH,
            partial(
                _keep_in_touch_words,
                contact,
                due,
                (self.now - since).days,
                None
                if self.state.last_touch(contact.id) is not None
                else (self.now - contact.added_at).days,
                self.ring_nudge(contact),
                outward if drifts else None,
            ),
            due,
            contact=contact,
        )

    def ring_nudge(self, contact: Contact) -> str:
        """What a check-in is for; never an ask of someone who may not
        introduce (the management chain in an internal move)."""
        if contact.ring is Ring.BUDDY and not self.may_introduce(contact):
            return "keep it strong"
        return _RING_NUDGE[contact.ring]

    def give(self, contact: Contact) -> Iterator[_Part | None]:
        if (
            not self.strategy.helps_others
            or contact.ring not in self.strategy.keep_warm
        ):
            return
        gives = [
            e.at
            for e in self.state.entries_with(contact.id)
            if e.kind is LedgerKind.GIVE
        ]
        last_give = max(gives, default=None)
        if last_give is not None and self.now - last_give < _GIVE_EVERY:
            return
        if ledger.balance(self.state, contact.id).net > 0:
            return
        yield self.action(
            ActionKind.GIVE,
            f"give:{contact.id}:{_week(self.now)}",
            f"Help {contact.name}: share something useful, make an introduction "
            "or offer your expertise.",
            self.now,
            contact=contact,
        )

    # -- targets ------------------------------------------------------------------

    def for_targets(self, targets: list[Contact]) -> Iterator[_Part]:
        budget = self.strategy.approaches_per_week
        targets.sort(key=lambda c: (c.ring.depth, c.name.casefold(), c.id))
        for target in targets:
            if budget <= 0:
                return
            status = outreach(
                self.state,
                target.id,
                self.now,
                nudge_after=self.strategy.nudge_after,
                rest_for=self.strategy.rest_for,
            )
            if status.stage not in (Stage.NOT_APPROACHED, Stage.ENGAGED):
                continue
            if any(m.status.pending for m in self.state.meetings_with(target.id)):
                continue
            if (
                target.introduced_by is not None
                and status.stage is Stage.NOT_APPROACHED
            ):
                continue  # the referral follow-up already covers them
            if status.stage is Stage.ENGAGED and self.recently_met(target):
                continue  # just met: the thank-you and keep-in-touch follow
            found = list(self.approach(target, status.stage))
            if found:
                budget -= 1
                yield from found

    def recently_met(self, contact: Contact) -> bool:
        """Whether the seeker met the contact within the contact's cadence."""
        cadence = contact.cadence or _MET_RECENTLY
        return any(
            m.status is MeetingStatus.HELD and self.now - m.scheduled_at < cadence
            for m in self.state.meetings_with(contact.id)
        )

    def give_first(self, via: Contact, purpose: str) -> _Part | None:
        """A give to ``via`` when the ledger does not support one more ask."""
        counts = ledger.balance(self.state, via.id)
        if counts.credit > 0:
            return None
        if counts.gives:
            said = (
                f"you have asked or received more from {via.name} than you gave "
                f"({counts.gives} given)"
            )
        else:
            said = f"you have not given {via.name} anything yet"
        return self.action(
            ActionKind.GIVE,
            f"give:{via.id}:before:{_week(self.now)}",
            f"Give {via.name} something of value first ({said}): an article, an "
            f"introduction or your expertise, before you {purpose}.",
            self.now,
            contact=via,
            priority_of=ActionKind.REQUEST_INTRO,
        )

    def approach(self, target: Contact, stage: Stage) -> Iterator[_Part]:
        if target.ring is Ring.COLD and stage is Stage.NOT_APPROACHED:
            paths = [
                p
                for p in intro.introduction_paths(
                    self.state,
                    target.id,
                    exclude=self.excluded,
                    introducers=self.may_introduce,
                )
                if p.introducer_id not in self.introducers
            ]
            # The tribe are the first introducers asked.
            paths.sort(key=lambda p: not self.state.contacts[p.introducer_id].tribe)
            if paths:
                via = self.state.contacts[paths[0].introducer_id]
                self.introducers.add(via.id)
                give = self.give_first(
                    via, f"ask for the introduction to {target.name}"
                )
                if give:
                    yield give
                action = self.action(
                    ActionKind.REQUEST_INTRO,
                    f"request_intro:{target.id}:{via.id}",
                    f"Ask {via.name} ({', '.join(paths[0].reasons)}) to introduce "
                    f"you to {target.name}.",
                    self.now,
                    contact=target,
                    via=via,
                )
                if action:
                    yield action
                return
            if intro.introduction_paths(self.state, target.id, exclude=self.excluded):
                return  # their introducers are asked for someone else this week
        elif stage is Stage.ENGAGED and target.ring is Ring.COLD:
            return
        action = self.action(
            ActionKind.APPROACH,
            f"approach:{target.id}",
            self.strategy.approach_reason(target)
            + (
                ""
                if target.ring is Ring.COLD
                else f" {_sentence(self.ring_nudge(target))}"
            ),
            self.now,
            contact=target,
        )
        if action:
            yield action

    def find_contacts(self) -> Iterator[_Part]:
        for group in self.strategy.target_groups(self.goal):
            members = self.strategy.group_members(self.state, group)
            known = [c for c in members if not self.excluded(c)]
            if members and not known:
                continue  # only people the strategy keeps out: never go there
            if not known:
                action = self.action(
                    ActionKind.FIND_CONTACT,
                    f"find_contact:{normalise(group)}",
                    f"You know nobody in {group} yet: ask your tribe and buddies "
                    "whom they know there, or meet people at a professional "
                    "association meeting.",
                    self.now,
                )
                if action:
                    yield action
                continue
            hires = any(
                self.strategy.is_target(c, self.state, self.goal) for c in known
            )
            yield from self.ask_insider(group, known, hires=hires)

    def ask_insider(
        self, group: str, known: list[Contact], *, hires: bool
    ) -> Iterator[_Part]:
        """Ask someone at ``group`` who is not a target whom to talk to there."""
        ready = [
            c
            for c in known
            if c.id not in self.introducers
            and c.ring is not Ring.COLD  # they know you: asking them is natural
            and not self.strategy.is_target(c, self.state, self.goal)
            and not any(
                e.kind is LedgerKind.ASK and self.now - e.at < _INSIDER_REST
                for e in self.state.entries_with(c.id)
            )
            and outreach(
                self.state,
                c.id,
                self.now,
                nudge_after=self.strategy.nudge_after,
                rest_for=self.strategy.rest_for,
            ).stage
            in (Stage.NOT_APPROACHED, Stage.ENGAGED)
        ]
        if not ready:
            return
        ready.sort(key=lambda c: (not c.tribe, c.ring.depth, c.name.casefold(), c.id))
        insider = ready[0]
        self.introducers.add(insider.id)
        give = self.give_first(insider, f"ask whom to talk to at {group}")
        if give:
            yield give
        action = self.action(
            ActionKind.ASK_INSIDER,
            f"ask_insider:{normalise(group)}:{insider.id}",
            (
                f"Ask {insider.name} at {group} how the work is organised there "
                "and whom you should talk to."
                if hires
                else f"You know {insider.name} at {group} but nobody there who "
                f"hires: ask {insider.name} how the work is organised there and "
                "whom you should talk to."
            ),
            self.now,
            contact=insider,
        )
        if action:
            yield action

    # -- the seeker's own footing ----------------------------------------------

    def lean_on_fan_club(self) -> Iterator[_Part]:
        if self.setbacks < _SETBACKS:
            return
        ready = [
            c
            for c in self.fan_club
            if (touched := self.state.last_touch(c.id)) is None
            or self.now - touched >= _FAN_CLUB_EVERY
        ]
        if not ready:
            return
        ready.sort(key=lambda c: (c.ring.depth, c.name.casefold(), c.id))
        friend = ready[0]
        action = self.action(
            ActionKind.FAN_CLUB,
            f"fan_club:{friend.id}:{_week(self.now)}",
            f"{self.setbacks} people declined or stayed silent in the last three "
            "weeks. Some will, some won't: call "
            f"{friend.name} from your fan club for some encouragement, then on to "
            "the next person.",
            self.now,
            contact=friend,
            priority_of=ActionKind.KEEP_IN_TOUCH,
        )
        if action:
            yield action

    def refresh(self) -> Iterator[_Part]:
        """The résumé and public profile, brought up to date at the
        strategy's pace (a quarter to maintain, a month in a search)."""
        every = self.strategy.refresh_every
        if every is None:
            return
        seeker = self.state.seeker
        dates = {
            "résumé": seeker.resume_refreshed,
            "public profile": seeker.profile_refreshed,
        }
        stale = {
            what: when
            for what, when in dates.items()
            if when is None or when + every < self.until
        }
        if not stale:
            return
        known = [when for when in stale.values() if when is not None]
        since = min(known) if len(known) == len(stale) else None
        said = " and ".join(
            f"your {what} ({_last(when)})" for what, when in stale.items()
        )
        action = self.action(
            ActionKind.REFRESH,
            f"refresh:{since.date().isoformat() if since else 'never'}",
            f"Bring {said} up to date: what you want next and the "
            "accomplishments that back it. Networking works best before you "
            "need it.",
            since + every if since else self.now,
        )
        if action:
            yield action

    def exposure(self) -> Iterator[_Part]:
        turn = self.now.date().isocalendar()[1] % len(EXPOSURE_FORMS)
        forms = EXPOSURE_FORMS[turn:] + EXPOSURE_FORMS[:turn]  # a new form each week
        for form in forms:
            action = self.action(
                ActionKind.EXPOSURE,
                f"exposure:{form.name}:{_week(self.now)}",
                form.text,
                self.now,
                minutes=form.minutes,
            )
            if action:
                yield action

    # -- advice --------------------------------------------------------------------

    def cadence_advice(self, warm_minutes: int) -> list[Advice]:
        """Say when the kept cadences cannot fit the time kept for them."""
        load: dict[Ring, float] = defaultdict(float)
        counts: dict[Ring, int] = defaultdict(int)
        for contact in self.kept:
            cadence = contact.cadence
            if cadence is None:
                continue
            load[contact.ring] += MINUTES[ActionKind.KEEP_IN_TOUCH] * 7 / cadence.days
            counts[contact.ring] += 1
        total = sum(load.values())
        if not load or total <= max(warm_minutes, 0):
            return []
        ring = max(load, key=lambda r: (load[r], -r.depth))
        cadence = ring.cadence
        rest = total - load[ring]
        room = warm_minutes - rest
        advice = (
            f"Keeping {len(self.kept)} contacts at their cadences takes about "
            f"{round(total)} minutes a week, more than the {warm_minutes} this "
            "strategy keeps for keeping in touch."
        )
        name = ring.name.lower()
        if cadence is not None and room > 0:
            days = int(-(-cadence.days * load[ring] // room))
            keep = int(room // (MINUTES[ActionKind.KEEP_IN_TOUCH] * 7 / cadence.days))
            if days <= 3 * cadence.days:
                advice += (
                    f" Relax the {name} cadence ({counts[ring]} contacts) from "
                    f"{cadence.days} to about {days} days, or move a few of them "
                    "one ring out."
                )
            else:
                advice += (
                    f" Keep about {keep} of the {counts[ring]} {name} contacts at "
                    f"{cadence.days} days and move the others one ring out, or "
                    "give networking more time each week."
                )
        else:
            advice += (
                f" Move some {name} contacts ({counts[ring]}) one ring out, or give "
                "networking more time each week."
            )
        return [Advice(code="cadences", message=advice)]

    def fan_club_advice(self) -> list[Advice]:
        if self.setbacks < _SETBACKS or self.fan_club:
            return []
        return [
            Advice(
                code="fan-club",
                message=(
                    f"{self.setbacks} people declined or stayed silent lately. Name "
                    "a few people who cheer you on as your fan club, and call one "
                    "of them when the answers are slow."
                ),
            )
        ]

    def unplanned_advice(
        self, used: int, budget: int, deferred: Sequence[Action]
    ) -> Advice:
        why: list[str] = []
        if self.goal is None:
            why.append("there is no goal: set one so the plan knows whom to reach")
        groups = self.strategy.target_groups(self.goal)
        if self.goal is not None and not groups and not self.goal.target_contacts:
            why.append("the goal names no target companies, fields or people")
        if len(self.state.contacts) < 20:
            why.append(
                f"the network has only {len(self.state.contacts)} contacts: import "
                "your address book or LinkedIn connections"
            )
        if deferred:
            why.append(f"{len(deferred)} steps are too long for the time left")
        if not why:
            why.append(
                "everyone in reach has been approached or is resting after an "
                "answer: add target companies or ask your buddies whom to meet"
            )
        return Advice(
            code="unplanned",
            message=(
                f"This plan fills {used} of {budget} minutes because "
                + "; ".join(why)
                + "."
            ),
        )
