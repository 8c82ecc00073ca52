"""All models, imported here so Alembic and the app see the whole schema."""
from portal.models import loading  # noqa: F401  (SQLALCHEMY_RAISELOAD: lazy loads raise in tests)
from portal.models.applications import Application, ApplicationSnapshot, FundingLine, Participant
from portal.models.audit import AuditEvent
from portal.models.base import (
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
)
from portal.models.decisions import Decision, Pairing
from portal.models.documents import Document
from portal.models.mail import MailMessage
from portal.models.organisations import Organisation, Region
from portal.models.programs import Call, CarbonFactor, CountryRate, DistanceBand, Program
from portal.models.reports import FinalReport, StayReport
from portal.models.users import AuthToken, User

__all__ = [
    "Application", "ApplicationSnapshot", "ApplicationStatus", "AuditEvent", "AuthToken", "Call", "CarbonFactor",
    "CountryRate", "Decision", "Direction", "DistanceBand", "Document", "DocumentStatus", "FinalReport",
    "FundingKind", "FundingLine", "GroupKind", "MailMessage", "Organisation", "OrganisationKind", "Pairing",
    "PairingStatus", "Participant", "ParticipantKind", "Program", "Region", "ReportStatus", "ReviewStage", "Role",
    "StayReport", "TokenPurpose", "TravelMode", "User",
]
