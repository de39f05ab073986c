"""The domain's modules import each other in layers, and rules read a view."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import careernet.domain
from careernet.domain import NetworkState, Seeker
from careernet.domain.view import NetworkView

DOMAIN = Path(careernet.domain.__file__).parent
PACKAGE = "careernet.domain"


def _module_name(path: Path) -> str:
    return path.stem if path.stem != "__init__" else ""


def _imported(path: Path) -> Iterator[str]:
    """The domain modules ``path`` imports anywhere: at the top, inside
    ``if TYPE_CHECKING:`` blocks and inside functions alike."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # every domain module sits in the package itself
                base = PACKAGE.rsplit(".", node.level - 1)[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target == PACKAGE:
                yield from (f"{PACKAGE}.{a.name}" for a in node.names)
            else:
                yield target
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Domain module -> the domain modules it imports (the package excluded)."""
    modules = {
        _module_name(p): p for p in sorted(DOMAIN.glob("*.py")) if p.stem != "__init__"
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for target in _imported(path):
            if target.startswith(f"{PACKAGE}."):
                module = target.removeprefix(f"{PACKAGE}.").split(".")[0]
                if module in modules and module != name:
                    targets.add(module)
        graph[name] = targets
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or ``None``."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(graph.get(module, ())):
            cycle = visit(target)
            if cycle is not None:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle is not None:
            return cycle
    return None


def test_the_graph_sees_type_checking_and_function_imports() -> None:
    graph = import_graph()
    assert "view" in graph["funnel"]  # under TYPE_CHECKING
    assert "strategies" in graph["state"]  # under TYPE_CHECKING
    assert {"funnel", "ledger", "questions"} <= graph["state"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_domain_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle in careernet.domain: " + " -> ".join(
        cycle or ()
    )


def test_no_domain_module_imports_the_state() -> None:
    importers = sorted(m for m, targets in import_graph().items() if "state" in targets)
    assert importers == [], f"{importers} import careernet.domain.state"


def test_a_network_state_is_a_network_view() -> None:
    view: NetworkView = NetworkState(Seeker(name="Alex"))  # checked by mypy
    assert isinstance(view, NetworkView)
    assert not hasattr(NetworkView, "apply")
