"""The week: the plan's steps against the time budget, and the meetings.

A coach draws the week's time as one bar: the meetings already in the
calendar take their part, each planned step its minutes, and what is left is
free; beneath it the seven days with the meetings on them, and the steps in
the order to take them.
"""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

from careernet.domain import Meeting, Plan, zone
from careernet.domain.view import NetworkView

from ._style import ACTION_COLOURS, ACTION_LABELS, INK, MUTED, STYLE
from ._svg import Canvas
from .picture import Picture

__all__ = ["week"]

WIDTH: Final = 800
_LEFT: Final = 20.0
_BAR: Final = 760.0
_ROWS: Final = 20
"""The most steps listed; the rest are counted."""
_PER_DAY: Final = 3
_DAYS_TOP: Final = 132.0


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _hours(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


def _budget_bar(canvas: Canvas, plan: Plan, *, share: bool) -> None:
    budget, committed = plan.budget_minutes, plan.committed_minutes
    scale = _BAR / max(budget, committed + plan.planned_minutes, 1)
    bar = canvas.group(class_="cn-budget", data_budget=budget)
    y, h = 64.0, 30.0
    canvas.add(
        bar,
        "rect",
        x=_LEFT,
        y=y,
        width=budget * scale,
        height=h,
        fill="#ffffff",
        stroke=MUTED,
        stroke_dasharray="4 3",
    )
    x = _LEFT
    if committed:
        part = canvas.group(bar, class_="cn-meetings", data_minutes=committed)
        canvas.text(
            part, "title", f"{committed} minutes in meetings already in the calendar"
        )
        canvas.add(part, "rect", x=x, y=y, width=committed * scale, height=h, fill=INK)
        if committed * scale > 70:
            canvas.text(
                part, "text", "meetings", x=x + 6, y=y + 19, font_size=11, fill="#fff"
            )
        x += committed * scale
    for action in plan.actions:
        step = canvas.group(
            bar,
            class_="cn-step",
            data_kind=action.kind.value,
            data_minutes=action.minutes,
        )
        words = ACTION_LABELS[action.kind] if share else action.reason
        canvas.text(step, "title", f"{action.minutes} min: {words}")
        canvas.add(
            step,
            "rect",
            x=x,
            y=y,
            width=action.minutes * scale,
            height=h,
            fill=ACTION_COLOURS[action.kind],
            stroke="#ffffff",
            stroke_width=0.5,
        )
        x += action.minutes * scale
    end = _LEFT + budget * scale
    canvas.add(
        canvas.root,
        "line",
        x1=end,
        y1=y - 6,
        x2=end,
        y2=y + h + 6,
        stroke=INK,
        stroke_width=2,
    )
    canvas.text(
        canvas.root,
        "text",
        f"budget {_hours(budget)}",
        class_="cn-note",
        x=end - 2,
        y=y + h + 18,
        font_size=11,
        text_anchor="end",
    )


def _days(
    canvas: Canvas,
    meetings: list[Meeting],
    state: NetworkView,
    start: dt.datetime,
    tz: ZoneInfo,
    *,
    share: bool,
) -> None:
    days = canvas.group(class_="cn-days")
    column = _BAR / 7
    top = _DAYS_TOP
    for n in range(7):
        day = (start + dt.timedelta(days=n)).date()
        cx = _LEFT + n * column
        canvas.add(
            days,
            "rect",
            x=cx + 1,
            y=top,
            width=column - 2,
            height=128,
            fill="#f6f8fa",
            stroke="#dde3e8",
        )
        canvas.text(
            days,
            "text",
            f"{day:%a %d}",
            class_="cn-label",
            x=cx + 6,
            y=top + 16,
            font_size=11,
        )
        todays = [m for m in meetings if m.scheduled_at.astimezone(tz).date() == day]
        for k, meeting in enumerate(todays[:_PER_DAY]):
            box = canvas.group(days, class_="cn-meeting")
            what = f"{meeting.scheduled_at.astimezone(tz):%H:%M} {meeting.kind.value}"
            person = state.contacts.get(meeting.contact_id)
            name = "" if share or person is None else person.name
            canvas.text(box, "title", f"{what} with {name}" if name else what)
            by = top + 24 + k * 34
            canvas.add(
                box, "rect", x=cx + 4, y=by, width=column - 8, height=30, rx=3, fill=INK
            )
            lines = [what] + ([_short(name, 17)] if name else [])
            canvas.lines(
                box, cx + 8, by + 12, lines, size=9.5, leading=1.2, fill="#ffffff"
            )
        if len(todays) > _PER_DAY:
            canvas.text(
                days,
                "text",
                f"+{len(todays) - _PER_DAY} more",
                class_="cn-note",
                x=cx + 6,
                y=top + 124,
                font_size=10,
            )


def _steps(canvas: Canvas, plan: Plan, *, share: bool) -> None:
    steps = canvas.group(class_="cn-steps")
    y = _DAYS_TOP + 160
    canvas.text(
        steps,
        "text",
        "The steps, in order",
        class_="cn-label",
        x=_LEFT,
        y=y,
        font_size=13,
    )
    lines: list[tuple[str, str | None, int | None]] = []
    for n, action in enumerate(plan.actions[:_ROWS]):
        words = ACTION_LABELS[action.kind] if share else action.reason
        lines.append(
            (
                f"{n + 1}. {_short(words, 100)}",
                ACTION_COLOURS[action.kind],
                action.minutes,
            )
        )
    if len(plan.actions) > _ROWS:
        lines.append((f"…and {len(plan.actions) - _ROWS} more steps", None, None))
    if not plan.actions:
        lines.append(
            ("Nothing to do this week: the network is in good shape.", None, None)
        )
    for text, colour, minutes in lines:
        y += 22
        if colour is not None:
            canvas.add(
                steps, "rect", x=_LEFT, y=y - 11, width=12, height=12, fill=colour
            )
            canvas.text(
                steps,
                "text",
                f"{minutes} min",
                x=_LEFT + 20,
                y=y,
                font_size=11,
                fill=MUTED,
            )
        canvas.text(steps, "text", text, x=_LEFT + 74, y=y, font_size=11, fill=INK)


def week(plan: Plan, state: NetworkView, *, share: bool = False) -> Picture:
    """The week of ``plan`` as an SVG :class:`Picture`.

    Args:
        plan: The week's plan (:meth:`careernet.Network.plan`).
        state: The network it was made for: its meetings and names, and the
            seeker's time zone for the days.
        share: For showing others: steps by kind only, meetings without
            names, nothing from the planner's reasons.
    """
    tz = zone(state.preferences.timezone)
    start = plan.now.astimezone(tz)
    end = plan.now + dt.timedelta(days=7)
    meetings = sorted(
        (
            m
            for m in state.meetings.values()
            if m.status.pending and plan.now <= m.scheduled_at < end
        ),
        key=lambda m: (m.scheduled_at, m.id),
    )
    rows = min(len(plan.actions), _ROWS) + (len(plan.actions) > _ROWS)
    height = int(_DAYS_TOP + 190 + max(rows, 1) * 22)
    planned, budget = plan.planned_minutes, plan.budget_minutes
    committed = plan.committed_minutes
    free = max(0, budget - committed - planned)
    summary = (
        f"{_hours(planned)} of {_hours(budget)} in {len(plan.actions)} steps, "
        f"{_hours(committed)} already in meetings, {_hours(free)} free"
    )
    if plan.deferred:
        waiting = sum(a.minutes for a in plan.deferred)
        summary += f"; {len(plan.deferred)} more steps ({_hours(waiting)}) wait"
    canvas = Canvas(
        WIDTH,
        height,
        title=f"The week from {start:%a %d %b %Y}",
        description=summary + ".",
        style=STYLE,
    )
    canvas.text(
        canvas.root,
        "text",
        f"The week from {start:%a %d %b}",
        class_="cn-label",
        x=_LEFT,
        y=30,
        font_size=16,
    )
    canvas.text(
        canvas.root, "text", summary, class_="cn-note", x=_LEFT, y=50, font_size=12
    )
    _budget_bar(canvas, plan, share=share)
    _days(canvas, meetings, state, start, tz, share=share)
    _steps(canvas, plan, share=share)
    return Picture(kind="week", svg=canvas.svg(), width=WIDTH, height=height)
