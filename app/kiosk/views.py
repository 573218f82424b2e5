"""The kiosk shell; everything else it needs comes from the JSON API with its device token."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Response, current_app, render_template, send_from_directory, url_for

from app.kiosk import bp

# Files the service worker stores at install so that the kiosk starts with no network.
SHELL_FILES = (
    "kiosk.css",
    "kiosk.js",
    "strings.js",
    "outbox.js",
    "screens.js",
    "idle.js",
    "staff.js",
    "pairing.js",
    "faces.svg",
    "icon.svg",
    "icon-192.png",
    "icon-512.png",
)
IDLE_COUNTDOWN_SECONDS = 10


def _static_dir() -> Path:
    return Path(current_app.static_folder) / "kiosk"


@bp.get("/")
def shell():
    response = Response(
        render_template(
            "kiosk/kiosk.html",
            thanks_seconds=current_app.config["KIOSK_THANKS_SECONDS"],
            idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"],
            idle_countdown_seconds=IDLE_COUNTDOWN_SECONDS,
        )
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """The worker lives under /kiosk/ so that its scope is the kiosk and nothing else."""
    urls = [url_for("kiosk.shell"), url_for("kiosk.manifest")]
    urls += [url_for("static", filename=f"kiosk/{name}") for name in SHELL_FILES]
    source = (_static_dir() / "sw.js").read_text(encoding="utf-8")
    source = source.replace("__VERSION__", _shell_version()).replace(
        "__PRECACHE__", json.dumps(urls)
    )
    response = Response(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = url_for("kiosk.shell")
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    response = send_from_directory(
        _static_dir(), "manifest.webmanifest", mimetype="application/manifest+json"
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


def _shell_version() -> str:
    """A digest of the shell's files: any change makes the tablets fetch the new shell."""
    digest = hashlib.sha256()
    template = Path(current_app.root_path, current_app.template_folder, "kiosk", "kiosk.html")
    paths = [template, _static_dir() / "sw.js", _static_dir() / "manifest.webmanifest"]
    paths += [_static_dir() / name for name in SHELL_FILES]
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    config = current_app.config
    digest.update(f"{config['KIOSK_THANKS_SECONDS']}/{config['KIOSK_IDLE_SECONDS']}".encode())
    return digest.hexdigest()[:16]
