"""Indonesia's provinces and kab/kota (Kemendagri codes), loaded from the shipped CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.models import Province, Regency

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"


def read_regions(path: Path = REGIONS_CSV) -> tuple[list[dict], list[dict]]:
    """(provinces, regencies) as rows of the CSV."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    provinces = [r for r in rows if r["kind"] == "provinsi"]
    regencies = [r for r in rows if r["kind"] != "provinsi"]
    return provinces, regencies


def load_regions(session: Session) -> int:
    """Insert the provinces and kab/kota that are not there yet; return how many were added."""
    known = set(session.scalars(select(Province.code))) | set(session.scalars(select(Regency.code)))
    provinces, regencies = read_regions()
    added = 0
    for row in provinces:
        if row["code"] not in known:
            session.add(Province(code=row["code"], name=row["name"], timezone=row["timezone"]))
            added += 1
    session.flush()
    for row in regencies:
        if row["code"] not in known:
            session.add(Regency(code=row["code"], name=row["name"], kind=row["kind"],
                                province_code=row["province_code"]))  # fmt: skip
            added += 1
    session.commit()
    return added
