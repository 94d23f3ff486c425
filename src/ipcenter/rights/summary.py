"""Counts for the registry dashboard, as SQL group-bys (no Python loops over records)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from ipcenter.core.scoping import OrgScope, scoped
from ipcenter.rights.models import GeographicalIndication, Patent, Trademark
from ipcenter.rights.queries import refresh_status


class RegistrySummary(BaseModel):
    patents: int
    trademarks: int
    geographical_indications: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    filings_by_year: dict[int, dict[str, int]]  # year → patent type → count


def registry_summary(session: Session, *, scope: OrgScope) -> RegistrySummary:
    refresh_status(session, today=dt.date.today())

    def count(model: type[Patent] | type[Trademark] | type[GeographicalIndication]) -> int:
        return session.scalar(scoped(select(func.count()).select_from(model), model, scope)) or 0

    def grouped(column: Any) -> dict[str, int]:
        statement = scoped(select(column, func.count()).group_by(column), Patent, scope)
        return {str(key): value for key, value in session.execute(statement)}

    year = extract("year", Patent.filing_date)
    per_year = scoped(
        select(year, Patent.patent_type, func.count())
        .where(Patent.filing_date.is_not(None))
        .group_by(year, Patent.patent_type)
        .order_by(year),
        Patent,
        scope,
    )
    filings: dict[int, dict[str, int]] = {}
    for filed, patent_type, number in session.execute(per_year):
        filings.setdefault(int(filed), {})[patent_type] = number
    return RegistrySummary(
        patents=count(Patent),
        trademarks=count(Trademark),
        geographical_indications=count(GeographicalIndication),
        by_type=grouped(Patent.patent_type),
        by_status=grouped(Patent.status_cache),
        filings_by_year=filings,
    )
