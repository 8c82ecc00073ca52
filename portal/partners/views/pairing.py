"""Coordinators pair an application with a partner: ranked suggestions with their reasons, then the choice, then
the response link sent to the partner."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.applications import policy
from portal.core.errors import Conflict, DomainError
from portal.extensions import db
from portal.i18n import current_language
from portal.i18n.countries import country_name
from portal.models import Application, Call, Organisation, Pairing, Role, paging
from portal.models.paging import KeysetPage
from portal.partners.catalogue import language_name, trade_label
from portal.partners.pairing import links, operations, reasons
from portal.partners.pairing.inputs import suggestions_for
from portal.partners.pairing.suggestions import Suggestion, rank
from portal.partners.views.blueprint import bp
from portal.partners.views.forms import ChoosePartnerForm, SendLinkForm
from portal.web.access import roles_required


def _application_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id, options=[  # what the pairing page shows of it
        joinedload(Application.organisation), joinedload(Application.partner), selectinload(Application.participants),
        joinedload(Application.call).joinedload(Call.program)],  # the suggestions read the program's countries
        populate_existing=True)  # so the options apply even to an application the session already holds
    if application is None or not policy.can_read(current_user, application):  # drafts are the centre's (issue 12)
        abort(404)
    return application


SUGGESTIONS_PER_PAGE = 20
RANK_KINDS = (int, str, int)  # what suggestions.rank gives, as a page cursor carries it


def _suggestions(application: Application) -> tuple[KeysetPage | None, Suggestion | None, int]:
    """A page of the ranked suggestions, the centre's own choice when that page does not show it (always
    choosable), and how many partners are eligible."""
    if not operations.can_pair(application):
        return None, None, 0
    ranked = suggestions_for(application)
    page = paging.page_of_sorted(ranked, rank, RANK_KINDS, cursor=request.args.get("cursor") or None,
                                 per_page=SUGGESTIONS_PER_PAGE)
    shown = {suggestion.partner.id for suggestion in page.items}
    chosen = next((suggestion for suggestion in ranked if suggestion.partner.id == application.partner_id
                   and suggestion.partner.id not in shown), None)
    return page, chosen, len(ranked)


def _render(application: Application, status: int = 200):
    language = current_language()
    pairings = db.session.scalars(select(Pairing).where(Pairing.application_id == application.id)
                                  .order_by(Pairing.created_at.desc(), Pairing.id.desc())).all()
    current = links.current_pairing(application)
    partners = {p.id: p for p in db.session.scalars(
        select(Organisation).where(Organisation.id.in_([p.partner_id for p in pairings] or [0])))}
    suggestions, chosen, eligible = _suggestions(application)
    context = {
        "application": application,
        "suggestions": suggestions, "centre_choice": chosen, "eligible": eligible,
        "can_pair": suggestions is not None,
        "pairings": pairings,
        "pairing_partners": partners,
        "current": current,
        "describe": reasons.describe,
        "stored_reasons": reasons.from_json,
        "choose_form": ChoosePartnerForm(formdata=None),
        "link_form": SendLinkForm(formdata=None),
        "country_name": lambda code: country_name(code, language),
        "trade_label": lambda code: trade_label(code, language),
        "language_name": lambda code: language_name(code, language),
    }
    return render_template("partners/pairing.html", **context), status


@bp.get("/jumelage/<int:application_id>")
@roles_required(Role.COORDINATOR)
def pairing(application_id: int):
    return _render(_application_or_404(application_id))


@bp.post("/jumelage/<int:application_id>/choisir")
@roles_required(Role.COORDINATOR)
def choose(application_id: int):
    application = _application_or_404(application_id)
    form = ChoosePartnerForm()
    if not form.validate_on_submit() or not str(form.partner_id.data).isdigit():
        abort(400)
    partner = db.session.get(Organisation, int(form.partner_id.data))
    try:
        operations.pair(application, partner, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _render(_application_or_404(application_id), refused.status_code)
    db.session.commit()
    flash(_("The application has been paired with %(partner)s. The centre's staff have been notified.",
            partner=partner.name), "success")
    return redirect(url_for("partners.pairing", application_id=application_id))


@bp.post("/jumelage/<int:application_id>/lien")
@roles_required(Role.COORDINATOR)
def send_link(application_id: int):
    application = _application_or_404(application_id)
    if not SendLinkForm().validate_on_submit():
        abort(400)
    current = links.current_pairing(application)
    try:
        if current is None:
            raise Conflict(_("This application has no partner to ask yet."))
        operations.send_link(current, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _render(_application_or_404(application_id), refused.status_code)
    db.session.commit()
    flash(_("The response link has been sent to %(email)s.", email=current.partner.contact_email), "success")
    return redirect(url_for("partners.pairing", application_id=application_id))
