"""Syncing from a real IMAP server (Dovecot) that the tests start on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from click.testing import CliRunner

import careernet
from careernet.cli import main
from careernet.domain import InteractionKind, Ring
from careernet.domain.mail import Skip
from careernet.errors import MailAccountError, MailServerError
from careernet.mail import ImapAccount
from careernet.mail.imap import PASSWORD_VARIABLE, _loopback
from tests.dovecot import HOST, PASSWORD, USER, Dovecot, Unavailable, running_server
from tests.mailbuild import BODY_MARK, NOW, START, message

ME = USER


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    try:
        with running_server() as server:
            yield server
    except Unavailable as error:
        if os.environ.get("CAREERNET_REQUIRE_DOVECOT"):
            pytest.fail(f"CAREERNET_REQUIRE_DOVECOT is set, but {error}")
        pytest.skip(str(error))


@pytest.fixture
def server(dovecot: Dovecot) -> Iterator[Dovecot]:
    """The server with empty INBOX and Sent folders."""
    if dovecot.process is None:
        dovecot.start()
    client = dovecot.client()
    try:
        for folder in ("INBOX", "Sent"):
            _, (count,) = client.select(folder)
            if count != b"0":
                client.store("1:*", "+FLAGS", "(\\Deleted)")
                client.expunge()
            client.close()
    finally:
        client.logout()
    yield dovecot
    if dovecot.process is None:
        dovecot.start()


@pytest.fixture
def net(tmp_path: Path) -> Iterator[careernet.Network]:
    store = careernet.open_store(tmp_path / "net.db", clock=lambda: NOW)
    network = store.create("alex", careernet.Seeker(name="Alex", company="Northwind"))
    added = START - dt.timedelta(days=200)
    network.add_contact("Ann", emails=["ann@acme.example"], ring=Ring.BUDDY, at=added)
    network.add_contact("Ben", emails=["ben@globex.example"], at=added)
    yield network
    store.close()


def account(server: Dovecot, **changes: Any) -> ImapAccount:
    settings: dict[str, Any] = {
        "host": HOST,
        "user": USER,
        "password": PASSWORD,
        "port": server.port,
        "security": "starttls",
    }
    return ImapAccount(**{**settings, **changes})


def kinds(network: careernet.Network, name: str) -> list[InteractionKind]:
    (contact,) = network.find(name)
    return [i.kind for i in network.state.interactions_with(contact.id)]


def first_batch(server: Dovecot) -> None:
    server.append(
        "Sent", message(ME, "Ann <ann@acme.example>", hours=1, message_id="s1@h")
    )
    server.append(
        "INBOX",
        message(
            "Ann <ann@acme.example>",
            ME,
            hours=20,
            message_id="i1@a",
            in_reply_to="s1@h",
            references=["s1@h"],
        ),
        message(
            "News <news@lists.example>",
            ME,
            hours=21,
            message_id="i2@l",
            extra=[("List-Id", "<news.lists.example>")],
        ),
    )


def test_first_sync_then_only_what_is_new(
    server: Dovecot, net: careernet.Network
) -> None:
    first_batch(server)
    report = net.import_mail(account(server))
    assert report.read == 3
    assert kinds(net, "Ann") == [InteractionKind.OUTREACH, InteractionKind.REPLY]
    assert report.skipped == {Skip.MAILING_LIST: 1}
    assert len(net.state.mail_cursors) == 2
    version = net.version

    # Nothing new: nothing read, nothing written.
    again = net.import_mail(account(server))
    assert again.read == 0
    assert net.version == version

    # Only the new message is read.
    server.append(
        "INBOX", message("ben@globex.example", ME, hours=50, message_id="i3@g")
    )
    third = net.import_mail(account(server))
    assert third.read == 1
    assert kinds(net, "Ben") == [InteractionKind.MESSAGE]
    assert sorted(c.last_uid for c in net.state.mail_cursors.values()) == [1, 3]


def test_a_changed_uidvalidity_reads_everything_again(
    server: Dovecot, net: careernet.Network
) -> None:
    first_batch(server)
    net.import_mail(account(server))
    interactions = dict(net.state.interactions)
    server.set_uidvalidity("INBOX", 4242)
    report = net.import_mail(account(server))
    assert report.read == 2  # the whole inbox; Sent is unchanged
    assert report.recorded == ()
    assert report.skipped == {Skip.ALREADY_RECORDED: 1, Skip.MAILING_LIST: 1}
    assert dict(net.state.interactions) == interactions
    assert 4242 in {c.uidvalidity for c in net.state.mail_cursors.values()}


def test_the_server_going_away_records_nothing(
    server: Dovecot, net: careernet.Network
) -> None:
    first_batch(server)
    server.append(
        "INBOX",
        *(
            message("ben@globex.example", ME, hours=30 + n, message_id=f"b{n}@g")
            for n in range(4)
        ),
    )
    version = net.version

    def stop_after_the_first_batch(done: int) -> None:
        server.stop()

    with pytest.raises(MailServerError, match="nothing was recorded"):
        net.import_mail(account(server, batch=2), progress=stop_after_the_first_batch)
    assert net.version == version
    assert not net.state.interactions
    assert not net.state.mail_cursors
    server.start()
    report = net.import_mail(account(server, batch=2))
    assert report.read == 7
    assert len(net.state.mail_cursors) == 2


def _sessions_since(server: Dovecot, offset: int) -> list[str]:
    """The end-of-session lines of the sessions logged after ``offset``."""
    return [
        line
        for line in server.settled_log()[offset:].splitlines()
        if re.search(r"imap\(.*Disconnected", line)
    ]


def test_no_body_is_ever_fetched(server: Dovecot, net: careernet.Network) -> None:
    first_batch(server)
    before = server.sessions()
    offset = len(server.settled_log())
    net.import_mail(account(server))
    sessions = server.sessions() - before
    commands = "\n".join(
        path.read_text(errors="replace") for path in sessions if path.suffix == ".in"
    )
    answers = "\n".join(
        path.read_text(errors="replace") for path in sessions if path.suffix == ".out"
    )
    fetches = [line for line in commands.splitlines() if " FETCH " in line.upper()]
    assert fetches
    for line in fetches:
        assert "BODY.PEEK[HEADER.FIELDS (FROM TO CC DATE MESSAGE-ID" in line
        assert not re.search(r"BODY\[|RFC822|BINARY|BODY\.PEEK\[\]|TEXT\]", line)
    assert "EXAMINE" in commands
    assert not re.search(r"^\S+ \S+ (SELECT|STORE|APPEND|EXPUNGE)", commands, re.M)
    assert BODY_MARK not in answers
    assert "Subject" not in answers
    assert "Received" not in answers
    # The server counted header bytes and no body.
    (ours,) = _sessions_since(server, offset)
    assert "Logged out" in ours
    assert "body_count=0 body_bytes=0" in ours


def test_the_server_log_counts_a_fetched_body(server: Dovecot) -> None:
    """The check above would catch a client that fetched a body."""
    first_batch(server)
    offset = len(server.settled_log())
    client = server.client()
    client.select("INBOX", readonly=True)
    client.fetch("1", "(BODY.PEEK[])")
    client.logout()
    (line,) = _sessions_since(server, offset)
    assert "body_count=1" in line


def test_a_wrong_password(server: Dovecot, net: careernet.Network) -> None:
    with pytest.raises(MailServerError, match="refused the login") as caught:
        net.import_mail(account(server, password="wrong-one"))
    assert "wrong-one" not in str(caught.value)


def test_a_server_that_is_not_there(net: careernet.Network) -> None:
    with pytest.raises(MailServerError, match="Cannot reach"):
        net.import_mail(
            ImapAccount(host=HOST, user=USER, password="x", port=1, security="tls")
        )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("LocalHost", True),
        ("10.0.0.1", False),
        ("imap.example.org", False),
    ],
)
def test_only_this_machine_gets_a_password_unencrypted(
    host: str, loopback: bool
) -> None:
    # The test server offers no STARTTLS and is reached on 127.0.0.1 above.
    assert _loopback(host) is loopback


def test_addresses_of_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "from-env")
    found = ImapAccount.from_url("imaps://alex%40home.example@imap.example.org/Sent")
    assert (found.user, found.host, found.effective_port, found.folders) == (
        "alex@home.example",
        "imap.example.org",
        993,
        ("Sent",),
    )
    assert found.password == "from-env"
    assert "from-env" not in repr(found)
    plain = ImapAccount.from_url("imap://alex@home.example@127.0.0.1:1143")
    assert (plain.user, plain.port, plain.security) == (
        "alex@home.example",
        1143,
        "starttls",
    )
    with pytest.raises(MailAccountError, match="holds a password") as caught:
        ImapAccount.from_url("imaps://alex:hunter2@imap.example.org")
    assert "hunter2" not in str(caught.value)
    with pytest.raises(MailAccountError, match="starts otherwise"):
        ImapAccount.from_url("https://imap.example.org")
    with pytest.raises(MailAccountError, match="needs a user"):
        ImapAccount.from_url("imaps://imap.example.org")
    with pytest.raises(MailAccountError, match="bad port"):
        ImapAccount.from_url("imaps://a@imap.example.org:99999")
    monkeypatch.delenv(PASSWORD_VARIABLE)
    with pytest.raises(MailAccountError, match=f"No password.*{PASSWORD_VARIABLE}"):
        ImapAccount.from_url("imaps://a@imap.example.org", environ={})


def test_the_sync_command(
    server: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREERNET_DB", raising=False)
    monkeypatch.delenv("CAREERNET_MAIL_ME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    for line in (["init", "Alex"], ["add", "Ann", "--email", "ann@acme.example"]):
        assert runner.invoke(main, [*line, "--db", db]).exit_code == 0
    first_batch(server)
    sync = ["mail", "sync", "--imap", server.url, "--db", db]
    missing = runner.invoke(main, sync, env={PASSWORD_VARIABLE: ""})
    assert missing.exit_code == 2
    assert "No password" in missing.output
    result = runner.invoke(main, sync, env={PASSWORD_VARIABLE: PASSWORD})
    assert result.exit_code == 0, result.output
    assert "Read 3 messages; recorded 2 interactions." in result.output
    assert PASSWORD not in result.output
    again = runner.invoke(main, sync, env={PASSWORD_VARIABLE: PASSWORD})
    assert "Read 0 messages; recorded 0 interactions." in again.output
    with_password = runner.invoke(
        main,
        ["mail", "sync", "--imap", f"imap://a:{PASSWORD}@{HOST}", "--db", db],
    )
    assert with_password.exit_code == 2
    assert PASSWORD not in with_password.output
    stored = Path(db).read_bytes()
    assert PASSWORD.encode() not in stored
    assert BODY_MARK.encode() not in stored


def test_imaplib_sees_only_header_commands(
    server: Dovecot, net: careernet.Network, capsys: pytest.CaptureFixture[str]
) -> None:
    """The client's own record of what it sent agrees with the server's."""
    first_batch(server)
    monkey = pytest.MonkeyPatch()
    monkey.setattr(imaplib, "Debug", 4)
    try:
        net.import_mail(account(server))
    finally:
        monkey.undo()
    sent = [
        line
        for line in capsys.readouterr().err.splitlines()
        if re.search(r"> b'\w+ ", line)
    ]
    commands = {re.sub(r".*> b'\w+ (UID \w+|\w+).*", r"\1", line) for line in sent}
    assert commands <= {
        "LOGIN",
        "LIST",
        "EXAMINE",
        "UID SEARCH",
        "UID FETCH",
        "CLOSE",
        "LOGOUT",
        "CAPABILITY",
    }, commands


# -- over TLS ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(authority: trustme.CA) -> Iterator[Dovecot]:
    certificate = authority.issue_cert(HOST)
    chain = b"".join(blob.bytes() for blob in certificate.cert_chain_pems)
    try:
        with running_server(tls=(chain, certificate.private_key_pem.bytes())) as server:
            yield server
    except Unavailable as error:
        if os.environ.get("CAREERNET_REQUIRE_DOVECOT"):
            pytest.fail(f"CAREERNET_REQUIRE_DOVECOT is set, but {error}")
        pytest.skip(str(error))


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_syncing_over_tls(
    tls_server: Dovecot,
    authority: trustme.CA,
    net: careernet.Network,
    security: str,
) -> None:
    tls_server.append(
        "INBOX", message("ann@acme.example", ME, hours=5, message_id=f"{security}@a")
    )
    context = ssl.create_default_context()
    authority.configure_trust(context)
    port = tls_server.tls_port if security == "tls" else tls_server.port
    report = net.import_mail(
        account(tls_server, port=port, security=security, ssl_context=context)
    )
    assert report.read >= 1
    assert [i.kind for i in report.recorded] == [InteractionKind.MESSAGE] * report.read
    # A certificate nobody vouched for is refused before any password is sent.
    with pytest.raises(MailServerError, match="CERTIFICATE_VERIFY_FAILED"):
        net.import_mail(account(tls_server, port=port, security=security))
