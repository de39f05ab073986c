"""Values checked at the door: what a command refuses to store about a person.

The contact import leaves out what no one should store (see
:mod:`careernet.domain.imports`); the commands that take a person's details
by hand (adding or editing a contact, a meeting's referrals, the seeker's own
details) refuse the same values with the same checks, naming the field and
what to write instead:

* names, companies, roles, fields of work, how the seeker met them, tags and
  past employers are one line: no line breaks (U+2028 and U+2029 included)
  and no control characters;
* e-mail addresses are shaped like one (``name@example.org``, alone);
* links start with ``https://``, ``http://``, ``mailto:`` or ``tel:``, or
  name a web address without a scheme (``linkedin.com/in/name``); any other
  scheme (``javascript:``, ``data:``, ``file:``) is refused;
* phone numbers are digits with the usual punctuation.

These checks run in the commands, not in the records' validators, so values
an older careernet stored stay loadable, and a contact holding one can still
be edited (to a good value, or in another field).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Final

from .errors import InvalidValueError
from .imports import _LONGEST, _broken, _clean_email, _clean_link, _clean_phone
from .model import Contact, Seeker

__all__ = ["LINE_FIELDS", "check_contact", "check_seeker"]

LINE_FIELDS: Final = frozenset(
    {"name", "company", "role", "field", "how_met", "tags", "past_companies"}
)
"""The contact fields that hold one line each (a value, or several)."""

_SEEKER_LINES: Final = ("name", "company", "field", "aliases", "unrelated")


def _values(value: Any) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return sorted(v for v in value if isinstance(v, str))


def _one_line(field: str, value: Any) -> None:
    for text in _values(value):
        if _broken(text):
            raise InvalidValueError(
                f"The {field} {text[:60]!r} holds a line break or a control "
                "character; write it on one line, without control characters."
            )
        if len(text) > _LONGEST:
            raise InvalidValueError(
                f"The {field} is {len(text):,} characters long; keep it under "
                f"{_LONGEST:,} (use the notes for more)."
            )


def _emails(values: Iterable[str]) -> None:
    for email in values:
        if _broken(email) or _clean_email(email) != email.strip():
            raise InvalidValueError(
                f"{email[:60]!r} is not an e-mail address; write the address "
                "alone, like name@example.org."
            )


def _links(values: Iterable[str]) -> None:
    for link in values:
        if _clean_link(link) is None:
            raise InvalidValueError(
                f"{link[:60]!r} is not a link careernet keeps; write one that "
                "starts with https://, http://, mailto: or tel: (like "
                "https://www.linkedin.com/in/name)."
            )


def _phones(values: Iterable[str]) -> None:
    for phone in values:
        if _broken(phone) or _clean_phone(phone) is None:
            raise InvalidValueError(
                f"{phone[:60]!r} is not a phone number; write its digits, with "
                "+, spaces, dashes, dots or brackets if you like."
            )


def check_contact(contact: Contact, fields: Collection[str] | None = None) -> None:
    """Refuse a contact whose ``fields`` (all, by default) hold a value no one
    should store.

    Raises:
        InvalidValueError: The message names the field and what to write.
    """
    for field in LINE_FIELDS:
        if fields is None or field in fields:
            _one_line(field.replace("_", " "), getattr(contact, field))
    if fields is None or "emails" in fields:
        _emails(contact.emails)
    if fields is None or "links" in fields:
        _links(contact.links)
    if fields is None or "phones" in fields:
        _phones(contact.phones)


def check_seeker(seeker: Seeker, before: Seeker | None = None) -> None:
    """Refuse a seeker whose name, company, field or employer's other names
    hold a line break or a control character; only what differs from
    ``before`` is checked.

    Raises:
        InvalidValueError: The message names the field and what to write.
    """
    for field in _SEEKER_LINES:
        value = getattr(seeker, field)
        if before is None or value != getattr(before, field):
            _one_line(field, value)
