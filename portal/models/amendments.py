"""After approval: amendments proposed by the centre, and the envelope's ledger of money movements."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Application
from portal.models.base import AmendmentStatus, ApplicationStatus, MovementKind, one_of
from portal.models.organisations import Organisation
from portal.models.users import User


class Amendment(db.Model):
    """A change of dates or amounts of an approved application: staff propose, coordinator endorses, ministry decides.

    `lines` is {line id: {"before": cents, "after": cents}}; before/after_cents are the application's commitment."""

    __tablename__ = "amendments"
    __table_args__ = (
        one_of("status", AmendmentStatus),
        CheckConstraint("after_cents >= 0 AND before_cents >= 0", name="amounts_not_negative"),
        CheckConstraint("new_end_date IS NULL OR new_start_date IS NULL OR new_end_date >= new_start_date",
                        name="dates_ordered"),
        # The reviewers' lists of amendments waiting for them: one stage, oldest proposal first (keyset).
        Index("ix_amendments_status_proposed", "status", "proposed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=AmendmentStatus.PROPOSED)
    reason: Mapped[str] = mapped_column(Text, default="")
    old_start_date: Mapped[date | None] = mapped_column(Date)
    old_end_date: Mapped[date | None] = mapped_column(Date)
    new_start_date: Mapped[date | None] = mapped_column(Date)
    new_end_date: Mapped[date | None] = mapped_column(Date)
    lines: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before_cents: Mapped[int] = mapped_column(BigInteger)
    after_cents: Mapped[int] = mapped_column(BigInteger)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    endorsed_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])

    @property
    def difference_cents(self) -> int:
        return self.after_cents - self.before_cents


#: Who decides an open amendment at each stage: the coordinator endorses a proposal, the ministry decides on an
#: endorsed one.
DECIDING_STAGE = {"coordinator": AmendmentStatus.PROPOSED, "ministry": AmendmentStatus.ENDORSED}


def waiting_for(role: str, *, ids_only: bool = False) -> Select:
    """Amendments waiting for this role's decision, their application and its centre loaded in the same query
    (``ids_only``: their ids, to count them); nothing for a role that decides no amendment."""
    stage = DECIDING_STAGE.get(str(role))
    query = select(Amendment.id) if ids_only else select(Amendment)
    query = query.join(Application, Application.id == Amendment.application_id)
    if not ids_only:
        query = query.join(Organisation, Organisation.id == Application.organisation_id).options(
            contains_eager(Amendment.application).contains_eager(Application.organisation))
    if stage is None:
        return query.where(Amendment.id.is_(None))
    return query.where(Amendment.status == stage, Application.status == ApplicationStatus.AMENDMENT_REQUESTED)


class EnvelopeMovement(db.Model):
    """One movement of a call's envelope: + committed (approval, amendment up), − released (amendment down,
    cancellation). Append-only; Call.committed_cents is kept equal to their sum under the call's row lock."""

    __tablename__ = "envelope_movements"
    __table_args__ = (one_of("kind", MovementKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    cents: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
