"""Messages and mail folders written for the tests.

Every message carries :data:`BODY_MARK` in its subject and its body, so a
test can check that no part of careernet ever saw either.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import mailbox
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

BODY_MARK: Final = "CONFIDENTIAL-BODY-7f3a"
"""Text that appears only in subjects and bodies, never in the fields read."""

ME: Final = "alex@home.example"
"""The seeker's own address in these tests."""

START: Final = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
"""A Monday; message times are given as hours after it."""

NOW: Final = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
"""The moment imports run at in these tests."""


def message(
    sender: str,
    to: str | Sequence[str] = (),
    *,
    hours: float = 0.0,
    message_id: str | None = None,
    cc: str | Sequence[str] = (),
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    date: str | None = None,
    extra: Iterable[tuple[str, str]] = (),
    crlf: bool = True,
) -> bytes:
    """A whole message, headers and body, as bytes.

    ``date`` overrides the date made from ``hours``; ``message_id`` is given
    without angle brackets (``None`` leaves the field out).
    """
    lines = [f"From: {sender}"]
    recipients = [to] if isinstance(to, str) else list(to)
    copies = [cc] if isinstance(cc, str) else list(cc)
    if recipients:
        lines.append(f"To: {', '.join(recipients)}")
    if copies:
        lines.append(f"Cc: {', '.join(copies)}")
    lines.append(f"Subject: {BODY_MARK} plans for the move")
    when = START + dt.timedelta(hours=hours)
    lines.append(
        f"Date: {date if date is not None else email.utils.format_datetime(when)}"
    )
    if message_id is not None:
        lines.append(f"Message-ID: <{message_id}>")
    if in_reply_to is not None:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        lines.append("References: " + " ".join(f"<{r}>" for r in references))
    lines.extend(f"{name}: {value}" for name, value in extra)
    lines.append(
        "Received: from somewhere by somewhere; Mon, 2 Nov 2026 09:00:00 +0000"
    )
    end = "\r\n" if crlf else "\n"
    body = f"{BODY_MARK}{end}Here is what I really think.{end}"
    return (end.join(lines) + end + end + body).encode("utf-8")


def write_maildir(path: Path, messages: Iterable[bytes]) -> Path:
    """A Maildir at ``path`` holding ``messages``."""
    folder = mailbox.Maildir(path, create=True)
    for raw in messages:
        folder.add(raw)
    return path


def write_mbox(path: Path, messages: Iterable[bytes]) -> Path:
    """An mbox file at ``path`` holding ``messages``."""
    folder = mailbox.mbox(path, create=True)
    try:
        for raw in messages:
            folder.add(raw)
        folder.flush()
    finally:
        folder.close()
    return path


def conversation() -> list[bytes]:
    """A small mailbox: threads, replies, Cc, lists, bulk, no-reply and more.

    Contacts the tests add: Ann (ann@acme.example), Ben (ben@globex.example),
    Cleo (cleo@initech.example); Dana (dana@elsewhere.example) is written
    to twice but is not a contact.
    """
    return [
        # Alex reaches out to Ann; Ann replies the next day; Alex answers.
        message(
            f"Alex <{ME}>", "Ann Lee <ann@acme.example>", hours=1, message_id="a1@home"
        ),
        message(
            "Ann Lee <ann@acme.example>",
            ME,
            hours=25,
            message_id="a2@acme",
            in_reply_to="a1@home",
            references=["a1@home"],
        ),
        message(
            f"Alex <{ME}>",
            "ann@acme.example",
            hours=26,
            message_id="a3@home",
            in_reply_to="a2@acme",
            references=["a1@home", "a2@acme"],
        ),
        # Same thread, same day, same way: merged into the one above.
        message(
            f"Alex <{ME}>",
            "ann@acme.example",
            hours=27,
            message_id="a4@home",
            in_reply_to="a3@home",
            references=["a1@home", "a3@home"],
        ),
        # Ben only in Cc of a message to Cleo: both are written to.
        message(
            f"Alex <{ME}>",
            "Cleo <cleo@initech.example>",
            cc="Ben <BEN@Globex.Example>",
            hours=30,
            message_id="c1@home",
        ),
        # A mailing list, bulk mail, an automatic reply, a no-reply sender.
        message(
            "Ann Lee <ann@acme.example>",
            "analysts@lists.example",
            hours=31,
            message_id="l1@acme",
            extra=[("List-Id", "Analysts <analysts.lists.example>")],
        ),
        message(
            "Ben <ben@globex.example>",
            ME,
            hours=32,
            message_id="b1@globex",
            extra=[("Precedence", "bulk")],
        ),
        message(
            "Cleo <cleo@initech.example>",
            ME,
            hours=33,
            message_id="o1@initech",
            extra=[("Auto-Submitted", "auto-replied")],
        ),
        message("Jobs <no-reply@jobs.example>", ME, hours=34, message_id="n1@jobs"),
        # Dana, not a contact, written to twice.
        message(
            f"Alex <{ME}>",
            "=?utf-8?q?Dana_M=C3=BCller?= <dana@elsewhere.example>",
            hours=40,
            message_id="d1@home",
        ),
        message(
            f"Alex <{ME}>", "dana@elsewhere.example", hours=80, message_id="d2@home"
        ),
    ]
