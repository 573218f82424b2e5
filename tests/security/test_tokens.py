"""API tokens end with the owner's password, "log out everywhere" and deactivation (item 6)."""

from __future__ import annotations

from sqlalchemy import select

from app.cli_users import users_cli
from surveys.api_tokens import ApiToken
from surveys.audit import AuditEvent
from tests.factories import PASSWORD, csrf_token, login, make_user

NEW_PASSWORD = "another long passphrase"


def new_token(client, label="rapor") -> str:
    data = {"csrf_token": csrf_token(client, "/national/tokens"), "label": label}
    page = client.post("/national/tokens", data=data).get_data(as_text=True)
    return page.split('class="token-secret">', 1)[1].split("<", 1)[0]


def reads_api(client, secret) -> bool:
    response = client.get(
        "/api/v1/national?year=2025", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code in (200, 401), response.status_code
    return response.status_code == 200


def post(client, url, data=None, page="/auth/password"):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})})


def test_a_password_change_revokes_the_users_tokens_and_only_theirs(app, session):
    owner, colleague = make_user(session, "evaluator"), make_user(session, "evaluator")
    client, other = app.test_client(), app.test_client()
    login(client, owner)
    login(other, colleague)
    secrets = [new_token(client, "rapor"), new_token(client, "dasbor")]
    theirs = new_token(other)
    assert all(reads_api(client, s) for s in secrets)
    data = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert post(client, "/auth/password", data).status_code == 302
    assert not any(reads_api(client, s) for s in secrets)
    assert reads_api(other, theirs)
    page = client.get("/national/tokens").get_data(as_text=True)
    assert page.count("Dicabut") == 2 and "/revoke" not in page


def test_log_out_everywhere_revokes_the_users_tokens(app, session):
    client = app.test_client()
    login(client, make_user(session, "admin"))
    secret = new_token(client)
    post(client, "/auth/logout-everywhere")
    assert not reads_api(client, secret)


def _admin_edits(client, target, **fields):
    data = {"email": target.email, "name": target.name, "role": target.role, "tenant": "0",
            "active": "y", **fields}  # fmt: skip
    data = {k: v for k, v in data.items() if v is not None}
    return post(client, f"/admin/users/{target.id}", data, page=f"/admin/users/{target.id}")


def test_deactivation_revokes_tokens_for_good_and_a_role_change_keeps_them(app, session):
    admin, target = make_user(session, "admin"), make_user(session, "evaluator")
    admin_browser, target_browser = app.test_client(), app.test_client()
    login(admin_browser, admin)
    login(target_browser, target)
    secret = new_token(target_browser)
    _admin_edits(admin_browser, target, role="admin")  # same reach or more: the token stays
    assert reads_api(admin_browser, secret)
    _admin_edits(admin_browser, target, active=None)
    assert not reads_api(admin_browser, secret)
    _admin_edits(admin_browser, target)  # active again: the old token does not come back
    assert not reads_api(admin_browser, secret)
    assert session.scalars(select(ApiToken)).one().revoked_at is not None


def test_deactivation_from_the_command_line_revokes_tokens(app, session):
    user = make_user(session, "evaluator")
    client = app.test_client()
    login(client, user)
    secret = new_token(client)
    result = app.test_cli_runner().invoke(users_cli, ["deactivate", user.email])
    assert result.exit_code == 0, result.output
    assert not reads_api(client, secret)
    assert session.scalars(select(ApiToken)).one().revoked_at is not None


def test_token_creation_and_revocation_are_audited_without_the_secret(app, session):
    user = make_user(session, "evaluator")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    login(client, user)
    secret = new_token(client, "laporan bulanan")
    token = session.scalars(select(ApiToken)).one()
    post(client, f"/national/tokens/{token.id}/revoke", page="/national/tokens")
    events = {e.action: e for e in session.scalars(select(AuditEvent))}
    for action in ("token.create", "token.revoke"):
        event = events[action]
        assert event.user_id == user.id and event.ip == "198.51.100.23"
        assert event.target == f"token {token.id}" and event.details == "laporan bulanan"
    stored = " ".join(e.target + e.details for e in session.scalars(select(AuditEvent)))
    assert secret not in stored and secret[5:20] not in stored and token.token_hash not in stored


def test_password_set_and_deactivation_from_the_command_line_are_audited(app, session):
    user = make_user(session, "evaluator")
    runner = app.test_cli_runner()
    new_password = "another-long-password"
    result = runner.invoke(users_cli, ["set-password", user.email],
                           input=f"{new_password}\n{new_password}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert runner.invoke(users_cli, ["deactivate", user.email]).exit_code == 0
    events = {e.action: e for e in session.scalars(select(AuditEvent))}
    for action in ("password.set", "user.deactivate"):
        assert events[action].target == user.email and events[action].ip == "cli"
        assert events[action].details.startswith("by=cli sessions=")
    assert new_password not in " ".join(e.details for e in events.values())
