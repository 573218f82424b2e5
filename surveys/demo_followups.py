"""Demo follow-up of comments: each demo MPP answers its citizens at its own pace (synthetic).

Without it every demo complaint would stay "baru" and the follow-up component of the
effectiveness index would read zero everywhere. Rows are added in bulk, one commit.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.complaints import ComplaintEvent, ComplaintStatus
from surveys.models import Mpp, Response

# (share followed up, median hours to follow up) per demo MPP; others get the default.
FOLLOW_UP_PROFILES = {
    "kota-surabaya": (0.92, 20), "kab-banyuwangi": (0.85, 30), "kab-badung": (0.8, 36),
    "kab-sidoarjo": (0.75, 48), "kota-bandung": (0.7, 60), "dki-jakarta": (0.65, 40),
    "kota-batam": (0.55, 90), "kota-pekanbaru": (0.5, 110), "kab-hulu-sungai-selatan": (0.45, 80),
    "kab-kutai-kartanegara": (0.35, 140), "kota-ambon": (0.2, 200),
}  # fmt: skip
DEFAULT_PROFILE = (0.5, 72)
REPLIES = (
    "Terima kasih. Petugas loket sudah kami ingatkan dan jadwal piket ditambah.",
    "Sudah ditindaklanjuti: nomor antrean online dibuka mulai pukul 07.00.",
    "Terima kasih atas sarannya, kursi tambahan sudah dipasang di ruang tunggu.",
    "Kerusakan AC sudah diperbaiki oleh pengelola gedung.",
)
REJECTION = "Bukan kewenangan MPP; sudah diteruskan ke instansi terkait melalui SP4N-LAPOR!."


def load_demo_follow_ups(session: Session, today: dt.date, seed: int = 14) -> int:
    """Give the demo MPPs' older comments a believable follow-up history; returns rows added."""
    rng = np.random.default_rng(seed)
    added = 0
    for mpp in session.scalars(select(Mpp).where(Mpp.is_demo.is_(True))):
        share, median_hours = FOLLOW_UP_PROFILES.get(mpp.code, DEFAULT_PROFILE)
        commented = session.execute(
            select(Response.id, Response.received_at).where(
                Response.mpp_id == mpp.id,
                Response.comment.is_not(None),
                Response.local_date < today - dt.timedelta(days=3),
            )
        ).all()
        for response_id, received in commented:
            if rng.random() >= share:
                continue
            hours = float(rng.lognormal(np.log(median_hours), 0.6))
            received = received if received.tzinfo else received.replace(tzinfo=dt.UTC)
            closed = received + dt.timedelta(hours=hours)
            status, reply = _outcome(rng)
            session.add(
                ComplaintStatus(
                    response_id=response_id,
                    mpp_id=mpp.id,
                    status=status,
                    reply=reply,
                    updated_at=closed,
                    closed_at=closed,
                )
            )
            session.add(ComplaintEvent(response_id=response_id, from_status="baru",
                                       to_status=status, text=reply, at=closed))  # fmt: skip
            added += 1
    session.commit()
    return added


def _outcome(rng) -> tuple[str, str]:
    if rng.random() < 0.1:
        return "ditolak", REJECTION
    return "ditindaklanjuti", REPLIES[int(rng.integers(len(REPLIES)))]
