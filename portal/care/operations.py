"""The centre's staff record the care items and report incidents; each change is audited; an incident is mailed
to the coordinators at once (through the outbox). Operations add and flush; the view commits."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts.recipients import active_coordinators
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput, NotFound
from portal.documents import uploads
from portal.extensions import db, services
from portal.models import (
    Application,
    ApplicationStatus,
    Document,
    EmergencyContact,
    Participant,
    StayCare,
    StayIncident,
)
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url

# Care items may be recorded from approval until the stay is over.
CARE_OPEN = (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS)
# Incidents are reported while the stay is under way (and just after, when it was marked completed too early).
INCIDENT_OPEN = (ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED)
CARE_DOCUMENT_KINDS = ("health_insurance", "travel_authorisation")


def _ensure_open(application: Application, states: tuple[str, ...]) -> None:
    if application.status not in states:
        raise Conflict(gettext("This cannot be recorded in the current state of the file."))


def participant_of(application: Application, participant_id: Any) -> Participant:
    participant = db.session.get(Participant, participant_id) if isinstance(participant_id, int) else None
    if participant is None or participant.application_id != application.id:
        raise NotFound()
    return participant


def _required(values: dict[str, Any], *names: str) -> dict[str, str]:
    cleaned = {name: (values.get(name) or "").strip() for name in values}
    for name in names:
        if not cleaned.get(name):
            raise InvalidInput(gettext("Fill in every required field."))
    return cleaned


def set_emergency_contact(application: Application, participant: Participant, values: dict[str, Any],
                          actor: Any) -> EmergencyContact:
    _ensure_open(application, CARE_OPEN)
    cleaned = _required(values, "name", "phone")
    contact = db.session.scalar(select(EmergencyContact).where(EmergencyContact.participant_id == participant.id))
    if contact is None:
        contact = EmergencyContact(participant_id=participant.id)
        db.session.add(contact)
    contact.name, contact.phone = cleaned["name"], cleaned["phone"]
    contact.relation = cleaned.get("relation", "")
    contact.email = cleaned.get("email") or None
    db.session.flush()
    # The audit says that it changed, never what (the values are personal data).
    add_event(actor, "care.emergency_contact", "participant", participant.id)
    return contact


def set_stay_care(application: Application, values: dict[str, Any], actor: Any) -> StayCare:
    _ensure_open(application, CARE_OPEN)
    cleaned = _required(values, "itinerary", "local_contact_name", "local_contact_phone")
    care = db.session.scalar(select(StayCare).where(StayCare.application_id == application.id))
    if care is None:
        care = StayCare(application_id=application.id)
        db.session.add(care)
    care.itinerary = cleaned["itinerary"]
    care.local_contact_name = cleaned["local_contact_name"]
    care.local_contact_phone = cleaned["local_contact_phone"]
    care.local_contact_email = cleaned.get("local_contact_email", "")
    db.session.flush()
    add_event(actor, "care.stay", "application", application.id)
    return care


def store_care_document(application: Application, participant: Participant, kind: str, upload: Any,
                        actor: Any) -> Document:
    """A participant's attestation or travel authorisation (through the documents' checked upload)."""
    _ensure_open(application, CARE_OPEN)
    if kind not in CARE_DOCUMENT_KINDS:
        raise InvalidInput(gettext("Unknown kind of document."))
    return uploads.store_upload(application, kind, upload, actor, participant_id=participant.id)


def report_incident(application: Application, values: dict[str, Any], actor: Any) -> StayIncident:
    """Record an incident and tell every coordinator at once. The mail names neither the person nor what happened
    (minors' data never travel by mail): it links to the page where the coordinator reads it."""
    _ensure_open(application, INCIDENT_OPEN)
    occurred_at = values.get("occurred_at")
    if not isinstance(occurred_at, datetime) or occurred_at > services.clock.now():
        raise InvalidInput(gettext("Give the date and time of the incident (not in the future)."))
    nature = (values.get("nature") or "").strip()
    if not nature:
        raise InvalidInput(gettext("Describe the nature of the incident."))
    participant_id = values.get("participant_id")
    participant = participant_of(application, participant_id) if participant_id else None
    incident = StayIncident(application_id=application.id, participant_id=participant.id if participant else None,
                            occurred_at=occurred_at, nature=nature, actions=(values.get("actions") or "").strip(),
                            parents_informed=bool(values.get("parents_informed")),
                            reported_by_id=getattr(actor, "id", None), created_at=utcnow())
    db.session.add(incident)
    db.session.flush()
    add_event(actor, "care.incident", "application", application.id, after={"incident_id": incident.id})
    _mail_coordinators(application, incident)
    return incident


def _mail_coordinators(application: Application, incident: StayIncident) -> None:
    link = absolute_url("care.show", application_id=application.id, _anchor=f"incident-{incident.id}")
    for user in active_coordinators():
        with force_locale(user.locale):
            subject = gettext("Incident during the stay: %(title)s", title=application.title)
            body = "\n".join([
                gettext("Hello %(name)s,", name=user.name), "",
                gettext('The centre has reported an incident during the stay of the project "%(title)s".',
                        title=application.title),
                gettext("Parents informed: %(answer)s", answer=gettext("yes") if incident.parents_informed
                        else gettext("no")),
                "", gettext("Read it here:") + " " + link, ""])
        queue_mail(user.email, subject, body, locale=user.locale)


def incidents_of(application: Application) -> list[StayIncident]:
    return list(db.session.scalars(select(StayIncident).where(StayIncident.application_id == application.id)
                                   .order_by(StayIncident.occurred_at.desc(), StayIncident.id.desc())
                                   .options(joinedload(StayIncident.participant))))


def emergency_contacts_of(application: Application) -> dict[int, EmergencyContact]:
    rows = db.session.scalars(select(EmergencyContact).join(Participant)
                              .where(Participant.application_id == application.id))
    return {contact.participant_id: contact for contact in rows}


def care_documents_of(application: Application) -> dict[tuple[int, str], Document]:
    """The current attestation / authorisation of each participant, by (participant id, kind)."""
    rows = db.session.scalars(select(Document).where(
        Document.application_id == application.id, Document.kind.in_(CARE_DOCUMENT_KINDS),
        Document.participant_id.is_not(None), Document.status == "confirmed", Document.superseded_at.is_(None))
        .order_by(Document.id))
    return {(doc.participant_id, doc.kind): doc for doc in rows}  # type: ignore[misc]
