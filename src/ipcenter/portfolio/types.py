"""The public types of the docketing rule engine: the facts of a right in, deadlines out.

What the product layer (stored deadlines, workflow, dashboard, iCal, reminders) may rely on:
``RightFacts`` is everything the engine reads about one right — build it with
``facts_from_patent`` / ``facts_from_trademark`` or by hand; ``deadlines_for(facts, until=…,
as_of=…)`` is a pure function (no database, no clock: pass ``as_of``) returning ``Deadline``
objects sorted by ``(due_date, key)``. ``Deadline.key`` is stable for the same right and rule
(``"CN-annual_fee-year-6"``, ``"US-maintenance_fee-7.5"``, ``"CN-term_expiry"``), so it can be the
natural key of a stored row and survives re-computation after a legal event. Amounts are
``Decimal`` in ``currency`` (JSON: numbers); ``payable_fee`` is what is due on ``due_date`` after
reductions, ``full_fee`` the unreduced fee (surcharges are computed from it). ``grace_end`` is the
last day a payment with surcharge is still accepted; after it the right is lost. ``status`` is a
hint relative to ``as_of`` only. Every deadline carries an ``Explanation`` (rule id, trigger,
arithmetic steps, sources, holiday shift) that can be shown as is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer


def _money_json(value: Decimal) -> int | float:
    # Fees are whole yuan/dollars/euros in every shipped table; keep JSON numbers plain.
    return int(value) if value == value.to_integral_value() else float(value)


Money = Annotated[Decimal, PlainSerializer(_money_json, return_type=int | float, when_used="json")]


class RightKind(StrEnum):
    """The kinds of right the engine knows (``--type`` on the command line)."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    TRADEMARK = "trademark"


class DeadlineKind(StrEnum):
    ANNUAL_FEE = "annual_fee"  # CN 年费
    RENEWAL = "renewal"  # trademark renewal (续展)
    MAINTENANCE_FEE = "maintenance_fee"  # US 35 U.S.C. 41(b)
    RENEWAL_FEE_EP = "renewal_fee_ep"  # EPC art. 86 / rule 51
    NATIONAL_PHASE = "national_phase"  # PCT art. 22/39
    EXAM_REQUEST = "exam_request"  # CN Patent Law art. 35
    OFFICE_ACTION_RESPONSE = "office_action_response"
    TERM_EXPIRY = "term_expiry"
    TERM_COMPENSATION_REQUEST = "term_compensation_request"
    MADRID_DEPENDENCY_END = "madrid_dependency_end"
    RESTORATION = "restoration"


class DeadlineStatus(StrEnum):
    """Where ``as_of`` stands relative to a deadline (a hint; the workflow keeps the truth)."""

    UPCOMING = "upcoming"  # before the payment window opens
    OPEN = "open"  # window open, due date not passed
    GRACE = "grace"  # due date passed, still payable with surcharge
    MISSED = "missed"  # grace (or due date when there is none) passed
    INFORMATIONAL = "informational"  # a date to know, not an act (term expiry, dependency end)


class LegalEventFact(BaseModel):
    """A dated legal event; ``effect`` is the code's meaning from data/rights/legal_event_codes."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    code: str
    effect: str | None = None


class Notice(BaseModel):
    """An office notice that opens a response period (e.g. a CN 审查意见通知书)."""

    model_config = ConfigDict(frozen=True)

    # A notice kind of data/portfolio/rules.csv (its trigger_event), e.g. "first_office_action".
    kind: str
    dispatched: dt.date
    # Paper notices are presumed received 15 days after dispatch (CN Impl. Regs rule 4);
    # give ``served`` when the date of service is known (electronic service).
    served: dt.date | None = None
    number: str | None = None


class MadridFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    international_registration_date: dt.date
    basic_mark: str | None = None  # application/registration number of the basic mark
    basic_mark_ceased_on: dt.date | None = None


class RightFacts(BaseModel):
    """Everything the engine reads about one right; every field but kind/jurisdiction optional."""

    model_config = ConfigDict(frozen=True)

    kind: RightKind
    jurisdiction: str  # CN, US, EP, WO (a PCT application or a Madrid international registration)
    filing_date: dt.date | None = None
    priority_date: dt.date | None = None  # earliest claimed priority
    publication_date: dt.date | None = None
    examination_request_date: dt.date | None = None
    grant_date: dt.date | None = None  # patents
    registration_date: dt.date | None = None  # trademarks (核准注册日)
    # Trademarks: the last day of the current term when known (after renewals); else computed.
    current_expiry: dt.date | None = None
    # CN fee reduction (财税〔2016〕78号): 0.85 single eligible owner, 0.70 joint; None = none.
    reduction_rate: Decimal | None = None
    open_licence: bool = False  # CN open licence (财税〔2024〕23号): -15 % annual fees
    entity_size: str | None = None  # US: large | small | micro
    # PCT: the offices where national/regional phase entry is planned (empty = none listed).
    designated_offices: tuple[str, ...] = ()
    madrid: MadridFacts | None = None
    events: tuple[LegalEventFact, ...] = ()
    notices: tuple[Notice, ...] = ()


class Shift(BaseModel):
    """Whether a date was moved off a weekend or public holiday, and why."""

    model_config = ConfigDict(frozen=True)

    policy: str  # next_working_day | never (see data/portfolio/shift_policy.csv)
    unshifted: dt.date
    shifted: bool = False
    reason: str | None = None  # e.g. "2024-10-01 国庆节 holiday; next working day 2024-10-08"
    source: str = ""


class Explanation(BaseModel):
    """Why a deadline exists, how its date and amount were computed, from which sources."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    trigger_event: str  # filing, grant, registration, priority, notice kind, previous_expiry …
    trigger_date: dt.date
    steps: tuple[str, ...]  # the arithmetic, one human-readable line each
    sources: tuple[str, ...]  # the source of every rule and fee row used
    shift: Shift | None = None


class Deadline(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    kind: DeadlineKind
    jurisdiction: str
    right_kind: RightKind
    due_date: dt.date
    window_opens: dt.date | None = None
    grace_end: dt.date | None = None  # last day payable with surcharge
    year: int | None = None  # patent year (CN annual fees, EP renewal year)
    full_fee: Money | None = None
    payable_fee: Money | None = None
    currency: str | None = None
    status: DeadlineStatus | None = None  # only when ``as_of`` was given
    # True when missing it (and its grace) loses or ends the right.
    loses_right: bool = False
    explanation: Explanation
