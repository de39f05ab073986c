"""Contacts written out: CSV that careernet reads back, and vCard 3.0.

:func:`write_csv` writes one row per contact under the columns of
:data:`CSV_COLUMNS`; ``read_csv(path, columns=CSV_COLUMNS)`` (or
``careernet import --format csv`` with the same columns) reads the same
people back. Several e-mails, phones or links share a cell the way Google
Contacts writes them (``a@x.example ::: b@y.example``), and tags are
separated by ``;``. A cell that a spreadsheet would run as a formula (one
that starts with ``=``, ``+``, ``-`` or ``@``) starts with an apostrophe,
which spreadsheets hide and the import takes off.

:func:`write_vcards` writes vCard 3.0 (RFC 2426) with vobject (the
``vcard`` extra): ``FN`` and ``N``, ``ORG``, ``TITLE``, every ``EMAIL``,
``TEL`` and ``URL``, ``NOTE`` and ``CATEGORIES`` for the tags, and the
contact's id as ``UID``. careernet's vCard reader and address books read
it back.

Line breaks of every kind (U+2028, U+0085, CR, ...) are written as plain
newlines (in a note) or spaces (elsewhere), and other control characters as
U+FFFD, so no reader splits a value or a card where careernet did not.

Both take a text stream, so an app can write to a file, a socket or an
HTTP response; :meth:`careernet.Network.export_contacts` writes a file
atomically.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any, Final

from careernet.domain import Contact, InvalidValueError
from careernet.errors import MissingDependencyError
from careernet.importers._files import GUARDED

__all__ = ["CSV_COLUMNS", "FORMATS", "write_contacts", "write_csv", "write_vcards"]

CSV_COLUMNS: Final = {
    "name": "Name",
    "company": "Company",
    "role": "Role",
    "field": "Field",
    "email": "E-mail",
    "phone": "Phone",
    "link": "Link",
    "how_met": "How met",
    "notes": "Notes",
    "tags": "Tags",
}
"""careernet's fields and the columns :func:`write_csv` writes them to: the
column mapping that reads an export back with
:func:`careernet.importers.read_csv`."""

FORMATS: Final = ("csv", "vcard")
"""The formats :func:`write_contacts` writes."""

_SEPARATOR: Final = " ::: "

# Every character some reader takes for a line end (Python's str.splitlines()
# ends a line at each of these, not only at CRLF), as the calendar does.
_LINE_BREAKS: Final = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Other control characters, C1 controls and lone surrogates (tab stays).
_UNSAFE: Final = dict.fromkeys(
    (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000)),
    "\ufffd",
)
_BLANKS: Final = re.compile(r"[ \t]*\n[ \t\n]*")


def _text(text: str) -> str:
    """Text every reader sees as written: each kind of line break made a
    plain newline, other control characters replaced with U+FFFD."""
    return _LINE_BREAKS.sub("\n", text).translate(_UNSAFE)


def _line(text: str | None) -> str:
    """:func:`_text` on one line: line breaks become a space."""
    return _BLANKS.sub(" ", _text(text or "")).strip()


def _many(values: Iterable[str]) -> str:
    return _SEPARATOR.join(_line(v) for v in values)


def write_csv(contacts: Iterable[Contact], stream: IO[str]) -> int:
    """Write ``contacts`` as CSV to a text stream; return how many were written.

    Open a file for it with ``newline=""``, as for any CSV writer.
    """
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS.values())
    count = 0
    for contact in contacts:
        writer.writerow(
            _guard(cell)
            for cell in [
                _line(contact.name),
                _line(contact.company),
                _line(contact.role),
                _line(contact.field),
                _many(contact.emails),
                _many(contact.phones),
                _many(contact.links),
                _line(contact.how_met),
                _text(contact.notes),
                "; ".join(sorted(_line(t) for t in contact.tags)),
            ]
        )
        count += 1
    return count


def _guard(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: one that starts with
    ``=``, ``+``, ``-``, ``@``, a tab, a carriage return (or an apostrophe)
    gets a leading apostrophe, which spreadsheets hide and careernet's CSV
    import takes off."""
    return f"'{cell}" if cell[:1] in GUARDED else cell


def _vobject() -> Any:
    try:
        import vobject  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError(
            "Writing vCards", "vobject", extra="vcard"
        ) from None
    return vobject


def write_vcards(contacts: Iterable[Contact], stream: IO[str]) -> int:
    """Write ``contacts`` as vCard 3.0 to a text stream; return how many.

    Raises:
        MissingDependencyError: vobject is not installed (the ``vcard`` extra).
    """
    vobject = _vobject()
    count = 0
    for contact in contacts:
        card = vobject.vCard()
        name = _line(contact.name)
        card.add("uid").value = contact.id
        card.add("fn").value = name
        *first, family = name.split()
        card.add("n").value = vobject.vcard.Name(
            family=family,
            given=first[0] if first else "",
            additional=first[1:],
        )
        if contact.company:
            card.add("org").value = [_line(contact.company)]
        if contact.role:
            card.add("title").value = _line(contact.role)
        for email in contact.emails:
            card.add("email").value = _line(email)
        for phone in contact.phones:
            card.add("tel").value = _line(phone)
        for link in contact.links:
            card.add("url").value = _line(link)
        if contact.notes:
            card.add("note").value = _text(contact.notes)
        if contact.tags:
            card.add("categories").value = sorted(_line(t) for t in contact.tags)
        stream.write(card.serialize())
        count += 1
    return count


def write_contacts(contacts: Iterable[Contact], stream: IO[str], format: str) -> int:  # noqa: A002 - the word people use
    """Write ``contacts`` to a text stream as ``"csv"`` or ``"vcard"``.

    Raises:
        InvalidValueError: ``format`` is neither.
    """
    if format == "csv":
        return write_csv(contacts, stream)
    if format == "vcard":
        return write_vcards(contacts, stream)
    raise InvalidValueError(
        f"Contacts are exported as {' or '.join(FORMATS)}; got {format!r}."
    )
