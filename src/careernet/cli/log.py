"""Recording what happened (``log ...``) and listing ``meetings``."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import click
from rich.table import Table
from rich.text import Text

from careernet.cli._app import (
    choice,
    db_option,
    json_option,
    main,
    opened,
    user_errors,
    write,
)
from careernet.cli._out import console, print_json, say, short, tell, when, word
from careernet.cli._resolve import contact, meeting, parse_when
from careernet.domain import (
    HelpKind,
    InteractionKind,
    LedgerEntry,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from careernet.network import Network

__all__ = ["log", "meetings", "seeker_zone"]

RESULTS = [s.value for s in MeetingStatus if not s.pending]
"""What ``log result`` accepts: a result, never "scheduled"."""


def seeker_zone(network: Network) -> dt.tzinfo | None:
    """The seeker's time zone once they set one with ``prefs``; else ``None``."""
    preferences = network.preferences
    if preferences.updated_at is None:
        return None
    return zoneinfo.ZoneInfo(preferences.timezone)


@main.group()
def log() -> None:
    """Log what happened: a meeting, a give, an ask, thanks, a reply, a decline."""


def _interaction(kind: InteractionKind, verb: str) -> None:
    @log.command(
        name=kind.value,
        help=f"Log that {verb}.\n\n\b\nExample:\n  careernet log {kind.value} Ken",
    )
    @click.argument("who", metavar="CONTACT")
    @click.option("--note", default="")
    @json_option
    @db_option
    @user_errors
    def command(*, who: str, note: str, as_json: bool, db: str | None) -> None:
        with opened(db) as network:
            done = write(network, lambda n: n.log(contact(n, who).id, kind, note=note))
            name = network.contact(done.contact_id).name
            message = f"Logged: {word(kind)} with {name}."
            tell(done, message, network.last_advice, as_json=as_json)


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
    @click.argument("who", metavar="CONTACT")
    @click.argument("what")
    @click.option(
        "--help-kind", type=choice([h.value for h in HelpKind]), default="other"
    )
    @json_option
    @db_option
    @user_errors
    def command(
        *, who: str, what: str, help_kind: str, as_json: bool, db: str | None
    ) -> None:
        with opened(db) as network:

            def record(n: Network) -> LedgerEntry:
                person = contact(n, who)
                if method == "thank":
                    entry: LedgerEntry = n.thank(person.id, what)
                else:
                    entry = getattr(n, method)(
                        person.id, what, help=HelpKind(help_kind)
                    )
                return entry

            entry = write(network, record)
            person = network.contact(entry.contact_id).name
            message = f"Recorded: {name} with {person}."
            tell(entry, message, network.last_advice, as_json=as_json)


for _name, _what, _method in (
    ("give", "something you gave", "give"),
    ("ask", "something you asked for", "ask"),
    ("received", "help you received", "receive"),
    ("thanks", "thanks you expressed", "thank"),
    ("request", "that someone asked you for help", "record_request"),
):
    _ledger(_name, _what, _method)


@log.command(name="meeting")
@click.argument("who", metavar="CONTACT")
@click.argument("at", metavar="WHEN")
@click.option("--purpose", required=True, help="Why you asked to meet.")
@click.option(
    "--kind",
    type=choice([k.value for k in MeetingKind]),
    default="coffee",
    show_default=True,
)
@click.option(
    "--minutes", type=click.IntRange(5, 24 * 60), default=45, show_default=True
)
@click.option("--outcome", default="", help="What you hope to come away with.")
@click.option("--question", "questions", multiple=True, help="Repeat for several.")
@click.option("--location")
@json_option
@db_option
@user_errors
def log_meeting(
    *,
    who: str,
    at: str,
    purpose: str,
    kind: str,
    minutes: int,
    outcome: str,
    questions: tuple[str, ...],
    location: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Arrange a meeting. WHEN is a date and a time, like 2026-11-27T10:30 or
    "2026-11-27 10:30", in your time zone (see 'careernet prefs') unless it
    has an offset. --json prints the meeting.

    \b
    Example:
      careernet log meeting Ken 2026-11-27T10:30 \\
        --purpose "Learn about the data team" \\
        --question "What kinds of teams could use my analytics?"
    """
    with opened(db) as network:
        start = parse_when(at, seeker_zone(network))

        def arrange(n: Network) -> Meeting:
            return n.schedule_meeting(
                contact(n, who).id,
                start,
                purpose=purpose,
                kind=MeetingKind(kind),
                duration=dt.timedelta(minutes=minutes),
                outcome_sought=outcome,
                questions=questions,
                location=location,
            )

        made = write(network, arrange)
        name = network.contact(made.contact_id).name
        tell(
            made,
            f"Arranged: {word(made.kind)} with {name} on "
            f"{when(made.scheduled_at)}, id {short(made.id, network.state.meetings)}.",
            network.last_advice,
            as_json=as_json,
        )


@log.command()
@click.argument("what", metavar="MEETING")
@click.argument("at", metavar="WHEN")
@json_option
@db_option
@user_errors
def reschedule(*, what: str, at: str, as_json: bool, db: str | None) -> None:
    """Move a meeting to another time (WHEN like 2026-11-27T10:30).

    MEETING is the id 'careernet meetings' shows, the person met, or
    PERSON@YYYY-MM-DD. A meeting that took place earlier than planned is
    moved to when it happened before it is recorded as held.

    \b
    Example:
      careernet log reschedule Ken 2026-11-28T15:00
    """
    with opened(db) as network:
        to = parse_when(at, seeker_zone(network))
        moved = write(network, lambda n: n.reschedule_meeting(meeting(n, what).id, to))
        name = network.contact(moved.contact_id).name
        tell(
            moved,
            f"Moved: {word(moved.kind)} with {name} to {when(moved.scheduled_at)}.",
            network.last_advice,
            as_json=as_json,
        )


@log.command()
@click.argument("what", metavar="MEETING")
@click.argument("result", type=choice(RESULTS))
@click.option("--notes")
@click.option("--referral", "referrals", multiple=True, help="A name they suggested.")
@json_option
@db_option
@user_errors
def result(
    *,
    what: str,
    result: str,
    notes: str | None,
    referrals: tuple[str, ...],
    as_json: bool,
    db: str | None,
) -> None:
    """Record how a meeting went: held, declined, no-response or cancelled.

    MEETING is the id 'careernet meetings' shows, the person met, or
    PERSON@YYYY-MM-DD.

    \b
    Example:
      careernet log result Ken held --referral "Noor Ali"
    """
    with opened(db) as network:
        done = write(
            network,
            lambda n: n.record_meeting(
                meeting(n, what).id,
                MeetingStatus(result),
                notes=notes,
                referrals=referrals,
            ),
        )
        tell(
            done,
            f"Recorded: the meeting was {word(done.status)}.",
            network.last_advice,
            as_json=as_json,
        )


@main.command()
@click.option("--past", is_flag=True, help="Only those that are over.")
@click.option("--all", "everything", is_flag=True, help="Upcoming and past.")
@json_option
@db_option
@user_errors
def meetings(*, past: bool, everything: bool, as_json: bool, db: str | None) -> None:
    """List upcoming meetings (or past ones), each with the short id other
    commands take.

    \b
    Examples:
      careernet meetings
      careernet meetings --past
      careernet meetings --all --json
    """
    with opened(db) as network:
        every = network.meetings
        if not everything:
            every = [m for m in every if m.status.pending != past]
        if past and not everything:
            every.reverse()
        if as_json:
            print_json(every)
            return
        out = console()
        if not every:
            say(out, "No past meetings." if past else "No meetings ahead.")
            return
        zone = seeker_zone(network)
        ids = network.state.meetings
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("id", style="dim", no_wrap=True)
        table.add_column("when", no_wrap=True)
        table.add_column("with", overflow="fold")
        table.add_column("what", overflow="fold")
        table.add_column("status", no_wrap=True)
        for item in every:
            table.add_row(
                short(item.id, ids),
                when(item.scheduled_at, zone),
                network.contact(item.contact_id).name,
                f"{word(item.kind)}: {item.purpose}",
                Text(word(item.status), style="bold" if item.status.pending else "dim"),
            )
        out.print(table)
