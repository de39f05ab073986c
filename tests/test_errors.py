"""careernet.errors: one module, one tree, every error exported."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import textwrap

import pytest

import careernet
import careernet.domain.errors
import careernet.errors
import careernet.notify.smtp

ERRORS: list[type[BaseException]] = [
    value
    for _, value in inspect.getmembers(careernet.errors, inspect.isclass)
    if issubclass(value, BaseException) and value.__module__ == "careernet.errors"
]

TREE_LINE = re.compile(
    r"^ *(?:[│ ]   )*(?:[├└]── )?(?P<name>\w+)(?: \((?P<std>\w+)\))?$"
)
"""A line of the tree in the module's docstring: a name, maybe a standard base."""


def _tree() -> dict[str, tuple[str | None, str | None]]:
    """Each class drawn in the docstring: its parent in the tree, and the
    standard exception given in brackets."""
    doc = careernet.errors.__doc__ or ""
    drawing = doc.split("The whole tree::\n\n", 1)[1].split("\n\n", 1)[0]
    found: dict[str, tuple[str | None, str | None]] = {}
    parents: list[str] = []
    for line in textwrap.dedent(drawing).splitlines():
        match = TREE_LINE.match(line)
        assert match, f"not a line of the tree: {line!r}"
        depth = (len(line) - len(line.lstrip("│ ├└─"))) // 4
        del parents[depth:]
        found[match["name"]] = (parents[-1] if parents else None, match["std"])
        parents.append(match["name"])
    return found


def test_the_module_defines_the_errors() -> None:
    assert len(ERRORS) > 10
    assert careernet.errors.CareerNetError in ERRORS


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: error.__name__)
def test_every_error_is_exported_and_drawn(error: type[BaseException]) -> None:
    name = error.__name__
    assert issubclass(error, careernet.errors.CareerNetError)
    assert name in careernet.errors.__all__
    assert name in careernet.__all__
    assert getattr(careernet, name) is error
    assert name in _tree()


def test_the_tree_matches_the_classes() -> None:
    tree = _tree()
    assert set(tree) == {error.__name__ for error in ERRORS}
    for error in ERRORS:
        parent, standard = tree[error.__name__]
        if parent is None:
            assert error is careernet.errors.CareerNetError
            continue
        bases = [base.__name__ for base in error.__bases__]
        assert bases[0] == parent, error
        assert bases[1:] == ([standard] if standard else []), error


def test_all_names_only_the_errors() -> None:
    assert sorted(careernet.errors.__all__) == sorted(e.__name__ for e in ERRORS)
    assert careernet.errors.__all__ == sorted(careernet.errors.__all__)


def test_the_domain_module_re_exports_the_same_classes() -> None:
    for name in careernet.domain.errors.__all__:
        assert getattr(careernet.domain.errors, name) is getattr(careernet.errors, name)
        assert getattr(careernet.domain, name) is getattr(careernet.errors, name)


def test_notify_config_error_is_still_importable_from_smtp() -> None:
    assert careernet.notify.smtp.NotifyConfigError is careernet.NotifyConfigError


def test_the_errors_module_imports_nothing_from_careernet() -> None:
    code = (
        "import sys, careernet.errors; "
        "print(sorted(m for m in sys.modules if m.startswith('careernet')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "['careernet', 'careernet.errors']"


# -- the less common errors -----------------------------------------------------------


def test_a_missing_file_error_is_an_os_error_with_its_details() -> None:
    error = careernet.MissingFileError(2, "No such file or directory", "people.csv")
    assert isinstance(error, FileNotFoundError)
    assert isinstance(error, careernet.FileReadError)
    assert (error.errno, error.filename) == (2, "people.csv")
    assert str(error) == "Cannot read people.csv: No such file or directory."


def test_a_missing_dependency_is_an_import_error_naming_the_extra() -> None:
    error = careernet.MissingDependencyError("Reading vCards", "vobject", extra="vcard")
    assert isinstance(error, ImportError)
    assert error.name == "vobject"
    assert str(error) == "Reading vCards needs vobject: pip install 'careernet[vcard]'."


READ_VCARDS = "list(careernet.importers.read_vcards(__import__('io').StringIO('')))"
CONNECT = "careernet.storage.postgres._import_psycopg()"


@pytest.mark.parametrize(
    ("blocked", "code", "extra"),
    [
        ("psycopg", f"import careernet.storage.postgres; {CONNECT}", "postgres"),
        ("vobject", f"import careernet.importers; {READ_VCARDS}", "vcard"),
    ],
)
def test_a_missing_optional_dependency_names_its_extra(
    blocked: str, code: str, extra: str
) -> None:
    script = textwrap.dedent(f"""\
        import sys
        sys.modules[{blocked!r}] = None  # as if it were not installed
        import careernet
        try:
            exec({code!r})
        except careernet.MissingDependencyError as error:
            assert isinstance(error, ImportError)
            assert error.name == {blocked!r}
            print(error)
        """)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert f"pip install 'careernet[{extra}]'" in out.stdout
