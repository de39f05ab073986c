"""Importing history (``import-history``), and the options every import
shares: ``--column FIELD=HEADER`` (strict, repeatable, collected into lists),
``--delimiter`` and ``--dry-run``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from careernet.cli._app import (
    choice,
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
from careernet.cli._out import console, print_json, say
from careernet.domain import Ring

__all__ = [
    "DELIMITERS",
    "column_option",
    "columns_of",
    "delimiter_option",
    "dry_run_option",
    "import_history",
    "store_missing",
]

F = TypeVar("F", bound=Callable[..., Any])

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}
"""What ``--delimiter`` takes, and the character each stands for."""


def columns_of(
    values: Iterable[str], fields: Iterable[str], *, option: str = "--column"
) -> dict[str, list[str]]:
    """``--column FIELD=HEADER`` values as a mapping: repeated fields keep
    every header, in order.

    Raises:
        click.BadParameter: A value is not ``FIELD=HEADER``, or names a field
            that is not one of ``fields`` (with the nearest, if any).
    """
    known = sorted(fields)
    mapping: dict[str, list[str]] = {}
    for value in values:
        field, equals, header = value.partition("=")
        field = field.strip().casefold().replace("-", "_")
        if not equals or not field or not header.strip():
            raise click.BadParameter(
                f"{value!r} is not FIELD=HEADER (for example name='Full name').",
                param_hint=option,
            )
        if field not in known:
            raise click.BadParameter(
                f"{field!r} is not a field to map; map any of {', '.join(known)}."
                + suggest(field, known),
                param_hint=option,
            )
        mapping.setdefault(field, []).append(header.strip())
    return mapping


def column_option(help_text: str) -> Callable[[F], F]:
    """``--column FIELD=HEADER``, repeatable."""
    return click.option(
        "--column",
        "columns",
        multiple=True,
        metavar="FIELD=HEADER",
        help=help_text,
    )


def delimiter_option(function: F) -> F:
    """``--delimiter``: one of ``,`` ``;`` ``tab`` ``|``."""
    return click.option(
        "--delimiter",
        type=choice(list(DELIMITERS)),
        help="The file's delimiter: , ; tab or | (read from the header by default).",
    )(function)


def dry_run_option(function: F) -> F:
    """``--dry-run``: print the report, write nothing."""
    return click.option(
        "--dry-run",
        is_flag=True,
        help="Print what the import would do; write nothing.",
    )(function)


def store_missing(db: str | None) -> bool:
    """Whether the store at ``db`` is a SQLite file that is not there yet."""
    path = local_file(location(db))
    return path is not None and not path.exists()


@main.command(name="import-history")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@column_option(
    "Which column holds a field (date, time, name, first_name, last_name, email, "
    "link, company, kind, note), e.g. date=Wann; repeatable."
)
@delimiter_option
@click.option(
    "--timezone", help="The IANA zone of times without an offset (default: yours)."
)
@click.option(
    "--create-contacts",
    is_flag=True,
    help="Add the people who match no contact (they join --ring).",
)
@click.option(
    "--ring",
    type=choice([r.value for r in Ring]),
    default="cold",
    show_default=True,
    help="The ring created contacts join.",
)
@dry_run_option
@json_option
@db_option
@user_errors
def import_history(
    *,
    file: str,
    columns: tuple[str, ...],
    delimiter: str | None,
    timezone: str | None,
    create_contacts: bool,
    ring: str,
    dry_run: bool,
    as_json: bool,
    db: str | None,
) -> None:
    """Import meetings, calls, e-mails and thank-yous kept in a spreadsheet.

    Each row needs a date and a person (name, e-mail or profile link); the
    kind (coffee, call, e-mail, intro, thank-you...) and a note are read
    too. Rows are matched to contacts as imports match people; a row whose
    person is nobody, or could be several, is listed and left out. Past
    meetings are recorded as held, future ones as scheduled. Importing the
    same file again adds nothing.

    \b
    Examples:
      careernet import-history tracker.csv --dry-run
      careernet import-history tracker.csv --column date=Wann --column name=Wer
      careernet import-history tracker.csv --create-contacts --ring cold
    """
    from careernet.importers.history import FIELDS  # noqa: PLC0415

    mapping = columns_of(columns, FIELDS)
    path = Path(file)

    def run(network: Any) -> Any:
        return network.import_history(
            path,
            columns=mapping or None,
            delimiter=DELIMITERS[delimiter] if delimiter else None,
            timezone=timezone,
            create_contacts=create_contacts,
            ring=Ring(ring),
            dry_run=dry_run,
        )

    if dry_run and store_missing(db):
        import careernet  # noqa: PLC0415

        with careernet.open("memory:", seeker="Me") as network:
            report = run(network)
    else:
        with opened(db, create=None if dry_run else "Me") as network:
            report = run(network) if dry_run else write(network, run)
    if as_json:
        print_json(report)
        return
    out = console()
    lead = "Would import" if dry_run else "Imported"
    say(out, f"{lead}: {report.summary()}.")
    for item in report.added:
        record = item.record
        what = getattr(record, "kind", None)
        say(
            out,
            f"  line {item.line}: {what.value if what else 'entry'} with "
            f"{item.contact_name}",
        )
    for line in report.already_there:
        say(out, f"  line {line}: already there")
    for missed in report.unmatched:
        say(out, f"  line {missed.line}: {missed.person}: {missed.reason}")
    for rejected in report.rejected:
        say(out, f"  line {rejected.line}: {rejected.reason}")
    for notice in report.notices:
        say(out, f"  line {notice.line}: {notice.message}")
    for advice in report.advice:
        say(out, advice.message)
    if dry_run:
        say(out, "Dry run: nothing was written.")
