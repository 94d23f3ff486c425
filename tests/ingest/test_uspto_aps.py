"""Reader uspto-aps on the three Green Book samples; values read from the raw files by hand."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest.records import Rejected
from ipcenter.ingest.uspto_aps import READER
from ipcenter.rights import PartyRole, PatentType
from tests.ingest.uspto_helpers import bytes_source, citation_counts, names, only

D = dt.date


def test_us3932709_numbers_from_wku_apn_and_series_code() -> None:
    record = only(READER, "greenbook__US03932709.greenbook")
    # WKU 039327094: 8-character number + check character; SRC 5 + APN 449155(6).
    assert [(p.number, p.date) for p in record.publications] == [("US3932709A", D(1976, 1, 13))]
    assert record.grant_date == D(1976, 1, 13)
    assert (record.application_number, record.filing_date) == ("05449155", D(1974, 3, 7))
    assert record.type is PatentType.INVENTION
    assert record.titles == {"en": "Electronic business telephone"}
    assert [(p.name, p.country) for p in record.parties if p.role is PartyRole.INVENTOR] == [
        ("Don G. Hoff", "US"),
        ("Patrick Young", "US"),
    ]
    assert names(record, PartyRole.OWNER) == ["General Teletronics Incorporated"]
    assert names(record, PartyRole.AGENT) == ["Flehr, Hohbach, Test, Albritton & Herbert"]
    assert record.ipc == ["H04M 11/00"]  # ICL "H04M 1100"
    assert record.extra["us_classification"]["main"] == "179 90K"
    assert len(record.claims["en"]) == 17
    assert record.claims["en"][0].startswith("1. An electronic communications terminal comprising")
    assert citation_counts(record) == (9, 0)
    assert record.citations[0].number == "US3518629"
    # RLAP: a continuation-in-part (COD 72) of application 351,745 filed 1973-04-16.
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("US", "351745", D(1973, 4, 16))
    ]
    assert record.extra["related_documents"][0]["cod"] == "72"
    assert record.extra["examiners"] == {
        "primary": "Kathleen H. Claffy",
        "assistant": "George G. Stellar",
        "art_unit": "232",
    }


def test_us3937375_without_assignee() -> None:
    record = only(READER, "greenbook__US03937375.greenbook")
    assert [(p.number, p.date) for p in record.publications] == [("US3937375A", D(1976, 2, 10))]
    assert (record.application_number, record.filing_date) == ("05518454", D(1974, 10, 29))
    assert record.titles["en"] == "Bumper support for a boat loader"
    assert names(record, PartyRole.INVENTOR) == ["Everette E. Daniels"]
    assert names(record, PartyRole.OWNER) == []
    assert record.ipc == ["B60R 9/00"]  # ICL "B60R  900"
    assert len(record.claims["en"]) == 3
    assert citation_counts(record) == (5, 0)
    assert record.abstracts["en"].startswith(
        "A unit mountable on a rear bumper of a vehicle, and which does not interfere"
    )
    assert record.extra["examiners"]["primary"] == "John J. Love"


def test_us4347903_foreign_inventors_priority_and_pct() -> None:
    record = only(READER, "greenbook__US04347903.greenbook")
    assert [(p.number, p.date) for p in record.publications] == [("US4347903A", D(1982, 9, 7))]
    assert (record.application_number, record.filing_date) == ("06192529", D(1980, 3, 10))
    assert record.titles["en"] == "Electronic reading balance"
    inventors = [(p.name, p.country) for p in record.parties if p.role is PartyRole.INVENTOR]
    assert (len(inventors), inventors[0], inventors[-1]) == (
        8,
        ("Shozo Yano", "JP"),  # CNT JPX
        ("Tadashi Nagaoka", "JP"),
    )
    assert [(p.name, p.country) for p in record.parties if p.role is PartyRole.OWNER] == [
        ("Shimadzu Corporation", "JP")
    ]
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("JP", "53/84696", D(1978, 7, 10))
    ]
    assert record.ipc == ["G01G 19/04", "G01G 23/10", "G06F 7/28"]
    assert len(record.claims["en"]) == 3
    assert citation_counts(record) == (3, 0)
    assert names(record, PartyRole.AGENT) == ["George B. Oujevolk"]
    assert record.extra["pct"]["pcn"] == "PCT/JP79/00178"
    assert record.extra["pct"]["pcp"] == "WO80/00272"
    assert record.extra["examiners"]["primary"] == "George H. Miller, Jr."


def test_records_split_at_patn_and_a_bad_wku_is_rejected() -> None:
    data = (
        b"PATN\nWKU  12345\nAPN  1234567\nSRC  5\nAPD  19740101\nISD  19760101\n"
        b"PATN\nWKU  039373754\nSRC  5\nAPN  5184541\nAPT  1\nAPD  19741029\nISD  19760210\n"
        b"TTL  Bumper support\n"
    )
    first, second = READER.read(bytes_source(data, "x.greenbook"))
    assert isinstance(first, Rejected)
    assert (first.field, first.location.line) == ("WKU", 1)
    assert "WKU  12345" in first.raw
    assert not isinstance(second, Rejected)
    assert second.location.line == 7
    assert second.record.publications[0].number == "US3937375A"


def test_a_bad_date_is_rejected_naming_the_field() -> None:
    data = b"PATN\nWKU  039373754\nSRC  5\nAPN  5184541\nAPD  19741329\nISD  19760210\n"
    (item,) = READER.read(bytes_source(data, "x.greenbook"))
    assert isinstance(item, Rejected)
    assert item.field == "filing_date"
    assert item.params == {"value": "19741329"}


def test_text_before_the_first_record_is_one_rejected_item() -> None:
    data = b"a header line\nPATN\nWKU  039373754\nSRC  5\nAPN  5184541\nAPD  19741029\n"
    assert READER.sniff("x.txt", data)
    first, second = READER.read(bytes_source(data, "x.txt"))
    assert isinstance(first, Rejected)
    assert (first.reason, first.params) == (
        "text before the first {marker} record",
        {"marker": "PATN"},
    )
    assert not isinstance(second, Rejected)
    assert second.record.application_number == "05518454"
