"""How the command writes: rich text for people, JSON for programs.

Text goes through rich: colour only on a terminal and never with
``NO_COLOR``; lines wrapped to the terminal at word boundaries with hanging
indents; tables measured in terminal cells, so accents, CJK and emoji keep
the columns straight. Piped output is not wrapped. Words, never
identifiers: an action is "ask for an intro", not ``request_intro``.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

import careernet
from careernet.domain import Advice, Ring

__all__ = [
    "advice",
    "console",
    "grid",
    "print_json",
    "say",
    "scenario_words",
    "short",
    "tell",
    "when",
    "word",
]

_WORDS: dict[str, str] = {
    "follow_up": "follow up",
    "keep_in_touch": "keep in touch",
    "request_intro": "ask for an intro",
    "find_contact": "find a contact",
    "exposure": "meet new people",
    "drift": "let drift",
    "no_response": "no response",
}

_SCENARIOS: dict[str, str] = {
    "employed_confidential": "employed, searching in confidence",
    "career_change": "changing careers",
    "internal_move": "moving within your company",
    "maintain": "keeping the network warm",
}

RING_STYLE: dict[Ring, str] = {
    Ring.BUDDY: "bold green",
    Ring.STRATEGIC: "cyan",
    Ring.LUKEWARM: "yellow",
    Ring.COLD: "blue",
}


class _Trimmed(io.TextIOBase):
    """A text stream that drops the spaces rich pads table rows with."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_TRAILING.sub("\n", text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


_TRAILING = re.compile(r"[ \t]+\n")


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr), resolved when the command runs.

    Off a terminal nothing is wrapped or coloured; ``NO_COLOR`` is obeyed
    everywhere (rich reads it).
    """
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        file=_Trimmed(stream),  # type: ignore[arg-type] # a text stream
        force_terminal=terminal or None,
        highlight=False,
        soft_wrap=not terminal,
        emoji=False,
        markup=False,
        width=None if terminal else 200,
    )


def say(out: Console, text: str | Text = "", style: str | None = None) -> None:
    """One paragraph, wrapped at word boundaries on a terminal."""
    out.print(text if isinstance(text, Text) else Text(text, style=style or ""))


def grid(*ratios: int | None) -> Table:
    """A borderless table; columns given ``None`` never wrap, the others wrap
    with a hanging indent when the line is too long."""
    table = Table.grid(padding=(0, 1))
    for ratio in ratios:
        if ratio is None:
            table.add_column(no_wrap=True)
        else:
            table.add_column(overflow="fold")
    return table


def advice(out: Console, found: Iterable[Advice]) -> None:
    """The advice a command brought, each marked ``!``, wrapped and indented."""
    table = grid(None, 1)
    rows = 0
    for item in found:
        table.add_row(Text("  !", style="bold yellow"), item.message)
        rows += 1
    if rows:
        out.print(table)


def tell(
    record: object, message: str, found: Iterable[Advice], *, as_json: bool
) -> None:
    """What a command that changed something says it did: the record as JSON
    on stdout (``--json``, with any advice on stderr), or ``message`` and the
    advice."""
    if as_json:
        print_json(record)
        advice(console(stderr=True), found)
        return
    out = console()
    say(out, message)
    advice(out, found)


def word(value: enum.Enum | str) -> str:
    """An enum member (or its value) in words.

    ``request_intro`` becomes "ask for an intro", ``no_response`` "no response".
    """
    raw = value.value if isinstance(value, enum.Enum) else value
    text = str(raw)
    return _WORDS.get(text, text.replace("_", " "))


def scenario_words(scenario: str) -> str:
    """A scenario in words; a plugin's scenario with its underscores spaced."""
    return _SCENARIOS.get(scenario, scenario.replace("_", " "))


def short(record_id: str, others: Iterable[str] = ()) -> str:
    """The shortest prefix of ``record_id``, at least 8 characters, that no
    other id starts with (the command accepts it wherever an id is asked)."""
    length = 8
    rivals = [o for o in others if o != record_id]
    while length < len(record_id) and any(
        o.startswith(record_id[:length]) for o in rivals
    ):
        length += 1
    return record_id[:length]


def when(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """A moment as people read it: ``Fri 27 Nov 2026 10:30``."""
    local = moment.astimezone(zone) if zone is not None else moment
    return local.strftime("%a %d %b %Y %H:%M")


def print_json(data: Any) -> None:
    """Write ``careernet.to_builtins(data)`` as indented JSON on stdout."""
    body = orjson.dumps(careernet.to_builtins(data), option=orjson.OPT_INDENT_2)
    sys.stdout.write(body.decode() + "\n")
