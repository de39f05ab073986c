"""The importing page's worked example prints what the page shows, run in a
folder holding the files the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from careernet.cli import main

PAGE = Path(__file__).parent.parent / "docs" / "importing.md"
ID = re.compile(r"\b[0-9a-f]{8,32}\b")


def _files(text: str) -> dict[str, str]:
    return dict(
        re.findall(r"```\{code-block\} text\n:caption: (\S+)\n\n(.*?)```", text, re.S)
    )


def _steps(text: str) -> list[tuple[str, str]]:
    [block] = re.findall(r"```console\n(.*?)```", text, re.S)
    steps = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, output = chunk.partition("\n")
        steps.append((command, output))
    return steps


def test_the_worked_example_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    files = _files(text)
    assert set(files) == {"people.csv", "tracker.csv"}
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERNET_DB", "careernet.db")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    steps = _steps(text)
    assert len(steps) >= 6
    for command, expected in steps:
        words = shlex.split(command)
        assert words[0] == "careernet", command
        result = CliRunner().invoke(main, words[1:], prog_name="careernet")
        printed = result.stdout + result.stderr
        assert ID.sub("<id>", printed) == ID.sub("<id>", expected), command
