"""`make run` prints its addresses only once the port accepts; the README's command lines run."""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_addresses_wait_until_the_port_accepts(app):
    port, opened = _free_port(), {}
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)

    def start_later():
        time.sleep(0.8)
        server.bind(("127.0.0.1", port))
        server.listen()
        opened["at"] = time.monotonic()

    thread = threading.Thread(target=start_later)
    thread.start()
    try:
        result = app.test_cli_runner().invoke(
            args=["demo", "addresses", "--port", str(port), "--wait", "10"]
        )
        printed = time.monotonic()
    finally:
        thread.join()
        server.close()
    assert result.exit_code == 0, result.output
    assert f"running at http://127.0.0.1:{port}/" in result.output
    assert printed >= opened["at"]  # nothing was printed before the server listened


def test_addresses_say_so_when_no_server_comes(app):
    port = _free_port()
    result = app.test_cli_runner().invoke(
        args=["demo", "addresses", "--port", str(port), "--wait", "0.5"]
    )
    assert result.exit_code != 0 and "No server on port" in result.output
    assert "running at" not in result.output


def test_check_free_refuses_a_port_in_use(app):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = app.test_cli_runner().invoke(
            args=["demo", "addresses", "--port", str(port), "--check-free"]
        )
    assert taken.exit_code != 0 and "already in use" in taken.output
    free = app.test_cli_runner().invoke(
        args=["demo", "addresses", "--port", str(_free_port()), "--check-free"]
    )
    assert free.exit_code == 0 and free.output == ""


def test_make_run_serves_through_the_command_that_waits_for_the_port():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "demo serve --port $(PORT)" in run and "demo addresses" not in run


def test_demo_serve_prints_after_the_server_accepts(app, monkeypatch):
    port, events = _free_port(), []

    def fake_run_simple(host, bound_port, application, threaded):
        assert (host, bound_port, threaded) == ("127.0.0.1", port, True)
        with socket.socket() as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            time.sleep(0.5)  # the server takes a moment to bind
            server.bind(("127.0.0.1", port))
            server.listen()
            events.append(("listening", time.monotonic()))
            time.sleep(1.5)

    monkeypatch.setattr("werkzeug.serving.run_simple", fake_run_simple)
    printed = []
    monkeypatch.setattr("app.cli.click.echo", lambda text="": printed.append(time.monotonic()))
    result = app.test_cli_runner().invoke(args=["demo", "serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert printed and events and min(printed) >= events[0][1]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return [cell.replace("\\|", "|") for cell in re.findall(r"^\| `([^`]+)` \|", readme, re.M)]


def test_readme_command_lines_work_on_a_fresh_machine(app):
    commands = _readme_commands()
    assert len(commands) >= 10
    makefile = (ROOT / "Makefile").read_text()
    readme = (ROOT / "README.md").read_text()
    assert not re.search(r"(?<![/\w])flask --app", readme), "flask is only in .venv/bin"
    for command in commands:
        words = shlex.split(command.split("|")[0])
        if words[0] == "make":
            target = words[1] if len(words) > 1 and "=" not in words[1] else "all"
            assert re.search(rf"^{re.escape(target)}:", makefile, re.M), command
            continue
        if words[0] == ".venv/bin/python":
            assert words[1:3] == ["-m", "analysis"], command
            asked = [sys.executable, "-m", "analysis", "--help"]
            help_text = subprocess.run(asked, cwd=ROOT, capture_output=True, text=True).stdout
            assert words[3] in help_text, command
            continue
        assert words[:3] == [".venv/bin/flask", "--app", "wsgi"], command
        group = [w for w in words[3:5] if re.fullmatch(r"[a-z-]+", w)]
        result = app.test_cli_runner().invoke(args=[*group, "--help"])
        assert result.exit_code == 0, (command, result.output)
