"""Care for participants abroad: an emergency contact per participant, the stay's itinerary and local contact at
the partner, incidents reported during the stay. Columns holding personal data carry info={"personal": kind}
(the data kind whose retention rule applies: portal/privacy/registry.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Application, Participant
from portal.models.base import Timestamped
from portal.models.users import User


def personal(kind: str) -> dict[str, str]:
    """The column marker read by the privacy registry (retention, export, erasure)."""
    return {"personal": kind}


class EmergencyContact(Timestamped, db.Model):
    """Who to call for this participant during the stay."""

    __tablename__ = "emergency_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200), info=personal("care"))
    relation: Mapped[str] = mapped_column(String(100), default="", info=personal("care"))
    phone: Mapped[str] = mapped_column(String(40), info=personal("care"))
    email: Mapped[str | None] = mapped_column(String(254), info=personal("care"))

    participant: Mapped[Participant] = relationship()


class StayCare(Timestamped, db.Model):
    """The stay's travel itinerary and the local contact at the partner, recorded by the centre."""

    __tablename__ = "stay_care"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    itinerary: Mapped[str] = mapped_column(Text, default="")
    local_contact_name: Mapped[str] = mapped_column(String(200), default="", info=personal("care"))
    local_contact_phone: Mapped[str] = mapped_column(String(40), default="", info=personal("care"))
    local_contact_email: Mapped[str] = mapped_column(String(254), default="", info=personal("care"))

    application: Mapped[Application] = relationship()


class StayIncident(db.Model):
    """Something that happened to a participant (or the group) during the stay, reported by the centre's staff."""

    __tablename__ = "stay_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"),
                                                       index=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    nature: Mapped[str] = mapped_column(Text, info=personal("care"))
    actions: Mapped[str] = mapped_column(Text, default="", info=personal("care"))
    parents_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    participant: Mapped[Participant | None] = relationship()
    reported_by: Mapped[User | None] = relationship()
