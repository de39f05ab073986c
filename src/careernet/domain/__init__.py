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
        DeferredActions,
        Plan,
        Work,
    )
    from .approaches import (
        Outreach,
        Stage,
        outreach,
    )
    from .briefing import (
        Brief,
        brief,
    )
    from .errors import (
        CareerNetError,
        DuplicateIdError,
        ExcludedContactError,
        IncompleteGoalError,
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
    from .history import (
        HistoryItem,
        HistoryReport,
        HistoryRow,
        Unmatched,
        import_history,
    )
    from .imports import (
        Candidate,
        ImportReport,
        MatchedBy,
        Merge,
        Notice,
        PossibleDuplicate,
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
    from .lifecycle import (
        FieldConflict,
        MergeReport,
        RemovalReport,
    )
    from .model import (
        RECORD_KINDS,
        Advice,
        Change,
        Channel,
        Contact,
        Delivery,
        DeliveryStatus,
        FeedToken,
        Goal,
        HelpKind,
        ImportedValue,
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
        kind_name,
    )
    from .orgs import (
        Organisation,
        company_key,
        near_match,
    )
    from .planner import (
        HORIZON,
        plan,
    )
    from .questions import (
        QuestionFlag,
        check_meeting,
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
        GoalFinding,
        Strategy,
        StrategyRegistry,
        default_registry,
    )
    from .view import (
        NetworkView,
    )
    from .vocab import (
        FIELD_SYNONYMS,
        HIRING_ROLES,
        RECRUITING_ROLES,
        FieldVocabulary,
        Vocabulary,
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
    "Brief": "briefing",
    "CAPACITY": "state",
    "Candidate": "imports",
    "CareerNetError": "errors",
    "Change": "model",
    "Channel": "model",
    "Contact": "model",
    "DISCREET_CALENDAR_NAME": "wording",
    "DeferredActions": "actions",
    "Delivery": "model",
    "DeliveryStatus": "model",
    "Drift": "funnel",
    "DuplicateIdError": "errors",
    "ExcludedContactError": "errors",
    "FIELD_SYNONYMS": "vocab",
    "FeedToken": "model",
    "FieldConflict": "lifecycle",
    "FieldVocabulary": "vocab",
    "FunnelMetrics": "funnel",
    "FunnelRule": "funnel",
    "Goal": "model",
    "GoalFinding": "strategies",
    "HIRING_ROLES": "vocab",
    "HORIZON": "planner",
    "HelpKind": "model",
    "ImportReport": "imports",
    "ImportedValue": "model",
    "IncompleteGoalError": "errors",
    "HistoryItem": "history",
    "HistoryReport": "history",
    "HistoryRow": "history",
    "Unmatched": "history",
    "import_history": "history",
    "Interaction": "model",
    "InteractionKind": "model",
    "IntroPath": "intro",
    "InvalidValueError": "errors",
    "LedgerEntry": "model",
    "LedgerKind": "model",
    "MINUTES": "actions",
    "MailCursor": "model",
    "MatchedBy": "imports",
    "Meeting": "model",
    "MeetingKind": "model",
    "MeetingStatus": "model",
    "Merge": "imports",
    "MergeReport": "lifecycle",
    "NaiveDatetimeError": "errors",
    "NetworkState": "state",
    "NetworkView": "view",
    "Notice": "imports",
    "Notification": "reminders",
    "Organisation": "orgs",
    "Outreach": "approaches",
    "Plan": "actions",
    "PossibleDuplicate": "imports",
    "Preferences": "model",
    "Privacy": "model",
    "QuestionFlag": "questions",
    "RECORD_KINDS": "model",
    "RECRUITING_ROLES": "vocab",
    "RULES": "funnel",
    "Record": "model",
    "Rejected": "imports",
    "ReminderKind": "reminders",
    "RemovalReport": "lifecycle",
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
    "Vocabulary": "vocab",
    "Wording": "wording",
    "Work": "actions",
    "balance": "ledger",
    "brief": "briefing",
    "check_meeting": "questions",
    "check_question": "questions",
    "check_questions": "questions",
    "company_key": "orgs",
    "default_registry": "strategies",
    "drift": "funnel",
    "due_notifications": "reminders",
    "import_contacts": "imports",
    "introduction_paths": "intro",
    "is_neutral": "wording",
    "kind_name": "model",
    "metrics": "funnel",
    "near_match": "orgs",
    "outreach": "approaches",
    "plan": "planner",
    "thanks_owed": "ledger",
    "totals": "ledger",
    "zone": "zones",
}
"""Which module defines each public name."""

__all__ = [
    "BUILTIN_STRATEGIES",
    "CAPACITY",
    "DISCREET_CALENDAR_NAME",
    "FIELD_SYNONYMS",
    "HIRING_ROLES",
    "HORIZON",
    "MINUTES",
    "RECORD_KINDS",
    "RECRUITING_ROLES",
    "RULES",
    "Action",
    "ActionKind",
    "Advice",
    "Balance",
    "Brief",
    "Candidate",
    "CareerNetError",
    "Change",
    "Channel",
    "Contact",
    "DeferredActions",
    "Delivery",
    "DeliveryStatus",
    "Drift",
    "DuplicateIdError",
    "ExcludedContactError",
    "FeedToken",
    "FieldConflict",
    "FieldVocabulary",
    "FunnelMetrics",
    "FunnelRule",
    "Goal",
    "GoalFinding",
    "HelpKind",
    "HistoryItem",
    "HistoryReport",
    "HistoryRow",
    "ImportReport",
    "ImportedValue",
    "IncompleteGoalError",
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
    "MergeReport",
    "NaiveDatetimeError",
    "NetworkState",
    "NetworkView",
    "Notice",
    "Notification",
    "Organisation",
    "Outreach",
    "Plan",
    "PossibleDuplicate",
    "Preferences",
    "Privacy",
    "QuestionFlag",
    "Record",
    "Rejected",
    "ReminderKind",
    "RemovalReport",
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
    "Unmatched",
    "Vocabulary",
    "Wording",
    "Work",
    "balance",
    "brief",
    "check_meeting",
    "check_question",
    "check_questions",
    "company_key",
    "default_registry",
    "drift",
    "due_notifications",
    "import_contacts",
    "import_history",
    "introduction_paths",
    "is_neutral",
    "kind_name",
    "metrics",
    "near_match",
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
