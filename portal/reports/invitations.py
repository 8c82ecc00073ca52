"""Invitations to the participants' reports: on completion, reminders (reminders.py) and staff resends.

Every message is in the participant's language and carries the participant's personal link.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template
from flask_babel import force_locale, format_datetime, gettext
from sqlalchemy import select

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, TooSoon
from portal.extensions import db
from portal.models import Application, Participant, StayReport, User
from portal.notifications import queue_mail
from portal.reports import links, stay_reports

INVITATION = "invitation"
REMINDER = "reminder"
RESEND = "resend"
RESEND_INTERVAL = timedelta(days=1)


def send_link(participant: Participant, kind: str, application: Application | None = None) -> None:
    """Queue the personal link to `participant` (who must have an e-mail), in the participant's language;
    `application` is the participant's, when the caller holds it already."""
    application = application or participant.application
    with force_locale(participant.locale):
        if kind == REMINDER:
            subject = gettext("Reminder: your report on the stay %(title)s", title=application.title)
        else:
            subject = gettext("Your report on the stay %(title)s", title=application.title)
        body = render_template("mail/report_invitation.txt", participant=participant, application=application,
                               link=links.url_for_participant(participant), reminder=kind == REMINDER)
    queue_mail(participant.email, subject, body, locale=participant.locale)


def invite_all(application: Application, at: datetime) -> int:
    """Invite every participant with an e-mail who was not invited yet; returns how many were invited."""
    invited = 0
    for participant in application.participants:
        if not participant.email:
            continue
        report = stay_reports.report_for(participant)
        if report.invited_at is not None:
            continue
        send_link(participant, INVITATION, application)
        report.invited_at = at
        invited += 1
    db.session.flush()
    return invited


def next_resend_at(report: StayReport | None) -> datetime | None:
    """When staff may resend again (None: now)."""
    if report is None or report.last_resent_at is None:
        return None
    return report.last_resent_at + RESEND_INTERVAL


def resend(participant: Participant, actor: User, at: datetime | None = None) -> StayReport:
    """Staff: send the link again, at most once a day per participant (checked under a row lock)."""
    at = at or utcnow()
    if not stay_reports.open_for_reports(participant.application):
        raise Conflict(gettext("Reports can only be filed once the stay is completed and until the file "
                                        "is closed."))
    if not participant.email:
        raise Conflict(gettext("This participant has no e-mail address."))
    report = stay_reports.report_for(participant)
    report = db.session.execute(select(StayReport).where(StayReport.id == report.id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one()
    if stay_reports.is_submitted(report):
        raise Conflict(gettext("This participant has already submitted the report."))
    allowed_at = next_resend_at(report)
    if allowed_at is not None and at < allowed_at:
        raise TooSoon(gettext(
            "The link was already resent to this participant in the last 24 hours. It can be resent again from "
            "%(when)s.", when=format_datetime(allowed_at, "short")))
    report.last_resent_at = at  # first: the new link carries it, and every earlier link stops working
    db.session.flush()
    send_link(participant, RESEND)
    if report.invited_at is None:
        report.invited_at = at
    add_event(actor, "stay_report.link_resent", "participant", participant.id,
              after={"application_id": participant.application_id})
    db.session.flush()
    return report
