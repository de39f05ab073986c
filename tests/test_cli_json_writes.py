"""``--json`` on the commands that change the network, and on ``import``,
``brief``, ``notify`` and ``check``: stdout holds only the JSON, in the shape
:func:`careernet.to_builtins` documents, and it reads back to what the store
holds."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest

import careernet
from careernet import (
    Contact,
    Goal,
    Interaction,
    LedgerEntry,
    Meeting,
    MeetingStatus,
    Ring,
)
from careernet.domain import Transition
from careernet.domain.lifecycle import RemovalReport
from tests.test_cli import cli, invoke

DATA = Path(__file__).parent / "data" / "imports"


pytestmark = pytest.mark.usefixtures("isolated_home")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "network.db"
    cli(path, 'init "Alex Rivera" --company "Northwind Analytics"')
    return path


def data(db: Path, line: str) -> Any:
    """The JSON a command prints on stdout (nothing else may be there)."""
    return orjson.loads(cli(db, line).stdout)


def stored(db: Path) -> careernet.Network:
    return careernet.open(str(db))


def test_people_commands_print_what_they_saved(db: Path) -> None:
    added = careernet.from_builtins(
        data(db, 'add "Ken Watanabe" --company Globex --json'), Contact
    )
    edited = careernet.from_builtins(
        data(db, "edit Ken --role Director --tag mentor --json"), Contact
    )
    cli(db, "log reply Ken")
    moved = careernet.from_builtins(data(db, "move Ken lukewarm --json"), Transition)
    archived = careernet.from_builtins(data(db, "archive Ken --json"), Contact)
    back = careernet.from_builtins(data(db, "unarchive Ken --json"), Contact)
    with stored(db) as network:
        assert network.contact(added.id) == back
    assert (edited.role, edited.tags) == ("Director", frozenset({"mentor"}))
    assert (moved.contact_id, moved.from_ring, moved.to_ring) == (
        added.id,
        Ring.COLD,
        Ring.LUKEWARM,
    )
    assert archived.archived
    assert not back.archived


def test_log_commands_print_their_records(db: Path) -> None:
    cli(db, 'add "Ken Watanabe" --company Globex')
    outreach = careernet.from_builtins(
        data(db, 'log outreach Ken --note "Wrote on LinkedIn" --json'), Interaction
    )
    give = careernet.from_builtins(
        data(db, 'log give Ken "An article on their market" --json'), LedgerEntry
    )
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:30")
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=4)).strftime("%Y-%m-%dT11:00")
    made = careernet.from_builtins(
        data(db, f'log meeting Ken {ahead} --purpose "Learn about the team" --json'),
        Meeting,
    )
    moved = careernet.from_builtins(
        data(db, f"log reschedule {made.id[:8]} {later} --json"), Meeting
    )
    held = careernet.from_builtins(
        data(db, f"log result {made.id[:8]} cancelled --json"), Meeting
    )
    with stored(db) as network:
        assert network.state.interactions[outreach.id] == outreach
        assert network.state.entries[give.id] == give
        assert network.state.meetings[made.id] == held
    assert outreach.note == "Wrote on LinkedIn"
    assert moved.scheduled_at > made.scheduled_at
    assert held.status is MeetingStatus.CANCELLED


def test_goal_prints_the_goal_and_keeps_advice_off_stdout(db: Path) -> None:
    result = cli(db, "goal unemployed --company Globex --json")
    goal = careernet.from_builtins(orjson.loads(result.stdout), Goal)
    with stored(db) as network:
        assert network.goal == goal


def test_remove_and_merge_print_their_reports(db: Path) -> None:
    cli(db, 'add "Ken Watanabe" --company Globex --email ken@globex.example')
    cli(db, 'add "K. Watanabe" --company Initech --email kw@home.example')
    cli(db, 'add "Noor Ali" --knows Ken')
    cli(db, 'log reply "K. Watanabe"')
    result = cli(db, 'merge "Ken Watanabe" "K. Watanabe" --yes --json')
    merged = orjson.loads(result.stdout)
    assert "keep" in result.stderr  # the side-by-side view, on stderr
    kept = careernet.from_builtins(merged["kept"], Contact)
    assert set(kept.emails) == {"ken@globex.example", "kw@home.example"}
    assert [kind for kind, _ in merged["moved"]] == ["interaction"]
    assert {"field": "company", "kept": "Globex", "dropped": "Initech"} in (
        merged["conflicts"]
    )
    removed = careernet.from_builtins(
        data(db, "remove Ken --yes --json"), RemovalReport
    )
    assert removed.contact == kept
    assert ("contact", kept.id) in removed.removed
    with stored(db) as network:
        assert [c.name for c in network.contacts] == ["Noor Ali"]
        assert [kind for kind, _ in removed.updated] == ["contact"]


def test_import_prints_its_report(db: Path) -> None:
    report = data(db, f"import linkedin {DATA / 'Connections-2025.csv'} --json")
    with stored(db) as network:
        assert {c["id"] for c in report["added"]} == {c.id for c in network.contacts}
    again = data(db, f"import linkedin {DATA / 'Connections-2025.csv'} --json")
    assert again["added"] == []
    assert len(again["unchanged"]) == len(report["added"])


def test_brief_notify_and_check(db: Path) -> None:
    cli(db, 'add "Ken Watanabe" --company Globex')
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:30")
    cli(db, f'log meeting Ken {ahead} --purpose "Learn about the team"')
    brief = data(db, "brief Ken --json")
    assert (brief["name"], brief["purpose"]) == ("Ken Watanabe", "Learn about the team")
    assert (
        "--neutral is for the text"
        in invoke("brief", "Ken", "--json", "--neutral", "--db", db).stderr
    )
    report = data(db, "notify --dry-run --json")
    assert set(report) == {"now", "channels", "skipped", "deliveries", "given_up"}
    assert report["deliveries"] == []
    assert data(db, "check --json") == {"networks": 1, "problems": []}


def test_check_json_reports_damage_and_exits_1(db: Path) -> None:
    cli(db, 'add "Ken Watanabe"')
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE records SET data = '{\"broken' WHERE kind = 'contact'")
        assert raw.total_changes == 1
    result = invoke("check", "--json", "--db", db)
    assert result.exit_code == 1
    found = orjson.loads(result.stdout)
    assert found["networks"] == 1
    assert found["problems"]
