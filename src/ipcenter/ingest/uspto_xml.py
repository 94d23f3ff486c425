"""Reader ``uspto-xml``: USPTO full-text XML of grants and pre-grant publications, 2001 →.

One reader for the three XML families, chosen per document by its root element (a weekly file is
one family, but a concatenation of samples may mix them):

- ``us-patent-grant`` / ``us-patent-application`` (ICE DTD v4.x, 2005 →): :mod:`.uspto_v4`;
- ``patent-application-publication`` (PAP v1.x, 2001–2004): :mod:`.uspto_pap`;
- ``PATDOC`` (ST.32 "SGML" grants v2.4/2.5 written as XML, 2001–2004): :mod:`.uspto_st32`.

Every document becomes a ``Parsed`` or a ``Rejected`` (with its raw text, the line it starts on
and what is wrong); a bad document never stops the next one.

A large file (more than ``POOL_AFTER`` documents) is parsed in worker processes: this process
splits the stream and hands the documents on in chunks, a bounded number at a time (memory stays
flat), and yields the workers' items in file order, so the pipeline stores while they parse. The
workers only turn bytes into items (they never touch the database) and quit when this process
dies, so a killed import leaves nothing behind and runs again as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice

from lxml import etree

from ipcenter.core.i18n import N_
from ipcenter.ingest import uspto_pap, uspto_st32, uspto_v4
from ipcenter.ingest.records import Item, Location, Parsed, Reader, Rejected, Source
from ipcenter.ingest.uspto_common import RecordError, rejected
from ipcenter.ingest.uspto_documents import decode_raw, parse_document, split_documents
from ipcenter.rights import PatentIn

log = logging.getLogger(__name__)

_BUILDERS: dict[str, Callable[[etree._Element], PatentIn]] = {
    "us-patent-grant": uspto_v4.build,
    "us-patent-application": uspto_v4.build,
    "patent-application-publication": uspto_pap.build,
    "PATDOC": uspto_st32.build,
}
_MARKERS = tuple(
    marker for root in _BUILDERS for marker in (f"<{root}".encode(), f"<!DOCTYPE {root}".encode())
)


def sniff(name: str, head: bytes) -> bool:
    return any(marker in head for marker in _MARKERS)


# A file with more documents than this is a bulk file worth the workers' start-up (about a
# second); a sample or an upload of a few records is read here.
POOL_AFTER = 100
CHUNK_DOCUMENTS = 2  # documents per task: under 1 MB of grants, few tasks per second to hand over
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: the workers never wait, memory stays bounded


def pool_workers() -> int:
    """Worker processes for a bulk file: one per core. This process spends much of its time
    waiting for the workers' items, so leaving it a core of its own left that core idle (on two
    cores, two workers imported the benchmark file in 0.65-0.9 of the time one worker took)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cores or 1)


def read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        documents = enumerate(split_documents(stream))
        for index, (line, document) in islice(documents, POOL_AFTER):
            yield read_document(document, Location(file=source.name, index=index, line=line))
        # The workers start with the first chunk: only a file of more than POOL_AFTER documents.
        yield from _read_in_workers(source.name, _chunks(documents, CHUNK_DOCUMENTS))


Numbered = list[tuple[int, tuple[int, bytes]]]


def _chunks(documents: Iterator[tuple[int, tuple[int, bytes]]], size: int) -> Iterator[Numbered]:
    while chunk := list(islice(documents, size)):
        yield chunk


def _read_in_workers(name: str, chunks: Iterator[Numbered]) -> Iterator[Item]:
    workers = pool_workers()
    pool: ProcessPoolExecutor | None = None
    # Chunks stay here until their items are yielded, so that if the workers cannot start or
    # die (a main module that re-runs the import when imported, the OOM killer), the chunks not
    # yet read and the rest of the file are read in this process instead.
    pending: deque[tuple[Numbered, Future[list[Shipped | Rejected]]]] = deque()
    unsent: list[Numbered] = []  # the chunk being handed over, should the pool refuse it
    try:
        for chunk in chunks:
            unsent = [chunk]
            if pool is None:
                # "spawn": a forked worker would inherit this process's database connections.
                pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_quit_with_parent,
                    initargs=(os.getpid(),),
                )
            pending.append((chunk, pool.submit(read_chunk, name, chunk)))
            unsent = []
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _received(pending[0][1].result())
                pending.popleft()
        while pending:
            yield from _received(pending[0][1].result())
            pending.popleft()
    except BrokenProcessPool:
        log.warning("the reader's worker processes stopped; reading %s here", name, exc_info=True)
        for chunk in chain([chunk for chunk, _ in pending], unsent, chunks):
            for index, (line, document) in chunk:
                yield read_document(document, Location(file=name, index=index, line=line))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Shipped:
    """A record on its way back from a worker, as the model's JSON: pickling the nested pydantic
    models (a grant has a hundred citations) cost more than parsing the document."""

    location: Location
    record_json: bytes


def read_chunk(name: str, chunk: Numbered) -> list[Shipped | Rejected]:
    """A worker's task: the items of consecutive documents of file ``name``."""
    items: list[Shipped | Rejected] = []
    for index, (line, document) in chunk:
        item = read_document(document, Location(file=name, index=index, line=line))
        if isinstance(item, Parsed):
            items.append(Shipped(item.location, item.record.model_dump_json().encode()))
        else:
            items.append(item)
    return items


def _received(items: list[Shipped | Rejected]) -> Iterator[Parsed | Rejected]:
    for item in items:
        if isinstance(item, Shipped):
            # Validated again on arrival: the record is exactly the worker's model, checked here.
            yield Parsed(item.location, PatentIn.model_validate_json(item.record_json))
        else:
            yield item


def _quit_with_parent(parent: int) -> None:
    """Workers wait on a queue whose writing end they hold themselves, so they would outlive a
    killed import; a watcher ends the worker once its parent is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="quit-with-parent", daemon=True).start()


def read_document(document: bytes, location: Location) -> Parsed | Rejected:
    """One document → its record, or the reason it cannot be read."""
    try:
        root = parse_document(document)
    except etree.XMLSyntaxError as exc:
        return rejected(
            location,
            decode_raw(document),
            RecordError(N_("the XML document is not well-formed: {error}"), error=str(exc)),
        )
    builder = _BUILDERS.get(root.tag) if isinstance(root.tag, str) else None
    if builder is None:
        return rejected(
            location,
            decode_raw(document),
            RecordError(
                N_("<{root}> is not a USPTO patent document"), field="root", root=str(root.tag)
            ),
        )
    try:
        return Parsed(location=location, record=builder(root))
    except RecordError as error:
        return rejected(location, decode_raw(document), error)


READER = Reader(name="uspto-xml", sniff=sniff, read=read)
