"""`ipcenter portfolio`: the docketing rules on the command line (fees, late fees, terms) and,
through ``portfolio_deadlines``, the stored deadlines of the registry."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

import typer

from ipcenter.cli import portfolio_deadlines
from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, gettext
from ipcenter.portfolio import (
    RightKind,
    annual_fee_schedule,
    late_payment,
    patent_term,
    trademark_term,
)

group = typer.Typer(
    help="Portfolio docketing: terms, annual fees and deadlines.", no_args_is_help=True
)

F = TypeVar("F", bound=Callable[..., Any])

# Engine field names → the option a user typed, so an error names what to fix.
_OPTIONS = {
    "filing_date": "--filed",
    "grant_date": "--granted",
    "registration_date": "--registered",
    "reduction_rate": "--reduction",
    "from_year": "--from-year",
    "year": "--year",
    "right_kind": "--type",
    "examination_request_date": "--exam-requested",
    "notice_date": "--notice",
}
_FEE_JURISDICTIONS = ("CN",)

JurisdictionOption = Annotated[
    str, typer.Option("--jurisdiction", help="Office: CN, US, EP, WO (PCT or Madrid).")
]
TypeOption = Annotated[
    str, typer.Option("--type", help="invention, utility_model, design or trademark.")
]
ReductionOption = Annotated[
    str | None,
    typer.Option(
        "--reduction", help="CN fee reduction: 0.85 (one eligible owner) or 0.70 (joint)."
    ),
]


def names_options(command: F) -> F:
    """Re-raise engine validation errors under the option name the user typed."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationError as error:
            field = error.params.get("field")
            if field in _OPTIONS:
                params = {**error.params, "field": _OPTIONS[field]}
                raise ValidationError(error.template, **params) from None
            raise

    return wrapper  # type: ignore[return-value]


def register(app: typer.Typer) -> None:
    """Add the ``portfolio`` group: rule commands here, stored deadlines from B's module."""
    group.command("fees")(fees)
    group.command("late-fee")(late_fee)
    group.command("term")(term)
    portfolio_deadlines.add_commands(group)
    app.add_typer(group, name="portfolio")


def _date(value: str | None, option: str, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(field=option, reason=N_("is required"))
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            field=option, reason=N_("not a date (YYYY-MM-DD)"), value=value
        ) from None


def _required_date(value: str | None, option: str) -> dt.date:
    day = _date(value, option)
    if day is None:  # _date raises for a missing required value
        raise ValidationError(field=option, reason=N_("is required"))
    return day


def _kind(value: str) -> RightKind:
    try:
        return RightKind(value)
    except ValueError:
        raise ValidationError(
            field="--type",
            reason=N_("must be one of {allowed}"),
            value=value,
            allowed=", ".join(kind.value for kind in RightKind),
        ) from None


def _reduction(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValidationError(field="--reduction", reason=N_("not a number"), value=value) from None


def _fee_jurisdiction(value: str) -> str:
    jurisdiction = value.upper()
    if jurisdiction not in _FEE_JURISDICTIONS:
        raise ValidationError(
            field="--jurisdiction",
            reason=N_("annual fees are computed for {allowed} only"),
            value=value,
            allowed=", ".join(_FEE_JURISDICTIONS),
        )
    return jurisdiction


@reports_errors
@names_options
def fees(
    jurisdiction: JurisdictionOption = "CN",
    right_type: TypeOption = "invention",
    filed: Annotated[str | None, typer.Option("--filed", help="Filing date YYYY-MM-DD.")] = None,
    granted: Annotated[str | None, typer.Option("--granted", help="Grant date YYYY-MM-DD.")] = None,
    reduction: ReductionOption = None,
    open_licence: Annotated[
        bool, typer.Option("--open-licence", help="Open licence in force (CN: -15 %).")
    ] = False,
    from_year: Annotated[
        int | None, typer.Option("--from-year", help="First patent year to list.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Annual fees per patent year (CN): due date, full and payable fee.

    The grant-year fee is paid with the registration formalities (no due date); years before
    the grant year carry no annual fee and are not listed.
    """
    _fee_jurisdiction(jurisdiction)
    schedule = annual_fee_schedule(
        _kind(right_type),
        filing_date=_required_date(filed, "--filed"),
        grant_date=_required_date(granted, "--granted"),
        reduction_rate=_reduction(reduction),
        open_licence=open_licence,
        from_year=from_year,
    )
    lines = [
        gettext("Patent year {year}: grant year").format(year=schedule.grant_year),
    ]
    for entry in schedule.entries:
        due = entry.due_date.isoformat() if entry.due_date else gettext("with registration")
        lines.append(
            f"{entry.year:>2}  {due:<17} {entry.currency} {entry.full_fee:>6} → {entry.payable_fee}"
        )
    emit(schedule, as_json=as_json, human="\n".join(lines))


@reports_errors
@names_options
def late_fee(
    jurisdiction: JurisdictionOption = "CN",
    right_type: TypeOption = "invention",
    year: Annotated[int, typer.Option("--year", help="Patent year of the fee.")] = 0,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date (the filing anniversary).")
    ] = None,
    paid: Annotated[str | None, typer.Option("--paid", help="Payment date YYYY-MM-DD.")] = None,
    reduction: ReductionOption = None,
    notice: Annotated[
        str | None,
        typer.Option(
            "--notice",
            help="Date the termination notice was received (decides whether restoration is "
            "still possible).",
        ),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Surcharge for an annual fee paid late (CN): on_time, late (5-25 %) or terminated."""
    _fee_jurisdiction(jurisdiction)
    if year < 1:
        raise ValidationError(field="--year", reason=N_("must be a patent year (1 or more)"))
    due_day = _required_date(due, "--due")
    paid_day = _required_date(paid, "--paid")
    result = late_payment(
        _kind(right_type),
        year=year,
        due_date=due_day,
        paid_date=paid_day,
        reduction_rate=_reduction(reduction),
        notice_date=_date(notice, "--notice", required=False),
    )
    human = gettext("{status}: surcharge {surcharge}, total {total} {currency}").format(
        status=result.status,
        surcharge=result.surcharge,
        total=result.total,
        currency=result.currency,
    )
    if result.restoration_possible is False:
        human += "\n" + gettext(
            "Restoration is no longer possible: the request was due by {day}."
        ).format(day=result.restoration_until)
    elif result.status == "terminated" and result.restoration_possible is None:
        human += "\n" + gettext(
            "The total includes restoration, assuming the request is made within 2 months of "
            "the termination notice (give --notice to check)."
        )
    emit(result, as_json=as_json, human=human)


@reports_errors
@names_options
def term(
    jurisdiction: JurisdictionOption = "CN",
    right_type: TypeOption = "invention",
    filed: Annotated[str | None, typer.Option("--filed", help="Filing date YYYY-MM-DD.")] = None,
    granted: Annotated[
        str | None, typer.Option("--granted", help="Grant date (US designs; compensation).")
    ] = None,
    exam_requested: Annotated[
        str | None,
        typer.Option("--exam-requested", help="Date of the examination request (CN)."),
    ] = None,
    registered: Annotated[
        str | None, typer.Option("--registered", help="Trademark registration date.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Term of protection: expiry date and last day in force (never moved for holidays)."""
    kind = _kind(right_type)
    office = jurisdiction.upper()
    if kind is RightKind.TRADEMARK:
        info = trademark_term(office, registration_date=_required_date(registered, "--registered"))
    else:
        filing = _required_date(filed, "--filed")
        grant = _date(granted, "--granted", required=False)
        exam = _date(exam_requested, "--exam-requested", required=False)
        for option, day in (("--granted", grant), ("--exam-requested", exam)):
            if day is not None and day < filing:
                raise ValidationError(
                    field=option,
                    reason=N_("must not be before the filing date"),
                    value=day.isoformat(),
                )
        found = patent_term(
            office,
            kind,
            filing_date=filing,
            grant_date=grant,
            examination_request_date=exam,
        )
        if found is None:
            raise ValidationError(
                field="--jurisdiction",
                reason=N_("no term rule for this jurisdiction and type"),
                value=f"{office} {kind.value}",
            )
        info = found
    human = gettext("Last day in force {last}; expires {expiry}").format(
        last=info.last_day_in_force.isoformat(), expiry=info.expiry_date.isoformat()
    )
    emit(info, as_json=as_json, human=human)
