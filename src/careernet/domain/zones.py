"""Time zones by IANA name, refused with a clear error when unknown.

The domain's one look-up of a zone: records that store a zone's name (the
seeker's :class:`~careernet.domain.model.Preferences`) check it with this
when they are built, so an unknown name never gets into a network, and the
facade and the calendar load zones through it too.
"""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidValueError

__all__ = ["zone"]

_EXAMPLE = "use an IANA name such as 'Europe/London', 'America/New_York' or 'UTC'"


def zone(name: object) -> ZoneInfo:
    """The time zone called ``name``.

    Raises:
        InvalidValueError: ``name`` is not a string, or names no zone (an
            empty name, a path, a directory such as ``"America"``, a file
            that is not a zone, a name with a null byte).
    """
    if not isinstance(name, str):
        raise InvalidValueError(
            f"A time zone is given by its name; got {name!r}. Please {_EXAMPLE}."
        )
    return _load(name)


@functools.lru_cache(maxsize=512)
def _load(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a normalised relative key, a null byte, not a TZif
        # file; OSError: a directory, a name too long for the file system.
        raise InvalidValueError(f"Unknown time zone {name!r}; {_EXAMPLE}.") from None
