"""A cut or broken CSV/TSV row is rejected, never stored over good data.

The cut file is ``head -c 20000`` of the real lens_pizza_1000.csv: its last row (line 53, row
52, US 2003/0003211 A1) stops after 10 of 25 fields with the title cut to "Sy".
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from ipcenter.ingest import google, ingest_paths, lens, patentsview
from tests.ingest.conftest import store_state
from tests.ingest.tabular_helpers import FIXTURES, SAMPLES, bytes_source, parsed, rejected

PIZZA = SAMPLES / "lens_pizza_1000.csv"
CUT = PIZZA.read_bytes()[:20000]


def test_a_row_cut_by_the_end_of_the_file_is_rejected() -> None:
    items = list(lens.READER.read(bytes_source(CUT, "lens_pizza_cut.csv")))
    [bad] = rejected(items)
    assert bad.location.line == 53
    assert bad.reason == "the row has {count} fields but the header has {expected}"
    assert bad.params == {"count": 10, "expected": 25}
    assert len(parsed(items)) == 51


def test_stored_data_survives_a_cut_file(engine: Engine, centre: int, tmp_path: Path) -> None:
    lines = PIZZA.read_bytes().split(b"\r")
    whole = tmp_path / "lens_pizza_53.csv"
    whole.write_bytes(b"\r".join(lines[:53]) + b"\r")  # header and rows 1-52, complete
    cut = tmp_path / "lens_pizza_cut.csv"
    cut.write_bytes(CUT)
    ingest_paths(engine, [str(whole)], org_id=centre)
    before = store_state(engine)
    # "US 23815702 A" is no US spelling the store takes: the record is keyed by its publication.
    key = "US20030003211A1"
    assert before[key]["record"]["titles"]["en"] == (
        "System and method for producing par-baked pizza crusts"
    )

    run = ingest_paths(engine, [str(cut)], org_id=centre)
    assert (run.updated, run.quarantined) == (0, 1)
    after = store_state(engine)
    assert after[key]["record"] == before[key]["record"]


def test_a_file_cut_inside_a_quoted_cell_rejects_that_row() -> None:
    header = (FIXTURES / "google_patents.csv").read_bytes().split(b"\n")[:3]
    good = b"\n".join(header) + b"\n"
    items = list(google.READER.read(bytes_source(good, "g.csv")))
    assert not rejected(items)
    row = header[2]
    assert b',"' in row
    cut = b"\n".join(header[:2]) + b"\n" + row[: row.index(b',"') + 5]
    cut_items = list(google.READER.read(bytes_source(cut, "g.csv")))
    [bad] = rejected(cut_items)
    assert bad.reason == "the file ends inside a quoted cell of this row: the file is cut short"
    assert not parsed(cut_items)


def test_a_row_with_an_extra_field_is_rejected() -> None:
    lines = PIZZA.read_bytes().split(b"\r")
    extra = b"\r".join([lines[0], lines[1] + b",surplus", lines[2]]) + b"\r"
    items = list(lens.READER.read(bytes_source(extra, "lens.csv")))
    [bad] = rejected(items)
    assert (bad.location.line, bad.params) == (2, {"count": 26, "expected": 25})
    assert len(parsed(items)) == 1


def test_a_tsv_row_with_missing_fields_is_rejected() -> None:
    g_patent = next((FIXTURES / "patentsview").glob("g_patent*.tsv"))
    lines = g_patent.read_bytes().split(b"\n")
    short = b"\n".join([lines[0], lines[1].rsplit(b"\t", 2)[0]]) + b"\n"
    items = list(patentsview.READER.read(bytes_source(short, g_patent.name)))
    [bad] = rejected(items)
    assert bad.reason == "the row has {count} fields but the header has {expected}"
