"""The commands that change a network: people, rings, meetings, the ledger, the goal.

Each builds its records with fresh ids and the clock's time, lets the pure
domain check them, and commits the change through
:meth:`NetworkBase._commit`; see :class:`careernet.Network`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from careernet._base import NetworkBase, check_id, check_member, items, serialised
from careernet.domain import (
    Contact,
    Goal,
    HelpKind,
    Interaction,
    InteractionKind,
    InvalidValueError,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MergeReport,
    RemovalReport,
    Ring,
    Seeker,
    Strategy,
    Transition,
    lifecycle,
)

__all__ = ["REFERRAL_FIELDS", "NetworkCommands"]


class _Unset(enum.Enum):
    UNSET = enum.auto()


_UNSET: Final = _Unset.UNSET

REFERRAL_FIELDS: Final = frozenset(
    {
        "name",
        "company",
        "role",
        "field",
        "emails",
        "tags",
        "notes",
        "how_met",
        "past_companies",
        "phones",
        "links",
        "sources",
    }
)
"""Contact fields a referral may carry; it always joins as a cold contact."""


@serialised
class NetworkCommands(NetworkBase):
    """The commands of :class:`careernet.Network` that change people and plans."""

    def set_seeker(
        self,
        *,
        name: str | None = None,
        company: str | _Unset | None = _UNSET,
        field: str | _Unset | None = _UNSET,
        reports_to: str | _Unset | None = _UNSET,
        aliases: Iterable[str] | _Unset = _UNSET,
        unrelated: Iterable[str] | _Unset = _UNSET,
        stories: Iterable[str] | _Unset = _UNSET,
        resume_refreshed: dt.datetime | _Unset | None = _UNSET,
        profile_refreshed: dt.datetime | _Unset | None = _UNSET,
        at: dt.datetime | None = None,
    ) -> Seeker:
        """Change the seeker's name, company, field, manager (``reports_to``),
        the employer's other names (``aliases``), the names confirmed to be
        other organisations (``unrelated``), their stories (accomplishments
        that back what they want next), and when their résumé and public
        profile were last refreshed.

        Arguments left out keep their value; ``None`` clears an optional one.
        A change that takes away what the active goal needs (clearing the
        employer of a confidential search) raises
        :class:`~careernet.IncompleteGoalError`.

        Args:
            name: The seeker's name.
            company: The current employer.
            field: The field of work.
            reports_to: The contact id of the seeker's manager.
            aliases: Other names of the employer.
            unrelated: Names confirmed to be other organisations.
            stories: Accomplishments that back what the seeker wants next.
            resume_refreshed: When the résumé was last brought up to date.
            profile_refreshed: When the public profile was.
            at: When the change was made, aware; now by default. The seeker
                keeps no time of its own, so it is only checked: every
                command takes ``at`` so that a history can be replayed.
        """
        self._at(at)
        changes: dict[str, Any] = {"name": name} if name is not None else {}
        for key, value in (
            ("company", company),
            ("field", field),
            ("reports_to", reports_to),
            ("aliases", aliases),
            ("unrelated", unrelated),
            ("stories", stories),
            ("resume_refreshed", resume_refreshed),
            ("profile_refreshed", profile_refreshed),
        ):
            if not isinstance(value, _Unset):
                changes[key] = value
        seeker = attrs.evolve(self._state.seeker, **changes)
        self._commit(self._state.set_seeker(seeker, strategy=self._goal_strategy()))
        return seeker

    def _goal_strategy(self) -> Strategy | None:
        goal = self._state.active_goal
        return self.store.strategy(goal.scenario) if goal is not None else None

    def add_contact(
        self,
        name: str,
        *,
        ring: Ring = Ring.COLD,
        company: str | None = None,
        role: str | None = None,
        field: str | None = None,
        emails: Iterable[str] = (),
        tags: Iterable[str] = (),
        notes: str = "",
        how_met: str | None = None,
        phones: Iterable[str] = (),
        links: Iterable[str] = (),
        source: str = "manual",
        introduced_by: str | None = None,
        knows: Iterable[str] = (),
        past_companies: Iterable[str] = (),
        reports_to: str | None = None,
        tribe: bool = False,
        fan_club: bool = False,
        cadence_days: int | None = None,
        at: dt.datetime | None = None,
    ) -> Contact:
        """Add a contact and return it; see :class:`careernet.Contact`.

        Args:
            name: The contact's name as the seeker writes it.
            ring: Where they start; cold by default.
            company: Their current employer.
            role: Their job title, such as "Recruiter".
            field: Their field of work, such as "data engineering".
            emails: E-mail addresses, the preferred one first.
            tags: Free labels of the seeker's choosing.
            notes: The seeker's notes.
            how_met: Where or how the seeker met them.
            phones: Phone numbers, the preferred one first.
            links: Profile addresses, such as a LinkedIn profile URL.
            source: Where the record comes from (``"manual"``, ``"linkedin"``,
                ...).
            introduced_by: The id of the contact who introduced them.
            knows: Ids of contacts they know (kept symmetric).
            past_companies: Former employers, for introduction paths.
            reports_to: The id of their manager's contact.
            tribe: Whether they are in the seeker's tribe.
            fan_club: Whether they are in the seeker's fan club.
            cadence_days: Keep-in-touch interval in days, overriding the
                ring's (1 to 3650).
            at: When they joined the network, aware; now (the store's clock)
                by default.
        """
        contact = Contact(
            id=self.store.new_id(),
            name=name,
            ring=ring,
            added_at=self._at(at),
            company=company,
            role=role,
            field=field,
            emails=items("emails", emails),
            tags=items("tags", tags),  # type: ignore[arg-type]
            notes=notes,
            how_met=how_met,
            phones=items("phones", phones),
            links=items("links", links),
            sources=frozenset(items("source", source)),  # type: ignore[arg-type]
            introduced_by=introduced_by,
            knows=items("knows", knows),  # type: ignore[arg-type]
            past_companies=items("past_companies", past_companies),
            reports_to=reports_to,
            tribe=tribe,
            fan_club=fan_club,
            cadence_days=cadence_days,
        )
        self._commit(self._state.add_contact(contact))
        return contact

    def edit_contact(
        self, contact_id: str, *, at: dt.datetime | None = None, **fields: Any
    ) -> Contact:
        """Change a contact's details (not the ring: use :meth:`move`).

        Args:
            contact_id: The contact's id.
            at: When the change was made, aware; now (the store's clock) by
                default.
            **fields: The :class:`~careernet.domain.Contact` fields to change,
                by name (``role="Director"``, ``tags=[...]``).
        """
        check_id("contact_id", contact_id)
        self._commit(self._state.edit_contact(contact_id, at=self._at(at), **fields))
        return self._state.contact(contact_id)

    def link(
        self, contact_id: str, other_id: str, *, at: dt.datetime | None = None
    ) -> None:
        """Record that two contacts know each other.

        Args:
            contact_id: One of them.
            other_id: The other.
            at: When it was recorded, aware; now (the store's clock) by default.
        """
        check_id("contact_id", contact_id)
        check_id("other_id", other_id)
        self._commit(self._state.link(contact_id, other_id, at=self._at(at)))

    def move(
        self,
        contact_id: str,
        to: Ring,
        *,
        reason: str | None = None,
        override: str | None = None,
        at: dt.datetime | None = None,
    ) -> Transition:
        """Move a contact to another ring; see :meth:`NetworkState.move`.

        Args:
            contact_id: Whom to move.
            to: The ring to move them to; inward moves go one ring at a time
                and need evidence (an interaction the funnel's rule asks for).
            reason: Why, for the history.
            override: A stated reason to set the rules aside, for a jump or a
                move without evidence.
            at: When it happened, aware; now (the store's clock) by default.

        Raises:
            TransitionError: The move jumps rings or lacks evidence, and there
                is no ``override``.
        """
        check_id("contact_id", contact_id)
        check_member("to", to, Ring)
        for name, text in (("reason", reason), ("override", override)):
            if text is not None and not isinstance(text, str):
                raise InvalidValueError(f"{name} must be text or None; got {text!r}.")
        change = self._state.move(
            contact_id,
            to,
            at=self._at(at),
            transition_id=self.store.new_id(),
            reason=reason,
            override=override,
        )
        self._commit(change)
        return next(r for r in change.records if isinstance(r, Transition))

    def schedule_meeting(
        self,
        contact_id: str,
        when: dt.datetime,
        *,
        purpose: str,
        kind: MeetingKind = MeetingKind.COFFEE,
        duration: dt.timedelta = dt.timedelta(minutes=45),
        outcome_sought: str = "",
        questions: Iterable[str] = (),
        location: str | None = None,
        at: dt.datetime | None = None,
    ) -> Meeting:
        """Arrange a meeting; flagged questions come back in :attr:`last_advice`.

        Args:
            contact_id: Whom the seeker meets.
            when: When it starts, aware (from 1900 up to 2200).
            purpose: Why the seeker asked for the meeting.
            kind: How it happens: coffee by default.
            duration: How long it is planned to last (at most 14 days).
            outcome_sought: What the seeker hopes to come away with.
            questions: The questions prepared; one that asks who is hiring
                comes back as advice with a better question.
            location: Where it happens.
            at: When it was arranged, aware; now (the store's clock) by default.
        """
        now = self._at(at)
        check_id("contact_id", contact_id)
        meeting = Meeting(
            id=self.store.new_id(),
            contact_id=contact_id,
            scheduled_at=when,
            created_at=now,
            purpose=purpose,
            kind=kind,
            duration=duration,
            outcome_sought=outcome_sought,
            questions=items("questions", questions),
            location=location,
        )
        self._commit(self._state.schedule_meeting(meeting))
        return meeting

    def reschedule_meeting(
        self, meeting_id: str, when: dt.datetime, *, at: dt.datetime | None = None
    ) -> Meeting:
        """Move a pending meeting to a new time.

        Args:
            meeting_id: The meeting.
            when: Its new start, aware.
            at: When it was moved, aware; now (the store's clock) by default.
        """
        check_id("meeting_id", meeting_id)
        self._at(when, "when")
        self._commit(self._state.reschedule_meeting(meeting_id, when, at=self._at(at)))
        return self._state.meeting(meeting_id)

    def cancel_meeting(
        self, meeting_id: str, *, at: dt.datetime | None = None
    ) -> Meeting:
        """Cancel a pending meeting.

        Args:
            meeting_id: The meeting.
            at: When it was cancelled, aware; now (the store's clock) by default.
        """
        return self.record_meeting(meeting_id, MeetingStatus.CANCELLED, at=at)

    def record_meeting(
        self,
        meeting_id: str,
        status: MeetingStatus,
        *,
        notes: str | None = None,
        referrals: Iterable[str | Mapping[str, Any]] = (),
        at: dt.datetime | None = None,
    ) -> Meeting:
        """Record how a meeting went, with the referrals it brought.

        A referral is a name, or a mapping of contact fields (``name``,
        ``company``, ``role``, ...); each becomes a cold contact introduced by
        the person met.

        Args:
            meeting_id: The meeting.
            status: How it went (held, declined, no response, ...).
            notes: What the seeker noted; ``None`` keeps the notes there are.
            referrals: The people the contact suggested.
            at: When the result was recorded (for a held meeting, after it
                started), aware; now (the store's clock) by default.
        """
        now = self._at(at)
        check_id("meeting_id", meeting_id)
        check_member("status", status, MeetingStatus)
        if notes is not None and not isinstance(notes, str):
            raise InvalidValueError(f"notes must be text or None; got {notes!r}.")
        people = []
        for referral in items("referrals", referrals):
            if not isinstance(referral, str | Mapping):
                raise InvalidValueError(
                    "A referral is a name or a mapping of contact fields; got "
                    f"{referral!r}."
                )
            fields: dict[str, Any] = (
                {"name": referral} if isinstance(referral, str) else dict(referral)
            )
            unknown = set(fields) - REFERRAL_FIELDS
            if unknown:
                raise InvalidValueError(
                    f"A referral cannot set {', '.join(sorted(unknown))}; it joins "
                    "as a cold contact with these fields only: "
                    f"{', '.join(sorted(REFERRAL_FIELDS))}."
                )
            fields.setdefault("sources", {"referral"})
            people.append(Contact(id=self.store.new_id(), added_at=now, **fields))
        change = self._state.record_meeting_result(
            meeting_id, status, at=now, notes=notes, referrals=people
        )
        self._commit(change)
        return self._state.meeting(meeting_id)

    def log(
        self,
        contact_id: str,
        kind: InteractionKind,
        *,
        note: str = "",
        via: str | None = None,
        at: dt.datetime | None = None,
    ) -> Interaction:
        """Log an exchange: an outreach, a reply, a nudge, a decline, a message.

        Args:
            contact_id: Whom the exchange was with.
            kind: What it was.
            note: Free text.
            via: For an introduction, the id of the contact who made it.
            at: When it happened, aware; now (the store's clock) by default.
        """
        check_id("contact_id", contact_id)
        interaction = Interaction(
            id=self.store.new_id(),
            contact_id=contact_id,
            kind=kind,
            at=self._at(at),
            note=note,
            via=via,
        )
        self._commit(self._state.log_interaction(interaction))
        return interaction

    def _entry(
        self,
        kind: LedgerKind,
        contact_id: str,
        what: str,
        help: HelpKind,  # noqa: A002 - the domain's word
        at: dt.datetime | None,
    ) -> LedgerEntry:
        check_id("contact_id", contact_id)
        entry = LedgerEntry(
            id=self.store.new_id(),
            contact_id=contact_id,
            kind=kind,
            at=self._at(at),
            what=what,
            help=help,
        )
        strategy = self.strategy if kind in (LedgerKind.ASK, LedgerKind.GIVE) else None
        self._commit(self._state.log_entry(entry, strategy=strategy))
        return entry

    def give(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record something the seeker gave.

        Args:
            contact_id: Whom it concerns.
            what: What it was, in the seeker's words.
            help: The kind of help.
            at: When it happened, aware; now (the store's clock) by default.
        """
        return self._entry(LedgerKind.GIVE, contact_id, what, help, at)

    def ask(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record an ask; refused for people the active strategy excludes.

        Asking someone the seeker has not given to comes back with a
        ``give-first`` advice in :attr:`last_advice`.

        Args:
            contact_id: Whom it concerns.
            what: What it was, in the seeker's words.
            help: The kind of help.
            at: When it happened, aware; now (the store's clock) by default.
        """
        return self._entry(LedgerKind.ASK, contact_id, what, help, at)

    def receive(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record help the seeker received (a thank-you is then owed).

        Args:
            contact_id: Whom it concerns.
            what: What it was, in the seeker's words.
            help: The kind of help.
            at: When it happened, aware; now (the store's clock) by default.
        """
        return self._entry(LedgerKind.RECEIVED, contact_id, what, help, at)

    def record_request(
        self,
        contact_id: str,
        what: str,
        *,
        help: HelpKind = HelpKind.OTHER,  # noqa: A002
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record that the contact asked the seeker for help.

        The tribe can call on the seeker too: the plan proposes answering it
        (within a few days), and a give recorded after it answers it.

        Args:
            contact_id: Whom it concerns.
            what: What it was, in the seeker's words.
            help: The kind of help.
            at: When it happened, aware; now (the store's clock) by default.
        """
        return self._entry(LedgerKind.REQUEST, contact_id, what, help, at)

    def thank(
        self,
        contact_id: str,
        what: str,
        *,
        at: dt.datetime | None = None,
    ) -> LedgerEntry:
        """Record thanks expressed.

        Args:
            contact_id: Whom the seeker thanked.
            what: How, in the seeker's words.
            at: When it happened, aware; now (the store's clock) by default.
        """
        return self._entry(LedgerKind.THANKS, contact_id, what, HelpKind.OTHER, at)

    def set_goal(
        self,
        scenario: str,
        *,
        description: str = "",
        target_companies: Iterable[str] = (),
        target_fields: Iterable[str] = (),
        target_roles: Iterable[str] = (),
        target_contacts: Iterable[str] = (),
        aliases: Iterable[str] = (),
        weekly_minutes: int | None = None,
        at: dt.datetime | None = None,
    ) -> Goal:
        """Set the active goal (closing the previous one).

        ``aliases`` are other names of the target companies. What the goal
        lacks but can do without comes back in :attr:`last_advice` and on
        every plan until it is added.

        Args:
            scenario: The scenario's name (``"unemployed"``,
                ``"employed_confidential"``, ...) or that of a plugin's strategy.
            description: The goal in the seeker's words.
            target_companies: The companies the seeker aims at.
            target_fields: The fields of work aimed at (a career change needs
                one).
            target_roles: The roles aimed at.
            target_contacts: Ids of particular contacts to reach.
            aliases: Other names of the target companies.
            weekly_minutes: The week's time budget; the strategy's by default.
            at: When the goal was set, aware; now (the store's clock) by default.

        Raises:
            UnknownScenarioError: No strategy exists for ``scenario``.
            IncompleteGoalError: The goal would protect or find nobody: a
                confidential search or an internal move without the seeker's
                company, a career change without fields.
        """
        name: object = scenario
        if not isinstance(name, str) or not name.strip():
            raise InvalidValueError(
                f"scenario must be a scenario's name, such as 'unemployed'; got "
                f"{scenario!r}."
            )
        strategy = self.store.strategy(scenario)
        goal = Goal(
            id=self.store.new_id(),
            scenario=scenario,
            set_at=self._at(at),
            description=description,
            target_companies=items("target_companies", target_companies),  # type: ignore[arg-type]
            target_fields=items("target_fields", target_fields),  # type: ignore[arg-type]
            target_roles=items("target_roles", target_roles),  # type: ignore[arg-type]
            target_contacts=items("target_contacts", target_contacts),  # type: ignore[arg-type]
            aliases=items("aliases", aliases),  # type: ignore[arg-type]
            weekly_minutes=weekly_minutes,
        )
        self._commit(self._state.set_goal(goal, strategy=strategy))
        return goal

    def close_goal(self, *, at: dt.datetime | None = None) -> Goal:
        """Close the active goal.

        Args:
            at: When it was closed, aware; now (the store's clock) by default.

        Raises:
            InvalidValueError: There is no active goal.
        """
        when = self._at(at)
        goal = self._state.active_goal
        if goal is None:
            raise InvalidValueError("There is no active goal to close.")
        self._commit(self._state.close_goal(goal.id, at=when))
        return self._state.goal(goal.id)

    # -- who is in the network ----------------------------------------------

    def archive(self, contact_id: str, *, at: dt.datetime | None = None) -> Contact:
        """Archive a contact: kept with their whole history, out of every rule.

        An archived contact is left out of plans, reminders, the calendar,
        the funnel, counts, capacity, introduction paths and :meth:`find`;
        :attr:`archived` lists them and :meth:`unarchive` brings them back
        as they were. A meeting still ahead with them leaves the calendar
        (the advice in :attr:`last_advice` says so).

        Args:
            contact_id: Whom to archive.
            at: When, aware; now (the store's clock) by default.

        Raises:
            UnknownIdError: No contact has this id.
            InvalidValueError: They are already archived.
        """
        check_id("contact_id", contact_id)
        self._commit(lifecycle.archive(self._state, contact_id, at=self._at(at)))
        return self._state.archived[contact_id]

    def unarchive(self, contact_id: str, *, at: dt.datetime | None = None) -> Contact:
        """Bring an archived contact back, with their whole history.

        Args:
            contact_id: Whom to bring back.
            at: When, aware; now (the store's clock) by default.

        Raises:
            UnknownIdError: No contact has this id.
            InvalidValueError: They are not archived.
        """
        check_id("contact_id", contact_id)
        self._commit(lifecycle.unarchive(self._state, contact_id, at=self._at(at)))
        return self._state.contact(contact_id)

    def remove_contact(
        self, contact_id: str, *, at: dt.datetime | None = None
    ) -> RemovalReport:
        """Remove a contact for good, with what belongs to them alone, in one commit.

        Their meetings, interactions, ledger entries and ring moves go with
        them; other contacts' ``knows``, ``introduced_by`` and
        ``reports_to``, introductions made ``via`` them, goals' targets and
        the seeker's manager stop naming them. To keep them and their
        history, :meth:`archive` them instead.

        Args:
            contact_id: Whom to remove (archived or not).
            at: When, aware; now (the store's clock) by default.

        Returns:
            What went with them and which records were changed.

        Raises:
            UnknownIdError: No contact has this id.
        """
        check_id("contact_id", contact_id)
        change, report = lifecycle.remove_contact(
            self._state, contact_id, at=self._at(at)
        )
        self._commit(change)
        return report

    def merge_contacts(
        self, keep_id: str, other_id: str, *, at: dt.datetime | None = None
    ) -> MergeReport:
        """Fold a duplicate into the contact kept, in one commit.

        The kept contact gains the other's e-mails, phones, links, sources,
        tags, past companies, import provenance and acquaintances; the
        other's meetings, interactions, ledger entries and ring moves move to
        the kept contact, and every reference to the other (from other
        contacts, introductions, goals, the seeker) names the kept one. The
        inner ring of the two wins (recorded as a ring move). Where both hold
        different values of a single-valued field (company, role, ...), the
        kept contact's stays and the report lists the other's; the other's
        notes are added to the kept contact's.

        Args:
            keep_id: The contact that stays.
            other_id: The duplicate, removed once merged.
            at: When, aware; now (the store's clock) by default.

        Returns:
            What was merged, moved and left out.

        Raises:
            InvalidValueError: The ids are the same, or either contact is
                archived.
            UnknownIdError: Either id names no contact.
        """
        check_id("keep_id", keep_id)
        check_id("other_id", other_id)
        change, report = lifecycle.merge_contacts(
            self._state,
            keep_id,
            other_id,
            at=self._at(at),
            transition_id=self.store.new_id(),
        )
        self._commit(change)
        return report
