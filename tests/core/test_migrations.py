"""The migrations build exactly the schema the models declare, and can be undone."""

from __future__ import annotations

from alembic import command

from ipcenter.core.migrate import alembic_config, upgrade


def test_models_and_migrations_agree(database_url: str) -> None:
    # Raises when autogenerate would write a new migration, i.e. a model changed without one.
    command.check(alembic_config(database_url))


def test_downgrade_then_upgrade(database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "base")
    upgrade(database_url)
    command.check(alembic_config(database_url))
