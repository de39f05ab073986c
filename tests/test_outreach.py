"""Some will, some won't, so what, next: where an approach stands."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from careernet.domain import (
    InteractionKind,
    MeetingStatus,
    NetworkState,
    Outreach,
    Stage,
    UnknownIdError,
    outreach,
)
from careernet.domain.approaches import NUDGE_AFTER, REST_FOR
from tests import builders
from tests.builders import days, log
from tests.conftest import NOW, ContactFactory

SECOND = dt.timedelta(seconds=1)


meet = partial(
    builders.meet,
    status=MeetingStatus.SCHEDULED,
    purpose="Ask where analytics skills are in demand",
)
"""A meeting at the time given, still scheduled unless a ``status`` says otherwise."""


def test_the_defaults_are_a_week_of_silence_and_a_season_of_rest() -> None:
    assert days(7) == NUDGE_AFTER
    assert days(90) == REST_FOR


def test_a_contact_never_approached_is_not_approached(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    assert outreach(empty, ann.id, NOW) == Outreach(stage=Stage.NOT_APPROACHED)


def test_after_outreach_the_seeker_awaits_an_answer(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(3))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.AWAITING, since=asked.at, until=asked.at + NUDGE_AFTER
    )


def test_silence_for_the_nudge_wait_makes_a_nudge_due(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))

    result = outreach(empty, ann.id, NOW)

    assert result.stage is Stage.NUDGE_DUE
    assert result.since == asked.at


def test_a_nudge_falls_due_exactly_at_the_nudge_wait(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    due = asked.at + NUDGE_AFTER

    assert outreach(empty, ann.id, due - SECOND).stage is Stage.AWAITING
    assert outreach(empty, ann.id, due).stage is Stage.NUDGE_DUE


def test_silence_without_a_nudge_keeps_the_nudge_due(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(200))

    assert outreach(empty, ann.id, NOW).stage is Stage.NUDGE_DUE


def test_after_the_nudge_the_seeker_waits_again(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))
    nudge = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(2))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.NUDGED, since=nudge.at, until=nudge.at + NUDGE_AFTER
    )


def test_silence_after_the_nudge_rests_the_contact(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    nudge = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(20))
    rest_from = nudge.at + NUDGE_AFTER

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.RESTING, since=rest_from, until=rest_from + REST_FOR
    )


def test_the_rest_begins_exactly_at_the_nudge_wait(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    nudge = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(20))
    rest_from = nudge.at + NUDGE_AFTER

    assert outreach(empty, ann.id, rest_from - SECOND).stage is Stage.NUDGED
    assert outreach(empty, ann.id, rest_from).stage is Stage.RESTING


def test_a_second_nudge_does_not_restart_the_wait(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    first = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(20))
    log(empty, ann.id, InteractionKind.NUDGE, NOW - days(1))

    result = outreach(empty, ann.id, NOW)

    assert result.stage is Stage.RESTING
    assert result.since == first.at + NUDGE_AFTER


def test_a_nudge_without_an_outreach_is_not_an_approach(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.NUDGE, NOW - days(1))

    assert outreach(empty, ann.id, NOW).stage is Stage.NOT_APPROACHED


def test_a_decline_rests_the_contact(empty: NetworkState, add: ContactFactory) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(5))
    no = log(empty, ann.id, InteractionKind.DECLINE, NOW - days(3))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.RESTING, since=no.at, until=no.at + REST_FOR
    )


def test_a_declined_meeting_rests_the_contact(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))
    meeting = meet(
        empty,
        ann.id,
        NOW + days(2),
        created_at=NOW - days(8),
        status=MeetingStatus.DECLINED,
        result_at=NOW - days(4),
    )

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.RESTING,
        since=meeting.updated_at,
        until=meeting.updated_at + REST_FOR,
    )


def test_after_the_rest_the_contact_may_be_approached_again(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    no = log(empty, ann.id, InteractionKind.DECLINE, NOW - days(100))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.NOT_APPROACHED, since=no.at + REST_FOR
    )


def test_the_rest_ends_exactly_after_the_rest_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    no = log(empty, ann.id, InteractionKind.DECLINE, NOW - days(200))
    rest_end = no.at + REST_FOR

    assert outreach(empty, ann.id, rest_end - SECOND).stage is Stage.RESTING
    assert outreach(empty, ann.id, rest_end).stage is Stage.NOT_APPROACHED


def test_the_rest_after_a_nudge_ends_after_the_rest_period(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(300))
    nudge = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(290))
    rest_end = nudge.at + NUDGE_AFTER + REST_FOR

    assert outreach(empty, ann.id, rest_end - SECOND).stage is Stage.RESTING
    assert outreach(empty, ann.id, rest_end).stage is Stage.NOT_APPROACHED


def test_a_new_outreach_after_the_rest_awaits_again(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.DECLINE, NOW - days(120))
    again = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(1))

    result = outreach(empty, ann.id, NOW)

    assert result.stage is Stage.AWAITING
    assert result.since == again.at


@pytest.mark.parametrize(
    "kind",
    [InteractionKind.REPLY, InteractionKind.INTRODUCED, InteractionKind.MESSAGE],
)
def test_an_answer_engages_the_contact(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))
    answer = log(empty, ann.id, kind, NOW - days(2))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.ENGAGED, since=answer.at
    )


def test_a_reply_after_the_nudge_engages_the_contact(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    log(empty, ann.id, InteractionKind.NUDGE, NOW - days(20))
    reply = log(empty, ann.id, InteractionKind.REPLY, NOW - days(15))

    assert outreach(empty, ann.id, NOW) == Outreach(stage=Stage.ENGAGED, since=reply.at)


@pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.HELD])
def test_a_meeting_engages_the_contact(
    empty: NetworkState, add: ContactFactory, status: MeetingStatus
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))
    meeting = meet(
        empty, ann.id, NOW - days(1), created_at=NOW - days(8), status=status
    )

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.ENGAGED, since=meeting.created_at
    )


def test_an_engaged_contact_is_never_nudged(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(300))
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(299))

    assert outreach(empty, ann.id, NOW).stage is Stage.ENGAGED


# -- custom waits --------------------------------------------------------------


def test_a_shorter_nudge_wait_makes_the_nudge_due_sooner(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(3))

    assert outreach(empty, ann.id, NOW).stage is Stage.AWAITING
    custom = outreach(empty, ann.id, NOW, nudge_after=days(3))
    assert custom.stage is Stage.NUDGE_DUE


def test_a_longer_nudge_wait_keeps_awaiting(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))

    assert outreach(empty, ann.id, NOW, nudge_after=days(14)) == Outreach(
        stage=Stage.AWAITING, since=asked.at, until=asked.at + days(14)
    )


def test_a_custom_nudge_wait_sets_when_the_rest_begins(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(10))
    nudge = log(empty, ann.id, InteractionKind.NUDGE, NOW - days(4))

    assert outreach(empty, ann.id, NOW).stage is Stage.NUDGED
    custom = outreach(empty, ann.id, NOW, nudge_after=days(3))
    assert custom.stage is Stage.RESTING
    assert custom.since == nudge.at + days(3)


def test_a_custom_rest_period_sets_when_the_rest_ends(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    no = log(empty, ann.id, InteractionKind.DECLINE, NOW - days(40))

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.RESTING, since=no.at, until=no.at + REST_FOR
    )
    assert outreach(empty, ann.id, NOW, rest_for=days(30)) == Outreach(
        stage=Stage.NOT_APPROACHED, since=no.at + days(30)
    )
    assert outreach(empty, ann.id, NOW, rest_for=days(60)) == Outreach(
        stage=Stage.RESTING, since=no.at, until=no.at + days(60)
    )


# -- time ----------------------------------------------------------------------


def test_an_outreach_after_now_is_ignored(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW + days(1))

    assert outreach(empty, ann.id, NOW) == Outreach(stage=Stage.NOT_APPROACHED)


@pytest.mark.parametrize(
    "kind",
    [InteractionKind.REPLY, InteractionKind.DECLINE, InteractionKind.NUDGE],
)
def test_events_after_now_do_not_change_the_stage(
    empty: NetworkState, add: ContactFactory, kind: InteractionKind
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(2))
    log(empty, ann.id, kind, NOW + SECOND)

    assert outreach(empty, ann.id, NOW) == Outreach(
        stage=Stage.AWAITING, since=asked.at, until=asked.at + NUDGE_AFTER
    )


def test_an_event_exactly_at_now_counts(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(2))
    reply = log(empty, ann.id, InteractionKind.REPLY, NOW)

    assert outreach(empty, ann.id, NOW) == Outreach(stage=Stage.ENGAGED, since=reply.at)


def test_a_meeting_arranged_after_now_is_ignored(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(2))
    meet(empty, ann.id, NOW + days(5), created_at=NOW + days(1))

    result = outreach(empty, ann.id, NOW)

    assert result.stage is Stage.AWAITING
    assert result.since == asked.at


def test_the_stage_can_be_asked_for_any_moment(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    asked = log(empty, ann.id, InteractionKind.OUTREACH, NOW - days(30))
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(20))

    assert outreach(empty, ann.id, asked.at - SECOND).stage is Stage.NOT_APPROACHED
    assert outreach(empty, ann.id, NOW - days(25)).stage is Stage.AWAITING
    assert outreach(empty, ann.id, NOW - days(21)).stage is Stage.NUDGE_DUE
    assert outreach(empty, ann.id, NOW).stage is Stage.ENGAGED


# -- the sample network and ids ------------------------------------------------


@pytest.mark.parametrize(
    ("contact_id", "stage"),
    [
        ("chen", Stage.NOT_APPROACHED),
        ("ken", Stage.NUDGE_DUE),
        ("olga", Stage.RESTING),
        ("grace", Stage.ENGAGED),
        ("jordan", Stage.ENGAGED),
    ],
)
def test_stages_in_the_sample_network(
    network: NetworkState, contact_id: str, stage: Stage
) -> None:
    assert outreach(network, contact_id, NOW).stage is stage


def test_outreach_to_an_unknown_contact_is_an_error(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        outreach(empty, "nobody", NOW)
