"""WIPO PATENTSCOPE export: the real CSV, and an XLSX built from its first rows.

Expected values were read by hand from ``patentscope_pizza.csv`` (line = the file's line).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from ipcenter.ingest import patentscope
from ipcenter.ingest.records import Item
from ipcenter.rights import PartyRole, PatentType
from tests.ingest.tabular_helpers import (
    SAMPLES,
    by_publication,
    bytes_source,
    file_source,
    names,
    parsed,
    read_all,
    rejected,
)

SAMPLE = SAMPLES / "patentscope_pizza.csv"


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return read_all(patentscope.READER, file_source(SAMPLE))


def test_counts(items: list[Item]) -> None:
    assert len(items) == 10_000
    bad = rejected(items)
    # 23 Mexican numbers (mxMX/a/2008/013315, mxPA/a/…) are application-style numbers that no
    # publication-number spelling takes: quarantined with the reason, the rest loads.
    assert len(bad) == 23
    assert {b.field for b in bad} == {"Publication Number"}
    assert bad[0].location.line == 852
    assert bad[0].raw.startswith("mxMX/a/2008/013315,28.01.2009,PIZZA WITH SEGMENTED CRUST")


def test_first_rows(items: list[Item]) -> None:
    find = by_publication(parsed(items))
    first = find("US20090208610")  # line 2
    assert first.publications[0].date == dt.date(2009, 8, 21)
    assert first.titles == {"en": "PIZZA"}
    assert [(c.country, c.number, c.date) for c in first.priorities] == [
        ("ES", "200402236U", dt.date(2004, 10, 1))
    ]
    assert first.ipc == ["A21D 13/00", "A23L 1/16"]  # listed twice each in the file
    assert names(first, PartyRole.APPLICANT) == []  # "NA"
    assert names(first, PartyRole.INVENTOR) == ["Sanchez Zarzoso Maria Isabel"]
    # No kind code anywhere: the type is assumed and says so.
    assert first.type is PatentType.INVENTION and first.extra["patent_type_assumed"] is True
    ep = find("EP1820402")  # line 5: two Spanish priorities
    assert [(c.number, c.date) for c in ep.priorities] == [
        ("200402236U", dt.date(2004, 10, 1)),
        ("2005070132", dt.date(2005, 9, 23)),
    ]
    assert names(ep, PartyRole.APPLICANT) == ["LAZARILLO DE TORMES S L"]
    wo = find("WO2002014184")  # line 7: dd.mm.yyyy inside the priority
    assert [(c.country, c.number, c.date) for c in wo.priorities] == [
        ("US", "60/225,166", dt.date(2000, 8, 14))
    ]
    kr = find("KR1020010067590")  # line 693: lower-case office code in the file
    assert kr.jurisdiction == "KR"
    cn = find("CN102630714")  # line 715
    assert names(cn, PartyRole.APPLICANT)[0] == "Suzhou Institute of Trade & Commerce"


def _first_rows(count: int) -> list[list[str]]:
    text = SAMPLE.read_bytes().decode("mac_roman")
    return list(csv.reader(io.StringIO(text, newline="")))[:count]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_export_of_the_same_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [list(r) for r in _first_rows(6)]
    rows[1][1] = dt.datetime(2009, 8, 21)  # a date cell, as Excel stores it
    rows[2][1] = 41663  # an Excel serial: 2014-01-24
    path = tmp_path / "patentscope_export.xlsx"
    path.write_bytes(_xlsx(rows))
    assert patentscope.READER.sniff(path.name, path.read_bytes()[:65536])
    items = read_all(patentscope.READER, file_source(path))
    records = parsed(items)
    assert [r.publications[0].number for r in records] == [
        "US20090208610",
        "US20140020570",
        "US20130239763",
        "EP1820402",
        "US20030024843",
    ]
    assert records[0].publications[0].date == dt.date(2009, 8, 21)
    assert records[1].publications[0].date == dt.date(2014, 1, 24)
    assert [i.location.row for i in items] == [2, 3, 4, 5, 6]


def test_legacy_xls_is_refused_with_a_message() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    [item] = read_all(patentscope.READER, bytes_source(ole, "patentscope.xls"))
    assert rejected([item]) and "(.xls) are not read" in rejected([item])[0].reason
