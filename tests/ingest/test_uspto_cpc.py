"""The CPC Master Classification File reader and the recognised-but-refused scheme files."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest.formats import detect
from ipcenter.ingest.records import Parsed, Rejected
from ipcenter.ingest.uspto_cpc import MASTER_READER, SCHEME_READER
from tests.ingest.uspto_helpers import USPTO, bytes_source, items


def test_master_record_gives_the_patent_and_its_current_cpc() -> None:
    (item,) = items(MASTER_READER, USPTO / "cpcMaster__cpcMaster.xml")
    assert isinstance(item, Parsed)
    record = item.record
    assert record.application_number == "13897484"
    assert [(p.number, p.date) for p in record.publications] == [
        ("US9400000B2", dt.date(2016, 7, 26))
    ]
    # MainCPC F04D 29/703, then the FurtherCPC symbols in file order.
    assert record.cpc == [
        "F04D 29/703",
        "F04D 17/08",
        "F04D 25/06",
        "F04D 25/0613",
        "F04D 25/08",
        "F04D 29/403",
        "F04D 29/4206",
        "F04D 29/4213",
        "F04D 29/4226",
    ]
    assert item.location.line == 8


def test_a_truncated_master_file_keeps_the_records_before_the_break() -> None:
    data = (USPTO / "cpcMaster__cpcMaster.xml").read_bytes()
    body_start = data.index(b"<uspat:CPCMasterClassificationRecord>")
    body_end = data.index(b"</uspat:CPCMasterClassificationRecord>") + len(
        b"</uspat:CPCMasterClassificationRecord>"
    )
    record = data[body_start:body_end]
    truncated = data[:body_end] + b"\n" + record + b"\n" + record[:300]
    found = list(MASTER_READER.read(bytes_source(truncated)))
    assert [type(i) for i in found] == [Parsed, Parsed, Rejected]
    assert found[-1].reason.startswith("the XML document is not well-formed")


def test_scheme_files_are_recognised_and_reported_as_not_patent_records() -> None:
    path = USPTO / "cpcScheme__cpc-scheme-A01L.xml"
    assert detect(path.name, path.read_bytes()[:65536]) is SCHEME_READER
    (item,) = items(SCHEME_READER, path)
    assert isinstance(item, Rejected)
    assert "not patent records" in item.reason
    assert item.raw.startswith('<?xml version="1.0" encoding="UTF-8"?>')
