"""The USPTO samples through the whole pipeline: every record lands, the scheme file is reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ipcenter.core.db import session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import ingest_paths, list_quarantine
from ipcenter.rights import find_patent, patent_public

PATENTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "patents"

pytestmark = pytest.mark.db


def show(engine: Engine, number: str) -> dict:  # type: ignore[type-arg]
    with session_factory(engine)() as session:
        patent = find_patent(session, number, scope=OrgScope.everything())
        return patent_public(patent, lang="en").model_dump(mode="json")


def test_every_uspto_sample_lands_and_only_the_scheme_file_is_quarantined(
    engine: Engine, centre: int
) -> None:
    samples = sorted(p for p in (PATENTS / "uspto").iterdir() if p.name != "COMMIT.txt")
    summary = ingest_paths(engine, [str(p) for p in samples], org_id=centre)
    by_file = {Path(f.path).name: f for f in summary.files}
    # 11 XML documents, 3 Green Book, 6 BRS, 1 CPC master record, 1 scheme notice.
    assert summary.status == "finished"
    assert (summary.read, summary.inserted, summary.quarantined) == (22, 21, 1)
    assert by_file["cpcScheme__cpc-scheme-A01L.xml"].quarantined == 1
    assert by_file["css_brs__css_brs_sample.txt"].inserted == 6
    with session_factory(engine)() as session:
        reasons = [q.reason for q in list_quarantine(session, scope=OrgScope.everything()).data]
    assert any("CPC classification scheme" in r for r in reasons)
    shown = show(engine, "US 8,926,509 B2")
    assert shown["publication_number"] == "US8926509B2"
    assert shown["application_number"] == "12134151"
    assert shown["ipc"][0] == "A61B 5/00"


def test_reingesting_the_uspto_samples_changes_nothing(engine: Engine, centre: int) -> None:
    samples = [str(p) for p in (PATENTS / "uspto").iterdir() if p.name != "COMMIT.txt"]
    ingest_paths(engine, samples, org_id=centre)
    again = ingest_paths(engine, samples, org_id=centre)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 21)


def test_prosecution_records_merge_with_the_specification_of_the_same_application(
    engine: Engine, centre: int
) -> None:
    summary = ingest_paths(engine, [str(PATENTS / "uspto_prosecution")], org_id=centre)
    # 99 + 321 + 5 lines; 25 applications are in both PEDS files and all 5 specifications
    # belong to applications PEDS lists: 395 distinct applications.
    assert (summary.read, summary.quarantined) == (425, 0)
    assert summary.inserted == 395
    shown = show(engine, "US10721816")
    assert shown["application_number"] == "16100001"
    assert shown["filing_date"] == "2018-08-09"
    # The specification's claims 1-6 and the seven PEDS events, on one record.
    assert len(shown["claims"]) == 6
    assert shown["claims"][0].startswith("1 . An electronic device comprising:")
    assert sorted(e["code"] for e in shown["legal_events"]) == sorted(
        ["MCNOA", "CNOA", "ABN9", "MCTFR", "CTFR", "MCTNF", "CTNF"]
    )


def test_a_zipped_weekly_file_with_a_truncated_grant_lands_all_but_that_one(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    grant = (PATENTS / "uspto" / "xml2014__US08927118.xml").read_bytes()
    older = (PATENTS / "uspto" / "xml2004__US06859910.xml").read_bytes()
    cut = (PATENTS / "uspto" / "xml2006__US07272630B2.xml").read_bytes()[:20_000]
    application = (PATENTS / "uspto" / "xmlApp2004__US20050004437A1.xml").read_bytes()
    week = tmp_path / "ipg150106.zip"
    with zipfile.ZipFile(week, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ipg150106.xml", grant + older + cut + b"\n" + application)
    summary = ingest_paths(engine, [str(week)], org_id=centre)
    assert (summary.read, summary.inserted, summary.quarantined) == (4, 3, 1)
    with session_factory(engine)() as session:
        (held,) = list_quarantine(session, scope=OrgScope.everything()).data
    assert held.member == "ipg150106.xml"
    assert held.line == 1 + grant.count(b"\n") + older.count(b"\n")
    assert held.raw.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert held.reason == "the XML document is not well-formed: {error}"
    shown = show(engine, "US20050004437A1")
    assert shown["application_number"] == "10830857"
    assert show(engine, "US 8,927,118 B2")["priority_claims"][0]["country"] == "JP"
