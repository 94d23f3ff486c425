"""Chinese annual fees: schedule per patent year, reductions, late payment and restoration.

Patent years run from the filing date (Examination Guidelines Part V Ch. 9 §2.2.1). The fee of
the grant year is paid with the registration formalities, so it has no anniversary due date and
no surcharge; the fee of every later year is due on the filing-date anniversary that starts it.
Years before the grant year carry no annual fee and are not listed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from pydantic import BaseModel, ConfigDict

from ipcenter.core.dates import add_months, add_years
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import Row, load_table
from ipcenter.portfolio.calendar import shift_date
from ipcenter.portfolio.rules import rule_by_id
from ipcenter.portfolio.terms import patent_term
from ipcenter.portfolio.types import Money, RightKind, Shift

CENT = Decimal("0.01")
ANNUAL_FEE_DUE = "annual_fee_due"
LATE_MONTHS = 6


def money(value: Decimal) -> Decimal:
    """Round to the cent and drop trailing zeros of whole amounts (135.00 → 135)."""
    rounded = value.quantize(CENT)
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded


class AnnualFee(BaseModel):
    """The fee of one patent year."""

    model_config = ConfigDict(frozen=True)

    year: int
    basis: str  # registration (grant-year fee) | anniversary
    due_date: dt.date | None  # after the holiday shift; None for the grant-year fee
    anniversary: dt.date | None  # the filing-date anniversary starting the year (unshifted)
    grace_end: dt.date | None  # last day payable with surcharge
    full_fee: Money
    payable_fee: Money
    currency: str
    reduction: str | None = None  # e.g. "entity 0.85", "open_licence 0.15"
    steps: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    shift: Shift | None = None


class FeeSchedule(BaseModel):
    model_config = ConfigDict(frozen=True)

    jurisdiction: str
    right_kind: RightKind
    filing_date: dt.date
    grant_date: dt.date
    grant_year: int
    last_year: int
    reduction_rate: Money | None
    open_licence: bool
    entries: list[AnnualFee]


class LatePayment(BaseModel):
    model_config = ConfigDict(frozen=True)

    jurisdiction: str
    right_kind: RightKind
    year: int
    due_date: dt.date
    paid_date: dt.date
    grace_end: dt.date
    status: str  # on_time | late | terminated
    month_late: int  # 0 on time, 1-6 late, 7 terminated
    full_fee: Money
    payable_fee: Money
    surcharge_rate: Money
    surcharge: Money
    restoration_fee: Money
    total: Money
    currency: str
    steps: tuple[str, ...]
    sources: tuple[str, ...]
    # Terminated only: can the right still be restored on the payment date? None when it depends
    # on the date the termination notice was received, which was not given.
    restoration_possible: bool | None = None
    restoration_until: dt.date | None = None  # 2 months after the notice, when it was given


def patent_year_of(filing_date: dt.date, day: dt.date) -> int:
    """The patent year containing ``day`` (year 1 starts on the filing date)."""
    year = day.year - filing_date.year + 1
    while add_years(filing_date, year - 1) > day:
        year -= 1
    while add_years(filing_date, year) <= day:
        year += 1
    return year


def fee_row(kind: RightKind, year: int, on: dt.date) -> Row:
    rows = [
        row
        for row in load_table("portfolio/cn_annual_fees.csv").where(on, right_kind=kind.value)
        if int(row["year_from"]) <= year <= int(row["year_to"])
    ]
    if not rows:
        raise ValidationError(
            field="year", reason=N_("no annual fee for this patent year"), value=year
        )
    return rows[0]


@cache
def _annual_fee_rule_source() -> str:
    rule = rule_by_id("CN-annual_fee")
    return rule.source if rule is not None else ""


@cache
def allowed_reductions() -> tuple[Decimal, ...]:
    rows = load_table("portfolio/cn_fee_reductions.csv").where(scheme="entity")
    return tuple(sorted({Decimal(row["rate"]) for row in rows}, reverse=True))


def check_reduction(rate: Decimal | None) -> None:
    if rate is not None and rate not in allowed_reductions():
        raise ValidationError(
            field="reduction_rate",
            reason=N_("must be one of {allowed}"),
            value=str(rate),
            allowed=", ".join(str(r) for r in allowed_reductions()),
        )


def _best_reduction(
    rate: Decimal | None, open_licence: bool, grant_year_index: int | None, on: dt.date
) -> tuple[Decimal, str | None, list[str], list[str]]:
    """The largest applicable reduction rate on ``on`` (schemes are not cumulative)."""
    table = load_table("portfolio/cn_fee_reductions.csv")
    candidates: list[tuple[Decimal, str, str]] = []
    notes: list[str] = []
    if rate is not None:
        rows = [r for r in table.where(on, scheme="entity") if Decimal(r["rate"]) == rate]
        if not rows:
            notes.append(f"no fee-reduction scheme in force on {on.isoformat()}: full fee")
        for row in rows:
            window = int(row["window_years"])
            if grant_year_index is None or grant_year_index <= window:
                candidates.append((rate, f"entity {rate}", row["source"]))
            else:
                notes.append(
                    f"reduction {rate} covers the first {window} years from the grant year; "
                    f"this is year {grant_year_index} from the grant year: full fee"
                )
    if open_licence:
        for row in table.where(on, scheme="open_licence"):
            candidates.append((Decimal(row["rate"]), f"open_licence {row['rate']}", row["source"]))
        if not table.where(on, scheme="open_licence"):
            notes.append(f"no open-licence reduction in force on {on.isoformat()}")
    if not candidates:
        return Decimal(0), None, notes, []
    best = max(candidates, key=lambda item: item[0])
    if len(candidates) > 1:
        notes.append(f"reductions are not cumulative: the best one ({best[1]}) applies")
    return best[0], best[1], notes, [best[2]]


def annual_fee_schedule(
    kind: RightKind,
    *,
    filing_date: dt.date,
    grant_date: dt.date,
    reduction_rate: Decimal | None = None,
    open_licence: bool = False,
    from_year: int | None = None,
) -> FeeSchedule:
    """Every annual fee of a CN patent from the grant year (or ``from_year``) to the last year."""
    if kind is RightKind.TRADEMARK:
        raise ValidationError(
            field="right_kind", reason=N_("annual fees apply to patents only"), value=kind.value
        )
    if grant_date < filing_date:
        raise ValidationError(
            field="grant_date",
            reason=N_("must not be before the filing date"),
            value=grant_date.isoformat(),
        )
    check_reduction(reduction_rate)
    term = patent_term("CN", kind, filing_date=filing_date, grant_date=grant_date)
    if term is None:
        raise ValidationError(field="right_kind", reason=N_("no term rule"), value=kind.value)
    last_year = term.years
    if grant_date > term.last_day_in_force:
        raise ValidationError(
            field="grant_date",
            reason=N_("is after the end of the term"),
            value=grant_date.isoformat(),
        )
    grant_year = patent_year_of(filing_date, grant_date)
    if from_year is not None and not 1 <= from_year <= last_year:
        raise ValidationError(
            field="from_year",
            reason=N_("must be between 1 and {last}"),
            value=from_year,
            last=last_year,
        )
    first = max(grant_year, from_year or grant_year)
    entries = [
        annual_fee(
            kind,
            year=year,
            filing_date=filing_date,
            grant_year=grant_year,
            grant_date=grant_date,
            reduction_rate=reduction_rate,
            open_licence=open_licence,
            term_source=term.source,
        )
        for year in range(first, last_year + 1)
    ]
    return FeeSchedule(
        jurisdiction="CN",
        right_kind=kind,
        filing_date=filing_date,
        grant_date=grant_date,
        grant_year=grant_year,
        last_year=last_year,
        reduction_rate=reduction_rate,
        open_licence=open_licence,
        entries=entries,
    )


def annual_fee(
    kind: RightKind,
    *,
    year: int,
    filing_date: dt.date,
    grant_year: int,
    grant_date: dt.date,
    reduction_rate: Decimal | None,
    open_licence: bool,
    term_source: str,
) -> AnnualFee:
    """The fee of patent year ``year`` (``year`` >= the grant year)."""
    anniversary = add_years(filing_date, year - 1)
    steps = [
        f"patent year {year} starts on {anniversary.isoformat()} "
        f"(filing {filing_date.isoformat()} + {year - 1} years)",
    ]
    shift: Shift | None = None
    if year == grant_year:
        basis, due, grace_end, fee_day = "registration", None, None, grant_date
        steps.append(
            f"granted {grant_date.isoformat()} in patent year {grant_year}: this year's fee is "
            "paid with the registration formalities (no anniversary due date, no surcharge)"
        )
    else:
        basis, fee_day = "anniversary", anniversary
        due, shift = shift_date(anniversary, "CN", ANNUAL_FEE_DUE)
        grace_end, _ = shift_date(add_months(anniversary, LATE_MONTHS), "CN", ANNUAL_FEE_DUE)
        steps.append(f"due on the filing-date anniversary {anniversary.isoformat()}")
        if shift.shifted and shift.reason:
            steps.append(f"moved: {shift.reason}")
        steps.append(
            f"payable with surcharge for {LATE_MONTHS} months, until {grace_end.isoformat()}"
        )
    row = fee_row(kind, year, fee_day)
    full = Decimal(row["amount"])
    steps.append(f"year {year} fee ({kind.value}): {row['currency']} {full}")
    rate, label, notes, reduction_sources = _best_reduction(
        reduction_rate, open_licence, year - grant_year + 1, fee_day
    )
    payable = money(full * (1 - rate))
    steps.extend(notes)
    if label is not None:
        steps.append(f"reduction {label}: {full} × (1 − {rate}) = {payable}")
    return AnnualFee(
        year=year,
        basis=basis,
        due_date=due,
        anniversary=anniversary if basis == "anniversary" else None,
        grace_end=grace_end,
        full_fee=money(full),
        payable_fee=payable,
        currency=row["currency"],
        reduction=label,
        steps=tuple(steps),
        sources=(
            _annual_fee_rule_source(),
            row["source"],
            *reduction_sources,
            term_source,
        ),
        shift=shift,
    )


@cache
def _late_rates() -> dict[int, Row]:
    return {int(row["month"]): row for row in load_table("portfolio/cn_late_fees.csv").rows}


def _restoration_window(
    grace_end: dt.date, paid_date: dt.date, notice_date: dt.date | None
) -> tuple[bool | None, dt.date | None]:
    """Whether a right terminated after ``grace_end`` can be restored on ``paid_date`` and by
    when (CN-restoration rule: the window after the termination notice), None when unknown."""
    if notice_date is None:
        return None, None
    if notice_date <= grace_end:
        raise ValidationError(
            field="notice_date",
            reason=N_("must be after the last day of the late-payment period ({last})"),
            value=notice_date.isoformat(),
            last=grace_end.isoformat(),
        )
    rule = rule_by_id("CN-restoration")
    months = rule.offset_months if rule is not None else 2
    until = add_months(notice_date, months)
    return paid_date <= until, until


def restoration_fee(on: dt.date) -> tuple[Decimal, Row]:
    row = load_table("portfolio/cn_other_fees.csv").where(on, fee="restoration_request")[0]
    return Decimal(row["amount"]), row


class RestorationCost(BaseModel):
    """What restoring a right terminated for an unpaid annual fee costs (Impl. Regs rule 6)."""

    model_config = ConfigDict(frozen=True)

    year: int
    payable_fee: Money  # the unpaid annual fee (after reductions)
    surcharge: Money  # the last late-payment rate × the full fee (25 %)
    restoration_fee: Money
    total: Money
    currency: str
    step: str
    sources: tuple[str, ...]


def restoration_cost(fee: AnnualFee, on: dt.date) -> RestorationCost:
    """Annual fee + the month-6 surcharge of the full fee + the restoration request fee."""
    rate_row = _late_rates()[LATE_MONTHS]
    surcharge = money(fee.full_fee * Decimal(rate_row["rate"]))
    restoration, row = restoration_fee(on)
    total = money(fee.payable_fee + surcharge + restoration)
    return RestorationCost(
        year=fee.year,
        payable_fee=fee.payable_fee,
        surcharge=surcharge,
        restoration_fee=money(restoration),
        total=total,
        currency=fee.currency,
        step=(
            f"unpaid year {fee.year} fee {fee.payable_fee} + {rate_row['rate']} of the full fee "
            f"{surcharge} + restoration fee {money(restoration)} = {total}"
        ),
        sources=(rate_row["source"], row["source"]),
    )


def late_month(due: dt.date, paid: dt.date, grace_end: dt.date) -> int:
    """0 when paid by the due date, k (1-6) in the k-th month after it, 7 after the grace."""
    if paid <= due:
        return 0
    for month in range(1, LATE_MONTHS + 1):
        if paid <= add_months(due, month):
            return month
    return LATE_MONTHS if paid <= grace_end else LATE_MONTHS + 1


def late_payment(
    kind: RightKind,
    *,
    year: int,
    due_date: dt.date,
    paid_date: dt.date,
    reduction_rate: Decimal | None = None,
    notice_date: dt.date | None = None,
) -> LatePayment:
    """Surcharge and total for an annual fee paid on ``paid_date`` (``due_date`` = anniversary).

    ``reduction_rate`` is taken as applying to this year's fee (no grant date is known here to
    check the 10-year window); the surcharge is always a share of the full fee.

    Paid after the late period the right has terminated; it can be restored only on a request
    within the CN-restoration window (2 months) after the termination notice was received
    (``notice_date``). Given the notice, a payment after that window is "terminated, restoration
    no longer possible" (nothing payable); without it the restoration cost is shown on the stated
    assumption that the request is still in time.
    """
    if kind is RightKind.TRADEMARK:
        raise ValidationError(
            field="right_kind", reason=N_("annual fees apply to patents only"), value=kind.value
        )
    check_reduction(reduction_rate)
    row = fee_row(kind, year, due_date)
    full = Decimal(row["amount"])
    rate, label, notes, reduction_sources = _best_reduction(reduction_rate, False, None, due_date)
    if reduction_rate is not None and label is None:
        raise ValidationError(
            field="reduction_rate",
            reason=N_("no fee reduction scheme was in force on the due date"),
            value=str(reduction_rate),
        )
    payable = money(full * (1 - rate))
    grace_end, grace_shift = shift_date(add_months(due_date, LATE_MONTHS), "CN", ANNUAL_FEE_DUE)
    month = late_month(due_date, paid_date, grace_end)
    steps = [f"year {year} fee {row['currency']} {full}, payable {payable}", *notes]
    sources = [row["source"], *reduction_sources]
    restoration = Decimal(0)
    restorable: bool | None = None
    restoration_until: dt.date | None = None
    if month == 0:
        status, surcharge_rate = "on_time", Decimal(0)
        steps.append(f"paid {paid_date.isoformat()} by the due date {due_date.isoformat()}")
    elif month <= LATE_MONTHS:
        status = "late"
        rate_row = _late_rates()[month]
        surcharge_rate = Decimal(rate_row["rate"])
        start = due_date if month == 1 else add_months(due_date, month - 1)
        end = add_months(due_date, month) if month < LATE_MONTHS else grace_end
        steps.append(
            f"paid {paid_date.isoformat()}: month {month} after the due date "
            f"({start.isoformat()} < paid ≤ {end.isoformat()}), surcharge {surcharge_rate} "
            "of the full fee"
        )
        sources.append(rate_row["source"])
    else:
        status = "terminated"
        rate_row = _late_rates()[LATE_MONTHS]
        surcharge_rate = Decimal(rate_row["rate"])
        steps.append(
            f"paid {paid_date.isoformat()} after the last day {grace_end.isoformat()}: the right "
            "terminated"
        )
        restorable, restoration_until = _restoration_window(grace_end, paid_date, notice_date)
        if restorable is False:
            surcharge_rate, payable = Decimal(0), Decimal(0)
            steps.append(
                f"restoration no longer possible: the request had to be made by "
                f"{restoration_until} (2 months after the termination notice of {notice_date}); "
                "nothing can be paid for this year"
            )
        else:
            restoration, restoration_row = restoration_fee(paid_date)
            sources.append(restoration_row["source"])
            steps.append(
                "restoration = fee + 25 % surcharge + restoration fee, requested within 2 months "
                "of the termination notice"
                + (
                    f" (by {restoration_until})"
                    if restoration_until
                    else " (assumed in time: the date of the notice was not given)"
                )
            )
        sources.append(rate_row["source"])
    if grace_shift.shifted and grace_shift.reason:
        steps.append(f"last day of the late period moved: {grace_shift.reason}")
    surcharge = money(full * surcharge_rate)
    total = money(payable + surcharge + restoration)
    steps.append(f"total = {payable} + {surcharge} + {money(restoration)} = {total}")
    return LatePayment(
        jurisdiction="CN",
        right_kind=kind,
        year=year,
        due_date=due_date,
        paid_date=paid_date,
        grace_end=grace_end,
        status=status,
        month_late=month,
        full_fee=money(full),
        payable_fee=payable,
        surcharge_rate=surcharge_rate,
        surcharge=surcharge,
        restoration_fee=money(restoration),
        total=total,
        currency=row["currency"],
        steps=tuple(steps),
        sources=tuple(sources),
        restoration_possible=restorable if status == "terminated" else None,
        restoration_until=restoration_until if status == "terminated" else None,
    )
