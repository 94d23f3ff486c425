"""Benchmark: USPTO weekly grant file, bare lxml parse vs full `ipcenter ingest`.

Builds a weekly-size file (5,000 grant documents concatenated as the USPTO ships them) by
repeating the grant samples in ../shared/reference/patents/uspto/ with renumbered publication and
application numbers, then measures documents per second for

  (a) a bare streaming lxml parse of the same file: split at each XML declaration, parse the
      document, nothing else (the floor any reader of this format stands on); and, to show where
      the time goes, the uspto-xml reader alone (parse and build the records, store nothing);
  (b) the full import (read, normalise, upsert, provenance) into a fresh SQLite database, and
      into PostgreSQL (database ``ipcenter_bench_ingest``, created and dropped here) when a
      server answers at 127.0.0.1:5432; each also with the reader's worker processes off
      (every document parsed in the importing process), for comparison in the same run.

CPU seconds count the worker processes too (they are ended, and so counted, after each file).

Prints the ratio full / bare. Goal: ≤ 1.5 on SQLite. Usage:
``.venv/bin/python benchmarks/ingest_uspto.py [--docs N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "reference" / "patents" / "uspto"
GRANTS = ("xml2004__US06859910.xml", "xml2006__US07272630B2.xml", "xml2014__US08926509.xml")
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_DATABASE = "ipcenter_bench_ingest"
CHUNK = 1 << 20


def renumbered(document: bytes, serial: int) -> bytes:
    """The document with a publication number and an application number of its own."""

    def number_in(block: bytes, value: str) -> bytes:
        def swap(match: re.Match[bytes]) -> bytes:
            inner = re.sub(
                rb"<doc-number>[^<]*</doc-number>",
                f"<doc-number>{value}</doc-number>".encode(),
                match.group(0),
                count=1,
            )
            return inner

        return re.sub(
            rb"<" + block + rb">.*?</" + block + rb">", swap, document, count=1, flags=re.S
        )

    document = number_in(b"publication-reference", f"{20_000_000 + serial:08d}")
    document = re.sub(
        rb"(<application-reference[^>]*>.*?<doc-number>)[^<]*(</doc-number>)",
        lambda m: m.group(1) + f"{29_000_000 + serial:08d}".encode() + m.group(2),
        document,
        count=1,
        flags=re.S,
    )
    return document


def build_weekly_file(path: Path, count: int) -> int:
    templates = [(SAMPLES / name).read_bytes().strip() + b"\n" for name in GRANTS]
    size = 0
    with path.open("wb") as out:
        for serial in range(count):
            document = renumbered(templates[serial % len(templates)], serial)
            out.write(document)
            size += len(document)
    return size


def documents(path: Path) -> Iterator[bytes]:
    """The XML documents of a concatenated file, read in chunks (constant memory)."""
    marker = b"<?xml"
    buffer = b""
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            buffer += chunk
            start = 0
            while True:
                cut = buffer.find(marker, start + 1)
                if cut == -1:
                    break
                yield buffer[start:cut]
                start = cut
            buffer = buffer[start:]
    if buffer.strip():
        yield buffer


@dataclass(frozen=True)
class Timing:
    count: int
    wall: float  # seconds on the clock
    cpu: float  # CPU seconds of this process and of the worker processes it ran and ended


def _cpu() -> float:
    """CPU seconds of this process plus its ended children (the reader's worker processes are
    shut down at the end of each file, so their time counts where it was spent)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], int]) -> Timing:
    wall, cpu = time.perf_counter(), _cpu()
    count = work()
    return Timing(count, time.perf_counter() - wall, _cpu() - cpu)


def bare_parse(path: Path) -> Timing:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=True
    )

    def parse_all() -> int:
        count = 0
        for document in documents(path):
            etree.fromstring(document, parser)
            count += 1
        return count

    return timed(parse_all)


def reader_only(path: Path) -> Timing:
    """The uspto-xml reader alone: parse and build every record, store nothing."""
    from ipcenter.ingest import reader_named
    from ipcenter.ingest.sources import file_source

    reader = reader_named("uspto-xml")
    return timed(lambda: sum(1 for _ in reader.read(file_source(path))))


@contextmanager
def workers_off() -> Iterator[None]:
    """The reader's in-process path for the whole file (as for a file of under 100 documents),
    to compare with the worker processes in the same run."""
    from ipcenter.ingest import uspto_xml

    saved = uspto_xml.POOL_AFTER
    uspto_xml.POOL_AFTER = sys.maxsize
    try:
        yield
    finally:
        uspto_xml.POOL_AFTER = saved


def full_ingest(url: str, path: Path) -> Timing:
    from ipcenter.accounts import create_organisation
    from ipcenter.core.db import make_engine, transaction
    from ipcenter.core.migrate import upgrade
    from ipcenter.ingest import ingest_paths

    upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            org_id = create_organisation(
                session, key="centre", name="基准测试中心", kind="centre", actor="bench"
            ).id
        summaries = []

        def ingest() -> int:
            summary = ingest_paths(
                engine, [str(path)], org_id=org_id, fmt="uspto-xml", actor="bench"
            )
            summaries.append(summary)
            return summary.inserted

        timing = timed(ingest)
    finally:
        engine.dispose()
    if summaries[0].inserted != summaries[0].read:
        print(f"  warning: {summaries[0].quarantined} documents quarantined", file=sys.stderr)
    return timing


def postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    except Exception as exc:  # no server: the SQLite figures still stand
        print(f"PostgreSQL not measured: {exc}")
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def report(label: str, timing: Timing, bare: Timing | None = None) -> None:
    line = (
        f"{label:<24} {timing.count:>6} docs  wall {timing.wall:7.2f} s "
        f"({timing.count / timing.wall:6.1f} docs/s)  cpu {timing.cpu:7.2f} s"
    )
    if bare is not None:
        line += f"  ratio wall {timing.wall / bare.wall:5.2f}  cpu {timing.cpu / bare.cpu:5.2f}"
    print(line)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--docs", type=int, default=5000, help="grant documents in the file")
    options.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipcenter-bench-") as folder:
        weekly = Path(folder) / "ipg-weekly.xml"
        size = build_weekly_file(weekly, args.docs)
        print(f"weekly file: {args.docs} grant documents, {size / 1e6:.0f} MB")
        bare = bare_parse(weekly)
        report("bare lxml parse", bare)
        report("reader only, no store", reader_only(weekly), bare)
        with workers_off():
            report("SQLite, no workers", full_ingest(f"sqlite:///{folder}/alone.db", weekly), bare)
        sqlite = full_ingest(f"sqlite:///{folder}/bench.db", weekly)
        report("full ingest, SQLite", sqlite, bare)
        url = None if args.no_postgres else postgres_url()
        if url:
            try:
                # PostgreSQL's own CPU is not this process's: compare its wall time.
                report("full ingest, PostgreSQL", full_ingest(url, weekly), bare)
            finally:
                drop_postgres()
            url = postgres_url()
            if url:
                try:
                    with workers_off():
                        report("PostgreSQL, no workers", full_ingest(url, weekly), bare)
                finally:
                    drop_postgres()
        print(
            "goal: full ingest on SQLite <= 1.5 x bare parse; measured "
            f"{sqlite.wall / bare.wall:.2f} x (wall), {sqlite.cpu / bare.cpu:.2f} x (cpu)"
        )


if __name__ == "__main__":
    os.environ.setdefault("IPCENTER_DEFAULT_LANGUAGE", "en")
    main()
