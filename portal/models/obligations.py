"""Reciprocity as an obligation: an approved outgoing stay owes its partner a return visit by a given year."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Application
from portal.models.base import ObligationStatus, one_of
from portal.models.organisations import Organisation


class ReciprocityObligation(db.Model):
    __tablename__ = "reciprocity_obligations"
    __table_args__ = (
        one_of("status", ObligationStatus),
        CheckConstraint("proposed_end IS NULL OR proposed_start IS NULL OR proposed_end >= proposed_start",
                        name="proposed_dates_ordered"),
        Index("ix_reciprocity_obligations_status_due_year", "status", "due_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The outgoing stay that creates the obligation (one obligation per stay).
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    # The summary of obligations per partner follows these three from their history: their old value is loaded
    # before a change even when it was expired (portal/partners/obligation_summary.py).
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True, active_history=True)
    due_year: Mapped[int] = mapped_column(Integer, active_history=True)
    status: Mapped[str] = mapped_column(String(12), default=ObligationStatus.OPEN, active_history=True)
    # The incoming stay that met it, recorded by the outgoing stay's final report.
    met_by_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))
    met_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Dates the partner proposes for the return visit, through its signed link.
    proposed_start: Mapped[date | None] = mapped_column(Date)
    proposed_end: Mapped[date | None] = mapped_column(Date)
    proposed_comment: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    application: Mapped[Application] = relationship(foreign_keys=[application_id])
    partner: Mapped[Organisation] = relationship()
    met_by: Mapped[Application | None] = relationship(foreign_keys=[met_by_application_id])
