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
import math
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.v import format_exception

from careernet.domain import (
    RECORD_KINDS,
    Change,
    Contact,
    ImportedValue,
    Interaction,
    InteractionKind,
    Record,
    Ring,
    Seeker,
)
from careernet.domain import _validators as v
from careernet.domain._validators import EARLIEST, LATEST
from careernet.errors import CorruptStoreError, InvalidValueError

__all__ = [
    "KINDS",
    "dump_record",
    "dump_seeker",
    "dumps",
    "encode_change",
    "from_builtins",
    "kind_of",
    "load_record",
    "load_seeker",
    "loads",
    "to_builtins",
]

KINDS: Final[Mapping[str, type[Record]]] = RECORD_KINDS
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
    converter.register_structure_hook(str, _text)
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


def _text(value: Any, _: type[Any]) -> str:
    """Text as stored; a ``null`` (which earlier versions could store for a
    note) is empty text, not ``"None"``."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


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
    """The converter's function for a kind, looked up once, not per record
    (for contacts, the most numerous kind, :func:`_dump_contact`)."""
    if kind == "contact":
        return _dump_contact  # type: ignore[return-value]
    hook: Callable[[Record], dict[str, Any]] = _converter.get_unstructure_hook(
        KINDS[kind]
    )
    return hook


_last_moment: tuple[dt.datetime | None, str] = (None, "")
"""The moment :func:`_moment_text` wrote last, and its text."""


def _moment_text(moment: dt.datetime) -> str:
    """``moment.isoformat()``, written once for a run of records holding the
    very same moment (an import stamps thousands of contacts with one).

    Only a plain datetime in a fixed-offset zone (:class:`datetime.timezone`,
    UTC among them) is remembered: its text can never change, where another
    tzinfo could answer differently later.
    """
    global _last_moment  # noqa: PLW0603 - one pair, replaced whole
    last = _last_moment
    if moment is last[0]:
        return last[1]
    text = moment.isoformat()
    if type(moment) is dt.datetime and type(moment.tzinfo) is dt.timezone:
        _last_moment = (moment, text)
    return text


def _dump_contact(contact: Contact) -> dict[str, Any]:  # noqa: PLR0912 - a check per field
    """Exactly what the converter makes of a contact (the same keys in the
    same order, tests/test_convert.py checks it), written out by hand: the
    generated function calls a hook per optional field and per provenance
    record, which was most of the time an import of thousands of contacts
    spent turning them into JSON."""
    added = contact.added_at
    added_text = _moment_text(added)
    updated = contact.updated_at
    data: dict[str, Any] = {
        "id": contact.id,
        "name": contact.name,
        "added_at": added_text,
        "updated_at": added_text if updated is added else _moment_text(updated),
    }
    if contact.ring is not Ring.COLD:
        data["ring"] = contact.ring.value
    if contact.company is not None:
        data["company"] = contact.company
    if contact.role is not None:
        data["role"] = contact.role
    if contact.field is not None:
        data["field"] = contact.field
    if contact.emails:
        data["emails"] = list(contact.emails)
    if contact.tags:
        data["tags"] = sorted(contact.tags)
    if contact.notes != "":
        data["notes"] = contact.notes
    if contact.how_met is not None:
        data["how_met"] = contact.how_met
    if contact.phones:
        data["phones"] = list(contact.phones)
    if contact.links:
        data["links"] = list(contact.links)
    if contact.sources:
        data["sources"] = sorted(contact.sources)
    if contact.introduced_by is not None:
        data["introduced_by"] = contact.introduced_by
    if contact.knows:
        data["knows"] = sorted(contact.knows)
    if contact.past_companies:
        data["past_companies"] = list(contact.past_companies)
    if contact.reports_to is not None:
        data["reports_to"] = contact.reports_to
    if contact.tribe:
        data["tribe"] = True
    if contact.fan_club:
        data["fan_club"] = True
    if contact.cadence_days is not None:
        data["cadence_days"] = contact.cadence_days
    if contact.imported:
        data["imported"] = [
            {"field": i.field, "source": i.source, "value": i.value}
            for i in contact.imported
        ]
    if contact.archived_at is not None:
        data["archived_at"] = contact.archived_at.isoformat()
    return data


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
    trusted = _TRUSTED.get(kind)
    if trusted is not None:
        record = trusted(data)
        if record is not None:
            return record
    try:
        return _structure_hook(kind)(data, cls)
    except Exception as error:  # cattrs raises several kinds
        repaired = _repair(kind, data)
        if repaired is not None:
            try:
                return _structure_hook(kind)(repaired, cls)
            except Exception:  # the first error says more
                pass
        raise CorruptStoreError(
            f"A stored {kind} could not be read ({_explain(error)}); the store "
            "is damaged or was written by an incompatible version."
        ) from error


def load_rows(rows: Iterable[tuple[str, str | bytes]]) -> list[Record]:
    """The records of stored ``(kind, JSON text)`` rows, in their order.

    The same as :func:`load_record` of :func:`loads` of each row, in one
    loop for loading a whole network: the text is parsed directly, and
    interactions (most of the rows) go straight to their quick builder.
    A row that does not parse, or does not fit the quick path, takes the
    general path, which decodes, repairs or raises as before.

    Raises:
        CorruptStoreError: A row's JSON or data is damaged.
    """
    parse, quick, general = orjson.loads, _trusted_interaction, load_record
    records: list[Record] = []
    append = records.append
    contact_ids: dict[str, str] = {}
    for kind, text in rows:
        try:
            data = parse(text)
        except ValueError:  # other encodings, or damaged: loads tells which
            data = loads(text)
        record = quick(data, contact_ids) if kind == "interaction" else None
        append(general(kind, data) if record is None else record)
    return records


def _is_id(value: object) -> bool:
    """The check of :func:`careernet.domain._validators.record_id`, inline."""
    return (
        type(value) is str and value != "" and value.isprintable() and " " not in value
    )


def _moment(value: object) -> dt.datetime | None:
    """The stored text of an aware datetime within the allowed range, read;
    ``None`` for anything else."""
    if type(value) is not str:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    if _SAFE_YEARS[0] <= moment.year <= _SAFE_YEARS[1]:
        # Offsets are under a day: these years are inside the range.
        return moment
    try:
        inside = moment.utcoffset() is not None and EARLIEST <= moment < LATEST
    except (ValueError, OverflowError):
        return None
    return moment if inside else None


_SAFE_YEARS: Final = (EARLIEST.year + 1, LATEST.year - 2)
_LOW, _HIGH = _SAFE_YEARS


_INTERACTION_FIELDS: Final = frozenset(
    ("id", "contact_id", "kind", "at", "note", "via")
)
_INTERACTION_KINDS: Final[Mapping[str, InteractionKind]] = {
    member.value: member for member in InteractionKind
}
_set = object.__setattr__
_new = object.__new__
_fromisoformat = dt.datetime.fromisoformat
# The slots' own setters: quicker than object.__setattr__ by name.
_set_id, _set_contact_id, _set_kind, _set_at, _set_note, _set_via = (
    Interaction.__dict__[name].__set__
    for name in ("id", "contact_id", "kind", "at", "note", "via")
)


def _trusted_interaction(
    data: Mapping[str, Any], known: dict[str, str] | None = None
) -> Interaction | None:
    """An interaction as careernet wrote it, built without the generic
    converter and the record's validators.

    Loading reads hundreds of thousands of interactions; calling a
    converter and six validators for each is most of its cost. The same
    checks are made here inline, on the exact stored types: a text id
    without spaces or control characters, a kind careernet knows, an aware
    moment in range, text for the note. Anything else (a wrong type, an
    unknown key, a value an earlier version let through) gives ``None``, and
    :func:`load_record` takes the full path, which repairs it or raises
    :class:`~careernet.errors.CorruptStoreError` exactly as before. A
    property test checks that both paths agree.

    ``known``, when given, maps contact ids already checked to one shared
    string: a contact's interactions then hold one copy of the id (less
    memory when a network loads) and it is checked once.
    """
    if type(data) is not dict or not data.keys() <= _INTERACTION_FIELDS:
        return None
    record_id = data.get("id")
    contact_id = data.get("contact_id")
    if type(contact_id) is not str:
        return None
    shared = None if known is None else known.get(contact_id)
    if shared is not None:
        contact_id = shared
    elif not contact_id or " " in contact_id or not contact_id.isprintable():
        return None
    elif known is not None:
        known[contact_id] = contact_id
    kind_text = data.get("kind")
    kind = _INTERACTION_KINDS.get(kind_text) if type(kind_text) is str else None
    at_text = data.get("at")
    note = data.get("note", "")
    via = data.get("via")
    if (
        kind is None
        or type(at_text) is not str
        or type(note) is not str
        or type(record_id) is not str
        or not record_id
        or " " in record_id
        or not record_id.isprintable()
        or (via is not None and not _is_id(via))
    ):
        return None
    try:
        parsed = _fromisoformat(at_text)
    except ValueError:
        return None
    # Naive moments and the ends of the range (rare) are checked in full.
    inside = parsed.tzinfo is not None and _LOW <= parsed.year <= _HIGH
    at = parsed if inside else _moment(at_text)
    if at is None:
        return None
    record = _new(Interaction)
    _set_id(record, record_id)
    _set_contact_id(record, contact_id)
    _set_kind(record, kind)
    _set_at(record, at)
    _set_note(record, note)
    _set_via(record, via)
    return record


_CONTACT_DEFAULTS: Final = {
    field.name: field.default
    for field in attrs.fields(Contact)
    if field.default is not attrs.NOTHING
    and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
}
_CONTACT_FIELDS: Final = frozenset(field.name for field in attrs.fields(Contact))
_RINGS: Final = {member.value: member for member in Ring}
_OPTIONAL_TEXTS: Final = ("company", "role", "field", "how_met")
_TEXT_LISTS: Final = ("emails", "phones", "links", "past_companies")
_TEXT_SETS: Final = ("tags", "sources")


_CONTACT_SETTERS: Final = {
    name: Contact.__dict__[name].__set__ for name in _CONTACT_FIELDS
}
"""Each of a contact's slots' own setter: quicker than ``object.__setattr__``
by name."""
_OPTIONAL_TEXT_SLOTS: Final = tuple((k, _CONTACT_SETTERS[k]) for k in _OPTIONAL_TEXTS)
_TEXT_LIST_SLOTS: Final = tuple((k, _CONTACT_SETTERS[k]) for k in _TEXT_LISTS)
_TEXT_SET_SLOTS: Final = tuple((k, _CONTACT_SETTERS[k]) for k in _TEXT_SETS)
_REFERENCE_SLOTS: Final = tuple(
    (k, _CONTACT_SETTERS[k]) for k in ("introduced_by", "reports_to")
)
_FLAG_SLOTS: Final = tuple((k, _CONTACT_SETTERS[k]) for k in ("tribe", "fan_club"))


def _trusted_contact(data: Mapping[str, Any]) -> Contact | None:  # noqa: PLR0912, PLR0915 - a check per field
    """A contact as careernet wrote it, built without the generic converter.

    As :func:`_trusted_interaction`: the record's own converters run on the
    stored values (they are quick, and give exactly what ``__init__`` would),
    its validators are made inline on the exact stored types, and anything
    else gives ``None`` for the full path to repair or refuse. Each slot is
    set once, through its own setter.
    """
    if type(data) is not dict or not data.keys() <= _CONTACT_FIELDS:
        return None
    get = data.get
    record_id, name = get("id"), get("name")
    if not _is_id(record_id) or type(name) is not str or not name.strip():
        return None
    ring_text = get("ring", "cold")
    ring = _RINGS.get(ring_text) if type(ring_text) is str else None
    added_text = get("added_at")
    added_at = _moment(added_text)
    updated_text = get("updated_at", added_text)
    # Written at the same moment as a rule: the same text reads the same.
    same = updated_text is added_text or (
        type(updated_text) is str and updated_text == added_text
    )
    updated_at = added_at if same else _moment(updated_text)
    notes = get("notes", "")
    if ring is None or added_at is None or updated_at is None or type(notes) is not str:
        return None
    record = _new(Contact)
    setters = _CONTACT_SETTERS
    setters["id"](record, record_id)
    setters["name"](record, name)
    setters["ring"](record, ring)
    setters["added_at"](record, added_at)
    setters["updated_at"](record, updated_at)
    setters["notes"](record, notes)
    try:
        for key, setter in _OPTIONAL_TEXT_SLOTS:
            text = get(key)
            if text is not None:
                if type(text) is not str:
                    return None
                text = v.optional_text(text)
            setter(record, text)
        for key, setter in _TEXT_LIST_SLOTS:
            listed = get(key)
            if listed is None:
                if key in data:
                    return None
                setter(record, ())
                continue
            if type(listed) is not list or not all(type(t) is str for t in listed):
                return None
            setter(record, v.strings(listed) if listed else ())
        for key, setter in _TEXT_SET_SLOTS:
            listed = get(key)
            if listed is None:
                if key in data:
                    return None
                setter(record, _NO_STRINGS)
                continue
            if type(listed) is not list or not all(type(t) is str for t in listed):
                return None
            setter(record, v.string_set(listed) if listed else _NO_STRINGS)
        knows = get("knows")
        if knows is None:
            if "knows" in data:
                return None
            knows = _NO_STRINGS
        else:
            if type(knows) is not list or not all(type(t) is str for t in knows):
                return None
            knows = v.ids(knows) if knows else _NO_STRINGS
    except InvalidValueError:
        return None
    if record_id in knows:
        return None
    setters["knows"](record, knows)
    for key, setter in _REFERENCE_SLOTS:
        other = get(key)
        if other is not None and (not _is_id(other) or other == record_id):
            return None
        setter(record, other)
    for key, setter in _FLAG_SLOTS:
        flag = get(key, False)
        if type(flag) is not bool:
            return None
        setter(record, flag)
    archived = get("archived_at")
    if archived is not None:
        archived = _moment(archived)
        if archived is None:
            return None
    setters["archived_at"](record, archived)
    cadence = get("cadence_days")
    if cadence is not None and (
        type(cadence) is not int or not 1 <= cadence <= v.MAX_CADENCE_DAYS
    ):
        return None
    setters["cadence_days"](record, cadence)
    if "imported" in data:
        made = _trusted_imported(data["imported"])
        if made is None:
            return None
        setters["imported"](record, made)
    else:
        setters["imported"](record, ())
    return record


_NO_STRINGS: Final[frozenset[str]] = frozenset()


def _trusted_imported(stored: object) -> tuple[ImportedValue, ...] | None:
    """A contact's provenance records as careernet wrote them, or ``None``."""
    if type(stored) is not list:
        return None
    made = []
    for item in stored:
        if type(item) is not dict or item.keys() != _IMPORTED_FIELDS:
            return None
        field, source, value = item["field"], item["source"], item["value"]
        if not (_is_id(field) and _is_id(source)):
            return None
        if type(value) is not str or not value.strip():
            return None
        record = object.__new__(ImportedValue)
        _set(record, "field", field)
        _set(record, "source", source)
        _set(record, "value", value)
        made.append(record)
    return tuple(made)


_IMPORTED_FIELDS: Final = frozenset(("field", "source", "value"))


_TRUSTED: Final[Mapping[str, Callable[[Mapping[str, Any]], Record | None]]] = {
    "interaction": _trusted_interaction,
    "contact": _trusted_contact,
}
"""Quick builders of the most numerous kinds, for records as careernet
wrote them (see :func:`_trusted_interaction`)."""


_LIMITS: Final[Mapping[tuple[str, str], tuple[int, int]]] = {
    ("contact", "cadence_days"): (1, 3650),
    ("goal", "weekly_minutes"): (1, 7 * 24 * 60),
}
_FLAGS: Final[Mapping[str, tuple[str, ...]]] = {
    "contact": ("tribe", "fan_club"),
    "channel": ("private",),
    "transition": ("override",),
}
_TEXTS: Final[Mapping[str, tuple[str, ...]]] = {
    "contact": ("notes",),
    "meeting": ("notes", "outcome_sought"),
    "interaction": ("note",),
    "goal": ("description",),
}


def _repair(kind: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The values earlier careernet versions let through, made readable.

    Before records checked their types, a careless caller could store
    ``cadence_days=14.0``, ``tribe="yes"``, ``note=None`` or a cadence of
    ten million days, and the network then no longer loaded. Such values are
    read as the nearest value the record accepts (``14``, ``True``, ``""``,
    the range's end), so the network loads and can be exported; anything
    else still fails. ``None`` when there is nothing to repair.
    """
    given: object = data
    if not isinstance(given, Mapping):
        return None
    fixed = dict(given)
    changed = False
    for (owner, name), (low, high) in _LIMITS.items():
        value = fixed.get(name)
        if owner != kind or value is None:
            continue
        if type(value) is int and low <= value <= high:
            continue
        changed = True
        unusable = not isinstance(value, int | float) or isinstance(value, bool)
        if unusable or math.isnan(value):
            fixed.pop(name)
        else:
            fixed[name] = int(min(max(value, low), high))
    for name in _FLAGS.get(kind, ()):
        if name in fixed and type(fixed[name]) is not bool:
            changed = True
            fixed[name] = bool(fixed[name]) and fixed[name] not in ("false", "no", "0")
    for name in _TEXTS.get(kind, ()):
        if name in fixed and not isinstance(fixed[name], str):
            changed = True
            fixed[name] = "" if fixed[name] is None else str(fixed[name])
    return fixed if changed else None


def encode_change(change: Change) -> tuple[str | None, list[tuple[str, str, str]]]:
    """A change as storage writes it: the seeker's JSON (if the change holds
    one) and a ``(kind, id, JSON)`` row per record.

    Everything is encoded before storage begins a transaction, so a record
    that cannot be stored fails with nothing written.
    """
    seeker: str | None = None
    rows: list[tuple[str, str, str]] = []
    add = rows.append
    encode, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
    try:
        for record in change.records:
            # A contact (most records of an import) is dumped and encoded in
            # place: what dump_record and dumps would do, without the calls.
            if type(record) is Contact:
                data = _dump_contact(record)
                add(("contact", record.id, encode(data, option=sort_keys).decode()))
            elif isinstance(record, Seeker):
                seeker = dumps(dump_seeker(record))
            else:
                kind, data = dump_record(record)
                add((kind, record.id, dumps(data)))
    except orjson.JSONEncodeError as error:
        raise _unstorable(error) from error
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
        raise _unstorable(error) from error


def _unstorable(error: orjson.JSONEncodeError) -> InvalidValueError:
    return InvalidValueError(
        f"Cannot store this record: {error}. Text must be valid Unicode "
        "and whole numbers must fit in 64 bits."
    )


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


# -- the public shape: to_builtins and from_builtins ----------------------------------


def _seconds(duration: dt.timedelta) -> int | float:
    seconds = duration.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _make_public_converter() -> cattrs.Converter:
    """The converter behind :func:`to_builtins`: every field, always present."""
    from careernet.domain import Action, Balance, FunnelMetrics, Ring  # noqa: PLC0415
    from careernet.domain.actions import DeferredActions  # noqa: PLC0415

    converter = cattrs.Converter(
        forbid_extra_keys=False,
        # Tuples of any shape (``(kind, id)`` pairs too) are JSON arrays.
        unstruct_collection_overrides={tuple: list},
    )
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(
        dt.datetime, lambda value, _: dt.datetime.fromisoformat(value)
    )
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(
        dt.date, lambda value, _: dt.date.fromisoformat(value)
    )
    converter.register_unstructure_hook(dt.time, dt.time.isoformat)
    converter.register_structure_hook(
        dt.time, lambda value, _: dt.time.fromisoformat(value)
    )
    converter.register_unstructure_hook(dt.timedelta, _seconds)
    converter.register_structure_hook(
        dt.timedelta, lambda value, _: dt.timedelta(seconds=value)
    )
    converter.register_unstructure_hook_func(_is_frozenset, sorted)
    # A plan's deferred steps, built on first access, are a list of actions.
    converter.register_unstructure_hook(
        DeferredActions, lambda steps: converter.unstructure(steps.actions)
    )
    converter.register_structure_hook(
        tuple[Action, ...] | DeferredActions,
        lambda value, _: converter.structure(value, tuple[Action, ...]),
    )
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
        lambda member: member.value,
    )

    plain_balance = make_dict_unstructure_fn(Balance, converter)
    converter.register_unstructure_hook(
        Balance, lambda b: {**plain_balance(b), "net": b.net}
    )

    plain_funnel = make_dict_unstructure_fn(FunnelMetrics, converter)

    def dump_funnel(metrics: FunnelMetrics) -> dict[str, Any]:
        data = plain_funnel(metrics)
        data["sizes"] = {ring.value: metrics.sizes.get(ring, 0) for ring in Ring}
        data["time_in_ring"] = {
            ring.value: _seconds(stay) for ring, stay in metrics.time_in_ring.items()
        }
        data["conversions"] = [
            {"from": start.value, "to": end.value, "count": count}
            for (start, end), count in sorted(metrics.conversions.items())
        ]
        return data

    def load_funnel(data: Mapping[str, Any], _: Any) -> FunnelMetrics:
        return FunnelMetrics(
            since=dt.datetime.fromisoformat(data["since"]),
            until=dt.datetime.fromisoformat(data["until"]),
            sizes={Ring(k): int(v) for k, v in data["sizes"].items()},
            conversions={
                (Ring(c["from"]), Ring(c["to"])): int(c["count"])
                for c in data["conversions"]
            },
            drifts=int(data["drifts"]),
            exposure=int(data["exposure"]),
            time_in_ring={
                Ring(k): dt.timedelta(seconds=v)
                for k, v in data["time_in_ring"].items()
            },
        )

    converter.register_unstructure_hook(FunnelMetrics, dump_funnel)
    converter.register_structure_hook(FunnelMetrics, load_funnel)
    return converter


@functools.cache
def _public() -> cattrs.Converter:
    return _make_public_converter()


_BUILTINS: Final = (str, int, float, bool, type(None))


def _check_builtins(value: Any, obj: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidValueError(
                    f"to_builtins() cannot convert {type(obj).__name__} objects "
                    f"(a mapping key {key!r} is not text)."
                )
            _check_builtins(item, obj)
    elif isinstance(value, list):
        for item in value:
            _check_builtins(item, obj)
    elif not isinstance(value, _BUILTINS):
        raise InvalidValueError(
            f"to_builtins() cannot convert {type(value).__name__} objects; it "
            "takes careernet's records and results (contacts, meetings, plans, "
            "balances, funnel metrics, reports) and lists or dicts of them."
        )


def to_builtins(obj: Any) -> Any:
    """``obj`` as plain dicts, lists, text, numbers, booleans and ``None``.

    The shape is stable and documented in the JSON page of the docs: every
    field of a record or result appears under its own name, always (a value
    left unset is ``null``, an empty collection ``[]``); datetimes are ISO
    8601 text with their UTC offset, times of day ``"HH:MM:SS"``, durations
    seconds, enums their values, sets sorted lists. A :class:`Balance` adds
    ``net``; :class:`FunnelMetrics` keys its sizes and times by ring and lists
    its conversions as ``{"from", "to", "count"}``. Lists, tuples and dicts
    of such objects are converted item by item.

    It is what ``careernet ... --json`` prints, so an application that
    serves careernet's objects as JSON can use the same shapes::

        orjson.dumps(careernet.to_builtins(network.plan()))

    Raises:
        InvalidValueError: ``obj`` holds something careernet does not convert.
    """
    value = _public().unstructure(obj)
    _check_builtins(value, obj)
    return value


def from_builtins(data: Any, cls: type[Any]) -> Any:
    """The ``cls`` object that :func:`to_builtins` turned into ``data``.

    ``from_builtins(to_builtins(x), type(x)) == x`` for careernet's records
    and results.

    Raises:
        InvalidValueError: ``data`` does not have the shape of ``cls``.
    """
    try:
        return _public().structure(data, cls)
    except Exception as error:  # cattrs raises several kinds
        raise InvalidValueError(
            f"This is not a {cls.__name__} ({_explain(error)})."
        ) from error
