"""Where careernet keeps its files by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["default_database", "user_data_dir"]

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
