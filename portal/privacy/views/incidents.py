"""The admins' register of privacy incidents and its CSV export."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Role
from portal.privacy import incidents as register
from portal.privacy.views.blueprint import bp
from portal.privacy.views.forms import PrivacyIncidentForm
from portal.web.access import roles_required


def _render(form: PrivacyIncidentForm, status: int = 200):
    after = request.args.get("apres", type=int)
    rows = register.page(after_id=after)
    return render_template("privacy/incidents.html", rows=rows, form=form,
                           next_after=rows[-1].id if len(rows) == 50 else None), status


@bp.get("/incidents")
@roles_required(Role.ADMIN)
def incidents():
    return _render(PrivacyIncidentForm(formdata=None))


@bp.post("/incidents")
@roles_required(Role.ADMIN)
def record_incident():
    form = PrivacyIncidentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return _render(form, 400)
    try:
        register.record(form.data, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _render(form, refused.status_code)
    db.session.commit()
    flash(_("The incident is recorded in the register."), "success")
    return redirect(url_for("privacy.incidents"))


@bp.get("/incidents.csv")
@roles_required(Role.ADMIN)
def incidents_csv():
    return Response(stream_with_context(register.csv_rows()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=registre-incidents.csv"})
