"""Saved searches, their relevance feedback, and alerts when new records match.

A saved search keeps its parameters (JSON), the organisations its owner could see when saving
(the scope it runs with later, from a reindex where no user is present), and the ids its last
run returned. Each reindex that changed documents re-runs every saved search with alerts on;
documents in the new result list that were not in the last one become a :class:`SearchAlert`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.scoping import OrgScope, require_visible, scoped
from ipcenter.search.index import SearchIndex
from ipcenter.search.models import FeedbackMark, SavedSearch, SearchAlert
from ipcenter.search.service import SearchRequest, SearchResults, make_request, search

SCOPE_KEY = "_scope"


def _scope_of(saved: SavedSearch) -> OrgScope:
    stored = saved.params.get(SCOPE_KEY)
    if stored is None:
        return OrgScope.everything()  # saved by the operator's CLI
    return OrgScope(frozenset(int(i) for i in stored))


def save_search(
    session: Session,
    request: SearchRequest,
    *,
    name: str,
    org_id: int,
    owner_id: int | None,
    scope: OrgScope,
    alert: bool = True,
    index: SearchIndex | None = None,
) -> SavedSearch:
    """Keep ``request`` for later (and run it once, so the first alert names only new ones)."""
    label = name.strip()
    if not label:
        raise ValidationError(field="name", reason=N_("is required"))
    if len(label) > 200:
        raise ValidationError(field="name", reason=N_("is longer than 200 characters"))
    params = request.to_params()
    params[SCOPE_KEY] = None if scope.org_ids is None else sorted(scope.org_ids)
    saved = SavedSearch(
        org_id=org_id, owner_id=owner_id, name=label, params=params, alert=alert, last_ids=[]
    )
    session.add(saved)
    session.flush()
    for doc_id in request.relevant:
        session.add(
            FeedbackMark(org_id=org_id, saved_search_id=saved.id, doc_id=doc_id, relevant=True)
        )
    for doc_id in request.irrelevant:
        session.add(
            FeedbackMark(org_id=org_id, saved_search_id=saved.id, doc_id=doc_id, relevant=False)
        )
    session.flush()
    if index is not None:
        run_saved(session, index, saved)
    return saved


def list_saved(session: Session, *, scope: OrgScope) -> list[SavedSearch]:
    statement = scoped(select(SavedSearch), SavedSearch, scope).order_by(SavedSearch.id.desc())
    return list(session.scalars(statement))


def get_saved(session: Session, saved_id: int, *, scope: OrgScope) -> SavedSearch:
    saved = session.get(SavedSearch, saved_id)
    require_visible(saved, scope, what=N_("Saved search"))
    assert saved is not None  # noqa: S101 - require_visible raised otherwise
    return saved


def delete_saved(session: Session, saved_id: int, *, scope: OrgScope) -> None:
    session.delete(get_saved(session, saved_id, scope=scope))
    session.flush()


def request_of(session: Session, saved: SavedSearch) -> SearchRequest:
    """The saved parameters with the feedback marked on this saved search since."""
    params = {k: v for k, v in saved.params.items() if not k.startswith("_")}
    marks = session.scalars(
        select(FeedbackMark)
        .where(FeedbackMark.saved_search_id == saved.id)
        .order_by(FeedbackMark.id)
    ).all()
    latest: dict[str, bool] = {}
    for mark in marks:
        latest[mark.doc_id] = mark.relevant
    request = make_request(params)
    return replace(
        request,
        relevant=tuple(d for d, relevant in latest.items() if relevant),
        irrelevant=tuple(d for d, relevant in latest.items() if not relevant),
    )


def mark(session: Session, saved: SavedSearch, *, doc_id: str, relevant: bool) -> FeedbackMark:
    """Record a relevant / irrelevant mark on a saved search (the latest mark per id wins)."""
    if not doc_id or ":" not in doc_id or len(doc_id) > 80:
        raise ValidationError(field="doc_id", value=doc_id, reason=N_("is not a document id"))
    row = FeedbackMark(
        org_id=saved.org_id, saved_search_id=saved.id, doc_id=doc_id, relevant=relevant
    )
    session.add(row)
    session.flush()
    return row


def run_saved(
    session: Session, index: SearchIndex, saved: SavedSearch, *, scope: OrgScope | None = None
) -> tuple[SearchResults, list[str]]:
    """Run a saved search; returns its results and the ids that are new since the last run
    (an alert is stored for them when the search has alerts on and had run before)."""
    request = request_of(session, saved)
    results = search(session, index, request, scope=scope or _scope_of(saved))
    ids = [r.hit.id for r in results.results]
    had_run = saved.last_run_at is not None
    new = [doc_id for doc_id in ids if doc_id not in set(saved.last_ids or [])]
    if had_run and saved.alert and new:
        session.add(SearchAlert(saved_search_id=saved.id, org_id=saved.org_id, doc_ids=new))
    saved.last_ids = ids
    saved.last_run_at = dt.datetime.now(dt.UTC)
    session.flush()
    return results, new if had_run else []


def run_alerts(session: Session, index: SearchIndex) -> int:
    """Re-run every saved search with alerts on (after a reindex); the number of alerts made."""
    made = 0
    for saved in session.scalars(select(SavedSearch).where(SavedSearch.alert.is_(True))).all():
        try:
            _, new = run_saved(session, index, saved)
        except (ValidationError, NotFound):
            continue  # a saved query that no longer applies (its patent was deleted)
        made += 1 if new else 0
    return made


def list_alerts(
    session: Session, *, scope: OrgScope, unread_only: bool = False
) -> list[SearchAlert]:
    statement = scoped(select(SearchAlert), SearchAlert, scope).order_by(SearchAlert.id.desc())
    if unread_only:
        statement = statement.where(SearchAlert.read_at.is_(None))
    return list(session.scalars(statement))


def saved_public(saved: SavedSearch) -> dict[str, Any]:
    return {
        "id": saved.id,
        "name": saved.name,
        "params": {k: v for k, v in saved.params.items() if not k.startswith("_")},
        "alert": saved.alert,
        "last_run_at": saved.last_run_at.isoformat() if saved.last_run_at else None,
        "last_count": len(saved.last_ids or []),
    }


def alert_public(alert: SearchAlert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "saved_search_id": alert.saved_search_id,
        "doc_ids": list(alert.doc_ids),
        "created_at": alert.created_at.isoformat() if alert.created_at else None,
        "read": alert.read_at is not None,
    }
