"""Organisations, users, login and the caller's scope."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import Organisation, User
from ipcenter.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from ipcenter.accounts.roles import CENTRE_WIDE_ROLES, Permission, Role, has_permission
from ipcenter.core import audit
from ipcenter.core.errors import (
    AuthenticationRequired,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ipcenter.core.i18n import LANGUAGES, N_
from ipcenter.core.scoping import OrgScope, scoped

ORGANISATION_KINDS = (
    "centre",
    "company",
    "bank",
    "mediation",
    "farm",
    "university",
    "research_institute",
)


class InvalidCredentials(AuthenticationRequired):
    key = "accounts.invalid_credentials"
    message = N_("Wrong username or password.")


@dataclass(frozen=True)
class Caller:
    """Who is asking: enough to authorise and scope, detached from any session."""

    user_id: int
    username: str
    display_name: str
    role: str
    org_id: int
    org_name: str
    language: str
    scope: OrgScope

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied()


def scope_for(session: Session, user: User) -> OrgScope:
    """The organisations whose records ``user`` may see: own org, plus the served ones for
    centre staff."""
    org = session.get(Organisation, user.org_id)
    if org is None:
        return OrgScope.only()
    if org.kind == "centre" and user.role in CENTRE_WIDE_ROLES:
        served = session.scalars(select(Organisation.id).where(Organisation.parent_id == org.id))
        return OrgScope.only(org.id, *served)
    return OrgScope.only(org.id)


def caller_for(session: Session, user_id: int) -> Caller:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise AuthenticationRequired()
    org = session.get(Organisation, user.org_id)
    return Caller(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        org_id=user.org_id,
        org_name=org.name if org else "",
        language=user.language,
        scope=scope_for(session, user),
    )


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials; the same error whichever part is wrong."""
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise InvalidCredentials()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = dt.datetime.now(dt.UTC)
    audit.record(
        session,
        "user-logged-in",
        actor=user.username,
        org_id=user.org_id,
        entity_type="user",
        entity_id=user.id,
    )
    return user


def create_organisation(
    session: Session,
    *,
    key: str,
    name: str,
    kind: str,
    name_en: str | None = None,
    parent_key: str | None = None,
    region_code: str | None = None,
    is_demo: bool = False,
    actor: str,
) -> Organisation:
    if kind not in ORGANISATION_KINDS:
        raise ValidationError(
            field="kind",
            value=kind,
            reason=N_("must be one of {allowed}"),
            allowed=", ".join(ORGANISATION_KINDS),
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", key):
        raise ValidationError(
            field="key", value=key, reason=N_("use 1-40 lowercase letters, digits, - or _")
        )
    if session.scalar(select(func.count()).where(Organisation.key == key)):
        raise ValidationError(field="key", value=key, reason=N_("already exists"))
    parent_id = organisation_by_key(session, parent_key).id if parent_key else None
    org = Organisation(
        key=key,
        name=name,
        name_en=name_en,
        kind=kind,
        parent_id=parent_id,
        region_code=region_code,
        is_demo=is_demo,
    )
    session.add(org)
    session.flush()
    audit.record(
        session,
        "organisation-created",
        actor=actor,
        org_id=org.id,
        entity_type="organisation",
        entity_id=org.id,
        after={"key": key, "name": name, "kind": kind},
    )
    return org


def organisation_by_key(session: Session, key: str) -> Organisation:
    org = session.scalars(select(Organisation).where(Organisation.key == key)).first()
    if org is None:
        raise NotFound(N_("Organisation {key} not found."), key=key)
    return org


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    org_key: str,
    display_name: str | None = None,
    email: str | None = None,
    language: str = "zh_CN",
    actor: str,
) -> User:
    """Create a user; the password is stored only as an argon2 hash."""
    if not re.fullmatch(r"[A-Za-z0-9._@-]{2,80}", username):
        raise ValidationError(
            field="username", value=username, reason=N_("use 2-80 letters, digits, . _ @ or -")
        )
    if role not in {r.value for r in Role}:
        raise ValidationError(
            field="role",
            value=role,
            reason=N_("must be one of {allowed}"),
            allowed=", ".join(r.value for r in Role),
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            field="password",
            reason=N_("must be at least {length} characters"),
            length=MIN_PASSWORD_LENGTH,
        )
    _require_language(language)
    if session.scalar(select(func.count()).where(User.username == username)):
        raise ValidationError(field="username", value=username, reason=N_("already exists"))
    org = organisation_by_key(session, org_key)
    user = User(
        org_id=org.id,
        username=username,
        display_name=display_name or username,
        email=email,
        role=role,
        password_hash=hash_password(password),
        language=language,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        "user-created",
        actor=actor,
        org_id=org.id,
        entity_type="user",
        entity_id=user.id,
        after={"username": username, "role": role, "org": org_key},
    )
    return user


def _require_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            field="language",
            value=language,
            reason=N_("must be one of {allowed}"),
            allowed=", ".join(LANGUAGES),
        )


def set_language(session: Session, user_id: int, language: str) -> None:
    """Remember ``user_id``'s interface language (``zh_CN`` or ``en``)."""
    _require_language(language)
    user = session.get(User, user_id)
    if user is not None:
        user.language = language


def list_users(session: Session, *, scope: OrgScope) -> list[User]:
    return list(session.scalars(scoped(select(User), User, scope).order_by(User.username)))


def list_organisations(session: Session, *, scope: OrgScope) -> list[Organisation]:
    statement = select(Organisation).order_by(Organisation.id)
    if scope.org_ids is not None:
        statement = statement.where(Organisation.id.in_(sorted(scope.org_ids)))
    return list(session.scalars(statement))
