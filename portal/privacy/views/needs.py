"""Inclusion needs for coordinators: shown only after they give the reason, which is recorded each time."""
from __future__ import annotations

from flask import flash, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.core.errors import DomainError, NotFound
from portal.extensions import db
from portal.models import Participant, Role
from portal.privacy import access_log
from portal.privacy.views.blueprint import bp
from portal.privacy.views.forms import NeedsReasonForm
from portal.web.access import roles_required


def _participant(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id, options=[joinedload(Participant.application)])  # shown
    if participant is None:
        raise NotFound()
    return participant


@bp.get("/besoins/<int:participant_id>")
@roles_required(Role.COORDINATOR)
def needs(participant_id: int):
    participant = _participant(participant_id)
    return render_template("privacy/needs.html", participant=participant, form=NeedsReasonForm(formdata=None),
                           needs=None)


@bp.post("/besoins/<int:participant_id>")
@roles_required(Role.COORDINATOR)
def read_needs(participant_id: int):
    participant = _participant(participant_id)
    form = NeedsReasonForm()
    if not form.validate_on_submit():
        flash(str(next(iter(form.errors.values()))[0]), "danger")
        return render_template("privacy/needs.html", participant=participant, form=form, needs=None), 400
    try:
        participant = access_log.needs_for_coordinator(participant_id, current_user, form.reason.data)
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code == 404:
            raise
        flash(refused.message, "danger")
        return render_template("privacy/needs.html", participant=participant, form=form, needs=None), 400
    db.session.commit()
    return render_template("privacy/needs.html", participant=participant, form=form,
                           needs=participant.inclusion_needs or "—")
