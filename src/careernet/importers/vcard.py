"""vCard files (3.0 and 4.0, and the 2.1 that phones still write), via vobject.

Many cards in one file, folded lines, quoted-printable values and grouped
properties (``item1.EMAIL``) are read by vobject; photos and other binary
data are skipped before vobject sees them. ``FN`` (or ``N``) gives the
name, ``ORG`` the company, ``TITLE`` the role, ``CATEGORIES`` the tags, and
every ``EMAIL``, ``TEL`` and ``URL`` is kept. A card vobject cannot read is
rejected with the line it starts on, and the lines vobject skips in a card
become notices; the other cards are still read.

The file is read a card at a time and lines are counted as they go, so time
grows with the size of the file and memory with the largest card.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from careernet.domain import Candidate, Notice, Rejected
from careernet.errors import ImportFileError, MissingDependencyError
from careernet.importers._files import LONGEST_LINE, Lines, Source, read_file

__all__ = ["SOURCE", "read_vcards"]

SOURCE = "vcard"
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_BINARY = re.compile(r"^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
_SYSTEM_GROUPS = frozenset({"mycontacts"})
"""Categories an address book adds to every card (Google's "myContacts")."""
_SEARCHED = 200
"""How many lines may come before the first card (a file that has none by
then is not a vCard file)."""


class _Complaints(logging.Handler):
    """vobject's log messages about one card, kept for the report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _vobject() -> Any:
    try:
        import vobject  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError(
            "Reading vCards", "vobject", extra="vcard"
        ) from None
    return vobject


def _binary(line: str, *, inside: bool) -> bool:
    """Whether ``line`` belongs to a photo, logo, sound or key (``inside``:
    whether the line before did): its first line, folded continuations, the
    unindented base64 lines of vCard 2.1 and the blank line ending them."""
    if _BINARY.match(line):
        return True
    if not inside:
        return False
    return line[:1] in {" ", "\t"} or ":" not in line


def _cards(reading: Lines) -> Iterator[tuple[int, str]]:
    """Each card's text (binary properties left out) and the line it starts on.

    Raises:
        ImportFileError: No card begins near the top of the file, or one
            never ends.
    """
    start: int | None = None
    card: list[str] = []
    size = 0
    skipping = False
    found = False
    for line in reading:
        if start is None:
            if _BEGIN.match(line):
                start, card, size, found = reading.line, [line], len(line), True
            elif not found and reading.line >= _SEARCHED:
                raise ImportFileError(
                    f"This is not a vCard file: no card begins in its first "
                    f"{_SEARCHED} lines. Export the contacts as vCard (.vcf)."
                )
            continue
        skipping = _binary(line, inside=skipping)
        if skipping:
            continue
        if _BEGIN.match(line):  # the card before never ended: vobject says why
            yield start, "".join(card)
            start, card, size = reading.line, [], 0
        card.append(line)
        size += len(line)
        if size > LONGEST_LINE:
            raise ImportFileError(
                f"The card that begins on line {start} does not end (no "
                "END:VCARD before it grows past any address book's cards).",
                line=start,
            )
        if _END.match(line):
            yield start, "".join(card)
            start, card = None, []
    if start is not None:
        yield start, "".join(card)
    if not found and reading.line:
        raise ImportFileError(
            "This is not a vCard file: no card begins in it (no BEGIN:VCARD line). "
            "Export the contacts as vCard (.vcf)."
        )


def _text(value: Any) -> str:
    """A property's value as text; vobject splits some values at commas."""
    if isinstance(value, list):
        return ",".join(_text(part) for part in value)
    return value if isinstance(value, str) else ""


def _values(card: Any, name: str) -> list[str]:
    """Every value of a property; for ``ORG``, its first component."""
    found = []
    for prop in card.contents.get(name, []):
        value = prop.value
        if name == "org" and isinstance(value, list):
            value = value[0] if value else ""
        text = _text(value).replace("\\:", ":").strip()
        if name == "tel":
            text = text.removeprefix("tel:")
        if text:
            found.append(text)
    return found


def _join_soft_breaks(card: str) -> str:
    """Undo quoted-printable soft line breaks (a line ending in ``=``), which
    vobject stops at."""
    joined: list[str] = []
    continuing = False
    for line in card.splitlines():
        if continuing:
            joined[-1] = joined[-1][:-1] + line
        else:
            joined.append(line)
        head = joined[-1].split(":", 1)[0].upper()
        continuing = "QUOTED-PRINTABLE" in head and joined[-1].endswith("=")
    return "\r\n".join(joined) + "\r\n"


def _name(card: Any) -> str:
    for name in _values(card, "fn"):
        return name
    for prop in card.contents.get("n", []):
        parts = [prop.value.given, prop.value.additional, prop.value.family]
        joined = " ".join(
            " ".join(p) if isinstance(p, list) else p for p in parts if p
        ).strip()
        if joined:
            return joined
    return ""


def read_vcards(source: Source) -> Iterator[Candidate | Rejected | Notice]:
    """The people in a vCard file, with unreadable cards rejected by line.

    Raises:
        ImportFileError: The file is not text, or holds no vCard.
        MissingDependencyError: vobject is not installed.
    """
    vobject = _vobject()
    return read_file(source, lambda lines: _people(vobject, lines))


def _people(vobject: Any, reading: Lines) -> Iterator[Candidate | Rejected | Notice]:
    logger = logging.getLogger("vobject.base")
    for line, chunk in _cards(reading):
        yield from reading.take_notices()
        complaints = _Complaints()
        logger.addHandler(complaints)
        propagate, logger.propagate = logger.propagate, False
        try:
            card = vobject.readOne(_join_soft_breaks(chunk), ignoreUnreadable=True)
        except Exception as error:  # vobject raises several kinds
            yield Rejected(line=line, reason=f"unreadable vCard: {error}")
            continue
        finally:
            logger.removeHandler(complaints)
            logger.propagate = propagate
        for message in complaints.messages:
            yield Notice(line=line, message=f"in the card: {message}")
        name = _name(card)
        if not name:
            yield Rejected(line=line, reason="a card without a name (FN or N)")
            continue
        links = [link for link in _values(card, "url") if not link.startswith("data:")]
        notes = _values(card, "note")
        yield Candidate(
            name=name,
            source=SOURCE,
            line=line,
            company=next(iter(_values(card, "org")), None),
            role=next(iter(_values(card, "title")), None),
            emails=tuple(_values(card, "email")),
            phones=tuple(_values(card, "tel")),
            links=tuple(links),
            notes=notes[0] if notes else "",
            tags=frozenset(
                tag.strip()
                for value in _values(card, "categories")
                for tag in value.split(",")
                if tag.strip() and tag.strip().casefold() not in _SYSTEM_GROUPS
            ),
        )
    yield from reading.take_notices()
