"""The README's promises: its commands match CI and its code runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(), re.DOTALL)


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    (command,) = re.findall(r"^TEST_COMMAND='(.*)'$", ci, re.MULTILINE)
    assert command in [c.strip() for c in blocks(ROOT / "README.md", "console")]


def test_the_readme_has_two_commands() -> None:
    assert len(blocks(ROOT / "README.md", "console")) == 2


@pytest.mark.parametrize(
    "path",
    [p for p in DOCS if blocks(p, "python")],
    ids=lambda path: path.name,
)
def test_python_examples_in_the_docs_run(path: Path) -> None:
    """Each page's ``python`` blocks run in order, sharing names, as a reader
    runs them (``py`` blocks are illustrations that need outside services)."""
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for code in blocks(path, "python"):
        exec(compile(code, str(path), "exec"), namespace)


def test_the_readme_demo_command_runs(tmp_path: Path) -> None:
    (command,) = [c for c in blocks(ROOT / "README.md", "console") if "demo" in c]
    demo = command.strip().rsplit("&&", 1)[1].split()
    assert demo[1:] == ["demo"]
    result = subprocess.run(
        [sys.executable, "-m", "careernet.cli", "demo"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert "The week's plan" in result.stdout
    assert (tmp_path / "careernet-demo.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (tmp_path / "careernet-demo.db").stat().st_size > 0


def test_the_example_script_runs_for_every_scenario() -> None:
    from careernet.domain import Scenario  # noqa: PLC0415

    for scenario in Scenario:
        result = subprocess.run(
            [sys.executable, str(ROOT / "examples" / "first_week.py"), scenario],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "The week's plan" in result.stdout
        assert "The ledger" in result.stdout


def test_the_demo_refuses_an_unknown_scenario() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "first_week.py"), "nap"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "choose one of" in result.stdout
