"""Reading the shipped USPTO samples in the USPTO reader tests."""

from __future__ import annotations

import io
from pathlib import Path

from ipcenter.ingest.records import Item, Parsed, Reader, Rejected, Source
from ipcenter.rights import PartyRole, PatentIn

PATENTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "patents"
USPTO = PATENTS / "uspto"
PROSECUTION = PATENTS / "uspto_prosecution"


def file_source(path: Path) -> Source:
    return Source(name=path.name, open=lambda: path.open("rb"))


def bytes_source(data: bytes, name: str = "test.xml") -> Source:
    return Source(name=name, open=lambda: io.BytesIO(data))


def items(reader: Reader, path: Path) -> list[Item]:
    return list(reader.read(file_source(path)))


def records(reader: Reader, path: Path) -> list[PatentIn]:
    found = items(reader, path)
    rejected = [item for item in found if isinstance(item, Rejected)]
    assert not rejected, [(r.reason, r.params) for r in rejected]
    return [item.record for item in found if isinstance(item, Parsed)]


def only(reader: Reader, name: str) -> PatentIn:
    (record,) = records(reader, USPTO / name)
    return record


def names(record: PatentIn, role: PartyRole) -> list[str]:
    return [party.name for party in record.parties if party.role is role]


def citation_counts(record: PatentIn) -> tuple[int, int]:
    """(patent citations, non-patent citations)."""
    patents = sum(1 for c in record.citations if c.type == "patent")
    return patents, len(record.citations) - patents


def categories(record: PatentIn) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for citation in record.citations:
        counts[citation.category] = counts.get(citation.category, 0) + 1
    return counts
