"""``archive``, ``unarchive``, ``remove``, ``merge`` and ``export-contacts``,
through the command's entry point against SQLite files; the prompt of
``remove`` in a real terminal (tmux)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import orjson
import pytest

import careernet
from careernet.importers import CSV_COLUMNS
from tests.test_cli import cli, contacts, invoke, usage_error, user_error

pytestmark = pytest.mark.usefixtures("isolated_home")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "network.db"
    cli(path, 'init "Alex Rivera" --company "Northwind Analytics"')
    cli(path, 'add "Ken Watanabe" --company Globex --email ken@globex.example')
    cli(path, 'add "K. Watanabe" --company Initech --email kw@home.example')
    cli(path, 'add "Noor Ali" --ring lukewarm --tag meetup --knows Ken')
    cli(path, 'log reply Noor --note "Happy to talk"')
    return path


def test_archive_lists_and_unarchive(db: Path) -> None:
    out = cli(db, "archive Noor").stdout
    assert "Archived Noor Ali" in out
    assert "Noor Ali" not in contacts(db)
    listed = cli(db, "contacts --archived").stdout
    assert "Noor Ali" in listed
    assert "1 of 1 archived contacts" in listed
    assert "Noor Ali" not in cli(db, "contacts").stdout
    shown = cli(db, "show Noor").stdout
    assert "Archived on" in shown
    assert "'careernet unarchive' brings them back" in shown
    assert "reply: Happy to talk" in shown
    assert "In the plan" not in shown
    kept = orjson.loads(cli(db, "show Noor --json").stdout)
    assert kept["contact"]["archived_at"] is not None
    assert [i["kind"] for i in kept["interactions"]] == ["reply"]
    assert kept["actions"] == []
    cli(db, "unarchive noor")
    assert "Noor Ali" in contacts(db)
    assert "Nobody is archived" in cli(db, "contacts --archived").stdout
    message = user_error(invoke("unarchive", "Noor", "--db", db))
    assert "Noor" in message


def test_archive_takes_a_time(db: Path) -> None:
    cli(db, "archive Noor --at 2026-01-02T10:00+00:00")
    with careernet.open(db) as network:
        (archived,) = network.archived
        assert archived.archived_at is not None
        assert archived.archived_at.isoformat() == "2026-01-02T10:00:00+00:00"
    assert "no time of day" in user_error(
        invoke("unarchive", "Noor", "--at", "2026-01-02", "--db", db)
    )


def test_remove_refuses_without_a_terminal_and_without_yes(db: Path) -> None:
    before = db.read_bytes()
    message = user_error(invoke("remove", "Noor", "--db", db, stdin="y\n"))
    assert "--yes" in message
    assert db.read_bytes() == before
    assert "Noor Ali" in contacts(db)


def test_remove_with_yes_takes_their_history(db: Path) -> None:
    out = cli(db, "remove Noor --yes").stdout
    assert "Removed Noor Ali, 1 interaction" in out
    assert "Noor Ali" not in contacts(db)
    with careernet.open(db) as network:
        assert network.state.interactions == {}
        assert all(not c.knows for c in network.contacts)
    assert "No contact matches" in user_error(invoke("remove", "Noor", "--db", db))


def test_remove_finds_an_archived_contact(db: Path) -> None:
    cli(db, "archive Noor")
    cli(db, "remove Noor --yes")
    assert "Nobody is archived" in cli(db, "contacts --archived").stdout


def test_merge_shows_what_it_merges_and_keeps_both_addresses(db: Path) -> None:
    out = cli(db, 'merge "Ken Watanabe" "K. Watanabe" --yes').stdout
    assert "keep" in out
    assert "merge in" in out
    assert "Merged K. Watanabe into Ken Watanabe" in out
    assert "Kept company 'Globex', not 'Initech'" in out
    people = contacts(db)
    assert "K. Watanabe" not in people
    ken = people["Ken Watanabe"]
    assert ken.emails == ("ken@globex.example", "kw@home.example")
    assert "Initech" in ken.past_companies


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["merge", "Ken Watanabe", "ken@globex.example", "--yes"], "same contact"),
        (["merge", "Ken Watanabe", "Nobody Here", "--yes"], "No contact matches"),
        (["merge", "Ken Watanabe", "K. Watanabe"], "--yes"),
    ],
)
def test_merge_refuses_clearly(db: Path, args: list[str], words: str) -> None:
    before = db.read_bytes()
    assert words in user_error(invoke(*args, "--db", db))
    assert db.read_bytes() == before


def test_export_contacts_then_import_reads_back_the_same_people(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "people.csv"
    assert "Wrote 3 contacts" in cli(db, f"export-contacts {target}").stdout
    other = tmp_path / "other.db"
    cli(other, 'init "Sam"')
    columns = " ".join(
        f"--column {field}={shlex.quote(header)}"
        for field, header in CSV_COLUMNS.items()
    )
    cli(other, f"import csv {target} {columns}")
    mine, theirs = contacts(db), contacts(other)
    assert sorted(theirs) == sorted(mine)
    for name, person in mine.items():
        assert theirs[name].emails == person.emails
        assert theirs[name].company == person.company
        assert theirs[name].tags == person.tags
    cards = tmp_path / "people.vcf"
    cli(db, "archive Noor")
    assert (
        "Wrote 2 contacts" in cli(db, f"export-contacts {cards} --format vcard").stdout
    )
    cli(db, f"export-contacts {cards} --format vcard --archived")
    assert cards.read_bytes().count(b"BEGIN:VCARD") == 3
    assert "directory" in usage_error(invoke("export-contacts", tmp_path, "--db", db))


def test_export_contacts_refuses_an_unknown_format(db: Path, tmp_path: Path) -> None:
    result = invoke("export-contacts", tmp_path / "x", "--format", "xlsx", "--db", db)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


# -- the question, in a real terminal -------------------------------------------

TMUX = shutil.which("tmux")


def _in_terminal(command: list[str], answer: str) -> str:
    """Run ``command`` in tmux, answer its question, and return the screen."""
    assert TMUX is not None
    socket = f"careernet-life-{uuid.uuid4().hex[:12]}"
    line = " ".join(shlex.quote(part) for part in command)
    tmux = [TMUX, "-L", socket, "-f", os.devnull]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "50", "sh", "-c",
         f"{line}; echo __done__ $?; sleep 60"],
        check=True,
    )  # fmt: skip
    try:
        screen = ""
        answered = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            if "__done__" in screen:
                return screen
            if not answered and "[y/N]" in screen:
                subprocess.run([*tmux, "send-keys", answer, "Enter"], check=True)
                answered = True
            time.sleep(0.2)
        pytest.fail(f"the command did not finish in the terminal: {screen!r}")
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
@pytest.mark.parametrize(("answer", "gone"), [("n", False), ("y", True)])
def test_remove_asks_on_a_terminal(db: Path, answer: str, gone: bool) -> None:
    command = [sys.executable, "-m", "careernet", "remove", "Noor", "--db", str(db)]
    screen = _in_terminal(command, answer)
    assert "Remove Noor Ali and 1 record of their history for good? [y/N]" in screen
    assert ("Noor Ali" not in contacts(db)) is gone
    assert ("__done__ 0" in screen) is gone
