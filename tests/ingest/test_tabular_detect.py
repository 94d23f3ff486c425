"""Auto-detection picks the right reader for every real sample and constructed fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.ingest import formats
from tests.ingest.tabular_helpers import FIXTURES, SAMPLES


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (SAMPLES / "lens_pizza_1000.csv", "lens"),
        (SAMPLES / "lens_drones_fulltext_5884.csv", "lens"),
        (SAMPLES / "patentscope_pizza.csv", "patentscope"),
        (SAMPLES / "espacenet_pizza_2009_2012.csv", "espacenet"),
        (SAMPLES / "cn_dairy_patents.jsonl", "jsonl"),
        (SAMPLES / "biopat_patents.jsonl", "jsonl"),
        (FIXTURES / "lens_current.csv", "lens"),
        (FIXTURES / "google_patents.csv", "google"),
        (FIXTURES / "incopat_dairy.csv", "incopat"),
        (FIXTURES / "cnipa_events.csv", "cnipa-events"),
        (FIXTURES / "patentsview" / "g_patent.tsv", "patentsview"),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_detect(path: Path, expected: str) -> None:
    reader = formats.detect(path.name, path.read_bytes()[:65536])
    assert reader is not None and reader.name == expected


def test_gb18030_incopat_is_detected() -> None:
    data = (FIXTURES / "incopat_dairy.csv").read_bytes().decode("utf-8-sig").encode("gb18030")
    reader = formats.detect("导出.csv", data[:65536])
    assert reader is not None and reader.name == "incopat"


def test_companion_tables_are_not_read_alone() -> None:
    for name in ("g_patent_abstract.tsv", "g_cpc_current.tsv", "g_application.tsv"):
        assert formats.is_companion(name)
