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
from ipcenter.core.i18n import gettext
from ipcenter.core.scoping import OrgScope, scoped
from ipcenter.portfolio.deadlines import deadlines_for
from ipcenter.portfolio.facts import facts_from_patent, facts_from_trademark, patent_number
from ipcenter.portfolio.models import RightSync, StoredDeadline
from ipcenter.portfolio.schemas import SkippedRight
from ipcenter.portfolio.types import Deadline, RightFacts
from ipcenter.portfolio.validation import validate_facts
from ipcenter.rights import LegalEvent, Patent, Trademark

logger = logging.getLogger(__name__)

# Deadlines are generated this far ahead of ``as_of``: the longest forecast offered.
HORIZON_YEARS = 20
# Rights regenerated per round of queries (and per savepoint on PostgreSQL).
BATCH = 500
PATENT, TRADEMARK = "patent", "trademark"


class RefreshSummary(BaseModel):
    """What one refresh did (counts of rights and deadlines, and the rights it had to skip)."""

    rights_checked: int = 0
    rights_refreshed: int = 0
    created: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped: list[SkippedRight] = []


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
    session: Session,
    *,
    scope: OrgScope,
    as_of: dt.date,
    force: bool = False,
    lang: str | None = None,
) -> RefreshSummary:
    """Regenerate the stored deadlines of every right in ``scope`` whose facts changed since the
    last generation, or that was generated for another ``as_of`` day (all of them with ``force``).

    A right whose facts cannot be read (a priority date after the filing date …) is skipped and
    listed in ``skipped`` with the reason in ``lang``; it gets no sync row, so it is tried again
    on the next refresh and listed until its record is corrected. The others are unaffected.
    """
    summary = RefreshSummary()
    refs = _patent_refs(session, scope) + _trademark_refs(session, scope)
    syncs = {
        (s.right_type, s.right_id): s
        for s in session.scalars(scoped(select(RightSync), RightSync, scope))
    }
    summary.rights_checked = len(refs)
    seen: set[tuple[str, int]] = set()
    stale: list[_RightRef] = []
    for ref in refs:
        seen.add((ref.right_type, ref.right_id))
        sync = syncs.get((ref.right_type, ref.right_id))
        fresh = sync is not None and sync.fingerprint == ref.fingerprint and sync.as_of == as_of
        if force or not fresh:
            stale.append(ref)
    # Rights that left the scope: deleted (retire their deadlines) or moved to another
    # organisation (regenerate them there; the caller's lists are filtered afterwards).
    gone: list[RightSync] = []
    for (right_type, right_id), sync in syncs.items():
        if (right_type, right_id) not in seen:
            moved = _ref_of(session, right_type, right_id)
            if moved is None:
                gone.append(sync)
            else:
                stale.append(moved)
    if not stale and not gone:
        return summary
    now = dt.datetime.now(dt.UTC)
    for start in range(0, len(stale), BATCH):
        _store_guarded(
            session, stale[start : start + BATCH], as_of=as_of, now=now, into=summary, lang=lang
        )
    for sync in gone:
        existing = _existing(session, [(sync.right_type, sync.right_id)])
        rows = existing.get((sync.right_type, sync.right_id), {})
        summary.retired += _retire(rows.values(), keep=set(), now=now)
        session.delete(sync)
    session.flush()
    return summary


def _store_guarded(
    session: Session,
    refs: list[_RightRef],
    *,
    as_of: dt.date,
    now: dt.datetime,
    into: RefreshSummary,
    lang: str | None,
) -> None:
    """Store one batch; a concurrent refresh of the same rights wins gracefully."""
    # A savepoint lets the loser of a race on PostgreSQL roll back just this batch. SQLite
    # serialises writers anyway, and pysqlite would commit when the savepoint is released.
    dialect = session.get_bind().dialect.name
    guard = session.begin_nested() if dialect != "sqlite" else nullcontext()
    batch = RefreshSummary()
    try:
        with guard:
            _store(session, refs, as_of=as_of, now=now, summary=batch, lang=lang)
    except IntegrityError:
        # Another request stored these rights a moment ago; its rows are as good as ours.
        logger.info("portfolio: %d rights refreshed concurrently", len(refs))
        return
    for field in ("rights_refreshed", "created", "updated", "retired", "restored"):
        setattr(into, field, getattr(into, field) + getattr(batch, field))
    into.skipped.extend(batch.skipped)


def _ref_of(session: Session, right_type: str, right_id: int) -> _RightRef | None:
    model: Any = Patent if right_type == PATENT else Trademark
    found = _patent_refs if right_type == PATENT else _trademark_refs
    owner = session.scalar(select(model.org_id).where(model.id == right_id))
    if owner is None:
        return None
    return next((r for r in found(session, OrgScope.only(owner)) if r.right_id == right_id), None)


def _number(right_type: str, record: Any) -> str:
    if right_type == PATENT:
        publications = sorted(record.publications, key=lambda p: p.seq)
        number = patent_number(
            record.jurisdiction,
            record.application_number,
            publications[-1].number if publications else None,
        )
    else:
        number = record.registration_number or record.application_number
    return str(number or f"#{record.id}")


def _skipped(ref: _RightRef, number: str, error: IpcenterError, lang: str | None) -> SkippedRight:
    logger.warning("portfolio: cannot read the facts of %s %s", ref.right_type, ref.right_id)
    field = error.params.get("field")
    return SkippedRight(
        right_type=ref.right_type,
        right_id=ref.right_id,
        org_id=ref.org_id,
        right_number=number,
        field=str(field) if field is not None else None,
        reason=error.render(lambda text: gettext(text, lang)),
    )


def _facts(
    session: Session, refs: list[_RightRef]
) -> tuple[dict[tuple[str, int], RightFacts | None], dict[tuple[str, int], Any]]:
    """The engine's facts of each right (None: a kind without rules) and the records' numbers.

    Facts that cannot be read or fail :func:`validate_facts` are left out of the first dict; the
    second holds, for those, the error raised.
    """
    patent_ids = sorted(r.right_id for r in refs if r.right_type == PATENT)
    mark_ids = sorted(r.right_id for r in refs if r.right_type == TRADEMARK)
    facts: dict[tuple[str, int], RightFacts | None] = {}
    problems: dict[tuple[str, int], Any] = {}
    records: list[tuple[str, Any]] = []
    if patent_ids:
        records += [
            (PATENT, patent)
            for patent in session.scalars(
                select(Patent)
                .where(Patent.id.in_(patent_ids))
                .options(
                    selectinload(Patent.legal_events),
                    selectinload(Patent.priorities),
                    selectinload(Patent.publications),
                )
            )
        ]
    if mark_ids:
        records += [
            (TRADEMARK, mark)
            for mark in session.scalars(select(Trademark).where(Trademark.id.in_(mark_ids)))
        ]
    for right_type, record in records:
        try:
            found = (
                facts_from_patent(record) if right_type == PATENT else facts_from_trademark(record)
            )
            if found is not None:
                validate_facts(found)
        except IpcenterError as error:
            # The record keeps its previous deadlines; the caller lists it as skipped.
            problems[(right_type, record.id)] = (_number(right_type, record), error)
            continue
        facts[(right_type, record.id)] = found
    return facts, problems


def _existing(
    session: Session, rights: list[tuple[str, int]]
) -> dict[tuple[str, int], dict[str, StoredDeadline]]:
    grouped: dict[tuple[str, int], dict[str, StoredDeadline]] = {}
    for right_type in (PATENT, TRADEMARK):
        ids = sorted(right_id for kind, right_id in rights if kind == right_type)
        if not ids:
            continue
        for stored in session.scalars(
            select(StoredDeadline).where(
                StoredDeadline.right_type == right_type, StoredDeadline.right_id.in_(ids)
            )
        ):
            grouped.setdefault((right_type, stored.right_id), {})[stored.key] = stored
    return grouped


def last_day(deadline: Deadline | StoredDeadline) -> dt.date:
    """The last day anything can still be done about a deadline (grace end, else due date)."""
    return deadline.grace_end or deadline.due_date


def _store(
    session: Session,
    refs: list[_RightRef],
    *,
    as_of: dt.date,
    now: dt.datetime,
    summary: RefreshSummary,
    lang: str | None = None,
) -> None:
    """Upsert the engine's deadlines of ``refs`` and retire what it no longer produces."""
    keys = [(r.right_type, r.right_id) for r in refs]
    facts, problems = _facts(session, refs)
    existing = _existing(session, keys)
    syncs = {
        (s.right_type, s.right_id): s
        for right_type in (PATENT, TRADEMARK)
        for s in session.scalars(
            select(RightSync).where(
                RightSync.right_type == right_type,
                RightSync.right_id.in_(sorted(i for t, i in keys if t == right_type)),
            )
        )
    }
    until = add_years(as_of, HORIZON_YEARS)
    for ref in refs:
        key = (ref.right_type, ref.right_id)
        if key in problems:
            number, error = problems[key]
            summary.skipped.append(_skipped(ref, number, error, lang))
            continue  # unreadable facts: keep what is stored
        if key not in facts:
            continue  # the record vanished since its fingerprint was taken
        found = facts[key]
        try:
            computed = deadlines_for(found, until=until, as_of=as_of) if found else []
        except IpcenterError as error:
            summary.skipped.append(_skipped(ref, f"#{ref.right_id}", error, lang))
            continue
        stored_rows = existing.get(key, {})
        for deadline in computed:
            stored = stored_rows.get(deadline.key)
            if stored is None:
                # A deadline already past all remedy when first seen was settled outside
                # ipcenter (or the right would have lapsed): do not report it as missed.
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
        summary.retired += _retire(
            stored_rows.values(), keep={d.key for d in computed}, now=now, as_of=as_of
        )
        sync = syncs.get(key)
        if sync is None:
            sync = RightSync(right_type=ref.right_type, right_id=ref.right_id)
            session.add(sync)
        sync.org_id, sync.fingerprint, sync.as_of, sync.generated_at = (
            ref.org_id,
            ref.fingerprint,
            as_of,
            now,
        )
        summary.rights_refreshed += 1
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
    rows: Iterable[StoredDeadline],
    *,
    keep: set[str],
    now: dt.datetime,
    as_of: dt.date | None = None,
) -> int:
    """Retire the live deadlines not in ``keep``; past ones (before ``as_of``) stay as history,
    since the engine is free to stop listing what lies behind it."""
    count = 0
    for stored in rows:
        if stored.retired_at is not None or stored.key in keep:
            continue
        if as_of is not None and last_day(stored) < as_of:
            continue
        stored.retired_at = now
        count += 1
    return count
