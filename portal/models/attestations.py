"""The competency attestation of a Québec participant, issued when the final report is accepted."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Application, Participant
from portal.models.care import personal


class Attestation(db.Model):
    __tablename__ = "attestations"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    second_language: Mapped[str] = mapped_column(String(2), default="en")
    competencies: Mapped[str] = mapped_column(Text, default="", info=personal("reports"))
    host_signatory: Mapped[str | None] = mapped_column(String(200))  # the host's representative (professional)
    host_countersigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[Participant] = relationship()
    application: Mapped[Application] = relationship()
