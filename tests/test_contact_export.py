"""Contacts exported as CSV and vCard, and read back by careernet and others."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vcard.vcard_validator import VCard  # type: ignore[import-untyped]

import careernet
from careernet.domain import Contact
from careernet.errors import FileWriteError, InvalidValueError
from careernet.importers import CSV_COLUMNS, write_contacts, write_csv, write_vcards

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

_word = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéøñßÅ"), min_size=1, max_size=8
)
_words = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@st.composite
def _person(draw: st.DrawFn, n: int) -> dict[str, Any]:
    local = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1))
    return {
        "name": f"{draw(_words).title()} Number{n}",
        "company": draw(st.none() | _words | _formula),
        "role": draw(st.none() | _words | _formula),
        "field": draw(st.none() | _words),
        "emails": draw(
            st.lists(
                st.sampled_from(["example.org", "mail.example", "x.test"]).map(
                    lambda d: f"{local}{n}@{d}"
                ),
                unique=True,
                max_size=2,
            )
        ),
        "phones": draw(
            st.lists(
                st.from_regex(r"\+[1-9][0-9]{6,11}", fullmatch=True),
                unique=True,
                max_size=2,
            )
        ),
        "links": draw(
            st.lists(
                _word.map(lambda w: f"https://www.linkedin.com/in/{w}{n}"),
                unique=True,
                max_size=2,
            )
        ),
        "how_met": draw(st.none() | _words),
        "notes": draw(st.just("") | _words | _formula),
        "tags": draw(st.frozensets(_word, max_size=3)),
    }


_formula = st.sampled_from(["=", "+", "-", "@", "'", "'=", "''"]).flatmap(
    lambda lead: _words.map(lambda w: lead + w)
)
"""Values a spreadsheet would run as a formula, and apostrophes before them."""


@st.composite
def _people(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 6))
    return [draw(_person(n)) for n in range(count)]


def _fields(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "company": contact.company,
        "role": contact.role,
        "field": contact.field,
        "emails": contact.emails,
        "phones": contact.phones,
        "links": contact.links,
        "how_met": contact.how_met,
        "notes": contact.notes,
        "tags": contact.tags,
    }


def _network(people: list[dict[str, Any]]) -> careernet.Network:
    net = careernet.open("memory:", seeker="Me", autoload=False)
    for person in people:
        net.add_contact(**person, at=NOW)
    return net


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(people=_people())
def test_csv_reads_back_to_the_same_people(
    tmp_path: Path, people: list[dict[str, Any]]
) -> None:
    path = tmp_path / "people.csv"
    with _network(people) as net:
        assert net.export_contacts(path) == len(people)
        wanted = [_fields(c) for c in net.contacts]
    with careernet.open("memory:", seeker="Me", autoload=False) as again:
        report = again.import_csv(path, columns=CSV_COLUMNS)
        assert len(report.added) == len(people)
        assert [_fields(c) for c in again.contacts] == wanted


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(people=_people())
def test_vcards_read_back_in_careernet_and_an_independent_parser(
    tmp_path: Path, people: list[dict[str, Any]]
) -> None:
    path = tmp_path / "people.vcf"
    with _network(people) as net:
        assert net.export_contacts(path, "vcard") == len(people)
        contacts = net.contacts
    with path.open(encoding="utf-8", newline="") as file:
        text = file.read()
    cards = _cards(text)
    assert len(cards) == len(contacts)
    for card, contact in zip(cards, contacts, strict=True):
        parsed = VCard(_octets(card))  # raises on anything RFC 2426 refuses
        names = {p.name: p for p in parsed.properties}
        assert names["VERSION"].values == [["3.0"]]
        assert names["FN"].values == [[_octets(contact.name)]]
        emails = [p.values[0][0] for p in parsed.properties if p.name == "EMAIL"]
        assert emails == list(contact.emails)
    with careernet.open("memory:", seeker="Me", autoload=False) as again:
        report = again.import_vcards(path)
        assert len(report.added) == len(people)
        for back, contact in zip(again.contacts, contacts, strict=True):
            assert back.name == contact.name
            assert back.emails == contact.emails
            assert back.phones == contact.phones
            assert back.links == contact.links
            assert back.company == contact.company
            assert back.role == contact.role
            assert back.tags == contact.tags


def _octets(text: str) -> str:
    """Text as RFC 2426's grammar sees it: the validator reads characters and
    allows only the Latin-1 ones beyond ASCII (the grammar's octets 80-FF),
    so every other character stands for one such octet here."""
    return "".join(c if ord(c) < 0x80 else "\xe9" for c in text)


def _cards(text: str) -> list[str]:
    cards, current = [], []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if line.strip() == "END:VCARD":
            cards.append("".join(current))
            current = []
    assert "".join(current).strip() == ""
    return cards


HOSTILE = [
    'Ann, "the" Lee',
    '=HYPERLINK("http://x")',
    "Zoë 😀 Łukasiewicz",
    "semi;colon:::triple",
    "x" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_values_stay_in_their_cell_and_card(text: str) -> None:
    contact = Contact(
        id="c1",
        name=text,
        added_at=NOW,
        company=text,
        notes=f"{text}\nsecond line\u2028after a separator",
    )
    out = io.StringIO(newline="")
    write_csv([contact], out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == list(CSV_COLUMNS.values())
    guarded = f"'{text}" if text[:1] in "=+-@\t\r'" else text
    assert rows[1][0] == guarded
    assert rows[1][1] == guarded
    assert rows[1][8] == f"{guarded}\nsecond line\nafter a separator"
    assert "\u2028" not in out.getvalue()
    cards = io.StringIO()
    write_vcards([contact], cards)
    body = cards.getvalue()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert body.splitlines() == body.split("\r\n")[:-1]
    (card,) = _cards(body)
    assert VCard(_octets(card)).properties


def test_formulas_are_kept_from_spreadsheets_and_read_back(tmp_path: Path) -> None:
    """No cell of the export starts with what a spreadsheet runs as a formula;
    careernet reads the values back as they were, with or without a mapping."""
    path = tmp_path / "people.csv"
    hostile = {
        "name": '=HYPERLINK("http://evil.example","Ann")',
        "company": "@SUM(1+1)",
        "role": "-2+3",
        "phones": ["+1 555 0100"],
        "notes": "'=already quoted",
    }
    with _network([hostile]) as net:
        net.export_contacts(path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    assert not [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@")]
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Ann")'
    for columns in (None, CSV_COLUMNS):
        with careernet.open("memory:", seeker="Me", autoload=False) as again:
            again.import_csv(path, columns=columns)
            (back,) = again.contacts
            got = {k: getattr(back, k) for k in hostile}
            assert got == {**hostile, "phones": ("+1 555 0100",)}


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with careernet.open("memory:", seeker="Me", autoload=False) as net:
        net.add_contact("Ann", at=NOW)
        with pytest.raises(InvalidValueError, match="csv or vcard"):
            net.export_contacts(tmp_path / "x.txt", "xlsx")
    assert not (tmp_path / "x.txt").exists()
    with pytest.raises(InvalidValueError):
        write_contacts([], io.StringIO(), "json")


def test_the_file_is_private_and_replaces_a_link_without_following_it(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("keep me")
    target = tmp_path / "people.csv"
    target.symlink_to(elsewhere)
    with careernet.open("memory:", seeker="Me", autoload=False) as net:
        net.add_contact("Ann", at=NOW)
        net.add_contact("Bob", at=NOW)
        net.archive(net.find("Bob")[0].id, at=NOW)
        assert net.export_contacts(target) == 1
        assert net.export_contacts(tmp_path / "all.csv", archived=True) == 2
        with pytest.raises(FileWriteError):
            net.export_contacts(tmp_path / "missing" / "dir" / "x.csv")
    assert elsewhere.read_text() == "keep me"
    assert not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Ann" in target.read_text()
