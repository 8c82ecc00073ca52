"""The partner's page to propose dates for its return visit (signed link, no account), and the final report's
record of the return visit (the centre's staff)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.applications.policy import application_for_staff
from portal.core.errors import DomainError
from portal.extensions import db, limiter
from portal.models import ObligationStatus, Role
from portal.partners import obligations, return_visits
from portal.partners.pairing.links import partner_language
from portal.partners.views.blueprint import bp
from portal.partners.views.forms import ReturnVisitDatesForm, ReturnVisitForm
from portal.partners.views.public import chosen_language, render_partner_page
from portal.reports import final
from portal.web.access import roles_required

NOT_YET = 0


@bp.route("/visite-retour/<int:obligation_id>/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute; 200 per hour")
def return_visit(obligation_id: int, token: str):
    try:
        obligation = return_visits.resolve(token, obligation_id)
    except DomainError as refused:
        db.session.rollback()
        return render_partner_page("partners/link_refused.html", text=refused.message), refused.status_code
    with force_locale(chosen_language() or partner_language(obligation.partner)):
        form = ReturnVisitDatesForm()
        status = 200
        if obligation.status != ObligationStatus.OPEN:
            return render_partner_page("partners/return_visit.html", obligation=obligation, form=None), 200
        if form.validate_on_submit():
            try:
                obligations.propose_dates(obligation, form.start.data, form.end.data, form.comment.data)
            except DomainError as refused:
                db.session.rollback()
                flash(refused.message, "danger")
                return render_partner_page("partners/return_visit.html", obligation=obligation, form=form), \
                    refused.status_code
            db.session.commit()
            flash(_("Thank you: your dates have been sent to the centre."), "success")
        elif form.is_submitted():
            status = 422
        return render_partner_page("partners/return_visit.html", obligation=obligation, form=form), status


@bp.post("/visite-retour/rapport/<int:application_id>")
@roles_required(Role.STAFF)
def record_return_visit(application_id: int):
    outgoing = application_for_staff(current_user, application_id, for_update=True)
    report = final.report_of(outgoing)
    form = ReturnVisitForm()
    form.return_visit_application_id.choices = [SelectChoice(NOT_YET, "")] + [
        SelectChoice(app.id, app.title) for app in obligations.return_visit_candidates(outgoing)]
    if report is None or not report.editable or not form.validate_on_submit():
        flash(_("The return visit can only be recorded on a final report that is still being written."), "danger")
        return redirect(url_for("reports.final_report", application_id=application_id)), 303
    chosen = form.return_visit_application_id.data
    try:
        obligations.record_return_visit(report, outgoing, chosen if chosen != NOT_YET else None, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return redirect(url_for("reports.final_report", application_id=application_id)), 303
    db.session.commit()
    flash(_("The return visit has been recorded."), "success")
    return redirect(url_for("reports.final_report", application_id=application_id))


def _return_visit_panel(application, report) -> dict:
    """What the final report page shows of the reciprocity obligation (the form only to the centre's staff)."""
    obligation = obligations.obligation_of(application)
    editable = (obligation is not None and report is not None and report.editable
                and current_user.is_authenticated and application.owned_by(current_user))
    return {"obligation": obligation, "form": ReturnVisitForm(formdata=None) if editable else None,
            "candidates": obligations.return_visit_candidates(application) if editable else []}


@bp.app_context_processor
def _return_visit_helpers() -> dict:
    return {"return_visit_panel": _return_visit_panel}
