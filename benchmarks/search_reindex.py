"""Benchmark: keeping the search index in step with the registry, and what the product layer adds.

Imports real exports from ../shared/reference/patents/ (Lens drones full text, 5,884 rows, and
Lens pizza, 1,000 rows) into a fresh SQLite store, then measures in the same run:

  (a) the import itself (baseline: what a reindex follows);
  (b) building the SearchDocuments from the registry alone (rows → documents, nothing indexed);
  (c) a first, full lexical reindex (documents + digests + tantivy + catalogue);
  (d) an incremental reindex when nothing changed, and after 50 records changed;
  (e) the catch-up check every search makes (nothing changed);
  (f) the FTO allow-list (status of every patent on a date, from legal events and terms);
  (g) a search through the service (scope, catch-up check, enrichment with status and members)
      against the bare ``SearchIndex.search`` on the same queries (patent titles).

Lexical only (no embedding model). Usage: ``.venv/bin/python benchmarks/search_reindex.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, update

from ipcenter import search
from ipcenter.accounts import create_organisation
from ipcenter.core.db import make_engine, session_factory, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.core.scoping import OrgScope
from ipcenter.ingest import ingest_paths
from ipcenter.rights import Patent

ROOT = Path(__file__).resolve().parents[1]
PATENTS = ROOT.parent / "shared" / "reference" / "patents"
FILES = [PATENTS / "lens_drones_fulltext_5884.csv", PATENTS / "lens_pizza_1000.csv"]


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    return value, elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        factory = session_factory(engine)
        with transaction(engine) as session:
            centre = create_organisation(
                session, key="centre", name="中心", kind="centre", actor="bench"
            ).id
        summary, t_ingest = timed(
            "ingest", ingest_paths, engine, [str(f) for f in FILES], org_id=centre
        )
        with factory() as session:
            n = len(session.scalars(select(Patent.id)).all())
        print(f"records stored: {n} (read {summary.read}, quarantined {summary.quarantined})")

        with factory() as session:
            docs, t_docs = timed("documents", lambda: list(search.iter_patent_documents(session)))
        index = search.open_index(Path(folder) / "index", embedder=None)
        with transaction(engine) as session:
            first, t_full = timed("full", search.reindex, session, index, alerts=False)
        with transaction(engine) as session:
            same, t_same = timed("same", search.reindex, session, index, alerts=False)
        with transaction(engine) as session:
            session.execute(update(Patent).where(Patent.id <= 50).values(family_id="bench-family"))
        with transaction(engine) as session:
            fifty, t_fifty = timed("fifty", search.reindex, session, index, alerts=False)
        checks = []
        with factory() as session:
            for _ in range(50):
                _, t = timed("check", search.needs_catch_up, session, index)
                checks.append(t)
        with factory() as session:
            allowed, t_fto = timed(
                "fto",
                search.in_force_ids,
                session,
                day=dt.date(2020, 1, 1),
                territory=None,
                scope=OrgScope.everything(),
            )
        queries = [d.title for d in docs[:: max(1, len(docs) // 200)]][:200]
        bare, service = [], []
        for text in queries:
            _, t = timed("bare", index.search, text, k=20, mode="lexical")
            bare.append(t)
        with factory() as session:
            for text in queries:
                request = search.make_request({"q": text[:2000], "k": "20", "mode": "lexical"})

                def run(request: search.SearchRequest = request) -> None:
                    search.catch_up(factory, index)
                    search.search(session, index, request, scope=OrgScope.only(centre))

                _, t = timed("service", run)
                service.append(t)
        engine.dispose()

    def rate(items: int, seconds: float) -> str:
        return f"{items / seconds:,.0f}/s"

    def pct(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000

    print(f"(a) import: {t_ingest:.2f} s ({rate(n, t_ingest)}) — baseline")
    print(f"(b) registry → documents: {t_docs:.2f} s ({rate(len(docs), t_docs)})")
    print(
        f"(c) full reindex: {t_full:.2f} s ({rate(first.seen, t_full)}), "
        f"{t_full / t_ingest:.2f} × the import, {t_full / t_docs:.2f} × building the documents"
    )
    print(f"(d) incremental, nothing changed: {t_same:.2f} s ({same.unchanged} unchanged)")
    print(f"    incremental, 50 changed: {t_fifty:.2f} s ({fifty.changed} changed)")
    print(f"(e) catch-up check: median {statistics.median(checks) * 1000:.1f} ms")
    print(f"(f) FTO allow-list over {n} records: {t_fto * 1000:.0f} ms ({len(allowed)} in force)")
    print(
        f"(g) search p50/p95: bare {pct(bare, 0.5):.1f}/{pct(bare, 0.95):.1f} ms, "
        f"service {pct(service, 0.5):.1f}/{pct(service, 0.95):.1f} ms "
        f"({statistics.median(service) / statistics.median(bare):.2f} × bare at the median)"
    )


if __name__ == "__main__":
    main()
