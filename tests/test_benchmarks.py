"""A smoke run of the benchmarks: they run and report; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import run


def test_the_benchmarks_run_and_report_ratios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    assert run.main(["--quick", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "record one interaction" in printed
    figures = json.loads(out.read_text())["figures"]
    assert figures
    for figure in figures:
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["floor"])
