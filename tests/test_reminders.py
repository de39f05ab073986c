"""Reminders in the pure domain: what is due, how it is worded, when it resets.

Also the records behind "never sent twice": the notification preferences and
the deliveries :meth:`NetworkState.record_deliveries` keeps, one per channel
and notification key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import attrs
import pytest

from careernet.domain import (
    Channel,
    Contact,
    Delivery,
    DeliveryStatus,
    InteractionKind,
    InvalidValueError,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NetworkState,
    Notification,
    Preferences,
    ReminderKind,
    Ring,
    Scenario,
    Strategy,
    StrategyRegistry,
    due_notifications,
)
from careernet.domain.reminders import MEETING_NOTICE, SEARCH_WORDS, neutral_for
from careernet.domain.wording import Wording
from careernet.ical.events import CalendarOptions, EventKind, collect
from careernet.notify.digest import Digest
from tests.builders import book, log
from tests.conftest import NOW, run

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)

SILENT_SINCE = NOW - 8 * DAY
"""When Ann was approached; she has not answered, so a nudge is due."""

COFFEE_AT = NOW + 20 * HOUR
"""Tomorrow's coffee with Ken, inside the meeting notice."""

PURPOSE = "Hear how Globex hires for the data team, for my job search"
HIRING_QUESTION = "Is your team hiring?"
GOOD_QUESTION = "What does a good first year on your team look like?"
BETTER_THAN_HIRING = "Where would you suggest I look, and who should I talk to next?"

EXPECTED_KEYS = {
    ReminderKind.NUDGE: f"nudge:ann:{SILENT_SINCE.isoformat()}",
    ReminderKind.MEETING: "prepare:m1:0",
    ReminderKind.KEEP_IN_TOUCH: "keep_in_touch:priya:2025-12-24",
    ReminderKind.THANK_YOU: "thank:l1",
    ReminderKind.FOLLOW_UP: "follow_up:referral:noor",
}
"""The one reminder of each kind in the ``seeded`` network, by its key."""


def words(text: str) -> set[str]:
    """The lower-case words of ``text``."""
    return set(re.findall(r"[a-z]+", text.casefold()))


def companies(state: NetworkState) -> set[str]:
    """Every company named anywhere in the network."""
    found = {state.seeker.company} if state.seeker.company else set()
    for contact in state.contacts.values():
        if contact.company:
            found.add(contact.company)
        found.update(contact.past_companies)
    return found


def neutral_text(notification: Notification) -> str:
    title, detail = notification.wording(neutral=True)
    return "\n".join([title, *detail])


def full_text(notification: Notification) -> str:
    title, detail = notification.wording(neutral=False)
    return "\n".join([title, *detail])


def assert_neutral(text: str, state: NetworkState) -> None:
    assert not words(text) & SEARCH_WORDS, text
    for company in companies(state):
        assert company.casefold() not in text.casefold(), (company, text)


def by_kind(notifications: Iterable[Notification]) -> dict[ReminderKind, str]:
    found: dict[ReminderKind, str] = {}
    for notification in notifications:
        assert notification.kind not in found, f"two {notification.kind}"
        found[notification.kind] = notification.key
    return found


def keys(notifications: Iterable[Notification]) -> list[str]:
    return [n.key for n in notifications]


def schedule(
    state: NetworkState,
    contact_id: str,
    at: dt.datetime,
    *,
    meeting_id: str = "m1",
    questions: tuple[str, ...] = (HIRING_QUESTION, GOOD_QUESTION),
    location: str | None = "Café Central",
) -> Meeting:
    meeting = Meeting(
        id=meeting_id,
        contact_id=contact_id,
        scheduled_at=at,
        created_at=NOW - 2 * DAY,
        purpose=PURPOSE,
        kind=MeetingKind.COFFEE,
        outcome_sought="Two names to talk to next",
        questions=questions,
        location=location,
    )
    run(state, state.schedule_meeting(meeting))
    return state.meeting(meeting_id)


@pytest.fixture
def seeded(empty: NetworkState, add: Callable[..., Contact]) -> NetworkState:
    """Robin at Acme, with exactly one reminder of each kind due at NOW.

    Bob, at Robin's own employer, is owed a thank-you too: the confidential
    strategy leaves him out altogether.
    """
    add("Ann Lee", id="ann", company="Globex", role="Technical Recruiter")
    log(empty, "ann", InteractionKind.OUTREACH, SILENT_SINCE)
    add("Ken Watanabe", id="ken", company="Globex", role="Engineering Manager")
    schedule(empty, "ken", COFFEE_AT)
    add(
        "Priya Natarajan",
        id="priya",
        company="Initech",
        ring=Ring.STRATEGIC,
        past_companies=("Hooli",),
        added_at=NOW - 365 * DAY,
    )
    add("Raj Patel", id="raj", company="Umbrella Health")
    book(
        empty,
        "raj",
        LedgerKind.RECEIVED,
        NOW - DAY,
        what="A word with the Umbrella Health recruiter about the opening",
    )
    add(
        "Noor Ali",
        id="noor",
        company="Contoso",
        introduced_by="priya",
        added_at=NOW - 3 * DAY,
    )
    add("Bob Stone", id="bob", company="Acme")
    book(empty, "bob", LedgerKind.RECEIVED, NOW - DAY, what="Covered my on-call")
    return empty


@pytest.fixture
def confidential(registry: StrategyRegistry) -> Strategy:
    return registry.get(Scenario.EMPLOYED_CONFIDENTIAL)


@pytest.fixture
def maintain(registry: StrategyRegistry) -> Strategy:
    return registry.get(Scenario.MAINTAIN)


class TestWhatIsDue:
    def test_one_of_each_kind_with_stable_keys(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        due = due_notifications(seeded, confidential, now=NOW)
        assert by_kind(due) == EXPECTED_KEYS

    def test_the_same_reminders_have_the_same_keys_an_hour_later(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        now = due_notifications(seeded, confidential, now=NOW)
        later = due_notifications(seeded, confidential, now=NOW + HOUR)
        assert keys(later) == keys(now)

    def test_oldest_first(self, seeded: NetworkState, confidential: Strategy) -> None:
        due = due_notifications(seeded, confidential, now=NOW)
        assert [(n.due, n.key) for n in due] == sorted((n.due, n.key) for n in due)
        assert due[0].kind is ReminderKind.KEEP_IN_TOUCH  # overdue for eleven months

    def test_each_names_its_contact(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        due = {n.kind: n for n in due_notifications(seeded, confidential, now=NOW)}
        assert {kind: n.contact_id for kind, n in due.items()} == {
            ReminderKind.NUDGE: "ann",
            ReminderKind.MEETING: "ken",
            ReminderKind.KEEP_IN_TOUCH: "priya",
            ReminderKind.THANK_YOU: "raj",
            ReminderKind.FOLLOW_UP: "noor",
        }

    def test_a_thank_you_is_reminded_as_soon_as_it_is_owed(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        (thanks,) = [
            n
            for n in due_notifications(seeded, confidential, now=NOW)
            if n.kind is ReminderKind.THANK_YOU
        ]
        assert thanks.due > NOW  # due tomorrow, reminded today
        assert thanks.title == (
            "Thank Raj Patel for a word with the Umbrella Health recruiter about "
            "the opening."
        )

    def test_a_follow_up_or_check_in_not_yet_due_is_not_reminded(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Priya", id="priya", ring=Ring.STRATEGIC, added_at=NOW - 29 * DAY)
        add("Ann", id="ann", added_at=NOW - 40 * DAY)
        log(empty, "ann", InteractionKind.OUTREACH, NOW - 6 * DAY)
        assert due_notifications(empty, maintain, now=NOW) == []
        later = due_notifications(empty, maintain, now=NOW + 2 * DAY)
        assert {n.kind for n in later} == {
            ReminderKind.KEEP_IN_TOUCH,
            ReminderKind.NUDGE,
        }

    def test_the_current_employer_is_left_out_when_searching_confidentially(
        self, seeded: NetworkState, confidential: Strategy, maintain: Strategy
    ) -> None:
        assert "bob" not in {
            n.contact_id for n in due_notifications(seeded, confidential, now=NOW)
        }
        assert "bob" in {
            n.contact_id for n in due_notifications(seeded, maintain, now=NOW)
        }

    def test_a_naive_now_is_refused(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        with pytest.raises(InvalidValueError, match="no time zone"):
            due_notifications(seeded, confidential, now=NOW.replace(tzinfo=None))


class TestMeetings:
    def test_tomorrows_meeting_comes_with_purpose_and_questions(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        (meeting,) = [
            n
            for n in due_notifications(seeded, confidential, now=NOW)
            if n.kind is ReminderKind.MEETING
        ]
        assert meeting.when == COFFEE_AT
        assert meeting.due == NOW  # less than a day ahead: due at once
        assert meeting.title == "Coffee with Ken Watanabe (Globex)"
        assert meeting.detail == (
            f"Purpose: {PURPOSE}",
            "Outcome sought: Two names to talk to next",
            f"Ask: {BETTER_THAN_HIRING}",  # the flagged wording is not repeated
            f"Ask: {GOOD_QUESTION}",
            "Where: Café Central",
        )
        assert meeting.neutral_title == "Coffee with Ken Watanabe"
        assert meeting.neutral_detail == ()  # even a place can give a search away

    @pytest.mark.parametrize(
        ("ahead", "reminded"),
        [
            (MINUTE, True),
            (MEETING_NOTICE - MINUTE, True),
            (MEETING_NOTICE + MINUTE, False),
            (3 * DAY, False),
            (-MINUTE, False),
        ],
        ids=["in-a-minute", "just-inside", "just-outside", "in-three-days", "begun"],
    )
    def test_only_within_the_meeting_notice(
        self,
        empty: NetworkState,
        add: Callable[..., Contact],
        maintain: Strategy,
        ahead: dt.timedelta,
        reminded: bool,
    ) -> None:
        add("Ken", id="ken")
        schedule(empty, "ken", NOW + ahead)
        kinds = {n.kind for n in due_notifications(empty, maintain, now=NOW)}
        assert (ReminderKind.MEETING in kinds) is reminded

    def test_a_meeting_three_days_ahead_is_reminded_the_day_before(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Ken", id="ken")
        schedule(empty, "ken", NOW + 3 * DAY)
        eve = NOW + 2 * DAY + HOUR
        (meeting,) = due_notifications(empty, maintain, now=eve)
        assert meeting.key == "prepare:m1:0"
        assert meeting.due == eve

    def test_a_rescheduled_meeting_is_a_new_reminder(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Ken", id="ken")
        schedule(empty, "ken", NOW + 2 * HOUR)
        assert keys(due_notifications(empty, maintain, now=NOW)) == ["prepare:m1:0"]
        run(empty, empty.reschedule_meeting("m1", NOW + 5 * HOUR, at=NOW))
        (moved,) = due_notifications(empty, maintain, now=NOW)
        assert moved.key == "prepare:m1:1"
        assert moved.when == NOW + 5 * HOUR

    def test_a_cancelled_meeting_is_not_reminded(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Ken", id="ken")
        schedule(empty, "ken", NOW + 2 * HOUR)
        run(
            empty,
            empty.record_meeting_result("m1", MeetingStatus.CANCELLED, at=NOW),
        )
        assert due_notifications(empty, maintain, now=NOW) == []

    def test_without_questions_or_place_the_detail_is_shorter(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Ken", id="ken")
        schedule(empty, "ken", NOW + 2 * HOUR, questions=(), location=None)
        (meeting,) = due_notifications(empty, maintain, now=NOW)
        assert meeting.title == "Coffee with Ken"
        assert meeting.detail == (
            f"Purpose: {PURPOSE}",
            "Outcome sought: Two names to talk to next",
        )
        assert meeting.neutral_detail == ()


class TestNeutralWording:
    def test_the_full_wording_reveals_the_search(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        """The data is revealing, so the neutral checks below mean something."""
        text = "\n".join(
            full_text(n) for n in due_notifications(seeded, confidential, now=NOW)
        )
        assert {"job", "search", "recruiter", "opening"} <= words(text)
        assert "Globex" in text
        assert "Umbrella Health" in text

    @pytest.mark.parametrize("kind", list(ReminderKind), ids=lambda k: k.value)
    def test_no_search_words_nor_companies(
        self, seeded: NetworkState, confidential: Strategy, kind: ReminderKind
    ) -> None:
        (notification,) = [
            n
            for n in due_notifications(seeded, confidential, now=NOW)
            if n.kind is kind
        ]
        text = neutral_text(notification)
        assert_neutral(text, seeded)
        assert seeded.contact(str(notification.contact_id)).name in text

    @pytest.mark.parametrize(
        "location",
        ["Globex HQ, 5th floor", "the recruiting office on Main Street"],
    )
    def test_a_place_that_gives_the_search_away_stays_out(
        self,
        empty: NetworkState,
        add: Callable[..., Contact],
        confidential: Strategy,
        location: str,
    ) -> None:
        """The neutral wording never names a company or signals a search, even
        when the seeker typed one into the meeting's place."""
        add("Ken", id="ken", company="Globex")
        schedule(empty, "ken", NOW + 2 * HOUR, location=location)
        (meeting,) = due_notifications(empty, confidential, now=NOW)
        assert_neutral(neutral_text(meeting), empty)

    def test_the_digest_and_the_calendar_say_the_same_neutral_things(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        """Reminders, the digest and calendar summaries share one wording, and
        none of it names a company or signals a search."""
        due = due_notifications(seeded, confidential, now=NOW)
        digest = Digest(
            network_id="n",
            seeker=seeded.seeker.name,
            channel=Channel(name="log"),
            now=NOW,
            neutral=neutral_for(confidential),
            notifications=tuple(due),
        )
        calendar = collect(
            seeded,
            confidential,
            network_id="n",
            moment=NOW,
            zone=ZoneInfo("UTC"),
            options=CalendarOptions(horizon=30 * DAY),
        )
        summaries = {(e.kind.value, e.summary) for e in calendar}
        wording = Wording.for_channel(confidential.privacy)
        assert wording.neutral
        for notification in due:
            contact = seeded.contact(str(notification.contact_id))
            assert notification.neutral_title in digest.text()
            if notification.kind is ReminderKind.MEETING:
                (meeting,) = seeded.meetings_with(contact.id)
                expected = wording.meeting_title(
                    meeting.kind, contact.name, contact.company
                )
            else:
                expected = next(
                    summary
                    for kind, summary in summaries
                    if kind == notification.kind.value and contact.name in summary
                )
            assert notification.neutral_title == expected
            assert (notification.kind.value, expected) in summaries
        # Only a prepare event is described, with the neutral brief.
        briefs = [line for e in calendar if e.description for line in e.description]
        assert all(e.kind is EventKind.PREPARE for e in calendar if e.description), (
            calendar
        )
        text = "\n".join(
            [digest.subject, digest.text(), *(s for _, s in summaries), *briefs]
        )
        assert_neutral(text, seeded)
        assert not any(e.location for e in calendar)

    def test_only_a_discreet_strategy_asks_for_it(
        self, registry: StrategyRegistry
    ) -> None:
        assert {s.scenario for s in registry if neutral_for(s)} == {
            Scenario.EMPLOYED_CONFIDENTIAL
        }


class TestReset:
    def test_logging_any_contact_resets_the_check_in(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        log(seeded, "priya", InteractionKind.MESSAGE, NOW - HOUR)
        due = due_notifications(seeded, confidential, now=NOW)
        assert "priya" not in {n.contact_id for n in due}

    @pytest.mark.parametrize("kind", list(InteractionKind), ids=lambda k: k.value)
    def test_every_kind_of_interaction_counts(
        self,
        empty: NetworkState,
        add: Callable[..., Contact],
        maintain: Strategy,
        kind: InteractionKind,
    ) -> None:
        add("Priya", id="priya", ring=Ring.STRATEGIC, added_at=NOW - 365 * DAY)
        assert len(due_notifications(empty, maintain, now=NOW)) == 1
        log(empty, "priya", kind, NOW - HOUR)
        kinds = {n.kind for n in due_notifications(empty, maintain, now=NOW)}
        assert ReminderKind.KEEP_IN_TOUCH not in kinds

    def test_the_check_in_comes_back_with_a_new_key_a_cadence_later(
        self, empty: NetworkState, add: Callable[..., Contact], maintain: Strategy
    ) -> None:
        add("Priya", id="priya", ring=Ring.STRATEGIC, added_at=NOW - 365 * DAY)
        (before,) = due_notifications(empty, maintain, now=NOW)
        log(empty, "priya", InteractionKind.MESSAGE, NOW)
        assert due_notifications(empty, maintain, now=NOW + 29 * DAY) == []
        (again,) = due_notifications(empty, maintain, now=NOW + 31 * DAY)
        assert again.kind is ReminderKind.KEEP_IN_TOUCH
        assert before.key == "keep_in_touch:priya:2025-12-24"
        assert again.key == "keep_in_touch:priya:2026-12-24"

    @pytest.mark.parametrize(
        "kind",
        [InteractionKind.NUDGE, InteractionKind.REPLY, InteractionKind.DECLINE],
        ids=lambda k: k.value,
    )
    def test_the_nudge_goes_once_they_answer_or_it_is_sent(
        self, seeded: NetworkState, confidential: Strategy, kind: InteractionKind
    ) -> None:
        log(seeded, "ann", kind, NOW - HOUR)
        kinds = {n.kind for n in due_notifications(seeded, confidential, now=NOW)}
        assert ReminderKind.NUDGE not in kinds

    def test_reaching_out_to_a_referral_clears_the_follow_up(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        log(seeded, "noor", InteractionKind.OUTREACH, NOW - HOUR)
        kinds = {n.kind for n in due_notifications(seeded, confidential, now=NOW)}
        assert ReminderKind.FOLLOW_UP not in kinds

    def test_thanks_clear_the_thank_you(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        book(seeded, "raj", LedgerKind.THANKS, NOW - HOUR, what="Thank-you note")
        kinds = {n.kind for n in due_notifications(seeded, confidential, now=NOW)}
        assert ReminderKind.THANK_YOU not in kinds

    def test_the_other_reminders_are_untouched(
        self, seeded: NetworkState, confidential: Strategy
    ) -> None:
        log(seeded, "priya", InteractionKind.MESSAGE, NOW - HOUR)
        due = by_kind(due_notifications(seeded, confidential, now=NOW))
        expected = dict(EXPECTED_KEYS)
        del expected[ReminderKind.KEEP_IN_TOUCH]
        assert due == expected


class TestPreferences:
    def test_defaults(self) -> None:
        preferences = Preferences()
        assert preferences.id == "preferences"
        assert preferences.channels == (Channel(name="log"),)
        assert preferences.timezone == "UTC"
        assert (preferences.quiet_start, preferences.quiet_end) == (None, None)
        assert preferences.digest_time is None
        assert preferences.channel("log") == Channel(name="log")
        assert preferences.channel("email") is None

    def test_a_channel_listed_twice_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="email is listed twice"):
            Preferences(
                channels=(
                    Channel(name="email", address="a@example.org"),
                    Channel(name="log"),
                    Channel(name="email", address="b@example.org", private=True),
                )
            )

    def test_channels_keep_their_order_and_privacy(self) -> None:
        preferences = Preferences(
            channels=[
                Channel(name="email", address=" robin@example.org ", private=True),
                Channel(name="log"),
            ]
        )
        assert [c.name for c in preferences.channels] == ["email", "log"]
        email = preferences.channel("email")
        assert email is not None
        assert email.address == "robin@example.org"
        assert email.private
        assert not Channel(name="log").private

    @pytest.mark.parametrize("name", ["", "two words", "tab\there"])
    def test_a_channel_needs_a_plain_name(self, name: str) -> None:
        with pytest.raises(InvalidValueError, match=r"Channel\.name"):
            Channel(name=name)

    @pytest.mark.parametrize(
        ("start", "end"),
        [(dt.time(21), None), (None, dt.time(7))],
        ids=["start-only", "end-only"],
    )
    def test_quiet_hours_need_both_ends(
        self, start: dt.time | None, end: dt.time | None
    ) -> None:
        with pytest.raises(InvalidValueError, match="both a start and an end"):
            Preferences(quiet_start=start, quiet_end=end)

    def test_quiet_hours_may_cross_midnight(self) -> None:
        preferences = Preferences(quiet_start=dt.time(21), quiet_end=dt.time(7))
        assert (preferences.quiet_start, preferences.quiet_end) == (
            dt.time(21),
            dt.time(7),
        )

    def test_times_must_be_times_of_day(self) -> None:
        with pytest.raises(InvalidValueError, match="time of day"):
            Preferences(digest_time="08:00")  # type: ignore[arg-type]

    def test_the_id_is_fixed(self) -> None:
        with pytest.raises(InvalidValueError, match="preferences"):
            Preferences(id="mine")

    def test_the_time_zone_must_not_be_blank(self) -> None:
        with pytest.raises(InvalidValueError, match="timezone"):
            Preferences(timezone=" ")

    def test_they_are_stored_as_one_record(self, empty: NetworkState) -> None:
        preferences = Preferences(timezone="Europe/Berlin", digest_time=dt.time(8))
        change = run(empty, empty.set_preferences(preferences))
        assert change.records == (preferences,)
        assert empty.preferences == preferences
        assert preferences in list(empty.records())

    def test_default_preferences_are_not_exported(self, empty: NetworkState) -> None:
        assert not [r for r in empty.records() if isinstance(r, Preferences)]


def delivery(
    status: DeliveryStatus,
    *,
    key: str = "thank:l1",
    channel: str = "email",
    at: dt.datetime = NOW,
    error: str | None = None,
) -> Delivery:
    return Delivery(
        id=Delivery.id_for(channel, key),
        channel=channel,
        key=key,
        status=status,
        at=at,
        error=error,
    )


class TestRecordDeliveries:
    def test_the_id_is_channel_and_key(self) -> None:
        assert Delivery.id_for("email", "thank:l1") == "email:thank:l1"

    def test_a_sent_notification_is_delivered_on_its_channel_only(
        self, empty: NetworkState
    ) -> None:
        run(empty, empty.record_deliveries([delivery(DeliveryStatus.SENT)]))
        assert empty.delivered("email", "thank:l1")
        assert not empty.delivered("log", "thank:l1")
        assert not empty.delivered("email", "thank:l2")

    def test_recording_returns_a_change_and_leaves_the_state_alone(
        self, empty: NetworkState
    ) -> None:
        sent = delivery(DeliveryStatus.SENT)
        change = empty.record_deliveries([sent])
        assert change.records == (sent,)
        assert not empty.delivered("email", "thank:l1")

    def test_sent_is_final(self, empty: NetworkState) -> None:
        sent = delivery(DeliveryStatus.SENT)
        run(empty, empty.record_deliveries([sent]))
        later = delivery(DeliveryStatus.FAILED, at=NOW + DAY, error="refused")
        change = empty.record_deliveries([later])
        assert change.records == ()
        run(empty, change)
        assert empty.deliveries["email:thank:l1"] == sent
        assert empty.delivered("email", "thank:l1")

    def test_failures_count_attempts_until_one_is_sent(
        self, empty: NetworkState
    ) -> None:
        first = delivery(DeliveryStatus.FAILED, error="connection refused")
        run(empty, empty.record_deliveries([first]))
        assert empty.deliveries["email:thank:l1"].attempts == 1
        second = delivery(DeliveryStatus.FAILED, at=NOW + HOUR, error="timed out")
        run(empty, empty.record_deliveries([second]))
        stored = empty.deliveries["email:thank:l1"]
        assert (stored.status, stored.attempts, stored.error, stored.at) == (
            DeliveryStatus.FAILED,
            2,
            "timed out",
            NOW + HOUR,
        )
        assert not empty.delivered("email", "thank:l1")
        run(
            empty,
            empty.record_deliveries([delivery(DeliveryStatus.SENT, at=NOW + DAY)]),
        )
        stored = empty.deliveries["email:thank:l1"]
        assert (stored.status, stored.attempts, stored.error) == (
            DeliveryStatus.SENT,
            3,
            None,
        )
        assert empty.delivered("email", "thank:l1")

    def test_a_batch_records_each_channel_and_key(self, empty: NetworkState) -> None:
        batch = [
            delivery(DeliveryStatus.SENT, channel="email"),
            delivery(DeliveryStatus.FAILED, channel="log", error="x"),
            delivery(DeliveryStatus.SENT, channel="email", key="prepare:m1:0"),
        ]
        run(empty, empty.record_deliveries(batch))
        assert sorted(empty.deliveries) == [
            "email:prepare:m1:0",
            "email:thank:l1",
            "log:thank:l1",
        ]
        assert set(empty.records()) >= set(batch)

    @pytest.mark.parametrize(
        "wrong_id", ["thank:l1", "log:thank:l1", "email:thank:l2", "email"]
    )
    def test_the_id_must_be_channel_colon_key(
        self, empty: NetworkState, wrong_id: str
    ) -> None:
        wrong = attrs.evolve(delivery(DeliveryStatus.SENT), id=wrong_id)
        with pytest.raises(InvalidValueError, match="'<channel>:<key>'"):
            empty.record_deliveries([wrong])
        assert empty.deliveries == {}

    def test_one_bad_delivery_refuses_the_whole_batch(
        self, empty: NetworkState
    ) -> None:
        good = delivery(DeliveryStatus.SENT)
        bad = attrs.evolve(delivery(DeliveryStatus.SENT, key="k2"), id="nope")
        with pytest.raises(InvalidValueError):
            empty.record_deliveries([good, bad])
        assert empty.deliveries == {}

    def test_a_delivery_needs_an_aware_time_and_at_least_one_attempt(self) -> None:
        with pytest.raises(InvalidValueError, match="no time zone"):
            delivery(DeliveryStatus.SENT, at=NOW.replace(tzinfo=None))
        with pytest.raises(ValueError, match="attempts"):
            attrs.evolve(delivery(DeliveryStatus.SENT), attempts=0)
