"""Kiosk answers during an anonymous flood of sign-ins: p50 with and without it, same run.

    python bench/login_flood.py URL            # URL: an empty PostgreSQL or SQLite database
    python bench/run.py --skip analysis,dashboard,export,ingest   # as part of the benchmarks

Two kiosk connections post answers one after another for ``seconds``; then the same again while
``flood`` connections post the login form (a valid CSRF token, a made-up email each time, as
many addresses as requests through X-Forwarded-For, so that no throttle helps and only the
bound on password checks stands between argon2 and the kiosks). Both through gunicorn with 4
sync workers and the library's full argon2 cost. Reported: kiosk p50 alone, under the flood,
their ratio, and what the flood got (401 checked, 503 turned away); as a control, the ratio
under as many connections asking a trivial endpoint (what any flood costs on this machine).
With ``compare_unbounded`` the same is measured with the bound lifted
(``MUTU_PASSWORD_CHECKS_AT_ONCE=64``): the "before".
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter as Tally
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KIOSK_CONNECTIONS = 2
ELEMENTS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku",
            "sarana", "pengaduan")  # fmt: skip


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kiosks(url: str) -> list[tuple[str, str]]:
    """(device token, counter code) pairs of a small generated catalogue."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from bench import generate
    from surveys.devices import register_device
    from surveys.models import Counter, Mpp

    generate.generate(url, 2_000, log=_log, n_mpps=3)
    engine = create_engine(url)
    pairs = []
    with Session(engine) as session:
        for mpp in session.scalars(select(Mpp).order_by(Mpp.id)):
            token = register_device(session, mpp, "bench").token
            codes = session.scalars(select(Counter.code).where(Counter.mpp_id == mpp.id))
            pairs += [(token, code) for code in codes]
    engine.dispose()
    return pairs


def _answer(pair: tuple[str, str], n: int) -> bytes:
    answers = {code: 1 + (n * (i + 3)) % 4 for i, code in enumerate(ELEMENTS)}
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return json.dumps({"id": str(uuid.uuid4()), "counter": pair[1], "answers": answers,
                       "submitted_at": stamp}).encode()  # fmt: skip


def _kiosk_loop(port: int, pairs, stop: threading.Event, latencies: list[float], seed: int):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while not stop.is_set():
        pair = rng.choice(pairs)
        headers = {"Authorization": f"Device {pair[0]}", "Content-Type": "application/json"}
        started = time.perf_counter()
        conn.request("POST", "/api/v1/responses", _answer(pair, n), headers)
        response = conn.getresponse()
        response.read()
        if response.status in (200, 201):
            latencies.append(1000 * (time.perf_counter() - started))
        n += 1
    conn.close()


def _login_form(conn: http.client.HTTPConnection) -> tuple[str, str]:
    conn.request("GET", "/auth/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return cookie, token


def _flood_loop(port: int, stop: threading.Event, statuses: Tally, seed: int):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie, token = _login_form(conn)
    while not stop.is_set():
        email = f"nobody{rng.randrange(10**9)}@example.id"
        body = urlencode({"csrf_token": token, "email": email, "password": "Password123!"})
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                   "X-Forwarded-For": address}  # fmt: skip
        conn.request("POST", "/auth/login", body, headers)
        response = conn.getresponse()
        response.read()
        statuses[response.status] += 1
    conn.close()


def _trivial_loop(port: int, stop: threading.Event, statuses: Tally, _seed: int):
    """The control: the same connections on an endpoint that does nothing."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        conn.request("GET", "/bench/trivial")
        response = conn.getresponse()
        response.read()
        statuses[response.status] += 1
    conn.close()


def _phase(port: int, pairs, seconds: float, flood: int, loop=_flood_loop):
    stop, latencies, statuses = threading.Event(), [], Tally()
    threads = [threading.Thread(target=_kiosk_loop, args=(port, pairs, stop, latencies, k))
               for k in range(KIOSK_CONNECTIONS)]  # fmt: skip
    threads += [threading.Thread(target=loop, args=(port, stop, statuses, 100 + f))
                for f in range(flood)]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    return latencies, statuses


def _serve(url: str, port: int, extra_env: dict) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT), BENCH_TRUST_XFF="1",
               **extra_env)  # fmt: skip
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "--workers", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "bench.wsgi_bench:app"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip


def _wait_for(port: int) -> None:
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/bench/trivial")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def _measure(url: str, pairs, seconds: float, flood: int, extra_env: dict, control: bool) -> dict:
    port = _free_port()
    server = _serve(url, port, extra_env)
    try:
        _wait_for(port)
        _phase(port, pairs, 2, 0)  # warm-up: each worker's first requests pay one-off costs
        alone, _ = _phase(port, pairs, seconds, 0)
        flooded, statuses = _phase(port, pairs, seconds, flood)
        trivial = _phase(port, pairs, seconds, flood, _trivial_loop)[0] if control else None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    p50_alone, p50_flood = statistics.median(alone), statistics.median(flooded)
    got = {
        "kiosk_p50_ms_alone": p50_alone,
        "kiosk_p50_ms_flood": p50_flood,
        "kiosk_p50_ratio_flood": p50_flood / p50_alone,
        "kiosk_answers_alone": len(alone),
        "kiosk_answers_flood": len(flooded),
        "flood_logins_checked": statuses[401],
        "flood_logins_turned_away": statuses[503],
        "flood_logins_other": sum(v for k, v in statuses.items() if k not in (401, 503)),
    }
    if trivial:  # what any flood of as many connections costs the kiosks on this machine
        got["kiosk_p50_ratio_trivial_flood"] = statistics.median(trivial) / p50_alone
    return got


def bench_login_flood(url: str, seconds: float = 10, flood: int = 8,
                      compare_unbounded: bool = True) -> dict:  # fmt: skip
    """``url``: an empty database (PostgreSQL or SQLite) this function fills and uses."""
    pairs = _kiosks(url)
    result = {"login_flood_seconds": seconds, "login_flood_connections": flood}
    bounded = _measure(url, pairs, seconds, flood, {}, control=True)
    result.update({f"login_{k}": v for k, v in bounded.items()})
    if compare_unbounded:
        lifted = {"MUTU_PASSWORD_CHECKS_AT_ONCE": "64"}
        unbounded = _measure(url, pairs, seconds, flood, lifted, control=False)
        result.update({f"login_unbounded_{k}": v for k, v in unbounded.items()})
    return result


if __name__ == "__main__":
    got = bench_login_flood(sys.argv[1])
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in got.items()}))
