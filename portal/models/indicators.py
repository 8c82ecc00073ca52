"""Records of the indicators and the read-only API: offsets actually purchased, and the API's bearer tokens."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.users import User

API_SCOPES = ("read:calls", "read:applications", "read:partners", "read:indicators")


class OffsetPurchase(db.Model):
    """Carbon offsets the ministry actually bought for a year's trips (entered by an administrator)."""

    __tablename__ = "offset_purchases"
    __table_args__ = (
        CheckConstraint("tonnes > 0", name="tonnes_positive"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    tonnes: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    supplier: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(200), default="")
    purchased_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ApiToken(db.Model):
    """A bearer token of the read-only API: only the sha256 of the secret is kept; one scope, an expiry."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    scopes: Mapped[str] = mapped_column(Text)  # space-separated, from API_SCOPES
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise a token in the list
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at
