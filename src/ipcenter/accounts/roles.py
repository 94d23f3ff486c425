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
    INGEST_READ = "ingest.read"
    INGEST_WRITE = "ingest.write"


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
    # Importing files: centre staff for the centre, a company for its own records.
    Permission.INGEST_READ: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
    Permission.INGEST_WRITE: frozenset({Role.ADMIN, Role.ANALYST, Role.COMPANY}),
}

# Staff of a centre with these roles see the records of every organisation the centre serves.
CENTRE_WIDE_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.MEDIATOR})


def has_permission(role: str, permission: Permission) -> bool:
    return role in GRANTS[permission]
