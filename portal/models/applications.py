from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
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
    case,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import indexes
from portal.models.base import (
    ApplicationStatus,
    Direction,
    FundingKind,
    GroupKind,
    ParticipantKind,
    Role,
    Timestamped,
    TravelMode,
    one_of,
)
from portal.models.organisations import Organisation
from portal.models.programs import Call
from portal.models.users import User


def age_on(birth_date: date | None, day: date) -> int | None:
    """Age in whole years on that day; None when the date of birth is not known."""
    if birth_date is None:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_minor_on(birth_date: date | None, day: date) -> bool:
    age = age_on(birth_date, day)
    return age is not None and age < 18


class Application(Timestamped, db.Model):
    """A centre's mobility project (demande) for one call."""

    __tablename__ = "applications"
    __table_args__ = (
        one_of("status", ApplicationStatus),
        one_of("direction", Direction),
        one_of("group_kind", GroupKind),
        one_of("travel_mode", TravelMode),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint("travel_days >= 0", name="travel_days_not_negative"),
        CheckConstraint("quoted_transport_cents IS NULL OR quoted_transport_cents >= 0", name="quote_not_negative"),
        CheckConstraint("reciprocal_count IS NULL OR reciprocal_count >= 0", name="reciprocal_count_not_negative"),
        CheckConstraint("version >= 1", name="version_positive"),
        *indexes.APPLICATION_INDEXES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Reciprocity: an incoming stay answers an outgoing one.
    answers_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ApplicationStatus.DRAFT, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic concurrency

    title: Mapped[str] = mapped_column(String(200))
    trade_code: Mapped[str] = mapped_column(String(20), default="")
    trade_name: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[str] = mapped_column(String(10), default=Direction.OUTGOING)
    group_kind: Mapped[str] = mapped_column(String(12), default=GroupKind.GROUP)
    destination_country: Mapped[str | None] = mapped_column(String(2))
    destination_city: Mapped[str] = mapped_column(String(120), default="")
    destination_subdivision: Mapped[str | None] = mapped_column(String(6))  # ISO 3166-2, e.g. CA-ON
    destination_latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    destination_longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    travel_days: Mapped[int] = mapped_column(Integer, default=2)
    travel_mode: Mapped[str] = mapped_column(String(10), default=TravelMode.AIR)
    quoted_transport_cents: Mapped[int | None] = mapped_column(BigInteger)
    quote_justification: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    reciprocal_start: Mapped[date | None] = mapped_column(Date)
    reciprocal_end: Mapped[date | None] = mapped_column(Date)
    reciprocal_count: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Kept current by portal.funding.totals whenever lines or approvals change; lists and reports read these.
    requested_total_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    approved_total_cents: Mapped[int | None] = mapped_column(BigInteger)
    co2_kg: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))  # whole group, round trip; NULL: not computed
    offset_cents: Mapped[int | None] = mapped_column(BigInteger)

    __mapper_args__ = {"version_id_col": version}

    call: Mapped[Call] = relationship()
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    partner: Mapped[Organisation | None] = relationship(foreign_keys=[partner_id])
    created_by: Mapped[User | None] = relationship()
    answers: Mapped[Application | None] = relationship(remote_side=[id])
    participants: Mapped[list[Participant]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Participant.id"
    )
    funding_lines: Mapped[list[FundingLine]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="FundingLine.position"
    )
    snapshots: Mapped[list[ApplicationSnapshot]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationSnapshot.number"
    )

    def owned_by(self, user: Any) -> bool:
        """The one access rule of a centre's project: school staff of the centre that owns it."""
        return user.role == Role.STAFF and user.organisation_id == self.organisation_id

    @property
    def stay_days(self) -> int | None:
        if self.start_date is None or self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1


class ApplicationSnapshot(db.Model):
    """What was submitted, frozen for the reviewers (fields, participants, documents, budget)."""

    __tablename__ = "application_snapshots"
    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    application: Mapped[Application] = relationship(back_populates="snapshots")


class Participant(Timestamped, db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        one_of("kind", ParticipantKind),
        CheckConstraint("locale IN ('fr', 'en')", name="locale_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    birth_date: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    trade: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(2), default="fr")
    consent_by: Mapped[str | None] = mapped_column(String(200))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_purpose: Mapped[str] = mapped_column(Text, default="")
    parental_consent_by: Mapped[str | None] = mapped_column(String(200))
    parental_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    inclusion_needs: Mapped[str] = mapped_column(Text, default="")  # coordinators only
    # Set when the person's data were erased or anonymised (portal/privacy): the row stays for the counts.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)

    application: Mapped[Application] = relationship(back_populates="participants")

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day)

    def is_minor_on(self, day: date) -> bool:
        return is_minor_on(self.birth_date, day)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class FundingLine(db.Model):
    """One budget line: computed from the call's rates (frozen on the line), requested, approved, actual."""

    __tablename__ = "funding_lines"
    __table_args__ = (
        one_of("kind", FundingKind),
        CheckConstraint("requested_cents IS NULL OR requested_cents >= 0 OR kind = 'cap_reduction'",
                        name="requested_sign"),
        CheckConstraint("approved_cents IS NULL OR approved_cents >= 0 OR kind = 'cap_reduction'",
                        name="approved_sign"),
        CheckConstraint("actual_cents IS NULL OR actual_cents >= 0", name="actual_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    explanation_fr: Mapped[str] = mapped_column(Text, default="")
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    computed_cents: Mapped[int] = mapped_column(BigInteger)
    requested_cents: Mapped[int | None] = mapped_column(BigInteger)
    approved_cents: Mapped[int | None] = mapped_column(BigInteger)
    actual_cents: Mapped[int | None] = mapped_column(BigInteger)
    rates: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # rates used, frozen at submission
    justification: Mapped[str] = mapped_column(Text, default="")
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)

    application: Mapped[Application] = relationship(back_populates="funding_lines")

    @hybrid_property
    def effective_requested_cents(self) -> int:
        """What the centre asks for on this line: its requested amount, else the computed one (in SQL too)."""
        return self.computed_cents if self.requested_cents is None else self.requested_cents

    @effective_requested_cents.inplace.expression
    @classmethod
    def _effective_requested_cents_expression(cls) -> ColumnElement[int]:
        return case((cls.requested_cents.is_(None), cls.computed_cents), else_=cls.requested_cents)

    def explanation(self, locale: str) -> str:
        return self.explanation_en if locale == "en" else self.explanation_fr
