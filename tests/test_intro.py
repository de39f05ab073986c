"""Introduction paths: who nearer the centre could introduce the seeker."""

from __future__ import annotations

from functools import partial

import pytest

from careernet.domain import (
    Contact,
    LedgerKind,
    NetworkState,
    Ring,
    UnknownIdError,
    introduction_paths,
)
from tests import builders
from tests.builders import days
from tests.conftest import NOW, ContactFactory


def introducers(state: NetworkState, target: Contact) -> list[str]:
    return [p.introducer_id for p in introduction_paths(state, target.id)]


book = partial(builders.book, what="A report on the analytics market")
"""A ledger entry about a report given or received."""


def test_explicit_link_ranks_over_current_colleague_over_past_colleague(
    empty: NetworkState, add: ContactFactory
) -> None:
    # The stronger tie wins even from an outer ring and a later name.
    alumnus = add("Abe", ring=Ring.BUDDY, past_companies=("Globex",))
    colleague = add("Kim", ring=Ring.STRATEGIC, company="Globex")
    linked = add("Zed", ring=Ring.LUKEWARM)
    target = add("Tess", company="Globex", knows={linked.id})

    paths = introduction_paths(empty, target.id)

    assert [(p.introducer_id, p.strength) for p in paths] == [
        (linked.id, 3),
        (colleague.id, 2),
        (alumnus.id, 1),
    ]
    assert [p.reasons for p in paths] == [
        ("knows them",),
        ("works at Globex too",),
        ("used to work at Globex",),
    ]
    assert all(p.target_id == target.id for p in paths)


def test_strengths_of_several_ties_are_summed(
    empty: NetworkState, add: ContactFactory
) -> None:
    linked = add("Zed", ring=Ring.LUKEWARM)
    both = add("Yan", ring=Ring.LUKEWARM, company="Globex")
    target = add("Tess", company="Globex", knows={linked.id, both.id})

    [first, second] = introduction_paths(empty, target.id)

    assert (first.introducer_id, first.strength) == (both.id, 5)
    assert first.reasons == ("knows them", "works at Globex too")
    assert (second.introducer_id, second.strength) == (linked.id, 3)


def test_a_shared_past_employer_of_the_target_counts(
    empty: NetworkState, add: ContactFactory
) -> None:
    now_there = add("Ida", ring=Ring.STRATEGIC, company="Initech")
    also_left = add("Uma", ring=Ring.STRATEGIC, past_companies=("Initech",))
    target = add("Tess", company="Globex", past_companies=("Initech",))

    paths = introduction_paths(empty, target.id)

    assert [(p.introducer_id, p.strength, p.reasons) for p in paths] == [
        (now_there.id, 1, ("shares Initech with them",)),
        (also_left.id, 1, ("shares Initech with them",)),
    ]


def test_equal_strength_ranks_inner_rings_first(
    empty: NetworkState, add: ContactFactory
) -> None:
    lukewarm = add("Adam", ring=Ring.LUKEWARM, company="Globex")
    strategic = add("Mo", ring=Ring.STRATEGIC, company="Globex")
    buddy = add("Zoe", ring=Ring.BUDDY, company="Globex")
    target = add("Tess", company="Globex")

    assert introducers(empty, target) == [buddy.id, strategic.id, lukewarm.id]


def test_equal_strength_and_ring_ranks_by_ledger_net_balance(
    empty: NetworkState, add: ContactFactory
) -> None:
    asked = add("Adam", ring=Ring.STRATEGIC, company="Globex")
    neutral = add("Mo", ring=Ring.STRATEGIC, company="Globex")
    given = add("Zoe", ring=Ring.STRATEGIC, company="Globex")
    book(empty, asked.id, LedgerKind.ASK, NOW - days(3), entry_id="l1")
    book(empty, given.id, LedgerKind.GIVE, NOW - days(3), entry_id="l2")
    book(empty, given.id, LedgerKind.GIVE, NOW - days(3), entry_id="l3")
    book(empty, given.id, LedgerKind.ASK, NOW - days(3), entry_id="l4")
    target = add("Tess", company="Globex")

    assert introducers(empty, target) == [given.id, neutral.id, asked.id]


def test_ring_ranks_before_ledger_balance(
    empty: NetworkState, add: ContactFactory
) -> None:
    generous = add("Adam", ring=Ring.STRATEGIC, company="Globex")
    book(empty, generous.id, LedgerKind.GIVE, NOW - days(3), entry_id="l1")
    buddy = add("Zoe", ring=Ring.BUDDY, company="Globex")
    target = add("Tess", company="Globex")

    assert introducers(empty, target) == [buddy.id, generous.id]


def test_only_contacts_nearer_the_centre_than_the_target_can_introduce(
    empty: NetworkState, add: ContactFactory
) -> None:
    buddy = add("Bo", ring=Ring.BUDDY, company="Globex")
    strategic = add("Sy", ring=Ring.STRATEGIC, company="Globex")
    add("Lu", ring=Ring.LUKEWARM, company="Globex")
    add("Cy", ring=Ring.COLD, company="Globex")
    target = add("Tess", ring=Ring.LUKEWARM, company="Globex")

    assert introducers(empty, target) == [buddy.id, strategic.id]


def test_a_buddy_target_has_no_introducers(
    empty: NetworkState, add: ContactFactory
) -> None:
    add("Bo", ring=Ring.BUDDY, company="Globex")
    target = add("Tess", ring=Ring.BUDDY, company="Globex")

    assert introduction_paths(empty, target.id) == []


def test_the_target_never_introduces_themselves(
    empty: NetworkState, add: ContactFactory
) -> None:
    target = add("Tess", company="Globex", past_companies=("Globex",))

    assert introduction_paths(empty, target.id) == []


def test_excluded_contacts_are_never_introducers(
    empty: NetworkState, add: ContactFactory
) -> None:
    colleague = add("Sam", ring=Ring.BUDDY, company="Acme")
    alumnus = add("Raj", ring=Ring.STRATEGIC, past_companies=("Initech",))
    target = add("Lena", company="Initech", knows={colleague.id})
    assert introducers(empty, target) == [colleague.id, alumnus.id]

    paths = introduction_paths(empty, target.id, exclude=lambda c: c.company == "Acme")

    assert [p.introducer_id for p in paths] == [alumnus.id]


def test_no_path_when_the_target_itself_is_excluded(
    empty: NetworkState, add: ContactFactory
) -> None:
    add("Sam", ring=Ring.BUDDY, company="Acme")
    target = add("Chen", company="Acme")

    paths = introduction_paths(empty, target.id, exclude=lambda c: c.id == target.id)

    assert paths == []


def test_unknown_target_raises_unknown_id_error(empty: NetworkState) -> None:
    with pytest.raises(UnknownIdError, match="nobody"):
        introduction_paths(empty, "nobody")
