"""CNIPA legal-event lists (constructed GB18030 fixture; texts as CNIPA words them)."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.core.refdata import load_table
from ipcenter.ingest import cnipa_events
from ipcenter.ingest.cnipa_events import code_for
from tests.ingest.tabular_helpers import (
    FIXTURES,
    bytes_source,
    events,
    file_source,
    read_all,
    rejected,
)

FIXTURE = FIXTURES / "cnipa_events.csv"


def test_events_keyed_by_application_number() -> None:
    items = read_all(cnipa_events.READER, file_source(FIXTURE))
    found = events(items)
    assert [(e.number, e.events[0].date, e.events[0].code) for e in found] == [
        ("201810835208.3", dt.date(2018, 12, 7), "PB01"),
        ("201810835208.3", dt.date(2019, 1, 1), "SE01"),
        ("201810835208.3", dt.date(2019, 6, 4), "TR01"),  # undotted number, details after
        ("200710046424.1", dt.date(2009, 4, 1), "PB01"),  # a code given as such
        ("200710046424.1", dt.date(2012, 8, 8), "GR01"),
        ("200710046424.1", dt.date(2019, 1, 1), "PE01"),
        ("200710046424.1", dt.date(2021, 9, 10), "CF01"),
        ("200710046424.1", dt.date(2021, 10, 10), "著录事项变更"),  # unmapped: kept as it is
    ]
    assert all(e.jurisdiction == "CN" for e in found)
    assert found[3].events[0].text == "公布"  # the code's text from legal_event_codes.csv
    assert found[2].events[0].text == "专利申请权、专利权的转移 登记生效日：2019.05.15"
    wrong_digit, no_date = rejected(items)
    assert (wrong_digit.location.line, wrong_digit.field) == (10, "申请号")
    assert wrong_digit.reason == "check digit mismatch"
    assert (no_date.location.line, no_date.field) == (11, "事务数据公告日")
    assert no_date.raw == "10,200710046424.1,,授权"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("公布", "PB01"),
        ("实质审查的生效", "SE01"),
        ("授权", "GR01"),
        ("未缴年费专利权终止", "CF01"),
        ("发明专利申请公布后的驳回", "RJ01"),
        ("发明专利申请公布后的视为撤回", "WD01"),
        ("专利权的转移", "TR01"),
        ("专利权质押合同登记的生效", "PE01"),
        ("专利实施许可合同备案的生效", "EE01"),
    ],
)
def test_texts_of_the_notes(text: str, code: str) -> None:
    # registry_stats.md §4.1 and data/rights/legal_event_codes.csv.
    assert code_for(text) == code


def test_every_code_of_the_text_table_has_a_status_effect() -> None:
    effects = {row["code"] for row in load_table("rights/legal_event_codes.csv").rows}
    mapped = {row["code"] for row in load_table("ingest/cnipa_event_texts.csv").rows}
    assert mapped <= effects


def test_legal_status_list_with_codes() -> None:
    text = "申请号,法律状态公告日,法律状态,法律状态信息\n201810835208.3,2018-12-07,PB01,公开\n"
    [item] = events(read_all(cnipa_events.READER, bytes_source(text.encode("utf-8"))))
    assert (item.number, item.events[0].code) == ("201810835208.3", "PB01")
    assert cnipa_events.READER.sniff("x.csv", text.encode("utf-8"))
    assert cnipa_events.READER.sniff(FIXTURE.name, FIXTURE.read_bytes())
