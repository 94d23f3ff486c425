"""Deadlines of Chinese patents: annual fees, examination request, responses, restoration,
term-compensation request (the term itself is in ``deadlines``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import load_table
from ipcenter.portfolio.cn_fees import (
    AnnualFee,
    RestorationCost,
    annual_fee_schedule,
    restoration_cost,
)
from ipcenter.portfolio.offices import ruled_deadline
from ipcenter.portfolio.rules import PATENT_KINDS, Rule, rules_for
from ipcenter.portfolio.terms import compensation_eligible
from ipcenter.portfolio.types import (
    Deadline,
    DeadlineKind,
    Explanation,
    Notice,
    RightFacts,
    RightKind,
)

_NOTICE_PREFIX = "notice:"


def _is_cn_patent(facts: RightFacts) -> bool:
    return facts.jurisdiction == "CN" and facts.kind in PATENT_KINDS


def annual_fee_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """One deadline per patent year after the grant year (the grant-year fee is paid at grant)."""
    if not _is_cn_patent(facts) or facts.filing_date is None or facts.grant_date is None:
        return []
    schedule = annual_fee_schedule(
        facts.kind,
        filing_date=facts.filing_date,
        grant_date=facts.grant_date,
        reduction_rate=facts.reduction_rate,
        open_licence=facts.open_licence,
    )
    rule = rules_for("CN", facts.kind, on=facts.filing_date, deadline_kind="annual_fee")[0]
    return [
        _fee_deadline(facts, rule, entry, entry.due_date, facts.filing_date)
        for entry in schedule.entries
        if entry.due_date is not None
    ]


def _fee_deadline(
    facts: RightFacts, rule: Rule, entry: AnnualFee, due: dt.date, filed: dt.date
) -> Deadline:
    return Deadline(
        key=f"CN-annual_fee-year-{entry.year}",
        kind=DeadlineKind.ANNUAL_FEE,
        jurisdiction="CN",
        right_kind=facts.kind,
        due_date=due,
        grace_end=entry.grace_end,
        year=entry.year,
        full_fee=entry.full_fee,
        payable_fee=entry.payable_fee,
        currency=entry.currency,
        loses_right=True,
        explanation=Explanation(
            rule_id=rule.rule_id,
            trigger_event="filing",
            trigger_date=filed,
            steps=entry.steps,
            sources=entry.sources,
            shift=entry.shift,
        ),
    )


def _simple(
    facts: RightFacts,
    rule: Rule,
    *,
    key: str,
    trigger_event: str,
    trigger_date: dt.date,
    steps: list[str],
    loses_right: bool,
    fee: Decimal | None = None,
    currency: str | None = None,
    extra_sources: tuple[str, ...] = (),
) -> Deadline:
    unshifted = rule.due_from(trigger_date)
    offset_step = (
        f"{trigger_event} {trigger_date.isoformat()} + {rule.offset_text()} = "
        f"{unshifted.isoformat()}"
    )
    return ruled_deadline(
        facts,
        rule,
        key=key,
        trigger_event=trigger_event,
        trigger_date=trigger_date,
        unshifted=unshifted,
        steps=[*steps, offset_step],
        sources=extra_sources,
        fee=fee,
        currency=currency,
        loses_right=loses_right,
    )


def exam_request_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """CN inventions: request substantive examination within 3 years (else deemed withdrawn)."""
    if facts.jurisdiction != "CN" or facts.kind is not RightKind.INVENTION:
        return []
    if facts.filing_date is None or facts.examination_request_date is not None:
        return []
    rules = rules_for("CN", facts.kind, on=facts.filing_date, deadline_kind="exam_request")
    if not rules:
        return []
    rule = rules[0]
    effects = {event.effect for event in facts.events}
    if facts.grant_date is not None or effects & rule.abort_on:
        return []
    trigger, name = facts.filing_date, "filing"
    if facts.priority_date is not None and facts.priority_date < facts.filing_date:
        trigger, name = facts.priority_date, "priority"
    return [
        _simple(
            facts,
            rule,
            key="CN-exam_request",
            trigger_event=name,
            trigger_date=trigger,
            steps=["the application is deemed withdrawn without a request (Patent Law art. 35)"],
            loses_right=True,
        )
    ]


def served_on(notice: Notice) -> tuple[dt.date, str]:
    """The date of service and how it was found (given, or presumed from the dispatch date)."""
    if notice.served is not None:
        return notice.served, f"served {notice.served.isoformat()}"
    row = load_table("portfolio/cn_service.csv").where(channel="paper")[0]
    days = int(row["days"])
    served = notice.dispatched + dt.timedelta(days=days)
    return served, (
        f"dispatched {notice.dispatched.isoformat()}, presumed received {days} days later: "
        f"{served.isoformat()}"
    )


def notice_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """Responses to office notices (first office action 4 months, others 2, rejection 3 …)."""
    if facts.jurisdiction != "CN" or not facts.notices:
        return []
    found = []
    for index, notice in enumerate(facts.notices):
        rules = rules_for(
            "CN", facts.kind, on=facts.filing_date, trigger_event=_NOTICE_PREFIX + notice.kind
        )
        if not rules:
            raise ValidationError(
                field=f"notices[{index}].kind",
                reason=N_("no rule for this kind of notice"),
                value=notice.kind,
            )
        rule = rules[0]
        served, how = served_on(notice)
        steps = [how]
        if rule.deadline_kind == DeadlineKind.RESTORATION.value:
            steps.append("restoration of a right terminated for non-payment of an annual fee")
        cost = (
            _restoration_cost(facts, notice)
            if rule.deadline_kind == DeadlineKind.RESTORATION.value
            else None
        )
        reference = notice.number or notice.dispatched.isoformat()
        found.append(
            _simple(
                facts,
                rule,
                key=f"CN-{rule.deadline_kind}-{notice.kind}-{reference}",
                trigger_event=f"notice {notice.kind} (service)",
                trigger_date=served,
                steps=[*steps, cost.step] if cost else steps,
                loses_right=True,
                fee=cost.total if cost else None,
                currency=cost.currency if cost else None,
                extra_sources=cost.sources if cost else (),
            )
        )
    return found


def _restoration_cost(facts: RightFacts, notice: Notice) -> RestorationCost | None:
    """The cost of restoring after the last fee whose late period ended before the notice (the
    fee whose non-payment terminated the right); None when no such fee is known."""
    if facts.filing_date is None or facts.grant_date is None:
        return None
    schedule = annual_fee_schedule(
        facts.kind,
        filing_date=facts.filing_date,
        grant_date=facts.grant_date,
        reduction_rate=facts.reduction_rate,
        open_licence=facts.open_licence,
    )
    missed = [e for e in schedule.entries if e.grace_end and e.grace_end < notice.dispatched]
    return restoration_cost(missed[-1], notice.dispatched) if missed else None


def term_compensation_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    """CN inventions granted late (art. 42 ¶2): request compensation within 3 months of grant."""
    filed, granted, requested = (
        facts.filing_date,
        facts.grant_date,
        facts.examination_request_date,
    )
    if facts.jurisdiction != "CN" or filed is None or granted is None or requested is None:
        return []
    eligible = compensation_eligible(
        facts.jurisdiction,
        facts.kind,
        filing_date=facts.filing_date,
        grant_date=facts.grant_date,
        examination_request_date=facts.examination_request_date,
    )
    if not eligible:
        return []
    rules = rules_for("CN", facts.kind, on=granted, deadline_kind="term_compensation_request")
    if not rules:
        return []
    return [
        _simple(
            facts,
            rules[0],
            key="CN-term_compensation_request",
            trigger_event="grant",
            trigger_date=granted,
            steps=[
                f"granted {granted.isoformat()}: more than 4 years after filing "
                f"{filed.isoformat()} and more than 3 years after the examination "
                f"request {requested.isoformat()}",
            ],
            loses_right=False,
        )
    ]
