"""No CLI command prints a traceback, whatever it is given."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careernet
from careernet.cli import main


def leaf_commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if name in {"serve-feed", "demo"}:  # a server, and a long sample build
            continue
        if isinstance(command, click.Group):
            found += leaf_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = leaf_commands(main)

WORDS = st.sampled_from(
    [
        "Ann",
        "Ann Lee",
        "",
        " ",
        "nan",
        "inf",
        "-1",
        "0",
        "3000000",
        "1e309",
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00",
        "2026-11-27T10:30+01:00",
        "2026-02-30",
        "warm",
        "buddy",
        "unemployed",
        "nosuch",
        "x\u2028y",
        "--hours",
        "--days",
        "--company",
        "--ring",
        "--timezone",
        "Mars/Olympus",
        "--note",
        "--at",
        "--override",
        "--dry-run",
        "-o",
    ]
)


@contextlib.contextmanager
def store_with_ann() -> Iterator[str]:
    """A store with one contact, in a folder of its own that is also the
    working directory: a command given a file name writes it there."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        db = str(Path(tmp) / "fuzz.db")
        with careernet.open(db, seeker="Alex Rivera") as net:
            net.add_contact("Ann Lee", company="Globex")
        yield db


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    arguments=st.lists(WORDS | st.text(max_size=12), max_size=5),
)
def test_no_command_prints_a_traceback(
    command: tuple[str, ...], arguments: list[str]
) -> None:
    with store_with_ann() as db:
        result = CliRunner().invoke(main, [*command, *arguments, "--db", db])
    assert result.exit_code in {0, 1, 2}, (command, arguments, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command,
        arguments,
        repr(result.exception),
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "arguments",
    [
        ["goal", "unemployed", "--hours", "nan"],
        ["goal", "unemployed", "--hours", "inf"],
        ["goal", "unemployed", "--hours", "1e309"],
        ["funnel", "--days", "3000000"],
        ["funnel", "--days", "-5"],
        ["log", "meeting", "Ann", "9999-12-31T23:59:59+00:00", "--purpose", "coffee"],
        ["import-history", "\x00"],
        ["import", "csv", "a\x00b.csv"],
        ["restore", "\x00"],
        ["export-contacts", "out\x00.csv"],
        ["backup", "\x00"],
        ["add", "Ann\x00Lee"],
    ],
    ids=" ".join,
)
def test_bad_input_seen_in_the_wild_is_one_error_line(arguments: list[str]) -> None:
    with store_with_ann() as db:
        result = CliRunner().invoke(main, [*arguments, "--db", db])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
