"""Product commands of the carbon area (batch runs and the like), added to ``ipcenter carbon``."""

from __future__ import annotations

import typer


def add_commands(group: typer.Typer) -> None:
    """Add the product commands to the ``carbon`` group (none yet)."""
