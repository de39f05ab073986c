"""The package as an installed distribution: exports, version, import cost."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

import careernet


def test_version_comes_from_the_installed_metadata() -> None:
    assert careernet.__version__ == version("careernet")


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        careernet.nope  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("name", ["Ring", "Scenario", "CareerNetError"])
def test_core_names_import_from_the_root(name: str) -> None:
    assert getattr(careernet, name) is getattr(careernet.domain, name)


def test_every_error_is_a_careernet_error() -> None:
    errors = [
        obj
        for name in careernet.__all__
        if name.endswith("Error") and isinstance(obj := getattr(careernet, name), type)
    ]
    assert len(errors) > 1
    assert all(issubclass(error, careernet.CareerNetError) for error in errors)


def test_all_is_sorted_and_resolvable() -> None:
    assert careernet.__all__ == sorted(careernet.__all__, key=str)
    for name in careernet.__all__:
        assert hasattr(careernet, name)


def test_import_loads_neither_icalendar_nor_sqlite3() -> None:
    """Nor the command's libraries: click and rich are required dependencies,
    but only ``careernet.cli`` imports them."""
    heavy = "{'icalendar', 'sqlite3', '_sqlite3', 'cattrs', 'click', 'rich'}"
    code = (
        "import sys, json, careernet; "
        "print(json.dumps(sorted(m for m in sys.modules "
        f"if m.split('.')[0] in {heavy})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_the_package_is_typed() -> None:
    from importlib.resources import files  # noqa: PLC0415

    assert files("careernet").joinpath("py.typed").is_file()
