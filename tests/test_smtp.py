"""E-mail digests over real SMTP.

Every server listens on 127.0.0.1 only and is started and stopped by a
fixture: aiosmtpd for the working ones (plain, STARTTLS and implicit TLS with
trustme certificates, with and without AUTH), a port with no listener for a
refused connection, and a tiny socket server that hangs up for a dropped one.
What arrives is read back from the server's mailbox and parsed with the
standard ``email`` package.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import attrs
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

import careernet
from careernet import InteractionKind, Network
from careernet.domain import Channel, DeliveryStatus
from careernet.notify import Digest, NotifyReport
from careernet.notify.smtp import EmailNotifier, NotifyConfigError, SmtpSettings
from careernet.testing import NotifierContract
from tests.conftest import NOW

HOST = "127.0.0.1"
SENDER = "careernet@example.org"
ROBIN = "robin@example.org"
USER = "robin"
PASSWORD = "correct horse battery staple"

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)

PURPOSE = "Learn how the data team works"
NUDGE = "Ann Lee has not answered since 16 Nov; nudge once, then move on."
COFFEE = "Coffee with Ken Watanabe (Globex), Wed 25 Nov 08:00"

SMTP_VARIABLES = ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM", "TIMEOUT")


# -- servers ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Received:
    """One message as the server got it."""

    mail_from: str | None
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    tls: bool
    """Whether the connection was encrypted when the message was sent."""
    login: bytes | None
    """Who logged in, if anyone."""


def part(message: EmailMessage, subtype: str) -> str:
    """The text of the message's ``text/<subtype>`` part."""
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None, f"no text/{subtype} part"
    assert body.get_content_type() == f"text/{subtype}"
    content = body.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")  # as sent over SMTP; the digest has \n


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts.

    Args:
        refuse: A reply to give to DATA instead of accepting the message.
    """

    def __init__(self, *, refuse: str | None = None) -> None:
        self.refuse = refuse
        self.received: list[Received] = []

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        if self.refuse is not None:
            return self.refuse
        content = envelope.original_content
        assert content is not None
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        transport = server.transport
        login: object = session.auth_data  # what Logins returned, if anyone logged in
        self.received.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                message=message,
                tls=transport is not None
                and transport.get_extra_info("cipher") is not None,
                login=login.login if isinstance(login, LoginPassword) else None,
            )
        )
        return "250 Message accepted for delivery"

    def texts(self) -> list[str]:
        """Each message's text/plain body."""
        return [part(r.message, "plain") for r in self.received]


class Logins:
    """An aiosmtpd authenticator accepting ``USER`` with ``PASSWORD``."""

    def __init__(self) -> None:
        self.tried: list[tuple[str, bytes]] = []

    def __call__(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: object,
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        self.tried.append((mechanism, auth_data.login))
        if auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode():
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)  # the server answers 535


@attrs.frozen(kw_only=True)
class Server:
    port: int
    mailbox: Mailbox


Serve = Callable[..., Server]
"""``serve(mailbox=None, *, port=None, **aiosmtpd_options)``: start a server."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start aiosmtpd servers on 127.0.0.1; all are stopped at teardown."""
    controllers: list[Controller] = []

    def start(
        mailbox: Mailbox | None = None, *, port: int | None = None, **options: Any
    ) -> Server:
        box = Mailbox() if mailbox is None else mailbox
        controller = Controller(
            box, hostname=HOST, port=free_port() if port is None else port, **options
        )
        controller.start()
        controllers.append(controller)
        return Server(port=controller.port, mailbox=box)

    yield start
    for controller in reversed(controllers):
        controller.stop()


class HangingUp:
    """A TCP server on 127.0.0.1 that accepts each connection and drops it.

    With ``greet``, it first says hello like an SMTP server and reads the
    client's EHLO, so the connection drops in the middle of the conversation.
    """

    def __init__(self, *, greet: bool) -> None:
        self.greet = greet
        self.accepted = 0
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                if self.greet:
                    connection.sendall(b"220 127.0.0.1 ESMTP ready\r\n")
                    heard = b""
                    while b"\r\n" not in heard:
                        chunk = connection.recv(1024)
                        if not chunk:
                            break
                        heard += chunk
            self.accepted += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()


@pytest.fixture(params=[False, True], ids=["at-once", "after-greeting"])
def hanging_up(request: pytest.FixtureRequest) -> Iterator[HangingUp]:
    server = HangingUp(greet=request.param)
    yield server
    server.close()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    """The servers' side: a certificate for 127.0.0.1 from the test CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(context)
    return context


@pytest.fixture(scope="module")
def client_tls(ca: trustme.CA) -> ssl.SSLContext:
    """The client's side: verifying certificates, trusting the test CA."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


# -- networks -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_smtp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test with no CAREERNET_SMTP_* set, whatever the machine has."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(f"CAREERNET_SMTP_{name}", raising=False)


def configure(
    monkeypatch: pytest.MonkeyPatch, port: int, *, security: str = "plain"
) -> None:
    """Point the builtin ``email`` channel at a server on 127.0.0.1."""
    monkeypatch.setenv("CAREERNET_SMTP_HOST", HOST)
    monkeypatch.setenv("CAREERNET_SMTP_PORT", str(port))
    monkeypatch.setenv("CAREERNET_SMTP_SECURITY", security)
    monkeypatch.setenv("CAREERNET_SMTP_FROM", SENDER)
    monkeypatch.setenv("CAREERNET_SMTP_TIMEOUT", "10")


def open_network(*plugins: object, ann: str = "Ann Lee") -> Network:
    """Robin's network with two reminders due at NOW: a nudge and a coffee.

    Ann (or whoever ``ann`` names) has not answered for eight days; the coffee
    with Ken is tomorrow at 08:00 UTC.
    """
    numbers = itertools.count(1)
    network = careernet.open(
        "memory:",
        plugins=plugins,
        autoload=False,
        clock=lambda: NOW,
        ids=lambda: f"id{next(numbers)}",
    )
    network.set_seeker(name="Robin Park")
    first = network.add_contact(ann, company="Globex", at=NOW - 30 * DAY)
    network.log(first.id, InteractionKind.OUTREACH, at=NOW - 8 * DAY)
    ken = network.add_contact("Ken Watanabe", company="Globex", at=NOW - 30 * DAY)
    network.schedule_meeting(
        ken.id,
        NOW + 23 * HOUR,
        purpose=PURPOSE,
        questions=["Who else should I talk to?"],
        location="Café Central",
    )
    return network


def email_channel(name: str = "email", address: str | None = ROBIN) -> Channel:
    return Channel(name=name, address=address, private=True)


def only_digest(report: NotifyReport) -> Digest:
    (channel,) = report.channels
    return channel.digest


def pending(network: Network, channel: str = "email") -> bool:
    """Whether every reminder due is still to be sent on ``channel``."""
    deliveries = [d for d in network.state.deliveries.values() if d.channel == channel]
    return bool(deliveries) and all(
        d.status is DeliveryStatus.FAILED for d in deliveries
    )


def settings(port: int, **fields: Any) -> SmtpSettings:
    fields.setdefault("security", "plain")
    fields.setdefault("sender", SENDER)
    return SmtpSettings(host=HOST, port=port, timeout=10, **fields)


# -- the builtin email channel --------------------------------------------------


class TestBuiltinEmailChannel:
    def test_a_digest_arrives_with_a_text_and_an_html_part(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
            again = network.notify(NOW)
        assert (report.sent, report.errors) == (2, ())
        assert again.channels == ()
        digest = only_digest(report)
        (received,) = server.mailbox.received
        assert received.mail_from == SENDER
        assert received.rcpt_tos == (ROBIN,)
        message = received.message
        assert message["From"] == SENDER
        assert message["To"] == ROBIN
        assert message["Subject"] == digest.subject == "Your 2 reminders for Tue 24 Nov"
        assert message["Message-ID"] == f"<{digest.id}@example.org>"
        assert message["X-Careernet-Digest"] == digest.id
        assert parsedate_to_datetime(str(message["Date"])) == NOW
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
        assert part(message, "plain") == digest.text()
        assert part(message, "html") == digest.html()

    def test_the_text_part_reads_as_a_digest(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            network.notify(NOW)
        (text,) = server.mailbox.texts()
        assert text == (
            "Hello Robin Park, here is what is due:\n"
            "\n"
            f"1. {NUDGE}\n"
            f"2. {COFFEE}\n"
            f"   Purpose: {PURPOSE}\n"
            "   Ask: Who else should I talk to?\n"
            "   Where: Café Central\n"
            "\n"
            "Sent by careernet.\n"
        )

    def test_the_html_part_holds_the_same_reminders(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            network.notify(NOW)
        (received,) = server.mailbox.received
        html = part(received.message, "html")
        assert html.startswith("<!DOCTYPE html>")
        assert "<p>Hello Robin Park, here is what is due:</p>" in html
        assert f"<li><strong>{NUDGE}</strong></li>" in html
        assert f"<li><strong>{COFFEE}</strong><ul>" in html
        assert f"<li>Purpose: {PURPOSE}</li>" in html
        assert "<li>Where: Café Central</li>" in html

    def test_times_are_shown_in_the_seekers_time_zone(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()], timezone="Asia/Tokyo")
            network.notify(NOW)
        (text,) = server.mailbox.texts()
        assert "Coffee with Ken Watanabe (Globex), Wed 25 Nov 17:00" in text

    def test_names_are_escaped_in_html_and_intact_in_text(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network(ann="<b>Eve</b> & co") as network:
            network.set_seeker(name="Robin <Admin> & María 😀")
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        html = part(received.message, "html")
        text = part(received.message, "plain")
        assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co has not answered" in html
        assert "<b>Eve</b>" not in html
        assert "Hello Robin &lt;Admin&gt; &amp; María 😀," in html
        assert "<Admin>" not in html
        assert "<b>Eve</b> & co has not answered" in text
        assert "Hello Robin <Admin> & María 😀," in text

    def test_without_a_server_configured_the_error_is_reported(self) -> None:
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
            assert pending(network)
        (error,) = report.errors
        assert error.startswith(
            "email: plugin 'careernet.notify.smtp' failed: NotifyConfigError:"
        )
        assert "CAREERNET_SMTP_HOST" in error

    def test_a_configuration_error_is_reported_at_send_time(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        monkeypatch.delenv("CAREERNET_SMTP_FROM")
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
            assert pending(network)
        (error,) = report.errors
        assert "NotifyConfigError" in error
        assert "CAREERNET_SMTP_FROM" in error
        assert server.mailbox.received == []

    def test_a_channel_without_an_address_is_reported(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve()
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel(address=None)])
            report = network.notify(NOW)
            assert pending(network)
        (error,) = report.errors
        assert error.startswith(
            "email: plugin 'careernet.notify.smtp' failed: NotifyConfigError:"
        )
        assert "The 'email' channel has no address" in error
        assert server.mailbox.received == []


class TestServerFailures:
    def test_a_refused_connection_leaves_the_reminders_pending(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        port = free_port()
        configure(monkeypatch, port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            refused = network.notify(NOW)
            assert pending(network)
            failed = list(network.state.deliveries.values())
            server = serve(port=port)
            later = network.notify(NOW)
            sent = list(network.state.deliveries.values())
        (error,) = refused.errors
        assert "ConnectionRefusedError" in error
        assert refused.sent == 0
        assert len(failed) == 2
        for delivery in failed:
            assert delivery.status is DeliveryStatus.FAILED
            assert delivery.error is not None
            assert "ConnectionRefusedError" in delivery.error
        assert (later.sent, later.errors) == (2, ())
        assert len(server.mailbox.received) == 1
        assert {(d.status, d.attempts) for d in sent} == {(DeliveryStatus.SENT, 2)}

    def test_a_dropped_connection_leaves_the_reminders_pending(
        self,
        serve: Serve,
        hanging_up: HangingUp,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        configure(monkeypatch, hanging_up.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            dropped = network.notify(NOW)
            assert pending(network)
            errors = {d.error for d in network.state.deliveries.values()}
            server = serve()
            configure(monkeypatch, server.port)
            later = network.notify(NOW)
        assert hanging_up.accepted == 1
        (error,) = dropped.errors
        assert "SMTPServerDisconnected" in error
        assert len(errors) == 1
        assert "SMTPServerDisconnected" in str(errors.pop())
        assert (later.sent, later.errors) == (2, ())
        (received,) = server.mailbox.received
        assert received.message["Message-ID"] == (
            f"<{only_digest(dropped).id}@example.org>"
        )

    def test_a_message_the_server_refuses_stays_pending(
        self, serve: Serve, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        server = serve(Mailbox(refuse="554 5.7.1 Message refused"))
        configure(monkeypatch, server.port)
        with open_network() as network:
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
            assert pending(network)
        (error,) = report.errors
        assert "SMTPDataError" in error
        assert "Message refused" in error


# -- notifiers of one's own -------------------------------------------------------


class TestNotifiersOfOnesOwn:
    def test_a_notifier_for_a_channel_of_its_own(self, serve: Serve) -> None:
        server = serve()
        work = EmailNotifier(
            settings(server.port, sender="digests@careernet.test"), channel="work"
        )
        with open_network(work) as network:
            network.set_preferences(
                channels=[email_channel("work", address="robin@work.example")]
            )
            report = network.notify(NOW)
        assert (report.sent, report.errors) == (2, ())
        (received,) = server.mailbox.received
        assert received.rcpt_tos == ("robin@work.example",)
        assert received.message["From"] == "digests@careernet.test"
        assert received.message["Message-ID"] == (
            f"<{only_digest(report).id}@careernet.test>"
        )
        assert not received.tls

    def test_a_sender_with_a_display_name(self, serve: Serve) -> None:
        server = serve()
        sender = "Careernet digests <digests@careernet.test>"
        notifier = EmailNotifier(settings(server.port, sender=sender), channel="work")
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        assert received.mail_from == "digests@careernet.test"
        assert received.message["From"] == sender
        assert received.message["Message-ID"] == (
            f"<{only_digest(report).id}@careernet.test>"
        )

    def test_it_leaves_the_builtin_email_channel_alone(self, serve: Serve) -> None:
        server = serve()
        work = EmailNotifier(settings(server.port), channel="work")
        with open_network(work) as network:
            network.set_preferences(channels=[email_channel()])
            report = network.notify(NOW)
        (error,) = report.errors
        assert "E-mail is not configured" in error
        assert server.mailbox.received == []

    def test_starttls(
        self,
        serve: Serve,
        server_tls: ssl.SSLContext,
        client_tls: ssl.SSLContext,
    ) -> None:
        server = serve(tls_context=server_tls, require_starttls=True)
        notifier = EmailNotifier(
            settings(server.port, security="starttls", ssl_context=client_tls),
            channel="work",
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        assert received.tls
        assert part(received.message, "plain") == only_digest(report).text()

    def test_starttls_with_a_login(
        self,
        serve: Serve,
        server_tls: ssl.SSLContext,
        client_tls: ssl.SSLContext,
    ) -> None:
        logins = Logins()
        server = serve(
            tls_context=server_tls,
            require_starttls=True,
            authenticator=logins,
            auth_required=True,
        )
        notifier = EmailNotifier(
            settings(
                server.port,
                security="starttls",
                ssl_context=client_tls,
                username=USER,
                password=PASSWORD,
            ),
            channel="work",
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        assert received.tls
        assert received.login == USER.encode()
        assert [login for _, login in logins.tried] == [USER.encode()]

    def test_implicit_tls(
        self,
        serve: Serve,
        server_tls: ssl.SSLContext,
        client_tls: ssl.SSLContext,
    ) -> None:
        server = serve(ssl_context=server_tls)
        notifier = EmailNotifier(
            settings(server.port, security="ssl", ssl_context=client_tls),
            channel="work",
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        assert received.tls
        assert part(received.message, "html") == only_digest(report).html()

    def test_starttls_never_falls_back_to_plain_text(
        self, serve: Serve, client_tls: ssl.SSLContext
    ) -> None:
        server = serve()  # no STARTTLS on offer
        notifier = EmailNotifier(
            settings(
                server.port,
                security="starttls",
                ssl_context=client_tls,
                username=USER,
                password=PASSWORD,
            ),
            channel="work",
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
            assert pending(network, "work")
        (error,) = report.errors
        assert "STARTTLS extension not supported" in error
        assert server.mailbox.received == []

    @pytest.mark.parametrize("security", ["starttls", "ssl"])
    def test_an_untrusted_certificate_is_refused(
        self, serve: Serve, server_tls: ssl.SSLContext, security: str
    ) -> None:
        """Without ``ssl_context`` the system's trust store is used, and the
        test CA is not in it."""
        if security == "ssl":
            server = serve(ssl_context=server_tls)
        else:
            server = serve(tls_context=server_tls, require_starttls=True)
        notifier = EmailNotifier(
            settings(server.port, security=security), channel="work"
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
            assert pending(network, "work")
        (error,) = report.errors
        assert "CERTIFICATE_VERIFY_FAILED" in error
        assert server.mailbox.received == []

    def test_a_login_without_tls(self, serve: Serve) -> None:
        logins = Logins()
        server = serve(authenticator=logins, auth_require_tls=False)
        notifier = EmailNotifier(
            settings(server.port, username=USER, password=PASSWORD), channel="work"
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
        assert report.errors == ()
        (received,) = server.mailbox.received
        assert not received.tls
        assert received.login == USER.encode()

    def test_a_wrong_password_is_reported_without_the_password(
        self, serve: Serve
    ) -> None:
        logins = Logins()
        server = serve(authenticator=logins, auth_require_tls=False)
        wrong = "tr0ub4dor&3"
        notifier = EmailNotifier(
            settings(server.port, username=USER, password=wrong), channel="work"
        )
        with open_network(notifier) as network:
            network.set_preferences(channels=[email_channel("work")])
            report = network.notify(NOW)
            assert pending(network, "work")
            recorded = [str(d.error) for d in network.state.deliveries.values()]
            exported = network.export_json()
        (error,) = report.errors
        assert "SMTPAuthenticationError" in error
        assert logins.tried
        assert server.mailbox.received == []
        for text in (error, *recorded, exported, repr(notifier), repr(report)):
            assert wrong not in text

    def test_a_digest_for_a_channel_without_an_address_is_refused(self) -> None:
        digest = Digest(
            network_id="robin",
            seeker="Robin",
            channel=Channel(name="work"),
            now=NOW,
            notifications=(),
        )
        notifier = EmailNotifier(settings(free_port()), channel="work")
        with pytest.raises(NotifyConfigError, match="'work' channel has no address"):
            notifier.careernet_notify(digest=digest)

    def test_the_password_never_appears_in_repr(self) -> None:
        secret = settings(2525, username=USER, password=PASSWORD)
        notifier = EmailNotifier(secret, channel="work")
        assert PASSWORD not in repr(secret)
        assert PASSWORD not in repr(notifier)
        assert USER in repr(secret)
        assert "channel='work'" in repr(notifier)

    def test_the_port_follows_the_security(self) -> None:
        assert SmtpSettings(host=HOST, sender=SENDER).effective_port == 587
        assert SmtpSettings(
            host=HOST, sender=SENDER, security="ssl"
        ).effective_port == (465)
        plain = SmtpSettings(host=HOST, sender=SENDER, security="plain")
        assert plain.effective_port == 25
        assert settings(2525).effective_port == 2525


# -- settings from the environment ---------------------------------------------


FULL = {
    "CAREERNET_SMTP_HOST": "smtp.example.org",
    "CAREERNET_SMTP_PORT": "2465",
    "CAREERNET_SMTP_SECURITY": "ssl",
    "CAREERNET_SMTP_USER": USER,
    "CAREERNET_SMTP_PASSWORD": PASSWORD,
    "CAREERNET_SMTP_FROM": SENDER,
    "CAREERNET_SMTP_TIMEOUT": "7.5",
}


def env(**changes: str | None) -> dict[str, str]:
    """FULL with some variables changed (``None`` removes one)."""
    values = dict(FULL)
    for name, value in changes.items():
        key = f"CAREERNET_SMTP_{name}"
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return values


class TestSettingsFromEnvironment:
    def test_every_variable(self) -> None:
        found = SmtpSettings.from_env(FULL)
        assert found == SmtpSettings(
            host="smtp.example.org",
            port=2465,
            security="ssl",
            username=USER,
            password=PASSWORD,
            sender=SENDER,
            timeout=7.5,
        )
        assert found is not None
        assert found.password == PASSWORD
        assert found.ssl_context is None

    def test_defaults(self) -> None:
        found = SmtpSettings.from_env(
            {"CAREERNET_SMTP_HOST": "smtp.example.org", "CAREERNET_SMTP_FROM": SENDER}
        )
        assert found is not None
        assert (found.port, found.security, found.effective_port) == (
            None,
            "starttls",
            587,
        )
        assert (found.username, found.password, found.timeout) == (None, None, 30.0)

    @pytest.mark.parametrize("host", [None, "", "   "])
    def test_no_host_means_not_configured(self, host: str | None) -> None:
        assert SmtpSettings.from_env(env(HOST=host)) is None

    def test_the_process_environment_by_default(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert SmtpSettings.from_env() is None
        for name, value in FULL.items():
            monkeypatch.setenv(name, value)
        assert SmtpSettings.from_env() == SmtpSettings.from_env(FULL)

    @pytest.mark.parametrize("security", ["SSL", " ssl ", "Plain", "STARTTLS"])
    def test_security_is_read_loosely(self, security: str) -> None:
        found = SmtpSettings.from_env(env(SECURITY=security))
        assert found is not None
        assert found.security == security.strip().lower()

    @pytest.mark.parametrize("sender", [None, "", "  "])
    def test_a_host_without_a_sender_is_refused(self, sender: str | None) -> None:
        with pytest.raises(NotifyConfigError, match="CAREERNET_SMTP_FROM is not"):
            SmtpSettings.from_env(env(FROM=sender))

    @pytest.mark.parametrize("security", ["tls", "none", "smtps"])
    def test_unknown_security_is_refused(self, security: str) -> None:
        with pytest.raises(NotifyConfigError) as error:
            SmtpSettings.from_env(env(SECURITY=security))
        assert str(error.value) == (
            f"CAREERNET_SMTP_SECURITY={security!r} is not one of plain, starttls, ssl."
        )

    @pytest.mark.parametrize("port", ["smtp", "25x", "2.5", "0x19"])
    def test_a_port_that_is_not_a_number_is_refused(self, port: str) -> None:
        with pytest.raises(NotifyConfigError, match="CAREERNET_SMTP_PORT"):
            SmtpSettings.from_env(env(PORT=port))

    @pytest.mark.parametrize("port", ["0", "-25", "65536", "70000"])
    def test_a_port_out_of_range_is_refused(self, port: str) -> None:
        with pytest.raises(NotifyConfigError, match="CAREERNET_SMTP_PORT"):
            SmtpSettings.from_env(env(PORT=port))

    def test_a_timeout_that_is_not_a_number_is_refused(self) -> None:
        with pytest.raises(NotifyConfigError, match="CAREERNET_SMTP_TIMEOUT"):
            SmtpSettings.from_env(env(TIMEOUT="soon"))

    def test_errors_never_show_the_password(self) -> None:
        for broken in (env(FROM=None), env(SECURITY="tls"), env(PORT="x")):
            with pytest.raises(NotifyConfigError) as error:
                SmtpSettings.from_env(broken)
            assert PASSWORD not in str(error.value)


# -- the notifier contract --------------------------------------------------------


class TestEmailNotifier(NotifierContract):
    """EmailNotifier passes the suite every notifier plugin must pass, read
    back from a real server's mailbox."""

    channel: ClassVar[str] = "work-email"
    server: Server

    @pytest.fixture(autouse=True)
    def _server(self, serve: Serve) -> None:
        self.server = serve()

    def make_notifier(self) -> object:
        return EmailNotifier(settings(self.server.port), channel=self.channel)

    def delivered(self, notifier: object) -> list[str]:
        assert isinstance(notifier, EmailNotifier)
        return self.server.mailbox.texts()
