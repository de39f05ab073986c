"""Some will, some won't, so what, next.

Where an approach stands. A reply moves things on; a decline is recorded
without drama and the contact rests; silence gets exactly one nudge after
:data:`NUDGE_AFTER`, and if that meets silence too the contact rests for
:data:`REST_FOR` while the plan moves on to the next person.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ._validators import require_aware
from .model import Interaction, InteractionKind, MeetingStatus
from .view import Settled

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "NEVER",
    "NUDGE_AFTER",
    "REST_FOR",
    "Outreach",
    "Stage",
    "outreach",
    "quiet_from",
    "settled",
    "standing",
]

NUDGE_AFTER = dt.timedelta(days=7)
"""How long to wait in silence before the one nudge."""

REST_FOR = dt.timedelta(days=90)
"""How long a contact who declined, or stayed silent after a nudge, rests."""


class Stage(enum.Enum):
    """Where an approach to a contact stands."""

    NOT_APPROACHED = "not_approached"
    """Nothing asked yet, or a past rest is over."""
    AWAITING = "awaiting"
    """Reached out; waiting for an answer."""
    NUDGE_DUE = "nudge_due"
    """Silence past the wait: one nudge is due."""
    NUDGED = "nudged"
    """Nudged once; waiting again."""
    RESTING = "resting"
    """Declined or stayed silent: leave them be and move on."""
    ENGAGED = "engaged"
    """They answered or met: the conversation is going."""


@attrs.frozen(kw_only=True)
class Outreach:
    """Where an approach to one contact stands at a moment.

    Attributes:
        stage: The stage.
        since: When the stage began (the outreach, the nudge, the decline).
        until: When it changes by itself: a nudge falls due, a rest ends.
    """

    stage: Stage
    since: dt.datetime | None = None
    until: dt.datetime | None = None


_RESPONSES = {
    InteractionKind.REPLY,
    InteractionKind.INTRODUCED,
    InteractionKind.MESSAGE,
}


NEVER: dt.datetime = dt.datetime.min.replace(tzinfo=dt.UTC)
"""The moment :func:`settled` gives a contact never approached."""


_EVENTS: dict[str, str] = {
    InteractionKind.OUTREACH.value: "ask",
    InteractionKind.NUDGE.value: "nudge",
    InteractionKind.DECLINE.value: "decline",
    **{kind.value: "answer" for kind in _RESPONSES},
}
"""The event each kind of interaction is to an approach, by the kind's
value: a string's hash is kept, an enum member's is computed in Python."""


def _events(state: NetworkView, contact_id: str) -> list[tuple[dt.datetime, str]]:
    labels = _EVENTS
    events = [
        (interaction.at, label)
        for interaction in state.interactions_with(contact_id)
        if (label := labels.get(interaction.kind._value_)) is not None
    ]
    for meeting in state.meetings_with(contact_id):
        events.append((meeting.created_at, "answer"))
        if meeting.status is MeetingStatus.DECLINED:
            events.append((meeting.updated_at, "decline"))
        elif meeting.status is MeetingStatus.NO_RESPONSE:
            events.append((meeting.scheduled_at, "ask"))
    events.sort()
    return events


def settled(interactions: Sequence[Interaction]) -> Settled | None:
    """Where the approaches in ``interactions`` (in time order) end, for a
    contact with no meetings; ``None`` while an ask awaits its nudge.

    Whatever nudges follow, :func:`outreach` from :func:`quiet_from` on says
    ``NOT_APPROACHED`` or ``ENGAGED``: a nudge changes only an open ask. The
    network keeps this per contact, as an index the planner reads.
    """
    last: tuple[dt.datetime, str] | None = None
    for interaction in reversed(interactions):
        if last is not None and interaction.at < last[0]:
            break  # earlier than the last event: it cannot be the last
        kind = interaction.kind
        if kind is InteractionKind.OUTREACH:
            event = (interaction.at, "ask")
        elif kind is InteractionKind.DECLINE:
            event = (interaction.at, "decline")
        elif (
            kind is InteractionKind.REPLY
            or kind is InteractionKind.INTRODUCED
            or kind is InteractionKind.MESSAGE
        ):
            event = (interaction.at, "answer")
        else:
            continue  # a nudge, or nothing to an approach
        if last is None or event > last:
            last = event
    if last is None:
        return Settled(NEVER)
    at, label = last
    if label == "answer":
        return Settled(at)
    if label == "decline":
        return Settled(at, rests=True)
    # The first nudge after the ask (one at the same moment sorts after it).
    nudges = [
        i.at for i in interactions if i.kind is InteractionKind.NUDGE and i.at >= at
    ]
    return Settled(min(nudges), nudged=True, rests=True) if nudges else None


def quiet_from(
    found: Settled,
    *,
    nudge_after: dt.timedelta = NUDGE_AFTER,
    rest_for: dt.timedelta = REST_FOR,
) -> dt.datetime | None:
    """The moment from which :func:`settled`'s contact has nothing open;
    ``None`` past the last moment a datetime holds."""
    at = found.at
    try:
        if found.nudged:
            at += nudge_after
        if found.rests:
            at += rest_for
    except OverflowError:
        return None
    return at


def _replay(
    events: list[tuple[dt.datetime, str]],
) -> tuple[Stage, dt.datetime | None]:
    """The stage the events lead to, and when it began."""
    stage, since = Stage.NOT_APPROACHED, None
    for at, event in events:
        if event == "ask":
            stage, since = Stage.AWAITING, at
        elif event == "nudge" and stage is Stage.AWAITING:
            stage, since = Stage.NUDGED, at
        elif event == "answer":
            stage, since = Stage.ENGAGED, at
        elif event == "decline":
            stage, since = Stage.RESTING, at
    return stage, since


def outreach(
    state: NetworkView,
    contact_id: str,
    now: dt.datetime,
    *,
    nudge_after: dt.timedelta = NUDGE_AFTER,
    rest_for: dt.timedelta = REST_FOR,
) -> Outreach:
    """Where the approach to ``contact_id`` stands at ``now``."""
    require_aware("now", now)
    return standing(state, contact_id, now, nudge_after, rest_for)


def standing(
    state: NetworkView,
    contact_id: str,
    now: dt.datetime,
    nudge_after: dt.timedelta,
    rest_for: dt.timedelta,
) -> Outreach:
    """:func:`outreach` for a ``now`` the caller has checked already (the
    planner checks its moment once, then asks for every contact it visits)."""
    events = state.derived(
        contact_id, "approach-events", lambda: _events(state, contact_id)
    )
    if events and events[-1][0] <= now:  # the usual case: nothing after now
        stage, since = state.derived(contact_id, "approach", lambda: _replay(events))
    else:
        stage, since = _replay([e for e in events if e[0] <= now])
    if since is None:
        return Outreach(stage=Stage.NOT_APPROACHED)
    if stage is Stage.AWAITING and now >= since + nudge_after:
        return Outreach(stage=Stage.NUDGE_DUE, since=since, until=since + nudge_after)
    if stage is Stage.NUDGED and now >= since + nudge_after:
        stage, since = Stage.RESTING, since + nudge_after
    if stage is Stage.RESTING:
        until = since + rest_for
        if now >= until:
            return Outreach(stage=Stage.NOT_APPROACHED, since=until)
        return Outreach(stage=stage, since=since, until=until)
    if stage in (Stage.AWAITING, Stage.NUDGED):
        return Outreach(stage=stage, since=since, until=since + nudge_after)
    return Outreach(stage=stage, since=since)
