"""Funding details beyond the lines: a trip's legs, dated (seasonal) rates, an incoming stay's host rates, the
Canadian distance bands, cap exception requests and the admins' confirmations of a call's rate tables."""
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Application
from portal.models.programs import Call, DistanceBandColumns
from portal.models.users import User

LEG_MODES = ("air", "rail", "coach", "car_sharing")


class TravelLeg(db.Model):
    """One leg of an application's trip; ``distance_km`` and ``co2_kg`` (whole group, round trip) are written at
    each budget computation so SQL can sum CO2 by mode."""

    __tablename__ = "travel_legs"
    __table_args__ = (
        UniqueConstraint("application_id", "position"),
        CheckConstraint("mode IN ('air', 'rail', 'coach', 'car_sharing')", name="mode_allowed"),
        CheckConstraint("distance_km IS NULL OR distance_km >= 0", name="distance_not_negative"),
        CheckConstraint("co2_kg IS NULL OR co2_kg >= 0", name="co2_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    origin_city: Mapped[str] = mapped_column(String(120))
    origin_country: Mapped[str] = mapped_column(String(2))
    origin_latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    origin_longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    destination_city: Mapped[str] = mapped_column(String(120))
    destination_country: Mapped[str] = mapped_column(String(2))
    destination_latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    destination_longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    mode: Mapped[str] = mapped_column(String(12))
    # False: the default leg the engine used (centre → destination), replaced at each computation
    entered: Mapped[bool] = mapped_column(Boolean, default=True)
    distance_km: Mapped[int | None] = mapped_column(Integer)
    co2_kg: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))

    application: Mapped[Application] = relationship()


DATED_KINDS = ("nightly", "daily", "local_transport", "activities", "staff_hosting")


class DatedRate(db.Model):
    """A rate valid between two dates: nightly or daily for a country (``FR``) or a province (``CA-ON``), or a
    host-side rate of incoming stays (local transport, activities, staff hosting), always for ``CA-QC``."""

    __tablename__ = "dated_rates"
    __table_args__ = (
        UniqueConstraint("call_id", "destination", "kind", "valid_from"),
        CheckConstraint("kind IN ('nightly', 'daily', 'local_transport', 'activities', 'staff_hosting')",
                        name="kind_allowed"),
        CheckConstraint("kind IN ('nightly', 'daily') OR destination = 'CA-QC'", name="host_in_quebec"),
        CheckConstraint("valid_to >= valid_from", name="period_ordered"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    destination: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    call: Mapped[Call] = relationship()


class HostRate(db.Model):
    """An incoming stay's host-side rate of a call: local transport, activities (per visitor and day), hosting
    of the visitors' accompanying staff (per night)."""

    __tablename__ = "host_rates"
    __table_args__ = (
        UniqueConstraint("call_id", "kind"),
        CheckConstraint("kind IN ('local_transport', 'activities', 'staff_hosting')", name="kind_allowed"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    call: Mapped[Call] = relationship()


class CanadianBand(DistanceBandColumns, db.Model):
    """A call's transport amount per participant (round trip) by one-way distance band for stays in another
    Canadian province (distance inside Canada); without any, Canadian stays use the call's general bands."""

    __tablename__ = "canadian_distance_bands"

    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)

    call: Mapped[Call] = relationship()


class CapException(db.Model):
    """A centre's explicit request to go above the caps by an amount, with its reason; the ministry decides."""

    __tablename__ = "cap_exceptions"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class RateTableConfirmation(db.Model):
    """An admin confirmed one of a call's rate tables (bands, rates, carbon, host); a change clears it."""

    __tablename__ = "rate_table_confirmations"
    __table_args__ = (UniqueConstraint("call_id", "table_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(20))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
