"""Reading stored deadlines and moving them along the workflow, always within the caller's scope.

Every function first brings the stored deadlines of the scope up to date
(:func:`~ipcenter.portfolio.sync.refresh_deadlines`, cheap when nothing changed), so a legal event
imported a minute ago already shows on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from ipcenter.accounts import Organisation
from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import N_, current_language
from ipcenter.core.scoping import OrgScope, require_visible, scoped
from ipcenter.portfolio.facts import patent_number
from ipcenter.portfolio.labels import kind_label, state_label
from ipcenter.portfolio.models import Reminder, StoredDeadline
from ipcenter.portfolio.schemas import (
    DeadlineDetail,
    DeadlineList,
    DeadlinePublic,
    Forecast,
    ForecastRow,
    ForecastTotal,
    ReminderPublic,
    SkippedRight,
)
from ipcenter.portfolio.sync import (
    PATENT,
    RefreshSummary,
    last_day,
    refresh_deadlines,
)
from ipcenter.portfolio.workflow import (
    FINISHED_STATES,
    INFORMATIONAL_KINDS,
    TransitionIn,
    allowed_actions,
    apply_transition,
)
from ipcenter.rights import Patent, Trademark, patent_summary

DEFAULT_WINDOW_DAYS = 90
MAX_FORECAST_YEARS = 20


class DeadlineNotFound(NotFound):
    key = "portfolio.deadline_not_found"
    message = N_("Deadline {deadline_id} not found.")


def _scope_for_org(scope: OrgScope, org_id: int | None) -> OrgScope:
    """The caller's scope narrowed to one organisation (NotFound when it is not theirs)."""
    if org_id is None:
        return scope
    if not scope.allows(org_id):
        raise NotFound(what=N_("Organisation"))
    return OrgScope.only(org_id)


def _skipped_in(refreshed: RefreshSummary, scope: OrgScope) -> list[SkippedRight]:
    """The skipped rights of the scope (a refresh also touches rights that moved out of it)."""
    return sorted(
        (s for s in refreshed.skipped if scope.allows(s.org_id)),
        key=lambda s: (s.right_type, s.right_number, s.right_id),
    )


def _bucket(deadline: StoredDeadline, as_of: dt.date) -> str:
    days = (deadline.due_date - as_of).days
    if days < 0:
        return "overdue"
    if days <= 30:
        return "due_30"
    if days <= 90:
        return "due_90"
    return "later"


class RightsIndex:
    """Numbers, titles and owners of the rights behind a batch of deadlines (three queries)."""

    def __init__(self, session: Session, deadlines: list[StoredDeadline], lang: str) -> None:
        patent_ids = {d.right_id for d in deadlines if d.right_type == PATENT}
        mark_ids = {d.right_id for d in deadlines if d.right_type != PATENT}
        self.patents: dict[int, tuple[str, str | None, bool]] = {}
        self.marks: dict[int, tuple[str, str | None, bool]] = {}
        if patent_ids:
            for patent in session.scalars(
                select(Patent)
                .where(Patent.id.in_(sorted(patent_ids)))
                .options(
                    selectinload(Patent.texts),
                    selectinload(Patent.publications),
                    selectinload(Patent.parties),
                    selectinload(Patent.classifications),
                )
            ):
                summary = patent_summary(patent, lang=lang)
                # Records imported from publication-only exports have no application number.
                number = patent_number(
                    patent.jurisdiction, patent.application_number, summary.publication_number
                ) or str(patent.id)
                self.patents[patent.id] = (number, summary.title, patent.is_demo)
        if mark_ids:
            for mark in session.scalars(
                select(Trademark).where(Trademark.id.in_(sorted(mark_ids)))
            ):
                number = mark.registration_number or mark.application_number or str(mark.id)
                self.marks[mark.id] = (number, mark.mark_text, mark.is_demo)
        org_ids = {d.org_id for d in deadlines}
        self.orgs = {
            org.id: org
            for org in session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))
        }
        self.lang = lang

    def right(self, deadline: StoredDeadline) -> tuple[str, str | None, bool]:
        table = self.patents if deadline.right_type == PATENT else self.marks
        return table.get(deadline.right_id, (f"#{deadline.right_id}", None, False))

    def org_name(self, org_id: int) -> str:
        org = self.orgs.get(org_id)
        if org is None:
            return ""
        return (org.name_en or org.name) if self.lang == "en" else org.name


def deadline_fields(
    deadline: StoredDeadline, rights: RightsIndex, as_of: dt.date
) -> dict[str, Any]:
    number, title, is_demo = rights.right(deadline)
    bucket = _bucket(deadline, as_of)
    overdue = bucket == "overdue"
    return {
        "id": deadline.id,
        "org_id": deadline.org_id,
        "org_name": rights.org_name(deadline.org_id),
        "right_type": deadline.right_type,
        "right_id": deadline.right_id,
        "right_kind": deadline.right_kind,
        "right_number": number,
        "right_title": title,
        "key": deadline.key,
        "kind": deadline.kind,
        "kind_label": kind_label(deadline.kind, rights.lang),
        "jurisdiction": deadline.jurisdiction,
        "due_date": deadline.due_date,
        "window_opens": deadline.window_opens,
        "grace_end": deadline.grace_end,
        "year": deadline.year,
        "full_fee": deadline.full_fee,
        "payable_fee": deadline.payable_fee,
        "currency": deadline.currency,
        "loses_right": deadline.loses_right,
        "state": deadline.state,
        "state_label": state_label(deadline.state, rights.lang),
        "instruction": deadline.instruction,
        "receipt_number": deadline.receipt_number,
        "paid_on": deadline.paid_on,
        "paid_amount": deadline.paid_amount,
        "bucket": bucket,
        "days_left": (deadline.due_date - as_of).days,
        "in_grace": overdue and last_day(deadline) >= as_of,
        "missed": overdue and last_day(deadline) < as_of,
        "informational": deadline.kind in INFORMATIONAL_KINDS,
        "retired": deadline.retired_at is not None,
        "is_demo": is_demo,
    }


def _live(statement: Select[tuple[StoredDeadline]], as_of: dt.date) -> Select[Any]:
    """Deadlines still to act on or to know about: not retired, not closed, and when past due
    neither settled nor informational."""
    return statement.where(
        StoredDeadline.retired_at.is_(None),
        StoredDeadline.state != "closed",
        (StoredDeadline.due_date >= as_of)
        | (
            StoredDeadline.state.not_in(sorted(FINISHED_STATES))
            & StoredDeadline.kind.not_in(sorted(INFORMATIONAL_KINDS))
        ),
    )


def list_deadlines(
    session: Session,
    *,
    scope: OrgScope,
    as_of: dt.date,
    until: dt.date | None = None,
    org_id: int | None = None,
    lang: str | None = None,
) -> DeadlineList:
    """Overdue and upcoming deadlines up to ``until`` (default: 90 days after ``as_of``)."""
    lang = lang or current_language.get()
    until = until or as_of + dt.timedelta(days=DEFAULT_WINDOW_DAYS)
    if until < as_of:
        raise ValidationError(
            field="until", value=until.isoformat(), reason=N_("is before the reference date")
        )
    narrowed = _scope_for_org(scope, org_id)
    refreshed = refresh_deadlines(session, scope=narrowed, as_of=as_of, lang=lang)
    statement = _live(scoped(select(StoredDeadline), StoredDeadline, narrowed), as_of).where(
        StoredDeadline.due_date <= until
    )
    deadlines = list(
        session.scalars(statement.order_by(StoredDeadline.due_date, StoredDeadline.id))
    )
    rights = RightsIndex(session, deadlines, lang)
    rows = [DeadlinePublic(**deadline_fields(d, rights, as_of)) for d in deadlines]
    buckets = {name: 0 for name in ("overdue", "due_30", "due_90", "later")}
    for row in rows:
        buckets[row.bucket] += 1
    return DeadlineList(
        data=rows,
        count=len(rows),
        as_of=as_of,
        until=until,
        buckets=buckets,
        skipped=_skipped_in(refreshed, narrowed),
    )


def _stored(session: Session, deadline_id: int, scope: OrgScope) -> StoredDeadline:
    deadline = session.get(StoredDeadline, deadline_id)
    if deadline is None or not scope.allows(deadline.org_id):
        raise DeadlineNotFound(deadline_id=deadline_id)
    require_visible(deadline, scope, what=N_("Deadline"))
    return deadline


def get_deadline(
    session: Session,
    deadline_id: int,
    *,
    scope: OrgScope,
    as_of: dt.date,
    lang: str | None = None,
) -> DeadlineDetail:
    """One deadline with its explanation, allowed workflow steps and reminders."""
    lang = lang or current_language.get()
    found = session.get(StoredDeadline, deadline_id)
    if found is not None and scope.allows(found.org_id):
        refresh_deadlines(session, scope=OrgScope.only(found.org_id), as_of=as_of, lang=lang)
        session.refresh(found)
    deadline = _stored(session, deadline_id, scope)
    rights = RightsIndex(session, [deadline], lang)
    reminders = session.scalars(
        select(Reminder).where(Reminder.deadline_id == deadline.id).order_by(Reminder.id.desc())
    )
    return DeadlineDetail(
        **deadline_fields(deadline, rights, as_of),
        explanation=deadline.explanation,
        generated_at=deadline.generated_at,
        allowed_actions=allowed_actions(deadline),
        reminders=[
            ReminderPublic(
                sent_to=r.sent_to,
                sent_at=r.sent_at,
                channel=r.channel,
                language=r.language,
                subject=r.subject,
                actor=r.actor,
            )
            for r in reminders
        ],
    )


def transition_deadline(
    session: Session,
    deadline_id: int,
    step: TransitionIn,
    *,
    scope: OrgScope,
    actor: str,
    as_of: dt.date,
    lang: str | None = None,
) -> DeadlineDetail:
    """Take one workflow step on a deadline of the caller's scope (audited)."""
    deadline = _stored(session, deadline_id, scope)
    apply_transition(session, deadline, step, actor=actor)
    return get_deadline(session, deadline_id, scope=scope, as_of=as_of, lang=lang)


def forecast_costs(
    session: Session,
    *,
    scope: OrgScope,
    as_of: dt.date,
    years: int = 5,
    org_id: int | None = None,
    lang: str | None = None,
) -> Forecast:
    """Fees to expect in each of the next ``years`` calendar years (this one first).

    Counts unsettled deadlines with an amount; overdue ones still payable fall into this year.
    A right whose owner instructed to abandon a fee that keeps it alive contributes nothing
    after that fee.
    """
    lang = lang or current_language.get()
    if not 1 <= years <= MAX_FORECAST_YEARS:
        raise ValidationError(
            field="years",
            value=years,
            reason=N_("must be between 1 and {maximum}"),
            maximum=MAX_FORECAST_YEARS,
        )
    narrowed = _scope_for_org(scope, org_id)
    refreshed = refresh_deadlines(session, scope=narrowed, as_of=as_of, lang=lang)
    span = list(range(as_of.year, as_of.year + years))
    deadlines = list(
        session.scalars(
            scoped(select(StoredDeadline), StoredDeadline, narrowed).where(
                StoredDeadline.retired_at.is_(None),
                StoredDeadline.due_date <= dt.date(span[-1], 12, 31),
            )
        )
    )
    abandoned_after: dict[tuple[str, int], dt.date] = {}
    for d in deadlines:
        if d.instruction == "abandon" and d.loses_right:
            right = (d.right_type, d.right_id)
            abandoned_after[right] = min(abandoned_after.get(right, d.due_date), d.due_date)
    sums: dict[tuple[int, str, str], list[Any]] = defaultdict(lambda: [Decimal(0), 0])
    for d in deadlines:
        if d.payable_fee is None or d.currency is None or d.state in FINISHED_STATES:
            continue
        if d.instruction == "abandon" or last_day(d) < as_of:
            continue
        cut = abandoned_after.get((d.right_type, d.right_id))
        if cut is not None and d.due_date > cut:
            continue
        year = max(d.due_date.year, as_of.year)
        entry = sums[(year, d.currency, d.kind)]
        entry[0] += d.payable_fee
        entry[1] += 1
    rows = [
        ForecastRow(
            year=year,
            currency=currency,
            kind=kind,
            kind_label=kind_label(kind, lang),
            amount=amount,
            count=count,
        )
        for (year, currency, kind), (amount, count) in sorted(sums.items())
    ]
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[(row.year, row.currency)] += row.amount
    return Forecast(
        as_of=as_of,
        years=span,
        rows=rows,
        totals=[
            ForecastTotal(year=year, currency=currency, amount=amount)
            for (year, currency), amount in sorted(totals.items())
        ],
        currencies=sorted({row.currency for row in rows}),
        skipped=_skipped_in(refreshed, narrowed),
    )
