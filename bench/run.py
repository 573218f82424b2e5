"""Mutu MPP benchmarks (never part of `make test`). The LAST line printed is one JSON object.

    python bench/run.py --quick     # about two to five minutes: 1M stored, 2M analysed
    python bench/run.py             # full sizes: 10M stored, 10M analysed

Needs the PostgreSQL server named by BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5499)
where it creates and drops its own databases (bench_small, bench_large, bench_ingest,
bench_login_flood), `wrk` and the
`sqlite3` shell (apt-get install -y wrk sqlite3), and duckdb (requirements-dev.txt).
Everything runs on loopback with bounded counts and durations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5499")
PYTHON = sys.executable


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fresh_database(name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{PG}/{name}"


def stored_responses(url: str) -> int | None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM response")).scalar()
    except Exception:  # no such database or table yet
        return None
    finally:
        engine.dispose()


def p95(values) -> float:
    return float(np.percentile(values, 95))


# --- Analysis: grouped IKM in numpy against DuckDB ---------------------------------------------


def bench_analysis(n: int) -> dict:
    import duckdb

    from analysis.skm import grouped_counts, ikm_from_counts

    rng = np.random.default_rng(0)
    mpp = rng.integers(0, 300, n, dtype=np.int32)
    counter = rng.integers(0, 40, n, dtype=np.int32)
    month = rng.integers(0, 12, n, dtype=np.int32)
    scores = rng.choice(np.arange(5, dtype=np.int8), size=(n, 9), p=[0.03, 0.02, 0.08, 0.5, 0.37])

    def ours():
        codes = (mpp.astype(np.intp) * 40 + counter) * 12 + month
        return ikm_from_counts(grouped_counts(codes, scores, 300 * 40 * 12)).ikm

    con = duckdb.connect()
    con.register(
        "r",
        {
            "mpp": mpp,
            "counter": counter,
            "month": month,
            **{f"s{e}": np.ascontiguousarray(scores[:, e]) for e in range(9)},
        },
    )
    nrr = " + ".join(f"avg(nullif(s{e}, 0))" for e in range(9))
    sql = f"SELECT mpp, counter, month, round(25 * ({nrr}) / 9, 2) AS ikm FROM r GROUP BY ALL"

    def theirs():
        return con.sql(sql).fetchnumpy()["ikm"]

    timings = {}
    for name, fn in (("analysis_s", ours), ("duckdb_s", theirs)):
        fn()  # warm up
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
        timings[name] = statistics.median(runs)
    got, table = ours(), con.sql(sql).fetchnumpy()
    codes = (table["mpp"].astype(np.intp) * 40 + table["counter"]) * 12 + table["month"]
    want = np.ma.filled(table["ikm"].astype(float), np.nan)
    both = ~np.isnan(want) & ~np.isnan(got[codes])
    assert np.abs(got[codes][both] - want[both]).max() < 0.011  # same IKM (rounding aside)
    timings["analysis_ratio_vs_duckdb"] = timings["analysis_s"] / timings["duckdb_s"]
    timings["analysis_rows"] = n
    return timings


# --- Dashboard queries at two sizes ------------------------------------------------------------


def dashboard_p95(url: str, iterations: int = 60) -> dict:
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from surveys.stats_queries import element_counts, raw_scores

    engine = create_engine(url)
    rng = np.random.default_rng(1)
    year_from = generate.LAST_DAY - dt.timedelta(days=generate.DAYS - 1)
    year_from = (year_from.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    mpp_times, national_times = [], []
    with Session(engine) as session:
        mpp_ids = [row[0] for row in session.execute(text("SELECT id FROM mpp"))]
        for i in range(iterations + 5):
            mpp = int(rng.choice(mpp_ids))
            month = int(rng.integers(0, 11))
            start = (year_from + dt.timedelta(days=31 * month)).replace(day=1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            t0 = time.perf_counter()
            element_counts(
                session, mpp_ids=[mpp], date_from=start, date_to=end, group_by=("counter_id",)
            )
            raw = raw_scores(session, mpp_ids=[mpp], date_from=start, date_to=end)
            t1 = time.perf_counter()
            national = element_counts(
                session, date_from=year_from, date_to=generate.LAST_DAY, group_by=("mpp_id",)
            )
            t2 = time.perf_counter()
            session.rollback()
            if i >= 5:  # warm-up
                mpp_times.append(1000 * (t1 - t0))
                national_times.append(1000 * (t2 - t1))
    engine.dispose()
    return {
        "mpp_p95_ms": p95(mpp_times),
        "national_p95_ms": p95(national_times),
        "mpp_month_respondents": int(raw.scores.shape[0]),
        "national_mpps": len(national.keys),
    }


# --- Ingest through gunicorn -------------------------------------------------------------------

LUA = """
local pairs_ = {PAIRS}
local codes = {"persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku",
               "sarana", "pengaduan"}
local steps = {3, 7, 11, 13, 17, 19, 23, 29, 31}
local n = 0
local threads = {}
function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
-- Answers as visitors give them: mostly 3 and 4, one in ten a 2, one in ten a 1.
local function score(i)
  local v = (n * steps[i] + i + tid) % 10
  if v == 0 then return 1 elseif v == 1 then return 2 elseif v < 6 then return 3 else return 4 end
end
request = function()
  n = n + 1
  local p = pairs_[(n % #pairs_) + 1]
  local id = string.format("%08x-1111-4000-8000-%012x", {SALT} + tid, n)
  local answers = {}
  for i, code in ipairs(codes) do answers[i] = string.format('"%s":%d', code, score(i)) end
  local body = string.format('{"id":"%s","counter":"%s","answers":{%s},"submitted_at":"%s"}',
    id, p[2], table.concat(answers, ","), os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format("POST", "/api/v1/responses", {["Authorization"] = "Device " .. p[1],
    ["Content-Type"] = "application/json"}, body)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * scale,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "requests": total,
    }


WARM_UP_SECONDS = 3


def bench_ingest(seconds: int, workers: int = 4) -> dict:
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from surveys.devices import register_device
    from surveys.models import Counter, Mpp, Response

    url = fresh_database("bench_ingest")
    generate.generate(url, 20_000, log=log, n_mpps=30)  # load from 30 MPPs' kiosks
    engine = create_engine(url)
    pairs = []
    with Session(engine) as session:
        for mpp in session.scalars(select(Mpp).order_by(Mpp.id)):
            token = register_device(session, mpp, "bench").token
            counters = session.scalars(select(Counter.code).where(Counter.mpp_id == mpp.id))
            pairs += [(token, code) for code in counters]
        before = session.scalar(select(func.count()).select_from(Response))
    # Kiosks of 30 MPPs send at once, so consecutive requests come from different malls; in
    # MPP order, all connections would queue on one MPP's rollup row (not what a country sends).
    random.Random(7).shuffle(pairs)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.wsgi_bench:app",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/bench/trivial")
        warm_up, measured = (_ingest_script(pairs, run) for run in range(2))
        # Warm up first, as a server that has run for a while is: each worker's first requests
        # pay one-off costs (SQL compiled and prepared, translations loaded) that are no
        # part of its steady rate. The warm-up answers are stored and counted like the rest;
        # the measured run sends ids of its own (a repeated id is a retry, not a new answer).
        wrk(base + "/bench/trivial", WARM_UP_SECONDS, workers)
        warm = wrk(base, WARM_UP_SECONDS, workers, warm_up)
        trivial = wrk(base + "/bench/trivial", seconds, workers)
        ingest = wrk(base, seconds, workers, measured)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(Response)) - before
        from surveys.rollups import check

        in_step = check(session) == []
    engine.dispose()
    return {
        "ingest_rps": ingest["rps"],
        "trivial_rps": trivial["rps"],
        "ingest_ratio": ingest["rps"] / trivial["rps"],
        "ingest_p99_ms": ingest["p99_ms"],
        "trivial_p99_ms": trivial["p99_ms"],
        "ingest_non_2xx": ingest["non_2xx"],
        "ingest_requests": ingest["requests"],
        "ingest_warm_up_requests": warm["requests"],
        "ingest_rows_stored": stored,
        "ingest_rollups_in_step": in_step,
        "ingest_devices": len({t for t, _ in pairs}),
        "gunicorn_workers": workers,
    }


def _ingest_script(pairs: list[tuple[str, str]], run: int) -> str:
    """A wrk script posting new answers from the kiosks in `pairs`; ids unique to this run."""
    lua = LUA.replace("{PAIRS}", "{" + ",".join(f'{{"{t}","{c}"}}' for t, c in pairs) + "}")
    salt = (int(time.time()) % 100000 * 10 + run) * 10  # + the wrk thread number (0 or 1)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua.replace("{SALT}", str(salt)))
    return script.name


def _wait_for(url: str) -> None:
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


# --- Export against the sqlite3 shell ----------------------------------------------------------


def bench_export(n: int) -> dict:
    from sqlalchemy import create_engine
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.orm import Session

    from surveys.exports import ExportFilters, response_select

    folder = Path(tempfile.mkdtemp(prefix="mutu-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    generate.generate(url, n, log=log)
    engine = create_engine(url)
    with Session(engine) as session:
        stmt = response_select(session, ExportFilters())
        sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    engine.dispose()
    child = subprocess.run(
        [PYTHON, str(ROOT / "bench/export_child.py"), url, str(folder / "ours.csv")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    ours = json.loads(child.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    with open(folder / "sqlite3.csv", "wb") as out:
        subprocess.run(
            ["sqlite3", "-csv", "-header", str(folder / "bench.sqlite3"), sql],
            stdout=out,
            check=True,
        )
    shell_s = time.perf_counter() - started
    same_lines = _line_count(folder / "ours.csv") == _line_count(folder / "sqlite3.csv")
    shutil.rmtree(folder)
    return {
        "export_rows_per_s": ours["rows"] / ours["seconds"],
        "sqlite3_rows_per_s": ours["rows"] / shell_s,
        "export_ratio_vs_sqlite3": shell_s / ours["seconds"],
        "export_peak_rss_mb": ours["peak_rss_mb"],
        "export_rows": ours["rows"],
        "export_same_line_count": same_lines,
    }


def _line_count(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


# --- Main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep bench_small/large if the same size"
    )
    parser.add_argument(
        "--skip", default="", help="comma list: analysis,dashboard,ingest,export,login_flood"
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    sizes = dict(analysis=2_000_000, small=100_000, large=1_000_000, export=500_000, seconds=10)
    if not args.quick:
        sizes = dict(
            analysis=10_000_000, small=100_000, large=10_000_000, export=2_000_000, seconds=20
        )
    result: dict = {
        "mode": "quick" if args.quick else "full",
        "cpus": os.cpu_count(),
        "load_avg_1m_at_start": round(os.getloadavg()[0], 1),
    }
    if "analysis" not in skip:
        log(f"analysis: grouped IKM over {sizes['analysis']:,} responses vs DuckDB")
        result.update(bench_analysis(sizes["analysis"]))
    if "dashboard" not in skip:
        for label in ("small", "large"):
            log(f"dashboard: {sizes[label]:,} stored responses (PostgreSQL)")
            url = f"{PG}/bench_{label}"
            if not (args.reuse and stored_responses(url) == sizes[label]):
                url = fresh_database(f"bench_{label}")
                generate.generate(url, sizes[label], log=log)
            got = dashboard_p95(url)
            result[f"dashboard_p95_ms_{label}"] = max(got["mpp_p95_ms"], got["national_p95_ms"])
            result.update({f"{k}_{label}": v for k, v in got.items()})
            result[f"stored_{label}"] = sizes[label]
        result["dashboard_growth"] = result["dashboard_p95_ms_large"] / max(
            result["dashboard_p95_ms_small"], 1e-9
        )
    if "export" not in skip:
        log(f"export: CSV of {sizes['export']:,} responses vs the sqlite3 shell")
        result.update(bench_export(sizes["export"]))
    if "ingest" not in skip:
        log(f"ingest: {sizes['seconds']} s of wrk against gunicorn + PostgreSQL")
        result.update(bench_ingest(sizes["seconds"]))
    if "login_flood" not in skip:
        log(f"login flood: kiosk p50 alone and under a sign-in flood, {sizes['seconds']} s each")
        from bench.login_flood import bench_login_flood

        result.update(bench_login_flood(fresh_database("bench_login_flood"), sizes["seconds"]))
    result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}))


if __name__ == "__main__":
    main()
