"""Archiving, removing and merging contacts, through the API and real stores."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
from careernet import portable
from careernet.domain import (
    Change,
    Contact,
    Goal,
    Interaction,
    InteractionKind,
    MeetingStatus,
    NetworkState,
    Record,
    Ring,
    Seeker,
    kind_name,
)
from careernet.errors import (
    CareerNetError,
    InvalidValueError,
    StorageError,
    UnknownIdError,
)
from careernet.network import Network
from careernet.sample import sample_network
from careernet.storage import load_record
from careernet.storage.memory import MemoryStorage
from careernet.storage.sqlite import MIGRATIONS
from tests.builders import Clock, counter

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
PEOPLE = [
    "omar", "dana", "sam", "priya", "chen", "jordan", "grace", "raj", "ben",
    "tomas", "maria", "ken", "olga", "lena", "aisha", "noor",
]  # fmt: skip


def _sample_records() -> tuple[NetworkState, list[Record]]:
    state = sample_network(NOW)
    records = list(state.records())
    goal = Goal(
        id="goal",
        scenario="unemployed",
        set_at=NOW - dt.timedelta(days=3),
        target_companies={"Globex"},
        target_contacts={"ken", "maria"},
    )
    records.append(goal)
    return state, records


@contextlib.contextmanager
def opened(location: str) -> Iterator[Network]:
    state, records = _sample_records()
    store = careernet.open_store(
        location, clock=Clock(NOW), ids=counter("x"), autoload=False
    )
    try:
        yield store.create("alex", state.seeker, records=records)
    finally:
        store.close()


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Network]:
    with opened(str(tmp_path / "life.db")) as network:
        yield network


def _keyed(records: Iterator[Record]) -> dict[tuple[str, str], Record]:
    return {(kind_name(r), r.id): r for r in records if not isinstance(r, Seeker)}


def _same_as_stored(net: Network) -> None:
    """The view after its commits is the view a fresh load gives."""
    fresh = net.store.network(net.id)
    assert list(fresh.state.records()) == list(net.state.records())
    assert fresh.state.seeker == net.state.seeker
    assert list(fresh.state.contacts) == list(net.state.contacts)
    assert list(fresh.state.archived) == list(net.state.archived)
    assert net.store.check() == []  # type: ignore[attr-defined]


# -- archive ------------------------------------------------------------------


def test_an_archived_contact_is_out_of_every_rule_but_kept(net: Network) -> None:
    before = net.plan(NOW)
    assert any(a.contact_id == "jordan" for a in before.actions)
    assert b"Jordan Lee" in net.export_ics(now=NOW)
    kept = net.state.kept_count
    counted = net.balance()
    history = [
        *net.state.meetings_with("jordan"),
        *net.state.entries_with("jordan"),
        *net.state.history("jordan"),
    ]
    assert history
    archived = net.archive("jordan", at=NOW)
    assert archived.archived_at == NOW
    assert [c.id for c in net.archived] == ["jordan"]
    assert "jordan" not in net.state.contacts
    after = net.plan(NOW)
    assert all("jordan" not in (a.contact_id, a.via_id) for a in after.actions)
    assert net.state.kept_count == kept - 1
    assert not any(e.contact_id == "jordan" for e in net.state.entries.values())
    assert not any(m.contact_id == "jordan" for m in net.state.meetings.values())
    assert not any(t.contact_id == "jordan" for t in net.state.transitions.values())
    lost = net.state.archived_history("jordan")
    assert net.balance() != counted
    assert sum(attrs.astuple(net.balance())) + sum(
        1 for r in lost if kind_name(r) == "entry"
    ) == sum(attrs.astuple(counted))
    assert net.find("Jordan") == []
    assert [c.id for c in net.find("Jordan", archived=True)] == ["jordan"]
    for target in net.contacts:
        assert all(p.introducer_id != "jordan" for p in net.introductions(target.id))
    assert b"Jordan Lee" not in net.export_ics(now=NOW)
    assert set(net.state.archived_history("jordan")) == set(history)
    with pytest.raises(UnknownIdError, match="Jordan Lee is archived"):
        net.log("jordan", InteractionKind.MESSAGE, at=NOW)
    with pytest.raises(InvalidValueError, match="already archived"):
        net.archive("jordan")
    _same_as_stored(net)


def test_archiving_someone_with_a_meeting_ahead_says_it_leaves_the_calendar(
    net: Network,
) -> None:
    pending = [m for m in net.meetings if m.status.pending]
    assert pending
    who = pending[0].contact_id
    net.archive(who, at=NOW)
    assert [a.code for a in net.last_advice] == ["archived-meetings"]
    assert pending[0].id not in net.state.meetings
    net.unarchive(who, at=NOW)
    assert net.state.meetings[pending[0].id] == pending[0]


@settings(max_examples=30, deadline=None)
@given(who=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=4, unique=True))
def test_archive_then_unarchive_is_the_identity(who: list[str]) -> None:
    with opened("memory:") as net:
        before = _keyed(net.state.records())
        order = list(net.state.contacts)
        plan = net.plan(NOW)
        later = NOW + dt.timedelta(hours=1)
        for contact_id in who:
            net.archive(contact_id, at=later)
        for contact_id in reversed(who):
            net.unarchive(contact_id, at=later)
        after = _keyed(net.state.records())
        for contact_id in who:
            was = before.pop(("contact", contact_id))
            assert isinstance(was, Contact)
            assert after.pop(("contact", contact_id)) == attrs.evolve(
                was, updated_at=later
            )
        assert after == before
        assert list(net.state.contacts) == order
        assert net.plan(NOW).actions == plan.actions
        _same_as_stored(net)


def test_another_view_refreshed_sees_archive_merge_and_removal(
    tmp_path: Path,
) -> None:
    with opened(str(tmp_path / "two.db")) as net:
        other = net.store.network(net.id)
        net.archive("olga", at=NOW)
        net.merge_contacts("sam", "jordan", at=NOW)
        net.remove_contact("ken", at=NOW)
        assert other.stale()
        other.refresh()
        assert list(other.state.records()) == list(net.state.records())
        assert [c.id for c in other.archived] == ["olga"]
        net.unarchive("olga", at=NOW)
        other.refresh()
        assert list(other.state.records()) == list(net.state.records())


# -- remove -------------------------------------------------------------------


def _references(state: NetworkState, contact_id: str) -> list[Record]:
    found: list[Record] = []
    for record in state.records():
        refs: set[str | None] = set()
        if isinstance(record, Contact):
            refs = {record.id, record.introduced_by, record.reports_to, *record.knows}
        elif isinstance(record, Goal):
            refs = set(record.target_contacts)
        elif isinstance(record, Interaction):
            refs = {record.contact_id, record.via}
        elif hasattr(record, "contact_id"):
            refs = {record.contact_id}
        if contact_id in refs:
            found.append(record)
    if state.seeker.reports_to == contact_id:
        found.append(state.seeker)
    return found


@settings(max_examples=30, deadline=None)
@given(who=st.sampled_from(PEOPLE), archived_first=st.booleans())
def test_removing_leaves_no_dangling_reference_and_the_network_loads(
    who: str, archived_first: bool
) -> None:
    with opened("memory:") as net:
        net.set_seeker(reports_to="dana", at=NOW)
        owned = {
            ("meeting", m.id)
            for m in net.state.meetings.values()
            if m.contact_id == who
        } | {
            ("interaction", i.id)
            for i in net.state.interactions.values()
            if i.contact_id == who
        }
        if archived_first:
            net.archive(who, at=NOW)
        report = net.remove_contact(who, at=NOW)
        assert report.contact.id == who
        assert report.removed[0] == ("contact", who)
        assert owned <= set(report.removed)
        assert _references(net.state, who) == []
        assert who not in net.state.contacts
        assert who not in net.state.archived
        portable.check_references(net.state)
        _same_as_stored(net)
        restored = net.store.import_json(net.export_json(), network_id="copy")
        assert list(restored.state.records()) == list(net.state.records())


def test_removal_reports_what_went(net: Network) -> None:
    net.set_seeker(reports_to="dana", at=NOW)
    report = net.remove_contact("dana", at=NOW)
    assert ("seeker", "seeker") in report.updated
    assert net.seeker.reports_to is None
    assert report.lines()[0].startswith("removed Dana Whitfield")
    with pytest.raises(UnknownIdError):
        net.remove_contact("dana")


def test_removing_a_goal_target_keeps_the_goal(net: Network) -> None:
    net.remove_contact("ken", at=NOW)
    assert net.state.goal("goal").target_contacts == {"maria"}


# -- merge --------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(pair=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=2, unique=True))
def test_merging_never_loses_an_identifier_or_an_interaction(pair: list[str]) -> None:
    keep_id, other_id = pair
    with opened("memory:") as net:
        keep, other = net.contact(keep_id), net.contact(other_id)
        interactions = set(net.state.interactions)
        entries = set(net.state.entries)
        meetings = set(net.state.meetings)
        mine = {i.id for i in net.state.interactions_with(other_id)}
        report = net.merge_contacts(keep_id, other_id, at=NOW)
        merged = net.contact(keep_id)
        assert report.kept == merged
        folded = {e.casefold() for e in merged.emails}
        assert {e.casefold() for e in (*keep.emails, *other.emails)} <= folded
        assert {*keep.phones, *other.phones} <= set(merged.phones)
        assert {*keep.links, *other.links} <= set(merged.links)
        assert keep.tags | other.tags <= merged.tags
        assert keep.sources | other.sources <= merged.sources
        assert merged.ring == min(keep.ring, other.ring)
        assert set(net.state.interactions) == interactions
        assert set(net.state.entries) == entries
        assert set(net.state.meetings) == meetings
        assert mine <= {i.id for i in net.state.interactions_with(keep_id)}
        assert other_id not in net.state.contacts
        assert _references(net.state, other_id) == []
        portable.check_references(net.state)
        _same_as_stored(net)


def test_merge_reports_conflicts_and_the_inner_ring_wins(net: Network) -> None:
    dup = net.add_contact(
        "Chen W.",
        ring=Ring.COLD,
        company="Initech",
        role="Director",
        emails=["CHEN@example.org", "chen.w@other.example"],
        tags=["dup"],
        notes="met at the meetup",
        at=NOW,
    )
    net.move(dup.id, Ring.BUDDY, override="known for years", at=NOW)
    before = net.contact("chen")
    report = net.merge_contacts("chen", dup.id, at=NOW + dt.timedelta(minutes=1))
    merged = net.contact("chen")
    assert merged.ring is Ring.BUDDY
    assert merged.name == before.name
    fields = {c.field: (c.kept, c.dropped) for c in report.conflicts}
    assert fields["name"] == (before.name, "Chen W.")
    if before.company:
        assert fields["company"] == (before.company, "Initech")
        assert "Initech" in merged.past_companies
    assert "chen.w@other.example" in merged.emails
    assert "met at the meetup" in merged.notes
    moves = net.history("chen")
    assert moves[-1].to_ring is Ring.BUDDY
    assert moves[-1].reason is not None
    assert any("merged Chen W. into" in line for line in report.lines())


@pytest.mark.parametrize(
    ("keep", "other", "error", "match"),
    [
        ("sam", "sam", InvalidValueError, "themselves"),
        ("sam", "ghost", UnknownIdError, "ghost"),
        ("ghost", "sam", UnknownIdError, "ghost"),
    ],
)
def test_merge_refuses_clearly(
    net: Network, keep: str, other: str, error: type[CareerNetError], match: str
) -> None:
    version = net.version
    with pytest.raises(error, match=match):
        net.merge_contacts(keep, other)
    assert net.version == version


def test_merge_refuses_an_archived_contact(net: Network) -> None:
    net.archive("ken", at=NOW)
    with pytest.raises(InvalidValueError, match="unarchive"):
        net.merge_contacts("sam", "ken")


@pytest.mark.parametrize("bad", [None, 3, "", "a b", "x\u2028y", b"sam"])
def test_commands_refuse_ids_that_are_not_ids(net: Network, bad: Any) -> None:
    for command in (net.archive, net.unarchive, net.remove_contact):
        with pytest.raises(CareerNetError):
            command(bad)
    with pytest.raises(CareerNetError):
        net.merge_contacts("sam", bad)


# -- stored data from before ---------------------------------------------------


def test_a_contact_stored_before_archiving_existed_loads_unarchived() -> None:
    stored = {"id": "c1", "name": "Ann", "added_at": NOW.isoformat()}
    loaded = load_record("contact", stored)
    assert isinstance(loaded, Contact)
    assert loaded.archived_at is None
    backup = Path(__file__).parent / "data" / "backups" / "format-1.json"
    with careernet.open_store("memory:", autoload=False) as store:
        restored = store.import_json(backup.read_bytes())
        assert restored.archived == []
        assert all(c.archived_at is None for c in restored.contacts)


def test_an_older_sqlite_store_is_migrated_and_can_remove(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path)) as raw:
        for version in (1, 2, 3):
            for statement in MIGRATIONS[version]:
                raw.execute(statement)
        raw.execute("PRAGMA user_version = 3")
        raw.execute(
            "INSERT INTO networks (id, seeker, version, incarnation) "
            "VALUES ('default', '{\"name\": \"Me\"}', 1, 'old')"
        )
        at = NOW.isoformat()
        for n in (1, 2):
            raw.execute(
                "INSERT INTO records VALUES ('default', 'contact', ?, 1, ?)",
                (f"c{n}", json.dumps({"id": f"c{n}", "name": f"P{n}", "added_at": at})),
            )
        raw.commit()
    with careernet.open(path, autoload=False) as net:
        assert [c.id for c in net.contacts] == ["c1", "c2"]
        assert all(c.archived_at is None for c in net.contacts)
        net.archive("c2", at=NOW)
        net.remove_contact("c1", at=NOW)
    with careernet.open(path, autoload=False) as net:
        assert net.contacts == []
        assert [c.id for c in net.archived] == ["c2"]


# -- the one commit path -------------------------------------------------------


class _OldPlugin:
    """A backend written before removals: it would silently ignore them."""

    def __init__(self) -> None:
        self.inner = MemoryStorage()

    def __getattr__(self, name: str) -> Any:
        if name in ("removes_records", "head", "exclusive"):
            raise AttributeError(name)
        return getattr(self.inner, name)


def test_a_backend_without_removals_is_refused_and_nothing_is_written() -> None:
    state, records = _sample_records()
    store = careernet.Store(
        _OldPlugin(),
        careernet.plugins.get_plugin_manager(autoload=False),
        location="old:",
        clock=Clock(NOW),
    )
    net = store.create("alex", state.seeker, records=records)
    version = net.version
    with pytest.raises(StorageError, match="cannot remove records"):
        net.remove_contact("sam")
    with pytest.raises(StorageError):
        net.merge_contacts("sam", "jordan")
    assert net.version == version
    assert "sam" in store.network("alex").state.contacts
    net.archive("sam", at=NOW)  # an upsert: fine anywhere
    assert [c.id for c in store.network("alex").archived] == ["sam"]


@pytest.mark.parametrize(
    "removed",
    [
        [("person", "c1")],
        [("contact", "")],
        [("contact", "a b")],
        [("contact", "x\u2028y")],
        [("contact",)],
        ["contact"],
        "contact",
        [("seeker", "seeker")],
        [(1, "c1")],
    ],
)
def test_a_change_refuses_removals_that_are_not_kind_and_id(removed: Any) -> None:
    with pytest.raises(InvalidValueError):
        Change(summary="bad", records=(), removed=removed)


def test_a_change_cannot_write_and_remove_one_record() -> None:
    contact = Contact(id="c1", name="Ann", added_at=NOW)
    with pytest.raises(InvalidValueError, match="both write and remove"):
        Change(summary="bad", records=(contact,), removed=[("contact", "c1")])
    same = Change(summary="ok", records=(contact,), removed=[("interaction", "c1")])
    assert same.removed == (("interaction", "c1"),)


def test_a_change_that_creates_a_network_cannot_remove() -> None:
    with careernet.open_store("memory:", autoload=False) as store:
        seeker = careernet.Seeker(name="Me")
        change = Change(summary="c", records=(seeker,), removed=[("contact", "x")])
        with pytest.raises(InvalidValueError):
            store.commit("n", None, change)
        assert store.networks() == []


# -- at= -----------------------------------------------------------------------

READS = {
    "archived", "balance", "brief", "close", "contact", "contacts", "draw_funnel",
    "draw_rings", "draw_week", "export_contacts", "export_ics", "export_json",
    "export_to", "find", "funnel", "goal", "history", "introductions",
    "meetings", "outreach", "plan", "preferences", "refresh", "seeker", "stale",
    "state", "strategy", "thanks_owed", "feed_token",
}  # fmt: skip
"""Public members that write nothing of their own choosing (``feed_token``
makes the first token only; ``rotate_feed_token`` takes ``at``)."""
NO_AT = {
    "notify": "takes now=, the moment it sends for",
    "record_deliveries": "each delivery carries its own time",
    "transact": "runs other commands",
}


def test_every_write_command_takes_at() -> None:
    public = {
        name
        for name, member in inspect.getmembers(Network)
        if not name.startswith("_")
        and (callable(member) or isinstance(member, property))
    }
    writes = public - READS - set(NO_AT)
    assert {"archive", "unarchive", "remove_contact", "merge_contacts"} <= writes
    missing = [
        name
        for name in sorted(writes)
        if "at" not in inspect.signature(getattr(Network, name)).parameters
    ]
    assert missing == []


def test_a_history_replays_with_its_own_times() -> None:
    then = dt.datetime(2019, 3, 4, 10, 0, tzinfo=dt.UTC)
    with careernet.open("memory:", seeker="Me", autoload=False) as net:
        ann = net.add_contact("Ann", at=then)
        bob = net.add_contact("Bob", at=then)
        net.edit_contact(ann.id, role="CTO", at=then)
        net.link(ann.id, bob.id, at=then)
        meeting = net.schedule_meeting(
            ann.id, then + dt.timedelta(days=2), purpose="advice", at=then
        )
        net.reschedule_meeting(meeting.id, then + dt.timedelta(days=3), at=then)
        held = net.record_meeting(
            meeting.id, MeetingStatus.HELD, at=then + dt.timedelta(days=4)
        )
        goal = net.set_goal("maintain", at=then)
        closed = net.close_goal(at=then + dt.timedelta(days=9))
        prefs = net.set_preferences(timezone="Europe/Berlin", at=then)
        net.archive(bob.id, at=then)
        net.unarchive(bob.id, at=then)
        assert net.contact(ann.id).updated_at == then
        assert meeting.created_at == then
        assert held.updated_at == then + dt.timedelta(days=4)
        assert goal.set_at == then
        assert closed.closed_at == then + dt.timedelta(days=9)
        assert prefs.updated_at == then
        assert net.contact(bob.id).updated_at == then
        with pytest.raises(careernet.NaiveDatetimeError):
            net.archive(bob.id, at=dt.datetime(2019, 3, 4))  # noqa: DTZ001


# -- imports and archived people ----------------------------------------------


def test_reimporting_an_archived_person_keeps_them_archived(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,E-mail,Company\n"
        "Joe Plumbing,joe@pipes.example,Pipes Ltd\n"
        "Ann Archer,ann@example.org,Globex\n",
        encoding="utf-8",
    )
    columns = {"name": "Name", "email": "E-mail", "company": "Company"}
    with careernet.open(tmp_path / "n.db", seeker="Me", autoload=False) as net:
        net.import_csv(source, columns=columns, at=NOW)
        joe = net.find("Joe")[0]
        net.archive(joe.id, at=NOW)
        version = net.version
        report = net.import_csv(source, columns=columns, at=NOW)
        assert not report.added
        assert net.version == version  # nothing new: nothing written
        assert [c.name for c in net.contacts] == ["Ann Archer"]
        assert [c.id for c in net.archived] == [joe.id]
        source.write_text(
            "Name,E-mail,Company\nJoe Plumbing,joe@pipes.example,Drains Inc\n",
            encoding="utf-8",
        )
        net.import_csv(source, columns=columns, at=NOW)
        assert [c.name for c in net.contacts] == ["Ann Archer"]
        (still,) = net.archived
        assert still.id == joe.id
        assert still.archived_at == NOW
        _same_as_stored(net)
