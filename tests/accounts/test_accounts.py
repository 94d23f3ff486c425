from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ipcenter.accounts import (
    InvalidCredentials,
    Role,
    authenticate,
    create_organisation,
    create_user,
    scope_for,
)
from ipcenter.accounts.models import User
from ipcenter.core.errors import NotFound, ValidationError


def _orgs(session: Session) -> None:
    create_organisation(session, key="centre", name="中心", kind="centre", actor="t")
    create_organisation(
        session, key="a", name="甲公司", kind="company", parent_key="centre", actor="t"
    )
    create_organisation(
        session, key="b", name="乙公司", kind="company", parent_key="centre", actor="t"
    )


def test_password_is_stored_as_argon2_hash(session: Session) -> None:
    _orgs(session)
    user = create_user(
        session, username="alice", password="correct horse", role="company", org_key="a", actor="t"
    )
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash


def test_authenticate(session: Session) -> None:
    _orgs(session)
    create_user(
        session, username="alice", password="correct horse", role="company", org_key="a", actor="t"
    )
    assert authenticate(session, "alice", "correct horse").username == "alice"
    for username, password in (("alice", "wrong password"), ("nobody", "correct horse")):
        with pytest.raises(InvalidCredentials):
            authenticate(session, username, password)


def test_inactive_user_cannot_log_in(session: Session) -> None:
    _orgs(session)
    user = create_user(
        session, username="alice", password="correct horse", role="company", org_key="a", actor="t"
    )
    user.is_active = False
    with pytest.raises(InvalidCredentials):
        authenticate(session, "alice", "correct horse")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "x y"}, "username"),
        ({"role": "superuser"}, "role"),
        ({"password": "short"}, "password"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_user_input_names_the_field(
    session: Session, kwargs: dict[str, str], field: str
) -> None:
    _orgs(session)
    data = {"username": "alice", "password": "correct horse", "role": "company"} | kwargs
    with pytest.raises(ValidationError) as caught:
        create_user(session, org_key="a", actor="t", **data)
    assert caught.value.params["field"] == field


def test_duplicate_username_is_refused(session: Session) -> None:
    _orgs(session)
    create_user(
        session, username="alice", password="correct horse", role="company", org_key="a", actor="t"
    )
    with pytest.raises(ValidationError, match="already exists"):
        create_user(
            session,
            username="alice",
            password="correct horse",
            role="company",
            org_key="b",
            actor="t",
        )


def test_unknown_organisation(session: Session) -> None:
    with pytest.raises(NotFound):
        create_user(
            session,
            username="alice",
            password="correct horse",
            role="company",
            org_key="nowhere",
            actor="t",
        )


def test_scopes(session: Session) -> None:
    _orgs(session)
    ids = {}
    for name, role, org in (
        ("admin", "admin", "centre"),
        ("alice", "company", "a"),
        ("farm", "farm", "centre"),
    ):
        ids[name] = create_user(
            session, username=name, password="correct horse", role=role, org_key=org, actor="t"
        ).id
    admin, alice, farm = (session.get(User, ids[n]) for n in ("admin", "alice", "farm"))
    assert admin is not None and alice is not None and farm is not None
    all_orgs = {admin.org_id, alice.org_id, alice.org_id + 1}
    assert scope_for(session, admin).org_ids == frozenset(all_orgs)
    assert scope_for(session, alice).org_ids == frozenset({alice.org_id})
    # A centre account whose role is not centre-wide sees only the centre's own records.
    assert scope_for(session, farm).org_ids == frozenset({farm.org_id})
    assert Role.ADMIN.value == "admin"
