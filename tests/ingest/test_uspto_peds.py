"""Reader uspto-peds on the prosecution files; values read from the raw lines by hand."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest.records import Rejected
from ipcenter.ingest.uspto_peds import READER, group_claims
from ipcenter.rights import PatentType
from tests.ingest.uspto_helpers import PROSECUTION, bytes_source, records

D = dt.date


def test_peds_sample_first_record() -> None:
    found = records(READER, PROSECUTION / "uspto_peds_sample.jsonl")
    assert len(found) == 99
    first = found[0]
    assert (first.application_number, first.filing_date) == ("16100000", D(2018, 11, 8))
    assert first.titles["en"] == (
        "A SYSTEM AND METHOD FOR EFFICIENT AND SECURE IMPLEMENTATION OF LS-DESIGNS"
    )
    assert [p.number for p in first.publications] == ["US10992470"]
    assert first.type is PatentType.INVENTION
    assert [(e.date, e.code, e.text) for e in first.legal_events] == [
        (D(2021, 1, 6), "MCTFR", "Mail Final Rejection (PTOL - 326)"),
        (D(2020, 12, 31), "CTFR", "Final Rejection"),
        (D(2020, 8, 27), "MCTNF", "Mail Non-Final Rejection"),
        (D(2020, 8, 16), "CTNF", "Non-Final Rejection"),
    ]
    assert {e.source for e in first.legal_events} == {"USPTO PEDS"}
    assert first.extra["examiner_name"] == "TRUONG, THONG P"
    assert first.extra["art_unit"] == "2433"
    assert first.extra["status"] == "Patented Case"
    assert first.extra["total_events_in_file"] == 54


def test_peds_expanded_has_pending_applications_without_patent_number() -> None:
    found = records(READER, PROSECUTION / "uspto_peds_expanded.jsonl")
    assert len(found) == 321
    # 18100006 is the fifth line; its patent_number is "".
    pending = found[4]
    assert pending.application_number == "18100006"
    assert pending.publications == []


def test_specifications_regroup_claim_elements_into_claims() -> None:
    found = records(READER, PROSECUTION / "specifications.jsonl")
    assert [r.application_number for r in found] == [
        "17100019",
        "16100020",
        "16100001",
        "16100006",
        "16100010",
    ]
    first = found[0]
    assert first.titles["en"] == (
        "SYSTEM AND METHOD FOR ANALYSIS OF STRUCTURED AND UNSTRUCTURED DATA"
    )
    claims = first.claims["en"]
    # 35 paragraphs, claims 1 to 20.
    assert len(claims) == 20
    assert claims[0].startswith("1 . A computer-implemented method for analyzing")
    assert claims[-1].startswith("20 . The system of claim 18")
    # 16100020's list opens with "1 - 31 . (canceled)", then claims 32 to 57.
    second = found[1].claims["en"]
    assert (len(second), second[0]) == (27, "1 - 31 . (canceled)")
    assert second[1].startswith("32 . A prefilled syringe")
    assert second[-1].startswith("57 . A prefilled syringe")


def test_group_claims_keeps_a_claim_without_elements() -> None:
    assert group_claims(
        ["What is claimed is: 1 . A, comprising:", "b;", "2 . The A of claim 1."]
    ) == [
        "1 . A, comprising: b;",
        "2 . The A of claim 1.",
    ]


def test_bad_lines_are_rejected_and_the_next_line_still_reads() -> None:
    data = (
        b'{"application_number": "16100000", "patent_title": "X", "prosecution_events": 5}\n'
        b"not json\n"
        b"[1, 2]\n"
        b'{"patent_title": "no number", "prosecution_events": []}\n'
        b'{"application_number": "16100000", "patent_title": "X", "filing_date": "2018-13-01"}\n'
        b'{"application_number": "16100001", "patent_title": "Y", "prosecution_events": []}\n'
    )
    found = list(READER.read(bytes_source(data, "x.jsonl")))
    assert [type(i).__name__ for i in found] == ["Rejected"] * 5 + ["Parsed"]
    reasons = [i.field for i in found if isinstance(i, Rejected)]
    assert reasons == ["prosecution_events", None, None, "application_number", "filing_date"]
    assert [i.location.line for i in found] == [1, 2, 3, 4, 5, 6]
