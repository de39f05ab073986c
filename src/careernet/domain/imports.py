"""Bringing contacts in from elsewhere, without duplicates.

Readers (see :mod:`careernet.importers`) turn files into :class:`Candidate`
people, or :class:`Rejected` lines. :func:`import_contacts` matches each
candidate against the network and against the candidates before it, by
e-mail address, then profile link, then normalised name plus company. A
match is merged: imported data only fills what is empty and adds e-mails,
phones, links and sources; it never touches what the seeker keeps by hand
(ring, notes, tags, name). Everyone else joins as a new contact. The whole
import is one :class:`~careernet.domain.model.Change`, so storage commits all
of it or none of it.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from . import _validators as v
from .model import Change, Contact, Record, Ring

if TYPE_CHECKING:
    from .state import NetworkState

__all__ = [
    "Candidate",
    "ImportReport",
    "MatchedBy",
    "Merge",
    "Rejected",
    "import_contacts",
    "normal_email",
    "normal_link",
    "normal_name",
]


@attrs.frozen(kw_only=True)
class Candidate:
    """A person read from a file, not yet in the network.

    Attributes:
        name: Full name.
        source: Where it came from: ``"linkedin"``, ``"vcard"``, ``"csv"``...
        line: The line (or first line) it was read from, for the report.
        company: Current employer.
        role: Job title.
        field: Field of work.
        emails: E-mail addresses.
        phones: Phone numbers.
        links: Profile addresses.
        how_met: How the seeker knows them ("LinkedIn connection since ...").
        notes: Notes, used only when the person is new.
        tags: Tags, used only when the person is new.
    """

    name: str = attrs.field(validator=v.nonblank)
    source: str = attrs.field(validator=v.record_id)
    line: int | None = None
    company: str | None = attrs.field(default=None, converter=v.optional_text)
    role: str | None = attrs.field(default=None, converter=v.optional_text)
    field: str | None = attrs.field(default=None, converter=v.optional_text)
    emails: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    phones: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    links: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    how_met: str | None = attrs.field(default=None, converter=v.optional_text)
    notes: str = ""
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=v.string_set)


@attrs.frozen(kw_only=True)
class Rejected:
    """A line that could not be imported, and why.

    Attributes:
        line: Its line number in the file.
        reason: What was wrong with it.
    """

    line: int | None
    reason: str


class MatchedBy(enum.Enum):
    """Why an imported person was taken to be someone already known."""

    EMAIL = "email"
    LINK = "link"
    NAME_AND_COMPANY = "name_and_company"


@attrs.frozen(kw_only=True)
class Merge:
    """An imported person matched to a contact.

    Attributes:
        contact_id: The contact matched.
        name: The contact's name.
        line: The line the person was read from.
        matched_by: What they had in common.
        changed: Whether the import added anything to the contact.
    """

    contact_id: str
    name: str
    line: int | None
    matched_by: MatchedBy
    changed: bool


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an import did.

    Attributes:
        added: The new contacts.
        merged: People matched to a contact that the import added to.
        unchanged: People matched to a contact that already had it all.
        rejected: Lines that could not be imported, with the reason.
    """

    added: tuple[Contact, ...] = ()
    merged: tuple[Merge, ...] = ()
    unchanged: tuple[Merge, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def summary(self) -> str:
        """One line for people."""
        return (
            f"{len(self.added)} added, {len(self.merged)} merged, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )


def normal_email(email: str) -> str:
    """An e-mail address folded for comparison."""
    return email.strip().casefold()


def normal_link(link: str) -> str:
    """A profile address without scheme, ``www.``, query or trailing slash."""
    text = link.strip().casefold()
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    text = text.removeprefix("www.")
    return text.split("?", 1)[0].split("#", 1)[0].rstrip("/")


def normal_name(name: str | None) -> str:
    """A name or company folded: case, accents and spacing ignored."""
    if not name:
        return ""
    if name.isascii():
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


class _Index:
    """Contacts by e-mail, link, and name plus company."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.emails: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}
        for contact in contacts:
            self.add(contact)

    def add(self, contact: Contact) -> None:
        for email in contact.emails:
            self.emails.setdefault(normal_email(email), contact.id)
        for link in contact.links:
            self.links.setdefault(normal_link(link), contact.id)
        for company in (contact.company, *contact.past_companies):
            if company:
                key = (normal_name(contact.name), normal_name(company))
                self.names.setdefault(key, contact.id)

    def find(self, candidate: Candidate) -> tuple[str, MatchedBy] | None:
        for email in candidate.emails:
            found = self.emails.get(normal_email(email))
            if found is not None:
                return found, MatchedBy.EMAIL
        for link in candidate.links:
            found = self.links.get(normal_link(link))
            if found is not None:
                return found, MatchedBy.LINK
        if candidate.company:
            key = (normal_name(candidate.name), normal_name(candidate.company))
            found = self.names.get(key)
            if found is not None:
                return found, MatchedBy.NAME_AND_COMPANY
        return None


def _merged(contact: Contact, candidate: Candidate, at: dt.datetime) -> Contact:
    """``contact`` with what ``candidate`` adds; hand-kept fields untouched."""
    return attrs.evolve(
        contact,
        company=contact.company or candidate.company,
        role=contact.role or candidate.role,
        field=contact.field or candidate.field,
        how_met=contact.how_met or candidate.how_met,
        emails=_union(contact.emails, candidate.emails, normal_email),
        phones=_union(contact.phones, candidate.phones, str),
        links=_union(contact.links, candidate.links, normal_link),
        sources=contact.sources | {candidate.source},
        updated_at=at,
    )


def _union(
    kept: tuple[str, ...], more: tuple[str, ...], key: Callable[[str], str]
) -> tuple[str, ...]:
    seen = {key(value) for value in kept}
    added = []
    for value in more:
        if key(value) not in seen:
            seen.add(key(value))
            added.append(value)
    return (*kept, *added)


def import_contacts(
    state: NetworkState,
    people: Iterable[Candidate | Rejected],
    *,
    at: dt.datetime,
    new_id: Callable[[], str],
    ring: Ring = Ring.COLD,
    progress: Callable[[int], object] | None = None,
    every: int = 500,
) -> tuple[Change, ImportReport]:
    """Match, merge and add imported people; see the module docstring.

    Args:
        state: The network to import into (not changed: apply the change).
        people: What a reader produced.
        at: When the import happens.
        new_id: Returns a fresh id for each new contact.
        ring: The ring new contacts join.
        progress: Called with the number of people handled so far, every
            ``every`` people and at the end.
        every: How often to call ``progress``.
    """
    v.require_aware("at", at)
    index = _Index(state.contacts.values())
    current: dict[str, Contact] = {}
    added: dict[str, Contact] = {}
    merges: list[Merge] = []
    rejected: list[Rejected] = []
    done = 0
    for person in people:
        done += 1
        if progress is not None and done % every == 0:
            progress(done)
        if isinstance(person, Rejected):
            rejected.append(person)
            continue
        match = index.find(person)
        if match is None:
            contact = Contact(
                id=new_id(),
                name=person.name,
                ring=ring,
                added_at=at,
                company=person.company,
                role=person.role,
                field=person.field,
                emails=person.emails,
                phones=person.phones,
                links=person.links,
                how_met=person.how_met,
                notes=person.notes,
                tags=person.tags,
                sources={person.source},
            )
            added[contact.id] = contact
            index.add(contact)
            continue
        contact_id, matched_by = match
        before = (
            added.get(contact_id)
            or current.get(contact_id)
            or state.contact(contact_id)
        )
        after = _merged(before, person, at)
        changed = attrs.evolve(after, updated_at=before.updated_at) != before
        if changed:
            if contact_id in added:
                added[contact_id] = attrs.evolve(after, updated_at=before.updated_at)
            else:
                current[contact_id] = after
            index.add(after)
        merges.append(
            Merge(
                contact_id=contact_id,
                name=before.name,
                line=person.line,
                matched_by=matched_by,
                changed=changed,
            )
        )
    if progress is not None and done % every != 0:
        progress(done)
    records: list[Record] = [*added.values(), *current.values()]
    report = ImportReport(
        added=tuple(added.values()),
        merged=tuple(m for m in merges if m.changed),
        unchanged=tuple(m for m in merges if not m.changed),
        rejected=tuple(rejected),
    )
    return Change(summary=f"import: {report.summary()}", records=records), report
