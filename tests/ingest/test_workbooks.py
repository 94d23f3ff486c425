"""Workbooks without a telling file name are read by the format their header shows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from ipcenter.ingest import formats, workbooks
from tests.ingest.tabular_helpers import (
    SAMPLES,
    bytes_source,
    file_source,
    parsed,
    read_all,
    rejected,
)
from tests.ingest.test_cn_exports import patsnap_workbook


def _save(rows: list[list[object]], path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_an_unnamed_patsnap_workbook_is_detected_and_read(tmp_path: Path) -> None:
    path = patsnap_workbook(tmp_path / "导出结果.xlsx")
    reader = formats.detect(path.name, path.read_bytes()[:65536])
    assert reader is workbooks.READER
    records = parsed(read_all(reader, file_source(path)))
    assert [r.publications[0].number for r in records] == ["CN108935665A", "CN101396045A"]
    assert {r.source for r in records} == {"patsnap"}


def test_an_unnamed_patentscope_workbook(tmp_path: Path) -> None:
    text = (SAMPLES / "patentscope_pizza.csv").read_bytes().decode("mac_roman")
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""))][:4]
    path = _save(rows, tmp_path / "results.xlsx")
    records = parsed(read_all(workbooks.READER, file_source(path)))
    assert [r.publications[0].number for r in records] == [
        "US20090208610",
        "US20140020570",
        "US20130239763",
    ]
    assert {r.source for r in records} == {"patentscope"}


def test_unknown_header_old_xls_and_broken_zip_are_one_rejection_each(tmp_path: Path) -> None:
    unknown = _save([["甲", "乙"], [1, 2]], tmp_path / "a.xlsx")
    [item] = read_all(workbooks.READER, file_source(unknown))
    assert item.reason == "the workbook's first rows hold the header of no known export"  # type: ignore[union-attr]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert workbooks.READER.sniff("old.xls", ole)
    [old] = rejected(read_all(workbooks.READER, bytes_source(ole, "old.xls")))
    assert "(.xls) are not read" in old.reason
    broken = bytes_source(unknown.read_bytes()[:200], "b.xlsx")
    [bad] = rejected(read_all(workbooks.READER, broken))
    assert bad.reason == "the workbook cannot be opened: {error}"
