"""Bringing contacts in from elsewhere, without duplicates and without ever
joining two people.

Readers (see :mod:`careernet.importers`) turn files into :class:`Candidate`
people, :class:`Rejected` lines and :class:`Notice` remarks.
:func:`import_contacts` checks each candidate's values at the door, then
matches it against the network and against the candidates before it.

The matching rules, strongest evidence first:

* A shared **e-mail address** or **profile link** (a link with a path, not a
  bare company website) is a match, unless another strong identifier
  disagrees: the same e-mail with two different profile links on one site is
  a shared mailbox, and the same link with different e-mails *and* a
  different name is someone else's page.
* A shared **phone number** is a match only for the same name and no
  conflicting e-mail or link: offices share switchboards.
* The same **name and company** (the current or a past employer) is a match
  when no e-mail or link disagrees. People known by nothing but a name match
  the same bare name.
* Everything uncertain (the same name with conflicting identifiers, the same
  name at another company, two equally good matches) is listed in the report
  as a :class:`PossibleDuplicate` for the seeker to merge, and never merged.

A match is merged: imported data fills what is empty and adds e-mails,
phones, links and sources (never one that belongs to another contact); it
never touches what the seeker keeps by hand (ring, notes, tags, name).
Company and role follow a newer export from the source that wrote them (a
job change moves the old employer to ``past_companies``), as long as the
contact still holds what that source wrote (see
:class:`~careernet.domain.model.ImportedValue`). Everyone else joins as a new
contact. The whole import is one :class:`~careernet.domain.model.Change`, so
storage commits all of it or none of it.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

import attrs

from . import _validators as v
from .errors import InvalidValueError
from .model import Advice, Change, Contact, ImportedValue, Record, Ring
from .orgs import company_key, fold

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "CAPACITY",
    "Candidate",
    "ImportReport",
    "MatchedBy",
    "Merge",
    "Notice",
    "PossibleDuplicate",
    "Rejected",
    "import_contacts",
    "normal_company",
    "normal_email",
    "normal_link",
    "normal_name",
    "normal_phone",
]

CAPACITY = 150
"""About how many relationships a person can really keep up (the same figure
the network's own capacity advice uses)."""


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


@attrs.frozen(kw_only=True)
class Notice:
    """Something the import did that the seeker should know, for one line: a
    value left out, a date that could not be read, bytes that were not UTF-8.

    Attributes:
        line: The line it concerns, if any.
        message: What happened.
    """

    line: int | None
    message: str


class MatchedBy(enum.Enum):
    """Why an imported person was taken to be someone already known."""

    EMAIL = "email"
    LINK = "link"
    PHONE = "phone"
    """A shared phone number and the same name."""
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
        updates: Values the import replaced, such as
            ``"company: Globex -> Initech"`` (a job change).
    """

    contact_id: str
    name: str
    line: int | None
    matched_by: MatchedBy
    changed: bool
    updates: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PossibleDuplicate:
    """An imported person who may be a contact already, left for the seeker to
    decide: the import never merges on uncertain evidence.

    Attributes:
        line: The line the person was read from.
        name: The imported person's name.
        contact_id: The contact they may be.
        contact_name: That contact's name.
        reason: What they share and what disagrees.
    """

    line: int | None
    name: str
    contact_id: str
    contact_name: str
    reason: str


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an import did.

    Attributes:
        added: The new contacts.
        merged: People matched to a contact that the import added to.
        unchanged: People matched to a contact that already had it all.
        rejected: Lines that could not be imported, with the reason.
        possible_duplicates: People who may be contacts already, not merged.
        notices: Values left out and other remarks, by line.
        advice: Advice about the network after the import (capacity).
    """

    added: tuple[Contact, ...] = ()
    merged: tuple[Merge, ...] = ()
    unchanged: tuple[Merge, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    possible_duplicates: tuple[PossibleDuplicate, ...] = ()
    notices: tuple[Notice, ...] = ()
    advice: tuple[Advice, ...] = ()

    @property
    def updated(self) -> tuple[Merge, ...]:
        """The merges that replaced a value (job changes), in file order."""
        return tuple(m for m in self.merged if m.updates)

    def summary(self) -> str:
        """One line for people."""
        text = (
            f"{len(self.added)} added, {len(self.merged)} merged, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )
        extra = [
            (len(self.updated), "updated"),
            (len(self.possible_duplicates), "possible duplicates"),
            (len(self.notices), "notices"),
        ]
        return ", ".join([text, *(f"{n} {what}" for n, what in extra if n)])


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
    """A person's name folded: case, accents, punctuation and spacing
    ignored. The one name normaliser (:func:`careernet.domain.orgs.fold`),
    shared with :meth:`careernet.Network.find` and the command line."""
    return fold(name) if name else ""


def normal_company(name: str | None) -> str:
    """A company name folded for comparison: every company comparison of an
    import goes through here, so one organisation key can serve them all."""
    return _company_key(name)


def _company_key(name: str | None) -> str:
    """The one company key of imports: :func:`~careernet.domain.orgs.company_key`."""
    return company_key(name)


def normal_phone(phone: str) -> str:
    """A phone number as its digits, with a leading ``+`` kept."""
    text = phone.strip().removeprefix("tel:")
    digits = "".join(c for c in text if c.isdigit())
    return f"+{digits}" if text.startswith("+") and digits else digits


# -- values checked at the door ---------------------------------------------

_EMAIL = re.compile(
    r"[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\.]+(\.[^\s@<>()\[\],;:\"\\.]+)+"
)
_ANGLED = re.compile(r"<([^<>]+)>")
_SPACE = re.compile(r"\s")
_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_PHONE = re.compile(r"\+?[\d\s().\-/]+((ext\.?|x|#)\s*\d+)?", re.IGNORECASE)
_LONGEST = 1_000
"""The longest name, company or role an import takes, in characters."""


def _broken(text: str) -> bool:
    """Whether ``text`` holds a line break or a control character."""
    if text.isprintable():
        return False
    return any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in text)


def _clean_text(text: str | None) -> str | None:
    """A one-line value with tabs as spaces, or ``None`` for a broken one."""
    if text is None:
        return None
    text = text.replace("\t", " ").strip()
    if _broken(text) or len(text) > _LONGEST:
        return None
    return text


def _clean_email(email: str) -> str | None:
    text = email.strip()
    angled = _ANGLED.search(text)
    if angled:
        text = angled.group(1).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        return None
    return text


def _clean_link(link: str) -> str | None:
    text = link.strip()
    if _broken(text) or _SPACE.search(text) or len(text) > 2048:
        return None
    folded = text.casefold()
    if folded.startswith(("mailto:", "tel:")):
        return text if len(folded.split(":", 1)[1]) > 2 else None
    if folded.startswith(_SCHEMES):
        host = folded.split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
        return text if host.strip(".") else None
    if ":" in text.split("/", 1)[0] or "." not in text.split("/", 1)[0]:
        return None  # another scheme (javascript:, data:, file:) or no host
    return f"https://{text}"


def _clean_phone(phone: str) -> str | None:
    text = phone.strip().removeprefix("tel:")
    if len(text) > 64 or not _PHONE.fullmatch(text):
        return None
    return text if sum(c.isdigit() for c in text) >= 3 else None


def _checked(person: Candidate) -> tuple[Candidate | Rejected, list[Notice]]:
    """``person`` with the values no one should store left out (and a notice
    for each), or the line rejected when the name itself is unusable."""
    line = person.line
    name = _clean_text(person.name)
    if not name:
        what = "too long" if len(person.name) > _LONGEST else "a line break"
        return Rejected(
            line=line,
            reason=f"the name holds {what} or a control character: "
            f"{person.name[:60]!r}",
        ), []
    notices: list[Notice] = []
    fields: dict[str, Any] = {"name": name}
    changed = name != person.name
    for field in () if _plain_texts(person) else _TEXT_FIELDS:
        value = getattr(person, field)
        if value is None:
            fields[field] = None
            continue
        cleaned = _clean_text(value)
        if cleaned is None:
            notices.append(
                Notice(line=line, message=f"left out the {field} {value[:60]!r}")
            )
        changed = changed or cleaned != value
        fields[field] = cleaned
    for field, clean, what in _CLEANED:
        values: tuple[str, ...] = getattr(person, field)
        if not values:
            fields[field] = values
            continue
        if len(values) == 1 and clean(values[0]) == values[0]:
            fields[field] = values  # the usual case: one value, usable as it is
            continue
        kept = []
        for value in values:
            cleaned = clean(value)
            if cleaned is None:
                notices.append(
                    Notice(
                        line=line,
                        message=f"left out {value[:60]!r}: not a usable {what}",
                    )
                )
            else:
                kept.append(cleaned)
        checked = tuple(kept)
        changed = changed or checked != values
        fields[field] = checked
    if not changed and not notices:
        return person, notices
    return attrs.evolve(person, **fields), notices


_TEXT_FIELDS: Final = ("company", "role", "field", "how_met")
"""The one-line values :func:`_checked` cleans besides the name."""


def _plain(text: str | None) -> bool:
    """Whether :func:`_clean_text` gives ``text`` back as it is: printable
    (so no tab or line break), stripped and not too long."""
    return text is None or (
        text.isprintable() and len(text) <= _LONGEST and text == text.strip()
    )


def _plain_texts(person: Candidate) -> bool:
    """Whether every one-line value of ``person`` but the name is plain (the
    usual case: then :func:`_checked` has nothing to do for them)."""
    return (
        _plain(person.company)
        and _plain(person.role)
        and _plain(person.field)
        and _plain(person.how_met)
    )


_CLEANED: Final = (
    ("emails", _clean_email, "e-mail address"),
    ("links", _clean_link, "link"),
    ("phones", _clean_phone, "phone number"),
)
"""The collections :func:`_checked` cleans: each field, its check, its name."""


# -- matching -----------------------------------------------------------------


class _Keys(NamedTuple):
    """What a person is matched by, folded once.

    Values that fold to nothing (a link that is only ``https://``, a phone
    number without digits) are left out: they identify no one.
    """

    emails: frozenset[str]
    links: frozenset[str]
    """Links with a path: a bare website (``globex.example``) is a company's."""
    phones: frozenset[str]
    name: str
    company: str
    companies: frozenset[str]
    """The current and past employers."""
    bare: bool
    """Known by nothing but a name: no e-mail, link, phone or company."""


def _folded(
    values: tuple[str, ...], key: Callable[[str], str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The values without those equal to an earlier one once folded, and the
    folded keys that are not empty (a phone number without digits has none)."""
    if not values:
        return (), ()
    if len(values) == 1:  # the usual case: one e-mail or one link
        folded = key(values[0])
        return values, (folded,) if folded else ()
    kept: dict[str, str] = {}
    for value in values:
        kept.setdefault(key(value), value)
    return tuple(kept.values()), tuple(folded for folded in kept if folded)


def _identifying(links: tuple[str, ...]) -> frozenset[str]:
    if len(links) == 1:  # the usual case: one profile
        return frozenset(links) if "/" in links[0] else _NONE
    return frozenset(link for link in links if "/" in link)


def _keys(
    name: str,
    company: str | None,
    past: Iterable[str] = (),
    *,
    emails: Iterable[str],
    links: tuple[str, ...],
    phones: Iterable[str],
) -> _Keys:
    current = _company_key(company)
    email_keys = frozenset(emails) if emails else _NONE
    link_keys = _identifying(links) if links else _NONE
    phone_keys = frozenset(phones) if phones else _NONE
    if past:
        companies = frozenset(k for k in (current, *map(_company_key, past)) if k)
    else:  # the usual case: one employer or none
        companies = _only(current) if current else _NONE
    return _Keys(
        email_keys,
        link_keys,
        phone_keys,
        normal_name(name),
        current,
        companies,
        not (email_keys or links or phone_keys or current),
    )


@functools.lru_cache(maxsize=8192)
def _only(key: str) -> frozenset[str]:
    """One shared set per value: many people work at one company, and come
    from one source."""
    return frozenset((key,))


_NONE: Final[frozenset[str]] = frozenset()


def _contact_keys(contact: Contact) -> _Keys:
    """What a contact in the network is matched by."""
    return _keys(
        contact.name,
        contact.company,
        contact.past_companies,
        emails=_folded(contact.emails, normal_email)[1],
        links=_folded(contact.links, normal_link)[1],
        phones=_folded(contact.phones, normal_phone)[1],
    )


def _site(link: str) -> str:
    return link.split("/", 1)[0]


def _links_conflict(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether both have a profile on one site and none of them is shared."""
    if not ours or not theirs or ours & theirs:
        return False
    return bool({_site(link) for link in ours} & {_site(link) for link in theirs})


class _Verdict(NamedTuple):
    match: MatchedBy | None
    strength: int
    """For ranking matches: how many strong identifiers are shared."""
    doubt: str | None
    """Why the pair is a possible duplicate, when it is not a match."""


def _judge(person: _Keys, contact: _Keys) -> _Verdict:
    """Whether ``person`` is ``contact``, may be, or is someone else."""
    shared_emails = person.emails & contact.emails
    shared_links = person.links & contact.links
    email_conflict = bool(person.emails and contact.emails and not shared_emails)
    link_conflict = _links_conflict(person.links, contact.links)
    same_name = bool(person.name) and person.name == contact.name
    strength = 2 * (len(shared_emails) + 2 * len(shared_links)) + same_name
    if shared_emails or shared_links:
        if link_conflict and not shared_links:
            return _Verdict(None, 0, "the same e-mail, another profile link")
        if email_conflict and not shared_emails and not same_name:
            return _Verdict(None, 0, "the same profile link, another name and e-mail")
        by = MatchedBy.EMAIL if shared_emails else MatchedBy.LINK
        return _Verdict(by, strength, None)
    if not same_name:
        return _Verdict(None, 0, None)
    conflict = "e-mail" if email_conflict else "profile link" if link_conflict else ""
    return _same_name(person, contact, conflict, strength)


def _same_name(person: _Keys, contact: _Keys, conflict: str, strength: int) -> _Verdict:
    """The verdict for two people of one name who share no e-mail or link
    (``conflict``: which of the two disagrees, if one does)."""
    shared_phone = bool(person.phones & contact.phones)
    same_company = bool(person.company and person.company in contact.companies)
    if conflict:
        if shared_phone:
            return _Verdict(None, 0, f"the same name and phone, another {conflict}")
        if same_company:
            return _Verdict(None, 0, f"the same name and company, another {conflict}")
        return _Verdict(None, 0, None)
    if (person.emails or person.links) and (contact.emails or contact.links):
        # Both are known by an address, and not by the same one: a name (and
        # a company or phone) is not enough to say they are one person.
        if shared_phone or same_company:
            return _Verdict(None, 0, "the same name, other e-mails or links")
        return _Verdict(None, 0, None)
    if shared_phone:
        return _Verdict(MatchedBy.PHONE, strength, None)
    if same_company:
        return _Verdict(MatchedBy.NAME_AND_COMPANY, strength, None)
    if person.bare and contact.bare:
        return _Verdict(MatchedBy.NAME, strength, None)
    if person.company and contact.company:
        return _Verdict(None, 0, "the same name, another company")
    return _Verdict(None, 0, "the same name")


_Owners = dict[str, "str | list[str]"]
"""Folded values and the contact holding each (a list when several do)."""


def _owners_of(table: _Owners, value: str) -> tuple[str, ...]:
    owners = table.get(value)
    if owners is None:
        return ()
    return (owners,) if isinstance(owners, str) else tuple(owners)


def _own(table: _Owners, value: str, contact_id: str) -> None:
    owners = table.get(value)
    if owners is None:
        table[value] = contact_id
    elif isinstance(owners, str):
        if owners != contact_id:
            table[value] = [owners, contact_id]
    elif contact_id not in owners:
        owners.append(contact_id)


class _Index:
    """Contacts by e-mail, link, phone and name, with their keys."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.keys: dict[str, _Keys] = {}
        self.emails: _Owners = {}
        self.links: _Owners = {}
        self.phones: _Owners = {}
        self.names: _Owners = {}
        for contact in contacts:
            self.add(contact.id, _contact_keys(contact))

    def add(self, contact_id: str, keys: _Keys) -> None:
        self.keys[contact_id] = keys
        for email in keys.emails:
            _own(self.emails, email, contact_id)
        for link in keys.links:
            _own(self.links, link, contact_id)
        for phone in keys.phones:
            _own(self.phones, phone, contact_id)
        _own(self.names, keys.name, contact_id)

    def near(self, keys: _Keys) -> list[str]:
        """The contacts sharing anything with ``keys``, in the order found."""
        found: list[str] = []
        for value in keys.emails:
            found.extend(_owners_of(self.emails, value))
        for value in keys.links:
            found.extend(_owners_of(self.links, value))
        for value in keys.phones:
            found.extend(_owners_of(self.phones, value))
        found.extend(_owners_of(self.names, keys.name))
        return list(dict.fromkeys(found)) if len(found) > 1 else found


def _owned(contact: Contact, field: str, source: str) -> bool:
    """Whether ``source`` wrote the contact's ``field`` and it still holds
    what was written (the seeker has not changed it since)."""
    value = getattr(contact, field)
    if value is None:
        return False
    for written in contact.imported:
        if written.field == field and written.source == source:
            return bool(written.value == value)
    # Contacts imported before imports kept track: only a contact that came
    # from this source alone, never entered or referred by hand.
    return not contact.imported and contact.sources == {source}


@functools.lru_cache(maxsize=8192)
def _imported_value(field: str, source: str, value: str) -> ImportedValue:
    """One shared (frozen) record per value: an export names the same
    companies and titles many times."""
    return ImportedValue(field=field, source=source, value=value)


@functools.lru_cache(maxsize=8192)
def _first_written(
    source: str, company: str | None, role: str | None
) -> tuple[ImportedValue, ...]:
    """What a new contact records of the company and role ``source`` wrote
    (one shared tuple per pair: an export repeats them)."""
    return tuple(
        _imported_value(field, source, value)
        for field, value in (("company", company), ("role", role))
        if value is not None
    )


def _written(
    imported: tuple[ImportedValue, ...], field: str, source: str, value: str | None
) -> tuple[ImportedValue, ...]:
    """``imported`` recording that ``source`` wrote ``value`` into ``field``."""
    kept = tuple(w for w in imported if (w.field, w.source) != (field, source))
    if value is None:
        return kept
    return (*kept, _imported_value(field, source, value))


def _merged(
    contact: Contact, candidate: Candidate, at: dt.datetime, index: _Index
) -> Contact:
    """``contact`` with what ``candidate`` adds to it; hand-kept fields untouched.

    Only empty fields are filled here (values that differ are weighed once the
    whole file is read, see :func:`_follow`). Nothing that identifies another
    contact (an e-mail, a link, a phone) is copied over, so one person's row
    can never make two contacts look alike.
    """
    source = candidate.source
    imported = contact.imported
    company = contact.company
    if not company and candidate.company:
        company = candidate.company
        imported = _written(imported, "company", source, company)
    role = contact.role
    if not role and candidate.role:
        role = candidate.role
        imported = _written(imported, "role", source, role)
    return attrs.evolve(
        contact,
        company=company,
        role=role,
        imported=imported,
        field=contact.field or candidate.field,
        how_met=contact.how_met or candidate.how_met,
        emails=_union(contact, "emails", candidate.emails, index.emails, normal_email),
        phones=_union(contact, "phones", candidate.phones, index.phones, normal_phone),
        links=_union(contact, "links", candidate.links, index.links, normal_link),
        sources=contact.sources | {source},
        updated_at=at,
    )


def _follow(
    contact: Contact, source: str, offered: dict[str, list[str]]
) -> tuple[Contact, tuple[str, ...]]:
    """``contact`` following what a newer export from ``source`` says of its
    company and role (``offered``: every value the file gave, in order).

    A field changes only when ``source`` wrote it and the contact still holds
    that value, and only when no row of the file repeats the current value (a
    person listed twice with two titles is not a change, and importing the
    same file again changes nothing). The old company joins ``past_companies``.
    """
    updates: list[str] = []
    changes: dict[str, Any] = {}
    imported = contact.imported
    companies = offered.get("company", [])
    if (
        companies
        and contact.company
        and _company_key(contact.company) not in {_company_key(c) for c in companies}
        and _owned(contact, "company", source)
    ):
        new = companies[0]
        updates.append(f"company: {contact.company} -> {new}")
        past = contact.past_companies
        if _company_key(contact.company) not in {_company_key(c) for c in past}:
            past = (*past, contact.company)
        changes.update(company=new, past_companies=past)
        imported = _written(imported, "company", source, new)
    roles = offered.get("role", [])
    if (
        roles
        and contact.role
        and contact.role not in roles
        and _owned(contact, "role", source)
    ):
        updates.append(f"role: {contact.role} -> {roles[0]}")
        changes["role"] = roles[0]
        imported = _written(imported, "role", source, roles[0])
    if not changes:
        return contact, ()
    return attrs.evolve(contact, imported=imported, **changes), tuple(updates)


def _union(
    contact: Contact,
    field: str,
    more: Iterable[str],
    owners: _Owners,
    key: Callable[[str], str],
) -> tuple[str, ...]:
    """The contact's ``field`` values, and those of ``more`` that are new and
    belong to no other contact."""
    kept: tuple[str, ...] = getattr(contact, field)
    seen = {key(value) for value in kept}
    added = []
    for value in more:
        folded = key(value)
        if folded not in seen and all(
            owner == contact.id for owner in _owners_of(owners, folded)
        ):
            seen.add(folded)
            added.append(value)
    return (*kept, *added)


def _capacity(
    state: NetworkView, added: Iterable[Contact], ring: Ring
) -> tuple[Advice, ...]:
    """Capacity advice when the import makes the kept set grow past
    :data:`CAPACITY`."""
    new = sum(1 for contact in added if contact.kept)
    if not new:
        return ()
    count = sum(1 for contact in state.contacts.values() if contact.kept) + new
    if count <= CAPACITY:
        return ()
    return (
        Advice(
            code="capacity",
            message=(
                f"This import put {new} people in the {ring.value} ring; you are now "
                f"actively keeping {count} relationships, and about {CAPACITY} "
                "can really be maintained. Import into the cold ring "
                "(ring=Ring.COLD, or --ring cold) and move inward the people you "
                "really keep up with."
            ),
        ),
    )


def import_contacts(
    state: NetworkView,
    people: Iterable[Candidate | Rejected | Notice],
    *,
    at: dt.datetime,
    new_id: Callable[[], str],
    ring: Ring = Ring.COLD,
    progress: Callable[[int], object] | None = None,
    every: int = 500,
) -> tuple[Change, ImportReport]:
    """Check, match, merge and add imported people; see the module docstring.

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
    run = _Import(state, at=at, new_id=new_id, ring=ring)
    done = 0
    for block in _blocks(people, _READ_AHEAD):
        # What each person's own values give (checks, folds, keys) first,
        # for the whole block; then the matching, one person after another.
        ready = [
            _prepared(item) if isinstance(item, Candidate) else item for item in block
        ]
        for item in ready:
            if isinstance(item, Notice):
                run.notices.append(item)
                continue
            done += 1
            if progress is not None and done % every == 0:
                progress(done)
            if isinstance(item, Rejected):
                run.rejected.append(item)
            else:
                run.take_prepared(item)
    if progress is not None and (done == 0 or done % every != 0):
        progress(done)
    return run.finish()


_T = TypeVar("_T")

_READ_AHEAD: Final = 256
"""How many people :func:`import_contacts` takes from a reader at a time."""


def _blocks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter); what the
    source raises is raised after the list of the items before it.

    A reader's work for one person between the matching of two others
    slows both down: a 30,000-row LinkedIn export read and matched by turns
    took about a quarter more CPU time than reading it all and then
    matching (each step's data and code most likely push the other's out
    of the processor's caches). In runs of a few hundred each goes at its
    own pace, and memory stays bounded; :func:`import_contacts` also checks
    a whole run and makes its keys before matching it, for the same reason.
    """
    source = iter(items)
    while True:
        block: list[_T] = []
        add = block.append
        try:
            for _ in range(size):
                add(next(source))
        except StopIteration:
            if block:
                yield block
            return
        except BaseException:
            if block:
                yield block
            raise
        yield block


class _Prepared(NamedTuple):
    """What one person's own values give, before any matching: the checked
    person (or why they were rejected), the notices, their folded e-mails,
    links and phones, and their matching keys."""

    person: Candidate | Rejected
    remarks: list[Notice]
    emails: tuple[str, ...]
    links: tuple[str, ...]
    phones: tuple[str, ...]
    keys: _Keys | None


def _prepared(item: Candidate) -> _Prepared:
    """Check one person and make their matching keys (no network needed)."""
    person, remarks = _checked(item)
    if isinstance(person, Rejected):
        return _Prepared(person, remarks, (), (), (), None)
    emails, email_keys = _folded(person.emails, normal_email)
    links, link_keys = _folded(person.links, normal_link)
    phones, phone_keys = _folded(person.phones, normal_phone)
    keys = _keys(
        person.name,
        person.company,
        emails=email_keys,
        links=link_keys,
        phones=phone_keys,
    )
    return _Prepared(person, remarks, emails, links, phones, keys)


class _Import:
    """One import under way: what it adds, merges, rejects and doubts."""

    def __init__(
        self,
        state: NetworkView,
        *,
        at: dt.datetime,
        new_id: Callable[[], str],
        ring: Ring,
    ) -> None:
        self.state, self.at, self.new_id, self.ring = state, at, new_id, ring
        self.index = _Index(state.contacts.values())
        self.current: dict[str, Contact] = {}
        self.added: dict[str, Contact] = {}
        self.merges: list[Merge] = []
        self.rejected: list[Rejected] = []
        self.notices: list[Notice] = []
        self.doubts: list[PossibleDuplicate] = []
        self.offered: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.first_merge: dict[tuple[str, str], int] = {}

    def contact(self, contact_id: str) -> Contact:
        return (
            self.added.get(contact_id)
            or self.current.get(contact_id)
            or self.state.contact(contact_id)
        )

    def take(self, item: Candidate) -> None:
        """Check, match and merge or add one person."""
        self.take_prepared(_prepared(item))

    def take_prepared(self, ready: _Prepared) -> None:
        """Match and merge or add one person checked by :func:`_prepared`."""
        person, remarks, emails, links, phones, keys = ready
        self.notices.extend(remarks)
        if isinstance(person, Rejected):
            self.rejected.append(person)
            return
        assert keys is not None
        matches: list[tuple[int, str, MatchedBy]] = []
        maybe: list[tuple[str, str]] = []
        for contact_id in self.index.near(keys):
            verdict = _judge(keys, self.index.keys[contact_id])
            if verdict.match is not None:
                matches.append((verdict.strength, contact_id, verdict.match))
            elif verdict.doubt is not None:
                maybe.append((contact_id, verdict.doubt))
        chosen = (
            _choose(matches, person, self.contact, self.at, self.index)
            if matches
            else None
        )
        if chosen is not None:
            self.merge(person, *chosen)
            return
        if matches:
            others = ", ".join(self.contact(c).name for _, c, _ in matches)
            maybe = [
                (contact_id, f"as likely as another contact ({others})")
                for _, contact_id, _ in matches
            ]
        else:
            contact = self.new(person, emails, links, phones, keys)
            self.added[contact.id] = contact
            same = (contact.emails, contact.links) == (emails, links)
            self.index.add(contact.id, keys if same else _contact_keys(contact))
        if not maybe:
            return
        self.doubts.extend(
            PossibleDuplicate(
                line=person.line,
                name=person.name,
                contact_id=contact_id,
                contact_name=self.contact(contact_id).name,
                reason=reason,
            )
            for contact_id, reason in maybe
        )

    def merge(self, person: Candidate, contact_id: str, matched_by: MatchedBy) -> None:
        before = self.contact(contact_id)
        after = _merged(before, person, self.at, self.index)
        changed = attrs.evolve(after, updated_at=before.updated_at) != before
        if changed:
            self.keep(contact_id, after, before)
            self.index.add(contact_id, _contact_keys(after))
        wanted = self.offered.setdefault((contact_id, person.source), {})
        for field in ("company", "role"):
            value = getattr(person, field)
            if value:
                wanted.setdefault(field, []).append(value)
        self.first_merge.setdefault((contact_id, person.source), len(self.merges))
        self.merges.append(
            Merge(
                contact_id=contact_id,
                name=before.name,
                line=person.line,
                matched_by=matched_by,
                changed=changed,
            )
        )

    def keep(self, contact_id: str, after: Contact, before: Contact) -> None:
        """Record ``after`` as the import's new value of a contact (a contact
        the import adds keeps its ``updated_at``)."""
        if contact_id in self.added:
            self.added[contact_id] = attrs.evolve(after, updated_at=before.updated_at)
        else:
            self.current[contact_id] = after

    def new(
        self,
        person: Candidate,
        emails: tuple[str, ...],
        links: tuple[str, ...],
        phones: tuple[str, ...],
        keys: _Keys,
    ) -> Contact:
        """A new contact for ``person`` (with its values folded, and ``keys``
        made of them), without the e-mails and profile links that belong to
        another contact (with a notice for each)."""
        index = self.index
        if keys.emails and not index.emails.keys().isdisjoint(keys.emails):
            emails = self.unowned(person, emails, index.emails, normal_email)
        if keys.links and not index.links.keys().isdisjoint(keys.links):
            links = self.unowned(person, links, index.links, normal_link)
        source = person.source
        return _new_contact(
            id=self.new_id(),
            name=person.name,
            ring=self.ring,
            at=self.at,
            company=person.company,
            role=person.role,
            field=person.field,
            emails=emails,
            phones=phones,
            links=links,
            how_met=person.how_met,
            notes=person.notes,
            tags=person.tags,
            source=source,
            imported=_first_written(source, person.company, person.role),
        )

    def unowned(
        self,
        person: Candidate,
        values: tuple[str, ...],
        owners: _Owners,
        key: Callable[[str], str],
    ) -> tuple[str, ...]:
        """``values`` without those another contact holds, with a notice each."""
        kept = []
        for value in values:
            if key(value) in owners:
                self.notices.append(
                    Notice(
                        line=person.line,
                        message=f"left out {value!r} for {person.name}: it "
                        "belongs to another contact",
                    )
                )
            else:
                kept.append(value)
        return tuple(kept)

    def finish(self) -> tuple[Change, ImportReport]:
        """Follow job changes, then the change to commit and the report."""
        for (contact_id, source), wanted in self.offered.items():
            before = self.contact(contact_id)
            after, updates = _follow(before, source, wanted)
            if updates:
                self.keep(contact_id, attrs.evolve(after, updated_at=self.at), before)
                self.index.add(contact_id, _contact_keys(after))
                position = self.first_merge[contact_id, source]
                merge = self.merges[position]
                self.merges[position] = attrs.evolve(
                    merge, changed=True, updates=merge.updates + updates
                )
        records: list[Record] = [*self.added.values(), *self.current.values()]
        advice = _capacity(self.state, self.added.values(), self.ring)
        report = ImportReport(
            added=tuple(self.added.values()),
            merged=tuple(m for m in self.merges if m.changed),
            unchanged=tuple(m for m in self.merges if not m.changed),
            rejected=tuple(self.rejected),
            possible_duplicates=tuple(self.doubts),
            notices=tuple(self.notices),
            advice=advice,
        )
        change = Change(
            summary=f"import: {report.summary()}", records=records, advice=advice
        )
        return change, report


_NEW_CONTACT_FIELDS: Final = (
    *("id", "name", "ring", "added_at", "updated_at", "company", "role", "field"),
    *("emails", "tags", "notes", "how_met", "phones", "links", "sources"),
    *("introduced_by", "knows", "past_companies", "reports_to", "tribe"),
    *("fan_club", "cadence_days", "imported", "archived_at"),
)
"""Every field of :class:`Contact`, in the order :func:`_new_contact` gives
their values (a test checks that it names them all)."""
_CONTACT_SETTERS: Final[tuple[Callable[[Contact, Any], None], ...]] = tuple(
    Contact.__dict__[name].__set__ for name in _NEW_CONTACT_FIELDS
)
"""How each field's slot is set, bypassing the frozen class's refusal (as
its own ``__init__`` does)."""


def _new_contact(
    *,
    id: str,  # noqa: A002 - the field's name
    name: str,
    ring: Ring,
    at: dt.datetime,
    company: str | None,
    role: str | None,
    field: str | None,
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    links: tuple[str, ...],
    how_met: str | None,
    notes: str,
    tags: frozenset[str],
    source: str,
    imported: tuple[ImportedValue, ...],
) -> Contact:
    """Exactly ``Contact(...)`` of these values, made without calling again
    the validators they are already known to pass.

    Every value still goes through what would change it (the converters run
    on whatever is not already in their output form) and through a quick
    check of its type; anything unusual steps aside to ``Contact(...)``, which
    refuses it as it always has. A new contact is what an import makes most
    of, and its ``__init__`` was most of an import's time.
    """
    if not (
        _plain_id(id)
        and _plain_id(source)
        and type(name) is str
        and name.strip()
        and type(ring) is Ring
        and type(notes) is str
        and type(tags) is frozenset
        and type(imported) is tuple
        and all(type(i) is ImportedValue for i in imported)
        and (company is None or type(company) is str)
        and (role is None or type(role) is str)
        and (field is None or type(field) is str)
        and (how_met is None or type(how_met) is str)
        and type(emails) is type(phones) is type(links) is tuple
    ):
        return _contact_checked(locals())
    text = v.optional_text
    try:
        v.require_aware("added_at", at)
        company, role, field = text(company), text(role), text(field)
        how_met = text(how_met)
        emails = v.strings(emails) if emails else ()
        tags = v.string_set(tags) if tags else tags
        phones = v.strings(phones) if phones else ()
        links = v.strings(links) if links else ()
    except InvalidValueError:
        return _contact_checked(locals())
    # One call per slot, written out: a loop over the setters cost more than
    # the calls themselves.
    (
        set_id,
        set_name,
        set_ring,
        set_added_at,
        set_updated_at,
        set_company,
        set_role,
        set_field,
        set_emails,
        set_tags,
        set_notes,
        set_how_met,
        set_phones,
        set_links,
        set_sources,
        set_introduced_by,
        set_knows,
        set_past_companies,
        set_reports_to,
        set_tribe,
        set_fan_club,
        set_cadence_days,
        set_imported,
        set_archived_at,
    ) = _CONTACT_SETTERS
    contact = object.__new__(Contact)
    set_id(contact, id)
    set_name(contact, name)
    set_ring(contact, ring)
    set_added_at(contact, at)
    set_updated_at(contact, at)
    set_company(contact, company)
    set_role(contact, role)
    set_field(contact, field)
    set_emails(contact, emails)
    set_tags(contact, tags)
    set_notes(contact, notes)
    set_how_met(contact, how_met)
    set_phones(contact, phones)
    set_links(contact, links)
    set_sources(contact, _only(source))  # an id: nothing to strip
    set_introduced_by(contact, None)
    set_knows(contact, _NONE)
    set_past_companies(contact, ())
    set_reports_to(contact, None)
    set_tribe(contact, False)  # noqa: FBT003 - a slot's setter
    set_fan_club(contact, False)  # noqa: FBT003
    set_cadence_days(contact, None)
    set_imported(contact, imported)
    set_archived_at(contact, None)
    return contact


def _plain_id(value: object) -> bool:
    """Whether ``value`` is an id :func:`~careernet.domain._validators.record_id`
    takes, as exact text."""
    return (
        type(value) is str and value.isprintable() and " " not in value and value != ""
    )


def _contact_checked(given: dict[str, Any]) -> Contact:
    """``Contact(...)`` of :func:`_new_contact`'s arguments, every check run."""
    return Contact(
        id=given["id"],
        name=given["name"],
        ring=given["ring"],
        added_at=given["at"],
        company=given["company"],
        role=given["role"],
        field=given["field"],
        emails=given["emails"],
        phones=given["phones"],
        links=given["links"],
        how_met=given["how_met"],
        notes=given["notes"],
        tags=given["tags"],
        sources=frozenset((given["source"],)),
        imported=given["imported"],
    )


def _choose(
    matches: list[tuple[int, str, MatchedBy]],
    person: Candidate,
    contact_of: Callable[[str], Contact],
    at: dt.datetime,
    index: _Index,
) -> tuple[str, MatchedBy] | None:
    """The one contact ``person`` is, or ``None`` when no contact is, or
    several are equally likely and none of them already holds all the
    person brings (then the person joins as new, listed as a possible
    duplicate of each)."""
    if not matches:
        return None
    best = max(strength for strength, _, _ in matches)
    top = [(contact_id, by) for strength, contact_id, by in matches if strength == best]
    if len(top) == 1:
        return top[0]
    for contact_id, by in top:
        contact = contact_of(contact_id)
        merged = _merged(contact, person, at, index)
        if attrs.evolve(merged, updated_at=contact.updated_at) == contact:
            return contact_id, by
    return None
