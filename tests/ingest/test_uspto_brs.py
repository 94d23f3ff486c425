"""Reader uspto-brs on the six-record BRS sample; values read from the raw file by hand."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest.uspto_brs import READER
from ipcenter.rights import PartyRole
from tests.ingest.uspto_helpers import USPTO, categories, citation_counts, items, names, records

D = dt.date
SAMPLE = USPTO / "css_brs__css_brs_sample.txt"


def test_six_records_with_their_numbers_and_claim_counts() -> None:
    found = records(READER, SAMPLE)
    assert [r.publications[0].number for r in found] == [f"US920458{i}B2" for i in range(1, 7)]
    assert [len(r.claims["en"]) for r in found] == [20, 20, 18, 17, 20, 16]
    assert [r.application_number for r in found] == [
        "13676098",
        "14577134",
        "13483436",
        "13970609",
        "14148417",
        "13154837",
    ]
    # The summary line of each record is where its location points.
    assert [item.location.line for item in items(READER, SAMPLE)] == [
        1,
        700,
        1930,
        2542,
        3281,
        4237,
    ]


def test_first_record_in_full() -> None:
    record = records(READER, SAMPLE)[0]
    assert [(p.number, p.date) for p in record.publications] == [
        ("US9204581B2", D(2015, 12, 1)),
        ("US20130120958A1", D(2013, 5, 16)),  # PPNR/PPKC/PPPD
    ]
    assert (record.filing_date, record.grant_date) == (D(2012, 11, 14), D(2015, 12, 1))
    assert record.titles["en"] == (
        "Method for performing chip level electromagnetic interference reduction, "
        "and associated apparatus"
    )
    assert names(record, PartyRole.APPLICANT) == ["MEDIATEK INC."]
    assert [(p.name, p.country) for p in record.parties if p.role is PartyRole.INVENTOR] == [
        ("Long-Kun Yu", "TW"),
        ("Kuo-Liang Deng", "TW"),
    ]
    assert names(record, PartyRole.OWNER) == ["MEDIATEK INC."]
    assert names(record, PartyRole.AGENT) == ["Winston Hsu", "Scott Margo"]
    assert (record.ipc, record.cpc) == (["H05K 9/00"], ["H05K 9/0066"])
    assert citation_counts(record) == (11, 1)  # 6 US + 5 foreign; 1 other reference
    assert categories(record) == {"cited by examiner": 7, "cited by applicant": 5}
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("US", "61559247", D(2011, 11, 14))
    ]
    assert record.extra["term_extension_days"] == 213
    assert record.claims["en"][0].startswith("1. A method for performing chip level")


def test_citation_categories_and_priorities_of_the_other_records() -> None:
    found = records(READER, SAMPLE)
    assert [citation_counts(r) for r in found] == [
        (11, 1),
        (29, 9),
        (17, 0),
        (6, 0),
        (11, 0),
        (18, 3),
    ]
    assert categories(found[1]) == {"cited by applicant": 34, "cited by examiner": 4}
    assert categories(found[5]) == {"cited by applicant": 15, "cited by examiner": 6}
    # "WO WO 2009/087872 A1 20090700" and "JP A-6-143669 19940500"
    numbers = [c.number for c in found[5].citations]
    assert "WO2009087872A1" in numbers
    assert "JPA6143669" in numbers
    assert [(p.country, p.number) for p in found[2].priorities] == [("KR", "10-2011-0055402")]
    assert names(found[2], PartyRole.OWNER) == ["SAMSUNG ELECTRONICS CO., LTD."]
    assert names(found[3], PartyRole.INVENTOR)[-1] == "Yen-Wei Liao"
    assert found[4].cpc == ["H05K 13/0084", "Y10T 29/49121"]  # CPOI then CPOA
