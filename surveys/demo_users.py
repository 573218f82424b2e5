"""One demo account per role, with passwords printed by `make run` (demo only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts import User, create_user
from surveys.models import Agency, Mpp, Tenant

DEMO_PASSWORD = "demo-mutu-mpp"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    mpp_codes: tuple[str, ...] = ()
    tenant: tuple[str, str] | None = None  # (mpp code, agency code)
    totp_secret: str | None = None  # demo only: printed by `make run` for an authenticator app


DEMO_ACCOUNTS = (
    DemoAccount("admin@demo.mutu", "Admin Demo", "admin",
                totp_secret="MUTUMPPDEMOADMINKEYTOTPSECRETAAA"),
    DemoAccount("evaluator@demo.mutu", "Evaluator KemenPANRB (demo)", "evaluator",
                totp_secret="MUTUMPPDEMOEVALUATORKEYTOTPSECRE"),
    DemoAccount("manager.banyuwangi@demo.mutu", "Pengelola MPP Banyuwangi (demo)", "manager",
                ("kab-banyuwangi",)),
    DemoAccount("manager.surabaya@demo.mutu", "Pengelola MPP Surabaya (demo)", "manager",
                ("kota-surabaya", "kab-sidoarjo")),
    DemoAccount("dukcapil.banyuwangi@demo.mutu", "Petugas Dukcapil Banyuwangi (demo)", "officer",
                tenant=("kab-banyuwangi", "dukcapil")),
)  # fmt: skip


def load_demo_users(session: Session) -> list[DemoAccount]:
    created = []
    for account in DEMO_ACCOUNTS:
        if session.scalar(select(User).where(User.email == account.email)):
            continue
        mpps = list(session.scalars(select(Mpp).where(Mpp.code.in_(account.mpp_codes))))
        tenant = None
        if account.tenant:
            tenant = session.scalar(
                select(Tenant).join(Mpp).join(Agency)
                .where(Mpp.code == account.tenant[0], Agency.code == account.tenant[1])
            )  # fmt: skip
        user = create_user(session, account.email, account.name, account.role, DEMO_PASSWORD,
                           mpps=mpps, tenant=tenant)  # fmt: skip
        if account.totp_secret:
            user.totp_secret = account.totp_secret
            session.commit()
        created.append(account)
    return created
