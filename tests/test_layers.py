"""careernet's modules import each other in layers, with no cycle anywhere.

The import-linter contracts in pyproject.toml check the layers; these tests
check what a layers contract cannot: that no two modules import each other
in a circle, counting imports under ``if TYPE_CHECKING:`` and inside
functions, and that the domain's rules read a view of the state."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import careernet
from careernet.domain import NetworkState, Seeker
from careernet.domain.view import NetworkView

SOURCE = Path(careernet.__file__).parent


def _module_names() -> dict[str, Path]:
    """Every module of careernet by dotted name (a package by its own name)."""
    names = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _imported(module: str, path: Path, known: Mapping[str, Path]) -> Iterator[str]:
    """The careernet modules ``module`` imports anywhere: at the top, inside
    ``if TYPE_CHECKING:`` blocks and inside functions alike."""
    package = module if path.stem == "__init__" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(filter(None, [base, node.module]))
            for alias in node.names:  # a name may be a submodule
                yield (
                    f"{target}.{alias.name}"
                    if f"{target}.{alias.name}" in known
                    else target
                )
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def import_graph(within: str = "careernet.domain") -> dict[str, set[str]]:
    """Module -> the modules it imports, for the modules under ``within``.

    Names are relative to ``within``; a package's ``__init__`` is left out
    (importing a submodule runs it, but that is not a dependency).
    """
    known = _module_names()
    prefix = f"{within}."
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        if not module.startswith(prefix) or path.stem == "__init__":
            continue
        name = module.removeprefix(prefix)
        graph[name] = {
            target.removeprefix(prefix)
            for target in _imported(module, path, known)
            if target.startswith(prefix) and target in known and target != module
        }
    return graph


def whole_graph() -> dict[str, set[str]]:
    """Every careernet module (packages included) -> the careernet modules it
    imports, TYPE_CHECKING and function-level imports included."""
    known = _module_names()
    return {
        module: {
            target
            for target in _imported(module, path, known)
            if target in known and target != module
        }
        for module, path in known.items()
    }


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


def test_no_careernet_module_is_in_an_import_cycle() -> None:
    cycle = find_cycle(whole_graph())
    assert cycle is None, "import cycle in careernet: " + " -> ".join(cycle or ())


def test_the_whole_graph_sees_lazy_and_type_checking_imports() -> None:
    graph = whole_graph()
    assert "careernet.ical" in graph["careernet.network"]  # inside a method
    assert "careernet.notify" in graph["careernet.hookspecs"]  # TYPE_CHECKING
    assert "careernet._convert" in graph["careernet.portable"]  # from careernet
    assert "careernet.network" in graph["careernet.store"]


def test_features_do_not_import_the_facade() -> None:
    """The calendar, the reminders and the storage take values, not a Network."""
    facade = {"careernet.network", "careernet.store", "careernet._base"}
    graph = whole_graph()
    for module, targets in graph.items():
        if module.startswith(
            ("careernet.ical", "careernet.notify", "careernet.storage")
        ):
            assert not targets & facade, f"{module} imports {targets & facade}"
