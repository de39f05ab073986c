"""Being reminded: ``notify`` and the calendar feed (``serve-feed``)."""

from __future__ import annotations

import sys
from typing import Any

import click

from careernet.cli._app import db_option, main, opened, user_errors
from careernet.cli._out import console, say

__all__ = ["notify", "serve_feed"]


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@db_option
@user_errors
def notify(*, dry_run: bool, db: str | None) -> None:
    """Send each of your channels one digest of what is due.

    The log channel is this terminal: its digest is printed here. Other
    channels (set them with 'careernet prefs') are named with where their
    digest went.

    \b
    Examples:
      careernet notify --dry-run
      careernet notify
    """
    out = console()
    with opened(db) as network:
        report = network.notify(dry_run=dry_run)
        preferences = network.preferences
    if report.skipped:
        say(out, f"Nothing sent: {report.skipped}.")
        return
    if not report.channels:
        say(out, "Nothing is due.")
    for channel in report.channels:
        digest = channel.digest
        state = (
            "would send"
            if channel.dry_run
            else ("sent" if channel.delivered else "failed to send")
        )
        count = len(digest.notifications)
        things = "reminder" if count == 1 else "reminders"
        found = preferences.channel(channel.channel)
        address = found.address if found is not None else None
        where = (
            " here"
            if channel.channel == "log"
            else (f" to {address}" if address else "")
        )
        say(out, f"{channel.channel}: {state} {count} {things}{where}", style="bold")
        if channel.dry_run or channel.channel == "log":
            say(out, digest.text())
    for error in report.errors:
        click.echo(f"  ! {error}", err=True)
    if report.errors:
        sys.exit(1)


@main.command(name="serve-feed")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8808, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--base-url",
    help="The public address the feed is reached at (behind your web server).",
)
@click.option(
    "--rotate", is_flag=True, help="Give the feed a new secret address first."
)
@db_option
@user_errors
def serve_feed(
    *,
    host: str,
    port: int,
    base_url: str | None,
    rotate: bool,
    db: str | None,
) -> None:
    """Serve your calendar as a feed calendar applications can subscribe to.

    \b
    Examples:
      careernet serve-feed --port 8808
      careernet serve-feed --base-url https://feeds.example.org --rotate
    """
    from careernet.ical.feed import serve  # noqa: PLC0415

    with opened(db) as network:
        token = network.rotate_feed_token() if rotate else network.feed_token()
        store = network.store

        def ready(server: Any) -> None:
            base = base_url or f"http://{host}:{server.server_port}"
            address = f"{base.rstrip('/')}/feed/{token}.ics"
            https = address.replace("http://", "https://", 1) if base_url else address
            webcal = "webcal://" + address.split("://", 1)[1]
            click.echo(f"Serving the feed at {https}")
            click.echo(f"Subscribe with {webcal}")
            click.echo(
                "Keep the address secret; --rotate gives a new one. Ctrl-C stops."
            )

        try:
            serve(store, host=host, port=port, ready=ready)
        except KeyboardInterrupt:
            click.echo("Stopped.")
