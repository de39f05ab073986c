"""A digest: the notifications due on one channel, rendered for people."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from zoneinfo import ZoneInfo

import attrs

from careernet.domain import Channel, Notification
from careernet.domain.wording import Wording

__all__ = ["Digest"]


@attrs.frozen(kw_only=True)
class Digest:
    """Everything due on one channel in one run, as one message.

    Attributes:
        network_id: The network it is for.
        seeker: The seeker's name.
        channel: Where it goes.
        now: When the run happened.
        timezone: The seeker's time zone, for showing times.
        neutral: Whether to use the neutral wording (the confidential
            scenario on a channel that is not private).
        notifications: What is due, oldest first.
    """

    network_id: str
    seeker: str
    channel: Channel
    now: dt.datetime
    timezone: str = "UTC"
    neutral: bool = False
    notifications: tuple[Notification, ...]

    @property
    def id(self) -> str:
        """A stable identity: the same notifications on the same channel give the
        same id, so a digest re-sent after a crash can be recognised."""
        keys = "\n".join(sorted(n.key for n in self.notifications))
        text = f"{self.network_id}\n{self.channel.name}\n{keys}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def wording(self) -> Wording:
        """How the digest words things: neutral (no product name, nothing
        that signals a search) or full."""
        return Wording(neutral=self.neutral)

    @property
    def keys(self) -> tuple[str, ...]:
        """The notifications' keys."""
        return tuple(n.key for n in self.notifications)

    @property
    def subject(self) -> str:
        """A one-line subject (never revealing, whatever the wording)."""
        count = len(self.notifications)
        day = self._local(self.now).strftime("%a %d %b")
        things = "reminder" if count == 1 else "reminders"
        return f"Your {count} {things} for {day}"

    def entries(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each notification's title and detail lines, in the digest's wording."""
        entries = []
        for notification in self.notifications:
            title, detail = notification.wording(neutral=self.neutral)
            if notification.when is not None:
                title = f"{title}, {self._local(notification.when):%a %d %b %H:%M}"
            entries.append((title, detail))
        return entries

    def text(self) -> str:
        """The digest as plain text."""
        lines = [f"Hello {self.seeker}, here is what is due:", ""]
        for number, (title, detail) in enumerate(self.entries(), 1):
            lines.append(f"{number}. {title}")
            lines.extend(f"   {line}" for line in detail)
        footer = self.wording.footer
        if footer:
            lines += ["", footer]
        return "\n".join(_one_line(line) for line in lines) + "\n"

    def html(self) -> str:
        """The digest as a small HTML document."""
        footer = self.wording.footer
        items = []
        for title, detail in self.entries():
            more = "".join(f"<li>{html.escape(line)}</li>" for line in detail)
            items.append(
                f"<li><strong>{html.escape(title)}</strong>"
                + (f"<ul>{more}</ul>" if more else "")
                + "</li>"
            )
        return (
            "<!DOCTYPE html>\n<html><body>"
            f"<p>Hello {html.escape(self.seeker)}, here is what is due:</p>"
            f"<ol>{''.join(items)}</ol>"
            + (f"<p>{html.escape(footer)}</p>" if footer else "")
            + "</body></html>\n"
        )

    def _local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


def _one_line(text: str) -> str:
    """Keep user text from breaking the digest's line structure."""
    return " ".join(text.splitlines())
