"""The reciprocity ledger: balances, give-first advice, exclusions, thanks owed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet.domain import (
    Balance,
    Change,
    Contact,
    DuplicateIdError,
    ExcludedContactError,
    LedgerEntry,
    LedgerKind,
    MeetingStatus,
    NetworkState,
    Scenario,
    Seeker,
    StrategyRegistry,
    UnknownIdError,
    balance,
    thanks_owed,
    totals,
)
from careernet.domain.ledger import THANK_WITHIN, tally
from tests import builders
from tests.builders import days
from tests.conftest import NOW, ContactFactory, run

NOTE = "an article on hiring trends"
"""What this module's ledger entries record unless a test says otherwise."""

entry = partial(builders.entry, what=NOTE)
book = partial(builders.book, what=NOTE)
meet = partial(builders.meet, purpose="Hear how they moved into data science")


# -- balance -------------------------------------------------------------------


def test_balance_counts_each_kind_of_entry(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    for kind, count in [
        (LedgerKind.GIVE, 3),
        (LedgerKind.ASK, 1),
        (LedgerKind.RECEIVED, 2),
        (LedgerKind.THANKS, 2),
    ]:
        for i in range(count):
            book(empty, ann.id, kind, NOW - days(10 - i))

    result = balance(empty, ann.id)

    assert result == Balance(gives=3, asks=1, received=2, thanks=2)
    assert result.net == 2


def test_balance_net_is_negative_when_asking_more_than_giving(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))
    book(empty, ann.id, LedgerKind.ASK, NOW - days(2))
    book(empty, ann.id, LedgerKind.ASK, NOW - days(1))

    assert balance(empty, ann.id).net == -1


def test_balance_is_zero_for_a_contact_without_entries(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    assert balance(empty, ann.id) == Balance()
    assert balance(empty, ann.id).net == 0


def test_balance_counts_only_the_contacts_own_entries(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob = add("Ann"), add("Bob")
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(2))
    book(empty, bob.id, LedgerKind.ASK, NOW - days(1))

    assert balance(empty, ann.id) == Balance(gives=1)
    assert balance(empty, bob.id) == Balance(asks=1)


def test_balances_add_field_by_field() -> None:
    total = Balance(gives=1, asks=2, received=3, thanks=4) + Balance(
        gives=10, asks=20, received=30, thanks=40
    )

    assert total == Balance(gives=11, asks=22, received=33, thanks=44)
    assert total.net == -11


def test_balance_in_the_sample_network(network: NetworkState) -> None:
    assert balance(network, "raj") == Balance(gives=1, received=1, thanks=1)
    assert balance(network, "sam") == Balance(asks=1)
    assert totals(network) == Balance(gives=2, asks=1, received=1, thanks=1)


def test_totals_of_an_empty_network_are_zero(empty: NetworkState) -> None:
    assert totals(empty) == Balance()


CONTACT_IDS = ("c1", "c2", "c3")

ledger_lines = st.lists(
    st.tuples(st.sampled_from(CONTACT_IDS), st.sampled_from(LedgerKind)),
    max_size=40,
)


def ledger_network(lines: list[tuple[str, LedgerKind]]) -> NetworkState:
    """A network with three contacts and ``lines`` logged in the order given."""
    state = NetworkState(Seeker(name="Robin"))
    for contact_id in CONTACT_IDS:
        contact = Contact(id=contact_id, name=contact_id.upper(), added_at=NOW)
        run(state, state.add_contact(contact))
    for i, (contact_id, kind) in enumerate(lines):
        at = NOW + dt.timedelta(hours=i)
        run(state, state.log_entry(entry(contact_id, kind, at, entry_id=f"l{i}")))
    return state


@given(lines=ledger_lines)
def test_totals_equal_the_sum_of_the_contacts_balances(
    lines: list[tuple[str, LedgerKind]],
) -> None:
    state = ledger_network(lines)

    summed = sum((balance(state, c) for c in CONTACT_IDS), Balance())

    assert totals(state) == summed
    kinds = Counter(kind for _, kind in lines)
    assert summed == Balance(
        gives=kinds[LedgerKind.GIVE],
        asks=kinds[LedgerKind.ASK],
        received=kinds[LedgerKind.RECEIVED],
        thanks=kinds[LedgerKind.THANKS],
        requests=kinds[LedgerKind.REQUEST],
    )


@given(data=st.data(), lines=ledger_lines)
def test_balances_do_not_depend_on_the_order_entries_arrive_in(
    data: st.DataObject, lines: list[tuple[str, LedgerKind]]
) -> None:
    shuffled = data.draw(st.permutations(lines))

    state, other = ledger_network(lines), ledger_network(shuffled)

    assert totals(state) == totals(other)
    for contact_id in CONTACT_IDS:
        assert balance(state, contact_id) == balance(other, contact_id)


# -- give first ---------------------------------------------------------------


def test_asking_someone_never_given_to_advises_giving_first(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    change = empty.log_entry(
        entry(ann.id, LedgerKind.ASK, NOW, entry_id="l1", what="a referral")
    )

    assert [a.code for a in change.advice] == ["give-first"]
    assert change.advice[0].contact_id == ann.id
    assert "Ann" in change.advice[0].message


def test_an_ask_without_a_give_is_still_recorded(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")

    ask = book(empty, ann.id, LedgerKind.ASK, NOW)

    assert empty.entries[ask.id] == ask


def test_asking_after_a_give_needs_no_advice(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))

    change = empty.log_entry(entry(ann.id, LedgerKind.ASK, NOW, entry_id="l2"))

    assert change.advice == ()


def test_a_give_to_someone_else_does_not_count_for_give_first(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob = add("Ann"), add("Bob")
    book(empty, bob.id, LedgerKind.GIVE, NOW - days(3))

    change = empty.log_entry(entry(ann.id, LedgerKind.ASK, NOW, entry_id="l2"))

    assert [a.code for a in change.advice] == ["give-first"]


@pytest.mark.parametrize(
    "kind", [LedgerKind.GIVE, LedgerKind.RECEIVED, LedgerKind.THANKS]
)
def test_only_asks_bring_give_first_advice(
    empty: NetworkState, add: ContactFactory, kind: LedgerKind
) -> None:
    ann = add("Ann")

    change = empty.log_entry(entry(ann.id, kind, NOW, entry_id="l1"))

    assert change.advice == ()


# -- strategy exclusions -------------------------------------------------------


@pytest.mark.parametrize("company", ["Acme", "  ACME ", "acme"])
def test_asking_someone_at_the_seekers_company_is_refused_when_confidential(
    empty: NetworkState,
    add: ContactFactory,
    registry: StrategyRegistry,
    company: str,
) -> None:
    ann = add("Ann", company=company)
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)
    before = list(empty.records())

    with pytest.raises(ExcludedContactError, match="Ann"):
        empty.log_entry(
            entry(ann.id, LedgerKind.ASK, NOW, entry_id="l1"), strategy=strategy
        )

    assert list(empty.records()) == before


def test_asking_someone_at_the_seekers_company_is_refused_even_after_a_give(
    empty: NetworkState, add: ContactFactory, registry: StrategyRegistry
) -> None:
    ann = add("Ann", company="Acme")
    book(empty, ann.id, LedgerKind.GIVE, NOW - days(3))
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)

    with pytest.raises(ExcludedContactError):
        empty.log_entry(
            entry(ann.id, LedgerKind.ASK, NOW, entry_id="l2"), strategy=strategy
        )


def test_asking_someone_elsewhere_is_allowed_when_confidential(
    empty: NetworkState, add: ContactFactory, registry: StrategyRegistry
) -> None:
    ann = add("Ann", company="Globex")
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)

    change = empty.log_entry(
        entry(ann.id, LedgerKind.ASK, NOW, entry_id="l1"), strategy=strategy
    )

    assert [a.code for a in change.advice] == ["give-first"]


def test_the_exclusion_applies_only_when_a_strategy_is_passed(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann", company="Acme")

    run(empty, empty.log_entry(entry(ann.id, LedgerKind.ASK, NOW, entry_id="l1")))

    assert balance(empty, ann.id).asks == 1


def test_an_open_strategy_allows_asking_colleagues(
    empty: NetworkState, add: ContactFactory, registry: StrategyRegistry
) -> None:
    ann = add("Ann", company="Acme")

    run(
        empty,
        empty.log_entry(
            entry(ann.id, LedgerKind.ASK, NOW, entry_id="l1"),
            strategy=registry.get(Scenario.UNEMPLOYED),
        ),
    )

    assert balance(empty, ann.id).asks == 1


# -- thanks owed ---------------------------------------------------------------


def test_a_held_meeting_leaves_thanks_owed(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    meeting = meet(empty, ann.id, NOW - days(1), purpose="Learn about Globex")

    [owed] = thanks_owed(empty, ann.id)

    assert owed.contact_id == ann.id
    assert owed.record_id == meeting.id
    assert owed.since == meeting.scheduled_at
    assert owed.due == meeting.scheduled_at + THANK_WITHIN
    assert "Learn about Globex" in owed.what


@pytest.mark.parametrize(
    "status",
    [
        MeetingStatus.SCHEDULED,
        MeetingStatus.DECLINED,
        MeetingStatus.NO_RESPONSE,
        MeetingStatus.CANCELLED,
    ],
)
def test_a_meeting_that_was_not_held_leaves_no_thanks_owed(
    empty: NetworkState, add: ContactFactory, status: MeetingStatus
) -> None:
    ann = add("Ann")
    meet(empty, ann.id, NOW - days(1), status=status)

    assert thanks_owed(empty, ann.id) == []


def test_help_received_leaves_thanks_owed(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    help_ = book(
        empty, ann.id, LedgerKind.RECEIVED, NOW - days(1), what="Reviewed my CV"
    )

    [owed] = thanks_owed(empty, ann.id)

    assert owed.record_id == help_.id
    assert owed.what == "Reviewed my CV"
    assert owed.since == help_.at
    assert owed.due == help_.at + THANK_WITHIN


def test_the_thank_you_is_due_two_days_after() -> None:
    assert days(2) == THANK_WITHIN


@pytest.mark.parametrize("kind", [LedgerKind.GIVE, LedgerKind.ASK])
def test_gives_and_asks_leave_no_thanks_owed(
    empty: NetworkState, add: ContactFactory, kind: LedgerKind
) -> None:
    ann = add("Ann")
    book(empty, ann.id, kind, NOW - days(1))

    assert thanks_owed(empty, ann.id) == []


@pytest.mark.parametrize("after", [days(1), dt.timedelta(0)])
def test_thanks_at_or_after_clears_what_is_owed(
    empty: NetworkState, add: ContactFactory, after: dt.timedelta
) -> None:
    ann = add("Ann")
    meeting = meet(empty, ann.id, NOW - days(5))
    help_ = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(4))
    assert len(thanks_owed(empty, ann.id)) == 2

    book(empty, ann.id, LedgerKind.THANKS, max(meeting.scheduled_at, help_.at) + after)

    assert thanks_owed(empty, ann.id) == []


def test_thanks_before_the_help_does_not_clear_it(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(5))
    help_ = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(4))

    assert [o.record_id for o in thanks_owed(empty, ann.id)] == [help_.id]


def test_thanks_before_the_meeting_does_not_clear_it(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(5))
    meeting = meet(empty, ann.id, NOW - days(1))

    assert [o.record_id for o in thanks_owed(empty, ann.id)] == [meeting.id]


def test_thanks_clears_only_what_came_before_it(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(10))
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(9))
    later = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(2))

    assert [o.record_id for o in thanks_owed(empty, ann.id)] == [later.id]


def test_the_latest_thanks_clears_what_an_earlier_one_left_owed(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(10))
    book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(5))
    meet(empty, ann.id, NOW - days(4))
    book(empty, ann.id, LedgerKind.THANKS, NOW - days(3))

    assert thanks_owed(empty, ann.id) == []


def test_thanks_to_someone_else_does_not_clear_it(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob = add("Ann"), add("Bob")
    help_ = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(2))
    book(empty, bob.id, LedgerKind.THANKS, NOW - days(1))

    assert [o.record_id for o in thanks_owed(empty, ann.id)] == [help_.id]


def test_thanks_owed_is_listed_oldest_first(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann = add("Ann")
    meeting = meet(empty, ann.id, NOW - days(1))
    help_ = book(empty, ann.id, LedgerKind.RECEIVED, NOW - days(3))

    owed = thanks_owed(empty, ann.id)

    assert [o.record_id for o in owed] == [help_.id, meeting.id]
    assert [o.due for o in owed] == [
        NOW - days(3) + THANK_WITHIN,
        NOW - days(1) + THANK_WITHIN,
    ]


def test_thanks_owed_in_the_sample_network(network: NetworkState) -> None:
    [owed] = thanks_owed(network, "jordan")

    assert owed.record_id == "m-jordan"
    assert owed.due == network.meeting("m-jordan").scheduled_at + THANK_WITHIN
    assert thanks_owed(network, "raj") == []


# -- ids -----------------------------------------------------------------------


def test_balance_of_an_unknown_contact_is_an_error(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        balance(empty, "nobody")


def test_thanks_owed_by_an_unknown_contact_is_an_error(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        thanks_owed(empty, "nobody")


def test_an_entry_for_an_unknown_contact_is_refused(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        empty.log_entry(entry("nobody", LedgerKind.GIVE, NOW, entry_id="l1"))

    assert empty.entries == {}


def test_an_entry_reusing_an_id_is_refused(
    empty: NetworkState, add: ContactFactory
) -> None:
    ann, bob = add("Ann"), add("Bob")
    first = book(empty, ann.id, LedgerKind.GIVE, NOW - days(1))

    with pytest.raises(DuplicateIdError, match=first.id):
        empty.log_entry(entry(bob.id, LedgerKind.ASK, NOW, entry_id=first.id))

    assert empty.entries == {first.id: first}


@given(
    kinds=st.lists(st.sampled_from(list(LedgerKind)), max_size=30),
    others=st.integers(0, 5),
)
def test_tally_counts_each_kind_and_agrees_with_balance(
    kinds: list[LedgerKind], others: int
) -> None:
    """``tally`` counts entries by kind; for one contact's entries it is their
    balance, and over every entry it is the network's totals."""
    state = NetworkState(Seeker(name="Robin"))
    ann = Contact(id="ann", name="Ann", added_at=NOW - days(30))
    bob = Contact(id="bob", name="Bob", added_at=NOW - days(30))
    state.apply(Change(summary="add", records=(ann, bob)))
    mine = [
        LedgerEntry(id=f"a{n}", contact_id="ann", kind=kind, at=NOW, what="x")
        for n, kind in enumerate(kinds)
    ]
    theirs = [
        LedgerEntry(
            id=f"b{n}", contact_id="bob", kind=LedgerKind.GIVE, at=NOW, what="x"
        )
        for n in range(others)
    ]
    state.apply(Change(summary="log", records=(*mine, *theirs)))
    counted = Counter(kinds)
    tallied = tally(mine)
    assert (
        tallied.gives,
        tallied.asks,
        tallied.received,
        tallied.thanks,
        tallied.requests,
    ) == tuple(counted[kind] for kind in LedgerKind)
    assert tallied == balance(state, "ann")
    assert tally([*mine, *theirs]) == totals(state)
