"""A source's current-status label ("Active", "失效"…) as a dated legal event.

Exports such as Google Patents pages, Lens, incoPat and PatSnap give the status the record had when
the export was made, often without a grant date (the CN dairy set names its grant publication but
not its date). Kept only in ``extra``, such a granted patent would show as pending and drop out of
a freedom-to-operate search. Ingest records the label as a ``REPORTED-*`` event dated the day of
the import, so the status logic of ``rights`` (and the statistics) see it from that day on; what
the label means comes from ``data/ingest/reported_status.csv``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any

from ipcenter.core.refdata import load_table
from ipcenter.rights import (
    REPORTED_PREFIX,
    CanonEvent,
    CanonicalPatent,
    is_grant_publication,
    with_events,
)

TABLE = "ingest/reported_status.csv"
LABEL_KEYS = ("legal_status", "simple_legal_status")  # extra keys the mappings fill
CODES = {
    status: f"{REPORTED_PREFIX}{status.upper().replace('_', '-')}"
    for status in ("in_force", "lapsed", "expired", "withdrawn", "refused")
}  # the REPORTED-* rows of data/rights/legal_event_codes.csv


@cache
def _labels() -> dict[str, tuple[str, str]]:
    return {
        row["label"].strip().casefold(): (row["when_granted"], row["when_not_granted"])
        for row in load_table(TABLE).rows
    }


def _label(extra: dict[str, Any]) -> tuple[str, str] | None:
    for key in LABEL_KEYS:
        value = extra.get(key)
        if isinstance(value, list):  # a multi-valued column: the first value is the current one
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return key, value.strip()
    return None


def is_granted(
    grant_date: dt.date | None,
    extra: dict[str, Any],
    publications: Iterable[tuple[str, str | None, dt.date | None]],
) -> bool:
    """A grant date, a grant publication (``(number, kind, date)``; undated, a kind that is a
    grant whenever published), or the source's own ``granted`` flag (the CN dairy set)."""
    return (
        grant_date is not None
        or extra.get("granted") is True
        or any(is_grant_publication(n[:2], kind, on=day) for n, kind, day in publications)
    )


def reported_code(extra: dict[str, Any], *, granted: bool) -> tuple[str, str, str] | None:
    """(event code, label, extra key) of the status label in ``extra``; None when there is no
    label, it is unknown, or it changes no status."""
    found = _label(extra)
    if found is None:
        return None
    key, label = found
    meaning = _labels().get(label.casefold())
    effect = (meaning[0] if granted else meaning[1]) if meaning else ""
    return (CODES[effect], label, key) if effect else None


def reported_event(code: str, label: str, key: str, day: dt.date) -> CanonEvent:
    """The event of :func:`reported_code`'s finding, dated ``day``; its source names the column."""
    return CanonEvent(day, code, label, f"reported status ({key})")


def with_reported_status(record: CanonicalPatent, today: dt.date) -> CanonicalPatent:
    """``record`` with its source's status label as a ``REPORTED-*`` event dated ``today`` (the
    import date); unchanged when :func:`reported_code` finds none."""
    publications = [(p.number, p.kind, p.date) for p in record.publications]
    granted = is_granted(record.grant_date, record.extra, publications)
    found = reported_code(record.extra, granted=granted)
    if found is None:
        return record
    return with_events(record, [reported_event(*found, today)])
