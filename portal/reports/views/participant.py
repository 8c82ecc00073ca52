"""The participant's report form: through the personal link (no password) or, with an account, after login.

Both ways show the same form; once submitted the report is read-only and a second submission is refused.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.core.errors import DomainError
from portal.extensions import db
from portal.i18n.labels import written
from portal.models import Application, Participant, Role
from portal.reports import links, stay_reports
from portal.reports.views.blueprint import bp
from portal.reports.views.forms import ReportLanguageForm, StayReportForm
from portal.web.access import roles_required


@bp.app_context_processor
def _participant_helpers() -> dict[str, Any]:
    """For the participant's home page (main/home_participant.html)."""
    def my_reports():
        if not (current_user.is_authenticated and current_user.role == Role.PARTICIPANT):
            return []
        return [(p, stay_reports.report_of(p)) for p in stay_reports.participations_of(current_user)
                if stay_reports.open_for_reports(p.application) or stay_reports.report_of(p) is not None]
    return {"my_stay_reports": my_reports, "report_status_label": report_status_label}


REPORT_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "corrections_requested": _l("Corrections requested"),
}


def report_status_label(code: str | None) -> str:
    return written(REPORT_STATUS_LABELS, code or "") or code or ""


def _render(participant: Participant, form: StayReportForm, language_url: str, status: int = 200):
    report = stay_reports.report_of(participant)
    return render_template(
        "reports/form.html", participant=participant, application=participant.application, form=form,
        report=report, submitted=stay_reports.is_submitted(report), language_url=language_url,
        is_open=stay_reports.open_for_reports(participant.application)), status


def _page_language(participant: Participant) -> str:
    """The language chosen in this browser, else the one the participant chose last time (or staff entered)."""
    chosen = session.get("lang")
    return chosen if chosen in stay_reports.REPORT_LANGUAGES else stay_reports.report_language(participant)


def _report_page(participant: Participant, language_url: str):
    with force_locale(_page_language(participant)):
        return _report_form(participant, language_url)


def _report_form(participant: Participant, language_url: str):
    report = stay_reports.report_of(participant)
    form = StayReportForm(obj=report if request.method == "GET" else None)
    if stay_reports.is_submitted(report):
        if request.method == "POST":
            flash(_("This report has already been submitted; it can no longer be changed."), "warning")
            return _render(participant, form, language_url, 409)
        return _render(participant, form, language_url)
    if request.method == "POST" and not stay_reports.open_for_reports(participant.application):
        flash(_("Reports can only be filed once the stay is completed and until the file is closed."), "danger")
        return _render(participant, form, language_url, 409)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render(participant, form, language_url, 400)
        submit = bool(form.submit.data)
        actor = current_user if current_user.is_authenticated else None
        try:
            stay_reports.save(participant, form.values(), submit=submit, actor=actor)
        except DomainError as refused:
            db.session.rollback()
            flash(refused.message, "danger")
            return _render(participant, form, language_url, refused.status_code)
        db.session.commit()
        flash(_("Thank you: your report has been submitted.") if submit
              else _("Your draft has been saved. You can come back to it with the same link."), "success")
        return redirect(request.path)
    return _render(participant, form, language_url)


# What the report form shows of the stay (its application and partner).
LOADS = (joinedload(Participant.application).joinedload(Application.partner),)


def _linked(application_id: int, participant_id: int, token: str) -> Participant:
    participant = links.participant_for(application_id, participant_id, token, options=LOADS)
    if participant is None:
        abort(404)
    return participant


def _own(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id, options=LOADS)
    if participant is None or not stay_reports.is_own(current_user, participant):
        abort(404)
    return participant


def _choose_language(participant: Participant, back: str):
    """The report form's language button: remembered on the participant (next visit, reminders), CSRF-checked."""
    form = ReportLanguageForm()
    if not form.validate_on_submit():
        abort(400)
    stay_reports.choose_language(participant, form.lang.data)  # another language: InvalidInput, a 400 page
    db.session.commit()
    session["lang"] = participant.locale
    return redirect(back, 303)


@bp.route("/lien/<int:application_id>/<int:participant_id>/<token>", methods=["GET", "POST"])
def by_link(application_id: int, participant_id: int, token: str):
    participant = _linked(application_id, participant_id, token)
    session.setdefault("lang", participant.locale)  # the pages it links to in the participant's language too
    if stay_reports.is_submitted(stay_reports.report_of(participant)):
        # A link may be forwarded or found in a mailbox: once used, it no longer shows the report.
        with force_locale(_page_language(participant)):
            return render_template("reports/link_used.html", participant=participant), 410
    return _report_page(participant, url_for("reports.link_language", application_id=application_id,
                                             participant_id=participant_id, token=token))


@bp.post("/lien/<int:application_id>/<int:participant_id>/<token>/langue")
def link_language(application_id: int, participant_id: int, token: str):
    participant = _linked(application_id, participant_id, token)
    return _choose_language(participant, url_for("reports.by_link", application_id=application_id,
                                                 participant_id=participant_id, token=token))


@bp.route("/mes-rapports/<int:participant_id>", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def mine(participant_id: int):
    participant = _own(participant_id)
    return _report_page(participant, url_for("reports.my_language", participant_id=participant_id))


@bp.post("/mes-rapports/<int:participant_id>/langue")
@roles_required(Role.PARTICIPANT)
def my_language(participant_id: int):
    participant = _own(participant_id)
    return _choose_language(participant, url_for("reports.mine", participant_id=participant_id))
