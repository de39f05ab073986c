"""Keeping the network current from e-mail headers, never their contents.

Readers for mail folders on disk (:func:`read_folder`: Maildir and mbox,
through the standard library's :mod:`mailbox`) and for IMAP accounts
(:func:`fetch_headers`, through :mod:`imaplib`) hand the few header fields
careernet reads to the pure rules of :mod:`careernet.domain.mail`, which
decide what becomes an interaction. :func:`run` does both; the facade's
:meth:`careernet.Network.import_mail` commits its result.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from careernet.domain import Change, NetworkState
from careernet.domain.mail import (
    HEADER_FIELDS,
    MailHeaders,
    MailOptions,
    MailReport,
    PossibleContact,
    Skip,
    record_mail,
)

from ._headers import parse_header_block, read_header_block
from .folders import read_folder, read_maildir, read_mbox
from .imap import ImapAccount, ImapBatch, fetch_headers

if TYPE_CHECKING:
    from careernet.domain import Strategy

__all__ = [
    "HEADER_FIELDS",
    "ImapAccount",
    "ImapBatch",
    "MailHeaders",
    "MailOptions",
    "MailReport",
    "MailSource",
    "PossibleContact",
    "Skip",
    "fetch_headers",
    "parse_header_block",
    "read_folder",
    "read_header_block",
    "read_maildir",
    "read_mbox",
    "run",
]

MailSource = str | os.PathLike[str] | ImapAccount | Iterable[MailHeaders]
"""Where mail comes from: a Maildir or mbox path, an IMAP account, or
headers read some other way."""


def run(
    state: NetworkState,
    strategy: Strategy,
    source: MailSource,
    *,
    options: MailOptions,
    now: dt.datetime,
    progress: Callable[[int], object] | None = None,
) -> tuple[Change, MailReport]:
    """Read ``source`` and work out what it records, without writing anything.

    Args:
        state: The network.
        strategy: The active strategy.
        source: A Maildir folder or mbox file, an IMAP account (only what
            arrived since the last sync is read), or headers.
        options: The seeker's addresses and the limits.
        now: The moment.
        progress: Called with the number of messages read so far.

    Raises:
        MailFolderError: A path that is not a mail folder or cannot be read.
        MailServerError: The IMAP server failed; nothing is recorded.
    """
    if isinstance(source, ImapAccount):
        batch = fetch_headers(source, state.mail_cursors, now=now, progress=progress)
        return record_mail(
            state,
            batch.messages,
            strategy=strategy,
            options=options,
            now=now,
            cursors=batch.cursors,
        )
    messages = read_folder(source) if isinstance(source, str | os.PathLike) else source
    return record_mail(
        state,
        messages,
        strategy=strategy,
        options=options,
        now=now,
        progress=progress,
    )
