from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import indexes
from portal.models.base import OrganisationKind, Timestamped, one_of


def language_codes(stored: str) -> list[str]:
    """The language codes of an organisation's stored list ("fr,en")."""
    return [code for code in stored.split(",") if code]


def trade_codes(stored: str) -> list[str]:
    """The program codes of an organisation's stored list ("5298, 5330")."""
    return [code.strip() for code in stored.split(",") if code.strip()]


class Region(db.Model):
    """Québec administrative region (01–17)."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # Share (%) of Québec's vocational-training enrolment, from portal/data/region_enrolment.csv; NULL: not known.
    enrolment_share: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))


class Organisation(Timestamped, db.Model):
    """A Québec vocational-training centre, or a partner institution abroad."""

    __tablename__ = "organisations"
    __table_args__ = (
        one_of("kind", OrganisationKind),
        CheckConstraint("kind <> 'centre' OR region_code IS NOT NULL", name="centre_has_region"),
        CheckConstraint("capacity_per_year IS NULL OR capacity_per_year >= 0", name="capacity_not_negative"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude_range"),
        *indexes.ORGANISATION_INDEXES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Centres: school service centre / school board; partners: parent body, if any.
    parent_body: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    in_cmm: Mapped[bool] = mapped_column(Boolean, default=False)
    city: Mapped[str] = mapped_column(String(120))
    country_code: Mapped[str] = mapped_column(String(2), default="CA")
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    languages: Mapped[str] = mapped_column(String(120), default="")  # ISO 639-1 codes, comma-separated
    trades: Mapped[str] = mapped_column(Text, default="")  # program-of-study codes or sectors, comma-separated
    capacity_per_year: Mapped[int | None] = mapped_column(Integer)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    agreement_start: Mapped[date | None] = mapped_column(Date)
    agreement_end: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    region: Mapped[Region | None] = relationship()

    @property
    def is_centre(self) -> bool:
        return self.kind == OrganisationKind.CENTRE

    @property
    def language_list(self) -> list[str]:
        return language_codes(self.languages)

    @property
    def trade_list(self) -> list[str]:
        return trade_codes(self.trades)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.name!r}>"
