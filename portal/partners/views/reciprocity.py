"""Reciprocity: the coordinators' dashboard of balances, and the link from an incoming stay to the outgoing one
it answers (the centre's staff, or a coordinator)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.applications import policy
from portal.core.errors import DomainError
from portal.extensions import db, services
from portal.models import Application, Direction, Role
from portal.partners import obligations, reciprocity
from portal.partners.pairing import operations
from portal.partners.views.blueprint import bp
from portal.partners.views.forms import ReciprocityLinkForm
from portal.web.access import roles_required

NO_LINK = 0
DASHBOARD_LIMIT = 20


@bp.get("/reciprocite")
@roles_required(Role.COORDINATOR, Role.ADMIN)
def reciprocity_dashboard():
    years = reciprocity.stay_years()
    year = request.args.get("annee", type=int)
    if year not in years:
        year = None
    ranking = reciprocity.rankings(year, DASHBOARD_LIMIT)
    this_year = services.clock.today().year
    owed = obligations.owed(this_year, DASHBOARD_LIMIT)
    return render_template("partners/reciprocity.html", partners=ranking.partners, centres=ranking.centres,
                           years=years, year=year, names={**ranking.names, **owed.names},
                           obligation_counts=owed.total, owed=owed.partners, this_year=this_year)


def _incoming_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id,
                                 options=[joinedload(Application.organisation)])  # the page names the centre
    if application is None:
        abort(404)
    if not policy.can_read(current_user, application):  # another centre's project, or a draft (issue 12)
        abort(404)
    return application


@bp.route("/reciprocite/lien/<int:application_id>", methods=["GET", "POST"])
@roles_required(Role.STAFF, Role.COORDINATOR)
def reciprocity_link(application_id: int):
    incoming = _incoming_or_404(application_id)
    if incoming.direction != Direction.INCOMING:
        flash(_("Only an incoming stay can answer an outgoing one."), "danger")
        return redirect(url_for("applications.show", application_id=incoming.id))
    candidates = operations.answerable_outgoing(incoming)
    form = ReciprocityLinkForm()
    form.answers_application_id.choices = [SelectChoice(NO_LINK, _("— none —"))] + [
        SelectChoice(app.id, f"{app.title} ({app.start_date.isoformat() if app.start_date else '—'})")
        for app in candidates]
    if request.method == "GET":
        form.answers_application_id.data = incoming.answers_application_id or NO_LINK
    elif form.validate_on_submit():
        chosen = form.answers_application_id.data
        outgoing = db.session.get(Application, chosen) if chosen != NO_LINK else None
        try:
            operations.link_answer(incoming, outgoing, current_user)
        except DomainError as refused:
            db.session.rollback()
            flash(refused.message, "danger")
            return render_template("partners/reciprocity_link.html", form=form, application=incoming), \
                refused.status_code
        db.session.commit()
        flash(_("The reciprocity link has been saved."), "success")
        return redirect(url_for("applications.show", application_id=incoming.id))
    status = 200 if request.method == "GET" else 422
    return render_template("partners/reciprocity_link.html", form=form, application=incoming), status
