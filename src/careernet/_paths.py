"""Where careernet keeps its files by default, and how it writes files."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from pathlib import Path

from careernet.errors import FileWriteError

__all__ = ["default_database", "user_data_dir", "write_private"]

APP = "careernet"


def user_data_dir() -> Path:
    """The platform's per-user data directory for careernet.

    ``$XDG_DATA_HOME/careernet`` (default ``~/.local/share/careernet``) on
    Linux and other Unixes, ``~/Library/Application Support/careernet`` on
    macOS, ``%LOCALAPPDATA%\\careernet`` on Windows.
    """
    if sys.platform == "win32":  # pragma: no cover - tested on Linux only
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP
    if sys.platform == "darwin":  # pragma: no cover
        return Path.home() / "Library" / "Application Support" / APP
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP


def default_database() -> Path:
    """The embedded default store: a SQLite file in the user data directory."""
    return user_data_dir() / "careernet.db"


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, readable by its owner only.

    The bytes go to a new temporary file (mode 0600) in the same folder,
    which is flushed to disk and then renamed over ``path``: readers see the
    old file or the new one, never half of one; a failure (a full disk)
    leaves an earlier file as it was; and a symbolic link at ``path`` is
    replaced, never followed.

    Raises:
        FileWriteError: The file could not be written; nothing changed at
            ``path``.
    """
    target = Path(os.fspath(path))
    try:
        if "\x00" in str(target):
            raise ValueError("embedded null byte")
        folder = target.parent
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=folder
        )
    except ValueError as error:
        raise FileWriteError(None, str(error), str(target)) from error
    except OSError as error:
        raise FileWriteError(
            error.errno, error.strerror or str(error), str(target)
        ) from error
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        Path(temporary).replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise FileWriteError(
            error.errno, error.strerror or str(error), str(target)
        ) from error
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Flush a rename in ``folder`` to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows, or no permission
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it
        pass
    finally:
        os.close(fd)
