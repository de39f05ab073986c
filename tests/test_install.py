"""A plain install works: ``pip install .`` (no extras) in a fresh virtual
environment runs ``careernet demo`` and ``python -m careernet --help``.

Uses uv when it is there (seconds), else venv and pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_a_plain_install_runs_the_command(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    uv = shutil.which("uv")
    install: list[str | Path]
    if uv is not None:
        subprocess.run([uv, "venv", "-q", "--python", sys.executable, venv], check=True)
        install = [uv, "pip", "install", "-q", "--python", venv / "bin" / "python"]
    else:  # pragma: no cover - uv is in the tests group's environment
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        install = [venv / "bin" / "python", "-m", "pip", "install", "-q"]
    subprocess.run([*install, ROOT], check=True, timeout=600)
    env = {
        k: v for k, v in os.environ.items() if k not in {"CAREERNET_DB", "VIRTUAL_ENV"}
    }
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")

    demo = subprocess.run(
        [venv / "bin" / "careernet", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "The week's plan" in demo.stdout
    helped = subprocess.run(
        [venv / "bin" / "python", "-m", "careernet", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert helped.stdout.startswith("Usage: careernet ")
    assert helped.stderr == ""
