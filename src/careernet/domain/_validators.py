"""attrs validators and converters shared by the domain's records."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from .errors import InvalidValueError, NaiveDatetimeError
from .zones import zone


def aware(instance: Any, attribute: Any, value: dt.datetime) -> None:
    """Refuse a datetime without a time zone."""
    if not isinstance(value, dt.datetime):
        raise InvalidValueError(
            f"{attribute.name} must be a datetime, got {type(value).__name__}."
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{attribute.name}={value.isoformat()} has no time zone. Pass an aware "
            "datetime, for example datetime.now(tz=datetime.UTC)."
        )


def require_aware(name: str, value: dt.datetime) -> None:
    """Refuse a naive datetime passed to a query such as the planner."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{name}={value.isoformat()} has no time zone; pass an aware datetime, "
            "for example datetime.now(tz=datetime.UTC)."
        )


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
    """A validator refusing numbers below ``minimum``, with InvalidValueError."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, int) or value < minimum:
            raise InvalidValueError(
                f"{type(instance).__name__}.{attribute.name} must be a whole number "
                f"of at least {minimum}; got {value!r}."
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


def positive(instance: Any, attribute: Any, value: Any) -> None:
    """Refuse zero and negative numbers and durations."""
    if value is not None and value <= type(value)():
        raise InvalidValueError(
            f"{type(instance).__name__}.{attribute.name} must be positive; "
            f"got {value!r}."
        )


def strings(values: Iterable[str]) -> tuple[str, ...]:
    """Strip each string, drop empty ones and keep the first of duplicates."""
    if not values:
        return ()
    if isinstance(values, str):
        values = (values,)
    try:
        return tuple(dict.fromkeys(filter(None, map(str.strip, values))))
    except TypeError:
        raise InvalidValueError(f"Expected text values; got {values!r}.") from None


def string_set(values: Iterable[str]) -> frozenset[str]:
    """Like :func:`strings`, as a frozen set."""
    return frozenset(strings(values))


def ids(values: Iterable[str]) -> frozenset[str]:
    """A frozen set of ids."""
    return frozenset(values)


def id_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """A tuple of ids, in order."""
    return tuple(values)


def optional_text(value: str | None) -> str | None:
    """Strip a string and turn an empty one into ``None``."""
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


@functools.lru_cache(maxsize=65536)
def normalise(text: str | None) -> str:
    """Fold case and inner whitespace so ``" ACME  Corp"`` matches ``"acme corp"``."""
    return " ".join(text.split()).casefold() if text else ""
