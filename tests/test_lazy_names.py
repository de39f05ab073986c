"""The lazily imported names of ``careernet`` and ``careernet.domain``.

Both packages import a name the first time it is used, from a table of
where each is defined. Type checkers instead read the imports under
``TYPE_CHECKING``; the module ``__getattr__`` is hidden from them, so a
misspelled name is an error and not ``Any``. These tests keep the table,
``__all__`` and those imports in step, and check what mypy makes of them.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import careernet
import careernet.domain

PACKAGES = [careernet, careernet.domain]


def _type_checking_imports(package: ModuleType) -> dict[str, str]:
    """The names imported under ``if TYPE_CHECKING:``, with their module."""
    tree = ast.parse(inspect.getsource(package))
    found: dict[str, str] = {}
    for node in tree.body:
        if not (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom):
                module = importlib.util.resolve_name(
                    "." * statement.level + (statement.module or ""),
                    package.__name__,
                )
                for alias in statement.names:
                    found[alias.asname or alias.name] = module
    return found


def _table(package: ModuleType) -> dict[str, str]:
    """The lazy table, as absolute module names."""
    where: dict[str, str] = vars(package)["_WHERE"]
    return {
        name: importlib.util.resolve_name(
            module if package is careernet else f".{module}", package.__name__
        )
        for name, module in where.items()
    }


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_the_table_all_and_the_type_checking_imports_agree(
    package: ModuleType,
) -> None:
    imported = _type_checking_imports(package)
    assert len(imported) > 20
    assert set(package.__all__) == set(imported)
    assert _table(package) == imported


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_name_is_the_object_its_module_defines(package: ModuleType) -> None:
    for name, module in _table(package).items():
        assert getattr(package, name) is getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_dir_lists_every_public_name(package: ModuleType) -> None:
    assert set(package.__all__) <= set(dir(package))


# -- what mypy --strict makes of them ----------------------------------------------

MISSPELLED = """\
import careernet
import careernet.domain

ring = careernet.Rnig.BUDDY
try:
    pass
except careernet.ConflctError:
    pass
careernet.domain.planx
"""

CORRECT = """\
import careernet
import careernet.domain

ring: careernet.Ring = careernet.Ring.BUDDY
try:
    pass
except careernet.ConflictError:
    pass
version: str = careernet.__version__
print(careernet.domain.plan, careernet.domain.BUILTIN_STRATEGIES, ring, version)
"""


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every mypy run here, so only the first reads careernet."""
    pytest.importorskip("mypy", reason="mypy is in the tests dependency group")
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(code: str, folder: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    (folder / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    (folder / "use.py").write_text(code, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            str(cache),
            "use.py",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_mypy_reports_a_misspelled_name(mypy_cache: Path, tmp_path: Path) -> None:
    result = _mypy(MISSPELLED, tmp_path, mypy_cache)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = result.stdout
    assert 'Module has no attribute "Rnig"' in errors
    assert 'Module has no attribute "ConflctError"' in errors
    assert 'Module has no attribute "planx"' in errors


@pytest.mark.slow
def test_mypy_accepts_the_real_names(mypy_cache: Path, tmp_path: Path) -> None:
    result = _mypy(CORRECT, tmp_path, mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr
