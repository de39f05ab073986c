"""Introduction paths: who nearer the centre can introduce the seeker.

For a target, the candidates are contacts in an inner ring who know the
target: an explicit link, the same current employer, or a shared past one.
They are ranked by how well they know the target, then by how close they are
to the seeker, then by how much the seeker has given them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from . import ledger
from .model import Contact

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = ["IntroPath", "introduction_paths"]

_KNOWS, _COLLEAGUE, _ALUMNUS = 3, 2, 1


@attrs.frozen(kw_only=True)
class IntroPath:
    """A contact who could introduce the seeker to a target.

    Attributes:
        introducer_id: Who could make the introduction.
        target_id: Whom they would introduce.
        reasons: How they know the target, in words.
        strength: How well they know the target: 3 for an explicit link, 2
            for a current colleague, 1 for a shared past employer, summed.
    """

    introducer_id: str
    target_id: str
    reasons: tuple[str, ...]
    strength: int


def introduction_paths(
    state: NetworkView,
    target_id: str,
    *,
    exclude: Callable[[Contact], bool] | None = None,
    introducers: Callable[[Contact], bool] | None = None,
) -> list[IntroPath]:
    """Rank who could introduce the seeker to ``target_id``, best first.

    ``exclude`` keeps contacts out as introducers (and returns no path at all
    when it excludes the target itself); ``introducers``, when given, says
    who else may introduce (the internal move keeps the seeker's management
    chain and peers out this way, though they are not excluded).
    Colleagues are found by company key, so "Globex Corporation" and
    "Globex" are one employer.
    """
    target = state.contact(target_id)
    if exclude is not None and exclude(target):
        return []
    found: dict[str, tuple[int, list[str]]] = {}

    def note(contact: Contact, strength: int, reason: str) -> None:
        if contact.id == target.id or contact.ring.depth >= target.ring.depth:
            return
        if exclude is not None and exclude(contact):
            return
        if introducers is not None and not introducers(contact):
            return
        total, reasons = found.get(contact.id, (0, []))
        if reason not in reasons:
            found[contact.id] = (total + strength, [*reasons, reason])

    for other_id in sorted(target.knows):
        known = state.contacts.get(other_id)  # none for an archived contact
        if known is not None:
            note(known, _KNOWS, "knows them")
    if target.company:
        for colleague in state.at_company(target.company):
            note(colleague, _COLLEAGUE, f"works at {target.company} too")
        colleagues = {c.id for c in state.at_company(target.company)}
        for alumnus in state.alumni_of(target.company):
            if alumnus.id not in colleagues:  # a colleague already counts more
                note(alumnus, _ALUMNUS, f"used to work at {target.company}")
    for past in target.past_companies:
        for contact in (*state.at_company(past), *state.alumni_of(past)):
            note(contact, _ALUMNUS, f"shares {past} with them")

    def rank(item: tuple[str, tuple[int, list[str]]]) -> tuple[object, ...]:
        contact = state.contact(item[0])
        strength = item[1][0]
        net = ledger.balance(state, contact.id).net
        return (
            -strength,
            contact.ring.depth,
            -net,
            not contact.tribe,
            contact.name.casefold(),
            contact.id,
        )

    return [
        IntroPath(
            introducer_id=contact_id,
            target_id=target.id,
            reasons=tuple(reasons),
            strength=strength,
        )
        for contact_id, (strength, reasons) in sorted(found.items(), key=rank)
    ]
