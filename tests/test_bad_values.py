"""Careless callers: every command refuses what it cannot store, and the store
always loads again.

A hypothesis test calls every public command with one argument swapped for a
hostile value (a wrong type, an out-of-range number, an out-of-range or naive
time, huge or line-breaking text); each call either works or raises a
:class:`careernet.CareerNetError`, and the network then reloads from its SQLite
file, plans, exports and restores.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careernet
from careernet import (
    CareerNetError,
    HelpKind,
    InteractionKind,
    InvalidValueError,
    MeetingStatus,
    Ring,
)
from careernet.domain import Channel, Contact, Goal
from tests.conftest import NOW

HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2.5,
    14.0,
    float("nan"),
    float("inf"),
    10**7,
    2**70,
    "",
    "   ",
    "yes",
    "message",
    "warm",
    "line\u2028break",
    "x" * 100_000,
    "\ud800",
    b"bytes",
    [],
    ["a", 1],
    {},
    {"name": 1},
    object(),
    dt.datetime(2026, 11, 24, 9),  # noqa: DTZ001 - naive on purpose
    dt.datetime.max.replace(tzinfo=dt.UTC),
    dt.datetime.min.replace(tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    dt.timedelta(days=-1),
    dt.timedelta(days=10**6),
    Ring.BUDDY,
    InteractionKind.MESSAGE,
]

Call = tuple[str, dict[str, Any]]


def calls(ann: str, bob: str, meeting: str) -> list[Call]:
    """Every public command with valid arguments (keyword ones)."""
    when = NOW + dt.timedelta(days=3)
    return [
        ("set_seeker", {"name": "Alex", "company": "Acme", "reports_to": None}),
        (
            "add_contact",
            {
                "name": "Olga",
                "ring": Ring.COLD,
                "company": "Globex",
                "emails": ["o@example.org"],
                "tags": ["data"],
                "notes": "",
                "knows": [ann],
                "tribe": False,
                "fan_club": False,
                "cadence_days": 14,
                "at": NOW,
            },
        ),
        ("edit_contact", {"contact_id": ann, "notes": "n", "tribe": True}),
        ("link", {"contact_id": ann, "other_id": bob}),
        ("move", {"contact_id": bob, "to": Ring.LUKEWARM, "override": "met"}),
        (
            "schedule_meeting",
            {
                "contact_id": ann,
                "when": when,
                "purpose": "coffee",
                "duration": dt.timedelta(minutes=30),
                "questions": ["How?"],
            },
        ),
        ("reschedule_meeting", {"meeting_id": meeting, "when": when}),
        (
            "record_meeting",
            {
                "meeting_id": meeting,
                "status": MeetingStatus.HELD,
                "notes": "good",
                "referrals": ["Cy"],
            },
        ),
        ("log", {"contact_id": ann, "kind": InteractionKind.MESSAGE, "note": "hi"}),
        (
            "give",
            {"contact_id": ann, "what": "an article", "help": HelpKind.INFORMATION},
        ),
        ("receive", {"contact_id": ann, "what": "an intro", "at": NOW}),
        ("thank", {"contact_id": ann, "what": "the intro"}),
        (
            "set_goal",
            {
                "scenario": "unemployed",
                "target_companies": ["Globex"],
                "weekly_minutes": 90,
            },
        ),
        (
            "set_preferences",
            {
                "channels": [Channel(name="log")],
                "timezone": "Europe/Berlin",
                "digest_time": dt.time(8),
            },
        ),
        ("plan", {"now": NOW}),
        ("funnel", {"since": NOW - dt.timedelta(days=30), "until": NOW}),
        ("outreach", {"contact_id": ann, "now": NOW}),
        ("introductions", {"target_id": ann}),
        ("balance", {"contact_id": ann}),
        ("export_ics", {"now": NOW}),
    ]


@contextlib.contextmanager
def fresh_store() -> Iterator[careernet.Store]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        careernet.open_store(Path(tmp) / "values.db", clock=lambda: NOW) as store,
    ):
        yield store


def seeded(
    store: careernet.Store, network_id: str
) -> tuple[careernet.Network, list[Call]]:
    net = store.create(network_id, "Alex Rivera")
    ann = net.add_contact("Ann Lee", company="Globex", ring=Ring.STRATEGIC)
    bob = net.add_contact("Bob Stone")
    meeting = net.schedule_meeting(ann.id, NOW + dt.timedelta(days=2), purpose="coffee")
    return net, calls(ann.id, bob.id, meeting.id)


def check_still_loads(store: careernet.Store, network_id: str) -> None:
    again = store.network(network_id)
    again.plan(NOW)
    again.export_ics(now=NOW)
    text = again.export_json()
    store.import_json(text, network_id=f"{network_id}-restored")
    store.delete(f"{network_id}-restored")


_numbers = itertools.count()


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_command_refuses_what_it_cannot_store(data: st.DataObject) -> None:
    with fresh_store() as store:
        network_id = f"n{next(_numbers)}"
        net, table = seeded(store, network_id)
        for _ in range(3):
            name, arguments = data.draw(st.sampled_from(table), label="command")
            key = data.draw(st.sampled_from(sorted(arguments)), label="argument")
            value = data.draw(st.sampled_from(HOSTILE), label="value")
            hostile = {**arguments, key: value}
            method: Callable[..., Any] = getattr(net, name)
            version = net.version
            try:
                method(**hostile)
            except CareerNetError:
                assert net.version == version  # refused: nothing written
        check_still_loads(store, network_id)


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("add_contact", "cadence_days", 14.0),
        ("add_contact", "cadence_days", True),
        ("add_contact", "cadence_days", 10**7),
        ("add_contact", "tribe", "yes"),
        ("add_contact", "notes", None),
        ("edit_contact", "tribe", 1),
        ("set_goal", "weekly_minutes", 2.5),
        ("set_goal", "weekly_minutes", 60 * 24 * 8),
        ("log", "kind", "message"),
        ("give", "help", "info"),
        ("move", "to", "warm"),
        ("plan", "now", dt.datetime.max.replace(tzinfo=dt.UTC)),
        ("schedule_meeting", "when", dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)),
        ("schedule_meeting", "duration", "forty-five minutes"),
        ("add_contact", "knows", "c1"),
    ],
)
def test_values_seen_in_the_wild_are_refused(name: str, key: str, value: Any) -> None:
    with fresh_store() as store:
        net, table = seeded(store, "wild")
        arguments = dict(table)[name]
        version = net.version
        with pytest.raises(CareerNetError):
            getattr(net, name)(**{**arguments, key: value})
        assert net.version == version
        check_still_loads(store, "wild")


def test_wrong_types_do_not_come_back_changed() -> None:
    with pytest.raises(InvalidValueError, match="must be text"):
        Contact(id="c1", name="Ann", added_at=NOW, notes=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="must be True or False"):
        Contact(id="c1", name="Ann", added_at=NOW, tribe=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="whole number from 1 to 10080"):
        Goal(id="g", scenario="maintain", set_at=NOW, weekly_minutes=True)


@given(days=st.integers(min_value=1, max_value=3650))
def test_every_allowed_cadence_plans(days: int) -> None:
    with careernet.open("memory:", seeker="Alex", clock=lambda: NOW) as net:
        net.add_contact("Ann", ring=Ring.STRATEGIC, cadence_days=days, at=NOW)
        net.plan(NOW)
        net.plan(NOW + dt.timedelta(days=3650))


def test_a_nul_in_a_location_is_a_clear_error() -> None:
    with pytest.raises(InvalidValueError, match="NUL"):
        careernet.open_store("a\x00b")
    with pytest.raises(InvalidValueError, match="text or a path"):
        careernet.open_store(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "field", "stored", "read"),
    [
        ("contact", "cadence_days", 14.0, 14),
        ("contact", "cadence_days", True, None),
        ("contact", "cadence_days", 10**7, 3650),
        ("contact", "tribe", "yes", True),
        ("contact", "tribe", 0, False),
        ("contact", "notes", None, ""),
        ("goal", "weekly_minutes", 2.5, 2),
        ("goal", "weekly_minutes", 10**6, 10080),
        ("interaction", "note", None, ""),
    ],
)
def test_values_earlier_versions_stored_load_again(
    tmp_path: Path, kind: str, field: str, stored: object, read: object
) -> None:
    """Poison values committed before records checked them do not stop a load."""
    import json  # noqa: PLC0415
    import sqlite3  # noqa: PLC0415

    path = tmp_path / "old.db"
    with careernet.open(path, seeker="Alex", clock=lambda: NOW) as net:
        ann = net.add_contact("Ann")
        net.log(ann.id, InteractionKind.MESSAGE)
        net.set_goal("unemployed")
    with contextlib.closing(sqlite3.connect(path)) as raw:
        (data,) = raw.execute(
            "SELECT data FROM records WHERE kind = ?", (kind,)
        ).fetchone()
        record = json.loads(data)
        record[field] = stored
        raw.execute(
            "UPDATE records SET data = ? WHERE kind = ?", (json.dumps(record), kind)
        )
        raw.commit()
    with careernet.open(path, clock=lambda: NOW) as net:
        loaded = {
            "contact": net.contacts[0] if net.contacts else None,
            "goal": net.goal,
            "interaction": next(iter(net.state.interactions.values()), None),
        }[kind]
        assert getattr(loaded, field) == read
        net.plan(NOW)
        net.export_json()
