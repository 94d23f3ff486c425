"""`ipcenter portfolio deadlines | explain | remind | refresh`: the stored deadlines.

The operator's CLI sees every organisation (``OrgScope.everything()``); ``--org`` narrows to one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, current_language, gettext

OrgOption = Annotated[
    str | None, typer.Option("--org", help="Organisation key (default: every organisation).")
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Reference day YYYY-MM-DD (default: today).")
]


def _day(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field=field, value=value, reason=N_("not an ISO date")) from None


def add_commands(group: typer.Typer) -> None:
    """Add the stored-deadline commands to the ``portfolio`` group."""
    group.command("deadlines")(deadlines)
    group.command("explain")(explain)
    group.command("remind")(remind)
    group.command("refresh")(refresh)


def _org_id(org: str | None) -> int | None:
    if org is None:
        return None
    from ipcenter.accounts import organisation_by_key
    from ipcenter.core.db import transaction

    with transaction() as session:
        return organisation_by_key(session, org).id


@reports_errors
def deadlines(
    org: OrgOption = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last due date YYYY-MM-DD (default: 90 days).")
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List overdue and upcoming deadlines with right, kind, due date, amount and state."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.portfolio import bucket_label, list_deadlines

    day = _day(as_of, "as_of") or dt.date.today()
    org_id = _org_id(org)
    with transaction() as session:
        result = list_deadlines(
            session,
            scope=OrgScope.everything(),
            as_of=day,
            until=_day(until, "until"),
            org_id=org_id,
            lang=current_language.get(),
        )
    lines = []
    for row in result.data:
        amount = (
            f"{row.payable_fee.normalize():f} {row.currency}"
            if row.payable_fee is not None
            else "—"
        )
        lines.append(
            "\t".join(
                [
                    str(row.id),
                    row.due_date.isoformat(),
                    bucket_label(row.bucket),
                    row.kind_label,
                    row.right_number,
                    row.right_title or "",
                    amount,
                    row.state_label,
                ]
            )
        )
    if not lines:
        lines.append(gettext("No deadlines in this period."))
    if result.skipped:
        lines.append("")
        lines.append(
            gettext("{count} rights whose deadlines could not be computed:").format(
                count=len(result.skipped)
            )
        )
        lines.extend(f"{s.right_number}\t{s.reason}" for s in result.skipped)
    emit(result, as_json=as_json, human="\n".join(lines))


@reports_errors
def explain(
    deadline_id: Annotated[int, typer.Argument(help="Id of a stored deadline (see `deadlines`).")],
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Explain one deadline: the rule, the trigger date, the arithmetic and the sources."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.portfolio import get_deadline

    day = _day(as_of, "as_of") or dt.date.today()
    with transaction() as session:
        detail = get_deadline(
            session,
            deadline_id,
            scope=OrgScope.everything(),
            as_of=day,
            lang=current_language.get(),
        )
    why = detail.explanation
    lines = [
        f"{detail.kind_label} · {detail.right_number} {detail.right_title or ''}".rstrip(),
        f"{gettext('Due date')}: {detail.due_date.isoformat()}",
        f"{gettext('Rule')}: {why.get('rule_id', '')}",
        f"{gettext('Trigger')}: {why.get('trigger_event', '')} {why.get('trigger_date', '')}",
        f"{gettext('Arithmetic')}:",
        *(f"  {step}" for step in why.get("steps", [])),
        f"{gettext('Sources')}:",
        *(f"  {source}" for source in why.get("sources", [])),
    ]
    shift = why.get("shift")
    if isinstance(shift, dict) and shift.get("reason"):
        lines.append(f"{gettext('Holiday shift')}: {shift['reason']}")
    emit(detail, as_json=as_json, human="\n".join(lines))


@reports_errors
def remind(
    days: Annotated[
        int, typer.Option("--days", help="Remind of deadlines due within N days.")
    ] = 30,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Compose the e-mails and print them; send nothing.")
    ] = False,
    org: OrgOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """E-mail reminders of deadlines due soon (SMTP settings IPCENTER_SMTP_*)."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.core.settings import get_settings
    from ipcenter.portfolio import send_reminders

    day = _day(as_of, "as_of") or dt.date.today()
    org_id = _org_id(org)
    scope = OrgScope.only(org_id) if org_id is not None else OrgScope.everything()
    with transaction() as session:
        report = send_reminders(
            session,
            scope=scope,
            as_of=day,
            days=days,
            settings=get_settings(),
            dry_run=dry_run,
            actor="cli",
        )
    lines = [f"{m.to}\t{m.subject}" for m in report.messages]
    if dry_run:
        lines += ["", *(f"--- {m.to}\n{m.body}" for m in report.messages)]
    lines.append(
        gettext(
            "{sent} e-mails sent, {failed} failed, {without} deadlines with nobody to remind."
        ).format(sent=report.sent, failed=len(report.failed), without=len(report.without_recipient))
    )
    emit(report, as_json=as_json, human="\n".join(lines))
    if report.failed:
        raise typer.Exit(1)


@reports_errors
def refresh(
    force: Annotated[
        bool, typer.Option("--force", help="Regenerate every right, changed or not.")
    ] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Regenerate stored deadlines from the registry (after an import; reads do it too)."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.portfolio import refresh_deadlines

    day = _day(as_of, "as_of") or dt.date.today()
    with transaction() as session:
        summary = refresh_deadlines(session, scope=OrgScope.everything(), as_of=day, force=force)
    human = gettext(
        "{refreshed} of {checked} rights regenerated: {created} deadlines new, {retired} retired, "
        "{restored} restored."
    ).format(
        refreshed=summary.rights_refreshed,
        checked=summary.rights_checked,
        created=summary.created,
        retired=summary.retired,
        restored=summary.restored,
    )
    emit(summary, as_json=as_json, human=human)
