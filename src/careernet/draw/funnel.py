"""The funnel: ring sizes, moves in and out, conversion rates, time in ring.

A coach draws the rings as a funnel, cold at the wide top and buddies at the
narrow bottom, and writes beside each step how many people moved inward and
what share of that ring it was. :func:`flow` measures a period; :func:`funnel`
draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

import attrs

from careernet.domain import FunnelMetrics, InvalidValueError, Ring, metrics
from careernet.domain.funnel import ring_at
from careernet.domain.view import NetworkView

from ._style import INK, MUTED, RING_FILLS, RING_LABELS, STYLE
from ._svg import Canvas, number
from .picture import Picture

__all__ = ["Flow", "flow", "funnel"]

_TOP_DOWN: Final = (Ring.COLD, Ring.LUKEWARM, Ring.STRATEGIC, Ring.BUDDY)
WIDTH: Final = 760
HEIGHT: Final = 490


@attrs.frozen(kw_only=True)
class Flow:
    """The funnel over a period, with what its rates are made of.

    Attributes:
        metrics: The domain's measure of the period: sizes at its end,
            conversions, drifts, exposure and median time in ring.
        seen: How many different people were in each ring at some moment
            of the period.
        moved_in: How many of them moved inward out of that ring during it.
        drifted_out: How many moved outward out of that ring during it.
    """

    metrics: FunnelMetrics
    seen: Mapping[Ring, int]
    moved_in: Mapping[Ring, int]
    drifted_out: Mapping[Ring, int]

    def rate(self, ring: Ring) -> float | None:
        """The share of the people seen in ``ring`` who moved inward out of
        it in the period; ``None`` for buddies or a ring nobody was in."""
        if ring is Ring.BUDDY or not self.seen[ring]:
            return None
        return self.moved_in[ring] / self.seen[ring]


def flow(state: NetworkView, *, since: dt.datetime, until: dt.datetime) -> Flow:
    """Measure the funnel for ``[since, until)``, with conversion rates.

    A ring's conversion rate is the share of everyone who was in it at some
    moment of the period (there at its start, added to it, or moved into
    it) who moved inward out of it before the period ended.

    Raises:
        InvalidValueError: ``since`` is not before ``until``.
    """
    measured = metrics(state, since=since, until=until)
    if since >= until:
        raise InvalidValueError(
            f"The period must start before it ends; got {since.isoformat()} to "
            f"{until.isoformat()}."
        )
    seen: dict[Ring, set[str]] = {ring: set() for ring in Ring}
    moved: dict[Ring, set[str]] = {ring: set() for ring in Ring}
    drifted: dict[Ring, set[str]] = {ring: set() for ring in Ring}
    for contact in state.contacts.values():
        if contact.added_at >= until:
            continue
        start = ring_at(state, contact, max(since, contact.added_at))
        seen[start].add(contact.id)
    for transition in state.transitions.values():
        if not since <= transition.at < until:
            continue
        who = transition.contact_id
        seen[transition.from_ring].add(who)
        seen[transition.to_ring].add(who)
        (moved if transition.inward else drifted)[transition.from_ring].add(who)
    return Flow(
        metrics=measured,
        seen={ring: len(ids) for ring, ids in seen.items()},
        moved_in={ring: len(ids) for ring, ids in moved.items()},
        drifted_out={ring: len(ids) for ring, ids in drifted.items()},
    )


def _percent(rate: float) -> str:
    if rate == 0:
        return "0%"
    if rate < 0.01:
        return "<1%"
    return f"{rate:.0%}"


def funnel(measured: Flow) -> Picture:
    """The funnel of a period as an SVG :class:`Picture`.

    It holds counts only, never a name, so it can always be shared.
    """
    m = measured.metrics
    canvas = Canvas(
        WIDTH,
        HEIGHT,
        title=f"The funnel from {m.since:%d %b %Y} to {m.until:%d %b %Y}",
        description=(
            f"{m.converted:,} moved inward, {m.drifts:,} drifted outward and "
            f"{m.exposure:,} joined. "
            + "; ".join(f"{RING_LABELS[r]}: {m.sizes[r]:,}" for r in _TOP_DOWN)
            + "."
        ),
        style=STYLE,
    )
    centre, top, height, gap = 250.0, 92.0, 66.0, 28.0
    canvas.text(
        canvas.root,
        "text",
        f"The funnel, {m.since:%d %b} to {m.until:%d %b %Y}",
        class_="cn-label",
        x=20,
        y=30,
        font_size=16,
    )
    canvas.text(
        canvas.root,
        "text",
        f"+{m.exposure:,} joined",
        class_="cn-note",
        x=centre,
        y=58,
        font_size=12,
        text_anchor="middle",
    )
    _arrow(canvas, centre, 64, top - 4)
    for n, ring in enumerate(_TOP_DOWN):
        y = top + n * (height + gap)
        upper = 460 - n * 80
        lower = upper - 56
        layer = canvas.group(
            class_="cn-layer", data_ring=ring.value, data_size=m.sizes[ring]
        )
        stay = m.time_in_ring.get(ring)
        canvas.text(
            layer,
            "title",
            f"{RING_LABELS[ring]}: {m.sizes[ring]:,} people at the end"
            + (f"; median {stay.days} days in the ring" if stay is not None else ""),
        )
        points = [
            (centre - upper / 2, y),
            (centre + upper / 2, y),
            (centre + lower / 2, y + height),
            (centre - lower / 2, y + height),
        ]
        canvas.add(
            layer,
            "polygon",
            class_="cn-band",
            points=" ".join(f"{number(px)},{number(py)}" for px, py in points),
            fill=RING_FILLS[ring],
        )
        canvas.text(
            layer,
            "text",
            f"{RING_LABELS[ring]}  {m.sizes[ring]:,}",
            class_="cn-label",
            x=centre,
            y=y + 28,
            font_size=15,
            text_anchor="middle",
        )
        canvas.text(
            layer,
            "text",
            f"median {stay.days} days in ring" if stay is not None else "nobody here",
            class_="cn-note",
            x=centre,
            y=y + 48,
            font_size=11,
            text_anchor="middle",
        )
        if ring.inward is None:
            continue
        inner = ring.inward
        mid = y + height + gap / 2
        _arrow(canvas, centre, y + height + 3, y + height + gap - 3)
        rate = measured.rate(ring)
        moves = canvas.group(
            class_="cn-moves", data_from=ring.value, data_to=inner.value
        )
        canvas.lines(
            moves,
            500,
            mid - 2,
            [
                f"{measured.moved_in[ring]:,} moved in to {RING_LABELS[inner].lower()}",
                (
                    f"{_percent(rate)} of {measured.seen[ring]:,} "
                    f"in {RING_LABELS[ring].lower()}"
                    if rate is not None
                    else "nobody was in this ring"
                ),
            ],
            size=12,
            fill=INK,
        )
        canvas.text(
            moves,
            "text",
            f"{measured.drifted_out[inner]:,} drifted out",
            x=20,
            y=mid + 4,
            font_size=11,
            fill=MUTED,
        )
    canvas.text(
        canvas.root,
        "text",
        f"In all: {m.converted:,} moved inward, {m.drifts:,} drifted outward.",
        class_="cn-note",
        x=20,
        y=HEIGHT - 14,
        font_size=12,
    )
    return Picture(kind="funnel", svg=canvas.svg(), width=WIDTH, height=HEIGHT)


def _arrow(canvas: Canvas, x: float, y1: float, y2: float) -> None:
    canvas.add(
        canvas.root, "line", x1=x, y1=y1, x2=x, y2=y2 - 5, stroke=MUTED, stroke_width=2
    )
    canvas.add(
        canvas.root,
        "path",
        d=f"M{number(x - 5)},{number(y2 - 6)} L{number(x + 5)},{number(y2 - 6)} "
        f"L{number(x)},{number(y2)} Z",
        fill=MUTED,
    )
