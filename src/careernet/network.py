"""The :class:`Network` an application holds: one seeker's network and its commands.

Get one from :func:`careernet.open` or :meth:`careernet.Store.network`.
Each command builds its records (with fresh ids and the clock's time), lets
the pure domain check it, commits the resulting change through the store's
one commit path (:meth:`careernet.Store.commit`), and only then applies it
to the in-memory view. A refused command or a failed commit leaves both
storage and the view as they were.

Features that produce output (the calendar, reminders) take the domain state
and plain values; the network hands them what they need.

:mod:`careernet.store` holds :func:`~careernet.open`,
:func:`~careernet.open_store` and :class:`~careernet.Store`; the names that
lived here before stay importable from here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import io
import os
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Protocol, TypeVar

import attrs

from careernet import _paths, portable
from careernet._base import StoreBase, items, serialised
from careernet._bulk import collector_paused
from careernet._commands import _UNSET, REFERRAL_FIELDS, NetworkCommands, _Unset
from careernet._tokens import new_lookup, new_secret, token_of
from careernet.domain import (
    Candidate,
    Channel,
    Contact,
    Delivery,
    FeedToken,
    ImportReport,
    InvalidValueError,
    NetworkState,
    Notice,
    Preferences,
    Record,
    Rejected,
    Ring,
    Seeker,
    import_contacts,
)
from careernet.errors import CareerNetError, ConflictError, StoreBusyError
from careernet.storage import Snapshot

if TYPE_CHECKING:
    from careernet.domain.history import HistoryReport
    from careernet.draw import Picture
    from careernet.ical import CalendarOptions
    from careernet.mail import MailReport, MailSource
    from careernet.notify import NotifyReport

__all__ = ["REFERRAL_FIELDS", "Network", "NetworkStore", "retry_on_conflict"]

T = TypeVar("T")

_MOVED: Final = {
    "DEFAULT_NETWORK": "careernet.store",
    "EXPORT_FORMAT": "careernet.portable",
    "Store": "careernet.store",
    "open": "careernet.store",
    "open_store": "careernet.store",
}
"""Names that moved to other modules, still importable from here at run time."""


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Find a name that moved to another module (see :data:`_MOVED`)."""
        module = _MOVED.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)


def _unarchived(record: Record) -> Record:
    """``record``, or the contact it is as if not archived."""
    if isinstance(record, Contact) and record.archived_at is not None:
        return attrs.evolve(record, archived_at=None)
    return record


def retry_on_conflict(
    network: Network,
    command: Callable[[Network], T],
    *,
    attempts: int = 10,
    backoff: float = 0.005,
    max_backoff: float = 0.5,
) -> T:
    """Run ``command(network)``, refreshing and retrying after a conflict.

    Use it where several processes write to one network::

        careernet.retry_on_conflict(net, lambda n: n.give(ann.id, "an article"))

    The command runs again against the refreshed view, so its checks see
    what the other writer did; nothing is ever overwritten silently. Between
    tries it sleeps a random time up to ``backoff`` seconds, doubling each
    try up to ``max_backoff`` ("full jitter"), so writers that collided do
    not collide again in step. Many writers on one network can still starve
    one of them: :meth:`Network.transact` cannot be starved.

    Raises:
        ConflictError: Still conflicting after ``attempts`` tries.
        StoreBusyError: Still busy after ``attempts`` tries.
    """
    if type(attempts) is not int or attempts < 1:
        raise InvalidValueError("attempts must be a whole number of at least 1.")
    for attempt in range(1, attempts + 1):
        try:
            return command(network)
        except (ConflictError, StoreBusyError):
            if attempt == attempts:
                raise
        except CareerNetError:
            # A check can fail on a stale view (say, a contact another writer
            # just added); retry only if the view really was stale.
            if attempt == attempts or not network.stale():
                raise
        pause = min(max_backoff, backoff * 2 ** (attempt - 1))
        time.sleep(random.uniform(0, pause))
        network.refresh()
    raise AssertionError("unreachable")  # pragma: no cover


class NetworkStore(StoreBase, Protocol):
    """The store a :class:`Network` lives in (:class:`careernet.Store` is the one)."""

    def network(self, network_id: str) -> Network:
        """Load a network."""
        ...

    def create(
        self,
        network_id: str,
        seeker: Seeker | str,
        *,
        records: Sequence[Record] = (),
        summary: str = "create",
    ) -> Network:
        """Create a network."""
        ...

    def import_json(
        self, text: str | bytes, *, network_id: str | None = None
    ) -> Network:
        """Create a network from an export."""
        ...


@serialised
class Network(NetworkCommands):
    """One seeker's network, kept in step with storage.

    Get one from :func:`careernet.open` or :meth:`careernet.Store.network`. Reading is
    done on the in-memory view (:attr:`state`); every command is committed
    to storage before the view changes. Use it as a context manager, or call
    :meth:`close`.

    Attributes:
        id: The network's id in its store.
        store: The store it lives in.
        version: The storage version the view is complete up to.
        last_advice: The advice from the last command (give first, a better
            question, capacity, a thank-you owed).
        closes_store: Whether :meth:`close` closes the store as well (true
            for networks from :func:`careernet.open`).
    """

    store: NetworkStore

    def __init__(
        self,
        store: NetworkStore,
        snapshot: Snapshot,
        state: NetworkState | None = None,
    ) -> None:
        super().__init__(store, snapshot, state)

    # -- running commands that cannot be starved ---------------------------

    def transact(self, command: Callable[[Network], T]) -> T:
        """Run ``command(network)`` holding the network's write lock.

        The view is brought up to date under the lock, the command runs and
        everything it commits is made durable together when it returns (or
        rolled back, with the view reloaded, if it raises). Other writers wait
        for the lock in turn, so, unlike :func:`retry_on_conflict`, a command
        run this way cannot be starved by busy writers: on PostgreSQL it
        holds the network's row lock, on SQLite the database's write lock
        (an ``IMMEDIATE`` transaction). Keep the command short: other writers
        of the store (of the network, on PostgreSQL) wait for it.

        Where the storage cannot hold a lock (a plugin without
        ``exclusive``), this falls back to :func:`retry_on_conflict`.

        Args:
            command: Called with the network; what it returns is returned.

        Example::

            net.transact(lambda n: n.log(ann.id, InteractionKind.MESSAGE))

        Raises:
            StoreBusyError: The lock could not be had within the storage's
                timeout.
            UnknownNetworkError: The network was deleted.
        """
        if not self.store.can_lock:
            return retry_on_conflict(self, command)
        with self.lock:
            try:
                with self.store.exclusive(self.id):
                    self.refresh()
                    return command(self)
            except BaseException:
                # What the view took from commits that were rolled back must go.
                with contextlib.suppress(CareerNetError):
                    self._reload()
                raise

    # -- imports ----------------------------------------------------------

    def import_contacts(
        self,
        people: Iterable[Candidate | Rejected | Notice],
        *,
        ring: Ring = Ring.COLD,
        progress: Callable[[int], object] | None = None,
        at: dt.datetime | None = None,
        dry_run: bool = False,
    ) -> ImportReport:
        """Add imported people, merging those already known, in one commit.

        Nothing is written when nothing is new (re-importing a file changes
        nothing). See :mod:`careernet.domain.imports` for the matching rules.
        Archived contacts are matched too: someone archived who is in the
        file again is merged into their archived record (which stays
        archived), never added anew.

        Args:
            people: What a reader from :mod:`careernet.importers` produced.
            ring: The ring new contacts join.
            progress: Called with the number of people handled so far.
            at: When the import happened, aware; now (the store's clock) by
                default.
            dry_run: Report what the import would do; write nothing.
        """
        when = self._at(at)
        with collector_paused():
            archived = dict(self._state.archived)
            state = self._state
            if archived:
                # Match against everyone, archived people included...
                state = NetworkState.from_records(
                    state.seeker, [_unarchived(r) for r in state.records()]
                )
            change, report = import_contacts(
                state,
                people,
                at=when,
                new_id=self.store.new_id,
                ring=ring,
                progress=progress,
            )
            if archived:
                # ...and leave those archived as they were.
                change = attrs.evolve(
                    change,
                    records=[
                        attrs.evolve(r, archived_at=archived[r.id].archived_at)
                        if isinstance(r, Contact) and r.id in archived
                        else r
                        for r in change.records
                    ],
                )
            if change.records and not dry_run:
                self._commit(change)
        return report

    def import_history(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        columns: Mapping[str, str | Sequence[str]] | None = None,
        delimiter: str | None = None,
        timezone: str | None = None,
        create_contacts: bool = False,
        ring: Ring = Ring.COLD,
        at: dt.datetime | None = None,
        dry_run: bool = False,
    ) -> HistoryReport:
        """Import meetings, exchanges and thank-yous kept in a spreadsheet,
        in one commit.

        Each row is matched to a contact by the contact import's rules; past
        meetings are recorded as held, future ones as scheduled. Importing
        the same file again adds nothing. See
        :mod:`careernet.domain.history` for the rules and
        :mod:`careernet.importers.history` for the files read.

        Args:
            source: A path, or an open text or binary file.
            columns: careernet's fields (``date``, ``time``, ``name``,
                ``email``, ``link``, ``company``, ``kind``, ``note``...)
                mapped to the file's columns, for those not found by their
                usual names.
            delimiter: ``,`` ``;`` tab or ``|``; read from the header line
                by default.
            timezone: The IANA zone of times without an offset; the seeker's
                (:attr:`preferences`) by default.
            create_contacts: Create a contact (in ``ring``) for each person
                who matches nobody, instead of reporting the row.
            ring: The ring created contacts join.
            at: When the import happened, aware; now (the store's clock) by
                default. Rows dated before it are history, later ones are
                scheduled meetings.
            dry_run: Report what the import would do; write nothing.

        Raises:
            ImportFileError: The file cannot be read (no date or person
                column, an unclosed quote, not text).
        """
        from careernet.domain.history import import_history  # noqa: PLC0415
        from careernet.domain.zones import zone  # noqa: PLC0415
        from careernet.importers import read_history  # noqa: PLC0415

        where = zone(timezone or self._state.preferences.timezone)
        rows = read_history(
            source, columns=columns, delimiter=delimiter, timezone=where
        )
        with collector_paused():
            change, report = import_history(
                self._state,
                rows,
                now=self._at(at),
                new_id=self.store.new_id,
                create=create_contacts,
                ring=ring,
            )
            if dry_run:
                return attrs.evolve(report, dry_run=True)
            if change.records:
                self._commit(change)
        return report

    def import_linkedin(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
        at: dt.datetime | None = None,
    ) -> ImportReport:
        """Import LinkedIn's Connections.csv (new contacts join COLD).

        Args:
            source: A path, or an open text or binary file.
            ring: The ring new contacts join, instead of the source's default.
            progress: Called with the number of people handled so far.
            at: When the import happened, aware; now by default.
        """
        from careernet.importers import DEFAULT_RINGS, read_linkedin  # noqa: PLC0415

        return self.import_contacts(
            read_linkedin(source),
            ring=ring or DEFAULT_RINGS["linkedin"],
            progress=progress,
            at=at,
        )

    def import_vcards(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
        at: dt.datetime | None = None,
    ) -> ImportReport:
        """Import a vCard file (new contacts join LUKEWARM).

        Args:
            source: A path, or an open text or binary file.
            ring: The ring new contacts join, instead of the source's default.
            progress: Called with the number of people handled so far.
            at: When the import happened, aware; now by default.
        """
        from careernet.importers import DEFAULT_RINGS, read_vcards  # noqa: PLC0415

        return self.import_contacts(
            read_vcards(source),
            ring=ring or DEFAULT_RINGS["vcard"],
            progress=progress,
            at=at,
        )

    def import_csv(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        columns: Mapping[str, str | Sequence[str]] | None = None,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
        at: dt.datetime | None = None,
    ) -> ImportReport:
        """Import a CSV file (new contacts join COLD).

        Args:
            source: A path, or an open text or binary file.
            columns: careernet's fields mapped to the file's column names, one
                or several per field (see :mod:`careernet.importers.csvfile`);
                by default the columns of careernet's own export
                (:meth:`export_contacts`) are found by their names.
            ring: The ring new contacts join, instead of the source's default.
            progress: Called with the number of people handled so far.
            at: When the import happened, aware; now by default.
        """
        from careernet.importers import DEFAULT_RINGS, read_csv  # noqa: PLC0415

        return self.import_contacts(
            read_csv(source, columns=columns),
            ring=ring or DEFAULT_RINGS["csv"],
            progress=progress,
            at=at,
        )

    def import_mail(
        self,
        source: MailSource,
        *,
        me: Iterable[str] = (),
        max_recipients: int | None = None,
        include_employer: bool = False,
        employer_domains: Iterable[str] = (),
        dry_run: bool = False,
        progress: Callable[[int], object] | None = None,
        at: dt.datetime | None = None,
    ) -> MailReport:
        """Record interactions from e-mail headers, in one commit.

        Reads a Maildir folder or an mbox file, or what arrived in an IMAP
        account (:class:`careernet.mail.ImapAccount`) since the last sync;
        only a few header fields, never contents. See
        :mod:`careernet.domain.mail` for what is recorded and what never is.
        Reading the same mail again records nothing.

        Args:
            source: A path, an IMAP account, or headers.
            me: Your own addresses; for an IMAP account whose user name is an
                address, that one by default.
            max_recipients: Leave out messages with more recipients (default
                :data:`careernet.domain.mail.DEFAULT_MAX_RECIPIENTS`).
            include_employer: Record mail with the current employer even
                when the strategy is discreet.
            employer_domains: The employer's mail domains, beyond those
                recognised from its name and from colleagues' addresses.
            dry_run: Report what would be recorded; write nothing.
            progress: Called with the number of messages read so far.
            at: When the mail was read, aware; now (the store's clock) by
                default.
        """
        from careernet.domain.mail import (  # noqa: PLC0415
            DEFAULT_MAX_RECIPIENTS,
            MailOptions,
        )
        from careernet.mail import ImapAccount, run  # noqa: PLC0415

        own = tuple(me)
        if not own and isinstance(source, ImapAccount) and "@" in source.user:
            own = (source.user,)
        options = MailOptions(
            me=own,
            max_recipients=max_recipients or DEFAULT_MAX_RECIPIENTS,
            include_employer=include_employer,
            employer_domains=employer_domains,
        )
        with collector_paused():
            change, report = run(
                self._state,
                self.strategy,
                source,
                options=options,
                now=self._at(at),
                progress=progress,
            )
            if dry_run:
                return attrs.evolve(report, dry_run=True)
            if change.records:
                self._commit(change)
        return report

    # -- notifications --------------------------------------------------

    @property
    def preferences(self) -> Preferences:
        """How and when the seeker is reminded."""
        return self._state.preferences

    def set_preferences(
        self,
        *,
        channels: Iterable[Channel] | None = None,
        timezone: str | None = None,
        quiet_hours: tuple[dt.time, dt.time] | _Unset | None = _UNSET,
        digest_time: dt.time | _Unset | None = _UNSET,
        at: dt.datetime | None = None,
    ) -> Preferences:
        """Change the notification preferences; what is left out is kept.

        Args:
            channels: Where digests go, such as
                ``[Channel(name="email", address="me@example.org", private=True)]``.
            timezone: An IANA time zone name, such as ``"Europe/Berlin"``.
            quiet_hours: ``(start, end)`` local times with nothing sent in
                between (may cross midnight), or ``None`` for none.
            digest_time: Local time of day before which no digest is sent,
                or ``None``.
            at: When the change was made, aware; now (the store's clock) by
                default.
        """
        current = self._state.preferences
        changes: dict[str, Any] = {"updated_at": self._at(at)}
        if channels is not None:
            changes["channels"] = items("channels", channels)
        if timezone is not None:
            changes["timezone"] = timezone
        if not isinstance(quiet_hours, _Unset):
            start, end = quiet_hours if quiet_hours is not None else (None, None)
            changes.update(quiet_start=start, quiet_end=end)
        if not isinstance(digest_time, _Unset):
            changes["digest_time"] = digest_time
        preferences = attrs.evolve(current, **changes)
        self._commit(self._state.set_preferences(preferences))
        return preferences

    def record_deliveries(self, deliveries: Iterable[Delivery]) -> None:
        """Record what the reminder engine sent, or failed to send.

        This only adds records, so it goes through whatever other writers
        commit meanwhile (see :meth:`transact`): once a digest went out, its
        delivery is recorded and it is not sent again.

        Args:
            deliveries: What the engine sent or failed to send, one record per digest.
        """
        found = tuple(deliveries)
        if not found:
            return

        def record(network: Network) -> None:
            change = network.state.record_deliveries(found)
            if change.records:
                network._commit(change)

        self.transact(record)

    def notify(
        self, now: dt.datetime | None = None, *, dry_run: bool = False
    ) -> NotifyReport:
        """Send each channel one digest of what is due; see :mod:`careernet.notify`.

        Args:
            now: The moment to compute for, aware; now (the store's clock) by default.
            dry_run: Build the digests and report them without sending or recording
                anything.
        """
        from careernet.notify import run  # noqa: PLC0415

        report = run(
            self._state,
            self.strategy,
            network_id=self.id,
            now=self._at(now, "now"),
            deliver=self.store.hooks.notify,
            dry_run=dry_run,
        )
        self.record_deliveries(report.deliveries)
        return report

    # -- calendar -------------------------------------------------------

    def export_ics(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        now: dt.datetime | None = None,
        options: CalendarOptions | None = None,
    ) -> bytes:
        """The network's calendar as iCalendar bytes; also written to ``path``.

        See :func:`careernet.ical.export` and
        :class:`careernet.ical.CalendarOptions`.

        Args:
            path: Where to write the calendar too (atomically); ``None`` writes nothing.
            now: The moment to compute for, aware; now (the store's clock) by default.
            options: What the calendar holds; ``CalendarOptions()`` by default.
        """
        from careernet.ical import export  # noqa: PLC0415 - icalendar is heavy

        body = export(
            self._state,
            self.strategy,
            network_id=self.id,
            now=self._at(now, "now"),
            options=options,
        ).body
        if path is not None:
            _paths.write_private(path, body)
        return body

    def feed_token(self) -> str:
        """The token of this network's calendar feed address, made on first use.

        The feed is at ``/feed/<token>.ics`` under wherever
        :class:`careernet.ical.feed.FeedApp` is mounted. Treat the token like
        a password: anyone who has it can read the calendar.
        """
        token = self._state.feed_token
        if token is None:
            return self.rotate_feed_token()
        return token_of(self.id, token)

    def rotate_feed_token(self, *, at: dt.datetime | None = None) -> str:
        """Give the feed a new secret address; the old one stops working.

        The address holds a new random lookup value and a new secret, and
        nothing of the network's id.

        Args:
            at: When, aware; now (the store's clock) by default.
        """
        token = FeedToken(
            secret=new_secret(), lookup=new_lookup(), created_at=self._at(at)
        )
        self._commit(self._state.set_feed_token(token))
        return token_of(self.id, token)

    # -- pictures -------------------------------------------------------

    def draw_rings(
        self, now: dt.datetime | None = None, *, share: bool = False
    ) -> Picture:
        """The rings as an SVG picture, with this week's steps outlined.

        ``share=True`` leaves out names, companies and any sign of a search.
        See :func:`careernet.draw.rings`.

        Args:
            now: The moment to compute for, aware; now (the store's clock) by default.
            share: Leave out names, companies and any sign of a search.
        """
        from careernet import draw  # noqa: PLC0415

        at = self._at(now)
        return draw.rings(
            self._state, self.strategy, now=at, plan=self.plan(at), share=share
        )

    def draw_funnel(
        self, *, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> Picture:
        """The funnel for ``[since, until)`` (by default the last 90 days) as SVG.

        Args:
            since: The start of the period, aware; 90 days before now by default.
            until: Its end (not included), aware; now by default.
        """
        from careernet import draw  # noqa: PLC0415

        until = self._at(until)
        since = since or until - dt.timedelta(days=90)
        return draw.funnel(draw.flow(self._state, since=since, until=until))

    def draw_week(
        self, now: dt.datetime | None = None, *, share: bool = False
    ) -> Picture:
        """This week's plan against its time budget, with the meetings, as SVG.

        Args:
            now: The moment to compute for, aware; now (the store's clock) by default.
            share: Leave out names, companies and any sign of a search.
        """
        from careernet import draw  # noqa: PLC0415

        return draw.week(self.plan(now), self._state, share=share)

    def _repr_svg_(self) -> str:
        """The rings, for a Jupyter cell that ends with the network."""
        return self.draw_rings().svg

    # -- export ---------------------------------------------------------

    def export_json(self) -> str:
        """The whole network as JSON, for backups and moving between stores.

        :meth:`Store.import_json` reads it back exactly.
        """
        return portable.dumps(self._state, self.id)

    def export_to(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`export_json` to a file and return its path.

        The file is written whole or not at all (a temporary file in the
        same folder, flushed and renamed), with mode 0600; a symbolic link
        at ``path`` is replaced, never followed.

        Args:
            path: The file to write.

        Raises:
            FileWriteError: The file could not be written (an earlier file
                at ``path`` is left as it was).
        """
        return _paths.write_private(path, self.export_json().encode())

    def export_contacts(
        self,
        path: str | os.PathLike[str],
        format: str = "csv",  # noqa: A002 - the word people use
        *,
        archived: bool = False,
    ) -> int:
        """Write the contacts to a file as CSV or vCard 3.0; return how many.

        CSV reads back with ``import_csv(path, columns=CSV_COLUMNS)`` (see
        :mod:`careernet.importers.exports`); vCard needs the ``vcard`` extra.
        The file is written whole or not at all, with mode 0600, like
        :meth:`export_to`.

        Args:
            path: The file to write.
            format: ``"csv"`` or ``"vcard"``.
            archived: Include the archived contacts (after the others).

        Raises:
            InvalidValueError: An unknown format.
            FileWriteError: The file could not be written (an earlier file at
                ``path`` is left as it was).
        """
        from careernet.importers.exports import write_contacts  # noqa: PLC0415

        people = self.contacts + (self.archived if archived else [])
        buffer = io.StringIO(newline="")
        count = write_contacts(people, buffer, format)
        _paths.write_private(path, buffer.getvalue().encode())
        return count
