"""Organisation identity: company keys, aliases, near matches.

The properties generate spellings of one employer from legal forms,
punctuation, case, accents and a leading "The", and check that each has the
employer's key; then that no rule of the confidential strategy (plan,
introductions, calendar, digest, asks and gives) lets a contact at any such
spelling through.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careernet
from careernet import ExcludedContactError, InvalidValueError, Ring
from careernet.domain import Seeker
from careernet.domain.orgs import (
    LEGAL_FORMS,
    Organisation,
    company_key,
    fold,
    near_match,
)
from careernet.ical import CalendarOptions

NOW = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)

FORMS = (
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Corporation",
    "Co",
    "Co.",
    "Ltd",
    "Ltd.",
    "Limited",
    "LLC",
    "L.L.C.",
    "LLP",
    "PLC",
    "GmbH",
    "AG",
    "SA",
    "S.A.",
    "SAS",
    "S.A.S.",
    "BV",
    "B.V.",
    "NV",
    "N.V.",
    "Pty",
    "Pty Ltd",
    "(Pty) Ltd",
    "KK",
    "K.K.",
    "Co., Ltd.",
    "& Co.",
    "GmbH & Co. KG",
    "Limited Liability Company",
    "Kabushiki Kaisha",
)
"""Legal forms as people write them, those the documentation promises first."""

SEPARATORS = (" ", ", ", ",", " - ", "  ", " ,")


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.title())[how]


@st.composite
def spellings(draw: st.DrawFn, name: str = "Northwind Analytics") -> str:
    """One spelling of ``name``: case, a leading "The", legal forms, punctuation."""
    text = _case(name, draw(st.integers(0, 3)))
    if draw(st.booleans()):
        text = f"{draw(st.sampled_from(('The', 'the', 'THE')))} {text}"
    for _ in range(draw(st.integers(0, 2))):
        form = _case(draw(st.sampled_from(FORMS)), draw(st.integers(0, 3)))
        text = f"{text}{draw(st.sampled_from(SEPARATORS))}{form}"
    if draw(st.booleans()):
        text += draw(st.sampled_from((".", ",", " ", "\t", ";")))
    if draw(st.booleans()):
        text = " " + text
    return text


class TestCompanyKey:
    @given(spellings())
    def test_every_spelling_of_the_employer_has_its_key(self, spelling: str) -> None:
        assert company_key(spelling) == "northwind analytics"

    @pytest.mark.parametrize(
        ("name", "key"),
        [
            ("Globex Corporation", "globex"),
            ("Globex", "globex"),
            ("The Globex Co.", "globex"),
            ("Société Générale S.A.", "societe generale"),
            ("SOCIETE GENERALE", "societe generale"),
            ("Procter & Gamble Co.", "procter and gamble"),
            ("Procter and Gamble", "procter and gamble"),
            ("Ørsted A/S", "orsted"),
            ("Straße GmbH", "strasse"),
            ("Foo GmbH & Co. KG", "foo"),
            ("Northwind-Analytics Inc", "northwind analytics"),
            ("Northwind\u2028Analytics", "northwind analytics"),
            ("Inc", "inc"),
            ("The", "the"),
            ("Company", "company"),
            ("", ""),
            (None, ""),
            ("  ...  ", ""),
        ],
    )
    def test_known_names(self, name: str | None, key: str) -> None:
        assert company_key(name) == key

    def test_the_documented_forms_are_all_stripped(self) -> None:
        for form in LEGAL_FORMS:
            assert company_key(f"Acme {form}") == "acme", form

    @settings(max_examples=500)
    @given(st.text(max_size=60))
    def test_any_text_has_a_stable_key_that_is_its_own_key(self, text: str) -> None:
        key = company_key(text)
        assert company_key(key) == key
        assert fold(fold(text)) == fold(text)
        assert key == key.strip()
        assert "  " not in key
        assert key == company_key(text)
        # A name that has letters or digits never loses them all.
        if any(c.isalnum() for c in fold(text)):
            assert key

    @given(st.text(max_size=40))
    def test_keys_hold_no_line_breaks_or_accents(self, text: str) -> None:
        key = company_key(text)
        assert key.splitlines() in ([], [key])
        assert not any(unicodedata.combining(c) for c in key)

    def test_a_huge_name_is_keyed(self) -> None:
        assert company_key("Northwind " * 10_000 + "Inc").startswith("northwind")

    @pytest.mark.parametrize("value", [42, b"Acme", ["Acme"], 3.5])
    def test_a_name_that_is_not_text_is_refused(self, value: object) -> None:
        with pytest.raises(InvalidValueError, match="must be text"):
            company_key(value)  # type: ignore[arg-type]

    def test_fold_folds_names_of_people_too(self) -> None:
        assert fold("José  O'Neil-Núñez") == "jose oneil nunez"


class TestNearMatch:
    @pytest.mark.parametrize(
        ("one", "other"),
        [
            ("Northwind Analytics", "Northwind Labs"),
            ("Northwind Analytics", "Northwind"),
            ("Northwind Analytics", "Northwnd Analytics"),
            ("International Business Machines", "IBM"),
            ("General Electric", "General Electric Healthcare"),
        ],
    )
    def test_look_alikes(self, one: str, other: str) -> None:
        assert near_match(one, other)
        assert near_match(other, one)

    @pytest.mark.parametrize(
        ("one", "other"),
        [
            ("Northwind Analytics", "Northwind Analytics, Inc."),  # certain
            ("General Motors", "General Electric"),
            ("Northwind Analytics", "Globex"),
            ("First Bank", "First Solar"),
            ("", "Northwind"),
            (None, None),
        ],
    )
    def test_not_look_alikes(self, one: str | None, other: str | None) -> None:
        assert not near_match(one, other)

    @given(st.text(max_size=30), st.text(max_size=30))
    def test_symmetric_and_never_for_one_key(self, one: str, other: str) -> None:
        assert near_match(one, other) == near_match(other, one)
        assert not near_match(one, one)


class TestOrganisation:
    def test_aliases_are_the_organisation(self) -> None:
        org = Organisation(
            name="Northwind Analytics", aliases=frozenset({"NWA", "Northwind Labs"})
        )
        assert org.includes("NWA Inc.")
        assert org.includes("northwind labs ltd")
        assert not org.resembles("Northwind Labs")

    def test_unrelated_names_neither_included_nor_resembling(self) -> None:
        org = Organisation(
            name="Northwind Analytics", unrelated=frozenset({"Northwind Traders"})
        )
        assert org.resembles("Northwind Labs")
        assert not org.resembles("Northwind Traders Ltd")
        assert not org.includes("Northwind Traders")

    def test_an_unrelated_name_cannot_unsay_the_employer(self) -> None:
        org = Organisation(
            name="Northwind Analytics", unrelated=frozenset({"Northwind Analytics"})
        )
        assert org.includes("Northwind Analytics Inc")

    def test_no_name_is_no_organisation(self) -> None:
        org = Organisation(aliases=frozenset({"NWA"}))
        assert not org
        assert not org.includes("NWA")
        assert not org.resembles("NWA")


# -- the confidential strategy over spellings ------------------------------------


def _confidential(employer_spelling: str) -> tuple[careernet.Network, dict[str, str]]:
    """A confidential network: colleagues at ``employer_spelling``, targets
    at Globex, a friend elsewhere who knows both."""
    net = careernet.open(
        "memory:",
        seeker=Seeker(name="Jordan Ellis", company="Northwind Analytics"),
        clock=lambda: NOW,
        autoload=False,
    )
    vp = net.add_contact(
        "Mike Chan",
        company=employer_spelling,
        role="VP Engineering",
        ring=Ring.BUDDY,
        at=NOW - dt.timedelta(days=200),
    )
    peer = net.add_contact(
        "Nina Colleague",
        company=employer_spelling,
        role="Recruiter",
        ring=Ring.STRATEGIC,
        at=NOW - dt.timedelta(days=200),
    )
    friend = net.add_contact(
        "Omar Friend",
        company="Initech",
        ring=Ring.BUDDY,
        knows=[vp.id],
        at=NOW - dt.timedelta(days=200),
    )
    recruiter = net.add_contact(
        "Rachel Kim",
        company="Globex Corporation",
        role="Technical Recruiter",
        knows=[vp.id, peer.id, friend.id],
    )
    net.schedule_meeting(
        vp.id, NOW + dt.timedelta(days=1), purpose="Talk about the team offsite"
    )
    net.set_goal("employed_confidential", target_companies=["Globex"])
    return net, {
        "vp": vp.id,
        "peer": peer.id,
        "friend": friend.id,
        "recruiter": recruiter.id,
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(spellings())
def test_no_rule_lets_a_colleague_through_whatever_the_spelling(
    spelling: str,
) -> None:
    net, ids = _confidential(spelling)
    with net:
        colleagues = {ids["vp"], ids["peer"]}
        names = {"Mike Chan", "Nina Colleague"}
        plan = net.plan()
        for action in plan.parts():
            assert action.contact_id not in colleagues, action.reason
            assert action.via_id not in colleagues, action.reason
            assert not any(name in action.reason for name in names), action.reason
        # "Globex Corporation" is the target company "Globex".
        assert any(a.contact_id == ids["recruiter"] for a in plan.parts(deferred=False))
        for path in net.introductions(ids["recruiter"]):
            assert path.introducer_id not in colleagues
        calendar = net.export_ics(options=CalendarOptions()).decode()
        assert not any(name in calendar for name in names)
        report = net.notify(now=NOW + dt.timedelta(days=1))
        for channel in report.channels:
            text = channel.digest.text()
            assert not any(name in text for name in names), text
        for colleague in colleagues:
            with pytest.raises(ExcludedContactError):
                net.ask(colleague, "an introduction to Globex")
            with pytest.raises(ExcludedContactError):
                net.give(colleague, "an article")


def test_a_near_match_is_kept_out_and_asked_about_until_answered() -> None:
    with careernet.open(
        "memory:",
        seeker=Seeker(name="Jordan", company="Northwind Analytics"),
        clock=lambda: NOW,
        autoload=False,
    ) as net:
        labs = net.add_contact("Lena Labs", company="Northwind Labs", role="Director")
        net.add_contact("Rachel Kim", company="Globex", role="Recruiter")
        net.set_goal("employed_confidential", target_companies=["Globex"])
        plan = net.plan()
        assert not plan.for_contact(labs.id)
        (advice,) = [a for a in plan.advice if a.code == "near-employer"]
        assert "'Northwind Labs'" in advice.message
        assert "alias" in advice.message
        with pytest.raises(ExcludedContactError):
            net.ask(labs.id, "a coffee")
        net.set_seeker(unrelated=["Northwind Labs"])
        assert not [a for a in net.plan().advice if a.code == "near-employer"]
        net.ask(labs.id, "a coffee")  # now allowed
        net.set_seeker(aliases=["Northwind Labs"], unrelated=[])
        assert not [a for a in net.plan().advice if a.code == "near-employer"]
        with pytest.raises(ExcludedContactError):
            net.ask(labs.id, "a coffee")


def test_the_goals_aliases_are_target_companies() -> None:
    with careernet.open(
        "memory:",
        seeker=Seeker(name="Jordan", company="Northwind"),
        clock=lambda: NOW,
        autoload=False,
    ) as net:
        kim = net.add_contact("Kim", company="GBX Labs", role="Recruiter")
        net.set_goal("unemployed", target_companies=["Globex"])
        assert not net.plan().for_contact(kim.id)
        net.set_goal("unemployed", target_companies=["Globex"], aliases=["GBX Labs"])
        assert net.plan().for_contact(kim.id)


def test_find_folds_accents_and_punctuation() -> None:
    with careernet.open("memory:", seeker="Jordan", autoload=False) as net:
        jose = net.add_contact("José O'Neil")
        assert net.find("jose oneil") == [jose]
        assert net.find("JOSÉ") == [jose]
