"""A smoke run of the benchmarks: they run and report; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import render, run


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


def test_the_performance_page_is_what_the_committed_results_give() -> None:
    """docs/performance.md is made from benchmarks/results.json by
    ``python -m benchmarks.render``: rerun it after storing new results."""
    page = render.PAGE.read_text(encoding="utf-8")
    results = json.loads(render.RESULTS.read_text(encoding="utf-8"))
    assert render.render(results, page) == page
    assert render.main(["--check"]) == 0


def test_rendering_needs_the_markers() -> None:
    with pytest.raises(render.StaleError):
        render.render({"runs": []}, "# Performance\n")
