"""Care items of the demo stays (emergency contacts, attestations, minors' travel authorisations, itinerary and
local contact), so that an approved demo stay can be started. Idempotent: only what is missing is added."""
from __future__ import annotations

import io

from sqlalchemy import select

from portal.care import readiness
from portal.core.clock import utcnow
from portal.extensions import db, services
from portal.models import (
    Application,
    ApplicationStatus,
    Consent,
    Document,
    EmergencyContact,
    Participant,
    StayCare,
)
from portal.privacy import consent
from portal.storage import new_key

STARTED_OR_READY = (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED,
                    ApplicationStatus.CLOSED)
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _stored_pdf(application: Application, participant: Participant, kind: str, name: str) -> Document:
    key = new_key("documents")
    stored = services.storage.put(key, io.BytesIO(DEMO_PDF), "application/pdf")
    doc = Document(application_id=application.id, participant_id=participant.id, kind=kind, status="confirmed",
                   storage_backend=services.storage.name, storage_key=key, original_name=name,
                   content_type="application/pdf", size_bytes=stored.size, sha256=stored.sha256,
                   uploaded_at=utcnow())
    db.session.add(doc)
    return doc


def seed_demo_care() -> None:
    """Also records the demo participants' consents per purpose (the demo builds participants directly)."""
    db.session.flush()
    for participant in db.session.scalars(select(Participant).where(~Participant.id.in_(
            select(Consent.participant_id))).order_by(Participant.id)):
        consent.sync_from_participant(participant)
    applications = db.session.scalars(select(Application).where(Application.status.in_(STARTED_OR_READY))
                                      .order_by(Application.id)).all()
    for application in applications:
        missing = readiness.missing_care(application)
        for participant in missing.emergency_contact:
            db.session.add(EmergencyContact(participant_id=participant.id, name=f"Famille {participant.last_name}",
                                            relation="parent", phone="+1 418 555 0199"))
        for participant in missing.health_insurance:
            _stored_pdf(application, participant, "health_insurance", "attestation-assurance.pdf")
        for participant in missing.travel_authorisation:
            _stored_pdf(application, participant, "travel_authorisation", "autorisation-de-voyage.pdf")
        if missing.itinerary or missing.local_contact:
            care = readiness.stay_care_of(application) or StayCare(application_id=application.id)
            care.itinerary = care.itinerary or "Vol AC 870 Montréal–Paris, puis TGV Paris–Lyon ; retour par le même trajet."
            care.local_contact_name = care.local_contact_name or "Claire Dubois (coordination des stages)"
            care.local_contact_phone = care.local_contact_phone or "+33 4 72 00 00 00"
            db.session.add(care)
    db.session.flush()
