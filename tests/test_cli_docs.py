"""The command's documentation is true: the worked examples print what the
page shows, and the JSON page names every key careernet.to_builtins writes."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import careernet
import careernet.store
from careernet.cli import main
from careernet.domain import (
    Advice,
    Balance,
    IntroPath,
    Preferences,
    metrics,
    plan,
    thanks_owed,
)
from careernet.domain.strategies import default_registry
from careernet.sample import sample_goal, sample_network

DOCS = Path(__file__).parent.parent / "docs"
PAGE_WEEK = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""A moment in the week docs/cli-examples.md shows the plan of."""
ID = re.compile(r"\b[0-9a-f]{8,32}\b")


def _sessions() -> list[tuple[str, list[tuple[str, str]]]]:
    text = (DOCS / "cli-examples.md").read_text(encoding="utf-8")
    found = []
    for title, block in re.findall(r"## (.*?)\n\n```console\n(.*?)```", text, re.S):
        steps: list[tuple[str, str]] = []
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
        found.append((title, steps))
    return found


def test_the_worked_examples_print_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERNET_DB", "careernet.db")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # The page shows one week's plan (the forms of exposure take turns week
    # by week): every command runs on a clock in that week.
    monkeypatch.setattr(careernet.store, "_utc_now", lambda: PAGE_WEEK)
    sessions = _sessions()
    assert len(sessions) >= 5
    for title, steps in sessions:
        for command, expected in steps:
            words = shlex.split(command)
            assert words[0] == "careernet", command
            result = CliRunner().invoke(main, words[1:], prog_name="careernet")
            printed = result.stdout + result.stderr
            assert ID.sub("<id>", printed) == ID.sub("<id>", expected), (
                f"{title}: {command}"
            )


def _documented() -> dict[str, set[str]]:
    text = (DOCS / "json.md").read_text(encoding="utf-8")
    keys = {}
    for name, body in re.findall(
        r"^\*\*(\w+)\*\*[^:]*: (.*?)(?:\n\n|\Z)", text, re.S | re.M
    ):
        keys[name] = set(re.findall(r"`(\w+)`", body))
    return keys


def _samples() -> dict[str, Any]:
    now = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
    state = sample_network(now)
    strategy = default_registry().get("unemployed")
    week = plan(state, strategy, now=now)
    owed = [o for c in state.contacts for o in thanks_owed(state, c)]
    with careernet.open("memory:") as network:
        report = network.import_contacts([])
        history = network.import_history(io.StringIO("Date,Name\n"))
        ann = network.add_contact("Ann Lee", company="Globex")
        other = network.add_contact("A. Lee", company="Initech")
        merged = network.merge_contacts(ann.id, other.id)
        removed = network.remove_contact(ann.id)
        notified = network.notify(dry_run=True)
    with careernet.open("memory:") as network:
        ken = network.add_contact("Ken Watanabe")
        coffee = network.schedule_meeting(
            ken.id, now + dt.timedelta(days=2), purpose="Learn about the team"
        )
        briefed = network.brief(coffee.id)
    return {
        "Contact": next(iter(state.contacts.values())),
        "Seeker": state.seeker,
        "Meeting": next(iter(state.meetings.values())),
        "Interaction": next(iter(state.interactions.values())),
        "LedgerEntry": next(iter(state.entries.values())),
        "Transition": next(iter(state.transitions.values()), None),
        "Goal": sample_goal("unemployed", now),
        "Plan": week,
        "Action": week.actions[0],
        "Advice": Advice(code="capacity", message="Too many."),
        "Balance": Balance(gives=1),
        "ThanksOwed": owed[0],
        "FunnelMetrics": metrics(state, since=now - dt.timedelta(days=90), until=now),
        "IntroPath": IntroPath(
            introducer_id="a", target_id="b", reasons=("knows them",), strength=1
        ),
        "Preferences": Preferences(),
        "ImportReport": report,
        "HistoryReport": history,
        "MergeReport": merged,
        "RemovalReport": removed,
        "NotifyReport": notified,
        "Brief": briefed,
    }


@pytest.mark.parametrize("name", sorted(_samples()))
def test_the_json_page_names_every_key(name: str) -> None:
    documented = _documented()
    assert name in documented, f"docs/json.md does not describe {name}"
    sample = _samples()[name]
    if sample is None:
        pytest.skip(f"the sample network has no {name}")
    assert set(careernet.to_builtins(sample)) == documented[name]
