"""Mail figure: importing a Maildir's headers, against the standard library's
e-mail header parser reading the same files."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import email.utils
import os
import random
from pathlib import Path

import careernet
from careernet.domain import Candidate
from careernet.domain.mail import HEADER_FIELDS

from .figures import Figure, median_seconds
from .synthetic import NOW

ME = "alex@home.example"
CONTACTS = 400
"""Contacts in the network; about a third of the mail is with them."""


def _message(rng: random.Random, n: int) -> bytes:
    """One message as a mail program stores it: a dozen header fields, many
    of them (Received, DKIM) long, and a body."""
    when = NOW - dt.timedelta(minutes=5 * n)
    person = rng.randrange(CONTACTS * 3)  # two in three are not contacts
    other = f"Person {person} <person{person}@company{person % 97}.example>"
    sent = rng.random() < 0.3
    lines = []
    for hop in range(rng.randrange(2, 6)):
        lines.append(
            f"Received: from mx{hop}.relay.example (mx{hop}.relay.example "
            f"[192.0.2.{hop}])\r\n\tby mail.home.example with ESMTPS id {n:x}{hop}"
            f"\r\n\tfor <{ME}>; {email.utils.format_datetime(when)}"
        )
    lines.append(
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=relay.example;"
        "\r\n\ts=2026; h=from:to:subject:date:message-id;\r\n\tb=" + "Ab3" * 60
    )
    lines.append(f"From: {f'Alex <{ME}>' if sent else other}")
    lines.append(f"To: {other if sent else f'Alex <{ME}>'}")
    if rng.random() < 0.2:
        lines.append(f"Cc: someone{n % 50}@elsewhere.example")
    lines.append(f"Subject: About the plans, part {n}")
    lines.append(f"Date: {email.utils.format_datetime(when)}")
    lines.append(f"Message-ID: <{n}.{person}@mail.example>")
    if rng.random() < 0.5 and n:
        parent = f"<{n - 1}.{person}@mail.example>"
        lines.append(f"In-Reply-To: {parent}")
        lines.append(f"References: {parent}")
    if rng.random() < 0.15:
        lines.append("List-Id: Analysts <analysts.lists.example>")
    lines.append("MIME-Version: 1.0")
    lines.append("Content-Type: text/plain; charset=utf-8")
    body = "Some words about work and life.\r\n" * rng.randrange(10, 120)
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def write_maildir(root: Path, count: int, seed: int = 2026) -> Path:
    """A Maildir of ``count`` messages, written straight into ``cur``."""
    rng = random.Random(seed)
    for inner in ("cur", "new", "tmp"):
        (root / inner).mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / "cur" / f"{n}.bench.host:2,S").write_bytes(_message(rng, n))
    return root


def stdlib_headers(root: Path) -> int:
    """The floor: the standard library's header parser on every file, and
    the same fields looked up."""
    parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    found = 0
    for inner in ("new", "cur"):
        with os.scandir(root / inner) as entries:
            for entry in entries:
                with open(entry.path, "rb") as file:  # noqa: PTH123 - the floor
                    message = parser.parse(file)
                for name in HEADER_FIELDS:
                    found += len(message.get_all(name) or ())
    return found


def mail_figures(directory: Path, *, quick: bool = False) -> list[Figure]:
    """Figure: ``Network.import_mail`` of a Maildir, as a ratio to the floor."""
    count = 500 if quick else 100_000
    root = write_maildir(directory / "Maildir", count)
    stdlib_headers(root)  # both read from the page cache
    floor = median_seconds(lambda: stdlib_headers(root), 3 if quick else 1)
    repeat = 3 if quick else 1
    networks = []
    for run in range(repeat):
        store = careernet.open_store(directory / f"mail-{run}.db", clock=lambda: NOW)
        network = store.create("bench", "Alex")
        network.import_contacts(
            Candidate(
                name=f"Person {n}",
                source="csv",
                emails=(f"person{n}@company{n % 97}.example",),
            )
            for n in range(CONTACTS)
        )
        networks.append((store, network))
    pending = iter(networks)

    def import_all() -> None:
        _, network = next(pending)
        report = network.import_mail(root, me=[ME])
        assert report.read == count, report.summary()

    value = median_seconds(import_all, repeat)
    for store, _ in networks:
        store.close()
    return [
        Figure(
            name=f"import mail headers, {count:,} messages",
            value=value,
            floor_name="stdlib header parser on the same files",
            floor=floor,
            goal="<= 3",
            goal_ratio=3.0,
        )
    ]
