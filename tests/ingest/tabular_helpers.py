"""Helpers for the tabular-reader tests: Sources over files and bytes, items by kind."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ipcenter.ingest.records import EventsFor, Item, Parsed, Reader, Rejected, Source
from ipcenter.rights import PartyRole, PatentIn

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "reference" / "patents"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"


def file_source(path: Path) -> Source:
    def sibling(name: str) -> Source | None:
        other = path.parent / name
        return file_source(other) if other.exists() else None

    return Source(name=path.name, open=lambda: path.open("rb"), sibling=sibling)


def bytes_source(data: bytes, name: str = "upload.csv") -> Source:
    return Source(name=name, open=lambda: io.BytesIO(data))


def read_all(reader: Reader, source: Source) -> list[Item]:
    return list(reader.read(source))


def parsed(items: list[Item]) -> list[PatentIn]:
    return [item.record for item in items if isinstance(item, Parsed)]


def rejected(items: list[Item]) -> list[Rejected]:
    return [item for item in items if isinstance(item, Rejected)]


def events(items: list[Item]) -> list[EventsFor]:
    return [item for item in items if isinstance(item, EventsFor)]


def by_publication(records: list[PatentIn]) -> Callable[[str], PatentIn]:
    index = {p.number: r for r in records for p in r.publications}
    return index.__getitem__


def names(record: PatentIn, role: PartyRole) -> list[str]:
    return [p.name for p in record.parties if p.role is role]
