"""Draw the sample network's pictures when the documentation is built.

The pages show ``_generated/*.svg``; this extension writes them from the
library itself (:mod:`careernet.draw` over :mod:`careernet.sample`) at the
start of every build, so the pictures never drift from the code. The moment
is fixed, so a build gives the same files every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careernet import draw
from careernet.domain import (
    Interaction,
    InteractionKind,
    NetworkState,
    Ring,
    TransitionError,
    default_registry,
    plan,
)
from careernet.sample import sample_goal, sample_network

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
"""The moment the sample network is drawn at."""


def _story(now: dt.datetime) -> NetworkState:
    """The sample network, after two cold contacts replied and moved inward."""
    state = sample_network(now)
    state.apply(state.set_goal(sample_goal("unemployed", now)))
    cold = [c for c in state.contacts.values() if c.ring is Ring.COLD]
    for n, contact in enumerate(cold[:2]):
        at = now - dt.timedelta(days=20 - 6 * n)
        state.apply(
            state.log_interaction(
                Interaction(
                    id=f"docs-reply-{n}",
                    contact_id=contact.id,
                    kind=InteractionKind.REPLY,
                    at=at,
                )
            )
        )
        try:
            change = state.move(
                contact.id,
                Ring.LUKEWARM,
                at=at + dt.timedelta(days=1),
                transition_id=f"docs-move-{n}",
            )
        except TransitionError:  # pragma: no cover - the sample changed
            continue
        state.apply(change)
    return state


def write_pictures(target: Path, now: dt.datetime = NOW) -> dict[str, draw.Picture]:
    """Write the sample network's pictures into ``target``; return them by name."""
    state = _story(now)
    strategy = default_registry().get("unemployed")
    week = plan(state, strategy, now=now)
    pictures = {
        "rings": draw.rings(state, strategy, now=now, plan=week),
        "rings-shared": draw.rings(state, strategy, now=now, plan=week, share=True),
        "funnel": draw.funnel(
            draw.flow(state, since=now - dt.timedelta(days=90), until=now)
        ),
        "week": draw.week(week, state),
    }
    target.mkdir(parents=True, exist_ok=True)
    for name, picture in pictures.items():
        path = target / f"{name}.svg"
        if not path.exists() or path.read_text(encoding="utf-8") != picture.svg:
            picture.save(path)
    return pictures


def _builder_inited(app: Sphinx) -> None:
    write_pictures(Path(app.srcdir) / "_generated")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hook that draws the pictures before the pages are read."""
    app.connect("builder-inited", _builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
