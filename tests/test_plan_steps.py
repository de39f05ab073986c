"""The plan a coach would sign: one step per person, what falls due in the week,
give first by balance, the budget's shares, tribe and fan club, insiders, and
reasons that read as sentences."""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterator

import pytest

import careernet
from careernet import ActionKind, InteractionKind, Network, Ring
from careernet.domain import Work
from careernet.domain.planner import EXPOSURE_FORMS

NOW = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)  # a Monday
DAY = dt.timedelta(days=1)


@pytest.fixture
def net() -> Iterator[Network]:
    with careernet.open("memory:", seeker="Sam Ortiz", clock=lambda: NOW) as network:
        yield network


def people(net: Network) -> collections.Counter[str | None]:
    plan = net.plan()
    return collections.Counter(a.via_id or a.contact_id for a in plan.actions)


# -- one step per person ----------------------------------------------------------


def test_a_lukewarm_peer_at_a_target_company_gets_one_step(net: Network) -> None:
    olga = net.add_contact(
        "Olga Petrova",
        company="Globex",
        role="Senior Product Manager",
        ring=Ring.LUKEWARM,
    )
    ethan = net.add_contact("Ethan Cole", company="Globex", role="Director of Product")
    net.set_goal("unemployed", target_companies=["Globex"])

    plan = net.plan()

    assert people(net)[olga.id] == 1
    [step] = plan.for_contact(olga.id)
    assert step.contact_id == olga.id
    assert step.kinds[0] is ActionKind.GIVE  # give before asking
    assert ActionKind.REQUEST_INTRO in step.kinds
    request = next(p for p in step.parts if p.kind is ActionKind.REQUEST_INTRO)
    assert (request.contact_id, request.via_id) == (ethan.id, olga.id)
    assert step.reason.startswith("One step with Olga Petrova: (1) Give Olga")
    assert step.minutes == sum(p.minutes for p in step.parts)
    assert step.key == "+".join(p.key for p in step.parts)


def test_a_buddy_is_asked_for_one_introduction_a_week(net: Network) -> None:
    bea = net.add_contact("Bea Buddy", ring=Ring.BUDDY)
    net.give(bea.id, "a book", at=NOW - 30 * DAY)
    net.give(bea.id, "an introduction", at=NOW - 20 * DAY)
    for n in range(4):
        net.add_contact(
            f"Recruiter {n}", company="Globex", role="Recruiter", knows=[bea.id]
        )
    net.set_goal("unemployed", target_companies=["Globex"])

    plan = net.plan()

    asks = [p for p in plan.parts() if p.kind is ActionKind.REQUEST_INTRO]
    assert len(asks) == 1
    assert asks[0].via_id == bea.id


def test_the_tribe_is_asked_for_introductions_first(net: Network) -> None:
    ann = net.add_contact("Ann Ally", ring=Ring.BUDDY)
    zed = net.add_contact("Zed Tribe", ring=Ring.STRATEGIC, tribe=True)
    for who in (ann, zed):
        net.give(who.id, "an article", at=NOW - 10 * DAY)
    tia = net.add_contact(
        "Tia Recruiter", company="Globex", role="Recruiter", knows=[ann.id, zed.id]
    )
    net.set_goal("unemployed", target_companies=["Globex"])

    [ask] = [p for p in net.plan().parts() if p.kind is ActionKind.REQUEST_INTRO]

    assert (ask.contact_id, ask.via_id) == (tia.id, zed.id)


def test_a_check_in_and_a_drift_are_one_step(net: Network) -> None:
    fiona = net.add_contact("Fiona Walsh", ring=Ring.STRATEGIC, at=NOW - 70 * DAY)
    net.set_goal("unemployed", target_companies=["Globex"])

    [step] = net.plan().for_contact(fiona.id)

    assert step.kinds == (ActionKind.KEEP_IN_TOUCH,)
    assert "never contacted" in step.reason
    assert "70 days ago" in step.reason
    assert "400 days" not in step.reason
    assert "move them to the lukewarm ring instead" in step.reason


# -- what falls due in the week ---------------------------------------------------


def test_a_nudge_falls_due_on_day_seven_inside_the_week(net: Network) -> None:
    hugo = net.add_contact("Hugo Lambert", company="Cyberdyne", role="Recruiter")
    net.set_goal("unemployed", target_companies=["Cyberdyne"])
    asked = NOW + 2 * dt.timedelta(hours=1)
    net.log(hugo.id, InteractionKind.OUTREACH, at=asked)

    plan = net.plan(NOW + 7 * DAY)

    [nudge] = [p for p in plan.parts() if p.kind is ActionKind.NUDGE]
    assert nudge.due == asked + 7 * DAY
    assert nudge.contact_id == hugo.id


# -- give first, by balance --------------------------------------------------------


def test_one_old_give_does_not_allow_any_number_of_asks(net: Network) -> None:
    bea = net.add_contact("Bea Buddy", ring=Ring.BUDDY)
    net.give(bea.id, "an article", at=NOW - 200 * DAY)
    net.ask(bea.id, "advice", at=NOW - 100 * DAY)
    net.ask(bea.id, "an introduction", at=NOW - 50 * DAY)
    assert net.balance(bea.id).credit < 0
    net.add_contact("Tia", company="Globex", role="Recruiter", knows=[bea.id])
    net.set_goal("unemployed", target_companies=["Globex"])

    [step] = net.plan().for_contact(bea.id)

    assert step.kinds[:1] == (ActionKind.GIVE,)
    assert "you have asked or received more from Bea Buddy" in step.reason


def test_an_ask_beyond_the_balance_is_recorded_with_advice(net: Network) -> None:
    bea = net.add_contact("Bea Buddy", ring=Ring.BUDDY)
    net.give(bea.id, "an article", at=NOW - 20 * DAY)
    net.ask(bea.id, "advice", at=NOW - 10 * DAY)
    assert not net.last_advice
    net.ask(bea.id, "an introduction")
    [advice] = net.last_advice
    assert advice.code == "give-first"
    assert "more than you have given" in advice.message


# -- requests, fan club, insiders -------------------------------------------------


def test_a_request_for_help_is_answered_in_the_plan(net: Network) -> None:
    tom = net.add_contact("Tom Tribe", ring=Ring.STRATEGIC, tribe=True)
    net.log(tom.id, InteractionKind.MESSAGE, at=NOW - DAY)
    net.record_request(tom.id, "A reference for his new role", at=NOW - DAY)
    net.set_goal("maintain")

    [step] = net.plan().for_contact(tom.id)

    assert step.kinds == (ActionKind.ANSWER,)  # answering is the give
    assert step.work is Work.COMMITMENTS
    assert "who asked you for a reference for his new role" in step.reason
    assert "Your tribe can call on you too." in step.reason
    assert step.due == NOW - DAY + 3 * DAY

    net.give(tom.id, "the reference")
    assert all(ActionKind.ANSWER not in a.kinds for a in net.plan().actions)
    assert net.balance(tom.id).requests == 1


def test_declines_bring_a_call_with_the_fan_club(net: Network) -> None:
    fay = net.add_contact("Fay Fan", ring=Ring.BUDDY, fan_club=True)
    net.log(fay.id, InteractionKind.MESSAGE, at=NOW - 20 * DAY)
    for n in range(3):
        who = net.add_contact(f"Declined {n}", company="Globex", role="Recruiter")
        net.log(who.id, InteractionKind.OUTREACH, at=NOW - 10 * DAY)
        net.log(who.id, InteractionKind.DECLINE, at=NOW - 5 * DAY)
    net.set_goal("unemployed", target_companies=["Globex"])

    [call] = [p for p in net.plan().parts() if p.kind is ActionKind.FAN_CLUB]

    assert call.contact_id == fay.id
    assert "Some will, some won't" in call.reason


def test_without_a_fan_club_the_plan_advises_to_name_one(net: Network) -> None:
    for n in range(3):
        who = net.add_contact(f"Declined {n}", company="Globex", role="Recruiter")
        net.log(who.id, InteractionKind.DECLINE, at=NOW - 5 * DAY)
    net.set_goal("unemployed", target_companies=["Globex"])

    codes = [a.code for a in net.plan().advice]

    assert "fan-club" in codes


def test_an_insider_without_a_hiring_role_is_asked_whom_to_talk_to(
    net: Network,
) -> None:
    ivy = net.add_contact(
        "Ivy Insider", company="Globex", role="Data Analyst", ring=Ring.LUKEWARM
    )
    net.give(ivy.id, "an article", at=NOW - 5 * DAY)
    net.set_goal("unemployed", target_companies=["Globex"])

    [step] = net.plan().for_contact(ivy.id)

    assert ActionKind.ASK_INSIDER in step.kinds
    assert "nobody there who hires" in step.reason
    assert "whom you should talk to" in step.reason


def test_the_current_employer_is_never_a_place_to_find_people_discreetly(
    net: Network,
) -> None:
    net.set_seeker(company="Northwind")
    net.add_contact("Colleague", company="Northwind", role="Director")
    net.set_goal("employed_confidential", target_companies=["Northwind", "Globex"])

    finds = [p for p in net.plan().parts() if p.kind is ActionKind.FIND_CONTACT]

    assert [f.key for f in finds] == ["find_contact:globex"]


# -- the budget --------------------------------------------------------------------


def test_maintain_keeps_part_of_the_hour_for_help_and_exposure(net: Network) -> None:
    for n in range(12):
        net.add_contact(f"Lukewarm {n}", ring=Ring.LUKEWARM, at=NOW - 200 * DAY)
    net.set_goal("maintain", weekly_minutes=60)

    plan = net.plan()

    assert plan.planned_minutes <= 60
    assert plan.shares == {Work.WARM: 15, Work.HELP: 15, Work.EXPOSURE: 30}
    parts = {p.kind for p in plan.parts(deferred=False)}
    assert parts & {ActionKind.GIVE, ActionKind.EXPOSURE}


def test_the_plan_says_when_cadences_cannot_fit_the_budget(net: Network) -> None:
    for n in range(40):
        net.add_contact(f"Lukewarm {n}", ring=Ring.LUKEWARM, at=NOW - 10 * DAY)
    net.set_goal("maintain", weekly_minutes=60)

    [advice] = [a for a in net.plan().advice if a.code == "cadences"]

    assert "Keeping 40 contacts at their cadences takes about 47 minutes" in (
        advice.message
    )
    assert "lukewarm" in advice.message


def test_a_mostly_empty_week_says_why(net: Network) -> None:
    net.add_contact("Only One", ring=Ring.BUDDY)
    net.set_goal("unemployed")

    [advice] = [a for a in net.plan().advice if a.code == "unplanned"]

    assert "of 1800 minutes because" in advice.message
    assert "names no target companies" in advice.message


def test_exposure_comes_as_named_steps_each_with_its_time(net: Network) -> None:
    net.set_goal("unemployed", target_companies=["Globex"])

    forms = [p for p in net.plan().parts() if p.kind is ActionKind.EXPOSURE]

    assert sorted(f.minutes for f in forms) == sorted(f.minutes for f in EXPOSURE_FORMS)
    texts = " ".join(f.reason for f in forms)
    for words in ("association meeting", "post", "mentoring", "expertise"):
        assert words in texts


# -- sentences ---------------------------------------------------------------------


def test_reasons_read_as_sentences_whatever_was_typed(net: Network) -> None:
    ken = net.add_contact("Ken Watanabe", ring=Ring.LUKEWARM)
    net.schedule_meeting(
        ken.id,
        NOW + 2 * DAY,
        purpose="  Hear about\nthe data team.  ",
        outcome_sought="A name to call next!",
    )
    net.receive(ken.id, "An introduction to Priya.", at=NOW - DAY)

    plan = net.plan()

    text = " ".join(p.reason for p in plan.parts())
    assert "Purpose: Hear about the data team." in text
    assert "Outcome sought: A name to call next." in text
    assert "Thank Ken Watanabe for an introduction to Priya." in text
    assert ".." not in text
    assert "\n" not in text


def test_overlapping_meetings_get_an_advice(net: Network) -> None:
    codes = []
    for n in range(7):
        who = net.add_contact(f"Person {n}")
        net.schedule_meeting(who.id, NOW + 2 * DAY, purpose="Learn about their work")
        codes.append([a.code for a in net.last_advice])
    assert codes[0] == []
    assert all(c == ["overlap"] for c in codes[1:])
    assert "and 5 more" in net.last_advice[0].message
