"""Keeping the network current from mail headers: ``mail import`` and
``mail sync``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from careernet.cli._app import db_option, main, opened, user_errors
from careernet.cli._out import console, say

__all__ = ["mail", "mail_import", "mail_sync"]

F = TypeVar("F", bound=Callable[..., Any])


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
        opened(db) as network,
        click.progressbar(
            length=0, label="Reading headers", show_pos=True, file=sys.stderr
        ) as bar,
    ):
        last = [0]

        def progress(done: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        report = network.import_mail(source, progress=progress, **options)
    out = console()
    count = len(report.recorded)
    noun = "interaction" if count == 1 else "interactions"
    read = f"{report.read} {'message' if report.read == 1 else 'messages'}"
    if report.dry_run:
        say(
            out, f"Read {read}; would record {count} {noun} (dry run: nothing written)."
        )
    else:
        say(out, f"Read {read}; recorded {count} {noun}.")
    if report.skipped:
        say(out, "Left out:")
        for reason, number in sorted(
            report.skipped.items(), key=lambda item: (-item[1], item[0].value)
        ):
            say(out, f"  {number:>6}  {reason.value}")
    if report.possible_contacts:
        say(out, "You wrote more than once to these people, who are not contacts:")
        for person in report.possible_contacts:
            who = f"{person.name} <{person.address}>" if person.name else person.address
            say(out, f"  {who} ({person.messages} messages)")
        say(out, "Add them with 'careernet add NAME --email ADDRESS' if you like.")


@mail.command(name="import")
@click.argument("path", type=click.Path(exists=True))
@_mail_options
@db_option
@user_errors
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
@db_option
@user_errors
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
