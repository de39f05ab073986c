"""Setting up: the demo, your network (``init``, ``seeker``), your goal and
how you are reminded (``prefs``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import click
from rich.text import Text

import careernet
from careernet.cli._app import (
    DEFAULT_NETWORK,
    db_option,
    json_option,
    local_file,
    location,
    main,
    opened,
    suggest,
    user_errors,
    write,
)
from careernet.cli._out import console, grid, print_json, say, scenario_words
from careernet.cli._resolve import contact
from careernet.cli.reports import print_plan
from careernet.domain import Channel, Scenario, Seeker
from careernet.errors import InvalidValueError, UnknownScenarioError
from careernet.network import Network

__all__ = ["demo", "goal", "init", "prefs", "seeker"]

PLACEHOLDER = "Me"
"""The seeker's name in a network made before ``init`` (by an import)."""


def _free_name(path: Path) -> Path:
    """``path``, or the first ``name-N.suffix`` beside it that does not exist."""
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


@main.command()
@click.option("--db", default="careernet-demo.db", show_default=True, metavar="PATH")
@click.option("--ics", default="careernet-demo.ics", show_default=True, metavar="PATH")
@click.option(
    "--scenario",
    default=Scenario.UNEMPLOYED.value,
    show_default=True,
    help="unemployed, employed_confidential, career_change, internal_move or maintain.",
)
@user_errors
def demo(*, db: str, ics: str, scenario: str) -> None:
    """Build a sample network, print the week's plan and write its calendar.

    The demo only ever writes a new store: it refuses a file that already
    holds a network, and names a free one.

    \b
    Examples:
      careernet demo
      careernet demo --scenario employed_confidential --ics private.ics
    """
    from careernet.sample import sample_goal, sample_network  # noqa: PLC0415

    with careernet.open_store("memory:") as scratch:
        known = sorted(s.scenario for s in scratch.strategies)
    wanted = scenario.strip().casefold().replace("-", "_")
    if wanted not in known:
        raise UnknownScenarioError(
            f"No strategy for the scenario {scenario!r}; choose one of "
            f"{', '.join(known)}.{suggest(wanted, known)}"
        )
    scenario = wanted
    path = local_file(db)
    if path is not None and path.exists():
        with careernet.open_store(db) as existing:
            taken = bool(existing.networks())
        if taken:
            free = _free_name(path)
            raise InvalidValueError(
                f"{db} already holds a network, and the demo never touches one. "
                f"Run it with --db {free} (a free name), or remove {db} yourself."
            )
    now = dt.datetime.now(tz=dt.UTC)
    state = sample_network(now)
    state.apply(state.set_goal(sample_goal(scenario, now)))
    out = console()
    with careernet.open_store(db) as store:
        network = store.create(
            DEFAULT_NETWORK,
            state.seeker,
            records=list(state.records()),
            summary="demo",
        )
        say(
            out,
            f"A sample network for {network.seeker.name} "
            f"({scenario_words(scenario)}) in {db}.",
        )
        print_plan(out, network)
        network.export_ics(ics)
    where = str(path.resolve()) if path is not None else db
    say(out)
    say(out, f"The calendar is in {ics}; import it into any calendar application.")
    say(out, f"Explore it further: careernet plan --db {where}")


def _placeholder(network: Network) -> bool:
    seeker = network.seeker
    return (
        seeker.name == PLACEHOLDER
        and seeker.company is None
        and seeker.field is None
        and seeker.reports_to is None
    )


_ALIAS_HELP = "Another name of your employer (a spelling, a parent, a subsidiary)."
_UNRELATED_HELP = "An organisation whose name resembles your employer's but is not it."


@main.command()
@click.argument("name")
@click.option("--company", help="Your current employer.")
@click.option("--field", help="Your field of work.")
@click.option("--alias", "aliases", multiple=True, help=_ALIAS_HELP)
@click.option("--unrelated", multiple=True, help=_UNRELATED_HELP)
@click.option(
    "--timezone",
    metavar="ZONE",
    help="Your IANA time zone, such as Europe/Berlin, for calendars and reminders.",
)
@db_option
@user_errors
def init(
    *,
    name: str,
    company: str | None,
    field: str | None,
    aliases: tuple[str, ...],
    unrelated: tuple[str, ...],
    timezone: str | None,
    db: str | None,
) -> None:
    """Set up your network, with you at its centre.

    It only creates: on an existing network it changes nothing (use
    'careernet seeker' to change your details).

    \b
    Examples:
      careernet init "Alex Rivera" --company "Northwind Analytics" --alias NWA
      careernet init "Alex Rivera" --timezone Europe/Berlin
    """
    me = Seeker(
        name=name,
        company=company,
        field=field,
        aliases=frozenset(aliases),
        unrelated=frozenset(unrelated),
    )
    out = console()
    with opened(db, create=me) as network:
        current = network.seeker
        ready = f"Ready: {name}'s network is in {network.store.location}."
        if current is me:  # made just now
            if timezone is not None:
                write(network, lambda n: n.set_preferences(timezone=timezone))
            say(out, ready)
            return
        wanted: dict[str, object] = {
            k: v
            for k, v in (
                ("name", name),
                ("company", company),
                ("field", field),
                ("aliases", frozenset(aliases) or None),
                ("unrelated", frozenset(unrelated) or None),
            )
            if v is not None
        }
        if _placeholder(network):
            write(network, lambda n: n.set_seeker(**wanted))  # type: ignore[arg-type]
            if timezone is not None:
                write(network, lambda n: n.set_preferences(timezone=timezone))
            say(out, ready)
            return
        if all(getattr(current, k) == v for k, v in wanted.items()):
            say(
                out, f"Already set up: {name}'s network is in {network.store.location}."
            )
            return
        raise InvalidValueError(
            f"{location(db)} already holds {current.name}'s network, and init "
            "changes nothing there. Change your details with careernet seeker, "
            'for example: careernet seeker --name "New Name".'
        )


def _clearable(value: str | None) -> str | object | None:
    """An option's value: unchanged when left out, cleared when empty."""
    if value is None:
        return _KEEP
    return value.strip() or None


_KEEP = object()


@main.command()
@click.option("--name", help="Your name.")
@click.option("--company", help='Your current employer ("" for none).')
@click.option("--field", help='Your field of work ("" for none).')
@click.option(
    "--reports-to", metavar="CONTACT", help='Your manager, a contact ("" for none).'
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    help=_ALIAS_HELP + " Replaces the list; --alias '' clears it.",
)
@click.option(
    "--unrelated",
    multiple=True,
    help=_UNRELATED_HELP + " Replaces the list; --unrelated '' clears it.",
)
@json_option
@db_option
@user_errors
def seeker(
    *,
    name: str | None,
    company: str | None,
    field: str | None,
    reports_to: str | None,
    aliases: tuple[str, ...],
    unrelated: tuple[str, ...],
    as_json: bool,
    db: str | None,
) -> None:
    """Show your details, or change only the ones given.

    \b
    Examples:
      careernet seeker
      careernet seeker --company "Initech" --reports-to "Sam Boss"
      careernet seeker --company ""
    """
    out = console()
    with opened(db) as network:
        changes: dict[str, object] = {}
        for key, value in (("company", company), ("field", field)):
            cleared = _clearable(value)
            if cleared is not _KEEP:
                changes[key] = cleared
        if reports_to is not None:
            manager = reports_to.strip()
            changes["reports_to"] = contact(network, manager).id if manager else None
        for key, names in (("aliases", aliases), ("unrelated", unrelated)):
            if names:
                changes[key] = frozenset(n.strip() for n in names if n.strip())
        if name is not None or changes:
            write(network, lambda n: n.set_seeker(name=name, **changes))  # type: ignore[arg-type]
        me = network.seeker
        if as_json:
            print_json(me)
            return
        table = grid(None, 1)
        manager_name = network.contact(me.reports_to).name if me.reports_to else None
        rows = [
            ("name", me.name),
            ("company", me.company),
            ("field", me.field),
            ("reports to", manager_name),
        ]
        if me.aliases:
            rows.insert(2, ("also called", ", ".join(sorted(me.aliases))))
        if me.unrelated:
            rows.insert(3, ("not it", ", ".join(sorted(me.unrelated))))
        for label, value in rows:
            table.add_row(Text(label, style="bold"), value or "-")
        out.print(table)


@main.command()
@click.argument("scenario")
@click.option("--company", "companies", multiple=True, help="A target company.")
@click.option("--field", "fields", multiple=True, help="A field to explore.")
@click.option("--role", "roles", multiple=True, help="A target role.")
@click.option("--description", default="")
@click.option(
    "--hours", type=float, help="Your weekly time budget, in hours (up to 168)."
)
@json_option
@db_option
@user_errors
def goal(
    *,
    scenario: str,
    companies: tuple[str, ...],
    fields: tuple[str, ...],
    roles: tuple[str, ...],
    description: str,
    hours: float | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Set your goal (--json prints it); SCENARIO is unemployed, employed_confidential,
    career_change, internal_move or maintain (or a plugin's: see
    'careernet plugins').

    \b
    Example:
      careernet goal employed_confidential --company Globex --company Initech
    """
    if hours is not None and not 0 < hours <= 168:  # NaN fails both sides
        raise InvalidValueError(
            "--hours must be more than 0 and at most 168 (a whole week)."
        )
    out = console()
    with opened(db) as network:
        known = sorted(s.scenario for s in network.store.strategies)
        wanted = scenario.strip().casefold().replace("-", "_")
        if wanted not in known:
            raise UnknownScenarioError(
                f"No strategy for the scenario {scenario!r}; choose one of "
                f"{', '.join(known)}.{suggest(wanted, known)}"
            )
        made = write(
            network,
            lambda n: n.set_goal(
                wanted,
                description=description,
                target_companies=companies,
                target_fields=fields,
                target_roles=roles,
                weekly_minutes=round(hours * 60) if hours else None,
            ),
        )
        if as_json:
            print_json(made)
            out = console(stderr=True)
        else:
            say(
                out,
                f"Goal set: {scenario_words(made.scenario)}. "
                f"{network.strategy.summary}",
            )
        for advice in network.last_advice:
            say(out, f"  ! {advice.message}")


# -- reminders: prefs ---------------------------------------------------------------


def _time(text: str, option: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(
            f"{option} takes a time of day like 08:00; got {text!r}."
        ) from None


def _quiet(text: str) -> tuple[dt.time, dt.time] | None:
    if text.strip().casefold() in {"", "off", "none"}:
        return None
    start, dash, end = text.partition("-")
    if not dash:
        raise InvalidValueError(
            f"--quiet-hours takes START-END like 21:00-07:00, or off; got {text!r}."
        )
    return _time(start, "--quiet-hours"), _time(end, "--quiet-hours")


@main.command()
@click.option("--timezone", help="Your IANA time zone, such as Europe/Berlin.")
@click.option(
    "--channel",
    "channels",
    multiple=True,
    help="Where digests go (log, email, or a plugin's); repeat for several. "
    "Replaces the list.",
)
@click.option("--email", help="The address the email channel writes to.")
@click.option(
    "--email-private/--email-shared",
    default=None,
    help="Whether only you read that mailbox (then reminders may name people).",
)
@click.option("--quiet-hours", metavar="START-END", help="Like 21:00-07:00, or off.")
@click.option("--digest-time", metavar="HH:MM", help="No digest before this; or off.")
@json_option
@db_option
@user_errors
def prefs(  # noqa: PLR0912 - one branch per option
    *,
    timezone: str | None,
    channels: tuple[str, ...],
    email: str | None,
    email_private: bool | None,
    quiet_hours: str | None,
    digest_time: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Show how you are reminded, or change it: time zone, channels, e-mail
    address, quiet hours and digest time.

    \b
    Examples:
      careernet prefs
      careernet prefs --timezone Europe/Berlin --quiet-hours 21:00-07:00
      careernet prefs --channel log --channel email --email alex@example.org
    """
    out = console()
    with opened(db) as network:
        current = network.preferences
        known = network.store.hooks.channels()
        for name in channels:
            if name not in known:
                raise InvalidValueError(
                    f"No channel is called {name!r}; installed channels are "
                    f"{', '.join(known)}.{suggest(name, known)}"
                )
        if timezone is not None:
            try:
                zoneinfo.ZoneInfo(timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise InvalidValueError(
                    f"{timezone!r} is not a time zone; use an IANA name such as "
                    "Europe/Berlin or America/New_York."
                ) from None
        names = list(channels) or [c.name for c in current.channels]
        if email is not None and "email" not in names:
            names.append("email")
        changed_channels = None
        if channels or email is not None or email_private is not None:
            changed_channels = []
            for name in names:
                old = current.channel(name) or Channel(name=name)
                if name == "email":
                    old = Channel(
                        name="email",
                        address=old.address if email is None else email.strip() or None,
                        private=old.private if email_private is None else email_private,
                    )
                changed_channels.append(old)
        kwargs: dict[str, object] = {}
        if changed_channels is not None:
            kwargs["channels"] = changed_channels
        if timezone is not None:
            kwargs["timezone"] = timezone
        if quiet_hours is not None:
            kwargs["quiet_hours"] = _quiet(quiet_hours)
        if digest_time is not None:
            kwargs["digest_time"] = (
                None
                if digest_time.strip().casefold() in {"", "off", "none"}
                else _time(digest_time, "--digest-time")
            )
        if kwargs:
            write(network, lambda n: n.set_preferences(**kwargs))  # type: ignore[arg-type]
        now = network.preferences
        if as_json:
            print_json(now)
            return
        table = grid(None, 1)
        table.add_row(Text("time zone", style="bold"), now.timezone)
        for channel in now.channels:
            where = f" to {channel.address}" if channel.address else ""
            private = " (private)" if channel.private else ""
            shown = (
                "this terminal, when you run careernet notify"
                if channel.name == "log"
                else f"{channel.name}{where}{private}"
            )
            table.add_row(Text("channel", style="bold"), shown)
        quiet = (
            f"{now.quiet_start:%H:%M} to {now.quiet_end:%H:%M}"
            if now.quiet_start and now.quiet_end
            else "none"
        )
        table.add_row(Text("quiet hours", style="bold"), quiet)
        table.add_row(
            Text("digest", style="bold"),
            f"not before {now.digest_time:%H:%M}" if now.digest_time else "any time",
        )
        out.print(table)
