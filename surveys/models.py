"""The domain's tables: regions, malls, agencies, tenants, counters, services, devices, responses.

Typed SQLAlchemy 2.0 models with no Flask in sight; the web layer binds them to its
engine through Flask-SQLAlchemy's ``model_class``. Timestamps are stored in UTC and shown
in the MPP's own zone (WIB, WITA, WIT).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from surveys.instrument import ELEMENTS


def utcnow() -> dt.datetime:
    """The one clock: every reading of "now" in the app and the services comes through here.

    Tests move it (and every other reader of the wall clock) with ``time_machine``.
    """
    return dt.datetime.now(dt.UTC)


NATIONAL_ZONE = ZoneInfo("Asia/Jakarta")  # the ministry's calendar: WIB


def local_today(zone: ZoneInfo = NATIONAL_ZONE) -> dt.date:
    """Today's date in a time zone (an MPP in Jayapura is already in tomorrow at 15:00 UTC)."""
    return utcnow().astimezone(zone).date()


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


TIMEZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Province(Base):
    __tablename__ = "province"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # Kemendagri, e.g. "35"
    name: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(32))

    regencies: Mapped[list[Regency]] = relationship(back_populates="province")


class Regency(Base):
    """A kabupaten or kota (or one of DKI Jakarta's administrative units)."""

    __tablename__ = "regency"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)  # e.g. "35.10"
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(12))  # kabupaten, kota, kab_adm, kota_adm
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)

    province: Mapped[Province] = relationship(back_populates="regencies")

    @property
    def autonomous(self) -> bool:
        return self.kind in ("kabupaten", "kota")


class Mpp(Base):
    __tablename__ = "mpp"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # URL-safe, e.g. "kab-banyuwangi"
    name: Mapped[str] = mapped_column(String(120))
    regency_code: Mapped[str] = mapped_column(ForeignKey("regency.code"), index=True)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(default=False)

    regency: Mapped[Regency] = relationship()
    tenants: Mapped[list[Tenant]] = relationship(back_populates="mpp", order_by="Tenant.id")

    @property
    def timezone(self) -> str:
        return self.regency.province.timezone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Today in this MPP's own time zone (WIB, WITA or WIT)."""
        return local_today(self.zone)

    @property
    def zone_abbreviation(self) -> str:
        return TIMEZONE_ABBREVIATIONS.get(self.timezone, self.timezone)


class Agency(Base):
    """An instansi in the national catalogue (Dukcapil, BPJS Kesehatan, Samsat...)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    short_name: Mapped[str] = mapped_column(String(60))
    sector: Mapped[str] = mapped_column(String(60), default="")


class Tenant(Base):
    """An agency serving at one MPP."""

    __tablename__ = "tenant"
    __table_args__ = (UniqueConstraint("mpp_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    active: Mapped[bool] = mapped_column(default=True)

    mpp: Mapped[Mpp] = relationship(back_populates="tenants")
    agency: Mapped[Agency] = relationship()
    counters: Mapped[list[Counter]] = relationship(back_populates="tenant", order_by="Counter.code")
    services: Mapped[list[Service]] = relationship(back_populates="tenant", order_by="Service.id")

    @property
    def name(self) -> str:
        return self.agency.short_name


class Counter(Base):
    """A loket. Its code is unique within its MPP and printed on its QR code."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("mpp_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)

    tenant: Mapped[Tenant] = relationship(back_populates="counters")
    mpp: Mapped[Mpp] = relationship()


class Service(Base):
    """A jenis layanan offered by a tenant; its code is unique within the MPP."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("mpp_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160), default="")
    active: Mapped[bool] = mapped_column(default=True)

    tenant: Mapped[Tenant] = relationship(back_populates="services")


class Device(Base):
    """A kiosk tablet registered to an MPP, optionally fixed to one counter."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    label: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    mpp: Mapped[Mpp] = relationship()
    counter: Mapped[Counter | None] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class DevicePairing(Base):
    """A tablet showing a pairing code until a manager confirms it (surveys.pairing).

    Only the hash of the tablet's secret is kept; confirming makes that hash the new device's
    token hash, so the secret the tablet holds becomes its device token.
    """

    __tablename__ = "device_pairing"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # shown as K7QM-4ZPA
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    address: Mapped[str] = mapped_column(String(45), default="")  # who asked, to bound pairings
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))

    device: Mapped[Device | None] = relationship()


_score_checks = tuple(
    CheckConstraint(f"{code} IS NULL OR ({code} BETWEEN 1 AND 4)", name=f"{code}_range")
    for code in ELEMENTS
)


class Response(Base):
    """One visit's answers: the nine element scores (each optional) and an optional profile."""

    __tablename__ = "response"
    __table_args__ = (
        *_score_checks,
        CheckConstraint("channel IN ('kiosk', 'qr')", name="channel_known"),
        Index("ix_response_mpp_local_date", "mpp_id", "local_date"),
        Index("ix_response_counter_local_date", "counter_id", "local_date"),
        # A device's latest arrivals (the abuse rules) without sorting all it ever sent.
        Index("ix_response_device_latest", "device_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # generated by the client
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    channel: Mapped[str] = mapped_column(String(8))

    persyaratan: Mapped[int | None] = mapped_column(SmallInteger)
    prosedur: Mapped[int | None] = mapped_column(SmallInteger)
    waktu: Mapped[int | None] = mapped_column(SmallInteger)
    biaya: Mapped[int | None] = mapped_column(SmallInteger)
    produk: Mapped[int | None] = mapped_column(SmallInteger)
    kompetensi: Mapped[int | None] = mapped_column(SmallInteger)
    perilaku: Mapped[int | None] = mapped_column(SmallInteger)
    sarana: Mapped[int | None] = mapped_column(SmallInteger)
    pengaduan: Mapped[int | None] = mapped_column(SmallInteger)

    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(8))
    education: Mapped[str | None] = mapped_column(String(8))
    occupation: Mapped[str | None] = mapped_column(String(12))
    comment: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="id")

    client_submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The visit's day and hour in the MPP's own zone: what periods and heatmaps group by.
    local_date: Mapped[dt.date] = mapped_column(Date)
    local_hour: Mapped[int] = mapped_column(SmallInteger)

    # Abuse handling flags, never drops: a manager may exclude a flagged answer.
    flag_reason: Mapped[str | None] = mapped_column(String(120))
    excluded: Mapped[bool] = mapped_column(default=False)

    mpp: Mapped[Mpp] = relationship()
    tenant: Mapped[Tenant] = relationship()
    counter: Mapped[Counter] = relationship()
    service: Mapped[Service | None] = relationship()
    device: Mapped[Device | None] = relationship()

    def scores(self) -> dict[str, int | None]:
        return {code: getattr(self, code) for code in ELEMENTS}
