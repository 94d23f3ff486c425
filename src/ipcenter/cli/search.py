"""`ipcenter search ...`: query, reindex, add documents, saved searches.

The CLI is the operator's tool: it searches every organisation's records (centre-wide scope)
unless ``--org KEY`` narrows it to one organisation.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.i18n import gettext

search_app = typer.Typer(
    help="Prior-art and freedom-to-operate search: query, reindex, add-documents, saved.",
    no_args_is_help=True,
)
saved_app = typer.Typer(help="Saved searches: list, run.", no_args_is_help=True)
search_app.add_typer(saved_app, name="saved")


def register(app: typer.Typer) -> None:
    """Add the search commands to ``app``."""
    app.add_typer(search_app, name="search")


OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="Key of an organisation: only its records (default: all)."),
]
LexicalOption = Annotated[
    bool,
    typer.Option("--lexical-only", help="Do not load the embedding model (BM25 only)."),
]


def _index(lexical_only: bool) -> Any:
    from ipcenter import search

    return search.open_index(embedder=None) if lexical_only else search.open_index()


def _scope(session: Any, org: str | None) -> Any:
    from ipcenter.core.scoping import OrgScope
    from ipcenter.ingest import resolve_org

    return OrgScope.only(resolve_org(session, org)) if org else OrgScope.everything()


@search_app.command("query")
@reports_errors
def query(
    text: Annotated[str, typer.Argument(help="Words, a claim, or a patent number.")],
    before: Annotated[
        str | None, typer.Option("--before", help="Only documents published before DATE.")
    ] = None,
    ipc: Annotated[
        list[str] | None, typer.Option("--ipc", help="IPC/CPC prefix, e.g. A23C9 (repeatable).")
    ] = None,
    in_force_at: Annotated[
        str | None, typer.Option("--in-force-at", help="FTO: only patents in force on DATE.")
    ] = None,
    territory: Annotated[
        str | None, typer.Option("--territory", help="FTO: office code, e.g. CN.")
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="patent, npl or internal (repeatable).")
    ] = None,
    jurisdiction: Annotated[
        list[str] | None, typer.Option("--jurisdiction", help="Office code (repeatable).")
    ] = None,
    applicant: Annotated[str | None, typer.Option("--applicant", help="Name part.")] = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, lexical or dense.")] = "hybrid",
    k: Annotated[int, typer.Option("--k", help="Number of families to return.")] = 20,
    org: OrgOption = None,
    lexical_only: LexicalOption = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Search; prints one line per family (with --json: a JSON object with a results list)."""
    from ipcenter import search
    from ipcenter.core.db import get_engine, session_factory

    request = search.make_request(
        {
            "q": text,
            "before": before,
            "ipc": ipc or [],
            "in_force_at": in_force_at,
            "territory": territory,
            "kind": kind or [],
            "jurisdiction": jurisdiction or [],
            "applicant": applicant,
            "mode": mode,
            "k": k,
        }
    )
    factory = session_factory(get_engine())
    index = _index(lexical_only)
    search.catch_up(factory, index)
    with factory() as session:
        results = search.search(session, index, request, scope=_scope(session, org))
    emit(results.to_dict(), as_json=as_json, human=_results_text(results))


def _results_text(results: Any) -> str:
    from ipcenter.core.labels import label

    lines = []
    if results.undated_excluded:
        lines.append(_undated_note(results.undated_excluded))
    if not results.results:
        return "\n".join([*lines, gettext("No documents match.")])
    for number, result in enumerate(results.results, start=1):
        row = result.to_dict()
        name = row["publication_number"] or row["id"]
        title = " / ".join(part for part in row["title"].splitlines() if part.strip())
        status = f" [{label('status', row['status'])}]" if row["status"] else ""
        lines.append(f"{number:>3}. {name}  {title[:100]}{status}  ({row['score']:.4f})")
        if len(row["members"]) > 1:
            others = [m["publication_number"] or m["id"] for m in row["members"][1:]]
            lines.append("     " + gettext("family: {members}").format(members=", ".join(others)))
    return "\n".join(lines)


@search_app.command("reindex")
@reports_errors
def reindex(
    full: Annotated[
        bool, typer.Option("--full", help="Look at every record, not only changed.")
    ] = False,
    no_embed: Annotated[
        bool, typer.Option("--no-embed", help="Lexical only now; embed with a later run.")
    ] = False,
    lexical_only: LexicalOption = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Bring the index in step with the registry, then embed what lacks a vector."""
    index = _index(lexical_only)
    try:
        summary = _reindex(index, full=full, no_embed=no_embed)
    except KeyboardInterrupt:
        typer.echo(gettext("Interrupted: run `ipcenter search reindex` again to resume."), err=True)
        raise typer.Exit(130) from None
    emit(
        summary.to_dict(),
        as_json=as_json,
        human=gettext(
            "{seen} looked at: {added} added, {changed} changed, {deleted} deleted, "
            "{unchanged} unchanged; {pending_embedding} waiting for embedding"
        ).format(**summary.to_dict()),
    )


def _reindex(index: Any, *, full: bool, no_embed: bool) -> Any:
    from ipcenter import search
    from ipcenter.core.db import get_engine, session_factory, transaction

    with _Bar(enabled=sys.stderr.isatty()) as report:
        if no_embed:
            with transaction(get_engine()) as session:
                summary = search.reindex(session, index, full=full, progress=report)
        else:
            summary = search.reindex_and_embed(
                session_factory(get_engine()), index, full=full, progress=report
            )
    return summary


class _Bar:
    """A progress bar per phase (index, embed) on stderr, only on a terminal."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
        )
        self.bar.start()
        return self.report

    def report(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            label = gettext("indexing") if phase == "index" else gettext("embedding")
            self.tasks[phase] = self.bar.add_task(label, total=total)
        self.bar.update(self.tasks[phase], completed=done, total=total)

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@search_app.command("status")
@reports_errors
def status(
    lexical_only: LexicalOption = False, as_json: JsonOption = False, lang: LangOption = None
) -> None:
    """What the index holds, how many documents wait for a vector, the last run."""
    from ipcenter import search
    from ipcenter.core.db import get_engine, session_factory

    with session_factory(get_engine())() as session:
        report = search.index_report(session, _index(lexical_only)).to_dict()
    emit(
        report,
        as_json=as_json,
        human=gettext(
            "{documents} documents, {embedded} with a vector, {pending} waiting ({directory})"
        ).format(**report),
    )


@search_app.command("add-documents")
@reports_errors
def add_documents(
    file: Annotated[Path, typer.Argument(help="JSON lines: id, title, text; optional date, lang.")],
    kind: Annotated[str, typer.Option("--kind", help="npl or internal.")] = "npl",
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation key (default: the centre).")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Store and index non-patent documents; bad lines are reported, good ones stored."""
    from ipcenter import search
    from ipcenter.core.db import get_engine, transaction
    from ipcenter.core.errors import ValidationError
    from ipcenter.core.i18n import N_
    from ipcenter.ingest import resolve_org

    if not file.is_file():
        raise ValidationError(field="FILE", value=str(file), reason=N_("no such file"))
    with transaction(get_engine()) as session, file.open(encoding="utf-8") as stream:
        org_id = resolve_org(session, org)
        summary = search.store_added(
            session,
            search.read_added_lines(stream, default_kind=kind),
            org_id=org_id,
            source=file.name,
        )
    index = _index(True)
    with transaction(get_engine()) as session:
        search.reindex(session, index, actor="add-documents")
    data = summary.to_dict()
    text = [
        gettext("{read} lines: {inserted} added, {updated} updated, {unchanged} unchanged").format(
            **data
        )
    ]
    text += [
        gettext("Replaced: line {line}: id {id} named a document stored from {stored_from}").format(
            **replaced
        )
        for replaced in data["replaced"]
    ]
    text += [f"{gettext('Rejected')}: {e.render(gettext)}" for e in summary.rejected]
    emit(data, as_json=as_json, human="\n".join(text))
    if summary.rejected:
        raise typer.Exit(1)


@saved_app.command("list")
@reports_errors
def saved_list(as_json: JsonOption = False, lang: LangOption = None) -> None:
    """List the saved searches."""
    from ipcenter import search
    from ipcenter.core.db import get_engine, session_factory
    from ipcenter.core.scoping import OrgScope

    with session_factory(get_engine())() as session:
        rows = [
            search.saved_public(s) for s in search.list_saved(session, scope=OrgScope.everything())
        ]
    human = "\n".join(f"{r['id']:>4}  {r['name']}  ({r['params']['q'][:60]})" for r in rows)
    emit({"saved": rows}, as_json=as_json, human=human or gettext("No saved searches."))


@saved_app.command("run")
@reports_errors
def saved_run(
    saved_id: Annotated[int, typer.Argument(help="Id from `search saved list`.")],
    lexical_only: LexicalOption = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Run a saved search; new matches since its last run are listed."""
    from ipcenter import search
    from ipcenter.core.db import get_engine, session_factory, transaction
    from ipcenter.core.scoping import OrgScope

    index = _index(lexical_only)
    search.catch_up(session_factory(get_engine()), index)
    with transaction(get_engine()) as session:
        saved = search.get_saved(session, saved_id, scope=OrgScope.everything())
        results, new = search.run_saved(session, index, saved)
        data = {**results.to_dict(), "new": new}
    emit(data, as_json=as_json, human=_results_text(results))


def _undated_note(count: int) -> str:
    return gettext("Left out by the date cut-off for lack of a publication date: {n}").format(
        n=count
    )
