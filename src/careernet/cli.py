"""The ``careernet`` command.

Every command takes ``--db`` (default: the embedded store in the user data
directory, or ``$CAREERNET_DB``). Mistakes (an unknown contact, a refused
move, a bad file) end with one line on stderr and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from careernet.errors import (
    AmbiguousNameError,
    CareerNetError,
    InvalidValueError,
    MissingDependencyError,
    TransitionError,
    UnknownIdError,
)

try:
    import click
except ImportError:  # pragma: no cover - depends on the installation
    raise MissingDependencyError(
        "The careernet command", "click", extra="cli"
    ) from None

import careernet
from careernet.domain import (
    Contact,
    HelpKind,
    InteractionKind,
    MeetingKind,
    MeetingStatus,
    Ring,
    Scenario,
)
from careernet.network import Network

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = (
    "The store: a SQLite file or any location a plugin handles. Default: "
    "$CAREERNET_DB, else careernet.db in the user data directory."
)


def _db_option(function: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar="CAREERNET_DB",
        default=None,
        metavar="PATH",
        help=DB_HELP,
    )(function)


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _user_errors(function: F) -> F:
    """Turn careernet's errors into one line and exit status 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CareerNetError as error:
            _fail(str(error))
        except OSError as error:  # a file that cannot be written or read
            where = f": {error.filename}" if error.filename else ""
            _fail(f"{error.strerror or error}{where}.")

    return wrapper  # type: ignore[return-value]


@contextmanager
def _network(db: str | None) -> Iterator[Network]:
    with careernet.open(db) as network:
        yield network


def _contact(network: Network, who: str) -> Contact:
    """A contact by id, or by a unique part of the name."""
    if who in network.state.contacts:
        return network.contact(who)
    found = network.find(who)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UnknownIdError(
            "contact",
            who,
            message=f"No contact matches {who!r}; check the name with "
            "'careernet plan' or add them with 'careernet add'.",
        )
    names = ", ".join(f"{c.name} ({c.id[:8]})" for c in found[:5])
    raise AmbiguousNameError(
        f"{who!r} matches several contacts: {names}. Be more precise."
    )


def _when(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(
            f"{text!r} is not a date and time; write it like 2026-11-27T10:30+01:00."
        ) from None
    return when if when.tzinfo else when.astimezone()


def _choice(enum: type[Any]) -> click.Choice[str]:
    return click.Choice([member.name.lower() for member in enum], case_sensitive=False)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(package_name="careernet")
def main() -> None:
    """Strategic career networking: rings, goals, a ledger, and what to do next.

    \b
    Start with the demo, which builds a sample network and its plan:
      careernet demo
    Then make your own:
      careernet init "Alex Rivera" --company "Northwind Analytics"
      careernet add "Ken Watanabe" --company Globex --role "Engineering Manager"
      careernet goal unemployed --company Globex
      careernet plan
    """


# -- the demo -----------------------------------------------------------------


@main.command()
@click.option("--db", default="careernet-demo.db", show_default=True, metavar="PATH")
@click.option("--ics", default="careernet-demo.ics", show_default=True, metavar="PATH")
@click.option(
    "--scenario",
    type=click.Choice([s.value for s in Scenario]),
    default=Scenario.UNEMPLOYED.value,
    show_default=True,
)
@_user_errors
def demo(*, db: str, ics: str, scenario: str) -> None:
    """Build a sample network, print the week's plan and write its calendar.

    \b
    Examples:
      careernet demo
      careernet demo --scenario employed_confidential --ics private.ics
    """
    from careernet.sample import sample_goal, sample_network  # noqa: PLC0415

    now = dt.datetime.now(tz=dt.UTC)
    state = sample_network(now)
    state.apply(state.set_goal(sample_goal(scenario, now)))
    with careernet.open_store(db) as store:
        if "default" in store.networks():
            store.delete("default")
        network = store.create(
            "default", state.seeker, records=list(state.records()), summary="demo"
        )
        click.echo(f"A sample network for {network.seeker.name} ({scenario}) in {db}.")
        _print_plan(network)
        network.export_ics(ics)
    click.echo(f"\nThe calendar is in {ics}; import it into any calendar application.")
    click.echo(f"Explore it further: careernet plan --db {db}")


# -- building a network ---------------------------------------------------------


@main.command()
@click.argument("name")
@click.option("--company", help="Your current employer.")
@click.option("--field", help="Your field of work.")
@_db_option
@_user_errors
def init(*, name: str, company: str | None, field: str | None, db: str | None) -> None:
    """Set up your network, with you at its centre.

    \b
    Example:
      careernet init "Alex Rivera" --company "Northwind Analytics"
    """
    with _network(db) as network:
        network.set_seeker(name=name, company=company, field=field)
        click.echo(f"Ready: {name}'s network is in {network.store.location}.")


@main.command()
@click.argument("name")
@click.option("--ring", type=_choice(Ring), default="cold", show_default=True)
@click.option("--company")
@click.option("--role")
@click.option("--field")
@click.option("--email", "emails", multiple=True, help="Repeat for several.")
@click.option("--tag", "tags", multiple=True, help="Repeat for several.")
@click.option("--how-met")
@click.option("--tribe", is_flag=True, help="They carry you through a pivot.")
@click.option("--fan-club", is_flag=True, help="They cheer you on.")
@_db_option
@_user_errors
def add(
    *,
    name: str,
    ring: str,
    company: str | None,
    role: str | None,
    field: str | None,
    emails: tuple[str, ...],
    tags: tuple[str, ...],
    how_met: str | None,
    tribe: bool,
    fan_club: bool,
    db: str | None,
) -> None:
    """Add a contact.

    \b
    Example:
      careernet add "Ken Watanabe" --company Globex --role "Engineering Manager"
    """
    with _network(db) as network:
        contact = network.add_contact(
            name,
            ring=Ring[ring.upper()],
            company=company,
            role=role,
            field=field,
            emails=emails,
            tags=tags,
            how_met=how_met,
            tribe=tribe,
            fan_club=fan_club,
        )
        click.echo(
            f"Added {contact.name} ({contact.ring.name.lower()}), id {contact.id}."
        )
        _advice(network)


@main.group()
def log() -> None:
    """Log what happened: a meeting, a give, an ask, thanks, a reply, a decline."""


def _interaction(kind: InteractionKind, verb: str) -> None:
    @log.command(
        name=kind.value,
        help=f"Log that {verb}.\n\n\b\nExample:\n  careernet log {kind.value} Ken",
    )
    @click.argument("contact")
    @click.option("--note", default="")
    @_db_option
    @_user_errors
    def command(*, contact: str, note: str, db: str | None) -> None:
        with _network(db) as network:
            who = _contact(network, contact)
            network.log(who.id, kind, note=note)
            click.echo(f"Logged: {kind.value} with {who.name}.")
            _advice(network)


for _kind, _verb in (
    (InteractionKind.OUTREACH, "you reached out"),
    (InteractionKind.REPLY, "they replied"),
    (InteractionKind.NUDGE, "you nudged them once"),
    (InteractionKind.DECLINE, "they declined (some will, some won't: so what, next)"),
    (InteractionKind.MESSAGE, "you exchanged messages"),
):
    _interaction(_kind, _verb)


def _ledger(name: str, verb: str, method: str) -> None:
    @log.command(
        name=name,
        help=(
            f"Record {verb}.\n\n\b\nExample:\n  careernet log {name} Ken "
            '"An article about their field"'
        ),
    )
    @click.argument("contact")
    @click.argument("what")
    @click.option("--help-kind", type=_choice(HelpKind), default="other")
    @_db_option
    @_user_errors
    def command(*, contact: str, what: str, help_kind: str, db: str | None) -> None:
        with _network(db) as network:
            who = _contact(network, contact)
            if method == "thank":
                network.thank(who.id, what)
            else:
                getattr(network, method)(who.id, what, help=HelpKind[help_kind.upper()])
            click.echo(f"Recorded: {name} with {who.name}.")
            _advice(network)


for _name, _what, _method in (
    ("give", "something you gave", "give"),
    ("ask", "something you asked for", "ask"),
    ("received", "help you received", "receive"),
    ("thanks", "thanks you expressed", "thank"),
):
    _ledger(_name, _what, _method)


@log.command()
@click.argument("contact")
@click.argument("when")
@click.option("--purpose", required=True, help="Why you asked to meet.")
@click.option("--kind", type=_choice(MeetingKind), default="coffee", show_default=True)
@click.option("--outcome", default="", help="What you hope to come away with.")
@click.option("--question", "questions", multiple=True, help="Repeat for several.")
@click.option("--location")
@_db_option
@_user_errors
def meeting(
    *,
    contact: str,
    when: str,
    purpose: str,
    kind: str,
    outcome: str,
    questions: tuple[str, ...],
    location: str | None,
    db: str | None,
) -> None:
    """Arrange a meeting (WHEN like 2026-11-27T10:30).

    \b
    Example:
      careernet log meeting Ken 2026-11-27T10:30 \\
        --purpose "Learn about the data team" \\
        --question "What kinds of teams could use my analytics?"
    """
    with _network(db) as network:
        who = _contact(network, contact)
        made = network.schedule_meeting(
            who.id,
            _when(when),
            purpose=purpose,
            kind=MeetingKind[kind.upper()],
            outcome_sought=outcome,
            questions=questions,
            location=location,
        )
        click.echo(f"Arranged: {made.kind.value} with {who.name}, id {made.id}.")
        _advice(network)


@log.command()
@click.argument("meeting_id")
@click.argument("when")
@_db_option
@_user_errors
def reschedule(*, meeting_id: str, when: str, db: str | None) -> None:
    """Move a meeting to another time (WHEN like 2026-11-27T10:30).

    A meeting that took place earlier than planned is moved to when it
    happened before it is recorded as held.

    \b
    Example:
      careernet log reschedule MEETING_ID 2026-11-28T15:00
    """
    with _network(db) as network:
        moved = network.reschedule_meeting(meeting_id, _when(when))
        who = network.contact(moved.contact_id)
        click.echo(
            f"Moved: {moved.kind.value} with {who.name} to "
            f"{moved.scheduled_at.isoformat(timespec='minutes')}."
        )


@log.command()
@click.argument("meeting_id")
@click.argument("result", type=_choice(MeetingStatus))
@click.option("--notes")
@click.option("--referral", "referrals", multiple=True, help="A name they suggested.")
@_db_option
@_user_errors
def result(
    *,
    meeting_id: str,
    result: str,
    notes: str | None,
    referrals: tuple[str, ...],
    db: str | None,
) -> None:
    """Record how a meeting went (held, declined, no_response, cancelled).

    \b
    Example:
      careernet log result MEETING_ID held --referral "Noor Ali"
    """
    with _network(db) as network:
        done = network.record_meeting(
            meeting_id, MeetingStatus[result.upper()], notes=notes, referrals=referrals
        )
        click.echo(f"Recorded: the meeting was {done.status.name.lower()}.")
        _advice(network)


@main.command()
@click.argument("contact")
@click.argument("ring", type=_choice(Ring))
@click.option("--reason", help="Why, for the history.")
@click.option("--override", help="Set the funnel's rules aside, saying why.")
@_db_option
@_user_errors
def move(
    *, contact: str, ring: str, reason: str | None, override: str | None, db: str | None
) -> None:
    """Move a contact to another ring (inward: one ring, with evidence).

    \b
    Example:
      careernet move Ken lukewarm
      careernet move Ken buddy --override "championed me at the board meeting"
    """
    with _network(db) as network:
        who = _contact(network, contact)
        try:
            moved = network.move(
                who.id, Ring[ring.upper()], reason=reason, override=override
            )
        except TransitionError as error:
            if not error.overridable:
                raise
            _fail(f'{error.reason} To move anyway, add --override "<why>".')
        click.echo(
            f"Moved {who.name} from {moved.from_ring.name} to {moved.to_ring.name}."
        )
        _advice(network)


@main.command()
@click.argument("scenario")
@click.option("--company", "companies", multiple=True, help="A target company.")
@click.option("--field", "fields", multiple=True, help="A field to explore.")
@click.option("--role", "roles", multiple=True, help="A target role.")
@click.option("--description", default="")
@click.option("--hours", type=float, help="Your weekly time budget.")
@_db_option
@_user_errors
def goal(
    *,
    scenario: str,
    companies: tuple[str, ...],
    fields: tuple[str, ...],
    roles: tuple[str, ...],
    description: str,
    hours: float | None,
    db: str | None,
) -> None:
    """Set your goal; SCENARIO is unemployed, employed_confidential,
    career_change, internal_move or maintain (or a plugin's).

    \b
    Example:
      careernet goal employed_confidential --company Globex --company Initech
    """
    if hours is not None and hours <= 0:
        raise InvalidValueError("--hours must be more than 0.")
    with _network(db) as network:
        made = network.set_goal(
            scenario,
            description=description,
            target_companies=companies,
            target_fields=fields,
            target_roles=roles,
            weekly_minutes=round(hours * 60) if hours else None,
        )
        click.echo(f"Goal set: {made.scenario}. {network.strategy.summary}")


# -- importing ---------------------------------------------------------------------


@main.command(name="import")
@click.argument("kind", type=click.Choice(["linkedin", "vcard", "csv"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--ring", type=_choice(Ring), help="The ring new contacts join.")
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    help="For csv: which column holds a field, e.g. name='Full name'.",
)
@_db_option
@_user_errors
def import_(
    *, kind: str, file: str, ring: str | None, columns: tuple[str, ...], db: str | None
) -> None:
    """Import contacts from LinkedIn's Connections.csv, a vCard file or a CSV.

    \b
    Examples:
      careernet import linkedin Connections.csv
      careernet import vcard contacts.vcf --ring lukewarm
      careernet import csv people.csv --column name=Name --column email=E-mail
    """
    from careernet.importers import (  # noqa: PLC0415
        DEFAULT_RINGS,
        read_csv,
        read_linkedin,
        read_vcards,
    )

    if kind == "csv":
        mapping = dict(column.split("=", 1) for column in columns if "=" in column)
        if not mapping:
            raise InvalidValueError("For csv, map columns with --column FIELD=HEADER.")
        reader = read_csv(file, columns=mapping)
    else:
        reader = read_linkedin(file) if kind == "linkedin" else read_vcards(file)
    people = _primed(reader)  # a file that is not what it claims fails here
    with (
        _network(db) as network,
        click.progressbar(
            length=0, label="Importing", show_pos=True, file=sys.stderr
        ) as bar,
    ):
        last = [0]

        def progress(done: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        report = network.import_contacts(
            people,
            ring=Ring[ring.upper()] if ring else DEFAULT_RINGS[kind],
            progress=progress,
        )
    click.echo(f"Imported: {report.summary()}.")
    for merge in report.merged:
        click.echo(
            f"  merged line {merge.line} into {merge.name} "
            f"(same {merge.matched_by.value})"
        )
    for rejected in report.rejected:
        click.echo(f"  line {rejected.line}: {rejected.reason}")


# -- mail ------------------------------------------------------------------------------


@main.group()
def mail() -> None:
    """Keep the network current from your e-mail's headers, never its contents.

    Only From, To, Cc, Date, Message-ID, In-Reply-To, References, List-Id,
    Auto-Submitted and Precedence are read. Mailing lists, bulk and
    automatic mail, no-reply senders and messages to many people are left
    out; so is mail with your employer while your search is confidential.
    """


def _mail_options(function: F) -> F:
    for option in reversed(
        (
            click.option(
                "--me",
                "me",
                multiple=True,
                envvar="CAREERNET_MAIL_ME",
                metavar="ADDRESS",
                help="One of your own addresses (repeat for each; or "
                "$CAREERNET_MAIL_ME, separated by spaces).",
            ),
            click.option(
                "--max-recipients",
                type=click.IntRange(min=1),
                default=None,
                help="Leave out messages to more people than this (default 10).",
            ),
            click.option(
                "--include-employer",
                is_flag=True,
                help="Record mail with your current employer even while your "
                "search is confidential.",
            ),
            click.option(
                "--employer-domain",
                "employer_domains",
                multiple=True,
                metavar="DOMAIN",
                help="A mail domain of your current employer (repeatable).",
            ),
            click.option(
                "--dry-run", is_flag=True, help="Show what would be recorded."
            ),
        )
    ):
        function = option(function)
    return function


def _import_mail(db: str | None, source: Any, **options: Any) -> None:
    with (
        _network(db) as network,
        click.progressbar(
            length=0, label="Reading headers", show_pos=True, file=sys.stderr
        ) as bar,
    ):
        last = [0]

        def progress(done: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        report = network.import_mail(source, progress=progress, **options)
    count = len(report.recorded)
    noun = "interaction" if count == 1 else "interactions"
    read = f"{report.read} {'message' if report.read == 1 else 'messages'}"
    if report.dry_run:
        click.echo(
            f"Read {read}; would record {count} {noun} (dry run: nothing written)."
        )
    else:
        click.echo(f"Read {read}; recorded {count} {noun}.")
    if report.skipped:
        click.echo("Left out:")
        for reason, number in sorted(
            report.skipped.items(), key=lambda item: (-item[1], item[0].value)
        ):
            click.echo(f"  {number:>6}  {reason.value}")
    if report.possible_contacts:
        click.echo("You wrote more than once to these people, who are not contacts:")
        for person in report.possible_contacts:
            who = f"{person.name} <{person.address}>" if person.name else person.address
            click.echo(f"  {who} ({person.messages} messages)")
        click.echo("Add them with 'careernet add NAME --email ADDRESS' if you like.")


@mail.command(name="import")
@click.argument("path", type=click.Path(exists=True))
@_mail_options
@_db_option
@_user_errors
def mail_import(*, path: str, db: str | None, **options: Any) -> None:
    """Record interactions from a Maildir folder or an mbox file.

    Reading the same mail again records nothing twice.

    \b
    Examples:
      careernet mail import ~/Maildir --me alex@example.org
      careernet mail import Sent.mbox --me alex@example.org --dry-run
    """
    _import_mail(db, path, **options)


@mail.command(name="sync")
@click.option(
    "--imap",
    "url",
    required=True,
    metavar="URL",
    help="The account, as imaps://USER@HOST[:PORT] (imap:// for STARTTLS).",
)
@click.option(
    "--folder",
    "folders",
    multiple=True,
    help="A folder to read (repeatable); default: the inbox and sent mail.",
)
@_mail_options
@_db_option
@_user_errors
def mail_sync(
    *, url: str, folders: tuple[str, ...], db: str | None, **options: Any
) -> None:
    """Record interactions from what arrived in an IMAP account since last time.

    The password comes from $CAREERNET_IMAP_PASSWORD or your keyring
    (service "careernet", user USER@HOST); it is never stored or shown. Only
    the header fields above are fetched, never a message's body.

    \b
    Examples:
      CAREERNET_IMAP_PASSWORD=... careernet mail sync --imap imaps://alex@example.org@imap.example.org
      careernet mail sync --imap imaps://alex@imap.example.org --me alex@example.org
    """
    from careernet.mail import ImapAccount  # noqa: PLC0415

    account = ImapAccount.from_url(url, folders=folders)
    _import_mail(db, account, **options)


# -- reading ---------------------------------------------------------------------------


def _primed(people: Iterator[Any]) -> Iterator[Any]:
    """The same items, with the reader's first step (and its checks) done now."""
    try:
        first = next(people)
    except StopIteration:
        return iter(())
    return itertools.chain([first], people)


def _print_plan(network: Network, *, everything: bool = False) -> None:
    week = network.plan()
    click.echo(
        f"\nThe week's plan: {week.planned_minutes} of {week.budget_minutes} minutes "
        f"({week.committed_minutes} already in meetings), {week.scenario}."
    )
    rows = week.actions + (week.deferred if everything else ())
    if not rows and not week.deferred:
        click.echo("  Nothing to do: the network is in good shape.")
    elif not rows:
        click.echo("  Nothing fits this week's budget.")
    for number, action in enumerate(rows, 1):
        late = " (deferred)" if action in week.deferred else ""
        click.echo(f"{number:3}. {action.kind.value:<14} {action.reason}{late}")
    if week.deferred and not everything:
        click.echo(
            f"  ...and {len(week.deferred)} more that do not fit the week (--all)."
        )
    for advice in week.advice:
        click.echo(f"  ! {advice.message}")


def _advice(network: Network) -> None:
    for advice in network.last_advice:
        click.echo(f"  ! {advice.message}")


@main.command()
@click.option("--all", "everything", is_flag=True, help="Show what does not fit too.")
@_db_option
@_user_errors
def plan(*, everything: bool, db: str | None) -> None:
    """Show the week's next actions, each with its reason.

    \b
    Examples:
      careernet plan
      careernet plan --all --db careernet-demo.db
    """
    with _network(db) as network:
        _print_plan(network, everything=everything)


@main.command()
@_db_option
@_user_errors
def ledger(*, db: str | None) -> None:
    """Show what you gave and asked, per contact, and the thanks you owe.

    \b
    Example:
      careernet ledger
    """
    with _network(db) as network:
        click.echo(
            f"{'contact':<28} {'gave':>5} {'asked':>6} {'received':>9} "
            f"{'thanks':>7} {'net':>5}"
        )
        for contact in network.contacts:
            b = network.balance(contact.id)
            if b.gives or b.asks or b.received or b.thanks:
                click.echo(
                    f"{contact.name[:28]:<28} {b.gives:>5} {b.asks:>6} {b.received:>9} "
                    f"{b.thanks:>7} {b.net:>+5}"
                )
        total = network.balance()
        click.echo(
            f"{'everyone':<28} {total.gives:>5} {total.asks:>6} {total.received:>9} "
            f"{total.thanks:>7} {total.net:>+5}"
        )
        for owed in network.thanks_owed():
            name = network.contact(owed.contact_id).name
            click.echo(f"  ! Thank {name} for {owed.what} (due {owed.due:%d %b}).")


@main.command()
@click.option(
    "--days", default=90, show_default=True, help="The period for conversions."
)
@_db_option
@_user_errors
def funnel(*, days: int, db: str | None) -> None:
    """Show ring sizes, conversions and time in ring, with a text chart.

    \b
    Example:
      careernet funnel --days 30
    """
    if days < 1:
        raise InvalidValueError("--days must be at least 1.")
    with _network(db) as network:
        now = network.store.now()
        metrics = network.funnel(since=now - dt.timedelta(days=days), until=now)
        widest = max(metrics.sizes.values(), default=0) or 1
        for ring in Ring:
            size = metrics.sizes[ring]
            bar = "#" * max(1 if size else 0, round(40 * size / widest))
            stay = metrics.time_in_ring.get(ring)
            median = f"  median {stay.days} days in ring" if stay else ""
            click.echo(f"{ring.name:<10} {bar:<40} {size:>5}{median}")
        click.echo(f"\nIn the last {days} days:")
        for (start, end), count in sorted(metrics.conversions.items()):
            click.echo(f"  {start.name} -> {end.name}: {count}")
        click.echo(
            f"  {metrics.converted} moved inward, {metrics.drifts} drifted outward, "
            f"{metrics.exposure} joined"
        )


@main.command()
@click.argument("target")
@_db_option
@_user_errors
def intro(*, target: str, db: str | None) -> None:
    """Show who could introduce you to TARGET, best first.

    \b
    Example:
      careernet intro "María Gómez"
    """
    with _network(db) as network:
        who = _contact(network, target)
        paths = network.introductions(who.id)
        if not paths:
            click.echo(
                f"Nobody nearer the centre is known to know {who.name}; "
                "reach out directly."
            )
        for path in paths:
            introducer = network.contact(path.introducer_id)
            click.echo(
                f"{introducer.name} ({introducer.ring.name.lower()}): "
                f"{', '.join(path.reasons)}"
            )


# -- calendars and notifications -------------------------------------------------------


@main.command(name="export-ics")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")
@click.option("--timezone", help="An IANA time zone for event times.")
@_db_option
@_user_errors
def export_ics(*, output: str | None, timezone: str | None, db: str | None) -> None:
    """Write your meetings and follow-ups as an iCalendar file.

    \b
    Examples:
      careernet export-ics -o careernet.ics
      careernet export-ics --timezone Europe/Berlin > careernet.ics
    """
    from careernet.ical import CalendarOptions  # noqa: PLC0415

    with _network(db) as network:
        body = network.export_ics(options=CalendarOptions(timezone=timezone))
    if output:
        Path(output).write_bytes(body)
        click.echo(f"Wrote {output}.")
    else:
        click.echo(body.decode(), nl=False)


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
@_db_option
@_user_errors
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

    store = careernet.open_store(db)
    with store:
        if "default" in store.networks():
            network = store.network("default")
        else:
            network = store.create("default", "Me")
        token = network.rotate_feed_token() if rotate else network.feed_token()

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


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@_db_option
@_user_errors
def notify(*, dry_run: bool, db: str | None) -> None:
    """Send each of your channels one digest of what is due.

    \b
    Examples:
      careernet notify --dry-run
      careernet notify
    """
    with _network(db) as network:
        report = network.notify(dry_run=dry_run)
    if report.skipped:
        click.echo(f"Nothing sent: {report.skipped}.")
        return
    if not report.channels:
        click.echo("Nothing is due.")
    for channel in report.channels:
        digest = channel.digest
        state = (
            "would send"
            if channel.dry_run
            else ("sent" if channel.delivered else "failed")
        )
        count = len(digest.notifications)
        things = "reminder" if count == 1 else "reminders"
        click.echo(f"{channel.channel}: {state} {count} {things}")
        if channel.dry_run:
            click.echo(digest.text())
    for error in report.errors:
        click.echo(f"  ! {error}", err=True)
    if report.errors:
        sys.exit(1)


@main.command()
@_user_errors
def plugins() -> None:
    """List the plugins careernet loads, and what each provides.

    Installed plugins can be left out with CAREERNET_PLUGINS_BLOCK=NAME,NAME,
    limited with CAREERNET_PLUGINS=NAME,NAME, or all switched off with
    CAREERNET_DISABLE_PLUGIN_AUTOLOAD=1.

    \b
    Example:
      careernet plugins
    """
    from careernet.plugins import describe, get_plugin_manager  # noqa: PLC0415

    for info in describe(get_plugin_manager()):
        source: str = info.origin
        if info.distribution is not None:
            source = f"{source}, {info.distribution} {info.version}"
        click.echo(f"{info.name} ({source})")
        for label, values in (
            ("hooks", info.hooks),
            ("locations", info.locations),
            ("scenarios", info.scenarios),
            ("channels", info.channels),
        ):
            if values:
                click.echo(f"  {label}: {', '.join(values)}")


def _entry() -> None:  # pragma: no cover - the console script
    main(prog_name="careernet")


if __name__ == "__main__":  # pragma: no cover
    _entry()
