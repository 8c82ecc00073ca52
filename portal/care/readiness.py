"""What a stay needs before it can start: the care items of every participant and of the stay itself.

One query per kind of item (never one per participant), so that a large group costs the same few queries.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Document, DocumentStatus, EmergencyContact, Participant, StayCare

HEALTH_INSURANCE = "health_insurance"
TRAVEL_AUTHORISATION = "travel_authorisation"


@dataclass
class MissingCare:
    emergency_contact: list[Participant] = field(default_factory=list)
    health_insurance: list[Participant] = field(default_factory=list)
    travel_authorisation: list[Participant] = field(default_factory=list)  # minors on the first day only
    itinerary: bool = False
    local_contact: bool = False

    def __bool__(self) -> bool:
        return bool(self.emergency_contact or self.health_insurance or self.travel_authorisation
                    or self.itinerary or self.local_contact)

    def messages(self) -> list[str]:
        """One sentence per missing item, in the current language (names help the staff find the person)."""
        def names(people: list[Participant]) -> str:
            return ", ".join(p.full_name for p in people)
        lines = []
        if self.emergency_contact:
            lines.append(gettext("Emergency contact missing: %(names)s.", names=names(self.emergency_contact)))
        if self.health_insurance:
            lines.append(gettext("Health and insurance attestation missing: %(names)s.",
                                 names=names(self.health_insurance)))
        if self.travel_authorisation:
            lines.append(gettext("Signed travel authorisation missing for minors: %(names)s.",
                                 names=names(self.travel_authorisation)))
        if self.itinerary:
            lines.append(gettext("The travel itinerary is not recorded."))
        if self.local_contact:
            lines.append(gettext("The local contact at the partner (name and phone) is not recorded."))
        return lines


def _participants_with_document(application: Application, kind: str) -> set[int]:
    return set(db.session.scalars(
        select(Document.participant_id).where(
            Document.application_id == application.id, Document.kind == kind,
            Document.status == DocumentStatus.CONFIRMED, Document.superseded_at.is_(None),
            Document.participant_id.is_not(None))))


def stay_care_of(application: Application) -> StayCare | None:
    return db.session.scalar(select(StayCare).where(StayCare.application_id == application.id))


def missing_care(application: Application) -> MissingCare:
    participants = list(db.session.scalars(
        select(Participant).where(Participant.application_id == application.id).order_by(Participant.id)))
    with_contact = set(db.session.scalars(
        select(EmergencyContact.participant_id).join(Participant, Participant.id == EmergencyContact.participant_id)
        .where(Participant.application_id == application.id)))
    insured = _participants_with_document(application, HEALTH_INSURANCE)
    authorised = _participants_with_document(application, TRAVEL_AUTHORISATION)
    start = application.start_date
    missing = MissingCare(
        emergency_contact=[p for p in participants if p.id not in with_contact],
        health_insurance=[p for p in participants if p.id not in insured],
        travel_authorisation=[p for p in participants
                              if start is not None and p.is_minor_on(start) and p.id not in authorised],
    )
    care = stay_care_of(application)
    missing.itinerary = care is None or not care.itinerary.strip()
    missing.local_contact = care is None or not (care.local_contact_name.strip() and care.local_contact_phone.strip())
    return missing
