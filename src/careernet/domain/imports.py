"""Bringing contacts in from elsewhere, without duplicates.

Readers (see :mod:`careernet.importers`) turn files into :class:`Candidate`
people, or :class:`Rejected` lines. :func:`import_contacts` matches each
candidate against the network and against the candidates before it, by
e-mail address, then profile link, then phone number, then normalised name
plus company (and, for people known by nothing but a name, the name). A
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
from typing import TYPE_CHECKING, NamedTuple

import attrs

from . import _validators as v
from .errors import InvalidValueError
from .model import Change, Contact, Record, Ring

if TYPE_CHECKING:
    from .view import NetworkView

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
    "normal_phone",
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
    PHONE = "phone"
    NAME_AND_COMPANY = "name_and_company"
    NAME = "name"
    """Only for people known by nothing else: no e-mail, link, phone or company."""


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


_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "\u0131": "i",
    }
)


def normal_name(name: str | None) -> str:
    """A name or company folded: case, accents and spacing ignored."""
    if not name:
        return ""
    if name.isascii():
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def normal_phone(phone: str) -> str:
    """A phone number as its digits, with a leading ``+`` kept."""
    text = phone.strip().removeprefix("tel:")
    digits = "".join(c for c in text if c.isdigit())
    return f"+{digits}" if text.startswith("+") and digits else digits


class _Keys(NamedTuple):
    """What a person is matched by, folded once.

    Values that fold to nothing (a link that is only ``https://``, a phone
    number without digits) are left out: they identify no one.
    """

    emails: tuple[str, ...]
    links: tuple[str, ...]
    phones: tuple[str, ...]
    name: str
    companies: tuple[str, ...]
    bare: bool
    """Known by nothing but a name: no e-mail, link, phone or company."""


def _folded(
    values: tuple[str, ...], key: Callable[[str], str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The values without those equal to an earlier one once folded, and the
    folded keys that are not empty (a phone number without digits has none)."""
    if not values:
        return (), ()
    kept: dict[str, str] = {}
    for value in values:
        kept.setdefault(key(value), value)
    return tuple(kept.values()), tuple(folded for folded in kept if folded)


def _contact_keys(contact: Contact) -> _Keys:
    """What a contact in the network is matched by."""
    companies = (contact.company, *contact.past_companies)
    return _Keys(
        emails=_folded(contact.emails, normal_email)[1],
        links=_folded(contact.links, normal_link)[1],
        phones=_folded(contact.phones, normal_phone)[1],
        name=normal_name(contact.name),
        companies=tuple(normal_name(c) for c in companies if c),
        bare=not (contact.emails or contact.links or contact.phones or contact.company),
    )


class _Index:
    """Contacts by e-mail, link, phone, name plus company, and bare name."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.emails: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}
        self.bare: dict[str, str] = {}
        for contact in contacts:
            self.add(contact.id, _contact_keys(contact))

    def add(self, contact_id: str, keys: _Keys) -> None:
        for email in keys.emails:
            self.emails.setdefault(email, contact_id)
        for link in keys.links:
            self.links.setdefault(link, contact_id)
        for phone in keys.phones:
            self.phones.setdefault(phone, contact_id)
        for company in keys.companies:
            self.names.setdefault((keys.name, company), contact_id)
        if keys.bare:
            self.bare.setdefault(keys.name, contact_id)

    def find(self, keys: _Keys) -> tuple[str, MatchedBy] | None:
        for email in keys.emails:
            if email in self.emails:
                return self.emails[email], MatchedBy.EMAIL
        for link in keys.links:
            if link in self.links:
                return self.links[link], MatchedBy.LINK
        for phone in keys.phones:
            if phone in self.phones:
                return self.phones[phone], MatchedBy.PHONE
        for company in keys.companies:
            if (keys.name, company) in self.names:
                return self.names[keys.name, company], MatchedBy.NAME_AND_COMPANY
        if keys.bare and keys.name in self.bare:
            return self.bare[keys.name], MatchedBy.NAME
        return None


def _merged(
    contact: Contact, candidate: Candidate, at: dt.datetime, index: _Index
) -> Contact:
    """``contact`` with what ``candidate`` adds; hand-kept fields untouched.

    Nothing that identifies another contact (an e-mail, a link, a phone, or a
    name plus company) is copied over, so one person's row can never make
    two contacts look alike.
    """
    name = normal_name(contact.name)
    company = contact.company
    if not company and candidate.company:
        key = (name, normal_name(candidate.company))
        if index.names.get(key, contact.id) == contact.id:
            company = candidate.company
    return attrs.evolve(
        contact,
        company=company,
        role=contact.role or candidate.role,
        field=contact.field or candidate.field,
        how_met=contact.how_met or candidate.how_met,
        emails=_union(contact, "emails", candidate.emails, index.emails, normal_email),
        phones=_union(contact, "phones", candidate.phones, index.phones, normal_phone),
        links=_union(contact, "links", candidate.links, index.links, normal_link),
        sources=contact.sources | {candidate.source},
        updated_at=at,
    )


def _union(
    contact: Contact,
    field: str,
    more: Iterable[str],
    owners: dict[str, str],
    key: Callable[[str], str],
) -> tuple[str, ...]:
    """The contact's ``field`` values, and those of ``more`` that are new and
    belong to no other contact."""
    kept: tuple[str, ...] = getattr(contact, field)
    seen = {key(value) for value in kept}
    added = []
    for value in more:
        folded = key(value)
        if folded not in seen and owners.get(folded, contact.id) == contact.id:
            seen.add(folded)
            added.append(value)
    return (*kept, *added)


def import_contacts(
    state: NetworkView,
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
    if every < 1:
        raise InvalidValueError("every must be at least 1.")
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
        emails, email_keys = _folded(person.emails, normal_email)
        links, link_keys = _folded(person.links, normal_link)
        phones, phone_keys = _folded(person.phones, normal_phone)
        keys = _Keys(
            emails=email_keys,
            links=link_keys,
            phones=phone_keys,
            name=normal_name(person.name),
            companies=(normal_name(person.company),) if person.company else (),
            bare=not (emails or links or phones or person.company),
        )
        match = index.find(keys)
        if match is None:
            contact = Contact(
                id=new_id(),
                name=person.name,
                ring=ring,
                added_at=at,
                company=person.company,
                role=person.role,
                field=person.field,
                emails=emails,
                phones=phones,
                links=links,
                how_met=person.how_met,
                notes=person.notes,
                tags=person.tags,
                sources=frozenset((person.source,)),
            )
            added[contact.id] = contact
            index.add(contact.id, keys)
            continue
        contact_id, matched_by = match
        before = (
            added.get(contact_id)
            or current.get(contact_id)
            or state.contact(contact_id)
        )
        after = _merged(before, person, at, index)
        changed = attrs.evolve(after, updated_at=before.updated_at) != before
        if changed:
            if contact_id in added:
                added[contact_id] = attrs.evolve(after, updated_at=before.updated_at)
            else:
                current[contact_id] = after
            index.add(contact_id, _contact_keys(after))
        merges.append(
            Merge(
                contact_id=contact_id,
                name=before.name,
                line=person.line,
                matched_by=matched_by,
                changed=changed,
            )
        )
    if progress is not None and (done == 0 or done % every != 0):
        progress(done)
    records: list[Record] = [*added.values(), *current.values()]
    report = ImportReport(
        added=tuple(added.values()),
        merged=tuple(m for m in merges if m.changed),
        unchanged=tuple(m for m in merges if not m.changed),
        rejected=tuple(rejected),
    )
    return Change(summary=f"import: {report.summary()}", records=records), report
