"""Naming people and meetings on the command line.

A contact is named by its id, a unique prefix of it (the short ids the
command prints), an e-mail address, or their name: whole or in part,
ignoring case, accents and punctuation ("gomez" finds "María Gómez"), folded
by :func:`careernet.domain.orgs.fold` as :meth:`careernet.Network.find` and
the imports fold names. A meeting is named
by its id or short id, by the person met (when there is one meeting ahead
with them), or by person and day: ``Ken@2026-11-27``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping

from careernet.cli._out import short
from careernet.domain import Contact, Meeting
from careernet.domain.imports import normal_email
from careernet.domain.orgs import fold
from careernet.errors import AmbiguousNameError, InvalidValueError, UnknownIdError
from careernet.network import Network

__all__ = ["contact", "fold", "meeting", "parse_when"]

_MIN_PREFIX = 4
"""The shortest id prefix taken as an id rather than as part of a name."""


def _listed(found: Iterable[Contact], ids: Iterable[str]) -> str:
    every = list(ids)
    return ", ".join(f"{c.name} ({short(c.id, every)})" for c in found)


def contact(network: Network, who: str, *, among: str = "active") -> Contact:
    """The one contact ``who`` names, among the contacts in the network
    (``among="active"``), the archived ones (``"archived"``) or both
    (``"all"``).

    Raises:
        UnknownIdError: Nobody matches (with the nearest names, if any).
        AmbiguousNameError: Several match; the message lists them with the
            short ids to use instead.
    """
    state = network.state
    people: Mapping[str, Contact] = {
        "active": state.contacts,
        "archived": state.archived,
        "all": {**state.contacts, **state.archived},
    }[among]
    text = who.strip()
    if text in people:
        return people[text]
    wanted = fold(text)
    if len(text) >= _MIN_PREFIX:
        by_id = [c for i, c in people.items() if i.startswith(text.lower())]
        if len(by_id) == 1:
            return by_id[0]
    if "@" in text:
        address = normal_email(text)
        by_mail = [
            c for c in people.values() if address in (normal_email(e) for e in c.emails)
        ]
        if len(by_mail) == 1:
            return by_mail[0]
    whole = [c for c in people.values() if fold(c.name) == wanted]
    if len(whole) == 1:
        return whole[0]
    found = whole or [c for c in people.values() if wanted in fold(c.name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousNameError(
            f"{who!r} matches several contacts: {_listed(found[:6], people)}"
            f"{' and more' if len(found) > 6 else ''}. Name one by more of the "
            "name, an e-mail address or the id in brackets."
        )
    names = {fold(c.name): c for c in people.values()}
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    hint = (
        f" Did you mean {' or '.join(names[n].name for n in close)}?"
        if close
        else " List them with 'careernet contacts', or add them with 'careernet add'."
    )
    if among == "active" and any(
        wanted in fold(c.name) or text in (c.id, *c.emails)
        for c in state.archived.values()
    ):
        hint = (
            " They are archived: 'careernet contacts --archived' lists them, "
            "'careernet unarchive' brings them back."
        )
    raise UnknownIdError("contact", who, message=f"No contact matches {who!r}.{hint}")


def meeting(network: Network, what: str) -> Meeting:
    """The one meeting ``what`` names (see the module's docstring)."""
    meetings = network.state.meetings
    text = what.strip()
    if text in meetings:
        return meetings[text]
    if len(text) >= _MIN_PREFIX:
        by_id = [m for i, m in meetings.items() if i.startswith(text.lower())]
        if len(by_id) == 1:
            return by_id[0]
    who, _, day = text.rpartition("@")
    on: dt.date | None = None
    if who and day:
        try:
            on = dt.date.fromisoformat(day)
        except ValueError:
            who = ""
    if not who or on is None:
        who, on = text, None
    try:
        person = contact(network, who)
    except UnknownIdError:
        raise UnknownIdError(
            "meeting",
            what,
            message=f"No meeting matches {what!r}; name one by the id "
            "'careernet meetings' shows, by the person, or as PERSON@YYYY-MM-DD.",
        ) from None
    theirs = network.state.meetings_with(person.id)
    if on is not None:
        found = [m for m in theirs if m.scheduled_at.date() == on]
    else:
        found = [m for m in theirs if m.status.pending] or theirs
    if len(found) == 1:
        return found[0]
    if not found:
        raise UnknownIdError(
            "meeting",
            what,
            message=f"No meeting with {person.name}"
            f"{f' on {on.isoformat()}' if on else ''}; see 'careernet meetings'.",
        )
    listed = ", ".join(
        f"{m.scheduled_at:%Y-%m-%d %H:%M} ({short(m.id, meetings)})" for m in found[:6]
    )
    raise AmbiguousNameError(
        f"{what!r} matches several meetings with {person.name}: {listed}. "
        "Name one by the id in brackets."
    )


def parse_when(text: str, zone: dt.tzinfo | None) -> dt.datetime:
    """A date and time as typed: ``2026-11-27T10:30`` or ``2026-11-27 10:30``,
    with an offset or in ``zone`` (the seeker's, else this computer's).

    A date alone is refused: a meeting needs a time.
    """
    cleaned = text.strip()
    try:
        dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    else:
        raise InvalidValueError(
            f"{text!r} has no time of day; write it like {cleaned}T10:30 "
            f"(or '{cleaned} 10:30')."
        )
    try:
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValueError(
            f"{text!r} is not a date and time; write it like 2026-11-27T10:30 "
            "or 2026-11-27T10:30+01:00."
        ) from None
    if moment.tzinfo is not None:
        return moment
    if zone is not None:
        return moment.replace(tzinfo=zone)
    try:
        return moment.astimezone()
    except (ValueError, OverflowError):  # year 1 or 9999 shifted out of range
        raise InvalidValueError(
            f"{text!r} cannot be placed in this computer's time zone; give a "
            "date between the years 2 and 9998, or an offset like +01:00."
        ) from None
