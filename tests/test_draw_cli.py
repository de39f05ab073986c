"""``careernet rings`` and ``careernet funnel --svg``: the pictures from the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from careernet.draw import Picture
from tests.draw_checks import having, parse, readable, render
from tests.test_cli import cli, invoke, user_error


@pytest.fixture(autouse=True)
def _wide(isolated_home: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    result = invoke("demo", "--db", db, "--ics", tmp_path / "demo.ics")
    assert result.exit_code == 0, result.output
    return db


def _picture(path: Path) -> Picture:
    svg = path.read_text(encoding="utf-8")
    root = parse(svg)
    return Picture(
        kind="file",
        svg=svg,
        width=int(root.get("width", "0")),
        height=int(root.get("height", "0")),
    )


def test_rings_draws_concentric_bands_with_who_is_due(
    demo: Path, tmp_path: Path
) -> None:
    out = cli(demo, f"rings --svg {tmp_path / 'rings.svg'}").stdout
    lines = out.splitlines()
    titles = ["Cold · 7", "Lukewarm · 4", "Strategic · 3", "Buddies · 2"]
    # Each band's title is on its own line, nested inward, the seeker inside.
    rows = [next(n for n, line in enumerate(lines) if t in line) for t in titles]
    assert rows == sorted(rows)
    columns = [lines[row].index("╭") for row in rows]
    assert columns == sorted(columns)
    assert len(set(columns)) == 4
    you = next(n for n, line in enumerate(lines) if "You" in line)
    assert you > rows[-1]
    assert "Jordan Lee: thank" in out
    assert f"The picture is in {tmp_path / 'rings.svg'}." in out
    picture = _picture(tmp_path / "rings.svg")
    assert len(having(parse(picture), "g", "cn-contact")) == 16
    render(picture)


def test_rings_to_share_names_nobody(demo: Path, tmp_path: Path) -> None:
    out = cli(demo, f"rings --share --svg {tmp_path / 'shared.svg'}").stdout
    assert "with a step due" in out
    said = readable(parse((tmp_path / "shared.svg").read_text(encoding="utf-8")))
    for text in (out, said):
        for name in ("Jordan", "Okafor", "Northwind", "Globex", "Alex Rivera"):
            assert name not in text


def test_funnel_writes_its_picture(demo: Path, tmp_path: Path) -> None:
    out = cli(demo, f"funnel --svg {tmp_path / 'funnel.svg'}").stdout
    assert "cold to lukewarm: 0 of 7 (0%)" in out
    picture = _picture(tmp_path / "funnel.svg")
    assert len(having(parse(picture), "g", "cn-layer")) == 4
    render(picture)


def test_a_picture_that_cannot_be_written_is_one_error_line(
    demo: Path, tmp_path: Path
) -> None:
    message = user_error(
        invoke("rings", "--db", demo, "--svg", tmp_path / "no" / "such" / "dir.svg")
    )
    assert "No such file or directory" in message
