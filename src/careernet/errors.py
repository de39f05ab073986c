"""careernet's exceptions, all subclasses of :class:`CareerNetError`."""

from careernet.domain.errors import (
    CareerNetError,
    DuplicateIdError,
    ExcludedContactError,
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
    "InvalidValueError",
    "NaiveDatetimeError",
    "TransitionError",
    "UnknownIdError",
    "UnknownScenarioError",
]
