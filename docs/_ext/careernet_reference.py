"""Give the API reference the documentation of re-exported constants.

A package such as :mod:`careernet.domain` re-exports constants defined in
its modules (``careernet.domain.MINUTES`` lives in ``domain/actions.py``).
A constant's documentation is the string literal after its assignment, which
Python does not keep; autodoc looks for it in the package's own source, finds
nothing and falls back to the value's type (the docstring of ``dict``). This
extension finds the string where the constant is assigned instead.

:func:`attribute_doc` needs no Sphinx, so the tests use it too
(``tests/test_api_reference.py``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _attribute_docs(module_name: str) -> dict[str, str]:
    """The string literal after each module-level assignment, by name."""
    module = importlib.import_module(module_name)
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    body = tree.body
    for statement, after in itertools.pairwise(body):
        if not (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            continue
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                docs[target.id] = inspect.cleandoc(after.value.value)
    return docs


def _imported_from(module_name: str, name: str) -> list[str]:
    """The modules ``module_name`` imports ``name`` from (``TYPE_CHECKING``
    imports included)."""
    module = importlib.import_module(module_name)
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return []
    package = module_name
    if not hasattr(module, "__path__"):
        package = module_name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(
            alias.name == name and alias.asname in (None, name) for alias in node.names
        ):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            if node.level == 0:
                found.append(node.module or "")
            else:
                found.append(f"{base}.{node.module}" if node.module else base)
    return found


def attribute_doc(module_name: str, name: str) -> str | None:
    """The documentation of the constant ``name`` that ``module_name`` exports.

    Looked for in the module itself, then in the module it imports the name
    from, then in the modules of its package.
    """
    found = _attribute_docs(module_name).get(name)
    if found is not None:
        return found
    for source in _imported_from(module_name, name):
        if source and source != module_name:
            found = attribute_doc(source, name)
            if found is not None:
                return found
    module = importlib.import_module(module_name)
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        if info.name == "__main__":  # running it would run the command
            continue
        found = _attribute_docs(f"{module_name}.{info.name}").get(name)
        if found is not None:
            return found
    return None


def _process(  # noqa: PLR0917 - Sphinx passes the event's arguments by position
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: dict[str, Any],
    lines: list[str],
) -> None:
    if what != "data":
        return
    module_name, _, attr = name.rpartition(".")
    doc = attribute_doc(module_name, attr)
    lines[:] = doc.splitlines() if doc is not None else []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the docstring hook."""
    app.connect("autodoc-process-docstring", _process)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
