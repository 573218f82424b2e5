"""Issue 13, items 8 and 11: the client address behind the reverse proxy, and pairing limits
that one address cannot fill for everyone."""

import pytest
from sqlalchemy import select

from app import create_app
from app.security import _TrustedProxies, trust_proxy
from surveys import pairing
from surveys.models import DevicePairing
from tests.conftest import CHEAP_HASHING, database_url
from tests.factories import login, make_user


def _pair_from(client, remote: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/api/v1/pairings", headers=headers,
                       environ_overrides={"REMOTE_ADDR": remote})  # fmt: skip


def _stored_address(session) -> str:
    row = session.scalars(select(DevicePairing).order_by(DevicePairing.id.desc())).first()
    return row.address


def test_without_a_configured_proxy_x_forwarded_for_is_ignored(app, client, session):
    assert app.config["PROXY_HOPS"] == 0
    assert _pair_from(client, "127.0.0.1", "198.51.100.7").status_code == 201
    assert _stored_address(session) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_address_it_appended_counts(app, client, session):
    app.config["PROXY_HOPS"] = 1  # as MUTU_PROXY_HOPS=1 would set it before the factory's
    trust_proxy(app)
    # The client forged its own header; nginx appended the address it saw.
    assert _pair_from(client, "127.0.0.1", "10.6.6.6, 198.51.100.7").status_code == 201
    assert _stored_address(session) == "198.51.100.7"
    # The same header from an address that is not the proxy is the client's own word: ignored.
    assert _pair_from(client, "203.0.113.5", "198.51.100.7").status_code == 201
    assert _stored_address(session) == "203.0.113.5"


def _proxied_app(**config):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "TOTP_REQUIRED_ROLES": (),
                       "SQLALCHEMY_DATABASE_URI": database_url(),
                       "PASSWORD_HASH_PARAMETERS": CHEAP_HASHING, **config})  # fmt: skip


def test_the_trusted_proxies_are_configured_by_address_or_network():
    proxies = _TrustedProxies(lambda e, s: None, 1, "10.0.0.0/24, ::1")
    assert proxies._trusted("10.0.0.9") and proxies._trusted("::1")
    assert not proxies._trusted("10.0.1.9") and not proxies._trusted("203.0.113.5")
    assert _TrustedProxies(lambda e, s: None, 1, "*")._trusted("203.0.113.5")
    for hops in (-1, 9, "1", 1.5, True):
        with pytest.raises(RuntimeError, match="PROXY_HOPS"):
            _proxied_app(PROXY_HOPS=hops)


def test_one_client_behind_the_proxy_cannot_use_up_pairing_for_the_others(app, client, session):
    app.config["PROXY_HOPS"] = 1
    trust_proxy(app)
    for _ in range(pairing.MAX_PENDING_PER_ADDRESS):
        assert _pair_from(client, "127.0.0.1", "198.51.100.7").status_code == 201
    refused = _pair_from(client, "127.0.0.1", "198.51.100.7")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _pair_from(client, "127.0.0.1", "198.51.100.8").status_code == 201  # a colleague


def test_no_global_cap_that_fifty_anonymous_requests_fill(client):
    for i in range(60):  # the old global cap was 50
        assert _pair_from(client, f"10.1.{i // 200}.{i % 200}").status_code == 201
    assert _pair_from(client, "10.9.9.9").status_code == 201


def test_an_ipv6_client_is_counted_by_its_64_network(client, session):
    for i in range(pairing.MAX_PENDING_PER_ADDRESS):
        assert _pair_from(client, f"2001:db8:1:2::{i + 1:x}").status_code == 201
    refused = _pair_from(client, "2001:db8:1:2:ffff::1")  # same /64: same subscriber
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert refused.get_json()["fields"] == {"pairing": "too many pending"}
    assert _pair_from(client, "2001:db8:1:3::1").status_code == 201
    assert pairing.address_key("::ffff:10.0.0.1") == "10.0.0.1"


def test_every_429_carries_retry_after(app, session):
    user = make_user(session, "admin")
    client = app.test_client()
    statuses = [login(client, user, "wrong password!").status_code for _ in range(12)]
    throttled = login(client, user, "wrong password!")
    assert 429 in statuses or throttled.status_code == 429
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
