"""Building the plugin manager, listing and choosing plugins, and the one typed
adapter over the hooks.

There is no global plugin manager: :func:`get_plugin_manager` builds one per
:func:`careernet.open` call, and :class:`Hooks` wraps it so that the rest of
careernet calls each hook through one typed method and never touches
``pm.hook`` itself.

Plugins are registered in three groups, each able to take over from the
one before, because pluggy asks the latest registered first:

1. the builtin plugins, ordinary hook modules named in
   :data:`BUILTIN_PLUGINS` (their "who handles this" answers are also
   ``trylast``);
2. plugins installed in the ``careernet`` entry-point group, unless
   autoloading is off (``autoload=False``, or
   ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD`` set to anything but ``""``/``0``);
3. the plugins the application passes (``plugins=[...]``): what an
   application asks for explicitly wins over what happens to be installed.

Any plugin can be blocked by name (``block=`` or ``CAREERNET_PLUGINS_BLOCK``)
and the entry points limited to an allow-list (``allow=`` or
``CAREERNET_PLUGINS``); :func:`describe` lists what is loaded.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import inspect
import os
import pathlib
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

import attrs
import pluggy

from careernet import hookspecs
from careernet.errors import CareerNetError, PluginError

if TYPE_CHECKING:
    from careernet.domain import Change, Strategy
    from careernet.ical.feed import FeedStore
    from careernet.notify.digest import Digest
    from careernet.storage import Storage

__all__ = [
    "ALLOW_ENV",
    "BLOCK_ENV",
    "BUILTIN_PLUGINS",
    "DISABLE_AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "Hooks",
    "PluginInfo",
    "PluginWarning",
    "autoload_enabled",
    "describe",
    "get_plugin_manager",
]

ENTRY_POINT_GROUP: Final = "careernet"
"""The entry-point group installed plugins register in."""
DISABLE_AUTOLOAD_ENV: Final = "CAREERNET_DISABLE_PLUGIN_AUTOLOAD"
"""Set to anything but empty or ``0`` to load no installed plugins."""
BLOCK_ENV: Final = "CAREERNET_PLUGINS_BLOCK"
"""Comma-separated names of plugins not to load (builtin or installed)."""
ALLOW_ENV: Final = "CAREERNET_PLUGINS"
"""Comma-separated names of the only entry-point plugins to load."""

BUILTIN_PLUGINS: tuple[str, ...] = (
    "careernet.storage.memory",
    "careernet.storage.sqlite",
    "careernet.builtin_strategies",
    "careernet.notify.log",
    "careernet.notify.smtp",
)
"""Modules of the plugins that ship with careernet, registered first."""

T = TypeVar("T")


class PluginWarning(UserWarning):
    """A plugin looks wrong but careernet can go on without it."""


def autoload_enabled(*, autoload: bool | None = None) -> bool:
    """Whether entry-point plugins load: the argument, else the environment."""
    if autoload is not None:
        return autoload
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "") in ("", "0")


def _names(given: Iterable[str] | None, variable: str) -> frozenset[str] | None:
    """Plugin names from an argument, else from a comma-separated variable."""
    if given is None:
        value = os.environ.get(variable, "")
        if not value.strip():
            return None
        given = value.split(",")
    return frozenset(name.strip() for name in given if name.strip())


class _Manager(pluggy.PluginManager):
    """pluggy's manager, knowing where each plugin came from, and warning
    about undecorated ``careernet_*`` functions."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        self.distributions: dict[str, importlib.metadata.Distribution] = {}

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith("careernet_"):
            method = getattr(plugin, name, None)
            if inspect.isroutine(method):
                warnings.warn(
                    f"{_label(plugin)} defines {name}() without @hookimpl, so "
                    "careernet never calls it; decorate it with "
                    "careernet.hookimpl.",
                    PluginWarning,
                    stacklevel=2,
                )
        return opts


def _label(plugin: object) -> str:
    """A plugin's name for people: its module, or its class and module."""
    if inspect.ismodule(plugin):
        return plugin.__name__
    kind = type(plugin)
    return f"{kind.__module__}.{kind.__qualname__}"


def get_plugin_manager(
    plugins: Iterable[object] = (),
    *,
    autoload: bool | None = None,
    block: Iterable[str] | None = None,
    allow: Iterable[str] | None = None,
) -> pluggy.PluginManager:
    """A new plugin manager with the builtins, entry points and ``plugins``.

    Args:
        plugins: Plugin objects or modules the application passes; they are
            registered last, so their answers win.
        autoload: Load plugins from the ``careernet`` entry-point group;
            ``None`` follows ``CAREERNET_DISABLE_PLUGIN_AUTOLOAD``.
        block: Names of plugins not to load, builtin (their module name,
            such as ``"careernet.notify.smtp"``) or installed (the entry
            point's name); ``None`` follows ``CAREERNET_PLUGINS_BLOCK``.
        allow: If given, the only entry-point plugins to load; ``None``
            follows ``CAREERNET_PLUGINS``. Builtins and ``plugins`` are not
            affected.

    Raises:
        PluginError: A plugin implements a hook careernet does not define
            (usually a typo), or an installed plugin could not be loaded.
    """
    blocked = _names(block, BLOCK_ENV) or frozenset()
    allowed = _names(allow, ALLOW_ENV)
    pm = _Manager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    try:
        for name in BUILTIN_PLUGINS:
            if name not in blocked:
                pm.register(importlib.import_module(name), name=name)
        if autoload_enabled(autoload=autoload):
            _load_entry_points(pm, blocked, allowed)
        for plugin in plugins:
            if not pm.is_registered(plugin):  # a builtin passed again is harmless
                pm.register(plugin, name=_unique_name(pm, plugin))
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(_invalid(pm, error)) from error
    return pm


def _unique_name(pm: pluggy.PluginManager, plugin: object) -> str:
    """``plugin``'s label, numbered when another plugin has it already."""
    base = _label(plugin)
    name, number = base, 1
    while pm.has_plugin(name) or pm.is_blocked(name):
        number += 1
        name = f"{base}#{number}"
    return name


def _invalid(pm: pluggy.PluginManager, error: pluggy.PluginValidationError) -> str:
    """Say which plugin is invalid, how, and what it probably meant."""
    name = pm.get_name(error.plugin) or _label(error.plugin)
    message = str(error).removeprefix(f"Plugin {name!r}").strip(" :\n")
    message = message.replace(f"{error.plugin!r}", "").strip()
    known = [hook for hook in dir(hookspecs) if hook.startswith("careernet_")]
    unknown = [
        hook
        for hook in dir(error.plugin)
        if hook.startswith("careernet_") and hook not in known
    ]
    hint = ""
    for hook in unknown:
        close = difflib.get_close_matches(hook, known, n=1)
        if close:
            hint = f" Did you mean {close[0]}?"
            break
    return (
        f"The careernet plugin {name!r} is invalid: {message}.{hint} Check the "
        "hook's name and arguments against careernet.hookspecs, or set "
        f"{BLOCK_ENV}={name} to run without it."
    )


def _load_entry_points(
    pm: _Manager,
    blocked: frozenset[str],
    allowed: frozenset[str] | None,
) -> None:
    """Load the ``careernet`` entry points one by one, naming any that fails."""
    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name
    ):
        if entry_point.name in blocked or pm.has_plugin(entry_point.name):
            continue
        if allowed is not None and entry_point.name not in allowed:
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:
            dist = entry_point.dist.name if entry_point.dist else "an unknown package"
            raise PluginError(
                f"The careernet plugin {entry_point.name!r} ({entry_point.value}, "
                f"from {dist}) could not be loaded: {type(error).__name__}: "
                f"{error}. Reinstall or uninstall it, or set "
                f"{BLOCK_ENV}={entry_point.name} to run without it (or "
                f"{DISABLE_AUTOLOAD_ENV}=1 to load no installed plugin)."
            ) from error
        pm.register(plugin, name=entry_point.name)
        pm.distributions[entry_point.name] = entry_point.dist or _NO_DIST


_NO_DIST: Final = importlib.metadata.PathDistribution(pathlib.Path())
"""Stands for an entry point whose distribution is unknown."""


Origin = Literal["builtin", "installed", "application"]


@attrs.frozen(kw_only=True)
class PluginInfo:
    """One loaded plugin, as :func:`describe` and ``careernet plugins`` show it.

    Attributes:
        name: The name it is registered (and can be blocked) under.
        origin: ``"builtin"``, ``"installed"`` (an entry point) or
            ``"application"`` (passed in ``plugins=``).
        distribution: The installed package it comes from, if any.
        version: That package's version.
        hooks: The hooks it implements.
        locations: The storage locations it opens.
        scenarios: The scenarios it has strategies for.
        channels: The notification channels it delivers to.
    """

    name: str
    origin: Origin
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


def describe(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Every plugin ``pm`` holds, in the order they answer last to first.

    Builtins come first, then installed plugins, then the application's.
    """
    dists = pm.distributions if isinstance(pm, _Manager) else {}
    hooks = Hooks(pm)
    found = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        dist = dists.get(name)
        origin: Origin = (
            "builtin"
            if name in BUILTIN_PLUGINS
            else "installed"
            if name in dists
            else "application"
        )
        implemented = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ())
        found.append(
            PluginInfo(
                name=name,
                origin=origin,
                distribution=dist.metadata["name"] if dist is not None else None,
                version=dist.version if dist is not None else None,
                hooks=tuple(implemented),
                locations=tuple(hooks.names_from(plugin, "careernet_storage_schemes")),
                scenarios=tuple(hooks.names_from(plugin, "careernet_scenarios")),
                channels=tuple(hooks.names_from(plugin, "careernet_channels")),
            )
        )
    return found


class Hooks:
    """careernet's hooks, one typed method each, over a plugin manager.

    Everything in careernet calls plugins through this class (as tox does
    with its ``Plugin`` class), so each hook's calling convention lives in
    one place. Each plugin is called on its own, inside every wrapper of the
    hook, so that what one plugin does wrong is reported under its name: an
    exception or a result of the wrong type becomes a :class:`PluginError`
    naming the plugin and the hook.

    Attributes:
        pm: The plugin manager it calls.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    # -- calling ----------------------------------------------------------

    def _each(
        self, hook: str, plugins: Iterable[object] | None = None, **kwargs: object
    ) -> Iterator[tuple[str, object, Exception | None]]:
        """Call each implementation of ``hook`` alone, latest registered first.

        Yields each plugin's name, its result (``None`` included) and the
        exception it raised, if any; wrappers run around each call.
        ``plugins`` limits the call to those plugins.
        """
        caller = getattr(self.pm.hook, hook)
        impls = list(reversed(caller.get_hookimpls()))  # in call order
        wrapped = any(impl.hookwrapper or impl.wrapper for impl in impls)
        real = [impl for impl in impls if not (impl.hookwrapper or impl.wrapper)]
        chosen = real if plugins is None else [i for i in real if i.plugin in plugins]
        for impl in chosen:
            try:
                if wrapped:
                    alone = self.pm.subset_hook_caller(
                        hook, remove_plugins=[i.plugin for i in real if i is not impl]
                    )
                    result = alone(**kwargs)
                    if isinstance(result, list):  # a fan-out hook: [] or [value]
                        result = result[0] if result else None
                else:
                    result = impl.function(*[kwargs[arg] for arg in impl.argnames])
            except Exception as error:  # reported under the plugin's name
                yield impl.plugin_name, None, error
            else:
                yield impl.plugin_name, result, None

    def _checked(
        self, hook: str, plugins: Iterable[object] | None = None, **kwargs: object
    ) -> Iterator[tuple[str, object]]:
        """:meth:`_each`, raising a plugin's exception as a :class:`PluginError`."""
        for plugin, result, error in self._each(hook, plugins, **kwargs):
            if isinstance(error, CareerNetError):
                raise error  # careernet's own errors already say what went wrong
            if error is not None:
                raise _failed(plugin, hook, error) from error
            yield plugin, result

    def _first(
        self, hook: str, check: Callable[[str, object], T], **kwargs: object
    ) -> T | None:
        """The first non-``None`` answer, checked by ``check``."""
        for name, result in self._checked(hook, None, **kwargs):
            if result is not None:
                return check(name, result)
        return None

    def _names(self, hook: str, plugins: Iterable[object] | None = None) -> list[str]:
        """Every plugin's list of names for a "name what you provide" hook."""
        names: set[str] = set()
        for plugin, result in self._checked(hook, plugins):
            if result is None:
                continue
            if isinstance(result, str) or not isinstance(result, list | tuple):
                raise PluginError(
                    f"The careernet plugin {plugin!r} returned {result!r} from "
                    f"{hook}; it must return a list of names, such as "
                    f'["{result}"].'
                    if isinstance(result, str)
                    else f"The careernet plugin {plugin!r} returned {result!r} "
                    f"from {hook}; it must return a list of names."
                )
            for item in result:
                if not isinstance(item, str) or not item:
                    raise PluginError(
                        f"The careernet plugin {plugin!r} named {item!r} in {hook}; "
                        "every name must be non-empty text."
                    )
                names.add(item)
        return sorted(names)

    def names_from(self, plugin: object, hook: str) -> list[str]:
        """What one plugin names in a "name what you provide" hook."""
        return self._names(hook, [plugin])

    # -- the hooks --------------------------------------------------------

    def open_storage(self, location: str) -> Storage | None:
        """The storage the first plugin that handles ``location`` opens."""
        from careernet.storage import Storage  # noqa: PLC0415

        def check(plugin: str, storage: object) -> Storage:
            if not isinstance(storage, Storage):
                raise PluginError(
                    f"The careernet plugin {plugin!r} returned {storage!r} from "
                    "careernet_open_storage; it must return an object with the "
                    "methods of careernet.storage.Storage, or None."
                )
            return storage

        return self._first("careernet_open_storage", check, location=location)

    def storage_schemes(self) -> list[str]:
        """Every location scheme the plugins name, sorted."""
        return self._names("careernet_storage_schemes")

    def strategy(self, scenario: str) -> Strategy | None:
        """The first plugin's strategy for ``scenario``, if any has one."""
        from careernet.domain import Strategy  # noqa: PLC0415

        def check(plugin: str, strategy: object) -> Strategy:
            if not isinstance(strategy, Strategy):
                raise PluginError(
                    f"The careernet plugin {plugin!r} returned {strategy!r} from "
                    "careernet_strategy; it must return a "
                    "careernet.domain.Strategy, or None."
                )
            if strategy.scenario != scenario:
                raise PluginError(
                    f"The careernet plugin {plugin!r} answered careernet_strategy "
                    f"for '{scenario}' with the strategy for "
                    f"'{strategy.scenario}'; return None for scenarios it does "
                    "not provide."
                )
            return strategy

        return self._first("careernet_strategy", check, scenario=scenario)

    def scenarios(self) -> list[str]:
        """Every scenario the plugins name, sorted."""
        return self._names("careernet_scenarios")

    def channels(self) -> list[str]:
        """Every notification channel the plugins name, sorted."""
        return self._names("careernet_channels")

    def after_commit(
        self, network_id: str, version: int, change: Change, store: FeedStore
    ) -> None:
        """Tell every plugin about a commit, each on its own.

        Raises:
            PluginError: A plugin raised; the others were still told, and
                the commit stays committed.
        """
        failures = [
            (plugin, error)
            for plugin, _, error in self._each(
                "careernet_after_commit",
                network_id=network_id,
                version=version,
                change=change,
                store=store,
            )
            if error is not None
        ]
        if failures:
            plugin, error = failures[0]
            if isinstance(error, CareerNetError):
                raise error
            raise _failed(plugin, "careernet_after_commit", error) from error

    def notify(self, digest: Digest) -> tuple[bool, tuple[str, ...]]:
        """Offer ``digest`` to each notifier on its own; whether one delivered it.

        Each notifier is called alone, inside every wrapper of the hook (a
        plugin's ``wrapper=True`` or ``hookwrapper=True`` implementation
        runs around each delivery), so a notifier that raises does not stop
        the others. Only what a real notifier returns counts as a delivery,
        and the first one that delivers is the last one asked: a digest is
        sent once even when two plugins handle its channel.

        Returns:
            Whether any notifier delivered it, and one line per failure,
            naming the plugin.
        """
        delivered, errors = False, []
        for plugin, result, error in self._each("careernet_notify", digest=digest):
            if error is not None:  # a broken notifier must not stop the others
                errors.append(
                    f"plugin {plugin!r} failed: {type(error).__name__}: {error}"
                )
                continue
            if result:
                # The first notifier that delivers is the only one: a second
                # plugin for the same channel must not send the digest again.
                delivered = True
                errors.extend(self._also_handled(digest.channel.name, plugin))
                break
        if not delivered and not errors:
            errors.append(
                f"no notifier handles the {digest.channel.name!r} channel; install "
                "its plugin or remove the channel from the preferences"
            )
        return delivered, tuple(errors)

    def _also_handled(self, channel: str, delivered_by: str) -> list[str]:
        """A configuration error for each other plugin naming ``channel``.

        Two notifiers for one channel would send each digest twice; only the
        first is asked, and the others are reported so the seeker can block
        them.
        """
        others = [
            name
            for name, plugin in self.pm.list_name_plugin()
            if plugin is not None
            and name != delivered_by
            and channel in self.names_from(plugin, "careernet_channels")
        ]
        return [
            f"plugin {other!r} also handles the {channel!r} channel, which "
            f"{delivered_by!r} delivered; leave one of them out "
            f"({BLOCK_ENV}={other})"
            for other in others
        ]


def _failed(plugin: str, hook: str, error: Exception) -> PluginError:
    """The error to raise for a plugin whose hook raised unexpectedly."""
    return PluginError(
        f"The careernet plugin {plugin!r} failed in {hook}: "
        f"{type(error).__name__}: {error}. Fix or upgrade it, or set "
        f"{BLOCK_ENV}={plugin} to run without it."
    )
