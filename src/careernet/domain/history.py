"""Bringing in the history a seeker kept elsewhere: who they met, called,
wrote to and thanked, and when.

A reader (:func:`careernet.importers.read_history`) turns a spreadsheet into
:class:`HistoryRow` values, one per row, with the moment already read.
:func:`import_history` matches each row's person to a contact and turns the
row into the record careernet keeps for it:

* **Meetings** (coffee, lunch, call, video, event, "meeting") become a
  :class:`~careernet.domain.model.Meeting`: scheduled when the row's moment
  is still ahead, held when it has passed.
* **Exchanges** (e-mail, message, outreach, reply, follow-up, decline,
  introduction) become an :class:`~careernet.domain.model.Interaction`; one
  dated in the future is refused (only meetings can be ahead).
* **Thank-yous, gives, asks and help received** become an entry of the
  reciprocity ledger (:class:`~careernet.domain.model.LedgerEntry`).

The kind is read forgivingly (:data:`KINDS`: case, spacing, hyphens and
plurals ignored); an empty kind is a message, and an unknown one is recorded
as a message with a notice naming it.

Whom a row is about, by the contact import's rules
(:func:`careernet.domain.imports.import_contacts`): a row with an e-mail
address or a profile link is matched as an imported person would be, so a
conflicting strong identifier vetoes a match and an uncertain pair is never
taken. A row that names someone by name alone (with, perhaps, a company) is
the one contact of that name (at that company); two of that name is
ambiguous. A row whose person matches nobody, or is ambiguous, is reported in
:attr:`HistoryReport.unmatched`, never guessed; with ``create=True`` the
people who match nobody join the network as new contacts (through the
contact import, so two rows about one new person make one contact), while
ambiguous rows are still only reported.

Each record's id is derived from the row's person (the contact matched),
moment, kind and note (:func:`record_id`), so importing the same file again,
or a copy of it saved elsewhere, adds nothing: those rows are reported in
:attr:`HistoryReport.already_there`. Every row ends in exactly one of
:attr:`~HistoryReport.added`, :attr:`~HistoryReport.already_there`,
:attr:`~HistoryReport.unmatched` and :attr:`~HistoryReport.rejected`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from . import _validators as v
from .errors import InvalidValueError
from .imports import (
    Candidate,
    Notice,
    Rejected,
    import_contacts,
    normal_email,
    normal_link,
)
from .model import (
    MEETINGS_FROM,
    MEETINGS_UNTIL,
    Advice,
    Change,
    Contact,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Record,
    Ring,
)
from .orgs import company_key, fold

if TYPE_CHECKING:
    from .view import NetworkView

__all__ = [
    "KINDS",
    "HistoryItem",
    "HistoryReport",
    "HistoryRow",
    "Unmatched",
    "import_history",
    "kind_of",
    "record_id",
]

_NOBODY: Final = (
    "no contact matches; add them first, or let the import create them "
    "(--create-contacts, or create_contacts=True)"
)
"""Why a row whose person matches nobody was not imported."""

SOURCE: Final = "history"
"""The source of contacts a history import creates."""

HistoryKind = MeetingKind | InteractionKind | LedgerKind
"""What a row can become."""

KINDS: Final[dict[str, HistoryKind]] = {
    # meetings
    "coffee": MeetingKind.COFFEE,
    "coffee chat": MeetingKind.COFFEE,
    "tea": MeetingKind.COFFEE,
    "meeting": MeetingKind.COFFEE,
    "met": MeetingKind.COFFEE,
    "meet": MeetingKind.COFFEE,
    "in person": MeetingKind.COFFEE,
    "1:1": MeetingKind.COFFEE,
    "one on one": MeetingKind.COFFEE,
    "informational": MeetingKind.COFFEE,
    "informational interview": MeetingKind.COFFEE,
    "lunch": MeetingKind.LUNCH,
    "breakfast": MeetingKind.LUNCH,
    "dinner": MeetingKind.LUNCH,
    "drinks": MeetingKind.LUNCH,
    "call": MeetingKind.CALL,
    "phone": MeetingKind.CALL,
    "phone call": MeetingKind.CALL,
    "telephone": MeetingKind.CALL,
    "video": MeetingKind.VIDEO,
    "video call": MeetingKind.VIDEO,
    "zoom": MeetingKind.VIDEO,
    "teams": MeetingKind.VIDEO,
    "google meet": MeetingKind.VIDEO,
    "event": MeetingKind.EVENT,
    "conference": MeetingKind.EVENT,
    "meetup": MeetingKind.EVENT,
    # exchanges
    "email": InteractionKind.MESSAGE,
    "e mail": InteractionKind.MESSAGE,
    "mail": InteractionKind.MESSAGE,
    "message": InteractionKind.MESSAGE,
    "linkedin message": InteractionKind.MESSAGE,
    "inmail": InteractionKind.MESSAGE,
    "text": InteractionKind.MESSAGE,
    "sms": InteractionKind.MESSAGE,
    "chat": InteractionKind.MESSAGE,
    "note": InteractionKind.MESSAGE,
    "other": InteractionKind.MESSAGE,
    "outreach": InteractionKind.OUTREACH,
    "reached out": InteractionKind.OUTREACH,
    "reach out": InteractionKind.OUTREACH,
    "cold email": InteractionKind.OUTREACH,
    "connection request": InteractionKind.OUTREACH,
    "connect": InteractionKind.OUTREACH,
    "reply": InteractionKind.REPLY,
    "replied": InteractionKind.REPLY,
    "response": InteractionKind.REPLY,
    "answer": InteractionKind.REPLY,
    "follow up": InteractionKind.NUDGE,
    "followup": InteractionKind.NUDGE,
    "followed up": InteractionKind.NUDGE,
    "nudge": InteractionKind.NUDGE,
    "reminder": InteractionKind.NUDGE,
    "decline": InteractionKind.DECLINE,
    "declined": InteractionKind.DECLINE,
    "no": InteractionKind.DECLINE,
    "turned down": InteractionKind.DECLINE,
    "intro": InteractionKind.INTRODUCED,
    "introduction": InteractionKind.INTRODUCED,
    "introduced": InteractionKind.INTRODUCED,
    "referral": InteractionKind.INTRODUCED,
    # the ledger
    "thank you": LedgerKind.THANKS,
    "thankyou": LedgerKind.THANKS,
    "thanks": LedgerKind.THANKS,
    "thank": LedgerKind.THANKS,
    "thank you note": LedgerKind.THANKS,
    "give": LedgerKind.GIVE,
    "gave": LedgerKind.GIVE,
    "helped": LedgerKind.GIVE,
    "ask": LedgerKind.ASK,
    "asked": LedgerKind.ASK,
    "request": LedgerKind.ASK,
    "received": LedgerKind.RECEIVED,
    "got help": LedgerKind.RECEIVED,
    # what German and French spreadsheets say
    "kaffee": MeetingKind.COFFEE,
    "treffen": MeetingKind.COFFEE,
    "mittagessen": MeetingKind.LUNCH,
    "anruf": MeetingKind.CALL,
    "telefonat": MeetingKind.CALL,
    "videoanruf": MeetingKind.VIDEO,
    "nachricht": InteractionKind.MESSAGE,
    "vorstellung": InteractionKind.INTRODUCED,
    "dank": LedgerKind.THANKS,
    "danke": LedgerKind.THANKS,
    "cafe": MeetingKind.COFFEE,
    "dejeuner": MeetingKind.LUNCH,
    "appel": MeetingKind.CALL,
    "remerciement": LedgerKind.THANKS,
}
"""The kinds a row may name, folded (see :func:`kind_of`), and what each
becomes."""

_WORDS: Final = {
    MeetingKind.COFFEE: "Coffee",
    MeetingKind.LUNCH: "Lunch",
    MeetingKind.CALL: "Call",
    MeetingKind.VIDEO: "Video call",
    MeetingKind.EVENT: "Event",
    LedgerKind.THANKS: "a thank-you",
    LedgerKind.GIVE: "help given",
    LedgerKind.ASK: "a request",
    LedgerKind.RECEIVED: "help received",
}
_PURPOSE_LENGTH: Final = 200


def _folded_kind(text: str) -> str:
    words = fold(text.replace("-", " ").replace("_", " ").replace("/", " "))
    return words.replace("1 1", "1:1")


def kind_of(text: str) -> HistoryKind | None:
    """What a row's kind names: ``"Coffee"``, ``"thank-you"``, ``"E-mails"``
    and ``"phone call"`` are all read; ``None`` for a kind not known."""
    folded = _folded_kind(text)
    found = KINDS.get(folded)
    if found is None and folded.endswith("s"):
        found = KINDS.get(folded[:-1])
    if found is None and text.strip() in ("1:1", "1-1"):
        found = MeetingKind.COFFEE
    return found


def record_id(contact_id: str, at: dt.datetime, kind: HistoryKind, note: str) -> str:
    """The id of the record a row makes: the same person, moment (to the
    second, in UTC), kind and note always make the same id."""
    moment = at.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    key = f"{contact_id}\0{moment}\0{type(kind).__name__}.{kind.value}\0{note}"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16)
    return f"history-{digest.hexdigest()}"


@attrs.frozen(kw_only=True)
class HistoryRow:
    """One row of a history file, read.

    Attributes:
        line: The line it starts on.
        at: When it happened (or will), aware.
        name: The person's name, if the row gives one.
        emails: The person's e-mail addresses.
        links: The person's profile links.
        company: The person's company, if the row gives one.
        kind: The kind as written (read with :func:`kind_of`).
        note: What the seeker noted.
    """

    line: int | None
    at: dt.datetime = attrs.field(validator=v.aware)
    name: str = ""
    emails: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    links: tuple[str, ...] = attrs.field(default=(), converter=v.strings)
    company: str | None = attrs.field(default=None, converter=v.optional_text)
    kind: str = ""
    note: str = ""

    @property
    def person(self) -> str:
        """The person as the row names them, for the report."""
        return self.name or next(iter((*self.emails, *self.links)), "")


@attrs.frozen(kw_only=True)
class HistoryItem:
    """A row that added a record.

    Attributes:
        line: The row's line.
        contact_id: The contact it concerns.
        contact_name: That contact's name.
        record: The meeting, interaction or ledger entry added.
    """

    line: int | None
    contact_id: str
    contact_name: str
    record: Meeting | Interaction | LedgerEntry


@attrs.frozen(kw_only=True)
class Unmatched:
    """A row whose person is no contact, or could be several.

    Attributes:
        line: The row's line.
        person: The person as the row names them.
        reason: Why: nobody matches, or who they may be.
        candidates: The ids of the contacts they may be (empty when nobody
            matches).
    """

    line: int | None
    person: str
    reason: str
    candidates: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class HistoryReport:
    """What a history import did, row by row.

    Attributes:
        rows: How many rows were read.
        added: Rows that added a meeting, interaction or ledger entry.
        already_there: Rows whose record the network already holds (the same
            file imported before, or a row repeated), by line.
        unmatched: Rows whose person is no contact or could be several.
        rejected: Rows that could not be read or kept (no date, no person, a
            date outside what careernet keeps, an exchange in the future).
        created: Contacts created for people who matched nobody (only with
            ``create=True``).
        notices: Remarks by line: a kind not known, a time that does not
            exist, bytes that were not UTF-8.
        advice: Advice after the import (capacity, when contacts were created).
        dry_run: Whether nothing was written.
    """

    rows: int = 0
    added: tuple[HistoryItem, ...] = ()
    already_there: tuple[int | None, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    created: tuple[Contact, ...] = ()
    notices: tuple[Notice, ...] = ()
    advice: tuple[Advice, ...] = ()
    dry_run: bool = False

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """The meetings added."""
        return tuple(i.record for i in self.added if isinstance(i.record, Meeting))

    @property
    def interactions(self) -> tuple[Interaction, ...]:
        """The interactions added."""
        return tuple(i.record for i in self.added if isinstance(i.record, Interaction))

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        """The ledger entries added."""
        return tuple(i.record for i in self.added if isinstance(i.record, LedgerEntry))

    def summary(self) -> str:
        """One line for people."""
        text = (
            f"{len(self.added)} added, {len(self.already_there)} already there, "
            f"{len(self.unmatched)} unmatched, {len(self.rejected)} rejected"
        )
        extra = [
            (len(self.created), "contacts created"),
            (len(self.notices), "notices"),
        ]
        return ", ".join([text, *(f"{n} {what}" for n, what in extra if n)])


class _Index:
    """Contacts by folded name, e-mail address and profile link."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_name: dict[str, list[Contact]] = {}
        self.held: set[str] = set()
        for contact in contacts:
            self.by_name.setdefault(fold(contact.name), []).append(contact)
            self.held.update(f"e:{normal_email(e)}" for e in contact.emails)
            self.held.update(f"l:{normal_link(link)}" for link in contact.links)

    def holds(self, row: HistoryRow) -> bool:
        """Whether a contact holds one of the row's e-mails or links."""
        return any(f"e:{normal_email(e)}" in self.held for e in row.emails) or any(
            f"l:{normal_link(link)}" in self.held for link in row.links
        )

    def named(self, row: HistoryRow) -> list[Contact]:
        """The contacts of the row's name; at its company, when several are
        and some of them work (or worked) there."""
        found = self.by_name.get(fold(row.name), []) if row.name else []
        key = company_key(row.company)
        if key and len(found) > 1:
            at = [
                c
                for c in found
                if key
                in {company_key(c.company), *(company_key(p) for p in c.past_companies)}
            ]
            return at or found
        return found


def _sites(links: Iterable[str]) -> set[str]:
    return {normal_link(link).split("/", 1)[0] for link in links}


def _conflicts(row: HistoryRow, contact: Contact) -> bool:
    """Whether the contact has an e-mail (or a link on the same site) where
    the row has another: then a shared name is not enough."""
    if row.emails and contact.emails:
        return True
    return bool(
        row.links and contact.links and _sites(row.links) & _sites(contact.links)
    )


def import_history(
    view: NetworkView,
    rows: Iterable[HistoryRow | Rejected | Notice],
    *,
    now: dt.datetime,
    new_id: Callable[[], str],
    create: bool = False,
    ring: Ring = Ring.COLD,
) -> tuple[Change, HistoryReport]:
    """The records a history file brings, as one change, and a report.

    See the module's description for the rules. Nothing in ``view``
    changes; commit the change to record what the report lists.

    Args:
        view: The network.
        rows: What :func:`careernet.importers.read_history` produced.
        now: The moment: rows after it are ahead.
        new_id: Returns a fresh id for each contact created.
        create: Create a contact for each person who matches nobody.
        ring: The ring created contacts join.
    """
    v.require_aware("now", now)
    rows = list(rows)
    created: tuple[Contact, ...] = ()
    advice: tuple[Advice, ...] = ()
    if create:
        # First the people who match nobody become contacts; then every row
        # is matched as if they had been there all along, so a second import
        # of the file finds what the first one did.
        first = _Run(view, create=True)
        for row in rows:
            first.sort(row)
        if first.waiting:
            _, _, created, advice = _match(
                view, first.waiting, now=now, new_id=new_id, create=True, ring=ring
            )
        if created:
            view = cast("NetworkView", _WithContacts(view, created))
    run = _Run(view, create=False)
    for row in rows:
        run.sort(row)
    if run.waiting:
        matched, more, _, _ = _match(
            view, run.waiting, now=now, new_id=new_id, create=False, ring=ring
        )
        run.resolved += matched
        run.unmatched += more
    records, added, already = run.records(created, now)
    report = HistoryReport(
        rows=run.count,
        added=tuple(added),
        already_there=tuple(already),
        unmatched=tuple(sorted(run.unmatched, key=_by_line)),
        rejected=tuple(sorted(run.rejected, key=_by_line)),
        created=created,
        notices=tuple(run.notices),
        advice=advice,
    )
    change = Change(
        summary=f"history: {report.summary()}", records=records, advice=advice
    )
    return change, report


class _WithContacts:
    """A view with contacts an import is about to create, as if they were
    there already."""

    def __init__(self, view: NetworkView, contacts: Iterable[Contact]) -> None:
        self._view = view
        self.contacts: Mapping[str, Contact] = {
            **view.contacts,
            **{c.id: c for c in contacts},
        }

    def contact(self, contact_id: str) -> Contact:
        found = self.contacts.get(contact_id)
        return found if found is not None else self._view.contact(contact_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


def _by_line(item: Unmatched | Rejected) -> tuple[bool, int]:
    return item.line is None, item.line or 0


class _Run:
    """One history import under way: its rows sorted by what becomes of them."""

    def __init__(self, view: NetworkView, *, create: bool) -> None:
        self.view, self.create = view, create
        self.index = _Index(view.contacts.values())
        self.notices: list[Notice] = []
        self.rejected: list[Rejected] = []
        self.unmatched: list[Unmatched] = []
        self.resolved: list[tuple[HistoryRow, str]] = []
        self.waiting: list[tuple[HistoryRow, Candidate]] = []
        self.count = 0

    def sort(self, row: HistoryRow | Rejected | Notice) -> None:
        """Resolve a row by name, or leave it for the contact matcher."""
        if isinstance(row, Notice):
            self.notices.append(row)
            return
        self.count += 1
        if isinstance(row, Rejected):
            self.rejected.append(row)
        elif not (row.name or row.emails or row.links):
            self.rejected.append(Rejected(line=row.line, reason="no person named"))
        elif self.index.holds(row):
            self.waiting.append((row, _candidate(row)))
        elif found := self.index.named(row):
            if len(found) == 1 and not _conflicts(row, found[0]):
                self.resolved.append((row, found[0].id))
            else:
                self.unmatched.append(_ambiguous(row, found))
        elif self.create:
            self.waiting.append((row, _candidate(row)))
        else:
            self.unmatched.append(
                Unmatched(
                    line=row.line,
                    person=row.person,
                    reason=_NOBODY,
                )
            )

    def records(
        self, created: tuple[Contact, ...], now: dt.datetime
    ) -> tuple[list[Record], list[HistoryItem], list[int | None]]:
        """The records to write (created contacts first), the rows that add
        one, and the lines of rows already there."""
        known = {c.id: c for c in created}
        records: list[Record] = [*created]
        added: list[HistoryItem] = []
        already: list[int | None] = []
        taken: set[str] = set()
        self.resolved.sort(key=lambda pair: (pair[0].line is None, pair[0].line or 0))
        for row, contact_id in self.resolved:
            contact = known.get(contact_id) or self.view.contact(contact_id)
            made = _record(row, contact, now=now, notices=self.notices)
            if isinstance(made, Rejected):
                self.rejected.append(made)
            elif made.id in taken or _exists(self.view, made):
                already.append(row.line)
            else:
                taken.add(made.id)
                records.append(made)
                added.append(
                    HistoryItem(
                        line=row.line,
                        contact_id=contact.id,
                        contact_name=contact.name,
                        record=made,
                    )
                )
        return records, added, already


def _exists(view: NetworkView, record: Meeting | Interaction | LedgerEntry) -> bool:
    if isinstance(record, Meeting):
        return record.id in view.meetings
    if isinstance(record, Interaction):
        return record.id in view.interactions
    return record.id in view.entries


def _ambiguous(row: HistoryRow, found: list[Contact]) -> Unmatched:
    if len(found) == 1:
        reason = (
            f"may be {found[0].name}, who has another e-mail address or profile "
            "link; not guessed"
        )
    else:
        listed = ", ".join(f"{c.name} ({c.company or 'no company'})" for c in found[:5])
        reason = (
            f"could be any of {len(found)} contacts: {listed}; add an e-mail "
            "address or a company to the row"
        )
    return Unmatched(
        line=row.line,
        person=row.person,
        reason=reason,
        candidates=tuple(c.id for c in found),
    )


def _candidate(row: HistoryRow) -> Candidate:
    return Candidate(
        name=row.person,
        source=SOURCE,
        line=row.line,
        company=row.company,
        emails=row.emails,
        links=row.links,
    )


def _match(
    view: NetworkView,
    waiting: list[tuple[HistoryRow, Candidate]],
    *,
    now: dt.datetime,
    new_id: Callable[[], str],
    create: bool,
    ring: Ring,
) -> tuple[
    list[tuple[HistoryRow, str]],
    list[Unmatched],
    tuple[Contact, ...],
    tuple[Advice, ...],
]:
    """Match rows with addresses (and rows of unknown names) by the contact
    import's rules: the import runs on the rows' people, and its report says
    whom each row is."""
    current: list[int] = [-1]
    made_by: dict[str, int] = {}

    def people() -> Iterator[Candidate]:
        for number, (_, candidate) in enumerate(waiting):
            current[0] = number
            yield attrs.evolve(candidate, line=number)

    def fresh() -> str:
        made = new_id()
        made_by[made] = current[0]
        return made

    _, report = import_contacts(view, people(), at=now, new_id=fresh, ring=ring)
    whom: dict[int, str] = {}
    for merge in (*report.merged, *report.unchanged):
        if merge.line is not None:
            whom[merge.line] = merge.contact_id
    doubts: dict[int, list[str]] = {}
    for doubt in report.possible_duplicates:
        if doubt.line is not None:
            doubts.setdefault(doubt.line, []).append(doubt.contact_id)
    refused = {r.line: r.reason for r in report.rejected}
    added = {c.id: c for c in report.added}
    for made, number in made_by.items():
        if made in added:
            whom.setdefault(number, made)
    matched: list[tuple[HistoryRow, str]] = []
    unmatched: list[Unmatched] = []
    used: set[str] = set()
    for number, (row, _) in enumerate(waiting):
        contact_id = whom.get(number)
        maybe = [c for c in doubts.get(number, ()) if c != contact_id]
        if number in refused:
            unmatched.append(
                Unmatched(line=row.line, person=row.person, reason=refused[number])
            )
        elif contact_id is not None and contact_id in view.contacts and not maybe:
            matched.append((row, contact_id))
        elif maybe:
            names = ", ".join(_name(view, added, c) for c in maybe[:5])
            unmatched.append(
                Unmatched(
                    line=row.line,
                    person=row.person,
                    reason=f"may be {names}, but something disagrees; not guessed",
                    candidates=tuple(maybe),
                )
            )
        elif create and contact_id is not None:
            matched.append((row, contact_id))
            used.add(contact_id)
        else:
            unmatched.append(
                Unmatched(
                    line=row.line,
                    person=row.person,
                    reason=_NOBODY,
                )
            )
    created = tuple(c for c in report.added if c.id in used)
    advice = report.advice if created else ()
    return matched, unmatched, created, advice


def _name(view: NetworkView, added: dict[str, Contact], contact_id: str) -> str:
    if contact_id in view.contacts:
        return view.contact(contact_id).name
    return added[contact_id].name if contact_id in added else contact_id


def _purpose(note: str, word: str) -> str:
    first = note.strip().splitlines()[0].strip() if note.strip() else ""
    if not first or not first.isprintable() or len(first) > _PURPOSE_LENGTH:
        return word
    return first


def _record(
    row: HistoryRow, contact: Contact, *, now: dt.datetime, notices: list[Notice]
) -> Meeting | Interaction | LedgerEntry | Rejected:
    """The record ``row`` makes for ``contact``, or why it makes none."""
    written = row.kind.strip()
    kind = kind_of(written) if written else InteractionKind.MESSAGE
    if kind is None:
        notices.append(
            Notice(
                line=row.line,
                message=f"the kind {written[:40]!r} is not one careernet knows; "
                "recorded as a message",
            )
        )
        kind = InteractionKind.MESSAGE
    at = row.at
    if not MEETINGS_FROM <= at < MEETINGS_UNTIL:
        return Rejected(
            line=row.line,
            reason=f"the date {at:%Y-%m-%d} is outside what careernet keeps "
            f"({MEETINGS_FROM.year} to {MEETINGS_UNTIL.year - 1})",
        )
    ahead = at > now
    if ahead and not isinstance(kind, MeetingKind):
        return Rejected(
            line=row.line,
            reason=f"{written or 'a message'!r} dated {at:%Y-%m-%d}, in the "
            "future: only meetings can be ahead",
        )
    record = record_id(contact.id, at, kind, row.note)
    try:
        if isinstance(kind, MeetingKind):
            return Meeting(
                id=record,
                contact_id=contact.id,
                scheduled_at=at,
                created_at=now if ahead else at,
                updated_at=now,
                purpose=_purpose(row.note, _WORDS[kind]),
                kind=kind,
                status=MeetingStatus.SCHEDULED if ahead else MeetingStatus.HELD,
                notes=row.note,
            )
        if isinstance(kind, InteractionKind):
            return Interaction(
                id=record, contact_id=contact.id, kind=kind, at=at, note=row.note
            )
        return LedgerEntry(
            id=record,
            contact_id=contact.id,
            kind=kind,
            at=at,
            what=row.note.strip() or _WORDS[kind],
        )
    except InvalidValueError as error:
        return Rejected(line=row.line, reason=str(error))
