"""Records check the time zones they store; one domain look-up does it."""

from __future__ import annotations

import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet import _convert
from careernet.domain import InvalidValueError, Preferences
from careernet.domain.zones import zone
from careernet.errors import CorruptStoreError

ODD_NAMES = [
    "",
    " ",
    "Mars/Olympus",
    "utc",
    " UTC",
    "UTC\x00",
    "../etc/passwd",
    "/etc/localtime",
    "Europe/",
    "Europe/London/",
    "America",
    "zone.tab",
    "a" * 300,
    "\ud800",
]


@pytest.mark.parametrize("name", ["UTC", "Europe/Berlin", "Asia/Kolkata", "Etc/GMT+5"])
def test_a_known_zone_loads(name: str) -> None:
    assert zone(name) == zoneinfo.ZoneInfo(name)
    assert zone(name) is zone(name)


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_an_unknown_or_odd_name_is_refused_with_a_hint(name: str) -> None:
    with pytest.raises(InvalidValueError, match="IANA name such as 'Europe/London'"):
        zone(name)


@pytest.mark.parametrize("name", [None, 5, b"UTC", ["UTC"]], ids=repr)
def test_a_name_that_is_no_string_is_refused(name: object) -> None:
    with pytest.raises(InvalidValueError, match="IANA name"):
        zone(name)


def test_preferences_refuse_an_unknown_zone() -> None:
    with pytest.raises(InvalidValueError, match=r"Preferences\.timezone.*Mars/Olympus"):
        Preferences(timezone="Mars/Olympus")


def test_evolving_preferences_checks_the_zone_too() -> None:
    preferences = Preferences(timezone="Europe/Berlin")
    with pytest.raises(InvalidValueError, match="Mars/Olympus"):
        attrs.evolve(preferences, timezone="Mars/Olympus")


@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_preferences_refuse_odd_names(name: str) -> None:
    with pytest.raises(InvalidValueError):
        Preferences(timezone=name)


@given(st.text())
def test_any_text_makes_preferences_whose_zone_loads_or_is_refused(name: str) -> None:
    try:
        preferences = Preferences(timezone=name)
    except InvalidValueError:
        return
    assert zoneinfo.ZoneInfo(preferences.timezone) == zone(name)


@given(st.sampled_from(sorted(zoneinfo.available_timezones())))
def test_every_available_zone_is_accepted(name: str) -> None:
    assert Preferences(timezone=name).timezone == name


def test_stored_preferences_load_through_the_check() -> None:
    preferences = Preferences(timezone="Asia/Kolkata")
    kind, data = _convert.dump_record(preferences)
    assert _convert.load_record(kind, data) == preferences
    damaged: dict[str, Any] = {**data, "timezone": "Mars/Olympus"}
    with pytest.raises(CorruptStoreError, match="Unknown time zone 'Mars/Olympus'"):
        _convert.load_record(kind, damaged)
