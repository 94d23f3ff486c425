"""The ``ipcenter`` command line: thin commands over the capabilities' functions.

Every command that prints data takes ``--json`` and then prints exactly one JSON document on
stdout. Errors go to stderr, in the chosen language, with a non-zero exit status. Each area's
commands live in a module of this package that adds them to ``app`` in its ``register``.
"""

from __future__ import annotations

import typer

from ipcenter.cli import base, carbon, ingest, portfolio, search, stats

app = typer.Typer(
    help="ipcenter: IP operation and protection centre platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
for area in (base, ingest, portfolio, carbon, stats, search):
    area.register(app)


def main() -> None:
    app()
