"""incoPat and PatSnap (智慧芽) exports: XLSX or CSV (UTF-8 with or without BOM, or GB18030),
Chinese headers, multi-value cells separated by ``; ``, ``;``, ``；`` or `` | ``.

The two share most headers; a file belongs to the one whose mapping knows more of its headers
(``data/ingest/mappings/incopat_2024.csv``, ``patsnap_2024.csv``). Whichever reader is chosen,
the header decides the layout, so ``--format incopat`` on a PatSnap file still reads it right.
Workbooks are opened read-only for values (macros in an .xlsm are never run). XLSX files carry
their header inside the zip, out of reach of a 64 KiB sniff, so they are recognised by a file
name naming the database (``incopat``, ``patsnap``, ``智慧芽``) or chosen with ``--format``.

What lands where: 战略新兴产业分类 → ``extra["strategic_emerging_industry"]``; 简单法律状态,
当前法律状态, 法律状态 → ``extra``; 被引用专利 (forward citations) → ``extra["cited_by"]``;
引证专利 → citations; 简单同族 → ``extra["simple_family"]``; 工商统一社会信用代码 → the first
applicant's ``uscc`` when its check character is right (else ``extra["uscc_invalid"]``);
申请人地址 / 申请人省市代码 → the first applicant's region code (GB/T 2260) and country.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ipcenter.ingest.assemble import Options
from ipcenter.ingest.layouts import Layout, header_key, load_layout
from ipcenter.ingest.records import Item, Reader, Source
from ipcenter.ingest.table_reader import TableSpec
from ipcenter.ingest.tabular import CHINESE, first_text_lines, is_xlsx

INCOPAT, PATSNAP = "incopat_2024", "patsnap_2024"
_NAME_HINTS = {INCOPAT: ("incopat",), PATSNAP: ("patsnap", "智慧芽")}


def _score(cells: Sequence[Any], layout: Layout) -> int:
    keys = {header_key(cell) for cell in cells}
    if not layout.required <= keys:
        return 0
    return sum(1 for key in keys if key in layout.columns)


def _header_scores(head: bytes) -> tuple[int, int]:
    """The best (incoPat, PatSnap) scores over the first rows of a text export."""
    incopat, patsnap = load_layout(INCOPAT), load_layout(PATSNAP)
    best = (0, 0)
    for row in first_text_lines(head, CHINESE):
        scores = (_score(row, incopat), _score(row, patsnap))
        if max(scores) > max(best):
            best = scores
    return best


def _sniffer(own: str) -> Any:
    def sniff(name: str, head: bytes) -> bool:
        if is_xlsx(name, head):
            return any(hint in name.lower() for hint in _NAME_HINTS[own])
        incopat, patsnap = _header_scores(head)
        if own == INCOPAT:
            return incopat > 0 and incopat >= patsnap
        return patsnap > 0 and patsnap > incopat

    return sniff


def _spec(own: str, other: str, name: str) -> TableSpec:
    return TableSpec(
        layouts=(own, other), options=Options(reader=name, jurisdiction="CN"), family=CHINESE
    )


INCOPAT_SPEC = _spec(INCOPAT, PATSNAP, "incopat")
PATSNAP_SPEC = _spec(PATSNAP, INCOPAT, "patsnap")


def _read_with(spec: TableSpec) -> Callable[[Source], Iterator[Item]]:
    def read(source: Source) -> Iterator[Item]:
        return spec.read(source)

    return read


INCOPAT_READER = Reader(name="incopat", sniff=_sniffer(INCOPAT), read=_read_with(INCOPAT_SPEC))
PATSNAP_READER = Reader(name="patsnap", sniff=_sniffer(PATSNAP), read=_read_with(PATSNAP_SPEC))
