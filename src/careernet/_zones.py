"""Time zones by IANA name, refused with a clear error when unknown."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from careernet.errors import InvalidValueError

__all__ = ["zone"]


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``.

    Raises:
        InvalidValueError: No such zone.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValueError(
            f"Unknown time zone {name!r}; use an IANA name such as 'Europe/London'."
        ) from None
