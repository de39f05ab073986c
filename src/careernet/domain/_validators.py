"""attrs validators and converters shared by the domain's records."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable
from typing import Any, Final

from .errors import InvalidValueError, NaiveDatetimeError
from .zones import zone

EARLIEST: Final = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
"""The earliest moment a record or a query may name."""

LATEST: Final = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
"""The moment every record and query must precede: far enough from the end of
:class:`datetime.datetime`'s range that adding horizons, cadences and
durations never overflows."""

MAX_CADENCE_DAYS: Final = 3650
"""The longest keep-in-touch interval a contact may have: ten years."""

MAX_WEEKLY_MINUTES: Final = 7 * 24 * 60
"""The largest weekly time budget: every minute of a week."""


def _check_moment(name: str, value: object) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidValueError(
            f"{name} must be a datetime, got {type(value).__name__} {value!r}."
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{name}={value.isoformat()} has no time zone. Pass an aware "
            "datetime, for example datetime.now(tz=datetime.UTC)."
        )
    try:
        inside = EARLIEST <= value < LATEST
    except OverflowError:
        inside = False
    if not inside:
        raise InvalidValueError(
            f"{name}={value.isoformat()} is out of range; careernet keeps moments "
            f"from the year {EARLIEST.year} to the year {LATEST.year - 1}."
        )


def aware(instance: Any, attribute: Any, value: dt.datetime) -> None:
    """Refuse anything but an aware datetime within :data:`EARLIEST` and
    :data:`LATEST`."""
    _check_moment(attribute.name, value)


def fixed_offset(value: dt.datetime) -> dt.datetime:
    """An aware datetime in a zone with rules (``ZoneInfo``) as the same
    instant at its offset then; anything else as it is.

    What careernet stores is a moment with its offset, so a record read
    back holds a fixed offset: converting on the way in makes a record in
    memory the record it will be when loaded. It also orders by instants:
    Python compares two datetimes of one zone by their wall clocks, so in
    the hour a daylight-saving change repeats, two moments an hour apart
    would compare equal, or the wrong way round.
    """
    if type(value) is dt.datetime:  # anything else is the validator's to refuse
        zone = value.tzinfo
        if zone is not None and type(zone) is not dt.timezone:
            offset = zone.utcoffset(value)
            if offset is not None:
                return value.astimezone(dt.timezone(offset))
    return value


def require_aware(name: str, value: dt.datetime) -> None:
    """Refuse a naive or out-of-range datetime passed to a query such as the
    planner."""
    _check_moment(name, value)


def optional_aware(instance: Any, attribute: Any, value: dt.datetime | None) -> None:
    """Like :func:`aware`, but ``None`` is allowed."""
    if value is not None:
        aware(instance, attribute, value)


def nonblank(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse an empty or whitespace-only string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must not be empty; "
            f"got {value!r}."
        )


def zone_name(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse a time zone name that names no zone (see :func:`.zones.zone`)."""
    try:
        zone(value)
    except InvalidValueError as error:
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name}: {error}"
        ) from None


def record_id(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse an id that is empty or holds whitespace or control characters."""
    # isprintable() is False for every whitespace character but the space.
    if (
        not isinstance(value, str)
        or not value.isprintable()
        or " " in value
        or not value
    ):
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty id "
            f"without spaces or control characters; got {value!r}."
        )


def optional_record_id(instance: Any, attribute: Any, value: str | None) -> None:
    """Like :func:`record_id`, but ``None`` is allowed."""
    if value is not None:
        record_id(instance, attribute, value)


def one_of(*allowed: object) -> Callable[[Any, Any, Any], None]:
    """A validator refusing anything but ``allowed``, with InvalidValueError."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value not in allowed:
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be one of "
                f"{', '.join(repr(a) for a in allowed)}; got {value!r}."
            )

    return check


def at_least(minimum: int) -> Callable[[Any, Any, Any], None]:
    """A validator refusing anything but whole numbers of at least ``minimum``
    (``True`` and ``2.0`` are not whole numbers here), with InvalidValueError."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not int or value < minimum:
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be a whole number "
                f"of at least {minimum}; got {value!r}."
            )

    return check


def optional_whole(minimum: int, maximum: int) -> Callable[[Any, Any, Any], None]:
    """A validator allowing ``None`` or a whole number from ``minimum`` to
    ``maximum``; ``True`` and ``14.0`` are refused, with InvalidValueError."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if type(value) is not int or not minimum <= value <= maximum:
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be a whole number "
                f"from {minimum} to {maximum}, or None; got {value!r}."
            )

    return check


def flag(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse anything but ``True`` or ``False`` (not ``1``, not ``"yes"``)."""
    if type(value) is not bool:
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be True or False; "
            f"got {value!r}."
        )


def text(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse anything but a string (``None`` is not an empty note)."""
    if not isinstance(value, str):
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be text; got "
            f"{type(value).__name__} {value!r}."
        )


def optional_string(instance: Any, attribute: Any, value: Any) -> None:
    """Like :func:`text`, but ``None`` is allowed."""
    if value is not None:
        text(instance, attribute, value)


def member_of(kind: type[enum.Enum]) -> Callable[[Any, Any, Any], None]:
    """A validator refusing anything but a member of the enum ``kind``,
    naming its members in the message."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            names = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be one of "
                f"{names}; got {value!r}."
            )

    return check


def instance_of(kind: type) -> Callable[[Any, Any, Any], None]:
    """A validator refusing values of another type, with InvalidValueError."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be a "
                f"{kind.__name__}; got {value!r}."
            )

    return check


def positive(instance: Any, attribute: Any, value: object) -> None:
    """Refuse zero and negative numbers and durations."""
    if value is not None and (
        type(value) is bool or not isinstance(value, int | float | dt.timedelta)
    ):
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be a number or a "
            f"duration; got {value!r}."
        )
    if isinstance(value, int | float | dt.timedelta) and value <= type(value)():  # type: ignore[operator]
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be positive; "
            f"got {value!r}."
        )


MAX_DURATION: Final = dt.timedelta(days=365)
"""The longest duration a record may hold."""


def positive_duration(instance: Any, attribute: Any, value: object) -> None:
    """Refuse anything but a duration longer than zero and at most a year."""
    if not isinstance(value, dt.timedelta) or not (
        dt.timedelta(0) < value <= MAX_DURATION
    ):
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be a duration "
            f"(datetime.timedelta) longer than zero and at most "
            f"{MAX_DURATION.days} days; got {value!r}."
        )


def strings(values: Iterable[str] | object) -> tuple[str, ...]:
    """Strip each string, drop empty ones and keep the first of duplicates."""
    if values.__class__ is tuple and len(values) < 2:
        # The usual cases, by far: nothing, or one e-mail, link or phone.
        if not values:
            return ()
        only = values[0]
        if only.__class__ is str:
            kept = only.strip()
            if not kept:
                return ()
            return values if kept == only else (kept,)
    if isinstance(values, tuple | list | frozenset | set) and not values:
        return ()  # the usual case, by far: nothing
    if isinstance(values, str):
        values = (values,)
    if isinstance(values, bytes):
        raise InvalidValueError(f"Expected text values; got {values!r}.")
    try:
        if not values:
            return ()
        return tuple(dict.fromkeys(filter(None, map(str.strip, values))))  # type: ignore[call-overload]
    except TypeError:
        raise InvalidValueError(f"Expected text values; got {values!r}.") from None


def string_set(values: Iterable[str]) -> frozenset[str]:
    """Like :func:`strings`, as a frozen set."""
    if values.__class__ is frozenset and not values:
        return values
    return frozenset(strings(values))


def _id_values(values: Iterable[str] | object) -> tuple[str, ...]:
    if isinstance(values, str | bytes):
        raise InvalidValueError(
            f"Expected a collection of ids, got the single value {values!r}; "
            "wrap it in a list."
        )
    try:
        found: tuple[object, ...] = tuple(values)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidValueError(
            f"Expected a collection of ids; got {values!r}."
        ) from None
    checked = tuple(value for value in found if isinstance(value, str) and value)
    if len(checked) != len(found):
        wrong = next(v for v in found if not (isinstance(v, str) and v))
        raise InvalidValueError(f"Ids must be non-empty text; got {wrong!r}.")
    return checked


def ids(values: Iterable[str]) -> frozenset[str]:
    """A frozen set of ids; a bare string or a non-text id is refused."""
    return frozenset(_id_values(values))


def id_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """A tuple of ids, in order; a bare string or a non-text id is refused."""
    return _id_values(values)


def optional_text(value: str | None) -> str | None:
    """Strip a string and turn an empty one into ``None``; refuse non-text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValueError(
            f"Expected text or None; got {type(value).__name__} {value!r}."
        )
    cleaned = value.strip()
    return cleaned or None


@functools.lru_cache(maxsize=65536)
def normalise(text: str | None) -> str:
    """Fold case and inner whitespace so ``" ACME  Corp"`` matches ``"acme corp"``."""
    return " ".join(text.split()).casefold() if text else ""
