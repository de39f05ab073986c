"""Importing history: meetings, exchanges and thank-yous from a spreadsheet.

Realistic files in tests/data/imports (a tracker saved as CSV, a German
Excel re-save with ``;`` and a BOM, a US "Unicode text" file in UTF-16 with
tabs), each with its exact report; the matching rules shared with the
contact import; idempotence and "no row is lost" as properties; hostile
values (U+2028 in a note, year 9999, a daylight-saving gap, a 10 MB cell).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careernet
from careernet import (
    ImportFileError,
    InteractionKind,
    LedgerKind,
    MeetingKind,
    MeetingStatus,
    Network,
    Ring,
    Store,
)
from careernet.domain import (
    HistoryRow,
    Interaction,
    LedgerEntry,
    Meeting,
    Notice,
    Rejected,
    Seeker,
    Unmatched,
    import_history,
)
from careernet.domain.history import KINDS, kind_of, record_id
from careernet.importers import read_history
from tests.builders import Clock, counter

DATA = Path(__file__).parent / "data" / "imports"
START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
BERLIN = careernet.domain.zones.zone("Europe/Berlin")
NEW_YORK = careernet.domain.zones.zone("America/New_York")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    location = "memory:" if request.param == "memory" else str(tmp_path / "c.db")
    with careernet.open_store(
        location, clock=Clock(START), ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def net(store: Store) -> Network:
    """Robin's network: the people the files talk about."""
    network = store.create("robin", Seeker(name="Robin", company="Acme"))
    network.add_contact("Ken Watanabe", company="Globex", emails=["ken@globex.example"])
    network.add_contact("Lena Fischer", company="Globex")
    network.add_contact("María Gómez")
    network.add_contact("David Smith", company="IBM")
    network.add_contact("David Smith", company="Initech")
    network.add_contact("Jürgen Groß", company="Initech")
    network.add_contact(
        "Ingrid Solberg", emails=["ingrid@nordlys.example"], company="Nordlys"
    )
    return network


def _id(net: Network, name: str) -> str:
    [contact] = [c for c in net.contacts if c.name == name]
    return contact.id


def _lines(report: careernet.domain.HistoryReport) -> dict[str, list[int | None]]:
    return {
        "added": [i.line for i in report.added],
        "already": list(report.already_there),
        "unmatched": [u.line for u in report.unmatched],
        "rejected": [r.line for r in report.rejected],
    }


# -- realistic files, exact reports ------------------------------------------------


class TestTracker:
    """history.csv: a tracker kept in a spreadsheet, ISO and US dates mixed."""

    def test_the_report_row_by_row(self, net: Network) -> None:
        report = net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        assert report.summary() == (
            "7 added, 0 already there, 2 unmatched, 2 rejected, 1 notices"
        )
        assert report.rows == 11
        assert [(i.line, i.contact_name) for i in report.added] == [
            (2, "Ken Watanabe"),
            (3, "Lena Fischer"),
            (4, "María Gómez"),
            (5, "María Gómez"),
            (8, "Ken Watanabe"),
            (10, "Ken Watanabe"),
            (12, "Lena Fischer"),
        ]
        assert report.unmatched == (
            Unmatched(
                line=6,
                person="Nobody Known",
                reason="no contact matches; add them first, or let the import "
                "create them (--create-contacts, or create_contacts=True)",
            ),
            Unmatched(
                line=7,
                person="David Smith",
                reason="could be any of 2 contacts: David Smith (IBM), David Smith "
                "(Initech); add an e-mail address or a company to the row",
                candidates=(
                    net.contacts[3].id,
                    net.contacts[4].id,
                ),
            ),
        )
        assert report.rejected == (
            Rejected(line=9, reason="no date"),
            Rejected(
                line=11,
                reason="'E-mail' dated 2027-06-02, in the future: only meetings "
                "can be ahead",
            ),
        )
        assert report.notices == (
            Notice(
                line=12,
                message="the kind 'Poke' is not one careernet knows; recorded as a "
                "message",
            ),
        )

    def test_each_kind_becomes_its_record(self, net: Network) -> None:
        report = net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        kinds = [(i.line, type(i.record).__name__, i.record.kind) for i in report.added]
        assert kinds == [
            (2, "Meeting", MeetingKind.COFFEE),
            (3, "Interaction", InteractionKind.MESSAGE),
            (4, "Meeting", MeetingKind.CALL),
            (5, "LedgerEntry", LedgerKind.THANKS),
            (8, "Interaction", InteractionKind.INTRODUCED),
            (10, "Meeting", MeetingKind.VIDEO),
            (12, "Interaction", InteractionKind.MESSAGE),
        ]

    def test_past_meetings_are_held_and_future_ones_scheduled(
        self, net: Network
    ) -> None:
        report = net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        held, call, ahead = report.meetings
        assert (held.status, call.status) == (MeetingStatus.HELD, MeetingStatus.HELD)
        assert held.scheduled_at == dt.datetime(2024, 1, 15, 12, tzinfo=BERLIN)
        assert held.purpose == "Talked about the data platform team"
        assert held.notes == "Talked about the data platform team"
        assert call.scheduled_at == dt.datetime(2024, 2, 3, 14, 30, tzinfo=BERLIN)
        assert ahead.status is MeetingStatus.SCHEDULED
        assert ahead.scheduled_at == dt.datetime(2027, 6, 1, 10, tzinfo=BERLIN)
        assert ahead in net.meetings

    def test_a_row_named_by_e_mail_alone_is_that_contact(self, net: Network) -> None:
        report = net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        [intro] = [i for i in report.added if i.line == 8]
        assert intro.contact_id == _id(net, "Ken Watanabe")

    def test_the_same_file_again_adds_nothing(self, net: Network) -> None:
        net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        version = net.version
        again = net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        assert again.summary() == (
            "0 added, 7 already there, 2 unmatched, 2 rejected, 1 notices"
        )
        assert again.already_there == (2, 3, 4, 5, 8, 10, 12)
        assert net.version == version

    def test_it_is_one_commit(self, net: Network) -> None:
        version = net.version
        net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        assert net.version == version + 1

    def test_the_import_counts_as_the_last_touch(self, net: Network) -> None:
        net.import_history(DATA / "history.csv", timezone="Europe/Berlin")
        lena = _id(net, "Lena Fischer")
        assert net.state.last_touch(lena) == dt.datetime(2024, 2, 12, 12, tzinfo=BERLIN)


class TestGermanExcel:
    """history-excel-de.csv: ``;``, a BOM, day-first dates, German words."""

    def test_the_report(self, net: Network) -> None:
        report = net.import_history(
            DATA / "history-excel-de.csv", timezone="Europe/Berlin"
        )
        assert report.summary() == (
            "5 added, 0 already there, 0 unmatched, 0 rejected, 1 notices"
        )
        assert [
            (i.line, i.contact_name, i.record.kind, getattr(i.record, "status", None))
            for i in report.added
        ] == [
            (2, "Jürgen Groß", MeetingKind.COFFEE, MeetingStatus.HELD),
            (3, "Ingrid Solberg", InteractionKind.MESSAGE, None),
            (4, "Ingrid Solberg", LedgerKind.THANKS, None),
            (5, "Jürgen Groß", MeetingKind.CALL, MeetingStatus.HELD),
            (6, "Jürgen Groß", MeetingKind.COFFEE, MeetingStatus.SCHEDULED),
        ]
        first = report.meetings[0]
        assert first.scheduled_at == dt.datetime(2024, 3, 5, 14, 30, tzinfo=BERLIN)
        assert first.notes == "Über das Datenteam; sehr offen"

    def test_a_time_in_the_spring_gap_moves_past_it_with_a_notice(
        self, net: Network
    ) -> None:
        report = net.import_history(
            DATA / "history-excel-de.csv", timezone="Europe/Berlin"
        )
        assert report.notices == (
            Notice(
                line=5,
                message="2024-03-31 02:30 does not exist in Europe/Berlin (the "
                "clocks change then); read as 03:30",
            ),
        )
        call = report.meetings[1]
        assert call.scheduled_at == dt.datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN)
        assert call.scheduled_at.utcoffset() == dt.timedelta(hours=2)


class TestUnicodeText:
    """history-us.txt: Excel's "Unicode text": UTF-16, tabs, US dates."""

    def test_the_report(self, net: Network) -> None:
        report = net.import_history(
            DATA / "history-us.txt", timezone="America/New_York"
        )
        assert report.summary() == ("2 added, 0 already there, 2 unmatched, 0 rejected")
        coffee, thanks = report.added
        assert (coffee.line, coffee.contact_name) == (2, "Ken Watanabe")
        assert isinstance(coffee.record, Meeting)
        assert coffee.record.scheduled_at == dt.datetime(
            2024, 3, 5, 14, 30, tzinfo=NEW_YORK
        )
        assert (thanks.line, thanks.contact_name) == (3, "Lena Fischer")
        assert thanks.record == LedgerEntry(
            id=thanks.record.id,
            contact_id=_id(net, "Lena Fischer"),
            kind=LedgerKind.THANKS,
            at=dt.datetime(2024, 3, 14, 12, tzinfo=NEW_YORK),
            what="For the referral",
        )

    def test_a_conflicting_e_mail_vetoes_the_name(self, net: Network) -> None:
        report = net.import_history(
            DATA / "history-us.txt", timezone="America/New_York"
        )
        assert report.unmatched[0] == Unmatched(
            line=4,
            person="Ken Watanabe",
            reason="may be Ken Watanabe, who has another e-mail address or profile "
            "link; not guessed",
            candidates=(_id(net, "Ken Watanabe"),),
        )

    def test_create_contacts_adds_the_unknown_person_once(self, net: Network) -> None:
        report = net.import_history(
            DATA / "history-us.txt", timezone="America/New_York", create_contacts=True
        )
        assert [c.name for c in report.created] == ["Priya Natarajan"]
        [priya] = report.created
        assert (priya.ring, priya.sources) == (Ring.COLD, frozenset({"history"}))
        assert priya in net.contacts
        assert [i.contact_name for i in report.added] == [
            "Ken Watanabe",
            "Lena Fischer",
            "Priya Natarajan",
        ]
        # The veto stands: a conflicting address is not a new person either.
        assert [u.line for u in report.unmatched] == [4]
        again = net.import_history(
            DATA / "history-us.txt", timezone="America/New_York", create_contacts=True
        )
        assert (again.created, again.already_there) == ((), (2, 3, 5))


# -- matching --------------------------------------------------------------------


def _rows(*rows: HistoryRow) -> list[HistoryRow]:
    return list(rows)


def _row(line: int, **fields: object) -> HistoryRow:
    fields.setdefault("at", dt.datetime(2025, 5, 6, 10, tzinfo=dt.UTC))
    return HistoryRow(line=line, **fields)  # type: ignore[arg-type]


class TestMatching:
    def test_an_e_mail_a_contact_holds_wins_over_the_name(self, net: Network) -> None:
        _, report = import_history(
            net.state,
            [_row(2, name="K. Watanabe", emails=("KEN@globex.example",), kind="call")],
            now=START,
            new_id=counter("n"),
        )
        assert [i.contact_id for i in report.added] == [_id(net, "Ken Watanabe")]

    def test_a_company_tells_namesakes_apart(self, net: Network) -> None:
        _, report = import_history(
            net.state,
            [_row(2, name="david smith", company="Initech Inc.", kind="coffee")],
            now=START,
            new_id=counter("n"),
        )
        [david] = [
            c for c in net.contacts if c.company == "Initech" and "Dav" in c.name
        ]
        assert [i.contact_id for i in report.added] == [david.id]

    def test_names_match_without_accents_case_or_punctuation(
        self, net: Network
    ) -> None:
        _, report = import_history(
            net.state,
            [_row(2, name="MARIA GOMEZ", kind="coffee"), _row(3, name="jurgen gross")],
            now=START,
            new_id=counter("n"),
        )
        assert [i.contact_name for i in report.added] == ["María Gómez", "Jürgen Groß"]

    def test_a_row_that_names_nobody_is_rejected(self, net: Network) -> None:
        _, report = import_history(
            net.state, [_row(2, kind="coffee")], now=START, new_id=counter("n")
        )
        assert report.rejected == (Rejected(line=2, reason="no person named"),)

    def test_without_create_nobody_is_added(self, net: Network) -> None:
        change, report = import_history(
            net.state, [_row(2, name="Zoe Unknown")], now=START, new_id=counter("n")
        )
        assert change.records == ()
        assert [u.person for u in report.unmatched] == ["Zoe Unknown"]

    def test_the_record_id_depends_on_person_moment_kind_and_note(self) -> None:
        at = dt.datetime(2025, 5, 6, 10, tzinfo=BERLIN)
        same = record_id("c1", at.astimezone(dt.UTC), MeetingKind.COFFEE, "x")
        assert record_id("c1", at, MeetingKind.COFFEE, "x") == same
        others = {
            record_id("c2", at, MeetingKind.COFFEE, "x"),
            record_id("c1", at + dt.timedelta(minutes=1), MeetingKind.COFFEE, "x"),
            record_id("c1", at, MeetingKind.CALL, "x"),
            record_id("c1", at, MeetingKind.COFFEE, "y"),
        }
        assert same not in others
        assert len(others) == 4


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Coffee", MeetingKind.COFFEE),
        ("coffees", MeetingKind.COFFEE),
        ("1:1", MeetingKind.COFFEE),
        ("Meeting", MeetingKind.COFFEE),
        ("phone call", MeetingKind.CALL),
        ("Zoom", MeetingKind.VIDEO),
        ("Video-Call", MeetingKind.VIDEO),
        ("Lunch", MeetingKind.LUNCH),
        ("Conference", MeetingKind.EVENT),
        ("E-mail", InteractionKind.MESSAGE),
        ("EMAILS", InteractionKind.MESSAGE),
        ("LinkedIn message", InteractionKind.MESSAGE),
        ("reached out", InteractionKind.OUTREACH),
        ("Follow-up", InteractionKind.NUDGE),
        ("declined", InteractionKind.DECLINE),
        ("Intro", InteractionKind.INTRODUCED),
        ("Thank-you", LedgerKind.THANKS),
        ("thank you note", LedgerKind.THANKS),
        ("Danke", LedgerKind.THANKS),
        ("Kaffee", MeetingKind.COFFEE),
        ("gave", LedgerKind.GIVE),
        ("asked", LedgerKind.ASK),
        ("poke", None),
    ],
)
def test_kinds_are_read_forgivingly(text: str, kind: object) -> None:
    assert kind_of(text) == kind


def test_every_listed_kind_reads_as_itself() -> None:
    for name, kind in KINDS.items():
        assert kind_of(name) == kind, name


# -- hostile values --------------------------------------------------------------


def _file(tmp_path: Path, text: str, name: str = "h.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_line_separator_in_a_note_is_kept_and_the_calendar_stays_whole(
    net: Network, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "Date,Name,Kind,Note\n"
        '2027-01-05 10:00,Ken Watanabe,coffee,"Ask\u2028RRULE:FREQ=DAILY"\n'
        '2025-01-05,Ken Watanabe,e-mail,"a\u2029b"\n',
    )
    report = net.import_history(path)
    assert [
        i.record.notes if isinstance(i.record, Meeting) else i.record.note
        for i in report.added
        if not isinstance(i.record, LedgerEntry)
    ] == ["Ask\u2028RRULE:FREQ=DAILY", "a\u2029b"]
    meeting = report.meetings[0]
    assert meeting.purpose == "Ask"  # the note's first line
    body = net.export_ics().decode()
    assert "\u2028" not in body
    assert not [line for line in body.splitlines() if line.startswith("RRULE")]


def test_year_9999_is_refused_by_line_and_the_rest_imported(
    net: Network, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "Date,Name,Kind\n"
        "9999-12-31 23:30,Ken Watanabe,coffee\n"
        "31/12/9999,Ken Watanabe,coffee\n"
        "1850-01-01,Ken Watanabe,e-mail\n"
        "2025-02-01,Ken Watanabe,e-mail\n",
    )
    report = net.import_history(path, timezone="America/New_York")
    assert [i.line for i in report.added] == [5]
    assert [r.line for r in report.rejected] == [2, 3, 4]
    assert [r.reason for r in report.rejected] == [
        "the date '9999-12-31 23:30' is outside what careernet keeps (1900 to 2199)",
        "the date '31/12/9999' is outside what careernet keeps (1900 to 2199)",
        "the date 1850-01-01 is outside what careernet keeps (1900 to 2199)",
    ]


def test_a_ten_megabyte_note_is_an_import_file_error_naming_the_line(
    net: Network, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "Date,Name,Note\n2025-01-01,Ken Watanabe,ok\n"
        f'2025-01-02,Ken Watanabe,"{"x" * 10_000_000}"\n',
        encoding="utf-8",
    )
    version = net.version
    with pytest.raises(ImportFileError) as caught:
        net.import_history(path)
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert net.version == version


def test_a_note_over_lines_longer_than_a_cell_is_refused(
    net: Network, tmp_path: Path
) -> None:
    note = "\n".join(["y" * 100_000] * 3)
    path = _file(tmp_path, f'Date,Name,Note\n2025-01-02,Ken Watanabe,"{note}"\n')
    with pytest.raises(ImportFileError) as caught:
        net.import_history(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}: Line 2 starts a cell")


def test_an_unclosed_quote_names_the_file_and_line(
    net: Network, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        'Date,Name,Kind,Note\n2025-01-01,Ken Watanabe,coffee,"Open\n'
        "2025-01-02,Lena Fischer,call,fine\n2025-01-03,Lena Fischer,call,fine\n",
    )
    with pytest.raises(ImportFileError) as caught:
        net.import_history(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_a_file_without_a_date_column_says_how_to_map_one(
    net: Network, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Wann,Name\n2025-01-01,Ken\n")
    with pytest.raises(ImportFileError, match="No column holds the date"):
        net.import_history(path)
    report = net.import_history(path, columns={"date": "Wann"})
    assert [i.contact_name for i in report.added] == []
    assert [u.person for u in report.unmatched] == ["Ken"]


def test_an_unknown_field_in_the_mapping_is_refused(net: Network) -> None:
    with pytest.raises(careernet.InvalidValueError, match=r"Unknown fields.*when"):
        net.import_history(DATA / "history.csv", columns={"when": "Date"})


def test_dry_run_writes_nothing(net: Network) -> None:
    version = net.version
    report = net.import_history(DATA / "history.csv", dry_run=True)
    assert report.dry_run
    assert len(report.added) == 7
    assert net.version == version
    assert net.meetings == []


# -- properties ------------------------------------------------------------------

NAMES = ["Ken Watanabe", "Lena Fischer", "María Gómez", "David Smith", "Zoe Unknown"]
KIND_WORDS = ["coffee", "call", "e-mail", "thank-you", "intro", "", "poke", "lunch"]


@st.composite
def _history(draw: st.DrawFn) -> str:
    rows = draw(
        st.lists(
            st.tuples(
                st.dates(dt.date(1890, 1, 1), dt.date(2210, 1, 1)),
                st.integers(0, 23),
                st.sampled_from(["", *NAMES]),
                st.sampled_from(["", "ken@globex.example", "other@x.example"]),
                st.sampled_from(KIND_WORDS),
                st.text(
                    st.characters(
                        exclude_categories=("Cc", "Cs"), exclude_characters='"'
                    ),
                    max_size=20,
                ),
            ),
            max_size=25,
        )
    )
    out = io.StringIO()
    out.write("Date,Name,Email,Kind,Note\n")
    for day, hour, name, email, kind, note in rows:
        out.write(f'{day.isoformat()} {hour:02d}:00,{name},{email},{kind},"{note}"\n')
    return out.getvalue()


_PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _open() -> Network:
    store = careernet.open_store(
        "memory:", clock=Clock(START), ids=counter(), autoload=False
    )
    network = store.create("robin", Seeker(name="Robin"))
    network.add_contact("Ken Watanabe", emails=["ken@globex.example"])
    network.add_contact("Lena Fischer")
    network.add_contact("María Gómez")
    network.add_contact("David Smith", company="IBM")
    network.add_contact("David Smith", company="Initech")
    return network


@_PROPERTY
@given(text=_history(), create=st.booleans())
def test_every_row_is_added_already_there_unmatched_or_rejected(
    text: str, create: bool
) -> None:
    network = _open()
    report = network.import_history(io.BytesIO(text.encode()), create_contacts=create)
    rows = text.count("\n") - 1
    assert report.rows == rows
    lines = _lines(report)
    every = [line or 0 for found in lines.values() for line in found]
    assert sorted(every) == list(range(2, rows + 2))  # each row once, none lost


@_PROPERTY
@given(text=_history(), create=st.booleans())
def test_importing_history_again_adds_nothing(text: str, create: bool) -> None:
    network = _open()
    first = network.import_history(io.BytesIO(text.encode()), create_contacts=create)
    before = (network.version, list(network.state.records()))
    again = network.import_history(io.BytesIO(text.encode()), create_contacts=create)
    assert again.added == ()
    assert again.created == ()
    assert sorted(line or 0 for line in again.already_there) == sorted(
        [i.line or 0 for i in first.added] + [line or 0 for line in first.already_there]
    )
    assert (network.version, list(network.state.records())) == before


@_PROPERTY
@given(text=_history())
def test_reading_gives_one_row_or_rejection_per_line(text: str) -> None:
    rows = [r for r in read_history(io.StringIO(text)) if not isinstance(r, Notice)]
    assert sorted(r.line or 0 for r in rows) == list(range(2, text.count("\n") + 1))
    for row in rows:
        if isinstance(row, HistoryRow):
            assert row.at.tzinfo is not None


def test_records_are_of_the_three_kinds(net: Network) -> None:
    report = net.import_history(DATA / "history.csv")
    assert {type(i.record) for i in report.added} == {Meeting, Interaction, LedgerEntry}
