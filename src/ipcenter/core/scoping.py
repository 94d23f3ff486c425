"""Row-level scoping: the one place where organisation-owned data is filtered for a caller.

Every model holding an organisation's data has an ``org_id`` column. Every query for such data is
passed through :func:`scoped`, so "a company user can never read another company's records" is
enforced in one function instead of in each route. ``OrgScope.everything()`` is for trusted
callers only: the CLI run by the operator and migrations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, false

from ipcenter.core.errors import NotFound

SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class OrgScope:
    """The organisations whose records a caller may see; ``org_ids=None`` means all of them."""

    org_ids: frozenset[int] | None

    @classmethod
    def everything(cls) -> OrgScope:
        return cls(org_ids=None)

    @classmethod
    def only(cls, *org_ids: int) -> OrgScope:
        return cls(org_ids=frozenset(org_ids))

    def allows(self, org_id: int | None) -> bool:
        return self.org_ids is None or (org_id is not None and org_id in self.org_ids)


def scoped(statement: SelectT, model: Any, scope: OrgScope) -> SelectT:
    """Restrict ``statement`` to rows of ``model`` that belong to the organisations in ``scope``."""
    if scope.org_ids is None:
        return statement
    if not scope.org_ids:
        return statement.where(false())
    return statement.where(model.org_id.in_(sorted(scope.org_ids)))


def require_visible(record: Any, scope: OrgScope, *, what: str) -> None:
    """Raise NotFound (never Forbidden: existence must not leak) when ``record`` is out of scope."""
    if record is None or not scope.allows(record.org_id):
        raise NotFound(what=what)
