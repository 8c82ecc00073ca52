"""Mail of the pairing steps, each in its recipient's language."""
from __future__ import annotations

from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal.extensions import db
from portal.i18n.countries import country_name
from portal.i18n.formatting import long_date
from portal.models import Application, Organisation, Pairing, Role, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url


def _users(*conditions) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), *conditions).order_by(User.id)))


def _send_each(users: list[User], compose) -> None:
    for user in users:
        with force_locale(user.locale):
            subject, body = compose(user)
        queue_mail(user.email, subject, body, locale=user.locale)


def _place(partner: Organisation, language: str) -> str:
    return f"{partner.name} ({partner.city}, {country_name(partner.country_code, language)})"


def notify_staff_of_pairing(application: Application, partner: Organisation) -> None:
    link = absolute_url("applications.show", application_id=application.id)

    def compose(user: User) -> tuple[str, str]:
        subject = gettext("Partner proposed for your project: %(title)s", title=application.title)
        lines = [gettext("Hello %(name)s,", name=user.name), "",
                 gettext('The coordinator has paired the project "%(title)s" with %(partner)s.',
                         title=application.title, partner=_place(partner, user.locale)),
                 gettext("The partner institution will be asked to confirm that it can host the stay."), "",
                 gettext("See the application here:") + " " + link]
        return subject, "\n".join(lines) + "\n"

    _send_each(_users(User.role == Role.STAFF, User.organisation_id == application.organisation_id), compose)


def notify_coordinators_of_response(pairing: Pairing, application: Application) -> None:
    link = absolute_url("partners.pairing", application_id=application.id)
    confirmed = pairing.status == "confirmed"

    def compose(user: User) -> tuple[str, str]:
        if confirmed:
            subject = gettext("Partner confirmed: %(title)s", title=application.title)
            text = gettext('%(partner)s has confirmed that it can host the stay "%(title)s".',
                           partner=pairing.partner.name, title=application.title)
        else:
            subject = gettext("Partner declined: %(title)s", title=application.title)
            text = gettext('%(partner)s has declined to host the stay "%(title)s".',
                           partner=pairing.partner.name, title=application.title)
        lines = [gettext("Hello %(name)s,", name=user.name), "", text]
        if pairing.partner_comment:
            lines += ["", gettext("Comment:"), pairing.partner_comment]
        lines += ["", gettext("See the pairing here:") + " " + link]
        return subject, "\n".join(lines) + "\n"

    _send_each(_users(User.role == Role.COORDINATOR), compose)


def send_link_to_partner(pairing: Pairing, application: Application, url: str, language: str, days: int) -> None:
    partner = pairing.partner
    with force_locale(language):
        subject = gettext("Hosting request from Québec: %(title)s", title=application.title)
        dates = ""
        if application.start_date and application.end_date:
            dates = gettext("Dates: %(start)s to %(end)s", start=long_date(application.start_date, language),
                            end=long_date(application.end_date, language))
        lines = [gettext("Hello %(name)s,", name=partner.contact_name or partner.name), "",
                 gettext("%(centre)s, a vocational training centre in Québec, proposes that your institution host "
                         'the stay "%(title)s".', centre=application.organisation.name, title=application.title)]
        if dates:
            lines.append(dates)
        lines += ["", gettext("Please tell us whether you can host it, through this link (valid for %(days)d days, "
                              "usable once; no account is needed):", days=days), url]
        body = "\n".join(lines) + "\n"
    queue_mail(partner.contact_email, subject, body, locale=language)
