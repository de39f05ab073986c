"""Pushing the calendar to a CalDAV server: ``sync``."""

from __future__ import annotations

import click

from careernet.cli._app import db_option, json_option, main, opened, user_errors
from careernet.cli._out import console, print_json, say

__all__ = ["sync"]


@main.command()
@click.option(
    "--caldav",
    "url",
    envvar="CAREERNET_CALDAV_URL",
    required=True,
    metavar="URL",
    help="The CalDAV calendar's address (default: $CAREERNET_CALDAV_URL).",
)
@db_option
@json_option
@user_errors
def sync(*, url: str, db: str | None, as_json: bool) -> None:
    """Push your meetings and follow-ups to your own CalDAV calendar now.

    Creates, updates and deletes the events careernet put there, and never
    touches the others. The login comes from CAREERNET_CALDAV_USERNAME and
    CAREERNET_CALDAV_PASSWORD, or from a keyring entry for the service
    careernet-caldav; it is never stored or printed. With the caldav extra
    installed and CAREERNET_CALDAV_URL set, every change is pushed at once.

    \b
    Example:
      careernet sync --caldav https://caldav.fastmail.com/dav/calendars/user/me@example.com/Default/
    """
    from careernet.sync.plugin import sync_network  # noqa: PLC0415

    with opened(db) as network:
        store = network.store
        report = sync_network(store, network.id, url)
    if as_json:
        print_json(report)
        return
    out = console()
    say(
        out,
        f"Created {len(report.created)}, updated {len(report.updated)}, "
        f"deleted {len(report.deleted)}, unchanged {report.unchanged}; "
        f"left {report.foreign} other events alone.",
    )
    for conflict in report.conflicts:
        say(
            out,
            f"Not written (changed on the server): {conflict.uid}: {conflict.reason}.",
        )
