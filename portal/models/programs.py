from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from portal.extensions import db
from portal.models.base import Timestamped


class Program(Timestamped, db.Model):
    """A mobility program and its rules (minimum days, caps, countries, documents)."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("min_days >= 1", name="min_days_positive"),
        CheckConstraint("max_travel_days >= 0", name="max_travel_days_not_negative"),
        CheckConstraint("funding_model IN ('per_participant_cap', 'flat_by_duration')", name="funding_model_allowed"),
        CheckConstraint("cap_cents >= 0", name="cap_not_negative"),
        CheckConstraint("flat_short_cents >= 0 AND flat_long_cents >= 0", name="flat_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    participant_kinds: Mapped[str] = mapped_column(String(200))  # comma-separated ParticipantKind values
    min_days: Mapped[int] = mapped_column(Integer, default=7)
    max_travel_days: Mapped[int] = mapped_column(Integer, default=2)
    funding_model: Mapped[str] = mapped_column(String(32))
    cap_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # per participant, per_participant_cap
    flat_short_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # flat_by_duration, min_days..long_from-1
    flat_long_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    flat_long_from_days: Mapped[int] = mapped_column(Integer, default=15)
    # Accompanying adults allowed per group: at most max_accompanying, and one per students_per_adult students.
    max_accompanying: Mapped[int] = mapped_column(Integer, default=2)
    students_per_adult: Mapped[int] = mapped_column(Integer, default=1)
    allowed_countries: Mapped[str] = mapped_column(Text, default="")  # ISO alpha-2, comma-separated
    required_documents: Mapped[str] = mapped_column(Text, default="")  # document kinds, comma-separated
    optional_documents: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    calls: Mapped[list[Call]] = relationship(back_populates="program", order_by="Call.opens_at")

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_fr

    @staticmethod
    def _split(value: str) -> list[str]:
        return [item.strip() for item in value.split(",") if item.strip()]

    @property
    def kinds(self) -> list[str]:
        return self._split(self.participant_kinds)

    @property
    def countries(self) -> list[str]:
        return self._split(self.allowed_countries)

    @property
    def required_document_kinds(self) -> list[str]:
        return self._split(self.required_documents)

    @property
    def optional_document_kinds(self) -> list[str]:
        return self._split(self.optional_documents)


class Call(Timestamped, db.Model):
    """A program's call for projects: its window, its deadline for stays, its envelope and its rate tables."""

    __tablename__ = "calls"
    __table_args__ = (
        UniqueConstraint("program_id", "year"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opens"),
        CheckConstraint("envelope_cents >= 0", name="envelope_not_negative"),
        CheckConstraint("committed_cents >= 0 AND committed_cents <= envelope_cents", name="committed_within_envelope"),
        CheckConstraint("default_nightly_cents >= 0 AND default_daily_cents >= 0", name="rates_not_negative"),
        CheckConstraint("offset_cents_per_tonne >= 0", name="offset_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title_fr: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime] = mapped_column(DateTime)
    closes_at: Mapped[datetime] = mapped_column(DateTime)  # submission deadline (UTC)
    stays_start_from: Mapped[date] = mapped_column(Date)
    stays_end_by: Mapped[date] = mapped_column(Date)
    envelope_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    committed_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # approved amounts, under row lock
    default_nightly_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    default_daily_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    offset_cents_per_tonne: Mapped[int] = mapped_column(BigInteger, default=0)
    eur_to_cad: Mapped[Decimal | None] = mapped_column(Numeric(8, 4))  # shown in transport explanations

    program: Mapped[Program] = relationship(back_populates="calls")
    distance_bands: Mapped[list[DistanceBand]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="DistanceBand.min_km"
    )
    country_rates: Mapped[list[CountryRate]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CountryRate.country_code"
    )
    carbon_factors: Mapped[list[CarbonFactor]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CarbonFactor.mode"
    )

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_fr

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at <= self.closes_at

    @property
    def remaining_cents(self) -> int:
        return self.envelope_cents - self.committed_cents


class DistanceBandColumns:
    """The columns and checks a table of transport amounts per participant (round trip) by one-way distance band
    shares: the call's general bands and its Canadian bands. Each table keeps its own provenance columns (`source`,
    `verified`) and its relationship to the call: the general bands got theirs after the fact, with server
    defaults, the Canadian table was created with them and has none."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (
            UniqueConstraint("call_id", "min_km"),
            CheckConstraint("min_km >= 0 AND max_km >= min_km", name="band_range"),
            CheckConstraint("standard_cents >= 0", name="standard_not_negative"),
            CheckConstraint("green_cents IS NULL OR green_cents >= 0", name="green_not_negative"),
        )

    # sort_order: these columns come before the table's own ones, in the order of the migrations.
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True, sort_order=-1)
    min_km: Mapped[int] = mapped_column(Integer, sort_order=-1)
    max_km: Mapped[int] = mapped_column(Integer, sort_order=-1)
    standard_cents: Mapped[int] = mapped_column(BigInteger, sort_order=-1)
    green_cents: Mapped[int | None] = mapped_column(BigInteger, sort_order=-1)


class DistanceBand(DistanceBandColumns, db.Model):
    """Transport amount per participant (round trip) by one-way distance band."""

    __tablename__ = "distance_bands"

    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    call: Mapped[Call] = relationship(back_populates="distance_bands")


class CountryRate(db.Model):
    """Nightly lodging and daily subsistence rates for one destination country."""

    __tablename__ = "country_rates"
    __table_args__ = (
        UniqueConstraint("call_id", "country_code"),
        CheckConstraint("nightly_cents >= 0 AND daily_cents >= 0", name="rates_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    country_code: Mapped[str] = mapped_column(String(2))
    nightly_cents: Mapped[int] = mapped_column(BigInteger)
    daily_cents: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    call: Mapped[Call] = relationship(back_populates="country_rates")


class CarbonFactor(db.Model):
    """kg CO2e per passenger-km for one travel mode."""

    __tablename__ = "carbon_factors"
    __table_args__ = (
        UniqueConstraint("call_id", "mode"),
        CheckConstraint("kg_per_passenger_km >= 0", name="factor_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(40))
    kg_per_passenger_km: Mapped[Decimal] = mapped_column(Numeric(8, 4))
    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    call: Mapped[Call] = relationship(back_populates="carbon_factors")
