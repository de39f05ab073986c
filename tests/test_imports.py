"""Importing contacts: matching, merging and committing, through the facade.

The files in ``tests/data/imports`` (written for these tests, about invented
people) go through :class:`careernet.Network` on ``memory:`` and SQLite
stores: default rings, sources, re-imports, merges between sources, what the
seeker entered by hand, rejected lines, one commit, progress and the report.
The domain's matching keys get small tests of their own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import careernet
from careernet import ConflictError, Network, Ring, Seeker, StorageError, Store
from careernet.domain import (
    Candidate,
    Change,
    Contact,
    ImportReport,
    MatchedBy,
    Merge,
    NetworkState,
    Notice,
    Rejected,
)
from careernet.domain.imports import (
    import_contacts,
    normal_email,
    normal_link,
    normal_name,
)
from careernet.importers import DEFAULT_RINGS, read_linkedin
from tests.builders import Clock, counter
from tests.conftest import run

DATA = Path(__file__).parent / "data" / "imports"
CONNECTIONS = DATA / "Connections.csv"
PHONE = DATA / "phone.vcf"
GOOGLE = DATA / "google.vcf"
APPLE = DATA / "apple.vcf"
V4 = DATA / "v4.vcf"
PEOPLE = DATA / "people.csv"

PEOPLE_COLUMNS: dict[str, str | list[str]] = {
    "name": "Full name",
    "email": ["E-mail", "Work e-mail"],
    "company": "Employer",
    "role": "Job title",
    "phone": "Mobile",
    "tags": "Tags",
    "notes": "Remarks",
}
"""How people.csv's columns map to careernet's fields."""

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""The moment every import test starts at."""

Import = Callable[[Network, Ring | None], ImportReport]
"""Import one of the files into a network, in the default ring or another."""

IMPORTS: dict[str, Import] = {
    "linkedin": lambda net, ring: net.import_linkedin(CONNECTIONS, ring=ring),
    "phone": lambda net, ring: net.import_vcards(PHONE, ring=ring),
    "google": lambda net, ring: net.import_vcards(GOOGLE, ring=ring),
    "apple": lambda net, ring: net.import_vcards(APPLE, ring=ring),
    "v4": lambda net, ring: net.import_vcards(V4, ring=ring),
    "csv": lambda net, ring: net.import_csv(PEOPLE, columns=PEOPLE_COLUMNS, ring=ring),
}

PEOPLE_READ = {"linkedin": 8, "phone": 4, "google": 3, "apple": 2, "v4": 2, "csv": 4}
"""How many people each file holds, not counting its rejected lines."""

REJECTED = {"linkedin": 1, "phone": 0, "google": 0, "apple": 0, "v4": 1, "csv": 1}
"""How many lines of each file are rejected."""


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "sqlite"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage location imports must work the same on."""
    if request.param == "memory":
        return "memory:"
    return str(tmp_path / "careernet.db")


@pytest.fixture
def store(location: str, clock: Clock) -> Iterator[Store]:
    with careernet.open_store(
        location, clock=clock, ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def net(store: Store) -> Network:
    """Robin's empty network."""
    return store.create("robin", Seeker(name="Robin", company="Acme"))


@contextlib.contextmanager
def another_view(store: Store) -> Iterator[Network]:
    """Robin's network loaded afresh from storage, as another writer sees it.

    A SQLite file is opened by a second store; a memory store can only be
    reached through the same storage object.
    """
    if store.location.startswith("memory:"):
        yield store.network("robin")
        return
    with careernet.open_store(store.location, ids=counter("b"), autoload=False) as b:
        yield b.network("robin")


def named(net: Network, name: str) -> Contact:
    (found,) = [contact for contact in net.contacts if contact.name == name]
    return found


# -- the matching keys ----------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("amara.okonkwo@brightfield.example", "amara.okonkwo@brightfield.example"),
        ("Amara.Okonkwo@Brightfield.EXAMPLE", "amara.okonkwo@brightfield.example"),
        ("  kofi@mensah.example\t", "kofi@mensah.example"),
        ("STRASSE@köln.example", "strasse@köln.example"),
    ],
)
def test_normal_email_folds_case_and_strips_spaces(email: str, expected: str) -> None:
    assert normal_email(email) == expected


@pytest.mark.parametrize(
    "link",
    [
        "https://www.linkedin.com/in/amara-okonkwo",
        "http://www.linkedin.com/in/amara-okonkwo",
        "https://linkedin.com/in/amara-okonkwo/",
        "www.linkedin.com/in/amara-okonkwo",
        "HTTPS://WWW.LinkedIn.com/in/Amara-Okonkwo",
        "https://www.linkedin.com/in/amara-okonkwo?trk=public_profile",
        "https://www.linkedin.com/in/amara-okonkwo/#experience",
        " https://www.linkedin.com/in/amara-okonkwo ",
    ],
)
def test_normal_link_ignores_scheme_www_query_and_trailing_slash(link: str) -> None:
    assert normal_link(link) == "linkedin.com/in/amara-okonkwo"


def test_normal_link_keeps_the_path_apart() -> None:
    assert normal_link("https://www.linkedin.com/in/amara") != normal_link(
        "https://www.linkedin.com/in/amara-okonkwo"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("José Fernández García", "jose fernandez garcia"),
        ("JOSE  FERNANDEZ\tGARCIA ", "jose fernandez garcia"),
        ("Siobhán Ní Bhriain", "siobhan ni bhriain"),
        ("Anaïs Lefèvre", "anais lefevre"),
        ("IBÉRICA RENOVABLES", "iberica renovables"),
        ("Straße", "strasse"),
        ("Chidi Okafor 🎸", "chidi okafor"),
        ("Seán O'Brien-Ní Dhuibhir", "sean obrien ni dhuibhir"),
        ("J. R. R. Tolkien", "j r r tolkien"),
        ("", ""),
        (None, ""),
    ],
)
def test_normal_name_ignores_case_accents_and_spacing(
    name: str | None, expected: str
) -> None:
    assert normal_name(name) == expected


# -- default rings ----------------------------------------------------------------


def test_the_default_rings_are_documented_per_source() -> None:
    assert DEFAULT_RINGS == {
        "linkedin": Ring.COLD,
        "vcard": Ring.LUKEWARM,
        "csv": Ring.COLD,
    }


@pytest.mark.parametrize(
    ("kind", "ring"),
    [
        ("linkedin", Ring.COLD),
        ("phone", Ring.LUKEWARM),
        ("google", Ring.LUKEWARM),
        ("apple", Ring.LUKEWARM),
        ("v4", Ring.LUKEWARM),
        ("csv", Ring.COLD),
    ],
)
def test_new_contacts_join_the_default_ring_of_their_source(
    net: Network, kind: str, ring: Ring
) -> None:
    report = IMPORTS[kind](net, None)
    assert {contact.ring for contact in net.contacts} == {ring}
    assert len(report.added) == len(net.contacts) > 0


@pytest.mark.parametrize("ring", list(Ring))
@pytest.mark.parametrize("kind", ["linkedin", "google", "csv"])
def test_the_caller_can_choose_the_ring_new_contacts_join(
    net: Network, kind: str, ring: Ring
) -> None:
    IMPORTS[kind](net, ring)
    assert {contact.ring for contact in net.contacts} == {ring}


def test_a_merge_leaves_the_ring_as_it_was(net: Network) -> None:
    net.import_linkedin(CONNECTIONS)
    net.import_vcards(GOOGLE, ring=Ring.BUDDY)
    assert named(net, "Amara Okonkwo").ring is Ring.COLD


# -- sources ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "source"),
    [("linkedin", "linkedin"), ("apple", "vcard"), ("v4", "vcard"), ("csv", "csv")],
)
def test_every_new_contact_keeps_its_source(
    net: Network, kind: str, source: str
) -> None:
    IMPORTS[kind](net, None)
    assert {contact.sources for contact in net.contacts} == {frozenset({source})}


def test_a_merge_adds_the_new_source_to_the_old(net: Network) -> None:
    net.import_linkedin(CONNECTIONS)
    net.import_vcards(APPLE)
    siobhan = named(net, "Siobhán Ní Bhriain 🌿")
    assert siobhan.sources == {"linkedin", "vcard"}


def test_a_hand_entered_contact_keeps_manual_among_its_sources(net: Network) -> None:
    kofi = net.add_contact("Kofi Mensah", emails=["kofi@mensah.example"])
    net.import_linkedin(CONNECTIONS)
    assert net.contact(kofi.id).sources == {"manual", "linkedin"}


# -- re-importing -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_importing_a_file_again_adds_and_merges_nobody(
    net: Network, clock: Clock, kind: str
) -> None:
    IMPORTS[kind](net, None)
    clock.advance(dt.timedelta(days=3))
    again = IMPORTS[kind](net, None)
    counts = (len(again.added), len(again.merged), len(again.unchanged))
    assert (*counts, len(again.rejected)) == (0, 0, PEOPLE_READ[kind], REJECTED[kind])


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_importing_a_file_again_writes_nothing(
    net: Network, store: Store, clock: Clock, kind: str
) -> None:
    IMPORTS[kind](net, None)
    before, version = net.export_json(), store.storage.version("robin")
    clock.advance(dt.timedelta(days=3))
    IMPORTS[kind](net, None)
    assert (net.export_json(), store.storage.version("robin"), net.version) == (
        before,
        version,
        version,
    )


def test_importing_every_file_twice_changes_nothing_the_second_time(
    net: Network, clock: Clock
) -> None:
    for do_import in IMPORTS.values():
        do_import(net, None)
    before = net.export_json()
    clock.advance(dt.timedelta(days=3))
    reports = [do_import(net, None) for do_import in IMPORTS.values()]
    assert [(r.added, r.merged) for r in reports] == [((), ())] * len(IMPORTS)
    assert net.export_json() == before


def test_a_person_known_only_by_name_and_phone_is_not_added_twice(
    net: Network,
) -> None:
    hannah = Candidate(
        name="Hannah Schmidt", source="vcard", phones=("+49 170 5550123",)
    )
    net.import_contacts([hannah])
    again = net.import_contacts([hannah])
    assert (len(again.added), len(net.contacts)) == (0, 1)


def test_no_photo_data_reaches_storage(net: Network, store: Store) -> None:
    for path in (PHONE, GOOGLE, APPLE, V4):
        net.import_vcards(path)
    with another_view(store) as fresh:
        stored = fresh.export_json()
    assert not [bit for bit in ("/9j/4AAQ", "iVBORw0K", "base64") if bit in stored]


# -- the same person from two sources ------------------------------------------------


class TestMerging:
    def test_a_vcard_merges_with_a_connection_by_email(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        amara = named(net, "Amara Okonkwo")
        report = net.import_vcards(GOOGLE)
        assert (
            Merge(
                contact_id=amara.id,
                name="Amara Okonkwo",
                line=1,
                matched_by=MatchedBy.EMAIL,
                changed=True,
            )
            in report.merged
        )

    def test_an_email_matches_whatever_its_case(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(GOOGLE)
        assert named(net, "Amara Okonkwo").emails == (
            "amara.okonkwo@brightfield.example",
            "amara.k@fastmail.example",
        )

    def test_a_merge_by_email_adds_phones_and_keeps_the_rest(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(GOOGLE)
        amara = named(net, "Amara Okonkwo")
        assert (amara.phones, amara.links, amara.company, amara.how_met) == (
            ("+234 803 555 0142",),
            ("https://www.linkedin.com/in/amara-okonkwo",),
            "Brightfield Analytics",
            "LinkedIn connection since 05 Mar 2024",
        )

    def test_a_vcard_merges_with_a_connection_by_profile_link(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        siobhan = named(net, "Siobhán Ní Bhriain 🌿")
        report = net.import_vcards(APPLE)
        assert report.merged == (
            Merge(
                contact_id=siobhan.id,
                name="Siobhán Ní Bhriain 🌿",
                line=1,
                matched_by=MatchedBy.LINK,
                changed=True,
            ),
        )

    def test_a_profile_link_with_a_trailing_slash_is_not_added_twice(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(APPLE)
        siobhan = named(net, "Siobhán Ní Bhriain 🌿")
        assert siobhan.links == ("https://www.linkedin.com/in/siobhan-ni-bhriain",)

    def test_a_merge_by_link_keeps_the_name_and_role_and_adds_email_and_phone(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(APPLE)
        siobhan = named(net, "Siobhán Ní Bhriain 🌿")
        assert (siobhan.role, siobhan.emails, siobhan.phones) == (
            "Product Manager, Growth",
            ("siobhan@kelpielabs.example",),
            ("+353 87 555 0199",),
        )

    def test_googles_escaped_profile_link_merges_with_the_connection(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        priya = named(net, "Priya Raman, CFA")
        report = net.import_vcards(GOOGLE)
        assert (
            Merge(
                contact_id=priya.id,
                name="Priya Raman, CFA",
                line=16,
                matched_by=MatchedBy.LINK,
                changed=True,
            )
            in report.merged
        )

    def test_a_phone_card_merges_by_name_and_company_ignoring_accents_and_case(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        jose = named(net, "José Fernández García")
        report = net.import_vcards(PHONE)
        assert report.merged == (
            Merge(
                contact_id=jose.id,
                name="José Fernández García",
                line=16,
                matched_by=MatchedBy.NAME_AND_COMPANY,
                changed=True,
            ),
        )

    def test_a_merge_by_name_and_company_keeps_the_accented_name(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(PHONE)
        jose = net.find("Jos")
        assert [(c.name, c.company, c.phones) for c in jose] == [
            ("José Fernández García", "Ibérica Renovables", ("+34 612 345 678",))
        ]

    def test_a_connection_merges_with_an_earlier_vcard_by_email(
        self, net: Network
    ) -> None:
        net.import_vcards(GOOGLE)
        amara = named(net, "Amara Okonkwo")
        report = net.import_linkedin(CONNECTIONS)
        assert [m for m in report.merged if m.contact_id == amara.id] == [
            Merge(
                contact_id=amara.id,
                name="Amara Okonkwo",
                line=5,
                matched_by=MatchedBy.EMAIL,
                changed=True,
            )
        ]

    def test_a_connection_merging_into_a_vcard_keeps_the_vcard_ring_and_notes(
        self, net: Network
    ) -> None:
        net.import_vcards(GOOGLE)
        net.import_linkedin(CONNECTIONS)
        amara = named(net, "Amara Okonkwo")
        assert amara.ring is Ring.LUKEWARM
        assert amara.notes.startswith("Introduced by Kofi")
        assert amara.how_met == "LinkedIn connection since 05 Mar 2024"
        assert amara.links == ("https://www.linkedin.com/in/amara-okonkwo",)

    def test_a_name_alone_does_not_merge(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        report = net.import_contacts(
            [Candidate(name="Mateusz Wójcik", source="csv", line=2)]
        )
        assert len(report.added) == 1
        assert len(net.find("Mateusz")) == 2

    def test_the_same_name_at_another_company_does_not_merge(
        self, net: Network
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        report = net.import_contacts(
            [Candidate(name="Kofi Mensah", source="csv", company="Globex")]
        )
        assert len(report.added) == 1

    def test_a_former_company_matches_with_the_name(self, net: Network) -> None:
        jose = net.add_contact(
            "José Fernández García",
            company="Sol Energía",
            past_companies=["Ibérica Renovables"],
        )
        report = net.import_linkedin(CONNECTIONS)
        assert [m.matched_by for m in report.merged if m.contact_id == jose.id] == [
            MatchedBy.NAME_AND_COMPANY
        ]
        assert net.contact(jose.id).company == "Sol Energía"


class TestNameAndCompany:
    """The domain's third key, on a network with one known person."""

    @pytest.fixture
    def jose(self, empty: NetworkState, now: dt.datetime) -> Contact:
        contact = Contact(
            id="c1",
            name="José Fernández García",
            added_at=now,
            company="Ibérica Renovables",
        )
        run(empty, empty.add_contact(contact))
        return contact

    @pytest.mark.parametrize(
        ("name", "company"),
        [
            ("José Fernández García", "Ibérica Renovables"),
            ("jose fernandez garcia", "IBERICA RENOVABLES"),
            ("  JOSÉ   FERNÁNDEZ  GARCÍA ", " ibérica  renovables"),
            # The organisation key: legal forms and punctuation fold away.
            ("José Fernández García", "Ibérica Renovables, S.A."),
            ("José Fernández García", "Iberica Renovables SL"),
            ("José Fernández García", "The Ibérica Renovables Co., Ltd."),
        ],
    )
    def test_name_and_company_match_whatever_the_accents_case_and_spacing(
        self,
        empty: NetworkState,
        now: dt.datetime,
        jose: Contact,
        name: str,
        company: str,
    ) -> None:
        person = Candidate(name=name, source="vcard", company=company)
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        assert [(m.contact_id, m.matched_by) for m in report.merged] == [
            (jose.id, MatchedBy.NAME_AND_COMPANY)
        ]

    @pytest.mark.parametrize("company", [None, "Iberica", "Renovables Ibérica"])
    def test_another_or_no_company_is_someone_new(
        self,
        empty: NetworkState,
        now: dt.datetime,
        jose: Contact,
        company: str | None,
    ) -> None:
        person = Candidate(name=jose.name, source="vcard", company=company)
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        assert [c.id for c in report.added] == ["n1"]


class TestNameAlone:
    """The last key: people known by nothing but a name match by the name."""

    def add(self, state: NetworkState, now: dt.datetime, **fields: object) -> Contact:
        contact = Contact(id="c1", name="Mateusz Wójcik", added_at=now, **fields)  # type: ignore[arg-type]
        # Applied as stored: some tests give values the door would refuse.
        run(state, Change(summary="add", records=(contact,)))
        return contact

    @pytest.mark.parametrize(
        "fields", [{}, {"past_companies": ["Globex"]}, {"notes": "Met at a meetup"}]
    )
    def test_a_name_alone_matches_someone_known_by_nothing_else(
        self, empty: NetworkState, now: dt.datetime, fields: dict[str, object]
    ) -> None:
        known = self.add(empty, now, **fields)
        person = Candidate(name="mateusz  wojcik", source="csv", line=2)
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        assert [(m.contact_id, m.matched_by) for m in report.merged] == [
            (known.id, MatchedBy.NAME)
        ]

    @pytest.mark.parametrize(
        "fields",
        [
            {"emails": ["mateusz@example.org"]},
            {"links": ["https://www.linkedin.com/in/mateusz"]},
            {"phones": ["+48 600 100 200"]},
            {"company": "Globex"},
        ],
    )
    def test_a_name_alone_never_matches_someone_known_by_more(
        self, empty: NetworkState, now: dt.datetime, fields: dict[str, object]
    ) -> None:
        self.add(empty, now, **fields)
        person = Candidate(name="Mateusz Wójcik", source="csv", line=2)
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        assert [c.id for c in report.added] == ["n1"]

    @pytest.mark.parametrize("junk", ["https://", "http://www.", "?ref=1"])
    def test_a_link_or_phone_that_folds_to_nothing_matches_no_one(
        self, empty: NetworkState, now: dt.datetime, junk: str
    ) -> None:
        self.add(empty, now, links=[junk], phones=["n/a"], company="Globex")
        person = Candidate(
            name="Ana Lima", source="csv", links=(junk,), phones=("n/a",)
        )
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        # Left out at the door, with a notice each: they identify no one.
        assert [(c.id, c.links, c.phones) for c in report.added] == [("n1", (), ())]
        assert [n.message for n in report.notices] == [
            f"left out {junk!r}: not a usable link",
            "left out 'n/a': not a usable phone number",
        ]

    def test_someone_known_by_more_never_matches_a_name_alone(
        self, empty: NetworkState, now: dt.datetime
    ) -> None:
        self.add(empty, now)
        person = Candidate(
            name="Mateusz Wójcik", source="csv", emails=("mateusz@example.org",)
        )
        _, report = import_contacts(empty, [person], at=now, new_id=counter("n"))
        assert [c.id for c in report.added] == ["n1"]


# -- what the seeker entered by hand -------------------------------------------------


class TestHandEntered:
    @pytest.fixture
    def amara(self, net: Network) -> Contact:
        """Amara as the seeker entered her, before any import."""
        return net.add_contact(
            "Amara O.",
            ring=Ring.STRATEGIC,
            emails=["amara.okonkwo@brightfield.example"],
            notes="Mentor; coffee every quarter.",
            tags=["mentor", "data"],
        )

    def test_ring_notes_tags_and_name_are_never_overwritten(
        self, net: Network, amara: Contact
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        net.import_vcards(GOOGLE)
        after = net.contact(amara.id)
        assert (after.name, after.ring, after.notes, after.tags) == (
            "Amara O.",
            Ring.STRATEGIC,
            "Mentor; coffee every quarter.",
            frozenset({"mentor", "data"}),
        )

    def test_the_merge_is_reported_under_the_name_the_seeker_gave(
        self, net: Network, amara: Contact
    ) -> None:
        report = net.import_linkedin(CONNECTIONS)
        assert [m.name for m in report.merged] == ["Amara O."]

    def test_empty_company_role_and_how_met_are_filled(
        self, net: Network, amara: Contact
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        after = net.contact(amara.id)
        assert (after.company, after.role, after.how_met) == (
            "Brightfield Analytics",
            "Head of Data",
            "LinkedIn connection since 05 Mar 2024",
        )

    def test_a_company_and_role_the_seeker_gave_are_kept(self, net: Network) -> None:
        amara = net.add_contact(
            "Amara Okonkwo",
            company="Brightfield",
            role="Data lead",
            links=["linkedin.com/in/amara-okonkwo"],
        )
        net.import_linkedin(CONNECTIONS)
        after = net.contact(amara.id)
        assert (after.company, after.role) == ("Brightfield", "Data lead")

    def test_emails_phones_and_links_are_added_after_the_seekers_own(
        self, net: Network
    ) -> None:
        amara = net.add_contact(
            "Amara Okonkwo",
            emails=["amara@home.example", "amara.k@fastmail.example"],
            phones=["+234 1 555 0100"],
        )
        net.import_vcards(GOOGLE)
        net.import_linkedin(CONNECTIONS)
        after = net.contact(amara.id)
        assert after.emails == (
            "amara@home.example",
            "amara.k@fastmail.example",
            "Amara.Okonkwo@Brightfield.example",
        )
        assert after.phones == ("+234 1 555 0100", "+234 803 555 0142")
        assert after.links == ("https://www.linkedin.com/in/amara-okonkwo",)

    def test_tags_and_notes_from_a_file_are_not_added_to_a_known_contact(
        self, net: Network
    ) -> None:
        chidi = net.add_contact(
            "Chidi Okafor", emails=["chidi@okafor.example"], tags=["friend"]
        )
        net.import_csv(PEOPLE, columns=PEOPLE_COLUMNS)
        after = net.contact(chidi.id)
        assert (after.name, after.tags, after.notes) == (
            "Chidi Okafor",
            frozenset({"friend"}),
            "",
        )

    def test_a_merge_stamps_updated_at_but_not_added_at(
        self, net: Network, clock: Clock, amara: Contact
    ) -> None:
        clock.advance(dt.timedelta(days=2))
        net.import_linkedin(CONNECTIONS)
        after = net.contact(amara.id)
        assert (after.added_at, after.updated_at) == (START, START + dt.timedelta(2))


# -- duplicates within one file -----------------------------------------------------


class TestDuplicatesInOneFile:
    def test_a_repeated_connection_joins_once(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        assert len(net.find("Amara")) == 1

    def test_a_repeated_connection_is_reported_unchanged_against_the_first(
        self, net: Network
    ) -> None:
        report = net.import_linkedin(CONNECTIONS)
        (first,) = [c for c in report.added if c.name == "Amara Okonkwo"]
        assert report.unchanged == (
            Merge(
                contact_id=first.id,
                name="Amara Okonkwo",
                line=12,
                matched_by=MatchedBy.EMAIL,
                changed=False,
            ),
        )

    def test_a_repeated_row_with_more_details_merges_into_the_first(
        self, net: Network
    ) -> None:
        report = net.import_csv(PEOPLE, columns=PEOPLE_COLUMNS)
        (ingrid,) = net.find("Ingrid")
        assert report.merged == (
            Merge(
                contact_id=ingrid.id,
                name="Ingrid Solberg",
                line=6,
                matched_by=MatchedBy.EMAIL,
                changed=True,
            ),
        )
        assert ingrid.phones == ("+47 912 34 567", "+47 22 55 01 23")

    def test_the_report_lists_the_first_with_what_the_repeat_added(
        self, net: Network
    ) -> None:
        report = net.import_csv(PEOPLE, columns=PEOPLE_COLUMNS)
        assert list(report.added) == net.contacts
        assert [c.name for c in report.added] == [
            "Ingrid Solberg",
            "Björn Åkesson",
            "Chidi Okafor 🎸",
        ]


# -- rejected lines ----------------------------------------------------------------


class TestRejected:
    def test_bad_connections_are_reported_with_line_and_reason(
        self, net: Network
    ) -> None:
        report = net.import_linkedin(CONNECTIONS)
        assert report.rejected == (Rejected(line=11, reason="no first or last name"),)
        assert report.notices == (
            Notice(
                line=10,
                message="unreadable date '31 Feb 2023' in Connected On; Lars "
                "Øvergaard was imported without it",
            ),
        )

    def test_the_rest_of_the_connections_are_imported(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        assert [c.name for c in net.contacts] == [
            "Amara Okonkwo",
            "José Fernández García",
            "Siobhán Ní Bhriain 🌿",
            "Priya Raman, CFA",
            "Mateusz Wójcik",
            "Lars Øvergaard",
            "Kofi Mensah",
        ]

    def test_a_nameless_card_is_reported_and_the_others_imported(
        self, net: Network
    ) -> None:
        report = net.import_vcards(V4)
        assert report.rejected == (
            Rejected(line=12, reason="a card without a name (FN or N)"),
        )
        assert [c.name for c in net.contacts] == ["Mei Lin Zhou", "Kwame Asante"]

    def test_a_nameless_csv_row_is_reported_with_its_line(self, net: Network) -> None:
        report = net.import_csv(PEOPLE, columns=PEOPLE_COLUMNS)
        assert report.rejected == (
            Rejected(line=4, reason="no name in the mapped name columns"),
        )

    def test_a_file_of_only_bad_rows_writes_nothing(
        self, net: Network, tmp_path: Path
    ) -> None:
        path = tmp_path / "Connections.csv"
        path.write_text(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            ",,https://www.linkedin.com/in/lars,,,,31 Feb 2023\n",
            encoding="utf-8",
        )
        report = net.import_linkedin(path)
        assert (len(report.rejected), net.version, net.contacts) == (1, 0, [])


# -- one commit ------------------------------------------------------------------


class TestOneCommit:
    @pytest.mark.parametrize("kind", list(IMPORTS))
    def test_an_import_is_one_commit(
        self, net: Network, store: Store, kind: str
    ) -> None:
        IMPORTS[kind](net, None)
        assert (net.version, store.storage.version("robin")) == (1, 1)

    def test_an_import_that_merges_and_adds_is_still_one_commit(
        self, net: Network, store: Store
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        report = net.import_vcards(APPLE)
        assert (len(report.added), len(report.merged)) == (1, 1)
        assert store.storage.version("robin") == 2

    def test_everything_imported_is_in_storage(
        self, net: Network, store: Store
    ) -> None:
        net.import_linkedin(CONNECTIONS)
        with another_view(store) as fresh:
            assert fresh.export_json() == net.export_json()

    def test_a_conflicting_writer_makes_the_import_fail_and_write_nothing(
        self, net: Network, store: Store
    ) -> None:
        with another_view(store) as other:
            other.add_contact("Hannah Schmidt")
        with pytest.raises(ConflictError):
            net.import_linkedin(CONNECTIONS)
        with another_view(store) as fresh:
            assert [c.name for c in fresh.contacts] == ["Hannah Schmidt"]
            assert fresh.version == 1

    def test_a_failed_import_leaves_the_view_as_it_was(
        self, net: Network, store: Store
    ) -> None:
        with another_view(store) as other:
            other.add_contact("Hannah Schmidt")
        with pytest.raises(ConflictError):
            net.import_linkedin(CONNECTIONS)
        assert (net.version, net.contacts) == (0, [])

    def test_after_a_refresh_the_import_succeeds(
        self, net: Network, store: Store
    ) -> None:
        with another_view(store) as other:
            other.add_contact("Amara Okonkwo", emails=["amara.k@fastmail.example"])
        with pytest.raises(ConflictError):
            net.import_vcards(GOOGLE)
        net.refresh()
        report = net.import_vcards(GOOGLE)
        assert (len(report.added), len(report.merged), net.version) == (2, 1, 2)

    def test_a_write_failing_halfway_leaves_nothing_half_written(
        self, tmp_path: Path, clock: Clock
    ) -> None:
        db = tmp_path / "careernet.db"
        with careernet.open_store(db, clock=clock, autoload=False) as store:
            net = store.create("robin", "Robin")
            net.add_contact("Hannah Schmidt")
            # Storage fills up after two more records: the third insert fails.
            with contextlib.closing(sqlite3.connect(db)) as raw:
                (stored,) = raw.execute("SELECT count(*) FROM records").fetchone()
                raw.execute(
                    "CREATE TRIGGER full BEFORE INSERT ON records "
                    f"WHEN (SELECT count(*) FROM records) >= {stored + 2:d} "
                    "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
                )
                raw.commit()
            with pytest.raises(StorageError, match="disk is full"):
                net.import_linkedin(CONNECTIONS)
        with careernet.open_store(db, autoload=False) as fresh:
            robin = fresh.network("robin")
            assert ([c.name for c in robin.contacts], robin.version) == (
                ["Hannah Schmidt"],
                1,
            )


# -- progress --------------------------------------------------------------------


def many(count: int) -> list[Candidate]:
    """``count`` different people, as a long CSV file would give them."""
    return [
        Candidate(
            name=f"Person {n}",
            source="csv",
            line=n + 1,
            emails=(f"person.{n}@example.test",),
        )
        for n in range(1, count + 1)
    ]


class TestProgress:
    def test_a_short_file_reports_once_with_every_line_handled(
        self, net: Network
    ) -> None:
        calls: list[int] = []
        net.import_linkedin(CONNECTIONS, progress=calls.append)
        assert calls == [9]

    def test_a_long_import_reports_growing_counts_ending_at_the_total(
        self, net: Network
    ) -> None:
        calls: list[int] = []
        net.import_contacts(many(1200), progress=calls.append)
        assert calls == [500, 1000, 1200]

    def test_a_total_on_a_step_is_reported_once(self, net: Network) -> None:
        calls: list[int] = []
        net.import_contacts(many(1000), progress=calls.append)
        assert calls == [500, 1000]

    def test_the_step_can_be_chosen_in_the_domain(
        self, empty: NetworkState, now: dt.datetime
    ) -> None:
        calls: list[int] = []
        import_contacts(
            empty,
            read_linkedin(CONNECTIONS),
            at=now,
            new_id=counter(),
            progress=calls.append,
            every=4,
        )
        assert calls == [4, 8, 9]


# -- the report --------------------------------------------------------------------


class TestReport:
    def test_the_summary_counts_each_outcome(self, net: Network) -> None:
        report = net.import_linkedin(CONNECTIONS)
        assert report.summary() == (
            "7 added, 0 merged, 1 unchanged, 1 rejected, 1 notices"
        )

    def test_the_summary_counts_merges(self, net: Network) -> None:
        net.import_linkedin(CONNECTIONS)
        report = net.import_vcards(APPLE)
        assert report.summary() == "1 added, 1 merged, 0 unchanged, 0 rejected"

    def test_an_empty_report_sums_up_to_zeros(self) -> None:
        assert ImportReport().summary() == "0 added, 0 merged, 0 unchanged, 0 rejected"

    def test_added_contacts_are_reported_as_stored(self, net: Network) -> None:
        report = net.import_vcards(APPLE)
        assert list(report.added) == net.contacts

    def test_the_commit_is_described_by_the_summary(
        self, empty: NetworkState, now: dt.datetime
    ) -> None:
        change, report = import_contacts(
            empty, read_linkedin(CONNECTIONS), at=now, new_id=counter()
        )
        assert change.summary == f"import: {report.summary()}"


# -- importing twice is importing once ------------------------------------------------

NAMES = ["Amara Okonkwo", "AMARA OKONKWO", "José Fernández", "Jose Fernandez", "Kofi"]
EMAILS = ["amara@bf.example", "Amara@BF.example", "jose@ib.example", "kofi@m.example"]
COMPANIES = [None, "Brightfield", "BRIGHTFIELD ", "Ibérica"]
LINKS = [
    "https://www.linkedin.com/in/amara",
    "linkedin.com/in/amara/",
    "https://www.linkedin.com/in/jose",
]

CANDIDATES = st.builds(
    Candidate,
    name=st.sampled_from(NAMES),
    source=st.sampled_from(["linkedin", "vcard", "csv"]),
    company=st.sampled_from(COMPANIES),
    role=st.sampled_from([None, "Head of Data", "CTO"]),
    emails=st.lists(st.sampled_from(EMAILS), max_size=2, unique=True).map(tuple),
    phones=st.lists(st.sampled_from(["+1 555 0100", "+1 555 0199"]), max_size=1).map(
        tuple
    ),
    links=st.lists(st.sampled_from(LINKS), max_size=1).map(tuple),
)

BRIDGE = [
    Candidate(name="Amara Okonkwo", source="csv", emails=("amara@bf.example",)),
    Candidate(
        name="Kofi", source="csv", emails=("kofi@m.example",), company="Brightfield"
    ),
    Candidate(
        name="Amara Okonkwo",
        source="vcard",
        emails=("amara@bf.example", "kofi@m.example"),
    ),
]
"""A person whose second address belongs to someone already imported."""


def test_a_person_bridging_two_contacts_does_not_give_them_a_shared_email(
    net: Network,
) -> None:
    net.import_contacts(BRIDGE)
    owners = [c.name for c in net.contacts if "kofi@m.example" in c.emails]
    assert owners == ["Kofi"]


def test_a_company_filled_by_a_merge_does_not_change_later_matches(
    net: Network,
) -> None:
    people = [
        Candidate(name="Amara Okonkwo", source="linkedin", links=(LINKS[0],)),
        Candidate(
            name="Amara Okonkwo",
            source="vcard",
            company="Brightfield",
            phones=("+1 555 0100",),
        ),
        Candidate(
            name="Amara Okonkwo",
            source="csv",
            company="Brightfield",
            links=(LINKS[0],),
        ),
    ]
    net.import_contacts(people)
    again = net.import_contacts(people)
    assert (again.added, again.merged) == ((), ())


def imported(people: list[Candidate]) -> tuple[Network, Store]:
    store = careernet.open_store(
        "memory:", clock=Clock(), ids=counter(), autoload=False
    )
    net = store.create("robin", "Robin")
    net.import_contacts(people)
    return net, store


@settings(max_examples=200, deadline=None, derandomize=True)
@example(people=BRIDGE)
@given(people=st.lists(CANDIDATES, max_size=8))
def test_importing_twice_gives_the_same_network_as_importing_once(
    people: list[Candidate],
) -> None:
    net, store = imported(people)
    with store:
        once, version = net.export_json(), net.version
        again = net.import_contacts(people)
        assert (again.added, again.merged) == ((), ())
        assert (net.export_json(), net.version) == (once, version)


@settings(max_examples=200, deadline=None, derandomize=True)
@example(people=BRIDGE)
@given(people=st.lists(CANDIDATES, max_size=8))
def test_no_two_imported_contacts_share_an_email(people: list[Candidate]) -> None:
    net, store = imported(people)
    with store:
        emails = [normal_email(e) for contact in net.contacts for e in contact.emails]
        assert len(emails) == len(set(emails))


# -- real exports: the files people have -------------------------------------------


def names(net: Network) -> list[str]:
    return sorted(c.name for c in net.contacts)


class TestSwitchboardAndNamesakes:
    """Shared phones and namesakes never join two people."""

    SWITCHBOARD = DATA / "switchboard.vcf"

    def test_three_colleagues_on_one_switchboard_stay_three(self, net: Network) -> None:
        report = net.import_vcards(self.SWITCHBOARD)
        assert report.summary() == "3 added, 0 merged, 0 unchanged, 0 rejected"
        assert names(net) == ["Ken Watanabe", "Kwabena Osei", "Lena Fischer"]
        assert [c.phones for c in net.contacts] == [
            ("+1 212 555 0100",),
            ("+1 (212) 555-0100",),
            ("+12125550100",),
        ]

    def test_the_switchboard_file_again_changes_nothing(self, net: Network) -> None:
        net.import_vcards(self.SWITCHBOARD)
        again = net.import_vcards(self.SWITCHBOARD)
        assert again.summary() == "0 added, 0 merged, 3 unchanged, 0 rejected"

    def test_categories_become_tags_and_photos_are_skipped(self, net: Network) -> None:
        net.import_vcards(self.SWITCHBOARD)
        (ken,) = net.find("Ken")
        assert ken.tags == frozenset({"Work", "Mentors"})

    def test_two_namesakes_at_one_company_stay_two(self, net: Network) -> None:
        report = net.import_linkedin(DATA / "Connections-2025.csv")
        davids = net.find("David Smith")
        assert [(d.role, d.emails) for d in davids] == [
            ("Data Architect", ("david.smith@ibm.example",)),
            ("Account Executive", ("dave.smith@ibm.example",)),
        ]
        assert [(d.line, d.name, d.reason) for d in report.possible_duplicates] == [
            (8, "David Smith", "the same name and company, another e-mail")
        ]

    def test_a_same_name_row_without_identifiers_is_a_possible_duplicate(
        self, net: Network
    ) -> None:
        net.import_linkedin(DATA / "Connections-2025.csv")
        report = net.import_contacts(
            [Candidate(name="Ken Watanabe", source="csv", line=2, company="Hooli")]
        )
        assert len(report.added) == 1
        assert [(d.contact_name, d.reason) for d in report.possible_duplicates] == [
            ("Ken Watanabe", "the same name, another company")
        ]


class TestJobChanges:
    """A newer export from the same source moves people to their new jobs."""

    def test_a_year_later_ken_is_at_initech(self, net: Network, clock: Clock) -> None:
        net.import_linkedin(DATA / "Connections-2025.csv")
        clock.advance(dt.timedelta(days=365))
        report = net.import_linkedin(DATA / "Connections-2026.csv")
        assert report.summary() == (
            "0 added, 2 merged, 2 unchanged, 0 rejected, 2 updated"
        )
        assert [(m.name, m.line, m.updates) for m in report.updated] == [
            (
                "Ken Watanabe",
                5,
                (
                    "company: Globex -> Initech",
                    "role: Engineering Manager -> Director of Engineering",
                ),
            ),
            ("Amara Okonkwo", 6, ("role: Data Lead -> Head of Data",)),
        ]
        (ken,) = net.find("Ken")
        assert (ken.company, ken.role, ken.past_companies) == (
            "Initech",
            "Director of Engineering",
            ("Globex",),
        )

    def test_what_the_seeker_entered_never_changes(
        self, net: Network, clock: Clock
    ) -> None:
        net.import_linkedin(DATA / "Connections-2025.csv")
        (ken,) = net.find("Ken")
        net.edit_contact(ken.id, company="Globex Research", role="VP Engineering")
        clock.advance(dt.timedelta(days=365))
        report = net.import_linkedin(DATA / "Connections-2026.csv")
        after = net.contact(ken.id)
        assert (after.company, after.role) == ("Globex Research", "VP Engineering")
        assert [m.name for m in report.updated] == ["Amara Okonkwo"]

    def test_a_hand_entered_contact_keeps_its_company(self, net: Network) -> None:
        ken = net.add_contact(
            "Ken Watanabe",
            company="Globex",
            links=["https://www.linkedin.com/in/ken-watanabe"],
        )
        net.import_linkedin(DATA / "Connections-2026.csv")
        assert net.contact(ken.id).company == "Globex"

    def test_another_source_does_not_move_a_linkedin_job(self, net: Network) -> None:
        net.import_linkedin(DATA / "Connections-2025.csv")
        net.import_contacts(
            [
                Candidate(
                    name="Ken Watanabe",
                    source="vcard",
                    company="Umbrella",
                    links=("https://www.linkedin.com/in/ken-watanabe",),
                )
            ]
        )
        (ken,) = net.find("Ken")
        assert ken.company == "Globex"

    def test_the_newer_file_again_changes_nothing(
        self, net: Network, clock: Clock
    ) -> None:
        net.import_linkedin(DATA / "Connections-2025.csv")
        net.import_linkedin(DATA / "Connections-2026.csv")
        version = net.version
        again = net.import_linkedin(DATA / "Connections-2026.csv")
        assert (again.summary(), net.version) == (
            "0 added, 0 merged, 4 unchanged, 0 rejected",
            version,
        )


class TestRealFiles:
    def test_an_older_export_without_urls_is_read(self, net: Network) -> None:
        report = net.import_linkedin(DATA / "Connections-2018.csv")
        assert report.summary() == "3 added, 0 merged, 0 unchanged, 0 rejected"
        assert [c.links for c in net.contacts] == [(), (), ()]

    def test_an_excel_us_resave_reads_us_dates_and_windows_1252(
        self, net: Network
    ) -> None:
        report = net.import_linkedin(DATA / "Connections-excel-us.csv")
        assert report.summary() == (
            "2 added, 0 merged, 0 unchanged, 0 rejected, 1 notices"
        )
        assert [(c.name, c.how_met) for c in net.contacts] == [
            ("José Fernández", "LinkedIn connection since 05 Mar 2024"),
            ("Ken Watanabe", "LinkedIn connection since 17 Jan 2023"),
        ]
        assert [n.line for n in report.notices] == [2]  # the cp1252 line

    def test_a_german_excel_resave_reads_semicolons_and_day_first_dates(
        self, net: Network
    ) -> None:
        report = net.import_linkedin(DATA / "Connections-excel-de.csv")
        assert len(report.added) == 3
        assert [(c.name, c.company, c.how_met) for c in net.contacts] == [
            (
                "Zoë Müller",
                "Bäckerei Köln GmbH",
                "LinkedIn connection since 03 May 2024",
            ),
            ("Jürgen Weiß", "Globex", "LinkedIn connection since 05 Mar 2024"),
            ("Lena Fischer", "Globex", "LinkedIn connection since 17 Jan 2023"),
        ]

    def test_excel_unicode_text_is_read_as_utf_16(self, net: Network) -> None:
        report = net.import_linkedin(DATA / "Connections-unicode.txt")
        assert report.summary() == "2 added, 0 merged, 0 unchanged, 0 rejected"
        assert names(net) == ["José Fernández", "Zoë Müller"]

    def test_an_outlook_vcard_in_utf_16_is_read(self, net: Network) -> None:
        report = net.import_vcards(DATA / "outlook.vcf")
        assert report.summary() == "1 added, 0 merged, 0 unchanged, 0 rejected"
        (tomas,) = net.contacts
        assert (tomas.name, tomas.company, tomas.emails) == (
            "Tomás Ó Ceallaigh",
            "Harbour & Finch Ltd",
            ("tomas@harbourfinch.example",),
        )

    def test_a_stray_byte_is_noticed_on_its_line_only(self, net: Network) -> None:
        report = net.import_csv(
            DATA / "people-stray-byte.csv",
            columns={"name": "Name", "company": "Company", "email": "Email"},
        )
        assert names(net) == ["Ana Lima", "José Ruiz", "Zoë Brandt"]
        assert report.notices == (
            Notice(
                line=3,
                message="bytes that are not UTF-8, read as Windows-1252: "
                "'José Ruiz,Initech,jose@initech.example'; check the accents on "
                "this line",
            ),
        )

    def test_an_unclosed_quote_is_refused_naming_its_line(self, net: Network) -> None:
        path = DATA / "people-unclosed-quote.csv"
        with pytest.raises(careernet.ImportFileError) as caught:
            net.import_csv(
                path,
                columns={"name": "Name", "company": "Company", "email": "Email"},
            )
        assert (caught.value.path, caught.value.line) == (str(path), 3)
        assert str(caught.value).startswith(f"{path}: Line 3 opens a quote")
        assert isinstance(caught.value, careernet.InvalidValueError)
        assert (net.version, net.contacts) == (0, [])

    def test_google_multi_value_cells_are_split(self, net: Network) -> None:
        net.import_csv(
            DATA / "google-contacts.csv",
            columns={
                "name": "Name",
                "email": "E-mail 1 - Value",
                "phone": "Phone 1 - Value",
                "company": "Organization 1 - Name",
                "role": "Organization 1 - Title",
            },
        )
        amara = net.find("Amara")[0]
        assert amara.emails == ("amara.k@fastmail.example", "amara@brightfield.example")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"\x00\x01\x02garbage" * 100, "not a text file"),
            (b"x" * (5 * 1024 * 1024), "not a text file"),
        ],
    )
    def test_a_binary_file_is_refused(
        self, net: Network, tmp_path: Path, data: bytes, message: str
    ) -> None:
        path = tmp_path / "contacts.csv"
        path.write_bytes(data)
        with pytest.raises(careernet.InvalidValueError, match=message):
            net.import_csv(path, columns={"name": "Name"})

    def test_a_file_without_cards_is_not_a_vcard_file(
        self, net: Network, tmp_path: Path
    ) -> None:
        path = tmp_path / "contacts.vcf"
        path.write_text("Name,Company\nAna,Globex\n", encoding="utf-8")
        with pytest.raises(careernet.InvalidValueError, match="not a vCard file"):
            net.import_vcards(path)


class TestValuesAtTheDoor:
    def test_a_name_with_a_line_break_is_rejected(self, net: Network) -> None:
        report = net.import_contacts([Candidate(name="Ann\nBob", source="csv", line=4)])
        assert report.rejected == (
            Rejected(
                line=4,
                reason="the name holds a line break or a control character: "
                "'Ann\\nBob'",
            ),
        )

    @pytest.mark.parametrize("name", ["Ann\u2028Bob", "Ann\x1bBob", "Ann\x85Bob"])
    def test_names_with_line_separators_or_controls_are_rejected(
        self, net: Network, name: str
    ) -> None:
        report = net.import_contacts([Candidate(name=name, source="csv")])
        assert (len(report.rejected), net.contacts) == (1, [])

    def test_values_no_one_should_store_are_left_out_with_a_notice(
        self, net: Network
    ) -> None:
        report = net.import_contacts(
            [
                Candidate(
                    name="Ana Lima",
                    source="csv",
                    line=2,
                    emails=("not an email", "Ana <ana@globex.example>"),
                    links=("javascript:alert(1)", "www.linkedin.com/in/ana-lima"),
                    phones=("call me",),
                )
            ]
        )
        (ana,) = net.contacts
        assert (ana.emails, ana.links, ana.phones) == (
            ("ana@globex.example",),
            ("https://www.linkedin.com/in/ana-lima",),
            (),
        )
        assert [n.message for n in report.notices] == [
            "left out 'not an email': not a usable e-mail address",
            "left out 'javascript:alert(1)': not a usable link",
            "left out 'call me': not a usable phone number",
        ]


def test_a_big_address_book_gets_capacity_advice(net: Network) -> None:
    people = [Candidate(name=f"Person {n}", source="vcard") for n in range(160)]
    report = net.import_contacts(people, ring=Ring.LUKEWARM)
    (advice,) = report.advice
    assert advice.code == "capacity"
    assert "160 people in the lukewarm ring" in advice.message
    assert net.last_advice == report.advice


# -- the property: strong identifiers never come from two people ------------------

PERSON_NAMES = ["Ken Watanabe", "Lena Fischer", "David Smith", "Ana Lima"]


@st.composite
def people_and_rows(draw: st.DrawFn) -> list[tuple[int, Candidate]]:
    """Rows of a few different people: each person owns their e-mails and
    links; names, companies and a switchboard phone may be shared."""
    count = draw(st.integers(1, 5))
    rows = []
    for _ in range(draw(st.integers(1, 10))):
        who = draw(st.integers(0, count - 1))
        rows.append(
            (
                who,
                Candidate(
                    name=draw(st.sampled_from([PERSON_NAMES[who % 4], "D. Smith"])),
                    source=draw(st.sampled_from(["linkedin", "vcard", "csv"])),
                    company=draw(st.sampled_from([None, "Globex", "IBM"])),
                    emails=tuple(
                        draw(
                            st.lists(
                                st.sampled_from(
                                    [f"p{who}@mail.example", f"p{who}@work.example"]
                                ),
                                max_size=2,
                                unique=True,
                            )
                        )
                    ),
                    links=tuple(
                        draw(
                            st.lists(
                                st.just(f"https://www.linkedin.com/in/p{who}"),
                                max_size=1,
                            )
                        )
                    ),
                    phones=tuple(
                        draw(st.lists(st.just("+1 212 555 0100"), max_size=1))
                    ),
                ),
            )
        )
    return rows


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rows=people_and_rows())
def test_no_contact_holds_strong_identifiers_of_two_people(
    rows: list[tuple[int, Candidate]],
) -> None:
    owner = {}
    for who, row in rows:
        for email in row.emails:
            owner[normal_email(email)] = who
        for link in row.links:
            owner[normal_link(link)] = who
    net, store = imported([row for _, row in rows])
    with store:
        for contact in net.contacts:
            keys = [normal_email(e) for e in contact.emails] + [
                normal_link(link) for link in contact.links
            ]
            assert len({owner[key] for key in keys}) <= 1, contact
