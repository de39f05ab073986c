"""A spreadsheet of past (and planned) meetings and exchanges: the tracker a
seeker kept before careernet.

One row per event: when (``Date``, with or without a time; or a ``Time``
column of its own), who (``Name``, or ``First name`` and ``Last name``, and
perhaps ``E-mail``, ``Profile`` and ``Company``), what (``Kind``: coffee,
call, e-mail, intro, thank-you... see
:data:`careernet.domain.history.KINDS`) and a ``Note``. The columns are
found by their usual names (:data:`HEADERS`, in any case), or mapped with
``columns={"date": "Wann", "name": ["Vorname", "Nachname"]}``; a person
column holding an e-mail address or a profile link is read as one.

Read like every export (see :mod:`careernet.importers._files`): UTF-8 with
or without a byte-order mark, UTF-16 and UTF-32 with one, ``,`` ``;`` tab or
``|`` (from the header line unless given). Dates as spreadsheets write them
(ISO, ``3/5/2024``, ``05.03.2024``, ``5 Mar 2024``), the order of day and
month decided once per file as for LinkedIn's exports; a time as
``14:30`` or ``2:30 PM``. A moment without an offset is a wall-clock time in
``timezone``; one that does not exist there (in a daylight-saving gap) is
moved past the gap, with a notice; a date without a time is noon. A row whose
date cannot be read is rejected by line, and the others are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from careernet.domain import InvalidValueError, Notice, Rejected
from careernet.domain.history import HistoryRow
from careernet.domain.model import MEETINGS_FROM, MEETINGS_UNTIL
from careernet.domain.orgs import fold
from careernet.errors import ImportFileError
from careernet.importers._dates import DayOrder, numeric_order, parse_date
from careernet.importers._files import (
    Lines,
    Source,
    check_delimiter,
    csv_rows,
    pick_delimiter,
    read_file,
)

__all__ = ["FIELDS", "HEADERS", "read_history"]

HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "date": (
        "date",
        "when",
        "day",
        "date time",
        "datetime",
        "timestamp",
        "on",
        "met on",
        "date met",
        "contact date",
        "datum",
    ),
    "time": ("time", "start", "start time", "at", "uhrzeit", "zeit", "heure"),
    "name": (
        "person",
        "name",
        "contact",
        "who",
        "with",
        "full name",
        "contact name",
        "kontakt",
        "nom",
    ),
    "first_name": ("first name", "firstname", "given name"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "email": ("email", "e mail", "email address", "e mail address", "mail"),
    "link": (
        "link",
        "profile",
        "url",
        "linkedin",
        "linkedin url",
        "profile url",
        "profile link",
    ),
    "company": (
        "company",
        "organization",
        "organisation",
        "employer",
        "firma",
        "unternehmen",
        "entreprise",
    ),
    "kind": (
        "kind",
        "type",
        "what",
        "activity",
        "action",
        "channel",
        "interaction",
        "art",
        "typ",
    ),
    "note": (
        "note",
        "notes",
        "comment",
        "comments",
        "details",
        "description",
        "summary",
        "subject",
        "outcome",
        "notiz",
        "notizen",
        "bemerkung",
        "kommentar",
    ),
}
"""The names each column usually goes by, folded (any case, spacing and
punctuation)."""

FIELDS: Final = frozenset(HEADERS)
"""The fields a column mapping may name."""

_PENDING: Final = 10_000
"""How many rows wait for the file's day order before it is assumed."""

_TIME: Final = re.compile(
    r"(?:^|[\sT,]+)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?\s*(?:[Mm]\.?)?$"
)
_NOON: Final = dt.time(12)


def _mapping(
    columns: Mapping[str, str | Sequence[str]] | None,
) -> dict[str, tuple[str, ...]]:
    if not columns:
        return {}
    unknown = set(columns) - FIELDS
    if unknown:
        raise InvalidValueError(
            f"Unknown fields in the column mapping: {', '.join(sorted(unknown))}. "
            f"Map any of: {', '.join(sorted(FIELDS))}."
        )
    return {
        field: (names,) if isinstance(names, str) else tuple(names)
        for field, names in columns.items()
    }


def read_history(
    source: Source,
    *,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    delimiter: str | None = None,
    timezone: dt.tzinfo = dt.UTC,
) -> Iterator[HistoryRow | Rejected | Notice]:
    """The rows of a history spreadsheet, with unreadable rows rejected by
    line and remarks (dates, kinds, encodings) as notices.

    Args:
        source: A path, or an open text or binary file.
        columns: careernet's fields mapped to the file's columns, for those
            not found by their usual names (see :data:`HEADERS`).
        delimiter: The delimiter; read from the header line by default.
        timezone: Where times without an offset are wall-clock times.

    Raises:
        InvalidValueError: The mapping names an unknown field.
        ImportFileError: The file has no date or person column, is not text,
            or has a quote that is never closed.
    """
    mapping = _mapping(columns)
    check_delimiter(delimiter)
    return read_file(source, lambda lines: _rows(lines, mapping, delimiter, timezone))


def _positions(
    header: list[str],
    mapping: dict[str, tuple[str, ...]],
    delimiter: str,
    line: int,
) -> dict[str, tuple[int, ...]]:
    """Where each field's columns are."""
    exact = {cell: index for index, cell in reversed(list(enumerate(header)))}
    folded = {fold(cell): index for index, cell in reversed(list(enumerate(header)))}
    found: dict[str, tuple[int, ...]] = {}
    missing = []
    for field, names in mapping.items():
        places = []
        for name in names:
            place = exact.get(name.strip(), folded.get(fold(name)))
            if place is None:
                missing.append(name)
            else:
                places.append(place)
        found[field] = tuple(places)
    shown = ", ".join(repr(h) for h in header)
    if missing:
        raise ImportFileError(
            f"The file has no column {', '.join(repr(m) for m in missing)}; its "
            f"columns are {shown} (read with the delimiter {delimiter!r}).",
            line=line,
        )
    taken = {place for places in found.values() for place in places}
    for field, names in HEADERS.items():
        if field in found:
            continue
        for name in names:
            place = folded.get(name)
            if place is not None and place not in taken:
                found[field] = (place,)
                taken.add(place)
                break
    if "date" not in found:
        raise ImportFileError(
            f"No column holds the date; the columns are {shown}. Name it with "
            "columns={'date': '...'} (--column date=HEADER).",
            line=line,
        )
    if not {"name", "first_name", "last_name", "email", "link"} & found.keys():
        raise ImportFileError(
            f"No column names the person; the columns are {shown}. Name it with "
            "columns={'name': '...'} (--column name=HEADER).",
            line=line,
        )
    return found


def _header(
    lines: Iterator[str],
    reading: Lines,
    mapping: dict[str, tuple[str, ...]],
    delimiter: str | None,
) -> tuple[int, str, int, dict[str, tuple[int, ...]]] | None:
    """The header's line, the delimiter, the number of columns and where
    each field is; ``None`` for an empty file."""
    first = ""
    for first in lines:
        if first.strip():
            break
    if not first.strip():
        return None
    start = reading.line
    if delimiter is None:
        delimiter = pick_delimiter(first)
    try:
        cells = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error as error:
        raise ImportFileError(
            f"Line {start} cannot be read as a header: {error}.", line=start
        ) from None
    header = [cell.strip().removeprefix("\ufeff") for cell in cells]
    return start, delimiter, len(header), _positions(header, mapping, delimiter, start)


def _rows(
    reading: Lines,
    mapping: dict[str, tuple[str, ...]],
    delimiter: str | None,
    zone: dt.tzinfo,
) -> Iterator[HistoryRow | Rejected | Notice]:
    lines = iter(reading)
    found = _header(lines, reading, mapping, delimiter)
    if found is None:
        return
    start, delimiter, width, places = found
    reader = _Reader(places, zone)
    pending: list[tuple[int, list[str]]] = []
    for line, row in csv_rows(lines, first=start + 1, delimiter=delimiter, width=width):
        yield from reading.take_notices()
        if reader.order is None:
            order = numeric_order(reader.date_text(row))
            if order is None and reader.ambiguous(row):
                pending.append((line, row))
                if len(pending) < _PENDING:
                    continue
                order = _assumed(delimiter)
                yield _assumption(pending[0][0], order)
            if order is not None:
                reader.order = order
                for held in pending:
                    yield from reader.row(*held)
                if pending and pending[-1][0] == line:
                    pending.clear()
                    continue
                pending.clear()
        yield from reader.row(line, row)
    yield from reading.take_notices()
    if pending:
        reader.order = _assumed(delimiter)
        yield _assumption(pending[0][0], reader.order)
        for held in pending:
            yield from reader.row(*held)


class _Reader:
    """Turns the cells of one row into a :class:`HistoryRow`."""

    def __init__(self, places: dict[str, tuple[int, ...]], zone: dt.tzinfo) -> None:
        self.places = places
        self.zone = zone
        self.order: DayOrder | None = None

    def cells(self, row: list[str], field: str) -> list[str]:
        return [
            row[index].strip()
            for index in self.places.get(field, ())
            if index < len(row) and row[index].strip()
        ]

    def date_text(self, row: list[str]) -> str:
        text = " ".join(self.cells(row, "date"))
        return _TIME.sub("", text).strip()

    def ambiguous(self, row: list[str]) -> bool:
        try:
            parse_date(self.date_text(row), None)
        except LookupError:
            return True
        return False

    def row(
        self, line: int, row: list[str]
    ) -> Iterator[HistoryRow | Rejected | Notice]:
        when = " ".join(self.cells(row, "date"))
        if not when:
            yield Rejected(line=line, reason="no date")
            return
        notices: list[Notice] = []
        try:
            at = self.moment(when, " ".join(self.cells(row, "time")), line, notices)
        except OverflowError:
            yield Rejected(line=line, reason=_out_of_range(when))
            return
        except ValueError:
            at = None
        if at is None:
            yield Rejected(line=line, reason=f"unreadable date {when[:40]!r}")
            return
        yield from notices
        name = " ".join(self.cells(row, "name")) or " ".join(
            [*self.cells(row, "first_name"), *self.cells(row, "last_name")]
        )
        emails = [e for cell in self.cells(row, "email") for e in _split(cell)]
        links = [link for cell in self.cells(row, "link") for link in _split(cell)]
        if "@" in name and " " not in name.strip() and not emails:
            emails, name = [name.strip()], ""
        elif name.casefold().startswith(("http://", "https://")) and not links:
            links, name = [name.strip()], ""
        try:
            yield HistoryRow(
                line=line,
                at=at,
                name=name,
                emails=tuple(emails),
                links=tuple(links),
                company=next(iter(self.cells(row, "company")), None),
                kind=" ".join(self.cells(row, "kind")),
                note="\n".join(self.cells(row, "note")),
            )
        except InvalidValueError:  # a moment out of range
            yield Rejected(line=line, reason=_out_of_range(when))

    def moment(
        self, when: str, time_text: str, line: int, notices: list[Notice]
    ) -> dt.datetime | None:
        """The moment a row's date (and time) name, or ``None``."""
        text = when.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}.*", text):
            try:
                moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is not None:
                return moment
            if moment is not None:
                return self.local(moment, line, notices)
        clock = _TIME.search(text)
        if clock:
            text = text[: clock.start()].strip()
        date = parse_date(text, self.order)
        if date is None:
            return None
        if time_text.strip():
            clock = _TIME.search(" " + time_text.strip())
            if clock is None:
                notices.append(
                    Notice(
                        line=line,
                        message=f"unreadable time {time_text[:20]!r}; read as noon",
                    )
                )
        at = _clock(clock) if clock else _NOON
        return self.local(dt.datetime.combine(date, at), line, notices)

    def local(self, wall: dt.datetime, line: int, notices: list[Notice]) -> dt.datetime:
        """``wall`` in the file's zone; a time in a daylight-saving gap moves
        past it."""
        moment = wall.replace(tzinfo=self.zone)
        back = moment.astimezone(dt.UTC).astimezone(self.zone)
        if back.replace(tzinfo=None) != wall:
            notices.append(
                Notice(
                    line=line,
                    message=f"{wall:%Y-%m-%d %H:%M} does not exist in {self.zone} "
                    f"(the clocks change then); read as {back:%H:%M}",
                )
            )
            return back
        return moment


def _out_of_range(when: str) -> str:
    return (
        f"the date {when[:40]!r} is outside what careernet keeps "
        f"({MEETINGS_FROM.year} to {MEETINGS_UNTIL.year - 1})"
    )


def _clock(match: re.Match[str]) -> dt.time:
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3] or 0)
    half = (match[4] or "").casefold()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(hour)
        hour = hour % 12 + (12 if half == "p" else 0)
    return dt.time(hour, minute, second)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r":::|[;,]", cell) if part.strip()]


def _assumed(delimiter: str) -> DayOrder:
    return DayOrder.DAY_FIRST if delimiter == ";" else DayOrder.MONTH_FIRST


def _assumption(line: int, order: DayOrder) -> Notice:
    example = (
        "03/05/2024 is 3 May"
        if order is DayOrder.DAY_FIRST
        else "03/05/2024 is 5 March"
    )
    return Notice(
        line=line,
        message="no date in the file tells whether the day or the month comes "
        f"first; read {order.value} ({example})",
    )
