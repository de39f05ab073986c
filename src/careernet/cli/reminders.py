"""Being reminded: ``notify`` and the calendar feed (``serve-feed``)."""

from __future__ import annotations

import sys

import click

import careernet
from careernet.cli._app import (
    db_option,
    json_option,
    local_file,
    location,
    main,
    missing_store,
    opened,
    user_errors,
)
from careernet.cli._out import console, print_json, say
from careernet.errors import UnknownNetworkError

__all__ = ["notify", "serve_feed"]


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@json_option
@db_option
@user_errors
def notify(*, dry_run: bool, as_json: bool, db: str | None) -> None:
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
    if as_json:
        print_json(report)
        return
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
    if report.given_up:
        click.echo(
            f"  ! {len(report.given_up)} reminder(s) failed too often and are no "
            "longer tried; fix the channel and set the preferences again.",
            err=True,
        )
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
    "--network",
    "network_id",
    metavar="ID",
    help="Whose address to print: by default the store's only network, or "
    "'default'. Every network's feed is served.",
)
@click.option(
    "--rotate", is_flag=True, help="Give the feed a new secret address first."
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1, max=3600),
    help="Seconds a silent connection is kept open.",
)
@db_option
@user_errors
def serve_feed(
    *,
    host: str,
    port: int,
    base_url: str | None,
    network_id: str | None,
    rotate: bool,
    timeout: float,
    db: str | None,
) -> None:
    """Serve your calendar as a feed calendar applications can subscribe to.

    Times are in your time zone (careernet prefs --timezone). Each request
    is logged to stderr, with the secret part of addresses left out.

    \b
    Examples:
      careernet serve-feed --port 8808
      careernet serve-feed --base-url https://feeds.example.org --rotate
    """
    import logging  # noqa: PLC0415

    from careernet.ical.feed import Listening, serve  # noqa: PLC0415

    where = location(db)
    path = local_file(where)
    if path is not None and not path.exists():
        raise missing_store(where)
    store = careernet.open_store(where)
    with store:
        network = store.network(_served_network(store.networks(), network_id, where))
        token = network.rotate_feed_token() if rotate else network.feed_token()

        def ready(server: Listening) -> None:
            base = base_url or f"http://{host}:{server.server_port}"
            address = f"{base.rstrip('/')}/feed/{token}.ics"
            https = address.replace("http://", "https://", 1) if base_url else address
            webcal = "webcal://" + address.split("://", 1)[1]
            click.echo(f"Serving the feed at {https}")
            click.echo(f"Subscribe with {webcal}")
            click.echo(
                "Keep the address secret; --rotate gives a new one. Ctrl-C stops."
            )

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        feed_log = logging.getLogger("careernet.feed")
        feed_log.addHandler(handler)
        feed_log.setLevel(logging.INFO)
        try:
            serve(store, host=host, port=port, ready=ready, timeout=timeout)
        except KeyboardInterrupt:
            click.echo("Stopped.")
        finally:
            feed_log.removeHandler(handler)


def _served_network(networks: list[str], wanted: str | None, where: str) -> str:
    """The network whose address serve-feed prints; never one it would create."""
    if wanted is not None:
        if wanted not in networks:
            raise UnknownNetworkError(f"No network called {wanted!r} in {where}.")
        return wanted
    if len(networks) == 1:
        return networks[0]
    if "default" in networks:
        return "default"
    if not networks:
        raise missing_store(where)
    raise UnknownNetworkError(
        f"{where} holds several networks ({', '.join(networks)}); "
        "choose one with --network."
    )
