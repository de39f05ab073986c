"""Building the plugin manager, and the one typed adapter over its hooks.

There is no global plugin manager: :func:`get_plugin_manager` builds one per
:func:`careernet.open` call, and :class:`Hooks` wraps it so that the rest of
careernet calls each hook through one typed method and never touches
``pm.hook`` itself. The builtin plugins are ordinary hook modules
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
from typing import TYPE_CHECKING

import pluggy

from careernet import hookspecs
from careernet.errors import PluginError

if TYPE_CHECKING:
    from careernet.domain import Change, Strategy
    from careernet.notify.digest import Digest
    from careernet.storage import Storage

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "Hooks",
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


class Hooks:
    """careernet's hooks, one typed method each, over a plugin manager.

    Everything in careernet calls plugins through this class (as tox does
    with its ``Plugin`` class), so each hook's calling convention (first
    result, fan-out, one plugin at a time) lives in one place.

    Attributes:
        pm: The plugin manager it calls.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def open_storage(self, location: str) -> Storage | None:
        """The storage the first plugin that handles ``location`` opens."""
        storage: Storage | None = self.pm.hook.careernet_open_storage(location=location)
        return storage

    def storage_schemes(self) -> list[str]:
        """Every location scheme the plugins name, sorted."""
        return sorted(
            {s for group in self.pm.hook.careernet_storage_schemes() for s in group}
        )

    def strategy(self, scenario: str) -> Strategy | None:
        """The first plugin's strategy for ``scenario``, if any has one."""
        strategy: Strategy | None = self.pm.hook.careernet_strategy(scenario=scenario)
        return strategy

    def scenarios(self) -> list[str]:
        """Every scenario the plugins name, sorted."""
        return sorted(
            {s for group in self.pm.hook.careernet_scenarios() for s in group}
        )

    def after_commit(self, network_id: str, version: int, change: Change) -> None:
        """Tell every plugin about a commit."""
        self.pm.hook.careernet_after_commit(
            network_id=network_id, version=version, change=change
        )

    def notify(self, digest: Digest) -> tuple[bool, tuple[str, ...]]:
        """Offer ``digest`` to each notifier on its own; whether one delivered it.

        Each notifier is called alone, inside every wrapper of the hook (a
        plugin's ``wrapper=True`` or ``hookwrapper=True`` implementation
        runs around each delivery), so a notifier that raises does not stop
        the others. Only what a real notifier returns counts as a delivery,
        and the first one that delivers is the last one asked: a digest is
        sent once even when two plugins handle its channel.

        Returns:
            Whether any notifier delivered it, and one line per failure.
        """
        caller = self.pm.hook.careernet_notify
        notifiers = [
            impl
            for impl in reversed(caller.get_hookimpls())  # in call order
            if not (impl.hookwrapper or impl.wrapper)
        ]
        delivered, errors = False, []
        for notifier in notifiers:
            alone = self.pm.subset_hook_caller(
                "careernet_notify",
                remove_plugins=[n.plugin for n in notifiers if n is not notifier],
            )
            try:
                results = alone(digest=digest)
            except Exception as error:  # a broken notifier must not stop the others
                errors.append(
                    f"{notifier.plugin_name}: {type(error).__name__}: {error}"
                )
                continue
            if any(results):
                # The first notifier that delivers is the only one: a second
                # plugin for the same channel must not send the digest again.
                delivered = True
                break
        if not delivered and not errors:
            errors.append(
                f"no notifier handles the {digest.channel.name!r} channel; install "
                "its plugin or remove the channel from the preferences"
            )
        return delivered, tuple(errors)
