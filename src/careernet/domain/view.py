"""What the rules read of a network: a read-only view.

The rule modules (the funnel, the ledger, approaches, strategies, intro
paths, imports, the planner and reminders) take a :class:`NetworkView`, not
the aggregate that holds the records: they only read, they cannot apply a
change, and they import nothing from :mod:`careernet.domain.state`. So a
strategy from a plugin is handed a view it cannot write through, and the
domain's modules import each other without a cycle.

:class:`~careernet.domain.state.NetworkState` satisfies the protocol
structurally; a test builds one wherever a view is expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol, TypeVar, runtime_checkable

from .model import (
    Advice,
    Contact,
    Goal,
    Interaction,
    LedgerEntry,
    Meeting,
    Preferences,
    Seeker,
    Transition,
)

__all__ = ["NetworkView", "Settled"]

T = TypeVar("T")


class Settled(NamedTuple):
    """From when a contact's approaches can open nothing more by themselves.

    Attributes:
        at: The answer that ended the last approach
            (:data:`~careernet.domain.approaches.NEVER` when none began),
            the decline, or the nudge that met silence.
        nudged: Whether ``at`` is a nudge: the wait for its answer comes
            before the rest.
        rests: Whether a rest follows (a decline, or silence after a nudge).
    """

    at: dt.datetime
    nudged: bool = False
    rests: bool = False


@runtime_checkable
class NetworkView(Protocol):
    """A seeker's network as the rules read it.

    Every mapping is keyed by record id; every per-contact sequence is in
    time order. Methods taking a contact id raise
    :class:`~careernet.domain.errors.UnknownIdError` for an unknown one.
    """

    @property
    def seeker(self) -> Seeker:
        """The person at the centre."""
        ...

    @property
    def contacts(self) -> Mapping[str, Contact]:
        """Contacts by id, in the order they were added."""
        ...

    @property
    def meetings(self) -> Mapping[str, Meeting]:
        """Meetings by id."""
        ...

    @property
    def interactions(self) -> Mapping[str, Interaction]:
        """Interactions by id."""
        ...

    @property
    def entries(self) -> Mapping[str, LedgerEntry]:
        """Reciprocity-ledger entries by id."""
        ...

    @property
    def transitions(self) -> Mapping[str, Transition]:
        """Ring moves by id."""
        ...

    @property
    def goals(self) -> Mapping[str, Goal]:
        """Goals by id, closed ones included."""
        ...

    @property
    def active_goal(self) -> Goal | None:
        """The goal being pursued, or ``None``."""
        ...

    @property
    def preferences(self) -> Preferences:
        """How and when the seeker wants to be reminded."""
        ...

    @property
    def last_changed(self) -> dt.datetime | None:
        """The latest moment any record carries; ``None`` for an empty network."""
        ...

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id."""
        ...

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id."""
        ...

    def goal(self, goal_id: str) -> Goal:
        """The goal with this id."""
        ...

    def meetings_with(self, contact_id: str) -> Sequence[Meeting]:
        """The contact's meetings, by time."""
        ...

    def interactions_with(self, contact_id: str) -> Sequence[Interaction]:
        """The contact's interactions, by time."""
        ...

    def entries_with(self, contact_id: str) -> Sequence[LedgerEntry]:
        """The contact's ledger entries, by time."""
        ...

    def history(self, contact_id: str) -> Sequence[Transition]:
        """The contact's ring moves, by time."""
        ...

    def derived(self, contact_id: str, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, which may be remembered until the contact's records
        change; only for values derived from that contact's records alone."""
        ...

    def last_touch(self, contact_id: str) -> dt.datetime | None:
        """When the seeker last logged anything with the contact."""
        ...

    def entered_ring_at(self, contact_id: str) -> dt.datetime:
        """When the contact entered the ring they are in now."""
        ...

    def at_company(self, company: str | None) -> Sequence[Contact]:
        """Contacts whose current employer is ``company`` (by company key)."""
        ...

    def alumni_of(self, company: str | None) -> Sequence[Contact]:
        """Contacts who used to work at ``company``."""
        ...

    def management_chain(self) -> frozenset[str]:
        """Ids of the seeker's manager, their manager, and so on up."""
        ...

    def capacity_advice(self) -> Advice | None:
        """A warning when the kept set has grown past what one can maintain."""
        ...

    @property
    def settled(self) -> Mapping[str, Settled]:
        """Contacts whose approaches alone can open nothing more, and from
        when; an index kept as records are applied.

        A contact is here when they are not in the fan club, have no referrer,
        no keep-in-touch cadence, no meetings and no ledger entries, and their
        approaches never began, last ended in an answer, or ended in a decline
        or a nudge that met silence (then a rest follows).
        :func:`~careernet.domain.approaches.quiet_from` gives the moment from
        which nothing is open with them, under a strategy's waits: the planner
        passes over them at any later moment, except to ask whether they are
        targets.
        """
        ...

    def open_since(
        self, moment: dt.datetime
    ) -> Sequence[tuple[Contact, Settled | None]]:
        """The contacts a plan looks at, each with their entry in
        :attr:`settled` (``None`` when not settled): everyone not settled,
        and the settled whose :attr:`Settled.at` is at or after ``moment``
        (never those whose approaches never began), in the order of
        :attr:`contacts`; from an index, so a network of tens of thousands
        of quiet contacts costs what its open ones cost."""
        ...
