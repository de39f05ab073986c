"""careernet's pluggy markers, below every module that implements a hook.

Plugins import :data:`careernet.hookimpl` (the same object); the builtin
plugins import it from here, so that the modules defining the types the
hook specifications name (storage, notifications) never import the
specifications themselves.
"""

from __future__ import annotations

from typing import Final

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT: Final = "careernet"
"""The pluggy project name: hook names start with ``careernet_``."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (careernet's own use)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a hook implementation in a plugin."""
