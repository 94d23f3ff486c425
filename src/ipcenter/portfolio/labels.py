"""Human labels of deadline kinds, workflow states and actions, translated at render time."""

from __future__ import annotations

from ipcenter.core.i18n import N_, gettext

KIND_LABELS: dict[str, str] = {
    "annual_fee": N_("Annual fee"),
    "renewal": N_("Trademark renewal"),
    "maintenance_fee": N_("US maintenance fee"),
    "renewal_fee_ep": N_("EP renewal fee"),
    "national_phase": N_("PCT national phase entry"),
    "exam_request": N_("Request for examination"),
    "office_action_response": N_("Office action response"),
    "term_expiry": N_("End of term"),
    "term_compensation_request": N_("Patent term compensation request"),
    "madrid_dependency_end": N_("End of Madrid dependency"),
    "restoration": N_("Restoration request"),
}

STATE_LABELS: dict[str, str] = {
    "open": N_("Open"),
    "reminded": N_("Reminded"),
    "instructed": N_("Instructed"),
    "paid": N_("Paid"),
    "closed": N_("Closed"),
}

ACTION_LABELS: dict[str, str] = {
    "remind": N_("Mark as reminded"),
    "instruct_pay": N_("Instruction: pay"),
    "instruct_abandon": N_("Instruction: abandon"),
    "pay": N_("Record payment"),
    "close": N_("Close"),
}

INSTRUCTION_LABELS: dict[str, str] = {
    "pay": N_("Pay"),
    "abandon": N_("Abandon"),
}

BUCKET_LABELS: dict[str, str] = {
    "overdue": N_("Overdue"),
    "due_30": N_("Due within 30 days"),
    "due_90": N_("Due in 31 to 90 days"),
    "later": N_("Later"),
}


def kind_label(kind: str, language: str | None = None) -> str:
    message = KIND_LABELS.get(kind)
    return gettext(message, language) if message else kind


def state_label(state: str, language: str | None = None) -> str:
    message = STATE_LABELS.get(state)
    return gettext(message, language) if message else state


def action_label(action: str, language: str | None = None) -> str:
    message = ACTION_LABELS.get(action)
    return gettext(message, language) if message else action


def instruction_label(instruction: str | None, language: str | None = None) -> str:
    if instruction is None:
        return "—"
    message = INSTRUCTION_LABELS.get(instruction)
    return gettext(message, language) if message else instruction


def bucket_label(bucket: str, language: str | None = None) -> str:
    message = BUCKET_LABELS.get(bucket)
    return gettext(message, language) if message else bucket
