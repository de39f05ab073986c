"""careernet.to_builtins: plain values in the documented shape, read back exactly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import careernet
from careernet.domain import Contact, Meeting, MeetingKind, Ring

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40
).filter(str.strip)
ZONES = st.sampled_from(
    [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
        dt.timezone(-dt.timedelta(hours=9)),
    ]
)
MOMENTS = st.datetimes(
    # The moments careernet keeps (records refuse others).
    min_value=dt.datetime(1000, 1, 2),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=dt.datetime(8999, 12, 30),  # noqa: DTZ001
    timezones=ZONES,
)

MEETING_MOMENTS = st.datetimes(
    # The years a meeting may be scheduled in (Meeting refuses others).
    min_value=dt.datetime(1900, 1, 2),  # noqa: DTZ001
    max_value=dt.datetime(2199, 12, 30),  # noqa: DTZ001
    timezones=ZONES,
)

CONTACTS = st.builds(
    Contact,
    id=st.text("0123456789abcdef", min_size=8, max_size=32),
    name=TEXT | st.just("Ann\u2028Lee"),
    ring=st.sampled_from(Ring),
    added_at=MOMENTS,
    company=st.none() | TEXT,
    emails=st.lists(TEXT, max_size=3).map(tuple),
    tags=st.frozensets(TEXT, max_size=3),
    tribe=st.booleans(),
    cadence_days=st.none() | st.integers(1, 3650),
)


@given(CONTACTS)
def test_a_contact_round_trips_through_json(contact: Contact) -> None:
    data = careernet.to_builtins(contact)
    assert json.loads(json.dumps(data)) == data
    assert careernet.from_builtins(data, Contact) == contact
    assert data["ring"] == contact.ring.value
    assert data["tags"] == sorted(contact.tags)


@given(MEETING_MOMENTS, st.integers(1, 10 * 24 * 3600))
def test_a_meeting_keeps_its_time_offset_and_duration(
    at: dt.datetime, seconds: int
) -> None:
    meeting = Meeting(
        id="m1",
        contact_id="c1",
        scheduled_at=at,
        created_at=at,
        purpose="Coffee",
        kind=MeetingKind.VIDEO,
        duration=dt.timedelta(seconds=seconds),
    )
    data = careernet.to_builtins(meeting)
    assert data["duration"] == seconds
    assert data["scheduled_at"] == at.isoformat()
    assert careernet.from_builtins(data, Meeting) == meeting


def test_lists_and_dicts_are_converted_item_by_item() -> None:
    data = careernet.to_builtins({"rings": [Ring.BUDDY, Ring.COLD], "n": 1})
    assert data == {"rings": ["buddy", "cold"], "n": 1}


@pytest.mark.parametrize("value", [object(), {1: "a"}, b"bytes"])
def test_what_it_does_not_know_is_refused(value: object) -> None:
    with pytest.raises(careernet.InvalidValueError, match="to_builtins"):
        careernet.to_builtins(value)


def test_a_wrong_shape_is_refused_with_the_reason() -> None:
    with pytest.raises(careernet.InvalidValueError, match="This is not a Contact"):
        careernet.from_builtins({"name": "Ann"}, Contact)
