"""Checks on a meeting being arranged: does it collide with another one?

Two meetings whose times overlap cannot both be kept; seven coffees at the
same minute are a typing slip or a plan that will fail. The check advises,
it never refuses: the seeker may know better (a call during a long lunch).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Advice, Meeting

__all__ = ["overlap_advice", "overlapping"]


def overlapping(meeting: Meeting, others: Iterable[Meeting]) -> list[Meeting]:
    """The pending meetings (other than ``meeting``) whose time overlaps it."""
    start, end = meeting.scheduled_at, meeting.scheduled_at + meeting.duration
    return sorted(
        (
            other
            for other in others
            if other.id != meeting.id
            and other.status.pending
            and other.scheduled_at < end
            and start < other.scheduled_at + other.duration
        ),
        key=lambda m: (m.scheduled_at, m.id),
    )


def overlap_advice(meeting: Meeting, others: Iterable[Meeting]) -> list[Advice]:
    """Advice when ``meeting`` overlaps pending meetings."""
    clashes = overlapping(meeting, others)
    if not clashes:
        return []
    first = clashes[0]
    more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
    return [
        Advice(
            code="overlap",
            message=(
                f"This {meeting.kind.value} at {meeting.scheduled_at:%a %d %b %H:%M} "
                f"overlaps another {first.kind.value} at "
                f"{first.scheduled_at:%a %d %b %H:%M}{more}. Move one of them so "
                "each person gets your full attention."
            ),
            contact_id=meeting.contact_id,
        )
    ]
