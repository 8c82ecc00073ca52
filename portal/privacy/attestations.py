"""Competency attestations: issued to each Québec participant when the final report is accepted, countersigned by
the host through its signed link, verified through a signed code (QR code on the PDF), revocable.

Codes are signed with itsdangerous (own salt): a tampered code fails the signature; a revoked attestation is
refused by the verification page even with a genuine code.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.models import Application, Attestation, Direction, Participant, StayReport
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url

CODE_SALT = "portal.privacy.attestation"
HOST_SALT = "portal.privacy.attestation-host"
# Languages the attestation can be written in besides French (those with a catalogue); else English.
SECOND_LANGUAGES = ("en",)


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def code_for(attestation: Attestation) -> str:
    return _serializer(CODE_SALT).dumps({"t": attestation.id, "p": attestation.participant_id})


def verification_url(attestation: Attestation) -> str:
    return absolute_url("privacy.verify_attestation", code=code_for(attestation))


# What the verification page and the PDF show of an attestation: options for the query that loads it.
SHOWN = (joinedload(Attestation.participant),
         joinedload(Attestation.application).joinedload(Application.partner))  # the PDF's second language


def host_url(application: Application) -> str:
    return absolute_url("privacy.countersign", token=_serializer(HOST_SALT).dumps({"a": application.id}))


def from_code(code: str) -> Attestation:
    """The attestation a genuine code names; NotFound for a tampered code, Conflict (409) for a revoked one."""
    try:
        data = _serializer(CODE_SALT).loads(code)
    except BadSignature:
        raise NotFound() from None
    attestation = db.session.get(Attestation, data.get("t"), options=SHOWN) if isinstance(data, dict) else None
    if attestation is None or attestation.participant_id != data.get("p"):
        raise NotFound()
    if attestation.revoked_at is not None:
        raise Conflict(gettext("This attestation has been revoked."))
    return attestation


def application_for_host(token: str) -> Application:
    try:
        data = _serializer(HOST_SALT).loads(token)
    except BadSignature:
        raise NotFound() from None
    application = db.session.get(Application, data.get("a")) if isinstance(data, dict) else None
    if application is None:
        raise NotFound()
    return application


def second_language(application: Application) -> str:
    partner = application.partner
    for code in (partner.language_list if partner else []):
        if code in SECOND_LANGUAGES:
            return code
    return "en"


# What issue_for walks (the participants, the partner it writes to): options for the query that loads the
# application. selectinload, so they fit a row-locking query.
ISSUE_LOADS = (selectinload(Application.participants), selectinload(Application.partner))


def issue_for(application: Application) -> list[Attestation]:
    """One attestation per Québec participant (outgoing stays) not yet attested; the host is asked to countersign."""
    if application.direction != Direction.OUTGOING:
        return []
    done = set(db.session.scalars(select(Attestation.participant_id)
                                  .where(Attestation.application_id == application.id)))
    reports = dict(db.session.execute(
        select(StayReport.participant_id, StayReport.competencies).join(Participant)
        .where(Participant.application_id == application.id)).tuples().all())
    issued = []
    for participant in application.participants:
        if participant.id in done or participant.anonymised_at is not None:
            continue
        attestation = Attestation(participant_id=participant.id, application_id=application.id,
                                  issued_at=utcnow(), second_language=second_language(application),
                                  competencies=(reports.get(participant.id) or "").strip())
        db.session.add(attestation)
        issued.append(attestation)
    db.session.flush()
    if issued:
        add_event(None, "attestation.issued", "application", application.id, after={"count": len(issued)})
        _ask_host(application)
    return issued


def _ask_host(application: Application) -> None:
    partner = application.partner
    if partner is None or not partner.contact_email:
        return
    with force_locale("en" if "fr" not in partner.language_list else "fr"):
        subject = gettext("Countersign the attestations of the stay %(title)s", title=application.title)
        body = "\n".join([gettext("Hello,"), "", gettext(
            "The participants of the stay \"%(title)s\" receive a competency attestation. Please countersign them "
            "as the host institution through this link:", title=application.title), host_url(application), ""])
    queue_mail(partner.contact_email, subject, body, locale="fr" if "fr" in partner.language_list else "en")


def of_application(application: Application) -> list[Attestation]:
    return list(db.session.scalars(select(Attestation).where(Attestation.application_id == application.id)
                                   .order_by(Attestation.id).options(joinedload(Attestation.participant))))


def countersign(application: Application, signatory: str) -> int:
    signatory = (signatory or "").strip()[:200]
    if not signatory:
        raise InvalidInput(gettext("Give the name and title of the person who countersigns."))
    pending = [a for a in of_application(application) if a.host_countersigned_at is None and a.revoked_at is None]
    if not pending:
        raise Conflict(gettext("There is no attestation left to countersign."))
    now = utcnow()
    for attestation in pending:
        attestation.host_signatory, attestation.host_countersigned_at = signatory, now
    add_event(None, "attestation.countersigned", "application", application.id, after={"count": len(pending)})
    db.session.flush()
    return len(pending)


def revoke(attestation: Attestation, reason: str, actor: Any) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(gettext("Give the reason for revoking the attestation."))
    if attestation.revoked_at is not None:
        raise Conflict(gettext("This attestation has been revoked."))
    attestation.revoked_at, attestation.revoked_reason = utcnow(), reason[:2000]
    add_event(actor, "attestation.revoked", "attestation", attestation.id, after={"reason": reason[:2000]})
    db.session.flush()
