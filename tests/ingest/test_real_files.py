"""Real exports through the whole pipeline: a second import of the same files changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from ipcenter.ingest import ingest_paths
from tests.ingest.conftest import store_state

PATENTS = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "patents"
FILES = [
    PATENTS / "lens_pizza_1000.csv",
    PATENTS / "uspto" / "xml2014__US08926509.xml",
    PATENTS / "uspto" / "xml2006__US07272630B2.xml",
    PATENTS / "uspto" / "pap__US20010000044A1.xml",
    PATENTS / "uspto" / "greenbook__US03937375.greenbook",
]


def test_reimporting_real_files_leaves_every_record_unchanged(engine: Engine, centre: int) -> None:
    first = ingest_paths(engine, [str(f) for f in FILES], org_id=centre)
    assert first.status == "finished"
    assert [f.format for f in first.files] == [
        "lens",
        "uspto-xml",
        "uspto-xml",
        "uspto-xml",
        "uspto-aps",
    ]
    assert first.inserted > 900
    before = store_state(engine)
    second = ingest_paths(engine, [str(f) for f in FILES], org_id=centre)
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == first.read - first.quarantined
    assert second.quarantined == first.quarantined
    assert store_state(engine) == before
