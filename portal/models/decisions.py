from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import indexes
from portal.models.base import ApplicationStatus, PairingStatus, ReviewStage, one_of
from portal.models.organisations import Organisation
from portal.models.users import User


class Decision(db.Model):
    """Append-only record of one step of the workflow."""

    __tablename__ = "decisions"
    __table_args__ = (
        one_of("stage", ReviewStage),
        one_of("from_status", ApplicationStatus),
        one_of("to_status", ApplicationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A form carries a one-time key: a resent form finds its decision instead of making a second one.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When the stage this decision closes began: the application's previous decision (by created_at, then id); NULL
    # for its first decision, whose stage began at the submission. Kept by portal/indicators/stages.py after each
    # flush that adds a decision, so the stage times are read, not recomputed with lag() over every decision.
    stage_started_at: Mapped[datetime | None] = mapped_column(DateTime)

    actor: Mapped[User | None] = relationship()


class Pairing(db.Model):
    """A coordinator links an application to a partner institution and, for reciprocity, to its counterpart."""

    __tablename__ = "pairings"
    __table_args__ = (one_of("status", PairingStatus), *indexes.PAIRING_INDEXES)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    counterpart_application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    status: Mapped[str] = mapped_column(String(12), default=PairingStatus.PROPOSED)
    reasons: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    partner_responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    partner_comment: Mapped[str] = mapped_column(Text, default="")
    link_used_at: Mapped[datetime | None] = mapped_column(DateTime)

    partner: Mapped[Organisation] = relationship()
