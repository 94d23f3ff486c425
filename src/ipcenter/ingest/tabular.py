"""Streaming the rows of exported tables: CSV/TSV text in any of the encodings exports use, and
XLSX workbooks read with openpyxl in read-only mode (values only: formulas are not evaluated and
macros are never run).

Every function yields rows one at a time from the Source's stream, so memory stays flat however
long the file is. A row that cannot be read comes out as a :class:`BadRow` in its place and the
rows after it still come.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from ipcenter.core.i18n import N_
from ipcenter.ingest.cells import row_as_csv
from ipcenter.ingest.records import Source

SNIFF_BYTES = 64 * 1024
# Lens full-text exports carry whole claim sets in one cell; the csv module's default limit
# (128 KiB) would reject them. Raised once, for every reader in the process.
_FIELD_LIMIT = 16 * 1024 * 1024
# Workbooks larger than this are copied to a temporary file when their stream cannot seek.
_SPOOL_IN_MEMORY = 8 * 1024 * 1024

LATIN = "latin"
CHINESE = "chinese"


@dataclass(frozen=True)
class Row:
    """One row: ``line`` is the 1-based first text line (CSV) or ``row`` the sheet row (XLSX)."""

    cells: tuple[Any, ...]
    line: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class BadRow:
    """A row (or the rest of a file) that could not be read; ``reason`` is a msgid."""

    raw: str
    reason: str
    line: int | None = None
    row: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


def sniff_encoding(head: bytes, family: str = LATIN) -> str:
    """The encoding of a text export from its first bytes.

    A BOM decides; then strict UTF-8. Otherwise ``family`` says what the exporter writes:
    Chinese databases (incoPat, PatSnap, CNIPA) write GB18030 (a superset of GBK and GB2312);
    Western ones write Mac Roman when the lines end in a bare CR (the Lens and PATENTSCOPE
    samples, saved on a Mac) and Windows-1252 otherwise.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(head, "utf-8"):
        return "utf-8"
    if family == CHINESE and _decodes(head, "gb18030"):
        return "gb18030"
    if family == CHINESE:
        return "gb18030"
    bare_cr = b"\r" in head and b"\n" not in head
    return "mac_roman" if bare_cr else "cp1252"


def _decodes(head: bytes, encoding: str) -> bool:
    # Incremental: a character cut at the end of the sniffed bytes is not an error.
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def read_head(source: Source, size: int = SNIFF_BYTES) -> bytes:
    with source.open() as stream:
        return stream.read(size)


def csv_rows(
    source: Source, *, delimiter: str = ",", family: str = LATIN, encoding: str | None = None
) -> Iterator[Row | BadRow]:
    """The rows of a delimited text file, decoded, with the line each row starts on.

    The last row is held back until the file ends: a file cut inside a quoted cell (a partial
    download) makes the csv module close the cell silently, so that row comes out as a
    ``BadRow`` instead of a record with a truncated value."""
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    chosen = encoding or sniff_encoding(read_head(source), family)
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding=chosen, errors="replace", newline="")
        consumed: list[str] = []
        reader = csv.reader(_recorded(text, consumed), delimiter=delimiter, strict=False)
        next_line = 1
        pending: tuple[Row, str] | None = None
        while True:
            start = next_line
            consumed.clear()
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                next_line = reader.line_num + 1
                if pending:
                    yield pending[0]
                    pending = None
                yield BadRow(
                    raw="",
                    reason=N_("the line cannot be read as CSV: {error}"),
                    line=start,
                    params={"error": str(exc)},
                )
                continue
            next_line = reader.line_num + 1
            if pending:
                yield pending[0]
            pending = (Row(cells=tuple(cells), line=start), "".join(consumed))
        if pending and _ends_inside_quotes(pending[1], delimiter):
            yield BadRow(
                raw=pending[1],
                reason=N_("the file ends inside a quoted cell of this row: the file is cut short"),
                line=pending[0].line,
            )
        elif pending:
            yield pending[0]


def _recorded(lines: Iterator[str], sink: list[str]) -> Iterator[str]:
    """The lines, each also appended to ``sink`` (the raw text of the row being read)."""
    for line in lines:
        sink.append(line)
        yield line


def _ends_inside_quotes(raw: str, delimiter: str) -> bool:
    """Whether the text of one CSV row stops inside a quoted cell, read as the csv module reads
    (a quote opens a quoted cell only at the cell's start; a doubled quote inside is literal)."""
    quoted, at_start = False, True
    position, length = 0, len(raw)
    while position < length:
        char = raw[position]
        if quoted:
            if char == '"':
                if position + 1 < length and raw[position + 1] == '"':
                    position += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted = True
        at_start = not quoted and char in (delimiter, "\r", "\n")
        position += 1
    return quoted


def ragged(row: Row, header_width: int) -> BadRow | None:
    """A text row with more or fewer cells than its header, as a ``BadRow``: it is cut or
    broken (a partial download, a stray delimiter) and its cells cannot be told apart. Sheet rows
    are not checked (openpyxl leaves out trailing empty cells)."""
    if row.line is None or len(row.cells) == header_width:
        return None
    return BadRow(
        raw=row_as_csv(row.cells),
        reason=N_("the row has {count} fields but the header has {expected}"),
        line=row.line,
        params={"count": len(row.cells), "expected": header_width},
    )


def xlsx_rows(source: Source) -> Generator[Row | BadRow, None, None]:
    """The rows of the first worksheet of an XLSX workbook (values of the cells, no formulas)."""
    # openpyxl is imported here so that reading CSV never pays for it.
    from openpyxl import load_workbook

    with source.open() as raw, _seekable(raw) as stream:
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # zip, XML and openpyxl errors alike: the file is unreadable
            yield BadRow(
                raw="",
                reason=N_("the workbook cannot be opened: {error}"),
                params={"error": _describe(exc)},
            )
            return
        try:
            if not workbook.worksheets:
                return
            sheet = workbook.worksheets[0]
            number = 0
            try:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield Row(cells=tuple(values), row=number)
            except Exception as exc:  # a corrupt sheet stops here; the rows before it stand
                yield BadRow(
                    raw="",
                    reason=N_("the rest of the worksheet cannot be read: {error}"),
                    row=number + 1,
                    params={"error": _describe(exc)},
                )
        finally:
            workbook.close()


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


class _seekable:
    """A seekable view of ``raw``: itself, or a temporary copy (zip members of old Pythons,
    uploads streamed from the network)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.copy: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        if self.raw.seekable():
            return self.raw
        self.copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)
        shutil.copyfileobj(self.raw, self.copy)
        self.copy.seek(0)
        return self.copy

    def __exit__(self, *_exc: object) -> None:
        if self.copy is not None:
            self.copy.close()


def is_xlsx(name: str, head: bytes) -> bool:
    """An Office Open XML workbook: a zip archive named .xlsx (or .xlsm, read for values only)."""
    return head.startswith(b"PK\x03\x04") and name.lower().endswith((".xlsx", ".xlsm"))


def is_legacy_xls(name: str, head: bytes) -> bool:
    """An Excel 97-2003 workbook (OLE compound file), which these readers do not read."""
    return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or name.lower().endswith(".xls")


def legacy_xls_refusal() -> BadRow:
    return BadRow(
        raw="",
        reason=N_(
            "Excel 97-2003 workbooks (.xls) are not read; save the file as .xlsx or CSV "
            "and import it again"
        ),
    )


def rows_of(source: Source, *, delimiter: str = ",", family: str = LATIN) -> Iterator[Row | BadRow]:
    """The rows of ``source`` whatever it is: XLSX by its signature, CSV/TSV otherwise."""
    head = read_head(source, 8)
    if is_xlsx(source.name, head):
        yield from xlsx_rows(source)
    elif is_legacy_xls(source.name, head):
        yield legacy_xls_refusal()
    else:
        yield from csv_rows(source, delimiter=delimiter, family=family)


def first_text_lines(head: bytes, family: str = LATIN, count: int = 12) -> list[Sequence[str]]:
    """The first rows of a text export parsed as CSV, for sniffing (a cut last row is dropped)."""
    text = head.decode(sniff_encoding(head, family), errors="replace")
    lines = text.splitlines()[:count]
    if len(head) >= SNIFF_BYTES and len(lines) == len(text.splitlines()):
        lines = lines[:-1]
    delimiter = "\t" if lines and lines[0].count("\t") > lines[0].count(",") else ","
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return []
