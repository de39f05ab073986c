"""Building the plugin manager.

There is no global plugin manager: :func:`get_plugin_manager` builds one per
:func:`careernet.open` call. The builtin plugins are ordinary hook modules
registered from :data:`BUILTIN_PLUGINS`, exactly as external ones are; those
come from the ``careernet`` entry-point group unless autoloading is off
(``autoload=False``, or the environment variable
``CAREERNET_DISABLE_PLUGIN_AUTOLOAD`` set to anything but ``""``/``0``).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Iterable

import pluggy

from careernet import hookspecs
from careernet.errors import PluginError

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "autoload_enabled",
    "get_plugin_manager",
]

ENTRY_POINT_GROUP = "careernet"
DISABLE_AUTOLOAD_ENV = "CAREERNET_DISABLE_PLUGIN_AUTOLOAD"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "careernet.storage.memory",
    "careernet.storage.sqlite",
    "careernet.builtin_strategies",
    "careernet.notify.log",
    "careernet.notify.smtp",
)
"""Modules of the plugins that ship with careernet, registered first."""


def autoload_enabled(*, autoload: bool | None = None) -> bool:
    """Whether entry-point plugins load: the argument, else the environment."""
    if autoload is not None:
        return autoload
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "") in ("", "0")


def get_plugin_manager(
    plugins: Iterable[object] = (), *, autoload: bool | None = None
) -> pluggy.PluginManager:
    """A new plugin manager with the builtins, ``plugins`` and entry points.

    Args:
        plugins: Extra plugin objects or modules to register (after the
            builtins, before entry points).
        autoload: Load plugins from the ``careernet`` entry-point group;
            ``None`` follows ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD``.

    Raises:
        PluginError: A plugin implements a hook careernet does not define
            (usually a typo), or could not be loaded.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    try:
        for plugin in plugins:
            if not pm.is_registered(plugin):  # a builtin passed again is harmless
                pm.register(plugin)
        if autoload_enabled(autoload=autoload):
            _load_entry_points(pm)
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(
            f"Plugin {error.plugin!r} is invalid: {error}. Check the hook's "
            "name and arguments against careernet.hookspecs."
        ) from error
    return pm


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Load the ``careernet`` entry points one by one, naming any that fails."""
    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name
    ):
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name=entry_point.name)
        except pluggy.PluginValidationError:
            raise
        except Exception as error:
            dist = entry_point.dist.name if entry_point.dist else "an unknown package"
            raise PluginError(
                f"The careernet plugin {entry_point.name!r} ({entry_point.value}, "
                f"from {dist}) could not be loaded: {type(error).__name__}: "
                f"{error}. Reinstall or uninstall it, or set "
                f"{DISABLE_AUTOLOAD_ENV}=1 to skip entry-point plugins."
            ) from error
