"""PatentsView TSV tables joined by patent_id (constructed fixture with real values from the
USPTO XML samples; see tests/fixtures/ingest/patentsview/README.md)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ipcenter.ingest import formats, patentsview
from ipcenter.rights import PartyRole, PartyType, PatentType
from tests.ingest.tabular_helpers import (
    FIXTURES,
    bytes_source,
    file_source,
    names,
    parsed,
    read_all,
    rejected,
)

TABLES = FIXTURES / "patentsview"


def test_join_of_all_tables() -> None:
    items = read_all(patentsview.READER, file_source(TABLES / "g_patent.tsv"))
    microsoft, hmicro = parsed(items)
    assert [(p.number, p.date) for p in microsoft.publications] == [
        ("US7272630B2", dt.date(2007, 9, 18))
    ]
    assert microsoft.grant_date == dt.date(2007, 9, 18)
    assert microsoft.application_number == "10991571"
    assert microsoft.filing_date == dt.date(2004, 11, 18)
    assert microsoft.type is PatentType.INVENTION
    assert names(microsoft, PartyRole.OWNER) == ["Microsoft Corporation"]
    assert microsoft.parties[0].party_type is PartyType.ENTERPRISE  # assignee_type 2
    assert names(microsoft, PartyRole.INVENTOR) == [
        "John R. Douceur",
        "Marvin M. Theimer",
        "Atul Adya",
        "William J. Bolosky",
    ]
    assert microsoft.abstracts == {} and microsoft.cpc == []
    assert hmicro.titles == {"en": "Wireless physiological sensor patches and systems"}
    assert hmicro.abstracts["en"].startswith("The present invention provides methods, devices")
    assert hmicro.cpc == ["A61B5/0205", "A61B5/0024", "H04L67/125"]
    # Rows out of sequence in the file come out in inventor_sequence order.
    assert names(hmicro, PartyRole.INVENTOR)[:2] == ["Surendar Magar", "Venkateswara Rao Sattiraju"]
    assert hmicro.extra["num_claims"] == "31"
    assert hmicro.extra["g_cpc_current.cpc_type"] == ["inventive", "inventive", "additional"]


def test_companions_are_declared_and_optional(tmp_path: Path) -> None:
    assert patentsview.READER.companion("g_cpc_current.tsv")
    assert not patentsview.READER.companion("g_patent.tsv")
    assert formats.is_companion("g_inventor_disambiguated.tsv")
    shutil.copy(TABLES / "g_patent.tsv", tmp_path / "g_patent.tsv")
    records = parsed(read_all(patentsview.READER, file_source(tmp_path / "g_patent.tsv")))
    assert [r.publications[0].number for r in records] == ["US7272630B2", "US8926509B2"]
    assert records[1].parties == [] and records[1].application_number is None


def test_unsorted_g_patent_still_joins_and_unsorted_companion_is_reported(tmp_path: Path) -> None:
    for path in TABLES.glob("*.tsv"):
        shutil.copy(path, tmp_path / path.name)
    lines = (TABLES / "g_patent.tsv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "g_patent.tsv").write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
    records = parsed(read_all(patentsview.READER, file_source(tmp_path / "g_patent.tsv")))
    assert [names(r, PartyRole.OWNER) for r in records] == [
        ["Hmicro, Inc."],
        ["Microsoft Corporation"],
    ]
    cpc = (TABLES / "g_cpc_current.tsv").read_text(encoding="utf-8").splitlines()
    fake = "9000000\t0\tA\tA01\tA01B\tA01B1/00\tinventive"
    (tmp_path / "g_cpc_current.tsv").write_text("\n".join([cpc[0], fake, *cpc[1:]]) + "\n")
    (tmp_path / "g_patent.tsv").write_text("\n".join(lines) + "\n")
    items = read_all(patentsview.READER, file_source(tmp_path / "g_patent.tsv"))
    [warning] = rejected(items)
    assert warning.field == "g_cpc_current"


def test_bad_rows() -> None:
    header = (TABLES / "g_patent.tsv").read_text(encoding="utf-8").splitlines()[0]
    rows = ["\tutility\t2020-01-01\tx\tB1\t1\t0\tf", "123\tutility\tnot-a-date\tx\tB1\t1\t0\tf"]
    data = "\n".join([header, *rows]) + "\n"
    items = read_all(patentsview.READER, bytes_source(data.encode(), "g_patent.tsv"))
    first, second = rejected(items)
    assert (first.location.line, first.field) == (2, "patent_id")
    assert (second.location.line, second.reason) == (3, "cannot read {value!r} as a date")


def test_sniff() -> None:
    assert patentsview.READER.sniff("g_patent.tsv", b"")
    assert patentsview.READER.sniff("other.tsv", b"patent_id\tpatent_type\tpatent_date\n")
    assert not patentsview.READER.sniff("g_cpc_current.tsv", b"patent_id\tcpc_sequence\n")
