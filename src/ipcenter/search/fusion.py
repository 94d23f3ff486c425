"""Combining the lexical and dense result lists into one ranking.

Two methods, parameters chosen on the BioPAT dev split (``benchmarks/search_quality.py``):

* ``rrf`` — reciprocal-rank fusion, ``Σ w / (k + rank)``;
* ``mix`` — a weighted sum of per-query normalised scores. BM25 is divided by the best BM25 score
  of the query (so the top lexical hit scores 1); cosine is mapped from ``[floor, best]`` to
  ``[0, 1]`` where ``floor`` is the cosine of the last dense candidate — e5 cosines are compressed
  into a narrow band, so the raw value says little. A document missing from one list gets 0 there.

A document that has no vector yet (``unembedded``: the dense index is still being built) cannot
appear in the dense list; punishing it for that would sink whatever was added last. Its fused score
is its lexical contribution alone, scaled to the full weight (``lexical / lexical_weight`` ×
(``lexical_weight + dense_weight``)), i.e. as if its dense score matched its lexical one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FusionParams:
    # Defaults chosen on the BioPAT dev split (benchmarks/search_quality.py; README).
    method: str = "mix"  # "mix" | "rrf"
    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    rrf_k: float = 60.0


@dataclass(frozen=True)
class Fused:
    id: str
    score: float
    lexical_score: float | None
    dense_score: float | None
    lexical_rank: int | None
    dense_rank: int | None


def fuse(
    lexical: Sequence[tuple[str, float]],
    dense: Sequence[tuple[str, float]],
    params: FusionParams,
    unembedded: Collection[str] = frozenset(),
) -> list[Fused]:
    """One list, best first; ranks are 1-based positions in each input list.

    ``unembedded``: ids without a vector, scored on their lexical side alone (module docstring).
    """
    lexical_weight = params.lexical_weight
    scale = (
        (params.lexical_weight + params.dense_weight) / lexical_weight
        if dense and lexical_weight > 0
        else 1.0
    )
    lex_rank = {doc_id: rank for rank, (doc_id, _s) in enumerate(lexical, start=1)}
    den_rank = {doc_id: rank for rank, (doc_id, _s) in enumerate(dense, start=1)}
    lex_score = dict(lexical)
    den_score = dict(dense)
    ids = list(dict.fromkeys([d for d, _s in lexical] + [d for d, _s in dense]))
    scores: dict[str, float] = {}
    if params.method == "rrf":
        for doc_id in ids:
            total = 0.0
            if doc_id in lex_rank:
                total += params.lexical_weight / (params.rrf_k + lex_rank[doc_id])
                if doc_id in unembedded:
                    total *= scale
            if doc_id in den_rank:
                total += params.dense_weight / (params.rrf_k + den_rank[doc_id])
            scores[doc_id] = total
    else:
        top_lex = lexical[0][1] if lexical else 1.0
        top_den = dense[0][1] if dense else 1.0
        floor = dense[-1][1] if len(dense) > 1 else 0.0
        span = (top_den - floor) or 1.0
        for doc_id in ids:
            total = 0.0
            if doc_id in lex_score and top_lex > 0:
                total += params.lexical_weight * lex_score[doc_id] / top_lex
                if doc_id in unembedded:
                    total *= scale
            if doc_id in den_score:
                total += params.dense_weight * max(0.0, (den_score[doc_id] - floor) / span)
            scores[doc_id] = total
    ordered = sorted(ids, key=lambda d: (-scores[d], lex_rank.get(d, 10**9), d))
    return [
        Fused(
            id=d,
            score=scores[d],
            lexical_score=lex_score.get(d),
            dense_score=den_score.get(d),
            lexical_rank=lex_rank.get(d),
            dense_rank=den_rank.get(d),
        )
        for d in ordered
    ]
