"""Configuration read once, in the factory, from defaults and MUTU_* / plain env variables."""

from __future__ import annotations

import os
from pathlib import Path

from surveys.effectiveness_inputs import MIN_RESPONSES

DEFAULT_SECRET = "dev-only-not-secret"
MIN_SECRET_BYTES = 32  # 256 bits: the signed session cookie is only as strong as this key


def default_config(instance_path: str) -> dict:
    sqlite_path = Path(instance_path) / "mutu.sqlite3"
    return {
        "SECRET_KEY": DEFAULT_SECRET,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_path}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": 64 * 1024,  # a survey is under 4 KB; anything near this is abuse
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "LANGUAGES": ("id", "en"),
        "WTF_CSRF_TIME_LIMIT": None,  # a phone form may stay open; the token lives with the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "KIOSK_THANKS_SECONDS": 6,
        "KIOSK_IDLE_SECONDS": 60,
        "ENV_NAME": os.environ.get("MUTU_ENV", "development"),
        # Roles that must pass a TOTP second step at sign-in (ASVS 2: national, privileged roles).
        "TOTP_REQUIRED_ROLES": ("admin", "evaluator"),
        # Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: none trusted),
        # and the addresses they connect from (gunicorn's FORWARDED_ALLOW_IPS, "*" for any).
        "PROXY_HOPS": 0,
        "TRUSTED_PROXIES": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        # The canonical address printed in QR codes and posters, e.g. https://mutu.example.go.id
        "PUBLIC_URL": None,
        # Server-side sessions (surveys/sessions.py): ended after this long without a request,
        # and this long after sign-in whatever happens.
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_MAX_HOURS": 12,
        # Answers below which a period, counter or MPP gets no grade, no change and no rank
        # (the dashboard and the national table alike; MUTU_MIN_RESPONSES).
        "MIN_RESPONSES": MIN_RESPONSES,
    }


def check_production_safety(config) -> None:
    """Refuse to start in production with the development secret key or a short one."""
    if config.get("ENV_NAME") == "production":
        key = config.get("SECRET_KEY") or ""
        key_bytes = key if isinstance(key, bytes) else str(key).encode("utf-8")
        if key == DEFAULT_SECRET or len(key_bytes) < MIN_SECRET_BYTES:
            raise RuntimeError(
                f"Set MUTU_SECRET_KEY to a random value of at least {MIN_SECRET_BYTES} bytes "
                "before running in production (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        config["SESSION_COOKIE_SECURE"] = True
