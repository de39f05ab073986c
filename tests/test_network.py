"""The facade: careernet.open, stores, networks and their commands.

Everything runs against real stores (``memory:`` and SQLite files), with a
clock that only moves when a test advances it and ids that count up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
from careernet import (
    CareerNetError,
    ConflictError,
    ExcludedContactError,
    HelpKind,
    InteractionKind,
    InvalidValueError,
    MeetingKind,
    MeetingStatus,
    NaiveDatetimeError,
    Network,
    NetworkExistsError,
    Ring,
    Scenario,
    Seeker,
    StorageError,
    Store,
    TransitionError,
    UnknownIdError,
    UnknownNetworkError,
    UnknownScenarioError,
)
from careernet.domain import ActionKind, Stage
from careernet.errors import CorruptStoreError
from tests.builders import Clock, counter, stored_contact

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""The moment every facade test starts at."""

DAY = dt.timedelta(days=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "sqlite"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage location the facade must work the same on."""
    if request.param == "memory":
        return "memory:"
    return str(tmp_path / "careernet.db")


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite file location, for tests that open it more than once."""
    return str(tmp_path / "careernet.db")


@pytest.fixture
def store(location: str, clock: Clock) -> Iterator[Store]:
    with careernet.open_store(
        location, clock=clock, ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def net(store: Store) -> Network:
    """Robin's empty network; Robin works at Acme."""
    return store.create("robin", Seeker(name="Robin", company="Acme"))


@contextlib.contextmanager
def reloaded(store: Store, network_id: str) -> Iterator[Network]:
    """The network as storage holds it, loaded afresh.

    A SQLite store is opened a second time on the same file; a memory store
    can only be read through the same storage object.
    """
    if store.location.startswith("memory:"):
        yield store.network(network_id)
        return
    with careernet.open_store(store.location, autoload=False) as other:
        yield other.network(network_id)


def stored_export(store: Store, network_id: str) -> str:
    """What storage holds for a network, as its JSON export."""
    with reloaded(store, network_id) as fresh:
        return fresh.export_json()


def codes(net: Network) -> list[str]:
    return [advice.code for advice in net.last_advice]


# -- opening --------------------------------------------------------------------


class TestOpen:
    def test_no_location_means_the_sqlite_file_in_the_user_data_directory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        expected = tmp_path / "data" / "careernet" / "careernet.db"
        with careernet.open(autoload=False) as net:
            net.add_contact("Ann")
            assert net.store.location == str(expected)
        assert expected.is_file()
        with careernet.open_store(expected, autoload=False) as store:
            assert [c.name for c in store.network("default").contacts] == ["Ann"]

    def test_the_default_network_is_created_for_a_seeker_called_me(
        self, db: str
    ) -> None:
        with careernet.open(db, autoload=False) as net:
            assert (net.id, net.seeker, net.version) == (
                "default",
                Seeker(name="Me"),
                0,
            )
            assert net.contacts == []
            assert net.store.networks() == ["default"]

    def test_opening_the_default_network_again_loads_what_was_written(
        self, db: str
    ) -> None:
        with careernet.open(db, autoload=False) as net:
            ann = net.add_contact("Ann")
        with careernet.open(db, autoload=False) as again:
            assert again.contacts == [ann]
            assert again.version == 1

    def test_a_missing_named_network_raises_naming_only_the_id_asked_for(
        self, db: str
    ) -> None:
        careernet.open(db, autoload=False).close()
        with pytest.raises(UnknownNetworkError, match=r"'work'") as raised:
            careernet.open(db, network="work", autoload=False)
        assert "default" not in str(raised.value)
        assert db not in str(raised.value)
        with careernet.open_store(db, autoload=False) as store:
            assert store.networks() == ["default"]

    def test_a_missing_named_network_is_created_for_a_seeker_given_by_name(
        self, db: str
    ) -> None:
        with careernet.open(db, network="work", seeker="Robin", autoload=False) as net:
            assert (net.id, net.seeker) == ("work", Seeker(name="Robin"))
        with careernet.open_store(db, autoload=False) as store:
            assert store.networks() == ["work"]

    def test_a_missing_named_network_is_created_for_a_seeker_object(
        self, db: str
    ) -> None:
        robin = Seeker(name="Robin", company="Acme", field="data")
        with careernet.open(db, network="work", seeker=robin, autoload=False) as net:
            assert net.seeker == robin
        with careernet.open(db, network="work", autoload=False) as again:
            assert again.seeker == robin

    def test_an_existing_network_keeps_its_seeker_when_another_is_given(
        self, db: str
    ) -> None:
        careernet.open(db, network="work", seeker="Robin", autoload=False).close()
        with careernet.open(db, network="work", seeker="Sam", autoload=False) as net:
            assert net.seeker.name == "Robin"

    def test_many_seekers_networks_in_one_store_are_isolated(
        self, store: Store
    ) -> None:
        ann_net = store.create("ann", "Ann")
        bo_net = store.create("bo", Seeker(name="Bo", company="Globex"))
        cy = ann_net.add_contact("Cy")
        ann_net.give(cy.id, "an article")
        bo_net.add_contact("Di")
        assert store.networks() == ["ann", "bo"]
        with reloaded(store, "ann") as ann, reloaded(store, "bo") as bo:
            assert [c.name for c in ann.contacts] == ["Cy"]
            assert [c.name for c in bo.contacts] == ["Di"]
            assert (ann.version, bo.version) == (2, 1)
            assert (ann.seeker.name, bo.seeker.name) == ("Ann", "Bo")
            assert ann.balance().gives == 1
            assert bo.balance().gives == 0

    def test_deleting_one_network_leaves_the_others(self, store: Store) -> None:
        store.create("ann", "Ann").add_contact("Cy")
        store.create("bo", "Bo").add_contact("Di")
        store.delete("ann")
        assert store.networks() == ["bo"]
        with pytest.raises(UnknownNetworkError):
            store.network("ann")
        assert [c.name for c in store.network("bo").contacts] == ["Di"]

    def test_creating_a_network_whose_id_is_taken_raises(self, store: Store) -> None:
        store.create("ann", "Ann")
        with pytest.raises(NetworkExistsError, match="'ann' already exists"):
            store.create("ann", "Another Ann")
        assert store.network("ann").seeker.name == "Ann"

    @pytest.mark.parametrize("network_id", ["", "two\nlines", "tab\there"])
    def test_a_network_id_must_be_printable(
        self, store: Store, network_id: str
    ) -> None:
        with pytest.raises(InvalidValueError, match="printable"):
            store.create(network_id, "Ann")
        assert store.networks() == []

    def test_an_unknown_location_is_refused(self) -> None:
        with pytest.raises(careernet.UnknownLocationError, match="nosuch://x"):
            careernet.open("nosuch://x", autoload=False)


class TestClosing:
    def test_the_context_manager_closes_the_store(self, db: str) -> None:
        with careernet.open(db, autoload=False) as net:
            net.add_contact("Ann")
        with pytest.raises(StorageError, match="closed"):
            net.store.networks()
        with pytest.raises(StorageError, match="closed"):
            net.add_contact("Bo")

    def test_a_store_context_manager_closes_the_store(self, db: str) -> None:
        with careernet.open_store(db, autoload=False) as store:
            store.create("ann", "Ann")
        with pytest.raises(StorageError, match="closed"):
            store.networks()

    def test_a_network_from_a_store_leaves_the_store_open(self, db: str) -> None:
        with careernet.open_store(db, autoload=False) as store:
            with store.create("ann", "Ann") as net:
                net.add_contact("Cy")
            assert store.networks() == ["ann"]

    def test_using_a_closed_store_is_not_reported_as_a_damaged_file(
        self, db: str
    ) -> None:
        with careernet.open(db, autoload=False) as net:
            pass
        with pytest.raises(StorageError) as error:
            net.add_contact("Bo")
        assert not isinstance(error.value, CorruptStoreError)
        assert "backup" not in str(error.value)


# -- commands -------------------------------------------------------------------


class TestContacts:
    def test_add_contact_returns_the_contact_and_contacts_lists_it(
        self, store: Store, net: Network
    ) -> None:
        ann = net.add_contact(
            "Ann Lee", ring=Ring.LUKEWARM, company="Globex", tags=["data"]
        )
        assert (ann.id, ann.name, ann.ring, ann.added_at) == (
            "id1",
            "Ann Lee",
            Ring.LUKEWARM,
            START,
        )
        assert (ann.company, ann.tags, ann.sources) == (
            "Globex",
            frozenset({"data"}),
            frozenset({"manual"}),
        )
        assert net.contacts == [ann]
        assert net.contact("id1") == ann
        assert net.version == 1
        with reloaded(store, net.id) as fresh:
            assert fresh.contacts == [ann]

    def test_add_contact_at_a_given_moment(self, net: Network) -> None:
        ann = net.add_contact("Ann", at=START - 30 * DAY)
        assert ann.added_at == ann.updated_at == START - 30 * DAY

    def test_add_contact_who_knows_someone_links_both(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        bo = net.add_contact("Bo", knows=[ann.id])
        assert net.contact(ann.id).knows == {bo.id}

    def test_edit_contact_changes_details_at_the_clocks_time(
        self, store: Store, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann", company="Globex")
        later = clock.advance(3 * DAY)
        edited = net.edit_contact(ann.id, company="Initech", tribe=True)
        assert (edited.company, edited.tribe, edited.updated_at) == (
            "Initech",
            True,
            later,
        )
        assert net.contact(ann.id) == edited
        with reloaded(store, net.id) as fresh:
            assert fresh.contact(ann.id) == edited

    def test_edit_contact_cannot_change_the_ring(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        with pytest.raises(InvalidValueError, match="use move"):
            net.edit_contact(ann.id, ring=Ring.BUDDY)

    def test_link_records_that_both_know_each_other(
        self, store: Store, net: Network
    ) -> None:
        ann, bo = net.add_contact("Ann"), net.add_contact("Bo")
        net.link(ann.id, bo.id)
        assert net.contact(ann.id).knows == {bo.id}
        assert net.contact(bo.id).knows == {ann.id}
        with reloaded(store, net.id) as fresh:
            assert fresh.contact(bo.id).knows == {ann.id}

    def test_find_matches_part_of_a_name_ignoring_case(self, net: Network) -> None:
        ann = net.add_contact("Ann Lee")
        net.add_contact("Bo Chen")
        lena = net.add_contact("LENA Park")
        assert net.find("le") == [ann, lena]
        assert net.find("nobody") == []

    def test_a_capacity_warning_comes_back_as_advice(self, net: Network) -> None:
        for n in range(150):
            net.add_contact(f"Friend {n}", ring=Ring.LUKEWARM)
        assert net.last_advice == ()
        net.add_contact("One too many", ring=Ring.LUKEWARM)
        assert codes(net) == ["capacity"]


class TestMoves:
    def test_a_move_with_evidence_records_the_evidence(
        self, store: Store, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        clock.advance(DAY)
        reply = net.log(ann.id, InteractionKind.REPLY)
        clock.advance(DAY)
        moved = net.move(ann.id, Ring.LUKEWARM, reason="she answered")
        assert (moved.from_ring, moved.to_ring, moved.at) == (
            Ring.COLD,
            Ring.LUKEWARM,
            clock.now,
        )
        assert (moved.evidence, moved.reason, moved.override) == (
            (reply.id,),
            "she answered",
            False,
        )
        assert net.contact(ann.id).ring is Ring.LUKEWARM
        assert net.history(ann.id) == [moved]
        with reloaded(store, net.id) as fresh:
            assert fresh.history(ann.id) == [moved]
            assert fresh.contact(ann.id).ring is Ring.LUKEWARM

    def test_a_move_without_evidence_is_refused(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        with pytest.raises(TransitionError, match="Missing:"):
            net.move(ann.id, Ring.LUKEWARM)
        assert net.contact(ann.id).ring is Ring.COLD

    def test_an_override_allows_a_jump(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        moved = net.move(ann.id, Ring.BUDDY, override="a friend from school")
        assert (moved.to_ring, moved.override, moved.reason) == (
            Ring.BUDDY,
            True,
            "a friend from school",
        )
        assert net.contact(ann.id).ring is Ring.BUDDY

    def test_a_refused_jump_leaves_the_sqlite_file_untouched(
        self, db: str, clock: Clock
    ) -> None:
        with careernet.open_store(
            db, clock=clock, ids=counter(), autoload=False
        ) as store:
            net = store.create("robin", "Robin")
            ann = net.add_contact("Ann")
            net.log(ann.id, InteractionKind.REPLY)
            before = net.export_json()
            with pytest.raises(TransitionError, match="one ring at a time"):
                net.move(ann.id, Ring.BUDDY)
            assert store.storage.version("robin") == 2
        with careernet.open_store(db, autoload=False) as second:
            fresh = second.network("robin")
            assert fresh.version == 2
            assert fresh.contact(ann.id).ring is Ring.COLD
            assert fresh.history(ann.id) == []
            assert fresh.export_json() == before

    def test_history_lists_moves_in_time_order(
        self, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        first = net.move(ann.id, Ring.STRATEGIC, override="met at a conference")
        clock.advance(10 * DAY)
        second = net.move(ann.id, Ring.LUKEWARM, reason="lost touch")
        assert net.history(ann.id) == [first, second]
        assert second.override is False

    def test_outward_moves_need_no_evidence(self, net: Network) -> None:
        ann = net.add_contact("Ann", ring=Ring.BUDDY)
        moved = net.move(ann.id, Ring.COLD)
        assert (moved.from_ring, moved.to_ring, moved.evidence) == (
            Ring.BUDDY,
            Ring.COLD,
            (),
        )


class TestMeetings:
    def test_schedule_a_meeting(self, store: Store, net: Network) -> None:
        ann = net.add_contact("Ann")
        when = START + 2 * DAY
        meeting = net.schedule_meeting(
            ann.id,
            when,
            purpose="Learn about the data team",
            kind=MeetingKind.LUNCH,
            questions=["What does your team need most?"],
        )
        assert (meeting.contact_id, meeting.scheduled_at, meeting.created_at) == (
            ann.id,
            when,
            START,
        )
        assert (meeting.status, meeting.kind) == (
            MeetingStatus.SCHEDULED,
            MeetingKind.LUNCH,
        )
        assert net.meetings == [meeting]
        assert net.last_advice == ()
        with reloaded(store, net.id) as fresh:
            assert fresh.meetings == [meeting]

    def test_a_job_question_is_flagged_in_the_advice(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        net.schedule_meeting(
            ann.id, START + DAY, purpose="Coffee", questions=["Who is hiring?"]
        )
        assert codes(net) == ["question"]
        assert "Who is hiring?" in net.last_advice[0].message

    def test_reschedule_a_meeting(self, net: Network, clock: Clock) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        clock.advance(DAY / 2)
        moved = net.reschedule_meeting(meeting.id, START + 3 * DAY)
        assert (moved.scheduled_at, moved.status, moved.sequence) == (
            START + 3 * DAY,
            MeetingStatus.RESCHEDULED,
            1,
        )
        assert moved.updated_at == clock.now

    def test_cancel_a_meeting(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        cancelled = net.cancel_meeting(meeting.id)
        assert cancelled.status is MeetingStatus.CANCELLED
        with pytest.raises(InvalidValueError, match="already cancelled"):
            net.reschedule_meeting(meeting.id, START + 2 * DAY)

    def test_a_held_meeting_brings_referrals_given_as_names_and_mappings(
        self, store: Store, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        clock.advance(2 * DAY)
        held = net.record_meeting(
            meeting.id,
            MeetingStatus.HELD,
            notes="Very helpful",
            referrals=[
                "Cy Young",
                {"name": "Di Ross", "company": "Initech", "role": "Recruiter"},
            ],
        )
        assert (held.status, held.notes) == (MeetingStatus.HELD, "Very helpful")
        cy, di = net.find("Cy Young")[0], net.find("Di Ross")[0]
        for referral in (cy, di):
            assert referral.ring is Ring.COLD
            assert referral.introduced_by == ann.id
            assert referral.knows == {ann.id}
            assert referral.sources == {"referral"}
            assert referral.added_at == clock.now
        assert (di.company, di.role) == ("Initech", "Recruiter")
        assert net.contact(ann.id).knows == {cy.id, di.id}
        assert codes(net) == ["thank-you"]
        with reloaded(store, net.id) as fresh:
            assert fresh.contacts == net.contacts

    def test_a_referral_mapping_may_name_its_own_source(
        self, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        clock.advance(2 * DAY)
        net.record_meeting(
            meeting.id,
            MeetingStatus.HELD,
            referrals=[{"name": "Cy", "sources": {"conference"}}],
        )
        assert net.find("Cy")[0].sources == {"conference"}

    def test_a_referral_never_joins_inside_the_cold_ring(
        self, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        clock.advance(2 * DAY)
        with contextlib.suppress(InvalidValueError):
            net.record_meeting(
                meeting.id,
                MeetingStatus.HELD,
                referrals=[{"name": "Cy", "ring": Ring.BUDDY}],
            )
        assert [c.ring for c in net.find("Cy")] in ([], [Ring.COLD])

    def test_a_referral_mapping_with_an_unknown_field_is_refused(
        self, store: Store, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        clock.advance(2 * DAY)
        with pytest.raises(InvalidValueError, match="nmae"):
            net.record_meeting(
                meeting.id, MeetingStatus.HELD, referrals=[{"nmae": "Cy"}]
            )
        assert net.version == store.storage.version(net.id) == 2

    def test_a_meeting_ahead_cannot_be_recorded_as_held(
        self, store: Store, net: Network
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        with pytest.raises(InvalidValueError, match="reschedule it"):
            net.record_meeting(meeting.id, MeetingStatus.HELD, referrals=["Cy"])
        assert net.find("Cy") == []
        assert net.version == store.storage.version(net.id) == 2

    def test_a_meeting_that_was_not_held_brings_no_referrals(
        self, net: Network
    ) -> None:
        ann = net.add_contact("Ann")
        meeting = net.schedule_meeting(ann.id, START + DAY, purpose="Coffee")
        with pytest.raises(InvalidValueError, match="Only a held meeting"):
            net.record_meeting(meeting.id, MeetingStatus.DECLINED, referrals=["Cy"])
        assert net.find("Cy") == []
        assert net.meetings[0].status is MeetingStatus.SCHEDULED


class TestInteractionsAndLedger:
    def test_log_records_an_interaction(self, store: Store, net: Network) -> None:
        ann, bo = net.add_contact("Ann"), net.add_contact("Bo")
        logged = net.log(
            ann.id, InteractionKind.INTRODUCED, note="by e-mail", via=bo.id
        )
        assert (logged.kind, logged.at, logged.via, logged.note) == (
            InteractionKind.INTRODUCED,
            START,
            bo.id,
            "by e-mail",
        )
        assert net.state.interactions_with(ann.id) == [logged]
        with reloaded(store, net.id) as fresh:
            assert fresh.state.interactions_with(ann.id) == [logged]

    def test_give_ask_receive_and_thank_are_counted_per_contact(
        self, net: Network
    ) -> None:
        ann, bo = net.add_contact("Ann"), net.add_contact("Bo")
        net.give(ann.id, "an article", help=HelpKind.INFORMATION)
        net.ask(ann.id, "whom to meet next", help=HelpKind.INTRODUCTION)
        net.receive(ann.id, "an introduction to Cy", help=HelpKind.INTRODUCTION)
        net.thank(ann.id, "the introduction")
        net.give(bo.id, "feedback on a talk")
        net.give(bo.id, "a book")
        assert attrs.astuple(net.balance(ann.id)) == (1, 1, 1, 1, 0)
        assert attrs.astuple(net.balance(bo.id)) == (2, 0, 0, 0, 0)
        assert net.balance(bo.id).net == 2

    def test_balance_without_a_contact_totals_the_network(self, net: Network) -> None:
        ann, bo = net.add_contact("Ann"), net.add_contact("Bo")
        net.give(ann.id, "an article")
        net.give(bo.id, "a book")
        net.ask(bo.id, "advice")
        net.receive(bo.id, "advice")
        assert attrs.astuple(net.balance()) == (2, 1, 1, 0, 0)

    def test_an_entry_returns_what_was_recorded(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        entry = net.give(ann.id, "an article", at=START - DAY)
        assert (entry.contact_id, entry.what, entry.at) == (
            ann.id,
            "an article",
            START - DAY,
        )
        assert net.state.entries_with(ann.id) == [entry]

    def test_an_ask_without_a_give_advises_giving_first(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        net.ask(ann.id, "an introduction")
        assert codes(net) == ["give-first"]
        assert net.last_advice[0].contact_id == ann.id
        assert net.balance(ann.id).asks == 1

    def test_an_ask_after_a_give_needs_no_advice(self, net: Network) -> None:
        ann = net.add_contact("Ann")
        net.give(ann.id, "an article")
        net.ask(ann.id, "an introduction")
        assert net.last_advice == ()

    def test_asking_a_colleague_while_searching_confidentially_is_refused(
        self, store: Store, net: Network
    ) -> None:
        colleague = net.add_contact("Pat", company=" ACME ")
        net.give(colleague.id, "a code review")
        net.set_goal(Scenario.EMPLOYED_CONFIDENTIAL, target_companies=["Globex"])
        version, before = net.version, net.export_json()
        with pytest.raises(ExcludedContactError, match="Pat is excluded"):
            net.ask(colleague.id, "a reference")
        assert (net.version, store.storage.version(net.id)) == (version, version)
        assert net.balance(colleague.id).asks == 0
        assert net.export_json() == before
        assert stored_export(store, net.id) == before

    def test_thanks_owed_lists_help_and_held_meetings_until_thanked(
        self, net: Network, clock: Clock
    ) -> None:
        ann, bo = net.add_contact("Ann"), net.add_contact("Bo")
        meeting = net.schedule_meeting(bo.id, START + DAY, purpose="Coffee")
        help_ = net.receive(ann.id, "a recommendation", at=START + 2 * DAY)
        clock.advance(3 * DAY)
        net.record_meeting(meeting.id, MeetingStatus.HELD)
        owed = net.thanks_owed()
        assert [(o.contact_id, o.record_id) for o in owed] == [
            (bo.id, meeting.id),
            (ann.id, help_.id),
        ]
        assert owed[0].due == START + 3 * DAY
        net.thank(ann.id, "the recommendation")
        assert [o.contact_id for o in net.thanks_owed()] == [bo.id]

    def test_outreach_waits_then_asks_for_one_nudge(
        self, net: Network, clock: Clock
    ) -> None:
        ann = net.add_contact("Ann")
        assert net.outreach(ann.id).stage is Stage.NOT_APPROACHED
        net.log(ann.id, InteractionKind.OUTREACH)
        assert net.outreach(ann.id).stage is Stage.AWAITING
        clock.advance(8 * DAY)
        status = net.outreach(ann.id)
        assert (status.stage, status.since) == (Stage.NUDGE_DUE, START)
        assert net.outreach(ann.id, now=START + DAY).stage is Stage.AWAITING


class TestGoalsAndPlans:
    def test_set_goal_makes_it_active(self, store: Store, net: Network) -> None:
        goal = net.set_goal(
            Scenario.UNEMPLOYED,
            description="A data job",
            target_companies=["Globex"],
            weekly_minutes=600,
        )
        assert goal.scenario == Scenario.UNEMPLOYED
        assert (goal.set_at, goal.target_companies) == (START, frozenset({"Globex"}))
        assert net.goal == goal
        assert net.strategy.scenario == Scenario.UNEMPLOYED
        with reloaded(store, net.id) as fresh:
            assert fresh.goal == goal

    def test_a_new_goal_closes_the_previous_one(
        self, net: Network, clock: Clock
    ) -> None:
        first = net.set_goal(Scenario.CAREER_CHANGE, target_fields=["UX"])
        later = clock.advance(DAY)
        second = net.set_goal(Scenario.UNEMPLOYED)
        assert net.goal == second
        assert net.state.goal(first.id).closed_at == later

    def test_set_goal_with_an_unknown_scenario_is_refused(
        self, store: Store, net: Network
    ) -> None:
        with pytest.raises(
            UnknownScenarioError, match=r"'sabbatical'.*Known scenarios: .*maintain"
        ):
            net.set_goal("sabbatical")
        assert net.goal is None
        assert (net.version, store.storage.version(net.id)) == (0, 0)

    def test_close_goal_closes_the_active_goal(
        self, net: Network, clock: Clock
    ) -> None:
        goal = net.set_goal(Scenario.UNEMPLOYED)
        later = clock.advance(30 * DAY)
        closed = net.close_goal()
        assert (closed.id, closed.closed_at, closed.active) == (goal.id, later, False)
        assert net.goal is None

    def test_close_goal_without_an_active_goal_is_refused(self, net: Network) -> None:
        with pytest.raises(InvalidValueError, match="no active goal"):
            net.close_goal()

    def test_set_seeker_changes_the_seekers_details(
        self, store: Store, net: Network
    ) -> None:
        manager = net.add_contact("Morgan", company="Acme")
        seeker = net.set_seeker(
            name="Robin Lee", company="Initech", reports_to=manager.id
        )
        assert seeker == Seeker(
            name="Robin Lee", company="Initech", reports_to=manager.id
        )
        assert net.seeker == seeker
        with reloaded(store, net.id) as fresh:
            assert fresh.seeker == seeker

    def test_set_seeker_with_an_unknown_manager_is_refused(self, net: Network) -> None:
        with pytest.raises(UnknownIdError, match="ghost"):
            net.set_seeker(reports_to="ghost")
        assert net.seeker.reports_to is None

    def test_plan_maintains_the_network_without_a_goal(
        self, net: Network, clock: Clock
    ) -> None:
        net.add_contact("Ann", ring=Ring.BUDDY, at=START - 100 * DAY)
        week = net.plan()
        assert (week.scenario, week.now, week.budget_minutes) == (
            Scenario.MAINTAIN,
            clock.now,
            60,
        )
        assert ActionKind.KEEP_IN_TOUCH in {a.kind for a in week.actions}

    def test_plan_follows_the_active_goals_strategy(self, net: Network) -> None:
        net.set_goal(Scenario.UNEMPLOYED, target_companies=["Globex"])
        week = net.plan(now=START + DAY)
        assert (week.scenario, week.now) == (Scenario.UNEMPLOYED, START + DAY)
        assert [a.key for a in week.actions if a.kind is ActionKind.FIND_CONTACT] == [
            "find_contact:globex"
        ]

    def test_funnel_measures_the_last_30_days_by_default(
        self, net: Network, clock: Clock
    ) -> None:
        net.add_contact("Old", at=START - 40 * DAY)
        ann = net.add_contact("Ann", at=START - 10 * DAY)
        net.log(ann.id, InteractionKind.REPLY, at=START - 5 * DAY)
        net.move(ann.id, Ring.LUKEWARM, at=START - 4 * DAY)
        clock.advance(DAY)
        funnel = net.funnel()
        assert (funnel.since, funnel.until) == (clock.now - 30 * DAY, clock.now)
        assert funnel.exposure == 1
        assert funnel.conversions == {(Ring.COLD, Ring.LUKEWARM): 1}
        assert funnel.sizes[Ring.COLD] == funnel.sizes[Ring.LUKEWARM] == 1

    def test_funnel_takes_the_period_it_is_given(self, net: Network) -> None:
        net.add_contact("Old", at=START - 40 * DAY)
        net.add_contact("New", at=START - 10 * DAY)
        funnel = net.funnel(since=START - 50 * DAY, until=START - 20 * DAY)
        assert funnel.exposure == 1
        assert sum(funnel.sizes.values()) == 1


class TestIntroductions:
    def test_inner_contacts_who_know_the_target_are_suggested(
        self, net: Network
    ) -> None:
        target = net.add_contact("Cy", company="Globex")
        bo = net.add_contact("Bo", ring=Ring.STRATEGIC, knows=[target.id])
        paths = net.introductions(target.id)
        assert [(p.introducer_id, p.reasons) for p in paths] == [
            (bo.id, ("knows them",))
        ]

    def test_colleagues_are_not_suggested_while_searching_confidentially(
        self, net: Network
    ) -> None:
        target = net.add_contact("Cy", company="Globex")
        colleague = net.add_contact(
            "Pat", ring=Ring.BUDDY, company="Acme", knows=[target.id]
        )
        friend = net.add_contact("Bo", ring=Ring.STRATEGIC, knows=[target.id])
        assert [p.introducer_id for p in net.introductions(target.id)] == [
            colleague.id,
            friend.id,
        ]
        net.set_goal(Scenario.EMPLOYED_CONFIDENTIAL, target_companies=["Globex"])
        assert [p.introducer_id for p in net.introductions(target.id)] == [friend.id]


# -- concurrency ----------------------------------------------------------------


@pytest.fixture
def views(db: str, clock: Clock) -> Iterator[tuple[Network, Network]]:
    """Two views of one SQLite network, through two stores on the same file."""
    with (
        careernet.open_store(db, clock=clock, ids=counter("a"), autoload=False) as a,
        careernet.open_store(db, clock=clock, ids=counter("b"), autoload=False) as b,
    ):
        a.create("robin", "Robin")
        yield a.network("robin"), b.network("robin")


class TestConcurrency:
    def test_a_stale_view_gets_a_conflict_and_writes_nothing(
        self, views: tuple[Network, Network]
    ) -> None:
        first, stale = views
        first.add_contact("Ann")
        with pytest.raises(ConflictError, match="call refresh") as error:
            stale.add_contact("Bo")
        assert (error.value.network_id, error.value.expected, error.value.actual) == (
            "robin",
            0,
            1,
        )
        assert (stale.version, stale.contacts) == (0, [])
        assert stale.store.storage.version("robin") == 1
        assert [c.name for c in stale.store.network("robin").contacts] == ["Ann"]

    def test_refresh_reads_only_what_was_committed_since(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        ann = first.add_contact("Ann")
        assert second.refresh() == 1
        first.add_contact("Bo")
        first.give(ann.id, "an article")
        assert second.refresh() == 2
        assert second.refresh() == 0
        assert second.version == first.version == 3
        assert [c.name for c in second.contacts] == ["Ann", "Bo"]
        assert second.balance(ann.id).gives == 1

    def test_refresh_brings_in_the_seeker(self, views: tuple[Network, Network]) -> None:
        first, second = views
        first.set_seeker(company="Initech")
        second.refresh()
        assert second.seeker == Seeker(name="Robin", company="Initech")

    def test_after_refresh_the_command_succeeds(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        first.add_contact("Ann")
        with pytest.raises(ConflictError):
            second.add_contact("Bo")
        second.refresh()
        second.add_contact("Bo")
        first.refresh()
        assert [c.name for c in first.contacts] == ["Ann", "Bo"]
        assert first.export_json() == second.export_json()

    def test_retry_on_conflict_refreshes_and_runs_the_command_again(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        ann = first.add_contact("Ann")
        second.refresh()
        first.give(ann.id, "an article")
        runs: list[int] = []

        def ask(network: Network) -> str:
            runs.append(network.version)
            return network.ask(ann.id, "an introduction").id

        entry_id = careernet.retry_on_conflict(second, ask)
        assert runs == [1, 2]
        assert entry_id == "b2"
        assert attrs.astuple(second.balance(ann.id)) == (1, 1, 0, 0, 0)
        assert second.version == second.store.storage.version("robin") == 3

    def test_the_retried_command_sees_what_the_other_writer_did(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        ann = first.add_contact("Ann")
        second.refresh()
        first.give(ann.id, "an article")
        careernet.retry_on_conflict(second, lambda n: n.ask(ann.id, "advice"))
        assert second.last_advice == ()

    def test_retry_on_conflict_gives_up_after_the_attempts(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        ann = first.add_contact("Ann")
        second.refresh()
        runs: list[int] = []

        def always_beaten(network: Network) -> None:
            first.refresh()
            first.log(ann.id, InteractionKind.MESSAGE)
            runs.append(network.version)
            network.log(ann.id, InteractionKind.REPLY)

        with pytest.raises(ConflictError):
            careernet.retry_on_conflict(second, always_beaten, attempts=3)
        assert runs == [1, 2, 3]
        kinds = {i.kind for i in first.state.interactions.values()}
        assert kinds == {InteractionKind.MESSAGE}

    def test_retry_on_conflict_runs_once_without_a_conflict(
        self, views: tuple[Network, Network]
    ) -> None:
        _, second = views
        runs: list[int] = []

        def add(network: Network) -> None:
            runs.append(network.version)
            network.add_contact("Ann")

        careernet.retry_on_conflict(second, add)
        assert runs == [0]

    def test_retry_on_conflict_retries_a_check_that_failed_on_a_stale_view(
        self, views: tuple[Network, Network]
    ) -> None:
        first, second = views
        ann = first.add_contact("Ann")  # second has not seen Ann yet
        entry = careernet.retry_on_conflict(second, lambda n: n.give(ann.id, "help"))
        assert entry.contact_id == ann.id
        assert second.balance(ann.id).gives == 1

    def test_retry_on_conflict_does_not_retry_a_check_that_fails_when_fresh(
        self, views: tuple[Network, Network]
    ) -> None:
        _, second = views
        runs: list[int] = []

        def give_to_nobody(network: Network) -> None:
            runs.append(network.version)
            network.give("ghost", "help")

        with pytest.raises(UnknownIdError):
            careernet.retry_on_conflict(second, give_to_nobody)
        assert runs == [0]

    @pytest.mark.parametrize("attempts", [0, -1])
    def test_retry_on_conflict_needs_at_least_one_attempt(
        self, views: tuple[Network, Network], attempts: int
    ) -> None:
        _, second = views
        runs: list[int] = []
        with pytest.raises(InvalidValueError, match="at least 1"):
            careernet.retry_on_conflict(
                second, lambda n: runs.append(n.version), attempts=attempts
            )
        assert runs == []


# -- refusals -------------------------------------------------------------------

Refused = Callable[[Network, str], object]

REFUSED: dict[str, Refused] = {
    "jump": lambda n, c: n.move(c, Ring.BUDDY),
    "move without evidence": lambda n, c: n.move(c, Ring.LUKEWARM),
    "move to the same ring": lambda n, c: n.move(c, Ring.COLD),
    "blank override": lambda n, c: n.move(c, Ring.BUDDY, override=" "),
    "edit the ring": lambda n, c: n.edit_contact(c, ring=Ring.BUDDY),
    "edit an unknown field": lambda n, c: n.edit_contact(c, colour="blue"),
    "link to oneself": lambda n, c: n.link(c, c),
    "log with an unknown contact": lambda n, c: n.log("ghost", InteractionKind.REPLY),
    "log via an unknown contact": lambda n, c: n.log(
        c, InteractionKind.INTRODUCED, via="ghost"
    ),
    "blank give": lambda n, c: n.give(c, "  "),
    "unknown scenario": lambda n, c: n.set_goal("sabbatical"),
    "unknown goal target": lambda n, c: n.set_goal(
        Scenario.UNEMPLOYED, target_contacts=["ghost"]
    ),
    "naive meeting time": lambda n, c: n.schedule_meeting(
        c, START.replace(tzinfo=None), purpose="Coffee"
    ),
    "add introduced by a stranger": lambda n, c: n.add_contact(
        "Bo", introduced_by="ghost"
    ),
    "reschedule an unknown meeting": lambda n, c: n.reschedule_meeting("ghost", START),
}


@pytest.mark.parametrize("command", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_command_changes_neither_storage_nor_the_view(
    store: Store, net: Network, command: Refused
) -> None:
    ann = net.add_contact("Ann")
    before = net.export_json()
    with pytest.raises(CareerNetError):
        command(net, ann.id)
    assert net.version == store.storage.version(net.id) == 1
    assert net.export_json() == before
    assert stored_export(store, net.id) == before


def test_a_naive_clock_is_refused_and_nothing_is_written(location: str) -> None:
    with careernet.open_store(
        location, clock=lambda: START.replace(tzinfo=None), autoload=False
    ) as store:
        net = store.create("robin", "Robin")
        with pytest.raises(InvalidValueError, match="naive"):
            net.add_contact("Ann")
        assert (net.version, net.contacts, store.storage.version("robin")) == (
            0,
            [],
            0,
        )


NAIVE = START.replace(tzinfo=None)

NAIVE_READS: dict[str, Callable[[Network, str], object]] = {
    "plan": lambda n, c: n.plan(NAIVE),
    "funnel until": lambda n, c: n.funnel(until=NAIVE),
    "funnel since": lambda n, c: n.funnel(since=NAIVE),
    "outreach": lambda n, c: n.outreach(c, NAIVE),
}


@pytest.mark.parametrize("read", NAIVE_READS.values(), ids=NAIVE_READS.keys())
def test_a_naive_moment_given_to_a_query_is_refused(
    memory: Store, read: Callable[[Network, str], object]
) -> None:
    net = memory.create("robin", "Robin")
    ann = net.add_contact("Ann", at=START)
    net.log(ann.id, InteractionKind.OUTREACH, at=START)
    with pytest.raises(NaiveDatetimeError):
        read(net, ann.id)


# -- JSON export and import -----------------------------------------------------


def fill(net: Network, clock: Clock) -> None:
    """Record a little of everything through the facade."""
    net.set_seeker(company="Acme", field="data")
    ann = net.add_contact(
        "Ann Lee",
        company="Globex",
        role="Head of Data",
        emails=["ann@globex.example"],
        tags=["data", "mentor"],
        past_companies=["Initech"],
        at=START - 60 * DAY,
    )
    bo = net.add_contact("Bø Ström", ring=Ring.BUDDY, tribe=True, cadence_days=21)
    net.link(ann.id, bo.id)
    net.set_goal(Scenario.UNEMPLOYED, target_companies=["Globex"], weekly_minutes=600)
    net.log(ann.id, InteractionKind.INTRODUCED, via=bo.id, note="über e-mail")
    net.move(ann.id, Ring.LUKEWARM)
    clock.advance(DAY)
    meeting = net.schedule_meeting(
        ann.id,
        START + 3 * DAY,
        purpose="Learn about the data team",
        duration=dt.timedelta(minutes=30),
        questions=["Where should I look next?"],
    )
    net.give(bo.id, "an article", help=HelpKind.INFORMATION)
    clock.advance(4 * DAY)
    net.record_meeting(
        meeting.id,
        MeetingStatus.HELD,
        referrals=["Cy", {"name": "Di", "company": "Initech"}],
    )
    net.thank(ann.id, "the coffee")
    net.ask(bo.id, "a recommendation", help=HelpKind.RECOMMENDATION)
    net.receive(bo.id, "a recommendation", help=HelpKind.RECOMMENDATION)


@pytest.fixture
def filled(db: str, clock: Clock) -> Iterator[Network]:
    """A SQLite network holding every kind of record."""
    with careernet.open(
        db, network="robin", seeker="Robin", clock=clock, ids=counter(), autoload=False
    ) as net:
        fill(net, clock)
        yield net


@pytest.fixture
def memory() -> Iterator[Store]:
    with careernet.open_store("memory:", autoload=False) as opened:
        yield opened


def edited(text: str, edit: Callable[[dict[str, Any]], object]) -> str:
    """The export ``text`` after ``edit`` changed its parsed document."""
    document = json.loads(text)
    edit(document)
    return json.dumps(document)


def records_of(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        r["data"] for r in document["records"] if r["kind"] == kind
    ]
    return found


class TestExport:
    def test_an_export_is_a_versioned_careernet_document(self, filled: Network) -> None:
        document = json.loads(filled.export_json())
        assert (document["format"], document["version"], document["network"]) == (
            "careernet",
            1,
            "robin",
        )
        assert document["seeker"]["company"] == "Acme"
        kinds = {r["kind"] for r in document["records"]}
        assert kinds == {
            "contact",
            "goal",
            "meeting",
            "interaction",
            "entry",
            "transition",
        }

    def test_sqlite_export_imports_into_memory_as_an_equal_network(
        self, filled: Network, memory: Store
    ) -> None:
        imported = memory.import_json(filled.export_json())
        assert (imported.id, imported.version) == ("robin", 1)
        assert imported.seeker == filled.seeker
        assert list(imported.state.records()) == list(filled.state.records())
        assert imported.contacts == filled.contacts
        assert imported.history(filled.find("Ann")[0].id) == filled.history(
            filled.find("Ann")[0].id
        )

    def test_re_exporting_an_import_is_byte_identical(
        self, filled: Network, memory: Store
    ) -> None:
        text = filled.export_json()
        assert memory.import_json(text).export_json() == text
        assert memory.network("robin").export_json() == text

    def test_import_accepts_bytes(self, filled: Network, memory: Store) -> None:
        text = filled.export_json()
        assert memory.import_json(text.encode()).export_json() == text

    def test_importing_over_an_existing_network_raises(self, filled: Network) -> None:
        text = filled.export_json()
        with pytest.raises(NetworkExistsError, match="'robin' already exists"):
            filled.store.import_json(text)
        assert filled.store.networks() == ["robin"]
        assert filled.store.network("robin").export_json() == text

    def test_import_with_a_network_id_renames_the_network(
        self, filled: Network
    ) -> None:
        text = filled.export_json()
        copy = filled.store.import_json(text, network_id="copy")
        assert filled.store.networks() == ["copy", "robin"]
        assert copy.id == "copy"
        assert json.loads(copy.export_json()) == {**json.loads(text), "network": "copy"}

    def test_export_to_writes_a_private_file(
        self, filled: Network, tmp_path: Path
    ) -> None:
        target = tmp_path / "backup.json"
        assert filled.export_to(target) == target
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_text(encoding="utf-8") == filled.export_json()

    def test_export_to_an_existing_file_makes_it_private(
        self, filled: Network, tmp_path: Path
    ) -> None:
        target = tmp_path / "backup.json"
        target.write_text("old backup", encoding="utf-8")
        target.chmod(0o644)
        filled.export_to(target)
        assert target.read_text(encoding="utf-8") == filled.export_json()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def test_export_to_accepts_a_string_path(
        self, filled: Network, tmp_path: Path
    ) -> None:
        target = filled.export_to(os.fspath(tmp_path / "backup.json"))
        assert target == tmp_path / "backup.json"
        assert target.is_file()


def _drop_contacts(document: dict[str, Any]) -> None:
    document["records"] = [r for r in document["records"] if r["kind"] != "contact"]


def _first(kind: str, field: str, value: object) -> Callable[[dict[str, Any]], None]:
    def edit(document: dict[str, Any]) -> None:
        records_of(document, kind)[0][field] = value

    return edit


MALFORMED: dict[str, Callable[[str], str]] = {
    "not json": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "a json list": lambda text: "[]",
    "wrong format": lambda text: edited(text, lambda d: d.update(format="vcard")),
    "no format": lambda text: edited(text, lambda d: d.pop("format")),
    "newer version": lambda text: edited(text, lambda d: d.update(version=2)),
    "version as text": lambda text: edited(text, lambda d: d.update(version="1")),
    "no seeker": lambda text: edited(text, lambda d: d.pop("seeker")),
    "no records": lambda text: edited(text, lambda d: d.pop("records")),
    "no network id": lambda text: edited(text, lambda d: d.pop("network")),
    "records not a list": lambda text: edited(text, lambda d: d.update(records=3)),
    "a record without data": lambda text: edited(
        text, lambda d: d["records"][0].pop("data")
    ),
    "unknown record kind": lambda text: edited(
        text, lambda d: d["records"][0].update(kind="postcard")
    ),
    "records of unknown contacts": lambda text: edited(text, _drop_contacts),
    "goal targeting an unknown contact": lambda text: edited(
        text, _first("goal", "target_contacts", ["ghost"])
    ),
    "contact introduced by an unknown contact": lambda text: edited(
        text, _first("contact", "introduced_by", "ghost")
    ),
    "contact knowing an unknown contact": lambda text: edited(
        text, _first("contact", "knows", ["ghost"])
    ),
    "bad datetime": lambda text: edited(text, _first("interaction", "at", "yesterday")),
    "naive datetime": lambda text: edited(
        text, _first("entry", "at", "2026-11-24T09:00:00")
    ),
    "unknown ring": lambda text: edited(text, _first("contact", "ring", "inner")),
    "blank name": lambda text: edited(text, _first("contact", "name", " ")),
    "unexpected field": lambda text: edited(text, _first("meeting", "colour", "red")),
    "missing field": lambda text: edited(
        text, lambda d: records_of(d, "transition")[0].pop("to_ring")
    ),
    "blank seeker": lambda text: edited(text, lambda d: d["seeker"].update(name="")),
}


@pytest.mark.parametrize("corrupt", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_export_is_refused_and_creates_no_network(
    filled: Network, memory: Store, corrupt: Callable[[str], str]
) -> None:
    with pytest.raises(InvalidValueError):
        memory.import_json(corrupt(filled.export_json()))
    assert memory.networks() == []


def test_an_export_whose_seeker_reports_to_an_unknown_contact_is_refused(
    filled: Network, memory: Store
) -> None:
    text = edited(
        filled.export_json(), lambda d: d["seeker"].update(reports_to="ghost")
    )
    with pytest.raises(InvalidValueError, match="ghost"):
        memory.import_json(text)
    assert memory.networks() == []


def test_an_export_whose_introduction_came_via_an_unknown_contact_is_refused(
    filled: Network, memory: Store
) -> None:
    text = edited(filled.export_json(), _first("interaction", "via", "ghost"))
    with pytest.raises(InvalidValueError, match="ghost"):
        memory.import_json(text)
    assert memory.networks() == []


@pytest.mark.parametrize("network_id", ["", "two\nlines"])
def test_an_export_with_an_unusable_network_id_is_refused(
    filled: Network, memory: Store, network_id: str
) -> None:
    text = edited(filled.export_json(), lambda d: d.update(network=network_id))
    with pytest.raises(InvalidValueError):
        memory.import_json(text)
    assert memory.networks() == []


# -- the round trip as a property -----------------------------------------------

NAMES = st.text(min_size=1, max_size=12).filter(str.strip)
ZONES = st.sampled_from(
    [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(dt.timedelta(hours=-8)),
    ]
)


@attrs.frozen
class Step:
    """One facade command; ``target`` picks a contact by position."""

    kind: str
    target: int
    text: str
    ring: Ring
    interaction: InteractionKind
    wait: dt.timedelta


STEPS = st.builds(
    Step,
    kind=st.sampled_from(["add", "log", "give", "ask", "thank", "move out"]),
    target=st.integers(min_value=0, max_value=20),
    text=NAMES,
    ring=st.sampled_from(Ring),
    interaction=st.sampled_from(InteractionKind),
    wait=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=60)),
)


def perform(net: Network, step: Step) -> None:
    contacts = net.contacts
    if step.kind == "add" or not contacts:
        # Any name at all, as an older careernet may have stored it.
        stored_contact(net, step.text, ring=step.ring)
        return
    contact = contacts[step.target % len(contacts)]
    if step.kind == "log":
        net.log(contact.id, step.interaction, note=step.text)
    elif step.kind == "give":
        net.give(contact.id, step.text)
    elif step.kind == "ask":
        net.ask(contact.id, step.text)
    elif step.kind == "thank":
        net.thank(contact.id, step.text)
    elif contact.ring.outward is not None:
        net.move(contact.id, contact.ring.outward, reason=step.text)


@settings(deadline=None, max_examples=60)
@given(steps=st.lists(STEPS, max_size=15), zone=ZONES)
def test_export_import_export_is_byte_identical(
    steps: list[Step], zone: dt.tzinfo
) -> None:
    clock = Clock(START.astimezone(zone))
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as store:
        net = store.create("robin", "Robin")
        for step in steps:
            clock.advance(step.wait)
            perform(net, step)
        text = net.export_json()
        imported = store.import_json(text, network_id="copy")
        again = imported.export_json()
    assert json.loads(again) == {**json.loads(text), "network": "copy"}
    with careernet.open_store("memory:", autoload=False) as other:
        assert other.import_json(text).export_json() == text
