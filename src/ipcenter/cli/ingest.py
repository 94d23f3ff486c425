"""`ipcenter ingest`: import files, list import runs and the quarantine.

``ipcenter ingest PATH...`` imports; ``ipcenter ingest runs`` and ``ipcenter ingest quarantine``
list. Click cannot mix a positional argument with subcommands in one group, so the group sends
any first argument that is not one of its subcommands to the hidden ``files`` command (a path
called ``runs`` is given as ``./runs``).
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer.core import TyperGroup

from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.i18n import gettext

FILES_COMMAND = "files"


class PathsOrCommands(TyperGroup):
    """A group whose unknown first argument (a path, or an option of the import) is the start
    of ``ingest files ...``."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [FILES_COMMAND, *args]
        return super().parse_args(ctx, args)


ingest_app = typer.Typer(
    cls=PathsOrCommands,
    help=(
        "Import patent data files: ipcenter ingest PATH... [--format auto|...] [--org KEY] "
        "[--json]. PATH may be a file, a folder (read recursively) or a zip archive; "
        "`ipcenter ingest files --help` explains the options."
    ),
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(ingest_app, name="ingest")


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        help=(
            "auto (detect each file), or a format: uspto-xml, uspto-aps, lens, google, "
            "patentsview, patentscope, incopat, patsnap, cnipa-events... (an unknown name is "
            "answered with the full list)."
        ),
    ),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org", help="Key of the organisation the records belong to (default: the centre)."
    ),
]


@ingest_app.command(FILES_COMMAND, hidden=True)
@reports_errors
def ingest_files(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or zip archives.")],
    fmt: FormatOption = "auto",
    org: OrgOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Import files, folders and zip archives; prints a summary per file."""
    from ipcenter.core.db import get_engine, transaction
    from ipcenter.ingest import AUTO, ingest_paths, reader_named, resolve_org

    engine = get_engine()
    if fmt != AUTO:
        reader_named(fmt)  # an unknown format is refused before anything is recorded
    with transaction(engine) as session:
        org_id = resolve_org(session, org)
    with _progress_bar(enabled=sys.stderr.isatty()) as report:
        summary = ingest_paths(engine, paths, org_id=org_id, fmt=fmt, progress=report)
    emit(summary, as_json=as_json, human=_summary_text(summary))
    if summary.status == "failed":
        for item in summary.files:
            if item.message:
                typer.echo(f"{gettext('Error')}: {item.message}", err=True)
        raise typer.Exit(1)


class _progress_bar:
    """A progress bar on stderr (only on a terminal: a log file gets the summary alone)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.tasks: dict[int, Any] = {}

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[records]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self.bar.start()
        return self.report

    def report(self, progress: Any) -> None:
        task = self.tasks.get(progress.file_number)
        if task is None:
            task = self.bar.add_task(
                progress.file.rsplit("/", 1)[-1][:40], total=progress.bytes_total, records=""
            )
            self.tasks[progress.file_number] = task
        records = gettext("{count} records").format(count=progress.records)
        completed = progress.bytes_total if progress.done else progress.bytes_read
        self.bar.update(task, completed=completed, records=records)

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _summary_text(summary: Any) -> str:
    lines = []
    for item in summary.files:
        name = f"{item.path}!{item.member}" if item.member else item.path
        if item.status in ("finished", "running") or item.read:
            lines.append(
                gettext(
                    "{file}: {read} read, {inserted} inserted, {updated} updated, "
                    "{unchanged} unchanged, {quarantined} quarantined"
                ).format(file=name, **item.model_dump())
            )
        if item.status == "skipped":
            lines.append(gettext("{file}: skipped (read with its main file)").format(file=name))
        elif item.message:
            # Messages about unreadable files name the file themselves.
            lines.append(item.message if item.path in item.message else f"{name}: {item.message}")
    lines.append(
        gettext(
            "Run {run_id}: {read} read, {inserted} inserted, {updated} updated, "
            "{unchanged} unchanged, {quarantined} quarantined"
        ).format(**summary.model_dump())
    )
    return "\n".join(lines)


@ingest_app.command("runs")
@reports_errors
def ingest_runs(
    limit: Annotated[int, typer.Option(help="How many recent runs.")] = 50,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List recent import runs with their counts per file."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.ingest import list_runs

    with transaction() as session:
        runs = list_runs(session, scope=OrgScope.everything(), limit=limit)
    human = "\n".join(
        gettext(
            "Run {run_id} ({status}, {started}): {read} read, {inserted} inserted, "
            "{updated} updated, {unchanged} unchanged, {quarantined} quarantined"
        ).format(
            started=run.started_at.isoformat(timespec="seconds") if run.started_at else "",
            **run.model_dump(exclude={"started_at"}),
        )
        for run in runs.data
    ) or gettext("No import runs yet.")
    emit(runs, as_json=as_json, human=human)


@ingest_app.command("quarantine")
@reports_errors
def ingest_quarantine(
    run: Annotated[int | None, typer.Option("--run", help="Only this import run.")] = None,
    limit: Annotated[int, typer.Option(help="How many records at most.")] = 200,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """List quarantined records: where they stood, why, and their raw text."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.ingest import list_quarantine

    with transaction() as session:
        rows = list_quarantine(session, scope=OrgScope.everything(), run_id=run, limit=limit)
    human = "\n".join(
        f"[{row.run_id}] {row.file}{'!' + row.member if row.member else ''}:"
        f"{row.line or row.row or row.index + 1}: {row.message}\n    {row.raw[:200]}"
        for row in rows.data
    ) or gettext("The quarantine is empty.")
    emit(rows, as_json=as_json, human=human)
