"""Fuzzing the USPTO readers: truncated and corrupted samples never raise out of a reader.

Every item that comes out is either a valid canonical record or a Rejected item whose reason
is a message that its parameters fill; nothing else, and no exception.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipcenter.ingest import uspto_aps, uspto_brs, uspto_cpc, uspto_peds, uspto_xml
from ipcenter.ingest.records import Parsed, Reader, Rejected
from ipcenter.rights import PatentIn
from tests.ingest.uspto_helpers import PROSECUTION, USPTO, bytes_source

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _head_lines(path: Path, count: int) -> bytes:
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(count))


XML_SAMPLES = [
    (USPTO / name).read_bytes()
    for name in (
        "xmlApp2004__US20050004437A1.xml",
        "sgml__USD435854S1.xml",
        "pap__US20010000044A1.xml",
        "xml2004__US06859910.xml",
    )
]
CASES: list[tuple[Reader, bytes]] = [
    *((uspto_xml.READER, sample) for sample in XML_SAMPLES),
    (uspto_aps.READER, (USPTO / "greenbook__US03937375.greenbook").read_bytes()),
    (uspto_brs.READER, _head_lines(USPTO / "css_brs__css_brs_sample.txt", 1929)),
    (uspto_peds.READER, _head_lines(PROSECUTION / "uspto_peds_sample.jsonl", 5)),
    (uspto_cpc.MASTER_READER, (USPTO / "cpcMaster__cpcMaster.xml").read_bytes()),
]


def _check(reader: Reader, data: bytes, *, fuzzing: bool = False) -> list[str]:
    outcomes = []
    for item in reader.read(bytes_source(data, "fuzz")):
        if isinstance(item, Parsed):
            assert isinstance(item.record, PatentIn)
            PatentIn.model_validate(item.record.model_dump())
            outcomes.append("parsed")
        else:
            assert isinstance(item, Rejected)
            assert item.reason
            item.reason.format(**item.params)  # the message and its parameters agree
            outcomes.append("rejected")
    if fuzzing:  # shown by pytest --hypothesis-show-statistics
        for outcome in sorted(set(outcomes)):
            event(f"{reader.name}: {outcome}")
    return outcomes


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[Reader, bytes]:
    reader, sample = draw(st.sampled_from(CASES))
    data = bytearray(sample)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data[position] = draw(st.integers(min_value=0, max_value=255))
    return reader, bytes(data)


@st.composite
def truncated(draw: st.DrawFn) -> tuple[Reader, bytes]:
    reader, sample = draw(st.sampled_from(CASES))
    return reader, sample[: draw(st.integers(min_value=0, max_value=len(sample)))]


@FUZZ
@given(corrupted())
def test_corrupted_samples_never_raise(case: tuple[Reader, bytes]) -> None:
    _check(*case, fuzzing=True)


@FUZZ
@given(truncated())
def test_truncated_samples_never_raise(case: tuple[Reader, bytes]) -> None:
    _check(*case, fuzzing=True)


@FUZZ
@given(st.sampled_from(XML_SAMPLES), st.integers(min_value=200, max_value=5_000))
def test_a_cut_xml_document_between_good_ones_is_the_only_rejected_one(
    sample: bytes, cut: int
) -> None:
    good = XML_SAMPLES[0]
    data = good + sample[: min(cut, len(sample) - 200)] + b"\n" + good
    outcomes = _check(uspto_xml.READER, data)
    assert outcomes == ["parsed", "rejected", "parsed"]


def test_a_document_cut_in_its_prolog_does_not_swallow_the_next() -> None:
    cut = XML_SAMPLES[1][:150]  # inside the DOCTYPE's internal subset
    assert _check(uspto_xml.READER, cut + b"\n" + XML_SAMPLES[0]) == ["rejected", "parsed"]
    doctype_only = b'<!DOCTYPE simple PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n'
    assert _check(uspto_xml.READER, doctype_only + XML_SAMPLES[2]) == ["rejected", "parsed"]


def test_the_samples_themselves_all_parse() -> None:
    for reader, sample in CASES:
        assert set(_check(reader, sample)) == {"parsed"}, reader.name
