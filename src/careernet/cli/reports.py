"""Reading the network as a whole: the week's ``plan``, the ``ledger``, the
``funnel`` and who could make an ``intro``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from careernet.cli._app import (
    db_option,
    json_option,
    main,
    opened,
    user_errors,
)
from careernet.cli._out import (
    RING_STYLE,
    advice,
    console,
    grid,
    print_json,
    say,
    scenario_words,
    word,
)
from careernet.cli._resolve import contact, meeting
from careernet.domain import Action, Ring
from careernet.errors import InvalidValueError
from careernet.network import Network

__all__ = ["action_rows", "funnel", "intro", "ledger", "plan", "print_plan"]


def action_rows(actions: list[Action], deferred: set[str]) -> Table:
    """Numbered actions: number, kind in words, the reason (wrapped, indented)."""
    table = grid(None, None, 1)
    for number, action in enumerate(actions, 1):
        late = " (deferred)" if action.key in deferred else ""
        table.add_row(
            Text(f"{number:3}.", style="dim"),
            Text(f"{' + '.join(word(k) for k in action.kinds):<16}", style="bold"),
            Text(action.reason + late),
        )
    return table


def print_plan(out: Console, network: Network, *, everything: bool = False) -> None:
    """The week's plan as people read it."""
    week = network.plan()
    say(out)
    say(
        out,
        Text.assemble(
            ("The week's plan: ", "bold"),
            f"{week.planned_minutes} of {week.budget_minutes} minutes "
            f"({week.committed_minutes} already in meetings), "
            f"{scenario_words(week.scenario)}.",
        ),
    )
    rows = list(week.actions) + (list(week.deferred) if everything else [])
    if not rows and not week.deferred:
        say(out, "  Nothing to do: the network is in good shape.")
    elif not rows:
        say(out, "  Nothing fits this week's budget.")
    if rows:
        out.print(action_rows(rows, {a.key for a in week.deferred}))
    if week.deferred and not everything:
        say(
            out,
            f"  ...and {len(week.deferred)} more that do not fit the week (--all).",
            style="dim",
        )
    advice(out, week.advice)


@main.command()
@click.option("--all", "everything", is_flag=True, help="Show what does not fit too.")
@json_option
@db_option
@user_errors
def plan(*, everything: bool, as_json: bool, db: str | None) -> None:
    """Show the week's next actions, each with its reason.

    \b
    Examples:
      careernet plan
      careernet plan --all --db careernet-demo.db
      careernet plan --json
    """
    with opened(db) as network:
        if as_json:
            print_json(network.plan())
            return
        print_plan(console(), network, everything=everything)


@main.command()
@json_option
@db_option
@user_errors
def ledger(*, as_json: bool, db: str | None) -> None:
    """Show what you gave and asked, per contact, and the thanks you owe.

    \b
    Examples:
      careernet ledger
      careernet ledger --json
    """
    with opened(db) as network:
        balances = {
            c.id: b
            for c in network.contacts
            if (b := network.balance(c.id)).gives or b.asks or b.received or b.thanks
        }
        owed = network.thanks_owed()
        total = network.balance()
        if as_json:
            print_json({"balances": balances, "total": total, "thanks_owed": owed})
            return
        out = console()
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("contact", overflow="fold")
        for label in ("gave", "asked", "received", "thanks", "net"):
            table.add_column(label, justify="right", no_wrap=True)
        for contact_id, b in balances.items():
            table.add_row(
                network.contact(contact_id).name,
                str(b.gives),
                str(b.asks),
                str(b.received),
                str(b.thanks),
                f"{b.net:+}",
            )
        table.add_row(
            Text("everyone", style="bold"),
            str(total.gives),
            str(total.asks),
            str(total.received),
            str(total.thanks),
            f"{total.net:+}",
            end_section=False,
        )
        out.print(table)
        rows = grid(None, 1)
        for item in owed:
            name = network.contact(item.contact_id).name
            rows.add_row(
                Text("  !", style="bold yellow"),
                f"Thank {name} for {item.what} (due {item.due:%d %b}).",
            )
        if owed:
            out.print(rows)


_SVG_HELP = "Also write the picture as SVG to FILE."
_SHARE_HELP = "A picture to show others: no names, no companies."


def _write_svg(out: Console, svg: str, path: str) -> None:
    Path(path).write_text(svg, encoding="utf-8")
    say(out, f"The picture is in {path}.")


@main.command()
@click.option(
    "--days", default=90, show_default=True, help="The period for conversions."
)
@click.option("--svg", "svg", metavar="FILE", help=_SVG_HELP)
@json_option
@db_option
@user_errors
def funnel(*, days: int, svg: str | None, as_json: bool, db: str | None) -> None:
    """Show ring sizes, conversion rates and time in ring, with a text chart.

    \b
    Examples:
      careernet funnel --days 30
      careernet funnel --svg funnel.svg
      careernet funnel --json
    """
    from careernet import draw  # noqa: PLC0415

    if not 1 <= days <= 36500:
        raise InvalidValueError("--days must be at least 1 and at most 36500.")
    with opened(db) as network:
        now = network.store.now()
        flow = draw.flow(network.state, since=now - dt.timedelta(days=days), until=now)
        metrics = flow.metrics
        if as_json:
            print_json(metrics)
            return
        out = console()
        widest = max(metrics.sizes.values(), default=0) or 1
        table = grid(None, None, None, None)
        for ring in Ring:
            size = metrics.sizes.get(ring, 0)
            bar = "█" * max(1 if size else 0, round(30 * size / widest))
            stay = metrics.time_in_ring.get(ring)
            median = f"median {stay.days} days in ring" if stay else ""
            table.add_row(
                Text(word(ring), style=RING_STYLE[ring]),
                Text(f"{bar:<30}", style=RING_STYLE[ring]),
                f"{size:>5}",
                Text(median, style="dim"),
            )
        out.print(table)
        say(out)
        say(out, f"In the last {days} days:", style="bold")
        for ring in Ring:
            rate = flow.rate(ring)
            if ring.inward is None or rate is None:
                continue
            say(
                out,
                f"  {word(ring)} to {word(ring.inward)}: {flow.moved_in[ring]} of "
                f"{flow.seen[ring]} ({rate:.0%})",
            )
        say(
            out,
            f"  {metrics.converted} moved inward, {metrics.drifts} drifted outward, "
            f"{metrics.exposure} joined",
        )
        if svg is not None:
            _write_svg(out, draw.funnel(flow).svg, svg)


@main.command()
@click.option("--svg", "svg", metavar="FILE", help=_SVG_HELP)
@click.option("--share", is_flag=True, help=_SHARE_HELP)
@db_option
@user_errors
def rings(*, svg: str | None, share: bool, db: str | None) -> None:
    """Draw your rings: how many people in each, and who has a step due.

    \b
    Examples:
      careernet rings
      careernet rings --svg rings.svg
      careernet rings --share --svg for-my-coach.svg
    """
    from rich.align import Align  # noqa: PLC0415
    from rich.console import Group, RenderableType  # noqa: PLC0415
    from rich.panel import Panel  # noqa: PLC0415

    from careernet import draw  # noqa: PLC0415

    with opened(db) as network:
        now = network.store.now()
        week = network.plan(now)
        due: dict[str, list[str]] = {}
        for action in week.actions:
            for who in (action.contact_id, action.via_id):
                if who is not None and word(action.kind) not in due.get(who, []):
                    due.setdefault(who, []).append(word(action.kind))
        centre: RenderableType = Text("You", style="bold")
        for ring in (Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM, Ring.COLD):
            people = [c for c in network.contacts if c.ring is ring]
            waiting = [c for c in people if c.id in due]
            if share:
                lines = [f"{len(waiting)} with a step due"] if waiting else []
            else:
                lines = [f"{c.name}: {', '.join(due[c.id])}" for c in waiting[:8]]
                if len(waiting) > 8:
                    lines.append(f"...and {len(waiting) - 8} more")
            centre = Panel(
                Group(Align.center(centre), *(Text(line) for line in lines)),
                title=f"{draw.RING_LABELS[ring]} · {len(people):,}",
                border_style=RING_STYLE[ring],
                expand=False,
                padding=(0, 2),
            )
        out = console()
        out.print(centre)
        if svg is not None:
            _write_svg(out, network.draw_rings(now, share=share).svg, svg)


@main.command()
@click.argument("what", metavar="MEETING")
@click.option(
    "--neutral", is_flag=True, help="Only what anyone may read: no company or purpose."
)
@json_option
@db_option
@user_errors
def brief(*, what: str, neutral: bool, as_json: bool, db: str | None) -> None:
    """Show what to know before a meeting.

    Who they are and how you met, your history and ledger balance with them,
    what you could offer, your questions (checked), questions to consider,
    and whom to ask for next. MEETING is the short id 'careernet meetings'
    prints, the person, or PERSON@YYYY-MM-DD.

    \b
    Examples:
      careernet brief Ken
      careernet brief "María Gómez@2026-12-03" --neutral
    """
    if neutral and as_json:
        raise click.UsageError(
            "--neutral is for the text; --json prints the whole brief."
        )
    with opened(db) as network:
        found = meeting(network, what)
        made = network.brief(found.id)
    if as_json:
        print_json(made)
        return
    say(console(), made.text(neutral=neutral))


@main.command()
@click.argument("target")
@json_option
@db_option
@user_errors
def intro(*, target: str, as_json: bool, db: str | None) -> None:
    """Show who could introduce you to TARGET, best first.

    \b
    Example:
      careernet intro "María Gómez"
    """
    with opened(db) as network:
        who = contact(network, target)
        paths = network.introductions(who.id)
        if as_json:
            print_json(paths)
            return
        out = console()
        if not paths:
            say(
                out,
                f"Nobody nearer the centre is known to know {who.name}; "
                "reach out directly.",
            )
        table = grid(None, 1)
        for path in paths:
            introducer = network.contact(path.introducer_id)
            table.add_row(
                Text(f"{introducer.name} ({word(introducer.ring)})", style="bold"),
                ", ".join(path.reasons),
            )
        if paths:
            out.print(table)
