"""Truncated and corrupted exports never raise out of a reader; what cannot be read is
``Rejected`` with a reason (bounded Hypothesis runs, no deadline)."""

from __future__ import annotations

import io
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ipcenter.ingest import (
    cn_exports,
    cnipa_events,
    espacenet,
    google,
    jsonl,
    lens,
    patentscope,
    patentsview,
    workbooks,
)
from ipcenter.ingest.cells import is_classification_symbol
from ipcenter.ingest.records import EventsFor, Parsed, Reader, Rejected, Source
from tests.ingest.tabular_helpers import FIXTURES, SAMPLES

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _head(path_bytes: bytes, lines: int) -> bytes:
    # Keep the line ends of the file (CR, CRLF or LF): the first ``lines`` lines.
    ends = [i for i, b in enumerate(path_bytes) if b in (10, 13)]
    cut = ends[min(lines, len(ends)) - 1] + 1 if ends else len(path_bytes)
    return path_bytes[:cut]


@cache
def text_inputs() -> tuple[tuple[Reader, str, bytes], ...]:
    def sample(name: str, lines: int) -> bytes:
        return _head((SAMPLES / name).read_bytes(), lines)

    return (
        (lens.READER, "lens.csv", sample("lens_pizza_1000.csv", 6)),
        (lens.READER, "lens.csv", sample("lens_drones_fulltext_5884.csv", 6)),
        (patentscope.READER, "ps.csv", sample("patentscope_pizza.csv", 6)),
        (espacenet.READER, "esp.csv", sample("espacenet_pizza_2009_2012.csv", 6)),
        (jsonl.READER, "d.jsonl", sample("cn_dairy_patents.jsonl", 4)),
        (google.READER, "g.csv", (FIXTURES / "google_patents.csv").read_bytes()),
        (cn_exports.INCOPAT_READER, "i.csv", (FIXTURES / "incopat_dairy.csv").read_bytes()),
        (cnipa_events.READER, "e.csv", (FIXTURES / "cnipa_events.csv").read_bytes()),
        (patentsview.READER, "g_patent.tsv", (FIXTURES / "patentsview/g_patent.tsv").read_bytes()),
    )


@cache
def workbook_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["公开(公告)号", "申请号", "标题", "申请日", "[标]当前申请(专利权)人"])
    sheet.append(["CN108935665A", "201810835208.3", "牛奶及其制备方法", 43307, "蒙牛"])
    sheet.append(["CN101396045A", "200710046424.1", "一种生产牛奶的方法", "2007/9/26", "光明"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` cut short, with bytes overwritten, inserted or deleted."""
    out = bytearray(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(0, 6))):
        if not out:
            break
        position = draw(st.integers(0, len(out) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        byte = draw(st.integers(0, 255))
        if action == "flip":
            out[position] = byte
        elif action == "insert":
            out.insert(position, byte)
        else:
            del out[position]
    return bytes(out)


def check(reader: Reader, name: str, data: bytes) -> None:
    reader.sniff(name, data[:65536])  # sniffing never raises either
    source = Source(name=name, open=lambda: io.BytesIO(data))
    for item in reader.read(source):
        assert isinstance(item, Parsed | EventsFor | Rejected)
        if isinstance(item, Parsed):
            # What a reader lets through has the shape the store accepts.
            assert all(is_classification_symbol(s) for s in (*item.record.ipc, *item.record.cpc))
            assert item.record.publications or item.record.application_number
        if isinstance(item, Rejected):
            assert item.reason
            assert item.location.file == name


@FUZZ
@given(st.data())
def test_corrupted_text_exports(data: st.DataObject) -> None:
    reader, name, original = data.draw(st.sampled_from(text_inputs()))
    check(reader, name, data.draw(corrupted(original)))


@FUZZ
@given(st.data())
def test_corrupted_workbooks(data: st.DataObject) -> None:
    reader = data.draw(
        st.sampled_from(
            [
                cn_exports.PATSNAP_READER,
                cn_exports.INCOPAT_READER,
                patentscope.READER,
                workbooks.READER,
            ]
        )
    )
    check(reader, "export_patsnap.xlsx", data.draw(corrupted(workbook_bytes())))


def test_a_truncated_workbook_is_one_rejection() -> None:
    data = workbook_bytes()[:300]
    items = list(
        cn_exports.PATSNAP_READER.read(Source(name="p.xlsx", open=lambda: io.BytesIO(data)))
    )
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert items[0].reason == "the workbook cannot be opened: {error}"


def test_a_bad_row_in_the_middle_does_not_stop_the_rest() -> None:
    original = (FIXTURES / "google_patents.csv").read_bytes()
    broken = original.replace(b"2012-10-22", b"2012-13-45")
    items = list(google.READER.read(Source(name="g.csv", open=lambda: io.BytesIO(broken))))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Rejected", "Parsed", "Parsed", "Rejected"]
    assert items[0].field == "filing/creation date"  # type: ignore[union-attr]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


@cache
def dairy_record() -> dict[str, object]:
    import json

    line = (SAMPLES / "cn_dairy_patents.jsonl").read_text(encoding="utf-8").splitlines()[70]
    record: dict[str, object] = json.loads(line)
    return record


@FUZZ
@given(st.data())
def test_json_records_with_values_of_the_wrong_kind(data: st.DataObject) -> None:
    import json

    record = dict(dairy_record())
    for key in data.draw(st.lists(st.sampled_from(sorted(record)), max_size=5)):
        record[key] = data.draw(JSON_VALUES)
    line = json.dumps(record, ensure_ascii=False).encode()
    check(jsonl.READER, "d.jsonl", line + b"\n")
