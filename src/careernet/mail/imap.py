"""Reading headers from an IMAP account, a folder at a time, only what is new.

Built on the standard library's :mod:`imaplib`: careernet sends a handful of
commands (``EXAMINE``, ``UID SEARCH``, ``UID FETCH``), and imaplib leaves
each one visible, so what is asked of the server is plain to check. Folders
are opened read-only (``EXAMINE``), so no message is marked as seen, and
each message is fetched as ``BODY.PEEK[HEADER.FIELDS (...)]`` with the
fields of :data:`careernet.domain.mail.HEADER_FIELDS`: the server sends
those lines and nothing of the body.

Each folder's UIDVALIDITY and highest UID read are kept in the network as a
:class:`~careernet.domain.model.MailCursor`; the next sync asks only for
higher UIDs, and a folder whose UIDVALIDITY changed is read again in full.

The password comes from the caller, the ``CAREERNET_IMAP_PASSWORD``
environment variable, or the system keyring (through the ``keyring``
package, when installed); it is never kept in the network and never shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import ipaddress
import os
import re
import ssl
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from careernet.domain.mail import HEADER_FIELDS, MailHeaders, cursor_id
from careernet.domain.model import MailCursor
from careernet.errors import MailAccountError, MailServerError

from ._headers import parse_header_block

__all__ = [
    "KEYRING_SERVICE",
    "PASSWORD_VARIABLE",
    "ImapAccount",
    "ImapBatch",
    "fetch_headers",
]

PASSWORD_VARIABLE: Final = "CAREERNET_IMAP_PASSWORD"
"""The environment variable the password is read from."""

KEYRING_SERVICE: Final = "careernet"
"""The keyring service the password is looked up under, for ``user@host``."""

BATCH: Final = 200
"""How many messages' headers one ``UID FETCH`` asks for."""

_FETCH_ITEMS: Final = (
    f"(UID BODY.PEEK[HEADER.FIELDS ({' '.join(f.upper() for f in HEADER_FIELDS)})])"
)
_SENT_NAMES: Final = (
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "INBOX.Sent",
    "[Gmail]/Sent Mail",
)
_LIST_LINE: Final = re.compile(
    rb'^\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$'
)
_UIDVALIDITY: Final = re.compile(rb"UIDVALIDITY (\d+)")
_LOOPBACK: Final = frozenset({"localhost"})

Security = Literal["tls", "starttls"]


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)


@attrs.frozen(kw_only=True)
class ImapAccount:
    """An IMAP account to read headers from.

    Attributes:
        host: The server's name or address.
        user: The login name.
        password: The password; never shown in the account's repr.
        port: The port; by default 993 for ``"tls"`` and 143 for
            ``"starttls"``.
        security: ``"tls"`` (``imaps://``) connects over TLS; ``"starttls"``
            (``imap://``) upgrades the connection, and sends the password
            unencrypted only to a server on this machine (127.0.0.1, ::1,
            localhost) that offers no STARTTLS.
        folders: The folders to read; by default the inbox and the folder the
            server marks as sent mail (or one named like it).
        ssl_context: The TLS settings, for a server with a private
            certificate authority.
        timeout: Seconds to wait for the server before giving up.
        batch: How many messages' headers one ``UID FETCH`` asks for.
    """

    host: str
    user: str
    password: str = attrs.field(repr=False)
    port: int | None = None
    security: Security = "tls"
    folders: tuple[str, ...] = attrs.field(default=(), converter=_names)
    ssl_context: ssl.SSLContext | None = attrs.field(default=None, repr=False, eq=False)
    timeout: float = 60.0
    batch: int = attrs.field(default=BATCH, validator=attrs.validators.ge(1))

    @property
    def key(self) -> str:
        """``user@host:port``: what a folder's cursor id is derived from."""
        return f"{self.user}@{self.host.casefold()}:{self.effective_port}"

    @property
    def effective_port(self) -> int:
        """The port connected to."""
        if self.port is not None:
            return self.port
        return 993 if self.security == "tls" else 143

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        password: str | None = None,
        folders: Iterable[str] = (),
        environ: Mapping[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> ImapAccount:
        """An account from ``imaps://user@host[:port][/folder]`` (or ``imap://``).

        The user may be an address written with ``%40`` or ``@``
        (``imaps://me@example.org@imap.example.org``). The password is
        ``password``, else the ``CAREERNET_IMAP_PASSWORD`` environment
        variable, else the keyring's entry for service ``careernet`` and user
        ``user@host``.

        Raises:
            MailAccountError: The address is not an IMAP address, holds a
                password, or no password can be found.
        """
        parts = urllib.parse.urlsplit(url.strip())
        scheme = parts.scheme.casefold()
        if scheme not in ("imap", "imaps"):
            raise MailAccountError(
                "An IMAP account is written imaps://user@host (or imap:// for "
                "STARTTLS); the address given starts otherwise."
            )
        netloc = parts.netloc
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            raise MailAccountError(
                "The IMAP address holds a password. Leave it out and set "
                f"{PASSWORD_VARIABLE}, or keep it in your keyring (service "
                f"{KEYRING_SERVICE!r})."
            )
        user = urllib.parse.unquote(userinfo)
        try:
            host = parts.hostname or ""
            port = parts.port
        except ValueError:
            raise MailAccountError(
                f"The IMAP address has a bad port: {hostport!r}."
            ) from None
        if not user or not host:
            raise MailAccountError(
                "The IMAP address needs a user and a host, like "
                "imaps://me@example.org@imap.example.org."
            )
        chosen = list(folders)
        path = urllib.parse.unquote(parts.path.strip("/"))
        if path and not chosen:
            chosen = [path]
        found = password or _password(user, host, environ)
        return cls(
            host=host,
            user=user,
            password=found,
            port=port,
            security="tls" if scheme == "imaps" else "starttls",
            folders=tuple(chosen),
            ssl_context=ssl_context,
        )


def _password(user: str, host: str, environ: Mapping[str, str] | None) -> str:
    variables = os.environ if environ is None else environ
    found = variables.get(PASSWORD_VARIABLE)
    if found:
        return found
    try:
        import keyring  # type: ignore[import-not-found]  # noqa: PLC0415
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, f"{user}@{host}")
        except Exception:  # any backend's failure means "none stored"
            stored = None
        if stored:
            return str(stored)
    raise MailAccountError(
        f"No password for {user} at {host}: set {PASSWORD_VARIABLE}, or store it "
        f"in your keyring under service {KEYRING_SERVICE!r} and user "
        f"'{user}@{host}' (pip install keyring)."
    )


@attrs.frozen(kw_only=True)
class ImapBatch:
    """What one sync read: the new messages' headers and the folders' cursors.

    Attributes:
        messages: The headers of the messages not read before.
        cursors: The cursors that moved (a new folder, new messages, a
            changed UIDVALIDITY).
        folders: The folders read.
    """

    messages: tuple[MailHeaders, ...]
    cursors: tuple[MailCursor, ...]
    folders: tuple[str, ...]


def fetch_headers(
    account: ImapAccount,
    cursors: Mapping[str, MailCursor],
    *,
    now: dt.datetime,
    progress: Callable[[int], object] | None = None,
) -> ImapBatch:
    """Read the headers of the messages that arrived since the last sync.

    Nothing is kept of a sync that fails: the cursors move only with the
    batch they describe, when the caller commits both.

    Raises:
        MailServerError: The server cannot be reached, refuses the login or a
            command, or goes away while headers are read.
    """
    client = _connect(account)
    try:
        return _read_account(client, account, cursors, now=now, progress=progress)
    except (imaplib.IMAP4.error, OSError, EOFError) as error:
        raise MailServerError(
            f"The mail server {account.host} failed while headers were read "
            f"({_reason(error)}); nothing was recorded. Run the sync again."
        ) from error
    finally:
        _close(client)


def _connect(account: ImapAccount) -> imaplib.IMAP4:
    where = f"{account.host}:{account.effective_port}"
    try:
        client: imaplib.IMAP4
        if account.security == "tls":
            client = imaplib.IMAP4_SSL(
                account.host,
                account.effective_port,
                ssl_context=account.ssl_context or ssl.create_default_context(),
                timeout=account.timeout,
            )
        else:
            client = imaplib.IMAP4(
                account.host, account.effective_port, timeout=account.timeout
            )
            if "STARTTLS" in client.capabilities:
                client.starttls(
                    ssl_context=account.ssl_context or ssl.create_default_context()
                )
            elif not _loopback(account.host):
                _close(client)
                raise MailServerError(
                    f"The mail server at {where} offers no encryption (no "
                    "STARTTLS), so careernet will not send it your password. Use "
                    "imaps:// if it has TLS on another port."
                )
    except (imaplib.IMAP4.error, OSError, EOFError) as error:
        if isinstance(error, MailServerError):
            raise
        raise MailServerError(
            f"Cannot reach the mail server at {where} ({_reason(error)}). Check "
            "the address and your connection."
        ) from error
    try:
        client.login(account.user, account.password)
    except (imaplib.IMAP4.error, OSError, EOFError) as error:
        _close(client)
        raise MailServerError(
            f"The mail server at {where} refused the login of {account.user} "
            f"({_reason(error)}). Check the user name and the password."
        ) from error
    return client


def _loopback(host: str) -> bool:
    if host.casefold() in _LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _close(client: imaplib.IMAP4) -> None:
    """Log out, or at least close the connection of a server gone away."""
    try:
        client.logout()
    except (imaplib.IMAP4.error, OSError, EOFError):
        with contextlib.suppress(OSError):
            client.shutdown()


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    if isinstance(error, imaplib.IMAP4.error) and text.startswith("b'"):
        text = text[2:-1]
    return text or type(error).__name__


def _read_account(
    client: imaplib.IMAP4,
    account: ImapAccount,
    cursors: Mapping[str, MailCursor],
    *,
    now: dt.datetime,
    progress: Callable[[int], object] | None,
) -> ImapBatch:
    folders = account.folders or _default_folders(client)
    messages: list[MailHeaders] = []
    moved: list[MailCursor] = []
    for folder in folders:
        uidvalidity = _examine(client, folder)
        identity = cursor_id(account.key, folder)
        cursor = cursors.get(identity)
        after = 0
        if cursor is not None and cursor.uidvalidity == uidvalidity:
            after = cursor.last_uid
        uids = _uids_after(client, after)
        for start in range(0, len(uids), account.batch):
            chunk = uids[start : start + account.batch]
            messages.extend(_fetch(client, chunk))
            if progress is not None:
                progress(len(messages))
        last = max(uids, default=after)
        if cursor is None or (cursor.uidvalidity, cursor.last_uid) != (
            uidvalidity,
            last,
        ):
            moved.append(
                MailCursor(
                    id=identity, uidvalidity=uidvalidity, last_uid=last, synced_at=now
                )
            )
        client.close()
    return ImapBatch(messages=tuple(messages), cursors=tuple(moved), folders=folders)


def _quoted(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _check(answer: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
    status, data = answer
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(
            "utf-8", "replace"
        )
        raise imaplib.IMAP4.error(f"{what}: {detail or status}")
    return data


def _default_folders(client: imaplib.IMAP4) -> tuple[str, ...]:
    """The inbox and the sent-mail folder: the one flagged \\Sent (RFC 6154),
    else the first named like one."""
    names: list[str] = []
    sent: str | None = None
    for line in _check(client.list(), "LIST"):
        if not isinstance(line, bytes):
            continue  # a name sent as a literal; such folders are left out
        match = _LIST_LINE.match(line)
        if match is None:
            continue
        name = _unquote(match["name"])
        names.append(name)
        if sent is None and b"\\sent" in match["flags"].lower().split():
            sent = name
    if sent is None:
        folded = {name.casefold(): name for name in names}
        sent = next(
            (folded[n.casefold()] for n in _SENT_NAMES if n.casefold() in folded),
            None,
        )
    return ("INBOX", sent) if sent and sent.upper() != "INBOX" else ("INBOX",)


def _unquote(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def _examine(client: imaplib.IMAP4, folder: str) -> int:
    """Open ``folder`` read-only and return its UIDVALIDITY."""
    if not folder.isascii():
        raise MailServerError(
            f"Folder names must be written as the server lists them (ASCII); "
            f"{folder!r} is not."
        )
    _check(client.select(_quoted(folder), readonly=True), f"EXAMINE {folder}")
    _, data = client.response("UIDVALIDITY")
    for value in data:
        if isinstance(value, bytes) and value.strip().isdigit():
            return int(value)
    answer = _check(client.status(_quoted(folder), "(UIDVALIDITY)"), "STATUS")
    for value in answer:
        if isinstance(value, bytes) and (match := _UIDVALIDITY.search(value)):
            return int(match[1])
    raise imaplib.IMAP4.error(f"the server gave no UIDVALIDITY for {folder}")


def _uids_after(client: imaplib.IMAP4, after: int) -> list[int]:
    data = _check(client.uid("SEARCH", f"UID {after + 1}:*"), "UID SEARCH")
    found: set[int] = set()
    for line in data:
        if isinstance(line, bytes):
            found.update(int(part) for part in line.split() if part.isdigit())
    # "n:*" always matches the last message, even when its UID is lower.
    return sorted(uid for uid in found if uid > after)


def _ranges(uids: list[int]) -> str:
    """``1:3,7,9:10`` for 1, 2, 3, 7, 9, 10 (sorted, no repeats)."""
    parts: list[str] = []
    start = previous = uids[0]
    for uid in [*uids[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        parts.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(parts)


def _fetch(client: imaplib.IMAP4, uids: list[int]) -> list[MailHeaders]:
    data = _check(client.uid("FETCH", _ranges(uids), _FETCH_ITEMS), "UID FETCH")
    return [
        parse_header_block(item[1])
        for item in data
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes)
    ]
