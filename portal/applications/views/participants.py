"""Participants of an application: add, edit, remove, import a CSV student list (school staff of the centre).

Every route goes through ``policy.application_for_staff`` (404 for another centre's project) and checks that the
participant belongs to that application (404 otherwise). Changes are possible only while the workflow allows
editing (draft, changes requested); otherwise 409.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.applications import participants, participants_csv, policy
from portal.applications.participants import ParticipantValues
from portal.applications.views.blueprint import bp
from portal.applications.views.conditions import PARTICIPANT_SHOW_WHEN
from portal.applications.views.participant_forms import (
    IMPORT_LIMITS,
    DeleteForm,
    ParticipantForm,
    ParticipantImportForm,
    kind_choices,
    kind_label,
)
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import budgets
from portal.i18n.formatting import money
from portal.models import Application, Participant, Role
from portal.web import confirm
from portal.web.access import roles_required
from portal.web.forms import submitted_formdata
from portal.workflow import transitions

IMPORT_TEMPLATE = "applications/participant_import.html"
FORM_TEMPLATE = "applications/participant_form.html"


# --- helpers for the views and the show page's partial -------------------------------------------------------------

def _application(application_id: int) -> Application:
    application = policy.application_for_staff(current_user, application_id, for_update=request.method == "POST",
                                               options=budgets.RECOMPUTE_LOADS)  # every change recomputes
    participants.ensure_editable(application)
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
        else ParticipantForm(submitted_formdata(PARTICIPANT_SHOW_WHEN))
    if participant is not None and request.method == "GET":
        form.consent.data = participant.consent_at is not None
        form.parental_consent.data = participant.parental_consent_at is not None
    form.kind.choices = kind_choices(application.call.program.kinds)
    return form


def _values(form: ParticipantForm) -> ParticipantValues:
    return ParticipantValues(
        first_name=form.first_name.data or "", last_name=form.last_name.data or "", email=form.email.data,
        birth_date=form.birth_date.data, kind=form.kind.data, trade=form.trade.data, locale=form.locale.data,
        inclusion_needs=form.inclusion_needs.data, consent_by=form.consent_by.data,
        parental_consent=bool(form.parental_consent.data), parental_consent_by=form.parental_consent_by.data)


def _show_problems(form: ParticipantForm, problems: list[tuple[str, str]]) -> None:
    for field_name, message in problems:
        getattr(form, field_name).errors.append(message)


def _submitted_values(form: ParticipantForm, application: Application) -> ParticipantValues | None:
    """The posted values once the form's validators pass; else None, with the consent rules' messages shown
    next to the validators' ones (every error at once)."""
    if request.method != "POST":
        return None
    valid = form.validate_on_submit()
    values = _values(form)
    if not valid:
        _show_problems(form, participants.consent_problems(values, application))
        return None
    return values


@bp.app_template_global()
def participant_kind_label(code: str) -> str:
    return kind_label(code)


@bp.app_template_global()
def participants_editable(application: Application) -> bool:
    """Show the add/edit/remove/import controls: staff of the owning centre, while the workflow allows edits."""
    return (current_user.is_authenticated and policy.can_edit(current_user, application)
            and transitions.can_edit(application))


@bp.app_template_global()
def participants_reference_date(application: Application) -> date:
    return participants.minors_reference_day(application)


# --- views -----------------------------------------------------------------------------------------------------------

@bp.route("/<int:application_id>/participants/nouveau", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participant_new(application_id: int):
    application = _application(application_id)
    form = _form(application)
    values = _submitted_values(form, application)
    if values is not None:
        try:
            participant = participants.add_participant(current_user, application, values)
        except InvalidInput as refused:
            _show_problems(form, refused.failed)
        else:
            db.session.commit()
            flash(_("%(name)s has been added.", name=participant.full_name), "success")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(FORM_TEMPLATE, form=form, application=application, participant=None,
                           show_when=PARTICIPANT_SHOW_WHEN), status


@bp.route("/<int:application_id>/participants/<int:participant_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participant_edit(application_id: int, participant_id: int):
    application = _application(application_id)
    participant = _participant(application, participant_id)
    form = _form(application, participant)
    values = _submitted_values(form, application)
    if values is not None:
        try:
            participants.update_participant(current_user, application, participant, values)
        except InvalidInput as refused:
            _show_problems(form, refused.failed)
        else:
            db.session.commit()
            flash(_("%(name)s has been updated.", name=participant.full_name), "success")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(FORM_TEMPLATE, form=form, application=application, participant=participant,
                           show_when=PARTICIPANT_SHOW_WHEN), status


@bp.post("/<int:application_id>/participants/<int:participant_id>/supprimer")
@roles_required(Role.STAFF)
def participant_delete(application_id: int, participant_id: int):
    application = _application(application_id)
    participant = _participant(application, participant_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = participant.full_name
    if not confirm.confirmed():
        return _confirm_removal(application, participant)
    participants.remove_participant(current_user, application, participant)
    db.session.commit()
    flash(_("%(name)s has been removed from the project.", name=name), "success")
    return _back(application)


def _confirm_removal(application: Application, participant: Participant):
    before = application.requested_total_cents
    after = confirm.rehearse(lambda: participants.remove_participant(current_user, application, participant),
                             lambda: application.requested_total_cents)
    consequences = [_("%(name)s will be removed from the project, with what was recorded about them.",
                      name=participant.full_name)]
    if application.funding_lines and before != after:
        consequences.append(_("The budget will be computed again without them: %(before)s requested, then "
                              "%(after)s.", before=money(before or 0), after=money(after or 0)))
    return confirm.ask(confirm.Confirmation(
        title=_("Remove %(name)s?", name=participant.full_name), button=_("Remove from the project"), danger=True,
        cancel_url=url_for("applications.show", application_id=application.id, _anchor="participants"),
        consequences=consequences))


@bp.route("/<int:application_id>/participants/importer", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participants_import(application_id: int):
    application = _application(application_id)
    form = ParticipantImportForm()
    errors: list[participants_csv.RowError] = []
    if form.validate_on_submit():
        data = form.file.data.read(participants_csv.MAX_BYTES + 1)
        try:
            imported = participants.import_participants(current_user, application, data)
        except InvalidInput as refused:
            errors = refused.failed
        else:
            db.session.commit()
            flash(ngettext("%(num)d participant has been imported.", "%(num)d participants have been imported.",
                           imported.count), "success")
            if imported.minors:
                flash(ngettext(
                    "%(num)d of them is a minor on the first day of the stay: record the parental consent.",
                    "%(num)d of them are minors on the first day of the stay: record their parental consent.",
                    imported.minors), "warning")
            return _back(application)
    status = 422 if request.method == "POST" else 200
    return render_template(IMPORT_TEMPLATE, form=form, application=application, errors=errors,
                           max_rows=participants_csv.MAX_ROWS, limits=IMPORT_LIMITS), status
