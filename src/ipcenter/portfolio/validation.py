"""Consistency checks on :class:`RightFacts` before any rule runs (bad input → a clear error)."""

from __future__ import annotations

import datetime as dt

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.portfolio.cn_fees import check_reduction
from ipcenter.portfolio.types import RightFacts

ENTITY_SIZES = ("large", "small", "micro")


def _not_before(field: str, day: dt.date | None, start: dt.date | None) -> None:
    if day is not None and start is not None and day < start:
        raise ValidationError(
            field=field, reason=N_("must not be before the filing date"), value=day.isoformat()
        )


def validate_facts(facts: RightFacts) -> None:
    """Raise ValidationError naming the first inconsistent field of ``facts``."""
    _not_before("grant_date", facts.grant_date, facts.filing_date)
    _not_before("registration_date", facts.registration_date, facts.filing_date)
    _not_before("examination_request_date", facts.examination_request_date, facts.filing_date)
    _not_before("publication_date", facts.publication_date, facts.filing_date)
    if (
        facts.priority_date is not None
        and facts.filing_date is not None
        and facts.priority_date > facts.filing_date
    ):
        raise ValidationError(
            field="priority_date",
            reason=N_("must not be after the filing date"),
            value=facts.priority_date.isoformat(),
        )
    check_reduction(facts.reduction_rate)
    if facts.entity_size is not None and facts.entity_size not in ENTITY_SIZES:
        raise ValidationError(
            field="entity_size",
            reason=N_("must be one of {allowed}"),
            value=facts.entity_size,
            allowed=", ".join(ENTITY_SIZES),
        )
