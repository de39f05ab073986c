"""Reading the text files people's exports really are, a line at a time.

:class:`Lines` decodes a file as it is read, so memory is bounded by the
longest line and not by the file: UTF-8 with or without a byte-order mark,
UTF-16 and UTF-32 with one (Excel's "Unicode text", Outlook's vCards), and
UTF-16 without one when its zero bytes give it away. A line that is not
valid UTF-8 in a UTF-8 file (one stray Windows-1252 byte from a re-save) is
read as Windows-1252 with a :class:`~careernet.domain.Notice` naming the
line, instead of re-decoding the whole file. A file that is not text (zero
bytes, or a line longer than any export writes) is refused within its first
kilobytes. While a UTF-8 file is plain (valid, no zero bytes, lines shorter
than a block), it is decoded a block of lines at a time; from the first block
that is not, it is read a line at a time, as above, so both give the same
lines, notices and errors.

:func:`csv_rows` reads CSV records from those lines and turns the csv
module's silences and errors into :class:`~careernet.errors.ImportFileError`
naming the line: a quote that is never closed, a cell too long to be one.
Every reader raises that error for a file it cannot read, with the file's
path (:attr:`Lines.path`) filled in.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import IO, Final, TypeVar

from careernet.domain import Notice
from careernet.errors import (
    FileReadError,
    ImportFileError,
    InvalidValueError,
    MissingFileError,
)

__all__ = [
    "GUARDED",
    "LONGEST_LINE",
    "Lines",
    "Source",
    "check_delimiter",
    "csv_rows",
    "path_of",
    "pick_delimiter",
    "read_file",
]

GUARDED: Final = frozenset("=+-@\t\r'")
"""The first characters after which careernet's CSV export puts an
apostrophe: those that make a spreadsheet read a cell as a formula (CSV
injection), and the apostrophe itself, so that the import, which takes one
apostrophe off before any of them, gives back what was written."""

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open text or binary file."""

LONGEST_LINE = 4 * 1024 * 1024
"""The longest line read, in bytes: far longer than any export writes (a
vCard photo left unfolded included), short enough to refuse a binary file
before it fills memory."""

_NOTICES = 20
"""How many lines get a notice of their own for bytes that are not UTF-8."""

_BLOCK = 64 * 1024
"""How many bytes of a UTF-8 file are decoded at once while they are plain
UTF-8 (a line longer than this is read on its own)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _open(source: Source) -> tuple[IO[bytes] | IO[str], bool]:
    """The file to read, and whether it is ours to close."""
    if isinstance(source, str | os.PathLike):
        try:
            return Path(source).open("rb"), True
        except ValueError:  # a NUL character in the name
            raise FileReadError(
                None, "a file name cannot hold a NUL character", repr(source)
            ) from None
        except OSError as error:
            unreadable = (
                MissingFileError
                if isinstance(error, FileNotFoundError)
                else FileReadError
            )
            raise unreadable(
                error.errno, error.strerror or str(error), os.fspath(source)
            ) from error
    return source, False


def path_of(source: Source) -> str | None:
    """The path ``source`` names, or the name of an open file (``None`` when
    it has none)."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) and not name.startswith("<") else None


def _not_text(line: int, why: str) -> ImportFileError:
    return ImportFileError(
        f"This is not a text file: {why} on line {line}. Export the contacts "
        "again as CSV or vCard (UTF-8 if the program asks).",
        line=line,
    )


class Lines:
    """The decoded lines of a file, line endings kept, numbered from 1.

    Iterate to read; :attr:`line` is the number of the last line read, and
    :attr:`notices` collects what a reader should pass on to the report
    (take them with :meth:`take_notices`).

    Raises (while iterating):
        MissingFileError: The source is a path to no file.
        FileReadError: The source is a path that cannot be read.
        ImportFileError: The file is not text.
    """

    def __init__(self, source: Source) -> None:
        self._source = source
        self.path = path_of(source)
        """The file's path or name, for errors (``None`` when unknown)."""
        self._file: IO[bytes] | IO[str] | None = None
        self._owned = False
        self.line = 0
        self.notices: list[Notice] = []
        self.encoding = "utf-8"
        self._bad_lines = 0

    def take_notices(self) -> list[Notice]:
        """The notices gathered since the last call."""
        taken, self.notices = self.notices, []
        return taken

    def close(self) -> None:
        """Close the file if it was opened from a path."""
        if self._owned and self._file is not None:
            self._file.close()
            self._file = None

    def __iter__(self) -> Iterator[str]:
        try:
            yield from self._lines()
        except ImportFileError as error:
            raise error.located(self.path) from None
        finally:
            self.close()

    def _lines(self) -> Iterator[str]:
        self._file, self._owned = _open(self._source)
        first = self._file.read(0)
        if isinstance(first, str):
            yield from self._text(self._file)  # type: ignore[arg-type]
            return
        binary: IO[bytes] = self._file  # type: ignore[assignment]
        head = binary.read(4096)
        encoding = _sniff_utf16(head)
        for bom, named in _BOMS:
            if head.startswith(bom):
                head, encoding = head[len(bom) :], named
                break
        self.encoding = encoding
        if encoding == "utf-8":
            _check_head(head)
        stream = io.BufferedReader(_Prefixed(head, binary))
        if encoding == "utf-8":
            yield from self._utf8(stream)
        else:
            text = io.TextIOWrapper(stream, encoding=encoding, newline="")
            yield from self._text(text)

    def _text(self, text: IO[str]) -> Iterator[str]:
        while True:
            try:
                line = text.readline(LONGEST_LINE + 1)
            except UnicodeDecodeError:
                raise ImportFileError(
                    f"Line {self.line + 1} is not valid {self.encoding}: the file "
                    f"starts like {self.encoding} but is damaged after line "
                    f"{self.line}. Export it again.",
                    line=self.line + 1,
                ) from None
            if not line:
                return
            if self.line == 0:
                line = line.removeprefix("\ufeff")
            self.line += 1
            self._check(line)
            yield line

    def _utf8(self, stream: IO[bytes]) -> Iterator[str]:
        rest = yield from self._utf8_blocks(stream)
        if rest is not None:
            yield from self._utf8_lines(io.BufferedReader(_Prefixed(rest, stream)))

    def _utf8_blocks(self, stream: IO[bytes]) -> Generator[str, None, bytes | None]:
        """The lines of whole blocks that are plain UTF-8, decoded a block at
        a time; the bytes from the first block that is not (a byte that is
        not UTF-8, a zero byte, a line longer than a block) are given back
        for :meth:`_utf8_lines` to read a line at a time, as it reads them
        all."""
        # A line read here is at most two blocks long: never over LONGEST_LINE.
        size = max(1, min(_BLOCK, LONGEST_LINE // 2))
        pending = b""
        while True:
            data = stream.read(size)
            if not data:
                if not pending:
                    return None
                try:
                    last = pending.decode("utf-8")
                except UnicodeDecodeError:
                    return pending
                if "\x00" in last:
                    return pending
                self.line += 1
                yield last
                return None
            block = pending + data
            cut = block.rfind(b"\n") + 1
            if not cut:
                if len(block) > size:
                    return block
                pending = block
                continue
            pending = block[cut:]
            try:
                text = block[:cut].decode("utf-8")
            except UnicodeDecodeError:
                return block
            if "\x00" in text:
                return block
            lines = text.split("\n")
            lines.pop()  # what follows the last line ending: nothing
            for line in lines:
                self.line += 1
                yield line + "\n"

    def _utf8_lines(self, stream: IO[bytes]) -> Iterator[str]:
        while True:
            raw = stream.readline(LONGEST_LINE + 1)
            if not raw:
                return
            self.line += 1
            if b"\x00" in raw:
                raise _not_text(self.line, "it holds zero bytes")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("cp1252", errors="replace")
                self._bad_lines += 1
                if self._bad_lines <= _NOTICES:
                    shown = line.strip()[:60]
                    self.notices.append(
                        Notice(
                            line=self.line,
                            message="bytes that are not UTF-8, read as Windows-1252: "
                            f"{shown!r}; check the accents on this line",
                        )
                    )
                elif self._bad_lines == _NOTICES + 1:
                    self.notices.append(
                        Notice(
                            line=self.line,
                            message="more lines with bytes that are not UTF-8 from "
                            "here on, read as Windows-1252; save the file as UTF-8",
                        )
                    )
            self._check(line)
            yield line

    def _check(self, line: str) -> None:
        if len(line) > LONGEST_LINE:
            raise _not_text(self.line, f"a line longer than {LONGEST_LINE:,} bytes")
        if self.line <= 64 and "\x00" in line:
            raise _not_text(self.line, "it holds zero characters")


_T = TypeVar("_T")


def read_file(source: Source, read: Callable[[Lines], Iterator[_T]]) -> Iterator[_T]:
    """What ``read`` yields from ``source``'s lines; the file is closed when
    the reading ends, and an :class:`ImportFileError` names the file."""
    reading = Lines(source)
    try:
        yield from read(reading)
    except ImportFileError as error:
        raise error.located(reading.path) from None
    finally:
        reading.close()


def check_delimiter(delimiter: str | None) -> None:
    """Refuse a delimiter that is not one character."""
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidValueError(
            f"The delimiter must be one character; got {delimiter!r}."
        )


class _Prefixed(io.RawIOBase):
    """``rest`` with ``head`` (already read from it) put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r\x0c")


def _check_head(head: bytes) -> None:
    """Refuse a file whose first kilobytes are not text: zero bytes, or more
    control characters than any export has."""
    if b"\x00" in head:
        line = head[: head.index(b"\x00")].count(b"\n") + 1
        raise _not_text(line, "it holds zero bytes")
    controls = len(head) - len(head.translate(None, _CONTROLS))
    if head and controls > max(8, len(head) // 100):
        raise _not_text(1, "it holds control characters near its start")


def _sniff_utf16(head: bytes) -> str:
    """UTF-16 without a byte-order mark when every other byte is zero (text in
    Latin letters), else UTF-8."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return "utf-8"
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) == 0:
        return "utf-16-be"
    return "utf-8"


def pick_delimiter(header: str) -> str:
    """The delimiter a header line uses: the most frequent of ``,`` ``;``
    tab and ``|`` outside quotes (``,`` when there is none)."""
    counts = dict.fromkeys(",;\t|", 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


class _Counted:
    """Lines handed to the csv module, counting what each record used."""

    def __init__(self, lines: Iterator[str], first: int) -> None:
        self._lines = lines
        self.line = first - 1
        self.start = first
        self.quotes = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line += 1
        self.quotes += line.count('"')
        return line

    def begin(self) -> None:
        self.start, self.quotes = self.line + 1, 0


def csv_rows(
    lines: Iterator[str], *, first: int, delimiter: str, width: int
) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record of ``lines`` (the first being file line ``first``) and
    the line it starts on; blank lines are skipped.

    Raises:
        ImportFileError: A quote is never closed (the record runs to the end
            of the file, or its cell runs over lines that look like rows), or
            a cell is longer than the csv module reads.
    """
    counted = _Counted(lines, first)
    reader = csv.reader(counted, delimiter=delimiter)
    while True:
        counted.begin()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                f"Line {counted.start} starts a cell that does not end: {error}. "
                "A quote opened there is probably never closed; close it (or "
                "remove it) and import again.",
                line=counted.start,
            ) from None
        if counted.line > counted.start:
            if counted.quotes % 2:
                raise _unclosed(counted.start, counted.line)
            for cell in row:
                if "\n" in cell and width > 2:
                    inner = cell.split("\n")[1:]
                    if any(part.count(delimiter) >= width - 1 for part in inner):
                        raise _unclosed(counted.start, counted.line)
        if row and (row[0].strip() or any(cell.strip() for cell in row)):
            yield counted.start, row


def _unclosed(start: int, end: int) -> ImportFileError:
    return ImportFileError(
        f"Line {start} opens a quote that is never closed: its cell runs over "
        f"the rows up to line {end}. Close the quote (or remove it) and import "
        "again.",
        line=start,
    )
