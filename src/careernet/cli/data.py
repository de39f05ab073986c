"""Data in and out: ``import``, ``backup``, ``restore``, ``export-ics``,
``export-contacts``, and ``check``, which looks for damage in the store."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

import careernet
from careernet.cli._app import (
    DEFAULT_NETWORK,
    choice,
    db_option,
    json_option,
    local_file,
    location,
    main,
    missing_store,
    opened,
    user_errors,
    write,
    yes_option,
)
from careernet.cli._out import console, print_json, say
from careernet.cli.imports import (
    DELIMITERS,
    column_option,
    columns_of,
    delimiter_option,
    dry_run_option,
    store_missing,
)
from careernet.domain import ImportReport, Ring
from careernet.errors import CareerNetError, ImportFileError, InvalidValueError

__all__ = ["backup", "check", "export_contacts", "export_ics", "import_", "restore"]


@main.command(name="import")
@click.argument("kind", type=choice(["linkedin", "vcard", "csv"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--ring", type=choice([r.value for r in Ring]), help="The ring new contacts join."
)
@column_option(
    "For csv: which column holds a field, e.g. name='Full name'; repeat a "
    "field for several columns (--column email=Work --column email=Home)."
)
@delimiter_option
@dry_run_option
@json_option
@db_option
@user_errors
def import_(
    *,
    kind: str,
    file: str,
    ring: str | None,
    columns: tuple[str, ...],
    delimiter: str | None,
    dry_run: bool,
    as_json: bool,
    db: str | None,
) -> None:
    """Import contacts from LinkedIn's Connections.csv, a vCard file or a CSV.

    Importing the same file again changes nothing; people already known are
    merged, not added twice. For meetings and exchanges, see
    'careernet import-history'.

    \b
    Examples:
      careernet import linkedin Connections.csv
      careernet import vcard contacts.vcf --ring lukewarm
      careernet import csv people.csv --column name=Name --column email=E-mail
      careernet import csv people.csv --column name=Name --delimiter ';' --dry-run
    """
    from rich.progress import (  # noqa: PLC0415 - only this command draws one
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
    )

    from careernet.importers import (  # noqa: PLC0415
        DEFAULT_RINGS,
        read_csv,
        read_linkedin,
        read_vcards,
    )

    mapping, separator = _reading(kind, columns, delimiter)
    path = Path(file)
    errors = console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as progress:
        with progress.open(path, "rb", description=f"Reading {path.name}") as source:
            if kind == "csv":
                reader: Iterator[Any] = read_csv(
                    source, columns=mapping, delimiter=separator
                )
            elif kind == "linkedin":
                reader = read_linkedin(source, delimiter=separator)
            else:
                reader = read_vcards(source)
            try:
                people = list(reader)
            except ImportFileError as error:
                raise error.located(str(path)) from None
        progress.add_task("Storing", total=None)
        joining = Ring(ring) if ring else DEFAULT_RINGS[kind]
        if dry_run and store_missing(db):
            with careernet.open("memory:", seeker="Me") as network:
                report = network.import_contacts(people, ring=joining, dry_run=True)
        elif dry_run:
            with opened(db) as network:
                report = network.import_contacts(people, ring=joining, dry_run=True)
        else:
            with opened(db, create="Me") as network:
                report = write(
                    network, lambda n: n.import_contacts(people, ring=joining)
                )
    if as_json:
        print_json(report)
        return
    _print_report(report, dry_run=dry_run)


def _reading(
    kind: str, columns: tuple[str, ...], delimiter: str | None
) -> tuple[dict[str, list[str]] | None, str | None]:
    """The column mapping and the delimiter the options ask for (no
    mapping: a csv file's columns are found by careernet's own names)."""
    from careernet.importers.csvfile import FIELDS  # noqa: PLC0415

    mapping: dict[str, list[str]] | None = None
    if kind == "csv":
        mapping = columns_of(columns, FIELDS) or None
    elif columns:
        raise click.UsageError(f"--column is for csv files; {kind} columns are known.")
    if kind == "vcard" and delimiter:
        raise click.UsageError("--delimiter is for csv and linkedin files.")
    return mapping, DELIMITERS[delimiter] if delimiter else None


def _print_report(report: ImportReport, *, dry_run: bool) -> None:
    """The import's report, for people."""
    out = console()
    say(out, f"{'Would import' if dry_run else 'Imported'}: {report.summary()}.")
    for merge in report.merged:
        say(
            out,
            f"  merged line {merge.line} into {merge.name} "
            f"(same {merge.matched_by.value})",
        )
        for update in merge.updates:
            say(out, f"    {update}")
    for rejected in report.rejected:
        say(out, f"  line {rejected.line}: {rejected.reason}")
    for doubt in report.possible_duplicates:
        say(
            out,
            f"  line {doubt.line}: {doubt.name} may be {doubt.contact_name} "
            f"({doubt.reason}); not merged",
        )
    for notice in report.notices:
        say(out, f"  line {notice.line}: {notice.message}")
    for advice in report.advice:
        say(out, advice.message)
    if dry_run:
        say(out, "Dry run: nothing was written.")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@yes_option
@db_option
@user_errors
def backup(*, file: str, yes: bool, db: str | None) -> None:
    """Write the whole network to FILE as JSON ("-" for stdout).

    The file is readable by you alone; 'careernet restore' reads it back.

    \b
    Examples:
      careernet backup network.json
      careernet backup - | gzip > network.json.gz
    """
    with opened(db) as network:
        if file == "-":
            sys.stdout.write(network.export_json() + "\n")
            return
        target = Path(file)
        if target.exists() and not yes:
            click.confirm(f"{file} exists. Replace it?", abort=True, err=True)
        network.export_to(target)
        say(console(), f"Backed up {len(network.contacts)} contacts to {file}.")


@main.command()
@click.argument("file", type=click.File("rb"))
@yes_option
@db_option
@user_errors
def restore(*, file: Any, yes: bool, db: str | None) -> None:
    """Restore the network from a backup FILE ("-" for stdin).

    Over an existing network it asks first (--yes does not ask), and keeps
    the network it replaces in a JSON file beside the store.

    \b
    Examples:
      careernet restore network.json
      careernet restore network.json --yes --db elsewhere.db
    """
    from careernet import portable  # noqa: PLC0415

    text: bytes = file.read()
    try:
        seeker, records, _ = portable.loads(text)
    except CareerNetError as error:
        raise InvalidValueError(
            f"{file.name} is not a careernet backup: {error}"
        ) from None
    where = location(db)
    out = console()
    with careernet.open_store(where) as store:
        if DEFAULT_NETWORK in store.networks():
            old = store.network(DEFAULT_NETWORK)
            if not yes:
                click.confirm(
                    f"Replace {old.seeker.name}'s network ({len(old.contacts)} "
                    f"contacts) in {where} with the backup of {seeker.name}'s "
                    f"({sum(1 for r in records if type(r).__name__ == 'Contact')} "
                    "contacts)?",
                    abort=True,
                    err=True,
                )
            path = local_file(where)
            stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = (
                path.with_name(f"{path.name}.before-restore-{stamp}.json")
                if path is not None
                else Path(f"careernet-before-restore-{stamp}.json")
            )
            old.export_to(kept)
            say(out, f"Kept the network it replaces in {kept}.")
            store.delete(DEFAULT_NETWORK)
        network = store.import_json(text, network_id=DEFAULT_NETWORK)
        say(
            out,
            f"Restored {network.seeker.name}'s network "
            f"({len(network.contacts)} contacts) in {where}.",
        )


@main.command(name="export-ics")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")
@click.option("--timezone", help="An IANA time zone for event times.")
@db_option
@user_errors
def export_ics(*, output: str | None, timezone: str | None, db: str | None) -> None:
    """Write your meetings and follow-ups as an iCalendar file.

    \b
    Examples:
      careernet export-ics -o careernet.ics
      careernet export-ics --timezone Europe/Berlin > careernet.ics
    """
    from careernet.ical import CalendarOptions  # noqa: PLC0415

    with opened(db) as network:
        body = network.export_ics(output, options=CalendarOptions(timezone=timezone))
    if output:
        say(console(), f"Wrote {output}.")
    else:
        click.echo(body.decode(), nl=False)


@main.command(name="export-contacts")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--format",
    "kind",
    type=choice(["csv", "vcard"]),
    default="csv",
    show_default=True,
    help="CSV (careernet import csv reads it back) or vCard 3.0.",
)
@click.option("--archived", is_flag=True, help="Include the archived contacts.")
@db_option
@user_errors
def export_contacts(*, file: str, kind: str, archived: bool, db: str | None) -> None:
    """Write your contacts to FILE as CSV or vCard, for an address book, a
    spreadsheet or another tool.

    The file is written whole or not at all, readable by you only. Read a
    CSV export back with careernet import csv FILE: its columns are found
    by their names.

    \b
    Examples:
      careernet export-contacts people.csv
      careernet export-contacts people.vcf --format vcard --archived
    """
    with opened(db) as network:
        count = network.export_contacts(file, kind, archived=archived)
    say(console(), f"Wrote {count} contact{'' if count == 1 else 's'} to {file}.")


@main.command()
@json_option
@db_option
@user_errors
def check(*, as_json: bool, db: str | None) -> None:
    """Check the store for damage: the database's full integrity check, then
    every network loaded whole. Exits 1 if anything is wrong (--json prints
    {"networks": N, "problems": [...]}).

    \b
    Example:
      careernet check
    """
    where = location(db)
    path = local_file(where)
    if path is not None and not path.exists():
        raise missing_store(where)
    with careernet.open_store(where) as store:
        problems = store.check()
        count = len(store.networks())
    out = console()
    if as_json:
        print_json({"networks": count, "problems": problems})
        if problems:
            sys.exit(1)
        return
    if problems:
        errors = console(stderr=True)
        for problem in problems:
            say(errors, f"  ! {problem}")
        say(
            errors,
            f"{len(problems)} problem(s) found. Restore the store from a backup, "
            "or copy out what still loads with careernet backup.",
        )
        sys.exit(1)
    networks = "network" if count == 1 else "networks"
    say(out, f"No problems found ({count} {networks}).")
