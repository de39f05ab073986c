"""A small, realistic sample network, for the demo, the docs and the tests.

Alex Rivera, a data analyst at Northwind Analytics, keeps fifteen contacts
across the four rings, with a recent coffee still to thank for, a meeting
coming up, an unanswered approach, a decline, help received and thanked, and
a mentor left unattended too long. :func:`sample_network` builds it relative
to a moment, so it is always "now" in the story; :func:`sample_goal` gives
the goal each scenario would set.
"""

from __future__ import annotations

import datetime as dt

import attrs

from careernet.domain import (
    Change,
    Contact,
    Goal,
    HelpKind,
    Interaction,
    InteractionKind,
    LedgerEntry,
    LedgerKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NetworkState,
    Ring,
    Scenario,
    Seeker,
)

__all__ = ["SEEKER", "sample_goal", "sample_network"]

SEEKER = Seeker(
    name="Alex Rivera",
    company="Northwind Analytics",
    field="data analytics",
    reports_to="dana",
)

_CONTACTS: tuple[dict[str, object], ...] = (
    {
        "id": "omar",
        "name": "Omar Haddad",
        "company": "Northwind Analytics",
        "role": "VP Data",
        "ring": Ring.LUKEWARM,
    },
    {
        "id": "dana",
        "name": "Dana Whitfield",
        "company": "Northwind Analytics",
        "role": "Analytics Manager",
        "ring": Ring.STRATEGIC,
        "reports_to": "omar",
    },
    {
        "id": "sam",
        "name": "Sam Okafor",
        "company": "Northwind Analytics",
        "role": "Staff Engineer",
        "ring": Ring.BUDDY,
        "tribe": True,
    },
    {
        "id": "priya",
        "name": "Priya Natarajan",
        "company": "Northwind Analytics",
        "role": "Product Lead",
        "ring": Ring.LUKEWARM,
        "reports_to": "omar",
    },
    {
        "id": "chen",
        "name": "Chen Wei",
        "company": "Northwind Analytics",
        "role": "Marketing Manager",
        "ring": Ring.COLD,
    },
    {
        "id": "jordan",
        "name": "Jordan Lee",
        "company": "Contoso",
        "role": "Data Scientist",
        "ring": Ring.BUDDY,
        "tribe": True,
        "fan_club": True,
        "past_companies": ("Globex",),
    },
    {
        "id": "grace",
        "name": "Grace Kim",
        "company": "Analytics Society",
        "role": "Chapter Chair",
        "ring": Ring.STRATEGIC,
        "fan_club": True,
        "how_met": "mentoring programme",
    },
    {
        "id": "raj",
        "name": "Raj Patel",
        "company": "Umbrella Health",
        "role": "UX Research Lead",
        "field": "user research",
        "ring": Ring.STRATEGIC,
        "past_companies": ("Initech",),
    },
    {
        "id": "ben",
        "name": "Ben Carter",
        "company": "Contoso",
        "role": "BI Developer",
        "ring": Ring.LUKEWARM,
        "how_met": "data meetup",
    },
    {
        "id": "tomas",
        "name": "Tomas Novak",
        "company": "Novak Studio",
        "role": "UX Researcher",
        "field": "user research",
        "ring": Ring.LUKEWARM,
    },
    {
        "id": "maria",
        "name": "María Gómez",
        "company": "Globex",
        "role": "Technical Recruiter",
        "ring": Ring.COLD,
        "knows": ("jordan",),
    },
    {
        "id": "ken",
        "name": "Ken Watanabe",
        "company": "Globex",
        "role": "Engineering Manager",
        "ring": Ring.COLD,
    },
    {
        "id": "olga",
        "name": "Olga Ivanova",
        "company": "Globex",
        "role": "Talent Partner",
        "ring": Ring.COLD,
    },
    {
        "id": "lena",
        "name": "Lena Fischer",
        "company": "Initech",
        "role": "Head of Data",
        "ring": Ring.COLD,
        "knows": ("sam",),
    },
    {
        "id": "aisha",
        "name": "Aisha Bello",
        "company": "Hooli",
        "role": "Research Director",
        "field": "user research",
        "ring": Ring.COLD,
        "knows": ("raj",),
    },
)


def sample_network(now: dt.datetime) -> NetworkState:
    """Alex's network as it stands at ``now``."""

    def ago(days: float, hour: int = 10) -> dt.datetime:
        then = now - dt.timedelta(days=days)
        return then.replace(hour=hour, minute=0, second=0, microsecond=0)

    state = NetworkState(SEEKER)

    def run(change: Change) -> None:
        state.apply(change)

    for spec in _CONTACTS:
        run(state.add_contact(Contact(added_at=ago(200), **spec)))  # type: ignore[arg-type]
    run(state.set_seeker(SEEKER))
    run(
        state.move(
            "ben",
            Ring.COLD,
            at=ago(150),
            transition_id="t-ben-out",
            reason="met once, long ago",
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-ben-reply",
                contact_id="ben",
                kind=InteractionKind.REPLY,
                at=ago(120),
                note="Answered my message about the meetup talk.",
            )
        )
    )
    run(state.move("ben", Ring.LUKEWARM, at=ago(119), transition_id="t-ben-in"))
    run(
        state.log_interaction(
            Interaction(
                id="i-grace",
                contact_id="grace",
                kind=InteractionKind.MESSAGE,
                at=ago(70),
                note="Caught up after the chapter meeting.",
            )
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-dana", contact_id="dana", kind=InteractionKind.MESSAGE, at=ago(10)
            )
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-priya",
                contact_id="priya",
                kind=InteractionKind.MESSAGE,
                at=ago(12),
            )
        )
    )
    run(
        state.log_entry(
            LedgerEntry(
                id="l-raj-give",
                contact_id="raj",
                kind=LedgerKind.GIVE,
                at=ago(40),
                what="Shared my survey-analysis notebook",
                help=HelpKind.INFORMATION,
            )
        )
    )
    run(
        state.log_entry(
            LedgerEntry(
                id="l-raj-help",
                contact_id="raj",
                kind=LedgerKind.RECEIVED,
                at=ago(20),
                what="Reviewed my portfolio",
                help=HelpKind.ADVICE,
            )
        )
    )
    run(
        state.log_entry(
            LedgerEntry(
                id="l-raj-thanks",
                contact_id="raj",
                kind=LedgerKind.THANKS,
                at=ago(19),
                what="Thank-you note for the portfolio review",
            )
        )
    )
    run(
        state.log_entry(
            LedgerEntry(
                id="l-jordan-give",
                contact_id="jordan",
                kind=LedgerKind.GIVE,
                at=ago(30),
                what="Introduced them to a conference organiser",
                help=HelpKind.INTRODUCTION,
            )
        )
    )
    run(
        state.log_entry(
            LedgerEntry(
                id="l-sam-ask",
                contact_id="sam",
                kind=LedgerKind.ASK,
                at=ago(5),
                what="Asked for feedback on my CV",
            )
        )
    )
    run(
        state.schedule_meeting(
            Meeting(
                id="m-jordan",
                contact_id="jordan",
                kind=MeetingKind.COFFEE,
                scheduled_at=ago(1, hour=8),
                created_at=ago(6),
                purpose="Hear how Jordan moved from analytics into data science",
                outcome_sought="Two names to talk to next",
                questions=(
                    "Which teams could use strong analytics storytelling?",
                    "Who else should I talk to?",
                ),
            )
        )
    )
    run(
        state.record_meeting_result(
            "m-jordan",
            MeetingStatus.HELD,
            at=ago(1, hour=9),
            notes="Suggested talking to Noor at Initech.",
            referrals=[
                Contact(
                    id="noor",
                    name="Noor Ali",
                    company="Initech",
                    role="Data Platform Manager",
                    added_at=ago(1, hour=9),
                )
            ],
        )
    )
    run(
        state.schedule_meeting(
            Meeting(
                id="m-priya",
                contact_id="priya",
                kind=MeetingKind.LUNCH,
                scheduled_at=ago(-3, hour=12),
                created_at=ago(2),
                purpose="Learn how the product team measures adoption",
                outcome_sought="Understand where analytics could help product",
                questions=(
                    "What is the hardest question your team cannot answer yet?",
                ),
            )
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-ken-out",
                contact_id="ken",
                kind=InteractionKind.OUTREACH,
                at=ago(10),
                note="Asked for a 20-minute call about Globex's data team.",
            )
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-olga-out",
                contact_id="olga",
                kind=InteractionKind.OUTREACH,
                at=ago(15),
            )
        )
    )
    run(
        state.log_interaction(
            Interaction(
                id="i-olga-no",
                contact_id="olga",
                kind=InteractionKind.DECLINE,
                at=ago(12),
                note="Too busy this quarter.",
            )
        )
    )
    return state


def sample_goal(scenario: str, now: dt.datetime) -> Goal:
    """The goal Alex would set in ``scenario``."""
    goal = Goal(id=f"goal-{scenario}", scenario=scenario, set_at=now)
    match scenario:
        case Scenario.UNEMPLOYED | Scenario.EMPLOYED_CONFIDENTIAL:
            return attrs.evolve(
                goal,
                description=(
                    "Know the recruiters and hiring managers at Globex and Initech"
                ),
                target_companies={"Globex", "Initech"},
            )
        case Scenario.CAREER_CHANGE:
            return attrs.evolve(
                goal,
                description="Decide whether to move into user research",
                target_fields={"user research"},
            )
        case Scenario.INTERNAL_MOVE:
            return attrs.evolve(goal, description="Move into product analytics")
        case _:
            return attrs.evolve(goal, description="Keep the network warm")
