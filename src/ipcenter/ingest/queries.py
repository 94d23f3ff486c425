"""Reading the import history, the quarantine and a record's provenance, scoped to the caller."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ipcenter.accounts import Organisation, organisation_by_key
from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope, require_visible, scoped
from ipcenter.ingest.models import ImportRun, QuarantinedRecord, RecordProvenance
from ipcenter.ingest.pipeline import IngestSummary, render_reason, summary_of

STALLED_AFTER = dt.timedelta(minutes=10)


class RunPublic(IngestSummary):
    actor: str
    requested_format: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    progress_at: dt.datetime | None
    # Still "running" but no batch stored for STALLED_AFTER: the process was most likely
    # stopped; importing the same files again completes it.
    stalled: bool


class RunList(BaseModel):
    data: list[RunPublic]
    count: int


class QuarantinePublic(BaseModel):
    id: int
    run_id: int
    file: str
    member: str | None
    line: int | None
    row: int | None
    index: int
    field: str | None
    reason: str  # the msgid
    params: dict[str, Any]
    message: str  # the reason in the caller's language
    raw: str
    created_at: dt.datetime | None


class QuarantineList(BaseModel):
    data: list[QuarantinePublic]
    count: int


class ProvenancePublic(BaseModel):
    run_id: int
    file: str
    member: str | None
    line: int | None
    row: int | None
    index: int
    outcome: str
    imported_at: dt.datetime | None


def run_public(run: ImportRun) -> RunPublic:
    return RunPublic(
        **summary_of(run).model_dump(),
        actor=run.actor,
        requested_format=run.requested_format,
        started_at=run.started_at,
        finished_at=run.finished_at,
        progress_at=run.progress_at,
        stalled=run.status == "running" and _older_than(run.progress_at, STALLED_AFTER),
    )


def _older_than(moment: dt.datetime | None, age: dt.timedelta) -> bool:
    if moment is None:
        return True
    if moment.tzinfo is None:  # SQLite gives stored times back without their zone (UTC)
        moment = moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC) - moment > age


def list_runs(session: Session, *, scope: OrgScope, limit: int = 100) -> RunList:
    statement = scoped(select(ImportRun), ImportRun, scope)
    count = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    runs = session.scalars(
        statement.order_by(ImportRun.id.desc()).limit(limit).options(selectinload(ImportRun.files))
    )
    return RunList(data=[run_public(run) for run in runs], count=count)


def get_run(session: Session, run_id: int, *, scope: OrgScope) -> RunPublic:
    run = session.get(ImportRun, run_id)
    require_visible(run, scope, what=N_("Import run"))
    assert run is not None  # noqa: S101 - require_visible raised otherwise
    return run_public(run)


def list_quarantine(
    session: Session,
    *,
    scope: OrgScope,
    run_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> QuarantineList:
    """Quarantined records, newest first; ``run_id`` narrows to one run (404 outside scope)."""
    if limit < 1 or offset < 0:
        raise ValidationError(field="limit", reason=N_("must be a positive number"))
    statement = scoped(select(QuarantinedRecord), QuarantinedRecord, scope)
    if run_id is not None:
        run = session.get(ImportRun, run_id)
        if run is None or not scope.allows(run.org_id):
            raise NotFound(what=N_("Import run"))
        statement = statement.where(QuarantinedRecord.run_id == run_id)
    count = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(
        statement.order_by(QuarantinedRecord.id.desc()).limit(limit).offset(offset)
    )
    return QuarantineList(
        data=[
            QuarantinePublic(
                id=row.id,
                run_id=row.run_id,
                file=row.file,
                member=row.member,
                line=row.line,
                row=row.row,
                index=row.record_index,
                field=row.field,
                reason=row.reason,
                params=dict(row.params or {}),
                message=render_reason(row.reason, row.params),
                raw=row.raw,
                created_at=row.created_at,
            )
            for row in rows
        ],
        count=count,
    )


def provenance_of(session: Session, patent_id: int, *, scope: OrgScope) -> list[ProvenancePublic]:
    """Which files inserted or changed a stored patent, oldest first."""
    statement = scoped(select(RecordProvenance), RecordProvenance, scope).where(
        RecordProvenance.patent_id == patent_id
    )
    return [
        ProvenancePublic(
            run_id=row.run_id,
            file=row.file,
            member=row.member,
            line=row.line,
            row=row.row,
            index=row.record_index,
            outcome=row.outcome,
            imported_at=row.imported_at,
        )
        for row in session.scalars(statement.order_by(RecordProvenance.id))
    ]


def resolve_org(session: Session, key: str | None) -> int:
    """The organisation to import for: ``key``, else the centre when there is exactly one."""
    if key:
        return organisation_by_key(session, key).id
    centres = list(
        session.scalars(select(Organisation.id).where(Organisation.kind == "centre").limit(2))
    )
    if len(centres) != 1:
        raise ValidationError(
            field="org",
            reason=N_(
                "name the organisation to import for with --org KEY: there is not exactly one "
                "centre to default to"
            ),
        )
    return centres[0]
