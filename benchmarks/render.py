"""Write the figures of ``benchmarks/results.json`` into docs/performance.md.

    python -m benchmarks.render [--check]

The page keeps its prose; the part between the two marker lines is made
from the results file alone: the figures of every run side by side, the
figures of earlier runs that this round did not repeat, and the profile of
what remains (``python -m benchmarks.profile --json benchmarks/results.json``).
``--check`` changes nothing and fails when the page is not what the results
file gives; a test runs the same check.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
PAGE = ROOT / "docs" / "performance.md"
BEGIN = (
    "<!-- begin: made by python -m benchmarks.render from benchmarks/results.json -->"
)
END = "<!-- end: made by python -m benchmarks.render -->"


class StaleError(Exception):
    """The page lacks the markers the rendered part goes between."""


def _value(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 2**20:.0f} MB"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e3:.3f} ms"


def _ratio(ratio: float) -> str:
    return f"{ratio:.3g}" if math.isfinite(ratio) else "-"


def _goal(goal: str) -> str:
    return "(information)" if goal == "(info)" else goal.replace("<=", "≤")


def _figures(runs: list[dict[str, Any]]) -> list[str]:
    heads = " | ".join(f"run {n}" for n in range(1, len(runs) + 1))
    lines = [
        f"| figure | floor | {heads} | goal | met |",
        "|---|---|" + "---|" * len(runs) + "---|---|",
    ]
    for index, first in enumerate(runs[0]["figures"]):
        same = [run["figures"][index] for run in runs]
        cells = [
            f"{_value(f['value'], f['unit'])} / {_value(f['floor'], f['unit'])} "
            f"= **{_ratio(f['ratio'])}**"
            for f in same
        ]
        if first["goal"] == "(info)":
            met = "-"
        else:
            met = ", ".join("yes" if f["met"] else "no" for f in same)
        name = first["name"].strip()
        lines.append(
            f"| {name} | {first['floor_name']} | {' | '.join(cells)} | "
            f"{_goal(first['goal'])} | {met} |"
        )
    return lines


def _earlier(rows: list[dict[str, str]]) -> list[str]:
    lines = ["| figure | value | floor | ratio | goal |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['figure']} | {r['value']} | {r['floor']} | {r['ratio']} | {r['goal']} |"
        for r in rows
    ]
    return lines


def _profile(profile: dict[str, Any]) -> list[str]:
    contacts = f"{profile['contacts']:,}"
    lines = [
        f"Loading {contacts} contacts, stage by stage (collector off):",
        "",
        "| stage | time |",
        "|---|---|",
    ]
    lines += [
        f"| {stage} | {_value(s, 'seconds')} |" for stage, s in profile["load_stages"]
    ]
    for key, title in (
        ("plan", f"The warm plan at {contacts} contacts"),
        ("import", f"The LinkedIn import of {contacts} rows"),
    ):
        lines += [
            "",
            (
                f"{title}: the functions it spends most time in (cProfile, time "
                "inside each function, as a share of the whole):"
            ),
            "",
            "| function | calls | share |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{function}` | {calls:,} | {share:.0%} |"
            for function, calls, share in profile[key]
        ]
    return lines


def rendered(results: dict[str, Any]) -> str:
    """The generated part of the page, markers included."""
    runs = results["runs"]
    parts = [
        BEGIN,
        "",
        (
            f"Measured with `{results['command']}`, {len(runs)} runs on "
            f"{runs[0]['machine']}, Python {runs[0]['python']}. Each cell is "
            "value / floor = **ratio**, both measured in the same run."
        ),
        "",
        *_figures(runs),
    ]
    if results.get("earlier"):
        parts += [
            "",
            (
                "Figures this round did not measure again, from the earlier full "
                "runs of `nox -s bench`:"
            ),
            "",
            *_earlier(results["earlier"]),
        ]
    if results.get("profile"):
        parts += ["", "### What remains", "", *_profile(results["profile"])]
    parts += ["", END]
    return "\n".join(parts)


def render(results: dict[str, Any], page: str) -> str:
    """``page`` with its generated part made from ``results``."""
    try:
        head, rest = page.split(BEGIN + "\n", 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise StaleError(f"The page has no {BEGIN!r} ... {END!r} part.") from None
    return head + rendered(results) + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    new = render(json.loads(RESULTS.read_text(encoding="utf-8")), page)
    if args.check:
        if new != page:
            print(
                f"{PAGE} is not what {RESULTS} gives: run python -m benchmarks.render"
            )
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
