"""Roles and what each may do. The route × role test walks this table against every route."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    MEDIATOR = "mediator"
    COMPANY = "company"
    BANK = "bank"
    FARM = "farm"


class Permission(StrEnum):
    DASHBOARD_READ = "dashboard.read"
    REGISTRY_READ = "registry.read"
    REGISTRY_EXPORT = "registry.export"
    USERS_READ = "users.read"
    AUDIT_READ = "audit.read"
    PORTFOLIO_READ = "portfolio.read"
    PORTFOLIO_WRITE = "portfolio.write"
    CARBON_READ = "carbon.read"
    CARBON_WRITE = "carbon.write"
    INGEST_READ = "ingest.read"
    INGEST_WRITE = "ingest.write"
    STATS_READ = "stats.read"
    SEARCH_READ = "search.read"
    SEARCH_WRITE = "search.write"


_ALL = frozenset(Role)
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.DASHBOARD_READ: _ALL,
    # Farms keep carbon data, not rights; banks read (their own) rights for pledge work.
    Permission.REGISTRY_READ: frozenset(
        {Role.ADMIN, Role.ANALYST, Role.MEDIATOR, Role.COMPANY, Role.BANK}
    ),
    Permission.REGISTRY_EXPORT: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    Permission.USERS_READ: frozenset({Role.ADMIN}),
    Permission.AUDIT_READ: frozenset({Role.ADMIN}),
    # Deadlines of the rights an organisation holds: the centre dockets for its companies, and
    # each company sees and instructs its own. Banks and mediators hold no rights to renew.
    Permission.PORTFOLIO_READ: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    Permission.PORTFOLIO_WRITE: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    # Farms account for themselves, companies for their supplier farms (Scope 3), centre staff
    # for every farm the centre serves. Banks and mediators have no use for farm inventories.
    Permission.CARBON_READ: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY, Role.FARM}),
    Permission.CARBON_WRITE: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY, Role.FARM}),
    # Importing files: centre staff for the centre, a company for its own records.
    Permission.INGEST_READ: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    Permission.INGEST_WRITE: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    # Indicators are aggregates: centre staff see the region, a company or bank its own records.
    Permission.STATS_READ: frozenset(
        {Role.ADMIN, Role.ANALYST, Role.MEDIATOR, Role.COMPANY, Role.BANK}
    ),
    # Prior-art and FTO search over the records the caller may read; saving searches, adding
    # documents and reindexing change stored state.
    Permission.SEARCH_READ: frozenset(
        {Role.ADMIN, Role.ANALYST, Role.MEDIATOR, Role.COMPANY, Role.BANK}
    ),
    Permission.SEARCH_WRITE: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
}

# Staff of a centre with these roles see the records of every organisation the centre serves.
CENTRE_WIDE_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.MEDIATOR})


def has_permission(role: str, permission: Permission) -> bool:
    return role in GRANTS[permission]
