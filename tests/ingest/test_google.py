"""Google Patents CSV (constructed fixture of the documented layout; values from the samples)."""

from __future__ import annotations

import datetime as dt

from ipcenter.ingest import google
from ipcenter.rights import PartyRole, PartyType
from tests.ingest.tabular_helpers import FIXTURES, file_source, names, parsed, read_all, rejected

FIXTURE = FIXTURES / "google_patents.csv"


def test_rows_after_the_search_url_line() -> None:
    items = read_all(google.READER, file_source(FIXTURE))
    pizza_hut, bright, doskocil = parsed(items)
    assert pizza_hut.application_number is None  # Google gives publication numbers only
    assert [(p.number, p.date) for p in pizza_hut.publications] == [
        ("US20130101709A1", dt.date(2013, 4, 25))
    ]
    assert pizza_hut.filing_date == dt.date(2012, 10, 22)
    assert pizza_hut.extra["earliest_priority_date"] == "2011-10-24"
    assert pizza_hut.extra["search_url"].startswith("https://patents.google.com/?q=pizza")
    # "Pizza Hut, Inc." is one assignee: the comma before a company designator is not a split.
    assert names(pizza_hut, PartyRole.APPLICANT) == ["Pizza Hut, Inc."]
    assert pizza_hut.parties[0].party_type is PartyType.ENTERPRISE
    assert bright.jurisdiction == "CN"
    assert bright.titles == {"zh": "一种生产牛奶的方法及制得的牛奶"}
    assert len(names(bright, PartyRole.INVENTOR)) == 8
    assert doskocil.grant_date == dt.date(1997, 10, 28)
    assert names(doskocil, PartyRole.INVENTOR) == [
        "Don E. Alden",
        "Steven C. Seideman",
        "James C. Bolton",
    ]
    [bad] = rejected(items)
    assert bad.location.line == 6
    assert bad.field == "id"
    assert bad.raw.startswith("not-a-number,Broken row")


def test_sniff() -> None:
    assert google.READER.sniff(FIXTURE.name, FIXTURE.read_bytes())
    assert not google.READER.sniff("x.csv", b"a,b,c\n1,2,3\n")
