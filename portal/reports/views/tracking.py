"""Staff and coordinators: who has reported, resend a link (once a day per participant), read one report."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from portal.applications.participants import is_minor
from portal.applications.policy import application_for_reader, application_for_staff
from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Application, Participant, Role
from portal.reports import invitations, stay_reports
from portal.reports.views.blueprint import bp
from portal.reports.views.forms import ActionForm
from portal.web.access import roles_required
from portal.web.errors import render_error

# The page lists the participants, and whether each one's report may be read (stay_reports.can_read reads the
# participant's application).
LOADS = (selectinload(Application.participants).joinedload(Participant.application),)


def _participant_of(application, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id, options=[joinedload(Participant.application)])
    if participant is None or participant.application_id != application.id:
        abort(404)
    return participant


def _rows(application):
    now = utcnow()
    rows = []
    for participant in application.participants:
        report = stay_reports.report_of(participant)
        allowed_at = invitations.next_resend_at(report)
        rows.append({
            "participant": participant, "report": report, "submitted": stay_reports.is_submitted(report),
            "minor": is_minor(participant.birth_date, application),
            "readable": stay_reports.can_read(current_user, participant),
            "can_resend": bool(participant.email) and not stay_reports.is_submitted(report)
            and (allowed_at is None or now >= allowed_at),
            "resend_from": allowed_at if allowed_at and now < allowed_at else None,
        })
    return rows


@bp.get("/projet/<int:application_id>/participants")
@login_required
def tracking(application_id: int):
    application = application_for_reader(current_user, application_id, options=LOADS)
    is_owner = application.owned_by(current_user)
    rows = _rows(application)
    return render_template("reports/tracking.html", application=application, rows=rows, is_owner=is_owner,
                           is_open=stay_reports.open_for_reports(application), action_form=ActionForm(),
                           submitted_count=sum(1 for row in rows if row["submitted"]))


@bp.post("/projet/<int:application_id>/participants/<int:participant_id>/renvoyer")
@roles_required(Role.STAFF)
def resend(application_id: int, participant_id: int):
    application = application_for_staff(current_user, application_id)
    participant = _participant_of(application, participant_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        invitations.resend(participant, current_user)
    except DomainError as refused:
        db.session.rollback()
        return render_error(refused.status_code, refused.message)
    db.session.commit()
    flash(_("The link has been sent again to %(name)s.", name=participant.full_name), "success")
    return redirect(url_for("reports.tracking", application_id=application.id))


@bp.get("/projet/<int:application_id>/participants/<int:participant_id>")
@login_required
def show(application_id: int, participant_id: int):
    application = application_for_reader(current_user, application_id)
    participant = _participant_of(application, participant_id)
    if not stay_reports.can_read(current_user, participant):
        abort(404)
    report = stay_reports.report_of(participant)
    return render_template("reports/show.html", application=application, participant=participant, report=report,
                           submitted=stay_reports.is_submitted(report))
