"""The notebook example runs top to bottom in a real kernel and shows pictures."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.draw_checks import having, parse

NOTEBOOK = Path(__file__).parent.parent / "examples" / "notebook.ipynb"


@pytest.mark.slow
def test_the_notebook_runs_and_its_cells_show_svg(tmp_path: Path) -> None:
    shutil.copy(NOTEBOOK, tmp_path)
    notebook = nbformat.read(  # type: ignore[no-untyped-call]
        tmp_path / NOTEBOOK.name, as_version=4
    )
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs"), "commit the notebook without outputs"
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    pictures = [
        output["data"]["image/svg+xml"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/svg+xml" in output.get("data", {})
    ]
    assert len(pictures) == 4  # the network, the funnel, the week, the shared rings
    rings, funnel, week, shared = (parse(svg) for svg in pictures)
    assert len(having(rings, "g", "cn-contact")) == 16
    assert "Alex Rivera" in "".join(rings.itertext())
    assert len(having(funnel, "g", "cn-layer")) == 4
    assert having(week, "g", "cn-step")
    assert "Alex Rivera" not in "".join(shared.itertext())
    assert (tmp_path / "rings-to-share.svg").read_text(encoding="utf-8") == pictures[3]
