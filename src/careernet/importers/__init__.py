"""Importing contacts from LinkedIn exports, vCard files and CSV.

A history spreadsheet (meetings, calls, e-mails and thank-yous kept in
another tool) is read by :func:`read_history` and imported with
:meth:`careernet.Network.import_history`.

Readers turn a file into people (:class:`careernet.domain.Candidate`) and
rejected lines; :meth:`careernet.Network.import_contacts` (or the
``import_linkedin``, ``import_vcards`` and ``import_csv`` shortcuts) matches
them against the network, merges duplicates and adds the rest in one commit.
:mod:`careernet.importers.exports` writes contacts out again, as CSV these
readers take back or as vCard 3.0.

Default rings, overridable with ``ring=``: LinkedIn connections and CSV rows
join ``COLD`` (being connected does not mean they know your work); vCard
contacts join ``LUKEWARM`` (people in your address book know who you are).
"""

from careernet.domain import Ring
from careernet.importers.csvfile import read_csv
from careernet.importers.exports import (
    CSV_COLUMNS,
    FORMATS,
    write_contacts,
    write_csv,
    write_vcards,
)
from careernet.importers.history import read_history
from careernet.importers.linkedin import read_linkedin
from careernet.importers.vcard import read_vcards

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_RINGS",
    "FORMATS",
    "read_csv",
    "read_history",
    "read_linkedin",
    "read_vcards",
    "write_contacts",
    "write_csv",
    "write_vcards",
]

DEFAULT_RINGS = {"linkedin": Ring.COLD, "vcard": Ring.LUKEWARM, "csv": Ring.COLD}
"""The ring new contacts join, by source."""
