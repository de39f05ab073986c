"""The storage contract suite.

Subclass :class:`StorageContract` in your backend's tests, with a class name
starting with ``Test``, and implement :meth:`~StorageContract.make_storage`::

    from careernet.testing import StorageContract

    class TestRedisStorage(StorageContract):
        def make_storage(self):
            return RedisStorage("redis://127.0.0.1:6379/15")

Every test gets a fresh storage object from the factory and closes it
afterwards. The suite checks what careernet relies on: networks created,
listed, isolated and deleted; changes committed atomically with optimistic
concurrency; records read back exactly, in first-written order, and
incrementally since a version; clear errors for unknown networks.

Override :meth:`~StorageContract.reopen_storage` too (return a new storage
object on the same location) and the suite also checks what several
processes rely on: data that outlives closing and reopening, and two handles
on one location that cannot lose each other's updates. A backend with
``head()`` (see :class:`careernet.storage.Incarnations`) is checked to tell a
re-created network apart; one with ``exclusive()`` (see
:class:`careernet.storage.Exclusive`) to roll a failed block back whole; one
that declares ``removes_records`` (see :class:`careernet.storage.Removals`)
to delete a change's removals atomically with its records, in one version,
and to name them to a load since an earlier version.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careernet.domain import (
    Change,
    Channel,
    Contact,
    Interaction,
    InteractionKind,
    Preferences,
    Record,
    Ring,
    Seeker,
)
from careernet.errors import (
    ConflictError,
    InvalidValueError,
    NetworkExistsError,
    NetworkReplacedError,
    UnknownNetworkError,
)
from careernet.sample import sample_network
from careernet.storage import Exclusive, Incarnations, Storage

__all__ = ["StorageContract"]

_NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
_SEEKER = Seeker(name="Robin Contract", company="Acme")


def _contact(n: int, **fields: object) -> Contact:
    values: dict[str, object] = {
        "id": f"c{n}",
        "name": f"Contact {n}",
        "added_at": _NOW,
    }
    values.update(fields)
    return Contact(**values)  # type: ignore[arg-type]


def _change(*records: Record) -> Change:
    return Change(summary="contract", records=records)


def _removing(*records: Record, removed: tuple[tuple[str, str], ...]) -> Change:
    return Change(summary="contract", records=records, removed=removed)


def _reply(n: int, contact: int) -> Interaction:
    return Interaction(
        id=f"i{n}", contact_id=f"c{contact}", kind=InteractionKind.REPLY, at=_NOW
    )


def _remove_then_fail(storage: Storage) -> None:
    storage.commit("n", 1, _removing(removed=(("contact", "c1"),)))
    raise RuntimeError("the block fails after a removal")


def _commit_then_fail(storage: Storage) -> None:
    storage.commit("n", 0, _change(_contact(1)))
    raise RuntimeError("the block fails after a commit")


class StorageContract:
    """The tests every storage backend must pass; override :meth:`make_storage`."""

    def make_storage(self) -> Storage:
        """Return a new, empty storage object for one test."""
        raise NotImplementedError("Override make_storage() to return your storage.")

    def reopen_storage(self, storage: Storage) -> Storage | None:
        """Return another storage object on ``storage``'s location.

        The default returns ``None``, which skips the tests that need it;
        override it to check that data outlives reopening and that two
        handles on one location do not lose each other's updates.
        """
        return None

    def _second(self, storage: Storage) -> Storage:
        other = self.reopen_storage(storage)
        if other is None:
            pytest.skip("reopen_storage() is not overridden")
        return other

    # -- several handles on one location ---------------------------------

    def test_data_outlives_closing_and_reopening(self, storage: Storage) -> None:
        storage.create_network("n", _SEEKER)
        storage.commit("n", 0, _change(_contact(1)))
        other = self._second(storage)
        storage.close()
        try:
            snapshot = other.load("n")
            assert [r.id for r in snapshot.records] == ["c1"]  # type: ignore[union-attr]
            assert snapshot.version == 1
        finally:
            other.close()

    def test_two_handles_on_one_location_lose_no_update(self, storage: Storage) -> None:
        storage.create_network("n", _SEEKER)
        other = self._second(storage)
        try:
            assert other.load("n").version == 0
            storage.commit("n", 0, _change(_contact(1)))
            with pytest.raises(ConflictError):
                other.commit("n", 0, _change(_contact(2)))
            assert other.version("n") == 1
            assert [r.id for r in other.load("n").records] == ["c1"]  # type: ignore[union-attr]
            other.commit("n", 1, _change(_contact(2)))
            assert [r.id for r in storage.load("n").records] == ["c1", "c2"]  # type: ignore[union-attr]
        finally:
            other.close()

    def test_a_network_deleted_through_one_handle_is_gone_for_the_other(
        self, storage: Storage
    ) -> None:
        storage.create_network("n", _SEEKER)
        other = self._second(storage)
        try:
            other.delete_network("n")
            with pytest.raises(UnknownNetworkError):
                storage.load("n")
            with pytest.raises(UnknownNetworkError):
                storage.commit("n", 0, _change(_contact(1)))
        finally:
            other.close()

    # -- removals ---------------------------------------------------------

    def _removes(self, storage: Storage) -> None:
        if getattr(storage, "removes_records", False) is not True:
            pytest.skip("the storage does not apply removals (no removes_records)")

    def test_a_change_removes_records_with_its_upserts_in_one_version(
        self, storage: Storage
    ) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1), _contact(2), _reply(1, 1)))
        change = _removing(
            _contact(3),
            _contact(2, name="Two Renamed"),
            removed=(("contact", "c1"), ("interaction", "i1")),
        )
        assert storage.commit("alex", 1, change) == 2
        assert storage.version("alex") == 2
        assert list(storage.load("alex").records) == [
            _contact(2, name="Two Renamed"),
            _contact(3),
        ]

    def test_removals_go_by_kind_and_id(self, storage: Storage) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        same_id = Interaction(
            id="c1", contact_id="c1", kind=InteractionKind.REPLY, at=_NOW
        )
        storage.commit("alex", 0, _change(_contact(1), same_id))
        storage.commit("alex", 1, _removing(removed=(("interaction", "c1"),)))
        assert list(storage.load("alex").records) == [_contact(1)]

    def test_removing_what_is_not_there_is_harmless(self, storage: Storage) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1)))
        gone = (("contact", "ghost"), ("meeting", "c1"))
        assert storage.commit("alex", 1, _removing(removed=gone)) == 2
        assert list(storage.load("alex").records) == [_contact(1)]

    def test_a_stale_removal_removes_nothing(self, storage: Storage) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1)))
        storage.commit("alex", 1, _change(_contact(2)))
        with pytest.raises(ConflictError):
            storage.commit("alex", 1, _removing(removed=(("contact", "c1"),)))
        assert [r.id for r in storage.load("alex").records] == ["c1", "c2"]  # type: ignore[union-attr]

    def test_a_removal_with_an_unstorable_record_removes_nothing(
        self, storage: Storage
    ) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1)))
        bad = _removing(_contact(2), removed=(("contact", "c1"),))
        # A record careernet cannot store, past the change's own checks.
        object.__setattr__(bad, "records", (*bad.records, object()))
        with pytest.raises(InvalidValueError):
            storage.commit("alex", 1, bad)
        assert storage.version("alex") == 1
        assert list(storage.load("alex").records) == [_contact(1)]

    def test_load_since_names_what_was_removed_after_it(self, storage: Storage) -> None:
        self._removes(storage)
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1), _contact(2)))
        storage.commit("alex", 1, _removing(removed=(("contact", "c1"),)))
        later = storage.load("alex", since=1)
        assert list(later.records) == []
        assert list(later.removed) == [("contact", "c1")]
        assert list(storage.load("alex", since=2).removed) == []
        assert list(storage.load("alex").removed) == []
        # Written again, it is a record once more, at the end, and no removal.
        storage.commit("alex", 2, _change(_contact(1, name="Back")))
        again = storage.load("alex", since=1)
        assert list(again.records) == [_contact(1, name="Back")]
        assert list(again.removed) == []
        assert [r.id for r in storage.load("alex").records] == ["c2", "c1"]  # type: ignore[union-attr]
        storage.commit("alex", 3, _removing(removed=(("contact", "c1"),)))
        assert list(storage.load("alex", since=2).removed) == [("contact", "c1")]
        assert list(storage.load("alex", since=2).records) == []

    def test_removals_stay_in_their_network(self, storage: Storage) -> None:
        self._removes(storage)
        for name in ("alex", "sam"):
            storage.create_network(name, _SEEKER)
            storage.commit(name, 0, _change(_contact(1)))
        storage.commit("alex", 1, _removing(removed=(("contact", "c1"),)))
        assert list(storage.load("sam").records) == [_contact(1)]
        assert list(storage.load("sam", since=0).removed) == []

    def test_a_removal_outlives_reopening(self, storage: Storage) -> None:
        self._removes(storage)
        storage.create_network("n", _SEEKER)
        storage.commit("n", 0, _change(_contact(1), _contact(2)))
        storage.commit("n", 1, _removing(removed=(("contact", "c1"),)))
        other = self._second(storage)
        try:
            assert [r.id for r in other.load("n").records] == ["c2"]  # type: ignore[union-attr]
            assert list(other.load("n", since=1).removed) == [("contact", "c1")]
        finally:
            other.close()

    def test_a_removal_in_an_exclusive_block_that_raises_is_undone(
        self, storage: Storage
    ) -> None:
        self._removes(storage)
        if not isinstance(storage, Exclusive):
            pytest.skip("the storage holds no locks (no exclusive())")
        storage.create_network("n", _SEEKER)
        storage.commit("n", 0, _change(_contact(1)))
        with pytest.raises(RuntimeError), storage.exclusive("n"):
            _remove_then_fail(storage)
        assert storage.version("n") == 1
        assert list(storage.load("n").records) == [_contact(1)]
        assert list(storage.load("n", since=0).removed) == []

    # -- incarnations -----------------------------------------------------

    def test_a_recreated_network_is_another_incarnation(self, storage: Storage) -> None:
        if not isinstance(storage, Incarnations):
            pytest.skip("the storage keeps no incarnations (no head())")
        first = storage.create_network("n", _SEEKER).incarnation
        storage.commit("n", 0, _change(_contact(1)))
        assert storage.head("n") == (first, 1)
        assert storage.load("n").incarnation == first
        storage.delete_network("n")
        second = storage.create_network("n", _SEEKER).incarnation
        storage.commit("n", 0, _change(_contact(2)))
        assert first
        assert second != first
        # At the same version as before, a commit made against the old
        # network is refused, and writes nothing.
        with pytest.raises(NetworkReplacedError):
            storage.commit("n", 1, _change(_contact(3)), incarnation=first)
        assert storage.head("n") == (second, 1)
        assert storage.commit("n", 1, _change(_contact(3)), incarnation=second) == 2

    def test_an_exclusive_block_that_raises_writes_nothing(
        self, storage: Storage
    ) -> None:
        if not isinstance(storage, Exclusive):
            pytest.skip("the storage holds no locks (no exclusive())")
        storage.create_network("n", _SEEKER)
        with pytest.raises(RuntimeError), storage.exclusive("n"):
            _commit_then_fail(storage)
        assert storage.version("n") == 0
        assert storage.load("n").records == []
        with storage.exclusive("n"):
            storage.commit("n", 0, _change(_contact(1)))
            storage.commit("n", 1, _change(_contact(2)))
        assert [r.id for r in storage.load("n").records] == ["c1", "c2"]  # type: ignore[union-attr]

    @pytest.fixture
    def storage(self) -> Iterator[Storage]:
        """A fresh storage, closed after the test."""
        storage = self.make_storage()
        try:
            yield storage
        finally:
            storage.close()

    # -- networks -------------------------------------------------------

    def test_a_new_store_has_no_networks(self, storage: Storage) -> None:
        assert storage.networks() == []

    def test_a_created_network_is_empty_at_version_zero(self, storage: Storage) -> None:
        created = storage.create_network("alex", _SEEKER)
        loaded = storage.load("alex")
        for snapshot in (created, loaded):
            assert snapshot.network_id == "alex"
            assert snapshot.seeker == _SEEKER
            assert snapshot.version == 0
            assert list(snapshot.records) == []
        assert storage.version("alex") == 0
        assert storage.networks() == ["alex"]

    def test_a_network_created_with_records_holds_them_at_version_one(
        self, storage: Storage
    ) -> None:
        records: list[Record] = [
            _contact(1),
            _contact(2, ring=Ring.LUKEWARM),
            Preferences(),
        ]
        created = storage.create_network("alex", _SEEKER, records=records)
        assert created.version == 1
        loaded = storage.load("alex")
        assert loaded.version == storage.version("alex") == 1
        assert loaded.seeker == _SEEKER
        assert list(loaded.records) == records
        assert list(storage.load("alex", since=1).records) == []
        version = storage.commit("alex", 1, _change(_contact(3)))
        assert version == 2
        assert list(storage.load("alex", since=1).records) == [_contact(3)]

    def test_creating_with_records_over_a_taken_id_writes_nothing(
        self, storage: Storage
    ) -> None:
        storage.create_network("alex", _SEEKER)
        with pytest.raises(NetworkExistsError, match="alex"):
            storage.create_network("alex", _SEEKER, records=[_contact(1)])
        assert storage.version("alex") == 0
        assert list(storage.load("alex").records) == []

    def test_a_network_that_cannot_be_created_whole_is_not_created(
        self, storage: Storage
    ) -> None:
        """A record that cannot be stored leaves no network behind."""
        unstorable: Record = object()  # type: ignore[assignment]
        with pytest.raises(InvalidValueError):
            storage.create_network("alex", _SEEKER, records=[_contact(1), unstorable])
        assert storage.networks() == []
        storage.create_network("alex", _SEEKER, records=[_contact(1)])
        assert storage.version("alex") == 1

    def test_networks_are_listed_sorted(self, storage: Storage) -> None:
        for name in ("zoe", "alex", "mia"):
            storage.create_network(name, _SEEKER)
        assert storage.networks() == ["alex", "mia", "zoe"]

    def test_a_network_id_is_taken_once(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        with pytest.raises(NetworkExistsError, match="alex"):
            storage.create_network("alex", attrs.evolve(_SEEKER, name="Other"))
        assert storage.load("alex").seeker == _SEEKER

    @pytest.mark.parametrize(
        "operation",
        [
            lambda s: s.load("ghost"),
            lambda s: s.version("ghost"),
            lambda s: s.commit("ghost", 0, _change(_contact(1))),
            lambda s: s.delete_network("ghost"),
        ],
        ids=["load", "version", "commit", "delete"],
    )
    def test_an_unknown_network_is_a_clear_error(
        self, storage: Storage, operation: Callable[[Storage], object]
    ) -> None:
        storage.create_network("alex", _SEEKER)
        with pytest.raises(UnknownNetworkError, match="ghost"):
            operation(storage)

    def test_deleting_a_network_removes_only_it(self, storage: Storage) -> None:
        for name in ("alex", "sam"):
            storage.create_network(name, _SEEKER)
            storage.commit(name, 0, _change(_contact(1)))
        storage.delete_network("alex")
        assert storage.networks() == ["sam"]
        assert list(storage.load("sam").records) == [_contact(1)]
        storage.create_network("alex", _SEEKER)
        assert list(storage.load("alex").records) == []

    def test_networks_are_isolated(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        storage.create_network("sam", attrs.evolve(_SEEKER, name="Sam"))
        storage.commit("alex", 0, _change(_contact(1, name="Alex's Ann")))
        storage.commit("sam", 0, _change(_contact(1, name="Sam's Ann")))
        storage.commit("sam", 1, _change(_contact(2)))
        assert [r.name for r in storage.load("alex").records] == ["Alex's Ann"]  # type: ignore[union-attr]
        assert storage.version("alex") == 1
        assert storage.version("sam") == 2
        assert storage.load("sam").seeker.name == "Sam"

    # -- commits --------------------------------------------------------

    def test_a_commit_grows_the_version_by_one(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        assert storage.commit("alex", 0, _change(_contact(1))) == 1
        assert storage.commit("alex", 1, _change(_contact(2), _contact(3))) == 2
        assert storage.version("alex") == 2

    def test_records_come_back_in_first_written_order(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(2), _contact(1)))
        storage.commit("alex", 1, _change(_contact(3)))
        ids = [r.id for r in storage.load("alex").records]  # type: ignore[union-attr]
        assert ids == ["c2", "c1", "c3"]

    def test_a_record_is_replaced_in_place_by_kind_and_id(
        self, storage: Storage
    ) -> None:
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1), _contact(2)))
        renamed = _contact(1, name="Ann Renamed", ring=Ring.BUDDY)
        storage.commit("alex", 1, _change(renamed))
        assert list(storage.load("alex").records) == [renamed, _contact(2)]

    def test_kinds_do_not_share_ids(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        reply = Interaction(
            id="c1", contact_id="c1", kind=InteractionKind.REPLY, at=_NOW
        )
        storage.commit("alex", 0, _change(_contact(1), reply))
        assert list(storage.load("alex").records) == [_contact(1), reply]

    def test_the_seeker_is_replaced_by_a_commit(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        moved = attrs.evolve(_SEEKER, company="Globex")
        storage.commit("alex", 0, _change(moved))
        snapshot = storage.load("alex")
        assert snapshot.seeker == moved
        assert list(snapshot.records) == []

    def test_a_stale_writer_gets_a_conflict_and_writes_nothing(
        self, storage: Storage
    ) -> None:
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1)))
        with pytest.raises(ConflictError, match="version 1") as raised:
            storage.commit(
                "alex", 0, _change(_contact(1, name="Overwrite"), _contact(9))
            )
        assert (raised.value.expected, raised.value.actual) == (0, 1)
        assert list(storage.load("alex").records) == [_contact(1)]
        assert storage.version("alex") == 1

    def test_a_writer_ahead_of_the_store_conflicts_too(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        with pytest.raises(ConflictError):
            storage.commit("alex", 5, _change(_contact(1)))
        assert storage.version("alex") == 0

    def test_a_change_that_cannot_be_stored_writes_nothing(
        self, storage: Storage
    ) -> None:
        storage.create_network("alex", _SEEKER)
        bad = Change(summary="bad", records=(_contact(1), object()))  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError):
            storage.commit("alex", 0, bad)
        assert storage.version("alex") == 0
        assert list(storage.load("alex").records) == []

    def test_an_empty_change_still_grows_the_version(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        assert storage.commit("alex", 0, _change()) == 1

    # -- reading --------------------------------------------------------

    def test_load_since_a_version_returns_only_later_writes(
        self, storage: Storage
    ) -> None:
        storage.create_network("alex", _SEEKER)
        storage.commit("alex", 0, _change(_contact(1), _contact(2)))
        storage.commit("alex", 1, _change(_contact(3)))
        storage.commit("alex", 2, _change(_contact(1, name="Ann Again")))
        later = storage.load("alex", since=1)
        assert later.version == 3
        assert sorted(r.id for r in later.records) == ["c1", "c3"]  # type: ignore[union-attr]
        assert list(storage.load("alex", since=3).records) == []

    def test_every_kind_of_record_round_trips_exactly(self, storage: Storage) -> None:
        state = sample_network(_NOW)
        records = list(state.records())
        storage.create_network("alex", state.seeker)
        storage.commit("alex", 0, _change(*records))
        assert list(storage.load("alex").records) == records

    @pytest.mark.parametrize(
        "text",
        [
            "María Gómez-Łukasiewicz 😀",
            "Line one\r\nSUMMARY:injected\r\n",
            "semi;colon, comma\\backslash",
            "'); DROP TABLE records; --",
            "x" * 10_000,
        ],
    )
    def test_text_round_trips_unchanged(self, storage: Storage, text: str) -> None:
        storage.create_network("alex", _SEEKER)
        contact = _contact(1, name=text, notes=text, tags={text})
        storage.commit("alex", 0, _change(contact))
        assert list(storage.load("alex").records) == [contact]

    def test_times_keep_their_offset(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        tokyo = dt.timezone(dt.timedelta(hours=9))
        added = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=tokyo)
        storage.commit("alex", 0, _change(_contact(1, added_at=added)))
        (loaded,) = storage.load("alex").records
        assert isinstance(loaded, Contact)
        assert loaded.added_at == added
        assert loaded.added_at.utcoffset() == dt.timedelta(hours=9)

    def test_preferences_with_times_of_day_round_trip(self, storage: Storage) -> None:
        storage.create_network("alex", _SEEKER)
        preferences = Preferences(
            channels=(Channel(name="email", address="alex@example.org", private=True),),
            timezone="Europe/Berlin",
            quiet_start=dt.time(22),
            quiet_end=dt.time(7),
            digest_time=dt.time(8, 30),
            updated_at=_NOW,
        )
        storage.commit("alex", 0, _change(preferences))
        assert list(storage.load("alex").records) == [preferences]

    def test_close_twice_is_harmless(self) -> None:
        storage = self.make_storage()
        storage.close()
        storage.close()

    # -- properties -----------------------------------------------------

    @settings(
        max_examples=25,
        deadline=None,
        # Each example writes to a network of its own, so sharing the storage
        # fixture (and running from several subclasses) is safe.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(
        commits=st.lists(
            st.lists(
                st.tuples(st.integers(0, 6), st.sampled_from(list(Ring))),
                max_size=4,
            ),
            min_size=1,
            max_size=6,
        )
    )
    def test_load_agrees_with_a_model_of_upserts(
        self, storage: Storage, commits: list[list[tuple[int, Ring]]]
    ) -> None:
        network_id = f"prop-{next(_networks)}"
        storage.create_network(network_id, _SEEKER)
        model: dict[str, Contact] = {}
        for version, writes in enumerate(commits):
            records = [_contact(n, ring=ring) for n, ring in writes]
            assert storage.commit(network_id, version, _change(*records)) == version + 1
            for record in records:
                model[record.id] = record
        loaded = {r.id: r for r in storage.load(network_id).records}  # type: ignore[union-attr]
        assert loaded == model
        storage.delete_network(network_id)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(
        commits=st.lists(
            st.tuples(
                st.lists(st.integers(0, 5), max_size=3),
                st.lists(st.integers(0, 5), max_size=3),
            ),
            min_size=1,
            max_size=6,
        )
    )
    def test_load_agrees_with_a_model_of_upserts_and_removals(
        self, storage: Storage, commits: list[tuple[list[int], list[int]]]
    ) -> None:
        self._removes(storage)
        network_id = f"prop-{next(_networks)}"
        storage.create_network(network_id, _SEEKER)
        model: dict[str, Contact] = {}
        gone_at: dict[str, int] = {}
        for version, (writes, removals) in enumerate(commits):
            gone = sorted({n for n in removals if n not in writes})
            records = [_contact(n, name=f"v{version}") for n in dict.fromkeys(writes)]
            change = _removing(
                *records, removed=tuple(("contact", f"c{n}") for n in gone)
            )
            assert storage.commit(network_id, version, change) == version + 1
            for record in records:
                model[record.id] = record  # in place, or at the end if new
                gone_at.pop(record.id, None)
            for n in gone:
                model.pop(f"c{n}", None)
                gone_at[f"c{n}"] = version + 1
        loaded = storage.load(network_id)
        assert {r.id: r for r in loaded.records} == model  # type: ignore[union-attr]
        assert [r.id for r in loaded.records] == list(model)  # type: ignore[union-attr]
        for since in range(len(commits) + 1):
            partial = storage.load(network_id, since=since)
            assert sorted(partial.removed) == sorted(
                ("contact", i) for i, v in gone_at.items() if v > since and since
            )
        storage.delete_network(network_id)


_networks = itertools.count()
