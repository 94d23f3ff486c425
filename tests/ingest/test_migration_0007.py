"""Migration 0007 on a store written before grant dates and status labels were derived at import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from ipcenter.accounts import create_organisation
from ipcenter.core.db import make_engine, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.rights import LegalEvent, Patent, PatentIn, add_patent


def _record(number: str, date: dt.date | None, extra: dict[str, object]) -> PatentIn:
    return PatentIn.model_validate(
        {
            "jurisdiction": number[:2],
            "type": "invention",
            "filing_date": dt.date(2012, 3, 1) if date else None,
            "publications": [{"number": number, "date": date}],
            "extra": extra,
        }
    )


def test_upgrade_derives_grant_dates_and_reported_events(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0006")
    engine = make_engine(url)
    with transaction(engine) as session:
        org = create_organisation(session, key="c", name="中心", kind="centre", actor="t").id
        # A US B2 (its date is the issue date) with Lens' "ACTIVE"; a CN record the source
        # flags as granted, its grant publication undated, "Expired - Fee Related"; a pending
        # application with Google's "Pending" (changes nothing).
        b2 = add_patent(
            session,
            _record("US8930553B2", dt.date(2015, 1, 13), {"legal_status": "ACTIVE"}),
            org_id=org,
        ).id
        cn = add_patent(
            session,
            _record("CN1197949C", None, {"granted": True, "legal_status": "Expired - Fee Related"}),
            org_id=org,
        ).id
        add_patent(
            session,
            _record("US20130101709A1", dt.date(2013, 4, 25), {"legal_status": "Pending"}),
            org_id=org,
        )
    with engine.begin() as connection:  # as a store written by 0006's importers left them
        connection.exec_driver_sql("UPDATE patents SET grant_date = NULL")
        connection.exec_driver_sql("DELETE FROM legal_events")
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    today = dt.date.today()
    with transaction(engine) as session:
        grants = {pid: day for pid, day in session.execute(select(Patent.id, Patent.grant_date))}
        assert grants[b2] == dt.date(2015, 1, 13) and grants[cn] is None
        found = session.execute(
            select(LegalEvent.patent_id, LegalEvent.event_date, LegalEvent.code, LegalEvent.text)
        ).all()
        assert sorted(found) == sorted(
            [
                (b2, today, "REPORTED-IN-FORCE", "ACTIVE"),
                (cn, today, "REPORTED-LAPSED", "Expired - Fee Related"),
            ]
        )
    engine.dispose()
