"""The ``careernet`` command, a module per group of commands.

:mod:`~careernet.cli._app` holds the group, the options every command
shares, opening the store and turning errors into one line;
:mod:`~careernet.cli._out` writes for people (rich) and programs (JSON);
:mod:`~careernet.cli._resolve` finds the contact or meeting a word names.
The commands: :mod:`~careernet.cli.setup` (demo, init, seeker, goal, prefs),
:mod:`~careernet.cli.people` (contacts, show, add, edit, move,
archive, unarchive, remove, merge),
:mod:`~careernet.cli.log` (log ..., meetings), :mod:`~careernet.cli.reports`
(plan, ledger, funnel, intro), :mod:`~careernet.cli.data` (import, backup,
restore, export-ics, export-contacts, check), :mod:`~careernet.cli.imports`
(import-history, and the options imports share), :mod:`~careernet.cli.mail`
(mail import, mail sync), :mod:`~careernet.cli.reminders` (notify, serve-feed)
the calendar push :mod:`~careernet.cli.sync` and :mod:`~careernet.cli.plugins`.

Every command takes ``--db`` (default: ``$CAREERNET_DB``, else the embedded
store in the user data directory). Mistakes end with one line on stderr and
exit status 2.
"""

from __future__ import annotations

from careernet.cli import (
    data,
    imports,
    log,
    mail,
    people,
    plugins,
    reminders,
    reports,
    setup,
    sync,
)
from careernet.cli._app import main, run

__all__ = ["main", "run"]

COMMAND_MODULES = (
    setup,
    people,
    log,
    reports,
    data,
    imports,
    mail,
    reminders,
    plugins,
    sync,
)
"""The modules that add commands to :func:`main`, in the order of the docs."""
