"""Keeping the network current from e-mail: who wrote to whom, and when.

careernet reads a few header fields of each message (:data:`HEADER_FIELDS`)
and never its subject or body. :func:`record_mail` matches the addresses in
them to contacts and turns what it finds into interactions, through the
same records a hand-logged exchange makes, so keep-in-touch cadences reset
and approaches move along (see :mod:`careernet.domain.approaches`).

The rules, in order; the first that applies decides what becomes of a
message (:class:`Skip` names each reason for leaving one out):

1. A message without a usable sender or date (missing, unreadable, before
   1970 or in the future) is left out.
2. Mailing lists (``List-Id``, ``Precedence: list``), bulk mail
   (``Precedence: bulk`` or ``junk``), automatic mail (``Auto-Submitted``
   other than ``no``) and mail from no-reply senders are left out.
3. A message with more recipients (``To`` and ``Cc``) than
   :attr:`MailOptions.max_recipients` is left out: it is an announcement,
   not a conversation.
4. The direction comes from the seeker's own addresses
   (:attr:`MailOptions.me`): a message from one of them was sent to each
   contact among its recipients; any other message was received from its
   sender, if the sender is a contact. Mail between the seeker's own
   addresses is left out.
5. Where the active strategy is discreet (the confidential search), a
   message involving the current employer is left out whole: an address at
   one of the employer's domains (:func:`is_employer_domain`), or a contact
   the strategy excludes. :attr:`MailOptions.include_employer` opts in.
6. At most one interaction is recorded each way per contact, thread and day
   (UTC). Its id is derived from those four, so reading the same messages
   again, from the same folder or another, records nothing twice.

A thread is named by the first message id in ``References`` (the message
that started it), else ``In-Reply-To``, else the message's own id. The kind
follows the approach's stage at the message's time: from the contact, a
``REPLY`` when it answers something (or the seeker was waiting) and a
``MESSAGE`` otherwise; to the contact, an ``OUTREACH`` when nothing is going
on, a ``NUDGE`` when the seeker is still waiting for an answer, and a
``MESSAGE`` in a conversation under way.

People the seeker wrote to more than once who are not contacts are offered
in the report (:attr:`MailReport.possible_contacts`), never added.

Everything here is pure: the messages, the moment and the strategy come in
as arguments; reading folders and servers is :mod:`careernet.mail`'s work.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.header
import email.utils
import enum
import hashlib
import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

import attrs

from . import _validators as v
from .approaches import Stage, outreach
from .errors import InvalidValueError
from .model import Change, Contact, Interaction, InteractionKind, MailCursor, Privacy

if TYPE_CHECKING:
    from .strategies import Strategy
    from .view import NetworkView

__all__ = [
    "DEFAULT_MAX_RECIPIENTS",
    "HEADER_FIELDS",
    "Address",
    "Direction",
    "MailHeaders",
    "MailOptions",
    "MailReport",
    "PossibleContact",
    "Skip",
    "cursor_id",
    "interaction_kind",
    "is_employer_domain",
    "is_no_reply",
    "parse_addresses",
    "parse_date",
    "record_mail",
]

HEADER_FIELDS: Final = (
    "From",
    "To",
    "Cc",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Id",
    "Auto-Submitted",
    "Precedence",
)
"""The only header fields careernet reads. ``References`` names the message
that started a thread, so a reply is tied to its thread without careernet
remembering any earlier message."""

DEFAULT_MAX_RECIPIENTS: Final = 10
"""More recipients than this make a message an announcement, not a conversation."""

_EARLIEST: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SLACK: Final = dt.timedelta(days=1)
"""How far past ``now`` a message may be dated (clocks and time zones are off)."""

_NAME_LIMIT: Final = 200
_ADDRESS_LIMIT: Final = 254
_MESSAGE_ID: Final = re.compile(r"<([^<>\s]{1,995})>")
_NO_REPLY: Final = re.compile(
    r"no[-_.]?reply|do[-_.]?not[-_.]?reply|^(mailer[-_.]?daemon|postmaster|"
    r"bounces?|notifications?|alerts?)(?:[-+_.=].*)?$"
)
_FREE_MAIL: Final = frozenset(
    {
        "aol.com",
        "fastmail.com",
        "gmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "googlemail.com",
        "hey.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mac.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "pm.me",
        "proton.me",
        "protonmail.com",
        "web.de",
        "yahoo.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
    }
)
"""Mail providers anyone can use: a colleague's address there says nothing
of the employer's domains."""

_SECOND_LEVEL: Final = frozenset(
    {"ac", "co", "com", "edu", "gov", "ltd", "net", "org", "plc"}
)
_LEGAL_FORMS: Final = frozenset(
    {
        "ag",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "llp",
        "ltd",
        "nv",
        "plc",
        "sa",
        "sarl",
        "sas",
        "the",
    }
)
_WAITING: Final = frozenset({Stage.AWAITING, Stage.NUDGE_DUE, Stage.NUDGED})


class Direction(enum.Enum):
    """Which way a message went between the seeker and a contact."""

    SENT = "sent"
    """From the seeker to the contact."""
    RECEIVED = "received"
    """From the contact to the seeker."""


class Skip(enum.Enum):
    """Why a message recorded nothing."""

    ALREADY_RECORDED = "already recorded"
    """Its interactions exist: the same message read before, or another of
    its thread that day."""
    NO_CONTACT = "no contact involved"
    OWN = "between your own addresses"
    MAILING_LIST = "mailing list"
    BULK = "bulk mail"
    AUTOMATIC = "automatic mail"
    NO_REPLY = "no-reply sender"
    TOO_MANY_RECIPIENTS = "too many recipients"
    EMPLOYER = "current employer"
    """Discreet strategy: it involves the current employer."""
    SHARED_ADDRESS = "address shared by several contacts"
    NO_SENDER = "no usable sender"
    NO_DATE = "no usable date"


@attrs.frozen(kw_only=True)
class MailHeaders:
    """The header fields careernet reads of one message, as text.

    Each is the field's value as it appears (unfolded, encoded words and
    all), or ``None`` when the message has none. Readers in
    :mod:`careernet.mail` build them; so can an application reading mail
    some other way.

    Attributes:
        sender: ``From``.
        to: ``To`` (several fields joined with commas).
        cc: ``Cc`` (likewise).
        date: ``Date``.
        message_id: ``Message-ID``.
        in_reply_to: ``In-Reply-To``.
        references: ``References``.
        list_id: ``List-Id``.
        auto_submitted: ``Auto-Submitted``.
        precedence: ``Precedence``.
    """

    sender: str | None = None
    to: str | None = None
    cc: str | None = None
    date: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: str | None = None
    list_id: str | None = None
    auto_submitted: str | None = None
    precedence: str | None = None

    @classmethod
    def from_fields(cls, fields: Iterable[tuple[str, str]]) -> MailHeaders:
        """Headers from ``(name, value)`` pairs, any case; other names ignored.

        ``To`` and ``Cc`` may repeat (their addresses are joined); for the
        others the first one counts.
        """
        values: dict[str, str] = {}
        for name, value in fields:
            attribute = FIELD_ATTRIBUTES.get(name.strip().lower())
            if attribute is None:
                continue
            if attribute in ("to", "cc") and attribute in values:
                values[attribute] = f"{values[attribute]}, {value}"
            else:
                values.setdefault(attribute, value)
        return cls(**values)


FIELD_ATTRIBUTES: Final[Mapping[str, str]] = {
    "from": "sender",
    "to": "to",
    "cc": "cc",
    "date": "date",
    "message-id": "message_id",
    "in-reply-to": "in_reply_to",
    "references": "references",
    "list-id": "list_id",
    "auto-submitted": "auto_submitted",
    "precedence": "precedence",
}
""":class:`MailHeaders`' attribute for each field name, in lower case."""


@attrs.frozen
class Address:
    """One mailbox named in a header field.

    Attributes:
        address: The address, case-folded.
        raw_name: The display name as written (it may hold RFC 2047 encoded
            words); :attr:`name` decodes it.
    """

    address: str
    raw_name: str = ""

    @property
    def domain(self) -> str:
        """The part after the ``@``."""
        return self.address.rpartition("@")[2]

    @property
    def name(self) -> str:
        """The display name, decoded and safe to show on one line."""
        return decode_name(self.raw_name)


def _own(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        values = (values,)
    found = set()
    for value in values:
        if not isinstance(value, str):
            raise InvalidValueError(f"An e-mail address must be text; got {value!r}.")
        address = _valid_address(value.strip())
        if address is None:
            raise InvalidValueError(
                f"{value!r} is not an e-mail address; give your own addresses "
                "like me@example.org."
            )
        found.add(_untagged(address))
    if not found:
        raise InvalidValueError(
            "Say which addresses are yours (at least one), so careernet can tell "
            "the mail you sent from the mail you received."
        )
    return frozenset(found)


def _domains(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        values = (values,)
    found = set()
    for value in values:
        if not isinstance(value, str):
            raise InvalidValueError(f"A domain must be text; got {value!r}.")
        domain = value.strip().casefold().lstrip("@").rstrip(".")
        if not domain or not re.fullmatch(r"[\w-]+(\.[\w-]+)+", domain):
            raise InvalidValueError(
                f"{value!r} is not a mail domain; write it like example.org."
            )
        found.add(domain)
    return frozenset(found)


def _untagged(address: str) -> str:
    local, _, domain = address.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _valid_address(text: str) -> str | None:
    """``text`` case-folded if it looks like one mailbox's address, else None."""
    if not text or len(text) > _ADDRESS_LIMIT or text.count("@") != 1:
        return None
    local, _, domain = text.partition("@")
    if (
        not local
        or "." not in domain.strip(".")
        or any(c.isspace() or not c.isprintable() for c in text)
    ):
        return None
    return text.casefold()


@attrs.frozen(kw_only=True)
class MailOptions:
    """What :func:`record_mail` needs to know beyond the messages.

    Attributes:
        me: The seeker's own addresses; at least one. A ``+tag`` in the
            local part is ignored (``me+jobs@example.org`` is
            ``me@example.org``).
        max_recipients: Messages with more recipients are left out.
        include_employer: Record mail involving the current employer even
            where the strategy is discreet.
        employer_domains: Domains of the current employer besides those
            :func:`is_employer_domain` recognises from its name and from
            colleagues' addresses.
    """

    me: frozenset[str] = attrs.field(converter=_own)
    max_recipients: int = attrs.field(
        default=DEFAULT_MAX_RECIPIENTS, validator=v.at_least(1)
    )
    include_employer: bool = attrs.field(default=False, validator=v.instance_of(bool))
    employer_domains: frozenset[str] = attrs.field(
        default=frozenset(), converter=_domains
    )


@attrs.frozen(kw_only=True)
class PossibleContact:
    """Someone the seeker wrote to more than once who is not a contact.

    Attributes:
        name: Their display name, or ``""`` when no message gave one.
        address: Their address.
        messages: How many messages the seeker sent them.
    """

    name: str
    address: str
    messages: int


@attrs.frozen(kw_only=True)
class MailReport:
    """What reading mail found and recorded.

    Attributes:
        read: How many messages were read.
        recorded: The interactions recorded (or, in a dry run, that would be).
        skipped: How many messages recorded nothing, by reason.
        possible_contacts: People written to more than once who are not
            contacts, most written to first.
        dry_run: Whether nothing was written.
    """

    read: int
    recorded: tuple[Interaction, ...]
    skipped: Mapping[Skip, int]
    possible_contacts: tuple[PossibleContact, ...]
    dry_run: bool = False

    def summary(self) -> str:
        """One line: messages read, interactions recorded, skips."""
        count = len(self.recorded)
        noun = "interaction" if count == 1 else "interactions"
        done = "to record (dry run)" if self.dry_run else "recorded"
        read = "message" if self.read == 1 else "messages"
        text = f"{self.read} {read} read, {count} {noun} {done}"
        skips = ", ".join(
            f"{number} {reason.value}"
            for reason, number in sorted(
                self.skipped.items(), key=lambda item: (-item[1], item[0].value)
            )
        )
        return f"{text}; skipped: {skips}" if skips else text


def parse_addresses(value: str | None) -> tuple[Address, ...]:
    """The mailboxes in an address field, in order, without repeats.

    Anything that is not an address (a group's name, garbage) is dropped.
    """
    if not value:
        return ()
    found: dict[str, Address] = {}
    try:
        pairs = email.utils.getaddresses([value])
    except (ValueError, IndexError, TypeError):  # pragma: no cover - defensive
        return ()
    for name, text in pairs:
        address = _valid_address(text)
        if address is not None and address not in found:
            found[address] = Address(address, name)
    return tuple(found.values())


def decode_name(raw: str) -> str:
    """A display name with RFC 2047 encoded words decoded, on one line.

    Control characters and line or paragraph separators become spaces (many
    readers would start a new line at them), runs of space are folded, and
    the result is cut at 200 characters.
    """
    if not raw:
        return ""
    text = raw
    if "=?" in raw:
        try:
            text = str(email.header.make_header(email.header.decode_header(raw)))
        except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
            text = raw
    cleaned = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    )
    return " ".join(cleaned.split())[:_NAME_LIMIT].strip().strip('"').strip()


def parse_date(value: str | None, *, now: dt.datetime) -> dt.datetime | None:
    """The moment a ``Date`` field names, or None if it names none usable.

    A date without a zone (``-0000``) is taken as UTC. Dates before 1970 or
    more than a day after ``now`` are refused.
    """
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        if moment < _EARLIEST or moment > now + _SLACK:
            return None
    except OverflowError:  # pragma: no cover - year 9999 plus a day
        return None
    return moment


def message_ids(value: str | None) -> list[str]:
    """The message ids (without angle brackets) a field lists, in order."""
    if not value:
        return []
    return _MESSAGE_ID.findall(value)


def is_no_reply(address: str) -> bool:
    """Whether an address is one nobody reads (``noreply@``, ``mailer-daemon@``)."""
    local = address.rpartition("@")[0].casefold()
    return bool(_NO_REPLY.search(local))


def _squash(name: str) -> list[str]:
    """A company name as plain lower-case words without legal forms."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", plain.replace("&", " and "))
    while words and words[-1] in _LEGAL_FORMS:
        words.pop()
    if words and words[0] == "the":
        words.pop(0)
    return words


def is_employer_domain(
    domain: str, employer_names: Iterable[str], employer_domains: Iterable[str] = ()
) -> bool:
    """Whether a mail domain belongs to the seeker's current employer.

    It does when it is one of ``employer_domains`` or below one
    (``mail.northwind.example`` is below ``northwind.example``), or when one
    of its labels (the top-level domain and ``co``-style second levels
    aside) spells an employer name without spaces and legal forms
    ("northwindanalytics" for "Northwind Analytics, Inc."), or its first word
    when that has four letters or more ("northwind"). In doubt it says yes:
    the discreet strategy would rather leave a message out than let the
    employer in.

    Args:
        domain: The domain, any case.
        employer_names: The employer's name and its other names.
        employer_domains: Domains known to be the employer's.
    """
    domain = domain.casefold().rstrip(".")
    for known in employer_domains:
        if domain == known or domain.endswith(f".{known}"):
            return True
    labels = domain.split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    if not labels:
        return False
    names = set()
    for employer in employer_names:
        words = _squash(employer)
        if not words:
            continue
        names.add("".join(words))
        names.add("-".join(words))
        if len(words[0]) >= 4:
            names.add(words[0])
    return any(label in names for label in labels)


def cursor_id(account: str, folder: str) -> str:
    """The id of the :class:`~careernet.domain.model.MailCursor` of a folder."""
    digest = hashlib.blake2b(
        f"{account}\0{folder}".encode("utf-8", "surrogatepass"), digest_size=16
    )
    return f"imap-{digest.hexdigest()}"


def interaction_id(
    contact_id: str, thread: str, day: dt.date, direction: Direction
) -> str:
    """The id of the one interaction of a contact, thread, day and direction."""
    key = f"{contact_id}\0{thread}\0{day.isoformat()}\0{direction.value}"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16)
    return f"mail-{digest.hexdigest()}"


def interaction_kind(
    direction: Direction, *, is_reply: bool, stage: Stage
) -> InteractionKind:
    """What a message is, given the approach's stage when it was sent.

    Args:
        direction: Which way it went.
        is_reply: Whether it answers another message (``In-Reply-To`` or
            ``References``).
        stage: Where the approach to the contact stood at the message's time.
    """
    waiting = stage in _WAITING
    if direction is Direction.RECEIVED:
        return InteractionKind.REPLY if is_reply or waiting else InteractionKind.MESSAGE
    if waiting:
        return InteractionKind.NUDGE
    if stage is Stage.ENGAGED or is_reply:
        return InteractionKind.MESSAGE
    return InteractionKind.OUTREACH


class _Touch(NamedTuple):
    """One message's exchange with one contact, before grouping."""

    at: dt.datetime
    contact_id: str
    direction: Direction
    thread: str
    is_reply: bool
    message: int


class _Run:
    """One run of :func:`record_mail`: what it learnt of the network once,
    and what it has found in the messages so far."""

    def __init__(
        self,
        view: NetworkView,
        strategy: Strategy,
        options: MailOptions,
        now: dt.datetime,
    ) -> None:
        self.view = view
        self.strategy = strategy
        self.options = options
        self.now = now
        self.discreet = (
            strategy.privacy is Privacy.DISCREET and not options.include_employer
        )
        self.by_address: dict[str, list[str]] = {}
        for contact in view.contacts.values():
            for address in _addresses_of(contact):
                owners = self.by_address.setdefault(address, [])
                if contact.id not in owners:
                    owners.append(contact.id)
        self._excluded: dict[str, bool] = {}
        self.employer_names = employer_names(view)
        self.employer_domains = set(options.employer_domains)
        if self.discreet:
            # Colleagues' addresses name the employer's domains, unless they
            # are at a provider anyone can use.
            self.employer_domains.update(
                domain
                for contact in view.contacts.values()
                if self.excluded(contact)
                for address in _addresses_of(contact)
                if (domain := address.rpartition("@")[2]) not in _FREE_MAIL
            )
        self._employer_domain: dict[str, bool] = {}
        self.touches: list[_Touch] = []
        self.unknown_sent: Counter[str] = Counter()
        self.unknown_names: dict[str, str] = {}

    def excluded(self, contact: Contact) -> bool:
        found = self._excluded.get(contact.id)
        if found is None:
            found = self.strategy.is_excluded(contact, self.view, self.view.active_goal)
            self._excluded[contact.id] = found
        return found

    def at_employer(self, address: Address) -> bool:
        domain = address.domain
        found = self._employer_domain.get(domain)
        if found is None:
            found = is_employer_domain(
                domain, self.employer_names, self.employer_domains
            )
            self._employer_domain[domain] = found
        return found

    def mine(self, address: Address) -> bool:
        return _untagged(address.address) in self.options.me

    def consider(self, headers: MailHeaders, number: int) -> Skip | None:
        """Decide about one message and note its exchanges with contacts: the
        reason it records nothing, or None while it may record something."""
        senders = parse_addresses(headers.sender)
        if not senders:
            return Skip.NO_SENDER
        sender = senders[0]
        at = parse_date(headers.date, now=self.now)
        if at is None:
            return Skip.NO_DATE
        own_id = next(iter(message_ids(headers.message_id)), None)
        reason = _list_reason(headers)
        sent = self.mine(sender)
        if reason is None and not sent and is_no_reply(sender.address):
            reason = Skip.NO_REPLY
        if reason is not None:
            return reason
        recipients = parse_addresses(_joined(headers.to, headers.cc))
        if len(recipients) > self.options.max_recipients:
            return Skip.TOO_MANY_RECIPIENTS
        if self.discreet and self.involves_employer(sender, recipients):
            return Skip.EMPLOYER
        found = self.sent_to(recipients) if sent else self.received_from(sender)
        if isinstance(found, Skip):
            return found
        references = message_ids(headers.references)
        replied_to = message_ids(headers.in_reply_to)
        thread = (references or replied_to or [own_id or _synthetic_id(headers)])[0]
        is_reply = bool(references or replied_to)
        for contact_id, direction in found:
            self.touches.append(
                _Touch(at, contact_id, direction, thread, is_reply, number)
            )
        return None

    def sent_to(
        self, recipients: Sequence[Address]
    ) -> list[tuple[str, Direction]] | Skip:
        """The contacts a message from the seeker went to; unknown people
        are counted for the report."""
        others = [a for a in recipients if not self.mine(a)]
        if not others:
            return Skip.OWN
        found = []
        shared = False
        for recipient in others:
            owners = self.by_address.get(recipient.address)
            if owners is None:
                if not is_no_reply(recipient.address):
                    self.unknown_sent[recipient.address] += 1
                    if recipient.raw_name:
                        self.unknown_names.setdefault(
                            recipient.address, recipient.raw_name
                        )
            elif len(owners) == 1:
                found.append((owners[0], Direction.SENT))
            else:
                shared = True
        if found:
            return found
        return Skip.SHARED_ADDRESS if shared else Skip.NO_CONTACT

    def received_from(self, sender: Address) -> list[tuple[str, Direction]] | Skip:
        """The contact a message to the seeker came from."""
        owners = self.by_address.get(sender.address)
        if owners is None:
            return Skip.NO_CONTACT
        if len(owners) > 1:
            return Skip.SHARED_ADDRESS
        return [(owners[0], Direction.RECEIVED)]

    def involves_employer(self, sender: Address, recipients: Sequence[Address]) -> bool:
        for address in (sender, *recipients):
            if self.at_employer(address):
                return True
            for contact_id in self.by_address.get(address.address, ()):
                if self.excluded(self.view.contact(contact_id)):
                    return True
        return False


def _addresses_of(contact: Contact) -> Iterator[str]:
    for text in contact.emails:
        address = _valid_address(text.strip())
        if address is not None:
            yield address


def employer_names(view: NetworkView) -> tuple[str, ...]:
    """The names of the seeker's current employer (none when there is none)."""
    company = view.seeker.company
    return (company,) if company else ()


class _WithBatch:
    """The network as it would be with this run's interactions added.

    Only what :func:`~careernet.domain.approaches.outreach` reads differs
    from the view underneath; everything else is passed through.
    """

    def __init__(self, view: NetworkView) -> None:
        self._view = view
        self._added: dict[str, list[Interaction]] = {}

    def add(self, interaction: Interaction) -> None:
        self._added.setdefault(interaction.contact_id, []).append(interaction)

    def interactions_with(self, contact_id: str) -> Sequence[Interaction]:
        added = self._added.get(contact_id)
        committed = self._view.interactions_with(contact_id)
        if not added:
            return committed
        return list(heapq.merge(committed, added, key=lambda i: (i.at, i.id)))

    def derived(self, contact_id: str, name: str, compute: Callable[[], Any]) -> Any:
        if contact_id in self._added:
            return compute()
        return self._view.derived(contact_id, name, compute)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


def record_mail(
    view: NetworkView,
    messages: Iterable[MailHeaders],
    *,
    strategy: Strategy,
    options: MailOptions,
    now: dt.datetime,
    cursors: Iterable[MailCursor] = (),
    progress: Callable[[int], object] | None = None,
) -> tuple[Change, MailReport]:
    """The interactions a batch of messages brings, as one change, and a report.

    See the module's description for the rules. Nothing in ``view`` changes;
    commit the change to record what the report lists.

    Args:
        view: The network.
        messages: The messages' headers, in any order.
        strategy: The active strategy (its privacy, its exclusions, its
            nudge and rest times).
        options: The seeker's addresses and the limits.
        now: The moment; messages dated more than a day after it are left out.
        cursors: How far each synced folder has now been read; they are
            written in the same change, so a folder's position never moves
            without its interactions.
        progress: Called with the number of messages handled so far.
    """
    v.require_aware("now", now)
    run = _Run(view, strategy, options, now)
    skipped: Counter[Skip] = Counter()
    read = 0
    for read, headers in enumerate(messages, start=1):
        reason = run.consider(headers, read)
        if reason is not None:
            skipped[reason] += 1
        if progress is not None and read % 256 == 0:
            progress(read)
    if progress is not None:
        progress(read)
    recorded, fruitful = _interactions(view, run.touches, strategy)
    spent = len({t.message for t in run.touches} - fruitful)
    if spent:
        skipped[Skip.ALREADY_RECORDED] += spent
    possible = tuple(
        sorted(
            (
                PossibleContact(
                    name=decode_name(run.unknown_names.get(address, "")),
                    address=address,
                    messages=count,
                )
                for address, count in run.unknown_sent.items()
                if count > 1
            ),
            key=lambda p: (-p.messages, p.address),
        )
    )
    change = Change(
        summary=f"mail: {len(recorded)} interactions",
        records=(*recorded, *cursors),
    )
    report = MailReport(
        read=read,
        recorded=tuple(recorded),
        skipped=dict(skipped),
        possible_contacts=possible,
    )
    return change, report


def _joined(first: str | None, second: str | None) -> str:
    return ", ".join(part for part in (first, second) if part)


def _list_reason(headers: MailHeaders) -> Skip | None:
    if headers.list_id and headers.list_id.strip():
        return Skip.MAILING_LIST
    precedence = (headers.precedence or "").strip().casefold()
    if precedence == "list":
        return Skip.MAILING_LIST
    if precedence in ("bulk", "junk"):
        return Skip.BULK
    auto = (headers.auto_submitted or "").split(";", 1)[0].strip().casefold()
    if auto and auto != "no":
        return Skip.AUTOMATIC
    return None


def _synthetic_id(headers: MailHeaders) -> str:
    """A stable stand-in for a missing Message-ID, from the fields read."""
    key = "\0".join(
        (headers.sender or "", headers.to or "", headers.cc or "", headers.date or "")
    )
    return (
        "no-id:"
        + hashlib.blake2b(
            key.encode("utf-8", "surrogatepass"), digest_size=16
        ).hexdigest()
    )


def _interactions(
    view: NetworkView, touches: list[_Touch], strategy: Strategy
) -> tuple[list[Interaction], set[int]]:
    """One interaction per contact, thread, day and direction, oldest first,
    leaving out those already recorded; and the messages that brought one."""
    touches.sort(key=lambda t: (t.at, t.message, t.contact_id))
    batch = _WithBatch(view)
    state = cast("NetworkView", batch)
    existing = view.interactions
    done: set[str] = set()
    recorded: list[Interaction] = []
    fruitful: set[int] = set()
    for touch in touches:
        day = touch.at.astimezone(dt.UTC).date()
        record_id = interaction_id(touch.contact_id, touch.thread, day, touch.direction)
        if record_id in done or record_id in existing:
            continue
        done.add(record_id)
        stage = outreach(
            state,
            touch.contact_id,
            touch.at,
            nudge_after=strategy.nudge_after,
            rest_for=strategy.rest_for,
        ).stage
        interaction = Interaction(
            id=record_id,
            contact_id=touch.contact_id,
            kind=interaction_kind(
                touch.direction, is_reply=touch.is_reply, stage=stage
            ),
            at=touch.at,
            note="e-mail",
        )
        batch.add(interaction)
        recorded.append(interaction)
        fruitful.add(touch.message)
    return recorded, fruitful
