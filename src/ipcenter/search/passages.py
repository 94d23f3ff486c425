"""The best-matching passage of a hit: the sentence (or two short ones) holding the most distinct
query terms, with character spans of the matched words for highlighting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ipcenter.search.analysis import fold, passage_terms
from ipcenter.search.documents import SearchDocument

MAX_CHARS = 320
_SENTENCE = re.compile(r"[^.。;；!?！？\n]+(?:[.。;；!?！？]+|\n|$)")
_DESCRIPTION_CHARS = 6000


@dataclass(frozen=True)
class Passage:
    text: str
    highlights: tuple[tuple[int, int], ...]
    matched_terms: tuple[str, ...]


def _sentences(doc: SearchDocument) -> list[str]:
    out: list[str] = []
    for text in (
        doc.abstract,
        doc.independent_claims,
        doc.other_claims,
        doc.description[:_DESCRIPTION_CHARS],
    ):
        pieces = [m.group().strip() for m in _SENTENCE.finditer(text)]
        pieces = [p for p in pieces if p]
        merged: list[str] = []
        for piece in pieces:  # join very short pieces to the one before
            if merged and len(merged[-1]) < 60:
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out.extend(merged)
    if doc.title:
        out.append(doc.title)
    return out


def _matches(token: str, query: set[str], zh_query: Sequence[str]) -> bool:
    if token in query:
        return True
    return bool(zh_query) and not token.isascii() and any(q in token for q in zh_query)


def _distinct(terms: Sequence[str]) -> tuple[str, ...]:
    """First occurrence of each term, case-insensitively."""
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        key = term.casefold()
        if key not in seen:
            seen.add(key)
            out.append(term)
    return tuple(out)


def best_passage(doc: SearchDocument, en_terms: Sequence[str], zh_terms: Sequence[str]) -> Passage:
    """The passage of ``doc`` matching most query terms (the abstract's start when none match)."""
    query = set(en_terms) | set(zh_terms)
    sentences = _sentences(doc)
    if not sentences:
        return Passage("", (), ())
    # Cheap pre-selection on lower-cased substrings (stems are prefixes of most word forms).
    # Chinese words are also matched inside longer words (牛 in 奶牛); single characters only when
    # the query has nothing longer (a one-character query).
    zh_sub = [t for t in zh_terms if len(t) >= 2] or list(zh_terms)
    probes = [t[:5].lower() for t in en_terms] + zh_sub

    def rough(sentence: str) -> int:
        low = (sentence if sentence.isascii() else fold(sentence)).lower()
        return sum(1 for probe in probes if probe in low)

    roughs = [rough(sentence) for sentence in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-roughs[i], i))[:2]
    if len(ranked) == 2 and roughs[ranked[0]] > roughs[ranked[1]]:
        ranked = ranked[:1]
    best: Passage | None = None
    best_key: tuple[int, int] = (-1, 0)
    for index in ranked:
        sentence = sentences[index][:MAX_CHARS]
        folded = fold(sentence)
        spans: list[tuple[int, int]] = []
        terms: list[str] = []
        # NFKC can change lengths; highlight offsets refer to the folded text then.
        shown = folded if len(folded) != len(sentence) else sentence
        for token, start, end in passage_terms(folded):
            if _matches(token, query, zh_sub):
                spans.append((start, end))
                terms.append(shown[start:end])  # the surface form ("beverages", not "beverag")
        distinct = len({t.casefold() for t in terms})
        key = (distinct, -index)
        if key > best_key:
            best_key = key
            best = Passage(shown, tuple(spans), _distinct(terms))
    assert best is not None  # noqa: S101 - ranked is never empty
    return best
