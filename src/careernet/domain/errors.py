"""The exceptions careernet raises.

Every error careernet raises on purpose is a :class:`CareerNetError`, so an
application can catch one class. The subclasses say what kind of thing went
wrong; each message says what was wrong and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "CareerNetError",
    "DuplicateIdError",
    "ExcludedContactError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "TransitionError",
    "UnknownIdError",
    "UnknownScenarioError",
]


class CareerNetError(Exception):
    """Base class of every error careernet raises on purpose."""


class InvalidValueError(CareerNetError, ValueError):
    """A value was refused: an empty name, a negative duration, a bad choice."""


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an aware one is needed."""


class UnknownIdError(CareerNetError, LookupError):
    """An id names no record of the expected kind in this network."""

    def __init__(self, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(
            f"No {kind} with id {record_id!r} in this network. "
            f"Check the id, or add the {kind} first."
        )


class DuplicateIdError(CareerNetError, ValueError):
    """A new record reuses the id of one that already exists."""

    def __init__(self, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(
            f"A {kind} with id {record_id!r} already exists. "
            "Give the new record an id of its own."
        )


class TransitionError(CareerNetError):
    """A ring move was refused: a jump, a move to the same ring, or no evidence.

    Attributes:
        reason: Why, without advice on how to move anyway.
        overridable: Whether a stated reason (an override) would allow the
            move; the message then says how to pass one from Python.
    """

    def __init__(self, reason: str, *, overridable: bool = False) -> None:
        hint = " To move anyway, pass override='<why>'." if overridable else ""
        super().__init__(reason + hint)
        self.reason = reason
        self.overridable = overridable


class ExcludedContactError(CareerNetError):
    """The active strategy keeps this contact out of the search."""


class UnknownScenarioError(CareerNetError, LookupError):
    """No strategy is registered for the scenario."""
