"""Benchmark: search index build and query speed on a 100,000-document corpus.

The corpus is assembled from the real samples in ../shared/reference/patents/: titles and metadata
(jurisdiction, publication date, CPC, applicants) of the 5,883 Lens drone records, abstracts
recombined from real sentences of the 1,984 BioPAT abstracts and the CN dairy abstracts (≈ 2 %
Chinese documents), families of 1–3 documents. Queries are real BioPAT and CN titles.

Measured in one run:
* lexical build (``SearchIndex.upsert``: store + tantivy, jieba for the Chinese ones), docs/s —
  goal ≥ 20,000/s — beside a bare tantivy build of the same English texts as the baseline, and,
  with our schema, the analysis alone and tantivy alone on documents prepared beforehand (what
  tantivy itself needs for our fields: no build through it can be faster);
* BM25-only query latency (p50/p95) and sustained queries/s;
* hybrid query latency and sustained queries/s (goals p95 ≤ 100 ms, ≥ 20 q/s): BM25 + dense +
  fusion + family grouping + passages, with the filters a prior-art search sets (date cut-off).
  Sustained throughput is measured twice: one client (queries back to back in one thread) and two
  client threads sharing the index (a web server's workers on the two cores; numpy, tantivy and
  the embedder release the GIL in their heavy parts); latencies in the two-client rows are per
  query, wall time included, q/s is queries over the wall time of the whole run.
  The ANN part searches 100,000 RANDOM unit vectors of the embedder's dimension (embedding 100k
  real abstracts would take hours); the query embedding is the real model's, timed separately.

Usage: ``.venv/bin/python benchmarks/search_speed.py [--docs 100000] [--queries 300]
[--build-only]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_corpora as corpora

from ipcenter.search.analysis import has_cjk
from ipcenter.search.documents import SearchDocument
from ipcenter.search.engine import Filters
from ipcenter.search.index import SearchIndex

_SENTENCE = re.compile(r"[^.。]+[.。]")


def lens_rows() -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    path = corpora.PATENTS / "lens_drones_fulltext_5884.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build_corpus(n: int) -> list[SearchDocument]:
    rng = random.Random(corpora.SEED)
    en_sentences = [s.strip() for r in corpora.biopat() for s in _SENTENCE.findall(r.abstract)]
    cn = corpora.cn_dairy()
    zh_sentences = [
        s.strip() for r in cn for s in _SENTENCE.findall(str(r.get("abstract_zh") or ""))
    ]
    zh_titles = [str(r["title_zh"]) for r in cn if r.get("title_zh")]
    lens = lens_rows()
    docs: list[SearchDocument] = []
    family = 0
    for i in range(n):
        meta = lens[i % len(lens)]
        chinese = rng.random() < 0.02 and zh_sentences
        if chinese:
            title = rng.choice(zh_titles)
            abstract = "".join(rng.sample(zh_sentences, k=min(3, len(zh_sentences))))
        else:
            title = meta["Title"] or rng.choice(en_sentences)[:80]
            abstract = " ".join(rng.sample(en_sentences, k=rng.randint(3, 6)))
        if rng.random() < 0.7:
            family += 1
        try:
            published = dt.date.fromisoformat(meta["Publication Date"])
        except ValueError:
            published = None
        docs.append(
            SearchDocument(
                id=f"patent:{i}",
                kind="patent",
                org_id=1 + i % 3,
                title=title,
                abstract=abstract,
                family_id=f"fam{family}",
                publication_date=published,
                jurisdiction="CN" if chinese else (meta["Jurisdiction"] or None),
                classifications=tuple(c for c in meta["CPC Classifications"].split(";") if c)[:5],
                applicants=tuple(a for a in meta["Applicants"].split(";") if a)[:3],
            )
        )
    return docs


class RandomPassages:
    """The real embedder for queries; random unit vectors for passages (see the docstring)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.name = real.name  # type: ignore[attr-defined]
        self.dimension = real.dimension  # type: ignore[attr-defined]
        self.rng = np.random.default_rng(1)
        self.query_seconds: list[float] = []
        self._lock = threading.Lock()
        self.remembered: dict[str, np.ndarray] = {}
        self.reuse = False

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if self.reuse and all(t in self.remembered for t in texts):
            return np.stack([self.remembered[t] for t in texts])
        started = time.perf_counter()
        out = np.asarray(self.real.embed_queries(texts))  # type: ignore[attr-defined]
        with self._lock:
            self.query_seconds.append(time.perf_counter() - started)
            for text, vector in zip(texts, out, strict=True):
                self.remembered[text] = vector
        return out

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        v = self.rng.normal(size=(len(texts), self.dimension)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def bare_tantivy(docs: Sequence[SearchDocument], directory: Path) -> float:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="en_stem")
    builder.add_text_field("abstract", tokenizer_name="en_stem")
    directory.mkdir(parents=True)
    index = tantivy.Index(builder.build(), path=str(directory))
    started = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for d in docs:
        writer.add_document(tantivy.Document(id=d.id, title=d.title, abstract=d.abstract))
    writer.commit()
    writer.wait_merging_threads()
    return len(docs) / (time.perf_counter() - started)


def prepared_tantivy(docs: Sequence[SearchDocument], directory: Path) -> tuple[float, float]:
    """(analysis docs/s, tantivy docs/s) with our own schema: every tantivy document is built
    first (jieba, folding, field texts: ``LexicalIndex.to_tantivy``), then only adding and
    committing is timed — the ceiling of any build through tantivy here, before the store."""
    from ipcenter.search.lexical import WRITER_HEAP, WRITER_THREADS, LexicalIndex

    lexical = LexicalIndex(directory)
    started = time.perf_counter()
    prepared = [lexical.to_tantivy(d) for d in docs]
    analysis = len(docs) / (time.perf_counter() - started)
    started = time.perf_counter()
    writer = lexical.index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
    for document in prepared:
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    return analysis, len(docs) / (time.perf_counter() - started)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(
    index: SearchIndex, queries: Sequence[str], mode: str, filters: Filters, clients: int = 1
) -> tuple[list[float], float]:
    """Per-query seconds and the wall time, ``clients`` threads taking queries in turn."""

    def one(text: str) -> float:
        started = time.perf_counter()
        index.search(text, filters, k=20, mode=mode)
        return time.perf_counter() - started

    started = time.perf_counter()
    if clients == 1:
        out = [one(text) for text in queries]
    else:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            out = list(pool.map(one, queries))
    return out, time.perf_counter() - started


def report(label: str, measured: tuple[Sequence[float], float]) -> None:
    seconds, wall = measured
    ms = [s * 1000 for s in seconds]
    qps = len(seconds) / wall
    print(
        f"  {label:<50} p50 {statistics.median(ms):6.1f} ms  p95 {percentile(ms, 0.95):6.1f} ms"
        f"  {qps:7.1f} q/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--embedder", default=None)
    parser.add_argument(
        "--build-only", action="store_true", help="time the lexical build only (no queries)"
    )
    args = parser.parse_args()
    from ipcenter.search.embedders import load_embedder

    started = time.perf_counter()
    docs = build_corpus(args.docs)
    zh = sum(1 for d in docs if has_cjk(d.title))
    print(
        f"corpus: {len(docs)} documents ({zh} Chinese), assembled in "
        f"{time.perf_counter() - started:.1f} s"
    )
    rng = random.Random(2)
    titles = [r.title for r in corpora.biopat()]
    cn_titles = [str(r["title_zh"]) for r in corpora.cn_dairy() if r.get("title_zh")]
    queries = rng.sample(titles, k=args.queries - args.queries // 10)
    queries += [rng.choice(cn_titles) for _ in range(args.queries // 10)]
    rng.shuffle(queries)
    with tempfile.TemporaryDirectory() as tmp:
        base = bare_tantivy(docs, Path(tmp) / "bare")
        embedder = None if args.build_only else RandomPassages(load_embedder(args.embedder))
        index = SearchIndex(Path(tmp) / "index", embedder)  # type: ignore[arg-type]
        started = time.perf_counter()
        index.upsert(docs)
        build_s = time.perf_counter() - started
        rate = len(docs) / build_s
        print(
            f"lexical build: {rate:,.0f} docs/s via SearchIndex.upsert ({build_s:.1f} s; goal "
            f"≥ 20,000/s); bare tantivy en_stem title+abstract {base:,.0f} docs/s "
            f"(ratio {rate / base:.2f})"
        )
        # After the timed build, so that its jieba load is not done for it.
        analysis, ceiling = prepared_tantivy(docs, Path(tmp) / "prepared")
        print(
            f"our schema: analysis alone {analysis:,.0f} docs/s (one Python thread); tantivy "
            f"alone on prepared documents {ceiling:,.0f} docs/s (the build's ceiling here)"
        )
        if embedder is None:  # --build-only
            index.close()
            return
        started = time.perf_counter()
        index.embed_pending(batch_size=5000)
        print(
            f"random vectors stored: {time.perf_counter() - started:.1f} s "
            f"({index.status().embedded} embedded)"
        )
        cut = Filters(before=dt.date(2015, 1, 1))
        index.search(queries[0])  # warm-up: jieba, readers, vectors
        print(f"queries: {len(queries)} real titles (10 % Chinese), k=20, 100 candidates per list")
        report("BM25 only", timed(index, queries, "lexical", Filters()))
        report("BM25 only, date cut-off", timed(index, queries, "lexical", cut))
        report("BM25 only, 2 client threads", timed(index, queries, "lexical", Filters(), 2))
        embedder.query_seconds.clear()
        hybrid = timed(index, queries, "hybrid", Filters())
        embed_ms = [s * 1000 for s in embedder.query_seconds]
        report("hybrid (real query embedding)", hybrid)
        embedder.remembered.clear()
        report(
            "hybrid (real query embedding), 2 client threads",
            timed(index, queries, "hybrid", Filters(), 2),
        )
        embedder.reuse = True  # the same query vectors again: the engine's own share
        report("hybrid, query vector precomputed", timed(index, queries, "hybrid", Filters()))
        report("hybrid, precomputed, date cut-off", timed(index, queries, "hybrid", cut))
        print(
            f"  of which query embedding ({embedder.name}, one client): p50 "
            f"{statistics.median(embed_ms):.1f} ms, p95 {percentile(embed_ms, 0.95):.1f} ms"
        )
        index.close()
    print(
        "goals: build ≥ 20,000 docs/s; hybrid p95 ≤ 100 ms; ≥ 20 q/s sustained "
        "(one client and two client threads reported)"
    )


if __name__ == "__main__":
    main()
