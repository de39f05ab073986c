"""LinkedIn's "Connections.csv", exactly as LinkedIn writes it.

The file starts with a few lines of notes (the first begins with
``Notes:``), then the header ``First Name,Last Name,URL,Email Address,
Company,Position,Connected On``, then one row per connection. E-mail
addresses are often empty; dates look like ``05 Mar 2024``.
"""

from __future__ import annotations

import csv
import datetime as dt
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


def _date(text: str) -> dt.date:
    """A date like ``05 Mar 2024`` (English month names, whatever the locale)."""
    day, month, year = text.split()
    return dt.date(int(year), _MONTHS[month.casefold()], int(day))


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
    reader = csv.DictReader(lines_of("".join(lines[start:])))
    missing = [name for name in HEADER if name not in (reader.fieldnames or ())]
    if missing:
        raise InvalidValueError(
            f"The LinkedIn export lacks the columns {', '.join(missing)}; is it "
            "Connections.csv?"
        )
    row_start = start + 2  # file lines are 1-based, and the header is one line
    for row in reader:
        line = row_start
        row_start = start + reader.line_num + 1
        first = (row.get("First Name") or "").strip()
        last = (row.get("Last Name") or "").strip()
        name = f"{first} {last}".strip()
        if not name:
            yield Rejected(line=line, reason="no first or last name")
            continue
        connected = (row.get("Connected On") or "").strip()
        how_met = None
        if connected:
            try:
                day = _date(connected)
            except (ValueError, KeyError):
                yield Rejected(
                    line=line,
                    reason=f"unreadable date {connected!r} in Connected On; "
                    "expected a date like '05 Mar 2024'",
                )
                continue
            month = _MONTH_NAMES[day.month - 1][:3]
            how_met = f"LinkedIn connection since {day.day:02d} {month} {day.year}"
        yield Candidate(
            name=name,
            source=SOURCE,
            line=line,
            company=row.get("Company"),
            role=row.get("Position"),
            emails=(row.get("Email Address") or "",),
            links=(row.get("URL") or "",),
            how_met=how_met,
        )
