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

import datetime as dt
import importlib
import os
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Protocol, TypeVar

import attrs

from careernet import portable
from careernet._base import StoreBase
from careernet._bulk import collector_paused
from careernet._commands import _UNSET, REFERRAL_FIELDS, NetworkCommands, _Unset
from careernet._tokens import token_for
from careernet.domain import (
    Candidate,
    Channel,
    Delivery,
    FeedToken,
    ImportReport,
    InvalidValueError,
    NetworkState,
    Preferences,
    Record,
    Rejected,
    Ring,
    Seeker,
    import_contacts,
)
from careernet.errors import CareerNetError, ConflictError
from careernet.storage import Snapshot

if TYPE_CHECKING:
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


def retry_on_conflict(
    network: Network, command: Callable[[Network], T], *, attempts: int = 5
) -> T:
    """Run ``command(network)``, refreshing and retrying after a conflict.

    Use it where several processes write to one network::

        careernet.retry_on_conflict(net, lambda n: n.give(ann.id, "an article"))

    The command runs again against the refreshed view, so its checks see
    what the other writer did; nothing is ever overwritten silently.

    Raises:
        ConflictError: Still conflicting after ``attempts`` tries.
    """
    if attempts < 1:
        raise InvalidValueError("attempts must be at least 1.")
    for attempt in range(1, attempts + 1):
        try:
            return command(network)
        except ConflictError:
            if attempt == attempts:
                raise
        except CareerNetError:
            # A check can fail on a stale view (say, a contact another writer
            # just added); retry only if the view really was stale.
            if attempt == attempts or not network.stale():
                raise
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

    # -- imports ----------------------------------------------------------

    def import_contacts(
        self,
        people: Iterable[Candidate | Rejected],
        *,
        ring: Ring = Ring.COLD,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Add imported people, merging those already known, in one commit.

        Nothing is written when nothing is new (re-importing a file changes
        nothing). See :mod:`careernet.domain.imports` for the matching rules.

        Args:
            people: What a reader from :mod:`careernet.importers` produced.
            ring: The ring new contacts join.
            progress: Called with the number of people handled so far.
        """
        with collector_paused():
            change, report = import_contacts(
                self._state,
                people,
                at=self.store.now(),
                new_id=self.store.new_id,
                ring=ring,
                progress=progress,
            )
            if change.records:
                self._commit(change)
        return report

    def import_linkedin(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import LinkedIn's Connections.csv (new contacts join COLD)."""
        from careernet.importers import DEFAULT_RINGS, read_linkedin  # noqa: PLC0415

        return self.import_contacts(
            read_linkedin(source),
            ring=ring or DEFAULT_RINGS["linkedin"],
            progress=progress,
        )

    def import_vcards(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import a vCard file (new contacts join LUKEWARM)."""
        from careernet.importers import DEFAULT_RINGS, read_vcards  # noqa: PLC0415

        return self.import_contacts(
            read_vcards(source),
            ring=ring or DEFAULT_RINGS["vcard"],
            progress=progress,
        )

    def import_csv(
        self,
        source: str | os.PathLike[str] | IO[str] | IO[bytes],
        *,
        columns: Mapping[str, str | Sequence[str]],
        ring: Ring | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import a CSV file with a column mapping (new contacts join COLD)."""
        from careernet.importers import DEFAULT_RINGS, read_csv  # noqa: PLC0415

        return self.import_contacts(
            read_csv(source, columns=columns),
            ring=ring or DEFAULT_RINGS["csv"],
            progress=progress,
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
                now=self.store.now(),
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
        """
        current = self._state.preferences
        changes: dict[str, Any] = {"updated_at": self.store.now()}
        if channels is not None:
            changes["channels"] = tuple(channels)
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
        """Record what the reminder engine sent, or failed to send."""
        change = self._state.record_deliveries(deliveries)
        if change.records:
            self._commit(change)

    def notify(
        self, now: dt.datetime | None = None, *, dry_run: bool = False
    ) -> NotifyReport:
        """Send each channel one digest of what is due; see :mod:`careernet.notify`."""
        from careernet.notify import run  # noqa: PLC0415

        report = run(
            self._state,
            self.strategy,
            network_id=self.id,
            now=self._at(now),
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
        """
        from careernet.ical import export  # noqa: PLC0415 - icalendar is heavy

        body = export(
            self._state,
            self.strategy,
            network_id=self.id,
            now=self._at(now),
            options=options,
        ).body
        if path is not None:
            Path(path).write_bytes(body)
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
        return token_for(self.id, token.secret)

    def rotate_feed_token(self) -> str:
        """Give the feed a new secret address; the old one stops working."""
        token = FeedToken(secret=secrets.token_urlsafe(24), created_at=self.store.now())
        self._commit(self._state.set_feed_token(token))
        return token_for(self.id, token.secret)

    # -- export ---------------------------------------------------------

    def export_json(self) -> str:
        """The whole network as JSON, for backups and moving between stores.

        :meth:`Store.import_json` reads it back exactly.
        """
        return portable.dumps(self._state, self.id)

    def export_to(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`export_json` to a file (mode 0600) and return its path."""
        target = Path(path)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # also when the file was already there
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(self.export_json())
        return target
