"""Every example script runs, and does what its docstring says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def test_the_web_app_serves_the_plan_and_mounts_the_feed() -> None:
    out = run("web_app.py", "--check")
    assert "/feed/" in out
    assert "actions for Alex Rivera" in out
    events = int(out.rsplit("calendar: ", 1)[1].split()[0])
    assert events > 0


def test_the_walkthrough_runs_top_to_bottom() -> None:
    out = run("walkthrough.py")
    assert "request_intro - Ask Raj Patel" in out
    assert "thanks owed: ['Aisha Bello']" in out


def test_the_strategy_plugin_targets_former_colleagues() -> None:
    out = run("strategy_plugin.py")
    assert "Lee Chan" in out
    assert "Mo Diaz" in out
    assert "Pat Quinn" not in out


def test_the_notifier_plugin_delivers_once() -> None:
    out = run("notifier_plugin.py")
    assert "first run sent 1, second run sent 0" in out
    assert "Ann Archer has not answered" in out


@pytest.mark.parametrize(
    "script", sorted(p.name for p in EXAMPLES.glob("*.py")), ids=str
)
def test_every_example_has_a_test(script: str) -> None:
    tested = (
        Path(__file__).read_text()
        + (Path(__file__).parent / "test_readme.py").read_text()
    )
    assert script in tested
