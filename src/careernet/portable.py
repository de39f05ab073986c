"""The portable JSON format: a whole network as one document, and back.

:meth:`careernet.Network.export_json` writes it and
:meth:`careernet.Store.import_json` reads it. The document holds the format
name, its version (:data:`EXPORT_FORMAT`), the network's id, the seeker and
every record, each as its kind and its fields without default values; the
same network always gives the same bytes. A file from a newer careernet is
refused with a message naming both versions.

Backups stay restorable: every earlier format version is read, brought up to
today's by the steps in :data:`MIGRATIONS` (one per version), and the tests
keep a backup written in each format and restore it. A UTF-8 byte-order mark
(as some editors and Windows tools add) is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from careernet import _convert
from careernet.domain import (
    Contact,
    Delivery,
    FeedToken,
    Goal,
    Interaction,
    InvalidValueError,
    MailCursor,
    NetworkState,
    Preferences,
    Record,
    Seeker,
)

__all__ = ["EXPORT_FORMAT", "MIGRATIONS", "check_references", "dumps", "loads"]

EXPORT_FORMAT: Final = 1
"""The version of the JSON export format."""

MIGRATIONS: Final[Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {}
"""Steps bringing a document of format ``n`` to format ``n + 1``, by ``n``.

Format 1 is the first; a release that changes the format adds the step from
the previous version here (and keeps a backup of that version in the tests).
"""


def dumps(state: NetworkState, network_id: str) -> str:
    """The network as a JSON document, ending in a newline."""
    records = []
    for record in state.records():
        kind, data = _convert.dump_record(record)
        records.append({"kind": kind, "data": data})
    document = {
        "format": "careernet",
        "version": EXPORT_FORMAT,
        "network": network_id,
        "seeker": _convert.dump_seeker(state.seeker),
        "records": records,
    }
    return _convert.dumps(document) + "\n"


def loads(text: str | bytes) -> tuple[Seeker, list[Record], str]:
    """The seeker, the records and the network id a document holds.

    Raises:
        InvalidValueError: The text is not a careernet export, or is of
            another format version.
    """
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")
    elif not isinstance(text, bytes | bytearray):
        raise InvalidValueError(
            f"A careernet export is text or bytes; got {type(text).__name__}."
        )
    try:
        document = _convert.loads(text)
    except Exception as error:
        raise InvalidValueError(f"Not a careernet export: {error}") from error
    if not isinstance(document, dict) or document.get("format") != "careernet":
        raise InvalidValueError(
            'Not a careernet export: expected a JSON object with "format": "careernet".'
        )
    version = document.get("version")
    if type(version) is not int or not 1 <= version <= EXPORT_FORMAT:
        raise InvalidValueError(
            f"This careernet reads export formats 1 to {EXPORT_FORMAT}; the file "
            f"has {version!r}. Upgrade careernet to restore it."
        )
    for step in range(version, EXPORT_FORMAT):
        document = MIGRATIONS[step](document)
    try:
        seeker = _convert.load_seeker(document["seeker"])
        records = [
            _convert.load_record(r["kind"], r["data"]) for r in document["records"]
        ]
        network_id = str(document["network"])
    except (KeyError, TypeError) as error:
        raise InvalidValueError(f"Not a careernet export: missing {error}.") from error
    except Exception as error:
        raise InvalidValueError(f"The export could not be read: {error}") from error
    return seeker, records, network_id


def check_references(state: NetworkState) -> None:
    """Refuse a network whose records point at contacts it does not hold.

    Raises:
        InvalidValueError: A record names a missing contact, or the
            preferences an unknown time zone.
    """
    contacts = {*state.contacts, *state.archived}
    manager = state.seeker.reports_to
    if manager is not None and manager not in contacts:
        raise InvalidValueError(
            f"The export's seeker reports to unknown contact {manager!r}; the file "
            "is incomplete."
        )
    for record in state.records():
        refs: list[str | None]
        if isinstance(record, Seeker | Preferences | Delivery | FeedToken | MailCursor):
            continue
        if isinstance(record, Contact):
            refs = [record.introduced_by, record.reports_to, *record.knows]
        elif isinstance(record, Goal):
            refs = list(record.target_contacts)
        elif isinstance(record, Interaction):
            refs = [record.contact_id, record.via]
        else:
            refs = [record.contact_id]
        missing = [ref for ref in refs if ref is not None and ref not in contacts]
        if missing:
            raise InvalidValueError(
                f"The export's {_convert.kind_of(record)} {record.id!r} refers to "
                f"unknown contacts {', '.join(sorted(missing))}; the file is "
                "incomplete."
            )
