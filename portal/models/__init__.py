"""All models, imported here so Alembic and the app see the whole schema."""
from portal.models import loading  # noqa: F401  (SQLALCHEMY_RAISELOAD: lazy loads raise in tests)
from portal.models.amendments import Amendment, EnvelopeMovement
from portal.models.applications import Application, ApplicationSnapshot, FundingLine, Participant
from portal.models.attestations import Attestation
from portal.models.audit import AuditEvent
from portal.models.base import (
    AmendmentStatus,
    ApplicationStatus,
    CancellationReason,
    Direction,
    DocumentStatus,
    FundingKind,
    GroupKind,
    MovementKind,
    ObligationStatus,
    OrganisationKind,
    PairingStatus,
    ParticipantKind,
    ReportStatus,
    ReviewStage,
    Role,
    TokenPurpose,
    TravelMode,
)
from portal.models.care import EmergencyContact, StayCare, StayIncident
from portal.models.decisions import Decision, Pairing
from portal.models.documents import Document
from portal.models.funding import CanadianBand, CapException, DatedRate, HostRate, RateTableConfirmation, TravelLeg
from portal.models.indicators import ApiToken, OffsetPurchase
from portal.models.mail import MailMessage
from portal.models.obligations import ReciprocityObligation
from portal.models.organisations import Organisation, Region
from portal.models.privacy import Consent, ConsentMethod, ConsentPurpose, PrivacyIncident, RightsKind, RightsRequest
from portal.models.programs import Call, CarbonFactor, CountryRate, DistanceBand, Program
from portal.models.reports import FinalReport, StayReport
from portal.models.summaries import (
    CallCarbonTotal,
    IndicatorDataVersion,
    IndicatorFigures,
    IndicatorTotal,
    PartnerBooking,
    ReciprocityObligationTotal,
    ReciprocityTotal,
)
from portal.models.users import AuthToken, User

__all__ = [
    "Amendment", "AmendmentStatus", "ApiToken", "Application", "ApplicationSnapshot", "ApplicationStatus",
    "Attestation", "AuditEvent", "AuthToken", "Call", "CallCarbonTotal", "IndicatorDataVersion", "IndicatorFigures",
    "IndicatorTotal", "CanadianBand", "CancellationReason",
    "CapException", "CarbonFactor",
    "Consent", "ConsentMethod", "ConsentPurpose", "CountryRate", "DatedRate", "Decision", "Direction",
    "DistanceBand", "Document", "DocumentStatus", "EmergencyContact", "EnvelopeMovement", "FinalReport",
    "FundingKind", "FundingLine", "GroupKind", "HostRate", "MailMessage", "MovementKind", "ObligationStatus",
    "OffsetPurchase", "Organisation", "OrganisationKind", "Pairing", "PairingStatus", "Participant", "PartnerBooking",
    "ParticipantKind", "PrivacyIncident", "Program", "RateTableConfirmation", "ReciprocityObligation", "Region",
    "ReciprocityObligationTotal", "ReciprocityTotal", "ReportStatus", "ReviewStage", "RightsKind", "RightsRequest",
    "Role", "StayCare",
    "StayIncident", "StayReport",
    "TokenPurpose", "TravelLeg", "TravelMode", "User",
]
