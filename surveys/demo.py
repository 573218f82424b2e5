"""Demo data: real MPPs and agencies, synthetic (clearly labelled) survey answers.

The answers have believable structure: a few counters clearly worse than the rest,
weekday and hour patterns, an element profile (fees rate high, waiting time low),
some missing answers and some Indonesian comments. Seeded, so every load is the same.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from surveys import rollups
from surveys.agencies import AGENCY_CATALOGUE
from surveys.devices import register_device
from surveys.instrument import ELEMENTS, PROFILE_FIELDS
from surveys.models import Agency, Counter, Mpp, Response, Service, Tenant
from surveys.regions import load_regions


@dataclass(frozen=True)
class DemoMpp:
    code: str
    name: str
    regency_code: str
    opened_on: dt.date


# The 2017 pilots, several of the 2023 "prima" MPPs, and one in WIT (Maluku).
DEMO_MPPS = (
    DemoMpp("dki-jakarta", "MPP Provinsi DKI Jakarta", "31.74", dt.date(2017, 1, 19)),
    DemoMpp("kota-batam", "MPP Kota Batam", "21.71", dt.date(2017, 3, 6)),
    DemoMpp("kota-surabaya", "MPP Siola Kota Surabaya", "35.78", dt.date(2017, 7, 26)),
    DemoMpp("kab-banyuwangi", "MPP Kabupaten Banyuwangi", "35.10", dt.date(2017, 9, 21)),
    DemoMpp("kab-badung", "MPP Kabupaten Badung", "51.03", dt.date(2019, 3, 26)),
    DemoMpp("kab-sidoarjo", "MPP Kabupaten Sidoarjo", "35.15", dt.date(2019, 12, 23)),
    DemoMpp("kota-bandung", "MPP Kota Bandung", "32.73", dt.date(2020, 1, 8)),
    DemoMpp("kab-hulu-sungai-selatan", "MPP Kabupaten Hulu Sungai Selatan", "63.06",
            dt.date(2021, 3, 15)),
    DemoMpp("kab-kutai-kartanegara", "MPP Kabupaten Kutai Kartanegara", "64.02",
            dt.date(2021, 11, 30)),
    DemoMpp("kota-pekanbaru", "MPP Kota Pekanbaru", "14.71", dt.date(2019, 10, 14)),
    DemoMpp("kota-ambon", "MPP Kota Ambon", "81.71", dt.date(2022, 6, 13)),
)  # fmt: skip

# Elements people rate high or low everywhere: fees (often free) high, waiting time low.
ELEMENT_OFFSETS = {
    "persyaratan": 0.0, "prosedur": -0.05, "waktu": -0.35, "biaya": 0.45, "produk": 0.05,
    "kompetensi": 0.05, "perilaku": 0.15, "sarana": -0.1, "pengaduan": -0.2,
}  # fmt: skip

POSITIVE_COMMENTS = (
    "Pelayanan cepat dan petugasnya ramah, terima kasih.",
    "Prosesnya mudah, tidak sampai setengah jam selesai.",
    "Ruang tunggu nyaman dan bersih.",
    "Petugas menjelaskan persyaratan dengan sabar.",
    "Mantap, semua layanan ada di satu tempat.",
)
NEGATIVE_COMMENTS = (
    "Antrean terlalu lama, nomor antrean habis sebelum jam 10.",
    "Petugas kurang ramah dan sering meninggalkan loket.",
    "Persyaratan berubah-ubah, saya harus bolak-balik.",
    "AC ruang tunggu mati, panas sekali.",
    "Sistem sering offline, mohon diperbaiki.",
    "Tidak ada informasi yang jelas soal biaya.",
)
SUGGESTIONS = (
    "Mohon tambah kursi di ruang tunggu.",
    "Sebaiknya ada antrean online supaya tidak menunggu lama.",
    "Tolong sediakan loket khusus lansia dan disabilitas.",
)

DEMO_TOKEN_PREFIX = "demo-kiosk-"


def demo_token(mpp_code: str) -> str:
    """The demo lobby kiosk's token: predictable on purpose, so `make run` can print it."""
    return f"{DEMO_TOKEN_PREFIX}{mpp_code}"


@dataclass(frozen=True)
class DemoSummary:
    mpps: int
    tenants: int
    counters: int
    responses: int


def demo_is_loaded(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Mpp)) > 0


def load_demo(
    session: Session, today: dt.date, days: int = 90, volume: float = 2.5, seed: int = 2017
) -> DemoSummary:
    """Load regions, agencies, the demo MPPs with tenants, counters, devices and answers."""
    rng = np.random.default_rng(seed)
    load_regions(session)
    agencies = _load_agencies(session)
    n_tenants = n_counters = n_responses = 0
    for spec in DEMO_MPPS:
        mpp = Mpp(code=spec.code, name=spec.name, regency_code=spec.regency_code,
                  opened_on=spec.opened_on, is_demo=True)  # fmt: skip
        session.add(mpp)
        session.flush()
        counters = _add_tenants(session, mpp, agencies, rng)
        register_device(session, mpp, "Kiosk lobi (demo)", token=demo_token(mpp.code))
        n_tenants += len({c.tenant_id for c in counters})
        n_counters += len(counters)
        n_responses += _add_responses(session, mpp, counters, today, days, volume, rng)
    session.commit()
    rollups.rebuild(session)  # the answers went in as one bulk insert, around the rollups
    return DemoSummary(len(DEMO_MPPS), n_tenants, n_counters, n_responses)


def _load_agencies(session: Session) -> dict[str, Agency]:
    existing = {a.code: a for a in session.scalars(select(Agency))}
    for entry in AGENCY_CATALOGUE:
        if entry.code not in existing:
            existing[entry.code] = Agency(
                code=entry.code, name=entry.name, short_name=entry.short_name, sector=entry.sector
            )
            session.add(existing[entry.code])
    session.flush()
    return existing


def _add_tenants(session: Session, mpp: Mpp, agencies: dict[str, Agency], rng) -> list[Counter]:
    core = ["dukcapil", "bpjs-kes", "bpjs-tk", "samsat", "polres-sim", "dpmptsp"]
    others = [e.code for e in AGENCY_CATALOGUE if e.code not in core]
    chosen = core + list(rng.choice(others, size=int(rng.integers(3, 9)), replace=False))
    counters: list[Counter] = []
    for entry in (e for e in AGENCY_CATALOGUE if e.code in chosen):
        tenant = Tenant(mpp_id=mpp.id, agency_id=agencies[entry.code].id)
        session.add(tenant)
        session.flush()
        for suffix, name, name_en in entry.services:
            session.add(Service(mpp_id=mpp.id, tenant_id=tenant.id, code=f"{entry.code}-{suffix}",
                                name=name, name_en=name_en))  # fmt: skip
        n = 3 if entry.code == "dukcapil" else int(rng.integers(1, 3))
        for _ in range(n):
            number = len(counters) + 1
            counter = Counter(mpp_id=mpp.id, tenant_id=tenant.id, code=f"L{number:02d}",
                              name=f"Loket {number} · {entry.short_name}")  # fmt: skip
            session.add(counter)
            counters.append(counter)
    session.flush()
    return counters


def _add_responses(session, mpp, counters, today, days, volume, rng) -> int:
    services: dict[int, list[int]] = {}
    for service in session.scalars(select(Service).where(Service.mpp_id == mpp.id)):
        services.setdefault(service.tenant_id, []).append(service.id)
    quality = rng.normal(3.25, 0.15, size=len(counters))
    worse = rng.choice(len(counters), size=2, replace=False)
    quality[worse] -= rng.uniform(0.6, 0.9, size=2)  # a few counters clearly worse
    rows = []
    for index, counter in enumerate(counters):
        rows.extend(_counter_rows(mpp, counter, services.get(counter.tenant_id, []),
                                  quality[index], today, days, volume, rng))  # fmt: skip
    if rows:
        session.execute(insert(Response.__table__), rows)  # Core executemany: one batch
    return len(rows)


def _counter_rows(mpp, counter, service_ids, quality, today, days, volume, rng) -> list[dict]:
    """All of one counter's synthetic answers, drawn in a few vectorised steps."""
    days_back = np.arange(days, 0, -1)
    dates = [today - dt.timedelta(days=int(d)) for d in days_back]
    weekday = np.array([d.weekday() for d in dates])
    expected = volume * np.select([weekday == 6, weekday == 5, weekday == 0], [0, 0.35, 1.15], 1.0)
    per_day = rng.poisson(expected)
    n = int(per_day.sum())
    if n == 0:
        return []
    day_index = np.repeat(np.arange(days), per_day)
    hours = rng.choice(HOURS, size=n, p=HOUR_WEIGHTS)
    minutes = rng.integers(0, 60, size=n)
    # Busy late mornings feel slower: the hour moves the latent score a little.
    latent = quality + rng.normal(0, 0.35, size=n) - np.where(np.isin(hours, (9, 10)), 0.12, 0)
    offsets = np.array([ELEMENT_OFFSETS[code] for code in ELEMENTS])
    raw = latent[:, None] + offsets[None, :] + rng.normal(0, 0.45, size=(n, len(ELEMENTS)))
    scores = np.clip(np.rint(raw), 1, 4).astype(int)
    missing = rng.random((n, len(ELEMENTS))) < 0.03
    means = np.where(missing, np.nan, scores).astype(float)
    row_means = np.nanmean(np.where(missing.all(axis=1)[:, None], 3.0, means), axis=1)
    services = rng.choice(service_ids, size=n) if service_ids else [None] * n
    channels = np.where(rng.random(n) < 0.25, "qr", "kiosk")
    delays = rng.integers(1, 20, size=n)
    zone = mpp.zone
    rows = []
    for i in range(n):
        local = dt.datetime.combine(
            dates[day_index[i]], dt.time(int(hours[i]), int(minutes[i])), zone
        )
        submitted = local.astimezone(dt.UTC)
        rows.append({
            "uuid": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
            "mpp_id": mpp.id, "tenant_id": counter.tenant_id, "counter_id": counter.id,
            "service_id": None if services[i] is None else int(services[i]),
            "device_id": None, "channel": str(channels[i]),
            **{c: None if missing[i, j] else int(scores[i, j]) for j, c in enumerate(ELEMENTS)},
            **_profile(rng),
            "comment": _comment(row_means[i], rng),
            "lang": "id",
            "client_submitted_at": submitted,
            "received_at": submitted + dt.timedelta(seconds=int(delays[i])),
            "local_date": local.date(), "local_hour": local.hour,
            "flag_reason": None, "excluded": False,
        })  # fmt: skip
    return rows


HOURS = np.arange(8, 16)
HOUR_WEIGHTS = np.array([0.10, 0.19, 0.20, 0.15, 0.07, 0.11, 0.11, 0.07])
HOUR_WEIGHTS = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
PROFILE_VALUES = {code: spec.values() for code, spec in PROFILE_FIELDS.items()}


def _profile(rng) -> dict:
    if rng.random() < 0.3:
        return {code: None for code in PROFILE_FIELDS}
    return {code: values[int(rng.integers(len(values)))] for code, values in PROFILE_VALUES.items()}


def _comment(mean_score: float, rng) -> str | None:
    if mean_score < 2.6 and rng.random() < 0.35:
        return NEGATIVE_COMMENTS[int(rng.integers(len(NEGATIVE_COMMENTS)))]
    roll = rng.random()
    if roll < 0.04:
        return POSITIVE_COMMENTS[int(rng.integers(len(POSITIVE_COMMENTS)))]
    if roll < 0.07:
        return SUGGESTIONS[int(rng.integers(len(SUGGESTIONS)))]
    return None
