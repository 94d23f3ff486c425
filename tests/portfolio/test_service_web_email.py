"""The deadline page's "send reminder e-mail" button, with SMTP configured (local aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select

from ipcenter.accounts import User
from ipcenter.core.db import make_engine, transaction
from ipcenter.demo import load_demo
from ipcenter.web import create_app
from tests.conftest import csrf_from, log_in, make_settings


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailing_app(database_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, Inbox]]:
    """The demo store where yili's account has an e-mail address, served with SMTP settings."""
    engine = make_engine(database_url)
    with transaction(engine) as session:
        load_demo(session)
        yili = session.scalars(select(User).where(User.username == "yili")).one()
        yili.email = "ip@yili.example"
    engine.dispose()
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = make_settings(database_url, tmp_path).model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
    )
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        yield log_in(client, "yili"), inbox
    controller.stop()
    app.state.engine.dispose()


def test_the_button_sends_an_e_mail_and_logs_it(mailing_app: tuple[TestClient, Inbox]) -> None:
    client, inbox = mailing_app
    rows = client.get("/api/v1/portfolio/deadlines").json()["data"]
    deadline = next(r for r in rows if r["state"] == "open" and not r["missed"])
    url = f"/portfolio/deadlines/{deadline['id']}"
    page = client.get(url)
    assert 'id="do-email"' in page.text
    sent = client.post(
        f"{url}/transition", data={"csrf_token": csrf_from(page.text), "action": "email"}
    )
    assert sent.status_code == 303
    (message,) = inbox.messages
    assert message["To"] == "ip@yili.example"
    assert message["Subject"].endswith("项知识产权期限需要处理")
    assert deadline["right_number"] in message.get_content()
    detail = client.get(f"/api/v1/portfolio/deadlines/{deadline['id']}").json()
    assert detail["state"] == "reminded"
    assert [(r["channel"], r["sent_to"]) for r in detail["reminders"]] == [
        ("email", "ip@yili.example")
    ]


def test_nobody_to_tell_is_an_error_that_says_so(mailing_app: tuple[TestClient, Inbox]) -> None:
    client, inbox = mailing_app
    admin = log_in(client, "admin")
    rows = admin.get("/api/v1/portfolio/deadlines").json()["data"]
    # Mengniu's accounts have no e-mail address in the demo set, nor have the centre's staff.
    deadline = next(
        r for r in rows if "蒙牛" in r["org_name"] and r["state"] == "open" and not r["missed"]
    )
    url = f"/portfolio/deadlines/{deadline['id']}"
    token = csrf_from(admin.get(url).text)
    refused = admin.post(f"{url}/transition", data={"csrf_token": token, "action": "email"})
    assert refused.status_code == 409 and "没有人登记电子邮件地址" in refused.text
    assert inbox.messages == []
