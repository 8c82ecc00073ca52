"""Shared column helpers and value lists for the models."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.clock import utcnow


def one_of(column: str, values: type[StrEnum], name: str | None = None) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_allowed")


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Role(StrEnum):
    STAFF = "staff"
    COORDINATOR = "coordinator"
    MINISTRY = "ministry"
    PARTICIPANT = "participant"
    ADMIN = "admin"


class OrganisationKind(StrEnum):
    CENTRE = "centre"
    PARTNER = "partner"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    AMENDMENT_REQUESTED = "amendment_requested"
    CANCELLED = "cancelled"


class Direction(StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


class GroupKind(StrEnum):
    GROUP = "group"
    INDIVIDUAL = "individual"


class ParticipantKind(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    STAFF = "staff"
    ACCOMPANYING = "accompanying"


class TravelMode(StrEnum):
    AIR = "air"
    GREEN = "green"
    QUOTED = "quoted"


class FundingKind(StrEnum):
    TRANSPORT = "transport"
    LODGING = "lodging"
    SUBSISTENCE = "subsistence"
    FLAT = "flat"
    CAP_REDUCTION = "cap_reduction"
    OTHER = "other"
    LOCAL_TRANSPORT = "local_transport"
    ACTIVITIES = "activities"
    STAFF_HOSTING = "staff_hosting"


class DocumentStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class ReviewStage(StrEnum):
    STAFF = "staff"
    COORDINATOR = "coordinator"
    MINISTRY = "ministry"
    PARTNER = "partner"


class PairingStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    CORRECTIONS_REQUESTED = "corrections_requested"


class TokenPurpose(StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a token purpose name, not a password)
    INVITATION = "invitation"


class AmendmentStatus(StrEnum):
    PROPOSED = "proposed"  # by the centre's staff, waiting for the coordinator
    ENDORSED = "endorsed"  # by the coordinator, waiting for the ministry
    ACCEPTED = "accepted"
    REFUSED = "refused"


class MovementKind(StrEnum):
    OPENING = "opening"  # commitments made before the ledger existed
    APPROVAL = "approval"
    AMENDMENT = "amendment"
    CANCELLATION = "cancellation"


class ObligationStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    CANCELLED = "cancelled"


class CancellationReason(StrEnum):
    FORCE_MAJEURE = "force_majeure"
    WITHDRAWAL = "withdrawal"
