"""Law 25 records: consent per purpose, requests about a person's rights, the register of privacy incidents."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models.applications import Participant
from portal.models.base import one_of
from portal.models.care import personal
from portal.models.users import User


class ConsentPurpose(StrEnum):
    PARTICIPATION = "participation"
    PARENTAL = "parental"
    PROMOTION = "promotion"  # photos and quotes in the program's promotion
    AMBASSADOR = "ambassador"  # contact by future participants
    RESEARCH = "research"  # research use of anonymised reports


class ConsentMethod(StrEnum):
    FORM = "form"  # recorded by the centre's staff on the participant form
    REPORT = "report"  # ticked by the participant on their report
    ACCOUNT = "account"  # the participant's own account
    LINK = "link"  # a signed link sent by mail
    MIGRATED = "migrated"  # carried over from the former consent columns


class RightsKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    ERASURE = "erasure"


class Consent(db.Model):
    """One consent for one purpose; withdrawing it keeps the record (withdrawn_at) and applies its effect."""

    __tablename__ = "consents"
    __table_args__ = (one_of("purpose", ConsentPurpose), one_of("method", ConsentMethod),
                      one_of("withdrawal_method", ConsentMethod, name="withdrawal_method_allowed"))

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    wording_version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(DateTime)
    given_by: Mapped[str] = mapped_column(String(200), info=personal("identity"))
    method: Mapped[str] = mapped_column(String(12))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200), info=personal("identity"))
    withdrawal_method: Mapped[str | None] = mapped_column(String(12))

    participant: Mapped[Participant] = relationship()

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class RightsRequest(db.Model):
    """A request about one person's data (access, correction, erasure): the law gives 30 days to answer."""

    __tablename__ = "rights_requests"
    __table_args__ = (one_of("kind", RightsKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept after an erasure (SET NULL): the request itself is the proof it was answered.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"),
                                                       index=True)
    kind: Mapped[str] = mapped_column(String(12))
    requested_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    requester: Mapped[str] = mapped_column(String(200), info=personal("rights"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    handled_by: Mapped[User | None] = relationship()


class PrivacyIncident(db.Model):
    """The register of confidentiality incidents the law requires (kept for the commission)."""

    __tablename__ = "privacy_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    discovered_on: Mapped[date] = mapped_column(Date)
    nature: Mapped[str] = mapped_column(Text)
    data_affected: Mapped[str] = mapped_column(Text, default="")
    people_affected: Mapped[str] = mapped_column(Text, default="")
    people_count: Mapped[int] = mapped_column(Integer, default=0)
    serious_harm_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    commission_notified_on: Mapped[date | None] = mapped_column(Date)
    people_notified_on: Mapped[date | None] = mapped_column(Date)
    measures: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
