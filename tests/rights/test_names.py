from __future__ import annotations

import pytest

from ipcenter.rights.errors import InvalidNumber
from ipcenter.rights.names import normalise_classification, normalise_party_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A23C3/00", "A23C 3/00"),  # cn_dairy_patents.jsonl spelling
        ("A23C 9/12", "A23C 9/12"),
        ("A23C0009120000", "A23C 9/12"),  # 14-character form used by WIPO master files
        ("G06F 15/16", "G06F 15/16"),
        ("a01j25/004", "A01J 25/004"),
        ("A23C", "A23C"),
        ("Y02P60/87", "Y02P 60/87"),  # CPC section Y, cn_dairy_patents.jsonl cn-dairy-009
    ],
)
def test_classification_symbols(raw: str, expected: str) -> None:
    assert normalise_classification(raw) == expected


def test_bad_classification_names_field() -> None:
    with pytest.raises(InvalidNumber) as caught:
        normalise_classification("dairy", field="cpc")
    assert caught.value.params["field"] == "cpc"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("内蒙古伊利实业集团股份有限公司", " 内蒙古伊利实业集团股份有限公司 "),
        ("呼和浩特草原乳品科技有限责任公司", "呼和浩特草原乳品科技有限公司"),
        ("内蒙古蒙牛乳业(集团)股份有限公司", "内蒙古蒙牛乳业（集团）股份有限公司"),
        (
            "Inner Mongolia Yili Industrial Group Co Ltd",
            "INNER MONGOLIA YILI INDUSTRIAL GROUP CO., LTD.",
        ),
        ("ＨＥＲＯ ＡＧ", "Hero AG"),
    ],
)
def test_spellings_of_one_party_normalise_alike(a: str, b: str) -> None:
    assert normalise_party_name(a) == normalise_party_name(b)


def test_different_parties_stay_different() -> None:
    assert normalise_party_name("光明乳业股份有限公司") != normalise_party_name(
        "蒙牛乳业股份有限公司"
    )
