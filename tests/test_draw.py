"""The pictures: well-formed SVG with the right structure, drawn by a real renderer."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careernet import draw
from careernet.domain import (
    ActionKind,
    Change,
    Contact,
    Goal,
    InteractionKind,
    MeetingStatus,
    NetworkState,
    Ring,
    Scenario,
    Seeker,
    StrategyRegistry,
    plan,
)
from careernet.domain.wording import SEARCH_WORDS
from careernet.draw._svg import clean
from careernet.sample import sample_goal, sample_network
from tests.builders import days, log, meet, move
from tests.conftest import NOW
from tests.draw_checks import having, parse, readable, render, title

HOSTILE = "<script>alert('x')</script> & Sons \x00\x1b\u2028\ufffe\ud800 Ltd"


def _state(scenario: str = Scenario.UNEMPLOYED) -> NetworkState:
    state = sample_network(NOW)
    state.apply(state.set_goal(sample_goal(scenario, NOW)))
    return state


def _crowd(count: int, *, seed: int = 7) -> NetworkState:
    """``count`` contacts over 400 companies, most of them cold."""
    rng = random.Random(seed)
    rings = [Ring.BUDDY] + [Ring.STRATEGIC] * 2 + [Ring.LUKEWARM] * 7 + [Ring.COLD] * 90
    contacts = [
        Contact(
            id=f"c{n}",
            name=f"Person {n}",
            ring=rng.choice(rings),
            added_at=NOW - days(rng.randrange(10, 900)),
            company=f"Company {rng.randrange(400)}" if n % 9 else None,
            tribe=n % 97 == 0,
            fan_club=n % 89 == 0,
        )
        for n in range(count)
    ]
    state = NetworkState(Seeker(name="Robin", company="Company 3"))
    state.apply(Change(summary="crowd", records=contacts))
    return state


def _drawn(svg_root: object) -> Counter[str]:
    """People in the picture per ring: dots plus the counts of groups."""
    assert hasattr(svg_root, "iter")
    counts: Counter[str] = Counter()
    for group in having(svg_root, "g", "cn-contact"):  # type: ignore[arg-type]
        counts[group.get("data-ring", "")] += 1
    for group in having(svg_root, "g", "cn-cluster"):  # type: ignore[arg-type]
        counts[group.get("data-ring", "")] += int(group.get("data-count", "0"))
    return counts


# -- the rings ----------------------------------------------------------------


def test_the_rings_have_four_bands_and_one_dot_per_contact(
    registry: StrategyRegistry,
) -> None:
    state = _state()
    strategy = registry.get(Scenario.UNEMPLOYED)
    picture = draw.rings(state, strategy, now=NOW, plan=plan(state, strategy, now=NOW))
    root = parse(picture)
    assert len(having(root, "circle", "cn-band")) == 4
    people = having(root, "g", "cn-contact")
    assert sorted(g.get("data-id", "") for g in people) == sorted(state.contacts)
    for group in people:
        assert len(having(group, "*", "cn-dot")) == 1
        contact = state.contacts[group.get("data-id", "")]
        assert title(group).startswith(contact.name)
        assert group.get("data-ring") == contact.ring.value
    assert not having(root, "g", "cn-cluster")
    # The root's title names the picture; the seeker is at the centre.
    assert title(root) == "Alex Rivera's network in four rings"
    assert "You" in "".join(having(root, "g", "cn-seeker")[0].itertext())
    render(picture)


def test_marks_tell_targets_tribe_fan_club_due_and_excluded_apart(
    registry: StrategyRegistry,
) -> None:
    state = _state(Scenario.EMPLOYED_CONFIDENTIAL)
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)
    week = plan(state, strategy, now=NOW)
    root = parse(draw.rings(state, strategy, now=NOW, plan=week))
    by_id = {g.get("data-id"): g for g in having(root, "g", "cn-contact")}
    goal = state.active_goal
    for contact in state.contacts.values():
        group = by_id[contact.id]
        excluded = strategy.is_excluded(contact, state, goal)
        assert bool(having(group, "circle", "cn-excluded")) == excluded
        assert bool(having(group, "path", "cn-target")) == (
            not excluded and strategy.is_target(contact, state, goal)
        )
        assert bool(having(group, "circle", "cn-tribe")) == contact.tribe
        assert bool(having(group, "path", "cn-fan")) == contact.fan_club
        assert bool(having(group, "*", "cn-due")) == bool(week.for_contact(contact.id))
    # Someone at the seeker's employer is left out, and says so on hover.
    assert any(
        "left out by your strategy" in title(by_id[c.id])
        for c in state.contacts.values()
        if c.company == "Northwind Analytics"
    )


def test_the_colour_is_where_the_approach_stands(
    registry: StrategyRegistry, add: object, empty: NetworkState
) -> None:
    strategy = registry.get(Scenario.UNEMPLOYED)
    assert callable(add)
    quiet, asked, late, engaged = (
        add(n) for n in ("Quiet", "Asked", "Late", "Engaged")
    )
    log(empty, asked.id, InteractionKind.OUTREACH, NOW - days(2))
    log(empty, late.id, InteractionKind.OUTREACH, NOW - days(10))
    log(empty, engaged.id, InteractionKind.REPLY, NOW - days(3))
    root = parse(draw.rings(empty, strategy, now=NOW))
    fills = {
        g.get("data-id"): having(g, "*", "cn-dot")[0].get("fill")
        for g in having(root, "g", "cn-contact")
    }
    assert len({fills[c.id] for c in (quiet, asked, late, engaged)}) == 4
    stages = {
        g.get("data-id"): title(g).splitlines()[1]
        for g in having(root, "g", "cn-contact")
    }
    assert stages[late.id].startswith("Cold · one nudge due since")
    assert stages[quiet.id] == "Cold · not approached"


def test_names_and_companies_are_escaped_and_kept_whole(
    registry: StrategyRegistry, add: object, empty: NetworkState
) -> None:
    assert callable(add)
    # As an older careernet stored it: the door now refuses such a name.
    hostile = Contact(
        id="hostile",
        name=HOSTILE,
        company="A & B <Holdings>",
        ring=Ring.BUDDY,
        tribe=True,
        added_at=NOW - days(365),
    )
    empty.apply(Change(summary="add", records=(hostile,)))
    add("Quote \" and apostrophe '", company="]]> end", ring=Ring.COLD)
    picture = draw.rings(empty, registry.get(Scenario.MAINTAIN), now=NOW)
    assert "<script>" not in picture.svg
    assert "&lt;script&gt;" in picture.svg
    root = parse(picture)
    titles = [title(g) for g in having(root, "g", "cn-contact")]
    assert clean(HOSTILE) in titles[0]
    assert "A & B <Holdings>" in titles[0]
    assert "]]> end" in titles[1]
    render(picture)


def test_a_shared_picture_shows_no_names_companies_ids_or_search(
    registry: StrategyRegistry,
) -> None:
    state = _state(Scenario.EMPLOYED_CONFIDENTIAL)
    strategy = registry.get(Scenario.EMPLOYED_CONFIDENTIAL)
    week = plan(state, strategy, now=NOW)
    picture = draw.rings(state, strategy, now=NOW, plan=week, share=True)
    text = readable(parse(picture)).casefold()
    secrets = {state.seeker.name, state.seeker.company or ""}
    for contact in state.contacts.values():
        secrets |= {contact.name, contact.id, contact.company or "", contact.role or ""}
        secrets |= {part for part in contact.name.split() if len(part) > 3}
    for secret in secrets - {""}:
        assert secret.casefold() not in text, secret
    words = set(re.findall(r"[a-z]+", text))
    assert not words & SEARCH_WORDS
    assert not words & {"target", "targets", "unemployed", "confidential", "excluded"}
    root = parse(picture)
    assert len(having(root, "g", "cn-contact")) == len(state.contacts)
    render(picture)


def test_a_crowded_ring_groups_by_company_and_keeps_everyone_counted(
    registry: StrategyRegistry,
) -> None:
    state = _crowd(1_500)
    strategy = registry.get(Scenario.MAINTAIN)
    picture = draw.rings(state, strategy, now=NOW)
    root = parse(picture)
    sizes = Counter(c.ring.value for c in state.contacts.values())
    assert _drawn(root) == sizes
    clusters = having(root, "g", "cn-cluster")
    assert clusters, "1,500 people do not fit as dots"
    assert all(int(g.get("data-count", "0")) >= 2 for g in clusters)
    # Tribe and fan-club members stay dots.
    dots = {g.get("data-id") for g in having(root, "g", "cn-contact")}
    assert {c.id for c in state.contacts.values() if c.tribe or c.fan_club} <= dots
    # Nothing overlaps the next ring: every dot stays in its band.
    render(picture)


def test_thirty_thousand_contacts_stay_under_two_megabytes(
    registry: StrategyRegistry,
) -> None:
    state = _crowd(30_000)
    picture = draw.rings(state, registry.get(Scenario.UNEMPLOYED), now=NOW)
    assert len(picture.svg.encode()) < 2 * 2**20
    root = parse(picture)
    assert sum(_drawn(root).values()) == 30_000
    assert len(having(root, "g", "cn-contact")) < 2_000


def test_contacts_added_after_the_moment_are_left_out(
    registry: StrategyRegistry, add: object, empty: NetworkState
) -> None:
    assert callable(add)
    add("Early")
    add("Later", added_at=NOW + days(1))
    root = parse(draw.rings(empty, registry.get(Scenario.MAINTAIN), now=NOW))
    assert [title(g).splitlines()[0] for g in having(root, "g", "cn-contact")] == [
        "Early"
    ]


def test_an_empty_network_draws_the_rings_and_the_seeker(
    registry: StrategyRegistry, empty: NetworkState
) -> None:
    picture = draw.rings(empty, registry.get(Scenario.MAINTAIN), now=NOW)
    root = parse(picture)
    assert len(having(root, "circle", "cn-band")) == 4
    assert not having(root, "g", "cn-contact")
    render(picture)


_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(
    str.strip
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(
        st.tuples(
            _names,
            st.sampled_from(list(Ring)),
            st.one_of(st.none(), _names),
            st.booleans(),
            st.booleans(),
        ),
        max_size=80,
    ),
    share=st.booleans(),
)
def test_any_names_give_a_well_formed_picture_with_every_person(
    people: list[tuple[str, Ring, str | None, bool, bool]], share: bool
) -> None:
    contacts = [
        Contact(
            id=f"c{n}",
            name=name,
            ring=ring,
            company=company,
            tribe=tribe,
            fan_club=fan,
            added_at=NOW - days(30),
        )
        for n, (name, ring, company, tribe, fan) in enumerate(people)
    ]
    state = NetworkState(Seeker(name="Robin"))
    state.apply(Change(summary="people", records=contacts))
    from careernet.domain import default_registry  # noqa: PLC0415

    picture = draw.rings(
        state, default_registry().get(Scenario.MAINTAIN), now=NOW, share=share
    )
    root = parse(picture)
    assert _drawn(root) == Counter(c.ring.value for c in contacts)
    for group in having(root, "g", "cn-contact"):
        assert len(having(group, "*", "cn-dot")) == 1
        text = title(group)
        if not share:
            assert (
                text.splitlines()[0]
                == clean(state.contacts[group.get("data-id", "")].name).splitlines()[0]
            )


# -- the funnel ---------------------------------------------------------------


def test_the_flow_counts_moves_and_rates(add: object, empty: NetworkState) -> None:
    assert callable(add)
    ann, ben, cat = add("Ann"), add("Ben"), add("Cat", ring=Ring.LUKEWARM)
    add("Dan")
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(20))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(19))
    log(empty, ben.id, InteractionKind.REPLY, NOW - days(120))
    move(empty, ben.id, Ring.LUKEWARM, NOW - days(100))  # before the period
    move(empty, cat.id, Ring.COLD, NOW - days(5))
    flow = draw.flow(empty, since=NOW - days(30), until=NOW)
    assert flow.seen[Ring.COLD] == 3  # Ann and Dan, then Cat drifting in
    assert flow.moved_in[Ring.COLD] == 1
    assert flow.rate(Ring.COLD) == pytest.approx(1 / 3)
    assert flow.seen[Ring.LUKEWARM] == 3  # Ben, Cat, then Ann
    assert flow.drifted_out[Ring.LUKEWARM] == 1
    assert flow.rate(Ring.LUKEWARM) == 0
    assert flow.rate(Ring.BUDDY) is None
    assert flow.metrics.converted == 1


def test_the_funnel_picture_shows_each_ring_and_rate(
    add: object, empty: NetworkState
) -> None:
    assert callable(add)
    ann = add("Ann")
    add("Ben")
    log(empty, ann.id, InteractionKind.REPLY, NOW - days(3))
    move(empty, ann.id, Ring.LUKEWARM, NOW - days(2))
    picture = draw.funnel(draw.flow(empty, since=NOW - days(30), until=NOW))
    root = parse(picture)
    layers = having(root, "g", "cn-layer")
    assert [g.get("data-ring") for g in layers] == [
        "cold",
        "lukewarm",
        "strategic",
        "buddy",
    ]
    assert [g.get("data-size") for g in layers] == ["1", "1", "0", "0"]
    moves = having(root, "g", "cn-moves")
    assert "1 moved in to lukewarm" in "".join(moves[0].itertext())
    assert "50% of 2 in cold" in "".join(moves[0].itertext())
    assert "Ann" not in picture.svg
    render(picture)


def test_a_period_must_start_before_it_ends(empty: NetworkState) -> None:
    from careernet.errors import InvalidValueError  # noqa: PLC0415

    with pytest.raises(InvalidValueError, match="start before it ends"):
        draw.flow(empty, since=NOW, until=NOW)


# -- the week -----------------------------------------------------------------


def test_the_week_shows_the_budget_the_steps_and_the_meetings(
    registry: StrategyRegistry,
) -> None:
    state = _state(Scenario.EMPLOYED_CONFIDENTIAL)
    week = plan(state, registry.get(Scenario.EMPLOYED_CONFIDENTIAL), now=NOW)
    picture = draw.week(week, state)
    root = parse(picture)
    steps = having(root, "g", "cn-step")
    assert [g.get("data-kind") for g in steps] == [a.kind.value for a in week.actions]
    assert sum(int(g.get("data-minutes", "0")) for g in steps) == week.planned_minutes
    assert [title(g).split(": ", 1)[1] for g in steps] == [
        a.reason for a in week.actions
    ]
    meetings = having(root, "g", "cn-meeting")
    pending = [
        m
        for m in state.meetings.values()
        if m.status.pending and NOW <= m.scheduled_at < NOW + days(7)
    ]
    assert len(meetings) == len(pending) > 0
    assert having(root, "g", "cn-budget")[0].get("data-budget") == str(
        week.budget_minutes
    )
    render(picture)


def test_a_shared_week_says_what_kind_of_step_and_no_more(
    registry: StrategyRegistry,
) -> None:
    state = _state(Scenario.EMPLOYED_CONFIDENTIAL)
    week = plan(state, registry.get(Scenario.EMPLOYED_CONFIDENTIAL), now=NOW)
    picture = draw.week(week, state, share=True)
    for contact in state.contacts.values():
        assert contact.name not in picture.svg
        assert not contact.company or contact.company not in picture.svg
    parse(picture)


def test_a_long_plan_lists_twenty_steps_and_counts_the_rest(
    registry: StrategyRegistry,
) -> None:
    state = _crowd(600)
    goal = Goal(
        id="g",
        scenario=Scenario.UNEMPLOYED,
        set_at=NOW,
        target_companies={f"Company {n}" for n in range(50)},
    )
    state.apply(state.set_goal(goal))
    week = plan(state, registry.get(Scenario.UNEMPLOYED), now=NOW)
    assert len(week.actions) > 20
    root = parse(draw.week(week, state))
    text = "".join(having(root, "g", "cn-steps")[0].itertext())
    assert f"…and {len(week.actions) - 20} more steps" in text


def test_a_busy_day_shows_three_meetings_and_counts_the_rest(
    registry: StrategyRegistry, add: object, empty: NetworkState
) -> None:
    assert callable(add)
    ann = add("Ann", ring=Ring.LUKEWARM)
    for hour in range(5):
        meet(
            empty,
            ann.id,
            NOW + dt.timedelta(days=1, hours=hour),
            status=MeetingStatus.SCHEDULED,
            meeting_id=f"m{hour}",
        )
    week = plan(empty, registry.get(Scenario.MAINTAIN), now=NOW)
    root = parse(draw.week(week, empty))
    assert len(having(root, "g", "cn-meeting")) == 3
    assert "+2 more" in "".join(having(root, "g", "cn-days")[0].itertext())
    assert week.committed_minutes == 5 * 45


def test_an_empty_week_says_so(registry: StrategyRegistry, empty: NetworkState) -> None:
    week = plan(empty, registry.get(Scenario.MAINTAIN), now=NOW - days(1))
    week = attrs.evolve(week, actions=())
    root = parse(draw.week(week, empty))
    assert "Nothing to do this week" in "".join(root.itertext())


# -- pictures as values ---------------------------------------------------------


def test_a_picture_shows_in_a_notebook_and_saves(tmp_path: Path) -> None:
    state = _state()
    picture = draw.funnel(draw.flow(state, since=NOW - days(30), until=NOW))
    assert picture._repr_svg_() == str(picture) == picture.svg
    assert repr(picture).startswith("<careernet.draw.Picture funnel 760x490, ")
    path = picture.save(tmp_path / "funnel.svg")
    assert path.read_text(encoding="utf-8") == picture.svg


def test_the_network_draws_itself(tmp_path: Path) -> None:
    import careernet  # noqa: PLC0415

    state = _state()
    store = careernet.open_store("memory:", autoload=False, clock=lambda: NOW)
    network = store.create("n", state.seeker, records=list(state.records()))
    rings = network.draw_rings()
    assert network._repr_svg_() == rings.svg
    assert len(having(parse(rings), "g", "cn-contact")) == len(state.contacts)
    assert "Alex Rivera" not in network.draw_rings(share=True).svg
    assert having(parse(network.draw_funnel()), "g", "cn-layer")
    week = network.draw_week()
    assert len(having(parse(week), "g", "cn-step")) == len(network.plan().actions)
    store.close()


def test_clean_replaces_only_what_xml_cannot_hold() -> None:
    assert clean("a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean("\x00\x08\x0b\x1f\ufffe\uffff\ud800") == "\ufffd" * 7
    assert clean("\u2028 é 😀") == "\u2028 é 😀"


def test_every_action_kind_and_stage_has_a_colour_and_words() -> None:
    from careernet.domain import Stage  # noqa: PLC0415
    from careernet.draw import _style  # noqa: PLC0415

    assert set(_style.ACTION_COLOURS) == set(_style.ACTION_LABELS) == set(ActionKind)
    assert set(_style.STAGE_COLOURS) == set(_style.STAGE_LABELS) == set(Stage)
    for words in _style.ACTION_LABELS.values():
        assert not set(words.split()) & SEARCH_WORDS


def test_the_docs_draw_the_sample_network_with_the_library(tmp_path: Path) -> None:
    import importlib.util  # noqa: PLC0415

    path = Path(__file__).parent.parent / "docs" / "_ext" / "careernet_pictures.py"
    spec = importlib.util.spec_from_file_location("careernet_pictures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pictures = module.write_pictures(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "funnel.svg",
        "rings-shared.svg",
        "rings.svg",
        "week.svg",
    ]
    for name, picture in pictures.items():
        assert (tmp_path / f"{name}.svg").read_text(encoding="utf-8") == picture.svg
        render(picture)
    moves = having(parse(pictures["funnel"]), "g", "cn-moves")
    assert "2 moved in to lukewarm" in "".join(moves[0].itertext())
    # The same moment gives the same files.
    again = module.write_pictures(tmp_path / "again")
    assert {n: p.svg for n, p in again.items()} == {
        n: p.svg for n, p in pictures.items()
    }
