"""What a channel may say: the one wording reminders and calendars share."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from careernet.domain import ActionKind, Meeting, MeetingKind, Privacy
from careernet.domain.wording import (
    DISCREET_CALENDAR_NAME,
    SEARCH_WORDS,
    Wording,
    is_neutral,
)
from tests.conftest import NOW

NEUTRAL = Wording.for_channel(Privacy.DISCREET)
FULL = Wording.for_channel(Privacy.OPEN)

MEETING = Meeting(
    id="m1",
    contact_id="ken",
    scheduled_at=NOW + dt.timedelta(days=1),
    created_at=NOW,
    purpose="Hear how Globex hires, for my job search",
    kind=MeetingKind.COFFEE,
    outcome_sought="A referral for the open position",
    questions=("Is your team hiring?", "What does a good first year look like?"),
    location="Globex HQ, recruiting floor",
)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.casefold()))


@pytest.mark.parametrize(
    ("privacy", "private", "neutral"),
    [
        (Privacy.DISCREET, False, True),
        (Privacy.DISCREET, True, False),
        (Privacy.OPEN, False, False),
        (Privacy.OPEN, True, False),
    ],
)
def test_only_a_discreet_strategy_on_a_shared_channel_is_neutral(
    privacy: Privacy, *, private: bool, neutral: bool
) -> None:
    assert is_neutral(privacy, private=private) is neutral
    wording = Wording.for_channel(privacy, private=private)
    assert wording.neutral is neutral
    assert wording.describe is not neutral
    assert wording.shows_company is not neutral
    assert wording.marks_private is neutral


def test_the_calendar_name() -> None:
    assert NEUTRAL.calendar_name("Alex") == DISCREET_CALENDAR_NAME == "Appointments"
    assert FULL.calendar_name("Alex") == "careernet: Alex"


def test_a_neutral_meeting_title_leaves_the_company_out() -> None:
    assert NEUTRAL.meeting_title(MeetingKind.COFFEE, "Ken", "Globex") == (
        "Coffee with Ken"
    )
    assert FULL.meeting_title(MeetingKind.COFFEE, "Ken", "Globex") == (
        "Coffee with Ken (Globex)"
    )
    assert FULL.meeting_title(MeetingKind.LUNCH, "Ken", None) == "Lunch with Ken"
    assert NEUTRAL.prepare_title("Coffee with Ken") == "Prepare: Coffee with Ken"
    assert NEUTRAL.cancelled_title("Coffee with Ken") == "Cancelled: Coffee with Ken"


FOLLOW_UPS = [
    ActionKind.THANK,
    ActionKind.PREPARE,
    ActionKind.NUDGE,
    ActionKind.FOLLOW_UP,
    ActionKind.KEEP_IN_TOUCH,
]
"""The actions reminders and calendar events are made of."""


@pytest.mark.parametrize("kind", FOLLOW_UPS, ids=lambda k: k.value)
def test_action_titles_hold_the_name_and_no_search_word(kind: ActionKind) -> None:
    title = NEUTRAL.action_title(kind, "Ken")
    assert "Ken" in title
    assert not words(title) & SEARCH_WORDS
    assert FULL.action_title(kind, "Ken") == title
    assert NEUTRAL.headline(kind, "Ken", "Thank Ken for the job lead") == title
    assert FULL.headline(kind, "Ken", "Thank Ken for the job lead") == (
        "Thank Ken for the job lead"
    )


def test_neutral_wording_leaves_every_detail_out() -> None:
    assert NEUTRAL.meeting_detail(MEETING) == ()
    assert NEUTRAL.meeting_reminder_detail(MEETING) == ()
    assert NEUTRAL.location(MEETING) is None
    assert NEUTRAL.reason("Ask the recruiter about the opening") == ()


def test_the_full_wording_describes_without_repeating_a_flagged_question() -> None:
    detail = FULL.meeting_reminder_detail(MEETING)
    assert detail[:2] == (
        f"Purpose: {MEETING.purpose}",
        f"Outcome sought: {MEETING.outcome_sought}",
    )
    assert detail[-1] == "Where: Globex HQ, recruiting floor"
    asks = [line for line in detail if line.startswith("Ask: ")]
    assert len(asks) == 2
    assert "Ask: What does a good first year look like?" in asks
    assert not any("hiring" in line.casefold() for line in asks)
    assert FULL.meeting_detail(MEETING) == detail[:-1]


def test_a_discreet_calendar_can_opt_in_to_descriptions() -> None:
    wording = Wording.for_channel(Privacy.DISCREET, describe=True)
    assert wording.neutral
    assert wording.describe
    assert wording.meeting_detail(MEETING) == FULL.meeting_detail(MEETING)
    assert not wording.shows_company
    assert (
        Wording.for_channel(Privacy.OPEN, describe=False).meeting_detail(MEETING) == ()
    )
