"""Real benchmark corpora for the search benchmarks, and an embedding cache under var/.

Imported by ``search_quality.py`` and ``search_speed.py``; run alone it only fills the embedding
cache (``--embed``), which is what takes minutes.

* BioPAT known-item: 1,984 US patents (``biopat_patents.jsonl``: id, title, text = abstract).
* CN dairy: ``cn_dairy_patents.jsonl`` (123 records, 41 with an abstract).
* USPTO full-text samples: grant / application XML parsed with ``ipcenter.ingest.uspto_documents``.

The embedding cache is one ``.npz`` per embedder name (``var/search_bench/emb-<name>.npz``), keyed
by SHA-1 of ``role + text`` (role ``q`` for queries, ``p`` for passages), saved after every batch
so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PATENTS = ROOT.parent / "shared" / "reference" / "patents"
if not PATENTS.exists():
    PATENTS = Path("/work/shared/reference/patents")
CACHE = ROOT / "var" / "search_bench"
SEED = 20261201


@dataclass(frozen=True)
class BioPat:
    id: str
    title: str
    abstract: str


def biopat() -> list[BioPat]:
    rows = [json.loads(line) for line in (PATENTS / "biopat_patents.jsonl").open(encoding="utf-8")]
    return [BioPat(str(r["id"]), r["title"].strip(), r["text"].strip()) for r in rows]


def biopat_split(records: Sequence[BioPat]) -> tuple[list[int], list[int]]:
    """Fixed-seed 30/70 split of query positions by patent: (dev, test)."""
    order = list(range(len(records)))
    random.Random(SEED).shuffle(order)
    cut = int(len(order) * 0.3)
    return sorted(order[:cut]), sorted(order[cut:])


def cn_dairy() -> list[dict[str, object]]:
    path = PATENTS / "cn_dairy_patents.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")]


_CLAIM_REF = re.compile(r"\b(?:of|in|to|according to) claim \d+|\bclaims? \d+", re.I)


@dataclass(frozen=True)
class FullText:
    number: str
    title: str
    abstract: str
    independent_claims: str
    other_claims: str
    description: str
    first_claim: str


def uspto_fulltext() -> list[FullText]:
    """Grant / application XML samples (formats with claims), parsed by the ingest XML parser."""
    from ipcenter.ingest.uspto_documents import parse_document, split_documents

    out: list[FullText] = []
    for path in sorted((PATENTS / "uspto").glob("*.xml")):
        with path.open("rb") as stream:
            for _line, raw in split_documents(stream):
                try:
                    root = parse_document(raw)
                except Exception:
                    continue
                record = _fulltext(root, path.stem.split("__")[-1])
                if record is not None:
                    out.append(record)
    return out


def _text(node: object) -> str:
    return " ".join("".join(node.itertext()).split())  # type: ignore[attr-defined]


def _fulltext(root: object, number: str) -> FullText | None:
    find = root.xpath  # type: ignore[attr-defined]
    titles = find("//invention-title|//title-of-invention|//B540/STEXT/PDAT")
    abstracts = find("//abstract|//subdoc-abstract|//SDOAB")
    claims = find("//claims/claim|//subdoc-claims/claim|//CL/CLM|//claim")
    descriptions = find("//description|//subdoc-description|//SDODE")
    if not claims or not titles:
        return None
    texts = []
    seen = set()
    for claim in claims:
        if id(claim) in seen:
            continue
        seen.add(id(claim))
        texts.append(_text(claim))
    texts = [t for t in dict.fromkeys(texts) if t]
    independent = [t for t in texts if not _CLAIM_REF.search(t)]
    dependent = [t for t in texts if _CLAIM_REF.search(t)]
    return FullText(
        number=number,
        title=_text(titles[0]),
        abstract=_text(abstracts[0]) if abstracts else "",
        independent_claims="\n".join(independent),
        other_claims="\n".join(dependent),
        description=_text(descriptions[0])[:20000] if descriptions else "",
        first_claim=texts[0],
    )


class EmbeddingCache:
    """Vectors by (embedder name, role, text hash), persisted as one npz."""

    def __init__(self, embedder: object) -> None:
        self.embedder = embedder
        name = re.sub(r"[^A-Za-z0-9@._-]+", "_", embedder.name)  # type: ignore[attr-defined]
        CACHE.mkdir(parents=True, exist_ok=True)
        self.path = CACHE / f"emb-{name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            for key, row in zip(data["keys"], data["matrix"], strict=True):
                self.vectors[str(key)] = row

    @staticmethod
    def key(role: str, text: str) -> str:
        return hashlib.sha1(f"{role}\x00{text}".encode()).hexdigest()

    def save(self) -> None:
        keys = sorted(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), matrix=np.stack([self.vectors[k] for k in keys]))
        tmp.replace(self.path)

    def get(self, role: str, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        """Embeddings of ``texts`` (role ``q`` or ``p``), computing and saving missing ones."""
        keys = [self.key(role, t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self.vectors]
        missing = list(dict.fromkeys(missing))
        started = time.perf_counter()
        done = 0
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            chunk_texts = [texts[i] for i in chunk]
            if role == "q":
                vecs = self.embedder.embed_queries(chunk_texts)  # type: ignore[attr-defined]
            else:
                vecs = self.embedder.embed_passages(chunk_texts)  # type: ignore[attr-defined]
            for i, v in zip(chunk, vecs, strict=True):
                self.vectors[keys[i]] = np.asarray(v, dtype=np.float32)
            done += len(chunk)
            self.save()
            rate = done / (time.perf_counter() - started)
            print(f"  embedded {done}/{len(missing)} {role} ({rate:.2f}/s)", file=sys.stderr)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])


def fill_cache(spec: str | None) -> None:
    from ipcenter.search.embedders import load_embedder

    embedder = load_embedder(spec)
    cache = EmbeddingCache(embedder)
    records = biopat()
    dev, _test = biopat_split(records)
    cache.get("q", [records[i].title for i in dev])
    cache.get("p", [r.abstract for r in records])
    cache.get("q", [r.title for r in records])
    cn = cn_dairy()
    cache.get(
        "p",
        [
            str(r.get("abstract_zh") or r.get("abstract_en") or "")
            for r in cn
            if r.get("abstract_zh") or r.get("abstract_en")
        ],
    )
    cache.get("q", [str(r[k]) for r in cn for k in ("title_zh", "title_en") if r.get(k)])
    for doc in uspto_fulltext():
        cache.get("q", [doc.first_claim])
        cache.get("p", [doc.title + "\n" + doc.abstract])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embed", action="store_true", help="fill the embedding cache")
    parser.add_argument("--embedder", default=None)
    args = parser.parse_args()
    if args.embed:
        fill_cache(args.embedder)
