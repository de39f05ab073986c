"""careernet's pure domain core.

Models, rules and the planner, with no I/O, no clock, no randomness and no
plugins: the moment (``now``, ``at``) and every id come in as arguments, so
the same inputs always give the same result. The facade
(:mod:`careernet.network`) adds storage, ids and the clock.
"""

from .actions import MINUTES, Action, ActionKind, Plan
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
from .funnel import RULES, Drift, FunnelMetrics, FunnelRule, drift, metrics
from .imports import (
    Candidate,
    ImportReport,
    MatchedBy,
    Merge,
    Rejected,
    import_contacts,
)
from .intro import IntroPath, introduction_paths
from .ledger import Balance, ThanksOwed, balance, thanks_owed, totals
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
from .outreach import Outreach, Stage, outreach
from .planner import HORIZON, plan
from .questions import QuestionFlag, check_question, check_questions
from .reminders import Notification, ReminderKind, due_notifications
from .state import CAPACITY, NetworkState
from .strategies import (
    BUILTIN_STRATEGIES,
    Strategy,
    StrategyRegistry,
    default_registry,
)

__all__ = [
    "BUILTIN_STRATEGIES",
    "CAPACITY",
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
    "MatchedBy",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "Merge",
    "NaiveDatetimeError",
    "NetworkState",
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
    "balance",
    "check_question",
    "check_questions",
    "default_registry",
    "drift",
    "due_notifications",
    "import_contacts",
    "introduction_paths",
    "metrics",
    "outreach",
    "plan",
    "thanks_owed",
    "totals",
]
