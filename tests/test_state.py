"""NetworkState: commands return changes, apply folds them in, indexes agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet.domain import (
    Contact,
    DuplicateIdError,
    Goal,
    Interaction,
    InteractionKind,
    InvalidValueError,
    Meeting,
    MeetingStatus,
    NetworkState,
    Ring,
    Scenario,
    Seeker,
    UnknownIdError,
)
from careernet.sample import SEEKER, sample_network
from tests.conftest import NOW, run

DAY = dt.timedelta(days=1)


def meeting(**fields: object) -> Meeting:
    values: dict[str, object] = {
        "id": "m1",
        "contact_id": "c1",
        "scheduled_at": NOW + DAY,
        "created_at": NOW,
        "purpose": "Learn about the data team",
    }
    values.update(fields)
    return Meeting(**values)  # type: ignore[arg-type]


class TestContacts:
    def test_add_returns_a_change_and_leaves_the_state_alone(
        self, empty: NetworkState
    ) -> None:
        ann = Contact(id="c1", name="Ann", added_at=NOW)
        change = empty.add_contact(ann)
        assert change.records == (ann,)
        assert "c1" not in empty.contacts
        empty.apply(change)
        assert empty.contact("c1") is ann

    def test_a_duplicate_id_is_refused(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        with pytest.raises(DuplicateIdError, match="'c1' already exists"):
            empty.add_contact(Contact(id="c1", name="Bo", added_at=NOW))

    @pytest.mark.parametrize("field", ["introduced_by", "reports_to", "knows"])
    def test_references_to_unknown_contacts_are_refused(
        self, empty: NetworkState, field: str
    ) -> None:
        value: object = {"ghost"} if field == "knows" else "ghost"
        ann = Contact(id="c1", name="Ann", added_at=NOW, **{field: value})  # type: ignore[arg-type]
        with pytest.raises(UnknownIdError, match="No contact with id 'ghost'"):
            empty.add_contact(ann)

    def test_knowing_someone_is_recorded_on_both_sides(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        add("Bo", id="bo", knows={"ann"})
        assert empty.contact("ann").knows == {"bo"}

    def test_link_is_symmetric_and_idempotent(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        add("Bo", id="bo")
        run(empty, empty.link("ann", "bo", at=NOW))
        assert empty.contact("ann").knows == {"bo"}
        assert empty.contact("bo").knows == {"ann"}
        assert empty.link("bo", "ann", at=NOW).records == ()

    def test_a_contact_cannot_be_linked_to_themselves(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        with pytest.raises(InvalidValueError, match="themselves"):
            empty.link("ann", "ann", at=NOW)

    def test_edit_changes_details_and_the_company_index(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann", company="Globex")
        run(empty, empty.edit_contact("ann", at=NOW, company="Initech", tribe=True))
        ann = empty.contact("ann")
        assert (ann.company, ann.tribe, ann.updated_at) == ("Initech", True, NOW)
        assert empty.at_company("globex") == []
        assert empty.at_company(" INITECH ") == [ann]

    def test_the_ring_is_not_editable(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        with pytest.raises(InvalidValueError, match="use move"):
            empty.edit_contact("ann", at=NOW, ring=Ring.BUDDY)

    def test_unknown_fields_are_named(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        with pytest.raises(InvalidValueError, match="Cannot edit colour"):
            empty.edit_contact("ann", at=NOW, colour="blue")

    def test_edited_values_are_validated(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="ann")
        with pytest.raises(InvalidValueError):
            empty.edit_contact("ann", at=NOW, name="")
        with pytest.raises(UnknownIdError):
            empty.edit_contact("ann", at=NOW, reports_to="ghost")

    def test_unknown_ids_say_what_to_do(self, empty: NetworkState) -> None:
        with pytest.raises(UnknownIdError, match="add the contact first"):
            empty.contact("ghost")
        with pytest.raises(UnknownIdError):
            empty.history("ghost")

    def test_alumni_are_indexed_by_past_company(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        ann = add("Ann", past_companies=["Globex"])
        assert empty.alumni_of("globex") == [ann]


class TestMeetings:
    def test_schedule_then_hold_touches_the_contact(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        assert empty.last_touch("c1") is None
        change = run(
            empty,
            empty.record_meeting_result("m1", MeetingStatus.HELD, at=NOW + 2 * DAY),
        )
        held = empty.meeting("m1")
        assert (held.status, held.sequence) == (MeetingStatus.HELD, 1)
        assert empty.last_touch("c1") == NOW + DAY
        assert [a.code for a in change.advice] == ["thank-you"]

    def test_a_new_meeting_must_be_pending(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        with pytest.raises(InvalidValueError, match="must be scheduled"):
            empty.schedule_meeting(meeting(status=MeetingStatus.HELD))

    def test_a_meeting_id_is_used_once(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        with pytest.raises(DuplicateIdError):
            empty.schedule_meeting(meeting())

    def test_a_meeting_needs_a_known_contact(self, empty: NetworkState) -> None:
        with pytest.raises(UnknownIdError):
            empty.schedule_meeting(meeting())

    def test_reschedule_moves_the_time_and_grows_the_sequence(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        run(empty, empty.reschedule_meeting("m1", NOW + 3 * DAY, at=NOW))
        moved = empty.meeting("m1")
        assert moved.scheduled_at == NOW + 3 * DAY
        assert moved.status is MeetingStatus.RESCHEDULED
        assert moved.status.pending
        assert moved.sequence == 1

    def test_a_finished_meeting_cannot_change_again(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        run(empty, empty.record_meeting_result("m1", MeetingStatus.CANCELLED, at=NOW))
        with pytest.raises(InvalidValueError, match="already cancelled"):
            empty.record_meeting_result("m1", MeetingStatus.HELD, at=NOW)
        with pytest.raises(InvalidValueError, match="already cancelled"):
            empty.reschedule_meeting("m1", NOW + DAY, at=NOW)

    def test_a_pending_status_is_not_a_result(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        with pytest.raises(InvalidValueError, match="reschedule_meeting"):
            empty.record_meeting_result("m1", MeetingStatus.RESCHEDULED, at=NOW)

    def test_a_meeting_cannot_have_been_held_before_it_starts(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting(scheduled_at=NOW + DAY)))
        with pytest.raises(InvalidValueError, match="cannot have been held"):
            empty.record_meeting_result("m1", MeetingStatus.HELD, at=NOW)
        run(empty, empty.reschedule_meeting("m1", NOW - DAY, at=NOW))
        run(empty, empty.record_meeting_result("m1", MeetingStatus.HELD, at=NOW))
        assert empty.meeting("m1").status is MeetingStatus.HELD

    @pytest.mark.parametrize(
        "status",
        [MeetingStatus.DECLINED, MeetingStatus.NO_RESPONSE, MeetingStatus.CANCELLED],
    )
    def test_other_results_may_come_before_the_meeting(
        self, empty: NetworkState, add: Callable[..., Contact], status: MeetingStatus
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting(scheduled_at=NOW + DAY)))
        run(empty, empty.record_meeting_result("m1", status, at=NOW))
        assert empty.meeting("m1").status is status

    def test_referrals_become_contacts_linked_to_the_referrer(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        noor = Contact(id="noor", name="Noor", company="Initech", added_at=NOW)
        run(
            empty,
            empty.record_meeting_result(
                "m1", MeetingStatus.HELD, at=NOW + 2 * DAY, referrals=[noor]
            ),
        )
        added = empty.contact("noor")
        assert added.ring is Ring.COLD
        assert added.introduced_by == "c1"
        assert added.knows == {"c1"}
        assert empty.contact("c1").knows == {"noor"}

    @pytest.mark.parametrize(
        "status", [MeetingStatus.DECLINED, MeetingStatus.CANCELLED]
    )
    def test_only_held_meetings_bring_referrals(
        self,
        empty: NetworkState,
        add: Callable[..., Contact],
        status: MeetingStatus,
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        noor = Contact(id="noor", name="Noor", added_at=NOW)
        with pytest.raises(InvalidValueError, match="Only a held meeting"):
            empty.record_meeting_result("m1", status, at=NOW, referrals=[noor])

    def test_referral_ids_must_be_new(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        run(empty, empty.schedule_meeting(meeting()))
        twin = Contact(id="noor", name="Noor", added_at=NOW)
        with pytest.raises(DuplicateIdError):
            empty.record_meeting_result(
                "m1", MeetingStatus.HELD, at=NOW + 2 * DAY, referrals=[twin, twin]
            )
        with pytest.raises(DuplicateIdError):
            empty.record_meeting_result(
                "m1",
                MeetingStatus.HELD,
                at=NOW + 2 * DAY,
                referrals=[attrs.evolve(twin, id="c1")],
            )


class TestInteractions:
    def test_any_interaction_touches_the_contact(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        for days, kind in [(3, InteractionKind.MESSAGE), (1, InteractionKind.NUDGE)]:
            run(
                empty,
                empty.log_interaction(
                    Interaction(
                        id=f"i{days}", contact_id="c1", kind=kind, at=NOW - days * DAY
                    )
                ),
            )
        assert empty.last_touch("c1") == NOW - DAY
        assert [i.id for i in empty.interactions_with("c1")] == ["i3", "i1"]

    def test_an_introduction_names_a_known_contact(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Ann", id="c1")
        intro = Interaction(
            id="i", contact_id="c1", kind=InteractionKind.INTRODUCED, at=NOW, via="x"
        )
        with pytest.raises(UnknownIdError):
            empty.log_interaction(intro)


class TestGoals:
    def test_a_new_goal_closes_the_active_one(self, empty: NetworkState) -> None:
        first = Goal(id="g1", scenario=Scenario.MAINTAIN, set_at=NOW - DAY)
        run(empty, empty.set_goal(first))
        assert empty.active_goal == first
        second = Goal(id="g2", scenario=Scenario.UNEMPLOYED, set_at=NOW)
        run(empty, empty.set_goal(second))
        assert empty.active_goal == second
        assert empty.goal("g1").closed_at == NOW

    def test_close_goal(self, empty: NetworkState) -> None:
        run(empty, empty.set_goal(Goal(id="g", scenario="maintain", set_at=NOW)))
        run(empty, empty.close_goal("g", at=NOW + DAY))
        assert empty.active_goal is None
        with pytest.raises(InvalidValueError, match="already closed"):
            empty.close_goal("g", at=NOW)

    def test_goal_targets_must_be_known(self, empty: NetworkState) -> None:
        goal = Goal(id="g", scenario="maintain", set_at=NOW, target_contacts={"x"})
        with pytest.raises(UnknownIdError):
            empty.set_goal(goal)

    def test_a_new_goal_must_be_open(self, empty: NetworkState) -> None:
        goal = Goal(id="g", scenario="maintain", set_at=NOW, closed_at=NOW)
        with pytest.raises(InvalidValueError, match="must be open"):
            empty.set_goal(goal)


class TestSeeker:
    def test_management_chain_follows_reports_to_and_survives_cycles(
        self, empty: NetworkState, add: Callable[..., Contact]
    ) -> None:
        add("Vee", id="vp")
        add("Mo", id="mgr", reports_to="vp")
        run(empty, empty.edit_contact("vp", at=NOW, reports_to="mgr"))
        run(empty, empty.set_seeker(Seeker(name="Robin", reports_to="mgr")))
        assert empty.management_chain() == {"mgr", "vp"}

    def test_the_seekers_manager_must_be_a_contact(self, empty: NetworkState) -> None:
        with pytest.raises(UnknownIdError):
            empty.set_seeker(Seeker(name="Robin", reports_to="ghost"))


def test_records_rebuild_an_identical_network() -> None:
    original = sample_network(NOW)
    rebuilt = NetworkState.from_records(original.seeker, original.records())
    assert rebuilt.seeker == SEEKER
    for attribute in ("contacts", "meetings", "interactions", "entries", "goals"):
        assert getattr(rebuilt, attribute) == getattr(original, attribute)
    assert rebuilt.transitions == original.transitions
    for contact_id in original.contacts:
        assert rebuilt.last_touch(contact_id) == original.last_touch(contact_id)
        assert rebuilt.history(contact_id) == original.history(contact_id)
    assert rebuilt.kept_count == original.kept_count


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.sampled_from(list(InteractionKind)),
            st.integers(0, 400),
        ),
        max_size=30,
    )
)
def test_last_touch_is_the_latest_logged_moment(
    events: list[tuple[int, InteractionKind, int]],
) -> None:
    state = NetworkState(Seeker(name="Robin"))
    for n in range(6):
        run(state, state.add_contact(Contact(id=f"c{n}", name=f"C{n}", added_at=NOW)))
    for i, (who, kind, minutes) in enumerate(events):
        at = NOW + dt.timedelta(minutes=minutes)
        interaction = Interaction(id=f"i{i}", contact_id=f"c{who}", kind=kind, at=at)
        run(state, state.log_interaction(interaction))
    for n in range(6):
        times = [NOW + dt.timedelta(minutes=m) for who, _, m in events if who == n]
        assert state.last_touch(f"c{n}") == max(times, default=None)
