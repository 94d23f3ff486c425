"""Organisations, users with roles, login and row-level scoping."""

from ipcenter.accounts.models import Organisation, User
from ipcenter.accounts.roles import GRANTS, Permission, Role, has_permission
from ipcenter.accounts.service import (
    Caller,
    InvalidCredentials,
    authenticate,
    caller_for,
    create_organisation,
    create_user,
    list_organisations,
    list_users,
    organisation_by_key,
    scope_for,
    set_language,
)

__all__ = [
    "Caller",
    "GRANTS",
    "InvalidCredentials",
    "Organisation",
    "Permission",
    "Role",
    "User",
    "authenticate",
    "caller_for",
    "create_organisation",
    "create_user",
    "has_permission",
    "list_organisations",
    "list_users",
    "organisation_by_key",
    "scope_for",
    "set_language",
]
