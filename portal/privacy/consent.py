"""Consent per purpose: given and withdrawn separately, each with its wording version, date, who and how.

Withdrawing applies its effect at once: no more quotes of the person's report (promotion), no more contact by
future participants (ambassador), the report left out of research extracts (research). Participation and parental
consent withdrawn are told to the centre's staff (by mail, without the person's name: they read it in the file).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Participant,
    ReportStatus,
    Role,
    StayReport,
    User,
)
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url

# The wording each purpose is asked with; a new wording gets a new version (kept on each consent).
WORDING_VERSION = "2027-1"
WORDINGS: dict[str, Any] = {
    ConsentPurpose.PARTICIPATION: _l("I agree that my personal information is used to organise, fund and follow "
                                     "this mobility stay."),
    ConsentPurpose.PARENTAL: _l("As parent or guardian, I agree that this minor takes part in the mobility stay."),
    ConsentPurpose.PROMOTION: _l("I agree that photos of me and quotes of my report are used, without my name, in "
                                 "the program's promotion."),
    ConsentPurpose.AMBASSADOR: _l("I agree to be contacted by future participants who want to hear about my stay."),
    ConsentPurpose.RESEARCH: _l("I agree that my report, once anonymised, is used for research on mobility."),
}
# Purposes the person may give or withdraw by themselves from their account or link.
OPTIONAL = (ConsentPurpose.PROMOTION, ConsentPurpose.AMBASSADOR, ConsentPurpose.RESEARCH)


def purpose_label(purpose: str) -> str:
    labels = {ConsentPurpose.PARTICIPATION: _l("Participation"), ConsentPurpose.PARENTAL: _l("Parental consent"),
              ConsentPurpose.PROMOTION: _l("Photos and quotes in promotion"),
              ConsentPurpose.AMBASSADOR: _l("Contact by future participants"),
              ConsentPurpose.RESEARCH: _l("Research use of my anonymised report")}
    return str(labels.get(purpose, purpose))


def active(participant_id: int, purpose: str) -> Consent | None:
    return db.session.scalar(select(Consent).where(
        Consent.participant_id == participant_id, Consent.purpose == purpose, Consent.withdrawn_at.is_(None))
        .order_by(Consent.id.desc()).limit(1))


def history(participant_id: int) -> list[Consent]:
    return list(db.session.scalars(select(Consent).where(Consent.participant_id == participant_id)
                                   .order_by(Consent.purpose, Consent.id)))


def _check_purpose(purpose: str) -> None:
    if purpose not in set(ConsentPurpose):
        raise InvalidInput(gettext("Unknown purpose of consent."))


def give(participant: Participant, purpose: str, given_by: str, method: str, at: datetime | None = None,
         actor: Any = None) -> Consent:
    """Record a consent (the current one is kept when already given)."""
    _check_purpose(purpose)
    given_by = (given_by or "").strip()[:200]
    if not given_by:
        raise InvalidInput(gettext("Say who gives the consent."))
    current = active(participant.id, purpose)
    if current is not None:
        return current
    consent = Consent(participant_id=participant.id, purpose=purpose, wording_version=WORDING_VERSION,
                      given_at=at or utcnow(), given_by=given_by, method=method)
    db.session.add(consent)
    db.session.flush()
    add_event(actor, "consent.given", "participant", participant.id, after={"purpose": purpose, "method": method})
    if purpose == ConsentPurpose.PROMOTION:
        _set_quote_consent(participant.id, True)
    return consent


def withdraw(participant: Participant, purpose: str, withdrawn_by: str, method: str, at: datetime | None = None,
             actor: Any = None) -> Consent:
    """Withdraw the consent and apply its effect; a consent not given (or already withdrawn) is refused (409)."""
    _check_purpose(purpose)
    withdrawn_by = (withdrawn_by or "").strip()[:200]
    if not withdrawn_by:
        raise InvalidInput(gettext("Say who withdraws the consent."))
    current = active(participant.id, purpose)
    if current is None:
        raise Conflict(gettext("This consent is not given: there is nothing to withdraw."))
    current.withdrawn_at, current.withdrawn_by, current.withdrawal_method = at or utcnow(), withdrawn_by, method
    add_event(actor, "consent.withdrawn", "participant", participant.id, after={"purpose": purpose, "method": method})
    if purpose == ConsentPurpose.PROMOTION:
        _set_quote_consent(participant.id, False)
    if purpose in (ConsentPurpose.PARTICIPATION, ConsentPurpose.PARENTAL):
        _tell_staff(participant)
    db.session.flush()
    return current


def _set_quote_consent(participant_id: int, value: bool) -> None:
    """The report's flag follows the promotion consent: a withdrawn consent hides the quote everywhere."""
    db.session.execute(update(StayReport).where(StayReport.participant_id == participant_id)
                       .values(quote_consent=value).execution_options(synchronize_session="fetch"))


def _tell_staff(participant: Participant) -> None:
    application = participant.application
    link = absolute_url("applications.show", application_id=application.id)
    staff = db.session.scalars(select(User).where(User.role == Role.STAFF, User.active.is_(True),
                                                  User.organisation_id == application.organisation_id))
    for user in staff:
        with force_locale(user.locale):
            subject = gettext("Consent withdrawn: %(title)s", title=application.title)
            body = "\n".join([gettext("Hello %(name)s,", name=user.name), "",
                              gettext('A participant of the project "%(title)s" has withdrawn a consent to take '
                                      'part. See the participants of the file:', title=application.title),
                              link, ""])
        queue_mail(user.email, subject, body, locale=user.locale)


def quotable_reports() -> Any:
    """The query of the submitted reports that may be quoted: the person's promotion consent is active."""
    allowed = select(Consent.participant_id).where(Consent.purpose == ConsentPurpose.PROMOTION,
                                                   Consent.withdrawn_at.is_(None))
    return (select(StayReport).where(StayReport.status == ReportStatus.SUBMITTED,
                                     StayReport.participant_id.in_(allowed)).order_by(StayReport.id))


def sync_from_participant(participant: Participant, actor: Any = None) -> None:
    """The participant form records participation and parental consent: keep the per-purpose records in step."""
    if participant.consent_at is not None:
        give(participant, ConsentPurpose.PARTICIPATION, participant.consent_by or participant.full_name,
             ConsentMethod.FORM, participant.consent_at, actor)
    if participant.parental_consent_at is not None:
        give(participant, ConsentPurpose.PARENTAL, participant.parental_consent_by or "parent", ConsentMethod.FORM,
             participant.parental_consent_at, actor)
    elif active(participant.id, ConsentPurpose.PARENTAL) is not None:
        withdraw(participant, ConsentPurpose.PARENTAL, getattr(actor, "name", "") or "centre", ConsentMethod.FORM,
                 actor=actor)


def sync_from_report(report: StayReport, actor: Any = None) -> None:
    """The report's tick box gives or withdraws the promotion consent (the person's own choice)."""
    participant = report.participant
    if report.quote_consent and active(participant.id, ConsentPurpose.PROMOTION) is None:
        give(participant, ConsentPurpose.PROMOTION, participant.full_name, ConsentMethod.REPORT, actor=actor)
    elif not report.quote_consent and active(participant.id, ConsentPurpose.PROMOTION) is not None:
        withdraw(participant, ConsentPurpose.PROMOTION, participant.full_name, ConsentMethod.REPORT, actor=actor)
