"""A record's moment is kept at its fixed offset, as it is stored.

Interactions, ledger entries, ring moves and deliveries given a moment in a
zone with rules (``ZoneInfo``) keep the same instant at the offset it had
then: in memory the record is the record it will be when loaded, and two
moments of one contact compare as instants even in the hour a
daylight-saving change repeats (Python compares two datetimes of one zone
by their wall clocks).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet import _convert
from careernet.domain import (
    Interaction,
    InteractionKind,
    InvalidValueError,
    LedgerEntry,
    LedgerKind,
    Ring,
    Transition,
)

ZONES = st.sampled_from(
    ["Europe/Berlin", "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata"]
).map(zoneinfo.ZoneInfo)
MOMENTS = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
)


def made(at: dt.datetime) -> list[Interaction | LedgerEntry | Transition]:
    return [
        Interaction(id="i1", contact_id="c1", kind=InteractionKind.REPLY, at=at),
        LedgerEntry(
            id="l1", contact_id="c1", kind=LedgerKind.GIVE, at=at, what="A tip"
        ),
        Transition(
            id="t1", contact_id="c1", from_ring=Ring.COLD, to_ring=Ring.LUKEWARM, at=at
        ),
    ]


@given(MOMENTS, ZONES, st.sampled_from([0, 1]))
def test_property_a_zoned_moment_is_kept_at_its_offset_and_loads_the_same(
    wall: dt.datetime, zone: zoneinfo.ZoneInfo, fold: int
) -> None:
    at = wall.replace(tzinfo=zone, fold=fold)
    for record in made(at):
        assert type(record.at.tzinfo) is dt.timezone
        assert record.at.utcoffset() == at.utcoffset()
        assert record.at.replace(tzinfo=None) == at.replace(tzinfo=None)
        assert record.at.timestamp() == at.timestamp()
        kind, data = _convert.dump_record(record)
        loaded = _convert.load_record(kind, _convert.loads(_convert.dumps(data)))
        assert loaded == record
        assert loaded.at.isoformat() == record.at.isoformat()


def test_a_fixed_offset_or_utc_moment_is_kept_as_given() -> None:
    for at in (
        dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    ):
        assert all(record.at is at for record in made(at))


def test_the_repeated_hour_orders_by_instants() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    first = Interaction(
        id="a",
        contact_id="c1",
        kind=InteractionKind.OUTREACH,
        at=dt.datetime(2025, 10, 26, 2, 30, tzinfo=berlin),
    )
    second = Interaction(
        id="b",
        contact_id="c1",
        kind=InteractionKind.REPLY,
        at=dt.datetime(2025, 10, 26, 2, 0, fold=1, tzinfo=berlin),
    )
    assert first.at < second.at  # 00:30 UTC before 01:00 UTC


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00+00:00", 5, None])
def test_a_value_that_is_no_moment_is_still_refused(value: object) -> None:
    with pytest.raises(InvalidValueError):
        Interaction(
            id="i",
            contact_id="c",
            kind=InteractionKind.REPLY,
            at=value,  # type: ignore[arg-type]
        )
