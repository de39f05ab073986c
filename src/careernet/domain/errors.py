"""The domain's exceptions, defined in :mod:`careernet.errors`.

This module re-exports the errors the pure core raises, so older imports
such as ``from careernet.domain.errors import InvalidValueError`` keep
working; new code can import them from :mod:`careernet.errors`, where the
whole tree is drawn.
"""

from __future__ import annotations

from careernet.errors import (
    CareerNetError,
    DuplicateIdError,
    ExcludedContactError,
    IncompleteGoalError,
    InvalidValueError,
    NaiveDatetimeError,
    TransitionError,
    UnknownIdError,
    UnknownScenarioError,
)

__all__ = [
    "CareerNetError",
    "DuplicateIdError",
    "ExcludedContactError",
    "IncompleteGoalError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "TransitionError",
    "UnknownIdError",
    "UnknownScenarioError",
]
