"""The foundation's commands: serve, db, demo, orgs, users, rights, patents."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.i18n import current_language, gettext
from ipcenter.core.settings import get_settings

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demonstration data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs_app = typer.Typer(help="Organisations.", no_args_is_help=True)
rights_app = typer.Typer(help="Rights numbers and records.", no_args_is_help=True)
patents_app = typer.Typer(help="Patents in the registry.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    for name, sub in (
        ("db", db_app),
        ("demo", demo_app),
        ("users", users_app),
        ("orgs", orgs_app),
        ("rights", rights_app),
        ("patents", patents_app),
    ):
        app.add_typer(sub, name=name)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web application and the API."""
    import uvicorn

    from ipcenter.web import create_app

    uvicorn.run(create_app(), host=host, port=port)


@db_app.command("upgrade")
@reports_errors
def db_upgrade(lang: LangOption = None) -> None:
    """Apply all migrations to the configured database."""
    from ipcenter.core.migrate import upgrade

    upgrade(get_settings().resolved_database_url())
    typer.echo(gettext("Database is up to date."), err=True)


@demo_app.command("load")
@reports_errors
def demo_load(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only into an empty database.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Load the demonstration data set (idempotent)."""
    from ipcenter.core.db import get_engine, transaction
    from ipcenter.demo import DemoSummary, database_is_empty, load_demo

    with transaction(get_engine()) as session:
        if if_empty and not database_is_empty(session):
            summary = DemoSummary(loaded=False)
        else:
            summary = load_demo(session)
    human = (
        gettext(
            "Demo data loaded: {patents} patents, {trademarks} trademarks, "
            "{gis} geographical indications, {users} users."
        ).format(
            patents=summary.patents,
            trademarks=summary.trademarks,
            gis=summary.geographical_indications,
            users=summary.users,
        )
        if summary.loaded
        else gettext("Demo data not loaded: the database already has data.")
    )
    emit(summary, as_json=as_json, human=human)


@orgs_app.command("create")
@reports_errors
def orgs_create(
    key: Annotated[str, typer.Argument(help="Short key, e.g. yili.")],
    name: Annotated[str, typer.Option(help="Name as registered (Chinese).")],
    kind: Annotated[
        str,
        typer.Option(
            help="centre, company, bank, mediation, farm, university or research_institute."
        ),
    ],
    name_en: Annotated[str | None, typer.Option(help="English name.")] = None,
    parent: Annotated[str | None, typer.Option(help="Key of the serving centre.")] = None,
    region_code: Annotated[str | None, typer.Option(help="6-digit region code.")] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create an organisation."""
    from ipcenter.accounts import create_organisation
    from ipcenter.core.db import transaction

    with transaction() as session:
        org = create_organisation(
            session,
            key=key,
            name=name,
            kind=kind,
            name_en=name_en,
            parent_key=parent,
            region_code=region_code,
            actor="cli",
        )
        result = {"id": org.id, "key": org.key, "name": org.name, "kind": org.kind}
    emit(result, as_json=as_json, human=gettext("Organisation {key} created.").format(key=key))


@users_app.command("create")
@reports_errors
def users_create(
    username: Annotated[str, typer.Argument(help="Login name.")],
    org: Annotated[str, typer.Option(help="Organisation key.")],
    role: Annotated[str, typer.Option(help="admin, analyst, mediator, company, bank or farm.")],
    display_name: Annotated[str | None, typer.Option(help="Name shown in the app.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    language: Annotated[str, typer.Option(help="zh_CN or en.")] = "zh_CN",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Create a user (the password is prompted for, or read from stdin)."""
    from ipcenter.accounts import create_user
    from ipcenter.core.db import transaction

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt(gettext("Password"), hide_input=True, confirmation_prompt=True)
    with transaction() as session:
        user = create_user(
            session,
            username=username,
            password=password,
            role=role,
            org_key=org,
            display_name=display_name,
            email=email,
            language=language,
            actor="cli",
        )
        result = {"id": user.id, "username": user.username, "role": user.role, "org": org}
    emit(
        result, as_json=as_json, human=gettext("User {username} created.").format(username=username)
    )


@rights_app.command("check-number")
@reports_errors
def rights_check_number(
    number: Annotated[str, typer.Argument(help="CN application number, e.g. 202310104843.5")],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Check a CN application number and its check digit; exit status 1 when invalid."""
    from ipcenter.rights import check_cn_application_number

    result = check_cn_application_number(number)
    if result.valid:
        human = gettext("{number} is valid ({type}, filed {year}).").format(
            number=result.normalised, type=result.patent_type, year=result.year
        )
    else:
        human = result.message or gettext("Invalid number.")
    emit(result, as_json=as_json, human=human)
    if not result.valid:
        raise typer.Exit(1)


@patents_app.command("show")
@reports_errors
def patents_show(
    number: Annotated[str, typer.Argument(help="Publication or application number.")],
    org: Annotated[
        int | None,
        typer.Option("--org", help="Organisation id, when several hold the same record."),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Show one patent of the registry (operator scope: every organisation)."""
    from ipcenter.core.db import transaction
    from ipcenter.core.scoping import OrgScope
    from ipcenter.rights import find_patent, patent_public

    with transaction() as session:
        record = patent_public(
            find_patent(session, number, scope=OrgScope.everything(), org_id=org),
            lang=current_language.get(),
        )
    human = "\n".join(
        f"{key}: {value}"
        for key, value in record.model_dump(mode="json").items()
        if value not in (None, [], {})
    )
    emit(record, as_json=as_json, human=human)
