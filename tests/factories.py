"""Builders for a small, realistic catalogue: one MPP per call, with tenants, counters, services."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from sqlalchemy.orm import Session

from surveys.devices import register_device
from surveys.models import Agency, Counter, Mpp, Province, Regency, Service, Tenant

_sequence = itertools.count(1)

ZONES = {"WIB": ("35", "Jawa Timur", "Asia/Jakarta"), "WITA": ("51", "Bali", "Asia/Makassar"),
         "WIT": ("81", "Maluku", "Asia/Jayapura")}  # fmt: skip


def make_mpp(session: Session, zone: str = "WIB", code: str | None = None, tenants: int = 2) -> Mpp:
    """An MPP with `tenants` tenants, each with two counters and two services."""
    n = next(_sequence)
    province_code, province_name, timezone = ZONES[zone]
    if session.get(Province, province_code) is None:
        session.add(Province(code=province_code, name=province_name, timezone=timezone))
    regency_code = f"{province_code}.{n % 100:02d}"  # Kemendagri codes are 5 characters
    session.add(Regency(code=regency_code, name=f"Kabupaten Uji {n}", kind="kabupaten",
                        province_code=province_code))  # fmt: skip
    mpp = Mpp(code=code or f"mpp-{n}", name=f"MPP Uji {n}", regency_code=regency_code,
              opened_on=dt.date(2020, 1, 1))  # fmt: skip
    session.add(mpp)
    session.flush()
    for t in range(tenants):
        agency = Agency(code=f"agency-{n}-{t}", name=f"Instansi {n}-{t}", short_name=f"Inst {t}")
        session.add(agency)
        session.flush()
        tenant = Tenant(mpp_id=mpp.id, agency_id=agency.id)
        session.add(tenant)
        session.flush()
        for c in range(2):
            session.add(Counter(mpp_id=mpp.id, tenant_id=tenant.id, code=f"L{t}{c}",
                                name=f"Loket {t}{c}"))  # fmt: skip
            session.add(Service(mpp_id=mpp.id, tenant_id=tenant.id, code=f"S{t}{c}",
                                name=f"Layanan {t}{c}", name_en=f"Service {t}{c}"))  # fmt: skip
    session.commit()
    return mpp


def make_device(session: Session, mpp: Mpp, counter: Counter | None = None, token=None):
    return register_device(session, mpp, "Tablet uji", counter, token=token)


def submission_payload(counter: str = "L00", service: str | None = "S00", **overrides) -> dict:
    payload = {
        "id": str(uuid.uuid4()),
        "counter": counter,
        "service": service,
        "answers": {"persyaratan": 4, "prosedur": 3, "waktu": 2, "biaya": 4, "produk": 3,
                    "kompetensi": 3, "perilaku": 4, "sarana": 3, "pengaduan": 1},
        "profile": {"sex": "P", "age_band": "30-39"},
        "comment": "Antrean cukup lama.",
        "submitted_at": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
    }  # fmt: skip
    payload.update(overrides)
    return payload


PASSWORD = "correct horse battery"


def make_user(session: Session, role: str, mpps=(), tenant=None, email=None):
    from surveys.accounts import create_user

    n = next(_sequence)
    return create_user(session, email or f"{role}{n}@example.id", f"{role} {n}", role, PASSWORD,
                       mpps=list(mpps), tenant=tenant)  # fmt: skip


def login(client, user, password: str = PASSWORD):
    """Sign in through the real form (with its CSRF token)."""
    import re

    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/auth/login", data={"csrf_token": token, "email": user.email,
                                            "password": password})  # fmt: skip


def csrf_token(client, url: str = "/auth/login") -> str:
    import re

    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
