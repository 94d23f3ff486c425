"""Jobs of the search product and the main database (QA-Q1): an embedding job never holds a
write transaction on the main database while the model runs, so logins and imports go on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, create_engine, make_url, text

from ipcenter import search
from ipcenter.core.db import session_factory
from tests.search.conftest import add, patent


class _WritingEmbedder:
    """A tiny fake model: while it "runs" (between the job's batches) another connection writes
    to the main database with a short lock timeout; each attempt's outcome is recorded."""

    name = "fake-writer@4"
    dimension = 4

    def __init__(self, url: str) -> None:
        backend = make_url(url).get_backend_name()
        args = {"timeout": 0.2} if backend == "sqlite" else {}
        self.other = create_engine(url, connect_args=args)
        self.writes: list[str] = []

    def _write(self) -> None:
        try:
            with self.other.begin() as connection:
                connection.execute(text("UPDATE organisations SET name = name"))
            self.writes.append("ok")
        except Exception as error:  # the defect: "database is locked"
            self.writes.append(type(error).__name__)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self._write()
        vectors = np.ones((len(texts), self.dimension), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)


def test_embedding_job_leaves_the_main_database_writable(
    engine: Engine, database_url: str, orgs: dict[str, int], tmp_path: Path
) -> None:
    embedder = _WritingEmbedder(database_url)
    search.forget_indexes()
    index = search.open_index(tmp_path / "index", embedder=embedder)  # type: ignore[arg-type]
    # 20 documents, batches of 16: the model is called twice, the run row updated in between.
    add(
        engine,
        orgs["centre"],
        *[patent(f"US92{n:05d}B2", title=f"Milk powder number {n}") for n in range(20)],
    )
    summary = search.reindex_and_embed(session_factory(engine), index)
    embedder.other.dispose()
    assert embedder.writes == ["ok", "ok"]
    assert (summary.added, summary.embedded, summary.pending) == (20, 20, 0)
    with session_factory(engine)() as session:
        run = session.get(search.IndexRun, summary.run_id)
        assert run is not None and (run.embedding, run.embedded, run.pending) == ("finished", 20, 0)
