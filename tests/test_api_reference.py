"""The API reference matches the API.

Every name in a public module's ``__all__`` has a docstring and is in the
reference pages (``docs/api/*.md``): documented there under that module, or,
when it is re-exported, linked from that module's section to the one place
it is documented. Every module of careernet is either public (in the
reference) or internal (named below), so a new module is a decision.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import careernet

ROOT = Path(__file__).parent.parent
API = ROOT / "docs" / "api"

PUBLIC = (
    "careernet",
    "careernet.store",
    "careernet.network",
    "careernet.portable",
    "careernet.sample",
    "careernet.domain",
    "careernet.storage",
    "careernet.storage.memory",
    "careernet.storage.sqlite",
    "careernet.storage.postgres",
    "careernet.plugins",
    "careernet.hookspecs",
    "careernet.notify",
    "careernet.notify.smtp",
    "careernet.ical",
    "careernet.ical.feed",
    "careernet.importers",
    "careernet.mail",
    "careernet.sync",
    "careernet.draw",
    "careernet.errors",
    "careernet.testing",
)
"""The modules the reference documents, name by name."""

INTERNAL = {
    # The command is documented from its commands (docs/cli.md).
    "careernet.cli",
    "careernet.builtin_strategies",
    # Modules whose public names their package re-exports: import from the
    # package.
    *(
        f"careernet.domain.{m}"
        for m in (
            "actions",
            "approaches",
            "briefing",
            "door",
            "errors",
            "funnel",
            "history",
            "imports",
            "intro",
            "ledger",
            "lifecycle",
            "mail",
            "meetings",
            "model",
            "orgs",
            "planner",
            "questions",
            "reminders",
            "state",
            "strategies",
            "view",
            "vocab",
            "wording",
            "zones",
        )
    ),
    "careernet.draw.funnel",
    "careernet.draw.picture",
    "careernet.draw.rings",
    "careernet.draw.week",
    "careernet.ical.events",
    "careernet.ical.render",
    "careernet.importers.csvfile",
    "careernet.importers.exports",
    "careernet.importers.history",
    "careernet.importers.linkedin",
    "careernet.importers.vcard",
    "careernet.sync.caldav",
    "careernet.sync.plugin",
    "careernet.mail.folders",
    "careernet.mail.imap",
    "careernet.notify.digest",
    "careernet.notify.engine",
    "careernet.notify.log",
    "careernet.testing.notify",
    "careernet.testing.storage",
    "careernet.testing.strategy",
}
"""Modules left out of the reference on purpose (besides ``_private`` ones)."""


UNDOCUMENTED = {
    "careernet.sample.SEEKER",
    "careernet.storage.postgres.SCHEMA_VERSION",
    "careernet.notify.smtp.CHANNEL",
    "careernet.ical.feed.CONTENT_TYPE",
    "careernet.draw.RING_LABELS",
    "careernet.draw.STAGE_LABELS",
}
"""Public names still without a docstring; each is a debt, not a choice."""


def _reference_tool() -> Callable[[str, str], str | None]:
    path = ROOT / "docs" / "_ext" / "careernet_reference.py"
    spec = importlib.util.spec_from_file_location("careernet_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: Callable[[str, str], str | None] = module.attribute_doc
    return found


attribute_doc = _reference_tool()


def _modules() -> set[str]:
    """Every module of careernet that is not private, found without importing."""
    found = set()
    for info in pkgutil.walk_packages(careernet.__path__, "careernet."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts[1:]):
            continue
        if parts[:2] == ["careernet", "cli"] and len(parts) > 2:
            continue  # the command's own modules
        found.add(info.name)
    return found | {"careernet"}


def _sections() -> dict[str, str]:
    """Each module's section of the reference pages, by module name."""
    sections: dict[str, str] = {}
    for page in sorted(API.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        found = re.findall(r"^## `(\S+)`\n(.*?)(?=^## |\Z)", text, re.M | re.S)
        for module, body in found:
            assert module not in sections, f"{module} has two sections"
            sections[module] = body
    return sections


SECTIONS = _sections()
DOCUMENTED = {
    name
    for body in SECTIONS.values()
    for name in re.findall(r"^\.\. auto(?!module)\w+:: (\S+)", body, re.M)
}


def _same(a: object, b: object) -> bool:
    return a is b or a == b


def _resolve(dotted: str) -> object:
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def test_every_module_is_public_or_internal() -> None:
    assert _modules() == set(PUBLIC) | INTERNAL


def test_every_public_module_has_a_section_and_nothing_else_does() -> None:
    assert set(SECTIONS) == set(PUBLIC)


@pytest.mark.parametrize("module_name", PUBLIC)
def test_every_public_name_is_documented_and_in_the_reference(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__, f"{module_name} has no docstring"
    body = SECTIONS[module_name]
    links = dict(re.findall(r"\{py:obj\}`(\S+) <(\S+)>`", body))
    problems = []
    for name in module.__all__:
        full = f"{module_name}.{name}"
        value = getattr(module, name)
        if isinstance(value, type | types.FunctionType) or (
            callable(value) and hasattr(value, "__wrapped__")
        ):
            documented = bool((value.__doc__ or "").strip())
        else:
            documented = bool(attribute_doc(module_name, name))
        if not documented and full not in UNDOCUMENTED:
            problems.append(f"{full} has no docstring")
        if full in DOCUMENTED:
            continue
        target = links.get(name)
        if target is None:
            problems.append(f"{full} is not in the reference")
        elif target not in DOCUMENTED:
            problems.append(f"{full} links to {target}, which is not documented")
        elif not _same(_resolve(target), value):
            problems.append(f"{full} links to {target}, another object")
    assert problems == []


def test_the_reference_documents_only_public_names() -> None:
    for name in DOCUMENTED:
        module_name, _, attr = name.rpartition(".")
        assert module_name in PUBLIC, name
        assert attr in importlib.import_module(module_name).__all__, name


PARAMETERS_NOT_YET_DESCRIBED: set[str] = set()
"""Methods whose docstrings do not yet describe every parameter; a debt."""


def _undescribed(function: Callable[..., object]) -> list[str]:
    """The parameters a function's docstring does not describe."""
    doc = inspect.getdoc(function) or ""
    missing = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in {"self", "cls"} or parameter.kind in {
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        }:
            continue
        if not re.search(rf"^\s+{parameter.name}( \(.*\))?: \S", doc, re.M):
            missing.append(parameter.name)
    return missing


def test_the_facade_describes_every_parameter() -> None:
    """``careernet.open``, ``open_store`` and the methods of ``Network`` and
    ``Store`` say what each argument is (an ``Args:`` entry)."""
    functions: dict[str, Callable[..., object]] = {
        "open": careernet.open,
        "open_store": careernet.open_store,
    }
    for cls in (careernet.Network, careernet.Store):
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                functions[f"{cls.__name__}.{name}"] = member
    undescribed = {
        name: missing
        for name, function in functions.items()
        if (missing := _undescribed(function))
    }
    assert set(undescribed) <= PARAMETERS_NOT_YET_DESCRIBED, {
        name: undescribed[name]
        for name in set(undescribed) - PARAMETERS_NOT_YET_DESCRIBED
    }
    described = PARAMETERS_NOT_YET_DESCRIBED - set(undescribed)
    assert not described, f"described now; take them off the list: {described}"
