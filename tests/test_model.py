"""The records: validation on construction and on evolve, enums, converters."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet.domain import (
    CareerNetError,
    Contact,
    Goal,
    InvalidValueError,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NaiveDatetimeError,
    Ring,
    Scenario,
    Seeker,
    Transition,
)
from tests.conftest import NOW

NAIVE = dt.datetime(2026, 11, 24, 9, 0)  # noqa: DTZ001 - naive on purpose


def contact(**fields: object) -> Contact:
    values: dict[str, object] = {"id": "c1", "name": "Ann", "added_at": NOW}
    values.update(fields)
    return Contact(**values)  # type: ignore[arg-type]


class TestRing:
    def test_rings_run_from_the_centre_outwards(self) -> None:
        assert [r.depth for r in Ring] == [0, 1, 2, 3]
        assert sorted(Ring, reverse=True) == [
            Ring.COLD,
            Ring.LUKEWARM,
            Ring.STRATEGIC,
            Ring.BUDDY,
        ]

    def test_inward_and_outward_step_one_ring(self) -> None:
        assert Ring.COLD.inward is Ring.LUKEWARM
        assert Ring.LUKEWARM.inward is Ring.STRATEGIC
        assert Ring.STRATEGIC.inward is Ring.BUDDY
        assert Ring.BUDDY.inward is None
        assert Ring.BUDDY.outward is Ring.STRATEGIC
        assert Ring.COLD.outward is None

    def test_cold_contacts_have_no_cadence(self) -> None:
        assert Ring.COLD.cadence is None
        assert all(r.cadence for r in Ring if r is not Ring.COLD)

    def test_comparing_with_other_types_is_not_supported(self) -> None:
        with pytest.raises(TypeError):
            assert Ring.COLD < 3


class TestValidation:
    def test_a_naive_datetime_is_refused_with_advice(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"no time zone.*aware datetime"):
            contact(added_at=NAIVE)

    def test_a_datetime_is_required(self) -> None:
        with pytest.raises(InvalidValueError, match="must be a datetime"):
            contact(added_at="2026-11-24")

    @pytest.mark.parametrize("name", ["", "   ", "\n"])
    def test_an_empty_name_is_refused(self, name: str) -> None:
        with pytest.raises(InvalidValueError, match="name must not be empty"):
            contact(name=name)

    @pytest.mark.parametrize(
        "bad", ["", "a b", "tab\there", "nul\x00", "no\u00a0break", "line\u2028end"]
    )
    def test_ids_must_be_printable_without_spaces(self, bad: str) -> None:
        with pytest.raises(InvalidValueError, match="non-empty id"):
            contact(id=bad)

    @given(st.text(max_size=6))
    def test_an_id_is_refused_exactly_when_it_is_empty_or_holds_space_or_control(
        self, candidate: str
    ) -> None:
        bad = (
            not candidate or not candidate.isprintable() or re.search(r"\s", candidate)
        )
        try:
            contact(id=candidate)
        except InvalidValueError:
            assert bad
        else:
            assert not bad

    def test_errors_are_careernet_errors_and_value_errors(self) -> None:
        with pytest.raises(CareerNetError):
            contact(name="")
        with pytest.raises(ValueError, match="must not be empty"):
            contact(name="")

    def test_evolve_runs_the_validators_again(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            attrs.evolve(contact(), updated_at=NAIVE)

    def test_records_are_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            contact().name = "Bo"  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("field", "value"),
        [("introduced_by", "c1"), ("reports_to", "c1"), ("knows", {"c1"})],
    )
    def test_a_contact_cannot_refer_to_themselves(
        self, field: str, value: object
    ) -> None:
        with pytest.raises(InvalidValueError, match="Ann"):
            contact(**{field: value})

    @pytest.mark.parametrize("days", [0, -3])
    def test_cadence_must_be_positive(self, days: int) -> None:
        with pytest.raises(
            InvalidValueError, match=r"must be (positive|a whole number from 1)"
        ):
            contact(cadence_days=days)

    def test_meeting_duration_must_be_positive(self) -> None:
        with pytest.raises(InvalidValueError, match="duration must be a duration"):
            Meeting(
                id="m",
                contact_id="c1",
                scheduled_at=NOW,
                created_at=NOW,
                purpose="Learn",
                duration=dt.timedelta(0),
            )

    def test_a_meeting_needs_a_purpose(self) -> None:
        with pytest.raises(InvalidValueError, match="purpose must not be empty"):
            Meeting(
                id="m", contact_id="c1", scheduled_at=NOW, created_at=NOW, purpose=""
            )

    def test_a_ledger_entry_says_what(self) -> None:
        with pytest.raises(InvalidValueError, match="what must not be empty"):
            LedgerEntry(id="e", contact_id="c1", kind=LedgerKind.GIVE, at=NOW, what="")

    def test_the_seeker_needs_a_name(self) -> None:
        with pytest.raises(InvalidValueError):
            Seeker(name=" ")


class TestConverters:
    def test_tags_and_emails_are_stripped_and_deduplicated(self) -> None:
        c = contact(tags=[" a", "a", "", "b "], emails=["x@y.z", " x@y.z ", "w@y.z"])
        assert c.tags == frozenset({"a", "b"})
        assert c.emails == ("x@y.z", "w@y.z")

    @pytest.mark.parametrize("field", ["emails", "tags"])
    def test_values_that_are_not_text_are_refused(self, field: str) -> None:
        with pytest.raises(InvalidValueError, match="Expected text values"):
            contact(**{field: ["ann@example.org", 42]})

    def test_a_single_string_is_one_value_not_characters(self) -> None:
        assert contact(emails="ann@example.org").emails == ("ann@example.org",)

    def test_blank_optional_text_becomes_none(self) -> None:
        c = contact(company="  ", role=" Recruiter ")
        assert c.company is None
        assert c.role == "Recruiter"

    def test_updated_at_defaults_to_added_at(self) -> None:
        assert contact().updated_at == NOW


class TestContact:
    def test_own_cadence_overrides_the_ring(self) -> None:
        assert contact(ring=Ring.BUDDY).cadence == Ring.BUDDY.cadence
        assert contact(ring=Ring.BUDDY, cadence_days=7).cadence == dt.timedelta(7)
        assert contact(cadence_days=7).cadence == dt.timedelta(7)

    @pytest.mark.parametrize(
        ("fields", "kept"),
        [
            ({}, False),
            ({"ring": Ring.LUKEWARM}, True),
            ({"tribe": True}, True),
            ({"fan_club": True}, True),
        ],
    )
    def test_kept_set_is_inner_rings_plus_tribe_and_fan_club(
        self, fields: dict[str, object], kept: bool
    ) -> None:
        assert contact(**fields).kept is kept


class TestOthers:
    def test_known_scenario_names_become_scenarios(self) -> None:
        goal = Goal(id="g", scenario="career_change", set_at=NOW)
        assert goal.scenario is Scenario.CAREER_CHANGE

    def test_unknown_scenario_names_stay_strings_for_plugins(self) -> None:
        goal = Goal(id="g", scenario="sabbatical", set_at=NOW)
        assert goal.scenario == "sabbatical"
        assert not isinstance(goal.scenario, Scenario)

    def test_scenarios_are_strings(self) -> None:
        assert isinstance(Scenario.MAINTAIN, str)
        assert Scenario("maintain") is Scenario.MAINTAIN

    def test_pending_statuses(self) -> None:
        assert {s for s in MeetingStatus if s.pending} == {
            MeetingStatus.SCHEDULED,
            MeetingStatus.RESCHEDULED,
        }

    def test_only_events_are_not_one_to_one(self) -> None:
        assert [k for k in MeetingKind if not k.one_to_one] == [MeetingKind.EVENT]

    def test_transition_direction(self) -> None:
        t = Transition(
            id="t", contact_id="c", from_ring=Ring.COLD, to_ring=Ring.LUKEWARM, at=NOW
        )
        assert t.inward
        assert not attrs.evolve(t, from_ring=Ring.BUDDY).inward

    def test_meeting_end(self) -> None:
        m = Meeting(
            id="m", contact_id="c", scheduled_at=NOW, created_at=NOW, purpose="p"
        )
        assert m.ends_at == NOW + dt.timedelta(minutes=45)
        assert m.updated_at == NOW
