from sqlalchemy import select

from surveys.accounts import User
from tests.factories import PASSWORD, csrf_token, login, make_mpp, make_user


def test_login_logout_and_wrong_password(client, session):
    user = make_user(session, "admin")
    assert login(client, user, "nope nope nope").status_code == 401
    response = login(client, user)
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/admin/users")})
    assert client.get("/admin/users").status_code == 302  # back to the login page


def test_open_redirects_are_refused(client, session):
    user = make_user(session, "admin")
    token = csrf_token(client)
    response = client.post("/auth/login?next=https://evil.example/", data={
        "csrf_token": token, "email": user.email, "password": PASSWORD})  # fmt: skip
    assert response.headers["Location"] == "/admin/users"  # the admin's own landing page


def test_non_admins_cannot_manage_users(client, session):
    mpp = make_mpp(session)
    login(client, make_user(session, "manager", mpps=[mpp]))
    assert client.get("/admin/users").status_code == 403


def test_password_change_ends_other_sessions(app, session):
    user = make_user(session, "evaluator")
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    token = csrf_token(first, "/auth/password")
    response = first.post("/auth/password", data={
        "csrf_token": token, "current": PASSWORD, "new": "another long passphrase",
        "confirm": "another long passphrase"})  # fmt: skip
    assert response.status_code == 302
    assert first.get("/auth/password").status_code == 200
    assert second.get("/auth/password").status_code == 302  # signed out


def test_admin_creates_a_manager_in_the_web(client, session):
    mpp = make_mpp(session)
    login(client, make_user(session, "admin"))
    token = csrf_token(client, "/admin/users/new")
    response = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "Baru@Example.id", "name": "Manajer Baru",
        "role": "manager", "mpps": [str(mpp.id)], "tenant": "0",
        "password": "long enough password", "active": "y"})  # fmt: skip
    assert response.status_code == 302
    created = session.scalar(select(User).where(User.email == "baru@example.id"))
    assert created.role == "manager" and [m.id for m in created.mpps] == [mpp.id]
