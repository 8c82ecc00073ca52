"""The centre's final report: staff write it (actual costs, receipts), coordinators accept it or ask for
corrections; everyone who may read the application may read it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.applications.policy import application_for_reader, application_for_staff
from portal.core.errors import DomainError
from portal.documents import kinds, queries, uploads
from portal.extensions import db
from portal.i18n import current_language
from portal.models import Application, Role
from portal.reports import aggregates, final
from portal.reports.views.blueprint import bp
from portal.reports.views.forms import (
    ActionForm,
    FinalReportForm,
    ReceiptForm,
    ReviewFinalForm,
    actual_field_name,
    read_actuals,
)
from portal.storage.validation import UploadRejected
from portal.web.access import roles_required
from portal.web.form_choices import choices
from portal.web.money_input import EXAMPLE_CENTS, format_cents_for_input

# What the page walks (its cost lines, its participants' reports: final.missing_items); a receipt's upload also
# checks its kind against the call's program, and accepting the report issues the attestations.
LOADS = final.MISSING_LOADS
RECEIPT_LOADS = (*LOADS, *kinds.LOADS)


def _url(application: Application) -> str:
    return url_for("reports.final_report", application_id=application.id)


def _cost_lines(application: Application):
    return [line for line in application.funding_lines if final.is_cost_line(line)]


def _render(application: Application, form: FinalReportForm | None = None, receipt_form: ReceiptForm | None = None,
            review_form: ReviewFinalForm | None = None, actual_inputs: dict | None = None, status: int = 200):
    report = final.report_of(application)
    is_owner = application.owned_by(current_user)
    editable = is_owner and application.status == "completed" and (report is None or report.editable)
    if form is None:
        form = FinalReportForm(obj=report, formdata=None)
    if receipt_form is None:
        receipt_form = ReceiptForm(formdata=None)
    receipt_form.line_id.choices = choices([(line.id, line.explanation(_language())) for line in _cost_lines(application)])
    summary = aggregates.aggregate("application", application=application.id)
    return render_template(
        "reports/final.html", application=application, report=report, form=form, receipt_form=receipt_form,
        review_form=review_form or ReviewFinalForm(formdata=None), action_form=ActionForm(),
        editable=editable, is_owner=is_owner, lines=application.funding_lines, actual_inputs=actual_inputs or {},
        actual_field_name=actual_field_name, receipts=final.receipts_by_line(application),
        balance=final.balance_of(list(application.funding_lines)), missing=final.missing_items(application),
        actuals_complete=all(line.actual_cents is not None for line in _cost_lines(application)),
        can_review=current_user.role == Role.COORDINATOR and report is not None and report.status == "submitted",
        summary=summary[0] if summary else None, min_reports=aggregates.MIN_REPORTS_FOR_MEANS,
        is_cost_line=final.is_cost_line, limits=uploads.document_limits()), status


def _language() -> str:
    return current_language()


@bp.route("/projet/<int:application_id>/rapport-final", methods=["GET", "POST"])
@login_required
def final_report(application_id: int):
    application = application_for_reader(current_user, application_id, options=LOADS)
    if request.method == "GET":
        return _render(application)
    application = application_for_staff(current_user, application_id, options=LOADS)
    form = FinalReportForm()
    if not form.validate_on_submit():
        return _render(application, form, status=400)
    actuals, invalid = read_actuals(request.form, _cost_lines(application))
    inputs = {actual_field_name(line): request.form.get(actual_field_name(line), "") for line in _cost_lines(application)}
    if invalid:
        flash(_("Enter each actual cost like %(example)s.", example=format_cents_for_input(EXAMPLE_CENTS)), "danger")
        return _render(application, form, actual_inputs=inputs, status=400)
    submit = bool(form.submit.data)
    try:
        final.save(application, current_user, outcomes=form.outcomes.data,
                   reciprocal_visit_status=form.reciprocal_visit_status.data,
                   overrun_justification=form.overrun_justification.data, actuals=actuals, submit=submit)
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code == 404:
            abort(404)
        flash(refused.message, "danger")
        return _render(application_for_staff(current_user, application_id, options=LOADS), form, actual_inputs=inputs,
                       status=refused.status_code)
    db.session.commit()
    flash(_("The final report has been submitted to the coordinators.") if submit
          else _("The final report has been saved."), "success")
    return redirect(_url(application))


@bp.post("/projet/<int:application_id>/rapport-final/recus")
@roles_required(Role.STAFF)
def receipt_upload(application_id: int):
    application = application_for_staff(current_user, application_id, options=RECEIPT_LOADS)
    receipt_form = ReceiptForm()
    receipt_form.line_id.choices = choices([(line.id, line.explanation(_language())) for line in _cost_lines(application)])
    if not receipt_form.validate_on_submit():
        return _render(application, receipt_form=receipt_form, status=400)
    try:
        doc = final.attach_receipt(application, receipt_form.line_id.data, receipt_form.file.data, current_user)
    except UploadRejected as exc:
        db.session.rollback()
        flash(uploads.rejection_message(exc), "danger")
        return _render(application_for_staff(current_user, application_id, options=LOADS), receipt_form=receipt_form,
                       status=400)
    except (DomainError, DomainError) as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _render(application_for_staff(current_user, application_id, options=LOADS), receipt_form=receipt_form,
                       status=refused.status_code)
    uploads.commit_upload(doc)
    flash(_("The receipt was added."), "success")
    return redirect(_url(application))


@bp.post("/projet/<int:application_id>/rapport-final/recus/<int:doc_id>/supprimer")
@roles_required(Role.STAFF)
def receipt_delete(application_id: int, doc_id: int):
    application = application_for_staff(current_user, application_id, options=LOADS)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        doc = queries.document_of(application, doc_id)
        if doc.kind != final.RECEIPT_KIND:
            abort(404)
        keys = uploads.delete_document(application, doc, current_user)
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code == 404:
            abort(404)
        flash(refused.message, "danger")
        return _render(application, status=refused.status_code)
    db.session.commit()
    uploads.delete_objects(keys)
    flash(_("The receipt was deleted."), "success")
    return redirect(_url(application))


@bp.post("/projet/<int:application_id>/rapport-final/revue")
@roles_required(Role.COORDINATOR)
def final_review(application_id: int):
    application = application_for_reader(current_user, application_id, options=final.ACCEPT_LOADS)
    form = ReviewFinalForm()
    if not form.validate_on_submit():
        return _render(application, review_form=form, status=400)
    try:
        if form.accept.data:
            final.accept(application, current_user, form.comment.data)
        else:
            final.request_corrections(application, current_user, form.comment.data)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _render(application_for_reader(current_user, application_id, options=LOADS), review_form=form,
                       status=refused.status_code)
    db.session.commit()
    flash(_("The final report has been accepted: the file can now be closed.") if form.accept.data
          else _("The centre has been asked for corrections."), "success")
    return redirect(_url(application))
