"""Request dependencies: the database session, the caller, permissions and the language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ipcenter.accounts import Caller, Permission, caller_for
from ipcenter.core.errors import AuthenticationRequired


def get_db(request: Request) -> Iterator[Session]:
    """A session per request: committed when the handler returns, rolled back on error."""
    factory = request.app.state.sessionmaker
    with factory() as session, session.begin():
        yield session


# scope="function": commit before the response is sent. With the default ("request") the commit
# ran after a POST's redirect had gone out, so the page it redirected to could still read the
# old state (and a failed commit would follow a success response).
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def get_caller(request: Request, session: SessionDep) -> Caller:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise AuthenticationRequired()
    try:
        caller = caller_for(session, user_id)
    except AuthenticationRequired:
        request.session.clear()
        raise
    request.state.caller = caller
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def requires(permission: Permission) -> Callable[[Caller], Caller]:
    """A dependency that lets the caller through only with ``permission``."""

    def check(caller: CallerDep) -> Caller:
        caller.require(permission)
        return caller

    return check


def language(request: Request) -> str:
    return str(request.state.language)


LanguageDep = Annotated[str, Depends(language)]
