"""Pushing the calendar to a CalDAV server: ``sync``."""

from __future__ import annotations

import attrs
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
    touches the others. Meetings you moved or cancelled in your calendar app
    are taken into careernet (with the same rules as any change); one moved
    there and changed in careernet too is reported, not guessed. The login
    comes from CAREERNET_CALDAV_USERNAME and CAREERNET_CALDAV_PASSWORD, or
    from a keyring entry for the service careernet-caldav; it is never
    stored or printed. Events of your own calendar with a contact among the
    attendees are listed, to record with careernet log meeting. With the caldav extra
    installed and CAREERNET_CALDAV_URL set, every change is pushed at once.

    \b
    Example:
      careernet sync --caldav https://caldav.fastmail.com/dav/calendars/user/me@example.com/Default/
    """
    from careernet.sync.plugin import (  # noqa: PLC0415
        arranged_elsewhere,
        sync_network,
        take_moves,
    )

    with opened(db) as network:
        report = sync_network(network.store, network.id, url)
        taken, refused = take_moves(network, report) if report.moved else ([], [])
        if taken:  # write careernet's version back, with its new SEQUENCE
            again = sync_network(network.store, network.id, url)
            report = attrs.evolve(
                report,
                updated=report.updated + again.updated,
                conflicts=again.conflicts + tuple(refused),
                moved=(),
            )
        elif refused:
            report = attrs.evolve(report, conflicts=report.conflicts + tuple(refused))
        offers = arranged_elsewhere(network.state, report)
    if as_json:
        print_json({"report": report, "arranged_elsewhere": offers})
        return
    out = console()
    say(
        out,
        f"Created {len(report.created)}, updated {len(report.updated)}, "
        f"deleted {len(report.deleted)}, unchanged {report.unchanged}; "
        f"left {report.foreign} other events alone.",
    )
    if taken:
        say(out, f"Took {len(taken)} meetings moved or cancelled in the calendar.")
    for conflict in report.conflicts:
        say(out, f"Not synced: {conflict.uid}: {conflict.reason}.")
    for offer in offers:
        start = offer.event.start
        when = f"{start:%Y-%m-%d %H:%M} " if start is not None else ""
        say(
            out,
            f"In your calendar, not in careernet: {when}{offer.event.summary} "
            f"with {offer.contact_name}; record it with careernet log meeting.",
        )
