"""Text analysis: jieba with the dairy dictionary, folding, English stemming, language by script."""

from __future__ import annotations

from ipcenter.core.refdata import load_table
from ipcenter.search import analysis


def test_dairy_terms_are_single_tokens() -> None:
    """益生菌 (probiotic) and 发酵乳 (fermented milk) are words of the shipped dictionary; without
    it jieba splits 发酵乳 into 发酵 / 乳 (research notes §4 record that split)."""
    tokens = analysis.chinese_tokens("一种益生菌发酵乳的制备方法")
    assert "益生菌" in tokens
    assert "发酵乳" in tokens
    assert "的" not in tokens  # function word dropped
    for term in ("乳清蛋白", "乳铁蛋白", "双歧杆菌", "低温灭菌"):
        assert term in analysis.chinese_tokens(f"含有{term}的奶粉"), term


def test_dictionary_rows_cite_a_source() -> None:
    table = load_table("search/dairy_terms.csv")
    assert len(table.rows) >= 50
    assert all(row["source"].strip() and int(row["freq"]) > 0 for row in table.rows)


def test_traditional_folds_to_simplified() -> None:
    # 發→发, 酵 unchanged, 製→制, 備→备, 奶 unchanged (standard t2s character pairs).
    assert analysis.fold("發酵乳製備") == "发酵乳制备"
    assert analysis.chinese_tokens(analysis.fold("益生菌發酵乳")) == analysis.chinese_tokens(
        "益生菌发酵乳"
    )


def test_full_width_folds_to_half_width() -> None:
    assert analysis.fold("ＡＢＣ１２３，乳") == "ABC123,乳"


def test_english_is_stemmed_and_stopwords_dropped() -> None:
    # Snowball English: fermented → ferment, compositions → composit, milking → milk.
    assert analysis.english_tokens("Fermented compositions of the milking") == [
        "ferment",
        "composit",
        "milk",
    ]


def test_language_by_script() -> None:
    assert analysis.detect_lang("一种益生菌发酵乳") == "zh"
    assert analysis.detect_lang("Fermented milk with Lactobacillus") == "en"
    assert analysis.detect_lang("一种含 Lactobacillus rhamnosus GG 的发酵乳及其制备方法") == "zh"


def test_query_terms_mix_scripts() -> None:
    en, zh = analysis.query_terms("Lactobacillus 发酵乳")
    assert en == ["lactobacillus"]
    assert "发酵乳" in zh


def test_character_grams_for_sub_word_matching() -> None:
    from ipcenter.search.analysis import char_grams, query_grams

    # unigrams (stopword 的 dropped) then bigrams within each Chinese run; Latin text ignored
    assert char_grams("酸奶的 milk 奶牛") == ["酸", "奶", "酸奶", "奶的", "奶", "牛", "奶牛"]
    assert query_grams(["牛奶"]) == ["牛", "奶", "牛奶"]
    assert query_grams(["益生菌发酵乳", "制备方法", "双歧杆菌", "乳杆菌"]) == []  # long: words only
