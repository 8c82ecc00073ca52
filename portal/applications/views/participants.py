"""Participants of an application: add, edit, remove, import a CSV student list (school staff of the centre).

Every route goes through ``access.application_for_staff`` (404 for another centre's project) and checks that the
participant belongs to that application (404 otherwise). Changes are possible only while the workflow allows
editing (draft, changes requested); otherwise 409.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal.applications import participants_csv, policy
from portal.applications.views.blueprint import bp
from portal.applications.views.participant_forms import (
    DeleteForm,
    ParticipantForm,
    ParticipantImportForm,
    kind_choices,
    kind_label,
)
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict
from portal.extensions import db
from portal.i18n.labels import status_label
from portal.models import Application, Participant, Role
from portal.web.access import roles_required
from portal.workflow import transitions

CONSENT_PURPOSE = "mobility"
IMPORT_TEMPLATE = "applications/participant_import.html"
FORM_TEMPLATE = "applications/participant_form.html"


# --- rules (no request, no commit) ---------------------------------------------------------------------------------

def is_editable(application: Application) -> bool:
    return transitions.can_edit(application)


def reference_date(application: Application) -> date:
    """The day on which minors are determined: the first day of the stay (today until it is known)."""
    return application.start_date or utcnow().date()


def is_minor(birth_date: date | None, application: Application) -> bool:
    return Participant(birth_date=birth_date).is_minor_on(reference_date(application))


def check_consents(form: ParticipantForm, application: Application) -> bool:
    """Parental consent required for a minor on the first day of the stay; the guardian's name with it."""
    ok = True
    if form.parental_consent.data and not (form.parental_consent_by.data or "").strip():
        form.parental_consent_by.errors.append(_("Give the name of the parent or guardian who consented."))
        ok = False
    if is_minor(form.birth_date.data, application) and not form.parental_consent.data:
        form.parental_consent.errors.append(_(
            "This participant is a minor on the first day of the stay (%(day)s): the consent of a parent or "
            "guardian is required.", day=format_date(reference_date(application))))
        ok = False
    return ok


def find_duplicate(application: Application, first_name: str, last_name: str, birth_date: date | None,
                   exclude: Participant | None = None) -> Participant | None:
    """The same person (names compared without case or accents, same date of birth) already on the project."""
    fold = participants_csv.fold
    key = (fold(first_name), fold(last_name), birth_date)
    for other in application.participants:
        if other is not exclude and (fold(other.first_name), fold(other.last_name), other.birth_date) == key:
            return other
    return None


def apply_form(participant: Participant, form: ParticipantForm) -> None:
    """Copy the form onto the participant; record (or re-record) consents with who, when and the purpose."""
    now = utcnow()
    participant.first_name = form.first_name.data.strip()
    participant.last_name = form.last_name.data.strip()
    participant.email = (form.email.data or "").strip() or None
    participant.birth_date = form.birth_date.data
    participant.kind = form.kind.data
    participant.trade = (form.trade.data or "").strip()
    participant.locale = form.locale.data
    participant.inclusion_needs = (form.inclusion_needs.data or "").strip()

    consent_by = (form.consent_by.data or "").strip() or participant.full_name
    if participant.consent_at is None or participant.consent_by != consent_by:
        participant.consent_by = consent_by[:200]
        participant.consent_at = now
        participant.consent_purpose = CONSENT_PURPOSE
    if form.parental_consent.data:
        guardian = form.parental_consent_by.data.strip()[:200]
        if participant.parental_consent_at is None or participant.parental_consent_by != guardian:
            participant.parental_consent_by = guardian
            participant.parental_consent_at = now
    else:
        participant.parental_consent_by = None
        participant.parental_consent_at = None


def import_rows(application: Application, rows: list[participants_csv.ParsedRow], importer_name: str) -> int:
    now = utcnow()
    consent_by = f"{importer_name} (import)"[:200]
    for row in rows:
        application.participants.append(Participant(
            first_name=row.first_name, last_name=row.last_name, email=row.email, birth_date=row.birth_date,
            kind=row.kind, trade=row.trade, locale=row.locale, consent_by=consent_by, consent_at=now,
            consent_purpose=CONSENT_PURPOSE, inclusion_needs="",
        ))
    return len(rows)


def audit(action: str, application: Application, **after) -> None:
    """Who changed the participant list, without personal data (names and needs stay in the application)."""
    add_event(current_user, action, "application", application.id, after=after or None)


# --- helpers for the views and the show page's partial -------------------------------------------------------------

def _application(application_id: int) -> Application:
    application = policy.application_for_staff(current_user, application_id, for_update=request.method == "POST")
    if not is_editable(application):
        raise Conflict(_(
            "The participants can no longer be changed: the project is %(status)s. They can only be changed while "
            "the project is a draft, or when the coordinator has asked for changes.",
            status=status_label(application.status).lower()))
    return application


def _participant(application: Application, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.application_id != application.id:
        abort(404)
    return participant


def _back(application: Application):
    return redirect(url_for("applications.show", application_id=application.id, _anchor="participants"))


def _form(application: Application, participant: Participant | None = None) -> ParticipantForm:
    form = ParticipantForm(obj=participant) if participant is not None and request.method == "GET" \
        else ParticipantForm()
    if participant is not None and request.method == "GET":
        form.consent.data = participant.consent_at is not None
        form.parental_consent.data = participant.parental_consent_at is not None
    form.kind.choices = kind_choices(application.call.program.kinds)
    return form


def _validate(form: ParticipantForm, application: Application) -> bool:
    """The form's validators, then the consent rules (both, so that every error shows at once)."""
    if request.method != "POST":
        return False
    valid = form.validate_on_submit()
    return check_consents(form, application) and valid


@bp.app_template_global()
def participant_kind_label(code: str) -> str:
    return kind_label(code)


@bp.app_template_global()
def participants_editable(application: Application) -> bool:
    """Show the add/edit/remove/import controls: staff of the owning centre, while the workflow allows edits."""
    return (current_user.is_authenticated and policy.can_edit(current_user, application)
            and is_editable(application))


@bp.app_template_global()
def participants_reference_date(application: Application) -> date:
    return reference_date(application)


# --- views -----------------------------------------------------------------------------------------------------------

@bp.route("/<int:application_id>/participants/nouveau", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participant_new(application_id: int):
    application = _application(application_id)
    form = _form(application)
    if _validate(form, application):
        if find_duplicate(application, form.first_name.data, form.last_name.data, form.birth_date.data):
            form.first_name.errors.append(_("This person is already a participant of this project."))
        else:
            participant = Participant()
            apply_form(participant, form)
            application.participants.append(participant)
            db.session.flush()
            audit("participant.added", application, participant_id=participant.id)
            db.session.commit()
            flash(_("%(name)s has been added.", name=participant.full_name), "success")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(FORM_TEMPLATE, form=form, application=application, participant=None), status


@bp.route("/<int:application_id>/participants/<int:participant_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participant_edit(application_id: int, participant_id: int):
    application = _application(application_id)
    participant = _participant(application, participant_id)
    form = _form(application, participant)
    if _validate(form, application):
        if find_duplicate(application, form.first_name.data, form.last_name.data, form.birth_date.data,
                          exclude=participant):
            form.first_name.errors.append(_("This person is already a participant of this project."))
        else:
            apply_form(participant, form)
            audit("participant.updated", application, participant_id=participant.id)
            db.session.commit()
            flash(_("%(name)s has been updated.", name=participant.full_name), "success")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(FORM_TEMPLATE, form=form, application=application, participant=participant), status


@bp.post("/<int:application_id>/participants/<int:participant_id>/supprimer")
@roles_required(Role.STAFF)
def participant_delete(application_id: int, participant_id: int):
    application = _application(application_id)
    participant = _participant(application, participant_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = participant.full_name
    application.participants.remove(participant)
    audit("participant.removed", application, participant_id=participant_id)
    db.session.commit()
    flash(_("%(name)s has been removed from the project.", name=name), "success")
    return _back(application)


@bp.route("/<int:application_id>/participants/importer", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participants_import(application_id: int):
    application = _application(application_id)
    form = ParticipantImportForm()
    errors: list[participants_csv.RowError] = []
    if form.validate_on_submit():
        data = form.file.data.read(participants_csv.MAX_BYTES + 1)
        result = participants_csv.parse(data, allowed_kinds=application.call.program.kinds, today=utcnow().date())
        errors = list(result.errors)
        for row in result.rows:
            if find_duplicate(application, row.first_name, row.last_name, row.birth_date):
                errors.append(participants_csv.RowError(row.line, _(
                    "line %(line)d: %(name)s is already a participant of this project.",
                    line=row.line, name=row.full_name)))
        if not errors:
            count = import_rows(application, result.rows, current_user.name)
            audit("participants.imported", application, count=count)
            db.session.commit()
            flash(ngettext("%(num)d participant has been imported.", "%(num)d participants have been imported.",
                           count), "success")
            minors = sum(1 for row in result.rows if is_minor(row.birth_date, application))
            if minors:
                flash(ngettext(
                    "%(num)d of them is a minor on the first day of the stay: record the parental consent.",
                    "%(num)d of them are minors on the first day of the stay: record their parental consent.",
                    minors), "warning")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(IMPORT_TEMPLATE, form=form, application=application, errors=errors,
                           max_rows=participants_csv.MAX_ROWS), status
