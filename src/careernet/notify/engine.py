"""The reminder engine: one run tells each channel what is due, once.

A run works out what is due at ``now`` (see
:func:`careernet.domain.due_notifications`), leaves out what each channel has
already been sent, builds one digest per channel and hands it to the
notifier plugins through the ``careernet_notify`` hook. Each plugin is called
on its own: one that raises does not stop the others, and its error is
reported. Deliveries are then recorded in storage: sent notifications are
never sent again on that channel. The first notifier that delivers a digest
is the only one to get it, so two plugins handling one channel do not both
send it.

A failed notification is tried again by the next run after each of its
first :data:`QUICK_RETRIES` failures, then only after a pause that doubles
with each further failure (from :data:`RETRY_AFTER` up to
:data:`RETRY_CAP`), and given up after :data:`MAX_ATTEMPTS` tries: it
stays recorded as failed (its :class:`~careernet.domain.Delivery` holds the
last error) and each later report lists it in
:attr:`NotifyReport.given_up`, so a permanently broken channel neither
retries for ever nor writes a version every run.

Delivery is at least once. A run that sends a digest and is killed before it
records the delivery sends that digest again next time; the digest's ``id``
(a hash of its channel and notification keys, also the e-mail's
``Message-ID``) is the same both times, so a receiver can drop the repeat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from careernet.domain import (
    Delivery,
    DeliveryStatus,
    NetworkState,
    Preferences,
    Strategy,
    due_notifications,
)
from careernet.domain._validators import require_aware
from careernet.domain.reminders import neutral_for
from careernet.notify.digest import Digest

Deliver = Callable[[Digest], tuple[bool, tuple[str, ...]]]
"""Offers a digest to the notifiers: whether one delivered it, and each failure.

:meth:`careernet.plugins.Hooks.notify` is the one careernet passes.
"""

__all__ = [
    "MAX_ATTEMPTS",
    "QUICK_RETRIES",
    "RETRY_AFTER",
    "RETRY_CAP",
    "ChannelReport",
    "Deliver",
    "NotifyReport",
    "in_quiet_hours",
    "retry_at",
    "run",
]

MAX_ATTEMPTS: Final = 8
"""How many times a notification is tried on a channel before giving up."""

QUICK_RETRIES: Final = 2
"""How many failures are retried by the very next run, without a pause."""

RETRY_AFTER: Final = dt.timedelta(minutes=15)
"""The pause after the first failure past :data:`QUICK_RETRIES`; it doubles
with each further one."""

RETRY_CAP: Final = dt.timedelta(hours=12)
"""The longest pause between two tries."""


@attrs.frozen(kw_only=True)
class ChannelReport:
    """What a run did on one channel.

    Attributes:
        channel: The channel's name.
        digest: The digest built for it.
        delivered: Whether a notifier delivered it.
        errors: What went wrong, one line per failing notifier.
        dry_run: Whether sending was skipped on purpose.
    """

    channel: str
    digest: Digest
    delivered: bool
    errors: tuple[str, ...] = ()
    dry_run: bool = False


@attrs.frozen(kw_only=True)
class NotifyReport:
    """What a run did.

    Attributes:
        now: The moment of the run.
        channels: One report per channel that had something due.
        skipped: Why nothing was sent at all (quiet hours, before the digest
            time), if so.
        deliveries: What to record: one delivery per notification sent or
            failed (nothing for a dry run).
        given_up: ``"<channel>:<key>"`` of each due notification that failed
            :data:`MAX_ATTEMPTS` times and is no longer tried.
    """

    now: dt.datetime
    channels: tuple[ChannelReport, ...] = ()
    skipped: str | None = None
    deliveries: tuple[Delivery, ...] = ()
    given_up: tuple[str, ...] = ()

    @property
    def sent(self) -> int:
        """How many notifications were delivered, over all channels."""
        return sum(len(c.digest.notifications) for c in self.channels if c.delivered)

    @property
    def errors(self) -> tuple[str, ...]:
        """Every error, prefixed with its channel."""
        return tuple(f"{c.channel}: {e}" for c in self.channels for e in c.errors)


def retry_at(delivery: Delivery) -> dt.datetime | None:
    """When a failed delivery may be tried again; ``None`` once given up.

    A sent delivery is never tried again either (``None``).
    """
    if delivery.status is DeliveryStatus.SENT or delivery.attempts >= MAX_ATTEMPTS:
        return None
    if delivery.attempts <= QUICK_RETRIES:
        return delivery.at
    doublings: int = delivery.attempts - QUICK_RETRIES - 1
    pause: dt.timedelta = min(RETRY_CAP, RETRY_AFTER * (1 << doublings))
    return delivery.at + pause


def in_quiet_hours(local: dt.time, preferences: Preferences) -> bool:
    """Whether a local time of day falls in the seeker's quiet hours."""
    start, end = preferences.quiet_start, preferences.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # across midnight


def run(
    state: NetworkState,
    strategy: Strategy,
    *,
    network_id: str,
    now: dt.datetime,
    deliver: Deliver,
    dry_run: bool = False,
) -> NotifyReport:
    """Tell every channel what is due at ``now``; see the module docstring.

    Nothing is stored here: the report's :attr:`~NotifyReport.deliveries`
    are for the caller to record (:meth:`careernet.Network.notify` does).

    Args:
        state: The network.
        strategy: The active goal's strategy.
        network_id: The network's id, for the digests.
        now: The moment of the run (aware).
        deliver: Offers a digest to the notifiers.
        dry_run: Build the digests without sending them.
    """
    require_aware("now", now)
    preferences = state.preferences
    local = now.astimezone(ZoneInfo(preferences.timezone))
    if in_quiet_hours(local.time(), preferences):
        return NotifyReport(now=now, skipped="quiet hours")
    if preferences.digest_time is not None and local.time() < preferences.digest_time:
        return NotifyReport(now=now, skipped="before the digest time")
    due = due_notifications(state, strategy, now=now)
    reports = []
    deliveries: list[Delivery] = []
    given_up: list[str] = []
    earlier = state.deliveries
    for channel in preferences.channels:
        pending_list = []
        for notification in due:
            delivery_id = Delivery.id_for(channel.name, notification.key)
            before = earlier.get(delivery_id)
            if before is None:
                pending_list.append(notification)
                continue
            again = retry_at(before)
            if again is None:
                if before.status is DeliveryStatus.FAILED:
                    given_up.append(delivery_id)
            elif again <= now:
                pending_list.append(notification)
        pending = tuple(pending_list)
        if not pending:
            continue
        digest = Digest(
            network_id=network_id,
            seeker=state.seeker.name,
            channel=channel,
            now=now,
            timezone=preferences.timezone,
            neutral=neutral_for(strategy) and not channel.private,
            notifications=pending,
        )
        if dry_run:
            reports.append(
                ChannelReport(
                    channel=channel.name, digest=digest, delivered=False, dry_run=True
                )
            )
            continue
        delivered, errors = deliver(digest)
        reports.append(
            ChannelReport(
                channel=channel.name, digest=digest, delivered=delivered, errors=errors
            )
        )
        status = DeliveryStatus.SENT if delivered else DeliveryStatus.FAILED
        deliveries += [
            Delivery(
                id=Delivery.id_for(channel.name, n.key),
                channel=channel.name,
                key=n.key,
                status=status,
                at=now,
                error=None if delivered else "; ".join(errors),
            )
            for n in pending
        ]
    return NotifyReport(
        now=now,
        channels=tuple(reports),
        deliveries=tuple(deliveries),
        given_up=tuple(given_up),
    )
