"""After approval: staff mark the stay in progress, then completed; the coordinator closes the file."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.applications.policy import application_for_reader, application_for_staff
from portal.applications.views.blueprint import bp
from portal.applications.views.projects import SHOWN, _render_show
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Role
from portal.reports import final
from portal.reports.views.forms import ActionForm, CloseFileForm
from portal.web.access import roles_required
from portal.web.errors import render_error
from portal.workflow import stay, transitions

REPORT_STATES = (ApplicationStatus.COMPLETED, ApplicationStatus.CLOSED)


def _stay_panel(application: Application) -> dict[str, Any]:
    """What the stay section of the application page shows to the current user."""
    role = current_user.role if current_user.is_authenticated else None
    owner = application.owned_by(current_user)
    report = final.report_of(application) if application.status in REPORT_STATES else None
    return {
        "can_start": owner and transitions.allowed(application.status, transitions.Action.START_STAY, role),
        "can_complete": owner and transitions.allowed(application.status, transitions.Action.COMPLETE_STAY, role),
        "can_close": transitions.allowed(application.status, transitions.Action.CLOSE, role or ""),
        "reports_visible": application.status in REPORT_STATES,
        "final_report": report,
        "missing": final.missing_items(application) if application.status == ApplicationStatus.COMPLETED else None,
        "action_form": ActionForm(formdata=None),
        "close_form": CloseFileForm(formdata=None),
    }


@bp.app_context_processor
def _stay_helpers() -> dict[str, Any]:
    return {"stay_panel": _stay_panel}


def _refused(application_id: int, refused: DomainError):
    """The application page again, with the reason and the refusal's status (409 for a state or date refusal)."""
    db.session.rollback()
    if refused.status_code in (403, 404):
        return render_error(refused.status_code)
    flash(refused.message, "danger")
    return _render_show(application_for_reader(current_user, application_id, options=SHOWN), refused.status_code)


def _form_ok() -> bool:
    return ActionForm().validate_on_submit()


def _staff_step(application_id: int, operation, done_message: str):
    """Start or complete the stay: the centre's staff, a valid form, then the guarded operation (completing it
    invites each participant)."""
    application = application_for_staff(current_user, application_id, for_update=True,
                                        options=(selectinload(Application.participants),))
    if not _form_ok():
        return render_error(400)
    try:
        operation(application, current_user)
    except DomainError as refused:
        return _refused(application_id, refused)
    db.session.commit()
    flash(done_message, "success")
    return redirect(url_for("applications.show", application_id=application_id))


@bp.post("/<int:application_id>/sejour/debut")
@roles_required(Role.STAFF)
def stay_start(application_id: int):
    return _staff_step(application_id, stay.start_stay, _("The stay is marked in progress."))


@bp.post("/<int:application_id>/sejour/fin")
@roles_required(Role.STAFF)
def stay_complete(application_id: int):
    return _staff_step(application_id, stay.complete_stay,
                       _("The stay is marked completed. The participants have been invited to report on it."))


@bp.post("/<int:application_id>/cloturer")
@roles_required(Role.COORDINATOR)
def close_file(application_id: int):
    application = application_for_reader(current_user, application_id, options=final.MISSING_LOADS)
    form = CloseFileForm()
    if not form.validate_on_submit():
        return render_error(400)
    try:
        stay.close(application, current_user, form.override_reason.data)
    except DomainError as refused:
        return _refused(application_id, refused)
    db.session.commit()
    flash(_("The file is closed."), "success")
    return redirect(url_for("applications.show", application_id=application_id))
