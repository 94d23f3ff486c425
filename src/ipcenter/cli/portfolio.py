"""`ipcenter` commands of the portfolio capability."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app`` (none yet)."""
