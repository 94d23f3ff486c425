"""E-mail reminders, received by a local SMTP server (aiosmtpd) started on a free loopback port."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.core.errors import ConfigurationError, NotFound
from ipcenter.core.scoping import OrgScope
from ipcenter.core.settings import Settings
from ipcenter.portfolio import (
    InvalidTransition,
    NoWorkflow,
    TransitionIn,
    email_reminder,
    get_deadline,
    list_deadlines,
    send_reminders,
    transition_deadline,
)
from ipcenter.portfolio.models import Reminder
from tests.portfolio.deadline_registry import add_users, build_registry, on

# The invention's year-8 fee is due 2027-03-12; 30 days before is 2027-02-10.
AS_OF = on("2027-02-20")


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> EmailMessage:
        return next(m for m in self.messages if m["To"] == address)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def settings_for(port: int, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="docketing@centre.example",
        smtp_starttls=False,
    )


def test_reminders_reach_each_person_in_their_language(
    session: Session, smtp: tuple[Mailbox, int], tmp_path: Path
) -> None:
    box, port = smtp
    reg = build_registry(session)
    add_users(session)
    report = send_reminders(
        session,
        scope=OrgScope.only(reg.yili),
        as_of=AS_OF,
        days=30,
        settings=settings_for(port, tmp_path),
        actor="cli",
    )
    assert report.sent == 2 and not report.failed
    assert sorted(to for _, (to,) in box.envelopes) == [
        "analyst@centre.example",
        "ip@yili.example",
    ]
    assert {sender for sender, _ in box.envelopes} == {"docketing@centre.example"}
    chinese = box.to("ip@yili.example")
    assert chinese["Subject"] == "ipcenter：2027-03-22 前有 1 项知识产权期限需要处理"
    body = chinese.get_content()
    assert "伊利知识产权部，您好：" in body
    assert "2027-03-12  年费  202010123456.2  一种发酵乳的制备方法  2000 CNY  待处理" in body
    english = box.to("analyst@centre.example")
    assert english["Subject"] == "ipcenter: 1 IP deadlines need attention by 2027-03-22"
    text = english.get_content()
    assert "Hello Centre analyst," in text
    assert "2027-03-12  Annual fee  202010123456.2  A method of making fermented milk" in text
    # Logged per person and deadline; the deadline is now "reminded".
    logged = session.scalars(select(Reminder).order_by(Reminder.id)).all()
    assert [(r.sent_to, r.channel, r.language) for r in logged] == [
        ("ip@yili.example", "email", "zh_CN"),
        ("analyst@centre.example", "email", "en"),
    ]
    detail = get_deadline(session, logged[0].deadline_id, scope=OrgScope.everything(), as_of=AS_OF)
    assert detail.state == "reminded" and detail.key == "CN-annual_fee-year-8"
    # A second run within a week sends nothing more.
    again = send_reminders(
        session,
        scope=OrgScope.only(reg.yili),
        as_of=AS_OF,
        days=30,
        settings=settings_for(port, tmp_path),
        actor="cli",
    )
    assert again.sent == 0 and again.messages == [] and len(box.messages) == 2


def test_dry_run_composes_without_sending(
    session: Session, smtp: tuple[Mailbox, int], tmp_path: Path
) -> None:
    box, port = smtp
    reg = build_registry(session)
    add_users(session)
    report = send_reminders(
        session,
        scope=OrgScope.only(reg.yili),
        as_of=AS_OF,
        days=30,
        settings=settings_for(port, tmp_path),
        dry_run=True,
        actor="cli",
    )
    assert report.sent == 0 and len(report.messages) == 2 and box.messages == []
    assert session.scalars(select(Reminder)).all() == []


def test_deadlines_with_nobody_to_tell_are_reported(session: Session, tmp_path: Path) -> None:
    reg = build_registry(session)  # no users with e-mail addresses
    report = send_reminders(
        session,
        scope=OrgScope.only(reg.yili),
        as_of=AS_OF,
        days=30,
        settings=Settings(data_dir=tmp_path),
        dry_run=True,
        actor="cli",
    )
    assert report.messages == [] and len(report.without_recipient) == 1


def test_sending_needs_an_smtp_host(session: Session, tmp_path: Path) -> None:
    build_registry(session)
    with pytest.raises(ConfigurationError) as caught:
        send_reminders(
            session,
            scope=OrgScope.everything(),
            as_of=AS_OF,
            days=30,
            settings=Settings(data_dir=tmp_path),
            actor="cli",
        )
    assert "IPCENTER_SMTP_HOST" in caught.value.render()


def test_an_unreachable_server_is_reported_not_raised(session: Session, tmp_path: Path) -> None:
    reg = build_registry(session)
    add_users(session)
    report = send_reminders(
        session,
        scope=OrgScope.only(reg.yili),
        as_of=AS_OF,
        days=30,
        settings=settings_for(_free_port(), tmp_path),
        actor="cli",
    )
    assert report.sent == 0 and len(report.failed) == 2
    assert session.scalars(select(Reminder)).all() == []


def test_single_reminder_refuses_what_cannot_be_reminded(
    session: Session, smtp: tuple[Mailbox, int], tmp_path: Path
) -> None:
    box, port = smtp
    reg = build_registry(session)
    add_users(session)
    fee = next(
        row
        for row in list_deadlines(
            session, scope=OrgScope.only(reg.yili), as_of=AS_OF, until=on("2027-06-30")
        ).data
        if row.key == "CN-annual_fee-year-8"
    )
    settings = settings_for(port, tmp_path)
    late = on("2027-09-14")  # the day after the end of grace (2027-09-13)
    with pytest.raises(NoWorkflow):
        email_reminder(
            session, fee.id, scope=OrgScope.everything(), as_of=late, settings=settings, actor="t"
        )
    with pytest.raises(NotFound):
        email_reminder(
            session,
            fee.id,
            scope=OrgScope.only(reg.mengniu),
            as_of=AS_OF,
            settings=settings,
            actor="t",
        )
    report = email_reminder(
        session, fee.id, scope=OrgScope.everything(), as_of=AS_OF, settings=settings, actor="t"
    )
    assert report.sent == 2 and len(box.messages) == 2
    transition_deadline(
        session,
        fee.id,
        TransitionIn(action="instruct_pay"),
        scope=OrgScope.everything(),
        actor="t",
        as_of=AS_OF,
    )
    with pytest.raises(InvalidTransition):
        email_reminder(
            session, fee.id, scope=OrgScope.everything(), as_of=AS_OF, settings=settings, actor="t"
        )
