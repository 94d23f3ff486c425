"""Fixtures of the search product tests: a store with two organisations and a lexical index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from ipcenter import search
from ipcenter.accounts import create_organisation
from ipcenter.core.db import transaction
from ipcenter.rights import (
    PartyIn,
    PatentIn,
    PriorityIn,
    PublicationIn,
    add_patent,
    compute_cn_check_digit,
)

PATENTS = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "patents"


@pytest.fixture
def orgs(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        centre = create_organisation(
            session, key="centre", name="运营中心", kind="centre", actor="t"
        )
        other = create_organisation(
            session, key="other", name="别的公司", kind="company", parent_key="centre", actor="t"
        )
        return {"centre": centre.id, "other": other.id}


@pytest.fixture
def index(tmp_path: Path) -> search.SearchIndex:
    """A lexical-only index (no embedding model: fast)."""
    search.forget_indexes()
    return search.open_index(tmp_path / "index", embedder=None)


def patent(
    number: str,
    *,
    title: str,
    abstract: str = "",
    claims: list[str] | None = None,
    lang: str = "en",
    jurisdiction: str | None = None,
    filing: dt.date = dt.date(2015, 3, 2),
    grant: dt.date | None = None,
    family: str | None = None,
    priority: tuple[str, str, dt.date] | None = None,
    applicant: str = "Inner Mongolia Dairy Co",
    ipc: tuple[str, ...] = ("A23C 9/12",),
    events: list[dict[str, Any]] | None = None,
) -> PatentIn:
    return PatentIn.model_validate(
        {
            "jurisdiction": jurisdiction or number[:2],
            "type": "invention",
            "application_number": _application(number),
            "filing_date": filing,
            "grant_date": grant,
            "publications": [PublicationIn(number=number, date=filing + dt.timedelta(days=540))],
            "priorities": [PriorityIn(country=priority[0], number=priority[1], date=priority[2])]
            if priority
            else [],
            "titles": {lang: title},
            "abstracts": {lang: abstract} if abstract else {},
            "claims": {lang: claims} if claims else {},
            "parties": [PartyIn(role="applicant", name=applicant)],
            "ipc": list(ipc),
            "family_id": family,
            "legal_events": events or [],
        }
    )


def _application(publication: str) -> str:
    digits = "".join(c for c in publication if c.isdigit())[-7:].rjust(7, "0")
    if publication.startswith("CN"):
        body = f"20151{digits}"  # 2015, type 1 (invention), serial
        return f"{body}.{compute_cn_check_digit(body)}"
    return f"15{digits[-6:]}"


def add(engine: Engine, org_id: int, *records: PatentIn) -> list[int]:
    with transaction(engine) as session:
        return [add_patent(session, record, org_id=org_id).id for record in records]


def reindex(engine: Engine, index: search.SearchIndex, **options: Any) -> search.ReindexSummary:
    with transaction(engine) as session:
        return search.reindex(session, index, **options)
