"""Espacenet CSV export with citation columns (real sample, values read by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.ingest import espacenet
from ipcenter.rights import PartyRole, PartyType, PatentIn, PatentType
from tests.ingest.tabular_helpers import (
    SAMPLES,
    by_publication,
    file_source,
    names,
    parsed,
    read_all,
    rejected,
)

SAMPLE = SAMPLES / "espacenet_pizza_2009_2012.csv"


@pytest.fixture(scope="module")
def records() -> list[PatentIn]:
    items = read_all(espacenet.READER, file_source(SAMPLE))
    assert not rejected(items)
    return parsed(items)


def test_all_rows_and_citation_count(records: list[PatentIn]) -> None:
    assert len(records) == 428
    # SOURCES.md: 135 rows have search-report citations.
    with_search_report = [
        r for r in records if any(c.category == "search_report" for c in r.citations)
    ]
    assert len(with_search_report) == 135


def test_line_2_country_marks_and_docdb_numbers(records: list[PatentIn]) -> None:
    record = records[0]  # line 2: UA62543 (U)
    assert [(p.number, p.date) for p in record.publications] == [("UA62543U", dt.date(2011, 8, 25))]
    assert record.filing_date == dt.date(2011, 6, 10)
    # The en space before "[UA]" was mojibake (â€‚) in the file; the mark becomes the country.
    assert names(record, PartyRole.APPLICANT) == [
        "SEREDIUK TARAS LEONIDOVYCH",
        "SEREDIUK OKSANA IVANIVNA",
    ]
    assert {p.country for p in record.parties} == {"UA"}
    assert record.ipc == ["A21D8/00", "A23P1/00"]
    assert record.type is PatentType.UTILITY_MODEL  # kind U
    assert record.application_number is None  # DOCDB spelling of a UA number: kept aside
    assert record.extra["application_number_docdb"] == "UA20110007354U"


def test_taiwan_university_and_cn_conversion(records: list[PatentIn]) -> None:
    find = by_publication(records)
    tw = find("TWM391841U")  # line 4
    assert names(tw, PartyRole.APPLICANT) == ["UNIV YUANPEI"]
    assert tw.parties[0].party_type is PartyType.UNIVERSITY
    assert names(tw, PartyRole.INVENTOR) == ["CHEN WEI-CHING", "CHANG CHE-WEI"]
    cn = find("CN201280327Y")  # line 374: application CN20082137630U
    # 200820137630: 2·2+0·3+0·4+8·5+2·6+0·7+1·8+3·9+7·2+6·3+3·4+0·5 = 135; 135 mod 11 = 3.
    assert cn.application_number == "200820137630.3"


def test_line_423_two_publications_and_citation_categories(records: list[PatentIn]) -> None:
    record = by_publication(records)("EP2164334B1")
    assert [p.number for p in record.publications] == ["EP2164334B1", "EP2164334A2"]
    assert record.application_number == "EP08751305"  # DOCDB EP20080751305
    assert record.cpc == ["A21C11/006", "A21C11/008", "A21C11/10"]
    assert [(c.country, c.number, c.date) for c in record.priorities] == [
        ("WO", "2008IB52027", dt.date(2008, 5, 22)),
        ("IT", "2007VI00148", dt.date(2007, 5, 23)),
    ]
    categories = [c.category for c in record.citations]
    assert categories.count("applicant") == 2
    assert categories.count("international_search") == 8
    assert record.parties[0].party_type is PartyType.ENTERPRISE  # ITECA S P A
