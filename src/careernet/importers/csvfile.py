"""Any CSV file, with a mapping from careernet's fields to its columns.

::

    read_csv("people.csv", columns={"name": "Full name", "email": "E-mail",
                                    "company": "Employer"})

Fields: ``name`` (or ``first_name`` and ``last_name``), ``company``,
``role``, ``field``, ``email``, ``phone``, ``link``, ``how_met``, ``notes``
and ``tags`` (separated by ``;`` or ``,``). Several columns can feed one
list field: ``{"email": ["Work e-mail", "Home e-mail"]}``. The delimiter is
detected unless given.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence

from careernet.domain import Candidate, InvalidValueError, Rejected
from careernet.importers._files import Source, lines_of, read_text

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
    columns: Mapping[str, str | Sequence[str]],
    source_name: str = SOURCE,
    delimiter: str | None = None,
) -> Iterator[Candidate | Rejected]:
    """The people in a CSV file, with bad rows rejected by line."""
    mapping = _columns(columns)
    text = read_text(source)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(lines_of(text), delimiter=delimiter)
    headers = set(reader.fieldnames or ())
    missing = sorted({c for names in mapping.values() for c in names} - headers)
    if missing:
        raise InvalidValueError(
            f"The file has no column {', '.join(repr(m) for m in missing)}; its "
            f"columns are {', '.join(repr(h) for h in reader.fieldnames or ())}."
        )
    next_line = 2
    for row in reader:
        line, next_line = next_line, reader.line_num + 1

        def get(field: str, row: dict[str, str | None] = row) -> list[str]:
            return [
                (row.get(column) or "").strip()
                for column in mapping.get(field, ())
                if (row.get(column) or "").strip()
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
