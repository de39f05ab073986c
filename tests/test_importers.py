"""The readers: LinkedIn's Connections.csv, vCard files and any CSV file.

The files in ``tests/data/imports`` were written for these tests, about
invented people, in the shapes the exporters produce: LinkedIn's notes
before the header, vCard 2.1 from a phone (quoted-printable, base64 photos),
vCard 3.0 from Google Contacts and Apple Contacts, vCard 4.0, and a
spreadsheet saved with ``;`` between the columns.
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from careernet.domain import Candidate, Notice, Rejected
from careernet.errors import (
    CareerNetError,
    FileReadError,
    InvalidValueError,
    MissingDependencyError,
    MissingFileError,
)
from careernet.importers import read_csv, read_linkedin, read_vcards

DATA = Path(__file__).parent / "data" / "imports"
CONNECTIONS = DATA / "Connections.csv"
PHONE = DATA / "phone.vcf"
GOOGLE = DATA / "google.vcf"
APPLE = DATA / "apple.vcf"
V4 = DATA / "v4.vcf"
PEOPLE = DATA / "people.csv"

BOM = b"\xef\xbb\xbf"

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

PHOTO_FRAGMENTS = ("/9j/4AAQ", "iVBORw0K", "2Q==", "base64")
"""Pieces of the photos' base64 text (JPEG and PNG headers, a JPEG's end)."""


def candidates(people: Iterable[Candidate | Rejected | Notice]) -> list[Candidate]:
    return [person for person in people if isinstance(person, Candidate)]


def rejected(people: Iterable[Candidate | Rejected | Notice]) -> list[Rejected]:
    return [person for person in people if isinstance(person, Rejected)]


def notices(people: Iterable[Candidate | Rejected | Notice]) -> list[Notice]:
    return [person for person in people if isinstance(person, Notice)]


def read(people: Iterable[Candidate | Rejected | Notice]) -> list[Candidate | Rejected]:
    """What a reader gave, without its notices."""
    return [person for person in people if not isinstance(person, Notice)]


def by_name(people: Iterable[Candidate | Rejected | Notice], name: str) -> Candidate:
    (found,) = [person for person in candidates(people) if person.name == name]
    return found


def linkedin_text(*rows: str, newline: str = "\n") -> str:
    """A Connections.csv with LinkedIn's three lines of notes and ``rows``."""
    lines = [
        "Notes:",
        '"Email addresses appear only for members who allow it."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        *rows,
    ]
    return newline.join(lines) + newline


# -- LinkedIn ---------------------------------------------------------------------

CONNECTIONS_CANDIDATES = [
    Candidate(
        name="Amara Okonkwo",
        source="linkedin",
        line=5,
        company="Brightfield Analytics",
        role="Head of Data",
        emails=("amara.okonkwo@brightfield.example",),
        links=("https://www.linkedin.com/in/amara-okonkwo",),
        how_met="LinkedIn connection since 05 Mar 2024",
    ),
    Candidate(
        name="José Fernández García",
        source="linkedin",
        line=6,
        company="Ibérica Renovables",
        role="Director de Ingeniería",
        links=("https://www.linkedin.com/in/jose-fernandez-garcia",),
        how_met="LinkedIn connection since 17 Jan 2023",
    ),
    Candidate(
        name="Siobhán Ní Bhriain 🌿",
        source="linkedin",
        line=7,
        company="Kelpie Labs",
        role="Product Manager, Growth",
        links=("https://www.linkedin.com/in/siobhan-ni-bhriain",),
        how_met="LinkedIn connection since 28 Feb 2022",
    ),
    Candidate(
        name="Priya Raman, CFA",
        source="linkedin",
        line=8,
        company="Northwind Capital, LLC",
        role="Portfolio Manager",
        links=("https://www.linkedin.com/in/priya-raman-cfa",),
        how_met="LinkedIn connection since 09 Nov 2021",
    ),
    Candidate(
        name="Mateusz Wójcik",
        source="linkedin",
        line=9,
        emails=("mateusz@wojcik.example",),
        links=("https://www.linkedin.com/in/mateusz-wojcik-dev",),
        how_met="LinkedIn connection since 12 Aug 2020",
    ),
    Candidate(
        name="Lars Øvergaard",
        source="linkedin",
        line=10,
        company="Fjordline Robotics",
        role="CTO",
        links=("https://www.linkedin.com/in/lars-overgaard",),
    ),
    Candidate(
        name="Amara Okonkwo",
        source="linkedin",
        line=12,
        company="Brightfield Analytics",
        role="Head of Data",
        emails=("amara.okonkwo@brightfield.example",),
        links=("https://www.linkedin.com/in/amara-okonkwo",),
        how_met="LinkedIn connection since 05 Mar 2024",
    ),
    Candidate(
        name="Kofi Mensah",
        source="linkedin",
        line=13,
        company="Acme Freight, Inc.",
        role="Senior Engineer, Platform & Tools",
        emails=("kofi@mensah.example",),
        links=("https://www.linkedin.com/in/kofi-mensah",),
        how_met="LinkedIn connection since 30 Sep 2019",
    ),
]

CONNECTIONS_REJECTED = [Rejected(line=11, reason="no first or last name")]

CONNECTIONS_NOTICES = [
    Notice(
        line=10,
        message="unreadable date '31 Feb 2023' in Connected On; Lars Øvergaard "
        "was imported without it",
    )
]


class TestLinkedIn:
    def test_every_connection_after_the_notes_is_read_with_its_line(self) -> None:
        assert candidates(read_linkedin(CONNECTIONS)) == CONNECTIONS_CANDIDATES

    def test_a_nameless_row_is_rejected_and_a_bad_date_noticed(self) -> None:
        assert rejected(read_linkedin(CONNECTIONS)) == CONNECTIONS_REJECTED
        assert notices(read_linkedin(CONNECTIONS)) == CONNECTIONS_NOTICES

    def test_rejected_rows_keep_their_place_among_the_others(self) -> None:
        lines = [person.line for person in read(read_linkedin(CONNECTIONS))]
        assert lines == [5, 6, 7, 8, 9, 10, 11, 12, 13]

    def test_quoted_fields_keep_their_commas(self) -> None:
        priya = by_name(read_linkedin(CONNECTIONS), "Priya Raman, CFA")
        assert (priya.name, priya.company) == (
            "Priya Raman, CFA",
            "Northwind Capital, LLC",
        )

    def test_an_empty_email_address_gives_no_email(self) -> None:
        jose = by_name(read_linkedin(CONNECTIONS), "José Fernández García")
        assert jose.emails == ()

    def test_empty_company_and_position_give_none(self) -> None:
        mateusz = by_name(read_linkedin(CONNECTIONS), "Mateusz Wójcik")
        assert (mateusz.company, mateusz.role) == (None, None)

    def test_accents_and_emoji_in_names_are_kept(self) -> None:
        names = [person.name for person in candidates(read_linkedin(CONNECTIONS))]
        assert "Siobhán Ní Bhriain 🌿" in names
        assert "José Fernández García" in names

    def test_a_byte_order_mark_in_bytes_changes_nothing(self) -> None:
        opened = io.BytesIO(BOM + CONNECTIONS.read_bytes())
        assert list(read_linkedin(opened)) == list(read_linkedin(CONNECTIONS))

    def test_a_byte_order_mark_in_text_changes_nothing(self) -> None:
        opened = io.StringIO("\ufeff" + CONNECTIONS.read_text(encoding="utf-8"))
        assert list(read_linkedin(opened)) == list(read_linkedin(CONNECTIONS))

    def test_a_file_with_a_byte_order_mark_reads_like_one_without(
        self, tmp_path: Path
    ) -> None:
        with_bom = tmp_path / "Connections.csv"
        with_bom.write_bytes(BOM + CONNECTIONS.read_bytes())
        assert list(read_linkedin(with_bom)) == list(read_linkedin(CONNECTIONS))

    def test_a_byte_order_mark_right_before_the_header_is_ignored(self) -> None:
        text = (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Amara,Okonkwo,https://www.linkedin.com/in/amara-okonkwo,,,,05 Mar 2024\n"
        )
        (amara,) = read_linkedin(io.BytesIO(BOM + text.encode()))
        assert amara == Candidate(
            name="Amara Okonkwo",
            source="linkedin",
            line=2,
            links=("https://www.linkedin.com/in/amara-okonkwo",),
            how_met="LinkedIn connection since 05 Mar 2024",
        )

    def test_a_windows_1252_file_is_read(self) -> None:
        text = linkedin_text(
            "José,Fernández García,https://www.linkedin.com/in/jose-fernandez-garcia,"
            ",Ibérica Renovables,Director de Ingeniería,17 Jan 2023"
        )
        notice, jose = read_linkedin(io.BytesIO(text.encode("cp1252")))
        assert notice == Notice(
            line=5,
            message="bytes that are not UTF-8, read as Windows-1252: 'José,Fernández "
            "García,https://www.linkedin.com/in/jose-ferna'; check the accents on "
            "this line",
        )
        assert isinstance(jose, Candidate)
        assert (jose.name, jose.company, jose.role, jose.line) == (
            "José Fernández García",
            "Ibérica Renovables",
            "Director de Ingeniería",
            5,
        )

    def test_windows_line_endings_keep_the_line_numbers(self) -> None:
        text = CONNECTIONS.read_text(encoding="utf-8").replace("\n", "\r\n")
        people = read(read_linkedin(io.BytesIO(text.encode())))
        assert [person.line for person in people] == [5, 6, 7, 8, 9, 10, 11, 12, 13]

    def test_a_quoted_line_break_moves_the_following_rows_down(self) -> None:
        text = linkedin_text(
            'Kofi,Mensah,https://www.linkedin.com/in/kofi-mensah,,Acme,"Engineer\n'
            'Platform team",30 Sep 2019',
            ",,https://www.linkedin.com/in/private-member-4471,,,,01 Jun 2021",
        )
        people = list(read_linkedin(io.StringIO(text)))
        assert [person.line for person in people] == [5, 7]

    def test_blank_lines_are_skipped_and_the_line_numbers_stay_right(self) -> None:
        text = linkedin_text(
            "Kofi,Mensah,https://www.linkedin.com/in/kofi-mensah,,Acme,Engineer,"
            "30 Sep 2019",
            "",
            "Ama,Owusu,https://www.linkedin.com/in/ama-owusu,,Acme,Analyst,01 Jun 2021",
        )
        people = list(read_linkedin(io.StringIO(text + "\n\n")))
        assert [(p.name, p.line) for p in people if isinstance(p, Candidate)] == [
            ("Kofi Mensah", 5),
            ("Ama Owusu", 7),
        ]

    @pytest.mark.parametrize(
        ("date", "read_as"),
        [
            ("2024-03-05", "05 Mar 2024"),
            ("5 March 2024", "05 Mar 2024"),
            ("05-Mar-24", "05 Mar 2024"),
            ('"Mar 5, 2024"', "05 Mar 2024"),
            ("05.03.2024", "05 Mar 2024"),
            ("13/03/2024", "13 Mar 2024"),
            ("3/13/2024", "13 Mar 2024"),
        ],
    )
    def test_dates_in_other_forms_are_read(self, date: str, read_as: str) -> None:
        text = linkedin_text(
            f"Amara,Okonkwo,https://www.linkedin.com/in/amara-okonkwo,,,,{date}"
        )
        (amara,) = read_linkedin(io.StringIO(text))
        assert isinstance(amara, Candidate)
        assert amara.how_met == f"LinkedIn connection since {read_as}"

    @pytest.mark.parametrize("date", ["05 Mrz 2024", "31 Feb 2023", "Mar 2024"])
    def test_an_unreadable_date_keeps_the_person_with_a_notice(self, date: str) -> None:
        text = linkedin_text(
            f"Amara,Okonkwo,https://www.linkedin.com/in/amara-okonkwo,,,,{date}"
        )
        notice, amara = read_linkedin(io.StringIO(text))
        assert notice == Notice(
            line=5,
            message=f"unreadable date {date!r} in Connected On; Amara Okonkwo was "
            "imported without it",
        )
        assert isinstance(amara, Candidate)
        assert (amara.name, amara.how_met) == ("Amara Okonkwo", None)

    def test_month_names_are_read_whatever_their_case(self) -> None:
        text = linkedin_text(
            "Amara,Okonkwo,https://www.linkedin.com/in/amara-okonkwo,,,,5 MAR 2024"
        )
        (amara,) = read_linkedin(io.StringIO(text))
        assert isinstance(amara, Candidate)
        assert amara.how_met == "LinkedIn connection since 05 Mar 2024"

    def test_an_empty_connected_on_gives_no_how_met(self) -> None:
        text = linkedin_text("Amara,Okonkwo,https://www.linkedin.com/in/a,,,,")
        (amara,) = read_linkedin(io.StringIO(text))
        assert isinstance(amara, Candidate)
        assert amara.how_met is None

    def test_a_file_that_is_not_a_linkedin_export_is_refused_clearly(self) -> None:
        with pytest.raises(
            InvalidValueError, match="not a LinkedIn connections export"
        ):
            list(read_linkedin(PEOPLE))

    def test_a_header_with_only_names_and_links_is_read(self) -> None:
        text = "First Name,Last Name,URL\nAmara,Okonkwo,https://example.test/a\n"
        assert list(read_linkedin(io.StringIO(text))) == [
            Candidate(
                name="Amara Okonkwo",
                source="linkedin",
                line=2,
                links=("https://example.test/a",),
            )
        ]

    def test_a_missing_file_is_a_file_not_found_error(self, tmp_path: Path) -> None:
        missing = tmp_path / "Connections.csv"
        with pytest.raises(FileNotFoundError, match="Cannot read") as caught:
            list(read_linkedin(missing))
        assert isinstance(caught.value, MissingFileError)
        assert isinstance(caught.value, CareerNetError)
        assert caught.value.filename == str(missing)
        assert caught.value.errno == errno.ENOENT


@pytest.mark.parametrize(
    "read",
    [
        read_linkedin,
        read_vcards,
        lambda path: read_csv(path, columns={"name": "Name"}),
    ],
    ids=["linkedin", "vcard", "csv"],
)
def test_every_reader_refuses_a_missing_file_as_an_os_error(
    read: Callable[[Path], Iterable[Candidate | Rejected]], tmp_path: Path
) -> None:
    with pytest.raises(CareerNetError, match="No such file") as caught:
        list(read(tmp_path / "nowhere.txt"))
    assert isinstance(caught.value, FileNotFoundError)


def test_a_directory_is_a_file_read_error(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match=f"Cannot read {tmp_path}") as caught:
        list(read_linkedin(tmp_path))
    assert isinstance(caught.value, OSError)
    assert not isinstance(caught.value, FileNotFoundError)


def test_reading_vcards_without_vobject_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "vobject", None)  # makes `import vobject` fail
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'careernet\[vcard\]'"
    ) as caught:
        list(read_vcards(io.StringIO("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n")))
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, CareerNetError)
    assert caught.value.name == "vobject"
    assert caught.value.extra == "vcard"


# -- vCard --------------------------------------------------------------------------

PHONE_PEOPLE: list[Candidate | Rejected] = [
    Candidate(
        name="Jürgen Müller",
        source="vcard",
        line=1,
        company="Straßenbahnwerke Köln",
        role="Fahrdienstleiter",
        emails=("juergen.mueller@posteo.example",),
        phones=("+49 151 23456789", "+49 30 9876543"),
    ),
    Candidate(
        name="Jose Fernandez Garcia",
        source="vcard",
        line=16,
        company="IBÉRICA RENOVABLES",
        phones=("+34 612 345 678",),
    ),
    Candidate(
        name="Hiroshi Tanaka",
        source="vcard",
        line=23,
        company="Kaizen Robotics, Ltd.",
        phones=("+81 90 1234 5678",),
    ),
    Candidate(
        name="Anaïs Lefèvre",
        source="vcard",
        line=29,
        emails=("anais.lefevre@atelier-lumiere.example",),
        phones=("+33 6 12 34 56 78",),
        notes="Rencontrée au salon de Lyon et très intéressée par l'équipe data. "
        "Rappeler après l'été.",
    ),
]

GOOGLE_PEOPLE: list[Candidate | Rejected] = [
    Candidate(
        name="Amara Okonkwo",
        source="vcard",
        line=1,
        company="Brightfield Analytics",
        role="Head of Data",
        emails=("amara.k@fastmail.example", "Amara.Okonkwo@Brightfield.example"),
        phones=("+234 803 555 0142",),
        notes="Introduced by Kofi at the Lagos data meetup, we talked about moving "
        "the analytics team to a lakehouse.\nShe offered to review my portfolio "
        "before the interview loop; follow up in April.",
    ),
    Candidate(
        name="Priya Raman",
        source="vcard",
        line=16,
        company="Northwind Capital, LLC",
        role="Portfolio Manager",
        emails=("priya.raman@northwind.example",),
        links=("https://www.linkedin.com/in/priya-raman-cfa",),
    ),
    Candidate(
        name="Hannah Schmidt",
        source="vcard",
        line=27,
        phones=("+49 170 5550123",),
        tags=frozenset({"Family"}),  # CATEGORIES, without Google's "myContacts"
    ),
]

APPLE_PEOPLE: list[Candidate | Rejected] = [
    Candidate(
        name="Siobhán Ní Bhriain",
        source="vcard",
        line=1,
        company="Kelpie Labs",
        role="Product Manager",
        emails=("siobhan@kelpielabs.example",),
        phones=("+353 87 555 0199",),
        links=("https://www.linkedin.com/in/siobhan-ni-bhriain/",),
    ),
    Candidate(
        name="Tomás Ó Ceallaigh",
        source="vcard",
        line=19,
        company="Harbour & Finch",
        role="Creative Director",
        emails=("tomas@oceallaigh.example", "tomas@harbourfinch.example"),
        phones=("+353 86 555 0177",),
    ),
]

V4_PEOPLE: list[Candidate | Rejected] = [
    Candidate(
        name="Mei Lin Zhou",
        source="vcard",
        line=1,
        company="Tidewater Systems",
        role="Staff Engineer",
        emails=("meilin.zhou@tidewater.example", "mlz@posteo.example"),
        phones=("+44-7700-900123",),
        links=("https://meilin.example/",),
    ),
    Rejected(line=12, reason="a card without a name (FN or N)"),
    Candidate(
        name="Kwame Asante",
        source="vcard",
        line=17,
        company="Gold Coast Logistics",
        role="Operations Lead",
        emails=("kwame.asante@gclogistics.example",),
        links=("https://www.linkedin.com/in/kwame-asante",),
    ),
]


def card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", *lines, "END:VCARD"]) + "\r\n"


class TestVCardFiles:
    def test_a_phone_export_is_read_card_by_card(self) -> None:
        assert list(read_vcards(PHONE)) == PHONE_PEOPLE

    def test_a_google_contacts_export_is_read_card_by_card(self) -> None:
        assert list(read_vcards(GOOGLE)) == GOOGLE_PEOPLE

    def test_an_apple_contacts_export_is_read_card_by_card(self) -> None:
        assert list(read_vcards(APPLE)) == APPLE_PEOPLE

    def test_a_vcard_4_file_is_read_card_by_card(self) -> None:
        assert list(read_vcards(V4)) == V4_PEOPLE

    @pytest.mark.parametrize(
        ("path", "lines"),
        [
            (PHONE, [1, 16, 23, 29]),
            (GOOGLE, [1, 16, 27]),
            (APPLE, [1, 19]),
            (V4, [1, 12, 17]),
        ],
        ids=["phone", "google", "apple", "v4"],
    )
    def test_each_card_is_reported_at_the_line_it_begins_on(
        self, path: Path, lines: list[int]
    ) -> None:
        assert [person.line for person in read_vcards(path)] == lines

    @pytest.mark.parametrize(
        "path", [PHONE, GOOGLE, APPLE, V4], ids=["phone", "google", "apple", "v4"]
    )
    def test_photos_are_not_read_into_anything(self, path: Path) -> None:
        text = repr(list(read_vcards(path)))
        assert not [piece for piece in PHOTO_FRAGMENTS if piece in text]


class TestVCardValues:
    def test_quoted_printable_names_are_decoded(self) -> None:
        assert [person.name for person in candidates(read_vcards(PHONE))] == [
            "Jürgen Müller",
            "Jose Fernandez Garcia",
            "Hiroshi Tanaka",
            "Anaïs Lefèvre",
        ]

    def test_a_quoted_printable_organisation_is_decoded(self) -> None:
        jurgen = by_name(read_vcards(PHONE), "Jürgen Müller")
        assert jurgen.company == "Straßenbahnwerke Köln"

    def test_a_card_with_only_n_is_named_given_name_first(self) -> None:
        names = {person.line: person.name for person in candidates(read_vcards(PHONE))}
        assert names[23] == "Hiroshi Tanaka"

    def test_cell_and_work_numbers_are_kept_in_order(self) -> None:
        jurgen = by_name(read_vcards(PHONE), "Jürgen Müller")
        assert jurgen.phones == ("+49 151 23456789", "+49 30 9876543")

    def test_a_quoted_printable_soft_line_break_is_joined(self) -> None:
        anais = by_name(read_vcards(PHONE), "Anaïs Lefèvre")
        assert anais.notes == (
            "Rencontrée au salon de Lyon et très intéressée par l'équipe data. "
            "Rappeler après l'été."
        )

    def test_a_comma_in_a_vcard_2_1_organisation_is_kept(self) -> None:
        hiroshi = by_name(read_vcards(PHONE), "Hiroshi Tanaka")
        assert hiroshi.company == "Kaizen Robotics, Ltd."

    def test_several_emails_are_kept_in_order_with_grouped_ones(self) -> None:
        amara = by_name(read_vcards(GOOGLE), "Amara Okonkwo")
        assert amara.emails == (
            "amara.k@fastmail.example",
            "Amara.Okonkwo@Brightfield.example",
        )

    def test_a_folded_note_is_unfolded_and_unescaped(self) -> None:
        amara = by_name(read_vcards(GOOGLE), "Amara Okonkwo")
        assert amara.notes == (
            "Introduced by Kofi at the Lagos data meetup, we talked about moving the "
            "analytics team to a lakehouse.\nShe offered to review my portfolio "
            "before the interview loop; follow up in April."
        )

    def test_an_escaped_comma_in_the_organisation_is_kept(self) -> None:
        priya = by_name(read_vcards(GOOGLE), "Priya Raman")
        assert (priya.company, priya.role) == (
            "Northwind Capital, LLC",
            "Portfolio Manager",
        )

    def test_googles_escaped_colon_in_a_url_is_unescaped(self) -> None:
        priya = by_name(read_vcards(GOOGLE), "Priya Raman")
        assert priya.links == ("https://www.linkedin.com/in/priya-raman-cfa",)

    @pytest.mark.parametrize(
        ("name", "company"),
        [
            ("Siobhán Ní Bhriain", "Kelpie Labs"),
            ("Tomás Ó Ceallaigh", "Harbour & Finch"),
        ],
    )
    def test_the_first_component_of_org_is_the_company(
        self, name: str, company: str
    ) -> None:
        assert by_name(read_vcards(APPLE), name).company == company

    def test_a_labelled_url_is_kept_as_a_link(self) -> None:
        siobhan = by_name(read_vcards(APPLE), "Siobhán Ní Bhriain")
        assert siobhan.links == ("https://www.linkedin.com/in/siobhan-ni-bhriain/",)

    def test_a_vcard_4_telephone_uri_gives_the_number(self) -> None:
        mei = by_name(read_vcards(V4), "Mei Lin Zhou")
        assert mei.phones == ("+44-7700-900123",)

    def test_a_card_without_fn_or_n_is_rejected(self) -> None:
        assert rejected(read_vcards(V4)) == [
            Rejected(line=12, reason="a card without a name (FN or N)")
        ]

    def test_a_data_url_is_not_a_link(self) -> None:
        text = card("VERSION:4.0", "FN:Mei Lin Zhou", "URL:data:text/plain,hello")
        (mei,) = read_vcards(io.StringIO(text))
        assert isinstance(mei, Candidate)
        assert mei.links == ()

    def test_an_unreadable_card_is_rejected_and_the_next_still_read(self) -> None:
        text = (
            card("VERSION:3.0", "FN:Amara Okonkwo")
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n"
            + card("VERSION:3.0", "FN:Kofi Mensah")
        )
        first, broken, last = read_vcards(io.StringIO(text))
        assert isinstance(broken, Rejected)
        assert broken.line == 5
        assert broken.reason.startswith("unreadable vCard: ")
        assert [first.line, last.line] == [1, 8]
        assert isinstance(last, Candidate)
        assert last.name == "Kofi Mensah"

    def test_a_byte_order_mark_is_ignored(self) -> None:
        opened = io.BytesIO(BOM + APPLE.read_bytes())
        assert list(read_vcards(opened)) == APPLE_PEOPLE

    def test_an_open_text_file_is_read(self) -> None:
        with APPLE.open(encoding="utf-8", newline="") as opened:
            assert list(read_vcards(opened)) == APPLE_PEOPLE

    def test_a_windows_1252_file_is_read(self) -> None:
        text = card("VERSION:3.0", "FN:Tomás Ó Ceallaigh", "ORG:Harbour & Finch;")
        (tomas,) = read(read_vcards(io.BytesIO(text.encode("cp1252"))))
        assert isinstance(tomas, Candidate)
        assert (tomas.name, tomas.company) == ("Tomás Ó Ceallaigh", "Harbour & Finch")


# -- any CSV ------------------------------------------------------------------------

PEOPLE_READ: list[Candidate | Rejected] = [
    Candidate(
        name="Ingrid Solberg",
        source="csv",
        line=2,
        company="Nordlys Energi",
        role="Data Scientist",
        emails=("ingrid.solberg@mail.example", "ingrid@nordlys.example"),
        phones=("+47 912 34 567",),
        notes="Met at PyCon Nordic",
        tags=frozenset({"alumni", "oslo"}),
    ),
    Candidate(
        name="Björn Åkesson",
        source="csv",
        line=3,
        company="Skärgård Data; Research",
        role="Researcher",
        emails=("bjorn.akesson@skargard.example",),
        notes='Wants an intro to the "Nordlys" team',
    ),
    Rejected(line=4, reason="no name in the mapped name columns"),
    Candidate(
        name="Chidi Okafor 🎸",
        source="csv",
        line=5,
        company="Lagoon Studios",
        role="Sound Engineer",
        emails=("chidi@okafor.example",),
        phones=("+234 802 555 0111",),
        tags=frozenset({"music"}),
    ),
    Candidate(
        name="Ingrid Solberg",
        source="csv",
        line=6,
        emails=("ingrid@nordlys.example",),
        phones=("+47 22 55 01 23",),
    ),
]


class TestCsv:
    def test_a_semicolon_file_is_read_through_the_mapping(self) -> None:
        assert list(read_csv(PEOPLE, columns=PEOPLE_COLUMNS)) == PEOPLE_READ

    def test_the_delimiter_can_be_given(self) -> None:
        people = read_csv(PEOPLE, columns=PEOPLE_COLUMNS, delimiter=";")
        assert list(people) == PEOPLE_READ

    def test_several_columns_feed_one_list_in_mapping_order(self) -> None:
        columns = {**PEOPLE_COLUMNS, "email": ["Work e-mail", "E-mail"]}
        ingrid = candidates(read_csv(PEOPLE, columns=columns))[0]
        assert ingrid.emails == (
            "ingrid@nordlys.example",
            "ingrid.solberg@mail.example",
        )

    def test_a_row_without_a_name_is_rejected_with_its_line(self) -> None:
        assert rejected(read_csv(PEOPLE, columns=PEOPLE_COLUMNS)) == [
            Rejected(line=4, reason="no name in the mapped name columns")
        ]

    def test_first_and_last_name_columns_are_joined(self) -> None:
        text = "Vorname,Nachname,Firma\nJürgen,Müller,Straßenbahnwerke Köln\n"
        people = read_csv(
            io.StringIO(text),
            columns={
                "first_name": "Vorname",
                "last_name": "Nachname",
                "company": "Firma",
            },
        )
        assert list(people) == [
            Candidate(
                name="Jürgen Müller",
                source="csv",
                line=2,
                company="Straßenbahnwerke Köln",
            )
        ]

    def test_tags_are_split_on_semicolons_and_commas(self) -> None:
        text = "Name\tTags\nChidi Okafor\tmusic; lagos,alumni\n"
        (chidi,) = read_csv(io.StringIO(text), columns={"name": "Name", "tags": "Tags"})
        assert isinstance(chidi, Candidate)
        assert chidi.tags == {"music", "lagos", "alumni"}

    def test_the_source_name_can_be_chosen(self) -> None:
        people = read_csv(PEOPLE, columns=PEOPLE_COLUMNS, source_name="crm-export")
        assert {person.source for person in candidates(people)} == {"crm-export"}

    def test_a_byte_order_mark_is_ignored(self) -> None:
        opened = io.BytesIO(BOM + PEOPLE.read_bytes())
        assert list(read_csv(opened, columns=PEOPLE_COLUMNS)) == PEOPLE_READ

    def test_a_windows_1252_file_is_read(self) -> None:
        text = "Full name;Employer\r\nBjörn Åkesson;Skärgård Data\r\n"
        (bjorn,) = read(
            read_csv(
                io.BytesIO(text.encode("cp1252")),
                columns={"name": "Full name", "company": "Employer"},
            )
        )
        assert isinstance(bjorn, Candidate)
        assert (bjorn.name, bjorn.company) == ("Björn Åkesson", "Skärgård Data")

    def test_an_unknown_field_in_the_mapping_is_named(self) -> None:
        with pytest.raises(
            InvalidValueError, match="Unknown fields in the column mapping: mobile"
        ):
            list(read_csv(PEOPLE, columns={"name": "Full name", "mobile": "Mobile"}))

    def test_a_mapping_without_a_name_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="needs 'name'"):
            list(read_csv(PEOPLE, columns={"email": "E-mail"}))

    def test_a_mapped_column_missing_from_the_file_is_named(self) -> None:
        with pytest.raises(InvalidValueError) as error:
            list(read_csv(PEOPLE, columns={"name": "Full name", "phone": "Phone"}))
        message = str(error.value)
        assert "no column 'Phone'" in message
        assert "'Full name', 'E-mail', 'Work e-mail'" in message
