"""Reader uspto-xml on every XML sample; expected values were read from the raw files by hand."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest.records import Parsed
from ipcenter.ingest.uspto_xml import READER
from ipcenter.rights import PartyRole, PartyType, PatentType
from tests.ingest.uspto_helpers import USPTO, bytes_source, categories, citation_counts, names, only

D = dt.date


def test_grant_v45_us8926509() -> None:
    record = only(READER, "xml2014__US08926509.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US8926509B2", D(2015, 1, 6))]
    assert (record.application_number, record.filing_date) == ("12134151", D(2008, 6, 5))
    assert record.grant_date == D(2015, 1, 6)
    assert record.type is PatentType.INVENTION
    assert record.titles == {"en": "Wireless physiological sensor patches and systems"}
    assert record.abstracts["en"].startswith(
        "The present invention provides methods, devices, and systems for wireless physiological"
    )
    inventors = names(record, PartyRole.INVENTOR)
    assert (len(inventors), inventors[0], inventors[-1]) == (5, "Surendar Magar", "James C. Beck")
    assert names(record, PartyRole.APPLICANT) == inventors
    assert names(record, PartyRole.OWNER) == ["Hmicro, Inc."]
    assert names(record, PartyRole.AGENT) == ["Wilson Sonsini Goodrich & Rosati"]
    claims = record.claims["en"]
    assert len(claims) == 31
    assert claims[0].startswith("1. A system for measuring physiological signals, comprising: (a)")
    assert claims[-1] == (
        "31. The system of claim 27 wherein the base-ASIC chip consumes at least 50% more power "
        "than the patch-ASIC chip."
    )
    # 14 classification-ipcr elements; 27 classification-cpc elements (combination sets repeat
    # symbols), 19 distinct, the main one first.
    assert len(record.ipc) == 14
    assert (record.ipc[0], record.ipc[-1]) == ("A61B 5/00", "A61B 5/145")
    assert "H04L 29/08" in record.ipc
    assert (len(record.cpc), record.cpc[0]) == (19, "A61B 5/0205")
    assert {"G06F 19/3418", "H04L 67/125", "A61B 2560/0209"} <= set(record.cpc)
    assert citation_counts(record) == (130, 30)
    assert categories(record) == {"cited by applicant": 146, "cited by examiner": 14}
    assert record.citations[0].number == "US4313443A"
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("US", "60968023", D(2007, 8, 24))
    ]
    assert record.extra["term_extension_days"] == 605
    assert record.extra["us_classification"]["main"] == "600301"
    assert record.extra["examiners"]["primary"] == "William Thomson"


def test_grant_v45_us8927118_with_foreign_priority_and_continuations() -> None:
    record = only(READER, "xml2014__US08927118.xml")
    assert [p.number for p in record.publications] == ["US8927118B2"]
    assert (record.application_number, record.filing_date) == ("13349377", D(2012, 1, 12))
    assert record.titles["en"] == (
        "Material for organic electroluminescence device and organic electroluminescence "
        "device using the same"
    )
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("JP", "2008-148514", D(2008, 6, 5)),
        ("US", "13173486", D(2011, 6, 30)),
        ("US", "12253586", D(2008, 10, 17)),
    ]
    inventors = names(record, PartyRole.INVENTOR)
    assert (inventors[0], inventors[-1], len(inventors)) == ("Tomoki Kato", "Chishio Hosokawa", 5)
    owners = [(p.name, p.country) for p in record.parties if p.role is PartyRole.OWNER]
    assert owners == [("Idemitsu Kosan Co., Ltd.", "JP")]
    claims = record.claims["en"]
    assert len(claims) == 45
    assert claims[-1].startswith("45. The organic electroluminescence device of claim 5,")
    assert (len(record.ipc), record.ipc[0]) == (9, "H05B 33/14")
    assert (len(record.cpc), record.cpc[0]) == (14, "C07D 493/04")
    assert citation_counts(record) == (76, 28)
    assert categories(record) == {"cited by applicant": 100, "cited by examiner": 4}
    assert "term_extension_days" not in record.extra


def test_grant_v42_us7272630() -> None:
    record = only(READER, "xml2006__US07272630B2.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US7272630B2", D(2007, 9, 18))]
    assert (record.application_number, record.filing_date) == ("10991571", D(2004, 11, 18))
    assert record.titles["en"].startswith("Locating potentially identical objects across")
    inventors = names(record, PartyRole.INVENTOR)
    assert inventors == ["John R. Douceur", "Marvin M. Theimer", "Atul Adya", "William J. Bolosky"]
    # v4.2 applicants are "applicant-inventor": the same people, also as applicants.
    assert names(record, PartyRole.APPLICANT) == inventors
    assert names(record, PartyRole.OWNER) == ["Microsoft Corporation"]
    assert names(record, PartyRole.AGENT) == ["Lee & Hayes, PLLC"]
    assert record.ipc == ["G06F 15/13"]
    assert record.cpc == []
    assert len(record.claims["en"]) == 17
    assert citation_counts(record) == (78, 38)
    assert categories(record) == {"cited by other": 111, "cited by examiner": 5}
    assert record.extra["term_extension_days"] == 36
    assert [(p.number, p.date) for p in record.priorities] == [("09876376", D(2001, 6, 6))]


def test_grant_v40_us6859910_with_edition_ipc() -> None:
    record = only(READER, "xml2004__US06859910.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US6859910B2", D(2005, 2, 22))]
    assert (record.application_number, record.filing_date) == ("09832323", D(2001, 4, 10))
    assert record.titles["en"] == "Methods and systems for transactional tunneling"
    assert record.ipc == ["G06F 15/00", "G06F 17/00", "G06F 17/21", "G06F 17/24"]
    assert record.extra["ipc_edition"] == "7"
    assert names(record, PartyRole.INVENTOR) == ["John Charles Croy"]
    # v4.0 writes the assignee's orgname without an addressbook.
    assert names(record, PartyRole.OWNER) == ["Bluestreak.com"]
    agents = [(p.name, p.party_type) for p in record.parties if p.role is PartyRole.AGENT]
    assert agents[0] == ("Joseph H. Born", PartyType.INDIVIDUAL)  # first-name/last-name
    # An orgname is an organisation whatever its words look like.
    assert agents[1][0] == "Foley Hoag LLP"
    assert agents[1][1] is not PartyType.INDIVIDUAL
    assert len(record.claims["en"]) == 2
    assert citation_counts(record) == (8, 0)
    assert categories(record) == {"cited by examiner": 8}
    assert record.extra["term_extension_days"] == 802
    assert record.extra["us_classification"]["further"][3] == "705 26"


def test_application_v40_us20050004437() -> None:
    record = only(READER, "xmlApp2004__US20050004437A1.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US20050004437A1", D(2005, 1, 6))]
    assert (record.application_number, record.filing_date) == ("10830857", D(2004, 4, 23))
    assert record.grant_date is None
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("CH", "1974/01", D(2001, 10, 26)),
        ("WO", "PCT/CH02/00573", D(2002, 10, 21)),
    ]
    assert record.ipc == ["A61B 5/00"]
    assert record.extra["us_classification"] == {
        "main": "600300000",
        "further": ["128905000", "345952000"],
    }
    assert names(record, PartyRole.INVENTOR) == ["Heiner Kaufmann", "Thomas Vering"]
    assert names(record, PartyRole.OWNER) == []
    assert record.abstracts["en"] == (
        "A simulation device for playful evaluation and display of blood sugar levels, "
        "including a display, wherein the evaluation is displayed by a virtual creature."
    )
    claims = record.claims["en"]
    assert len(claims) == 10
    assert claims[-1].startswith("10. The simulation device as set forth in claim 1, wherein")


def test_pap_2001_without_xml_declaration_us20010000044() -> None:
    # This sample opens with an XHTML DOCTYPE and no XML declaration.
    record = only(READER, "pap__US20010000044A1.xml")
    assert [(p.number, p.date) for p in record.publications] == [
        ("US20010000044A1", D(2001, 3, 15))
    ]
    assert (record.application_number, record.filing_date) == ("09342866", D(1999, 6, 29))
    assert record.titles["en"] == (
        "Systems and Methods For Transacting Business Over A Global Communications Network "
        "Such As The Internet"
    )
    assert record.ipc == ["G06F 17/60"]
    assert names(record, PartyRole.INVENTOR) == ["Wayne W Lin"]
    assert len(record.claims["en"]) == 21


def test_pap_2001_us20010000943_with_named_entities() -> None:
    record = only(READER, "pap__US20010000943A1.xml")
    assert [(p.number, p.date) for p in record.publications] == [
        ("US20010000943A1", D(2001, 5, 10))
    ]
    assert (record.application_number, record.filing_date) == ("09727454", D(2000, 12, 4))
    # foreign priority, then the PCT application it continues (continuity-data)
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("JP", "11-097727", D(1999, 4, 5)),
        ("WO", "PCT/JP00/02182", D(2000, 4, 4)),
    ]
    assert record.ipc == ["H01J 1/62"]
    assert names(record, PartyRole.INVENTOR) == ["Kenichi Fukuoka", "Mitsura Eida"]
    assert names(record, PartyRole.APPLICANT) == ["Kenichi Fukuoka", "Mitsura Eida"]
    assert names(record, PartyRole.OWNER) == ["IDEMITSU KOSAN CO., LTD."]
    claims = record.claims["en"]
    assert len(claims) == 13
    # &minus; &lt; &plus; &emsp; in the source.
    assert "Min\u221220 nm<t<Min +20 nm (a)" in claims[0]


def test_pap_2001_us20010009014_continuity() -> None:
    record = only(READER, "pap__US20010009014A1.xml")
    assert record.publications[0].number == "US20010009014A1"
    assert (record.application_number, record.filing_date) == ("09777392", D(2001, 2, 5))
    assert record.ipc == ["G06F 15/16"]
    assert names(record, PartyRole.INVENTOR) == ["James A. Savage, III", "Sophie Muller"]
    assert [(p.number, p.date) for p in record.priorities] == [
        ("09432885", D(1999, 11, 2)),
        ("09312927", D(1999, 5, 17)),
        ("60128037", D(1999, 4, 6)),
    ]
    assert len(record.claims["en"]) == 55


def test_st32_grant_us6336130() -> None:
    record = only(READER, "sgml__US06336130.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US6336130B1", D(2002, 1, 1))]
    assert record.grant_date == D(2002, 1, 1)
    assert (record.application_number, record.filing_date) == ("09413215", D(1999, 10, 5))
    assert [(p.country, p.number, p.date) for p in record.priorities] == [
        ("NO", "971605", D(1997, 4, 8)),
        ("WO", "PCT/NO98/00107", D(1998, 4, 2)),
    ]
    assert record.ipc == ["G06F 15/16", "G06F 13/00"]  # "G06F 1516", "G06F 1300"
    assert record.titles["en"] == (
        "Arrangement for improving availability of services in a communication system"
    )
    assert [(p.name, p.country) for p in record.parties if p.role is PartyRole.INVENTOR] == [
        ("Thanh Van Do", "NO")
    ]
    assert names(record, PartyRole.OWNER) == ["Telefonaktiebolaget LM Ericsson (publ)"]
    assert names(record, PartyRole.AGENT) == ["Nixon & Vanderhye P.C."]
    assert len(record.claims["en"]) == 22
    assert citation_counts(record) == (6, 3)
    assert categories(record) == {"cited by examiner": 5, "cited by other": 4}
    assert record.citations[5].number == "WO9625012"
    npl = [c.text or "" for c in record.citations if c.type == "npl"]
    assert "\u2018Intelligence on Demand\u2019" in npl[0]  # &lsquo; &rsquo;
    assert record.extra["examiners"]["primary"] == "Kenneth R. Coulter"


def test_st32_grant_us6337117() -> None:
    record = only(READER, "sgml__US06337117.xml")
    assert [(p.number, p.date) for p in record.publications] == [("US6337117B1", D(2002, 1, 8))]
    assert (record.application_number, record.filing_date) == ("09343526", D(1999, 6, 30))
    assert [p.number for p in record.priorities] == [
        "10-186098",
        "10-252239",
        "10-261333",
        "10-326339",
    ]
    assert record.ipc == ["B32B 3/02"]  # "B32B  302"
    assert record.titles["en"] == "Optical memory device"
    inventors = names(record, PartyRole.INVENTOR)
    assert (len(inventors), inventors[0], inventors[-1]) == (
        5,
        "Shinya Maenosono",
        "Soichiro Saita",
    )
    assert names(record, PartyRole.OWNER) == ["Mitsubishi Chemical Corporation"]
    claims = record.claims["en"]
    assert len(claims) == 39
    assert any("ranging from \u221220 to 200\u00b0 C." in claim for claim in claims)
    assert citation_counts(record) == (2, 0)


def test_st32_design_usd435854() -> None:
    record = only(READER, "sgml__USD435854S1.xml")
    assert [(p.number, p.date) for p in record.publications] == [("USD435854S", D(2001, 1, 2))]
    assert record.type is PatentType.DESIGN
    assert (record.application_number, record.filing_date) == ("29116510", D(1999, 1, 6))
    assert record.titles["en"] == "Disc cartridge"
    assert record.ipc == []
    assert record.extra["locarno"] == {"classes": ["1402"], "edition": "7"}
    inventors = names(record, PartyRole.INVENTOR)
    assert (len(inventors), inventors[0], inventors[-1]) == (
        8,
        "Hiroyoshi Takagi",
        "Toshiyuki Toyofuku",
    )
    assert names(record, PartyRole.OWNER) == [
        "Hitachi Maxell, Ltd.",
        "Sanyo Electric Co.,Ltd.",
        "Olympus Optical Co., Ltd.",
    ]
    assert names(record, PartyRole.AGENT) == ["Antonelli, Terry, Stout & Kraus, LLP"]
    assert record.claims["en"] == [
        "The ornamental design for a disc cartridge, as shown and described."
    ]
    assert record.abstracts == {}
    assert citation_counts(record) == (10, 0)
    assert record.citations[0].number == "USD271298"  # "D. 271298"


def test_a_v4_locarno_class_goes_to_extra_not_to_ipc() -> None:
    # No v4 design sample ships; the grant sample with a Locarno block as v4 designs carry it.
    data = (
        (USPTO / "xml2004__US06859910.xml")
        .read_bytes()
        .replace(
            b"<classification-ipc>",
            b"<classification-locarno><edition>8</edition>"
            b"<main-classification>1402</main-classification></classification-locarno>"
            b"<classification-ipc>",
            1,
        )
    )
    (item,) = READER.read(bytes_source(data))
    assert isinstance(item, Parsed)
    assert item.record.extra["locarno"] == {"classes": ["1402"], "edition": "8"}
    assert "1402" not in " ".join(item.record.ipc)


def test_applicant_inventors_are_not_doubled_when_inventors_are_listed_too() -> None:
    # v4.3+ grants may mark a us-applicant "applicant-inventor" and list inventors as well.
    data = (USPTO / "xml2014__US08926509.xml").read_bytes()
    data = data.replace(b'app-type="applicant"', b'app-type="applicant-inventor"')
    (item,) = READER.read(bytes_source(data))
    assert isinstance(item, Parsed)
    assert len(names(item.record, PartyRole.INVENTOR)) == 5
    assert len(names(item.record, PartyRole.APPLICANT)) == 5
