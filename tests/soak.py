"""A soak run: crash, concurrency and bad-input loops for a bounded time.

Run it with ``nox -s soak`` (not one of the default sessions) or
``python -m tests.soak --seconds 120``. Each loop gets a third of the time and
works on SQLite files in a temporary folder; at the end it prints what it did
and exits 1 if anything was lost or any call failed in a way careernet does
not promise:

- crashes: a writer process is killed with SIGKILL at a random moment, again
  and again; every commit it saw acknowledged must be found afterwards.
- concurrency: four processes run :meth:`careernet.Network.transact` on one
  seeker at once; every command must land.
- bad input: every public command is called with hostile arguments; each
  must work or raise a :class:`careernet.CareerNetError`, and the network
  must still load, plan, export and restore.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

import careernet
from careernet import CareerNetError
from tests.test_bad_values import HOSTILE, check_still_loads, fresh_store, seeded
from tests.test_concurrency import run_writers

_WRITER = textwrap.dedent(
    """
    import sys, careernet
    from careernet import InteractionKind
    with careernet.open(sys.argv[1]) as net:
        (ann,) = net.find("Ann")
        n = 0
        while True:
            note = f"{sys.argv[2]}-{n}"
            net.transact(lambda n: n.log(ann.id, InteractionKind.MESSAGE, note=note))
            print(note, flush=True)
            n += 1
    """
)


def say(line: str) -> None:
    """Print one line of the report."""
    sys.stdout.write(line + "\n")


def crash_loop(folder: Path, until: float, figures: Counter[str]) -> None:
    """Kill a committing writer again and again; nothing acknowledged is lost."""
    location = str(folder / "crash.db")
    with careernet.open(location, seeker="Alex Rivera") as net:
        net.add_contact("Ann Lee")
    acknowledged: set[str] = set()
    round_ = 0
    while time.monotonic() < until:
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, location, f"r{round_}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(random.uniform(0.3, 1.2))
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        lines = out.split()
        # The last line may be cut short by the kill: count whole lines only.
        acknowledged.update(lines[:-1] if out and not out.endswith("\n") else lines)
        figures["kills survived"] += 1
        round_ += 1
    with careernet.open(location) as net:
        found = {i.note for i in net.state.interactions.values()}
    figures["commits acknowledged"] += len(acknowledged)
    figures["commits found"] += len(acknowledged & found)
    figures["failures"] += len(acknowledged - found)


def concurrency_loop(folder: Path, until: float, figures: Counter[str]) -> None:
    """Four processes transacting on one seeker; every command lands."""
    round_ = 0
    while time.monotonic() < until:
        location = str(folder / f"busy{round_}.db")
        with careernet.open(location, seeker="Alex Rivera") as net:
            ann = net.add_contact("Ann Lee")
            start = net.version
        try:
            landed = run_writers(location, ann.id, 4, 50)
        except AssertionError:
            figures["failures"] += 1
            landed = set()
        with careernet.open(location) as net:
            if net.version != start + len(landed) or len(landed) != 200:
                figures["failures"] += 1
        figures["concurrent commands"] += len(landed)
        round_ += 1


def bad_input_loop(until: float, figures: Counter[str]) -> None:
    """Hostile arguments to every command; the store always loads."""
    chooser = random.Random(1)
    round_ = 0
    while time.monotonic() < until:
        with fresh_store() as store:
            network_id = f"n{round_}"
            net, table = seeded(store, network_id)
            for _ in range(20):
                name, arguments = chooser.choice(table)
                key = chooser.choice(sorted(arguments))
                value = chooser.choice(HOSTILE)
                figures["bad inputs tried"] += 1
                try:
                    getattr(net, name)(**{**arguments, key: value})
                except CareerNetError:
                    pass
                except Exception as error:
                    figures["failures"] += 1
                    kind = type(error).__name__
                    say(f"  {name}({key}={value!r:.40}): {kind}: {error}")
            try:
                check_still_loads(store, network_id)
            except Exception as error:
                figures["failures"] += 1
                say(f"  the store no longer loads: {error}")
        round_ += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="Total run time.")
    seconds = parser.parse_args(argv).seconds
    figures: Counter[str] = Counter()
    slice_ = seconds / 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crash_loop(folder, time.monotonic() + slice_, figures)
        concurrency_loop(folder, time.monotonic() + slice_, figures)
        bad_input_loop(time.monotonic() + slice_, figures)
    for name in (
        "commits acknowledged",
        "commits found",
        "kills survived",
        "concurrent commands",
        "bad inputs tried",
        "failures",
    ):
        say(f"{name:>22}: {figures[name]}")
    return 1 if figures["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
