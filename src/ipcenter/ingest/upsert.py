"""Storing one batch of reader items: the idempotent upsert, legal events and the quarantine.

A record is known by (organisation, jurisdiction, application number) when it has one, else by
its publication numbers. Rules, in order:

1. A record whose digest is among those already applied to the stored record is ``unchanged``
   (re-reading a file changes nothing, whatever order its records come in).
2. Otherwise it is merged with the stored record. The record with the later documents (latest
   publication or grant date) wins the fields both give; the other only fills gaps. Publications
   and legal events are united. If the merge changes nothing the record is ``unchanged``, else
   the stored record is ``updated`` (or ``inserted`` when there was none).
3. A record the store refuses (bad number, bad date...) goes to the quarantine with its reason.

Every inserted or updated record leaves a provenance row with its file, line and digest. Writes
are bulk statements, a few per table and batch, whatever the batch size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ipcenter.core.errors import IpcenterError
from ipcenter.core.i18n import N_
from ipcenter.ingest.models import QuarantinedRecord, RecordProvenance
from ipcenter.ingest.records import EventsFor, Item, Location, Parsed, Rejected
from ipcenter.ingest.reported_status import with_reported_status
from ipcenter.rights import (
    CanonEvent,
    CanonicalPatent,
    InvalidNumber,
    canonical_patent,
    insert_patents,
    load_patents,
    match_patents,
    merge_patents,
    parse_publication_number,
    patent_snapshot,
    read_application_number,
    replace_patents,
    with_events,
)

INSERTED, UPDATED, UNCHANGED, QUARANTINED = "inserted", "updated", "unchanged", "quarantined"


@dataclass(frozen=True)
class FileContext:
    """Where the items of a batch come from."""

    org_id: int
    run_id: int
    file_id: int
    path: str
    member: str | None = None


@dataclass
class Counts:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    def add(self, outcome: str) -> None:
        self.read += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    def merge(self, other: Counts) -> None:
        for name in ("read", "inserted", "updated", "unchanged", "quarantined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(eq=False)
class _Entry:
    """One stored (or about to be stored) record while the batch is worked out."""

    record: CanonicalPatent
    patent_id: int | None = None
    seen: set[str] = field(default_factory=set)
    dirty: bool = False


def recency(record: CanonicalPatent) -> dt.date:
    """The date of a record's latest document: later documents carry the later facts."""
    dates = [p.date for p in record.publications if p.date]
    dates += [d for d in (record.grant_date, record.filing_date) if d]
    return max(dates, default=dt.date.min)


def combine(stored: CanonicalPatent, incoming: CanonicalPatent) -> CanonicalPatent:
    """The record with the later documents wins the fields both give; the other fills gaps."""
    if recency(incoming) >= recency(stored):
        return merge_patents(stored, incoming)
    older_over = merge_patents(incoming, stored)
    return dataclasses.replace(older_over, jurisdiction=stored.jurisdiction)


def fingerprint_of(record: Any) -> str:
    """A digest of a record as read: the same record read again has the same digest.

    Taken from the reader's record (pydantic serialises it in compiled code) rather than from
    the canonical form, because it is computed for every record of every file.
    """
    text = record.model_dump_json() if hasattr(record, "model_dump_json") else raw_of(record)
    return hashlib.sha256(text.encode()).hexdigest()


def raw_of(record: Any) -> str:
    """The text to quarantine for a record a reader had already parsed."""
    if hasattr(record, "model_dump_json"):
        return str(record.model_dump_json(exclude_defaults=True))
    return json.dumps(record, default=str, ensure_ascii=False)


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(params, default=str, ensure_ascii=False))
    return result


class BatchWriter:
    """Works out the outcome of each item of one batch and writes them all in bulk."""

    def __init__(self, session: Session, context: FileContext, *, today: dt.date) -> None:
        self.session = session
        self.context = context
        self.today = today
        self.counts = Counts()
        self.entries: list[_Entry] = []
        self.by_application: dict[tuple[str, str], _Entry] = {}
        self.by_publication: dict[str, _Entry] = {}
        self.quarantine: list[dict[str, Any]] = []
        self.provenance: list[tuple[_Entry, Location, str, str | None]] = []

    # -- the batch -------------------------------------------------------------------------

    def store(self, items: Sequence[Item]) -> Counts:
        prepared: list[tuple[Item, CanonicalPatent | None]] = []
        for item in items:
            if isinstance(item, Parsed):
                try:
                    canonical = canonical_patent(item.record)
                    prepared.append((item, with_reported_status(canonical, self.today)))
                except IpcenterError as error:
                    self._quarantine_error(item.location, raw_of(item.record), error)
            else:
                prepared.append((item, None))
        self._load_stored(prepared)
        for item, record in prepared:
            if isinstance(item, Rejected):
                self._quarantine(
                    item.location, item.raw, item.reason, item.params, field_name=item.field
                )
            elif isinstance(item, EventsFor):
                self._attach_events(item)
            elif record is not None:
                self._upsert(item.location, item.record, record)
        self._write()
        return self.counts

    def _load_stored(self, prepared: list[tuple[Item, CanonicalPatent | None]]) -> None:
        """One lookup for the whole batch: stored records matching any incoming number."""
        applications: set[tuple[str, str]] = set()
        publications: set[str] = set()
        for item, record in prepared:
            if record is not None:
                if record.application_number:
                    applications.add((record.jurisdiction, record.application_number))
                publications.update(record.publication_numbers)
            elif isinstance(item, EventsFor):
                application, publication = _event_keys(item)
                if application:
                    applications.add(application)
                if publication:
                    publications.add(publication)
        by_application, by_publication = match_patents(
            self.session,
            org_id=self.context.org_id,
            application_numbers=applications,
            publication_numbers=publications,
        )
        ids = set(by_application.values()) | set(by_publication.values())
        if not ids:
            return
        seen: dict[int, set[str]] = {}
        rows = self.session.execute(
            select(RecordProvenance.patent_id, RecordProvenance.fingerprint).where(
                RecordProvenance.patent_id.in_(sorted(ids)),
                RecordProvenance.fingerprint.is_not(None),
            )
        )
        for patent_id, fingerprint in rows:
            if fingerprint is not None:
                seen.setdefault(patent_id, set()).add(fingerprint)
        stored = load_patents(self.session, ids)
        for patent_id, patent in stored.items():
            entry = _Entry(patent_snapshot(patent), patent_id, seen.get(patent_id, set()))
            self._index(entry)
        # The snapshots hold everything needed; keep the session free of loaded objects.
        for patent in stored.values():
            self.session.expunge(patent)

    def _index(self, entry: _Entry) -> None:
        if entry not in self.entries:
            self.entries.append(entry)
        record = entry.record
        if record.application_number:
            self.by_application[(record.jurisdiction, record.application_number)] = entry
        for number in record.publication_numbers:
            self.by_publication[number] = entry

    # -- records -----------------------------------------------------------------------------

    def _upsert(self, location: Location, raw_record: Any, record: CanonicalPatent) -> None:
        fingerprint = fingerprint_of(raw_record)
        try:
            entry = self._target(record)
        except IpcenterError as error:
            self._quarantine_error(location, raw_of(raw_record), error)
            return
        if entry is None:
            entry = _Entry(record, seen={fingerprint}, dirty=True)
            self._index(entry)
            self._record(entry, location, INSERTED, fingerprint)
            return
        if fingerprint in entry.seen:
            self.counts.add(UNCHANGED)
            return
        try:
            merged = combine(entry.record, record)
        except IpcenterError as error:
            self._quarantine_error(location, raw_of(raw_record), error)
            return
        entry.seen.add(fingerprint)
        if merged == entry.record:
            self.counts.add(UNCHANGED)
            return
        entry.record, entry.dirty = merged, True
        self._index(entry)
        self._record(entry, location, UPDATED, fingerprint)

    def _target(self, record: CanonicalPatent) -> _Entry | None:
        """The stored record this one is about; a publication claimed by another record is an
        error rather than a silent merge of two applications."""
        entry = None
        if record.application_number:
            entry = self.by_application.get((record.jurisdiction, record.application_number))
        for number in record.publication_numbers:
            owner = self.by_publication.get(number)
            if owner is None or owner is entry:
                continue
            if entry is None and (
                owner.record.application_number is None
                or record.application_number is None
                or owner.record.application_number == record.application_number
            ):
                entry = owner
                continue
            raise IpcenterError(
                N_("publication {number} already belongs to the record of application {other}"),
                number=number,
                other=owner.record.application_number or "?",
                field="publications.number",
            )
        return entry

    def _attach_events(self, item: EventsFor) -> None:
        application, publication = _event_keys(item)
        entry = (self.by_application.get(application) if application else None) or (
            self.by_publication.get(publication) if publication else None
        )
        raw = json.dumps(
            {
                "jurisdiction": item.jurisdiction,
                "number": item.number,
                "events": [e.model_dump(mode="json") for e in item.events],
            },
            ensure_ascii=False,
        )
        if entry is None:
            self._quarantine(
                item.location,
                raw,
                N_("no stored record has the number {number}; load the record first"),
                {"number": item.number},
                field_name="number",
            )
            return
        events = [CanonEvent(e.date, e.code, e.text, e.source) for e in item.events]
        updated = with_events(entry.record, events)
        if updated == entry.record:
            self.counts.add(UNCHANGED)
            return
        entry.record, entry.dirty = updated, True
        self._record(entry, item.location, UPDATED, None, outcome="events")

    # -- bookkeeping -------------------------------------------------------------------------

    def _record(
        self,
        entry: _Entry,
        location: Location,
        counted_as: str,
        fingerprint: str | None,
        *,
        outcome: str | None = None,
    ) -> None:
        self.counts.add(counted_as)
        self.provenance.append((entry, location, outcome or counted_as, fingerprint))

    def _quarantine_error(self, location: Location, raw: str, error: IpcenterError) -> None:
        params = dict(error.params)
        self._quarantine(
            location, raw, error.template, params, field_name=_field_of(params.get("field"))
        )

    def _quarantine(
        self,
        location: Location,
        raw: str,
        reason: str,
        params: dict[str, Any],
        *,
        field_name: str | None,
    ) -> None:
        self.counts.add(QUARANTINED)
        self.quarantine.append(
            {
                "org_id": self.context.org_id,
                "run_id": self.context.run_id,
                "file_id": self.context.file_id,
                "file": self.context.path,
                "member": self.context.member,
                "line": location.line,
                "row": location.row,
                "record_index": location.index,
                "raw": raw,
                "reason": reason,
                "params": _jsonable(params),
                "field": field_name,
            }
        )

    def _write(self) -> None:
        org_id = self.context.org_id
        changed: list[tuple[int, CanonicalPatent]] = [
            (entry.patent_id, entry.record)
            for entry in self.entries
            if entry.dirty and entry.patent_id is not None
        ]
        new = [entry for entry in self.entries if entry.dirty and entry.patent_id is None]
        ids = insert_patents(
            self.session, [entry.record for entry in new], org_id=org_id, today=self.today
        )
        for entry, patent_id in zip(new, ids, strict=True):
            entry.patent_id = patent_id
        replace_patents(self.session, changed, org_id=org_id, today=self.today)
        if self.provenance:
            self.session.execute(
                insert(_table(RecordProvenance)),
                [
                    {
                        "patent_id": entry.patent_id,
                        "org_id": org_id,
                        "run_id": self.context.run_id,
                        "file_id": self.context.file_id,
                        "file": self.context.path,
                        "member": self.context.member,
                        "line": location.line,
                        "row": location.row,
                        "record_index": location.index,
                        "outcome": outcome,
                        "fingerprint": fingerprint,
                    }
                    for entry, location, outcome, fingerprint in self.provenance
                ],
            )
        if self.quarantine:
            self.session.execute(insert(_table(QuarantinedRecord)), self.quarantine)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _field_of(value: Any) -> str | None:
    return str(value)[:80] if value else None


def _event_keys(item: EventsFor) -> tuple[tuple[str, str] | None, str | None]:
    """The number of an events item read as an application number and as a publication number
    (lists name records either way); whichever reading fails is None."""
    application = None
    try:
        number, _ = read_application_number(item.jurisdiction, item.number)
        if number:
            application = (item.jurisdiction, number)
    except IpcenterError:
        application = None
    try:
        publication = parse_publication_number(
            item.number if item.number[:2].isalpha() else item.jurisdiction + item.number
        ).normalised
    except InvalidNumber:
        publication = None
    return application, publication


def store_batch(
    session: Session, context: FileContext, items: Sequence[Item], *, today: dt.date
) -> Counts:
    """Store ``items`` in ``session`` (the caller commits); the outcome counts."""
    return BatchWriter(session, context, today=today).store(items)
