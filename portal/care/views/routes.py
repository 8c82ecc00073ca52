"""The care page of a project: staff record each participant's care items, the itinerary and local contact, and
report incidents; coordinators read everything (and are mailed each incident)."""
from __future__ import annotations

from datetime import UTC

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.applications.policy import application_for_reader, application_for_staff
from portal.care import operations, readiness
from portal.care.views.blueprint import bp
from portal.care.views.forms import CareDocumentForm, EmergencyContactForm, IncidentForm, StayCareForm
from portal.core.clock import QUEBEC_TZ
from portal.core.errors import DomainError
from portal.documents import kinds, uploads
from portal.documents.uploads import UploadRejected
from portal.extensions import db
from portal.models import Application, Role
from portal.privacy import access_log
from portal.web.access import roles_required
from portal.web.form_choices import choices

READERS = (Role.STAFF, Role.COORDINATOR)  # emergency contacts and incidents: the centre and the coordinators only
SHOWN = (selectinload(Application.participants),)  # the care page lists them (incident form, minors)


def _incident_form(application: Application, posted: bool) -> IncidentForm:
    form = IncidentForm() if posted else IncidentForm(formdata=None)
    form.participant_id.choices = choices([(0, _("The group / nobody in particular"))] + [
        (p.id, p.full_name) for p in application.participants])
    return form


def _render(application: Application, status: int = 200, **forms):
    care = readiness.stay_care_of(application)
    stay_form = forms.get("stay_form") or StayCareForm(formdata=None, obj=care)
    return render_template(
        "care/show.html", application=application, owner=application.owned_by(current_user),
        missing=readiness.missing_care(application), care=care, stay_form=stay_form,
        contacts=operations.emergency_contacts_of(application), documents=operations.care_documents_of(application),
        incidents=operations.incidents_of(application), contact_form=EmergencyContactForm(formdata=None),
        document_form=CareDocumentForm(formdata=None), incident_form=forms.get("incident_form")
        or _incident_form(application, posted=False), care_open=application.status in operations.CARE_OPEN,
        incident_open=application.status in operations.INCIDENT_OPEN,
        minors={p.id for p in application.participants
                if application.start_date and p.is_minor_on(application.start_date)},
        limits=uploads.document_limits(),
    ), status


def _refused(application_id: int, refused: DomainError):
    db.session.rollback()
    if refused.status_code in (403, 404):
        raise refused
    flash(refused.message, "danger")
    return _render(application_for_staff(current_user, application_id, options=SHOWN), refused.status_code)


def _invalid(application: Application, form, **forms) -> tuple:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "danger")
    return _render(application, 400, **forms)


def _done(application_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("care.show", application_id=application_id))


@bp.get("/<int:application_id>/encadrement")
@roles_required(*READERS)
def show(application_id: int):
    application = application_for_reader(current_user, application_id, options=SHOWN)
    access_log.care_opened(current_user, application)
    db.session.commit()
    return _render(application)


@bp.post("/<int:application_id>/encadrement/contact/<int:participant_id>")
@roles_required(Role.STAFF)
def emergency_contact(application_id: int, participant_id: int):
    application = application_for_staff(current_user, application_id, for_update=True, options=SHOWN)
    participant = operations.participant_of(application, participant_id)
    form = EmergencyContactForm()
    if not form.validate_on_submit():
        return _invalid(application, form)
    try:
        operations.set_emergency_contact(application, participant, form.data, current_user)
    except DomainError as refused:
        return _refused(application_id, refused)
    return _done(application_id, _("The emergency contact is recorded."))


@bp.post("/<int:application_id>/encadrement/document/<int:participant_id>")
@roles_required(Role.STAFF)
def care_document(application_id: int, participant_id: int):
    application = application_for_staff(current_user, application_id, for_update=True, options=(*SHOWN, *kinds.LOADS))
    participant = operations.participant_of(application, participant_id)
    form = CareDocumentForm()
    if not form.validate_on_submit():
        return _invalid(application, form)
    try:
        doc = operations.store_care_document(application, participant, form.kind.data, form.file.data, current_user)
    except UploadRejected as rejected:
        db.session.rollback()
        flash(uploads.rejection_message(rejected), "danger")
        return _render(application, 400)
    except DomainError as refused:
        return _refused(application_id, refused)
    uploads.commit_upload(doc)
    flash(_("The document was uploaded."), "success")
    return redirect(url_for("care.show", application_id=application_id))


@bp.post("/<int:application_id>/encadrement/sejour")
@roles_required(Role.STAFF)
def stay_care(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True, options=SHOWN)
    form = StayCareForm()
    if not form.validate_on_submit():
        return _invalid(application, form)
    try:
        operations.set_stay_care(application, form.data, current_user)
    except DomainError as refused:
        return _refused(application_id, refused)
    return _done(application_id, _("The itinerary and the local contact are recorded."))


@bp.post("/<int:application_id>/encadrement/incident")
@roles_required(Role.STAFF)
def incident(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True, options=SHOWN)
    form = _incident_form(application, posted=True)
    if not form.validate_on_submit():
        return _invalid(application, form, incident_form=form)
    # The form's time is Québec time; the database keeps naive UTC.
    local = form.occurred_at.data.replace(tzinfo=QUEBEC_TZ)
    values = {**form.data, "occurred_at": local.astimezone(UTC).replace(tzinfo=None)}
    try:
        operations.report_incident(application, values, current_user)
    except DomainError as refused:
        return _refused(application_id, refused)
    return _done(application_id, _("The incident is recorded; the coordinators have been told."))
