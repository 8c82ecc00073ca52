"""The partner's link to propose dates for its return visit, and the reminders before the due year.

The link is an itsdangerous token {"purpose", "obligation"} signed with SECRET_KEY and a salt used for nothing else,
valid PARTNER_LINK_DAYS days; the URL also names the obligation (a token moved to another URL is refused). It may
be used again to change the proposal while the obligation is open. Reminders go once per obligation, from the
first of January of the year before the due year (and for any obligation due or overdue that was never reminded):
an obligation is stamped by a conditional UPDATE, so two runs (even at the same time) send one reminder.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale, gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from portal.core.clock import utcnow
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Application, ObligationStatus, ReciprocityObligation, Role, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url
from portal.partners.pairing.links import link_lifetime, partner_language

SALT = "portal.partners.return-visit"
PURPOSE = "return-visit"
BATCH = 500


class LinkGone(InvalidInput):
    """The link is expired or tampered with (400): nothing is changed."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(obligation: ReciprocityObligation) -> str:
    return _serializer().dumps({"purpose": PURPOSE, "obligation": obligation.id})


def link_url(obligation: ReciprocityObligation) -> str:
    return absolute_url("partners.return_visit", obligation_id=obligation.id, token=make_token(obligation))


def resolve(token: str, obligation_id: int) -> ReciprocityObligation:
    """The obligation a genuine, unexpired link names; LinkGone or NotFound otherwise."""
    try:
        payload = _serializer().loads(token, max_age=int(link_lifetime().total_seconds()))
    except SignatureExpired:
        raise LinkGone(gettext("This link has expired. Ask the coordinator in Québec for a new one.")) from None
    except BadSignature:
        raise LinkGone(gettext("This link is not valid. Check that it was copied in full from the e-mail.")) from None
    if not isinstance(payload, dict) or payload.get("purpose") != PURPOSE or payload.get("obligation") != obligation_id:
        raise LinkGone(gettext("This link is not valid. Check that it was copied in full from the e-mail."))
    # what the partner's page names (its stay, centre and partner); selectinload keeps the lock on the obligation
    obligation = db.session.get(ReciprocityObligation, obligation_id, with_for_update=True, options=[
        selectinload(ReciprocityObligation.partner),
        selectinload(ReciprocityObligation.application).selectinload(Application.organisation)])
    if obligation is None:
        raise NotFound()
    return obligation


# --- reminders ----------------------------------------------------------------------------------------------------

def _due_for_reminder(today: date, after_id: int):
    return (select(ReciprocityObligation.id)
            .where(ReciprocityObligation.status == ObligationStatus.OPEN, ReciprocityObligation.reminded_at.is_(None),
                   ReciprocityObligation.due_year <= today.year + 1, ReciprocityObligation.id > after_id)
            .order_by(ReciprocityObligation.id).limit(BATCH))


def _claim(obligation_id: int) -> bool:
    """Stamp the obligation as reminded, unless another run did it first."""
    result = db.session.execute(
        update(ReciprocityObligation)
        .where(ReciprocityObligation.id == obligation_id, ReciprocityObligation.reminded_at.is_(None))
        .values(reminded_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1


def send_reminders(today: date) -> int:
    """Queue the reminders due on `today` (keyset batches); returns how many obligations were reminded."""
    reminded, after = 0, 0
    while ids := list(db.session.scalars(_due_for_reminder(today, after))):
        for obligation_id in ids:
            if _claim(obligation_id):
                obligation = db.session.get(ReciprocityObligation, obligation_id, options=[
                    joinedload(ReciprocityObligation.application).joinedload(Application.organisation),
                    joinedload(ReciprocityObligation.partner)])
                _remind(obligation)
                reminded += 1
        after = ids[-1]
        db.session.flush()
    return reminded


def _staff_of(application: Application) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.STAFF, User.active.is_(True),
                                                      User.organisation_id == application.organisation_id)
                                   .order_by(User.id)))


def _remind(obligation: ReciprocityObligation) -> None:
    application, partner = obligation.application, obligation.partner
    link = absolute_url("applications.show", application_id=application.id)
    for user in _staff_of(application):
        with force_locale(user.locale):
            subject = gettext("Return visit due in %(year)d: %(partner)s", year=obligation.due_year,
                              partner=partner.name)
            body = "\n".join([
                gettext("Hello %(name)s,", name=user.name), "",
                gettext('Your stay "%(title)s" owes %(partner)s a return visit in %(year)d. Plan the incoming stay '
                        'with the partner institution.', title=application.title, partner=partner.name,
                        year=obligation.due_year), "",
                gettext("See the application here:") + " " + link]) + "\n"
        queue_mail(user.email, subject, body, locale=user.locale)
    if partner.contact_email:
        language = partner_language(partner)
        with force_locale(language):
            subject = gettext("Your return visit to Québec in %(year)d", year=obligation.due_year)
            body = "\n".join([
                gettext("Hello,"), "",
                gettext('%(centre)s, which you hosted for the stay "%(title)s", looks forward to your return visit '
                        'in %(year)d. Propose your dates here:', centre=application.organisation.name,
                        title=application.title, year=obligation.due_year),
                link_url(obligation)]) + "\n"
        queue_mail(partner.contact_email, subject, body, locale=language)
