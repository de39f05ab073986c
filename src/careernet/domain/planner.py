"""The planner: for a moment and a goal, what to do next and why.

:func:`plan` looks at every contact the strategy does not exclude and
proposes actions: thank-yous owed, meetings to prepare, nudges due,
follow-ups, keep-in-touch check-ins past the ring's cadence, introductions to
request, targets to approach, gives before asks, first contacts to find,
exposure and drift. Actions are ordered by the strategy's priorities, then by
due date, then by name, and the week's time budget decides what fits; the
rest is deferred, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import funnel, intro, ledger
from ._validators import normalise, require_aware
from .actions import MINUTES, Action, ActionKind, Plan
from .approaches import Stage, outreach
from .errors import InvalidValueError
from .model import Contact, Goal, LedgerKind, MeetingStatus, Ring

if TYPE_CHECKING:
    from .strategies import Strategy
    from .view import NetworkView

__all__ = ["FOLLOW_UP_AFTER", "HORIZON", "plan"]

HORIZON = dt.timedelta(days=7)
"""How far ahead a plan looks: one week."""

FOLLOW_UP_AFTER = dt.timedelta(days=14)
"""When to report back to someone after meeting them."""

_GIVE_EVERY = dt.timedelta(days=90)
_NEW_CONTACT_WAIT = dt.timedelta(days=2)
_GIVE_BEFORE_ASK = dt.timedelta(days=1)
_MET_RECENTLY = dt.timedelta(days=30)  # for cold contacts, who have no cadence

_RING_NUDGE = {
    Ring.BUDDY: "keep it strong, and ask whom they could introduce you to",
    Ring.STRATEGIC: "put in some face time and show your gratitude",
    Ring.LUKEWARM: "suggest a coffee with a stated intention and a benefit for them",
    Ring.COLD: "reach out with a clear purpose",
}


def plan(
    state: NetworkView,
    strategy: Strategy,
    *,
    now: dt.datetime,
    goal: Goal | None = None,
    horizon: dt.timedelta = HORIZON,
) -> Plan:
    """The prioritised next actions for ``now``, sized to the weekly budget.

    ``goal`` defaults to the network's active goal.
    """
    require_aware("now", now)
    if horizon <= dt.timedelta(0):
        raise InvalidValueError("The planning horizon must be positive.")
    goal = goal if goal is not None else state.active_goal
    planner = _Planner(state, strategy, goal, now, horizon)
    candidates = sorted(
        planner.actions(),
        key=lambda a: (
            a.priority,
            a.due,
            _name(state, a.contact_id),
            a.key,
        ),
    )
    budget = (
        goal.weekly_minutes if goal and goal.weekly_minutes else strategy.weekly_minutes
    )
    committed = _committed_minutes(state, now, now + horizon)
    left = budget - committed
    planned: list[Action] = []
    deferred: list[Action] = []
    gives: dict[str | None, str] = {}
    done: set[str] = set()
    for action in candidates:
        if action.kind is ActionKind.GIVE:
            if action.contact_id in gives:
                continue
            gives[action.contact_id] = action.key
        after = gives.get(action.via_id, action.after) if action.after else None
        if action.minutes <= left and (after is None or after in done):
            planned.append(action)
            done.add(action.key)
            left -= action.minutes
        else:
            deferred.append(action)
    capacity = state.capacity_advice()
    return Plan(
        now=now,
        scenario=strategy.scenario,
        budget_minutes=budget,
        committed_minutes=committed,
        actions=tuple(planned),
        deferred=tuple(deferred),
        advice=((capacity,) if capacity else ()) + strategy.advice(state, goal),
    )


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


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
    """Gathers candidate actions for one plan."""

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
        self._excluded: dict[str, bool] = {}
        self._introduces: dict[str, bool] = {}

    def excluded(self, contact: Contact) -> bool:
        if contact.id not in self._excluded:
            self._excluded[contact.id] = self.strategy.is_excluded(
                contact, self.state, self.goal
            )
        return self._excluded[contact.id]

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
        after: str | None = None,
    ) -> Action | None:
        priority = self.strategy.priorities.get(kind)
        if priority is None:
            return None
        if priority_of is not None:
            priority = min(
                priority, self.strategy.priorities.get(priority_of, priority)
            )
        return Action(
            kind=kind,
            key=key,
            reason=reason,
            due=due,
            priority=priority,
            minutes=MINUTES[kind],
            contact_id=contact.id if contact else None,
            via_id=via.id if via else None,
            record_id=record_id,
            after=after,
        )

    def actions(self) -> Iterator[Action]:
        targets: list[Contact] = []
        for contact in self.state.contacts.values():
            if self.excluded(contact):
                continue
            for action in self.for_contact(contact):
                if action is not None:
                    yield action
            if contact.ring in (Ring.COLD, Ring.LUKEWARM) and self.strategy.is_target(
                contact, self.state, self.goal
            ):
                targets.append(contact)
        yield from self.for_targets(targets)
        yield from self.find_contacts()
        yield from self.exposure()

    def for_contact(self, contact: Contact) -> Iterator[Action | None]:
        state, now = self.state, self.now
        for owed in ledger.thanks_owed(state, contact.id)[:1]:
            yield self.action(
                ActionKind.THANK,
                f"thank:{owed.record_id}",
                f"Thank {contact.name} for {owed.what}.",
                owed.due,
                contact=contact,
                record_id=owed.record_id,
            )
        yield from self.meetings(contact)
        status = outreach(
            state,
            contact.id,
            now,
            nudge_after=self.strategy.nudge_after,
            rest_for=self.strategy.rest_for,
        )
        if status.stage is Stage.NUDGE_DUE:
            assert status.since is not None
            assert status.until is not None
            yield self.action(
                ActionKind.NUDGE,
                f"nudge:{contact.id}:{status.since.isoformat()}",
                f"{contact.name} has not answered since {status.since:%d %b}; "
                "nudge once, then move on.",
                status.until,
                contact=contact,
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
            yield self.action(
                ActionKind.FOLLOW_UP,
                f"follow_up:referral:{contact.id}",
                reason,
                contact.added_at + _NEW_CONTACT_WAIT,
                contact=contact,
                via=referrer,
            )
        yield from self.keep_in_touch(contact)
        yield from self.give(contact)

    def meetings(self, contact: Contact) -> Iterator[Action | None]:
        last_touch = self.state.last_touch(contact.id)
        for meeting in self.state.meetings_with(contact.id):
            if meeting.status.pending and self.now <= meeting.scheduled_at < self.until:
                detail = f" Purpose: {meeting.purpose}."
                if meeting.outcome_sought:
                    detail += f" Outcome sought: {meeting.outcome_sought}."
                yield self.action(
                    ActionKind.PREPARE,
                    f"prepare:{meeting.id}:{meeting.sequence}",
                    f"Prepare your {meeting.kind.value} with {contact.name} on "
                    f"{meeting.scheduled_at:%a %d %b %H:%M}.{detail}",
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

    def keep_in_touch(self, contact: Contact) -> Iterator[Action | None]:
        cadence = contact.cadence
        if cadence is None or (
            contact.ring not in self.strategy.keep_warm and contact.cadence_days is None
        ):
            return
        since = funnel.attended_since(self.state, contact.id)
        due = since + cadence
        if due >= self.until:
            return
        days = (self.now - since).days
        yield self.action(
            ActionKind.KEEP_IN_TOUCH,
            f"keep_in_touch:{contact.id}:{due.date().isoformat()}",
            f"Check in with {contact.name} ({contact.ring.name.lower()}, "
            f"{days} days since you were last in touch): "
            f"{self.ring_nudge(contact)}.",
            due,
            contact=contact,
        )
        drift = funnel.drift(self.state, contact, self.now)
        if drift is not None:
            yield self.action(
                ActionKind.DRIFT,
                f"drift:{contact.id}:{drift.since.date().isoformat()}",
                f"{contact.name} has had no attention for {days} days, over "
                f"{funnel.DRIFT_FACTOR} times the {cadence.days}-day cadence: "
                f"reconnect, or move them to {drift.to_ring.name}.",
                drift.since + drift.cadence * funnel.DRIFT_FACTOR,
                contact=contact,
            )

    def ring_nudge(self, contact: Contact) -> str:
        """What a check-in is for; never an ask of someone who may not
        introduce (the management chain in an internal move)."""
        if contact.ring is Ring.BUDDY and not self.may_introduce(contact):
            return "keep it strong"
        return _RING_NUDGE[contact.ring]

    def give(self, contact: Contact) -> Iterator[Action | None]:
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

    def for_targets(self, targets: list[Contact]) -> Iterator[Action]:
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

    def approach(self, target: Contact, stage: Stage) -> Iterator[Action]:
        if target.ring is Ring.COLD and stage is Stage.NOT_APPROACHED:
            paths = intro.introduction_paths(
                self.state,
                target.id,
                exclude=self.excluded,
                introducers=self.may_introduce,
            )
            if paths:
                via = self.state.contacts[paths[0].introducer_id]
                ask_at, give_key = self.now, None
                if not ledger.has_given(self.state, via.id):
                    # Give first, ask a day later; the give sorts with the ask.
                    ask_at = self.now + _GIVE_BEFORE_ASK
                    give_key = f"give:{via.id}:before:{target.id}"
                    action = self.action(
                        ActionKind.GIVE,
                        give_key,
                        f"Give {via.name} something of value before asking them to "
                        f"introduce you to {target.name}.",
                        self.now,
                        contact=via,
                        priority_of=ActionKind.REQUEST_INTRO,
                    )
                    if action:
                        yield action
                action = self.action(
                    ActionKind.REQUEST_INTRO,
                    f"request_intro:{target.id}:{via.id}",
                    f"Ask {via.name} ({', '.join(paths[0].reasons)}) to introduce "
                    f"you to {target.name}.",
                    ask_at,
                    contact=target,
                    via=via,
                    after=give_key,
                )
                if action:
                    yield action
                return
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

    def find_contacts(self) -> Iterator[Action]:
        for group in self.strategy.target_groups(self.goal):
            known = [
                c
                for c in self.strategy.group_members(self.state, group)
                if not self.excluded(c)
            ]
            if known:
                continue
            action = self.action(
                ActionKind.FIND_CONTACT,
                f"find_contact:{normalise(group)}",
                f"You know nobody in {group} yet: ask your buddies whom they know "
                "there, or meet people at a professional event.",
                self.now,
            )
            if action:
                yield action

    def exposure(self) -> Iterator[Action]:
        recent = any(
            self.now - c.added_at < HORIZON for c in self.state.contacts.values()
        )
        if recent:
            return
        action = self.action(
            ActionKind.EXPOSURE,
            f"exposure:{_week(self.now)}",
            "Add someone new to your network this week: a professional meeting, "
            "a short article, or helping a team elsewhere.",
            self.now,
        )
        if action:
            yield action
