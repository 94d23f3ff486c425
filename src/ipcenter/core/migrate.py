"""Alembic glue: the migrations ship inside the package, so `ipcenter db upgrade` works anywhere."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ipcenter.core.db import make_engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("ipcenter") / "migrations"))
    # '%' is ConfigParser's interpolation character; URLs may contain it (encoded passwords).
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating the SQLite file if needed)."""
    command.upgrade(alembic_config(url), revision)


def is_current(url: str) -> bool:
    """Whether the database at ``url`` stands at the newest revision."""
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    finally:
        engine.dispose()
