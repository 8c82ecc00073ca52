"""School staff's projects: list, create, edit, show (with the live eligibility checklist), submit, withdraw.

Every view that names an application goes through policy.application_for_staff / application_for_reader: another
centre's project is a 404, never a 403, so its existence is not disclosed. Views parse the form, call an
operation, commit once, then redirect or render. Submitting and withdrawing are confirmed first (web/confirm.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.applications import eligibility
from portal.applications import operations as project_operations
from portal.applications.operations import ProjectValues
from portal.applications.policy import application_for_reader, application_for_staff
from portal.applications.views.blueprint import bp
from portal.applications.views.conditions import PROJECT_SHOW_WHEN
from portal.applications.views.forms import (
    DIRECTION_LABELS,
    GROUP_KIND_LABELS,
    TRAVEL_MODE_LABELS,
    EditApplicationForm,
    NewApplicationForm,
    SubmitApplicationForm,
    WithdrawApplicationForm,
    allowed_countries,
    country_name,
    version_of,
)
from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.funding import budgets
from portal.i18n import current_language
from portal.i18n.countries import subdivision_name
from portal.i18n.formatting import money
from portal.models import (
    Application,
    ApplicationStatus,
    Call,
    Decision,
    Organisation,
    OrganisationKind,
    Role,
    paging,
)
from portal.web import confirm
from portal.web.access import roles_required
from portal.web.dashboards import open_calls
from portal.web.forms import submitted_formdata
from portal.workflow import operations, transitions

# --- helpers -----------------------------------------------------------------------------------------------------

def _active_partners(keep_id: int | None = None) -> list[Organisation]:
    """Active partner institutions, plus the one already chosen (kept even if it was deactivated since)."""
    condition = Organisation.active.is_(True)
    if keep_id:
        condition = condition | (Organisation.id == keep_id)
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.PARTNER, condition)
        .order_by(Organisation.name)
    ))


def _staff_may(application: Application, action: str) -> bool:
    """Whether the current user may take `action` on this application now (buttons; the operations re-check)."""
    if not application.owned_by(current_user):
        return False
    return transitions.allowed(application.status, action, current_user.role)


def _submit_action(application: Application) -> str:
    return (transitions.Action.RESUBMIT if application.status == ApplicationStatus.CHANGES_REQUESTED
            else transitions.Action.SUBMIT)


def _display_context() -> dict[str, Any]:
    language = current_language()
    return {
        "country_name": lambda code: country_name(code, language),
        "subdivision_name": lambda code: subdivision_name(code, language),
        "direction_labels": DIRECTION_LABELS,
        "group_kind_labels": GROUP_KIND_LABELS,
        "travel_mode_labels": TRAVEL_MODE_LABELS,
        "language": language,
    }


# What the project page shows and its checklist reads: options for the query that loads the application.
SHOWN = (selectinload(Application.call).selectinload(Call.program), selectinload(Application.organisation),
         selectinload(Application.partner), selectinload(Application.participants),
         selectinload(Application.funding_lines), selectinload(Application.snapshots))


def _render_show(application: Application, status: int = 200, *,
                 withdraw_form: WithdrawApplicationForm | None = None):
    is_owner = application.owned_by(current_user)
    editable = is_owner and transitions.can_edit(application)
    submit_form = SubmitApplicationForm(formdata=None)
    submit_form.version.data = application.version
    if application.status == ApplicationStatus.CHANGES_REQUESTED:
        submit_form.submit.label.text = _("Submit the project again")
    context = {
        "application": application,
        "checklist": eligibility.evaluate(application, utcnow()),
        "is_owner": is_owner,
        "editable": editable,
        "can_submit": _staff_may(application, _submit_action(application)),
        "can_withdraw": _staff_may(application, transitions.Action.WITHDRAW),
        "submit_form": submit_form,
        "withdraw_form": withdraw_form or WithdrawApplicationForm(formdata=None),
        "decisions": db.session.scalars(
            select(Decision).where(Decision.application_id == application.id)
            .order_by(Decision.created_at, Decision.id).options(joinedload(Decision.actor))).all(),
    }
    context.update(_display_context())
    return render_template("applications/show.html", **context), status


PER_PAGE = 50
# Last changed first; the index (organisation_id, updated_at, id) serves the page at any depth.
PROJECT_KEYS = (paging.Key(Application.updated_at, datetime), paging.Key(Application.id, int))

# --- views -------------------------------------------------------------------------------------------------------

@bp.get("/")
@roles_required(Role.STAFF)
def index():
    status = request.args.get("status", "")
    if status and status not in set(ApplicationStatus):
        status = ""  # an unknown filter shows every project rather than an error page
    query = select(Application).options(joinedload(Application.call)).where(
        Application.organisation_id == current_user.organisation_id)
    if status:
        query = query.where(Application.status == status)
    page = paging.fetch(query, PROJECT_KEYS, lambda application: (application.updated_at, application.id),
                        cursor=request.args.get("cursor"), per_page=PER_PAGE, descending=True, scalars=True)
    return render_template("applications/index.html", applications=page.items, page=page, open_calls=open_calls(),
                           centre=db.session.get(Organisation, current_user.organisation_id), status_filter=status)


@bp.route("/nouveau", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def new():
    calls = open_calls(*(budgets.RATE_ROW_LOADS if request.method == "POST" else ()))  # creating computes a budget
    language = current_language()
    countries = {code for call in calls for code in allowed_countries(call.program)}
    form = NewApplicationForm(submitted_formdata(PROJECT_SHOW_WHEN), partners=_active_partners(), countries=countries,
                              language=language, open_calls=calls)
    call_error = None
    requested = request.args.get("call", type=int)
    if request.method == "GET" and "call" in request.args:
        if requested in {call.id for call in calls}:
            form.call_id.data = requested
        else:
            call_error = _("This call is closed or does not exist: a project can only be started for an open call.")
    if form.validate_on_submit():
        application = project_operations.create_application(current_user, form.call, form.values())
        db.session.commit()
        flash(_("Your project has been created as a draft. Add its participants and documents, then submit it."),
              "success")
        return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/form.html", form=form, show_when=PROJECT_SHOW_WHEN, application=None, open_calls=calls,
                           call_error=call_error, conflict=None)


@bp.get("/<int:application_id>")
@login_required
def show(application_id: int):
    application = application_for_reader(current_user, application_id, options=SHOWN)
    return _render_show(application)


@bp.route("/<int:application_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def edit(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=request.method == "POST",
                                        options=budgets.RECOMPUTE_LOADS)  # saving recomputes the budget
    project_operations.ensure_editable(application)
    countries = set(allowed_countries(application.call.program)) | ({application.destination_country} - {None})
    form = EditApplicationForm(submitted_formdata(PROJECT_SHOW_WHEN), partners=_active_partners(application.partner_id),
                               countries=countries, language=current_language())
    if request.method == "GET":
        form.load(application)
        form.version.data = application.version
    elif form.validate_on_submit():
        if version_of(form.version) != application.version:
            return _render_conflict(application, form)
        changes = project_operations.update_application(current_user, application, form.values())
        try:
            db.session.commit()
        except StaleDataError:  # saved by someone else between our read and our write
            db.session.rollback()
            return _render_conflict(db.session.get(Application, application_id), form)
        flash(_("Your changes have been saved.") if changes else _("Nothing was changed."), "success")
        return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/form.html", form=form, show_when=PROJECT_SHOW_WHEN, application=application, open_calls=[],
                           call_error=None, conflict=None, call=application.call)


def _render_conflict(application: Application, form: EditApplicationForm):
    """Someone saved the project after this form was loaded: keep the user's input, save nothing, explain."""
    saved, mine = ProjectValues.of(application), form.values()
    differing = [label for name, label in form.labels().items() if getattr(saved, name) != getattr(mine, name)]
    form.version.data = application.version  # saving again now is a deliberate overwrite of the newer version
    return render_template("applications/form.html", form=form, show_when=PROJECT_SHOW_WHEN, application=application, open_calls=[],
                           call_error=None, conflict={"fields": differing}, call=application.call), 409


def _confirm_submission(application: Application):
    """What submitting does, with the amount the frozen budget will request (read inside the rehearsal)."""
    requested = confirm.rehearse(lambda: operations.submit(application, current_user, utcnow()),
                                 lambda: application.requested_total_cents)
    return confirm.ask(confirm.Confirmation(
        title=_("Submit the project?"), button=_("Submit the project"),
        cancel_url=url_for("applications.show", application_id=application.id),
        consequences=[_("The project “%(title)s” will be sent to the coordinators, who will review it.",
                        title=application.title),
                      _("Amount requested: %(amount)s.", amount=money(requested or 0)),
                      _("You will no longer be able to change it, unless the coordinators ask for changes.")]))


@bp.post("/<int:application_id>/soumettre")
@roles_required(Role.STAFF)
def submit(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True,
                                        options=(*operations.SUBMIT_LOADS, selectinload(Application.snapshots)))
    form = SubmitApplicationForm()
    if not form.validate_on_submit():  # CSRF is checked before the view; these are the fields' own messages
        flash(" ".join(str(message) for messages in form.errors.values() for message in messages), "danger")
        return _render_show(application, 400)
    posted_version = version_of(form.version)
    if posted_version is not None and posted_version != application.version:
        flash(_("The project was changed after you opened this page. Review it, then submit it again."), "warning")
        return _render_show(application, 409)
    try:
        if not confirm.confirmed():
            return _confirm_submission(application)
        operations.submit(application, current_user, utcnow())
    except DomainError as refused:
        db.session.rollback()
        application = application_for_staff(current_user, application_id, options=SHOWN)
        # The failed rules are listed by the checklist: the flash keeps the message's first line only.
        flash(refused.message.splitlines()[0] if refused.failed else refused.message, "danger")
        return _render_show(application, refused.status_code)
    db.session.commit()
    flash(_("Your project has been submitted. The coordinators have been notified."), "success")
    return redirect(url_for("applications.show", application_id=application_id))


@bp.post("/<int:application_id>/retirer")
@roles_required(Role.STAFF)
def withdraw(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True, options=SHOWN)
    form = WithdrawApplicationForm()
    if not form.validate_on_submit():
        return _render_show(application, 400, withdraw_form=form)
    try:
        if not confirm.confirmed():
            confirm.rehearse(lambda: operations.withdraw(application, current_user, form.comment.data))
            return confirm.ask(confirm.Confirmation(
                title=_("Withdraw this project?"), button=_("Withdraw the project"), danger=True,
                cancel_url=url_for("applications.show", application_id=application_id),
                consequences=[_("The project “%(title)s” will be withdrawn; the coordinators will see your reason.",
                                title=application.title),
                              _("This cannot be undone: a withdrawn project can no longer be submitted.")]))
        operations.withdraw(application, current_user, form.comment.data)
    except DomainError as refused:
        db.session.rollback()
        application = application_for_staff(current_user, application_id, options=SHOWN)
        flash(refused.message, "danger")
        return _render_show(application, refused.status_code)
    db.session.commit()
    flash(_("The project has been withdrawn."), "info")
    return redirect(url_for("applications.show", application_id=application_id))
