"""The real samples through the whole import: every record is stored or quarantined with a
reason, and importing the files again changes nothing."""

from __future__ import annotations

from sqlalchemy import Engine

from ipcenter.core.db import session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import ingest_paths, list_quarantine
from tests.ingest.tabular_helpers import FIXTURES, SAMPLES

FILES = [
    SAMPLES / "lens_pizza_1000.csv",
    SAMPLES / "espacenet_pizza_2009_2012.csv",
    SAMPLES / "cn_dairy_patents.jsonl",
    FIXTURES / "incopat_dairy.csv",
    FIXTURES / "cnipa_events.csv",
]


def test_samples_load_and_reload_unchanged(engine: Engine, centre: int) -> None:
    first = ingest_paths(engine, [str(p) for p in FILES], org_id=centre)
    counts = {f.path.rsplit("/", 1)[-1]: f for f in first.files}
    lens, espacenet, dairy = (
        counts["lens_pizza_1000.csv"],
        counts["espacenet_pizza_2009_2012.csv"],
        counts["cn_dairy_patents.jsonl"],
    )
    # 1 + lines 377, 722, 945: Lens lists later family applications as priorities.
    assert (lens.format, lens.read, lens.quarantined) == ("lens", 1000, 4)
    assert (espacenet.format, espacenet.read, espacenet.quarantined) == ("espacenet", 428, 0)
    assert (dairy.format, dairy.read, dairy.quarantined) == ("jsonl", 123, 0)
    incopat, events = counts["incopat_dairy.csv"], counts["cnipa_events.csv"]
    assert (incopat.format, incopat.read, incopat.quarantined) == ("incopat", 4, 1)
    # Lines 10 and 11 are bad (check digit, no date); the other 8 events attach.
    assert (events.format, events.read, events.quarantined) == ("cnipa-events", 10, 2)
    with session_factory(engine)() as session:
        quarantined = list_quarantine(session, scope=OrgScope.everything())
    lines = {(q.file.rsplit("/", 1)[-1], q.line): q.field for q in quarantined.data}
    # lens_pizza_1000.csv line 804: KR 200383759 Y1 filed 31/12/05 but published 09/05/05 —
    # the export's own dates disagree, so the store refuses the record.
    assert lines[("lens_pizza_1000.csv", 804)] == "publications.date"
    assert lines[("incopat_dairy.csv", 5)] == "申请号"

    again = ingest_paths(engine, [str(p) for p in FILES], org_id=centre)
    for file in again.files:
        if file.format in ("lens", "espacenet", "jsonl", "incopat"):
            assert (file.inserted, file.updated) == (0, 0), file.path
            assert file.unchanged == file.read - file.quarantined, file.path
