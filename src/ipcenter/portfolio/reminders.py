"""E-mail reminders of deadlines that need attention, sent through the configured SMTP server.

Who is reminded: the active users with an e-mail address of the organisation holding the right,
and the centre staff (admin, analyst) of the centre serving it — each in their own language, one
message per person listing all their deadlines. What: deadlines still open or reminded, due within
``days`` or overdue but still payable. A deadline reminded by e-mail in the last
``REMIND_AGAIN_AFTER_DAYS`` days is left out, so a daily run does not repeat itself.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections import defaultdict
from email.message import EmailMessage

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts import Organisation, Permission, User, has_permission
from ipcenter.core.errors import ConfigurationError, IpcenterError, ValidationError
from ipcenter.core.i18n import N_, gettext
from ipcenter.core.scoping import OrgScope, scoped
from ipcenter.core.settings import Settings
from ipcenter.portfolio.labels import action_label, state_label
from ipcenter.portfolio.models import Reminder, StoredDeadline
from ipcenter.portfolio.schemas import DeadlinePublic
from ipcenter.portfolio.service import DeadlineNotFound, RightsIndex, deadline_fields
from ipcenter.portfolio.sync import last_day, refresh_deadlines
from ipcenter.portfolio.workflow import (
    INFORMATIONAL_KINDS,
    InvalidTransition,
    NoWorkflow,
    allowed_actions,
    mark_reminded,
)

REMIND_AGAIN_AFTER_DAYS = 7
CENTRE_STAFF_ROLES = ("admin", "analyst")


class ReminderMessage(BaseModel):
    to: str
    username: str
    language: str
    subject: str
    body: str
    deadline_ids: list[int]


class ReminderFailure(BaseModel):
    to: str
    error: str


class ReminderReport(BaseModel):
    as_of: dt.date
    days: int
    dry_run: bool
    sent: int
    messages: list[ReminderMessage]
    # Deadlines due whose organisation has nobody with an e-mail address to tell.
    without_recipient: list[int]
    failed: list[ReminderFailure]


def _due(
    session: Session, scope: OrgScope, as_of: dt.date, days: int, only: int | None
) -> list[StoredDeadline]:
    until = as_of + dt.timedelta(days=days)
    statement = scoped(select(StoredDeadline), StoredDeadline, scope).where(
        StoredDeadline.retired_at.is_(None),
        StoredDeadline.state.in_(("open", "reminded")),
        StoredDeadline.kind.not_in(sorted(INFORMATIONAL_KINDS)),
        StoredDeadline.due_date <= until,
    )
    if only is not None:
        # Someone asked for this reminder now: send it even if one went out this week.
        found = session.scalars(statement.where(StoredDeadline.id == only)).all()
        return [d for d in found if last_day(d) >= as_of]
    candidates = session.scalars(
        statement.order_by(StoredDeadline.due_date, StoredDeadline.id)
    ).all()
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(days=REMIND_AGAIN_AFTER_DAYS)
    reminded = set(
        session.scalars(
            select(Reminder.deadline_id).where(
                Reminder.channel == "email",
                Reminder.sent_at >= recent,
                Reminder.deadline_id.in_([d.id for d in candidates]),
            )
        )
    )
    return [d for d in candidates if last_day(d) >= as_of and d.id not in reminded]


def recipients_for(session: Session, org_id: int) -> list[User]:
    """The people to remind of an organisation's deadlines (see the module docstring)."""
    org = session.get(Organisation, org_id)
    if org is None:
        return []
    users = list(
        session.scalars(
            select(User).where(User.org_id == org_id, User.is_active.is_(True)).order_by(User.id)
        )
    )
    if org.parent_id is not None:
        users += session.scalars(
            select(User)
            .where(
                User.org_id == org.parent_id,
                User.is_active.is_(True),
                User.role.in_(CENTRE_STAFF_ROLES),
            )
            .order_by(User.id)
        )
    return [
        user
        for user in users
        if user.email and has_permission(user.role, Permission.PORTFOLIO_READ)
    ]


def _line(item: DeadlinePublic, language: str) -> str:
    amount = (
        f"{item.payable_fee.normalize():f} {item.currency or ''}".strip()
        if item.payable_fee is not None
        else "—"
    )
    parts = [item.due_date.isoformat(), item.kind_label, item.right_number]
    if item.right_title:
        parts.append(item.right_title)
    parts += [amount, item.state_label]
    line = "  ".join(parts)
    if item.bucket == "overdue" and item.grace_end:
        line += "  " + gettext("(overdue: payable with surcharge until {day})", language).format(
            day=item.grace_end.isoformat()
        )
    return "- " + line


def _compose(
    user: User, org_name: str, items: list[DeadlinePublic], until: dt.date
) -> ReminderMessage:
    language = user.language
    subject = gettext("ipcenter: {count} IP deadlines need attention by {until}", language).format(
        count=len(items), until=until.isoformat()
    )
    body = "\n".join(
        [
            gettext("Hello {name},", language).format(name=user.display_name),
            "",
            gettext("These deadlines of {org} need attention:", language).format(org=org_name),
            "",
            *(_line(item, language) for item in items),
            "",
            gettext(
                "Open the deadline dashboard of ipcenter to give instructions and record payments.",
                language,
            ),
        ]
    )
    return ReminderMessage(
        to=str(user.email),
        username=user.username,
        language=language,
        subject=subject,
        body=body + "\n",
        deadline_ids=[item.id for item in items],
    )


def send_reminders(
    session: Session,
    *,
    scope: OrgScope,
    as_of: dt.date,
    days: int,
    settings: Settings,
    dry_run: bool = False,
    actor: str,
    only: int | None = None,
) -> ReminderReport:
    """Remind everyone concerned of deadlines due within ``days`` (``dry_run``: compose only;
    ``only``: just that deadline, see :func:`email_reminder`)."""
    if not 0 <= days <= 366:
        raise ValidationError(field="days", value=days, reason=N_("must be between 0 and 366"))
    if not dry_run and not settings.smtp_host:
        raise ConfigurationError(reason=N_("IPCENTER_SMTP_HOST is not set; no e-mail can be sent"))
    refresh_deadlines(session, scope=scope, as_of=as_of)
    by_org: dict[int, list[StoredDeadline]] = defaultdict(list)
    for deadline in _due(session, scope, as_of, days, only):
        by_org[deadline.org_id].append(deadline)
    until = as_of + dt.timedelta(days=days)
    messages: list[ReminderMessage] = []
    without: list[int] = []
    for org_id, deadlines in sorted(by_org.items()):
        people = recipients_for(session, org_id)
        if not people:
            without += [d.id for d in deadlines]
            continue
        for user in people:
            rights = RightsIndex(session, deadlines, user.language)
            items = [DeadlinePublic(**deadline_fields(d, rights, as_of)) for d in deadlines]
            messages.append(_compose(user, rights.org_name(org_id), items, until))
    failed: list[ReminderFailure] = []
    sent = 0
    if not dry_run and messages:
        delivered = _deliver(settings, messages, failed)
        stored = {d.id: d for group in by_org.values() for d in group}
        for message in delivered:
            for deadline_id in message.deadline_ids:
                deadline = stored[deadline_id]
                session.add(
                    Reminder(
                        deadline_id=deadline_id,
                        org_id=deadline.org_id,
                        sent_to=message.to,
                        channel="email",
                        language=message.language,
                        subject=message.subject,
                        actor=actor,
                    )
                )
                mark_reminded(session, deadline, actor=actor)
        sent = len(delivered)
        session.flush()
    return ReminderReport(
        as_of=as_of,
        days=days,
        dry_run=dry_run,
        sent=sent,
        messages=messages,
        without_recipient=without,
        failed=failed,
    )


def _deliver(
    settings: Settings, messages: list[ReminderMessage], failed: list[ReminderFailure]
) -> list[ReminderMessage]:
    """Send over one SMTP session; a refused recipient is reported, the others still go out."""
    delivered: list[ReminderMessage] = []
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for message in messages:
                try:
                    smtp.send_message(_email(settings, message))
                except smtplib.SMTPRecipientsRefused as error:
                    failed.append(ReminderFailure(to=message.to, error=str(error.recipients)))
                else:
                    delivered.append(message)
    except (OSError, smtplib.SMTPException) as error:
        # Connection, TLS or login trouble: what went out before it is still recorded.
        remaining = messages[len(delivered) + len(failed) :]
        failed += [ReminderFailure(to=m.to, error=str(error)) for m in remaining]
    return delivered


def _email(settings: Settings, message: ReminderMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


class NobodyToRemind(IpcenterError):
    key = "portfolio.nobody_to_remind"
    status = 409
    message = N_(
        "Deadline {deadline_id}: nobody of {org} has an e-mail address, so no reminder was sent."
    )


class ReminderNotSent(IpcenterError):
    key = "portfolio.reminder_not_sent"
    status = 502
    message = N_("The reminder e-mail could not be sent: {reason}")


def email_reminder(
    session: Session,
    deadline_id: int,
    *,
    scope: OrgScope,
    as_of: dt.date,
    settings: Settings,
    actor: str,
) -> ReminderReport:
    """E-mail the people concerned about one deadline now (the deadline page's button)."""
    deadline = session.get(StoredDeadline, deadline_id)
    if deadline is None or not scope.allows(deadline.org_id):
        raise DeadlineNotFound(deadline_id=deadline_id)
    if last_day(deadline) < as_of:
        raise NoWorkflow(
            deadline_id=deadline.id,
            reason=N_("its last day has passed; a reminder would come too late"),
        )
    if "remind" not in allowed_actions(deadline):
        raise InvalidTransition(
            deadline_id=deadline.id,
            action=action_label("remind"),
            state=state_label(deadline.state),
        )
    report = send_reminders(
        session,
        scope=OrgScope.only(deadline.org_id),
        as_of=as_of,
        days=max(0, min(366, (deadline.due_date - as_of).days)),
        settings=settings,
        actor=actor,
        only=deadline.id,
    )
    if report.failed:
        raise ReminderNotSent(reason="; ".join(f"{f.to}: {f.error}" for f in report.failed))
    if not report.messages:
        org = session.get(Organisation, deadline.org_id)
        raise NobodyToRemind(deadline_id=deadline.id, org=org.name if org else "")
    return report
