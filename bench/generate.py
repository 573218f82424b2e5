"""Fast generator of realistic survey responses for the benchmarks (not demo data, not tests).

    python bench/generate.py URL N      # e.g. postgresql+psycopg://postgres@127.0.0.1:5499/bench

Creates every table on an empty database, a catalogue of real regencies with MPPs (about 14
counters and 6 tenants each), then N responses bulk-loaded: COPY (psycopg ``cursor.copy``) on
PostgreSQL, ``executemany`` in big transactions on SQLite; finally rebuilds the rollups.

The volume per MPP and month is kept near 2,800 answers (about 130 a day, a busy MPP): a bigger
database has more MPPs, as the real one will. One year of local dates, opening hours 08–15,
scores skewed to the top with about 3% unanswered, a profile on 70% and a comment on 5%.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.skm import ELEMENT_CODES  # noqa: E402
from surveys import rollups, schema  # noqa: E402,F401
from surveys.agencies import AGENCY_CATALOGUE  # noqa: E402
from surveys.instrument import PROFILE_FIELDS  # noqa: E402
from surveys.models import Agency, Base, Counter, Mpp, Regency, Service, Tenant  # noqa: E402
from surveys.regions import load_regions  # noqa: E402

PER_MPP_MONTH = 2_800
DAYS = 365
LAST_DAY = dt.date(2026, 10, 31)
ZONE_HOURS = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}
COLUMNS = (
    "uuid",
    "mpp_id",
    "tenant_id",
    "counter_id",
    "service_id",
    "channel",
    *ELEMENT_CODES,
    "sex",
    "age_band",
    "education",
    "occupation",
    "comment",
    "lang",
    "client_submitted_at",
    "received_at",
    "local_date",
    "local_hour",
    "excluded",
)
CHUNK = 500_000
COMMENTS = np.array(
    [
        "Pelayanan cepat, terima kasih.",
        "Antrean terlalu lama.",
        'Petugas ramah; "mantap", sekali',
        "AC mati,\npanas",
    ],
    dtype=object,
)
COPY_COMMENTS = np.array(
    [c.replace("\\", "\\\\").replace("\n", "\\n") for c in COMMENTS], dtype=object
)


@dataclass
class Catalogue:
    mpp_ids: np.ndarray  # (m,)
    mpp_offsets: np.ndarray  # (m,) hours east of UTC
    counters: list[np.ndarray]  # per MPP: counter ids
    counter_tenant: dict[int, int]
    tenant_services: dict[int, np.ndarray]


def n_mpps_for(n: int) -> int:
    return max(3, round(n / (12 * PER_MPP_MONTH)))


def make_catalogue(session: Session, n_mpps: int, rng) -> Catalogue:
    load_regions(session)
    agencies = []
    for entry in AGENCY_CATALOGUE:
        agency = Agency(
            code=entry.code, name=entry.name, short_name=entry.short_name, sector=entry.sector
        )
        session.add(agency)
        agencies.append((agency, entry))
    regencies = session.scalars(select(Regency).order_by(Regency.code)).all()[:n_mpps]
    session.flush()
    mpps = []
    for i, regency in enumerate(regencies):
        mpps.append(
            Mpp(
                code=f"bench-{i:03d}",
                name=f"MPP {regency.name}",
                regency_code=regency.code,
                opened_on=dt.date(2020, 1, 1),
            )
        )
    session.add_all(mpps)
    session.flush()
    tenants = []
    for mpp in mpps:
        for agency, _ in agencies[:6]:
            tenants.append(Tenant(mpp_id=mpp.id, agency_id=agency.id))
    session.add_all(tenants)
    session.flush()
    entries = {agency.id: entry for agency, entry in agencies}
    for tenant in tenants:
        for c in range(3 if entries[tenant.agency_id].code == "dukcapil" else 2):
            code = f"L{tenant.id:04d}{c}"
            session.add(
                Counter(mpp_id=tenant.mpp_id, tenant_id=tenant.id, code=code, name=f"Loket {code}")
            )
        for suffix, name, name_en in entries[tenant.agency_id].services[:3]:
            session.add(
                Service(
                    mpp_id=tenant.mpp_id,
                    tenant_id=tenant.id,
                    code=f"{tenant.id}-{suffix}",
                    name=name,
                    name_en=name_en,
                )
            )
    session.commit()
    counters = {m.id: [] for m in mpps}
    counter_tenant = {}
    for c in session.scalars(select(Counter)):
        counters[c.mpp_id].append(c.id)
        counter_tenant[c.id] = c.tenant_id
    services: dict[int, list[int]] = {}
    for s in session.scalars(select(Service)):
        services.setdefault(s.tenant_id, []).append(s.id)
    offsets = np.array([ZONE_HOURS.get(m.timezone, 7) for m in mpps])
    return Catalogue(
        np.array([m.id for m in mpps]),
        offsets,
        [np.array(sorted(counters[m.id])) for m in mpps],
        counter_tenant,
        {t: np.array(ids) for t, ids in services.items()},
    )


def response_columns(cat: Catalogue, start: int, n: int, rng) -> dict[str, np.ndarray]:
    """n responses as column arrays (None/NaN-free: missing values are masked arrays' -1)."""
    m = rng.integers(0, len(cat.mpp_ids), n)
    counter_pick = rng.random(n)
    counter = np.empty(n, dtype=np.int64)
    for i, ids in enumerate(cat.counters):
        sel = m == i
        counter[sel] = ids[(counter_pick[sel] * len(ids)).astype(np.int64)]
    tenant = np.array([cat.counter_tenant[c] for c in counter.tolist()])
    service = np.full(n, -1, dtype=np.int64)
    service_pick = rng.random(n)
    for t in np.unique(tenant):
        sel = (tenant == t) & (service_pick < 0.9)
        ids = cat.tenant_services.get(int(t))
        if ids is not None:
            service[sel] = ids[(service_pick[sel] / 0.9 * len(ids)).astype(np.int64)]
    day = rng.integers(0, DAYS, n)
    hour = rng.choice(np.arange(8, 16), size=n)
    minute = rng.integers(0, 3600, n)
    local_day = np.datetime64(LAST_DAY) - DAYS + 1 + day
    local_ts = local_day.astype("datetime64[s]") + hour * 3600 + minute
    utc_ts = local_ts - cat.mpp_offsets[m] * 3600
    scores = rng.choice(np.arange(5, dtype=np.int8), size=(n, 9), p=[0.03, 0.02, 0.08, 0.5, 0.37])
    return {
        "index": np.arange(start, start + n),
        "mpp_id": cat.mpp_ids[m],
        "tenant_id": tenant,
        "counter_id": counter,
        "service_id": service,
        "channel": rng.random(n) < 0.25,
        "scores": scores,
        "profile": rng.random(n) < 0.7,
        "profile_pick": rng.integers(0, 1000, n),
        "comment": np.where(rng.random(n) < 0.05, rng.integers(0, len(COMMENTS), n), -1),
        "utc": utc_ts,
        "local_date": local_day,
        "local_hour": hour,
    }


def _text_columns(cols: dict, null: str | None) -> list:
    """Every column as a list of str (None or the COPY null marker for missing values)."""
    n = len(cols["index"])
    uuids = [f"00000000-0000-4000-8000-{i:012x}" for i in cols["index"].tolist()]

    def nullable(values: np.ndarray, missing: np.ndarray) -> list:
        out = values.astype(str).astype(object)
        out[missing] = null
        return out.tolist()

    out = [
        uuids,
        cols["mpp_id"].astype(str).tolist(),
        cols["tenant_id"].astype(str).tolist(),
        cols["counter_id"].astype(str).tolist(),
        nullable(cols["service_id"], cols["service_id"] < 0),
        np.where(cols["channel"], "qr", "kiosk").tolist(),
    ]
    for e in range(9):
        out.append(nullable(cols["scores"][:, e], cols["scores"][:, e] == 0))
    for k, (_, field) in enumerate(PROFILE_FIELDS.items()):
        values = np.array(field.values(), dtype=object)
        picked = values[(cols["profile_pick"] + 7 * k) % len(values)]
        picked[~cols["profile"]] = null
        out.append(picked.tolist())
    texts = COMMENTS if null is None else COPY_COMMENTS
    comment = np.where(cols["comment"] >= 0, texts[np.maximum(cols["comment"], 0)], null)
    out.append(comment.tolist())
    out.append(["id"] * n)
    stamp = np.datetime_as_string(cols["utc"], unit="s")
    received = np.datetime_as_string(cols["utc"] + 5, unit="s")
    if null is None:  # SQLite: SQLAlchemy's own text layout for DateTime
        out += [
            np.char.add(np.char.replace(stamp, "T", " "), ".000000").tolist(),
            np.char.add(np.char.replace(received, "T", " "), ".000000").tolist(),
        ]
    else:
        out += [np.char.add(stamp, "Z").tolist(), np.char.add(received, "Z").tolist()]
    out.append(np.datetime_as_string(cols["local_date"], unit="D").tolist())
    out.append(cols["local_hour"].astype(str).tolist())
    out.append(["0" if null is None else "f"] * n)
    return out


def load_postgresql(engine, cat: Catalogue, n: int, rng) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # The rows are valid by construction: skip the per-row FK triggers while loading.
        cursor.execute("SET session_replication_role = replica")
        copy_sql = f"COPY response ({', '.join(COLUMNS)}) FROM STDIN"
        for start in range(0, n, CHUNK):
            cols = _text_columns(response_columns(cat, start, min(CHUNK, n - start), rng), "\\N")
            block = "\n".join(map("\t".join, zip(*cols, strict=True))) + "\n"
            with cursor.copy(copy_sql) as copy:
                copy.write(block)
            raw.commit()
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE response")
        raw.commit()
    finally:
        raw.close()


def load_sqlite(engine, cat: Catalogue, n: int, rng) -> None:
    raw = engine.raw_connection()
    try:
        sql = (
            f"INSERT INTO response ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        )
        for start in range(0, n, CHUNK):
            cols = _text_columns(response_columns(cat, start, min(CHUNK, n - start), rng), None)
            raw.cursor().executemany(sql, zip(*cols, strict=True))
            raw.commit()
        raw.cursor().execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def generate(url: str, n: int, seed: int = 2024, log=print, n_mpps: int | None = None) -> Catalogue:
    """Create the schema on an empty database and load the catalogue and n responses."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    with Session(engine) as session:
        cat = make_catalogue(session, n_mpps or n_mpps_for(n), rng)
    loader = load_postgresql if engine.dialect.name == "postgresql" else load_sqlite
    loader(engine, cat, n, rng)
    loaded = time.perf_counter()
    with Session(engine) as session:
        rollups.rebuild(session)
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE response_rollup"))
            session.execute(text("ANALYZE response_rollup_month"))
            session.commit()
    log(
        f"generated {n:,} responses in {len(cat.mpp_ids)} MPPs: load {loaded - started:.1f} s, "
        f"rollup rebuild {time.perf_counter() - loaded:.1f} s"
    )
    engine.dispose()
    return cat


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]))
