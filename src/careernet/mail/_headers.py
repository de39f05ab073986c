"""Cutting the header fields careernet reads out of a message's raw bytes.

Only the header block is read: a file is read up to the blank line that ends
it, never further than :data:`HEADER_LIMIT`; of the block, only the fields in
:data:`careernet.domain.mail.HEADER_FIELDS` are kept, unfolded and decoded
as text (UTF-8, as RFC 6532 allows, with anything else replaced).
"""

from __future__ import annotations

from typing import Final, Protocol

from careernet.domain.mail import FIELD_ATTRIBUTES, MailHeaders

__all__ = ["HEADER_LIMIT", "parse_header_block", "read_header_block"]

HEADER_LIMIT: Final = 1 << 20
"""The most bytes read of one message: a header block longer than this is cut."""

_CHUNK: Final = 8192
_WANTED: Final = {name.encode("ascii"): name for name in FIELD_ATTRIBUTES}
_FOLDED: Final = (b" ", b"\t")


class Readable(Protocol):
    """A file opened for reading bytes (or :mod:`mailbox`'s stand-ins for one)."""

    def read(self, size: int | None = ..., /) -> bytes:
        """Up to ``size`` bytes; ``b""`` at the end."""
        ...


def read_header_block(file: Readable, *, limit: int = HEADER_LIMIT) -> bytes:
    """The bytes of a message up to (not including) the blank line after its
    header, read from ``file`` in small chunks; the body is never parsed."""
    data = b""
    while True:
        chunk = file.read(_CHUNK)
        if not chunk:
            return data
        searched = max(0, len(data) - 2)
        data += chunk
        if data[:1] == b"\n" or data[:2] == b"\r\n":
            return b""
        end = data.find(b"\n\n", searched)
        crlf = data.find(b"\n\r\n", searched)
        if crlf >= 0 and (end < 0 or crlf < end):
            end = crlf
        if end >= 0:
            return data[: end + 1]
        if len(data) >= limit:
            return data[:limit]


def parse_header_block(block: bytes) -> MailHeaders:
    """The fields careernet reads, from a message's header block.

    Folded lines are unfolded (the line break goes, the space stays) and
    lines that are not fields are ignored, as mail readers do.
    """
    found: list[tuple[str, str]] = []
    name: str | None = None
    parts: list[bytes] = []
    for line in block.split(b"\n"):
        if line[:1] in _FOLDED:
            if name is not None:
                parts.append(line)
            continue
        if name is not None:
            found.append((name, _text(parts)))
            name = None
        colon = line.find(b":")
        if colon > 0:
            name = _WANTED.get(line[:colon].rstrip(b" \t").lower())
            if name is not None:
                parts = [line[colon + 1 :]]
    if name is not None:
        found.append((name, _text(parts)))
    return MailHeaders.from_fields(found)


def _text(parts: list[bytes]) -> str:
    raw = b"".join(part[:-1] if part[-1:] == b"\r" else part for part in parts)
    return raw.decode("utf-8", "replace").strip()
