"""The reminder engine: one run tells each channel what is due, once.

A run works out what is due at ``now`` (see
:func:`careernet.domain.due_notifications`), leaves out what each channel has
already been sent, builds one digest per channel and hands it to the
notifier plugins through the ``careernet_notify`` hook. Each plugin is called
on its own: one that raises does not stop the others, and its error is
reported. Deliveries are then recorded in storage: sent notifications are
never sent again on that channel, failed ones are tried again next run.

Delivery is at least once. A run that sends a digest and is killed before it
records the delivery sends that digest again next time; the digest's ``id``
(a hash of its channel and notification keys, also the e-mail's
``Message-ID``) is the same both times, so a receiver can drop the repeat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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

__all__ = ["ChannelReport", "Deliver", "NotifyReport", "in_quiet_hours", "run"]


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
    """

    now: dt.datetime
    channels: tuple[ChannelReport, ...] = ()
    skipped: str | None = None
    deliveries: tuple[Delivery, ...] = ()

    @property
    def sent(self) -> int:
        """How many notifications were delivered, over all channels."""
        return sum(len(c.digest.notifications) for c in self.channels if c.delivered)

    @property
    def errors(self) -> tuple[str, ...]:
        """Every error, prefixed with its channel."""
        return tuple(f"{c.channel}: {e}" for c in self.channels for e in c.errors)


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
    for channel in preferences.channels:
        pending = tuple(n for n in due if not state.delivered(channel.name, n.key))
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
    return NotifyReport(now=now, channels=tuple(reports), deliveries=tuple(deliveries))
