"""Names, party types, countries and CN region codes (GB/T 2260 codes from the shipped table)."""

from __future__ import annotations

import pytest

from ipcenter.ingest.normalise import (
    best_region,
    country_from_address,
    infer_party_type,
    normalise_name,
    region_from_address,
    region_from_code,
    split_country_suffix,
)
from ipcenter.rights import PartyType


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("内蒙古蒙牛乳业（集团）股份有限公司", "内蒙古蒙牛乳业(集团)股份有限公司"),
        ("光明乳业股份有限公司 ", "光明乳业股份有限公司"),
        ("南乐县金地饲料有限责任公司", "南乐县金地饲料有限公司"),
        ("ＡＢＣ乳业有限公司", "ABC乳业有限公司"),
        ("PIZZA HUT INC", "Pizza Hut, Inc."),
        ("Microsoft Corporation", "MICROSOFT CORP"),
        ("Hmicro, Inc.", "HMICRO INC"),
    ],
)
def test_spellings_of_one_name_meet(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_different_legal_forms_stay_apart() -> None:
    assert normalise_name("光明乳业股份有限公司") != normalise_name("光明乳业有限公司")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("内蒙古伊利实业集团股份有限公司", PartyType.ENTERPRISE),
        ("清华大学科技园有限公司", PartyType.ENTERPRISE),
        ("河南科技大学", PartyType.UNIVERSITY),
        ("西北农林科技大学", PartyType.UNIVERSITY),
        ("中国科学院大学", PartyType.UNIVERSITY),
        ("中国农业科学院饲料研究所", PartyType.RESEARCH_INSTITUTE),
        ("上海市奶牛研究所", PartyType.RESEARCH_INSTITUTE),
        ("西藏自治区农牧科学院草业科学研究所", PartyType.RESEARCH_INSTITUTE),
        ("呼和浩特市人民政府", PartyType.PUBLIC_BODY),
        ("牟海日", PartyType.INDIVIDUAL),
        (
            "Feed Research Institute of Chinese Academy of Agricultural Sciences",
            PartyType.RESEARCH_INSTITUTE,
        ),
        ("UNIV YUANPEI", PartyType.UNIVERSITY),
        ("PIZZA HUT INC", PartyType.ENTERPRISE),
        ("LAZARILLO DE TORMES S L", PartyType.ENTERPRISE),
        ("THE SECRETARY OF THE NAVY", PartyType.PUBLIC_BODY),
        ("VENTIMEGLIA JAMIE JOSEPH", PartyType.INDIVIDUAL),
        ("PARROT", None),
    ],
)
def test_party_types(name: str, expected: PartyType | None) -> None:
    assert infer_party_type(name) is expected


@pytest.mark.parametrize(
    ("address", "code"),
    [
        # GB/T 2260: 150000 内蒙古自治区 → 150100 呼和浩特市 → 150123 和林格尔县.
        ("内蒙古自治区呼和浩特市和林格尔县盛乐经济园区", "150123"),
        ("内蒙古呼和浩特和林格尔盛乐经济园区", "150123"),  # short forms throughout
        ("内蒙古呼和浩特金山开发区金山大街1号", "150100"),  # no county named
        ("呼和浩特市赛罕区", "150105"),  # no province named
        ("中国内蒙古包头市青山区", "150204"),
        ("内蒙古锡林郭勒盟正蓝旗", "152530"),
        ("北京市海淀区中关村", "110108"),  # municipality: 北京市 is province and city
        ("上海市闵行区吴中路578号", "310112"),
        ("河南省济源市", "419001"),  # county-level city under the province
        ("河南南乐县", "410923"),  # county named without its city (濮阳市)
        ("广西南宁", "450100"),
        ("美国加利福尼亚州", None),
        ("", None),
    ],
)
def test_address_to_region_code(address: str, code: str | None) -> None:
    assert region_from_address(address) == code


def test_export_codes_and_the_more_precise_address() -> None:
    assert region_from_code("15") == "150000"
    assert region_from_code("1501") == "150100"
    assert region_from_code("999999") is None
    assert best_region("内蒙古呼和浩特和林格尔", "150000") == "150123"
    assert best_region("北京市海淀区", "150100") == "150100"  # disagreeing: the export's code
    assert best_region(None, "150100") == "150100"


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("美国加利福尼亚州", "US"),
        ("日本东京都", "JP"),
        ("中国台湾新竹市", "TW"),
        ("香港九龙", "HK"),
        ("内蒙古呼和浩特", "CN"),
        ("somewhere", None),
    ],
)
def test_country_from_address(address: str, country: str | None) -> None:
    assert country_from_address(address) == country


def test_country_suffix() -> None:
    assert split_country_suffix("SEREDIUK TARAS LEONIDOVYCH [UA]") == (
        "SEREDIUK TARAS LEONIDOVYCH",
        "UA",
    )
    assert split_country_suffix("PIZZA HUT INC") == ("PIZZA HUT INC", None)
