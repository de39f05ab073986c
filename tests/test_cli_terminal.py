"""The command in a real terminal: tmux runs it in an 80-column pseudo-terminal
and the screen is read back, as a person would see it. Also what a pipe sees.

tmux is installed by .ci/run; without it the terminal tests are skipped.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
DONE = "__careernet_done__"

Screen = Callable[..., str]
"""Runs a command in an 80-column terminal and returns what the screen shows."""
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("terminal")
    subprocess.run(
        [sys.executable, "-m", "careernet", "demo", "--db", "demo.db"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return folder / "demo.db"


@pytest.fixture
def screen() -> Iterator[Screen]:
    """Run a command in a fresh tmux server, 80 columns wide; return the screen."""
    if TMUX is None:
        pytest.skip("tmux is not installed")
    sockets: list[str] = []

    def run(command: list[str], *, colour: bool = False, **env: str) -> str:
        socket = f"careernet-test-{uuid.uuid4().hex[:12]}"
        sockets.append(socket)
        line = " ".join(shlex.quote(part) for part in command)
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        shell = (
            f"env -u NO_COLOR TERM=xterm-256color {settings} {line}; "
            f"echo {DONE}; sleep 60"
        )
        subprocess.run(
            [
                TMUX,
                "-L",
                socket,
                "-f",
                os.devnull,
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "200",
                "sh",
                "-c",
                shell,
            ],
            check=True,
        )
        deadline = time.monotonic() + 60
        text = ""
        while time.monotonic() < deadline:
            text = subprocess.run(
                [
                    TMUX,
                    "-L",
                    socket,
                    "capture-pane",
                    "-p",
                    *(["-e"] if colour else []),
                    "-S",
                    "-",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            if DONE in text:
                return str(text).split(DONE)[0]
            time.sleep(0.2)
        pytest.fail(f"the command did not finish in the terminal: {text!r}")

    yield run
    for socket in sockets:
        subprocess.run([TMUX, "-L", socket, "kill-server"], check=False)


def _words(text: str) -> set[str]:
    return set(ESCAPE.sub("", text).split())


COMMANDS = [
    ["plan", "--all"],
    ["contacts"],
    ["show", "Jordan"],
    ["ledger"],
    ["meetings", "--all"],
    ["funnel"],
    ["prefs"],
    ["intro", "María Gómez"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_screen_at_80_columns_breaks_no_word_and_shows_no_identifier(
    screen: Screen, demo_db: Path, args: list[str]
) -> None:
    command = [sys.executable, "-m", "careernet", *args, "--db", str(demo_db)]
    shown = screen(command)
    lines = shown.rstrip("\n").splitlines()
    assert any(line.strip() for line in lines), shown
    assert all(len(line) <= 80 for line in lines), shown
    piped = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "500"},
    ).stdout
    # Every word on the screen is a whole word of the unwrapped text: none was
    # cut in two at the edge of the terminal.
    assert _words(shown) <= _words(piped), sorted(_words(shown) - _words(piped))
    for raw in (
        "request_intro",
        "keep_in_touch",
        "follow_up",
        "find_contact",
        "employed_confidential",
        "no_response",
    ):
        assert raw not in shown


def test_colour_on_a_terminal_and_none_with_no_color(
    screen: Screen, demo_db: Path
) -> None:
    command = [sys.executable, "-m", "careernet", "contacts", "--db", str(demo_db)]
    coloured = screen(command, colour=True)
    assert ESCAPE.search(coloured), coloured
    plain = screen(command, colour=True, NO_COLOR="1")
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", plain), plain


def test_a_pipe_gets_no_colour_and_no_padding(demo_db: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "careernet", "contacts", "--db", str(demo_db)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TERM": "xterm-256color"},
    ).stdout
    assert "\x1b" not in out
    assert not any(line.endswith(" ") for line in out.splitlines())


def test_a_closed_pipe_ends_quietly(demo_db: Path) -> None:
    """``careernet plan | head -1``: no "Broken pipe" message, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "careernet", "plan", "--all", "--db", str(demo_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    process.wait(timeout=60)
    assert process.stderr.read() == b""
    process.stderr.close()
    assert process.returncode in {0, 1}
