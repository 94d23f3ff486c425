"""A minimal reader for pipeline tests: one JSON object per line, PatentIn fields as they are.

``{"events_for": "202310104843.5", "jurisdiction": "CN", "events": [...]}`` lines become
``EventsFor`` items; a line that is not JSON, or not a valid ``PatentIn``, becomes ``Rejected``.
It lets the pipeline be tested apart from the real format readers (tested on real files).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from ipcenter.core.db import make_engine, transaction
from ipcenter.demo import load_demo
from ipcenter.ingest.formats import READERS
from ipcenter.ingest.records import EventsFor, Item, Location, Parsed, Reader, Rejected, Source
from ipcenter.rights import LegalEventIn, PatentIn


def _read(source: Source) -> Iterator[Item]:
    with source.open() as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8")
        index = 0
        for line_number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            where = Location(file=source.name, index=index, line=line_number)
            index += 1
            try:
                data: Any = json.loads(line)
            except json.JSONDecodeError:
                yield Rejected(where, line.rstrip("\n"), "not JSON")
                continue
            try:
                if "events_for" in data:
                    yield EventsFor(
                        where,
                        data["jurisdiction"],
                        data["events_for"],
                        tuple(LegalEventIn.model_validate(e) for e in data["events"]),
                    )
                else:
                    yield Parsed(where, PatentIn.model_validate(data))
            except pydantic.ValidationError as exc:
                yield Rejected(
                    where,
                    line.rstrip("\n"),
                    "invalid record: {problem}",
                    params={"problem": str(exc.errors()[0]["msg"])},
                )


TEST_READER = Reader(
    name="test-jsonl",
    sniff=lambda name, head: name.endswith(".tjsonl"),
    read=_read,
    companion=lambda name: name.endswith(".companion.tjsonl"),
)
TEST_READERS = (TEST_READER, *READERS)


def cn_record(serial: int, **changes: Any) -> dict[str, Any]:
    """A CN invention record with a valid application number built from ``serial``."""
    from ipcenter.rights import compute_cn_check_digit

    digits = f"20231{serial:07d}"
    data: dict[str, Any] = {
        "jurisdiction": "CN",
        "application_number": f"{digits}.{compute_cn_check_digit(digits)}",
        "filing_date": "2023-01-31",
        "publications": [{"number": f"CN{117000000 + serial}A", "date": "2024-04-05"}],
        "titles": {"zh": f"示例 {serial}"},
        "parties": [{"role": "applicant", "name": "内蒙古伊利实业集团股份有限公司"}],
        "ipc": ["A23C9/12"],
    }
    data.update(changes)
    return data


def write_lines(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def ingest_demo_url(template_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo store that only the ingest tests copy from.

    PostgreSQL copies a database only while nobody is connected to it, and the shared demo
    store is held open by the session's app; this one is connected to only while it is loaded.
    """
    from tests.conftest import _clone, _pg_execute

    url, pg_name = _clone(template_url, tmp_path_factory.mktemp("ingest-demo"), "ingestdemo")
    engine = make_engine(url)
    with transaction(engine) as session:
        load_demo(session)
    engine.dispose()
    yield url
    if pg_name:
        _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
