"""What the docs show a program printing is what it prints.

A ``python`` block followed by a one-line sentence ending in a colon and a
``text`` block is an example with its output: the page's blocks run in
order, sharing names as a reader's session would, and the text block must be
exactly what that one block printed.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(
    r"```python\n(?P<code>.*?)```\n"
    r"(?:\n(?P<lead>[^\n`]*:)\n\n```text\n(?P<output>.*?)```)?",
    re.DOTALL,
)


def examples(path: Path) -> list[tuple[str, str | None]]:
    """A page's python blocks, each with the output the page shows, if any."""
    return [(m["code"], m["output"]) for m in BLOCK.finditer(path.read_text("utf-8"))]


def test_the_front_page_shows_an_example_with_its_output() -> None:
    shown = [(code, out) for code, out in examples(ROOT / "docs" / "index.md") if out]
    assert shown, "the front page needs a python block followed by its output"
    code, _ = shown[0]
    assert len(code.strip().splitlines()) <= 12


@pytest.mark.parametrize(
    "path",
    [p for p in PAGES if any(out for _, out in examples(p))],
    ids=lambda p: p.name,
)
def test_the_printed_output_is_what_the_page_shows(path: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for code, expected in examples(path):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(path), "exec"), namespace)
        if expected is not None:
            assert printed.getvalue() == expected, code


def test_the_front_page_has_the_install_line_the_picture_and_three_doors() -> None:
    page = (ROOT / "docs" / "index.md").read_text("utf-8")
    installs = re.findall(r"```console\n\$ (.*?)\n```", page)
    assert any("pip install" in line for line in installs)
    assert "(_generated/rings.svg)" in page
    for door, link in (
        ("**Seekers**", "(cli.md)"),
        ("**App developers**", "(embedding.md)"),
        ("**Plugin authors**", "(plugins.md)"),
    ):
        assert door in page
        assert link in page
