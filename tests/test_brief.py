"""The meeting brief: who, how met, history, balance, offer, questions, next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import careernet
from careernet import (
    ActionKind,
    InteractionKind,
    InvalidValueError,
    MeetingStatus,
    Network,
    Ring,
)
from careernet.domain.wording import SEARCH_WORDS
from careernet.errors import UnknownIdError
from tests.test_cli import invoke, run, user_error

NOW = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def net() -> Iterator[Network]:
    with careernet.open("memory:", seeker="Sam Ortiz", clock=lambda: NOW) as network:
        network.set_seeker(field="data analytics")
        yield network


def olga_meeting(net: Network, scenario: str = "unemployed") -> str:
    bea = net.add_contact("Bea Buddy", ring=Ring.BUDDY, field="product management")
    olga = net.add_contact(
        "Olga Petrova",
        company="Globex",
        role="Senior Product Manager",
        field="product management",
        ring=Ring.LUKEWARM,
        how_met="Met at the PyData meetup.",
        introduced_by=bea.id,
    )
    net.add_contact(
        "Ethan Cole", company="Globex", role="Director of Product", knows=[olga.id]
    )
    net.log(olga.id, InteractionKind.MESSAGE, note="Liked my\ntalk", at=NOW - 9 * DAY)
    net.give(olga.id, "an article on pricing", at=NOW - 5 * DAY)
    net.record_request(olga.id, "a contact in analytics", at=NOW - 2 * DAY)
    net.set_goal(
        scenario,
        target_companies=["Globex", "Initech"],
        target_fields=["product management"],
    )
    meeting = net.schedule_meeting(
        olga.id,
        NOW + 2 * DAY,
        purpose="Discuss the Senior PM job search and my resume",
        outcome_sought="Two names to call",
        questions=["Would you refer me for the PM role?", "What is Globex solving?"],
    )
    return meeting.id


def test_the_brief_says_who_how_met_history_and_balance(net: Network) -> None:
    brief = net.brief(olga_meeting(net))

    assert brief.name == "Olga Petrova"
    assert brief.when == NOW + 2 * DAY
    assert "Senior Product Manager at Globex" in brief.who
    assert "lukewarm" in brief.who
    assert brief.how_met == "Met at the PyData meetup; introduced by Bea Buddy"
    assert brief.history == (
        "31 Oct 2026: message: Liked my talk",
        "04 Nov 2026: you gave an article on pricing",
        "07 Nov 2026: they asked you for a contact in analytics",
    )
    assert (brief.balance.gives, brief.balance.requests) == (1, 1)
    assert "supports asking" in brief.standing


def test_the_brief_offers_something_and_checks_the_questions(net: Network) -> None:
    brief = net.brief(olga_meeting(net))

    assert brief.offer[0] == "Answer their request: a contact in analytics."
    assert any("Bea Buddy" in line for line in brief.offer)
    assert [f.where for f in brief.flags] == ["question", "purpose"]
    assert brief.questions[0] == "Would you refer me for the PM role?"
    assert any("data analytics" in q for q in brief.suggested)
    assert "Would they introduce you to Ethan Cole?" in brief.ask_next
    assert any("Initech" in line for line in brief.ask_next)
    assert brief.ask_next[-1].startswith("Whom else would they suggest")


def test_the_suggested_questions_follow_the_scenario(net: Network) -> None:
    meeting_id = olga_meeting(net, "career_change")
    career = net.brief(meeting_id).suggested
    net.set_goal("maintain")
    maintain = net.brief(meeting_id).suggested
    assert any("come into product management" in q for q in career)
    assert any("where could I help" in q for q in maintain)
    assert career != maintain


def test_the_full_text_carries_every_part(net: Network) -> None:
    text = net.brief(olga_meeting(net)).text()
    for heading in (
        "Who:",
        "How you met:",
        "Ledger:",
        "History:",
        "Purpose:",
        "Outcome sought: Two names to call",
        "What you could offer:",
        "Your questions:",
        "  ! 'Would you refer me",
        "Questions to consider:",
        "Whom to ask for next:",
    ):
        assert heading in text


def test_the_neutral_brief_says_nothing_that_signals_a_search(net: Network) -> None:
    lines = net.brief(olga_meeting(net)).lines(neutral=True)
    text = " ".join(lines).casefold()
    assert "globex" not in text
    assert "resume" not in text
    assert not {w for w in SEARCH_WORDS if w in text.split()}
    assert lines[0] == "Coffee with Olga Petrova, Wed 11 Nov 09:00."


def test_the_plan_points_to_the_brief(net: Network) -> None:
    meeting_id = olga_meeting(net)
    [prepare] = [p for p in net.plan().parts() if p.kind is ActionKind.PREPARE]
    assert prepare.record_id == meeting_id
    assert "Read its brief" in prepare.reason


def test_a_brief_is_for_an_upcoming_meeting(net: Network) -> None:
    meeting_id = olga_meeting(net)
    with pytest.raises(UnknownIdError):
        net.brief("nope")
    net.cancel_meeting(meeting_id)
    with pytest.raises(InvalidValueError, match="not upcoming"):
        net.brief(meeting_id)


def test_a_first_meeting_has_an_empty_history(net: Network) -> None:
    cy = net.add_contact("Cy Cold")
    meeting = net.schedule_meeting(cy.id, NOW + DAY, purpose="Hear about their work")
    brief = net.brief(meeting.id)
    assert brief.history == ("Nothing recorded yet: this is your first exchange.",)
    assert "not given Cy Cold anything yet" in brief.standing
    assert brief.how_met == "added to your network on 09 Nov 2026"


def test_the_cli_shows_the_brief(tmp_path: Path) -> None:
    db = tmp_path / "brief.db"
    with careernet.open(f"sqlite:///{db}", seeker="Sam Ortiz") as net:
        ann = net.add_contact("Ann Archer", company="Acme", ring=Ring.LUKEWARM)
        when = net.store.now() + 2 * DAY
        meeting = net.schedule_meeting(ann.id, when, purpose="Hear about data")
        held = net.schedule_meeting(ann.id, when - DAY, purpose="An earlier chat")
    full = run("brief", meeting.id, "--db", db).stdout
    assert full.startswith("Coffee with Ann Archer, ")
    assert "Who: at Acme" in full
    neutral = run("brief", meeting.id, "--neutral", "--db", db).stdout
    assert "Acme" not in neutral
    assert "'nope'" in user_error(invoke("brief", "nope", "--db", db))
    with careernet.open(f"sqlite:///{db}") as net:
        net.record_meeting(held.id, MeetingStatus.CANCELLED)
    assert "not upcoming" in user_error(invoke("brief", held.id, "--db", db))


def test_the_brief_suggests_the_story_that_fits(net: Network) -> None:
    net.set_seeker(
        stories=[
            "Cut the monthly reporting from three days to three hours",
            "Led the pricing analysis for a new product line",
        ]
    )
    brief = net.brief(olga_meeting(net))  # product management at Globex
    assert brief.story == "Led the pricing analysis for a new product line"
    assert brief.suggested[0].startswith(
        "Here is something I did: Led the pricing analysis for a new product line."
    )
    assert "Story to tell: Led the pricing" in brief.text()
    assert "Story" not in " ".join(brief.lines(neutral=True))


def test_without_stories_the_brief_tells_none(net: Network) -> None:
    assert net.brief(olga_meeting(net)).story is None


def test_maintain_reminds_to_refresh_the_resume_and_profile_each_quarter(
    net: Network,
) -> None:
    net.set_goal("maintain")
    [refresh] = [p for p in net.plan().parts() if p.kind is ActionKind.REFRESH]
    assert refresh.key == "refresh:never"
    assert "no date recorded" in refresh.reason
    net.set_seeker(resume_refreshed=NOW - 10 * DAY, profile_refreshed=NOW - 100 * DAY)
    [refresh] = [p for p in net.plan().parts() if p.kind is ActionKind.REFRESH]
    assert refresh.due == NOW - 100 * DAY + 91 * DAY
    assert "public profile (last on 01 Aug 2026)" in refresh.reason
    assert "résumé" not in refresh.reason
    net.set_seeker(profile_refreshed=NOW)
    assert all(ActionKind.REFRESH not in a.kinds for a in net.plan().actions)
    assert net.seeker.resume_refreshed == NOW - 10 * DAY
