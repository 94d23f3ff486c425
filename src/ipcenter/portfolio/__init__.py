"""The portfolio capability; its public API is ``__all__``."""

from ipcenter.portfolio.cn_fees import (
    AnnualFee,
    FeeSchedule,
    LatePayment,
    annual_fee_schedule,
    late_payment,
)
from ipcenter.portfolio.deadlines import deadlines_for
from ipcenter.portfolio.facts import facts_from_patent, facts_from_trademark
from ipcenter.portfolio.ical import deadline_uid, deadlines_to_ical
from ipcenter.portfolio.labels import (
    ACTION_LABELS,
    BUCKET_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    action_label,
    bucket_label,
    instruction_label,
    kind_label,
    state_label,
)
from ipcenter.portfolio.query import DeadlineQuery, parse_deadline_query
from ipcenter.portfolio.reminders import (
    NobodyToRemind,
    ReminderNotSent,
    ReminderReport,
    email_reminder,
    recipients_for,
    send_reminders,
)
from ipcenter.portfolio.schemas import (
    DeadlineDetail,
    DeadlineList,
    DeadlinePublic,
    Forecast,
    ForecastRow,
    ForecastTotal,
    ReminderPublic,
)
from ipcenter.portfolio.service import (
    DeadlineNotFound,
    forecast_costs,
    get_deadline,
    list_deadlines,
    transition_deadline,
)
from ipcenter.portfolio.sync import RefreshSummary, refresh_deadlines
from ipcenter.portfolio.terms import TermInfo, patent_term, trademark_term
from ipcenter.portfolio.types import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Explanation,
    LegalEventFact,
    MadridFacts,
    Notice,
    RightFacts,
    RightKind,
    Shift,
)
from ipcenter.portfolio.validation import validate_facts
from ipcenter.portfolio.workflow import (
    ACTIONS,
    InvalidTransition,
    NoWorkflow,
    TransitionIn,
    allowed_actions,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "AnnualFee",
    "BUCKET_LABELS",
    "Deadline",
    "DeadlineDetail",
    "DeadlineKind",
    "DeadlineList",
    "DeadlineNotFound",
    "DeadlinePublic",
    "DeadlineQuery",
    "DeadlineStatus",
    "Explanation",
    "FeeSchedule",
    "Forecast",
    "ForecastRow",
    "ForecastTotal",
    "InvalidTransition",
    "KIND_LABELS",
    "LatePayment",
    "LegalEventFact",
    "MadridFacts",
    "NoWorkflow",
    "NobodyToRemind",
    "Notice",
    "RefreshSummary",
    "ReminderNotSent",
    "ReminderPublic",
    "ReminderReport",
    "RightFacts",
    "RightKind",
    "STATE_LABELS",
    "Shift",
    "TermInfo",
    "TransitionIn",
    "action_label",
    "allowed_actions",
    "annual_fee_schedule",
    "bucket_label",
    "deadline_uid",
    "deadlines_for",
    "deadlines_to_ical",
    "email_reminder",
    "facts_from_patent",
    "facts_from_trademark",
    "forecast_costs",
    "get_deadline",
    "instruction_label",
    "kind_label",
    "late_payment",
    "list_deadlines",
    "parse_deadline_query",
    "patent_term",
    "recipients_for",
    "refresh_deadlines",
    "send_reminders",
    "state_label",
    "trademark_term",
    "transition_deadline",
    "validate_facts",
]
