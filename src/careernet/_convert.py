"""The one private cattrs converter: records to JSON-ready values and back.

Storage backends, the JSON export and anything else that crosses the edge
of the process use :func:`dump_record` / :func:`load_record` (and the
``seeker`` pair), never hand-written ``to_dict`` code. The conversion is
exact: ``load_record(kind, dump_record(r)[1])`` equals ``r``.

Datetimes become ISO 8601 strings with their UTC offset, durations whole
microseconds, sets sorted lists, enums their values.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.v import format_exception

from careernet.domain import (
    Change,
    Contact,
    Delivery,
    FeedToken,
    Goal,
    Interaction,
    LedgerEntry,
    MailCursor,
    Meeting,
    Preferences,
    Record,
    Seeker,
    Transition,
)
from careernet.errors import CorruptStoreError, InvalidValueError

__all__ = [
    "KINDS",
    "dump_record",
    "dump_seeker",
    "dumps",
    "encode_change",
    "kind_of",
    "load_record",
    "load_seeker",
    "loads",
]

KINDS: Final[Mapping[str, type[Record]]] = {
    "contact": Contact,
    "goal": Goal,
    "meeting": Meeting,
    "interaction": Interaction,
    "entry": LedgerEntry,
    "transition": Transition,
    "preferences": Preferences,
    "delivery": Delivery,
    "feed": FeedToken,
    "mail-cursor": MailCursor,
}
"""Record kinds by their stored name (the seeker is stored on its own)."""

_KIND_OF: Final[Mapping[type[Record], str]] = {cls: k for k, cls in KINDS.items()}


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _unstructure_keeping_id(cls, converter)
    )
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(
        dt.datetime, lambda value, _: dt.datetime.fromisoformat(value)
    )
    converter.register_structure_hook(int, _exactly)
    converter.register_structure_hook(bool, _exactly)
    converter.register_unstructure_hook(dt.time, dt.time.isoformat)
    converter.register_structure_hook(
        dt.time, lambda value, _: dt.time.fromisoformat(value)
    )
    converter.register_unstructure_hook(dt.timedelta, lambda d: d // _MICROSECOND)
    converter.register_structure_hook(
        dt.timedelta, lambda value, _: dt.timedelta(microseconds=value)
    )
    converter.register_unstructure_hook_func(_is_frozenset, sorted)
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
        lambda member: member.value,
    )
    return converter


def _unstructure_keeping_id(cls: Any, converter: cattrs.Converter) -> Any:
    """Values equal to their default are left out, but a record's ``id``
    always stays (storage, plugins and people reading an export look for it),
    and so does a default taken from another field, such as ``updated_at``
    from ``added_at``: an equal time in another UTC offset must come back in
    its own offset.

    Leaving defaults out makes the stored and exported JSON smaller and
    quicker to write and read; it also makes every default part of the
    format, so changing one needs a migration of stored data.
    """
    kept = override(omit_if_default=False)
    overrides: dict[str, Any] = {
        field.name: kept
        for field in attrs.fields(cls)
        if field.name == "id" or getattr(field.default, "takes_self", False)
    }
    return make_dict_unstructure_fn(
        cls, converter, _cattrs_omit_if_default=True, **overrides
    )


def _exactly(value: Any, cls: type[Any]) -> Any:
    """A whole number or a truth value exactly as stored: a float where an
    int belongs (an overflow of 64 bits reads back as one), a number where a
    bool belongs, means the data was written by something else."""
    if type(value) is not cls:
        raise ValueError(f"expected {cls.__name__}, got {value!r}")
    return value


def _is_frozenset(cls: Any) -> bool:
    return cls is frozenset or typing.get_origin(cls) is frozenset


_MICROSECOND = dt.timedelta(microseconds=1)
_converter = _make_converter()


def kind_of(record: Record) -> str:
    """The stored kind name of a record.

    Raises:
        InvalidValueError: ``record`` is not a careernet record.
    """
    try:
        return _KIND_OF[type(record)]
    except KeyError:
        raise InvalidValueError(
            f"Cannot store {type(record).__name__} objects; a change holds "
            "careernet records only."
        ) from None


@functools.cache
def _unstructure_hook(kind: str) -> Callable[[Record], dict[str, Any]]:
    """The converter's function for a kind, looked up once, not per record."""
    hook: Callable[[Record], dict[str, Any]] = _converter.get_unstructure_hook(
        KINDS[kind]
    )
    return hook


@functools.cache
def _structure_hook(kind: str) -> Callable[[Mapping[str, Any], Any], Record]:
    """The converter's function for a kind, looked up once, not per record."""
    hook: Callable[[Mapping[str, Any], Any], Record] = _converter.get_structure_hook(
        KINDS[kind]
    )
    return hook


def dump_record(record: Record) -> tuple[str, dict[str, Any]]:
    """A record as its kind and a JSON-ready dict."""
    kind = kind_of(record)
    return kind, _unstructure_hook(kind)(record)


def load_record(kind: str, data: Mapping[str, Any]) -> Record:
    """The record of ``kind`` that :func:`dump_record` turned into ``data``.

    Raises:
        CorruptStoreError: The kind is unknown or the data does not fit it.
    """
    try:
        cls = KINDS[kind]
    except KeyError:
        raise CorruptStoreError(
            f"Unknown record kind {kind!r}; the data was written by another "
            "program or a newer careernet."
        ) from None
    try:
        return _structure_hook(kind)(data, cls)
    except Exception as error:  # cattrs raises several kinds
        raise CorruptStoreError(
            f"A stored {kind} could not be read ({_explain(error)}); the store "
            "is damaged or was written by an incompatible version."
        ) from error


def encode_change(change: Change) -> tuple[str | None, list[tuple[str, str, str]]]:
    """A change as storage writes it: the seeker's JSON (if the change holds
    one) and a ``(kind, id, JSON)`` row per record.

    Everything is encoded before storage begins a transaction, so a record
    that cannot be stored fails with nothing written.
    """
    seeker: str | None = None
    rows: list[tuple[str, str, str]] = []
    for record in change.records:
        if isinstance(record, Seeker):
            seeker = dumps(dump_seeker(record))
        else:
            kind, data = dump_record(record)
            rows.append((kind, record.id, dumps(data)))
    return seeker, rows


def dump_seeker(seeker: Seeker) -> dict[str, Any]:
    """The seeker as a JSON-ready dict."""
    data: dict[str, Any] = _converter.unstructure(seeker)
    return data


def load_seeker(data: Mapping[str, Any]) -> Seeker:
    """The seeker :func:`dump_seeker` turned into ``data``."""
    try:
        return _converter.structure(data, Seeker)
    except Exception as error:
        raise CorruptStoreError(
            f"The stored seeker could not be read ({_explain(error)})."
        ) from error


def dumps(data: Any) -> str:
    """Compact, key-sorted JSON, the same for the same data.

    Non-ASCII text is written as it is, so the output is what
    ``json.dumps(data, ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` gives, several times faster.

    Raises:
        InvalidValueError: ``data`` holds text that is not valid Unicode (a
            lone surrogate) or a whole number too large for 64 bits.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError as error:
        raise InvalidValueError(
            f"Cannot store this record: {error}. Text must be valid Unicode "
            "and whole numbers must fit in 64 bits."
        ) from error


def loads(text: str | bytes) -> Any:
    """Parse JSON written by :func:`dumps`.

    Bytes may be UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32,
    as the standard library's :func:`json.loads` accepts them.
    """
    try:
        if isinstance(text, bytes) and not text.startswith((b"{", b"[")):
            text = text.decode(json.detect_encoding(text)).removeprefix("\ufeff")
        return orjson.loads(text)
    except (orjson.JSONDecodeError, UnicodeDecodeError) as error:
        raise CorruptStoreError(f"Stored JSON could not be parsed: {error}") from error


def _explain(error: BaseException) -> str:
    if isinstance(error, cattrs.BaseValidationError):
        messages = cattrs.transform_error(error, format_exception=_say)
        return "; ".join(messages)
    return str(error)


def _say(error: BaseException, type_: type | None) -> str:
    """A record's own refusal in its words (they say what was wrong), anything
    else as cattrs puts it."""
    if isinstance(error, InvalidValueError):
        return str(error)
    return format_exception(error, type_)
