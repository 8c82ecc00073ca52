"""Coordinators' queue, ministry officers' queue, the review page and its decision forms.

Views only parse the form and call the review operations (portal/workflow/review.py), then commit once. A form
shown for an older version of the application is refused (409) and changes nothing; a resent form finds the
decision its one-time key already made. Every decision is confirmed first, with what it will do (web/confirm.py).
Other roles get 403; a draft, or an unknown id, is a 404.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.applications.policy import can_read
from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.i18n import current_language
from portal.i18n.countries import country_choices, country_name
from portal.i18n.formatting import money
from portal.i18n.labels import status_label
from portal.models import Application, ApplicationStatus, Call, Program, Region, ReviewStage, Role
from portal.review import queries
from portal.review.views import forms, page
from portal.review.views.blueprint import bp
from portal.web import confirm
from portal.web.access import roles_required
from portal.workflow import review
from portal.workflow.transitions import Action

REVIEWERS = (Role.COORDINATOR, Role.MINISTRY)


def _application(application_id: int, *, for_update: bool = False) -> Application:
    """An application the reviewer may read, or 404 (drafts are the centre's business), with what the review page
    and the decisions read of it (page.LOADS)."""
    application = db.session.get(Application, application_id, with_for_update=for_update or None,
                                 options=list(page.LOADS), populate_existing=True)  # so the options apply
    if (application is None or application.status == ApplicationStatus.DRAFT
            or not can_read(current_user, application)):
        abort(404)
    return application


def _render_show(application: Application, status: int = 200, **kwargs):
    return render_template("review/show.html", **page.context(application, **kwargs)), status


# --- queues ------------------------------------------------------------------------------------------------------

def _call_choices(language: str) -> list[tuple[str, str]]:
    """Every call, newest first: the two columns shown, not each call's rates and settings."""
    title = Call.title_en if language == "en" else Call.title_fr
    return [(str(call_id), text) for call_id, text in
            db.session.execute(select(Call.id, title).order_by(Call.year.desc(), Call.id))]


def _filter_choices(form: forms.QueueFilterForm) -> None:
    language = current_language()
    everything = ("", _("All"))
    form.status.choices = forms.choices(
        [everything] + [(code, status_label(code)) for code in queries.QUEUE_STATUSES])
    form.call.choices = forms.choices([everything] + _call_choices(language))
    programs = db.session.scalars(select(Program).order_by(Program.code)).all()  # a few rows: names and countries
    form.program.choices = forms.choices([everything] + [(str(program.id), program.name(language))
                                                         for program in programs])
    form.region.choices = forms.choices([everything] + [
        (region.code, f"{region.code} — {region.name}")
        for region in db.session.scalars(select(Region).order_by(Region.code))])
    form.country.choices = forms.choices([everything] + country_choices(queries.country_choices(programs), language))


def _as_int(text: str | None) -> int | None:
    return int(text) if text else None  # the choices were validated: ids only


def _filters(form: forms.QueueFilterForm) -> queries.QueueFilters:
    as_int = _as_int
    return queries.QueueFilters(
        status=form.status.data or "", call_id=as_int(form.call.data), program_id=as_int(form.program.data),
        region_code=form.region.data or "", in_cmm={"in": True, "out": False}.get(form.cmm.data),
        country=form.country.data or "", min_age_days=form.min_age.data, max_age_days=form.max_age.data,
        sort=form.sort.data or "age", descending=form.order.data == "desc", to_pair=bool(form.to_pair.data))


@bp.get("/")
@roles_required(Role.COORDINATOR)
def queue():
    form = forms.QueueFilterForm(request.args)
    _filter_choices(form)
    status = 200
    filters = queries.QueueFilters()
    if request.args and not form.validate():
        status = 400  # the errors are shown next to the fields; the default queue is listed
    elif request.args:
        filters = _filters(form)
    now = utcnow()
    result = queries.page_of_queue(filters, now, request.args.get("cursor") if status == 200 else None)
    query_args = {key: value for key, value in request.args.items() if key not in ("cursor", "submit") and value}
    return render_template("review/queue.html", form=form, page=result, now=now, query_args=query_args,
                           amendments=queries.amendments_page(current_user.role, per_page=AMENDMENTS_IN_BOX),
                           days_in_queue=queries.days_in_queue,
                           country_name=lambda code: country_name(code, current_language()),
                           language=current_language()), status


@bp.get("/ministere")
@roles_required(Role.MINISTRY)
def ministry_queue():
    form = forms.MinistryFilterForm(request.args)
    form.call.choices = forms.choices([("", _("All"))] + _call_choices(current_language()))
    status, call_id = 200, None
    if request.args and not form.validate():
        status = 400
    elif form.call.data:
        call_id = int(form.call.data)
    result = queries.ministry_page(call_id, request.args.get("cursor") if status == 200 else None)
    query_args = {"call": form.call.data} if call_id else {}
    return render_template("review/ministry_queue.html", form=form, groups=result.groups, page=result.page,
                           amendments=queries.amendments_page(current_user.role, per_page=AMENDMENTS_IN_BOX),
                           query_args=query_args, language=current_language(), now=utcnow(),
                           days_in_queue=queries.days_in_queue), status


AMENDMENTS_IN_BOX = 5  # above a queue; the rest on the amendments page


@bp.get("/modifications")
@roles_required(*REVIEWERS)
def amendments():
    """The amendments waiting for the reader's decision, each a link to where it is decided."""
    return render_template("review/amendments.html",
                           amendments=queries.amendments_page(current_user.role, request.args.get("cursor")))


# --- review page and decisions -----------------------------------------------------------------------------------

@bp.get("/<int:application_id>")
@roles_required(*REVIEWERS)
def show(application_id: int):
    return _render_show(_application(application_id))


def _decide(application_id: int, action: str):
    """Validate the posted form of `action`, refuse a stale or reused one, then call the operation."""
    application = _application(application_id, for_update=True)
    form = page.DECISION_FORMS[action]()
    amounts, line_errors = forms.parse_line_amounts(application.funding_lines, request.form)
    values = forms.line_values(application.funding_lines, request.form)
    valid = form.validate_on_submit()
    if not valid or line_errors:
        return _render_show(application, 400, posted={action: form}, line_values=values, line_errors=line_errors)

    prior = review.decision_with_key(form.idempotency_key.data)
    if prior is not None:  # a double click or a resent form: its decision is already recorded
        if prior.application_id != application.id or prior.action != action:
            return _refused(application_id, _("This form has already been used for another decision."))
        flash(_("This decision has already been recorded."), "info")
        return redirect(url_for("review.show", application_id=application_id))
    if form.posted_version() != application.version:
        return _refused(application_id, _("Someone else acted on this application meanwhile; reload the page "
                                          "to see its current state. Nothing was changed."))
    try:
        if not confirm.confirmed():
            return confirm.ask(_confirmation(action, application, form, amounts))
        _call_operation(action, application, form, amounts)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code in (403, 404):
            abort(refused.status_code)
        return _render_show(_application(application_id), refused.status_code, posted={action: form},
                            line_values=values, line_errors={}, alert=refused.message)
    except (StaleDataError, IntegrityError):  # another request acted (or used this key) between our read and write
        db.session.rollback()
        if review.decision_with_key(form.idempotency_key.data) is not None:
            flash(_("This decision has already been recorded."), "info")
            return redirect(url_for("review.show", application_id=application_id))
        return _refused(application_id, _("Someone else acted on this application meanwhile; reload the page "
                                          "to see its current state. Nothing was changed."))
    flash(_success_message(action), "success")
    return redirect(url_for("review.show", application_id=application_id))


def _refused(application_id: int, message: str):
    db.session.rollback()
    return _render_show(_application(application_id), 409, alert=message)


def _call_operation(action: str, application: Application, form: forms.DecisionForm, amounts: dict[int, int]):
    key = form.idempotency_key.data
    if action == Action.REQUEST_CHANGES:
        return review.request_changes(application, current_user, form.comment.data, idempotency_key=key)
    if action == Action.RECOMMEND:
        lines = {line.id: line for line in application.funding_lines}
        # Only amounts that differ from the request are adjustments (an untouched field is not one).
        adjustments = {line_id: cents for line_id, cents in amounts.items()
                       if cents != lines[line_id].effective_requested_cents}
        return review.recommend(application, current_user, comment=form.comment.data, adjustments=adjustments,
                                reason=form.reason.data, idempotency_key=key)
    if action == Action.REJECT:
        stage = ReviewStage.MINISTRY if current_user.role == Role.MINISTRY else ReviewStage.COORDINATOR
        return review.reject(application, current_user, stage, form.reason.data, idempotency_key=key)
    if action == Action.SEND_BACK:
        return review.send_back(application, current_user, form.comment.data, idempotency_key=key)
    return review.approve(application, current_user, approved=amounts, idempotency_key=key)


def _confirmation(action: str, application: Application, form: forms.DecisionForm,
                  amounts: dict[int, int]) -> confirm.Confirmation:
    """What the decision will do, rehearsed: the approval's money as the envelope would hold it."""
    def decide():
        return _call_operation(action, application, form, amounts)

    title = application.title
    if action == Action.APPROVE:
        moved, remaining = confirm.envelope_effect(application.call_id, decide)
        consequences = [_("The application “%(title)s” will be approved.", title=title),
                        confirm.money_consequence(moved, remaining)]
    elif action == Action.RECOMMEND:
        requested = confirm.rehearse(decide, lambda: sum(line.effective_requested_cents
                                                         for line in application.funding_lines))
        consequences = [_("The application “%(title)s” will be recommended to the ministry, with %(amount)s "
                          "requested.", title=title, amount=money(requested or 0))]
    else:
        confirm.rehearse(decide)
        consequences = [{
            Action.REQUEST_CHANGES: _("The application “%(title)s” will go back to the centre's staff with your "
                                      "comment; they can change it and submit it again.", title=title),
            Action.SEND_BACK: _("The application “%(title)s” will go back to the coordinator with your comment.",
                                title=title),
            Action.REJECT: _("The application “%(title)s” will be rejected. This cannot be undone.", title=title),
        }[action]]
    consequences.append(_("The centre's staff will be notified."))
    return confirm.Confirmation(title=_("Confirm your decision"), consequences=consequences,
                                button=str(form.submit.label.text), danger=action == Action.REJECT,
                                cancel_url=url_for("review.show", application_id=application.id))


def _success_message(action: str) -> str:
    return {
        Action.REQUEST_CHANGES: _("Changes have been requested. The centre's staff have been notified."),
        Action.RECOMMEND: _("The application has been recommended to the ministry."),
        Action.REJECT: _("The application has been rejected. The centre's staff have been notified."),
        Action.SEND_BACK: _("The application has been sent back to the coordinator."),
        Action.APPROVE: _("The application has been approved and its amounts committed to the envelope."),
    }[action]


@bp.post("/<int:application_id>/demander-des-modifications")
@roles_required(Role.COORDINATOR)
def request_changes(application_id: int):
    return _decide(application_id, Action.REQUEST_CHANGES)


@bp.post("/<int:application_id>/recommander")
@roles_required(Role.COORDINATOR)
def recommend(application_id: int):
    return _decide(application_id, Action.RECOMMEND)


@bp.post("/<int:application_id>/refuser")
@roles_required(*REVIEWERS)
def reject(application_id: int):
    return _decide(application_id, Action.REJECT)


@bp.post("/<int:application_id>/renvoyer")
@roles_required(Role.MINISTRY)
def send_back(application_id: int):
    return _decide(application_id, Action.SEND_BACK)


@bp.post("/<int:application_id>/approuver")
@roles_required(Role.MINISTRY)
def approve(application_id: int):
    return _decide(application_id, Action.APPROVE)

