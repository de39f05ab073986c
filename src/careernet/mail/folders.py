"""Reading headers from mail folders on disk: Maildir and mbox.

The standard library's :mod:`mailbox` finds the messages (a Maildir's files,
an mbox file's message boundaries); of each, only the header block is read
(see :mod:`careernet.mail._headers`).
"""

from __future__ import annotations

import errno
import mailbox
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final, Protocol

from careernet.domain.mail import MailHeaders
from careernet.errors import MailFolderError

from ._headers import parse_header_block, read_header_block

__all__ = ["LEFT_OUT_FOLDERS", "read_folder", "read_maildir", "read_mbox"]


class Readable(Protocol):
    """A message's file as :mod:`mailbox` opens it."""

    def read(self, size: int | None = ..., /) -> bytes:
        """Up to ``size`` bytes."""
        ...

    def close(self) -> None:
        """Close it."""


LEFT_OUT_FOLDERS: Final = frozenset(
    {
        "bulk mail",
        "deleted items",
        "deleted messages",
        "drafts",
        "junk",
        "junk e-mail",
        "junk email",
        "spam",
        "templates",
        "trash",
    }
)
"""Maildir++ subfolders a folder's reading leaves out (by their last name,
any case): nothing in them is an exchange the seeker had."""


def read_folder(path: str | os.PathLike[str]) -> Iterator[MailHeaders]:
    """The headers of every message in a Maildir (with its subfolders) or an
    mbox file, in the order the folder keeps them.

    Raises:
        MailFolderError: The path is missing, unreadable, or neither a
            Maildir (a folder holding ``cur`` and ``new``) nor an mbox file.
    """
    where = Path(path)
    if where.is_dir():
        return read_maildir(where)
    if where.is_file():
        return read_mbox(where)
    if where.exists():
        raise MailFolderError(
            errno.EINVAL,
            "not a Maildir folder or an mbox file",
            os.fspath(where),
        )
    raise MailFolderError(errno.ENOENT, "no such file or folder", os.fspath(where))


def read_maildir(path: str | os.PathLike[str]) -> Iterator[MailHeaders]:
    """The headers of a Maildir's messages, then of its Maildir++ subfolders'
    (except trash, junk, drafts and the like, :data:`LEFT_OUT_FOLDERS`).

    Raises:
        MailFolderError: The folder is not a Maildir or cannot be read.
    """
    where = Path(path)
    if not ((where / "cur").is_dir() and (where / "new").is_dir()):
        raise MailFolderError(
            errno.EINVAL,
            "not a Maildir folder (it has no cur and new folders inside)",
            os.fspath(where),
        )
    # Checked here, not when the first message is asked for.
    for inner in ("cur", "new"):
        if not os.access(where / inner, os.R_OK | os.X_OK):
            raise MailFolderError(errno.EACCES, "permission denied", os.fspath(where))
    return _maildir_messages(where)


def _maildir_messages(where: Path) -> Iterator[MailHeaders]:
    folder = mailbox.Maildir(where, factory=None, create=False)
    yield from _messages(folder, where)
    try:
        names = sorted(folder.list_folders())
    except OSError as error:
        raise _folder_error(error, where) from error
    for name in names:
        if name.rsplit(".", 1)[-1].casefold() in LEFT_OUT_FOLDERS:
            continue
        yield from _messages(folder.get_folder(name), where / f".{name}")


def _messages(folder: mailbox.Maildir, where: Path) -> Iterator[MailHeaders]:
    try:
        keys = list(folder.iterkeys())
    except OSError as error:
        raise _folder_error(error, where) from error
    for key in keys:
        try:
            file = folder.get_file(key)
        except (KeyError, FileNotFoundError):
            continue  # moved or deleted by a mail program since the listing
        except OSError as error:
            raise _folder_error(error, where) from error
        yield _read(file, where)


def read_mbox(path: str | os.PathLike[str]) -> Iterator[MailHeaders]:
    """The headers of an mbox file's messages.

    Raises:
        MailFolderError: The file is not an mbox file (it does not start with
            a ``From`` line) or cannot be read.
    """
    where = Path(path)
    try:
        with where.open("rb") as file:
            start = file.read(5)
    except OSError as error:
        raise _folder_error(error, where) from error
    if start and start != b"From ":
        raise MailFolderError(
            errno.EINVAL,
            "not an mbox file (it does not start with a 'From ' line)",
            os.fspath(where),
        )
    return _mbox_messages(where)


def _mbox_messages(where: Path) -> Iterator[MailHeaders]:
    folder = mailbox.mbox(where, factory=None, create=False)
    try:
        keys = list(folder.iterkeys())
        for key in keys:
            yield _read(folder.get_file(key), where)
    except OSError as error:
        raise _folder_error(error, where) from error
    finally:
        folder.close()


def _read(file: Readable, where: Path) -> MailHeaders:
    try:
        return parse_header_block(read_header_block(file))
    except OSError as error:
        raise _folder_error(error, where) from error
    finally:
        file.close()


def _folder_error(error: OSError, where: Path) -> MailFolderError:
    return MailFolderError(
        error.errno,
        error.strerror or str(error),
        os.fspath(error.filename or where),
    )
