"""Pairing operations: choose a partner, send it the response link, record its response, link reciprocal stays.

Each checks role, object and state first and raises DomainError (403/404/409) before changing anything;
then changes, appends a Decision (the application's status does not move) and an AuditEvent, queues mail. They
only add and flush; the view commits once.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, NotFound, Refused
from portal.extensions import db
from portal.i18n.labels import status_label
from portal.models import (
    Application,
    ApplicationStatus,
    Decision,
    Direction,
    Organisation,
    OrganisationKind,
    Pairing,
    PairingStatus,
    ReviewStage,
    Role,
    User,
)
from portal.partners.pairing import links, mailing, reasons
from portal.partners.pairing.inputs import (
    application_profile,
    partner_profile,
    partner_profiles,
    registry_partner,
)
from portal.partners.pairing.suggestions import is_eligible, reasons_for

S = ApplicationStatus
PAIRABLE_STATUSES = (S.SUBMITTED, S.CHANGES_REQUESTED, S.RECOMMENDED, S.APPROVED)
PAIRING_ROLES = (Role.COORDINATOR,)
LINKING_ROLES = (Role.STAFF, Role.COORDINATOR)


def _audit(actor: User | None, action: str, object_type: str, object_id: int, before=None, after=None) -> None:
    add_event(actor, action, object_type, object_id, before=before, after=after)


def _decision(application: Application, stage: str, action: str, actor: User | None, comment: str) -> Decision:
    decision = Decision(application_id=application.id, stage=stage, action=action, from_status=application.status,
                        to_status=application.status, comment=comment, actor_id=actor.id if actor else None)
    db.session.add(decision)
    return decision


def _require_role(actor: User | None, roles: tuple[str, ...]) -> None:
    if actor is None or actor.role not in roles:
        raise Refused(gettext("Your role does not allow this action."))


def can_pair(application: Application) -> bool:
    return application.status in PAIRABLE_STATUSES


def pair(application: Application, partner: Organisation | None, actor: User) -> Pairing:
    """Coordinator: pair the application with a partner (a proposed Pairing, until the partner responds)."""
    _require_role(actor, PAIRING_ROLES)
    if partner is None or partner.kind != OrganisationKind.PARTNER:
        raise NotFound(gettext("Partner institution not found."))
    if not can_pair(application):
        raise Conflict(gettext("This action is not possible while the application is %(status)s.",
                                        status=status_label(application.status)))
    profile, chosen = application_profile(application), partner_profile(registry_partner(partner))
    if not is_eligible(profile, chosen):
        raise Conflict(gettext(
            "This partner cannot be chosen: it is inactive, or in a country this program does not fund."))
    current = links.current_pairing(application)
    if current is not None and current.status == PairingStatus.CONFIRMED:
        raise Conflict(gettext("The partner has already confirmed this pairing: it can no longer change."))
    if current is not None and current.partner_id == partner.id:
        raise Conflict(gettext("This partner has already been proposed for this application."))

    # The chosen partner with this application's figures (places taken, past stays, balance), as the page ranked it.
    ranked = next((p for p in partner_profiles(application) if p.id == partner.id), chosen)
    chosen_reasons = reasons_for(profile, ranked)
    before = application.partner_id
    pairing = Pairing(application_id=application.id, partner_id=partner.id, status=PairingStatus.PROPOSED,
                      reasons=reasons.to_json(chosen_reasons), created_by_id=actor.id, created_at=utcnow())
    db.session.add(pairing)
    application.partner_id = partner.id
    db.session.flush()
    _decision(application, ReviewStage.COORDINATOR, "pair", actor,
              gettext("Paired with %(partner)s", partner=partner.name))
    _audit(actor, "application.pair", "application", application.id, before={"partner_id": before},
           after={"partner_id": partner.id, "pairing_id": pairing.id})
    db.session.flush()
    mailing.notify_staff_of_pairing(application, partner)
    return pairing


def send_link(pairing: Pairing, actor: User, now: datetime | None = None) -> str:
    """Coordinator: e-mail the partner's contact a link to confirm or decline; returns the link."""
    _require_role(actor, PAIRING_ROLES)
    application = db.session.get(Application, pairing.application_id)
    current = links.current_pairing(application)
    if current is None or current.id != pairing.id or pairing.status != PairingStatus.PROPOSED \
            or pairing.link_used_at is not None:
        raise Conflict(gettext("The partner has already responded, or the application has been paired "
                                        "with another partner since."))
    partner = pairing.partner
    if not partner.contact_email:
        raise Conflict(gettext("This partner has no contact e-mail: add one in the registry first."))
    url = links.link_url(pairing, now)
    language = links.partner_language(partner)
    mailing.send_link_to_partner(pairing, application, url, language, links.link_lifetime().days)
    _audit(actor, "pairing.link_sent", "pairing", pairing.id,
           after={"to": partner.contact_email, "language": language, "application_id": application.id})
    db.session.flush()
    return url


def respond(token: str, application_id: int, confirmed: bool, comment: str, now: datetime | None = None) -> Pairing:
    """The partner, through its link: confirm or decline. LinkRefused leaves everything as it was."""
    now = now or utcnow()
    pairing = links.resolve(token, application_id, now, for_update=True)
    application = db.session.get(Application, application_id)
    comment = (comment or "").strip()
    before = {"status": pairing.status, "partner_id": application.partner_id}
    pairing.status = PairingStatus.CONFIRMED if confirmed else PairingStatus.DECLINED
    pairing.partner_responded_at = pairing.link_used_at = now
    pairing.partner_comment = comment
    if not confirmed:  # back to "to be paired"
        application.partner_id = None
    action = "partner_confirm" if confirmed else "partner_decline"
    text = gettext("%(partner)s: %(comment)s", partner=pairing.partner.name, comment=comment) if comment \
        else pairing.partner.name
    _decision(application, ReviewStage.PARTNER, action, None, text)
    _audit(None, f"pairing.{action}", "pairing", pairing.id, before=before,
           after={"status": str(pairing.status), "partner_id": application.partner_id,
                  "application_id": application.id})
    db.session.flush()
    mailing.notify_coordinators_of_response(pairing, application)
    return pairing


def answerable_outgoing(incoming: Application) -> list[Application]:
    """Outgoing applications of the same centre an incoming one may answer."""
    return list(db.session.scalars(
        select(Application).where(Application.organisation_id == incoming.organisation_id,
                                  Application.direction == Direction.OUTGOING, Application.id != incoming.id)
        .order_by(Application.start_date.desc(), Application.id.desc())))


def link_answer(incoming: Application, outgoing: Application | None, actor: User) -> None:
    """Record that an incoming stay answers an outgoing one (None removes the link)."""
    _require_role(actor, LINKING_ROLES)
    if actor.role == Role.STAFF and not incoming.owned_by(actor):
        raise NotFound(gettext("Application not found."))
    if incoming.direction != Direction.INCOMING:
        raise Conflict(gettext("Only an incoming stay can answer an outgoing one."))
    if outgoing is not None:
        if outgoing.id == incoming.id or outgoing.direction != Direction.OUTGOING:
            raise Conflict(gettext("Choose an outgoing stay: an incoming stay answers an outgoing one."))
        if outgoing.organisation_id != incoming.organisation_id:
            raise Conflict(gettext("Both stays must belong to the same centre."))
        if incoming.partner_id and outgoing.partner_id and incoming.partner_id != outgoing.partner_id:
            raise Conflict(gettext("Both stays must be with the same partner institution."))
    before = incoming.answers_application_id
    after = outgoing.id if outgoing is not None else None
    if before == after:
        return
    incoming.answers_application_id = after
    _audit(actor, "application.reciprocity_link", "application", incoming.id,
           before={"answers_application_id": before}, after={"answers_application_id": after})
    db.session.flush()
