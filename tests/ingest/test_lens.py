"""Lens.org CSV: the real 2015 (pizza) and 2016 (drones) exports, and the current layout.

Expected values were read by hand from the sample files (row = the file's line number).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ipcenter.ingest import lens
from ipcenter.ingest.export_numbers import parse_priority
from ipcenter.ingest.records import Parsed
from ipcenter.rights import PartyRole, PartyType, PatentType, PriorityIn
from tests.ingest.tabular_helpers import (
    FIXTURES,
    SAMPLES,
    by_publication,
    file_source,
    names,
    parsed,
    read_all,
    rejected,
)

PIZZA = SAMPLES / "lens_pizza_1000.csv"
DRONES = SAMPLES / "lens_drones_fulltext_5884.csv"


@pytest.fixture(scope="module")
def pizza() -> list[Parsed]:
    items = read_all(lens.READER, file_source(PIZZA))
    # Lens lists later family applications among the "priorities": line 377 (AU 1980/062493 A,
    # filed 17/09/80) claims CA 420726 A 19830201. A priority after the filing date is refused.
    assert [(r.location.line, r.field) for r in rejected(items)] == [
        (377, "Priority Numbers"),
        (722, "Priority Numbers"),
        (945, "Priority Numbers"),
    ]
    return [item for item in items if isinstance(item, Parsed)]


@pytest.fixture(scope="module")
def drones() -> list[Parsed]:
    items = read_all(lens.READER, file_source(DRONES))
    # line 1099: US 5003216 A filed 1989-06-12 lists US 65927591 A 19910222 as a priority.
    assert [r.location.line for r in rejected(items)] == [1099, 1230, 1314, 5568, 5570, 5587]
    return [item for item in items if isinstance(item, Parsed)]


def test_every_row_of_the_2015_export_is_read(pizza: list[Parsed]) -> None:
    assert len(pizza) == 1000 - 3
    # Mac Roman text with bare CR line ends: line numbers still count the file's lines.
    assert [p.location.line for p in pizza[:3]] == [2, 3, 4]


def test_2015_row_1_pizza_hut(pizza: list[Parsed]) -> None:
    record = pizza[0].record
    assert record.jurisdiction == "US"
    assert [(p.number, p.date) for p in record.publications] == [
        ("US20130101709A1", dt.date(2013, 4, 25))  # 25/04/13, day first
    ]
    assert record.filing_date == dt.date(2012, 10, 22)
    assert record.application_number == "US 201213657122 A"
    assert [(c.country, c.number, c.date) for c in record.priorities] == [
        ("US", "201161550506", dt.date(2011, 10, 24))
    ]
    assert record.titles == {"en": "METHOD AND SYSTEM FOR ASSEMBLING A PIZZA"}
    assert names(record, PartyRole.APPLICANT) == ["PIZZA HUT INC"]
    assert names(record, PartyRole.INVENTOR) == ["RADER JEFF"]
    assert record.parties[0].party_type is PartyType.ENTERPRISE
    assert record.cpc == ["A23L1/0067", "G01G19/00"]
    assert record.ipc == ["A23L1/00", "G01N5/00"]
    assert record.extra["lens_cited_count"] == "3"
    assert record.extra["us_classifications"] == ["426/231", "99/493"]
    assert record.extra["document_type"] == "Patent Application"
    assert record.grant_date is None


def test_2015_row_10_granted_with_npl_citation(pizza: list[Parsed]) -> None:
    record = by_publication([p.record for p in pizza])("US5681602A")
    assert names(record, PartyRole.INVENTOR) == [
        "ALDEN DON E",
        "SEIDEMAN STEVEN C",
        "BOLTON JAMES C",
    ]
    # "Granted Patent": the publication is the grant.
    assert record.grant_date == dt.date(1997, 10, 28)
    assert record.filing_date == dt.date(1995, 3, 24)
    assert [(c.type, c.text) for c in record.citations] == [
        (
            "npl",
            "Steen, For Cheesy Ideas, It s Hard to Top These Pizza Disks , "
            "The Wall Street Journal , Oct. 26, 1995.",
        )
    ]
    assert len(record.extra["us_classifications"]) == 11


def test_2015_cn_utility_model_gets_its_check_digit(pizza: list[Parsed]) -> None:
    # Line 638: CN 202448152 U, application CN 201120567554 U, FANGHUA CAI.
    record = by_publication([p.record for p in pizza])("CN202448152U")
    # Check digit of 201120567554: 2·2+0·3+1·4+1·5+2·6+0·7+5·8+6·9+7·2+5·3+5·4+4·5 = 188;
    # 188 mod 11 = 1.
    assert record.application_number == "201120567554.1"
    assert record.filing_date == dt.date(2011, 12, 30)
    assert record.type is None  # the CN type digit (2) decides in the store
    assert record.ipc == ["B26B13/22"] and record.cpc == []


def test_2016_drones_rows(drones: list[Parsed]) -> None:
    assert len(drones) == 5884 - 6
    first = drones[0].record  # line 2: AT 399980 B, MARKOWETZ FRANZ
    assert [p.number for p in first.publications] == ["AT399980B"]
    assert first.publications[0].date == dt.date(1995, 8, 25)
    assert first.application_number == "AT33585"
    assert first.extra["lens_id"] == "062-291-696-337-99X"
    assert names(first, PartyRole.APPLICANT) == ["MARKOWETZ FRANZ"]
    parrot = drones[1].record  # line 3: AT 556755 T, PARROT, two French priorities
    assert [(c.country, c.number, c.date) for c in parrot.priorities] == [
        ("FR", "1051751", dt.date(2010, 3, 11)),
        ("FR", "1054449", dt.date(2010, 6, 7)),
    ]
    assert names(parrot, PartyRole.INVENTOR) == ["SEYDOUX HENRI", "D HAEYER FREDERIC"]
    assert len(parrot.cpc) == 8 and len(parrot.ipc) == 6
    assert parrot.titles["en"].startswith("Verfahren Und Gerät Zur Fernbedienung")


def test_2016_cn_rows(drones: list[Parsed]) -> None:
    record = drones[37].record  # line 39: CN 101025382 A, BEIJING TECHNOLOGY UNIV
    assert [p.number for p in record.publications] == ["CN101025382A"]
    # 2·2+0·3+0·4+7·5+1·6+0·7+0·8+6·9+3·2+1·3+6·4+1·5 = 137; 137 mod 11 = 5.
    assert record.application_number == "200710063161.5"
    assert record.parties[0].party_type is PartyType.UNIVERSITY
    assert record.ipc == ["G01M11/00", "H04N5/335", "H04N5/341", "H04N5/369", "H04N5/3745"]


def test_current_layout_fixture() -> None:
    items = read_all(lens.READER, file_source(FIXTURES / "lens_current.csv"))
    records = parsed(items)
    assert len(records) == 3
    us, cn, granted = records
    assert us.publications[0].number == "US20130101709A1"
    assert us.extra["cited_by_patent_count"] == "3"
    assert us.extra["earliest_priority_date"] == "2011-10-24"
    # A column no mapping knows is kept, never dropped.
    assert us.extra["columns"] == {"Patent Citations Count Extra": "7"}
    # 2·2+0·3+0·4+7·5+1·6+0·7+0·8+9·9+9·2+7·3+7·4+1·5 = 198; 198 mod 11 = 0.
    assert cn.application_number == "200710099771.0"
    assert names(cn, PartyRole.OWNER) == ["UNIV BEI HANG"]
    assert cn.extra["legal_status"] == "PENDING"
    assert granted.grant_date == dt.date(1997, 10, 28)
    assert granted.type is PatentType.INVENTION
    [bad] = rejected(items)
    assert bad.location.line == 5
    assert bad.field == "Application Date"
    assert bad.reason == "cannot read {value!r} as a date"
    assert bad.raw.startswith("4,US,A1,US 2014/0020570 A1,")


def test_sniff_tells_the_layouts_and_refuses_other_csv() -> None:
    for path in (PIZZA, DRONES, FIXTURES / "lens_current.csv"):
        assert lens.READER.sniff(path.name, path.read_bytes()[:65536])
    assert not lens.READER.sniff("x.csv", (SAMPLES / "patentscope_pizza.csv").read_bytes()[:4096])


def test_lens_priority_cells_are_country_number_kind_date(drones: list[Parsed]) -> None:
    """The 2016 cells read ``CN 94110719 A 19940802``: the eight-digit number is not a date."""
    records = [p.record for p in drones]
    claims = {(c.country, c.number, c.date) for r in records for c in r.priorities}
    assert ("CN", "94110719", dt.date(1994, 8, 2)) in claims
    assert ("CN", "03250407", dt.date(2003, 4, 22)) in claims
    for record in records:
        for claim in record.priorities:
            if claim.date is None:  # three cells have no date: "CA 783996T A"
                continue
            assert dt.date(1850, 1, 1) < claim.date
            assert record.filing_date is None or claim.date <= record.filing_date


def test_priority_numbers_that_look_like_dates() -> None:
    # PATENTSCOPE, patentscope_pizza.csv (WO2014158029): date first, then the number.
    assert parse_priority("[NO 20130326 20130432]") == PriorityIn(
        country="NO", number="20130432", date=dt.date(2013, 3, 26)
    )
    # An 8-digit number alone is the number, not a date.
    assert parse_priority("CN 19940802 A") == PriorityIn(country="CN", number="19940802")
