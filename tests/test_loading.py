"""Loading trusts what careernet wrote, and gets the same network.

Two quick paths stand in for slower general ones when a network is loaded:
interactions as careernet stored them are built without the converter and
their validators, and :meth:`NetworkState.from_records` puts each contact's
threads in time order once instead of record by record. Each is compared
here with the general path it replaces, on generated data, hostile values
included; the corruption tests elsewhere check what damaged data does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careernet import _convert
from careernet.domain import (
    Change,
    Contact,
    ImportedValue,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingStatus,
    NetworkState,
    Record,
    Ring,
    Seeker,
    Transition,
)
from careernet.errors import CorruptStoreError

AT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
ZONES = (
    dt.UTC,
    dt.timezone(dt.timedelta(hours=14)),
    dt.timezone(-dt.timedelta(hours=23, minutes=59)),
)
IDS = st.sampled_from(["a", "b", "c0", "ID-9", "é", "x y", "", "a\u2028", "\t"])
MOMENTS = st.datetimes(
    min_value=dt.datetime(1, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(9999, 12, 30),  # noqa: DTZ001 - hypothesis bounds are naive
    timezones=st.none() | st.sampled_from(ZONES),
)
STORED_MOMENTS = (
    MOMENTS.map(dt.datetime.isoformat)
    | st.sampled_from(
        [
            "1000-01-01T00:00:00+00:00",
            "1000-01-01T00:30:00+01:00",
            "0999-12-31T23:59:59-01:00",
            "8999-12-31T23:59:59+00:00",
            "8999-12-31T23:30:00-01:00",
            "9000-01-01T00:00:00+00:00",
            "2026-11-24",
            "2026-13-01T00:00:00+00:00",
            "",
        ]
    )
    | st.integers()
    | st.none()
)
ANY_VALUE = st.none() | st.booleans() | st.integers() | st.text(max_size=5)


def full_path(data: Any) -> Interaction | str:
    """What the general converter makes of ``data``: a record, or the error."""
    try:
        record = _convert._structure_hook("interaction")(data, Interaction)
    except Exception as error:  # cattrs raises several kinds
        return type(error).__name__
    assert isinstance(record, Interaction)
    return record


def same(one: Interaction, other: Interaction) -> None:
    assert one == other
    assert type(one) is type(other) is Interaction
    for name in ("id", "contact_id", "note", "via"):
        assert type(getattr(one, name)) is type(getattr(other, name))
    assert one.at.utcoffset() == other.at.utcoffset()
    assert one.kind is other.kind


@st.composite
def stored_interactions(draw: st.DrawFn) -> dict[str, Any]:
    """Interaction JSON as careernet writes it, and damaged in many ways."""
    data: dict[str, Any] = {
        "id": draw(IDS),
        "contact_id": draw(IDS),
        "kind": draw(st.sampled_from([k.value for k in InteractionKind])),
        "at": draw(STORED_MOMENTS),
    }
    if draw(st.booleans()):
        data["note"] = draw(st.text(max_size=5) | st.none() | st.integers())
    if draw(st.booleans()):
        data["via"] = draw(IDS | st.none())
    for _ in range(draw(st.integers(0, 2))):
        name = draw(
            st.sampled_from(["id", "contact_id", "kind", "at", "note", "via", "x"])
        )
        if draw(st.booleans()):
            data.pop(name, None)
        else:
            data[name] = draw(ANY_VALUE | st.lists(ANY_VALUE, max_size=2))
    return data


class TestTrustedInteractions:
    @settings(max_examples=400)
    @given(stored_interactions())
    def test_the_quick_path_agrees_with_the_converter_or_steps_aside(
        self, data: dict[str, Any]
    ) -> None:
        quick = _convert._trusted_interaction(data)
        if quick is not None:
            expected = full_path(data)
            assert isinstance(expected, Interaction), expected
            same(quick, expected)

    @given(
        st.builds(
            Interaction,
            id=st.sampled_from(["i1", "ü-2", "x" * 300]),
            contact_id=st.sampled_from(["c1", "c-\u00e9"]),
            kind=st.sampled_from(InteractionKind),
            at=st.datetimes(
                min_value=dt.datetime(1000, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive
                max_value=dt.datetime(8999, 12, 30),  # noqa: DTZ001 - hypothesis bounds are naive
                timezones=st.sampled_from(ZONES),
            ),
            note=st.text(max_size=20),
            via=st.none() | st.just("c2"),
        )
    )
    def test_every_interaction_careernet_writes_takes_the_quick_path(
        self, record: Interaction
    ) -> None:
        kind, data = _convert.dump_record(record)
        stored = _convert.loads(_convert.dumps(data))
        quick = _convert._trusted_interaction(stored)
        assert quick is not None
        same(quick, record)
        assert _convert.load_record(kind, stored) == record

    @pytest.mark.parametrize(
        "data",
        [
            {"id": "i", "contact_id": "c", "kind": "gossip", "at": AT.isoformat()},
            {"id": "i", "contact_id": "c", "kind": "message", "at": "2026-11-24"},
            {"id": "i", "contact_id": "c", "kind": "message", "at": 5},
            {"id": "", "contact_id": "c", "kind": "message", "at": AT.isoformat()},
            {"id": "i", "contact_id": "c", "kind": ["message"], "at": AT.isoformat()},
            {
                "id": "i",
                "contact_id": "c",
                "kind": "message",
                "at": "9000-01-01T00:00:00+00:00",
            },
        ],
    )
    def test_damaged_interactions_still_fail_as_a_corrupt_store(
        self, data: dict[str, Any]
    ) -> None:
        assert _convert._trusted_interaction(data) is None
        with pytest.raises(CorruptStoreError):
            _convert.load_record("interaction", data)

    def test_what_earlier_versions_let_through_still_takes_the_repairing_path(
        self,
    ) -> None:
        data = {"id": "i", "contact_id": "c", "kind": "message", "at": AT.isoformat()}
        assert _convert._trusted_interaction({**data, "note": None}) is None
        record = _convert.load_record("interaction", {**data, "note": None})
        assert isinstance(record, Interaction)
        assert record.note == ""


CONTACTS = ("c0", "c1", "c2")


@st.composite
def thread_records(draw: st.DrawFn) -> list[Record]:
    """Contacts and their records, out of time order, some written twice."""
    records: list[Record] = [
        Contact(id=c, name=c, added_at=AT, ring=Ring.LUKEWARM) for c in CONTACTS
    ]
    moments = (
        st.integers(-5, 5)
        .map(lambda h: AT + dt.timedelta(hours=h))
        .flatmap(lambda at: st.sampled_from(ZONES).map(at.astimezone))
    )
    for _ in range(draw(st.integers(0, 25))):
        contact = draw(st.sampled_from(CONTACTS))
        n = draw(st.integers(0, 6))  # few ids, so some records are replaced
        at = draw(moments)
        match draw(st.sampled_from(["interaction", "entry", "meeting", "move"])):
            case "interaction":
                records.append(
                    Interaction(
                        id=f"i{n}-{contact}",
                        contact_id=contact,
                        kind=draw(st.sampled_from(InteractionKind)),
                        at=at,
                    )
                )
            case "entry":
                records.append(
                    LedgerEntry(
                        id=f"l{n}-{contact}",
                        contact_id=contact,
                        kind=draw(st.sampled_from(LedgerKind)),
                        at=at,
                        what="help",
                    )
                )
            case "meeting":
                records.append(
                    Meeting(
                        id=f"m{n}-{contact}",
                        contact_id=contact,
                        scheduled_at=at,
                        created_at=AT,
                        updated_at=draw(moments),
                        purpose="coffee",
                        status=draw(st.sampled_from(MeetingStatus)),
                    )
                )
            case _:
                records.append(
                    Transition(
                        id=f"t{n}-{contact}",
                        contact_id=contact,
                        from_ring=Ring.LUKEWARM,
                        to_ring=Ring.STRATEGIC,
                        at=at,
                    )
                )
    return records


@settings(max_examples=300)
@given(thread_records())
def test_loading_builds_the_network_applying_one_by_one_builds(
    records: list[Record],
) -> None:
    seeker = Seeker(name="Robin")
    loaded = NetworkState.from_records(seeker, records)
    applied = NetworkState(seeker)
    applied.apply(Change(summary="one by one", records=records))
    assert list(loaded.records()) == list(applied.records())
    assert loaded.last_changed == applied.last_changed
    for contact in CONTACTS:
        assert loaded.interactions_with(contact) == applied.interactions_with(contact)
        assert loaded.entries_with(contact) == applied.entries_with(contact)
        assert loaded.meetings_with(contact) == applied.meetings_with(contact)
        assert loaded.history(contact) == applied.history(contact)
        assert loaded.last_touch(contact) == applied.last_touch(contact)


TEXTS = st.sampled_from(["", " ", "Acme", " Acme ", "a\u2028b", "x" * 50])
TEXT_LISTS = st.lists(TEXTS, max_size=3)


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    """Contacts with every kind of field filled or left empty."""
    return Contact(
        id=draw(st.sampled_from(["c1", "é-2"])),
        name=draw(st.sampled_from(["Ann", " Ben ", "Zoë"])),
        ring=draw(st.sampled_from(Ring)),
        added_at=AT.astimezone(draw(st.sampled_from(ZONES))),
        updated_at=draw(st.none() | st.just(AT + dt.timedelta(days=1))) or AT,
        company=draw(st.none() | TEXTS),
        role=draw(st.none() | TEXTS),
        how_met=draw(st.none() | TEXTS),
        emails=draw(TEXT_LISTS),
        phones=draw(TEXT_LISTS),
        links=draw(TEXT_LISTS),
        past_companies=draw(TEXT_LISTS),
        tags=draw(TEXT_LISTS),
        sources=draw(TEXT_LISTS),
        notes=draw(TEXTS),
        knows=draw(st.frozensets(st.sampled_from(["c7", "c8"]))),
        introduced_by=draw(st.none() | st.just("c7")),
        reports_to=draw(st.none() | st.just("c8")),
        tribe=draw(st.booleans()),
        fan_club=draw(st.booleans()),
        cadence_days=draw(st.none() | st.integers(1, 3650)),
        imported=draw(
            st.lists(
                st.builds(
                    ImportedValue,
                    field=st.sampled_from(["company", "role"]),
                    source=st.sampled_from(["linkedin", "vcard"]),
                    value=st.sampled_from(["Acme", "Chief ü"]),
                ),
                max_size=2,
            )
        ),
    )


def full_contact(data: Any) -> Contact | str:
    try:
        record = _convert._structure_hook("contact")(data, Contact)
    except Exception as error:  # cattrs raises several kinds
        return type(error).__name__
    assert isinstance(record, Contact)
    return record


CONTACT_FIELDS = [f.name for f in attrs.fields(Contact)]
NULL = object()
"""Damage that writes a JSON null (``None`` in the damage removes the key)."""


class TestTrustedContacts:
    @given(contacts())
    def test_every_contact_careernet_writes_takes_the_quick_path(
        self, contact: Contact
    ) -> None:
        kind, data = _convert.dump_record(contact)
        stored = _convert.loads(_convert.dumps(data))
        quick = _convert._trusted_contact(stored)
        assert quick is not None
        assert quick == contact
        assert quick.added_at.utcoffset() == contact.added_at.utcoffset()
        for name in CONTACT_FIELDS:
            assert type(getattr(quick, name)) is type(getattr(contact, name))
        assert _convert.load_record(kind, stored) == contact

    @settings(max_examples=400)
    @given(
        contacts(),
        st.lists(
            st.tuples(
                st.sampled_from([*CONTACT_FIELDS, "x"]),
                st.none()
                | st.just(NULL)
                | ANY_VALUE
                | st.lists(ANY_VALUE, max_size=2)
                | STORED_MOMENTS,
            ),
            max_size=3,
        ),
    )
    def test_the_quick_path_agrees_with_the_converter_or_steps_aside(
        self, contact: Contact, damage: list[tuple[str, Any]]
    ) -> None:
        data = _convert.loads(_convert.dumps(_convert.dump_record(contact)[1]))
        for name, value in damage:
            if value is None and name in data:
                del data[name]
            elif value is NULL:
                data[name] = None  # a JSON null where a value was written
            else:
                data[name] = value
        quick = _convert._trusted_contact(data)
        if quick is not None:
            expected = full_contact(data)
            assert isinstance(expected, Contact), expected
            assert quick == expected
            for name in CONTACT_FIELDS:
                assert type(getattr(quick, name)) is type(getattr(expected, name))

    def test_a_contact_knowing_themselves_still_fails_as_a_corrupt_store(
        self,
    ) -> None:
        data = {"id": "c1", "name": "Ann", "added_at": AT.isoformat(), "knows": ["c1"]}
        assert _convert._trusted_contact(data) is None
        with pytest.raises(CorruptStoreError):
            _convert.load_record("contact", data)


@settings(max_examples=100)
@given(thread_records(), st.integers(0, 2), st.booleans())
def test_loading_sets_an_archived_contact_apart_wherever_it_comes(
    records: list[Record], which: int, last: bool
) -> None:
    """An archived contact read late in the rows still sets their history apart,
    and the planner's index matches the one applying builds."""
    seeker = Seeker(name="Robin")
    contact = records[which]
    assert isinstance(contact, Contact)
    gone = attrs.evolve(contact, archived_at=AT + dt.timedelta(days=30))
    rows: list[Record] = [*records, gone] if last else [gone, *records[3:]]
    loaded = NetworkState.from_records(seeker, rows)
    assert set(loaded.archived) == {CONTACTS[which]}
    assert CONTACTS[which] not in loaded.contacts
    assert all(r.contact_id != CONTACTS[which] for r in loaded.interactions.values())
    loaded = NetworkState.from_records(seeker, records)
    assert dict(loaded.settled) == dict(_applied(seeker, records).settled)


def _applied(seeker: Seeker, records: list[Record]) -> NetworkState:
    state = NetworkState(seeker)
    state.apply(Change(summary="one by one", records=records))
    return state


def _rows(records: list[Record]) -> list[tuple[str, str | bytes]]:
    return [
        (kind, _convert.dumps(data))
        for kind, data in map(_convert.dump_record, records)
    ]


def _one_by_one(rows: list[tuple[str, str | bytes]]) -> list[Record] | str:
    try:
        return [_convert.load_record(kind, _convert.loads(text)) for kind, text in rows]
    except CorruptStoreError as error:
        return str(error)


def _together(rows: list[tuple[str, str | bytes]]) -> list[Record] | str:
    try:
        return _convert.load_rows(rows)
    except CorruptStoreError as error:
        return str(error)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32-le")


@settings(max_examples=100)
@given(
    thread_records(),
    st.lists(
        st.tuples(
            st.integers(0, 200),
            st.sampled_from(ENCODINGS) | st.none(),
            st.sampled_from(["", "}", "{", "\x00", " ", '{"id": 1}']),
        ),
        max_size=3,
    ),
)
def test_loading_rows_together_reads_each_row_as_alone(
    records: list[Record], changes: list[tuple[int, str | None, str]]
) -> None:
    """load_rows gives what load_record of loads gives row by row: the same
    records, or the same CorruptStoreError, for any text or bytes encoding."""
    written = _rows(records)
    rows = list(written)
    for position, encoding, damage in changes:
        index = position % len(rows)
        kind, text = written[index]
        assert isinstance(text, str)
        text += damage if position % 2 else ""
        rows[index] = (kind, text if encoding is None else text.encode(encoding))
    assert _together(rows) == _one_by_one(rows)


def test_old_interactions_are_repaired_in_a_whole_load() -> None:
    data = {"id": "i", "contact_id": "c", "kind": "message", "at": AT.isoformat()}
    rows: list[tuple[str, str | bytes]] = [
        ("interaction", _convert.dumps({**data, "note": None})),
        ("interaction", _convert.dumps({**data, "id": "j"}).encode()),
    ]
    loaded = _convert.load_rows(rows)
    assert loaded == _one_by_one(rows)
    assert [r.id for r in loaded if isinstance(r, Interaction)] == ["i", "j"]


@settings(max_examples=200)
@given(st.lists(stored_interactions(), max_size=6))
def test_interactions_sharing_checked_contact_ids_are_built_the_same(
    stored: list[dict[str, Any]],
) -> None:
    """With the table of contact ids already checked that a whole load keeps,
    the quick path builds or refuses exactly what it does alone, and the
    interactions of one contact share one id string."""
    known: dict[str, str] = {}
    built = [_convert._trusted_interaction(data, known) for data in stored]
    for data, record in zip(stored, built, strict=True):
        alone = _convert._trusted_interaction(data)
        assert (record is None) == (alone is None)
        if record is not None and alone is not None:
            same(record, alone)
            assert record.contact_id is known[record.contact_id]
