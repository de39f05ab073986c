"""Moments typed on the command line at the edges of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from careernet import InvalidValueError
from careernet.cli._resolve import parse_when


@pytest.mark.parametrize("text", ["0001-01-01T00:00", " 0001-01-01 00:00 "])
def test_a_moment_at_the_calendars_edge_in_local_time_is_refused_clearly(
    text: str,
) -> None:
    with pytest.raises(InvalidValueError, match="time zone"):
        parse_when(text, None)


def test_the_same_moment_with_a_zone_or_an_offset_is_taken() -> None:
    assert parse_when("0001-01-01T00:00", dt.UTC).year == 1
    assert parse_when("0001-01-01T00:00+00:00", None).year == 1
