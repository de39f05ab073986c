"""Reading text files the way people's exports are written."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

from careernet.errors import FileReadError, MissingFileError

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open text or binary file."""


def read_text(source: Source) -> str:
    """The whole text of ``source``: UTF-8 (with or without a byte-order mark),
    else Windows-1252, which is what older spreadsheet exports use.

    Raises:
        MissingFileError: ``source`` is a path to no file.
        FileReadError: ``source`` is a path that cannot be read.
    """
    if isinstance(source, str | os.PathLike):
        try:
            data: str | bytes = Path(source).read_bytes()
        except OSError as error:
            unreadable = (
                MissingFileError
                if isinstance(error, FileNotFoundError)
                else FileReadError
            )
            raise unreadable(
                error.errno, error.strerror or str(error), os.fspath(source)
            ) from error
    else:
        data = source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def lines_of(text: str) -> io.StringIO:
    """A file-like view of ``text`` for the csv module (newlines kept as read)."""
    return io.StringIO(text, newline="")
