"""Liveness and the caller's identity."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from ipcenter.web.deps import CallerDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["system"])


class Health(BaseModel):
    status: str


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    org_id: int
    org_name: str
    language: str


@router.get("/health", response_model=Health)
def health(session: SessionDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok")


@router.get("/me", response_model=Me)
def me(caller: CallerDep) -> Me:
    return Me(
        username=caller.username,
        display_name=caller.display_name,
        role=caller.role,
        org_id=caller.org_id,
        org_name=caller.org_name,
        language=caller.language,
    )
