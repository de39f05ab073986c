"""Role and field vocabularies: matched on whole words, extendable by plugins."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet.domain import (
    FIELD_SYNONYMS,
    HIRING_ROLES,
    RECRUITING_ROLES,
    Contact,
    Goal,
    NetworkState,
    Scenario,
    Seeker,
    Vocabulary,
    default_registry,
)
from careernet.domain.vocab import words

NOW = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "role",
    [
        "Engineering Manager",
        "Hiring Manager",
        "Director of Product",
        "VP Engineering",
        "Vice President, Data",
        "Head of Analytics",
        "Chief Technology Officer",
        "CTO",
        "Co-founder",
        "Team Lead, Payments",
        "Managing Director",
    ],
)
def test_people_managers_hire(role: str) -> None:
    assert HIRING_ROLES.matches(role)


@pytest.mark.parametrize(
    "role",
    [
        "Account Manager",
        "Office Manager",
        "Project Manager",
        "Program Manager",
        "Senior Product Manager",
        "Chief of Staff",
        "Data Lead",
        "Thought Leader",
        "Software Engineer",
        "Headhunted Analyst",
    ],
)
def test_titles_with_manager_or_lead_in_them_do_not_all_hire(role: str) -> None:
    assert not HIRING_ROLES.matches(role)


@pytest.mark.parametrize(
    "role",
    [
        "Technical Recruiter",
        "Sourcer",
        "Talent Partner",
        "Talent Acquisition Lead",
        "HR Business Partner",
        "People Partner",
        "Recruitment Consultant",
    ],
)
def test_recruiting_roles(role: str) -> None:
    assert RECRUITING_ROLES.matches(role)


@pytest.mark.parametrize(
    "role", ["Data Scientist", "Human Factors Engineer", "Hardware"]
)
def test_words_are_not_substrings(role: str) -> None:
    assert not RECRUITING_ROLES.matches(role)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("data science", "Data Scientist"),
        ("data science", "data sciences"),
        ("UX research", "User Experience Research"),
        ("UX research", "UXR"),
        ("UX research", "Design Research"),
        ("UX research", "Senior UX Researcher"),
        ("ux research", "ux research"),
        ("User Research", "UX research"),
    ],
)
def test_fields_match_their_synonyms_and_abbreviations(field: str, text: str) -> None:
    assert FIELD_SYNONYMS.forms(field).matches(text)


@pytest.mark.parametrize(
    ("field", "text"),
    [("data science", "Data Engineering"), ("UX research", "Market Research")],
)
def test_fields_do_not_match_neighbours(field: str, text: str) -> None:
    assert not FIELD_SYNONYMS.forms(field).matches(text)


def state_with(*contacts: Contact) -> NetworkState:
    state = NetworkState(Seeker(name="Sam", company="Northwind"))
    for contact in contacts:
        state.apply(state.add_contact(contact))
    return state


def test_the_career_change_strategy_finds_fields_by_synonym() -> None:
    uxr = Contact(id="c1", name="Uma", role="UXR", added_at=NOW, updated_at=NOW)
    design = Contact(
        id="c2", name="Dev", field="design research", added_at=NOW, updated_at=NOW
    )
    market = Contact(
        id="c3", name="Mo", field="market research", added_at=NOW, updated_at=NOW
    )
    state = state_with(uxr, design, market)
    strategy = default_registry().get(Scenario.CAREER_CHANGE)
    goal = Goal(
        id="g1",
        scenario=Scenario.CAREER_CHANGE,
        set_at=NOW,
        target_fields={"UX research"},
    )
    assert [strategy.is_target(c, state, goal) for c in (uxr, design, market)] == [
        True,
        True,
        False,
    ]


def test_a_strategy_plugin_extends_the_vocabularies() -> None:
    bosun = Contact(
        id="c1", name="Bo", role="Bosun", company="Globex", added_at=NOW, updated_at=NOW
    )
    state = state_with(bosun)
    goal = Goal(
        id="g1", scenario=Scenario.UNEMPLOYED, set_at=NOW, target_companies={"Globex"}
    )
    builtin = default_registry().get(Scenario.UNEMPLOYED)
    assert not builtin.is_target(bosun, state, goal)
    extended = attrs.evolve(builtin, hiring_roles=HIRING_ROLES.extend({"bosun"}))
    assert extended.is_target(bosun, state, goal)
    fields = FIELD_SYNONYMS.extend({"sailing": {"seamanship"}})
    assert fields.forms("Sailing").matches("Seamanship")
    assert not FIELD_SYNONYMS.forms("Sailing").matches("Seamanship")


def test_target_roles_in_a_goal_match_on_words() -> None:
    lead = Contact(
        id="c1",
        name="Li",
        role="Analytics Lead",
        company="Globex",
        added_at=NOW,
        updated_at=NOW,
    )
    leader = Contact(
        id="c2",
        name="Lee",
        role="Thought Leader",
        company="Globex",
        added_at=NOW,
        updated_at=NOW,
    )
    state = state_with(lead, leader)
    goal = Goal(
        id="g1",
        scenario=Scenario.UNEMPLOYED,
        set_at=NOW,
        target_companies={"Globex"},
        target_roles={"lead"},
    )
    strategy = default_registry().get(Scenario.UNEMPLOYED)
    assert strategy.is_target(lead, state, goal)
    assert not strategy.is_target(leader, state, goal)


@given(st.text(max_size=300), st.text(max_size=40))
def test_matching_never_raises_and_a_phrase_matches_itself(
    text: str, phrase: str
) -> None:
    vocabulary = Vocabulary({phrase})
    vocabulary.matches(text)
    if words(phrase):
        assert vocabulary.matches(phrase)
    assert not Vocabulary(set()).matches(text)
