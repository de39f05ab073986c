"""Reader figures: vCards with photos read in linear time, and a garbage file
refused from its first kilobytes with bounded memory."""

from __future__ import annotations

import base64
import functools
import random
import tracemalloc
from pathlib import Path

from careernet.errors import CareerNetError
from careernet.importers import read_linkedin, read_vcards

from .figures import Figure, median_seconds

PHOTO = base64.b64encode(random.Random(7).randbytes(3000)).decode()
"""A small JPEG's worth of base64, as phones attach to every card."""


def _folded(line: str) -> str:
    return line[:75] + "".join(
        "\r\n " + line[i : i + 74] for i in range(75, len(line), 74)
    )


def write_vcards(path: Path, count: int) -> None:
    """An address book of ``count`` vCard 3.0 cards, each with a photo."""
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"N:Person{i};Alex;;;\r\nFN:Alex Person{i}\r\nORG:Company {i % 300}\r\n"
        f"TITLE:Analyst\r\nEMAIL;TYPE=INTERNET:alex.person{i}@mail.example\r\n"
        f"TEL;TYPE=CELL:+1 555 {i:06d}\r\n"
        + _folded("PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO)
        + "\r\nEND:VCARD\r\n"
        for i in range(count)
    )
    path.write_text("".join(cards), encoding="utf-8", newline="")


def _refused(path: Path) -> None:
    try:
        for _ in read_linkedin(path):
            pass
    except CareerNetError:
        return
    raise AssertionError("the garbage file was read as connections")


def reader_figures(directory: Path, *, quick: bool) -> list[Figure]:
    """vCard reading at twice the cards, and refusing a garbage file."""
    small, repeat = (200, 3) if quick else (2_000, 3)
    sizes = {}
    for count in (small, 2 * small):
        path = directory / f"cards-{count}.vcf"
        write_vcards(path, count)
        sizes[count] = path
        _count(path, count)  # warm: vobject's first use compiles its patterns
    timed = {
        count: median_seconds(functools.partial(_count, path, count), repeat)
        for count, path in sizes.items()
    }
    garbage = directory / "garbage.csv"
    megabytes = 10 if quick else 200
    with garbage.open("wb") as out:
        rng = random.Random(2026)
        for _ in range(megabytes):
            out.write(rng.randbytes(2**20))

    def read_whole() -> None:
        with garbage.open("rb") as file:
            while file.read(2**20):
                pass

    whole = median_seconds(read_whole, 3)
    refusal = median_seconds(lambda: _refused(garbage), 5)
    tracemalloc.start()
    _refused(garbage)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [
        Figure(
            name=f"read {2 * small:,} vCards with photos",
            value=timed[2 * small],
            floor_name=f"the same with {small:,} cards",
            floor=timed[small],
            goal="<= 2.2",
            goal_ratio=2.2,
        ),
        Figure(
            name=f"refuse a {megabytes} MB garbage file",
            value=refusal,
            floor_name="reading the file once",
            floor=whole,
            goal="<= 0.01",
            goal_ratio=0.01,
        ),
        Figure(
            name=f"  memory to refuse {megabytes} MB of garbage",
            value=float(peak),
            floor_name="the file's size",
            floor=float(garbage.stat().st_size),
            goal="<= 0.01",
            goal_ratio=0.01,
            unit="bytes",
        ),
    ]


def _count(path: Path, expected: int) -> None:
    assert sum(1 for _ in read_vcards(path)) == expected
