"""All models, imported here so Alembic and the app see the whole schema."""
from .applications import Application, ApplicationSnapshot, FundingLine, Participant
from .audit import AuditEvent
from .base import (
    ApplicationStatus,
    Direction,
    DocumentStatus,
    FundingKind,
    GroupKind,
    OrganisationKind,
    PairingStatus,
    ParticipantKind,
    ReportStatus,
    ReviewStage,
    Role,
    TokenPurpose,
    TravelMode,
    utcnow,
)
from .decisions import Decision, Pairing
from .documents import Document
from .mail import MailMessage
from .organisations import Organisation, Region
from .programs import Call, CarbonFactor, CountryRate, DistanceBand, Program
from .reports import FinalReport, StayReport
from .users import AuthToken, User

__all__ = [
    "Application", "ApplicationSnapshot", "ApplicationStatus", "AuditEvent", "AuthToken", "Call", "CarbonFactor",
    "CountryRate", "Decision", "Direction", "DistanceBand", "Document", "DocumentStatus", "FinalReport",
    "FundingKind", "FundingLine", "GroupKind", "MailMessage", "Organisation", "OrganisationKind", "Pairing",
    "PairingStatus", "Participant", "ParticipantKind", "Program", "Region", "ReportStatus", "ReviewStage", "Role",
    "StayReport", "TokenPurpose", "TravelMode", "User", "utcnow",
]
