"""After approval: amendments (staff propose, coordinator and ministry decide), cancellation, participant
replacement. Each view parses, calls one operation, commits once, then redirects; a refusal rolls back, shows the
reason with its status and changes nothing. Decisions and the cancellation are confirmed first, with the money they
move (web/confirm.py)."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.applications.policy import application_for_reader, application_for_staff
from portal.applications.views.after_approval_forms import (
    AmendmentDecisionForm,
    AmendmentForm,
    CancelForm,
    ReplacementForm,
)
from portal.applications.views.blueprint import bp
from portal.applications.views.participant_forms import kind_choices
from portal.applications.views.participants import _values
from portal.core.errors import DomainError, InvalidInput
from portal.extensions import db
from portal.i18n.formatting import money
from portal.models import Application, FundingKind, Role
from portal.web import confirm
from portal.web.access import roles_required
from portal.web.errors import render_error
from portal.web.money_input import amount_message, format_cents_for_input, parse_dollars_to_cents
from portal.workflow import amendments, cancellation, replacement, transitions
from portal.workflow.transitions import Action

DECISIONS = {"endosser": (Action.ENDORSE_AMENDMENT, amendments.endorse),
             "decliner": (Action.DECLINE_AMENDMENT, amendments.decline),
             "accepter": (Action.ACCEPT_AMENDMENT, amendments.accept),
             "refuser": (Action.REFUSE_AMENDMENT, amendments.refuse)}


def _may(application: Application, action: str) -> bool:
    role = current_user.role if current_user.is_authenticated else ""
    if not transitions.allowed(application.status, action, role):
        return False
    return application.owned_by(current_user) if role == Role.STAFF else True


def _after_approval_panel(application: Application) -> dict[str, Any]:
    pending = amendments.pending(application)
    stage = {"proposed": {"endosser", "decliner"}, "endorsed": {"accepter", "refuser"}}.get(
        pending.status if pending else "", set())
    decisions = [(slug, action) for slug, (action, _op) in DECISIONS.items()
                 if slug in stage and _may(application, action)]
    return {
        "pending": pending,
        "history": amendments.history(application),
        "can_propose": _may(application, Action.PROPOSE_AMENDMENT),
        "can_cancel": _may(application, Action.CANCEL),
        "can_replace": _may(application, Action.REPLACE_PARTICIPANT),
        "decisions": decisions,
        "decision_form": AmendmentDecisionForm(formdata=None).prepare(application.version) if decisions else None,
    }


@bp.app_context_processor
def _after_approval_helpers() -> dict[str, Any]:
    return {"after_approval_panel": _after_approval_panel}


def _back(application_id: int):
    return redirect(url_for("applications.show", application_id=application_id, _anchor="after-approval"))


def _refused(refused: DomainError, template: str, status_default: int = 409, **context):
    db.session.rollback()
    if refused.status_code in (403, 404):
        return render_error(refused.status_code)
    flash(refused.message, "danger")
    return render_template(template, **context), refused.status_code or status_default


# --- amendment ----------------------------------------------------------------------------------------------------

def _cost_lines(application: Application):
    return [line for line in application.funding_lines if line.kind != FundingKind.CAP_REDUCTION]


def _posted_amounts(application: Application) -> dict[int, int]:
    """{line id: cents} of the amounts typed in dollars; InvalidInput names the line that is not an amount."""
    amounts: dict[int, int] = {}
    for line in _cost_lines(application):
        raw = (request.form.get(f"line_{line.id}") or "").strip()
        if not raw:
            continue
        try:
            amounts[line.id] = parse_dollars_to_cents(raw)
        except ValueError:
            raise InvalidInput(amount_message()) from None
    return amounts


@bp.route("/<int:application_id>/modification", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def amendment_new(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=request.method == "POST",
                                        options=amendments.PROPOSE_LOADS)
    form = AmendmentForm()
    if request.method == "GET":
        form.prepare(application.version)
        form.start_date.data, form.end_date.data = application.start_date, application.end_date
    context = {"application": application, "form": form, "lines": _cost_lines(application),
               "typed": {line.id: request.form.get(f"line_{line.id}", format_cents_for_input(line.approved_cents))
                         for line in _cost_lines(application)}}
    if request.method == "GET":
        return render_template("applications/amendment.html", **context)
    if not form.validate_on_submit():
        return render_template("applications/amendment.html", **context), 422
    try:
        amendments.propose(application, current_user, start=form.start_date.data, end=form.end_date.data,
                           amounts=_posted_amounts(application), reason=form.reason.data,
                           idempotency_key=form.idempotency_key.data)
    except DomainError as refused:
        return _refused(refused, "applications/amendment.html", **context)
    db.session.commit()
    flash(_("The amendment has been proposed to the coordinator."), "success")
    return _back(application_id)


@bp.post("/<int:application_id>/modification/<slug>")
@roles_required(Role.COORDINATOR, Role.MINISTRY)
def amendment_decide(application_id: int, slug: str):
    if slug not in DECISIONS:
        return render_error(404)
    application = application_for_reader(current_user, application_id)
    form = AmendmentDecisionForm()
    if not form.validate_on_submit():  # CSRF is checked before the view; these are the fields' own messages
        flash(" ".join(str(message) for messages in form.errors.values() for message in messages), "danger")
        return _back(application_id)
    _action, operation = DECISIONS[slug]

    def decide():
        return operation(application, current_user, form.comment.data or "", idempotency_key=form.idempotency_key.data)

    try:
        if not confirm.confirmed():
            return confirm.ask(_amendment_confirmation(slug, application, decide))
        decide()
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code in (403, 404):
            return render_error(refused.status_code)
        flash(refused.message, "danger")
        return _back(application_id)
    db.session.commit()
    flash(_("Your decision on the amendment has been recorded."), "success")
    return _back(application_id)


def _amendment_confirmation(slug: str, application: Application, decide) -> confirm.Confirmation:
    if slug == "accepter":
        moved, remaining = confirm.envelope_effect(application.call_id, decide)
        consequences = [_("The amendment will be accepted: the stay takes its new dates and amounts."),
                        confirm.money_consequence(moved, remaining)]
    else:
        confirm.rehearse(decide)
        consequences = [{"endosser": _("The amendment will go to the ministry, which decides."),
                         "decliner": _("The amendment will be declined; the stay stays as it was approved."),
                         "refuser": _("The amendment will be refused; the stay stays as it was approved.")}[slug]]
    labels = {"endosser": _("Endorse"), "decliner": _("Decline"), "accepter": _("Accept"), "refuser": _("Refuse")}
    return confirm.Confirmation(
        title=_("Confirm your decision on the amendment"), consequences=consequences, button=labels[slug],
        danger=slug in ("decliner", "refuser"),
        cancel_url=url_for("applications.show", application_id=application.id, _anchor="after-approval"))


# --- cancellation -------------------------------------------------------------------------------------------------

@bp.route("/<int:application_id>/annulation", methods=["GET", "POST"])
@roles_required(Role.STAFF, Role.MINISTRY)
def cancel(application_id: int):
    application = application_for_reader(current_user, application_id)
    if current_user.role == Role.STAFF and not application.owned_by(current_user):
        return render_error(404)
    form = CancelForm()
    context = {"application": application, "form": form}
    if request.method == "GET":
        form.prepare(application.version)
        return render_template("applications/cancel.html", **context)
    if not form.validate_on_submit():
        return render_template("applications/cancel.html", **context), 422
    def cancel_stay():
        return cancellation.cancel(application, current_user, form.reason.data, form.comment.data,
                                   form.kept.data or 0, idempotency_key=form.idempotency_key.data)

    try:
        if not confirm.confirmed():
            moved, remaining = confirm.envelope_effect(application.call_id, cancel_stay)
            consequences = [_("The stay “%(title)s” will be cancelled. This cannot be undone; its history is kept.",
                              title=application.title), confirm.money_consequence(moved, remaining)]
            if form.kept.data:
                consequences.append(_("%(amount)s stay committed for the costs already incurred.",
                                      amount=money(form.kept.data)))
            return confirm.ask(confirm.Confirmation(
                title=_("Cancel the stay?"), consequences=consequences, button=_("Cancel the stay"), danger=True,
                cancel_url=url_for("applications.show", application_id=application_id, _anchor="after-approval")))
        cancel_stay()
    except DomainError as refused:
        return _refused(refused, "applications/cancel.html", **context)
    db.session.commit()
    flash(_("The stay is cancelled; the money it no longer needs has gone back to the call's envelope."), "success")
    return _back(application_id)


# --- replacement --------------------------------------------------------------------------------------------------

@bp.route("/<int:application_id>/participants/<int:participant_id>/remplacer", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def participant_replace(application_id: int, participant_id: int):
    application = application_for_staff(current_user, application_id, for_update=request.method == "POST",
                                        options=replacement.LOADS)
    leaving = next((p for p in application.participants if p.id == participant_id), None)
    if leaving is None:
        return render_error(404)
    form = ReplacementForm()
    form.kind.choices = kind_choices(application.call.program.kinds)
    context = {"application": application, "form": form, "leaving": leaving}
    if request.method == "GET":
        form.kind.data = leaving.kind
        form.idempotency_key.data = AmendmentDecisionForm(formdata=None).prepare(0).idempotency_key.data
        return render_template("applications/replace.html", **context)
    if not form.validate_on_submit():
        return render_template("applications/replace.html", **context), 422
    try:
        replacement.replace_participant(application, current_user, leaving.id, _values(form), form.reason.data,
                                        idempotency_key=form.idempotency_key.data)
    except InvalidInput as refused:
        db.session.rollback()
        for field_name, message in refused.failed or []:
            if hasattr(form, field_name):
                getattr(form, field_name).errors.append(message)
        return render_template("applications/replace.html", **context), 400
    except DomainError as refused:
        return _refused(refused, "applications/replace.html", **context)
    db.session.commit()
    flash(_("The participant has been replaced."), "success")
    return _back(application_id)
