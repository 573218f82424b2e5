"""Inputs of the composite effectiveness index and of DEA, per MPP and period.

Sources: the monthly operational figures each MPP enters (transactions, staff, counters open,
opening hours, waiting time, visitors), the SKM answers (IKM, respondents) and, when the
complaints register exists, the share of complaints followed up. Component weights are
configurable by an admin (:class:`EffectivenessWeight`); the defaults are
:data:`analysis.effectiveness.DEFAULT_COMPONENTS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import DateTime, Float, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from analysis.effectiveness import DEFAULT_COMPONENTS, Component
from analysis.sample import krejcie_morgan
from surveys.errors import InvalidSubmission
from surveys.models import Agency, Base, Service, utcnow
from surveys.operations import MonthlyFigures

METHOD_VERSION = "1.0"
MIN_RESPONSES = 30  # below this an MPP's year is "too little data": not scored, not ranked
MIN_FIGURE_MONTHS = 3  # months with operational figures needed for effectiveness and DEA


class EffectivenessWeight(Base):
    """An admin's weight for one component of the composite index (absent: the default)."""

    __tablename__ = "effectiveness_weight"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)  # fmt: skip
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


def current_components(session: Session) -> tuple[Component, ...]:
    """The components with the weights in force (stored ones, else the defaults)."""
    stored = dict(
        session.execute(select(EffectivenessWeight.code, EffectivenessWeight.weight)).all()
    )
    if set(stored) != {c.code for c in DEFAULT_COMPONENTS}:
        return DEFAULT_COMPONENTS
    return tuple(replace(c, weight=float(stored[c.code])) for c in DEFAULT_COMPONENTS)


def save_weights(session: Session, weights: Mapping[str, float], user_id: int | None) -> None:
    """Store all weights at once; they must be non-negative and sum to 1 (±0.001)."""
    codes = [c.code for c in DEFAULT_COMPONENTS]
    errors = {}
    for code in codes:
        value = weights.get(code)
        if value is None or not 0 <= float(value) <= 1:
            errors[code] = "must be between 0 and 1"
    if not errors and abs(sum(float(weights[c]) for c in codes) - 1.0) > 1e-3:
        errors["total"] = "weights must add up to 1"
    if errors:
        raise InvalidSubmission("The weights cannot be saved.", errors)
    total = sum(float(weights[c]) for c in codes)
    for code in codes:
        row = session.get(EffectivenessWeight, code) or EffectivenessWeight(code=code)
        row.weight, row.updated_by_id = float(weights[code]) / total, user_id
        session.add(row)
    session.commit()


@dataclass(frozen=True)
class Operations:
    """One MPP's operational figures over a period."""

    months: int  # months with figures
    visitors: int
    transactions: int
    staff: float  # mean per month of the MPP's staff on duty per day
    counters: float  # mean per month of the MPP's counters open per day
    hours: float  # mean per month of the building's opening hours
    wait_minutes: float | None  # transaction-weighted mean
    tenants_serving: int  # tenants with transactions


def operations_by_mpp(
    session: Session, date_from: dt.date, date_to: dt.date, mpp_ids=None
) -> dict[int, Operations]:
    f = MonthlyFigures
    query = select(f.mpp_id, f.month, func.sum(f.visitors), func.sum(f.transactions),
                   func.sum(f.staff_on_duty), func.sum(f.counters_open), func.max(f.opening_hours),
                   func.sum(f.avg_wait_minutes * f.transactions),
                   func.sum(func.coalesce(f.avg_wait_minutes * 0 + f.transactions, 0)))  # fmt: skip
    query = query.where(f.month >= date_from.replace(day=1), f.month <= date_to)
    if mpp_ids is not None:
        query = query.where(f.mpp_id.in_(list(mpp_ids)))
    acc: dict[int, list] = {}
    for mpp_id, _, vis, tr, staff, counters, hours, wait_w, wait_n in session.execute(
        query.group_by(f.mpp_id, f.month)
    ):
        a = acc.setdefault(mpp_id, [0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0])
        for i, v in enumerate((1, vis, tr, staff, counters, hours, wait_w, wait_n)):
            a[i] += v or 0
    serving = dict(session.execute(
        select(f.mpp_id, func.count(func.distinct(f.tenant_id)))
        .where(f.month >= date_from.replace(day=1), f.month <= date_to, f.transactions > 0)
        .group_by(f.mpp_id)
    ).all())  # fmt: skip
    return {
        mpp_id: Operations(
            int(a[0]),
            int(a[1]),
            int(a[2]),
            a[3] / a[0],
            a[4] / a[0],
            a[5] / a[0],
            (a[6] / a[7]) if a[7] else None,
            int(serving.get(mpp_id, 0)),
        )  # fmt: skip
        for mpp_id, a in acc.items()
    }


def services_by_mpp(session: Session) -> dict[int, int]:
    """Active services offered per MPP (a DEA output)."""
    query = select(Service.mpp_id, func.count()).where(Service.active.is_(True))
    return dict(session.execute(query.group_by(Service.mpp_id)).all())


@dataclass(frozen=True)
class ComponentInputs:
    """Raw values of the six components for one MPP, and where follow-up came from."""

    values: dict[str, float]
    follow_up_source: str  # "complaints" or "skm_pengaduan"


def component_inputs(
    session: Session,
    mpp_id: int,
    ikm: float,
    respondents: int,
    nrr_pengaduan: float,
    ops: Operations,
    follow: tuple[float, float | None] | None,
    n_agencies: int,
) -> ComponentInputs:
    """Build one MPP's component values (see the methodology page for each formula).

    ``follow`` is (share followed up, days) from the complaints register, None without one.
    """
    if follow is not None:
        follow_up, source = follow[0], "complaints"
    else:  # no complaints register: the SKM element "penanganan pengaduan", rescaled 0–1
        follow_up, source = (nrr_pengaduan - 1.0) / 3.0, "skm_pengaduan"
    required = krejcie_morgan(ops.visitors) if ops.visitors > 0 else 0
    values = {
        "kepuasan": ikm,
        "cakupan": min(1.0, ops.tenants_serving / n_agencies) if n_agencies else 0.0,
        "throughput": ops.transactions / (ops.counters * ops.months) if ops.counters else 0.0,
        "waktu_tunggu": ops.wait_minutes if ops.wait_minutes is not None else 0.0,
        "tindak_lanjut": max(0.0, min(1.0, follow_up)),
        "kecukupan_sampel": min(1.0, respondents / required) if required else 1.0,
    }
    return ComponentInputs(values, source)


def agency_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Agency)) or 0


def has_enough_operations(ops: Operations | None) -> bool:
    return (
        ops is not None
        and ops.months >= MIN_FIGURE_MONTHS
        and ops.transactions > 0
        and ops.counters > 0
        and ops.staff > 0
        and ops.hours > 0
        and ops.wait_minutes is not None
    )
