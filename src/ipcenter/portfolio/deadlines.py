"""``deadlines_for``: every deadline of one right, from its facts and the dated rule tables.

Each producer below turns the facts into the deadlines of one rule family; this module then
drops what a legal event made moot (a lapse, withdrawal, refusal or invalidation before the due
date, unless a restoration followed), cuts at ``until`` and adds the status hint for ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ipcenter.portfolio.cn_deadlines import (
    annual_fee_deadlines,
    exam_request_deadlines,
    notice_deadlines,
    term_compensation_deadlines,
)
from ipcenter.portfolio.offices import (
    ep_renewal_deadlines,
    madrid_deadlines,
    pct_deadlines,
    trademark_renewal_deadlines,
    us_maintenance_deadlines,
)
from ipcenter.portfolio.terms import patent_term, trademark_term
from ipcenter.portfolio.types import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Explanation,
    RightFacts,
    RightKind,
    Shift,
)
from ipcenter.portfolio.validation import validate_facts

Producer = Callable[[RightFacts, dt.date | None], list[Deadline]]
CONTEXT_FREE_PRODUCERS: tuple[Producer, ...]

# Effects (data/rights/legal_event_codes.csv) that end a right or an application.
_ENDING_EFFECTS = frozenset({"lapsed", "withdrawn", "refused", "invalidated", "expired"})
_RESTORING_EFFECTS = frozenset({"restored"})
_NEVER = "never"


def _term_deadlines(facts: RightFacts, as_of: dt.date | None) -> list[Deadline]:
    if facts.kind is RightKind.TRADEMARK:
        start = facts.registration_date
        if start is None:
            return []
        term = trademark_term(
            facts.jurisdiction,
            registration_date=start,
            current_expiry=facts.current_expiry,
            as_of=as_of,
        )
        trigger = "registration" if term.counted_from == "registration" else "previous_expiry"
    else:
        found = patent_term(
            facts.jurisdiction,
            facts.kind,
            filing_date=facts.filing_date,
            grant_date=facts.grant_date,
            examination_request_date=facts.examination_request_date,
        )
        if found is None:
            return []
        term, trigger = found, found.counted_from
    steps = (
        f"{trigger} {term.start_date.isoformat()} + {term.years} years = "
        f"{term.expiry_date.isoformat()} (the anniversary)",
        f"last day in force = the day before = {term.last_day_in_force.isoformat()}",
        "a term's end is never moved for weekends or public holidays",
    )
    return [
        Deadline(
            key=f"{facts.jurisdiction}-{DeadlineKind.TERM_EXPIRY.value}",
            kind=DeadlineKind.TERM_EXPIRY,
            jurisdiction=facts.jurisdiction,
            right_kind=facts.kind,
            due_date=term.last_day_in_force,
            loses_right=True,
            explanation=Explanation(
                rule_id=f"{facts.jurisdiction}-term-{facts.kind.value}",
                trigger_event=trigger,
                trigger_date=term.start_date,
                steps=steps,
                sources=(term.source,),
                shift=Shift(policy=_NEVER, unshifted=term.last_day_in_force),
            ),
        )
    ]


CONTEXT_FREE_PRODUCERS = (
    _term_deadlines,
    annual_fee_deadlines,
    exam_request_deadlines,
    notice_deadlines,
    term_compensation_deadlines,
    us_maintenance_deadlines,
    ep_renewal_deadlines,
    pct_deadlines,
    madrid_deadlines,
)


def _ended_on(facts: RightFacts) -> Callable[[dt.date], bool]:
    """A test: had the right ended (without later restoration) before ``day``?"""
    changes = sorted(
        (event.date, event.effect in _ENDING_EFFECTS)
        for event in facts.events
        if event.effect in _ENDING_EFFECTS | _RESTORING_EFFECTS
    )

    def ended_before(day: dt.date) -> bool:
        ended = False
        for when, ending in changes:
            if when >= day:
                break
            ended = ending
        return ended

    return ended_before


def status_of(deadline: Deadline, as_of: dt.date) -> DeadlineStatus:
    """Where ``as_of`` stands relative to the deadline's window, due date and grace."""
    if deadline.kind in (DeadlineKind.TERM_EXPIRY, DeadlineKind.MADRID_DEPENDENCY_END):
        return DeadlineStatus.INFORMATIONAL
    if deadline.window_opens is not None and as_of < deadline.window_opens:
        return DeadlineStatus.UPCOMING
    if as_of <= deadline.due_date:
        return DeadlineStatus.OPEN
    if deadline.grace_end is not None and as_of <= deadline.grace_end:
        return DeadlineStatus.GRACE
    return DeadlineStatus.MISSED


def _keep(deadlines: Iterable[Deadline], facts: RightFacts) -> list[Deadline]:
    ended_before = _ended_on(facts)
    return [
        d
        for d in deadlines
        if d.kind in (DeadlineKind.TERM_EXPIRY, DeadlineKind.RESTORATION)
        or not ended_before(d.due_date)
    ]


def deadlines_for(
    facts: RightFacts, *, until: dt.date | None = None, as_of: dt.date | None = None
) -> list[Deadline]:
    """All deadlines of one right, sorted by (due date, key).

    ``until`` drops deadlines due after it; ``as_of`` sets each deadline's ``status`` and, for
    trademarks, which renewal term is current. The function reads no clock.
    """
    validate_facts(facts)
    found: list[Deadline] = []
    for produce in CONTEXT_FREE_PRODUCERS:
        found.extend(produce(facts, as_of))
    # Later renewal terms are listed up to ``until`` (a cost forecast needs them).
    found.extend(trademark_renewal_deadlines(facts, as_of, until))
    kept = _keep(found, facts)
    if until is not None:
        kept = [d for d in kept if d.due_date <= until]
    if as_of is not None:
        kept = [d.model_copy(update={"status": status_of(d, as_of)}) for d in kept]
    return sorted(kept, key=lambda d: (d.due_date, d.key))
