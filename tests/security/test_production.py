"""Production refuses a weak secret key; `make serve` is production, `make run` development."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app import create_app
from app.config import DEFAULT_SECRET

ROOT = Path(__file__).resolve().parents[2]


def production_app(monkeypatch, key):
    monkeypatch.setenv("MUTU_ENV", "production")
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": key})


@pytest.mark.parametrize(
    "key", [DEFAULT_SECRET, "", "x" * 31, b"x" * 31, "kunci-rahasia", "é" * 15]
)
def test_production_refuses_a_default_or_short_secret_key(monkeypatch, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY.*32 bytes"):
        production_app(monkeypatch, key)


@pytest.mark.parametrize("key", ["x" * 32, b"\x00" * 32, "é" * 16])
def test_production_starts_with_a_key_of_32_bytes(monkeypatch, key):
    assert production_app(monkeypatch, key).config["SESSION_COOKIE_SECURE"] is True


def test_development_still_starts_with_the_default_key(monkeypatch):
    monkeypatch.setenv("MUTU_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": DEFAULT_SECRET})
    assert app.config["ENV_NAME"] == "development"


def _recipe(target: str, **env) -> list[str]:
    """The shell lines `make` would run for the target, as the shell would expand them."""
    lines = subprocess.run(
        ["make", "-s", "-n", "-o", "venv", "-o", "translations", target],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    clean = {"PATH": "/usr/bin:/bin", **env}
    expanded = []
    for line in lines:
        echo = subprocess.run(["bash", "-c", f"echo {line}"], env=clean, capture_output=True,
                              text=True, check=True)  # fmt: skip
        expanded.append(echo.stdout.strip())
    return expanded


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_serve_is_production_unless_told_and_make_run_development():
    serve = [line for line in _recipe("serve") if "gunicorn" in line or "db upgrade" in line]
    assert len(serve) == 2 and all(line.startswith("MUTU_ENV=production ") for line in serve)
    told = [line for line in _recipe("serve", MUTU_ENV="staging") if "gunicorn" in line]
    assert told[0].startswith("MUTU_ENV=staging ")
    assert not any("production" in line for line in _recipe("run"))
