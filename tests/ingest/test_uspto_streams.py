"""Bulk files: documents concatenated in one stream, split lazily, each parsed on its own."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from ipcenter.ingest import uspto_documents
from ipcenter.ingest.records import Parsed, Rejected
from ipcenter.ingest.uspto_documents import split_documents
from ipcenter.ingest.uspto_xml import READER
from tests.ingest.uspto_helpers import USPTO, bytes_source

GRANT = (USPTO / "xml2014__US08926509.xml").read_bytes()
GRANT_2004 = (USPTO / "xml2004__US06859910.xml").read_bytes()
PAP = (USPTO / "pap__US20010000943A1.xml").read_bytes()
DESIGN = (USPTO / "sgml__USD435854S1.xml").read_bytes()
APPLICATION = (USPTO / "xmlApp2004__US20050004437A1.xml").read_bytes()


def lines_in(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def joined(*documents: bytes) -> bytes:
    return b"".join(d if d.endswith(b"\n") else d + b"\n" for d in documents)


def test_a_truncated_document_in_the_middle_is_rejected_and_the_others_parse() -> None:
    truncated = PAP[: len(PAP) // 2]
    data = joined(GRANT, GRANT_2004, truncated, DESIGN, APPLICATION)
    found = list(READER.read(bytes_source(data, "ipg-week.xml")))
    assert [type(item) for item in found] == [Parsed, Parsed, Rejected, Parsed, Parsed]
    numbers = [i.record.publications[0].number for i in found if isinstance(i, Parsed)]
    assert numbers == ["US8926509B2", "US6859910B2", "USD435854S", "US20050004437A1"]
    bad = found[2]
    assert isinstance(bad, Rejected)
    assert bad.reason == "the XML document is not well-formed: {error}"
    assert "line" in bad.params["error"]  # libxml2 says what broke off, and where
    assert bad.raw.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert bad.location.index == 2
    assert bad.location.line == 1 + lines_in(GRANT) + lines_in(GRANT_2004)
    assert found[3].location.line == bad.location.line + lines_in(truncated)


def test_an_unknown_root_and_a_missing_number_are_rejected_with_their_reason() -> None:
    other = b'<?xml version="1.0"?>\n<catalogue><item/></catalogue>\n'
    no_number = GRANT_2004.replace(
        b"<doc-number>06859910</doc-number>", b"<doc-number></doc-number>"
    )
    found = list(READER.read(bytes_source(joined(other, no_number, APPLICATION))))
    assert [type(item) for item in found] == [Rejected, Rejected, Parsed]
    assert (found[0].reason, found[0].params) == (
        "<{root}> is not a USPTO patent document",
        {"root": "catalogue"},
    )
    assert found[1].field == "publication-reference"


def test_a_bad_date_rejects_only_its_document() -> None:
    bad = APPLICATION.replace(b"<date>20040423</date>", b"<date>20041323</date>")
    found = list(READER.read(bytes_source(joined(bad, DESIGN))))
    assert [type(item) for item in found] == [Rejected, Parsed]
    assert (found[0].field, found[0].params) == ("filing_date", {"value": "20041323"})


def test_the_split_does_not_depend_on_where_reads_end(monkeypatch: pytest.MonkeyPatch) -> None:
    data = joined(DESIGN, APPLICATION, b"\n\n", DESIGN)
    whole = list(split_documents(io.BytesIO(data)))
    monkeypatch.setattr(uspto_documents, "_CHUNK", 7)
    assert list(split_documents(io.BytesIO(data))) == whole
    assert [line for line, _ in whole] == [
        1,
        1 + lines_in(DESIGN),
        1 + lines_in(DESIGN) + lines_in(APPLICATION) + 2,
    ]
    assert b"".join(document for _, document in whole) == data


def test_a_doctype_after_the_declaration_is_the_same_document() -> None:
    data = b'<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "a.dtd" [ ]>\n<a/>\n<!DOCTYPE b>\n<b/>\n'
    assert [doc for _, doc in split_documents(io.BytesIO(data))] == [
        b'<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "a.dtd" [ ]>\n<a/>\n',
        b"<!DOCTYPE b>\n<b/>\n",
    ]


class _Synthetic(io.RawIOBase):
    """``copies`` renumbered application documents, generated as they are read."""

    def __init__(self, copies: int) -> None:
        self.copies, self.made, self.given = copies, 0, 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self.pending) < len(buffer) and self.made < self.copies:
            number = f"{20050000000 + self.made:011d}".encode()
            self.pending += APPLICATION.replace(b"20050004437", number)
            self.made += 1
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.given += size
        return size


def test_reading_is_lazy_and_memory_stays_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    # Smaller reads than the 1 MiB default, so that a file of 10 MB is many reads long.
    monkeypatch.setattr(uspto_documents, "_CHUNK", 1 << 16)
    copies = 600
    stream = _Synthetic(copies)
    items = READER.read(bytes_source(b"").__class__(name="big.xml", open=lambda: stream))
    first = next(items)
    assert isinstance(first, Parsed)
    # The first record comes after one read of at most a chunk or so, not the whole file.
    assert stream.given <= 2 * (1 << 16)
    assert stream.made < copies
    tracemalloc.start()
    count = 1 + sum(1 for _ in items)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == copies
    total = copies * len(APPLICATION)
    assert total > 10_000_000
    assert peak < total // 10


def test_named_entities_are_characters_and_unknown_ones_stay_visible() -> None:
    document = APPLICATION.replace(
        b"by a virtual creature.",
        b"by a virtual creature at 20&deg; C, 5 &mgr;m, &PHgr; and &nosuchentity;.",
    )
    (item,) = READER.read(bytes_source(document))
    assert isinstance(item, Parsed)
    assert item.record.abstracts["en"].endswith(
        "by a virtual creature at 20\u00b0 C, 5 \u03bcm, \u03a6 and &nosuchentity;."
    )


def test_entities_are_never_expanded_or_fetched() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    hostile = APPLICATION.replace(
        b"[ ]>",
        f'[ <!ENTITY l0 "lol">{laughs}<!ENTITY secret SYSTEM "file:///etc/passwd"> ]>'.encode(),
    ).replace(b"by a virtual creature.", b"by a virtual creature &l9; &secret;.")
    assert hostile != APPLICATION
    started = time.perf_counter()
    (item,) = READER.read(bytes_source(hostile))
    assert time.perf_counter() - started < 5  # a billion laughs would not return at all
    assert isinstance(item, Parsed)
    abstract = item.record.abstracts["en"]
    assert abstract.endswith("by a virtual creature &l9; &secret;.")
    assert "root:" not in abstract
