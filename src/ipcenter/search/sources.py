"""Where searchable documents come from: registry patents and added (npl / internal) texts.

Patents are read from the ``rights`` tables in batches of ``BATCH`` (keyset paging on the row id,
so a registry of any size streams through in constant memory) and become ``SearchDocument``s:

* id ``patent:<row id>``; org the record's owner;
* family: the family id the source gave (``patents.family_id``, Lens / Espacenet / DOCDB); else
  the earliest priority claim (``pri:<country><number>``, the "family member by priority" grouping
  Chinese users ask for); else its own application number in the same form (so copies of one
  application held by two organisations, and a priority document and the records claiming it,
  are one family);
* priority date: the earliest priority claim, else the filing date;
* texts: titles and abstracts in every language the record has (the record's own language
  first), claims split into independent (no reference to another claim) and dependent ones;
* classifications without the space (``A23C 9/12`` → ``A23C9/12``), applicants as written
  (Chinese names stay Chinese).

Added documents are read from JSON lines (``id``, ``title``, ``text``, optional ``date``,
``lang``, ``kind``); a bad line is reported with its line number and field and the good lines are
still stored; storing is an upsert by (organisation, kind, id), so a re-run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.core.db import Base
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.rights import PartyRole, Patent
from ipcenter.search.documents import SearchDocument
from ipcenter.search.models import AddedDocument

BATCH = 200
PATENT = "patent"
ADDED_KINDS = ("npl", "internal")
KINDS = (PATENT, *ADDED_KINDS)
LANGS = ("zh", "en")
MAX_TITLE = 2000
MAX_TEXT = 200_000

# A dependent claim refers to another claim: "according to claim 1", "as claimed in claims 1-3",
# "如权利要求1所述", "根据权利要求2".
_DEPENDENT = re.compile(r"\bclaims?\s+\d|权利要求\s*\d|請求項\s*\d", re.IGNORECASE)


def patent_doc_id(patent_id: int) -> str:
    return f"{PATENT}:{patent_id}"


def added_doc_id(kind: str, row_id: int) -> str:
    return f"{kind}:{row_id}"


def patent_id_of(doc_id: str) -> int | None:
    """The registry row id of a ``patent:<id>`` document id (None for other kinds)."""
    kind, _, rest = doc_id.partition(":")
    return int(rest) if kind == PATENT and rest.isdigit() else None


def digest_of(document: SearchDocument) -> str:
    """A stable digest of everything the index stores of a document (changes ⇔ reindex)."""
    # The fields in declaration order (asdict's deep copy cost more than the hashing).
    values = [getattr(document, item.name) for item in fields(document)]
    payload = json.dumps(values, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- registry patents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    """A patent row and its parts: ORM objects or plain result rows (same attribute names)."""

    patent: Any
    publications: Sequence[Any]
    priorities: Sequence[Any]
    texts: Sequence[Any]
    parties: Sequence[Any]
    classifications: Sequence[Any]


_TITLE, _ABSTRACT, _CLAIM, _DESCRIPTION = "title", "abstract", "claim", "description"

_PATENT_COLUMNS = (
    Patent.id,
    Patent.org_id,
    Patent.jurisdiction,
    Patent.patent_type,
    Patent.application_number,
    Patent.filing_date,
    Patent.publication_date,
    Patent.family_id,
)


def _part_rows(
    session: Session,
    name: str,
    columns: Sequence[str],
    ids: Sequence[int],
    order: Sequence[str] = (),
) -> dict[int, list[Any]]:
    """Rows (``patent_id`` and ``columns``) of the canonical model's part table ``name`` for the
    patents ``ids``, grouped by patent, each group in ``order`` (``rights`` exports only
    ``Patent``, so the part tables are looked up by name)."""
    table = Base.metadata.tables[name]
    statement = select(table.c.patent_id, *(table.c[c] for c in columns)).where(
        table.c.patent_id.in_(ids)
    )
    if order:
        statement = statement.order_by(table.c.patent_id, *(table.c[c] for c in order))
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(statement):
        groups[row.patent_id].append(row)
    return groups


def _batch(session: Session, ids: Sequence[int]) -> list[SearchDocument]:
    """Documents for the patents ``ids``: one plain query per table, no ORM objects (the ORM's
    per-object bookkeeping was two thirds of the time of a reindex)."""
    if not ids:
        return []
    chunk = list(ids)
    rows = session.execute(
        select(*_PATENT_COLUMNS).where(Patent.id.in_(chunk)).order_by(Patent.id)
    ).all()
    publications = _part_rows(
        session, "patent_publications", ("number", "publication_date", "seq"), chunk
    )
    priorities = _part_rows(
        session, "patent_priorities", ("country", "number", "priority_date", "seq"), chunk
    )
    texts = _part_rows(
        session,
        "patent_texts",
        ("kind", "lang", "seq", "text"),
        chunk,
        order=("kind", "lang", "seq"),
    )
    parties = _part_rows(
        session, "patent_parties", ("role", "seq", "name"), chunk, order=("role", "seq")
    )
    classifications = _part_rows(
        session,
        "patent_classifications",
        ("scheme", "seq", "symbol"),
        chunk,
        order=("scheme", "seq"),
    )
    return [
        _document(
            _Parts(
                row,
                publications.get(row.id, []),
                priorities.get(row.id, []),
                texts.get(row.id, []),
                parties.get(row.id, []),
                classifications.get(row.id, []),
            )
        )
        for row in rows
    ]


def iter_patent_documents(
    session: Session,
    *,
    ids: Iterable[int] | None = None,
    batch: int = BATCH,
) -> Iterator[SearchDocument]:
    """Every registry patent (or those with ``ids``) as a document, ``batch`` rows at a time
    (keyset paging on the id: constant memory however large the registry is)."""
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), batch):
            yield from _batch(session, wanted[start : start + batch])
        return
    last = 0
    while True:
        chunk = list(
            session.scalars(
                select(Patent.id).where(Patent.id > last).order_by(Patent.id).limit(batch)
            )
        )
        if not chunk:
            return
        yield from _batch(session, chunk)
        last = chunk[-1]


def family_key(
    family_id: str | None,
    priorities: Sequence[Any],
    *,
    jurisdiction: str | None = None,
    application_number: str | None = None,
    publication_number: str | None = None,
) -> str | None:
    """The family a patent belongs to: the source's family id, else its earliest priority, else
    its own application (or publication) number as if it were a priority.

    So two copies of one application (two organisations hold it: the same jurisdiction and
    application number) share a family, and a priority document itself (``CA2099604``, whose
    number the records claiming it name as their priority) lands in their ``pri:CA2099604``
    family (QA-Q2, QA-Q4)."""
    if family_id:
        return str(family_id)
    ordered = sorted(
        (p for p in priorities if p.number),
        key=lambda p: (p.priority_date or dt.date.max, p.seq),
    )
    if ordered:
        first = ordered[0]
        return f"pri:{_number_key(first.country, first.number)}"
    if application_number:
        return f"pri:{_number_key(jurisdiction, application_number)}"
    if publication_number:
        # Without its kind code (A, B1, C ...): the form a priority claim names it by.
        bare = re.sub(r"(?<=\d)[A-Z]\d?$", "", publication_number.replace(" ", "").upper())
        return f"pri:{_number_key(jurisdiction, bare)}"
    return None


def _number_key(country: str | None, number: str) -> str:
    """``CN 2018 1116 1152.4`` / ``ZL201811161152.4`` → ``CN2018111611524``; ``61/550,506``
    with country US → ``US61/550506``."""
    key = re.sub(r"[\s.,]", "", number).upper()
    key = key.removeprefix("ZL")
    code = (country or "").upper()
    if not key.startswith(code):
        key = code + key
    return key


def _own_lang(jurisdiction: str) -> str:
    return "zh" if jurisdiction in {"CN", "TW", "HK", "MO"} else "en"


def _texts(parts: _Parts, kind: str) -> list[Any]:
    own = _own_lang(parts.patent.jurisdiction)
    chosen = [t for t in parts.texts if t.kind == kind and t.text and t.text.strip()]
    return sorted(chosen, key=lambda t: (not t.lang.startswith(own), t.lang, t.seq))


def _joined(texts: Sequence[Any]) -> str:
    seen: list[str] = []
    for text in texts:
        value = text.text.strip()
        if value not in seen:
            seen.append(value)
    return "\n".join(seen)


def patent_document(patent: Patent) -> SearchDocument:
    """The document of one loaded registry patent."""
    return _document(
        _Parts(
            patent,
            patent.publications,
            patent.priorities,
            patent.texts,
            patent.parties,
            patent.classifications,
        )
    )


def _document(parts: _Parts) -> SearchDocument:
    patent = parts.patent
    titles = _texts(parts, _TITLE)
    abstracts = _texts(parts, _ABSTRACT)
    claims = [t for t in parts.texts if t.kind == _CLAIM and t.text and t.text.strip()]
    claims.sort(
        key=lambda t: (not t.lang.startswith(_own_lang(patent.jurisdiction)), t.lang, t.seq)
    )
    independent = [c.text.strip() for c in claims if not _DEPENDENT.search(c.text)]
    dependent = [c.text.strip() for c in claims if _DEPENDENT.search(c.text)]
    descriptions = _texts(parts, _DESCRIPTION)
    langs = {t.lang[:2] for t in (*titles, *abstracts, *claims)}
    lang = next(iter(langs)) if len(langs) == 1 and next(iter(langs)) in LANGS else None
    publications = sorted(parts.publications, key=lambda p: p.seq)
    pub_dates = [p.publication_date for p in publications if p.publication_date]
    priority_dates = [p.priority_date for p in parts.priorities if p.priority_date]
    applicants = [
        p.name for p in parts.parties if p.role == PartyRole.APPLICANT.value and p.name
    ] or [p.name for p in parts.parties if p.role == PartyRole.OWNER.value and p.name]
    symbols: list[str] = []
    for c in parts.classifications:
        symbol = c.symbol.replace(" ", "")
        if symbol and symbol not in symbols:
            symbols.append(symbol)
    title = (
        _joined(titles)
        or (publications[0].number if publications else "")
        or (patent.application_number or "")
    )
    return SearchDocument(
        id=patent_doc_id(patent.id),
        kind=PATENT,
        org_id=patent.org_id,
        title=title,
        abstract=_joined(abstracts),
        independent_claims="\n".join(independent),
        other_claims="\n".join(dependent),
        description=_joined(descriptions)[:MAX_TEXT],
        publication_number=publications[0].number if publications else None,
        application_number=patent.application_number,
        family_id=family_key(
            patent.family_id,
            parts.priorities,
            jurisdiction=patent.jurisdiction,
            application_number=patent.application_number,
            publication_number=publications[0].number if publications else None,
        ),
        lang=lang,
        publication_date=patent.publication_date or (min(pub_dates) if pub_dates else None),
        priority_date=min(priority_dates) if priority_dates else patent.filing_date,
        jurisdiction=patent.jurisdiction,
        classifications=tuple(symbols),
        applicants=tuple(dict.fromkeys(applicants)),
        right_type=patent.patent_type,
    )


# -- added documents -----------------------------------------------------------------------------


def added_document(row: AddedDocument) -> SearchDocument:
    return SearchDocument(
        id=added_doc_id(row.kind, row.id),
        kind=row.kind,
        org_id=row.org_id,
        title=row.title,
        abstract=row.text,
        # The document's own id (``npl-1``) is what users know it by: shown instead of npl:<row>.
        publication_number=row.external_id,
        lang=row.lang,
        publication_date=row.doc_date,
        priority_date=row.doc_date,
    )


def iter_added_documents(
    session: Session, *, ids: Iterable[int] | None = None, batch: int = BATCH
) -> Iterator[SearchDocument]:
    statement = select(AddedDocument).order_by(AddedDocument.id)
    if ids is not None:
        statement = statement.where(AddedDocument.id.in_(sorted(set(ids))))
    for row in session.scalars(statement.execution_options(yield_per=batch)):
        yield added_document(row)


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    reason: str
    value: str | None = None

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """``line 3: Invalid value for line: is not valid JSON``, translated with ``translate``
        (the CLI passes ``gettext``)."""
        tr = translate or (lambda text: text)
        error = ValidationError(field=self.field, reason=self.reason)
        return tr(N_("line {line}: {message}")).format(
            line=self.line, message=error.render(translate)
        )


@dataclass
class AddedLine:
    line: int
    external_id: str
    kind: str
    title: str
    text: str
    date: dt.date | None
    lang: str | None


@dataclass
class AddSummary:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[LineError] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    # Ids that already named a document stored from another file: that document was replaced.
    replaced: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "replaced": list(self.replaced),
            "rejected": [
                {"line": e.line, "field": e.field, "reason": e.reason, "message": e.render()}
                for e in self.rejected
            ],
        }


def _parse_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return dt.date(int(text[:4]), int(text[5:]), 1)
    return dt.date.fromisoformat(text[:10])


def read_added_lines(
    stream: IO[str], *, default_kind: str = "npl"
) -> Iterator[AddedLine | LineError]:
    """Parse JSON lines into documents to add; a line that cannot be used yields a LineError."""
    if default_kind not in ADDED_KINDS:
        raise ValidationError(
            field="kind",
            value=default_kind,
            reason=N_("must be one of {allowed}"),
            allowed=", ".join(ADDED_KINDS),
        )
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            yield LineError(number, "line", N_("is not valid JSON"))
            continue
        if not isinstance(item, dict):
            yield LineError(number, "line", N_("must be a JSON object"))
            continue
        parsed = _added_line(number, item, default_kind)
        yield parsed


def _added_line(number: int, item: dict[str, Any], default_kind: str) -> AddedLine | LineError:
    raw_id = item.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        return LineError(number, "id", N_("is required (a string or a number)"))
    external_id = str(raw_id).strip()
    if len(external_id) > 120:
        return LineError(number, "id", N_("is longer than 120 characters"))
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return LineError(number, "title", N_("is required (a non-empty string)"))
    text = item.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return LineError(number, "text", N_("must be a string"))
    kind = item.get("kind") or default_kind
    if kind not in ADDED_KINDS:
        return LineError(number, "kind", N_("must be npl or internal"))
    date = None
    if item.get("date") not in (None, ""):
        try:
            date = _parse_date(item["date"])
        except ValueError:
            return LineError(number, "date", N_("must be a date like 2024-05-31"))
    lang = item.get("lang") or None
    if lang is not None and lang not in LANGS:
        return LineError(number, "lang", N_("must be zh or en"))
    return AddedLine(
        number, external_id, kind, title.strip()[:MAX_TITLE], text.strip()[:MAX_TEXT], date, lang
    )


def store_added(
    session: Session,
    lines: Iterable[AddedLine | LineError],
    *,
    org_id: int,
    source: str | None = None,
) -> AddSummary:
    """Upsert the good lines by (org, kind, id); collect the bad ones (the caller commits)."""
    summary = AddSummary()
    for line in lines:
        summary.read += 1
        if isinstance(line, LineError):
            summary.rejected.append(line)
            continue
        row = session.scalars(
            select(AddedDocument).where(
                AddedDocument.org_id == org_id,
                AddedDocument.kind == line.kind,
                AddedDocument.external_id == line.external_id,
            )
        ).first()
        values = {"title": line.title, "text": line.text, "doc_date": line.date, "lang": line.lang}
        if row is None:
            row = AddedDocument(
                org_id=org_id,
                kind=line.kind,
                external_id=line.external_id,
                source=source,
                **values,
            )
            session.add(row)
            summary.inserted += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            if row.source != source:
                summary.replaced.append(
                    {"line": line.line, "id": line.external_id, "stored_from": row.source}
                )
            for key, value in values.items():
                setattr(row, key, value)
            row.source = source
            summary.updated += 1
        else:
            summary.unchanged += 1
        session.flush()
        summary.doc_ids.append(added_doc_id(row.kind, row.id))
    return summary
