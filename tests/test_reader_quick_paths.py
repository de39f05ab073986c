"""The LinkedIn reader's quick loop reads every file as the loop it replaced.

:func:`careernet.importers.linkedin.read_linkedin` takes each row's cells
with one look-up (the row padded to the header's width), answers a row
with a plain call instead of a generator of its own, remembers what it made
of each distinct date (and of each date that could not tell the day order)
and skips the blank-row test after a first cell that is not blank. The
reader as it was before (its row loop and :func:`csv_rows` as they were)
is kept below; on generated exports, with every header variant, delimiter,
date form, short, long and blank rows, it gives exactly what the reader
gives: the same candidates, rejections and notices in the same order, or
the same error. Underneath, :class:`careernet.importers._files.Lines`
decodes a plain UTF-8 file a block at a time; whatever the bytes and
wherever the blocks end, it gives the same lines, line numbers, notices and
errors as reading every line on its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from careernet.domain import Candidate, Notice, Rejected
from careernet.errors import ImportFileError
from careernet.importers import _files, linkedin, read_linkedin
from careernet.importers._dates import DayOrder, numeric_order, parse_date
from careernet.importers._files import Lines, read_file

# -- the reader as it was ------------------------------------------------------


def csv_rows_as_they_were(
    lines: Iterator[str], *, first: int, delimiter: str, width: int
) -> Iterator[tuple[int, list[str]]]:
    counted = _files._Counted(lines, first)
    reader = csv.reader(counted, delimiter=delimiter)
    while True:
        counted.begin()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                f"Line {counted.start} starts a cell that does not end: {error}. "
                "A quote opened there is probably never closed; close it (or "
                "remove it) and import again.",
                line=counted.start,
            ) from None
        if counted.line > counted.start:
            if counted.quotes % 2:
                raise _files._unclosed(counted.start, counted.line)
            for cell in row:
                if "\n" in cell and width > 2:
                    inner = cell.split("\n")[1:]
                    if any(part.count(delimiter) >= width - 1 for part in inner):
                        raise _files._unclosed(counted.start, counted.line)
        if row and any(cell.strip() for cell in row):
            yield counted.start, row


def connections_as_they_were(
    reading: Lines, given: str | None
) -> Iterator[Candidate | Rejected | Notice]:
    lines = iter(reading)
    start, delimiter, header = linkedin._header(lines, reading, given)
    columns = linkedin._columns(header)
    width = len(header)
    order: DayOrder | None = None
    pending: list[tuple[int, list[str]]] = []
    how_met: dict[str, str | None] = {}

    def person(line: int, row: list[str]) -> Iterator[Candidate | Rejected | Notice]:
        length = len(row)

        def cell(column: str) -> str:
            index = columns.get(column, length)
            return row[index].strip() if index < length else ""

        name = f"{cell('first')} {cell('last')}".strip()
        if not name:
            yield Rejected(line=line, reason="no first or last name")
            return
        connected = cell("connected")
        since = None
        if connected:
            if connected not in how_met:
                date = parse_date(connected, order)
                how_met[connected] = linkedin._how_met(date) if date else None
            since = how_met[connected]
            if since is None:
                yield Notice(
                    line=line,
                    message=f"unreadable date {connected!r} in Connected On; "
                    f"{name} was imported without it",
                )
        email, url = cell("email"), cell("url")
        yield Candidate(
            name=name,
            source=linkedin.SOURCE,
            line=line,
            company=cell("company"),
            role=cell("position"),
            emails=(email,) if email else (),
            links=(url,) if url else (),
            how_met=since,
        )

    connected_at = columns.get("connected")
    for line, row in csv_rows_as_they_were(
        lines, first=start + 1, delimiter=delimiter, width=width
    ):
        yield from reading.take_notices()
        if order is None and connected_at is not None:
            text = row[connected_at] if connected_at < len(row) else ""
            order = numeric_order(text)
            waiting = order is None and linkedin._ambiguous(text)
            if waiting:
                pending.append((line, row))
                if len(pending) < linkedin._PENDING:
                    continue
                order = linkedin._assumed(delimiter)
                yield linkedin._assumption(pending[0][0], order)
            if order is not None:
                for held in pending:
                    yield from person(*held)
                pending.clear()
                if waiting:
                    continue
        yield from person(line, row)
    yield from reading.take_notices()
    if pending:
        order = linkedin._assumed(delimiter)
        yield linkedin._assumption(pending[0][0], order)
        for held in pending:
            yield from person(*held)


def read_as_it_was(source: Any, delimiter: str | None) -> Iterator[Any]:
    return read_file(source, lambda lines: connections_as_they_were(lines, delimiter))


# -- generated exports ---------------------------------------------------------

HEADINGS = {
    "first": ["First Name", "first_name", "FIRSTNAME", " Given Name "],
    "last": ["Last Name", "Surname", "family name"],
    "url": ["URL", "Profile URL", "linkedin url"],
    "email": ["Email Address", "E-mail", "email"],
    "company": ["Company", "Organisation"],
    "position": ["Position", "Job Title"],
    "connected": ["Connected On", "connection date"],
}
DATES = st.sampled_from(
    [
        "05 Mar 2024",
        " 05 Mar 2024 ",
        "5-Mar-24",
        "March 5, 2024",
        "2024-03-05",
        "3/5/2024",
        "03/05/2024",
        "13/05/2024",
        "05/13/2024",
        "05.03.2024",
        "4/4/2024",
        "31/02/2024",
        "someday",
        "",
        " ",
        "12-11-10",
    ]
) | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)).map(
    lambda d: d.strftime(
        ["%d %b %Y", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"][d.day % 5]
    )
)
CELLS = st.sampled_from(
    ["", " ", "Ann", " Ben ", "Zoë", "Ann\nLee", 'say "hi"', "a,b", "a;b", "\u2028"]
) | st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=8
)


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, str | None]:
    """A connections export: notes perhaps, a header with any of the known
    headings in any order, rows of any length, and the delimiter to give (or
    ``None`` to let the reader find it)."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    kept = draw(st.lists(st.sampled_from(sorted(HEADINGS)), unique=True, min_size=2))
    if draw(st.booleans()):
        kept = sorted({"first", "last", *kept})
    header = [draw(st.sampled_from(HEADINGS[k])) for k in kept]
    if draw(st.booleans()):
        header.append("Extra")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if draw(st.booleans()):
        out.write(linkedin_notes())
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 9)) == 0:
            out.write(draw(st.sampled_from(["\n", delimiter * 3 + "\n", " \n"])))
            continue
        row = [
            draw(DATES) if name == "connected" else draw(CELLS)
            for name in kept + (["extra"] if len(header) > len(kept) else [])
        ]
        cut = draw(st.integers(-2, 1))
        if cut < 0:
            row = row[:cut]
        elif cut > 0:
            row.append(draw(CELLS))
        writer.writerow(row)
    given = draw(st.none() | st.just(delimiter))
    return out.getvalue(), given


def linkedin_notes() -> str:
    return 'Notes:\n"When exporting your connection data, you may notice"\n\n'


def outcome(read: Callable[[], Iterator[Any]]) -> Any:
    try:
        return list(read())
    except Exception as error:
        return type(error), str(error)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(exports(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
@example(("First Name,Last Name,Connected On\nAnn,Lee,3/4/2024\n", None), "utf-8")
@example(("First Name,Last Name\nAnn,Lee\n,\nBen", ","), "utf-8")
@example(('First Name,Last Name\n"Ann,Lee\nBen,Ray\n', None), "utf-8")
def test_the_reader_reads_every_export_as_it_did(
    export: tuple[str, str | None], encoding: str
) -> None:
    text, delimiter = export
    data = text.encode(encoding, errors="replace")
    quick = outcome(lambda: read_linkedin(io.BytesIO(data), delimiter=delimiter))
    full = outcome(lambda: read_as_it_was(io.BytesIO(data), delimiter))
    assert quick == full


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(exports(), st.integers(1, 3), st.integers(1, 3))
def test_rows_held_back_and_dates_forgotten_change_nothing(
    export: tuple[str, str | None], pending: int, remembered: int
) -> None:
    """With few rows held back for the day order and few dates remembered,
    the paths that release the rows and forget the dates are taken."""
    text, delimiter = export
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linkedin, "_PENDING", pending)
        patch.setattr(linkedin, "_REMEMBERED", remembered)
        quick = outcome(lambda: read_linkedin(io.StringIO(text), delimiter=delimiter))
        full = outcome(lambda: read_as_it_was(io.StringIO(text), delimiter))
    assert quick == full


# -- UTF-8 files decoded a block at a time ---------------------------------------

PIECES = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b"a",
        b"Ann,Lee",
        b'"',
        b",",
        b"\xc3\xa9",  # é
        b"\xe2\x80\xa8",  # U+2028
        b"\xe9",  # Windows-1252 é: not UTF-8
        b"\xc3",  # half a character
        b"\x00",
        b"\x07",
        b"\xef\xbb\xbf",
        b"x" * 20,
    ]
)


def lines_read(data: bytes, *, careful: bool) -> list[Any]:
    """Each line with the line number and the notices at that point, then
    the error, if any; ``careful`` reads every line on its own."""
    reading = Lines(io.BytesIO(data))
    seen: list[Any] = []
    with pytest.MonkeyPatch.context() as patch:
        if careful:
            patch.setattr(Lines, "_utf8", Lines._utf8_lines)
        try:
            for line in reading:
                seen.append((line, reading.line, reading.take_notices()))
        except ImportFileError as error:
            seen.append((type(error), str(error), error.line))
    seen.append((reading.line, reading.take_notices(), reading.encoding))
    return seen


HEAD = b"Ann,Lee\n" * 520
"""Over 4 KiB of plain lines: what follows is past the first kilobytes that
are checked whole (a zero byte there refuses the file before any line)."""


@settings(max_examples=600)
@given(
    st.lists(PIECES, max_size=40).map(b"".join),
    st.booleans(),
    st.integers(1, 12) | st.just(64 * 1024),
    st.sampled_from([8, 16, 4 * 1024 * 1024]),
)
@example(b"a\nb", False, 1, 4 * 1024 * 1024)
@example("Zoë\n".encode() * 3 + b"caf\xe9\n" + b"ok\n", False, 4, 4 * 1024 * 1024)
@example(b"Ben,\x00Ray\nx\n", True, 64 * 1024, 4 * 1024 * 1024)
@example(b"y" * 40 + b"\n", True, 1, 16)
@example(b"Ben\x00", True, 64 * 1024, 4 * 1024 * 1024)
@example(b"Ben\xe9", True, 5, 4 * 1024 * 1024)
def test_a_utf8_file_decoded_by_blocks_reads_as_line_by_line(
    data: bytes, headed: bool, block: int, longest: int
) -> None:
    """Lines, their numbers, the notices for bytes that are not UTF-8 and
    the errors for zero bytes and overlong lines, block boundaries anywhere
    (in the middle of a character, of a line ending, of a long line)."""
    if headed:
        data = HEAD + data
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_files, "_BLOCK", block)
        patch.setattr(_files, "LONGEST_LINE", longest)
        assert lines_read(data, careful=False) == lines_read(data, careful=True)
