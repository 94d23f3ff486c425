"""The pipeline on a small JSON-lines format: upsert rules, provenance, quarantine, events."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ipcenter.core.db import session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import (
    QuarantinedRecord,
    ingest_paths,
    list_quarantine,
    provenance_of,
)
from ipcenter.rights import Patent, compute_cn_check_digit, find_patent, patent_public
from tests.ingest.conftest import store_state
from tests.ingest.helpers import TEST_READERS, cn_record, write_lines


def run(engine: Engine, org: int, *paths: Path, batch_size: int = 3):  # type: ignore[no-untyped-def]
    return ingest_paths(
        engine, [str(p) for p in paths], org_id=org, readers=TEST_READERS, batch_size=batch_size
    )


def wrong_check_digit(digits: str) -> str:
    return str((int(compute_cn_check_digit(digits).replace("X", "10")) + 1) % 10)


def show(engine: Engine, number: str) -> dict:  # type: ignore[type-arg]
    with session_factory(engine)() as session:
        patent = find_patent(session, number, scope=OrgScope.everything())
        return patent_public(patent, lang="zh_CN").model_dump(mode="json")


def test_reingesting_the_same_file_changes_nothing(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "a.tjsonl", [cn_record(i) for i in range(1, 8)])
    first = run(engine, centre, path)
    assert (first.read, first.inserted, first.unchanged) == (7, 7, 0)
    before = store_state(engine)
    second = run(engine, centre, path)
    assert (second.read, second.inserted, second.updated, second.unchanged) == (7, 0, 0, 7)
    assert store_state(engine) == before


def test_records_of_one_application_in_one_file_merge_in_any_order(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    # An application publication and its grant, as a Lens export lists them: two rows.
    application = cn_record(5)
    grant = cn_record(
        5,
        publications=[{"number": "CN117000005B", "date": "2025-03-01"}],
        grant_date="2025-03-01",
        titles={"zh": "授权时的标题"},
    )
    forwards = write_lines(tmp_path / "f.tjsonl", [application, grant])
    summary = run(engine, centre, forwards)
    assert (summary.inserted, summary.updated) == (1, 1)
    record = show(engine, "CN117000005B")
    assert record["title"] == "授权时的标题"  # the later document wins
    assert [p["number"] for p in record["publications"]] == ["CN117000005A", "CN117000005B"]
    again = run(engine, centre, write_lines(tmp_path / "b.tjsonl", [grant, application]))
    assert (again.unchanged, again.updated, again.inserted) == (2, 0, 0)
    assert show(engine, "CN117000005A")["title"] == "授权时的标题"


def test_a_newer_file_updates_keeps_what_it_lacks_and_provenance(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    old = cn_record(3, abstracts={"zh": "摘要"}, cpc=["A23C9/1223"])
    run(engine, centre, write_lines(tmp_path / "old.tjsonl", [old]))
    newer = cn_record(
        3,
        titles={"en": "Fermented milk"},
        publications=[{"number": "CN117000003B", "date": "2025-01-10"}],
        grant_date="2025-01-10",
        legal_events=[{"date": "2025-01-10", "code": "GR01", "text": "授权"}],
    )
    newer.pop("ipc")
    summary = run(engine, centre, write_lines(tmp_path / "new.tjsonl", [newer]))
    assert summary.updated == 1
    record = show(engine, "CN 117000003 B")
    assert record["titles"] == {"zh": "示例 3", "en": "Fermented milk"}
    assert record["abstract"] == "摘要"  # the newer file has none: kept, not wiped
    assert record["ipc"] == ["A23C 9/12"] and record["cpc"] == ["A23C 9/1223"]
    assert record["grant_date"] == "2025-01-10" and record["status"] == "in_force"
    assert {p["number"] for p in record["publications"]} == {"CN117000003A", "CN117000003B"}
    with session_factory(engine)() as session:
        patent_id = record["id"]
        history = provenance_of(session, patent_id, scope=OrgScope.everything())
    assert [(Path(h.file).name, h.line, h.outcome) for h in history] == [
        ("old.tjsonl", 1, "inserted"),
        ("new.tjsonl", 1, "updated"),
    ]


def test_bad_records_go_to_quarantine_and_the_rest_loads(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    digits = "202310000042"
    lines = [
        cn_record(1),
        cn_record(2, grant_date="2020-01-01"),  # granted before it was filed
        cn_record(42, application_number=f"{digits}.{wrong_check_digit(digits)}"),
        cn_record(4, application_number=None, publications=[]),  # no number at all
        "{not json",
        cn_record(6),
    ]
    path = write_lines(tmp_path / "mixed.tjsonl", lines)
    summary = run(engine, centre, path, batch_size=2)
    assert (summary.read, summary.inserted, summary.quarantined) == (6, 2, 4)
    with session_factory(engine)() as session:
        rows = list_quarantine(session, scope=OrgScope.everything()).data
        assert session.scalar(select(func.count()).select_from(Patent)) == 2
    by_line = {row.line: row for row in reversed(rows)}
    assert sorted(by_line) == [2, 3, 4, 5]
    assert by_line[2].field == "grant_date"
    assert by_line[2].params["reason"] == "is before the filing date"
    assert by_line[2].message == "grant_date 的值无效：早于申请日"  # in the default language
    assert by_line[3].field == "application_number"
    assert by_line[3].params["reason"] == "check digit mismatch"
    assert by_line[3].params["expected"] == compute_cn_check_digit(digits)
    assert by_line[4].field == "application_number"
    assert by_line[5].raw == "{not json" and by_line[5].reason == "not JSON"
    assert '"202310000042.' in by_line[3].raw  # the record as read, for a person to fix


def test_quarantine_reasons_are_translated(engine: Engine, centre: int, tmp_path: Path) -> None:
    from ipcenter.core.i18n import current_language

    run(engine, centre, write_lines(tmp_path / "d.tjsonl", [cn_record(2, grant_date="2020-01-01")]))
    token = current_language.set("en")
    try:
        with session_factory(engine)() as session:
            (row,) = list_quarantine(session, scope=OrgScope.everything()).data
    finally:
        current_language.reset(token)
    assert row.message == "Invalid value for grant_date: is before the filing date"


def test_legal_events_attach_once_and_unknown_numbers_are_quarantined(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    record = cn_record(7)
    number = record["application_number"]
    lapse = {"date": "2026-03-01", "code": "CF01", "text": "未缴年费专利权终止"}
    grant = {"date": "2025-02-01", "code": "GR01", "text": "授权"}
    lines = [
        record,
        {"events_for": number, "jurisdiction": "CN", "events": [grant, lapse]},
        {"events_for": "CN117000007A", "jurisdiction": "CN", "events": [lapse]},  # same event
        {"events_for": "202310999999", "jurisdiction": "CN", "events": [lapse]},
    ]
    summary = run(engine, centre, write_lines(tmp_path / "events.tjsonl", lines), batch_size=2)
    assert (summary.inserted, summary.updated, summary.unchanged, summary.quarantined) == (
        1,
        1,
        1,
        1,
    )
    shown = show(engine, number)
    assert [(e["date"], e["code"]) for e in shown["legal_events"]] == [
        ("2025-02-01", "GR01"),
        ("2026-03-01", "CF01"),
    ]
    assert shown["status"] == "lapsed"
    with session_factory(engine)() as session:
        cached = session.scalar(select(Patent.status_cache).where(Patent.id == shown["id"]))
        (row,) = list_quarantine(session, scope=OrgScope.everything()).data
    assert cached == "lapsed"
    assert row.params == {"number": "202310999999"} and row.field == "number"


def test_events_without_text_merge_with_events_that_have_one(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    # The demo's events carry no source and some no text; a CNIPA list gives both. Sorting the
    # union once compared None with a string and refused the whole batch.
    record = cn_record(8, legal_events=[{"date": "2025-02-01", "code": "GR01"}])
    number = record["application_number"]
    events = [
        {"date": "2025-02-01", "code": "GR01", "text": "授权", "source": "CNIPA"},
        {"date": "2024-01-05", "code": "SE01"},
    ]
    lines = [record, {"events_for": number, "jurisdiction": "CN", "events": events}]
    summary = run(engine, centre, write_lines(tmp_path / "events.tjsonl", lines))
    assert (summary.inserted, summary.updated, summary.quarantined) == (1, 1, 0)
    shown = show(engine, number)
    assert [(e["date"], e["code"], e["text"]) for e in shown["legal_events"]] == [
        ("2024-01-05", "SE01", None),
        ("2025-02-01", "GR01", "授权"),  # the demo's GR01 without text is the same event
    ]


def test_unknown_format_names_the_file_and_the_rest_continues(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    strange = tmp_path / "notes.txt"
    strange.write_text("nothing a reader knows", encoding="utf-8")
    good = write_lines(tmp_path / "good.tjsonl", [cn_record(1)])
    summary = run(engine, centre, strange, tmp_path / "missing.tjsonl", good)
    assert summary.status == "failed" and summary.inserted == 1
    failed = {Path(f.path).name: f for f in summary.files if f.status == "failed"}
    assert set(failed) == {"notes.txt", "missing.tjsonl"}
    assert str(strange) in (failed["notes.txt"].message or "")
    assert "--format" in (failed["notes.txt"].message or "")
    assert "missing.tjsonl" in (failed["missing.tjsonl"].message or "")


def test_folders_and_zip_archives_expand_and_companions_are_skipped(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    (folder / "2024").mkdir(parents=True)
    write_lines(folder / "2024" / "one.tjsonl", [cn_record(1)])
    write_lines(folder / "x.companion.tjsonl", [cn_record(9)])
    (folder / ".hidden.tjsonl").write_text("{broken", encoding="utf-8")
    with zipfile.ZipFile(folder / "weekly.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "inner/two.tjsonl", "\n".join(str(cn_record(i)).replace("'", '"') for i in (2, 3))
        )
    summary = run(engine, centre, folder)
    files = {(Path(f.path).name, f.member): f for f in summary.files}
    assert files[("one.tjsonl", None)].inserted == 1
    assert files[("weekly.zip", "inner/two.tjsonl")].inserted == 2
    assert files[("x.companion.tjsonl", None)].status == "skipped"
    assert len(files) == 3 and summary.inserted == 3


def test_a_broken_zip_is_reported(engine: Engine, centre: int, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    summary = run(engine, centre, broken)
    (only,) = summary.files
    assert only.status == "failed" and "broken.zip" in (only.message or "")


def test_quarantine_rows_belong_to_the_importing_organisation(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    from ipcenter.accounts import create_organisation
    from ipcenter.core.db import transaction
    from ipcenter.ingest import list_runs

    with transaction(engine) as session:
        company = create_organisation(
            session, key="yili", name="伊利", kind="company", parent_key="centre", actor="t"
        ).id
    run(engine, company, write_lines(tmp_path / "c.tjsonl", ["oops", cn_record(1)]))
    run(engine, centre, write_lines(tmp_path / "d.tjsonl", ["oops too"]))
    with session_factory(engine)() as session:
        own = list_quarantine(session, scope=OrgScope.only(company)).data
        assert [row.raw for row in own] == ["oops"]
        assert [r.org_id for r in list_runs(session, scope=OrgScope.only(company)).data] == [
            company
        ]
        assert session.scalar(select(func.count()).select_from(QuarantinedRecord)) == 2
        # The same application may be held by two organisations: each has its own record.
    run(engine, centre, write_lines(tmp_path / "e.tjsonl", [cn_record(1)]))
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Patent)) == 2


def test_a_publication_only_record_is_completed_by_one_with_the_application_number(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    # Google Patents CSV gives publication numbers only; a later Lens row gives the application.
    google = {
        "jurisdiction": "CN",
        "publications": [{"number": "CN117000008A", "date": "2024-04-05"}],
        "titles": {"zh": "示例 8"},
    }
    run(engine, centre, write_lines(tmp_path / "google.tjsonl", [google]))
    assert show(engine, "CN117000008A")["application_number"] is None
    summary = run(engine, centre, write_lines(tmp_path / "lens.tjsonl", [cn_record(8)]))
    assert (summary.inserted, summary.updated) == (0, 1)
    record = show(engine, "CN117000008A")
    assert record["application_number"] == cn_record(8)["application_number"]
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Patent)) == 1


def test_a_publication_claimed_by_two_applications_is_quarantined(
    engine: Engine, centre: int, tmp_path: Path
) -> None:
    first = cn_record(10)
    other = cn_record(11, publications=first["publications"])  # same publication, other app
    summary = run(engine, centre, write_lines(tmp_path / "clash.tjsonl", [first, other]))
    assert (summary.inserted, summary.quarantined) == (1, 1)
    with session_factory(engine)() as session:
        (row,) = list_quarantine(session, scope=OrgScope.everything()).data
    assert row.field == "publications.number" and row.params["number"] == "CN117000010A"
    assert row.params["other"] == first["application_number"]


def test_a_batch_the_database_refuses_is_stored_item_by_item(
    engine: Engine, centre: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    from ipcenter.ingest import upsert

    original = upsert.insert_patents

    def refusing(session, records, **kwargs):  # type: ignore[no-untyped-def]
        if any(r.titles.get("zh") == "boom" for r in records):
            raise IntegrityError("INSERT INTO patents", {}, Exception("constraint failed"))
        return original(session, records, **kwargs)

    monkeypatch.setattr(upsert, "insert_patents", refusing)
    lines = [cn_record(1), cn_record(2, titles={"zh": "boom"}), cn_record(3)]
    summary = run(engine, centre, write_lines(tmp_path / "refused.tjsonl", lines), batch_size=5)
    assert (summary.inserted, summary.quarantined) == (2, 1)
    with session_factory(engine)() as session:
        (row,) = list_quarantine(session, scope=OrgScope.everything()).data
    assert row.line == 2 and row.reason == "the database refused the record: {problem}"
    assert "boom" in row.raw
