"""A project's trip: its legs (staff of the centre edit them while the project is editable; every reader sees
them) and the exceptions to the caps (staff ask, the ministry decides; the coordinator sees them on the budget
page). A refused form re-renders with its reasons (422) and nothing changed.
"""
from __future__ import annotations

import pycountry
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from portal.applications.policy import application_for_reader, application_for_staff
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import budgets, cap_exceptions, legs_store
from portal.funding.labels import LEG_MODE_LABELS
from portal.funding.views.trips_blueprint import trips_bp
from portal.funding.views.trips_forms import (
    BLANK_LEG_ROWS,
    ExceptionDecisionForm,
    ExceptionRequestForm,
    LegsForm,
)
from portal.i18n import current_language
from portal.i18n.countries import country_choices, country_name
from portal.models import Application, CapException, Role
from portal.web.access import roles_required
from portal.web.form_choices import choices
from portal.workflow import transitions

# The legs form starts from the centre's city when no leg is stored yet: options for the query that loads the
# application (selectinload, so they fit a row-locking query).
LEGS_LOADS = (selectinload(Application.organisation),)


def _legs_form(application, posted: bool) -> LegsForm:
    if posted:
        form = LegsForm()
    else:
        rows = [{"origin_city": leg.origin_city, "origin_country": leg.origin_country,
                 "destination_city": leg.destination_city, "destination_country": leg.destination_country,
                 "mode": leg.mode} for leg in legs_store.legs_of(application)]
        if not rows:
            org = application.organisation
            rows = [{"origin_city": org.city, "origin_country": org.country_code,
                     "destination_city": application.destination_city,
                     "destination_country": application.destination_country or "",
                     "mode": "rail" if application.travel_mode == "green" else "air"}]
        form = LegsForm(formdata=None, data={"rows": rows + [{}] * BLANK_LEG_ROWS})
    countries = choices([("", "—")] + country_choices([c.alpha_2 for c in pycountry.countries], current_language()))
    for entry in form.rows.entries:
        entry.form.origin_country.choices = countries
        entry.form.destination_country.choices = countries
    return form


def _legs_page(application, form: LegsForm | None = None, errors: list[str] | None = None, status: int = 200):
    can_write = transitions.can_edit(application) and application.owned_by(current_user)
    return render_template(
        "funding/legs.html", application=application, legs=legs_store.legs_of(application),
        form=form or _legs_form(application, posted=False), errors=errors or [], can_write=can_write,
        mode_labels=LEG_MODE_LABELS, country_name=country_name, language=current_language()), status


@trips_bp.get("/<int:application_id>/etapes")
@login_required
def legs(application_id: int):
    return _legs_page(application_for_reader(current_user, application_id, options=LEGS_LOADS))


@trips_bp.post("/<int:application_id>/etapes")
@roles_required(Role.STAFF)
def legs_save(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True,
                                        options=budgets.RECOMPUTE_LOADS)  # saving the legs recomputes the budget
    if not transitions.can_edit(application):
        return _legs_page(application, errors=[_("The trip of a submitted application cannot be changed.")],
                          status=409)
    form = _legs_form(application, posted=True)
    if not form.validate_on_submit():
        return _legs_page(application, form, [_("Check the legs: some values are not valid.")], 422)
    try:
        legs_store.replace_legs(application, form.leg_values())
        budgets.recompute(application, current_language())
    except InvalidInput as refused:
        db.session.rollback()
        application = application_for_staff(current_user, application_id)
        return _legs_page(application, _legs_form(application, posted=True), refused.failed, 422)
    db.session.commit()
    flash(_("The legs have been saved and the budget recomputed."), "success")
    return redirect(url_for("trips.legs", application_id=application_id))


@trips_bp.post("/<int:application_id>/exception")
@roles_required(Role.STAFF)
def exception_request(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True)
    if not transitions.can_edit(application):
        abort(409)
    form = ExceptionRequestForm()
    if not form.validate_on_submit():
        errors = [message for messages in form.errors.values() for message in messages]
        flash(" ".join(str(message) for message in errors), "danger")
        return redirect(url_for("applications.budget", application_id=application_id)), 303
    cap_exceptions.request_exception(application, form.amount.data, form.reason.data, current_user)
    db.session.commit()
    flash(_("Your exception request has been sent to the ministry."), "success")
    return redirect(url_for("applications.budget", application_id=application_id))


@trips_bp.post("/<int:application_id>/exception/<int:exception_id>/decision")
@roles_required(Role.MINISTRY)
def exception_decide(application_id: int, exception_id: int):
    application = application_for_reader(current_user, application_id)
    exception = db.session.get(CapException, exception_id, with_for_update=True)
    if exception is None or exception.application_id != application.id:
        abort(404)
    form = ExceptionDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    cap_exceptions.decide(exception, form.decision.data == "approve", form.comment.data or "", current_user)
    db.session.commit()
    flash(_("The decision on the exception request has been recorded."), "success")
    return redirect(url_for("applications.budget", application_id=application_id))
