"""Fixtures of the pipeline tests: a fresh store with a centre, and a test reader registered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ipcenter.accounts import create_organisation
from ipcenter.core.db import session_factory, transaction
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import RecordProvenance, formats
from ipcenter.rights import Patent, get_patent, patent_public
from tests.ingest.helpers import TEST_READER


@pytest.fixture
def centre(engine: Engine) -> int:
    with transaction(engine) as session:
        return create_organisation(
            session, key="centre", name="内蒙古乳业知识产权运营中心", kind="centre", actor="t"
        ).id


@pytest.fixture
def test_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Registers the JSON-lines test reader for auto-detection (CLI and web use READERS)."""
    monkeypatch.setattr(formats, "READERS", (TEST_READER, *formats.READERS))
    yield


def store_state(engine: Engine) -> dict[str, Any]:
    """Everything an import decides, without ids, times and run numbers: the records as shown
    and which file and line inserted or changed each of them."""
    with session_factory(engine)() as session:
        return _state(session)


def _state(session: Session) -> dict[str, Any]:
    records = {}
    for patent_id in session.scalars(select(Patent.id)):
        shown = patent_public(
            get_patent(session, patent_id, scope=OrgScope.everything()), lang="zh_CN"
        ).model_dump(mode="json", exclude={"id", "status_as_of"})
        key = shown["application_number"] or shown["publication_number"]
        provenance = sorted(
            (p.file, p.line or 0, p.outcome, p.fingerprint or "")
            for p in session.scalars(
                select(RecordProvenance).where(RecordProvenance.patent_id == patent_id)
            )
        )
        records[key] = {"record": shown, "provenance": provenance}
    return records
