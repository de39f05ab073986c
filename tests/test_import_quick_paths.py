"""A large import's quick paths give exactly what the checked paths give.

An import makes thousands of contacts at once, so six steps have a quick
form: :func:`careernet.domain.imports._new_contact` builds a contact without
running again the validators its values already passed,
:func:`careernet._convert._dump_contact` turns a contact into JSON without
the converter's per-field hooks,
:func:`careernet.domain._validators.strings` answers at once for nothing or
one value, :func:`careernet.domain.imports._checked` leaves alone the
values its cleaning would give back unchanged,
:func:`careernet.domain.orgs.fold` folds a name of letters, digits and
spaces without the steps that would change nothing, and
:func:`careernet.domain.imports._folded` folds one e-mail or link without
the loop that sets aside duplicates. Two more came later: storing
(:func:`careernet._convert.encode_change`) dumps and encodes a contact in its
loop, writing a moment shared by many records once
(:func:`careernet._convert._moment_text`), and
:func:`careernet.domain.imports.import_contacts` takes a reader's people a
few hundred at a time (:func:`careernet.domain.imports._blocks`), which
must look to the import like taking them one by one. Each is compared here with
the path it stands in for, on generated values, hostile ones included:
whatever the quick path accepts it gives exactly the same result, and
whatever it does not, it refuses with the same error.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from careernet import _convert
from careernet.domain import (
    Change,
    Contact,
    ImportedValue,
    NetworkState,
    Ring,
    Seeker,
    imports,
    orgs,
)
from careernet.domain import _validators as v
from careernet.errors import InvalidValueError
from tests.test_loading import ZONES, contacts, thread_records

AT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

TEXTS = st.sampled_from(
    ["", " ", "Acme", " Acme ", "a\u2028b", "\tx\t", "x" * 50, "Zoë", "\u00a0"]
) | st.text(max_size=6)
WRONG = st.sampled_from([5, b"bytes", 1.5, ["list"], None])
MAYBE_TEXTS = st.none() | TEXTS | WRONG
TEXT_TUPLES = st.lists(TEXTS, max_size=3).map(tuple)
COLLECTIONS = TEXT_TUPLES | st.lists(TEXTS, max_size=2) | TEXTS | WRONG
IDS = st.sampled_from(["c1", "é-2", "", "a b", "a\nb", " c", "\u00a0"]) | WRONG
MOMENTS = (
    st.sampled_from(
        [
            AT,
            AT.astimezone(dt.timezone(dt.timedelta(hours=-5))),
            AT.replace(tzinfo=None),
            dt.datetime(9500, 1, 1, tzinfo=dt.UTC),
            dt.datetime(1, 1, 1, tzinfo=dt.UTC),
        ]
    )
    | WRONG
)
IMPORTED = st.lists(
    st.builds(
        ImportedValue,
        field=st.sampled_from(["company", "role"]),
        source=st.sampled_from(["linkedin", "vcard"]),
        value=st.sampled_from(["Acme", "Chief ü"]),
    ),
    max_size=2,
)


def outcome(make: Callable[[], Any]) -> Any:
    """What ``make`` returns, or the type and message of what it raises."""
    try:
        return make()
    except Exception as error:
        return type(error), str(error)


def checked(args: dict[str, Any]) -> Contact:
    """``Contact(...)`` written out, every validator and converter run."""
    return Contact(
        id=args["id"],
        name=args["name"],
        ring=args["ring"],
        added_at=args["at"],
        company=args["company"],
        role=args["role"],
        field=args["field"],
        emails=args["emails"],
        phones=args["phones"],
        links=args["links"],
        how_met=args["how_met"],
        notes=args["notes"],
        tags=args["tags"],
        sources=frozenset((args["source"],)),
        imported=args["imported"],
    )


def test_the_quick_contact_sets_every_field() -> None:
    names = [f.name for f in attrs.fields(Contact)]
    assert sorted(imports._NEW_CONTACT_FIELDS) == sorted(names)
    assert len(imports._NEW_CONTACT_FIELDS) == len(names)


@settings(max_examples=600)
@given(
    id=IDS,
    name=TEXTS | WRONG,
    ring=st.sampled_from(Ring) | st.just("cold"),
    at=MOMENTS,
    company=MAYBE_TEXTS,
    role=MAYBE_TEXTS,
    field=MAYBE_TEXTS,
    emails=COLLECTIONS,
    phones=COLLECTIONS,
    links=COLLECTIONS,
    how_met=MAYBE_TEXTS,
    notes=TEXTS | WRONG,
    tags=st.frozensets(TEXTS, max_size=2) | COLLECTIONS,
    source=IDS,
    imported=IMPORTED.map(tuple) | IMPORTED | st.just((1,)),
)
@example(
    id="c1",
    name="Ann Lee",
    ring=Ring.COLD,
    at=AT,
    company="Acme, Inc.",
    role=" Engineer ",
    field=None,
    emails=("ann@example.org", " ann@example.org"),
    phones=(),
    links=("https://www.linkedin.com/in/ann",),
    how_met="",
    notes="",
    tags=frozenset(),
    source="linkedin",
    imported=(),
)
def test_a_quick_new_contact_is_exactly_the_checked_one(**args: Any) -> None:
    assert_same_contact(args)


def assert_same_contact(args: dict[str, Any]) -> None:
    """The quick path and ``Contact(...)`` give equal contacts, field by field
    of the same type, or the same error."""
    quick = outcome(lambda: imports._new_contact(**args))
    full = outcome(lambda: checked(args))
    assert quick == full
    if isinstance(full, Contact):
        assert isinstance(quick, Contact)
        for name in imports._NEW_CONTACT_FIELDS:
            assert type(getattr(quick, name)) is type(getattr(full, name)), name


@settings(max_examples=400)
@given(
    id=st.sampled_from(["c1", "é-2", "0123abcd"]),
    name=st.sampled_from(["Ann", " Ben ", "Zoë Ã"]),
    ring=st.sampled_from(Ring),
    at=st.sampled_from(ZONES).map(AT.astimezone),
    company=st.none() | TEXTS,
    role=st.none() | TEXTS,
    field=st.none() | TEXTS,
    emails=TEXT_TUPLES,
    phones=TEXT_TUPLES,
    links=TEXT_TUPLES,
    how_met=st.none() | TEXTS,
    notes=TEXTS,
    tags=st.frozensets(TEXTS, max_size=2),
    source=st.sampled_from(["linkedin", "vcard", "csv"]),
    imported=IMPORTED.map(tuple),
)
def test_values_of_the_right_types_take_the_quick_path_to_the_same_contact(
    **args: Any,
) -> None:
    """Values of the types an import hands over (which the test above rarely
    draws all at once): the same contact, every field of the same type."""
    assert_same_contact(args)


def test_an_imported_contact_is_built_the_quick_way() -> None:
    """The values an import makes pass every quick check (else the quick path
    would never be taken)."""
    made = imports._new_contact(
        id="c1",
        name="Ann Lee",
        ring=Ring.COLD,
        at=AT,
        company="Acme",
        role=None,
        field=None,
        emails=("ann@example.org",),
        phones=(),
        links=(),
        how_met=None,
        notes="",
        tags=frozenset(),
        source="linkedin",
        imported=(),
    )
    assert made.emails == ("ann@example.org",)
    assert made.sources == {"linkedin"}
    assert made.updated_at == made.added_at == AT


REFERENCE_DUMP = _convert._converter.get_unstructure_hook(Contact)


@settings(max_examples=400)
@given(contacts())
def test_a_contact_is_dumped_exactly_as_the_converter_dumps_it(
    contact: Contact,
) -> None:
    kind, data = _convert.dump_record(contact)
    assert kind == "contact"
    assert list(data.items()) == list(REFERENCE_DUMP(contact).items())
    assert _convert.dumps(data) == _convert.dumps(REFERENCE_DUMP(contact))
    assert _convert.load_record("contact", _convert.loads(_convert.dumps(data))) == (
        contact
    )


def test_the_dump_names_each_field_the_converter_names() -> None:
    everything = Contact(
        id="c1",
        name="Ann",
        ring=Ring.STRATEGIC,
        added_at=AT,
        updated_at=AT,
        company="Acme",
        role="CTO",
        field="data",
        emails=("a@example.org",),
        tags={"x", "a"},
        notes="n",
        how_met="met",
        phones=("+1 555 0100",),
        links=("https://example.org/ann",),
        sources={"vcard", "linkedin"},
        introduced_by="c2",
        knows={"c3", "c2"},
        past_companies=("Initech",),
        reports_to="c3",
        tribe=True,
        fan_club=True,
        cadence_days=30,
        imported=(ImportedValue(field="role", source="vcard", value="CTO"),),
        archived_at=AT,
    )
    data = _convert.dump_record(everything)[1]
    assert len(data) == len(attrs.fields(Contact))
    assert list(data.items()) == list(REFERENCE_DUMP(everything).items())


@given(st.lists(TEXTS, max_size=1).map(tuple) | st.tuples(WRONG) | TEXT_TUPLES)
def test_strings_of_nothing_or_one_value_as_of_many(values: tuple[Any, ...]) -> None:
    def general() -> tuple[str, ...]:
        return tuple(dict.fromkeys(filter(None, map(str.strip, values))))

    quick, full = outcome(lambda: v.strings(values)), outcome(general)
    if isinstance(full, tuple) and full and full[0] is TypeError:
        assert quick[0] is InvalidValueError
    else:
        assert quick == full


@given(
    st.text(max_size=12)
    | st.sampled_from(["\t", " a", "a ", "a\u2028b", "\u00a0x", "x" * 1001, "x" * 1000])
)
@example("Chief Data Officer")
def test_a_plain_value_is_one_the_cleaning_gives_back_as_it_is(text: str) -> None:
    """:func:`imports._checked` skips the cleaning of plain values: it would
    have changed nothing and noticed nothing."""
    if imports._plain(text):
        assert imports._clean_text(text) == text
    assert imports._plain(None)


def name_folded_the_long_way(text: str) -> str:
    """:func:`careernet.domain.orgs.fold`'s general formula, for any text."""
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", text).casefold()
    )
    plain = "".join(
        orgs._LETTERS.get(c, c) for c in decomposed if not unicodedata.combining(c)
    )
    spaced = plain.translate(orgs._JOINERS).replace("&", " and ")
    return " ".join(orgs._NOT_WORD.sub(" ", spaced).split())


@settings(max_examples=600)
@given(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
    | st.text(alphabet="aZ09 _.&'-\t", max_size=12)
    | st.text(max_size=8)
)
@example("First1 Last1")
@example("  Ann   LEE 3 ")
@example("Ann_Lee")
@example("O'Brien & Co.")
def test_a_name_folds_the_quick_way_as_the_long_way(text: str) -> None:
    """Letters, digits and spaces (most names), other ASCII and any text fold
    as the general formula folds them."""
    orgs._fold.cache_clear()
    assert orgs.fold(text) == name_folded_the_long_way(text)


def folded_the_long_way(
    values: tuple[str, ...], key: Callable[[str], str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`careernet.domain.imports._folded` for any number of values."""
    kept: dict[str, str] = {}
    for value in values:
        kept.setdefault(key(value), value)
    return tuple(kept.values()), tuple(folded for folded in kept if folded)


IDENTIFIERS = st.sampled_from(
    [
        "",
        " ",
        "https://",
        "tel:",
        "ann@example.org",
        " ANN@example.org ",
        "https://www.linkedin.com/in/ann/",
        "linkedin.com/in/ann?x=1",
        "globex.example",
        "+1 (555) 010-2000",
        "ext. 12",
    ]
) | st.text(max_size=6)


@settings(max_examples=400)
@given(
    st.lists(IDENTIFIERS, max_size=3).map(tuple),
    st.sampled_from([imports.normal_email, imports.normal_link, imports.normal_phone]),
)
def test_one_identifier_is_folded_the_quick_way_as_many_are(
    values: tuple[str, ...], key: Callable[[str], str]
) -> None:
    """One e-mail, link or phone (the usual case) is kept and folded as the
    general loop keeps and folds it, and so are the links a person is
    identified by."""
    assert imports._folded(values, key) == folded_the_long_way(values, key)
    links = folded_the_long_way(values, imports.normal_link)[1]
    identifying = imports._identifying(links)
    assert identifying == frozenset(link for link in links if "/" in link)
    assert type(identifying) is frozenset


@settings(max_examples=400)
@given(
    emails=st.lists(IDENTIFIERS, max_size=2).map(tuple),
    links=st.lists(IDENTIFIERS, max_size=2).map(tuple),
    phones=st.lists(IDENTIFIERS, max_size=2).map(tuple),
    company=st.none() | TEXTS,
)
def test_a_lone_usable_value_is_checked_the_quick_way_as_many_are(
    **values: Any,
) -> None:
    """Whatever the number of e-mails, links and phones, the check keeps
    each cleaned value that is usable, notes each one that is not, and gives
    the person back as it was when nothing changed."""
    person = imports.Candidate(name="Ann Lee", source="linkedin", line=2, **values)
    checked, notices = imports._checked(person)
    assert isinstance(checked, imports.Candidate)
    left_out = 0
    for field, clean, _ in imports._CLEANED:
        given: tuple[str, ...] = getattr(person, field)
        cleaned = [clean(value) for value in given]
        assert getattr(checked, field) == tuple(c for c in cleaned if c is not None)
        left_out += cleaned.count(None)
    company_left_out = person.company is not None and (
        imports._clean_text(person.company) is None
    )
    assert len(notices) == left_out + company_left_out
    if checked == person:
        assert checked is person


# -- storing: the moments' text and the change's rows ------------------------


class Shifting(dt.tzinfo):
    """A time zone whose offset can be changed: its moments' text changes."""

    def __init__(self, hours: int) -> None:
        self.hours = hours

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=self.hours)

    def dst(self, moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, moment: dt.datetime | None) -> str:
        return f"UTC{self.hours:+d}"


ANY_MOMENT = st.datetimes(
    min_value=dt.datetime(1000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(8999, 12, 31),  # noqa: DTZ001 - hypothesis bounds are naive
    timezones=st.sampled_from(ZONES) | st.timezones() | st.none(),  # type: ignore[arg-type]
)


@given(st.lists(ANY_MOMENT, min_size=1, max_size=4), st.lists(st.integers(0, 3)))
def test_a_moment_is_written_as_isoformat_however_often_it_comes(
    moments: list[dt.datetime], picks: list[int]
) -> None:
    """The very same moment object again and again (as an import's contacts
    hold it), and others in between, each written as ``isoformat``."""
    sequence = [moments[n % len(moments)] for n in picks] + moments
    assert [_convert._moment_text(m) for m in sequence] == [
        m.isoformat() for m in sequence
    ]


def test_a_moment_whose_zone_can_change_is_written_afresh() -> None:
    zone = Shifting(2)
    moment = dt.datetime(2026, 3, 1, 9, 0, tzinfo=zone)
    assert _convert._moment_text(moment) == "2026-03-01T09:00:00+02:00"
    zone.hours = -4
    assert _convert._moment_text(moment) == "2026-03-01T09:00:00-04:00"


@st.composite
def changes(draw: st.DrawFn) -> Change:
    """Contacts (some sharing one moment object, as an import's do), other
    records and perhaps the seeker, in any order."""
    stamp = draw(st.sampled_from(ZONES).map(AT.astimezone))
    shared = [
        attrs.evolve(c, added_at=stamp, updated_at=stamp)
        for c in draw(st.lists(contacts(), max_size=4))
    ]
    records: list[Any] = [
        *draw(st.lists(contacts(), max_size=3)),
        *shared,
        *draw(thread_records())[:6],
        *draw(st.lists(st.just(Seeker(name="Robin")), max_size=1)),
    ]
    return Change(summary="any", records=draw(st.permutations(records)))


def general_encoding(change: Change) -> tuple[str | None, list[tuple[str, str, str]]]:
    """What encode_change gives, record by record through the general path."""
    seeker = None
    rows = []
    for record in change.records:
        if isinstance(record, Seeker):
            seeker = _convert.dumps(_convert.dump_seeker(record))
        else:
            kind, data = _convert.dump_record(record)
            rows.append((kind, record.id, _convert.dumps(data)))
    return seeker, rows


@settings(max_examples=300)
@given(changes())
def test_a_change_is_encoded_as_record_by_record(change: Change) -> None:
    assert _convert.encode_change(change) == general_encoding(change)


@given(st.sampled_from(["\ud800", "Ann \udfff", "x\ud83d"]), st.booleans())
def test_an_unstorable_contact_is_refused_as_record_by_record(
    text: str, first: bool
) -> None:
    broken = Contact(id="c1", name="Ann", added_at=AT)
    object.__setattr__(broken, "notes", text)  # what the validators let by
    fine = Contact(id="c2", name="Ben", added_at=AT)
    change = Change(summary="x", records=[broken, fine] if first else [fine, broken])
    quick = outcome(lambda: _convert.encode_change(change))
    full = outcome(lambda: general_encoding(change))
    assert quick == full
    assert quick[0] is InvalidValueError


# -- taking a reader's people a few hundred at a time -------------------------


class ReaderError(Exception):
    """What a reader raises in the middle of a file."""


def events(items: Any) -> list[Any]:
    """What a consumer sees: each item, then what was raised, if anything."""
    seen: list[Any] = []
    try:
        for item in items:
            seen.append(item)
    except ReaderError as error:
        seen.append(("raised", str(error)))
    return seen


def reader(count: int, fails_at: int | None) -> Any:
    for n in range(count):
        if n == fails_at:
            raise ReaderError(f"line {n}")
        yield n


@given(st.integers(0, 40), st.none() | st.integers(0, 40), st.integers(1, 9))
def test_reading_ahead_gives_what_reading_one_by_one_gives(
    count: int, fails_at: int | None, size: int
) -> None:
    blocks = imports._blocks(reader(count, fails_at), size)
    assert all(0 < len(block) <= size for block in imports._blocks(range(count), size))
    assert events(item for block in blocks for item in block) == events(
        reader(count, fails_at)
    )


def test_reading_ahead_takes_at_most_its_size_before_giving() -> None:
    taken: list[int] = []

    def counted() -> Any:
        for n in range(10):
            taken.append(n)
            yield n

    blocks = imports._blocks(counted(), 4)
    assert next(blocks) == [0, 1, 2, 3]
    assert taken == [0, 1, 2, 3]


@settings(max_examples=50)
@given(st.integers(0, 30), st.none() | st.integers(0, 30), st.integers(1, 7))
def test_an_import_sees_the_same_progress_before_a_reader_fails(
    count: int, fails_at: int | None, every: int
) -> None:
    """Progress calls, then the reader's error, as if people came one by one."""

    def people() -> Any:
        for n in range(count):
            if n == fails_at:
                raise ReaderError(f"line {n}")
            yield imports.Candidate(name=f"Ann {n}", source="csv", line=n)

    def run(size: int) -> list[Any]:
        seen: list[Any] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(imports, "_READ_AHEAD", size)
            try:
                change, _ = imports.import_contacts(
                    NetworkState(Seeker(name="Robin")),
                    people(),
                    at=AT,
                    new_id=iter(map(str, range(100))).__next__,
                    progress=seen.append,
                    every=every,
                )
            except ReaderError as error:
                seen.append(("raised", str(error)))
            else:
                seen.append(change)
        return seen

    assert run(imports._READ_AHEAD) == run(1)
