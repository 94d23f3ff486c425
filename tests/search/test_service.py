"""The search product over a real store: documents from the registry, incremental reindex after
ingest, FTO against status changes, family grouping, scoping, add-documents, saved-search alerts.

Lexical-only index (no embedding model) throughout, so these run in seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ipcenter import search
from ipcenter.core.db import session_factory, transaction
from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import ingest_paths
from ipcenter.rights import Patent, get_patent
from tests.search.conftest import PATENTS, add, patent, reindex

EVERYONE = OrgScope.everything()


def run(engine: Engine, index: search.SearchIndex, scope: OrgScope = EVERYONE, **params: object):  # type: ignore[no-untyped-def]
    with session_factory(engine)() as session:
        return search.search(session, index, search.make_request(params), scope=scope)


def test_registry_patent_becomes_a_document(engine: Engine, orgs: dict[str, int]) -> None:
    (pid,) = add(
        engine,
        orgs["centre"],
        patent(
            "CN103667355A",
            title="一种益生菌发酵乳及其制备方法",
            abstract="本发明公开了一种益生菌发酵乳。",
            claims=[
                "1. 一种益生菌发酵乳，其特征在于……",
                "2. 根据权利要求1所述的发酵乳，其特征在于……",
            ],
            lang="zh",
            priority=("CN", "201310555555.1", dt.date(2013, 11, 8)),
            applicant="内蒙古伊利实业集团股份有限公司",
        ),
    )
    with session_factory(engine)() as session:
        doc = search.patent_document(get_patent(session, pid, scope=EVERYONE))
    assert doc.id == f"patent:{pid}" and doc.kind == "patent" and doc.org_id == orgs["centre"]
    assert doc.title == "一种益生菌发酵乳及其制备方法" and doc.lang == "zh"
    # Claim 2 refers to claim 1 ("根据权利要求1"): dependent; claim 1 is independent.
    assert doc.independent_claims.startswith("1. 一种益生菌发酵乳")
    assert doc.other_claims.startswith("2. 根据权利要求1")
    assert doc.family_id == "pri:CN201310555555.1".replace(".", "")
    assert doc.priority_date == dt.date(2013, 11, 8)
    assert doc.classifications == ("A23C9/12",)
    assert doc.applicants == ("内蒙古伊利实业集团股份有限公司",)
    assert doc.jurisdiction == "CN" and doc.right_type == "invention"
    assert doc.publication_number == "CN103667355A"


def test_incremental_reindex_after_real_ingest(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex, tmp_path: Path
) -> None:
    first = PATENTS / "uspto" / "xml2014__US08926509.xml"
    second = PATENTS / "uspto" / "xml2006__US07272630B2.xml"
    ingest_paths(engine, [str(first)], org_id=orgs["centre"])
    summary = reindex(engine, index)
    assert (summary.added, summary.changed, summary.deleted) == (1, 0, 0)
    again = reindex(engine, index)
    assert (again.added, again.changed, again.deleted) == (0, 0, 0)  # idempotent

    ingest_paths(engine, [str(second)], org_id=orgs["centre"])
    with session_factory(engine)() as session:
        assert search.needs_catch_up(session)
    added = reindex(engine, index)
    assert (added.added, added.changed) == (1, 0)
    with session_factory(engine)() as session:
        assert not search.needs_catch_up(session)

    # The same grant with a changed title: ingest updates the record, reindex re-writes it only.
    changed_file = tmp_path / "US08926509-changed.xml"
    text = first.read_text(encoding="utf-8")
    start = text.index("<invention-title")
    end = text.index("</invention-title>", start)
    opening_end = text.index(">", start) + 1
    changed_file.write_text(
        text[:opening_end] + "Zebra-striped frobnicator" + text[end:], encoding="utf-8"
    )
    ingest_paths(engine, [str(changed_file)], org_id=orgs["centre"])
    changed = reindex(engine, index)
    assert (changed.added, changed.changed) == (0, 1)
    hits = run(engine, index, q="zebra frobnicator", mode="lexical").results
    assert hits and hits[0].hit.document.publication_number.startswith("US8926509")

    # A deleted record leaves the index.
    with transaction(engine) as session:
        for row in session.scalars(select(Patent)):
            if row.publications[0].number.startswith("US7272630"):
                session.delete(row)
    gone = reindex(engine, index)
    assert gone.deleted == 1
    assert index.status().documents == 1


def test_fto_follows_lapse_and_restoration(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    # CN invention filed 2015-03-02, granted 2017-06-01; CF01 (fee lapse) 2020-05-01, RF01
    # (restoration) 2020-09-01 — effects from data/rights/legal_event_codes.csv.
    events = [
        {"date": dt.date(2017, 6, 1), "code": "GR01"},
        {"date": dt.date(2020, 5, 1), "code": "CF01"},
        {"date": dt.date(2020, 9, 1), "code": "RF01"},
    ]
    (pid, _pending) = add(
        engine,
        orgs["centre"],
        patent(
            "CN104000001A",
            title="yoghurt fermentation vessel",
            grant=dt.date(2017, 6, 1),
            events=events,
        ),
        patent("CN104000002A", title="yoghurt fermentation starter"),  # never granted
    )
    reindex(engine, index)
    with session_factory(engine)() as session:

        def allowed(day: dt.date) -> frozenset[str]:
            return search.in_force_ids(session, day=day, territory="CN", scope=EVERYONE)

        assert allowed(dt.date(2019, 1, 1)) == {f"patent:{pid}"}
        assert allowed(dt.date(2020, 6, 1)) == frozenset()  # lapsed
        assert allowed(dt.date(2021, 1, 1)) == {f"patent:{pid}"}  # restored
        assert (
            search.in_force_ids(session, day=dt.date(2019, 1, 1), territory="US", scope=EVERYONE)
            == frozenset()
        )
        # 20 years from filing (Patent Law art. 42): in force on 2035-03-01, expired 2035-03-02.
        assert allowed(dt.date(2035, 3, 1)) == {f"patent:{pid}"}
        assert allowed(dt.date(2035, 3, 2)) == frozenset()
    during = run(engine, index, q="yoghurt", in_force_at="2020-06-01", territory="CN").results
    assert during == []
    after = run(engine, index, q="yoghurt", in_force_at="2021-01-01", territory="CN").results
    assert [r.hit.id for r in after] == [f"patent:{pid}"]
    assert after[0].status == "in_force" and after[0].expiry == dt.date(2035, 3, 1)
    both = run(engine, index, q="yoghurt").results
    assert len(both) == 2


def test_family_members_are_one_result(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    ids = add(
        engine,
        orgs["centre"],
        patent("US9000001B2", title="camel milk powder drying", family="F-1"),
        patent("EP2000001A1", title="camel milk powder drying process", family="F-1"),
        # No family id from the source: grouped by the shared earliest priority.
        patent(
            "CN105000001A",
            title="camel milk powder spray tower",
            priority=("US", "61/550,506", dt.date(2011, 10, 24)),
        ),
        patent(
            "US9000002B2",
            title="camel milk powder spray tower nozzle",
            priority=("US", "61/550,506", dt.date(2011, 10, 24)),
        ),
        patent("US9000003B2", title="goat cheese press"),
    )
    reindex(engine, index)
    results = run(engine, index, q="camel milk powder", mode="lexical").results
    families = sorted(sorted(r.hit.members) for r in results)
    assert families == sorted(
        [
            sorted([f"patent:{ids[0]}", f"patent:{ids[1]}"]),
            sorted([f"patent:{ids[2]}", f"patent:{ids[3]}"]),
        ]
    )
    assert all(len(r.members) == 2 for r in results)


def test_another_organisations_records_never_appear(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    (own,) = add(engine, orgs["centre"], patent("CN106000001A", title="mare milk kumis"))
    (theirs,) = add(engine, orgs["other"], patent("CN106000002A", title="mare milk kumis bottle"))
    reindex(engine, index)
    centre_only = OrgScope.only(orgs["centre"])
    assert [r.hit.id for r in run(engine, index, centre_only, q="kumis").results] == [
        f"patent:{own}"
    ]
    # Not as feedback, not as an FTO candidate, not as a query by number either.
    steered = run(engine, index, centre_only, q="kumis", relevant=[f"patent:{theirs}"]).results
    assert f"patent:{theirs}" not in {r.hit.id for r in steered}
    with session_factory(engine)() as session:
        allowed = search.in_force_ids(
            session, day=dt.date(2030, 1, 1), territory=None, scope=centre_only
        )
        assert f"patent:{theirs}" not in allowed
        with pytest.raises(NotFound):
            search.search(
                session, index, search.make_request({"q": "CN106000002A"}), scope=centre_only
            )
    assert len(run(engine, index, q="kumis").results) == 2


def test_query_by_patent_number_excludes_its_own_family(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    ids = add(
        engine,
        orgs["centre"],
        patent(
            "US8930553B2",
            title="lactase treated milk",
            abstract="Milk treated with lactase enzyme to reduce lactose.",
            filing=dt.date(2014, 1, 1),
            family="F-9",
        ),
        patent(
            "EP3000009A1", title="lactase treated milk", family="F-9", filing=dt.date(2014, 2, 1)
        ),
        patent(
            "US7000001B2",
            title="lactose reduced milk with lactase enzyme",
            abstract="Lactase enzyme reduces lactose in milk.",
            filing=dt.date(2005, 1, 1),
        ),
    )
    reindex(engine, index)
    for spelling in ("US8930553B2", "US 8,930,553 B2", "us8930553"):
        results = run(engine, index, q=spelling, mode="lexical")
        assert results.query_kind == "patent" and results.query_document == f"patent:{ids[0]}"
        found = {r.hit.id for r in results.results}
        assert f"patent:{ids[2]}" in found
        assert not found & {f"patent:{ids[0]}", f"patent:{ids[1]}"}


def test_query_by_cn_application_number_with_zl_prefix(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    ids = add(
        engine,
        orgs["centre"],
        patent("CN108000001A", title="camel milk yoghurt starter culture"),
        # Filed 2012, published 2013: prior art to the 2015 filing (the cut-off a number
        # query applies by default is its own priority date).
        patent(
            "CN108000002A",
            title="camel milk yoghurt with starter culture and honey",
            filing=dt.date(2012, 1, 5),
        ),
    )
    reindex(engine, index)
    with session_factory(engine)() as session:
        number = get_patent(session, ids[0], scope=EVERYONE).application_number
    assert number is not None
    for spelling in (f"ZL{number}", f"ZL {number}", number):
        results = run(engine, index, q=spelling, mode="lexical")
        assert results.query_document == f"patent:{ids[0]}", spelling
        assert [r.hit.id for r in results.results] == [f"patent:{ids[1]}"]
    assert not search.looks_like_number("camel milk 2019")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PATENTSCOPE lists Mexican applications under their application number (IMPI's
        # series/filing letter/year/serial), with its office prefix "mx".
        ("mxMX/a/2007/009111", True),
        ("MX/a/2007/009111", True),
        ("PA/a/2005/008192", True),
        ("MX/a/2007/0091110", False),  # a seven-digit serial is no Mexican number
        ("US 8,926,509", True),
        ("fermented milk 2019", False),
    ],
)
def test_number_queries(text: str, expected: bool) -> None:
    assert search.looks_like_number(text) is expected


def test_add_documents_keeps_good_lines_and_names_bad_ones(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    lines = "\n".join(
        [
            json.dumps(
                {
                    "id": "npl-1",
                    "title": "Kumis fermentation kinetics",
                    "text": "Mare milk.",
                    "date": "2019-04-01",
                    "lang": "en",
                }
            ),
            "{not json",
            json.dumps({"id": "npl-2", "text": "no title"}),
            json.dumps({"id": "npl-3", "title": "Dated badly", "date": "01/04/2019"}),
            json.dumps({"id": "npl-4", "title": "Wrong language", "lang": "fr"}),
            json.dumps(
                {"id": "npl-5", "title": "马奶酒发酵工艺研究", "text": "马奶酒", "lang": "zh"}
            ),
        ]
    )
    with transaction(engine) as session:
        summary = search.store_added(
            session, search.read_added_lines(io.StringIO(lines)), org_id=orgs["centre"]
        )
    assert (summary.read, summary.inserted) == (6, 2)
    assert [(e.line, e.field) for e in summary.rejected] == [
        (2, "line"),
        (3, "title"),
        (4, "date"),
        (5, "lang"),
    ]
    assert summary.to_dict()["rejected"][1]["message"].startswith("line 3: Invalid value for title")
    reindex(engine, index)
    results = run(engine, index, q="kumis fermentation", kind=["npl"]).results
    assert [r.hit.kind for r in results] == ["npl"]
    assert results[0].hit.document.publication_date == dt.date(2019, 4, 1)
    # Re-running the same file changes nothing.
    with transaction(engine) as session:
        again = search.store_added(
            session, search.read_added_lines(io.StringIO(lines)), org_id=orgs["centre"]
        )
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert reindex(engine, index).added == 0


def test_saved_search_alerts_on_a_new_match(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    add(engine, orgs["centre"], patent("CN107000001A", title="probiotic yak yoghurt"))
    reindex(engine, index)
    with transaction(engine) as session:
        saved = search.save_search(
            session,
            search.make_request({"q": "yak yoghurt"}),
            name="yak",
            org_id=orgs["centre"],
            owner_id=None,
            scope=OrgScope.only(orgs["centre"]),
            index=index,
        )
        saved_id = saved.id
    assert reindex(engine, index).alerts == 0  # nothing new
    (new,) = add(engine, orgs["centre"], patent("CN107000002A", title="yak yoghurt starter"))
    add(engine, orgs["other"], patent("CN107000003A", title="yak yoghurt cup"))  # not visible
    summary = reindex(engine, index)
    assert summary.alerts == 1
    with session_factory(engine)() as session:
        alerts = search.list_alerts(session, scope=OrgScope.only(orgs["centre"]))
        assert [(a.saved_search_id, a.doc_ids) for a in alerts] == [(saved_id, [f"patent:{new}"])]


def test_bad_parameters_name_the_field() -> None:
    cases = {
        "before": {"q": "milk", "before": "2020-13-01"},
        "ipc": {"q": "milk", "ipc": ["milk"]},
        "k": {"q": "milk", "k": "0"},
        "kind": {"q": "milk", "kind": ["book"]},
        "q": {"q": " "},
        "in_force_at": {"q": "milk", "territory": "CN"},
        "territory": {"q": "milk", "in_force_at": "2020-01-01", "territory": "China"},
    }
    for field, params in cases.items():
        with pytest.raises(ValidationError) as failure:
            search.make_request(params)
        assert failure.value.params["field"] == field


def test_a_search_catches_up_with_an_import_and_a_lost_index_is_rebuilt(
    engine: Engine, orgs: dict[str, int], tmp_path: Path
) -> None:
    factory = session_factory(engine)
    search.forget_indexes()
    index = search.open_index(tmp_path / "one", embedder=None)
    add(engine, orgs["centre"], patent("US9300001B2", title="reindeer milk cheese"))
    caught = search.catch_up(factory, index)
    assert caught is not None and caught.added == 1
    assert search.catch_up(factory, index) is None  # checked a moment ago
    # A backlog larger than the inline limit is indexed in the background.
    search.forget_indexes()
    index = search.open_index(tmp_path / "one", embedder=None)
    add(engine, orgs["centre"], patent("US9300002B2", title="reindeer milk butter"))
    assert search.catch_up(factory, index, inline_limit=0) is None
    search.wait_for_jobs()
    assert index.status().documents == 2
    # Another directory (the old one lost): the record says 1 document, the files hold 0, so
    # every document is written again although no digest changed.
    other = search.open_index(tmp_path / "two", embedder=None)
    rebuilt = search.catch_up(factory, other)
    assert rebuilt is not None and rebuilt.full and other.status().documents == 2
    assert [r.hit.document.publication_number for r in run(engine, other, q="cheese").results] == [
        "US9300001B2"
    ]


def test_one_application_held_by_two_organisations_is_one_family(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    """QA-Q2: a demo copy and an ingested copy of CN110959676A (same application number, no
    family id, no priority) are one row listing both for a centre-wide caller; each
    organisation alone still sees its own copy."""
    record = patent("CN110959676A", title="bifidobacterium lactis fermented milk product")
    (first,) = add(engine, orgs["centre"], record)
    (second,) = add(engine, orgs["other"], record)
    reindex(engine, index)
    results = run(engine, index, q="fermented milk", mode="lexical").results
    assert len(results) == 1
    assert sorted(results[0].hit.members) == sorted([f"patent:{first}", f"patent:{second}"])
    assert len(results[0].members) == 2
    only_other = run(engine, index, OrgScope.only(orgs["other"]), q="fermented milk").results
    assert [r.hit.id for r in only_other] == [f"patent:{second}"]


def test_a_priority_document_joins_the_family_claiming_it(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    """QA-Q4: EP0558476 claims priority CA 2099604; the CA record of that application
    (CA2099604, application number 2099604) is the same family, one row."""
    claiming = patent(
        "EP0558476A1",
        title="bag for carrying box-shaped objects",
        priority=("CA", "2099604", dt.date(1990, 11, 27)),
    )
    own = patent("CA2099604A1", title="bag for carrying box-shaped objects").model_copy(
        update={"application_number": "2099604"}
    )
    ids = add(engine, orgs["centre"], claiming, own)
    reindex(engine, index)
    results = run(engine, index, q="bag carrying box", mode="lexical").results
    assert len(results) == 1
    assert sorted(results[0].hit.members) == sorted(f"patent:{i}" for i in ids)
    assert results[0].hit.family_id == "pri:CA2099604"


def test_a_number_query_searches_by_the_records_words_not_its_numbers(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    """QA-Q3: the fresh milk wine abstract is full of ratios and units; as a number query it
    must find the other milk wine record, not the salts whose only shared tokens are 4, 5, 6."""
    wine, other_wine, salt = add(
        engine,
        orgs["centre"],
        patent(
            "US8926509B2",
            title="Fresh milk wine and its preparing process",
            abstract="Fresh milk, edible alcohol and sugar in the ratio of 35-70L:5-49L:6-20kg "
            "are stirred at 700-900 rpm and kept at 2-4 deg. 4 5 6 2 4 5 6 2.",
        ),
        # Both published before the wine's priority (the default prior-art cut-off).
        patent(
            "US8900002B2",
            title="Milk wine brewed from fresh milk with sugar",
            filing=dt.date(2010, 1, 4),
        ),
        patent(
            "US8900003B2",
            title="Maleate salts of 4,5,6,2-tetrahydro compounds",
            abstract="Salts 4 5 6 2 of 1,3-disubstituted 4-phenyl 3,4,5,6 compounds.",
            filing=dt.date(2010, 1, 4),
        ),
    )
    reindex(engine, index)
    for spelling in ("US8926509B2", "US 8,926,509", "us8926509b2"):
        results = run(engine, index, q=spelling, mode="lexical")
        assert results.query_kind == "patent" and results.query_document == f"patent:{wine}"
        assert [r.hit.id for r in results.results] == [f"patent:{other_wine}"], spelling
    assert salt


def test_a_number_naming_no_stored_record_is_reported(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    add(engine, orgs["centre"], patent("CN1382786A", title="fresh milk wine 2 4 5"))
    reindex(engine, index)
    for number in ("CN1197949C", "ZL 2018 1116 1152.4"):
        with pytest.raises(NotFound) as caught:
            run(engine, index, q=number)
        assert "1197949" in str(caught.value.params) or "2018" in str(caught.value.params)


def test_a_number_two_organisations_hold_is_a_query_for_a_centre_wide_caller(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    """QA-Q9: both organisations hold CN110959676A; the centre's staff search from it."""
    record = patent("CN110959676A", title="fermented milk with bifidobacterium lactis")
    (first,) = add(engine, orgs["centre"], record)
    (second,) = add(engine, orgs["other"], record)
    (near,) = add(
        engine,
        orgs["other"],
        patent("CN110000001A", title="fermented milk drink", filing=dt.date(2010, 1, 4)),
    )
    reindex(engine, index)
    results = run(engine, index, q="CN110959676A", mode="lexical")
    assert results.query_kind == "patent"
    assert results.query_document in {f"patent:{first}", f"patent:{second}"}
    assert [r.hit.id for r in results.results] == [f"patent:{near}"]


def test_a_reindex_after_an_interrupted_one_resumes(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    """QA-Q7: the first run wrote the index files, then its transaction was rolled back
    (Ctrl-C): the next run recognises the written documents by digest instead of re-adding
    them, and still adds what the first run never saw."""
    add(engine, orgs["centre"], *[patent(f"US93{n:05d}B2", title=f"whey {n}") for n in range(3)])
    with pytest.raises(KeyboardInterrupt), transaction(engine) as session:
        search.reindex(session, index)
        raise KeyboardInterrupt
    (late,) = add(engine, orgs["centre"], patent("US9399999B2", title="whey late"))
    summary = reindex(engine, index)
    assert (summary.added, summary.unchanged, summary.changed) == (1, 3, 0)
    assert summary.changed_ids == [f"patent:{late}"]
    assert reindex(engine, index).unchanged == 4


def test_add_documents_reports_a_reused_id_as_replaced(
    engine: Engine, orgs: dict[str, int]
) -> None:
    """QA-Q7: a second file reusing npl-2 replaces the first file's document: reported."""
    first = io.StringIO(json.dumps({"id": "npl-2", "title": "whey review", "text": "a"}) + "\n")
    second = io.StringIO(json.dumps({"id": "npl-2", "title": "other review", "text": "b"}) + "\n")
    with transaction(engine) as session:
        search.store_added(
            session, search.read_added_lines(first), org_id=orgs["centre"], source="a.jsonl"
        )
    with transaction(engine) as session:
        summary = search.store_added(
            session, search.read_added_lines(second), org_id=orgs["centre"], source="b.jsonl"
        )
    assert (summary.inserted, summary.updated) == (0, 1)
    assert summary.to_dict()["replaced"] == [{"line": 1, "id": "npl-2", "stored_from": "a.jsonl"}]


def test_a_date_cut_off_says_how_many_undated_documents_it_left_out(
    engine: Engine, orgs: dict[str, int], index: search.SearchIndex
) -> None:
    lines = "\n".join(
        json.dumps(line)
        for line in (
            {"id": "old", "title": "Kumis from mare milk", "text": "Kumis.", "date": "2010-05-01"},
            {"id": "undated-1", "title": "Kumis starter", "text": "Kumis.", "lang": "en"},
            {"id": "undated-2", "title": "Kumis bottle", "text": "Mare milk kumis.", "lang": "en"},
            {"id": "undated-3", "title": "Camel cheese", "text": "Camel milk.", "lang": "en"},
        )
    )
    with transaction(engine) as session:
        search.store_added(
            session, search.read_added_lines(io.StringIO(lines)), org_id=orgs["centre"]
        )
    reindex(engine, index)
    cut = run(engine, index, q="kumis", before="2015-01-01", kind=["npl"])
    assert [r.hit.document.title for r in cut.results] == ["Kumis from mare milk"]
    # The two undated kumis documents, not the undated camel cheese (no word of the query).
    assert cut.undated_excluded == 2 and cut.to_dict()["undated_excluded"] == 2
    assert run(engine, index, q="camel", before="2015-01-01").undated_excluded == 1
    # Other filters still apply; without a cut-off nothing is left out.
    assert (
        run(engine, index, q="kumis", before="2015-01-01", kind=["internal"]).undated_excluded == 0
    )
    assert run(engine, index, q="kumis", kind=["npl"]).undated_excluded == 0
