"""Automation: ``nox`` runs the tests, the linters and the type checker."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ("tests", "lint", "typecheck")
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True
nox.options.default_venv_backend = "uv|virtualenv"

PYPROJECT = nox.project.load_toml("pyproject.toml")
EXAMPLE_PLUGIN = "examples/careernet-jsonl"  # a third-party plugin, tested here


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with coverage."""
    session.install("-e", ".", "-e", EXAMPLE_PLUGIN, *_group("tests"))
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        *session.posargs,
        env={"COVERAGE_FILE": f".coverage.{session.name}"},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check formatting, lint rules and the layer contract."""
    session.install("-e", ".", *_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the library and its tests with mypy --strict."""
    session.install("-e", ".[postgres]", "-e", EXAMPLE_PLUGIN, "nox", *_group("typing"))
    session.run("mypy", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks: each figure as a ratio to a floor from the same run."""
    session.install("-e", ".[postgres,vcard]")
    session.run("python", "-m", "benchmarks.run", "--json", "benchmarks/latest.json")


@nox.session(default=False)
def soak(session: nox.Session) -> None:
    """Run the crash, concurrency and bad-input loops for a bounded time.

    Not a default session: ``nox -s soak`` (``-- --seconds 600`` for longer).
    """
    session.install("-e", ".", *_group("tests"))
    session.run("python", "-m", "tests.soak", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ".[cli,vcard,testing]", *_group("docs"))
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session
def postgres(session: nox.Session) -> None:
    """Run the PostgreSQL tests against a real server they start themselves.

    Without server binaries they are skipped with a reason, except in CI
    (``CI`` set), where they must run.
    """
    session.install("-e", ".[postgres]", *_group("tests"))
    session.run(
        "pytest",
        "tests_postgres",
        *session.posargs,
        env={"CAREERNET_REQUIRE_POSTGRES": os.environ.get("CI", "")},
    )


@nox.session(default=False)
def docs_screenshots(session: nox.Session) -> None:
    """Build the docs and take pictures of three pages with headless Chromium.

    Not a default session: ``nox -s docs_screenshots`` writes the front page,
    the tutorial and a reference page as PNG files to
    ``docs/_build/screenshots`` for a person to look at. Needs ``chromium``
    (Debian's package) or ``chromium-browser`` on the PATH.
    """
    import shutil  # noqa: PLC0415

    session.install("-e", ".[cli,vcard,testing]", *_group("docs"))
    html = "docs/_build/html"
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", html)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        session.error("Install Chromium (apt-get install chromium) first.")
    out = Path("docs/_build/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    root = Path(html).resolve()
    for name, page, height in (
        ("index", "index.html", 2400),
        ("tutorial", "tutorial.html", 2400),
        ("reference", "api/facade.html", 1600),
    ):
        session.run(
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size=1280,{height}",
            f"--screenshot={out / f'{name}.png'}",
            (root / page).as_uri(),
            external=True,
        )
