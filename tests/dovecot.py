"""A throwaway Dovecot IMAP server on 127.0.0.1, for the mail sync tests.

:func:`running_server` writes a minimal configuration into a temporary
folder (one user with a plain-text password, Maildir storage, the rawlog of
every session's commands and answers) and starts ``dovecot -F`` there as an
unprivileged user: the tests' own user, or ``nobody`` when they run as root.
Debian's ``dovecot-imapd`` package provides the binaries (``.ci/run``
installs it); without them the tests are skipped, or fail where
``CAREERNET_REQUIRE_DOVECOT`` is set.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
USER = "alex@home.example"
PASSWORD = "s3cret-Pa55word"
_DOVECOT = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")


class Unavailable(Exception):  # noqa: N818 - reads as "server unavailable"
    """No Dovecot server can be started on this machine; says why."""


def find_dovecot() -> Path | None:
    """The ``dovecot`` binary: on PATH, else where Debian puts it."""
    found = shutil.which("dovecot")
    if found:
        return Path(found)
    return next((Path(p) for p in _DOVECOT if Path(p).is_file()), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Dovecot:
    """A Dovecot server the tests may do anything with."""

    binary: Path
    base: Path
    port: int
    account: str
    group: str
    tls_port: int = 0
    """The port of TLS connections (0: none)."""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def config(self) -> Path:
        return self.base / "dovecot.conf"

    @property
    def rawlog(self) -> Path:
        return self.base / "rawlog"

    @property
    def url(self) -> str:
        return f"imap://{USER}@{HOST}:{self.port}"

    def _as_user(self, *command: str | Path) -> list[str]:
        if os.geteuid() == 0:
            runuser = shutil.which("runuser") or "/sbin/runuser"
            return [runuser, "-u", self.account, "--", *map(str, command)]
        return list(map(str, command))

    def start(self) -> None:
        """Start the server and wait until it answers."""
        with (self.base / "stderr.log").open("ab") as errors:
            self.process = subprocess.Popen(
                self._as_user(self.binary, "-F", "-c", self.config),
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"dovecot exited at start:\n{self.log()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection((HOST, self.port), timeout=1) as probe,
            ):
                if probe.recv(64).startswith(b"* OK"):
                    return
            time.sleep(0.05)
        self.stop()
        raise Unavailable(f"dovecot did not answer within 20 s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server at once: its master and every session it runs.

        They share the process group of the process :meth:`start` began,
        which is signalled by that id.
        """
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=0.2).close()
            except OSError:
                return
            time.sleep(0.05)

    def settled_log(self) -> str:
        """The log once every session that logged in has ended."""
        deadline = time.monotonic() + 10
        while True:
            text = self.log()
            logins = text.count("imap-login: Info: Login:")
            ended = len(
                re.findall(r"imap\([^)]*\)<[^>]*><[^>]*>: Info: Disconnected", text)
            )
            if ended >= logins or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def log(self) -> str:
        """The server's log."""
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def client(self) -> imaplib.IMAP4:
        """A logged-in client, for putting messages in place."""
        client = imaplib.IMAP4(HOST, self.port, timeout=20)
        client.login(USER, PASSWORD)
        return client

    def append(self, folder: str, *messages: bytes) -> None:
        """Deliver ``messages`` to ``folder``."""
        client = self.client()
        try:
            for raw in messages:
                status, data = client.append(f'"{folder}"', None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def set_uidvalidity(self, folder: str, value: int) -> None:
        """Give ``folder`` a new UIDVALIDITY, as after a server's rebuild."""
        doveadm = self.binary.parent.parent / "bin" / "doveadm"
        command = [
            str(doveadm if doveadm.exists() else "doveadm"),
            "-c",
            str(self.config),
            "mailbox",
            "update",
            "-u",
            USER,
            "--uid-validity",
            str(value),
            folder,
        ]
        result = subprocess.run(
            self._as_user(*command),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    def sessions(self) -> set[Path]:
        """The rawlog files written so far (one pair per session)."""
        return set(self.rawlog.rglob("*.in")) | set(self.rawlog.rglob("*.out"))


_CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = {host}
{ssl}
auth_mechanisms = plain
default_login_user = {account}
default_internal_user = {account}
default_internal_group = {group}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={account} gid={group} home={base}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
protocol imap {{
  rawlog_dir = {base}/rawlog/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = create
  }}
}}
"""


_NO_TLS = "ssl = no\ndisable_plaintext_auth = no"
_TLS = """\
ssl = required
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
disable_plaintext_auth = yes"""


@contextlib.contextmanager
def running_server(*, tls: tuple[bytes, bytes] | None = None) -> Iterator[Dovecot]:
    """A Dovecot server of our own on 127.0.0.1, stopped on leaving.

    With ``tls`` (a certificate chain and its key, in PEM), the server
    offers STARTTLS on :attr:`Dovecot.port` and TLS on
    :attr:`Dovecot.tls_port`, and accepts passwords over encrypted
    connections only.

    Raises:
        Unavailable: There is no dovecot binary, or it does not start.
    """
    binary = find_dovecot()
    if binary is None:
        raise Unavailable("dovecot is not installed (Debian: dovecot-imapd)")
    if os.geteuid() == 0:
        account = "nobody"
        group = grp.getgrgid(pwd.getpwnam(account).pw_gid).gr_name
    else:
        account = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
    with tempfile.TemporaryDirectory(prefix="careernet-dovecot-") as directory:
        base = Path(directory)
        port, tls_port = _free_port(), _free_port() if tls else 0
        if tls is not None:
            (base / "cert.pem").write_bytes(tls[0])
            (base / "key.pem").write_bytes(tls[1])
        for inner in ("run", "state", "home", f"rawlog/{USER}"):
            (base / inner).mkdir(parents=True)
        (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        (base / "dovecot.conf").write_text(
            _CONFIG.format(
                base=base,
                host=HOST,
                port=port,
                tls_port=tls_port,
                account=account,
                group=group,
                ssl=(_TLS if tls else _NO_TLS).format(base=base),
            )
        )
        if os.geteuid() == 0:
            owner = pwd.getpwnam(account)
            for path in [base, *base.rglob("*")]:
                os.chown(path, owner.pw_uid, owner.pw_gid)
        server = Dovecot(
            binary=binary,
            base=base,
            port=port,
            account=account,
            group=group,
            tls_port=tls_port,
        )
        server.start()
        try:
            yield server
        finally:
            server.stop()
