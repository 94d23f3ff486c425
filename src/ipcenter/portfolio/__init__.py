"""The portfolio capability; its public API is ``__all__``."""

from ipcenter.portfolio.deadlines import deadlines_for
from ipcenter.portfolio.facts import facts_from_patent, facts_from_trademark
from ipcenter.portfolio.terms import TermInfo, patent_term, trademark_term
from ipcenter.portfolio.types import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Explanation,
    LegalEventFact,
    MadridFacts,
    Notice,
    RightFacts,
    RightKind,
    Shift,
)

__all__ = [
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "Explanation",
    "LegalEventFact",
    "MadridFacts",
    "Notice",
    "RightFacts",
    "RightKind",
    "Shift",
    "TermInfo",
    "deadlines_for",
    "facts_from_patent",
    "facts_from_trademark",
    "patent_term",
    "trademark_term",
]
