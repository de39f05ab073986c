"""Any CSV file, with a mapping from careernet's fields to its columns.

::

    read_csv("people.csv", columns={"name": "Full name", "email": "E-mail",
                                    "company": "Employer"})

Fields: ``name`` (or ``first_name`` and ``last_name``), ``company``,
``role``, ``field``, ``email``, ``phone``, ``link``, ``how_met``, ``notes``
and ``tags`` (separated by ``;`` or ``,``). Several columns can feed one
list field: ``{"email": ["Work e-mail", "Home e-mail"]}``; a cell holding
several values the way Google Contacts writes them (``a@x.example :::
b@y.example``) gives each of them. The delimiter (``,``, ``;``, tab or
``|``) is read from the header line unless given; the encoding as for every
reader (see :mod:`careernet.importers._files`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence

from careernet.domain import Candidate, InvalidValueError, Notice, Rejected
from careernet.errors import ImportFileError
from careernet.importers._files import (
    GUARDED,
    Lines,
    Source,
    check_delimiter,
    csv_rows,
    pick_delimiter,
    read_file,
)
from careernet.importers.exports import CSV_COLUMNS

__all__ = ["FIELDS", "SOURCE", "read_csv"]

SOURCE = "csv"
FIELDS = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "company",
        "role",
        "field",
        "email",
        "phone",
        "link",
        "how_met",
        "notes",
        "tags",
    }
)
_LISTS = {"email": "emails", "phone": "phones", "link": "links"}


def _columns(columns: Mapping[str, str | Sequence[str]]) -> dict[str, tuple[str, ...]]:
    unknown = set(columns) - FIELDS
    if unknown:
        raise InvalidValueError(
            f"Unknown fields in the column mapping: {', '.join(sorted(unknown))}. "
            f"Map any of: {', '.join(sorted(FIELDS))}."
        )
    if "name" not in columns and not {"first_name", "last_name"} & set(columns):
        raise InvalidValueError(
            "The column mapping needs 'name', or 'first_name' and 'last_name'."
        )
    return {
        field: (names,) if isinstance(names, str) else tuple(names)
        for field, names in columns.items()
    }


def read_csv(
    source: Source,
    *,
    columns: Mapping[str, str | Sequence[str]] | None = None,
    source_name: str = SOURCE,
    delimiter: str | None = None,
) -> Iterator[Candidate | Rejected | Notice]:
    """The people in a CSV file, with bad rows rejected by line.

    Args:
        source: A path, or an open text or binary file.
        columns: careernet's fields (:data:`FIELDS`) mapped to the file's
            columns (a header, or several for a list field). Without it, the
            columns careernet's own export writes
            (:data:`careernet.importers.CSV_COLUMNS`) are found by their
            headers, or by the fields' own names, ignoring case.
        source_name: The source recorded on each person.
        delimiter: ``,`` ``;`` tab or ``|``; read from the header by default.

    Raises:
        InvalidValueError: The mapping names an unknown field.
        ImportFileError: The file lacks a column the mapping names (or,
            without a mapping, a name column), is not text, or has a quote
            that is never closed.
    """
    mapping = None if columns is None else _columns(columns)
    check_delimiter(delimiter)
    return read_file(
        source, lambda lines: _rows(lines, mapping, source_name, delimiter)
    )


def _rows(
    reading: Lines,
    mapping: dict[str, tuple[str, ...]] | None,
    source_name: str,
    delimiter: str | None,
) -> Iterator[Candidate | Rejected | Notice]:
    lines = iter(reading)
    first = next(lines, "")
    if delimiter is None:
        delimiter = pick_delimiter(first)
    try:
        cells = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error as error:
        raise ImportFileError(
            f"Line 1 cannot be read as a CSV header: {error}.", line=1
        ) from None
    header = [cell.strip() for cell in cells]
    own = header == list(CSV_COLUMNS.values())  # careernet's own export
    if mapping is None:
        mapping = _own_columns(header, delimiter)
    positions = {name: index for index, name in reversed(list(enumerate(header)))}
    missing = sorted({c for names in mapping.values() for c in names} - set(positions))
    if missing:
        raise ImportFileError(
            f"The file has no column {', '.join(repr(m) for m in missing)}; its "
            f"columns are {', '.join(repr(h) for h in header)} (read with the "
            f"delimiter {delimiter!r}).",
            line=1,
        )
    wanted = {
        field: tuple(positions[name] for name in names)
        for field, names in mapping.items()
    }
    for line, row in csv_rows(lines, first=2, delimiter=delimiter, width=len(header)):
        yield from reading.take_notices()

        def get(field: str, row: list[str] = row) -> list[str]:
            return [
                _unguarded(value) if own else value
                for index in wanted.get(field, ())
                if index < len(row)
                for value in _split(field, row[index])
            ]

        name = " ".join(get("name") or [*get("first_name"), *get("last_name")])
        if not name:
            yield Rejected(line=line, reason="no name in the mapped name columns")
            continue
        tags = [t for value in get("tags") for t in re.split(r"[;,]", value)]
        yield Candidate(
            name=name,
            source=source_name,
            line=line,
            company=next(iter(get("company")), None),
            role=next(iter(get("role")), None),
            field=next(iter(get("field")), None),
            how_met=next(iter(get("how_met")), None),
            notes="\n".join(get("notes")),
            tags=frozenset(tags),
            **{target: tuple(get(field)) for field, target in _LISTS.items()},
        )
    yield from reading.take_notices()


def _own_columns(header: list[str], delimiter: str) -> dict[str, tuple[str, ...]]:
    """The mapping of a file with careernet's own column names (as
    :func:`careernet.importers.write_csv` writes them, or the fields' names)."""
    known = {title.casefold(): field for field, title in CSV_COLUMNS.items()}
    known.update({field.casefold(): field for field in FIELDS})
    mapping: dict[str, list[str]] = {}
    for title in header:
        field = known.get(title.casefold())
        if field is not None:
            mapping.setdefault(field, []).append(title)
    if "name" not in mapping and not {"first_name", "last_name"} & set(mapping):
        raise ImportFileError(
            f"The file has no Name column; its columns are "
            f"{', '.join(repr(h) for h in header)} (read with the delimiter "
            f"{delimiter!r}). Say which column holds what: --column "
            "FIELD=HEADER on the command line, columns= in Python.",
            line=1,
        )
    return {field: tuple(titles) for field, titles in mapping.items()}


def _unguarded(value: str) -> str:
    """A value of careernet's own export (a file with exactly its header)
    without the apostrophe that keeps a spreadsheet from reading it as a
    formula (see :func:`careernet.importers.write_csv`)."""
    if value[:1] == "'" and value[1:2] in GUARDED:
        return value[1:]
    return value


def _split(field: str, cell: str) -> list[str]:
    """The values of one cell: list fields split at Google's `` ::: ``."""
    cell = cell.strip()
    if not cell:
        return []
    if field in _LISTS or field == "tags":
        return [part.strip() for part in cell.split(":::") if part.strip()]
    return [cell]
