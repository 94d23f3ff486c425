"""Uploading a real USPTO file in the browser: the job runs, the page follows it to the end,
the history lists it and the quarantine shows the broken document."""

from __future__ import annotations

import re
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import expect

from ipcenter.ingest import wait_for_jobs
from ipcenter.web import create_app
from tests.conftest import _clone, _pg_execute, make_settings
from tests.e2e.conftest import log_in
from tests.ingest.helpers import ingest_demo_url  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e
SAMPLE = (
    Path(__file__).resolve().parents[2].parent
    / "shared/reference/patents/uspto/xml2014__US08926509.xml"
)


@pytest.fixture(scope="module")
def live_server(
    ingest_demo_url: str,  # noqa: F811 - the fixture imported above
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A server of its own on a copy of the demo store: uploads must not reach the shared one."""
    folder = tmp_path_factory.mktemp("ingest-e2e")
    url, pg_name = _clone(ingest_demo_url, folder, "ingeste2e")
    settings = make_settings(url, folder / "data")
    app = create_app(settings.model_copy(update={"max_upload_bytes": 8 * 1024 * 1024}))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    wait_for_jobs()
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()
    if pg_name:
        _pg_execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def upload_archive(folder: Path) -> Path:
    document = SAMPLE.read_bytes()
    archive = folder / "weekly.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("ipg150106.xml", document)
        # The same document cut off in the middle: not well-formed, so quarantined.
        out.writestr("ipg150106-broken.xml", document[: len(document) // 3])
    return archive


def test_upload_follow_the_import_and_see_the_quarantine(page: Any, tmp_path: Path) -> None:
    log_in(page, "analyst")
    page.goto("/ingest")
    page.set_input_files("#upload-files", str(upload_archive(tmp_path)))
    page.click("#upload-submit")
    expect(page).to_have_url(re.compile(r"/ingest/runs/\d+$"))
    # The page polls the run until it has ended.
    expect(page.locator("#run-progress")).to_have_attribute(
        "data-status", "finished", timeout=60_000
    )
    rows = page.locator("#file-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="ipg150106.xml").locator("td").nth(4)).to_have_text("1")
    page.reload()
    quarantined = page.locator("#quarantine-table tbody tr")
    expect(quarantined).to_have_count(1)
    expect(quarantined.first).to_contain_text("ipg150106-broken.xml")
    run_path = "/ingest/runs/" + page.url.rsplit("/", 1)[-1]
    page.goto("/ingest")
    expect(page.locator(f"#run-table a[href='{run_path}']")).to_have_count(1)
    page.click("#quarantine-link")
    # The analyst reads English; the same page in Chinese after switching.
    expect(page.locator("h1")).to_have_text("Quarantined records")
    page.click("#lang-switch")
    expect(page.locator("h1")).to_have_text("隔离记录")
    first = page.locator("#quarantine-table tbody tr").first
    expect(first).to_contain_text("ipg150106-broken.xml")
    expect(first.locator("td.reason")).to_contain_text("XML")
    page.click("#lang-switch")
    page.goto("/rights/patents?jurisdiction=US")
    expect(page.locator("#patent-table")).to_contain_text("US8926509")
