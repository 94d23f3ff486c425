"""Errors raised while reading or validating rights data."""

from __future__ import annotations

from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import N_


class InvalidNumber(ValidationError):
    """A patent/trademark number that cannot be read."""

    key = "rights.invalid_number"
    message = N_("{number!r} is not a valid {field}: {reason}")


class CheckDigitMismatch(InvalidNumber):
    """A CN application number whose check character does not match its digits."""

    key = "rights.check_digit_mismatch"
    message = N_(
        "{number!r} has check digit {given}, but the digits {digits} give {expected}: "
        "the number is mistyped"
    )


class PatentNotFound(NotFound):
    key = "rights.patent_not_found"
    message = N_("Patent {number} not found.")


class PatentHeldByMany(ValidationError):
    key = "rights.patent_held_by_many"
    message = N_(
        "Patent {number} is held by several organisations ({orgs}): name the organisation (org)"
    )
