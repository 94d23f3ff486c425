"""What a reader yields, one item per record of the file it reads.

Readers are pure: they turn bytes into these items and never touch the database. The pipeline
(``ingest.pipeline``) stores ``Parsed`` records with an idempotent upsert, attaches
``EventsFor`` items to records already stored, and writes every ``Rejected`` item to the
quarantine with its raw text, so one bad record never stops the rest of a file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from ipcenter.rights import LegalEventIn, PatentIn


@dataclass(frozen=True)
class Location:
    """Where a record stands in its file: ``line`` (1-based, text formats) or ``row``
    (1-based spreadsheet row, header included) and ``index`` (0-based record count)."""

    file: str
    index: int
    line: int | None = None
    row: int | None = None
    member: str | None = None  # the file's name inside a zip archive


@dataclass(frozen=True)
class Parsed:
    location: Location
    record: PatentIn


@dataclass(frozen=True)
class EventsFor:
    """Legal events for a record identified by its application (or publication) number."""

    location: Location
    jurisdiction: str
    number: str
    events: tuple[LegalEventIn, ...]


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read. ``reason`` is an English msgid (translated on display),
    filled from ``params``; ``field`` names the offending field when one is to blame."""

    location: Location
    raw: str
    reason: str
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


Item = Parsed | EventsFor | Rejected


@dataclass(frozen=True)
class Source:
    """One input file, wherever it lies (a path, a member of a zip archive, an upload).

    ``open`` may be called more than once and gives a fresh binary stream each time.
    ``sibling`` finds another file beside this one (same folder or same archive) by its file
    name, for formats spread over several files such as PatentsView's tables.
    """

    name: str
    open: Callable[[], BinaryIO]
    sibling: Callable[[str], Source | None] = lambda _name: None


@dataclass(frozen=True)
class Reader:
    """One input format.

    ``sniff`` looks at a file's name and first bytes (up to 64 KiB) and says whether this reader
    takes it; ``read`` streams the file's items in constant memory. ``companion`` names the files
    this reader consumes through ``Source.sibling``, which the pipeline must not read alone.
    """

    name: str
    sniff: Callable[[str, bytes], bool]
    read: Callable[[Source], Iterator[Item]]
    companion: Callable[[str], bool] = lambda _name: False
