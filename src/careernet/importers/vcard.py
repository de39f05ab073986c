"""vCard files (3.0 and 4.0, and the 2.1 that phones still write), via vobject.

Many cards in one file, folded lines, quoted-printable values and grouped
properties (``item1.EMAIL``) are read by vobject; photos and other binary
data are skipped. ``FN`` (or ``N``) gives the name, ``ORG`` the company,
``TITLE`` the role, and every ``EMAIL``, ``TEL`` and ``URL`` is kept. A card
vobject cannot read is rejected with the line it starts on; the others are
still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from careernet.domain import Candidate, Rejected
from careernet.errors import MissingDependencyError
from careernet.importers._files import Source, read_text

__all__ = ["SOURCE", "read_vcards"]

SOURCE = "vcard"
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def _vobject() -> Any:
    try:
        import vobject  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise MissingDependencyError(
            "Reading vCards", "vobject", extra="vcard"
        ) from None
    return vobject


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """Each card's text and the (1-based) line it starts on."""
    starts = [m.start() for m in _BEGIN.finditer(text)]
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        yield text.count("\n", 0, start) + 1, text[start:end]


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


def read_vcards(source: Source) -> Iterator[Candidate | Rejected]:
    """The people in a vCard file, with unreadable cards rejected by line."""
    vobject = _vobject()
    text = read_text(source)
    for line, chunk in _cards(text):
        try:
            card = vobject.readOne(_join_soft_breaks(chunk), ignoreUnreadable=True)
        except Exception as error:  # vobject raises several kinds
            yield Rejected(line=line, reason=f"unreadable vCard: {error}")
            continue
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
        )
