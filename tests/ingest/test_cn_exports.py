"""incoPat and PatSnap exports: Chinese header rows, multi-value cells, encodings, XLSX.

The fixtures are constructed (no real export is shipped): headers from the documented layouts,
row content from the real CN dairy records (see tests/fixtures/ingest/README.md).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from ipcenter.ingest import cn_exports
from ipcenter.ingest.export_numbers import is_valid_uscc
from ipcenter.ingest.records import Item
from ipcenter.rights import PartyRole, PartyType
from tests.ingest.tabular_helpers import (
    FIXTURES,
    SAMPLES,
    bytes_source,
    file_source,
    names,
    parsed,
    read_all,
    rejected,
)

INCOPAT = FIXTURES / "incopat_dairy.csv"
DAIRY = {
    record["record_id"]: record
    for record in map(
        json.loads, (SAMPLES / "cn_dairy_patents.jsonl").read_text(encoding="utf-8").splitlines()
    )
}

# GB 32100-2015: character values 0-9 A-H J-N P Q R T U W X Y (31), weights 3^i mod 31.
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check(first17: str) -> str:
    total = sum(_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHARS[(31 - total % 31) % 31]


@pytest.fixture(scope="module")
def incopat_items() -> list[Item]:
    return read_all(cn_exports.INCOPAT_READER, file_source(INCOPAT))


def test_header_with_full_width_brackets_and_bom(incopat_items: list[Item]) -> None:
    records = parsed(incopat_items)
    assert len(records) == 3
    mengniu = records[0]
    source = DAIRY["cn-dairy-071"]
    assert mengniu.jurisdiction == "CN"
    assert mengniu.application_number == "201810835208.3"
    assert [(p.number, p.date) for p in mengniu.publications] == [
        ("CN108935665A", dt.date(2018, 12, 7))
    ]
    assert mengniu.filing_date == dt.date(2018, 7, 26)
    assert mengniu.titles == {"zh": "牛奶及其制备方法"}
    assert mengniu.abstracts["zh"] == source["abstract_zh"]
    assert mengniu.ipc == ["A23C7/00", "A23C3/03"]  # IPC主分类 first, not repeated


def test_multi_value_cells_in_chinese(incopat_items: list[Item]) -> None:
    mengniu, bright, feed = parsed(incopat_items)
    # "；" (full-width) and "; " in one cell, " | " and ";" in others.
    assert names(mengniu, PartyRole.INVENTOR) == DAIRY["cn-dairy-071"]["inventors"]
    assert names(bright, PartyRole.INVENTOR) == DAIRY["cn-dairy-006"]["inventors"]
    assert names(feed, PartyRole.INVENTOR) == ["运国省", "王连宾"]
    assert bright.ipc == ["A23C3/00", "A23C3/02"]
    assert names(mengniu, PartyRole.AGENT) == ["北京清亦华知识产权代理事务所(普通合伙)"]
    assert [c.number for c in mengniu.citations] == ["CN1382786A", "CN1644068A"]
    assert mengniu.extra["cited_by"] == ["CN110800000A", "CN111000000A"]
    assert mengniu.extra["strategic_emerging_industry"] == ["4 生物产业", "4.3 生物农业及相关产业"]
    assert mengniu.extra["legal_status"] == "实质审查"
    assert mengniu.extra["legal_events_as_exported"] == ["公开", "实质审查"]
    assert mengniu.extra["simple_family"] == ["CN108935665A"]
    assert mengniu.extra["incopat_value_degree"] == "7"
    assert mengniu.extra["columns"] == {"自定义字段": "团队备注"}  # unknown column kept
    assert feed.extra["lapse_date"] == "2013-06-28"


def test_date_spellings(incopat_items: list[Item]) -> None:
    _, bright, feed = parsed(incopat_items)
    assert bright.filing_date == dt.date(2007, 9, 26)  # 2007/9/26
    assert bright.publications[0].date == dt.date(2009, 4, 1)  # 2009/4/1
    assert feed.filing_date == dt.date(2010, 6, 28)  # 20100628
    assert feed.publications[0].date == dt.date(2010, 11, 10)  # 2010.11.10


def test_addresses_give_region_codes_and_the_uscc(incopat_items: list[Item]) -> None:
    mengniu, bright, feed = parsed(incopat_items)
    first = mengniu.parties[0]
    assert first.name == "内蒙古蒙牛乳业(集团)股份有限公司"  # raw name kept
    assert first.party_type is PartyType.ENTERPRISE
    # 内蒙古自治区呼和浩特市和林格尔县… → GB/T 2260 150123 (和林格尔县 of 呼和浩特市 150100);
    # more precise than the export's 申请人省市代码 150000, with which it agrees.
    assert first.region_code == "150123"
    assert first.country == "CN"
    assert first.uscc == "91150100MA0MENGNU" + uscc_check("91150100MA0MENGNU")
    assert bright.parties[0].region_code == "310112"  # 上海市闵行区
    assert bright.parties[0].uscc is None
    assert bright.extra["uscc_invalid"] == "91310000132226001X"
    assert feed.parties[0].region_code == "410923"  # 河南南乐县: 濮阳市南乐县, city unnamed


def test_bad_check_digit_is_rejected_with_the_row(incopat_items: list[Item]) -> None:
    [bad] = rejected(incopat_items)
    assert bad.location.line == 5
    assert bad.field == "申请号"
    assert bad.reason == "check digit mismatch"
    assert bad.params["expected"] == "8"  # 201610295674.8, cn-dairy-058
    assert bad.raw.startswith("4,一种提高奶牛产奶量的饲料添加剂及其制备方法,")


def test_gb18030_csv_reads_the_same() -> None:
    text = INCOPAT.read_bytes().decode("utf-8-sig")
    items = read_all(cn_exports.INCOPAT_READER, bytes_source(text.encode("gb18030")))
    assert [r.titles for r in parsed(items)] == [
        {"zh": "牛奶及其制备方法"},
        {"zh": "一种生产牛奶的方法及制得的牛奶"},
        {"zh": "一种高产奶牛饲料混合料"},
    ]


PATSNAP_HEADER = [
    "公开(公告)号",
    "申请号",
    "标题",
    "摘要",
    "申请日",
    "公开(公告)日",
    "申请年",
    "受理局",
    "专利类型",
    "发明人",
    "发明人数量",
    "[标]当前申请(专利权)人",
    "当前申请(专利权)人州/省",
    "当前申请(专利权)人地市",
    "当前申请(专利权)人区县",
    "[标]当前申请(专利权)人类型",
    "IPC分类号",
    "IPC主分类号",
    "法律状态/事件",
    "简单法律状态",
    "简单同族",
    "被引用专利",
    "被引用专利数量",
    "战略新兴产业分类",
    "失效日",
    "工商统一社会信用代码",
]


def patsnap_workbook(path: Path) -> Path:
    mengniu, bright = DAIRY["cn-dairy-071"], DAIRY["cn-dairy-006"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["智慧芽专利检索导出"])  # a title row above the header
    sheet.append(PATSNAP_HEADER)
    sheet.append(
        [
            "CN108935665A",
            "CN201810835208.3",
            mengniu["title_zh"],
            mengniu["abstract_zh"],
            dt.datetime(2018, 7, 26),
            dt.datetime(2018, 12, 7),
            2018,
            "CN",
            "发明申请",
            " | ".join(mengniu["inventors"]),
            12,
            "内蒙古蒙牛乳业(集团)股份有限公司",
            "内蒙古自治区",
            "呼和浩特市",
            "和林格尔县",
            "企业",
            "A23C7/00 | A23C3/03",
            "A23C7/00",
            "公开 | 实质审查",
            "审中",
            "CN108935665A",
            "CN110800000A | CN111000000A",
            2,
            "4 生物产业",
            None,
            None,
        ]
    )
    sheet.append(
        [
            "CN101396045A",
            "200710046424.1",
            bright["title_zh"],
            None,
            39351,  # Excel serial of 2007-09-26
            39904,  # 2009-04-01
            2007,
            "CN",
            "发明申请",
            " | ".join(bright["inventors"]),
            8,
            "光明乳业股份有限公司",
            "上海市",
            "上海市",
            "闵行区",
            "企业",
            "A23C3/00 | A23C3/02",
            "A23C3/00",
            "公开 | 实质审查 | 授权",
            "有效",
            None,
            None,
            0,
            None,
            None,
            None,
        ]
    )
    workbook.save(path)
    return path


def test_patsnap_xlsx(tmp_path: Path) -> None:
    path = patsnap_workbook(tmp_path / "patsnap_dairy.xlsx")
    head = path.read_bytes()[:65536]
    assert cn_exports.PATSNAP_READER.sniff(path.name, head)
    assert not cn_exports.INCOPAT_READER.sniff(path.name, head)
    items = read_all(cn_exports.PATSNAP_READER, file_source(path))
    mengniu, bright = parsed(items)
    assert [i.location.row for i in items] == [3, 4]
    assert mengniu.application_number == "201810835208.3"
    assert mengniu.filing_date == dt.date(2018, 7, 26)
    [owner] = [p for p in mengniu.parties if p.role is PartyRole.OWNER]
    assert (owner.role, owner.name) == (PartyRole.OWNER, "内蒙古蒙牛乳业(集团)股份有限公司")
    assert owner.region_code == "150123"
    assert owner.party_type is PartyType.ENTERPRISE
    assert names(mengniu, PartyRole.INVENTOR) == DAIRY["cn-dairy-071"]["inventors"]
    assert mengniu.extra["simple_legal_status"] == "审中"
    assert mengniu.extra["cited_by"] == ["CN110800000A", "CN111000000A"]
    assert mengniu.extra["cited_by_count"] == "2"
    assert mengniu.extra["strategic_emerging_industry"] == ["4 生物产业"]
    assert bright.filing_date == dt.date(2007, 9, 26)
    assert bright.publications[0].date == dt.date(2009, 4, 1)
    assert [p.region_code for p in bright.parties if p.role is PartyRole.OWNER] == ["310112"]


def test_patsnap_csv_with_the_header_is_told_from_incopat() -> None:
    text = ",".join(PATSNAP_HEADER) + "\n"
    assert cn_exports.PATSNAP_READER.sniff("export.csv", text.encode("utf-8-sig"))
    assert not cn_exports.INCOPAT_READER.sniff("export.csv", text.encode("utf-8-sig"))
    incopat_head = INCOPAT.read_bytes()
    assert cn_exports.INCOPAT_READER.sniff(INCOPAT.name, incopat_head)
    assert not cn_exports.PATSNAP_READER.sniff(INCOPAT.name, incopat_head)


def test_macro_workbook_is_read_for_values_only(tmp_path: Path) -> None:
    path = patsnap_workbook(tmp_path / "patsnap_export.xlsx")
    macro = tmp_path / "patsnap_export.xlsm"
    macro.write_bytes(path.read_bytes())
    records = parsed(read_all(cn_exports.PATSNAP_READER, file_source(macro)))
    assert [r.publications[0].number for r in records] == ["CN108935665A", "CN101396045A"]


def test_uscc_check() -> None:
    assert is_valid_uscc("91150100MA0MENGNU" + uscc_check("91150100MA0MENGNU"))
    assert not is_valid_uscc("91310000132226001X")
    assert not is_valid_uscc("91150100MA0MENGNO")  # O is not in the alphabet


def test_no_known_header_is_one_rejection() -> None:
    data = io.BytesIO("甲,乙\n1,2\n".encode()).getvalue()
    [item] = read_all(cn_exports.INCOPAT_READER, bytes_source(data))
    assert rejected([item])[0].reason.startswith("no header row of a known")
