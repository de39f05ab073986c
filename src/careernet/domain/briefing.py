"""The meeting brief: what to know before a coffee, a lunch or a call.

A networking meeting is a focused conversation: the seeker arrives knowing
who the person is and how they met, what has passed between them, where the
give-and-take stands, what they could offer, the questions they prepared
(checked: never ask for a job or who is hiring), questions that fit the goal
and the scenario, and whom to ask for next, since every meeting should end
by asking for another contact.

:func:`brief` builds one from a read-only view and a strategy;
:meth:`Brief.lines` words it for a channel, in full or neutral (for a
discreet search: no company, purpose, questions or search words), so a
calendar's prepare event or a reminder can carry it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from . import ledger
from .errors import InvalidValueError
from .ledger import Balance
from .model import (
    Contact,
    Goal,
    LedgerKind,
    Meeting,
    MeetingStatus,
    Ring,
    Scenario,
)
from .questions import QuestionFlag, check_meeting
from .vocab import words

if TYPE_CHECKING:
    from .strategies import Strategy
    from .view import NetworkView

__all__ = ["Brief", "brief", "calendar_lines"]

_HISTORY = 6  # the latest exchanges a brief lists
_RING_WORDS = {
    Ring.BUDDY: "a buddy: knows you well and would recommend you",
    Ring.STRATEGIC: "a strategic ally you cultivate",
    Ring.LUKEWARM: "lukewarm: has heard of you, not yet of your work",
    Ring.COLD: "cold: has not heard of you before this meeting",
}


@attrs.frozen(kw_only=True)
class Brief:
    """What to know before one meeting.

    Attributes:
        meeting_id: The meeting.
        contact_id: Whom it is with.
        name: Their name.
        when: When it starts.
        kind: Coffee, lunch, call, video...
        who: Who they are: role, organisation, field, ring.
        how_met: How the seeker met them, and who introduced them.
        history: The latest exchanges, oldest first, one line each.
        balance: The ledger counts with them.
        standing: The ledger balance in a sentence.
        offer: What the seeker could offer them.
        purpose: The meeting's purpose.
        outcome_sought: The outcome sought.
        questions: The prepared questions.
        flags: Prepared questions (or the purpose) to put differently.
        suggested: Questions that fit the goal and the scenario.
        ask_next: Whom to ask for next.
        story: The seeker's story that fits this person best, if they keep
            any (:attr:`~careernet.domain.model.Seeker.stories`).
    """

    meeting_id: str
    contact_id: str
    name: str
    when: dt.datetime
    kind: str
    who: str
    how_met: str
    history: tuple[str, ...]
    balance: Balance
    standing: str
    offer: tuple[str, ...]
    purpose: str
    outcome_sought: str
    questions: tuple[str, ...]
    flags: tuple[QuestionFlag, ...]
    suggested: tuple[str, ...]
    ask_next: tuple[str, ...]
    story: str | None = None

    def lines(self, *, neutral: bool = False) -> tuple[str, ...]:
        """The brief as text lines; ``neutral`` keeps only what any reader
        may see (no company, purpose, questions or search words)."""
        if neutral:
            return (
                (
                    f"{self.kind.capitalize()} with {self.name}, "
                    f"{self.when:%a %d %b %H:%M}."
                ),
                "Look over your notes on them and what you last talked about.",
                "Bring one thing you could do for them.",
                "Before you part, ask whom else they would suggest you meet.",
            )
        out = [
            f"{self.kind.capitalize()} with {self.name}, {self.when:%a %d %b %H:%M}.",
            f"Who: {self.who}.",
            f"How you met: {self.how_met}.",
            f"Ledger: {self.standing}",
        ]
        if self.history:
            out.append("History:")
            out += [f"  - {line}" for line in self.history]
        out.append(f"Purpose: {self.purpose}")
        if self.outcome_sought:
            out.append(f"Outcome sought: {self.outcome_sought}")
        if self.offer:
            out.append("What you could offer:")
            out += [f"  - {line}" for line in self.offer]
        if self.questions:
            out.append("Your questions:")
            out += [f"  - {line}" for line in self.questions]
        for flag in self.flags:
            out.append(f"  ! {flag}")
        if self.story:
            out.append(f"Story to tell: {self.story}")
        out.append("Questions to consider:")
        out += [f"  - {line}" for line in self.suggested]
        out.append("Whom to ask for next:")
        out += [f"  - {line}" for line in self.ask_next]
        return tuple(out)

    def text(self, *, neutral: bool = False) -> str:
        """The brief as one text, a line each."""
        return "\n".join(self.lines(neutral=neutral))


def brief(
    state: NetworkView,
    strategy: Strategy,
    meeting_id: str,
    *,
    goal: Goal | None = None,
) -> Brief:
    """The brief for a pending meeting.

    ``goal`` defaults to the network's active goal.

    Raises:
        UnknownIdError: No meeting has this id.
        InvalidValueError: The meeting is not pending (held, cancelled...).
    """
    meeting = state.meeting(meeting_id)
    if not meeting.status.pending:
        raise InvalidValueError(
            f"The {meeting.kind.value} {meeting_id!r} is {meeting.status.value}, not "
            "upcoming: a brief is for a meeting still ahead. Look at its notes "
            "instead."
        )
    goal = goal if goal is not None else state.active_goal
    contact = state.contact(meeting.contact_id)
    counts = ledger.balance(state, contact.id)
    story = _story(state, contact, meeting, goal)
    suggested = _suggested(state, strategy, contact, goal)
    if story:
        told = " ".join(story.split()).rstrip(".!")
        suggested = (
            (
                f"Here is something I did: {told}. What kinds of organisations "
                "could use that, and where could I do it next?"
            ),
            *suggested,
        )
    return Brief(
        meeting_id=meeting.id,
        contact_id=contact.id,
        name=contact.name,
        when=meeting.scheduled_at,
        kind=meeting.kind.value,
        who=_who(contact),
        how_met=_how_met(state, strategy, contact, goal),
        history=_history(state, contact, meeting),
        balance=counts,
        standing=_standing(contact, counts),
        offer=_offer(state, strategy, contact, goal),
        purpose=meeting.purpose,
        outcome_sought=meeting.outcome_sought,
        questions=meeting.questions,
        flags=check_meeting(meeting),
        suggested=suggested,
        ask_next=_ask_next(state, strategy, contact, goal),
        story=story,
    )


def _story(
    state: NetworkView, contact: Contact, meeting: Meeting, goal: Goal | None
) -> str | None:
    """The story sharing most words with the person, the meeting and the goal."""
    stories = state.seeker.stories
    if not stories:
        return None
    context = {
        word
        for text in (
            contact.field,
            contact.role,
            contact.company,
            meeting.purpose,
            meeting.outcome_sought,
            *(goal.target_fields if goal else ()),
            *(goal.target_roles if goal else ()),
        )
        for word in words(text)
        if len(word) > 3
    }
    return max(stories, key=lambda s: (len(context & set(words(s))), -stories.index(s)))


def _who(contact: Contact) -> str:
    parts = []
    if contact.role and contact.company:
        parts.append(f"{contact.role} at {contact.company}")
    elif contact.role or contact.company:
        parts.append(contact.role or f"at {contact.company}")
    if contact.field:
        parts.append(f"works in {contact.field}")
    parts.append(_RING_WORDS[contact.ring])
    if contact.tribe:
        parts.append("one of your tribe")
    if contact.fan_club:
        parts.append("in your fan club")
    return "; ".join(parts)


def _how_met(
    state: NetworkView, strategy: Strategy, contact: Contact, goal: Goal | None
) -> str:
    said = []
    if contact.how_met:
        said.append(" ".join(contact.how_met.split()).rstrip("."))
    if contact.introduced_by and contact.introduced_by in state.contacts:
        referrer = state.contacts[contact.introduced_by]
        if not strategy.is_excluded(referrer, state, goal):
            said.append(f"introduced by {referrer.name}")
    if not said:
        said.append(f"added to your network on {contact.added_at:%d %b %Y}")
    return "; ".join(said)


def _history(state: NetworkView, contact: Contact, meeting: Meeting) -> tuple[str, ...]:
    events: list[tuple[dt.datetime, str]] = []
    for other in state.meetings_with(contact.id):
        if other.id != meeting.id and other.status is not MeetingStatus.SCHEDULED:
            events.append(
                (
                    other.scheduled_at,
                    (
                        f"{other.scheduled_at:%d %b %Y}: {other.kind.value} "
                        f"({other.status.name.lower()}): {_one_line(other.purpose)}"
                    ),
                )
            )
    for interaction in state.interactions_with(contact.id):
        note = f": {_one_line(interaction.note)}" if interaction.note.strip() else ""
        events.append(
            (
                interaction.at,
                f"{interaction.at:%d %b %Y}: {interaction.kind.value}{note}",
            )
        )
    for entry in state.entries_with(contact.id):
        events.append(
            (
                entry.at,
                (
                    f"{entry.at:%d %b %Y}: {_LEDGER_WORDS[entry.kind]} "
                    f"{_one_line(entry.what)}"
                ),
            )
        )
    events.sort(key=lambda e: e[0])
    if not events:
        return ("Nothing recorded yet: this is your first exchange.",)
    return tuple(line for _, line in events[-_HISTORY:])


_LEDGER_WORDS = {
    LedgerKind.GIVE: "you gave",
    LedgerKind.ASK: "you asked for",
    LedgerKind.RECEIVED: "they helped with",
    LedgerKind.THANKS: "you thanked them for",
    LedgerKind.REQUEST: "they asked you for",
}


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 120 else f"{line[:117]}..."


def _standing(contact: Contact, counts: Balance) -> str:
    said = (
        f"you gave {counts.gives}, asked {counts.asks}, received {counts.received}, "
        f"thanked {counts.thanks}."
    )
    if counts.credit > 0:
        return f"{said} The balance supports asking for advice or a name."
    if counts.gives == 0:
        return (
            f"{said} You have not given {contact.name} anything yet: bring "
            "something of value before you ask."
        )
    return f"{said} You have taken more than you gave: give before you ask again."


def _offer(
    state: NetworkView, strategy: Strategy, contact: Contact, goal: Goal | None
) -> tuple[str, ...]:
    offer = [
        f"Answer their request: {_one_line(request.what)}."
        for request in ledger.open_requests(state, contact.id)
    ]
    topic = contact.field or (f"{contact.company}'s market" if contact.company else "")
    if topic:
        offer.append(
            f"An article or a piece of news on {topic} they may not have seen."
        )
    peers = [
        other
        for other in state.contacts.values()
        if other.id != contact.id
        and other.ring in (Ring.BUDDY, Ring.STRATEGIC)
        and other.id not in contact.knows
        and contact.id not in other.knows
        and not strategy.is_excluded(other, state, goal)
        and (
            (contact.field and other.field == contact.field)
            or (contact.company and other.company == contact.company)
        )
    ]
    for other in sorted(peers, key=lambda c: (c.ring.depth, c.name.casefold()))[:2]:
        offer.append(f"An introduction to {other.name}, whom you know well.")
    seeker = state.seeker
    if seeker.field:
        offer.append(
            f"What you know of {seeker.field}, or a hand with a problem there."
        )
    offer.append("Ask what they are working on and where you could help.")
    return tuple(offer)


def _suggested(
    state: NetworkView, strategy: Strategy, contact: Contact, goal: Goal | None
) -> tuple[str, ...]:
    field = contact.field or "your field"
    own = state.seeker.field or "what I do best"
    scenario = strategy.scenario
    if scenario == Scenario.CAREER_CHANGE:
        wanted = ", ".join(sorted(goal.target_fields)) if goal else field
        return (
            f"How did you come into {field}, and what would you do differently?",
            f"What does a usual week in {field} look like?",
            f"Which of my strengths in {own} carry over into {wanted or field}?",
            "Who else should I talk to, to decide whether this path is for me?",
        )
    if scenario == Scenario.INTERNAL_MOVE:
        return (
            "What is your team working on this year, and what does it need most?",
            "How do people usually move between teams here?",
            f"Where in the company could {own} make the biggest difference?",
            "Whom else here would you suggest I get to know?",
        )
    if scenario == Scenario.MAINTAIN:
        return (
            "What are you working on, and where could I help?",
            "What is changing in your field that I should know about?",
            "Is there someone you would like to meet whom I could introduce?",
        )
    where = contact.company or "your organisation"
    return (
        f"What kinds of organisations could use {own}, and why?",
        f"What problems is {where} trying to solve this year?",
        "Where would you suggest I look, and who should I talk to next?",
        "How would you tell my story to someone who does not know me?",
    )


def _ask_next(
    state: NetworkView, strategy: Strategy, contact: Contact, goal: Goal | None
) -> tuple[str, ...]:
    asks: list[str] = []
    for group in strategy.target_groups(goal):
        known = [
            c
            for c in strategy.group_members(state, group)
            if not strategy.is_excluded(c, state, goal)
        ]
        if not known:
            asks.append(f"Whom do they know in {group}? You know nobody there yet.")
    near = {*contact.knows, *(c.id for c in state.at_company(contact.company))}
    near |= {c.id for c in state.contacts.values() if contact.id in c.knows}
    targets = [
        c
        for c in (state.contacts[i] for i in sorted(near) if i in state.contacts)
        if c.ring is Ring.COLD
        and c.id != contact.id
        and strategy.is_target(c, state, goal)
    ]
    for target in sorted(targets, key=lambda c: c.name.casefold())[:3]:
        asks.append(f"Would they introduce you to {target.name}?")
    asks.append("Whom else would they suggest you meet, and may you say they sent you?")
    return tuple(asks)


def calendar_lines(brief: Brief, *, describe: bool, neutral: bool) -> tuple[str, ...]:
    """The brief as a calendar's prepare event describes it.

    With ``describe``: the purpose, outcome and questions first (a flagged
    question replaced by its better form, never repeated), then who, how
    met, the ledger, what to offer, questions to consider and whom to ask
    for next. Without it, on a ``neutral`` channel: the neutral lines only;
    otherwise nothing.
    """
    if not describe:
        return brief.lines(neutral=True) if neutral else ()
    lines = [f"Purpose: {brief.purpose}"]
    if brief.outcome_sought:
        lines.append(f"Outcome sought: {brief.outcome_sought}")
    flagged = {flag.question: flag.better for flag in brief.flags}
    lines += [f"Ask: {flagged.get(q, q)}" for q in brief.questions]
    lines += [
        f"Who: {brief.who}",
        f"How you met: {brief.how_met}",
        f"Ledger: {brief.standing}",
    ]
    lines += [f"Offer: {line}" for line in brief.offer]
    if brief.story:
        lines.append(f"Story to tell: {brief.story}")
    lines += [f"Consider asking: {line}" for line in brief.suggested]
    lines += [f"Next: {line}" for line in brief.ask_next]
    return tuple(lines)
