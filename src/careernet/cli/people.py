"""The people in the network: ``contacts``, ``show``, ``add``, ``edit``,
``move``, and who is in it: ``archive``, ``unarchive``, ``remove`` and
``merge``."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, NamedTuple

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
    yes_option,
)
from careernet.cli._out import (
    RING_STYLE,
    console,
    grid,
    print_json,
    say,
    short,
    tell,
    word,
)
from careernet.cli._resolve import contact, fold, parse_when
from careernet.cli.log import seeker_zone
from careernet.cli.reports import action_rows
from careernet.domain import (
    Action,
    Contact,
    Interaction,
    LedgerEntry,
    Meeting,
    MeetingStatus,
    Ring,
    Transition,
)
from careernet.domain.ledger import Balance, tally
from careernet.domain.orgs import company_key
from careernet.errors import InvalidValueError, TransitionError
from careernet.network import Network

__all__ = [
    "add",
    "archive",
    "contacts",
    "edit",
    "merge",
    "move",
    "remove",
    "show",
    "unarchive",
]

RINGS = [r.value for r in Ring]

SORTS = ["ring", "name", "company", "added", "touched"]


def _relations(function: Any) -> Any:
    """The options ``add`` and ``edit`` share for how people are connected."""
    for option in reversed(
        [
            click.option(
                "--knows",
                "knows",
                multiple=True,
                metavar="CONTACT",
                help="Someone they know; repeat for several.",
            ),
            click.option(
                "--past-company",
                "past_companies",
                multiple=True,
                help="A former employer; repeat for several.",
            ),
            click.option(
                "--reports-to", metavar="CONTACT", help="Their manager, a contact."
            ),
        ]
    ):
        function = option(function)
    return function


@main.command()
@click.option("--ring", "rings", type=choice(RINGS), multiple=True, help="Repeatable.")
@click.option("--company", help="Current or former employer (part of the name).")
@click.option("--tag", "tags", multiple=True, help="Having this tag; repeatable.")
@click.option("--tribe", is_flag=True, help="Only your tribe.")
@click.option("--fan-club", is_flag=True, help="Only your fan club.")
@click.option("--sort", type=choice(SORTS), default="ring", show_default=True)
@click.option("--archived", is_flag=True, help="List the archived contacts instead.")
@json_option
@db_option
@user_errors
def contacts(
    *,
    rings: tuple[str, ...],
    company: str | None,
    tags: tuple[str, ...],
    tribe: bool,
    fan_club: bool,
    sort: str,
    archived: bool,
    as_json: bool,
    db: str | None,
) -> None:
    """List your contacts, filtered and sorted.

    \b
    Examples:
      careernet contacts
      careernet contacts --ring buddy --ring strategic --sort name
      careernet contacts --company globex --json
      careernet contacts --archived
    """
    with opened(db) as network:
        state = network.state
        pool = state.archived if archived else state.contacts
        found = list(pool.values())
        if rings:
            found = [c for c in found if c.ring.value in rings]
        if company:
            needle = company_key(company)
            found = [
                c
                for c in found
                if any(
                    needle in company_key(x)
                    for x in (c.company or "", *c.past_companies)
                )
            ]
        for tag in tags:
            found = [c for c in found if fold(tag) in {fold(t) for t in c.tags}]
        if tribe:
            found = [c for c in found if c.tribe]
        if fan_club:
            found = [c for c in found if c.fan_club]
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        keys: dict[str, Any] = {
            "ring": lambda c: (c.ring.depth, fold(c.name)),
            "name": lambda c: fold(c.name),
            "company": lambda c: (fold(c.company or "\uffff"), fold(c.name)),
            "added": lambda c: (c.added_at, c.id),
            "touched": lambda c: (_touched(network, c.id) or epoch, c.id),
        }
        found.sort(key=keys[sort], reverse=sort == "touched")
        if as_json:
            print_json(found)
            return
        out = console()
        if not found:
            if archived:
                say(
                    out,
                    "No archived contacts match." if pool else "Nobody is archived.",
                )
            else:
                say(out, "No contacts match." if pool else "No contacts yet.")
            return
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("id", style="dim", no_wrap=True)
        table.add_column("name", overflow="fold")
        table.add_column("ring", no_wrap=True)
        table.add_column("works at", overflow="fold")
        table.add_column("last touch", no_wrap=True)
        for person in found:
            touched = _touched(network, person.id)
            marks = (" ★" if person.tribe else "") + (" ♥" if person.fan_club else "")
            work = " · ".join(x for x in (person.role, person.company) if x)
            table.add_row(
                short(person.id, pool),
                person.name + marks,
                Text(word(person.ring), style=RING_STYLE[person.ring]),
                work,
                f"{touched:%d %b %Y}" if touched else "never",
            )
        out.print(table)
        kind = "archived contacts" if archived else "contacts"
        say(out, f"{len(found)} of {len(pool)} {kind}.", style="dim")


def _touched(network: Network, contact_id: str) -> dt.datetime | None:
    """When the seeker last logged anything with a contact, archived or not."""
    if contact_id in network.state.contacts:
        return network.state.last_touch(contact_id)
    moments: list[dt.datetime] = []
    for record in network.state.archived_history(contact_id):
        if isinstance(record, Meeting) and record.status is MeetingStatus.HELD:
            moments.append(record.scheduled_at)
        elif isinstance(record, Interaction | LedgerEntry):
            moments.append(record.at)
    return max(moments, default=None)


def _name(network: Network, contact_id: str | None) -> str | None:
    if contact_id is None:
        return None
    found = network.state.contacts.get(contact_id)
    return found.name if found else contact_id


@main.command()
@click.argument("who", metavar="CONTACT")
@json_option
@db_option
@user_errors
def show(*, who: str, as_json: bool, db: str | None) -> None:
    """Show one contact: details, history, ledger, meetings and what the plan
    says about them.

    CONTACT is a name (or part of one, any case, accents optional), an
    e-mail address or an id.

    \b
    Examples:
      careernet show Ken
      careernet show gomez --json
    """
    with opened(db) as network:
        person = contact(network, who, among="all")
        state = network.state
        story = _story(network, person)
        if as_json:
            print_json(
                {
                    "contact": person,
                    "balance": story.balance,
                    "history": story.moves,
                    "meetings": story.meetings,
                    "interactions": story.exchanges,
                    "ledger": story.entries,
                    "actions": story.actions,
                }
            )
            return
        out = console()
        marks = [word(person.ring)]
        if person.tribe:
            marks.append("tribe")
        if person.fan_club:
            marks.append("fan club")
        out.print(
            Text.assemble(
                (person.name, "bold"),
                "  ",
                (", ".join(marks), RING_STYLE[person.ring]),
                "  ",
                (short(person.id, state.contacts), "dim"),
            )
        )
        details = grid(None, 1)
        for label, value in (
            ("works at", " · ".join(x for x in (person.role, person.company) if x)),
            ("field", person.field),
            ("e-mail", ", ".join(person.emails)),
            ("phone", ", ".join(person.phones)),
            ("links", ", ".join(person.links)),
            ("tags", ", ".join(sorted(person.tags))),
            ("how met", person.how_met),
            ("introduced by", _name(network, person.introduced_by)),
            ("reports to", _name(network, person.reports_to)),
            ("worked at", ", ".join(person.past_companies)),
            ("knows", ", ".join(sorted(_name(network, k) or k for k in person.knows))),
            ("notes", person.notes),
        ):
            if value:
                details.add_row(Text(f"{label:>13}", style="bold"), value)
        out.print(details)
        if person.archived_at is not None:
            say(out)
            say(
                out,
                f"Archived on {person.archived_at:%d %b %Y}: out of plans, "
                "reminders and counts. 'careernet unarchive' brings them back.",
                style="dim",
            )
        balance = story.balance
        say(out)
        say(
            out,
            f"Ledger: gave {balance.gives}, asked {balance.asks}, received "
            f"{balance.received}, thanked {balance.thanks} (net {balance.net:+}).",
        )
        events = grid(None, 1)
        for move in story.moves:
            why = f": {move.reason}" if move.reason else ""
            events.add_row(
                Text(f"{move.at:%d %b %Y}", style="dim"),
                f"moved from {word(move.from_ring)} to {word(move.to_ring)}{why}",
            )
        for meeting in story.meetings:
            events.add_row(
                Text(f"{meeting.scheduled_at:%d %b %Y}", style="dim"),
                f"{word(meeting.kind)} ({word(meeting.status)}): {meeting.purpose} "
                f"[{short(meeting.id, state.meetings)}]",
            )
        for done in story.exchanges:
            note = f": {done.note}" if done.note else ""
            events.add_row(
                Text(f"{done.at:%d %b %Y}", style="dim"), word(done.kind) + note
            )
        for entry in story.entries:
            events.add_row(
                Text(f"{entry.at:%d %b %Y}", style="dim"),
                f"{word(entry.kind)}: {entry.what}",
            )
        if events.row_count:
            say(out)
            say(out, "History", style="bold")
            out.print(events)
        if story.actions:
            say(out)
            say(out, "In the plan", style="bold")
            out.print(action_rows(story.actions, story.deferred))


class _Story(NamedTuple):
    """What ``show`` tells of one contact besides their details."""

    moves: list[Transition]
    meetings: list[Meeting]
    exchanges: list[Interaction]
    entries: list[LedgerEntry]
    balance: Balance
    actions: list[Action]
    deferred: set[str]


def _story(network: Network, person: Contact) -> _Story:
    """A contact's history, ledger and place in the plan; an archived
    contact keeps their history and has no place in the plan."""
    state = network.state
    if person.archived:
        kept = state.archived_history(person.id)
        entries = [r for r in kept if isinstance(r, LedgerEntry)]
        return _Story(
            moves=[r for r in kept if isinstance(r, Transition)],
            meetings=[r for r in kept if isinstance(r, Meeting)],
            exchanges=[r for r in kept if isinstance(r, Interaction)],
            entries=entries,
            balance=tally(entries),
            actions=[],
            deferred=set(),
        )
    week = network.plan()
    return _Story(
        moves=list(state.history(person.id)),
        meetings=list(state.meetings_with(person.id)),
        exchanges=list(state.interactions_with(person.id)),
        entries=list(state.entries_with(person.id)),
        balance=network.balance(person.id),
        actions=[
            a for a in (*week.actions, *week.deferred) if a.contact_id == person.id
        ],
        deferred={a.key for a in week.deferred},
    )


def _ids(network: Network, names: tuple[str, ...]) -> list[str]:
    return [contact(network, name).id for name in names]


@main.command()
@click.argument("name")
@click.option("--ring", type=choice(RINGS), default="cold", show_default=True)
@click.option("--company")
@click.option("--role")
@click.option("--field")
@click.option("--email", "emails", multiple=True, help="Repeat for several.")
@click.option("--tag", "tags", multiple=True, help="Repeat for several.")
@click.option("--how-met")
@click.option("--tribe", is_flag=True, help="They carry you through a pivot.")
@click.option("--fan-club", is_flag=True, help="They cheer you on.")
@_relations
@json_option
@db_option
@user_errors
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
    knows: tuple[str, ...],
    past_companies: tuple[str, ...],
    reports_to: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Add a contact (--json prints it).

    \b
    Examples:
      careernet add "Ken Watanabe" --company Globex --role "Engineering Manager"
      careernet add "Sam Boss" --company Northwind --role Director --knows Ken
    """
    with opened(db) as network:

        def add_them(n: Network) -> Contact:
            return n.add_contact(
                name,
                ring=Ring(ring),
                company=company,
                role=role,
                field=field,
                emails=emails,
                tags=tags,
                how_met=how_met,
                tribe=tribe,
                fan_club=fan_club,
                knows=_ids(n, knows),
                past_companies=past_companies,
                reports_to=contact(n, reports_to).id if reports_to else None,
            )

        made = write(network, add_them)
        ids = network.state.contacts
        tell(
            made,
            f"Added {made.name} ({word(made.ring)}), id {short(made.id, ids)}.",
            network.last_advice,
            as_json=as_json,
        )


@main.command()
@click.argument("who", metavar="CONTACT")
@click.option("--name")
@click.option("--company", help='"" for none.')
@click.option("--role", help='"" for none.')
@click.option("--field", help='"" for none.')
@click.option("--email", "emails", multiple=True, help="Replaces the addresses.")
@click.option("--tag", "tags", multiple=True, help="Adds a tag; repeatable.")
@click.option("--untag", "untags", multiple=True, help="Removes a tag; repeatable.")
@click.option("--how-met", help='"" for none.')
@click.option("--notes", help="Replaces the notes.")
@click.option("--tribe/--no-tribe", default=None)
@click.option("--fan-club/--no-fan-club", default=None)
@click.option("--cadence", type=click.IntRange(1), help="Keep-in-touch days.")
@_relations
@json_option
@db_option
@user_errors
def edit(
    *,
    who: str,
    name: str | None,
    company: str | None,
    role: str | None,
    field: str | None,
    emails: tuple[str, ...],
    tags: tuple[str, ...],
    untags: tuple[str, ...],
    how_met: str | None,
    notes: str | None,
    tribe: bool | None,
    fan_club: bool | None,
    cadence: int | None,
    knows: tuple[str, ...],
    past_companies: tuple[str, ...],
    reports_to: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Change a contact's details; only the options given change (--json
    prints the contact as saved).

    The ring changes only with 'careernet move', which keeps the history.

    \b
    Examples:
      careernet edit Ken --role "Director of Engineering" --tag mentor
      careernet edit Ken --knows "María Gómez" --past-company Initech
    """
    with opened(db) as network:

        def change(n: Network) -> Contact:  # noqa: PLR0912 - one per option
            person = contact(n, who)
            fields: dict[str, Any] = {}
            for key, value in (
                ("company", company),
                ("role", role),
                ("field", field),
                ("how_met", how_met),
            ):
                if value is not None:
                    fields[key] = value.strip() or None
            if name is not None:
                fields["name"] = name
            if notes is not None:
                fields["notes"] = notes
            if emails:
                fields["emails"] = emails
            if tags or untags:
                fields["tags"] = (person.tags | set(tags)) - set(untags)
            if tribe is not None:
                fields["tribe"] = tribe
            if fan_club is not None:
                fields["fan_club"] = fan_club
            if cadence is not None:
                fields["cadence_days"] = cadence
            if past_companies:
                fields["past_companies"] = (
                    *person.past_companies,
                    *(p for p in past_companies if p not in person.past_companies),
                )
            if reports_to is not None:
                fields["reports_to"] = (
                    contact(n, reports_to).id if reports_to.strip() else None
                )
            if fields:
                n.edit_contact(person.id, **fields)
            for other in _ids(n, knows):
                n.link(person.id, other)
            return n.contact(person.id)

        edited = write(network, change)
        tell(edited, f"Saved {edited.name}.", network.last_advice, as_json=as_json)


@main.command()
@click.argument("who", metavar="CONTACT")
@click.argument("ring", type=choice(RINGS))
@click.option("--reason", help="Why, for the history.")
@click.option("--override", help="Set the funnel's rules aside, saying why.")
@json_option
@db_option
@user_errors
def move(
    *,
    who: str,
    ring: str,
    reason: str | None,
    override: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Move a contact to another ring (inward: one ring, with evidence);
    --json prints the ring move.

    \b
    Examples:
      careernet move Ken lukewarm
      careernet move Ken buddy --override "championed me at the board meeting"
    """
    with opened(db) as network:
        try:
            moved = write(
                network,
                lambda n: n.move(
                    contact(n, who).id, Ring(ring), reason=reason, override=override
                ),
            )
        except TransitionError as error:
            if not error.overridable:
                raise
            raise TransitionError(
                f'{error.reason} To move anyway, add --override "<why>".'
            ) from error
        name = network.contact(moved.contact_id).name
        tell(
            moved,
            f"Moved {name} from {word(moved.from_ring)} to {word(moved.to_ring)}.",
            network.last_advice,
            as_json=as_json,
        )


def _may_destroy(question: str, *, yes: bool) -> None:
    """Ask before a step that cannot be undone; refuse without a terminal."""
    if yes:
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise InvalidValueError(
            "This cannot be undone, and there is no terminal to ask on; "
            "run it with --yes to go ahead."
        )
    click.confirm(question, abort=True, err=True)


@main.command()
@click.argument("who", metavar="CONTACT")
@click.option("--at", "when", metavar="TIME", help="When (default: now).")
@json_option
@db_option
@user_errors
def archive(*, who: str, when: str | None, as_json: bool, db: str | None) -> None:
    """Archive a contact: kept with their history, out of plans, reminders,
    the calendar, counts and introductions until you unarchive them.

    \b
    Examples:
      careernet archive "Joe Plumbing"
      careernet contacts --archived
    """
    with opened(db) as network:
        person = contact(network, who)
        at = _when(network, when)
        done = write(network, lambda n: n.archive(person.id, at=at))
        tell(
            done,
            f"Archived {done.name}; 'careernet unarchive' brings them back.",
            network.last_advice,
            as_json=as_json,
        )


@main.command()
@click.argument("who", metavar="CONTACT")
@click.option("--at", "when", metavar="TIME", help="When (default: now).")
@json_option
@db_option
@user_errors
def unarchive(*, who: str, when: str | None, as_json: bool, db: str | None) -> None:
    """Bring an archived contact back, with their whole history.

    \b
    Examples:
      careernet unarchive "Joe Plumbing"
    """
    with opened(db) as network:
        person = contact(network, who, among="archived")
        at = _when(network, when)
        done = write(network, lambda n: n.unarchive(person.id, at=at))
        tell(
            done,
            f"{done.name} is back in your network.",
            network.last_advice,
            as_json=as_json,
        )


@main.command()
@click.argument("who", metavar="CONTACT")
@yes_option
@json_option
@db_option
@user_errors
def remove(*, who: str, yes: bool, as_json: bool, db: str | None) -> None:
    """Remove a contact for good, with their meetings, interactions, ledger
    entries and ring moves; other records stop naming them.

    Asks first (--yes does not ask, for scripts; without a terminal it is
    needed). To keep them and their history, archive them instead.

    \b
    Examples:
      careernet remove "Ken Watanabe"
      careernet remove ken@globex.example --yes
    """
    with opened(db) as network:
        person = contact(network, who, among="all")
        state = network.state
        owned = (
            state.archived_history(person.id)
            if person.archived
            else [
                *state.meetings_with(person.id),
                *state.interactions_with(person.id),
                *state.entries_with(person.id),
                *state.history(person.id),
            ]
        )
        _may_destroy(
            f"Remove {person.name} and {len(owned)} record"
            f"{'' if len(owned) == 1 else 's'} of their history for good?",
            yes=yes,
        )
        report = write(network, lambda n: n.remove_contact(person.id))
        if as_json:
            print_json(report)
            return
        out = console()
        for line in report.lines():
            say(out, line[:1].upper() + line[1:] + ".")


@main.command()
@click.argument("keep_who", metavar="KEEP")
@click.argument("other_who", metavar="OTHER")
@yes_option
@json_option
@db_option
@user_errors
def merge(
    *, keep_who: str, other_who: str, yes: bool, as_json: bool, db: str | None
) -> None:
    """Merge OTHER into KEEP: one person, with both people's addresses, tags,
    sources and history; OTHER is removed.

    Shows what will be merged and asks first (--yes does not ask). Where
    both hold a different company, role or other single value, KEEP's stays.

    \b
    Examples:
      careernet merge "Ken Watanabe" "K. Watanabe"
      careernet merge 3f2a9c1e 77b0d4aa --yes
    """
    with opened(db) as network:
        keep = contact(network, keep_who)
        other = contact(network, other_who)
        if keep.id == other.id:
            raise InvalidValueError(
                f"{keep_who!r} and {other_who!r} are the same contact "
                f"({keep.name}); name two different people."
            )
        out = console(stderr=as_json)
        table = grid(None, 1, 1)
        table.add_row("", Text("keep", style="bold"), Text("merge in", style="bold"))
        for label, mine, theirs in (
            ("name", keep.name, other.name),
            ("ring", word(keep.ring), word(other.ring)),
            ("company", keep.company or "", other.company or ""),
            ("role", keep.role or "", other.role or ""),
            ("e-mails", ", ".join(keep.emails), ", ".join(other.emails)),
            ("phones", ", ".join(keep.phones), ", ".join(other.phones)),
        ):
            if mine or theirs:
                table.add_row(Text(label, style="dim"), mine, theirs)
        out.print(table)
        _may_destroy(f"Merge {other.name} into {keep.name}?", yes=yes)
        report = write(network, lambda n: n.merge_contacts(keep.id, other.id))
        if as_json:
            print_json(report)
            return
        for line in report.lines():
            say(out, line[:1].upper() + line[1:] + ".")


def _when(network: Network, text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return parse_when(text, seeker_zone(network))
