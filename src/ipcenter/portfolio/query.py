"""Options of the deadline views, parsed once from a query string with errors naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_


class DeadlineQuery(BaseModel):
    org_id: int | None = None
    until: dt.date | None = None
    years: int = 5


def _text(params: Mapping[str, str], name: str) -> str | None:
    value = (params.get(name) or "").strip()
    return value or None


def _integer(value: str | None, field: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise ValidationError(field=field, value=value, reason=N_("must be a whole number"))
    return int(value)


def parse_deadline_query(params: Mapping[str, str]) -> DeadlineQuery:
    """``org`` (organisation id), ``until`` (YYYY-MM-DD) and ``years`` (forecast span)."""
    until_text = _text(params, "until")
    until = None
    if until_text is not None:
        try:
            until = dt.date.fromisoformat(until_text)
        except ValueError:
            raise ValidationError(
                field="until", value=until_text, reason=N_("not an ISO date")
            ) from None
    years = _integer(_text(params, "years"), "years")
    return DeadlineQuery(
        org_id=_integer(_text(params, "org"), "org"),
        until=until,
        years=years if years is not None else 5,
    )
