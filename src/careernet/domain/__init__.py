"""careernet's pure domain core.

Models, rules and the planner, with no I/O, no clock, no randomness and no
plugins: the moment (``now``, ``at``) and every id come in as arguments, so
the same inputs always give the same result. The facade
(:mod:`careernet.network`) adds storage, ids and the clock.

Names are imported on first use, so ``import careernet`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .actions import (
        MINUTES,
        Action,
        ActionKind,
        Plan,
    )
    from .approaches import (
        Outreach,
        Stage,
        outreach,
    )
    from .errors import (
        CareerNetError,
        DuplicateIdError,
        ExcludedContactError,
        InvalidValueError,
        NaiveDatetimeError,
        TransitionError,
        UnknownIdError,
        UnknownScenarioError,
    )
    from .funnel import (
        RULES,
        Drift,
        FunnelMetrics,
        FunnelRule,
        drift,
        metrics,
    )
    from .imports import (
        Candidate,
        ImportReport,
        MatchedBy,
        Merge,
        Rejected,
        import_contacts,
    )
    from .intro import (
        IntroPath,
        introduction_paths,
    )
    from .ledger import (
        Balance,
        ThanksOwed,
        balance,
        thanks_owed,
        totals,
    )
    from .model import (
        Advice,
        Change,
        Channel,
        Contact,
        Delivery,
        DeliveryStatus,
        FeedToken,
        Goal,
        HelpKind,
        Interaction,
        InteractionKind,
        LedgerEntry,
        LedgerKind,
        MailCursor,
        Meeting,
        MeetingKind,
        MeetingStatus,
        Preferences,
        Privacy,
        Record,
        Ring,
        Scenario,
        Seeker,
        Transition,
    )
    from .planner import (
        HORIZON,
        plan,
    )
    from .questions import (
        QuestionFlag,
        check_question,
        check_questions,
    )
    from .reminders import (
        Notification,
        ReminderKind,
        due_notifications,
    )
    from .state import (
        CAPACITY,
        NetworkState,
    )
    from .strategies import (
        BUILTIN_STRATEGIES,
        Strategy,
        StrategyRegistry,
        default_registry,
    )
    from .view import (
        NetworkView,
    )
    from .wording import (
        DISCREET_CALENDAR_NAME,
        Wording,
        is_neutral,
    )
    from .zones import (
        zone,
    )

_WHERE: dict[str, str] = {
    "Action": "actions",
    "ActionKind": "actions",
    "Advice": "model",
    "BUILTIN_STRATEGIES": "strategies",
    "Balance": "ledger",
    "CAPACITY": "state",
    "Candidate": "imports",
    "CareerNetError": "errors",
    "Change": "model",
    "Channel": "model",
    "Contact": "model",
    "Delivery": "model",
    "DeliveryStatus": "model",
    "Drift": "funnel",
    "DuplicateIdError": "errors",
    "ExcludedContactError": "errors",
    "FeedToken": "model",
    "FunnelMetrics": "funnel",
    "FunnelRule": "funnel",
    "Goal": "model",
    "HORIZON": "planner",
    "HelpKind": "model",
    "ImportReport": "imports",
    "Interaction": "model",
    "InteractionKind": "model",
    "IntroPath": "intro",
    "InvalidValueError": "errors",
    "LedgerEntry": "model",
    "LedgerKind": "model",
    "MailCursor": "model",
    "MINUTES": "actions",
    "MatchedBy": "imports",
    "Meeting": "model",
    "MeetingKind": "model",
    "MeetingStatus": "model",
    "Merge": "imports",
    "NaiveDatetimeError": "errors",
    "NetworkState": "state",
    "Notification": "reminders",
    "Outreach": "approaches",
    "Plan": "actions",
    "Preferences": "model",
    "Privacy": "model",
    "QuestionFlag": "questions",
    "RULES": "funnel",
    "Record": "model",
    "Rejected": "imports",
    "ReminderKind": "reminders",
    "Ring": "model",
    "Scenario": "model",
    "Seeker": "model",
    "Stage": "approaches",
    "Strategy": "strategies",
    "StrategyRegistry": "strategies",
    "ThanksOwed": "ledger",
    "Transition": "model",
    "TransitionError": "errors",
    "UnknownIdError": "errors",
    "UnknownScenarioError": "errors",
    "balance": "ledger",
    "check_question": "questions",
    "check_questions": "questions",
    "default_registry": "strategies",
    "drift": "funnel",
    "due_notifications": "reminders",
    "import_contacts": "imports",
    "introduction_paths": "intro",
    "metrics": "funnel",
    "outreach": "approaches",
    "plan": "planner",
    "thanks_owed": "ledger",
    "totals": "ledger",
    "NetworkView": "view",
    "Wording": "wording",
    "DISCREET_CALENDAR_NAME": "wording",
    "is_neutral": "wording",
    "zone": "zones",
}
"""Which module defines each public name."""

__all__ = [
    "BUILTIN_STRATEGIES",
    "CAPACITY",
    "DISCREET_CALENDAR_NAME",
    "HORIZON",
    "MINUTES",
    "RULES",
    "Action",
    "ActionKind",
    "Advice",
    "Balance",
    "Candidate",
    "CareerNetError",
    "Change",
    "Channel",
    "Contact",
    "Delivery",
    "DeliveryStatus",
    "Drift",
    "DuplicateIdError",
    "ExcludedContactError",
    "FeedToken",
    "FunnelMetrics",
    "FunnelRule",
    "Goal",
    "HelpKind",
    "ImportReport",
    "Interaction",
    "InteractionKind",
    "IntroPath",
    "InvalidValueError",
    "LedgerEntry",
    "LedgerKind",
    "MailCursor",
    "MatchedBy",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "Merge",
    "NaiveDatetimeError",
    "NetworkState",
    "NetworkView",
    "Notification",
    "Outreach",
    "Plan",
    "Preferences",
    "Privacy",
    "QuestionFlag",
    "Record",
    "Rejected",
    "ReminderKind",
    "Ring",
    "Scenario",
    "Seeker",
    "Stage",
    "Strategy",
    "StrategyRegistry",
    "ThanksOwed",
    "Transition",
    "TransitionError",
    "UnknownIdError",
    "UnknownScenarioError",
    "Wording",
    "balance",
    "check_question",
    "check_questions",
    "default_registry",
    "drift",
    "due_notifications",
    "import_contacts",
    "introduction_paths",
    "is_neutral",
    "metrics",
    "outreach",
    "plan",
    "thanks_owed",
    "totals",
    "zone",
]


# Hidden from type checkers, so that a misspelled name is an error there
# rather than Any; the imports under TYPE_CHECKING above declare the real ones.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Import the module defining ``name`` the first time it is used."""
        module = _WHERE.get(name)
        if module is None:
            message = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(message)
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
