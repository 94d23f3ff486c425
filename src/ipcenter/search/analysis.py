"""Text analysis shared by indexing and querying, so both sides produce the same tokens.

* Folding: Unicode NFKC (full-width ``ＡＢＣ１２３`` → ``ABC123``) and, for text holding Chinese
  characters, traditional → simplified (OpenCC ``t2s``; the C++ library, ~50 times faster than
  the pure-Python port).
* Chinese: jieba ``cut_for_search`` (whole words plus their sub-words, so 发酵乳 also matches 发酵)
  with the dairy / patent-drafting user dictionary ``data/search/dairy_terms.csv``. jieba's
  dictionary takes about a second to load, so it is loaded lazily, once per process.
* English: tantivy's regex tokenizer on Latin letters and digits, lower case, Snowball English
  stemmer. The tantivy index (``ipc_en``) tokenises with the faster simple tokenizer instead, on
  text rewritten to give the same tokens (:func:`index_english_text`).
* Chinese sub-words: every text field with Chinese characters is also indexed as its character
  unigrams and bigrams (:func:`zh_gram_text`, a separate lower-weighted ``*_zg`` field), so a
  one- or two-character query (奶, 牛) is found inside words (牛奶, 酸奶, 奶牛) while whole-word
  matches keep the higher weight and rank first.
* Language: by script (share of CJK characters among letters).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import tantivy

from ipcenter.core.refdata import load_table

EN_TOKENIZER = "ipc_en"
ZH_TOKENIZER = "whitespace"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+")
_LATIN_PATTERN = r"[A-Za-z0-9\u00c0-\u024f]+"

# Chinese function words and claim boilerplate dropped on both sides (they match everything).
ZH_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "其",
        "在",
        "于",
        "为",
        "是",
        "以",
        "对",
        "由",
        "将",
        "中",
        "上",
        "下",
        "所",
        "该",
        "等",
        "一种",
        "及其",
        "所述",
        "其中",
        "通过",
        "包括",
        "含有",
        "用于",
        "进行",
        "一个",
        "一",
        "种",
        "之",
        "并",
        "使",
        "从",
        "至",
        "个",
        "后",
        "前",
        "时",
        "而",
        "且",
        "把",
        "被",
        "可",
        "能",
        "得",
    ]
)

# English stopwords (index and query) — the usual function words.
EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "this",
        "those",
        "to",
        "was",
        "were",
        "which",
        "with",
        "wherein",
        "whereby",
        "thereof",
    ]
)

# Query-side only: patent boilerplate that titles are full of ("Method for ...", "Composition
# comprising ...") but that carries no topic. Stemmed forms, as the analyzer produces them.
QUERY_BOILERPLATE = frozenset(
    [
        "method",
        "composit",
        "use",
        "system",
        "apparatus",
        "devic",
        "process",
        "product",
        "thereof",
        "compris",
        "includ",
        "provid",
        "produc",
        "prepar",
        "make",
        "made",
        "treat",
        "said",
        "least",
    ]
)

_JIEBA_LOCK = threading.Lock()
_JIEBA_READY = False


def _english(tokenizer: tantivy.Tokenizer) -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tokenizer)
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(sorted(EN_STOPWORDS)))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


@cache
def english_analyzer() -> tantivy.TextAnalyzer:
    """The English analyzer: every query, and the index for text that is not pure ASCII."""
    return _english(tantivy.Tokenizer.regex(_LATIN_PATTERN))


@cache
def english_index_analyzer() -> tantivy.TextAnalyzer:
    """:func:`english_analyzer` with tantivy's simple tokenizer: about twice as fast to index with,
    the same tokens on the text :func:`index_english_text` prepares for it."""
    return _english(tantivy.Tokenizer.simple())


# Outside ASCII and the regex's Latin range every character separates words for the regex
# tokenizer, so a space in its place changes none of its tokens (nor their positions).
_NOT_LATIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f]+")


@cache
def _regex_only_joiners() -> frozenset[str]:
    """The ASCII and Latin-range characters the two English tokenizers disagree on (``×``,
    ``÷``: not alphanumeric, so only the regex one keeps them inside a word), probed once with
    the analyzers themselves."""

    def joined(analyzer: tantivy.TextAnalyzer, ch: str) -> bool:
        return len(analyzer.analyze(f"x{ch}y")) == 1

    chars = [chr(c) for c in (*range(0x80), *range(0xC0, 0x250))]
    return frozenset(
        ch for ch in chars if joined(english_analyzer(), ch) != joined(english_index_analyzer(), ch)
    )


def index_english_text(text: str) -> str | None:
    """``text`` rewritten so that :func:`english_index_analyzer` yields exactly the tokens (and
    positions) :func:`english_analyzer` yields on ``text``; ``None`` when no rewrite can (a
    character only the regex tokenizer joins words with) — index its tokens instead."""
    joiners = _regex_only_joiners()
    if any(ch in text for ch in joiners):
        return None
    return text if text.isascii() else _NOT_LATIN.sub(" ", text)


@cache
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a Chinese (CJK unified) character."""
    return _CJK_CHAR.search(text) is not None


def fold(text: str) -> str:
    """NFKC (full-width → half-width) and traditional → simplified Chinese."""
    if not text:
        return ""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if has_cjk(text):
        converter = _t2s()
        text = str(converter.convert(text))  # type: ignore[attr-defined]
    return text


def detect_lang(text: str) -> str:
    """``"zh"`` when at least 20 % of the letters are Chinese characters, else ``"en"``."""
    if text.isascii():
        return "en"
    cjk = len(_CJK_CHAR.findall(text))
    if cjk == 0:
        return "en"
    latin = sum(len(w) for w in _LATIN_WORD.findall(text)) / 5  # ~5 letters per word
    return "zh" if cjk / (cjk + latin) >= 0.2 else "en"


def _jieba() -> object:
    global _JIEBA_READY
    import jieba

    if not _JIEBA_READY:
        with _JIEBA_LOCK:
            if not _JIEBA_READY:
                jieba.setLogLevel(60)
                jieba.initialize()
                for row in load_table("search/dairy_terms.csv").rows:
                    jieba.add_word(row["term"], int(row["freq"]), row.get("pos") or None)
                _JIEBA_READY = True
    return jieba


def chinese_tokens(
    text: str,
    *,
    stopwords: Iterable[str] = ZH_STOPWORDS,
    memo: dict[str, list[str]] | None = None,
) -> list[str]:
    """jieba search-mode tokens of the Chinese runs in already-folded ``text``.

    ``memo``: a run's tokens, kept across calls (jieba is slow and a document's lead sentence
    repeats the first runs of its abstract).
    """
    runs = _CJK_RUN.findall(text)
    if not runs:
        return []
    jieba = _jieba()
    stop = stopwords if isinstance(stopwords, frozenset) else frozenset(stopwords)
    tokens: list[str] = []
    for run in runs:
        cut = memo.get(run) if memo is not None else None
        if cut is None:
            cut = [t for t in jieba.cut_for_search(run) if t not in stop]  # type: ignore[attr-defined]
            if memo is not None:
                memo[run] = cut
        tokens.extend(cut)
    return tokens


def english_tokens(text: str) -> list[str]:
    """Stemmed lower-case English tokens of the Latin words in ``text`` (stopwords removed)."""
    return list(english_analyzer().analyze(text))


def zh_field_text(text: str, memo: dict[str, list[str]] | None = None) -> str:
    """The whitespace-joined jieba tokens indexed in a ``*_zh`` field (empty for English text)."""
    return " ".join(chinese_tokens(text, memo=memo)) if has_cjk(text) else ""


_GRAM_STOP = frozenset(w for w in ZH_STOPWORDS if len(w) == 1)
MAX_GRAM_QUERY_CHARS = 4  # longer Chinese queries rely on whole words (grams cost ranking there)


def char_grams(text: str) -> list[str]:
    """Character unigrams and bigrams of the Chinese runs of folded ``text`` (stopword unigrams and
    bigrams starting or ending in one are kept only as bigrams; bigrams never cross a run)."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(ch for ch in run if ch not in _GRAM_STOP)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def zh_gram_text(text: str) -> str:
    """The whitespace-joined character grams indexed in a ``*_zg`` field (empty for English)."""
    return " ".join(char_grams(text)) if has_cjk(text) else ""


def query_grams(zh_terms: Iterable[str]) -> list[str]:
    """The character grams of a short Chinese query's words (none for a long query).

    Grams come from within each query word, de-duplicated; the words themselves are matched in the
    ``*_zh`` fields; a gram equal to a word is still added (it finds the word inside others).
    """
    terms = list(zh_terms)
    if not terms or sum(len(t) for t in terms) > MAX_GRAM_QUERY_CHARS:
        return []
    return list(dict.fromkeys(g for t in terms for g in char_grams(t)))


def query_terms(text: str, *, drop_boilerplate: bool = True) -> tuple[list[str], list[str]]:
    """The (English stems, Chinese tokens) of a query, without boilerplate terms, de-duplicated.

    When dropping boilerplate would leave nothing, the boilerplate is kept.
    """
    folded = fold(text)
    en = list(dict.fromkeys(english_tokens(folded)))
    zh = list(dict.fromkeys(chinese_tokens(folded))) if has_cjk(folded) else []
    if drop_boilerplate:
        kept = [t for t in en if t not in QUERY_BOILERPLATE]
        if kept or zh:
            en = kept
    return en, zh


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The analyzer's token for one Latin word (``""`` for a stopword); cached, words repeat."""
    tokens = english_analyzer().analyze(word)
    return str(tokens[0]) if tokens else ""


def passage_terms(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of English stems and Chinese words in folded ``text``, for highlights."""
    out: list[tuple[str, int, int]] = []
    for match in _LATIN_WORD.finditer(text):
        token = stem(match.group())
        if token:
            out.append((token, match.start(), match.end()))
    runs = list(_CJK_RUN.finditer(text))
    if runs:
        jieba = _jieba()
        for match in runs:
            position = match.start()
            for word in jieba.cut(match.group()):  # type: ignore[attr-defined]
                out.append((word, position, position + len(word)))
                position += len(word)
        out.sort(key=lambda item: item[1])
    return out
