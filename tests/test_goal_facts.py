"""Goals that check their facts, internal moves that keep the chain out, and
commands that change only what they are given."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
from careernet import ActionKind, IncompleteGoalError, InvalidValueError, Ring
from careernet.domain import Seeker

NOW = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)
TARGETING = {ActionKind.APPROACH, ActionKind.REQUEST_INTRO}


def _open(**seeker: object) -> careernet.Network:
    return careernet.open(
        "memory:",
        seeker=Seeker(name="Priya Nair", **seeker),  # type: ignore[arg-type]
        clock=lambda: NOW,
        autoload=False,
    )


class TestGoalsCheckTheirFacts:
    def test_confidential_without_an_employer_is_refused(self) -> None:
        with _open() as net:
            boss = net.add_contact("Sam Boss", company="Northwind", role="Director")
            with pytest.raises(IncompleteGoalError, match="current employer") as err:
                net.set_goal("employed_confidential", target_companies=["Globex"])
            assert err.value.codes == ("no-employer",)
            assert isinstance(err.value, InvalidValueError)
            assert net.goal is None
            net.set_seeker(company="Northwind")
            net.set_goal("employed_confidential", target_companies=["Globex"])
            assert not net.plan().for_contact(boss.id)

    def test_internal_move_without_a_company_is_refused(self) -> None:
        with _open() as net, pytest.raises(IncompleteGoalError, match="company"):
            net.set_goal("internal_move")

    def test_internal_move_without_a_manager_is_set_with_lasting_advice(
        self,
    ) -> None:
        with _open(company="Contoso") as net:
            net.set_goal("internal_move")
            assert [a.code for a in net.last_advice] == ["no-manager"]
            assert "no-manager" in {a.code for a in net.plan().advice}
            net.add_contact("Filler", company="Contoso")
            assert "no-manager" in {a.code for a in net.plan().advice}
            greg = net.add_contact("Greg Hall", company="Contoso")
            net.set_seeker(reports_to=greg.id)
            assert "no-manager" not in {a.code for a in net.plan().advice}

    def test_career_change_without_fields_is_refused(self) -> None:
        with _open() as net:
            with pytest.raises(IncompleteGoalError, match="fields") as err:
                net.set_goal("career_change")
            assert err.value.codes == ("no-fields",)
            net.set_goal("career_change", target_fields=["data engineering"])

    @pytest.mark.parametrize("scenario", ["unemployed", "employed_confidential"])
    def test_a_search_without_targets_is_set_with_advice(self, scenario: str) -> None:
        with _open(company="Northwind") as net:
            net.set_goal(scenario)
            assert "no-targets" in {a.code for a in net.plan().advice}
            net.set_goal(scenario, target_roles=["Head of Data"])
            assert "no-targets" not in {a.code for a in net.plan().advice}

    def test_clearing_the_employer_of_a_confidential_search_is_refused(
        self,
    ) -> None:
        with _open(company="Northwind") as net:
            net.set_goal("employed_confidential", target_companies=["Globex"])
            with pytest.raises(IncompleteGoalError, match="another goal"):
                net.set_seeker(company=None)
            assert net.seeker.company == "Northwind"
            net.set_seeker(name="Priya R. Nair")  # other fields stay
            assert net.seeker == Seeker(name="Priya R. Nair", company="Northwind")
            net.set_goal("maintain")
            net.set_seeker(company=None)
            assert net.seeker.company is None

    def test_a_stored_goal_that_lost_its_facts_says_so_on_every_plan(self) -> None:
        with _open(company="Northwind") as net:
            net.set_goal("employed_confidential", target_companies=["Globex"])
            # Another program clears the employer without the check.
            net._commit(net.state.set_seeker(Seeker(name="Priya Nair")))
            assert "no-employer" in {a.code for a in net.plan().advice}

    @settings(max_examples=30, deadline=None)
    @given(
        name=st.none()
        | st.text(
            st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cs")),
            min_size=1,
            max_size=20,
        ).filter(str.strip),
        company=st.sampled_from(["unset", None, "Initech"]),
        field=st.sampled_from(["unset", None, "data"]),
    )
    def test_set_seeker_changes_only_the_fields_given(
        self, name: str | None, company: str | None, field: str | None
    ) -> None:
        with _open(company="Northwind", field="analytics", aliases=["NWA"]) as net:
            before = net.seeker
            given: dict[str, object] = {}
            if company != "unset":
                given["company"] = company
            if field != "unset":
                given["field"] = field
            after = net.set_seeker(name=name, **given)  # type: ignore[arg-type]
            assert after.name == (before.name if name is None else name)
            assert after.company == (given.get("company", "Northwind"))
            assert after.field == (given.get("field", "analytics"))
            assert after.aliases == before.aliases
            assert after.reports_to == before.reports_to


def _company(net: careernet.Network) -> dict[str, str]:
    """Seeker, manager, skip-level, a peer, a report of the peer's, and
    targets elsewhere in the company, spelled several ways."""
    vp = net.add_contact(
        "Vera Skip", company="Contoso Bank plc", role="VP", ring=Ring.BUDDY
    )
    greg = net.add_contact(
        "Greg Hall",
        company="Contoso Bank",
        role="Engineering Manager",
        reports_to=vp.id,
        ring=Ring.BUDDY,
        at=NOW - dt.timedelta(days=200),
    )
    net.give(greg.id, "covered his on-call shift")
    tim = net.add_contact(
        "Tim Cho",
        company="CONTOSO BANK",
        role="QA Lead",
        reports_to=greg.id,
        ring=Ring.LUKEWARM,
    )
    fatima = net.add_contact(
        "Fatima Rao",
        company="Contoso Bank Ltd.",
        role="Head of Risk Analytics",
        knows=[greg.id, vp.id, tim.id],
    )
    omar = net.add_contact(
        "Omar Diaz",
        company="Contoso Bank",
        role="Data Lead",
        ring=Ring.LUKEWARM,
        at=NOW - dt.timedelta(days=200),
    )
    lee = net.add_contact(
        "Lee Park", company="The Contoso Bank", role="Director", knows=[omar.id]
    )
    net.set_seeker(company="Contoso Bank", reports_to=greg.id)
    net.set_goal("internal_move")
    return {
        "vp": vp.id,
        "greg": greg.id,
        "tim": tim.id,
        "fatima": fatima.id,
        "omar": omar.id,
        "lee": lee.id,
    }


def test_an_internal_move_never_proposes_the_chain_or_peers() -> None:
    with _open() as net:
        ids = _company(net)
        kept_out = {ids["vp"], ids["greg"], ids["tim"]}
        plan = net.plan()
        everything = plan.parts()
        for action in everything:
            if action.kind in TARGETING:
                assert action.contact_id not in kept_out, action.reason
            assert action.via_id not in kept_out, action.reason
            if action.contact_id in kept_out:
                assert "introduce" not in action.reason, action.reason
        targeted = {a.contact_id for a in everything if a.kind in TARGETING}
        # Omar introduces one of them this week (one introduction a week each).
        assert {ids["fatima"], ids["lee"]} & targeted
        assert any(a.via_id == ids["omar"] for a in everything)
        for target in ("fatima", "lee"):
            for path in net.introductions(ids[target]):
                assert path.introducer_id not in kept_out
        assert [p.introducer_id for p in net.introductions(ids["lee"])] == [ids["omar"]]
        strategy = net.strategy
        for contact_id in kept_out:
            contact = net.contact(contact_id)
            assert not strategy.is_target(contact, net.state, net.goal)
            assert not strategy.may_introduce(contact, net.state, net.goal)


def test_a_confidential_search_keeps_the_chain_out_whatever_their_company() -> None:
    with _open(company="Northwind") as net:
        boss = net.add_contact("Sam Boss", ring=Ring.BUDDY)  # no company recorded
        report = net.add_contact("Ann Report", reports_to=boss.id, ring=Ring.BUDDY)
        net.add_contact(
            "Rachel Kim", company="Globex", role="Recruiter", knows=[boss.id]
        )
        net.set_seeker(reports_to=boss.id)
        net.set_goal("employed_confidential", target_companies=["Globex"])
        plan = net.plan()
        for action in plan.parts():
            assert boss.id not in (action.contact_id, action.via_id)
            assert report.id not in (action.contact_id, action.via_id)
