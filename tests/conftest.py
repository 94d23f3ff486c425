"""Shared fixtures: SQLite or PostgreSQL databases, the demo store, the app, logged-in clients.

``IPCENTER_TEST_DATABASE_URL`` (a PostgreSQL URL, set by ``make test-postgres``) switches every
database fixture to PostgreSQL; the suite creates that database and drops it at the end. Fresh
databases are cloned from one migrated template, so each test that writes gets its own store.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ipcenter.core.db import make_engine, session_factory, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.core.settings import Settings
from ipcenter.demo import load_demo
from ipcenter.web import create_app

PG_URL = os.environ.get("IPCENTER_TEST_DATABASE_URL", "")
DB_FIXTURES = {
    "database_url",
    "engine",
    "session",
    "demo_database_url",
    "app",
    "client",
    "login",
    "live_server",
}
DEMO_PASSWORD = "ipcenter-demo"
_counter = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_report_header() -> str:
    return f"ipcenter database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite'}"


def _admin_conninfo() -> str:
    url = make_url(PG_URL)
    host, port, user = url.host or "127.0.0.1", url.port or 5432, url.username or "postgres"
    return f"host={host} port={port} user={user} dbname=postgres"


def _pg_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _pg_execute(*statements: str) -> None:
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def template_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database that fresh test databases are copied from."""
    if PG_URL:
        name = make_url(PG_URL).database or "ipcenter_test"
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        upgrade(PG_URL)
        yield PG_URL
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield f"sqlite:///{path}"


def _clone(template: str, tmp_path: Path, label: str) -> tuple[str, str | None]:
    if PG_URL:
        base = make_url(template).database
        name = f"{base}_{label}_{os.getpid()}_{next(_counter)}"
        _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
        return _pg_url(name), name
    source = Path(make_url(template).database or "")
    target = tmp_path / f"{label}.db"
    shutil.copy(source, target)
    return f"sqlite:///{target}", None


@pytest.fixture
def database_url(template_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database for one test."""
    url, pg_name = _clone(template_url, tmp_path, "t")
    yield url
    if pg_name:
        _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session


@pytest.fixture(scope="session")
def demo_database_url(template_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the demo set loaded, shared by tests that only read."""
    url, pg_name = _clone(template_url, tmp_path_factory.mktemp("demo"), "demo")
    engine = make_engine(url)
    with transaction(engine) as session:
        load_demo(session)
    engine.dispose()
    yield url
    if pg_name:
        _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def make_settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=url, data_dir=data_dir, secret_key="t" * 48, max_upload_bytes=64 * 1024
    )


@pytest.fixture(scope="session")
def app(demo_database_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    application = create_app(make_settings(demo_database_url, tmp_path_factory.mktemp("data")))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def log_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/",
        },
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def login(app):  # type: ignore[no-untyped-def]
    """``login("yili")`` → a TestClient logged in as that demo user."""
    clients: list[TestClient] = []

    def factory(username: str) -> TestClient:
        test_client = TestClient(app, follow_redirects=False)
        test_client.__enter__()
        clients.append(test_client)
        return log_in(test_client, username)

    yield factory
    for test_client in clients:
        test_client.__exit__(None, None, None)
