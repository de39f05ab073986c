"""Archiving, removing and merging contacts: the rare changes of who is in a network.

Each function checks the command against the network's records and returns
the :class:`~careernet.domain.model.Change` to commit (with a report of what
it does), without changing anything; the facade commits it in one go.

- :func:`archive` sets a contact's ``archived_at``: the contact and their
  whole history stay stored, but the network's view leaves them out, so no
  rule (plans, reminders, the calendar, the funnel, counts, capacity,
  introduction paths) sees them. :func:`unarchive` brings them back as they
  were.
- :func:`remove_contact` deletes a person and what belongs to them alone:
  their meetings, interactions, ledger entries and ring moves. References to
  them from other records (other contacts' ``knows``, ``introduced_by`` and
  ``reports_to``, an introduction's ``via``, a goal's targets, the seeker's
  manager) are cleared, so nothing points at someone who is gone.
- :func:`merge_contacts` folds a duplicate into the contact kept: identifiers,
  labels, sources, provenance and acquaintances are joined; history, ledger,
  meetings and ring moves are moved over; references to the duplicate point
  at the kept contact; the inner ring wins; where both hold different values
  of a single-valued field, the kept contact's stays and the other is
  reported (a former employer also joins ``past_companies``).

These read every record, archived ones included (:class:`Holdings`): they
are rare, and must leave no reference behind anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Protocol

import attrs

from .errors import InvalidValueError, UnknownIdError
from .model import (
    Advice,
    Change,
    Contact,
    Goal,
    Interaction,
    LedgerEntry,
    Meeting,
    Record,
    Seeker,
    Transition,
    kind_name,
)
from .orgs import company_key

__all__ = [
    "FieldConflict",
    "Holdings",
    "MergeReport",
    "RemovalReport",
    "archive",
    "merge_contacts",
    "remove_contact",
    "unarchive",
]

_HISTORY: Final = (Meeting, Interaction, LedgerEntry, Transition)
"""The kinds of record that belong to one contact (by ``contact_id``)."""

SINGLE_FIELDS: Final = (
    "name",
    "company",
    "role",
    "field",
    "how_met",
    "introduced_by",
    "reports_to",
    "cadence_days",
)
"""Contact fields holding one value, compared when two contacts merge."""


class Holdings(Protocol):
    """What the lifecycle commands read of a network: every record, archived
    ones included (:class:`~careernet.domain.state.NetworkState` has it)."""

    @property
    def seeker(self) -> Seeker:
        """The person at the centre."""
        ...

    @property
    def contacts(self) -> Mapping[str, Contact]:
        """The contacts in the network (not archived), by id."""
        ...

    @property
    def archived(self) -> Mapping[str, Contact]:
        """The archived contacts, by id."""
        ...

    def records(self) -> Iterator[Record]:
        """Every record, archived contacts and their history included."""
        ...


@attrs.frozen(kw_only=True)
class RemovalReport:
    """What removing a contact took with them, and what it changed.

    Attributes:
        contact: The contact removed, as they were.
        removed: Every record removed, as ``(kind, id)`` pairs: the contact,
            then their meetings, interactions, ledger entries and ring moves.
        updated: The records changed so that none points at the contact any
            more, as ``(kind, id)`` pairs (``("seeker", "seeker")`` for the
            seeker's manager).
    """

    contact: Contact
    removed: tuple[tuple[str, str], ...]
    updated: tuple[tuple[str, str], ...] = ()

    def count(self, kind: str) -> int:
        """How many records of ``kind`` (``"meeting"``, ``"interaction"``,
        ``"entry"``, ``"transition"``) went with the contact."""
        return sum(1 for k, _ in self.removed if k == kind)

    def lines(self) -> list[str]:
        """What went and what changed, a line each, for people."""
        found = [f"{self.contact.name}"]
        for kind, word in _WORDS:
            n = self.count(kind)
            if n:
                found.append(f"{n} {word}{'' if n == 1 else 's'}")
        said = [f"removed {', '.join(found)}"]
        if self.updated:
            n = len(self.updated)
            said.append(
                f"cleared references to them from {n} other record"
                f"{'' if n == 1 else 's'}"
            )
        return said


_WORDS: Final = (
    ("meeting", "meeting"),
    ("interaction", "interaction"),
    ("entry", "ledger entry"),
    ("transition", "ring move"),
)


@attrs.frozen(kw_only=True)
class FieldConflict:
    """A single-valued field on which two merged contacts disagreed.

    Attributes:
        field: The field's name, such as ``"company"``.
        kept: The kept contact's value, which stays.
        dropped: The other contact's value, which is not kept there.
    """

    field: str
    kept: object
    dropped: object


@attrs.frozen(kw_only=True)
class MergeReport:
    """What merging a duplicate into a contact did.

    Attributes:
        kept: The kept contact, as merged.
        other: The duplicate, as it was; it is removed.
        moved: The records moved to the kept contact (meetings,
            interactions, ledger entries, ring moves), as ``(kind, id)``.
        updated: Other records whose references to the duplicate now name the
            kept contact, as ``(kind, id)`` (``("seeker", "seeker")`` for the
            seeker's manager).
        conflicts: Single-valued fields where both held different values; the
            kept contact's value stays.
        notes_joined: Whether the duplicate's notes were added to the kept
            contact's.
    """

    kept: Contact
    other: Contact
    moved: tuple[tuple[str, str], ...] = ()
    updated: tuple[tuple[str, str], ...] = ()
    conflicts: tuple[FieldConflict, ...] = ()
    notes_joined: bool = False

    def lines(self) -> list[str]:
        """What the merge did, a line each, for people."""
        said = [f"merged {self.other.name} into {self.kept.name}"]
        if self.moved:
            n = len(self.moved)
            said.append(f"moved {n} record{'' if n == 1 else 's'} of their history")
        if self.updated:
            n = len(self.updated)
            said.append(
                f"pointed {n} other record{'' if n == 1 else 's'} at {self.kept.name}"
            )
        for conflict in self.conflicts:
            said.append(
                f"kept {conflict.field.replace('_', ' ')} {conflict.kept!r}, "
                f"not {conflict.dropped!r}"
            )
        if self.notes_joined:
            said.append("joined their notes")
        return said


def find(holdings: Holdings, contact_id: str) -> Contact:
    """The contact with this id, archived or not.

    Raises:
        UnknownIdError: No contact has this id.
    """
    found = holdings.contacts.get(contact_id) or holdings.archived.get(contact_id)
    if found is None:
        raise UnknownIdError("contact", contact_id)
    return found


def archive(holdings: Holdings, contact_id: str, *, at: dt.datetime) -> Change:
    """Archive a contact: kept with their history, out of every rule.

    Raises:
        UnknownIdError: No contact has this id.
        InvalidValueError: The contact is already archived.
    """
    contact = find(holdings, contact_id)
    if contact.archived:
        raise InvalidValueError(
            f"{contact.name} is already archived; unarchive them to bring them back."
        )
    advice = []
    ahead = [
        r
        for r in holdings.records()
        if isinstance(r, Meeting) and r.contact_id == contact.id and r.status.pending
    ]
    if ahead:
        n = len(ahead)
        advice.append(
            Advice(
                code="archived-meetings",
                message=(
                    f"{contact.name} has {n} meeting{'' if n == 1 else 's'} ahead; "
                    "while they are archived, it leaves your calendar and "
                    "reminders. Cancel it, or unarchive them to keep it."
                ),
                contact_id=contact.id,
            )
        )
    archived = attrs.evolve(contact, archived_at=at, updated_at=at)
    return Change(summary=f"archive {contact.name}", records=(archived,), advice=advice)


def unarchive(holdings: Holdings, contact_id: str, *, at: dt.datetime) -> Change:
    """Bring an archived contact back, with their whole history.

    Raises:
        UnknownIdError: No contact has this id.
        InvalidValueError: The contact is not archived.
    """
    contact = find(holdings, contact_id)
    if not contact.archived:
        raise InvalidValueError(f"{contact.name} is not archived; nothing to restore.")
    back = attrs.evolve(contact, archived_at=None, updated_at=at)
    return Change(summary=f"unarchive {contact.name}", records=(back,))


def _key(record: Record) -> tuple[str, str]:
    if isinstance(record, Seeker):
        return ("seeker", "seeker")
    return (kind_name(record), record.id)


def remove_contact(
    holdings: Holdings, contact_id: str, *, at: dt.datetime
) -> tuple[Change, RemovalReport]:
    """Remove a contact, what belongs to them alone, and every reference to them.

    Raises:
        UnknownIdError: No contact has this id.
    """
    contact = find(holdings, contact_id)
    gone = contact.id
    removed: list[tuple[str, str]] = [("contact", gone)]
    removed_ids: set[str] = set()
    rest: list[Record] = []
    for record in holdings.records():
        if isinstance(record, _HISTORY) and record.contact_id == gone:
            removed.append(_key(record))
            removed_ids.add(record.id)
        elif not (isinstance(record, Contact) and record.id == gone):
            rest.append(record)
    updated: list[Record] = []
    for record in (holdings.seeker, *rest):
        changed = _without(record, gone, removed_ids, at)
        if changed is not None:
            updated.append(changed)
    report = RemovalReport(
        contact=contact,
        removed=tuple(removed),
        updated=tuple(_key(r) for r in updated),
    )
    change = Change(summary=f"remove {contact.name}", records=updated, removed=removed)
    return change, report


def _without(
    record: Record, gone: str, removed_ids: set[str], at: dt.datetime
) -> Record | None:
    """``record`` without references to contact ``gone`` (and to the removed
    records), or ``None`` if it holds none."""
    match record:
        case Seeker() if record.reports_to == gone:
            return attrs.evolve(record, reports_to=None)
        case Contact() if gone in record.knows or gone in (
            record.introduced_by,
            record.reports_to,
        ):
            return attrs.evolve(
                record,
                knows=record.knows - {gone},
                introduced_by=None
                if record.introduced_by == gone
                else record.introduced_by,
                reports_to=None if record.reports_to == gone else record.reports_to,
                updated_at=max(at, record.updated_at),
            )
        case Interaction() if record.via == gone:
            return attrs.evolve(record, via=None)
        case Goal() if gone in record.target_contacts:
            return attrs.evolve(record, target_contacts=record.target_contacts - {gone})
        case Transition() if removed_ids.intersection(record.evidence):
            kept = tuple(e for e in record.evidence if e not in removed_ids)
            return attrs.evolve(record, evidence=kept)
    return None


def merge_contacts(
    holdings: Holdings,
    keep_id: str,
    other_id: str,
    *,
    at: dt.datetime,
    transition_id: str,
) -> tuple[Change, MergeReport]:
    """Fold contact ``other_id`` into ``keep_id`` and remove it, in one change.

    ``transition_id`` names the ring move recorded when the other contact's
    inner ring becomes the kept contact's.

    Raises:
        InvalidValueError: The two ids are the same, or either contact is
            archived.
        UnknownIdError: Either id names no contact.
    """
    if keep_id == other_id:
        raise InvalidValueError(
            "Cannot merge a contact with themselves; name two different contacts."
        )
    keep, other = find(holdings, keep_id), find(holdings, other_id)
    for person in (keep, other):
        if person.archived:
            raise InvalidValueError(
                f"{person.name} is archived; unarchive them before merging."
            )
    merged, conflicts, notes_joined = _merged(keep, other, at)
    records: list[Record] = []
    moved: list[Record] = []
    updated: list[Record] = []
    for record in holdings.records():
        if isinstance(record, Contact) and record.id in (keep.id, other.id):
            continue
        if isinstance(record, _HISTORY) and record.contact_id == other.id:
            changed: Record = attrs.evolve(record, contact_id=keep.id)
            if isinstance(changed, Interaction) and changed.via in (keep.id, other.id):
                changed = attrs.evolve(changed, via=None)
            moved.append(changed)
            continue
        pointed = _pointed(record, other.id, keep.id, at)
        if pointed is not None:
            updated.append(pointed)
    seeker = _pointed(holdings.seeker, other.id, keep.id, at)
    if seeker is not None:
        updated.append(seeker)
    records = [merged, *moved, *updated]
    if merged.ring is not keep.ring:
        records.append(
            Transition(
                id=transition_id,
                contact_id=keep.id,
                from_ring=keep.ring,
                to_ring=merged.ring,
                at=at,
                reason=f"merged with {other.name}, who was nearer",
                override=True,
            )
        )
    report = MergeReport(
        kept=merged,
        other=other,
        moved=tuple(_key(r) for r in moved),
        updated=tuple(_key(r) for r in updated),
        conflicts=tuple(conflicts),
        notes_joined=notes_joined,
    )
    change = Change(
        summary=f"merge {other.name} into {keep.name}",
        records=records,
        removed=[("contact", other.id)],
    )
    return change, report


def _pointed(record: Record, old: str, new: str, at: dt.datetime) -> Record | None:
    """``record`` with its references to contact ``old`` naming ``new``, or
    ``None`` if it holds none."""
    match record:
        case Seeker() if record.reports_to == old:
            return attrs.evolve(record, reports_to=new)
        case Contact() if old in record.knows or old in (
            record.introduced_by,
            record.reports_to,
        ):
            knows = record.knows - {old}
            if record.id != new:
                knows |= {new}
            return attrs.evolve(
                record,
                knows=knows,
                introduced_by=_swap(record.introduced_by, old, new, record.id),
                reports_to=_swap(record.reports_to, old, new, record.id),
                updated_at=max(at, record.updated_at),
            )
        case Interaction() if record.via == old:
            return attrs.evolve(record, via=_swap(old, old, new, record.contact_id))
        case Goal() if old in record.target_contacts:
            return attrs.evolve(
                record, target_contacts=(record.target_contacts - {old}) | {new}
            )
    return None


def _swap(value: str | None, old: str, new: str, own: str) -> str | None:
    if value != old:
        return value
    return None if new == own else new


def _joined(
    first: Iterable[str], second: Iterable[str], *, fold: bool = False
) -> tuple[str, ...]:
    """Both sequences' values, first's first, each once (by casefold if ``fold``)."""
    seen: set[str] = set()
    joined = []
    for value in (*first, *second):
        key = value.casefold() if fold else value
        if key not in seen:
            seen.add(key)
            joined.append(value)
    return tuple(joined)


def _merged(
    keep: Contact, other: Contact, at: dt.datetime
) -> tuple[Contact, list[FieldConflict], bool]:
    """The kept contact with the other's values joined in."""
    values: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in SINGLE_FIELDS:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if name in ("introduced_by", "reports_to"):
            # Neither may name the other of the two once they are one.
            mine = None if mine == other.id else mine
            theirs = None if theirs == keep.id else theirs
            values[name] = mine
        if theirs is None or theirs == mine:
            continue
        if mine is None:
            values[name] = theirs
        else:
            conflicts.append(FieldConflict(field=name, kept=mine, dropped=theirs))
    past = list(other.past_companies)
    if (
        other.company
        and keep.company
        and company_key(other.company) != company_key(keep.company)
    ):
        past.append(other.company)
    known = {company_key(c) for c in keep.past_companies}
    if keep.company:
        known.add(company_key(keep.company))
    extra_past = []
    for company in past:
        key = company_key(company)
        if key not in known:
            known.add(key)
            extra_past.append(company)
    notes_joined = bool(other.notes.strip()) and other.notes.strip() not in keep.notes
    notes = keep.notes
    if notes_joined:
        notes = (
            f"{keep.notes.rstrip()}\n\n{other.notes.strip()}"
            if keep.notes.strip()
            else other.notes
        )
    provenance = {(i.field, i.source) for i in keep.imported}
    merged = attrs.evolve(
        keep,
        ring=min(keep.ring, other.ring),
        added_at=min(keep.added_at, other.added_at),
        updated_at=max(at, keep.updated_at),
        emails=_joined(keep.emails, other.emails, fold=True),
        phones=_joined(keep.phones, other.phones),
        links=_joined(keep.links, other.links),
        tags=keep.tags | other.tags,
        sources=keep.sources | other.sources,
        knows=(keep.knows | other.knows) - {keep.id, other.id},
        past_companies=(*keep.past_companies, *extra_past),
        tribe=keep.tribe or other.tribe,
        fan_club=keep.fan_club or other.fan_club,
        imported=(
            *keep.imported,
            *(i for i in other.imported if (i.field, i.source) not in provenance),
        ),
        notes=notes,
        **values,
    )
    return merged, conflicts, notes_joined
