"""The two gathered JSON-lines sets (real files) and the rejection of bad lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ipcenter.ingest import jsonl
from ipcenter.ingest.records import Item
from ipcenter.rights import PartyRole, PartyType, PatentType
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

DAIRY = SAMPLES / "cn_dairy_patents.jsonl"
BIOPAT = SAMPLES / "biopat_patents.jsonl"


@pytest.fixture(scope="module")
def dairy() -> list[Item]:
    return read_all(jsonl.READER, file_source(DAIRY))


def test_all_123_dairy_records_load(dairy: list[Item]) -> None:
    assert len(parsed(dairy)) == 123 and not rejected(dairy)


def test_dairy_line_1(dairy: list[Item]) -> None:
    record = parsed(dairy)[0]
    # "01122282" with the check digit the file itself notes: computed_check_digit_not_from_source 4.
    assert record.application_number == "01122282.4"
    assert [p.number for p in record.publications] == ["CN1382786A", "CN1197949C"]
    assert record.titles == {"en": "Fresh milk wine and its preparing process"}
    assert names(record, PartyRole.APPLICANT) == []  # Google's placeholder "Individual"
    assert record.extra["applicant_label"] == "Individual"
    assert names(record, PartyRole.INVENTOR) == ["孔令皙"]
    assert record.extra["legal_status"] == "Expired - Fee Related"
    assert record.source == "https://patents.google.com/patent/CN1382786A/en"


def test_dairy_records_with_dates_and_agency(dairy: list[Item]) -> None:
    find = by_publication(parsed(dairy))
    old = find("CN87211790U")  # line 111: an 8-digit 1987 application
    assert old.application_number == "87211790.1"
    assert old.filing_date == dt.date(1987, 8, 18)
    assert old.publications[0].date == dt.date(1988, 11, 2)
    assert old.titles == {"zh": "模拟奶牛乳房"}
    assert old.parties[0].party_type is PartyType.RESEARCH_INSTITUTE  # 北京市农业机械研究所
    assert old.ipc == ["G01F15/02"]
    mengniu = find("CN108935665A")  # line 71
    assert mengniu.application_number == "201810835208.3"
    assert names(mengniu, PartyRole.AGENT) == ["北京清亦华知识产权代理事务所(普通合伙) 11201"]
    assert len(names(mengniu, PartyRole.INVENTOR)) == 12
    calf = find("CN101049116A")  # line 9: partial CPC as Google listed it
    assert calf.cpc == ["Y02P60/00", "Y02P60/80", "Y02P60/87"]
    assert calf.extra["cpc_is_partial"] is True
    assert calf.application_number == "200710097789.7"
    no_application = find("CN101642169A")  # line 113: no application number in the source
    assert no_application.application_number is None


def test_biopat() -> None:
    records = parsed(read_all(jsonl.READER, file_source(BIOPAT)))
    assert len(records) == 1984
    first = records[0]
    assert [p.number for p in first.publications] == ["US8637286"]
    assert first.titles == {"en": "Methods for increasing product yields"}
    assert first.abstracts["en"].startswith("A non-naturally occurring microbial organism")
    assert first.type is PatentType.INVENTION
    assert records[4].publications[0].number == "US11578343"
    assert records[4].titles["en"] == "CAS9 proteins including ligand-dependent inteins"


def test_bad_lines_are_rejected_with_their_reason() -> None:
    lines = [
        json.dumps({"record_id": "x1", "application_number": "201810835208.4"}),
        json.dumps({"record_id": "x2", "publication_numbers": [], "application_number": None}),
        "{not json",
        "[1, 2]",
        json.dumps({"something": "else"}),
        json.dumps({"id": "", "title": "t", "text": "a"}),
        json.dumps({"record_id": "x3", "application_number": "87211790", "application_date": "x"}),
    ]
    items = read_all(jsonl.READER, bytes_source("\n".join(lines).encode(), "bad.jsonl"))
    bad = rejected(items)
    assert [b.location.line for b in bad] == [1, 2, 3, 4, 5, 6, 7]
    assert bad[0].reason == "check digit mismatch" and bad[0].field == "application_number"
    assert bad[1].reason == "the record has neither a publication number nor an application number"
    assert bad[2].reason == "the line is not valid JSON: {error}"
    assert bad[3].reason == "the line holds no JSON object"
    assert bad[4].reason == "the object has the keys of no known record set"
    assert bad[5].field == "id"
    assert (bad[6].field, bad[6].reason) == ("application_date", "cannot read {value!r} as a date")
    assert bad[2].raw == "{not json"


def test_sniff() -> None:
    assert jsonl.READER.sniff(DAIRY.name, DAIRY.read_bytes()[:65536])
    assert jsonl.READER.sniff(BIOPAT.name, BIOPAT.read_bytes()[:65536])
    assert not jsonl.READER.sniff("x.jsonl", b'{"application_number": "x", "events": []}\n')
