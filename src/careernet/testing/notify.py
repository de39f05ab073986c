"""A recording notifier and the notifier contract suite.

:class:`RecordingNotifier` is a real notifier plugin that keeps the digests
it is given, for tests of code that sends reminders.

:class:`NotifierContract` is the suite every notifier plugin should pass.
Subclass it (with a name starting with ``Test``) and override
:meth:`~NotifierContract.make_notifier` and
:meth:`~NotifierContract.delivered`, which reads back what arrived through
an independent path (the mailbox, the webhook server's log)::

    class TestWebhookNotifier(NotifierContract):
        channel = "webhook"

        def make_notifier(self):
            return WebhookNotifier(url=self.server.url)

        def delivered(self, notifier):
            return [request.body for request in self.server.requests]
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

import careernet
from careernet._markers import hookimpl
from careernet.domain import Channel, InteractionKind, Notification, ReminderKind
from careernet.notify import Digest

__all__ = ["NotifierContract", "RecordingNotifier"]

_NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


class RecordingNotifier:
    """A notifier plugin that records the digests for its channel.

    Args:
        channel: The channel name it answers to.
        fail_with: An exception to raise instead of delivering, to test
            failures; set it back to ``None`` to recover.
    """

    def __init__(
        self, channel: str = "recording", *, fail_with: Exception | None = None
    ) -> None:
        self.channel = channel
        self.fail_with = fail_with
        self.digests: list[Digest] = []

    def __repr__(self) -> str:
        return f"RecordingNotifier({self.channel!r}, {len(self.digests)} digests)"

    @hookimpl
    def careernet_notify(self, digest: Digest) -> bool | None:
        """Record the digest if it is for this channel."""
        if digest.channel.name != self.channel:
            return None
        if self.fail_with is not None:
            raise self.fail_with
        self.digests.append(digest)
        return True

    @hookimpl
    def careernet_channels(self) -> list[str]:
        """The channel it answers to."""
        return [self.channel]

    @property
    def keys(self) -> list[str]:
        """Every notification key delivered, in order."""
        return [key for digest in self.digests for key in digest.keys]


def _digest(
    channel: str, address: str, *, neutral: bool = False, name: str = "Ann"
) -> Digest:
    return Digest(
        network_id="contract",
        seeker="Robin",
        channel=Channel(name=channel, address=address),
        now=_NOW,
        neutral=neutral,
        notifications=(
            Notification(
                key="thank:m1",
                kind=ReminderKind.THANK_YOU,
                due=_NOW,
                contact_id="c1",
                title=f"Thank {name} for the coffee at Globex",
                neutral_title=f"Send a thank-you note to {name}",
            ),
            Notification(
                key="prepare:m2:0",
                kind=ReminderKind.MEETING,
                due=_NOW,
                contact_id="c2",
                when=_NOW + dt.timedelta(hours=20),
                title="Lunch with Ken (Globex)",
                detail=("Purpose: learn how the data team works",),
                neutral_title="Lunch with Ken",
            ),
        ),
    )


class NotifierContract:
    """The tests every notifier plugin must pass.

    Set :attr:`channel` (and :attr:`address`, where your notifier sends to
    the channel's address, such as a webhook URL or an e-mail address) as
    class attributes, or as properties when they are known only once a test
    server runs.

    Attributes:
        channel: The channel name the notifier under test answers to.
        address: The channel address the suite's digests and preferences
            carry.
    """

    channel: ClassVar[str] = "recording"
    address: ClassVar[str] = "robin@example.org"

    def make_notifier(self) -> object:
        """Return a new notifier plugin (an object with a careernet_notify hook)."""
        raise NotImplementedError("Override make_notifier() to return your notifier.")

    def delivered(self, notifier: object) -> list[str]:
        """Return the text of each message that arrived, read independently."""
        raise NotImplementedError("Override delivered() to read back what arrived.")

    def notify(self, notifier: object, digest: Digest) -> bool | None:
        """Offer ``digest`` to the notifier through its hook."""
        hook = notifier.careernet_notify  # type: ignore[attr-defined]
        result: bool | None = hook(digest=digest)
        return result

    def test_it_delivers_a_digest_for_its_channel(self) -> None:
        notifier = self.make_notifier()
        assert self.notify(notifier, _digest(self.channel, self.address)) is True
        (message,) = self.delivered(notifier)
        assert "Thank Ann for the coffee at Globex" in message
        assert "Lunch with Ken (Globex)" in message

    def test_it_leaves_other_channels_alone(self) -> None:
        notifier = self.make_notifier()
        other = _digest(f"not-{self.channel}", self.address)
        assert self.notify(notifier, other) is None
        assert self.delivered(notifier) == []

    def test_a_neutral_digest_reveals_no_company(self) -> None:
        notifier = self.make_notifier()
        self.notify(notifier, _digest(self.channel, self.address, neutral=True))
        (message,) = self.delivered(notifier)
        assert "Send a thank-you note to Ann" in message
        assert "Globex" not in message

    @pytest.mark.parametrize(
        "name",
        ["María Gómez 😀", "Semi; colon, comma \\ back", "Eve\r\nBcc: all@example.org"],
    )
    def test_names_arrive_intact_and_cannot_add_lines(self, name: str) -> None:
        notifier = self.make_notifier()
        self.notify(notifier, _digest(self.channel, self.address, name=name))
        (message,) = self.delivered(notifier)
        assert " ".join(name.splitlines()) in message
        assert "\nBcc: all@example.org" not in message

    def test_the_engine_sends_each_reminder_once(self) -> None:
        notifier = self.make_notifier()
        with careernet.open(
            "memory:", plugins=[notifier], autoload=False, clock=lambda: _NOW
        ) as network:
            network.set_preferences(
                channels=[Channel(name=self.channel, address=self.address)]
            )
            ann = network.add_contact("Ann", at=_NOW - dt.timedelta(days=30))
            week_ago = _NOW - dt.timedelta(days=8)
            network.log(ann.id, InteractionKind.OUTREACH, at=week_ago)
            first = network.notify()
            second = network.notify()
        assert first.sent == 1
        assert first.errors == ()
        assert second.sent == 0
        assert len(self.delivered(notifier)) == 1
