"""The rings: the seeker at the centre, each contact a dot in their ring.

A career coach draws four circles around the client and puts a dot for each
person in the ring where they stand; this is that sketch. A dot's colour says
where the approach to the person stands; a dark outline marks someone with
a step in this week's plan; a ring around the dot marks the tribe and a star
the fan club; a diamond is a target of the goal; a hollow, struck-through
dot is someone the strategy leaves out.

When a ring holds more people than fit as dots, the notable ones (something
due, targets, tribe and fan club, an approach under way) stay dots and the
rest are grouped by company into bubbles with their count, so a ring of
thousands stays readable and the SVG stays small.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Final
from xml.etree.ElementTree import Element

import attrs

from careernet._bulk import collector_paused
from careernet.domain import (
    ActionKind,
    Contact,
    Goal,
    Outreach,
    Plan,
    Ring,
    Stage,
    Strategy,
    outreach,
)
from careernet.domain.view import NetworkView

from ._style import (
    INK,
    RING_FILLS,
    RING_LABELS,
    STAGE_COLOURS,
    STAGE_LABELS,
    STYLE,
)
from ._svg import Canvas, number, star_path
from .picture import Picture

__all__ = ["HEIGHT", "WIDTH", "rings"]

WIDTH: Final = 920
HEIGHT: Final = 640
_CX: Final = 320.0
_CY: Final = 320.0
_EDGES: Final = (44.0, 108.0, 172.0, 236.0, 300.0)
"""The radii between the seeker's disc and the four rings, inside out."""
_DOT: Final = 5.5
"""A dot's radius in a crowded picture (and the legend's)."""
_SMALL: Final = 60
"""Up to this many people, dots are larger and names are written."""
_LABEL_ARC: Final = 78.0
"""Pixels of each ring left free at the top for its name."""
_LEGEND_X: Final = 648.0
_ORDER: Final = (Ring.BUDDY, Ring.STRATEGIC, Ring.LUKEWARM, Ring.COLD)


class _Person:
    """What the picture knows of one contact.

    Where the approach stands is found only for the people drawn as dots:
    it is the costly part, and a group's bubble does not show it.
    """

    __slots__ = ("_status", "company", "contact", "due", "excluded", "recent", "target")

    def __init__(
        self,
        contact: Contact,
        *,
        target: bool,
        excluded: bool,
        recent: bool,
        due: tuple[ActionKind, ...],
    ) -> None:
        self.contact = contact
        self.company = " ".join((contact.company or "").casefold().split())
        self.target = target
        self.excluded = excluded
        self.recent = recent
        self.due = due
        self._status: Outreach | None = None

    def status(self, judge: Callable[[Contact], Outreach]) -> Outreach:
        """Where the approach stands, found once."""
        if self._status is None:
            self._status = judge(self.contact)
        return self._status

    @property
    def notable(self) -> bool:
        """Whether the person stays a dot in a crowded ring."""
        c = self.contact
        return (
            bool(self.due or self.target or self.excluded or c.tribe or c.fan_club)
            or self.recent
        )

    @property
    def rank(self) -> tuple[bool, bool, bool, bool, str, str]:
        c = self.contact
        return (
            not self.due,
            not self.target,
            not (c.tribe or c.fan_club),
            not self.recent,
            c.name.casefold(),
            c.id,
        )


@attrs.frozen(kw_only=True)
class _Item:
    """One thing placed around a ring: a person's dot or a group's bubble."""

    width: float
    key: tuple[str, int, str, str]
    person: _Person | None = None
    members: tuple[_Person, ...] = ()
    radius: float = 0.0
    others: bool = False


@attrs.frozen(kw_only=True)
class _Band:
    """A ring's geometry."""

    ring: Ring
    inner: float
    outer: float
    dot: float
    spacing: float

    @property
    def middle(self) -> float:
        return (self.inner + self.outer) / 2

    @property
    def free(self) -> float:
        """The angle left for people once the label's arc is kept free."""
        return 2 * math.pi - _LABEL_ARC / self.middle

    @property
    def max_lanes(self) -> int:
        return max(1, int((self.outer - self.inner - 6) // self.spacing))

    def lane_radius(self, lane: int, lanes: int) -> float:
        return self.middle + (lane - (lanes - 1) / 2) * self.spacing

    def dot_width(self, lanes: int) -> float:
        """The angle one dot takes when dots take turns over ``lanes`` lanes."""
        return self.spacing / (lanes * self.lane_radius(0, lanes))

    def lanes_for(self, count: int) -> int:
        for lanes in range(1, self.max_lanes + 1):
            if count * self.dot_width(lanes) <= self.free:
                return lanes
        return self.max_lanes

    @property
    def max_bubble(self) -> float:
        return (self.outer - self.inner) / 2 - 3

    def bubble_radius(self, count: int) -> float:
        return min(self.max_bubble, self.dot + 1.7 * math.sqrt(count))

    def bubble_width(self, radius: float) -> float:
        return (2 * radius + 6) / self.middle


def _bands(people: int) -> dict[Ring, _Band]:
    dot, spacing = (8.0, 22.0) if people <= _SMALL else (_DOT, 14.0)
    return {
        ring: _Band(
            ring=ring, inner=_EDGES[n], outer=_EDGES[n + 1], dot=dot, spacing=spacing
        )
        for n, ring in enumerate(_ORDER)
    }


def _dot(band: _Band, person: _Person, lanes: int) -> _Item:
    c = person.contact
    return _Item(
        width=band.dot_width(lanes),
        key=(person.company or "\uffff", 1, c.name.casefold(), c.id),
        person=person,
    )


def _layout(band: _Band, people: Sequence[_Person]) -> tuple[list[_Item], int]:
    """What to place around one ring, and over how many lanes the dots go."""
    lanes = band.lanes_for(len(people))
    dot_width = band.dot_width(lanes)
    if len(people) * dot_width <= band.free:
        return [_dot(band, p, lanes) for p in people], lanes
    capacity = int(band.free / dot_width)
    notable = sorted((p for p in people if p.notable), key=lambda p: p.rank)
    kept = notable[: capacity // 2]
    kept_ids = {p.contact.id for p in kept}
    by_company: dict[str, list[_Person]] = {}
    for person in people:
        if person.contact.id not in kept_ids:
            by_company.setdefault(person.company, []).append(person)
    items = [_dot(band, p, lanes) for p in kept]
    budget = band.free - len(kept) * dot_width
    reserve = band.bubble_width(band.max_bubble)
    others: list[_Person] = []
    for key, members in sorted(by_company.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        radius = band.bubble_radius(len(members))
        width = band.bubble_width(radius)
        if key and len(members) > 1 and budget - width >= reserve:
            items.append(
                _Item(
                    width=width,
                    key=(key, 0, "", ""),
                    members=tuple(members),
                    radius=radius,
                )
            )
            budget -= width
        else:
            others.extend(members)
    if len(others) * dot_width <= budget:
        items.extend(_dot(band, p, lanes) for p in others)
    elif others:
        radius = band.bubble_radius(len(others))
        items.append(
            _Item(
                width=band.bubble_width(radius),
                key=("\U0010ffff", 0, "", ""),
                members=tuple(others),
                radius=radius,
                others=True,
            )
        )
    return items, lanes


def _people(
    state: NetworkView,
    strategy: Strategy,
    goal: Goal | None,
    now: dt.datetime,
    due: Mapping[str, tuple[ActionKind, ...]],
) -> list[_Person]:
    people = []
    lately = now - (strategy.rest_for + 2 * strategy.nudge_after)
    for contact in state.contacts.values():
        if contact.added_at > now:
            continue
        excluded = strategy.is_excluded(contact, state, goal)
        touched = state.last_touch(contact.id)
        people.append(
            _Person(
                contact,
                target=not excluded and strategy.is_target(contact, state, goal),
                excluded=excluded,
                recent=touched is not None and touched >= lately,
                due=due.get(contact.id, ()),
            )
        )
    return people


def _due(plan: Plan | None) -> dict[str, tuple[ActionKind, ...]]:
    due: dict[str, list[ActionKind]] = {}
    for step in plan.actions if plan else ():
        for action in step.steps:  # a merged step's parts, or the step itself
            for who in {action.contact_id, action.via_id} - {None}:
                assert who is not None
                kinds = due.setdefault(who, [])
                if action.kind not in kinds:
                    kinds.append(action.kind)
    return {who: tuple(kinds) for who, kinds in due.items()}


def _person_title(person: _Person, status: Outreach, *, share: bool) -> str:
    c = person.contact
    stage = STAGE_LABELS[status.stage]
    if status.since is not None and not share:
        stage += f" since {status.since:%d %b %Y}"
    marks = []
    if person.target and not share:
        marks.append("a target of your goal")
    if person.excluded and not share:
        marks.append("left out by your strategy")
    if c.tribe:
        marks.append("tribe")
    if c.fan_club:
        marks.append("fan club")
    if person.due:
        marks.append(
            "due this week: " + ", ".join(k.value.replace("_", " ") for k in person.due)
        )
    lines = [] if share else [c.name]
    if not share and (c.role or c.company):
        lines.append(", ".join(x for x in (c.role, c.company) if x))
    lines.append(f"{RING_LABELS[c.ring]} · {stage}")
    if marks:
        lines.append(" · ".join(marks))
    return "\n".join(lines)


def _group_title(item: _Item, ring: Ring, *, share: bool) -> str:
    count = len(item.members)
    where = RING_LABELS[ring].lower()
    if item.others:
        companies = len({p.company for p in item.members})
        head = f"{count:,} more people ({where}) at {companies:,} organisations or none"
    elif share:
        head = f"{count:,} people ({where}) at one organisation"
    else:
        head = f"{item.members[0].contact.company}: {count:,} people ({where})"
    if share:
        return head
    names = heapq.nsmallest(12, (p.contact.name for p in item.members))
    shown = ", ".join(names)
    more = f" and {count - 12:,} more" if count > 12 else ""
    return f"{head}\n{shown}{more}"


def _mark(
    canvas: Canvas,
    parent: Element,
    at: tuple[float, float],
    dot: float,
    *,
    kind: str,
    fill: str | None = None,
    classes: str = "",
) -> None:
    """One contact's mark: a dot, a target's diamond or a left-out dot."""
    x, y = at
    if kind == "excluded":
        canvas.add(
            parent, "circle", class_=f"cn-dot cn-excluded{classes}", cx=x, cy=y, r=dot
        )
        d = dot * 0.7
        canvas.add(
            parent, "line", class_="cn-slash", x1=x - d, y1=y + d, x2=x + d, y2=y - d
        )
    elif kind == "target":
        r = dot * 1.3
        path = (
            f"M{number(x)},{number(y - r)} L{number(x + r)},{number(y)} "
            f"L{number(x)},{number(y + r)} L{number(x - r)},{number(y)} Z"
        )
        canvas.add(
            parent, "path", class_=f"cn-dot cn-target{classes}", d=path, fill=fill
        )
    else:
        canvas.add(
            parent, "circle", class_=f"cn-dot{classes}", cx=x, cy=y, r=dot, fill=fill
        )


def _circles(
    canvas: Canvas,
    parent: Element,
    at: tuple[float, float],
    dot: float,
    *,
    tribe: bool,
    fan_club: bool,
) -> None:
    """The tribe's halo and the fan club's star around a mark."""
    x, y = at
    if tribe:
        canvas.add(parent, "circle", class_="cn-tribe", cx=x, cy=y, r=dot + 3)
    if fan_club:
        canvas.add(
            parent, "path", class_="cn-fan", d=star_path(x + dot, y - dot, dot * 0.75)
        )


def _draw_person(
    canvas: Canvas,
    parent: Element,
    person: _Person,
    status: Outreach,
    at: tuple[float, float],
    *,
    dot: float,
    label: str | None,
    share: bool,
) -> None:
    c = person.contact
    group = canvas.group(
        parent,
        class_="cn-contact",
        data_ring=c.ring.value,
        data_id=None if share else c.id,
    )
    canvas.text(group, "title", _person_title(person, status, share=share))
    kind = "dot"
    if not share and person.excluded:
        kind = "excluded"
    elif not share and person.target:
        kind = "target"
    _mark(
        canvas,
        group,
        at,
        dot,
        kind=kind,
        fill=STAGE_COLOURS[status.stage],
        classes=" cn-due" if person.due else "",
    )
    _circles(canvas, group, at, dot, tribe=c.tribe, fan_club=c.fan_club)
    if label:
        canvas.text(
            group,
            "text",
            label,
            class_="cn-name",
            x=at[0],
            y=at[1] + dot + 11,
            font_size=9.5,
            text_anchor="middle",
        )


def _draw_group(
    canvas: Canvas,
    parent: Element,
    item: _Item,
    ring: Ring,
    at: tuple[float, float],
    *,
    share: bool,
) -> None:
    x, y = at
    group = canvas.group(
        parent,
        class_="cn-cluster",
        data_ring=ring.value,
        data_count=len(item.members),
    )
    canvas.text(group, "title", _group_title(item, ring, share=share))
    canvas.add(group, "circle", class_="cn-group", cx=x, cy=y, r=item.radius)
    count = len(item.members)
    label = f"{count:,}" if count < 10_000 else f"{count // 1000}k"
    size = max(7.0, min(11.0, item.radius * 0.75))
    canvas.text(
        group,
        "text",
        label,
        class_="cn-count",
        x=x,
        y=y + size * 0.35,
        font_size=size,
    )


def _label(contact: Contact, room: float) -> str | None:
    """The name to write under a dot with ``room`` pixels to its neighbours."""
    if room >= 84:
        return _short(contact.name, 16)
    if room >= 46:
        return _short(contact.name.split()[0], 8)
    return None


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _draw_band(
    canvas: Canvas,
    parent: Element,
    band: _Band,
    people: Sequence[_Person],
    judge: Callable[[Contact], Outreach],
    *,
    share: bool,
) -> Counter[Stage]:
    """Draw one ring's people; return how many dots show each stage."""
    stages: Counter[Stage] = Counter()
    items, lanes = _layout(band, people)
    items.sort(key=lambda item: item.key)
    total = sum(item.width for item in items)
    scale = band.free / total if total else 1.0
    angle = -math.pi / 2 + (2 * math.pi - band.free) / 2
    dots = 0
    for item in items:
        middle = angle + item.width * scale / 2
        angle += item.width * scale
        if item.person is not None:
            radius = band.lane_radius(dots % lanes, lanes)
            dots += 1
            at = (_CX + radius * math.cos(middle), _CY + radius * math.sin(middle))
            room = item.width * scale * radius
            label = None if share or lanes > 1 else _label(item.person.contact, room)
            status = item.person.status(judge)
            stages[status.stage] += 1
            _draw_person(
                canvas,
                parent,
                item.person,
                status,
                at,
                dot=band.dot,
                label=label,
                share=share,
            )
        else:
            at = (
                _CX + band.middle * math.cos(middle),
                _CY + band.middle * math.sin(middle),
            )
            _draw_group(canvas, parent, item, band.ring, at, share=share)
    return stages


def _legend(
    canvas: Canvas,
    people: Sequence[_Person],
    stages: Counter[Stage],
    state: NetworkView,
    strategy: Strategy,
    *,
    share: bool,
) -> None:
    legend = canvas.group(class_="cn-legend")
    x, y = _LEGEND_X, 40.0
    canvas.text(
        legend,
        "text",
        "Where each approach stands",
        class_="cn-label",
        x=x,
        y=y,
        font_size=13,
    )
    drawn = sum(stages.values())
    if drawn < len(people):
        y += 16
        canvas.text(
            legend,
            "text",
            f"of the {drawn:,} drawn as dots",
            class_="cn-note",
            x=x,
            y=y,
            font_size=11,
        )
    for stage in Stage:
        y += 20
        canvas.add(
            legend,
            "circle",
            class_="cn-dot",
            cx=x + 7,
            cy=y - 4,
            r=_DOT,
            fill=STAGE_COLOURS[stage],
        )
        canvas.text(
            legend,
            "text",
            f"{STAGE_LABELS[stage]}: {stages[stage]:,}",
            x=x + 20,
            y=y,
            font_size=11,
            fill=INK,
        )
    y += 30
    canvas.text(legend, "text", "Marks", class_="cn-label", x=x, y=y, font_size=13)
    marks: list[tuple[str, str]] = [("due", "a step due this week")]
    if not share:
        marks += [
            ("target", "a target of the goal"),
            ("excluded", "left out by the strategy"),
        ]
    marks += [
        ("tribe", "tribe"),
        ("fan", "fan club"),
        ("group", "grouped by company (count)"),
    ]
    for mark, words in marks:
        y += 22
        at = (x + 7, y - 4)
        if mark == "group":
            canvas.add(legend, "circle", class_="cn-group", cx=at[0], cy=at[1], r=8)
        else:
            _mark(
                canvas,
                legend,
                at,
                _DOT,
                kind=mark if mark in ("target", "excluded") else "dot",
                fill=STAGE_COLOURS[
                    Stage.NOT_APPROACHED if mark == "target" else Stage.ENGAGED
                ],
                classes=" cn-due" if mark == "due" else "",
            )
            _circles(
                canvas,
                legend,
                at,
                _DOT,
                tribe=mark == "tribe",
                fan_club=mark == "fan",
            )
        canvas.text(legend, "text", words, x=x + 20, y=y, font_size=11, fill=INK)
    y += 34
    kept = sum(1 for p in people if p.contact.kept)
    summary = [f"{len(people):,} people, {kept:,} kept warm"]
    advice = state.capacity_advice()
    if advice is not None:
        summary.append("more than about 150 kept: too many")
    if not share:
        summary.append(f"strategy: {strategy.scenario.replace('_', ' ')}")
    canvas.lines(legend, x, y, summary, size=11, class_="cn-note")


def rings(
    state: NetworkView,
    strategy: Strategy,
    *,
    now: dt.datetime,
    goal: Goal | None = None,
    plan: Plan | None = None,
    share: bool = False,
) -> Picture:
    """The rings of ``state`` at ``now``, as an SVG :class:`Picture`.

    Args:
        state: The network.
        strategy: The strategy that says who is a target and who is left out.
        now: The moment to draw (approaches are judged then; contacts added
            later are left out).
        goal: The goal; the network's active goal by default.
        plan: The week's plan; whoever has a step in it is outlined.
        share: For showing others: no names, no companies, no ids, and no
            sign of a search (targets and exclusions are not marked).
    """
    with collector_paused():  # tens of thousands of objects, and no cycles
        return _rings(state, strategy, now, goal, plan, share=share)


def _rings(
    state: NetworkView,
    strategy: Strategy,
    now: dt.datetime,
    goal: Goal | None,
    plan: Plan | None,
    *,
    share: bool,
) -> Picture:
    goal = goal if goal is not None else state.active_goal
    people = _people(state, strategy, goal, now, _due(plan))
    by_ring: dict[Ring, list[_Person]] = {ring: [] for ring in _ORDER}
    for person in people:
        by_ring[person.contact.ring].append(person)
    counts = ", ".join(f"{len(by_ring[r]):,} {RING_LABELS[r].lower()}" for r in _ORDER)
    title = (
        "A network in four rings"
        if share
        else f"{state.seeker.name}'s network in four rings"
    )
    canvas = Canvas(
        WIDTH,
        HEIGHT,
        title=title,
        description=f"{len(people):,} people around the seeker: {counts}.",
        style=STYLE,
    )
    bands = _bands(len(people))
    backdrop = canvas.group(class_="cn-rings")
    for ring in reversed(_ORDER):
        band = bands[ring]
        canvas.add(
            backdrop,
            "circle",
            class_="cn-band",
            cx=_CX,
            cy=_CY,
            r=band.outer,
            fill=RING_FILLS[ring],
        )
    canvas.add(backdrop, "circle", cx=_CX, cy=_CY, r=_EDGES[0] - 6, fill=INK)
    seeker = canvas.group(class_="cn-seeker")
    canvas.text(seeker, "title", "You" if share else f"You: {state.seeker.name}")
    canvas.add(seeker, "circle", cx=_CX, cy=_CY, r=_EDGES[0] - 6, fill=INK)
    canvas.text(
        seeker,
        "text",
        "You",
        x=_CX,
        y=_CY + 5,
        font_size=14,
        fill="#ffffff",
        text_anchor="middle",
        font_weight="bold",
    )
    for ring in _ORDER:
        band = bands[ring]
        canvas.lines(
            backdrop,
            _CX,
            _CY - band.middle - 2,
            [RING_LABELS[ring], f"{len(by_ring[ring]):,}"],
            size=11,
            leading=1.1,
            class_="cn-label",
            text_anchor="middle",
        )
    people_layer = canvas.group(class_="cn-people")

    def judge(contact: Contact) -> Outreach:
        return outreach(
            state,
            contact.id,
            now,
            nudge_after=strategy.nudge_after,
            rest_for=strategy.rest_for,
        )

    stages: Counter[Stage] = Counter()
    for ring in _ORDER:
        stages += _draw_band(
            canvas, people_layer, bands[ring], by_ring[ring], judge, share=share
        )
    _legend(canvas, people, stages, state, strategy, share=share)
    return Picture(kind="rings", svg=canvas.svg(), width=WIDTH, height=HEIGHT)
