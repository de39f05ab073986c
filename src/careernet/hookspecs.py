"""The hooks careernet calls, for plugin authors.

Mark implementations with :data:`hookimpl`::

    from careernet import hookimpl

    @hookimpl
    def careernet_open_storage(location):
        if location.startswith("redis://"):
            return RedisStorage(location)
        return None

and expose the module through the ``careernet`` entry-point group in your
package's ``pyproject.toml``::

    [project.entry-points.careernet]
    redis = "careernet_redis"

"Who handles this" hooks are ``firstresult``: careernet stops at the first
plugin that returns something other than ``None``. Plugins are asked in this
order: the plugins the application passes (``plugins=[...]``, the last one
passed first), then installed entry-point plugins, then the builtins (which
are also ``trylast``). So what an application asks for explicitly wins over
what happens to be installed, and either can take over from a builtin.
Fan-out hooks call every plugin, each on its own.

careernet calls every hook through :class:`careernet.plugins.Hooks`: a
plugin that raises, or returns something of the wrong type, is reported as
a :class:`careernet.PluginError` naming the plugin and the hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from careernet._markers import PROJECT, hookimpl, hookspec

if TYPE_CHECKING:
    from careernet.domain import Change, Strategy
    from careernet.ical.feed import FeedStore
    from careernet.notify import Digest
    from careernet.storage import Storage

__all__ = ["PROJECT", "hookimpl", "hookspec"]


@hookspec(firstresult=True)
def careernet_open_storage(location: str) -> Storage | None:
    """Open the storage for ``location``, if this plugin handles it.

    Stops at the first non-``None`` result.

    Args:
        location: What the application passed to :func:`careernet.open`, such
            as ``"memory:"``, ``"sqlite:///path/to.db"`` or
            ``"postgresql://..."``.

    Returns:
        An object meeting :class:`careernet.storage.Storage`, or ``None`` if
        the location is not this plugin's. Commits that remove records
        (archiving aside: removing and merging contacts) need it to declare
        :class:`careernet.storage.Removals` too.
    """


@hookspec
def careernet_storage_schemes() -> list[str]:  # type: ignore[empty-body]
    """Name the locations this plugin opens, for error messages and docs.

    Every plugin's list is gathered.

    Returns:
        Short descriptions such as ``["sqlite:///PATH", "PATH"]``.
    """


@hookspec(firstresult=True)
def careernet_strategy(scenario: str) -> Strategy | None:
    """Provide the strategy for ``scenario``, if this plugin has one.

    Stops at the first non-``None`` result; the builtin strategies answer
    last, so a plugin can replace one.

    Args:
        scenario: The goal's scenario name, such as ``"unemployed"``.
    """


@hookspec
def careernet_scenarios() -> list[str]:  # type: ignore[empty-body]
    """Name the scenarios this plugin has strategies for.

    Every plugin's list is gathered.
    """


@hookspec
def careernet_channels() -> list[str]:  # type: ignore[empty-body]
    """Name the notification channels this plugin delivers to.

    Every plugin's list is gathered, for ``careernet plugins`` and error
    messages.

    Returns:
        Channel names such as ``["slack"]``.
    """


@hookspec
def careernet_after_commit(
    network_id: str, version: int, change: Change, store: FeedStore
) -> None:
    """Called once after each change is committed to storage.

    Every commit careernet makes goes through one path
    (:meth:`careernet.Store.commit`): each command, each import, a JSON
    restore, the sample of ``careernet demo``, and the creation of a network
    (``version`` 0 when it starts empty, 1 when it starts with records).
    Every plugin is called. Exceptions propagate to the caller after the
    commit, which stays committed.

    Args:
        network_id: The network written to.
        version: The network's version after the commit.
        change: What was written.
        store: The store written to, as a reader of networks (its
            ``network(network_id)`` and ``now()``), for plugins that act on
            the network's new state, such as the calendar sync. An
            implementation that does not name it is not given it.
    """


@hookspec
def careernet_notify(digest: Digest) -> bool | None:
    """Deliver a digest of reminders, if it is for this plugin's channel.

    Every notifier plugin is offered every digest, each call on its own: a
    plugin that raises does not stop the others, and its error is reported
    and the digest tried again next run. Check ``digest.channel.name``.

    Args:
        digest: The notifications due on one channel; see
            :class:`careernet.notify.Digest` for the text and HTML renderings.

    Returns:
        ``True`` when this plugin delivered the digest, ``None`` when the
        channel is not its own. Raise when delivery failed.
    """
