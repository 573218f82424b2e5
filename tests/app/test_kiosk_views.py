"""The kiosk shell, its service worker and its manifest, as the server delivers them."""

from __future__ import annotations

import json
import os
import re

from app.kiosk.views import SHELL_FILES


def fetched(client, url: str) -> int:
    with client.get(url) as response:  # file responses hold the file open until closed
        return response.status_code


def test_shell_is_standalone_and_has_no_inline_script_style_or_handler(client):
    response = client.get("/kiosk/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "{% extends" not in html and "base.html" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts), "no inline <script>"
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "no script body"
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"
    assert not re.search(r"\sstyle\s*=", html), "no inline style attributes"
    assert "<style" not in html
    assert 'data-thanks-seconds="6"' in html and 'data-idle-seconds="60"' in html
    assert 'data-submit-url="/api/v1/responses"' in html
    assert 'data-config-url="/api/v1/kiosk/config"' in html
    assert 'rel="manifest" href="/kiosk/manifest.webmanifest"' in html


def test_timings_come_from_the_config(app, client):
    app.config.update(KIOSK_THANKS_SECONDS=4, KIOSK_IDLE_SECONDS=45)
    html = client.get("/kiosk/").get_data(as_text=True)
    assert 'data-thanks-seconds="4"' in html and 'data-idle-seconds="45"' in html


def test_service_worker_precaches_the_whole_shell(client):
    response = client.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/kiosk/"
    assert "no-cache" in response.headers["Cache-Control"]
    source = response.get_data(as_text=True)
    assert "__VERSION__" not in source and "__PRECACHE__" not in source
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    assert precache[0] == "/kiosk/"
    assert {f"/static/kiosk/{name}" for name in SHELL_FILES} <= set(precache)
    for url in precache:
        assert fetched(client, url) == 200, url
    assert 'request.method !== "GET"' in source, "answers (POST) are never cached"


def test_every_module_the_kiosk_imports_is_precached(app):
    static = app.static_folder + "/kiosk/"
    imports = set()
    for name in SHELL_FILES:
        if name.endswith(".js"):
            with open(static + name, encoding="utf-8") as source:
                imports |= set(re.findall(r'from "\./([\w.-]+)"', source.read()))
    assert imports and imports <= set(SHELL_FILES)


def test_service_worker_version_changes_with_the_timings(app, client):
    first = client.get("/kiosk/sw.js").get_data(as_text=True)
    app.config["KIOSK_IDLE_SECONDS"] = 90
    second = client.get("/kiosk/sw.js").get_data(as_text=True)
    version = re.compile(r'const VERSION = "(\w+)"')
    assert version.search(first).group(1) != version.search(second).group(1)


def test_manifest_is_fullscreen_with_icons_that_exist(client):
    with client.get("/kiosk/manifest.webmanifest") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/manifest+json"
        manifest = json.loads(response.get_data(as_text=True))
    assert manifest["display"] == "fullscreen"
    assert manifest["start_url"] == "/kiosk/" and manifest["scope"] == "/kiosk/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert fetched(client, icon["src"]) == 200, icon["src"]


def test_every_interface_string_exists_in_both_languages(app):
    with open(app.static_folder + "/kiosk/strings.js", encoding="utf-8") as source:
        text = source.read()
    id_block = text[text.index("  id: {") : text.index("  en: {")]
    en_block = text[text.index("  en: {") : text.index("export const DEVICE_STRINGS")]
    key = re.compile(r'^\s+"([\w.]+)":', re.MULTILINE)
    assert set(key.findall(id_block)) == set(key.findall(en_block))
    used = set()
    shell = os.path.join(app.root_path, app.template_folder, "kiosk", "kiosk.html")
    with open(shell, encoding="utf-8") as template:
        used |= set(re.findall(r'data-t(?:-label)?="([\w.]+)"', template.read()))
    for name in SHELL_FILES:
        if name.endswith(".js"):
            with open(app.static_folder + "/kiosk/" + name, encoding="utf-8") as source:
                used |= set(re.findall(r'\bt\("([\w.]+)"', source.read()))
    assert used - set(key.findall(id_block)) == set(), "a string used but not defined"
