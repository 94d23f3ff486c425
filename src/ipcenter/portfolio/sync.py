"""Keep the stored deadlines in step with the registry: regenerate what changed, cheaply.

Each read (dashboard, CLI, API) first calls :func:`refresh_deadlines`. It fingerprints every right
in scope from a few columns and the count and highest id of its legal events and priority claims
(three small queries), compares with the fingerprint stored at the last generation and the
``as_of`` day, and runs the rule engine only for rights that differ. Regeneration upserts by
(right, key), so a deadline keeps its id and workflow. A deadline the engine no longer produces
(the right lapsed, was withdrawn, transferred away from a rule's scope …) is *retired* — kept with
its history, hidden from lists — and comes back, same id, when the engine produces it again
(a restoration).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ipcenter.core.dates import add_years
from ipcenter.core.errors import IpcenterError
from ipcenter.core.scoping import OrgScope, scoped
from ipcenter.portfolio.deadlines import deadlines_for
from ipcenter.portfolio.facts import facts_from_patent, facts_from_trademark
from ipcenter.portfolio.models import RightSync, StoredDeadline
from ipcenter.portfolio.types import Deadline, RightFacts
from ipcenter.rights import LegalEvent, Patent, Trademark

logger = logging.getLogger(__name__)

# Deadlines are generated this far ahead of ``as_of``: the longest forecast offered.
HORIZON_YEARS = 20
PATENT, TRADEMARK = "patent", "trademark"


class RefreshSummary(BaseModel):
    """What one refresh did (counts of rights and deadlines)."""

    rights_checked: int = 0
    rights_refreshed: int = 0
    created: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0


@dataclass(frozen=True)
class _RightRef:
    right_type: str
    right_id: int
    org_id: int
    fingerprint: str


def _digest(parts: Iterable[Any]) -> str:
    text = json.dumps(list(parts), default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _child_counts(session: Session, child: Any, ids: list[int]) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    rows = session.execute(
        select(child.patent_id, func.count(child.id), func.max(child.id))
        .where(child.patent_id.in_(ids))
        .group_by(child.patent_id)
    ).all()
    return {int(pid): (int(count), int(top)) for pid, count, top in rows}


def _patent_refs(session: Session, scope: OrgScope) -> list[_RightRef]:
    rows = session.execute(
        scoped(
            select(
                Patent.id,
                Patent.org_id,
                Patent.updated_at,
                Patent.jurisdiction,
                Patent.patent_type,
                Patent.filing_date,
                Patent.publication_date,
                Patent.grant_date,
                Patent.extra,
            ),
            Patent,
            scope,
        )
    ).all()
    ids = [row[0] for row in rows]
    events = _child_counts(session, LegalEvent, ids)
    # Priority claims are not part of the rights API; reach the class through the mapping.
    priority = inspect(Patent).relationships["priorities"].mapper.class_
    priorities = _child_counts(session, priority, ids)
    return [
        _RightRef(
            PATENT,
            row[0],
            row[1],
            _digest([*row[1:], events.get(row[0]), priorities.get(row[0])]),
        )
        for row in rows
    ]


def _trademark_refs(session: Session, scope: OrgScope) -> list[_RightRef]:
    rows = session.execute(
        scoped(
            select(
                Trademark.id,
                Trademark.org_id,
                Trademark.updated_at,
                Trademark.jurisdiction,
                Trademark.application_date,
                Trademark.registration_date,
                Trademark.expiry_date,
                Trademark.status,
                Trademark.extra,
            ),
            Trademark,
            scope,
        )
    ).all()
    return [_RightRef(TRADEMARK, row[0], row[1], _digest(row[1:])) for row in rows]


def refresh_deadlines(
    session: Session, *, scope: OrgScope, as_of: dt.date, force: bool = False
) -> RefreshSummary:
    """Regenerate the stored deadlines of every right in ``scope`` whose facts changed since the
    last generation, or that was generated for another ``as_of`` day (all of them with ``force``).
    """
    summary = RefreshSummary()
    refs = _patent_refs(session, scope) + _trademark_refs(session, scope)
    syncs = {
        (s.right_type, s.right_id): s
        for s in session.scalars(scoped(select(RightSync), RightSync, scope))
    }
    summary.rights_checked = len(refs)
    now = dt.datetime.now(dt.UTC)
    seen: set[tuple[str, int]] = set()
    for ref in refs:
        seen.add((ref.right_type, ref.right_id))
        sync = syncs.get((ref.right_type, ref.right_id))
        fresh = sync is not None and sync.fingerprint == ref.fingerprint and sync.as_of == as_of
        if fresh and not force:
            continue
        _refresh_one(session, ref, as_of=as_of, now=now, summary=summary)
    # Rights that left the scope: deleted (retire their deadlines) or moved to another
    # organisation (regenerate them there; the caller's lists are filtered afterwards).
    for (right_type, right_id), sync in syncs.items():
        if (right_type, right_id) in seen:
            continue
        moved = _ref_of(session, right_type, right_id)
        if moved is None:
            summary.retired += _retire(session, right_type, right_id, keep=set(), now=now)
            session.delete(sync)
        else:
            _refresh_one(session, moved, as_of=as_of, now=now, summary=summary)
    session.flush()
    return summary


def _ref_of(session: Session, right_type: str, right_id: int) -> _RightRef | None:
    model: Any = Patent if right_type == PATENT else Trademark
    found = _patent_refs if right_type == PATENT else _trademark_refs
    owner = session.scalar(select(model.org_id).where(model.id == right_id))
    if owner is None:
        return None
    return next((r for r in found(session, OrgScope.only(owner)) if r.right_id == right_id), None)


def _facts(session: Session, ref: _RightRef) -> RightFacts | None:
    if ref.right_type == PATENT:
        patent = session.scalars(
            select(Patent)
            .where(Patent.id == ref.right_id)
            .options(selectinload(Patent.legal_events), selectinload(Patent.priorities))
        ).one()
        return facts_from_patent(patent)
    return facts_from_trademark(session.get_one(Trademark, ref.right_id))


def _refresh_one(
    session: Session, ref: _RightRef, *, as_of: dt.date, now: dt.datetime, summary: RefreshSummary
) -> None:
    try:
        facts = _facts(session, ref)
    except IpcenterError:
        # A record whose stored facts the engine cannot read (a malformed extra value) keeps
        # its previous deadlines; the registry page shows the record as it is.
        logger.warning("portfolio: cannot read the facts of %s %s", ref.right_type, ref.right_id)
        return
    computed = (
        deadlines_for(facts, until=add_years(as_of, HORIZON_YEARS), as_of=as_of) if facts else []
    )
    # A savepoint lets a concurrent refresh of the same right lose gracefully on PostgreSQL.
    # SQLite serialises writers anyway, and pysqlite would commit when the savepoint is released.
    dialect = session.get_bind().dialect.name
    guard = session.begin_nested() if dialect != "sqlite" else nullcontext()
    try:
        with guard:
            _store(session, ref, computed, as_of=as_of, now=now, summary=summary)
    except IntegrityError:
        # Another request stored the same right a moment ago; its rows are as good as ours.
        logger.info("portfolio: %s %s refreshed concurrently", ref.right_type, ref.right_id)
        return
    summary.rights_refreshed += 1


def last_day(deadline: Deadline | StoredDeadline) -> dt.date:
    """The last day anything can still be done about a deadline (grace end, else due date)."""
    return deadline.grace_end or deadline.due_date


def _store(
    session: Session,
    ref: _RightRef,
    computed: list[Deadline],
    *,
    as_of: dt.date,
    now: dt.datetime,
    summary: RefreshSummary,
) -> None:
    existing = {
        d.key: d
        for d in session.scalars(
            select(StoredDeadline).where(
                StoredDeadline.right_type == ref.right_type,
                StoredDeadline.right_id == ref.right_id,
            )
        )
    }
    for deadline in computed:
        stored = existing.get(deadline.key)
        if stored is None:
            # A deadline already past all remedy when first seen was settled outside ipcenter
            # (or the right would have lapsed): do not report it as missed.
            if last_day(deadline) < as_of:
                continue
            stored = StoredDeadline(
                right_type=ref.right_type, right_id=ref.right_id, key=deadline.key, state="open"
            )
            session.add(stored)
            summary.created += 1
        elif stored.retired_at is not None:
            stored.retired_at = None
            summary.restored += 1
        else:
            summary.updated += 1
        _copy(stored, deadline, org_id=ref.org_id, now=now)
    keep = {d.key for d in computed}
    summary.retired += _retire(
        session, ref.right_type, ref.right_id, keep=keep, now=now, as_of=as_of
    )
    sync = session.scalars(
        select(RightSync).where(
            RightSync.right_type == ref.right_type, RightSync.right_id == ref.right_id
        )
    ).first()
    if sync is None:
        sync = RightSync(right_type=ref.right_type, right_id=ref.right_id)
        session.add(sync)
    sync.org_id, sync.fingerprint, sync.as_of, sync.generated_at = (
        ref.org_id,
        ref.fingerprint,
        as_of,
        now,
    )
    session.flush()


def _copy(stored: StoredDeadline, deadline: Deadline, *, org_id: int, now: dt.datetime) -> None:
    stored.org_id = org_id
    stored.kind = deadline.kind.value
    stored.right_kind = deadline.right_kind.value
    stored.jurisdiction = deadline.jurisdiction
    stored.due_date = deadline.due_date
    stored.window_opens = deadline.window_opens
    stored.grace_end = deadline.grace_end
    stored.year = deadline.year
    stored.full_fee = deadline.full_fee
    stored.payable_fee = deadline.payable_fee
    stored.currency = deadline.currency
    stored.loses_right = deadline.loses_right
    stored.explanation = deadline.explanation.model_dump(mode="json")
    stored.generated_at = now


def _retire(
    session: Session,
    right_type: str,
    right_id: int,
    *,
    keep: set[str],
    now: dt.datetime,
    as_of: dt.date | None = None,
) -> int:
    """Retire the right's live deadlines not in ``keep``; past ones (before ``as_of``) stay as
    history, since the engine is free to stop listing what lies behind it."""
    count = 0
    for stored in session.scalars(
        select(StoredDeadline).where(
            StoredDeadline.right_type == right_type,
            StoredDeadline.right_id == right_id,
            StoredDeadline.retired_at.is_(None),
        )
    ):
        if stored.key in keep or (as_of is not None and last_day(stored) < as_of):
            continue
        stored.retired_at = now
        count += 1
    return count
