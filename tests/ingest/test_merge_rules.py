"""The merge rules as properties: the order records arrive in does not matter, and a record
already applied changes nothing when it comes again (what makes re-imports idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.ingest.upsert import combine, recency
from ipcenter.rights import PatentIn, canonical_patent

APPLICATION = "202310104843.5"  # registry_stats.md §4.2 (check digit 5)
DAYS = st.dates(min_value=dt.date(2023, 2, 1), max_value=dt.date(2026, 12, 31))
TEXT = st.text(alphabet="乳酸菌发酵奶粉abc ", min_size=1, max_size=8)
EVENTS = st.lists(
    st.fixed_dictionaries(
        {"date": DAYS, "code": st.sampled_from(["PB01", "SE01", "GR01", "CF01"])}
    ),
    max_size=3,
)


@st.composite
def records(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "jurisdiction": "CN",
        "application_number": APPLICATION,
        "filing_date": dt.date(2023, 1, 31),
        "publications": [{"number": f"CN117834529{kind}", "date": draw(DAYS)}],
        "legal_events": draw(EVENTS),
    }
    if draw(st.booleans()):
        data["titles"] = {"zh": draw(TEXT)}
    if draw(st.booleans()):
        data["abstracts"] = {draw(st.sampled_from(["zh", "en"])): draw(TEXT)}
    if draw(st.booleans()):
        data["ipc"] = draw(
            st.lists(st.sampled_from(["A23C9/12", "A23C9/123", "C12N1/20"]), min_size=1, max_size=2)
        )
    if draw(st.booleans()):
        data["parties"] = [{"role": "applicant", "name": draw(TEXT)}]
    if kind == "B" and draw(st.booleans()):
        data["grant_date"] = data["publications"][0]["date"]
    return data


@settings(max_examples=80, deadline=None)
@given(first=records("A"), second=records("B"))
def test_order_does_not_matter_and_reapplying_changes_nothing(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    a = canonical_patent(PatentIn.model_validate(first))
    b = canonical_patent(PatentIn.model_validate(second))
    if recency(a) == recency(b):
        return  # equally recent documents: the later arrival wins, by design
    forwards = combine(a, b)
    assert forwards == combine(b, a)
    assert combine(forwards, a) == forwards
    assert combine(forwards, b) == forwards
    assert {p.number for p in forwards.publications} == {"CN117834529A", "CN117834529B"}
    newer, older = (a, b) if recency(a) > recency(b) else (b, a)
    for field in ("titles", "ipc"):
        expected = getattr(newer, field) or getattr(older, field)
        assert getattr(forwards, field) == expected, field
