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

from ipcenter.ingest import patentscope, render_reason
from ipcenter.ingest.records import Item, Parsed
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
    assert rejected(items) == []  # the 23 Mexican rows included (test_mexican_rows)


# The rows whose Publication Number starts "mx", counted in the file: 8 of the MX series, 15 of
# the PA series (IMPI application numbers; Mexico publishes applications under them).
MX_SERIES = {
    852: "MX/a/2008/013315",
    882: "MX/a/2010/001257",
    903: "MX/a/2009/009078",
    2788: "MX/a/2007/013229",
    2989: "MX/a/2008/013344",
    2990: "MX/a/2010/008180",
    3497: "MX/a/2007/006774",
    3498: "MX/a/2007/009111",
}
PA_SERIES = {
    988: "PA/a/2005/008192",
    989: "PA/a/2001/007421",
    1129: "PA/a/1999/000937",
    1147: "PA/a/1999/003644",
    1187: "PA/a/2000/006942",
    1854: "PA/a/1998/009855",
    1984: "PA/a/2003/001933",
    2543: "PA/a/2006/011857",
    2787: "PA/a/2006/003463",
    2789: "PA/a/2006/010691",
    2791: "PA/a/2001/005507",
    2987: "PA/a/2006/004294",
    2988: "PA/a/2006/007222",
    3006: "PA/a/1999/007140",
    3496: "PA/a/2005/010226",
}


def test_mexican_rows(items: list[Item]) -> None:
    """The 23 rows with a Mexican application number as publication number (lines counted in
    the file, listed above) are kept under that number, in IMPI's spelling.

    MX-series ones also get their DOCDB publication number, MX + year + serial: line 3498
    ``mxMX/a/2007/009111`` BLENDABLE CHEESE SNACK is ``MX2007009111 (A)`` in
    espacenet_pizza_2009_2012.csv. PA-series ones have no publication number (no sample gives
    their DOCDB spelling); their publication date goes to ``extra``."""
    mexican = {
        item.location.line: item.record
        for item in items
        if isinstance(item, Parsed) and item.record.jurisdiction == "MX"
    }
    assert len(mexican) == 23
    assert {line: r.application_number for line, r in mexican.items()} == MX_SERIES | PA_SERIES
    cheese = mexican[3498]
    assert cheese.titles == {"en": "BLENDABLE CHEESE SNACK"}
    assert [(p.number, p.date) for p in cheese.publications] == [
        ("MX2007009111", dt.date(2009, 5, 14))
    ]
    assert cheese.extra["publication_number_as_exported"] == "mxMX/a/2007/009111"
    assert all(len(mexican[line].publications) == 1 for line in MX_SERIES)
    crust = mexican[988]  # mxPA/a/2005/008192,25.07.2006,PIZZA AND CRUST HAVING AN IRREGULAR EDGE
    assert crust.publications == []
    assert crust.extra["publication_number_as_exported"] == "mxPA/a/2005/008192"
    assert crust.extra["publication_date"] == "2006-07-25"
    assert all(mexican[line].publications == [] for line in PA_SERIES)


def test_a_bad_mexican_number_names_the_column_and_the_value() -> None:
    """A Mexican-looking number with a 7-digit serial (IMPI's serials have 6 digits)."""
    header = SAMPLE.read_bytes().split(b"\r", 1)[0]
    row = b"mxMX/a/2007/0091110,14.05.2009,BLENDABLE CHEESE SNACK,NA,NA,NA,NA,NA"
    [bad] = rejected(read_all(patentscope.READER, bytes_source(header + b"\r" + row)))
    assert bad.field == "Publication Number"
    message = render_reason(bad.reason, bad.params, lambda text: text)
    assert message == (
        "'mxMX/a/2007/0091110' in Publication Number is not a Mexican application number: "
        "the serial 0091110 has more than 6 digits"
    )


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
