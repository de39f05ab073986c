"""Trying to break the plan's index: ``NetworkState.open_since``, the
planner's ``to_visit`` and ``Strategy.target_candidates``.

Each test holds the index to its plain definition or the indexed planner to
the reference planner (tests/reference_planner.py) in a case the other
index tests do not reach: moments in other time zones (a fold, where two
instants share one wall time), strategies with unusual waits, networks
rebuilt by archiving, removing and merging, refreshed from another writer
or restored from a backup, candidate lists of any shape, and several
threads at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import careernet
from careernet.domain import (
    BUILTIN_STRATEGIES,
    Change,
    Contact,
    Goal,
    Interaction,
    InteractionKind,
    NetworkState,
    Ring,
    Seeker,
    Strategy,
    plan,
    vocab,
)
from careernet.domain.planner import HORIZON, _Planner, _quiet
from careernet.domain.strategies import (
    ConfidentialStrategy,
    JobSearchStrategy,
    _roles,
)
from careernet.domain.view import NetworkView
from careernet.domain.vocab import Vocabulary, words
from tests import reference_planner
from tests.conftest import NOW
from tests.test_plan_index import open_by_definition
from tests.test_planner_reference import STRATEGIES, changes, goal_for, grown

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
PROPERTY = settings(max_examples=100, deadline=None)
JOB = BUILTIN_STRATEGIES[0]
BERLIN = ZoneInfo("Europe/Berlin")

# The clocks went back in Berlin on 26 October 2025: 02:30 happened twice.
FIRST = dt.datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN)  # 00:30 UTC
SECOND = dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN)  # 01:30 UTC
BETWEEN = dt.datetime(2025, 10, 26, 1, 0, tzinfo=dt.UTC)


def ids(entries: object) -> list[str]:
    """The ids ``open_since`` gave (each with the contact's settled entry)."""
    assert isinstance(entries, list)
    return [contact.id for contact, _ in entries]


def person(contact_id: str, *, company: str | None = None, **more: object) -> Contact:
    return Contact(
        id=contact_id,
        name=f"Person {contact_id}",
        added_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        company=company,
        **more,  # type: ignore[arg-type]
    )


def said(
    contact_id: str, kind: InteractionKind, at: dt.datetime, n: int = 0
) -> Interaction:
    return Interaction(
        id=f"{kind.value}{n}-{contact_id}", contact_id=contact_id, kind=kind, at=at
    )


def job_goal(*companies: str, aliases: frozenset[str] = frozenset()) -> Goal:
    return attrs.evolve(
        Goal(
            id="g", scenario=JOB.scenario, set_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        ),
        target_companies=frozenset(companies),
        aliases=aliases,
    )


def index_is_consistent(state: NetworkState) -> None:
    """The sorted dates hold exactly the contacts' dates, in instant order."""
    by_date = state._by_date
    if by_date is None:
        return
    assert sorted(by_date, key=lambda e: (e[0].astimezone(dt.UTC), e[1])) == by_date
    assert {contact_id for _, contact_id in by_date} == set(state._dated)


def same_plans(
    state: NetworkState, strategy: Strategy, goal: Goal | None, now: dt.datetime
) -> None:
    expected = reference_planner.plan(state, strategy, now=now, goal=goal)
    assert plan(state, strategy, now=now, goal=goal) == expected


# -- moments in other time zones ----------------------------------------------


def test_fold_moments_compare_by_wall_time_within_one_zone() -> None:
    """Why a fold matters: Python compares two datetimes of one tzinfo by
    their wall times, so these two instants an hour apart are equal, and a
    third in UTC between them sorts before one and after the other."""
    assert FIRST == SECOND
    assert FIRST.astimezone(dt.UTC) + dt.timedelta(hours=1) == SECOND.astimezone(dt.UTC)
    assert FIRST < BETWEEN < SECOND


def fold_network() -> NetworkState:
    """Contact ``a`` answered at the later 02:30 (01:30 UTC), ``b`` at the
    earlier one (00:30 UTC)."""
    state = NetworkState(Seeker(name="Robin"))
    for contact_id in ("a", "b"):
        state.apply(Change(summary="add", records=(person(contact_id),)))
    state.apply(
        Change(summary="log", records=(said("a", InteractionKind.REPLY, SECOND),))
    )
    state.apply(
        Change(summary="log", records=(said("b", InteractionKind.REPLY, FIRST),))
    )
    return state


def test_open_since_orders_by_instant_across_a_fold() -> None:
    """``a`` answered after BETWEEN, so open_since(BETWEEN) names them."""
    state = fold_network()
    assert ids(state.open_since(BETWEEN)) == open_by_definition(state, BETWEEN) == ["a"]
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert ids(loaded.open_since(BETWEEN)) == ["a"]


def test_a_date_moved_across_the_fold_is_moved_in_the_index() -> None:
    """An answer rewritten from the first 02:30 to the second (equal wall
    times, an hour apart) moves the contact's date an hour later."""
    state = NetworkState(Seeker(name="Robin"))
    state.apply(Change(summary="add", records=(person("a"),)))
    state.apply(
        Change(summary="log", records=(said("a", InteractionKind.REPLY, FIRST),))
    )
    state.open_since(BETWEEN)  # the dates are sorted from now on
    state.apply(
        Change(summary="log", records=(said("a", InteractionKind.REPLY, SECOND),))
    )
    assert ids(state.open_since(BETWEEN)) == open_by_definition(state, BETWEEN) == ["a"]


def test_answers_logged_in_a_fold_keep_everyone_in_the_index(tmp_path: Path) -> None:
    """Answers logged through a Network (each a new interaction) at the two
    02:30s and at BETWEEN: the sorted dates, kept by bisect, must still hold
    every settled contact once (a misplaced date makes a later removal take
    out another contact's, who is then never visited)."""
    with careernet.open(tmp_path / "n.db", seeker="Robin", clock=lambda: NOW) as net:
        people = sorted(
            net.add_contact(f"Person {n}", at=FIRST - 30 * DAY).id for n in range(3)
        )
        net.plan(NOW)  # the dates sorted, then kept sorted
        for n, at in [
            (0, BETWEEN),
            (2, FIRST),
            (1, SECOND),
            (1, BETWEEN),
            (0, SECOND),
            (1, FIRST),
        ]:
            net.log(people[n], InteractionKind.REPLY, at=at)
        state = net.state
        index_is_consistent(state)
        moment = FIRST - MINUTE
        assert ids(state.open_since(moment)) == open_by_definition(state, moment)


def test_an_answer_moved_within_a_fold_applies() -> None:
    """Answers rewritten (the same id, another moment) in and around the
    fold: applying them must not fail halfway (a Network's view applies a
    change after it is stored)."""
    state = NetworkState(Seeker(name="Robin"))
    for n in range(3):
        state.apply(Change(summary="add", records=(person(f"c{n}"),)))
    state.open_since(NOW)
    for n, at in [(2, BETWEEN), (0, SECOND), (1, FIRST), (0, BETWEEN), (2, FIRST)]:
        record = said(f"c{n}", InteractionKind.REPLY, at)
        state.apply(Change(summary="log", records=(record,)))
    index_is_consistent(state)


def test_open_since_refuses_a_naive_moment_and_takes_the_ends_of_time() -> None:
    """A naive moment is refused (converting it would take the machine's
    zone); moments a day from the ends of what a datetime holds, in zones
    that put them past those ends, name everyone dated or only the open
    (here one awaiting an answer)."""
    state = fold_network()
    asked = said("open", InteractionKind.OUTREACH, BETWEEN)
    state.apply(Change(summary="ask", records=(person("open"), asked)))
    with pytest.raises(careernet.NaiveDatetimeError):
        state.open_since(BETWEEN.replace(tzinfo=None))
    first = dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14)))
    last = dt.datetime.max.replace(tzinfo=dt.timezone(-dt.timedelta(hours=12)))
    assert ids(state.open_since(first)) == ["a", "b", "open"]
    assert ids(state.open_since(last)) == ["open"]


def test_a_thread_in_a_fold_is_the_thread_loaded() -> None:
    """Asked at 01:00 UTC, asked again at 00:59 UTC, the first ask moved to
    the second 02:00 (01:00 UTC), answered at the first 02:29 (00:29 UTC):
    the answer came first, so an ask awaits its answer, on the network
    built one change at a time as on one loaded. (A thread is kept in
    (moment, id) order, and Python compares two moments of one zone by their
    wall clocks: an interaction's moment is kept at its fixed offset, as it
    is stored, so the order is the instants'.)"""
    state = NetworkState(Seeker(name="Robin"))
    state.apply(Change(summary="add", records=(person("c"),)))
    for number, kind, at in [
        (1, InteractionKind.OUTREACH, dt.datetime(2025, 10, 26, 1, tzinfo=dt.UTC)),
        (0, InteractionKind.OUTREACH, dt.datetime(2025, 10, 26, 0, 59, tzinfo=dt.UTC)),
        (
            1,
            InteractionKind.OUTREACH,
            dt.datetime(2025, 10, 26, 2, fold=1, tzinfo=BERLIN),
        ),
        (1, InteractionKind.REPLY, dt.datetime(2025, 10, 26, 2, 29, tzinfo=BERLIN)),
    ]:
        state.apply(Change(summary="log", records=(said("c", kind, at, number),)))
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert state.settled == loaded.settled
    order = ["reply1-c", "outreach0-c", "outreach1-c"]
    assert [i.id for i in loaded.interactions_with("c")] == order
    assert [i.id for i in state.interactions_with("c")] == order
    assert "c" not in state.settled


def silenced_in_the_fold() -> tuple[NetworkState, dt.datetime]:
    """Three people nudged at the second 02:30 and silent since, four who
    answered at the first 02:30, and a plan exactly four weeks after
    BETWEEN: the nudged rest since less than three weeks, so they are
    setbacks, and with no fan club the plan advises to name one."""
    state = NetworkState(Seeker(name="Robin"))
    for n in range(3):
        contact_id = f"a{n}"
        state.apply(
            Change(
                summary="silence",
                records=(
                    person(contact_id),
                    said(contact_id, InteractionKind.OUTREACH, SECOND - 5 * DAY),
                    said(contact_id, InteractionKind.NUDGE, SECOND),
                ),
            )
        )
    for n in range(4):
        contact_id = f"z{n}"
        state.apply(
            Change(
                summary="answer",
                records=(
                    person(contact_id),
                    said(contact_id, InteractionKind.REPLY, FIRST),
                ),
            )
        )
    return state, BETWEEN + dt.timedelta(weeks=3) + JOB.nudge_after


def test_a_plan_counts_the_setbacks_of_people_silent_since_a_fold() -> None:
    state, now = silenced_in_the_fold()
    goal = job_goal("Globex")
    expected = reference_planner.plan(state, JOB, now=now, goal=goal)
    assert any(
        a.code == "no-fan-club" or "fan club" in a.message for a in expected.advice
    )
    assert plan(state, JOB, now=now, goal=goal) == expected
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    assert plan(loaded, JOB, now=now, goal=goal) == expected


ZONES = st.sampled_from(
    [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=14)),
        dt.timezone(-dt.timedelta(hours=12)),
        dt.timezone(dt.timedelta(hours=5, minutes=45)),
        BERLIN,
        ZoneInfo("America/New_York"),
    ]
)


@st.composite
def zoned_moments(draw: st.DrawFn) -> dt.datetime:
    """Moments around the fold and around NOW, in several zones (a ZoneInfo
    moment may fall in a fold, either side of it); often one of the two
    02:30s or BETWEEN, a minute apart at most."""
    if draw(st.integers(0, 3)):
        near = draw(st.sampled_from([FIRST, SECOND, BETWEEN]))
        return near + draw(st.sampled_from([-1, 0, 0, 0, 0, 1])) * MINUTE
    base = draw(st.sampled_from([BETWEEN, NOW]))
    at = base + draw(st.integers(-3 * 60, 3 * 60)) * MINUTE
    at -= draw(st.sampled_from([0, 0, 7, 21, 28])) * DAY
    zone = draw(ZONES)
    local = at.astimezone(zone)
    return local.replace(fold=draw(st.sampled_from([0, 1])))


ASKS = st.sampled_from(
    [
        InteractionKind.OUTREACH,
        InteractionKind.NUDGE,
        InteractionKind.REPLY,
        InteractionKind.REPLY,
        InteractionKind.DECLINE,
    ]
)
STEPS = st.lists(
    st.tuples(st.integers(0, 3), ASKS, zoned_moments(), st.integers(0, 2)),
    max_size=14,
)
"""Interactions with four cold contacts, logged in several time zones, some
rewritten (the same id, another moment)."""

Step = tuple[int, InteractionKind, dt.datetime, int]


def zoned_state(steps: list[Step], *, sort_early: bool) -> NetworkState:
    state = NetworkState(Seeker(name="Robin"))
    for n in range(4):
        state.apply(Change(summary="add", records=(person(f"c{n}"),)))
    if sort_early:
        state.open_since(NOW)  # sorted early: kept sorted from now on
    for n, kind, at, number in steps:
        record = said(f"c{n}", kind, at, number)
        state.apply(Change(summary="log", records=(record,)))
        index_is_consistent(state)
    return state


@PROPERTY
@given(steps=STEPS, sort_early=st.booleans(), moment=zoned_moments())
@example(
    steps=[(0, InteractionKind.REPLY, SECOND, 0), (1, InteractionKind.REPLY, FIRST, 0)],
    sort_early=False,
    moment=BETWEEN,
)
def test_property_open_since_in_any_zone_is_its_definition(
    steps: list[Step], sort_early: bool, moment: dt.datetime
) -> None:
    """In any zone, fold or not, applied one by one or loaded afresh."""
    state = zoned_state(steps, sort_early=sort_early)
    expected = open_by_definition(state, moment.astimezone(dt.UTC))
    assert ids(state.open_since(moment)) == expected
    assert ids(state.open_since(moment.astimezone(dt.UTC))) == expected
    loaded = NetworkState.from_records(state.seeker, list(state.records()))
    # Against its own definition: the loaded threads may be in another order
    # (see test_a_thread_in_a_fold_is_the_thread_loaded).
    assert ids(loaded.open_since(moment)) == open_by_definition(
        loaded, moment.astimezone(dt.UTC)
    )
    index_is_consistent(loaded)


@PROPERTY
@given(steps=STEPS, now=zoned_moments(), data=st.data())
def test_property_plans_with_zoned_moments_are_the_reference_plans(
    steps: list[Step], now: dt.datetime, data: st.DataObject
) -> None:
    state = zoned_state(steps, sort_early=data.draw(st.booleans()))
    strategy = data.draw(st.sampled_from(STRATEGIES))
    goal = goal_for(strategy, state, data)
    same_plans(
        state, strategy, goal, now + data.draw(st.sampled_from([0, 7, 21, 28])) * DAY
    )


def test_a_plan_at_a_local_now_counts_the_setbacks_of_the_reference() -> None:
    """``now`` in Berlin summer time, silences logged in UTC: ``now`` less
    four weeks is computed on the wall clock (winter time then), an hour
    later than four weeks of instants. Three people nudged in that hour rest
    since less than three weeks, so they count as setbacks."""
    now = dt.datetime(2026, 4, 10, 12, 0, tzinfo=BERLIN)  # 10:00 UTC
    nudged = dt.datetime(2026, 3, 13, 10, 30, tzinfo=dt.UTC)
    assert now - dt.timedelta(weeks=4) > nudged  # the wall clock's four weeks
    state = NetworkState(Seeker(name="Robin"))
    for n in range(3):
        contact_id = f"a{n}"
        state.apply(
            Change(
                summary="silence",
                records=(
                    person(contact_id),
                    said(contact_id, InteractionKind.OUTREACH, nudged - 7 * DAY),
                    said(contact_id, InteractionKind.NUDGE, nudged),
                ),
            )
        )
    goal = job_goal("Globex")
    expected = reference_planner.plan(state, JOB, now=now, goal=goal)
    assert any(a.code == "fan-club" for a in expected.advice)
    assert plan(state, JOB, now=now, goal=goal) == expected
    assert plan(state, JOB, now=now.astimezone(dt.UTC), goal=goal) == expected


@PROPERTY
@given(
    state=grown(),
    strategy=st.sampled_from(STRATEGIES),
    zone=ZONES,
    hours=st.integers(-400 * 24, 30 * 24),
    data=st.data(),
)
def test_property_a_local_now_passes_over_only_the_quiet(
    state: NetworkState,
    strategy: Strategy,
    zone: dt.tzinfo,
    hours: int,
    data: st.DataObject,
) -> None:
    """Whoever ``to_visit`` leaves out at a ``now`` in any zone is quiet by
    :func:`_quiet`, in whatever arithmetic the planner does at that ``now``."""
    now = (NOW + hours * dt.timedelta(hours=1)).astimezone(zone)
    goal = goal_for(strategy, state, data)
    visit = _Planner(state, strategy, goal, now, HORIZON).to_visit(frozenset())
    if visit is None:
        return
    left_out = state.contacts.keys() - {contact.id for contact, _ in visit}
    for contact_id in left_out:
        found = state.settled[contact_id]
        assert _quiet(found, now, strategy.nudge_after, strategy.rest_for), found


# -- strategies with unusual waits ----------------------------------------------

WAITS = st.sampled_from(
    [
        dt.timedelta(0),
        dt.timedelta(microseconds=1),
        -dt.timedelta(days=3),
        dt.timedelta(days=365 * 3000),
        -dt.timedelta(days=365 * 3000),
        dt.timedelta.max,
        dt.timedelta.min,
    ]
)
EDGES = st.sampled_from(
    [
        NOW,
        dt.datetime(1000, 1, 2, tzinfo=dt.UTC),
        dt.datetime(1000, 1, 23, tzinfo=dt.timezone(dt.timedelta(hours=14))),
        dt.datetime(8999, 12, 31, 10, tzinfo=dt.timezone(-dt.timedelta(hours=12))),
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    state=grown(),
    strategy=st.sampled_from(STRATEGIES),
    nudge_after=WAITS,
    rest_for=WAITS,
    now=EDGES,
    data=st.data(),
)
def test_property_any_waits_at_the_edges_of_time_give_the_reference_plan(  # noqa: PLR0917 - hypothesis passes what it draws
    state: NetworkState,
    strategy: Strategy,
    nudge_after: dt.timedelta,
    rest_for: dt.timedelta,
    now: dt.datetime,
    data: st.DataObject,
) -> None:
    """A plugin's strategy may wait no time, a negative time or a thousand
    years (nothing refuses them): wherever the reference planner makes a plan
    (it overflows for some), the indexed planner makes the same one."""
    strategy = attrs.evolve(strategy, nudge_after=nudge_after, rest_for=rest_for)
    goal = goal_for(strategy, state, data)
    try:
        expected = reference_planner.plan(state, strategy, now=now, goal=goal)
    except OverflowError:
        return
    assert plan(state, strategy, now=now, goal=goal) == expected


# -- networks rebuilt, refreshed, restored --------------------------------------


def index_matches_a_fresh_load(state: NetworkState) -> None:
    """The index fields are those a load of the same records builds."""
    fresh = NetworkState.from_records(state.seeker, list(state.records()))
    for name in ("_settled", "_unsettled", "_dated"):
        assert getattr(state, name) == getattr(fresh, name), name
    assert list(state.contacts) == list(fresh.contacts)
    for moment in (NOW - 400 * DAY, NOW - 28 * DAY, NOW, NOW + 9 * DAY):
        assert ids(state.open_since(moment)) == ids(fresh.open_since(moment))
        assert ids(state.open_since(moment)) == open_by_definition(state, moment)
    index_is_consistent(state)


@st.composite
def rebuilding(draw: st.DrawFn, state: NetworkState, n: int) -> Change:
    """A change that rebuilds the network: an archive, a restore, a removal
    (a contact with their records, or one record), or an ordinary change."""
    what = draw(st.sampled_from(["archive", "restore", "remove", "drop", "other"]))
    if what == "archive" and state.contacts:
        contact = state.contacts[draw(st.sampled_from(sorted(state.contacts)))]
        archived = attrs.evolve(contact, archived_at=NOW - n * MINUTE)
        return Change(summary="archive", records=(archived,))
    if what == "restore" and state.archived:
        contact = state.archived[draw(st.sampled_from(sorted(state.archived)))]
        return Change(
            summary="restore", records=(attrs.evolve(contact, archived_at=None),)
        )
    if what == "remove" and state.contacts:
        contact_id = draw(st.sampled_from(sorted(state.contacts)))
        owned = [("interaction", i.id) for i in state.interactions_with(contact_id)] + [
            ("meeting", m.id) for m in state.meetings_with(contact_id)
        ]
        owned += [("entry", e.id) for e in state.entries_with(contact_id)]
        owned += [("transition", t.id) for t in state.history(contact_id)]
        introduced = [
            c
            for c in state.contacts.values()
            if contact_id in (c.introduced_by, c.reports_to) or contact_id in c.knows
        ]
        if not introduced:
            return Change(
                summary="remove", records=(), removed=(("contact", contact_id), *owned)
            )
    if what == "drop" and state.interactions:
        record_id = draw(st.sampled_from(sorted(state.interactions)))
        return Change(summary="drop", records=(), removed=(("interaction", record_id),))
    return draw(changes(state, 3000 + n))


@settings(max_examples=120, deadline=None)
@given(state=grown(), strategy=st.sampled_from(STRATEGIES), data=st.data())
def test_property_a_rebuilt_network_keeps_every_index_and_the_reference_plan(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    """Archiving, restoring and removing rebuild the network (``_rebuild``
    copies every attrs field): its index is then the one a fresh load builds,
    and its plans are the reference planner's."""
    state.open_since(NOW)  # the dates sorted, then kept sorted
    for n in range(data.draw(st.integers(1, 6))):
        state.apply(data.draw(rebuilding(state, n)))
        index_matches_a_fresh_load(state)
    goal = goal_for(strategy, state, data)
    for now in (NOW, NOW - 20 * DAY, NOW + 9 * DAY):
        same_plans(state, strategy, goal, now)


def test_rebuild_carries_every_field_of_the_network() -> None:
    """``_rebuild`` copies ``attrs.fields(NetworkState)``: the new index
    fields are among them (a field added without ``attrs`` would be left
    behind, stale, after the first archive)."""
    names = {field.name for field in attrs.fields(NetworkState)}
    assert {"_settled", "_unsettled", "_position", "_dated", "_by_date"} <= names
    # Slotted: an attribute that is not a field cannot be set at all.
    assert not hasattr(NetworkState(Seeker(name="Robin")), "__dict__")


# -- a network used through careernet.Network ------------------------------------

COMPANY_OF = ("Globex", "Acme", "Initech", None)


def busy_network(location: Path) -> careernet.Network:
    """A stored network: people at the target and elsewhere, some nudged and
    silent, some who declined, answered or were never asked."""
    net = careernet.open(
        location, seeker=Seeker(name="Robin", company="Acme"), clock=lambda: NOW
    )
    for n in range(16):
        contact = net.add_contact(
            f"Person {n}",
            company=COMPANY_OF[n % 4],
            role="Technical Recruiter" if n % 3 else "Engineer",
            at=NOW - 400 * DAY,
        )
        asked = NOW - (n * 3 + 2) * DAY
        if n % 5 == 4:
            continue  # never asked
        net.log(contact.id, InteractionKind.OUTREACH, at=asked - 7 * DAY)
        if n % 5 == 0:
            net.log(contact.id, InteractionKind.NUDGE, at=asked)
        elif n % 5 == 1:
            net.log(contact.id, InteractionKind.DECLINE, at=asked)
        elif n % 5 == 2:
            net.log(contact.id, InteractionKind.REPLY, at=asked)
    net.set_goal(
        "unemployed", target_companies=["Globex", "Initech"], at=NOW - 300 * DAY
    )
    return net


def network_agrees(net: careernet.Network) -> None:
    """The network's index is its definition, and its plans the reference's."""
    state = net.state
    index_matches_a_fresh_load(state)
    for now in (NOW, NOW + 9 * DAY, NOW - 30 * DAY):
        expected = reference_planner.plan(state, net.strategy, now=now)
        assert net.plan(now) == expected


def test_archive_restore_remove_merge_keep_the_index(tmp_path: Path) -> None:
    with busy_network(tmp_path / "n.db") as net:
        network_agrees(net)
        people = [c.id for c in net.contacts]
        net.archive(people[0], at=NOW)
        network_agrees(net)
        net.log(people[1], InteractionKind.DECLINE, at=NOW - 2 * DAY)
        network_agrees(net)
        net.unarchive(people[0], at=NOW)
        network_agrees(net)
        net.remove_contact(people[2], at=NOW)
        network_agrees(net)
        net.merge_contacts(people[3], people[7], at=NOW)
        network_agrees(net)
        net.set_goal(
            "unemployed",
            target_companies=["Globex"],
            target_contacts=[people[5], people[6]],
            at=NOW - DAY,
        )
        network_agrees(net)
        net.archive(people[5], at=NOW)  # a target of the goal, archived
        network_agrees(net)


def test_a_view_refreshed_from_another_writer_keeps_the_index(tmp_path: Path) -> None:
    """Another view's commits arrive as an incremental load (``refresh``)."""
    location = tmp_path / "n.db"
    with busy_network(location) as writer, careernet.open(location) as reader:
        reader.plan(NOW)  # the reader's dates sorted before the news
        people = [c.id for c in writer.contacts]
        writer.log(people[4], InteractionKind.OUTREACH, at=NOW - 30 * DAY)
        writer.log(people[4], InteractionKind.NUDGE, at=NOW - 22 * DAY)
        writer.log(people[0], InteractionKind.REPLY, at=NOW - DAY)
        writer.archive(people[9], at=NOW)
        assert reader.refresh() > 0
        network_agrees(reader)
        assert reader.plan(NOW) == writer.plan(NOW)
        writer.remove_contact(people[10], at=NOW)
        reader.refresh()
        network_agrees(reader)
        assert reader.plan(NOW) == writer.plan(NOW)


def test_a_restored_backup_keeps_the_index(tmp_path: Path) -> None:
    with busy_network(tmp_path / "n.db") as net:
        net.archive(net.contacts[1].id, at=NOW)
        restored = net.store.import_json(net.export_json(), network_id="copy")
        network_agrees(restored)
        assert restored.plan(NOW) == net.plan(NOW)
        assert ids(restored.state.open_since(NOW - 28 * DAY)) == ids(
            net.state.open_since(NOW - 28 * DAY)
        )


def test_plans_from_several_threads_while_others_write(tmp_path: Path) -> None:
    """A Network shared by threads: plans run under its lock, so a plan never
    reads the dates while a write moves them; every plan succeeds, and the
    last is the reference planner's."""
    with busy_network(tmp_path / "n.db") as net:
        people = [c.id for c in net.contacts]
        failures: list[BaseException] = []
        start = threading.Barrier(6)

        def planner() -> None:
            start.wait()
            try:
                for _ in range(40):
                    net.plan(NOW)
                    net.state.open_since(NOW - 28 * DAY)
            except BaseException as error:
                failures.append(error)

        def writer(k: int) -> None:
            start.wait()
            try:
                for n in range(15):
                    kind = (InteractionKind.NUDGE, InteractionKind.DECLINE)[n % 2]
                    at = NOW - ((n * 7 + k) % 40) * DAY
                    net.log(people[(n + k) % len(people)], kind, at=at)
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=planner) for _ in range(4)]
        threads += [threading.Thread(target=writer, args=(k,)) for k in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        network_agrees(net)


# -- strategies naming their candidates -------------------------------------------


@attrs.frozen(kw_only=True)
class ShapedCandidates(JobSearchStrategy):
    """Names its candidates in any shape a Collection (or an iterator, which
    the planner reads once) may take, with repeats, people unknown, archived
    people, and the seeker's own id."""

    shape: str = "set"

    def target_candidates(
        self, state: NetworkView, goal: Goal | None
    ) -> Collection[str] | None:
        named = super().target_candidates(state, goal)
        if named is None:
            return None
        archived = list(state.archived) if isinstance(state, NetworkState) else []
        extra = ["nobody", "", *archived, *named]
        if self.shape == "tuple":
            return (*named, *extra)
        if self.shape == "list":
            return [*extra, *named]
        if self.shape == "dict":
            return dict.fromkeys([*named, *extra])
        if self.shape == "iterator":
            return iter([*named, *extra])  # type: ignore[return-value]
        return {*named, *extra}


@attrs.frozen(kw_only=True)
class LeavesOutRecruiters(ConfidentialStrategy):
    """A plugin's confidential search that also keeps recruiters out, and
    lets nobody but buddies introduce."""

    def is_excluded(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        role = contact.role or ""
        return "Recruiter" in role or super().is_excluded(contact, state, goal)

    def may_introduce(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        return contact.ring is Ring.BUDDY and super().may_introduce(
            contact, state, goal
        )


SHAPED = (
    *(
        ShapedCandidates(**attrs.asdict(JOB, recurse=False), shape=shape)
        for shape in ("set", "tuple", "list", "dict", "iterator")
    ),
    LeavesOutRecruiters(**attrs.asdict(BUILTIN_STRATEGIES[1], recurse=False)),
)


@PROPERTY
@given(state=grown(), strategy=st.sampled_from(SHAPED), data=st.data())
def test_property_candidates_of_any_shape_give_the_reference_plan(
    state: NetworkState, strategy: Strategy, data: st.DataObject
) -> None:
    for n in range(data.draw(st.integers(0, 3))):
        state.apply(data.draw(rebuilding(state, n)))
    goal = goal_for(strategy, state, data)
    for now in (NOW, NOW - 20 * DAY, NOW + 9 * DAY):
        same_plans(state, strategy, goal, now)
        planned = plan(state, strategy, now=now, goal=goal)
        for action in (*planned.actions, *planned.deferred):
            for whom in (action.contact_id, action.via_id):
                if whom is not None and whom in state.contacts:
                    assert not strategy.is_excluded(state.contacts[whom], state, goal)


def test_colleagues_named_as_candidates_are_never_approached() -> None:
    """A confidential search whose goal names the employer's other spelling
    as an alias: its colleagues are candidates, and stay out of the plan."""
    strategy = BUILTIN_STRATEGIES[1]
    state = NetworkState(
        Seeker(name="Robin", company="Acme", aliases=frozenset({"ACME Inc."}))
    )
    for n, company in enumerate(["Acme", "ACME Inc.", "Globex", "Acme"]):
        contact = person(f"c{n}", company=company, role="Technical Recruiter")
        state.apply(Change(summary="add", records=(contact,)))
    goal = attrs.evolve(
        job_goal("Globex", aliases=frozenset({"ACME Inc."})),
        scenario=strategy.scenario,
        target_contacts=frozenset({"c0"}),
    )
    named = strategy.target_candidates(state, goal)
    assert named is not None
    assert {"c0", "c1", "c2", "c3"} <= set(named)
    expected = reference_planner.plan(state, strategy, now=NOW, goal=goal)
    planned = plan(state, strategy, now=NOW, goal=goal)
    assert planned == expected
    assert {a.contact_id for a in planned.actions} - {None} == {"c2"}


def test_a_subclass_deciding_targets_its_own_way_names_no_candidates() -> None:
    """Overriding ``is_target`` or ``matches`` anywhere below the job search
    (a mixin included) turns the candidates off; overriding only
    ``is_excluded`` or ``may_introduce`` keeps them."""

    class Mixin:
        def is_target(
            self, contact: Contact, state: NetworkView, goal: Goal | None
        ) -> bool:
            return True

    @attrs.frozen(kw_only=True)
    class Everyone(Mixin, JobSearchStrategy):
        pass

    everyone = Everyone(**attrs.asdict(JOB, recurse=False))
    state = NetworkState(Seeker(name="Robin"))
    goal = job_goal("Globex")
    assert everyone.target_candidates(state, goal) is None
    assert SHAPED[-1].target_candidates(state, goal) == set()


# -- the vocabulary's answers -------------------------------------------------------

TITLES = st.lists(
    st.sampled_from(
        [
            "Technical Recruiter",
            "technical  RECRUITER",
            "Chief of Staff",
            "Talent Acquisition Lead",
            "Recruiter\u2028Lead",
            "\uff32\uff45\uff43\uff52\uff55\uff49\uff54\uff45\uff52",  # fullwidth
            "HR Business Partner",
            "Engineer",
            " ",
            "",
        ]
    )
    | st.text(max_size=30),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(titles=TITLES, limit=st.integers(1, 6))
def test_property_a_remembered_answer_is_the_answer(
    titles: list[str], limit: int
) -> None:
    """Whatever was asked before, and however often the memory filled up,
    every answer is the one the phrases give."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vocab, "_REMEMBERED", limit)
        remembered_answers_are_answers(titles, limit)


def remembered_answers_are_answers(titles: list[str], limit: int) -> None:
    roles = vocab.RECRUITING_ROLES.extend(["people partner"], unless=["chief of staff"])
    plain = vocab.RECRUITING_ROLES.extend(["people partner"], unless=["chief of staff"])
    for title in titles + titles[::-1]:
        assert roles.matches(title) is plain._matches(words(title))
        assert len(roles._answers) <= limit
    assert roles == plain
    assert hash(roles) == hash(plain)
    assert repr(roles) == repr(plain)


def test_a_vocabulary_shared_by_threads_answers_each_rightly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The builtin vocabularies are shared by every strategy, network and
    thread: asked at once, with a memory so small it is cleared all the
    time, every answer is still right."""
    monkeypatch.setattr(vocab, "_REMEMBERED", 3)
    roles = Vocabulary(["recruiter", "talent acquisition"], unless=["chief of staff"])
    titles = [
        f"{what} {n}"
        for n in range(10)
        for what in ("Recruiter", "Chief of Staff", "Talent Acquisition", "Engineer")
    ]
    expected = {title: roles._matches(words(title)) for title in titles}
    wrong: list[str] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        for _ in range(300):
            for title in titles:
                if roles.matches(title) is not expected[title]:
                    wrong.append(title)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def roles_of(text: str) -> Iterator[str]:
    yield from text.split(",")


def test_goal_roles_are_one_vocabulary_per_set_of_roles() -> None:
    """``_roles`` remembers a vocabulary per goal's roles: two goals with the
    same roles (in any order) share it, other roles get their own."""
    first = _roles(frozenset(roles_of("recruiter,talent partner")))
    assert _roles(frozenset(roles_of("talent partner,recruiter"))) is first
    assert _roles(frozenset({"engineer"})) is not first
    assert first.matches("Senior Talent Partner")
    assert not _roles(frozenset({"engineer"})).matches("Senior Talent Partner")


@attrs.frozen(kw_only=True)
class OneNamed(JobSearchStrategy):
    """A plugin's slip: its one candidate returned as a bare string, which
    type-checks (a ``str`` is a ``Collection[str]``)."""

    def target_candidates(
        self, state: NetworkView, goal: Goal | None
    ) -> Collection[str] | None:
        return "c1"


def test_a_bare_string_of_candidates_is_not_read_as_letters() -> None:
    """``frozenset("c1")`` is ``{"c", "1"}``: a bare id is read as one id."""
    strategy = OneNamed(**attrs.asdict(JOB, recurse=False))
    state = NetworkState(Seeker(name="Robin"))
    recruiter = person("c1", company="Globex", role="Technical Recruiter")
    state.apply(Change(summary="add", records=(recruiter,)))
    goal = job_goal("Globex")
    expected = reference_planner.plan(state, strategy, now=NOW, goal=goal)
    assert "c1" in {a.contact_id for a in expected.actions}
    assert plan(state, strategy, now=NOW, goal=goal) == expected


KEEP_WARM = st.sampled_from(
    [
        frozenset(),
        frozenset({Ring.COLD}),
        frozenset({Ring.BUDDY}),
        frozenset({Ring.LUKEWARM, Ring.COLD}),
        frozenset(Ring),
    ]
)


@PROPERTY
@given(
    state=grown(),
    keep_warm=KEEP_WARM,
    helps_others=st.booleans(),
    strategy=st.sampled_from(BUILTIN_STRATEGIES[:2]),
    data=st.data(),
)
def test_property_any_rings_kept_warm_give_the_reference_plan(
    state: NetworkState,
    keep_warm: frozenset[Ring],
    helps_others: bool,
    strategy: Strategy,
    data: st.DataObject,
) -> None:
    """A job search (which names candidates) that keeps any rings warm and
    may help others: who is passed over never changes the plan."""
    strategy = attrs.evolve(strategy, keep_warm=keep_warm, helps_others=helps_others)
    goal = goal_for(strategy, state, data)
    for now in (NOW, NOW - 20 * DAY, NOW + 9 * DAY):
        same_plans(state, strategy, goal, now)
