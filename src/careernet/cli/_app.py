"""The ``careernet`` group and what every command shares.

Opening the store (and refusing one that is not there), turning careernet's
errors into one line and exit status 2, retrying a command another writer
got in the way of, and the common options (``--db``, ``--json``, ``--yes``).
"""

from __future__ import annotations

import difflib
import functools
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

import careernet
from careernet import _paths
from careernet.domain import Seeker
from careernet.errors import (
    CareerNetError,
    ConflictError,
    UnknownNetworkError,
)
from careernet.network import Network

__all__ = [
    "DEFAULT_NETWORK",
    "Choice",
    "db_option",
    "fail",
    "json_option",
    "local_file",
    "location",
    "main",
    "missing_store",
    "opened",
    "user_errors",
    "write",
    "yes_option",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

DEFAULT_NETWORK = "default"
"""The network the command works on (the one :func:`careernet.open` opens)."""

DB_HELP = (
    "The store: a SQLite file or any location a plugin handles. Default: "
    "$CAREERNET_DB, else careernet.db in the user data directory."
)


def db_option(function: F) -> F:
    """``--db PATH``, read from ``$CAREERNET_DB`` when not given."""
    return click.option(
        "--db",
        "db",
        envvar="CAREERNET_DB",
        default=None,
        metavar="PATH",
        help=DB_HELP,
    )(function)


def json_option(function: F) -> F:
    """``--json``: print the data as JSON (see the JSON page of the docs)."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print JSON in the documented shape (careernet.to_builtins).",
    )(function)


def yes_option(function: F) -> F:
    """``--yes``: do not ask before a destructive step (for scripts)."""
    return click.option(
        "-y", "--yes", is_flag=True, help="Do not ask for confirmation (for scripts)."
    )(function)


def fail(message: str, status: int = 2) -> NoReturn:
    """End the command with one ``Error:`` line on stderr."""
    click.echo(f"Error: {' '.join(message.split())}", err=True)
    sys.exit(status)


def user_errors(function: F) -> F:
    """Turn careernet's errors (and unreadable files) into one line and status 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ConflictError:
            fail(
                "Another program kept changing the network while this command ran; "
                "nothing was written. Run the command again."
            )
        except CareerNetError as error:
            fail(str(error))
        except BrokenPipeError:
            raise  # the reader went away (``| head``): click ends quietly
        except OSError as error:  # a file that cannot be written or read
            where = f": {error.filename}" if error.filename else ""
            fail(f"{error.strerror or error}{where}.")
        except OverflowError:
            fail("A date or a number is out of range; use a smaller one.")

    return wrapper  # type: ignore[return-value]


def location(db: str | None) -> str:
    """The store's location: ``--db``, else the embedded default."""
    return db if db else str(_paths.default_database())


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def local_file(where: str) -> Path | None:
    """The file a location names, if it is a SQLite file; else ``None``."""
    if where.startswith("sqlite://"):
        return Path(where.removeprefix("sqlite://"))
    if _SCHEME.match(where):
        return None
    return Path(where)


def missing_store(where: str) -> UnknownNetworkError:
    """The error for a store or network that is not there."""
    return UnknownNetworkError(
        f'No careernet network at {where}; run careernet init "Your Name" '
        "to make one there, or pass --db to use another store."
    )


@contextmanager
def opened(db: str | None, *, create: Seeker | str | None = None) -> Iterator[Network]:
    """The default network of the store at ``db``.

    A store or network that does not exist is refused (and nothing is
    created), unless ``create`` names the seeker of a new one.
    """
    where = location(db)
    path = local_file(where)
    if create is None and path is not None and not path.exists():
        raise missing_store(where)
    store = careernet.open_store(where)
    try:
        if DEFAULT_NETWORK in store.networks():
            network = store.network(DEFAULT_NETWORK)
        elif create is not None:
            network = store.create(DEFAULT_NETWORK, create)
        else:
            raise missing_store(where)
    except BaseException:
        store.close()
        raise
    network.closes_store = True
    with network:
        yield network


def write(network: Network, command: Callable[[Network], T]) -> T:
    """Run a command, again on a fresh view if another writer got in first.

    Every command of the CLI reads what it needs and commits once, so it is
    safe to run again against what the other writer left.
    """
    return careernet.retry_on_conflict(network, command)


def suggest(word: str, choices: list[str]) -> str:
    """`` Did you mean X?`` for a near miss among ``choices``, else ``""``."""
    close = difflib.get_close_matches(word.casefold(), choices, n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""


class Choice(click.Choice[str]):
    """A choice written in any case, with "did you mean" for near misses.

    Underscores and hyphens are the same (``no-response``, ``no_response``).
    """

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if isinstance(value, str):
            wanted = value.strip().casefold().replace("-", "_")
            for choice in self.choices:
                if str(choice).casefold() == wanted:
                    return str(choice)
            shown = ", ".join(str(c).replace("_", "-") for c in self.choices)
            self.fail(
                f"{value!r} is not one of {shown}."
                + suggest(wanted, [str(c) for c in self.choices]).replace("_", "-"),
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def choice(values: list[str]) -> Choice:
    """A :class:`Choice` of ``values``."""
    return Choice(values, case_sensitive=False)


class _Careernet(click.Group):
    """The command group: arguments are checked once, before any command
    sees them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if any("\x00" in arg for arg in args):
            # No shell can pass one; a program can, and no file name, date or
            # name may hold it.
            raise click.UsageError(
                "An argument holds a NUL character (\\x00), which no file "
                "name or value may hold; remove it.",
                ctx,
            )
        return super().parse_args(ctx, args)


@click.group(
    cls=_Careernet,
    context_settings={
        "help_option_names": ["-h", "--help"],
        "max_content_width": 100,
    },
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


def run() -> None:  # pragma: no cover - the console script
    """The ``careernet`` console script and ``python -m careernet``.

    A reader that goes away (``careernet plan | head -1``) ends the command
    quietly: click stops writing and exits with status 1.
    """
    main(prog_name="careernet")
