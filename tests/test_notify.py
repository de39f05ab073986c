"""The reminder engine through the facade: ``Network.notify`` with real stores.

Notifiers are real plugins (``RecordingNotifier`` and small subclasses of it)
registered with ``plugins=`` and no entry points; stores are ``memory:`` and
SQLite files; the clock stands still at NOW and runs pass ``now`` explicitly.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import re
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest

import careernet
from careernet import (
    Contact,
    InteractionKind,
    InvalidValueError,
    Network,
    Ring,
    StorageError,
    hookimpl,
)
from careernet.domain import (
    Change,
    Channel,
    Delivery,
    DeliveryStatus,
    Preferences,
    due_notifications,
)
from careernet.domain.reminders import SEARCH_WORDS
from careernet.notify import Digest, NotifyReport, engine, in_quiet_hours
from careernet.storage import Storage
from careernet.storage.memory import MemoryStorage
from careernet.testing import RecordingNotifier
from tests.conftest import NOW

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)

BERLIN = "Europe/Berlin"
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella Health")
"""Every company in the ``seed`` network."""

PURPOSE = "Hear how Globex hires for my job search"

Ids = Callable[[], str]


def counter() -> Ids:
    numbers = itertools.count(1)
    return lambda: f"id{next(numbers)}"


@pytest.fixture
def ids() -> Ids:
    """Record ids for every store a test opens (so reopened stores never clash)."""
    return counter()


@pytest.fixture(params=["memory", "sqlite"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return "memory:" if request.param == "memory" else str(tmp_path / "careernet.db")


def open_network(location: str, ids: Ids, *plugins: object) -> Network:
    return careernet.open(
        location, plugins=plugins, autoload=False, clock=lambda: NOW, ids=ids
    )


def seed(network: Network) -> dict[str, Contact]:
    """Robin Park at Acme, with five reminders due at NOW under no goal.

    A nudge for Ann, tomorrow's coffee with Ken, a check-in with Priya long
    overdue, and thank-yous owed to Raj and to Bob (who works at Acme too).
    """
    network.set_seeker(name="Robin Park", company="Acme")
    ann = network.add_contact(
        "Ann Lee", company="Globex", role="Technical Recruiter", at=NOW - 30 * DAY
    )
    network.log(ann.id, InteractionKind.OUTREACH, at=NOW - 8 * DAY)
    ken = network.add_contact(
        "Ken Watanabe", company="Globex", role="Engineering Manager", at=NOW - 30 * DAY
    )
    network.schedule_meeting(
        ken.id,
        NOW + 20 * HOUR,
        purpose=PURPOSE,
        questions=["Is your team hiring?"],
        location="Café Central",
    )
    priya = network.add_contact(
        "Priya Natarajan", company="Initech", ring=Ring.STRATEGIC, at=NOW - 365 * DAY
    )
    raj = network.add_contact("Raj Patel", company="Umbrella Health", at=NOW - 60 * DAY)
    network.receive(raj.id, "A word with the Umbrella Health recruiter", at=NOW - DAY)
    bob = network.add_contact("Bob Stone", company="Acme", at=NOW - 60 * DAY)
    network.receive(bob.id, "Covering my on-call shift", at=NOW - DAY)
    return {"ann": ann, "ken": ken, "priya": priya, "raj": raj, "bob": bob}


def overdue_check_in(network: Network, at: dt.datetime) -> Contact:
    """One strategic contact whose check-in is long overdue at ``at``."""
    return network.add_contact("Priya", ring=Ring.STRATEGIC, at=at - 365 * DAY)


def due_keys(network: Network, now: dt.datetime = NOW) -> list[str]:
    return [n.key for n in due_notifications(network.state, network.strategy, now=now)]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.casefold()))


def report_for(report: NotifyReport, channel: str) -> engine.ChannelReport:
    (found,) = [c for c in report.channels if c.channel == channel]
    return found


def delivery(network: Network, channel: str, key: str) -> Delivery:
    return network.state.deliveries[Delivery.id_for(channel, key)]


@pytest.fixture(autouse=True)
def _no_smtp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The builtin e-mail notifier must not pick up the developer's server."""
    for name in (
        "HOST",
        "PORT",
        "SECURITY",
        "USER",
        "PASSWORD",
        "FROM",
        "TIMEOUT",
    ):
        monkeypatch.delenv(f"CAREERNET_SMTP_{name}", raising=False)


class TestOncePerReminder:
    def test_a_second_run_at_the_same_now_sends_nothing(
        self, location: str, ids: Ids
    ) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            expected = due_keys(network)
            first = network.notify(NOW)
            second = network.notify(NOW)
        assert len(expected) == 5
        assert (first.sent, first.errors, first.skipped) == (5, (), None)
        assert [c.channel for c in first.channels] == ["phone"]
        assert (second.sent, second.errors, second.channels) == (0, (), ())
        assert len(phone.digests) == 1
        assert phone.keys == expected

    def test_the_stores_clock_is_the_default_now(self, location: str, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            report = network.notify()
            assert network.notify(NOW).sent == 0
        assert report.now == NOW
        assert report.sent == 5
        assert phone.digests[0].now == NOW

    def test_one_digest_per_channel_with_everything_due(
        self, location: str, ids: Ids
    ) -> None:
        phone, pager = RecordingNotifier("phone"), RecordingNotifier("pager")
        with open_network(location, ids, phone, pager) as network:
            seed(network)
            channels = [Channel(name="phone"), Channel(name="pager", private=True)]
            network.set_preferences(channels=channels)
            expected = due_keys(network)
            report = network.notify(NOW)
            network_id = network.id
        assert report.sent == 10
        assert [(c.channel, c.delivered) for c in report.channels] == [
            ("phone", True),
            ("pager", True),
        ]
        (to_phone,) = phone.digests
        (to_pager,) = pager.digests
        for digest, channel in ((to_phone, channels[0]), (to_pager, channels[1])):
            assert digest.channel == channel
            assert digest.keys == tuple(expected)
            assert digest.seeker == "Robin Park"
            assert digest.network_id == network_id
            assert digest.now == NOW
            assert not digest.neutral  # no confidential search: full wording
        assert to_phone.id != to_pager.id
        assert report_for(report, "phone").digest is to_phone

    def test_every_sent_reminder_is_recorded_once_per_channel(
        self, location: str, ids: Ids
    ) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            network.notify(NOW)
            deliveries = dict(network.state.deliveries)
            expected = due_keys(network)
        assert sorted(deliveries) == sorted(f"phone:{key}" for key in expected)
        for key in expected:
            sent = deliveries[f"phone:{key}"]
            assert (sent.status, sent.attempts, sent.at, sent.error) == (
                DeliveryStatus.SENT,
                1,
                NOW,
                None,
            )

    def test_what_falls_due_later_comes_alone(self, location: str, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            people = seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            network.notify(NOW)
            network.receive(people["ann"].id, "An introduction to her manager", at=NOW)
            new = set(due_keys(network)) - set(phone.keys)
            report = network.notify(NOW)
        assert len(new) == 1
        assert report.sent == 1
        assert [d.keys for d in phone.digests][1] == tuple(new)
        assert "Thank Ann Lee for an introduction" in phone.digests[1].text()

    def test_logging_contact_resets_a_check_in(self, location: str, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            priya = overdue_check_in(network, NOW)
            network.set_preferences(channels=[Channel(name="phone")])
            assert network.notify(NOW).sent == 1
            network.log(priya.id, InteractionKind.MESSAGE, at=NOW + HOUR)
            assert network.notify(NOW + DAY).sent == 0
            assert network.notify(NOW + 29 * DAY).sent == 0
            assert network.notify(NOW + 31 * DAY).sent == 1
        first, again = phone.keys
        assert first.startswith("keep_in_touch:")
        assert again.startswith("keep_in_touch:")
        assert first != again


class TestFailures:
    def test_a_plugin_that_raises_does_not_stop_another(
        self, location: str, ids: Ids
    ) -> None:
        broken = RecordingNotifier("pager", fail_with=ConnectionError("gateway down"))
        phone = RecordingNotifier("phone")
        with open_network(location, ids, broken, phone) as network:
            seed(network)
            network.set_preferences(
                channels=[Channel(name="pager"), Channel(name="phone")]
            )
            expected = due_keys(network)
            name = network.store.plugin_manager.get_name(broken)
            report = network.notify(NOW)
            failed = [delivery(network, "pager", key) for key in expected]
            pending = [not network.state.delivered("pager", k) for k in expected]
        assert name
        error = f"plugin {name!r} failed: ConnectionError: gateway down"
        assert report.errors == (f"pager: {error}",)
        assert report_for(report, "pager").delivered is False
        assert report_for(report, "pager").errors == (error,)
        assert report_for(report, "phone").delivered is True
        assert report.sent == 5
        assert phone.keys == expected
        assert broken.digests == []
        assert all(pending)
        assert {(d.status, d.attempts, d.error) for d in failed} == {
            (DeliveryStatus.FAILED, 1, error)
        }

    def test_the_failed_reminders_are_sent_once_the_plugin_recovers(
        self, location: str, ids: Ids
    ) -> None:
        broken = RecordingNotifier("pager", fail_with=TimeoutError("no answer"))
        phone = RecordingNotifier("phone")
        with open_network(location, ids, broken, phone) as network:
            seed(network)
            network.set_preferences(
                channels=[Channel(name="pager"), Channel(name="phone")]
            )
            expected = due_keys(network)
            network.notify(NOW)
            still_broken = network.notify(NOW)
            attempts = {delivery(network, "pager", k).attempts for k in expected}
            broken.fail_with = None
            recovered = network.notify(NOW)
            sent = [delivery(network, "pager", key) for key in expected]
            last = network.notify(NOW)
        assert [c.channel for c in still_broken.channels] == ["pager"]
        assert len(still_broken.errors) == 1
        assert attempts == {2}
        assert recovered.errors == ()
        assert [c.channel for c in recovered.channels] == ["pager"]
        assert recovered.sent == 5
        assert broken.keys == expected
        assert {(d.status, d.attempts, d.error) for d in sent} == {
            (DeliveryStatus.SENT, 3, None)
        }
        assert last.channels == ()
        assert len(phone.digests) == 1

    @pytest.mark.parametrize("broken_first", [True, False], ids=["first", "last"])
    def test_a_plugin_that_raises_does_not_stop_another_on_the_same_channel(
        self, ids: Ids, broken_first: bool
    ) -> None:
        broken = RecordingNotifier("phone", fail_with=RuntimeError("boom"))
        working = RecordingNotifier("phone")
        plugins = (broken, working) if broken_first else (working, broken)
        with open_network("memory:", ids, *plugins) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            name = network.store.plugin_manager.get_name(broken)
            report = network.notify(NOW)
        assert len(working.digests) == 1
        assert report_for(report, "phone").delivered is True
        # Notifiers are asked in turn until one delivers: the broken one is
        # asked (and reported) only when it comes before the working one.
        asked_first = network.store.hooks.pm.hook.careernet_notify.get_hookimpls()[-1]
        failures = tuple(e for e in report.errors if "also handles" not in e)
        if asked_first.plugin is broken:
            assert failures == (f"phone: plugin {name!r} failed: RuntimeError: boom",)
        else:
            assert failures == ()
        # Both name the phone channel: the one not asked is a configuration
        # error, reported by name.
        delivered_by = network.store.plugin_manager.get_name(working)
        assert [e for e in report.errors if "also handles" in e] == [
            (
                f"phone: plugin {name!r} also handles the 'phone' channel, which "
                f"{delivered_by!r} delivered; leave one of them out "
                f"(CAREERNET_PLUGINS_BLOCK={name})"
            )
        ]

    def test_two_plugins_for_one_channel_send_the_digest_once(self, ids: Ids) -> None:
        first, second = RecordingNotifier("phone"), RecordingNotifier("phone")
        with open_network("memory:", ids, first, second) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            report = network.notify(NOW)
            again = network.notify(NOW + dt.timedelta(hours=1))
        assert len(first.digests) + len(second.digests) == 1
        assert report.sent == len(first.keys + second.keys)
        assert again.channels == ()
        # The second notifier for the channel is a configuration error.
        (error,) = report.errors
        assert "also handles the 'phone' channel" in error
        statuses = {d.status for d in network.state.deliveries.values()}
        assert statuses == {DeliveryStatus.SENT}

    def test_a_channel_failing_for_good_is_given_up_and_stops_writing(
        self, ids: Ids
    ) -> None:
        with open_network("memory:", ids) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="pager")])
            expected = {f"pager:{key}" for key in due_keys(network)}
            moment, runs = NOW, 0
            while not network.notify(moment).given_up:
                moment += dt.timedelta(hours=13)  # past the longest pause
                runs += 1
                assert runs <= engine.MAX_ATTEMPTS
            version = network.version
            later = network.notify(moment + dt.timedelta(days=3))
            failed = {
                d.id: (d.status, d.attempts) for d in network.state.deliveries.values()
            }
            assert network.version == version  # nothing more is written
        assert runs == engine.MAX_ATTEMPTS
        # Still due three days later, still given up (what is no longer due,
        # such as preparing a meeting now past, is not listed).
        assert later.given_up
        assert set(later.given_up) <= expected
        assert {failed[key] for key in later.given_up} == {
            (DeliveryStatus.FAILED, engine.MAX_ATTEMPTS)
        }

    def test_failures_past_the_quick_retries_wait_before_the_next_try(
        self, ids: Ids
    ) -> None:
        with open_network("memory:", ids) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="pager")])
            for _ in range(engine.QUICK_RETRIES + 1):
                assert network.notify(NOW).channels
            assert network.notify(NOW).channels == ()  # pausing now
            assert network.notify(NOW + engine.RETRY_AFTER).channels

    def test_a_channel_no_plugin_handles_is_reported_and_stays_pending(
        self, location: str, ids: Ids
    ) -> None:
        with open_network(location, ids) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="pager")])
            expected = due_keys(network)
            report = network.notify(NOW)
            failed = {delivery(network, "pager", k).status for k in expected}
            pager = RecordingNotifier("pager")
            network.store.plugin_manager.register(pager)
            later = network.notify(NOW)
        (error,) = report.errors
        assert error == (
            "pager: no notifier handles the 'pager' channel; install its plugin "
            "or remove the channel from the preferences"
        )
        assert report.sent == 0
        assert failed == {DeliveryStatus.FAILED}
        assert later.errors == ()
        assert later.sent == 5
        assert pager.keys == expected


def quiet_network(
    ids: Ids,
    notifier: RecordingNotifier,
    at: dt.datetime,
    *,
    timezone: str = BERLIN,
    quiet_hours: tuple[dt.time, dt.time] | None = None,
    digest_time: dt.time | None = None,
) -> Network:
    network = open_network("memory:", ids, notifier)
    overdue_check_in(network, at)
    network.set_preferences(
        channels=[Channel(name=notifier.channel)],
        timezone=timezone,
        quiet_hours=quiet_hours,
        digest_time=digest_time,
    )
    return network


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


NIGHT = (dt.time(22), dt.time(7))
"""Quiet from 22:00 to 07:00 local time, across midnight."""


class TestWhen:
    @pytest.mark.parametrize(
        ("timezone", "quiet_hours", "now", "quiet"),
        [
            # Berlin is UTC+1 in November: these would be the other way round in UTC.
            (BERLIN, NIGHT, utc(2026, 11, 24, 6, 30), False),  # 07:30
            (BERLIN, NIGHT, utc(2026, 11, 24, 21, 30), True),  # 22:30
            (BERLIN, NIGHT, utc(2026, 11, 24, 5, 59), True),  # 06:59
            (BERLIN, NIGHT, utc(2026, 11, 24, 6, 0), False),  # 07:00, the end
            (BERLIN, NIGHT, utc(2026, 11, 24, 20, 59), False),  # 21:59
            (BERLIN, NIGHT, utc(2026, 11, 24, 21, 0), True),  # 22:00, the start
            (BERLIN, NIGHT, utc(2026, 11, 24, 23, 0), True),  # midnight
            # UTC+2 in July (summer time).
            (BERLIN, NIGHT, utc(2026, 7, 14, 4, 30), True),  # 06:30
            (BERLIN, NIGHT, utc(2026, 7, 14, 5, 30), False),  # 07:30
            (BERLIN, NIGHT, utc(2026, 7, 14, 20, 30), True),  # 22:30
            # Within one day, in UTC.
            ("UTC", (dt.time(12), dt.time(13)), utc(2026, 11, 24, 12, 0), True),
            ("UTC", (dt.time(12), dt.time(13)), utc(2026, 11, 24, 12, 59), True),
            ("UTC", (dt.time(12), dt.time(13)), utc(2026, 11, 24, 13, 0), False),
            ("UTC", (dt.time(12), dt.time(13)), utc(2026, 11, 24, 11, 59), False),
        ],
    )
    def test_quiet_hours_skip_the_run(
        self,
        ids: Ids,
        timezone: str,
        quiet_hours: tuple[dt.time, dt.time],
        now: dt.datetime,
        quiet: bool,
    ) -> None:
        phone = RecordingNotifier("phone")
        with quiet_network(
            ids, phone, now, timezone=timezone, quiet_hours=quiet_hours
        ) as network:
            report = network.notify(now)
            deliveries = dict(network.state.deliveries)
        if quiet:
            assert report.skipped == "quiet hours"
            assert (report.channels, report.sent) == ((), 0)
            assert phone.digests == []
            assert deliveries == {}
        else:
            assert report.skipped is None
            assert report.sent == 1
            assert len(phone.digests) == 1

    def test_what_was_held_back_goes_out_after_the_quiet_hours(self, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        night = utc(2026, 11, 24, 23, 30)
        with quiet_network(ids, phone, night, quiet_hours=NIGHT) as network:
            held = network.notify(night)
            morning = network.notify(night + 7 * HOUR)
        assert held.skipped == "quiet hours"
        assert morning.sent == 1

    @pytest.mark.parametrize(
        ("now", "sent"),
        [
            (utc(2026, 11, 24, 6, 59), False),  # 07:59 in Berlin
            (utc(2026, 11, 24, 7, 0), True),  # 08:00
            (utc(2026, 11, 24, 16, 0), True),  # 17:00
            (utc(2026, 7, 14, 5, 59), False),  # 07:59 summer time
            (utc(2026, 7, 14, 6, 0), True),  # 08:00 summer time
        ],
    )
    def test_nothing_before_the_digest_time(
        self, ids: Ids, now: dt.datetime, sent: bool
    ) -> None:
        phone = RecordingNotifier("phone")
        with quiet_network(ids, phone, now, digest_time=dt.time(8)) as network:
            report = network.notify(now)
        if sent:
            assert (report.skipped, report.sent) == (None, 1)
        else:
            assert report.skipped == "before the digest time"
            assert report.channels == ()
            assert phone.digests == []

    def test_a_run_later_the_same_day_sends_no_second_digest(self, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        morning = utc(2026, 11, 24, 7, 0)
        with quiet_network(ids, phone, morning, digest_time=dt.time(8)) as network:
            network.notify(morning)
            evening = network.notify(morning + 10 * HOUR)
        assert evening.channels == ()
        assert len(phone.digests) == 1

    @pytest.mark.parametrize(
        ("local", "quiet"),
        [
            (dt.time(21, 59), False),
            (dt.time(22), True),
            (dt.time(23, 59, 59), True),
            (dt.time(0), True),
            (dt.time(6, 59), True),
            (dt.time(7), False),
            (dt.time(12), False),
        ],
    )
    def test_in_quiet_hours_across_midnight(self, local: dt.time, quiet: bool) -> None:
        preferences = Preferences(quiet_start=NIGHT[0], quiet_end=NIGHT[1])
        assert in_quiet_hours(local, preferences) is quiet

    @pytest.mark.parametrize("local", [dt.time(0), dt.time(8), dt.time(23)])
    def test_no_quiet_hours_or_an_empty_window_is_never_quiet(
        self, local: dt.time
    ) -> None:
        assert not in_quiet_hours(local, Preferences())
        empty = Preferences(quiet_start=dt.time(8), quiet_end=dt.time(8))
        assert not in_quiet_hours(local, empty)

    @pytest.mark.parametrize(
        "timezone", ["Mars/Olympus_Mons", "Europe/Nowhere", "../../etc/passwd", "utc+1"]
    )
    def test_an_unknown_time_zone_is_refused(self, ids: Ids, timezone: str) -> None:
        with open_network("memory:", ids) as network:
            network.set_preferences(timezone=BERLIN)
            version = network.version
            with pytest.raises(InvalidValueError, match="Unknown time zone"):
                network.set_preferences(timezone=timezone)
            assert network.preferences.timezone == BERLIN
            assert network.version == version

    def test_preferences_left_out_are_kept(self, ids: Ids) -> None:
        with open_network("memory:", ids) as network:
            network.set_preferences(
                channels=[Channel(name="phone")],
                timezone=BERLIN,
                quiet_hours=NIGHT,
                digest_time=dt.time(8),
            )
            network.set_preferences(digest_time=None)
            preferences = network.preferences
            network.set_preferences(quiet_hours=None)
            cleared = network.preferences
        assert preferences.channels == (Channel(name="phone"),)
        assert preferences.timezone == BERLIN
        assert (preferences.quiet_start, preferences.quiet_end) == NIGHT
        assert preferences.digest_time is None
        assert preferences.updated_at == NOW
        assert (cleared.quiet_start, cleared.quiet_end) == (None, None)

    @pytest.mark.parametrize(
        "quiet_hours", [None, (dt.time(8), dt.time(10))], ids=["always", "quiet"]
    )
    def test_a_naive_now_is_refused(
        self, ids: Ids, quiet_hours: tuple[dt.time, dt.time] | None
    ) -> None:
        """Whatever the preferences: a naive time is never read as the
        machine's local time."""
        phone = RecordingNotifier("phone")
        with quiet_network(
            ids, phone, NOW, timezone="UTC", quiet_hours=quiet_hours
        ) as network:
            with pytest.raises(InvalidValueError, match="no time zone"):
                network.notify(NOW.replace(tzinfo=None))
            assert network.state.deliveries == {}


class TestDryRun:
    def test_a_dry_run_sends_and_records_nothing(self, location: str, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            expected = due_keys(network)
            version = network.version
            dry = network.notify(NOW, dry_run=True)
            assert network.version == version
            assert network.store.storage.version(network.id) == version
            assert network.state.deliveries == {}
            assert phone.digests == []
            real = network.notify(NOW)
        (channel,) = dry.channels
        assert (channel.channel, channel.dry_run, channel.delivered) == (
            "phone",
            True,
            False,
        )
        assert channel.errors == ()
        assert channel.digest.keys == tuple(expected)
        assert (dry.sent, dry.errors) == (0, ())
        assert real.sent == 5
        assert phone.digests[0].id == channel.digest.id

    def test_a_dry_run_respects_quiet_hours(self, ids: Ids) -> None:
        phone = RecordingNotifier("phone")
        night = utc(2026, 11, 24, 23, 30)
        with quiet_network(ids, phone, night, quiet_hours=NIGHT) as network:
            report = network.notify(night, dry_run=True)
        assert report.skipped == "quiet hours"


class TestConfidential:
    @pytest.fixture
    def digests(self, location: str, ids: Ids) -> dict[str, Digest]:
        """The digests of a confidential search, on a shared and a private channel."""
        shared, own = RecordingNotifier("shared"), RecordingNotifier("own")
        with open_network(location, ids, shared, own) as network:
            seed(network)
            network.set_goal("employed_confidential", target_companies=["Globex"])
            network.set_preferences(
                channels=[Channel(name="shared"), Channel(name="own", private=True)]
            )
            report = network.notify(NOW)
        assert report.errors == ()
        (neutral,) = shared.digests
        (full,) = own.digests
        return {"neutral": neutral, "full": full}

    @pytest.mark.parametrize("render", [Digest.text, Digest.html], ids=["text", "html"])
    def test_a_channel_others_may_read_gets_neutral_wording(
        self, digests: dict[str, Digest], render: Callable[[Digest], str]
    ) -> None:
        digest = digests["neutral"]
        assert digest.neutral
        text = render(digest)
        assert not words(text) & SEARCH_WORDS
        for company in COMPANIES:
            assert company not in text
        assert not words(digest.subject) & SEARCH_WORDS
        for name in ("Ann Lee", "Ken Watanabe", "Priya Natarajan", "Raj Patel"):
            assert name in text

    def test_a_private_channel_gets_the_full_wording(
        self, digests: dict[str, Digest]
    ) -> None:
        digest = digests["full"]
        assert not digest.neutral
        text = digest.text()
        assert "Coffee with Ken Watanabe (Globex)" in text
        assert f"Purpose: {PURPOSE}" in text
        assert "Umbrella Health recruiter" in text
        assert "Globex" in digest.html()

    def test_both_hold_the_same_reminders(self, digests: dict[str, Digest]) -> None:
        assert digests["neutral"].keys == digests["full"].keys
        assert len(digests["neutral"].keys) == 4

    def test_nobody_at_the_current_employer_is_mentioned(
        self, digests: dict[str, Digest]
    ) -> None:
        for digest in digests.values():
            assert "Bob Stone" not in digest.text()

    def test_without_a_confidential_search_every_channel_gets_full_wording(
        self, ids: Ids
    ) -> None:
        shared = RecordingNotifier("shared")
        with open_network("memory:", ids, shared) as network:
            seed(network)
            network.set_goal("unemployed", target_companies=["Globex"])
            network.set_preferences(channels=[Channel(name="shared")])
            network.notify(NOW)
        (digest,) = shared.digests
        assert not digest.neutral
        assert "Globex" in digest.text()


class DiesAfterSending(RecordingNotifier):
    """Delivers, then the process "dies" before the delivery is recorded.

    Dying is simulated by ``die``: closing the SQLite store out from under the
    engine, or breaking a storage's commits.
    """

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.die: Callable[[], object] = lambda: None

    @hookimpl
    def careernet_notify(self, digest: Digest) -> bool | None:
        delivered = super().careernet_notify(digest)
        if delivered:
            self.die()
        return delivered


class CommitsFail(MemoryStorage):
    """A real in-memory storage whose commits fail while ``broken`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False

    def commit(
        self,
        network_id: str,
        expected_version: int,
        change: Change,
        *,
        incarnation: str | None = None,
    ) -> int:
        if self.broken:
            raise StorageError("The disk is full; nothing was written.")
        return super().commit(
            network_id, expected_version, change, incarnation=incarnation
        )


class OpensFlaky:
    """A storage plugin opening ``flaky:`` as one ``CommitsFail`` storage."""

    def __init__(self) -> None:
        self.storage = CommitsFail()

    @hookimpl(tryfirst=True)
    def careernet_open_storage(self, location: str) -> Storage | None:
        return self.storage if location == "flaky:" else None


class TestAtLeastOnce:
    def test_the_rule_is_documented(self) -> None:
        doc = " ".join(str(engine.__doc__).split())
        assert "Delivery is at least once" in doc
        assert "``id``" in doc

    def test_a_crash_after_sending_sends_the_same_digest_again(
        self, tmp_path: Path, ids: Ids
    ) -> None:
        location = str(tmp_path / "careernet.db")
        dying = DiesAfterSending("phone")
        with open_network(location, ids, dying) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            dying.die = network.store.close
            with pytest.raises(StorageError, match="closed"):
                network.notify(NOW)
        (crashed,) = dying.digests
        again = RecordingNotifier("phone")
        with open_network(location, ids, again) as network:
            assert network.state.deliveries == {}
            resent = network.notify(NOW)
            last = network.notify(NOW)
        (digest,) = again.digests
        assert resent.sent == 5
        assert digest.id == crashed.id
        assert digest.keys == crashed.keys
        assert last.channels == ()

    def test_a_failed_commit_after_sending_sends_the_same_digest_again(
        self, ids: Ids
    ) -> None:
        flaky = OpensFlaky()
        dying = DiesAfterSending("phone")
        with open_network("flaky:", ids, flaky, dying) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])

            def die() -> None:
                flaky.storage.broken = True

            dying.die = die
            with pytest.raises(StorageError, match="disk is full"):
                network.notify(NOW)
            assert network.state.deliveries == {}
            flaky.storage.broken = False
            dying.die = lambda: None
            resent = network.notify(NOW)
            last = network.notify(NOW)
        first, second = dying.digests
        assert resent.sent == 5
        assert second.id == first.id
        assert second.keys == first.keys
        assert last.channels == ()

    def test_the_id_depends_on_channel_and_reminders_not_on_the_moment(
        self, ids: Ids
    ) -> None:
        phone, pager = RecordingNotifier("phone"), RecordingNotifier("pager")
        with open_network("memory:", ids, phone, pager) as network:
            seed(network)
            network.set_preferences(
                channels=[Channel(name="phone"), Channel(name="pager")]
            )
            dry = network.notify(NOW, dry_run=True)
            later = network.notify(NOW + MINUTE, dry_run=True)
        ids_now = [c.digest.id for c in dry.channels]
        ids_later = [c.digest.id for c in later.channels]
        assert ids_now == ids_later
        assert len(set(ids_now)) == 2
        assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids_now)


class TestLogNotifier:
    def test_the_builtin_log_channel_writes_the_digest(
        self, location: str, ids: Ids, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="careernet.notify")
        with open_network(location, ids) as network:
            seed(network)
            assert network.preferences.channels == (Channel(name="log"),)
            report = network.notify(NOW)
            again = network.notify(NOW)
        (channel,) = report.channels
        digest = channel.digest
        records = [r for r in caplog.records if r.name == "careernet.notify"]
        (record,) = records
        assert record.levelno == logging.INFO
        assert record.getMessage() == f"{digest.subject}\n{digest.text().rstrip()}"
        assert "Coffee with Ken Watanabe (Globex)" in record.getMessage()
        assert (report.sent, report.errors) == (5, ())
        assert again.channels == ()


class TestPersistence:
    def test_deliveries_survive_reopening_a_sqlite_store(
        self, tmp_path: Path, ids: Ids
    ) -> None:
        location = str(tmp_path / "careernet.db")
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            network.notify(NOW)
            before = dict(network.state.deliveries)
        later = RecordingNotifier("phone")
        with open_network(location, ids, later) as network:
            assert dict(network.state.deliveries) == before
            report = network.notify(NOW)
        assert len(before) == 5
        assert report.channels == ()
        assert later.digests == []

    def test_failed_attempts_add_up_across_reopening(
        self, tmp_path: Path, ids: Ids
    ) -> None:
        location = str(tmp_path / "careernet.db")
        for attempt in (1, 2):
            with open_network(location, ids) as network:
                if attempt == 1:
                    seed(network)
                    network.set_preferences(channels=[Channel(name="pager")])
                network.notify(NOW)
                attempts = {d.attempts for d in network.state.deliveries.values()}
            assert attempts == {attempt}

    def test_deliveries_are_exported_and_imported(
        self, location: str, ids: Ids
    ) -> None:
        phone = RecordingNotifier("phone")
        with open_network(location, ids, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")], timezone=BERLIN)
            network.notify(NOW)
            exported = network.export_json()
            deliveries = dict(network.state.deliveries)
            preferences = network.preferences
        kinds = [r["kind"] for r in json.loads(exported)["records"]]
        assert kinds.count("delivery") == 5
        assert kinds.count("preferences") == 1
        again = RecordingNotifier("phone")
        with careernet.open_store(
            "memory:", plugins=[again], autoload=False, clock=lambda: NOW
        ) as store:
            imported = store.import_json(exported, network_id="copy")
            assert dict(imported.state.deliveries) == deliveries
            assert imported.preferences == preferences
            report = imported.notify(NOW)
        assert report.channels == ()
        assert again.digests == []

    def test_an_imported_unknown_time_zone_is_refused(self, ids: Ids) -> None:
        with open_network("memory:", ids) as network:
            overdue_check_in(network, NOW)
            network.set_preferences(timezone=BERLIN)
            document = json.loads(network.export_json())
        for record in document["records"]:
            if record["kind"] == "preferences":
                record["data"]["timezone"] = "Mars/Olympus_Mons"
        with careernet.open_store("memory:", autoload=False) as store:
            with pytest.raises(InvalidValueError, match="Mars/Olympus_Mons"):
                store.import_json(json.dumps(document))
            assert store.networks() == []


def test_open_store_networks_are_isolated(ids: Ids) -> None:
    """Two networks in one store keep their own deliveries."""
    phone = RecordingNotifier("phone")
    with careernet.open_store(
        "memory:", plugins=[phone], autoload=False, clock=lambda: NOW, ids=ids
    ) as store:
        networks = [store.create(name, name.title()) for name in ("robin", "sasha")]
        for network in networks:
            overdue_check_in(network, NOW)
            network.set_preferences(channels=[Channel(name="phone")])
        reports = [network.notify(NOW) for network in networks]
        assert [r.sent for r in reports] == [1, 1]
        assert [d.network_id for d in phone.digests] == ["robin", "sasha"]
        assert [d.seeker for d in phone.digests] == ["Robin", "Sasha"]


class OldStyleWrapper:
    """Times each delivery the old pluggy way (``hookwrapper=True``)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl(hookwrapper=True)
    def careernet_notify(self, digest: Digest) -> Generator[None, Any, None]:
        self.calls.append(digest.channel.name)
        outcome = yield
        self.calls.append(f"{digest.channel.name}: {outcome.get_result()}")


class NewStyleWrapper:
    """Wraps each delivery the new pluggy way (``wrapper=True``)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl(wrapper=True)
    def careernet_notify(self, digest: Digest) -> Generator[None, Any, object]:
        self.calls.append(digest.channel.name)
        try:
            result = yield
        except Exception as error:
            self.calls.append(f"{digest.channel.name} raised {error}")
            raise
        self.calls.append(f"{digest.channel.name}: {result}")
        return result


WRAPPERS = [OldStyleWrapper, NewStyleWrapper]


class TestHookWrappers:
    """A plugin may wrap ``careernet_notify`` (to time or log deliveries).

    Wrappers run around each notifier; only what a real notifier returns
    counts as a delivery, so a wrapper can never make a reminder SENT.
    """

    @pytest.mark.parametrize("wrapper_class", WRAPPERS)
    def test_a_wrapper_does_not_deliver_what_no_notifier_handles(
        self, location: str, ids: Ids, wrapper_class: type[OldStyleWrapper]
    ) -> None:
        wrapper = wrapper_class()
        with open_network(location, ids, wrapper) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="pager")])
            expected = due_keys(network)
            report = network.notify(NOW)
            statuses = {delivery(network, "pager", k).status for k in expected}
        assert report_for(report, "pager").delivered is False
        assert report.sent == 0
        assert "no notifier handles the 'pager' channel" in report.errors[0]
        assert statuses == {DeliveryStatus.FAILED}
        assert wrapper.calls  # the wrapper ran around the builtin notifiers

    @pytest.mark.parametrize("wrapper_class", WRAPPERS)
    def test_a_wrapper_runs_around_a_real_delivery(
        self, location: str, ids: Ids, wrapper_class: type[OldStyleWrapper]
    ) -> None:
        wrapper, phone = wrapper_class(), RecordingNotifier("phone")
        with open_network(location, ids, wrapper, phone) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            expected = due_keys(network)
            report = network.notify(NOW)
            statuses = {delivery(network, "phone", k).status for k in expected}
        assert report_for(report, "phone").delivered is True
        assert statuses == {DeliveryStatus.SENT}
        assert phone.keys == expected
        assert "phone: [True]" in wrapper.calls

    def test_a_wrapper_sees_a_notifier_fail_and_the_others_still_deliver(
        self, location: str, ids: Ids
    ) -> None:
        wrapper = NewStyleWrapper()
        broken = RecordingNotifier("phone", fail_with=ConnectionError("down"))
        phone = RecordingNotifier("phone")
        # The last plugin passed is asked first: the broken one, here.
        with open_network(location, ids, wrapper, phone, broken) as network:
            seed(network)
            network.set_preferences(channels=[Channel(name="phone")])
            report = network.notify(NOW)
        assert report_for(report, "phone").delivered is True
        assert wrapper.calls.index("phone raised down") < wrapper.calls.index(
            "phone: [True]"
        )
        assert len(phone.digests) == 1
        failed, also = report.errors
        assert "ConnectionError: down" in failed
        assert "also handles the 'phone' channel" in also


def test_the_engine_takes_values_and_records_nothing(ids: Ids) -> None:
    """``notify.run`` needs no Network: state, strategy, id, now and a callable."""
    offered: list[Digest] = []

    def deliver(digest: Digest) -> tuple[bool, tuple[str, ...]]:
        offered.append(digest)
        return True, ()

    with open_network("memory:", ids) as network:
        seed(network)
        network.set_preferences(channels=[Channel(name="phone")])
        version = network.version
        report = engine.run(
            network.state,
            network.strategy,
            network_id="robin",
            now=NOW,
            deliver=deliver,
        )
        assert network.version == version  # nothing was written
    assert [d.network_id for d in offered] == ["robin"]
    assert report.sent == 5
    assert {d.status for d in report.deliveries} == {DeliveryStatus.SENT}
    assert len(report.deliveries) == 5
