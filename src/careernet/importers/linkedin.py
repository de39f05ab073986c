"""LinkedIn's "Connections.csv", as LinkedIn writes it and as people keep it.

The file starts with a few lines of notes (the first begins with
``Notes:``), then the header ``First Name,Last Name,URL,Email Address,
Company,Position,Connected On``, then one row per connection. E-mail
addresses are often empty; dates look like ``05 Mar 2024``.

Older exports have no ``URL`` column (and some no ``Email Address``); a file
opened and saved again in a spreadsheet may use ``;`` or tabs, UTF-16, and
dates such as ``3/5/2024`` or ``05.03.2024``. All of these are read: the
columns by their known names, the delimiter from the header line, and the
order of day and month once per file, from the first date that can only be
read one way (or, failing that, from the delimiter: ``;`` is a European
spreadsheet's, so day first; with a notice). A date that cannot be read
keeps the person, without it, and says so in the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import operator
from collections.abc import Iterator

from careernet.domain import Candidate, Notice, Rejected
from careernet.errors import ImportFileError
from careernet.importers._dates import DayOrder, numeric_order, parse_date
from careernet.importers._files import (
    Lines,
    Source,
    csv_rows,
    pick_delimiter,
    read_file,
)

__all__ = ["HEADER", "HEADERS", "SOURCE", "read_linkedin"]

SOURCE = "linkedin"
HEADER = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
"""The header of LinkedIn's exports since about 2020."""

HEADERS: dict[str, tuple[str, ...]] = {
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "url": ("url", "profile url", "linkedin url", "public profile url", "profile"),
    "email": ("email address", "e-mail address", "email", "e-mail"),
    "company": ("company", "organization", "organisation", "current company"),
    "position": ("position", "title", "job title", "headline"),
    "connected": ("connected on", "connected", "connection date", "date connected"),
}
"""The names each column has gone by, folded (any case, spacing)."""

_SEARCHED = 50
"""How many lines may come before the header (LinkedIn's notes take three)."""

_PENDING = 10_000
"""How many rows wait for the file's day order before it is assumed."""

_CELLS = ("first", "last", "url", "email", "company", "position", "connected")
"""The columns a row is read from, in the order :func:`_connections` takes
them."""

_REMEMBERED = 16_384
"""How many distinct dates a reading remembers what it made of (an export
repeats its dates; a file of distinct ones forgets and starts again)."""

_MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def _folded(cell: str) -> str:
    return " ".join(cell.strip().strip('"').casefold().replace("_", " ").split())


def _columns(header: list[str]) -> dict[str, int]:
    folded = [_folded(cell) for cell in header]
    found: dict[str, int] = {}
    for column, names in HEADERS.items():
        for index, cell in enumerate(folded):
            if cell in names:
                found[column] = index
                break
    return found


def _not_linkedin() -> ImportFileError:
    return ImportFileError(
        "This is not a LinkedIn connections export: no line near the top has "
        "the columns 'First Name' and 'Last Name'. Export 'Connections' from "
        "LinkedIn's 'Get a copy of your data' and import Connections.csv."
    )


def _header(
    lines: Iterator[str], reading: Lines, given: str | None
) -> tuple[int, str, list[str]]:
    """The header's line number, delimiter and cells."""
    for text in lines:
        delimiter = given or pick_delimiter(text)
        try:
            cells = next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
        except csv.Error:
            cells = []
        if {"first", "last"} <= _columns(cells).keys():
            return reading.line, delimiter, cells
        if reading.line >= _SEARCHED:
            break
    raise _not_linkedin()


def _how_met(date: dt.date) -> str:
    month = _MONTH_ABBREVIATIONS[date.month - 1]
    return f"LinkedIn connection since {date.day:02d} {month} {date.year}"


def read_linkedin(
    source: Source, *, delimiter: str | None = None
) -> Iterator[Candidate | Rejected | Notice]:
    """The connections in a LinkedIn export, with bad rows rejected by line
    and remarks (dates, encodings) as notices.

    Args:
        source: A path, or an open text or binary file.
        delimiter: The delimiter; read from the header line by default.

    Raises:
        ImportFileError: The file is not a connections export, is not text,
            or has a quote that is never closed.
    """
    return read_file(source, lambda lines: _connections(lines, delimiter))


def _connections(  # noqa: PLR0912, PLR0915 - one loop, kept inline for speed
    reading: Lines, given: str | None
) -> Iterator[Candidate | Rejected | Notice]:
    lines = iter(reading)
    start, delimiter, header = _header(lines, reading, given)
    columns = _columns(header)
    width = len(header)
    # Each row is padded to the header's width plus one empty cell, which a
    # column the file lacks reads: one look-up gives every cell, empty where
    # the row is short (cells past the header's width are not read).
    pick = operator.itemgetter(*(columns.get(name, width) for name in _CELLS))
    blank = [""] * width
    order: DayOrder | None = None
    pending: list[tuple[int, list[str]]] = []
    how_met: dict[str, str | None] = {}
    undecided: dict[str, tuple[DayOrder | None, bool]] = {}

    def person(line: int, row: list[str]) -> _Read:
        """What one row gives: a candidate, perhaps after a notice about its
        date, or its rejection."""
        first, last, url, email, company, position, connected = pick(row)
        name = f"{first.strip()} {last.strip()}".strip()
        if not name:
            return Rejected(line=line, reason="no first or last name")
        connected = connected.strip()
        since = None
        if connected:
            if connected not in how_met:
                if len(how_met) >= _REMEMBERED:
                    how_met.clear()
                date = parse_date(connected, order)
                how_met[connected] = _how_met(date) if date else None
            since = how_met[connected]
        email, url = email.strip(), url.strip()
        candidate = Candidate(
            name=name,
            source=SOURCE,
            line=line,
            company=company.strip(),
            role=position.strip(),
            emails=(email,) if email else (),
            links=(url,) if url else (),
            how_met=since,
        )
        if since is None and connected:
            unreadable = Notice(
                line=line,
                message=f"unreadable date {connected!r} in Connected On; "
                f"{name} was imported without it",
            )
            return (unreadable, candidate)
        return candidate

    connected_at = columns.get("connected")
    for line, cells in csv_rows(
        lines, first=start + 1, delimiter=delimiter, width=width
    ):
        if reading.notices:
            yield from reading.take_notices()
        row = cells if len(cells) == width else (cells + blank)[:width]
        row.append("")
        if order is None and connected_at is not None:
            text = row[connected_at]
            known = undecided.get(text)
            if known is None:
                if len(undecided) >= _REMEMBERED:
                    undecided.clear()
                found = numeric_order(text)
                # Only a date with a slash or a dash can read both ways.
                maybe = found is None and ("/" in text or "-" in text)
                known = undecided[text] = (found, maybe and _ambiguous(text))
            order, waiting = known
            if waiting:
                pending.append((line, row))
                if len(pending) < _PENDING:
                    continue
                order = _assumed(delimiter)
                yield _assumption(pending[0][0], order)
            if order is not None:
                for held in pending:
                    yield from _items(person(*held))
                pending.clear()
                if waiting:
                    continue
        read = person(line, row)
        if type(read) is tuple:
            yield from read
        else:
            yield read  # type: ignore[misc]
    if reading.notices:
        yield from reading.take_notices()
    if pending:
        order = _assumed(delimiter)
        yield _assumption(pending[0][0], order)
        for held in pending:
            yield from _items(person(*held))


_Read = Candidate | Rejected | tuple[Notice, Candidate]
"""What a row gives: a candidate, its rejection, or a notice and a candidate."""


def _items(read: _Read) -> tuple[Candidate | Rejected | Notice, ...]:
    return read if type(read) is tuple else (read,)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _ambiguous(text: str) -> bool:
    """Whether ``text`` is a date that reads both ways (asked of every row
    until a date tells the order, and an export repeats its dates)."""
    try:
        parse_date(text, None)
    except LookupError:
        return True
    return False


def _assumed(delimiter: str) -> DayOrder:
    return DayOrder.DAY_FIRST if delimiter == ";" else DayOrder.MONTH_FIRST


def _assumption(line: int, order: DayOrder) -> Notice:
    example = (
        "03/05/2024 is 3 May"
        if order is DayOrder.DAY_FIRST
        else ("03/05/2024 is 5 March")
    )
    return Notice(
        line=line,
        message=f"no date in the file tells whether the day or the month comes "
        f"first; read {order.value} ({example}), as a file separated by "
        f"{'semicolons' if order is DayOrder.DAY_FIRST else 'commas'} usually is",
    )
