"""Discreet means discreet: the confidential sample through every channel.

The sample network of the confidential scenario, with colleagues spelled as
real address books spell the employer, goes out through every channel that
leaves the seeker's screen: the exported calendar and its file name, the
feed over real HTTP (body and headers), a log digest and e-mail digests sent
to an aiosmtpd server on 127.0.0.1 (every header and every decoded part).
None of it may name careernet, a target company, a recruiter or hiring role,
the employer, anyone who works there, or a word that signals a search. A
channel marked private keeps full detail.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import http.client
import logging
import re
import socket
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Any, NamedTuple
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

import careernet
from careernet import Ring
from careernet.domain import Channel, Scenario
from careernet.domain.orgs import company_key
from careernet.domain.wording import SEARCH_WORDS
from careernet.ical import export
from careernet.ical.feed import FeedApp
from careernet.notify.smtp import EmailNotifier, SmtpSettings
from careernet.sample import sample_goal, sample_network

NOW = dt.datetime(2026, 11, 9, 7, 30, tzinfo=dt.UTC)
HOST = "127.0.0.1"
TIMEOUT = 10.0

WORDS = frozenset(
    {"job", "hiring", "interview", "search", "recruiter", "resume", "cv", "career"}
    | SEARCH_WORDS
)
"""The words no discreet output may contain (the issue's list and the wording's)."""

EMPLOYER_SPELLINGS = {
    "sam": "Northwind Analytics, Inc.",
    "priya": "NORTHWIND ANALYTICS LTD",
    "chen": "The Northwind Analytics Co.",
}
"""Colleagues in the sample, re-spelled as imports write the employer."""


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts, as bytes."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        self.messages.append(content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """No request lines on stderr."""


class Outputs(NamedTuple):
    """Everything the channels sent, as text, by channel."""

    texts: dict[str, str]
    private_digest: str
    feed_disposition: str
    feed_path: str
    network_id: str


def _forbidden(network: careernet.Network) -> dict[str, re.Pattern[str]]:
    """What no discreet output may contain, each as a pattern, by what it is."""
    state, goal = network.state, network.goal
    assert goal is not None
    strategy = network.strategy
    found: dict[str, re.Pattern[str]] = {
        "careernet": re.compile("careernet", re.IGNORECASE),
        "the words": re.compile(
            r"\b(" + "|".join(sorted(WORDS)) + r")\b", re.IGNORECASE
        ),
        "the employer": re.compile("northwind", re.IGNORECASE),
    }
    for company in goal.target_companies:
        found[f"target {company}"] = re.compile(re.escape(company), re.IGNORECASE)
    for contact in state.contacts.values():
        if strategy.is_excluded(contact, state, goal):
            found[f"colleague {contact.name}"] = re.compile(re.escape(contact.name))
        if contact.role and strategy.matches(contact, state, goal):
            found[f"role {contact.role}"] = re.compile(
                re.escape(contact.role), re.IGNORECASE
            )
    return found


@pytest.fixture
def outputs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Outputs:
    """The confidential sample sent through every channel."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname=HOST, port=_free_port())
    controller.start()
    settings = SmtpSettings(
        host=HOST, port=controller.port, security="plain", sender="alex@example.org"
    )
    notifiers = [
        EmailNotifier(settings, channel="mail"),
        EmailNotifier(settings, channel="private-mail"),
    ]
    state = sample_network(NOW)
    state.apply(state.set_goal(sample_goal(Scenario.EMPLOYED_CONFIDENTIAL, NOW)))
    network_id = "alex.rivera@example.org"
    try:
        with careernet.open_store(
            str(tmp_path / "alex.db"),
            clock=lambda: NOW,
            autoload=False,
            plugins=notifiers,
        ) as store:
            network = store.create(
                network_id, state.seeker, records=list(state.records())
            )
            for contact_id, spelling in EMPLOYER_SPELLINGS.items():
                network.edit_contact(contact_id, company=spelling)
            mike = network.add_contact(
                "Mike Chan",
                company="Northwind Analytics K.K.",
                role="VP Engineering",
                ring=Ring.BUDDY,
                at=NOW - dt.timedelta(days=300),
            )
            network.link(mike.id, "maria")
            network.schedule_meeting(
                mike.id,
                NOW + dt.timedelta(hours=5),
                purpose="Hear about openings at Globex for my job search",
            )
            network.schedule_meeting(
                "ken",
                NOW + dt.timedelta(hours=6),
                purpose="Ask about the hiring plans of Globex's data team",
                location="Globex HQ, 5th floor",
                questions=["Which teams are hiring?"],
            )
            network.set_preferences(
                channels=[
                    Channel(name="log"),
                    Channel(name="mail", address="alex@example.org"),
                    Channel(
                        name="private-mail",
                        address="alex.private@example.org",
                        private=True,
                    ),
                ]
            )
            forbidden = _forbidden(network)
            texts: dict[str, str] = {}

            texts["export"] = network.export_ics().decode()
            made = export(
                network.state, network.strategy, network_id=network_id, now=NOW
            )
            texts["export file name"] = made.filename

            app = FeedApp(store, clock=lambda: NOW)
            server: WSGIServer = make_server(HOST, 0, app, handler_class=_Quiet)
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            path = f"/feed/{network.feed_token()}.ics"
            try:
                connection = http.client.HTTPConnection(
                    HOST, server.server_port, timeout=TIMEOUT
                )
                connection.request("GET", path)
                answer = connection.getresponse()
                body = answer.read().decode()
                headers = answer.getheaders()
                connection.close()
            finally:
                server.shutdown()
                server.server_close()
                thread.join(timeout=TIMEOUT)
            assert answer.status == 200
            disposition = dict(headers).get("Content-Disposition", "")
            texts["feed"] = body
            texts["feed headers"] = "\n".join(
                f"{k}: {v}" for k, v in headers if k != "Content-Disposition"
            )

            with caplog.at_level(logging.INFO, logger="careernet.notify"):
                report = network.notify()
            assert not report.errors, report.errors
            assert {c.channel for c in report.channels if c.delivered} == {
                "log",
                "mail",
                "private-mail",
            }
            texts["log"] = "\n".join(
                r.getMessage() for r in caplog.records if r.name == "careernet.notify"
            )
    finally:
        controller.stop()

    private = ""
    for raw in mailbox.messages:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        parts = [
            part.get_content()
            for part in message.walk()
            if part.get_content_maintype() == "text"
        ]
        rendered = "\n".join(f"{k}: {v}" for k, v in message.items())
        if message["To"] == "alex.private@example.org":
            private = "\n".join(parts)
            continue
        # The recipient's own address is the seeker's business; scan the rest.
        texts["mail headers"] = rendered.replace(network_id, "<seeker>")
        texts["mail"] = "\n".join(parts)
    assert "mail" in texts
    assert private
    assert forbidden
    return Outputs(texts, private, disposition, path, network_id)


def test_no_channel_names_careernet_a_target_a_colleague_or_the_search(
    outputs: Outputs, tmp_path: Path
) -> None:
    # Rebuild the list of what is forbidden from a fresh copy of the network.
    with careernet.open(str(tmp_path / "alex.db"), network=outputs.network_id) as net:
        forbidden = _forbidden(net)
        colleagues = [
            c.name
            for c in net.contacts
            if company_key(c.company).startswith("northwind")
        ]
    assert len(colleagues) >= 6
    for name in colleagues:
        assert f"colleague {name}" in forbidden
    leaks = [
        f"{channel}: {what} in {pattern.search(text)[0]!r}"  # type: ignore[index]
        for channel, text in outputs.texts.items()
        for what, pattern in forbidden.items()
        if pattern.search(text)
    ]
    assert not leaks, "\n".join(leaks)


def test_the_channels_carry_something(outputs: Outputs) -> None:
    texts = outputs.texts
    assert "BEGIN:VEVENT" in texts["export"]
    assert "BEGIN:VEVENT" in texts["feed"]
    assert "Ken Watanabe" in texts["export"]
    assert "Ken Watanabe" in texts["mail"]
    assert "Ken Watanabe" in texts["log"]
    assert texts["export file name"] == "appointments.ics"
    assert "CLASS:PRIVATE" in texts["export"]


def test_a_private_channel_keeps_full_detail(outputs: Outputs) -> None:
    assert "Globex" in outputs.private_digest
    assert "hiring" in outputs.private_digest
    # Colleagues stay excluded everywhere, private channel or not.
    assert "Mike Chan" not in outputs.private_digest


def test_the_feed_address_and_file_name_reveal_nothing(outputs: Outputs) -> None:
    assert "careernet" not in outputs.feed_disposition.lower()

    token = outputs.feed_path.removeprefix("/feed/").removesuffix(".ics")
    for piece in (token, *token.split(".")):
        try:
            decoded = base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4))
        except ValueError:
            continue
        assert outputs.network_id.encode() not in decoded
