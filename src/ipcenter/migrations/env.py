"""Alembic environment: runs the migrations against the URL set by ipcenter.core.migrate."""

from __future__ import annotations

from alembic import context

# Each import registers that capability's tables on Base.metadata.
import ipcenter.accounts.models
import ipcenter.carbon.models
import ipcenter.core.audit
import ipcenter.ingest.models
import ipcenter.portfolio.models
import ipcenter.rights.models
import ipcenter.search.models
import ipcenter.stats.models  # noqa: F401
from ipcenter.core.db import Base, make_engine

config = context.config


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "ipcenter.core.migrate sets sqlalchemy.url"  # noqa: S101
    engine = make_engine(url)
    with engine.connect() as connection:
        # render_as_batch: SQLite can only ALTER tables by copying them.
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
