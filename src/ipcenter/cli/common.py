"""What every command shares: JSON output, the language option, errors as messages."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError

from ipcenter.core.errors import ConfigurationError, IpcenterError, ValidationError
from ipcenter.core.i18n import N_, current_language, gettext, normalise_language
from ipcenter.core.settings import get_settings

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of messages: zh_CN or en.")
]

F = TypeVar("F", bound=Callable[..., Any])


def _set_language(lang: str | None) -> None:
    chosen = normalise_language(lang)
    current_language.set(chosen or get_settings().default_language)
    if lang and chosen is None:
        raise ValidationError(field="lang", value=lang, reason=N_("must be zh_CN or en"))


def reports_errors(command: F) -> F:
    """Translate IpcenterError into a message on stderr and exit status 1 (never a traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # The language holds for this command only: a caller running several (a test, a script
        # through the Python API) must not inherit the last one's --lang.
        token = current_language.set(current_language.get())
        try:
            try:
                _set_language(kwargs.get("lang"))
                return command(*args, **kwargs)
            except IpcenterError as error:
                _report(error, as_json=bool(kwargs.get("as_json")))
            except DBAPIError as error:
                _report(_database_error(error), as_json=bool(kwargs.get("as_json")))
            raise typer.Exit(1)
        finally:
            current_language.reset(token)

    return wrapper  # type: ignore[return-value]


def _report(error: IpcenterError, *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(error.to_dict(gettext), ensure_ascii=False), err=True)
    else:
        typer.echo(f"{gettext('Error')}: {error.render(gettext)}", err=True)


def _database_error(error: DBAPIError) -> ConfigurationError:
    """The usual cause on an operator's machine is a store not yet migrated: say so."""
    from ipcenter.core.migrate import is_current

    url = get_settings().resolved_database_url()
    try:
        current = is_current(url)
    except DBAPIError:
        current = True  # the database cannot even be asked: report the original error
    if not current:
        return ConfigurationError(
            reason=N_("the database is not at the current schema; run `ipcenter db upgrade`")
        )
    return ConfigurationError(
        reason=N_("the database refused the request ({detail})"), detail=str(error.orig)
    )


def emit(result: BaseModel | dict[str, Any], *, as_json: bool, human: str) -> None:
    if as_json:
        data = result.model_dump(mode="json") if isinstance(result, BaseModel) else result
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(human)
