import pytest
from sqlalchemy import select

from surveys.accounts import (
    User,
    authenticate,
    change_password,
    create_user,
    scope_of,
    user_by_session_id,
)
from surveys.errors import InvalidSubmission
from surveys.models import Tenant
from tests.factories import PASSWORD, make_mpp, make_user


def test_passwords_are_argon2id_hashes_and_verify(session):
    user = make_user(session, "evaluator")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert authenticate(session, user.email.upper(), PASSWORD).id == user.id
    assert authenticate(session, user.email, "wrong password") is None
    assert authenticate(session, "nobody@example.id", PASSWORD) is None


def test_roles_need_their_scope(session):
    with pytest.raises(InvalidSubmission) as caught:
        create_user(session, "m@example.id", "M", "manager", PASSWORD)
    assert "mpps" in caught.value.fields
    with pytest.raises(InvalidSubmission) as caught:
        create_user(session, "o@example.id", "O", "officer", PASSWORD)
    assert "tenant" in caught.value.fields
    with pytest.raises(InvalidSubmission) as caught:
        create_user(session, "x@example.id", "X", "admin", "short")
    assert "password" in caught.value.fields


def test_scopes_follow_roles(session):
    a, b = make_mpp(session), make_mpp(session)
    tenant_a = session.scalar(select(Tenant).where(Tenant.mpp_id == a.id))
    manager = scope_of(make_user(session, "manager", mpps=[a]))
    officer = scope_of(make_user(session, "officer", tenant=tenant_a))
    evaluator = scope_of(make_user(session, "evaluator"))
    assert manager.allows_mpp(a.id) and not manager.allows_mpp(b.id)
    assert officer.allows_tenant(a.id, tenant_a.id)
    assert not officer.allows_tenant(a.id, tenant_a.id + 1)
    assert evaluator.national and evaluator.allows_mpp(b.id)
    assert manager.reads_comments(a.id, tenant_a.id) and not manager.reads_comments(b.id, 1)
    assert officer.reads_comments(a.id, tenant_a.id)
    assert not evaluator.reads_comments(a.id, tenant_a.id)


def test_changing_the_password_revokes_older_sessions(session):
    user = make_user(session, "admin")
    old = f"{user.id}:{user.session_version}"
    assert user_by_session_id(session, old) is not None
    change_password(session, user, PASSWORD, "a brand new passphrase")
    assert user_by_session_id(session, old) is None
    assert user_by_session_id(session, f"{user.id}:{user.session_version}") is not None
    assert user_by_session_id(session, "garbage") is None
    assert session.get(User, user.id).check_password("a brand new passphrase")
