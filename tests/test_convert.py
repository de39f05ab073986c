"""The one converter's JSON: what it writes, what it leaves out, what it refuses.

Records are stored and exported as compact, key-sorted JSON without the
fields that hold their default value (a record's ``id`` always stays). The
standard library's :mod:`json` is the independent check of the text, and
records written with every field (as earlier versions did) must still load.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import careernet
from careernet import _convert
from careernet.domain import Contact, Preferences, Ring
from careernet.errors import CorruptStoreError, InvalidValueError

AT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.text()
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
"""JSON trees of the kinds records become: no floats, 64-bit whole numbers."""


def standard(data: Any) -> str:
    """The text the standard library writes for the format careernet uses."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class TestText:
    @given(JSON_VALUES)
    def test_dumps_writes_what_the_standard_library_writes(self, data: Any) -> None:
        assert _convert.dumps(data) == standard(data)

    @given(JSON_VALUES)
    def test_loads_reads_back_what_dumps_wrote(self, data: Any) -> None:
        assert _convert.loads(_convert.dumps(data)) == data
        assert _convert.loads(_convert.dumps(data).encode()) == data

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
    def test_bytes_are_read_in_the_encodings_json_allows(self, encoding: str) -> None:
        data = {"name": "Zoë 🌱", "n": [1, 2]}
        assert _convert.loads(standard(data).encode(encoding)) == data

    def test_bytes_that_are_not_text_are_refused(self) -> None:
        with pytest.raises(CorruptStoreError, match="could not be parsed"):
            _convert.loads(b"\xff\xfe\x00")

    def test_non_ascii_text_is_written_as_it_is(self) -> None:
        assert _convert.dumps({"name": "Zoë 🌱"}) == '{"name":"Zoë 🌱"}'

    @pytest.mark.parametrize(
        "data",
        [{"name": "broken \ud800 text"}, {"big": 2**64}],
        ids=["surrogate", "int"],
    )
    def test_what_json_cannot_hold_is_refused_with_the_reason(self, data: Any) -> None:
        with pytest.raises(InvalidValueError, match="Cannot store this record"):
            _convert.dumps(data)


class TestDefaults:
    def test_fields_at_their_default_are_left_out(self) -> None:
        contact = Contact(id="c1", name="Amara Okonkwo", added_at=AT)
        kind, data = _convert.dump_record(contact)
        assert kind == "contact"
        assert data == {
            "id": "c1",
            "name": "Amara Okonkwo",
            "added_at": AT.isoformat(),
            "updated_at": AT.isoformat(),
        }

    def test_a_record_whose_every_field_is_default_keeps_its_id(self) -> None:
        assert _convert.dump_record(Preferences()) == (
            "preferences",
            {"id": Preferences().id},
        )

    @given(st.integers(min_value=-14 * 60, max_value=14 * 60))
    def test_a_default_taken_from_another_field_keeps_its_own_offset(
        self, minutes: int
    ) -> None:
        offset = dt.timezone(dt.timedelta(minutes=minutes))
        contact = Contact(
            id="c1", name="A", added_at=AT, updated_at=AT.astimezone(offset)
        )
        back = _convert.load_record("contact", _convert.dump_record(contact)[1])
        assert isinstance(back, Contact)
        assert back.updated_at.utcoffset() == dt.timedelta(minutes=minutes)

    def test_records_written_with_every_field_still_load(self) -> None:
        """Stores and exports from before defaults were left out."""
        contact = Contact(
            id="c1", name="Amara Okonkwo", ring=Ring.LUKEWARM, added_at=AT
        )
        full: dict[str, object] = {
            "id": "c1",
            "name": "Amara Okonkwo",
            "ring": "lukewarm",
            "added_at": AT.isoformat(),
            "updated_at": AT.isoformat(),
            "company": None,
            "role": None,
            "field": None,
            "emails": [],
            "tags": [],
            "notes": "",
            "how_met": None,
            "phones": [],
            "links": [],
            "sources": [],
            "introduced_by": None,
            "knows": [],
            "past_companies": [],
            "reports_to": None,
            "tribe": False,
            "fan_club": False,
            "cadence_days": None,
        }
        assert _convert.load_record("contact", full) == contact


@pytest.mark.parametrize("stored", [1e20, 3.0, True, "7"])
def test_a_whole_number_stored_as_anything_else_is_refused(stored: object) -> None:
    data = {
        "id": "m1",
        "contact_id": "c1",
        "scheduled_at": AT.isoformat(),
        "created_at": AT.isoformat(),
        "purpose": "coffee",
        "sequence": stored,
    }
    with pytest.raises(CorruptStoreError, match="sequence"):
        _convert.load_record("meeting", data)


@pytest.mark.parametrize(
    ("stored", "read"),
    [(1e20, 3650), (3.0, 3), (True, None), ("7", None), (0, 1), (float("nan"), None)],
)
def test_a_cadence_earlier_versions_let_through_is_read_as_the_nearest(
    stored: object, read: int | None
) -> None:
    data = {"id": "c1", "name": "A", "added_at": AT.isoformat(), "cadence_days": stored}
    loaded = _convert.load_record("contact", data)
    assert isinstance(loaded, Contact)
    assert loaded.cadence_days == read


@pytest.mark.parametrize(
    ("stored", "read"), [(0, False), (1, True), ("yes", True), ("no", False)]
)
def test_a_flag_earlier_versions_let_through_is_read_as_a_truth_value(
    stored: object, read: bool
) -> None:
    data = {"id": "c1", "name": "A", "added_at": AT.isoformat(), "tribe": stored}
    loaded = _convert.load_record("contact", data)
    assert isinstance(loaded, Contact)
    assert loaded.tribe is read


def test_a_record_json_cannot_hold_fails_the_commit_with_nothing_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "careernet.db"
    with careernet.open(path, autoload=False) as net:
        net.add_contact("Amara Okonkwo")
        with pytest.raises(InvalidValueError, match="valid Unicode"):
            net.add_contact("Kofi \ud800 Mensah")
        assert [c.name for c in net.contacts] == ["Amara Okonkwo"]
    with careernet.open(path, autoload=False) as again:
        assert [c.name for c in again.contacts] == ["Amara Okonkwo"]
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM records").fetchone() == (1,)
