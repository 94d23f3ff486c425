"""Run an import that dies mid-transaction: ``python -m tests.ingest.killed_import URL ORG PATH N``.

The N-th batch is written to the database, then the process is killed with SIGKILL before the
batch commits, as a crash or ``kill -9`` would do it. With ``uspto-xml P`` after N, the file is
read by the uspto-xml reader with its worker processes from the (P+1)-th document on.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from ipcenter.core.db import make_engine
from ipcenter.ingest import pipeline, uspto_xml
from tests.ingest.helpers import TEST_READERS


def main(url: str, org_id: str, path: str, kill_at: str, *uspto: str) -> None:
    original = pipeline.store_batch
    calls = 0

    def dying_store_batch(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        counts = original(*args, **kwargs)
        if calls == int(kill_at):
            args[0].flush()  # the batch's rows are in the database, uncommitted
            os.kill(os.getpid(), signal.SIGKILL)
        return counts

    pipeline.store_batch = dying_store_batch  # type: ignore[assignment]
    if uspto:
        fmt, pool_after = uspto
        uspto_xml.POOL_AFTER = int(pool_after)
        uspto_xml.CHUNK_DOCUMENTS = 1
        pipeline.ingest_paths(make_engine(url), [path], org_id=int(org_id), fmt=fmt, batch_size=4)
        return
    pipeline.ingest_paths(
        make_engine(url), [path], org_id=int(org_id), readers=TEST_READERS, batch_size=4
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
