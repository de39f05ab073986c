"""LinkedIn's "Connections.csv", exactly as LinkedIn writes it.

The file starts with a few lines of notes (the first begins with
``Notes:``), then the header ``First Name,Last Name,URL,Email Address,
Company,Position,Connected On``, then one row per connection. E-mail
addresses are often empty; dates look like ``05 Mar 2024``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterator

from careernet.domain import Candidate, InvalidValueError, Rejected
from careernet.importers._files import Source, lines_of, read_text

__all__ = ["HEADER", "SOURCE", "read_linkedin"]

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


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {
    **{name[:3].casefold(): n for n, name in enumerate(_MONTH_NAMES, 1)},
    **{name.casefold(): n for n, name in enumerate(_MONTH_NAMES, 1)},
}


@functools.lru_cache(maxsize=8192)
def _since(text: str) -> str:
    """``how_met`` for a "Connected On" date like ``05 Mar 2024``.

    Raises:
        ValueError: The date cannot be read (English month names are read
            whatever the locale).
    """
    try:
        day, month, year = text.split()
        date = dt.date(int(year), _MONTHS[month.casefold()], int(day))
    except KeyError:
        raise ValueError(text) from None
    month_name = _MONTH_NAMES[date.month - 1][:3]
    return f"LinkedIn connection since {date.day:02d} {month_name} {date.year}"


def _header_line(lines: list[str]) -> int:
    for number, line in enumerate(lines):
        if line.lstrip("\ufeff").startswith("First Name,Last Name"):
            return number
    raise InvalidValueError(
        "This is not a LinkedIn connections export: no line starts with "
        "'First Name,Last Name'. Export 'Connections' from LinkedIn's "
        "'Get a copy of your data' and import Connections.csv."
    )


def read_linkedin(source: Source) -> Iterator[Candidate | Rejected]:
    """The connections in a LinkedIn export, with bad rows rejected by line."""
    text = read_text(source)
    lines = text.splitlines(keepends=True)
    start = _header_line(lines)
    reader = csv.reader(lines_of("".join(lines[start:])))
    header = next(reader)
    missing = [name for name in HEADER if name not in header]
    if missing:
        raise InvalidValueError(
            f"The LinkedIn export lacks the columns {', '.join(missing)}; is it "
            "Connections.csv?"
        )
    first_, last_, url_, email_, company_, position_, connected_ = (
        header.index(name) for name in HEADER
    )
    width = len(header)
    line = start + 2  # file lines are 1-based, and the header is one line
    for row in reader:
        row_line, line = line, start + reader.line_num + 1
        if not row:
            continue  # a blank line, as spreadsheets leave at the end
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        name = f"{row[first_].strip()} {row[last_].strip()}".strip()
        if not name:
            yield Rejected(line=row_line, reason="no first or last name")
            continue
        connected = row[connected_].strip()
        how_met = None
        if connected:
            try:
                how_met = _since(connected)
            except ValueError:
                yield Rejected(
                    line=row_line,
                    reason=f"unreadable date {connected!r} in Connected On; "
                    "expected a date like '05 Mar 2024'",
                )
                continue
        email = row[email_]
        yield Candidate(
            name=name,
            source=SOURCE,
            line=row_line,
            company=row[company_],
            role=row[position_],
            emails=(email,) if email else (),
            links=(row[url_],),
            how_met=how_met,
        )
