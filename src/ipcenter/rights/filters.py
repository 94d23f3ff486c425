"""Registry filters: parsed once from user input (query string, CLI options) with clear errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.rights.vocab import PatentType, RightStatus

MAX_PAGE_SIZE = 500
E = TypeVar("E", bound=StrEnum)


class PatentFilters(BaseModel):
    patent_type: PatentType | None = None
    jurisdiction: str | None = None
    status: RightStatus | None = None
    applicant: str | None = None
    ipc_prefix: str | None = None
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None
    page: int = 1
    page_size: int = 50

    def query_items(self) -> dict[str, str]:
        """The filters as query-string parameters (for links to the next page and exports)."""
        items = {
            "type": self.patent_type.value if self.patent_type else "",
            "jurisdiction": self.jurisdiction or "",
            "status": self.status.value if self.status else "",
            "applicant": self.applicant or "",
            "ipc": self.ipc_prefix or "",
            "filed_from": self.filed_from.isoformat() if self.filed_from else "",
            "filed_to": self.filed_to.isoformat() if self.filed_to else "",
        }
        return {key: value for key, value in items.items() if value}


def parse_patent_filters(params: Mapping[str, str]) -> PatentFilters:
    """Read filters from query-string style parameters; an unknown value names its field."""

    def text(name: str) -> str | None:
        value = (params.get(name) or "").strip()
        return value or None

    filters = PatentFilters(
        patent_type=_choice(text("type"), PatentType, "type"),
        jurisdiction=_jurisdiction(text("jurisdiction")),
        status=_choice(text("status"), RightStatus, "status"),
        applicant=text("applicant"),
        ipc_prefix=_ipc_prefix(text("ipc")),
        filed_from=_date(text("filed_from"), "filed_from"),
        filed_to=_date(text("filed_to"), "filed_to"),
        page=_positive_int(text("page"), "page", default=1),
        page_size=_positive_int(text("page_size"), "page_size", default=50),
    )
    if filters.page_size > MAX_PAGE_SIZE:
        raise ValidationError(
            field="page_size",
            value=filters.page_size,
            reason=N_("at most {limit}"),
            limit=MAX_PAGE_SIZE,
        )
    if filters.filed_from and filters.filed_to and filters.filed_from > filters.filed_to:
        raise ValidationError(field="filed_from", reason=N_("is after filed_to"))
    return filters


def _choice(value: str | None, enum: type[E], field: str) -> E | None:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValidationError(
            field=field, value=value, reason=N_("must be one of {allowed}"), allowed=allowed
        ) from None


def _jurisdiction(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValidationError(
            field="jurisdiction", value=value, reason=N_("not a two-letter office code")
        )
    return code


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            field=field, value=value, reason=N_("not a date (YYYY-MM-DD)")
        ) from None


def _positive_int(value: str | None, field: str, *, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValidationError(field=field, value=value, reason=N_("not a positive whole number"))
    return int(value)


_IPC_PREFIX = re.compile(r"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{0,6})?)?)?)?$")


def _ipc_prefix(value: str | None) -> str | None:
    """Normalise an IPC/CPC prefix to the stored spelling: ``a23c9/1`` → ``A23C 9/1``."""
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    if not _IPC_PREFIX.match(compact):
        raise ValidationError(
            field="ipc",
            value=value,
            reason=N_("not an IPC prefix such as A23C, A23C 9 or A23C 9/12"),
        )
    if len(compact) <= 4:
        return compact
    return f"{compact[:4]} {compact[4:]}"
