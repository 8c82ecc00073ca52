"""Admin pages of a person's rights: find the person, export (JSON, readable page), correct, erase; the register
of requests with their 30-day delay."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.documents.uploads import delete_objects
from portal.extensions import db, services
from portal.models import Role
from portal.privacy import access_log, links, rights
from portal.privacy.views.blueprint import bp
from portal.privacy.views.forms import CorrectionForm, RightsRequestForm
from portal.web.access import roles_required


def _page(participant, status: int = 200, correction: CorrectionForm | None = None):
    if correction is None:
        correction = CorrectionForm(formdata=None, obj=participant)
    return render_template("privacy/person.html", participant=participant, data=rights.export(participant),
                           requests=rights.register_of(participant), correction=correction,
                           request_form=RightsRequestForm(formdata=None), today=services.clock.today(),
                           consent_link=links.consent_url(participant) if participant.anonymised_at is None else None,
                           ), status


@bp.get("/personnes")
@roles_required(Role.ADMIN)
def people():
    term = request.args.get("q", "")[:200]
    return render_template("privacy/people.html", term=term, found=rights.find_people(term))


@bp.get("/personnes/<int:participant_id>")
@roles_required(Role.ADMIN)
def person(participant_id: int):
    participant = rights.person(participant_id)
    access_log.file_opened(current_user, participant, "rights")
    db.session.commit()
    return _page(participant)


def _request_values(form: RightsRequestForm) -> tuple[str, object]:
    return form.requester.data or "", form.requested_on.data


def _invalid(participant, form):
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "danger")
    db.session.rollback()
    return _page(participant, 400)


@bp.post("/personnes/<int:participant_id>/export.<fmt>")
@roles_required(Role.ADMIN)
def export(participant_id: int, fmt: str):
    participant = rights.person(participant_id)
    form = RightsRequestForm()
    if fmt not in ("json", "html") or not form.validate_on_submit():
        return _invalid(participant, form)
    try:
        rights.record_request(participant, "access", *_request_values(form), current_user,
                              outcome=_("Exported (%(fmt)s).", fmt=fmt.upper()), done=True)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _page(participant, refused.status_code)
    data = rights.export(participant)
    db.session.commit()
    if fmt == "json":
        return Response(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename=personne-{participant_id}.json"})
    return render_template("privacy/export.html", participant=participant, data=data, exported_at=utcnow())


@bp.post("/personnes/<int:participant_id>/correction")
@roles_required(Role.ADMIN)
def correct(participant_id: int):
    participant = rights.person(participant_id)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _invalid(participant, form)
    values = {name: getattr(form, name).data for name in rights.CORRECTABLE}
    values["email"] = (values["email"] or "").strip() or None
    try:
        rights.correct(participant, values, form.requester.data, form.requested_on.data, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _page(rights.person(participant_id), refused.status_code)
    db.session.commit()
    flash(_("The correction is recorded."), "success")
    return redirect(url_for("privacy.person", participant_id=participant_id))


@bp.post("/personnes/<int:participant_id>/effacement")
@roles_required(Role.ADMIN)
def erase(participant_id: int):
    participant = rights.person(participant_id)
    form = RightsRequestForm()
    if not form.validate_on_submit() or participant.anonymised_at is not None:
        if participant.anonymised_at is not None:
            flash(_("This person's data are already erased."), "danger")
            return _page(participant, 409)
        return _invalid(participant, form)
    try:
        _request, keys = rights.erase(participant, *_request_values(form), current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _page(rights.person(participant_id), refused.status_code)
    db.session.commit()
    delete_objects(keys)
    flash(_("The person's data are erased; the request is recorded."), "success")
    return redirect(url_for("privacy.person", participant_id=participant_id))


@bp.get("/demandes")
@roles_required(Role.ADMIN)
def requests():
    after = request.args.get("apres", type=int)
    rows = rights.register(after_id=after)
    return render_template("privacy/requests.html", rows=rows, today=services.clock.today(),
                           next_after=rows[-1].id if len(rows) == 50 else None)
