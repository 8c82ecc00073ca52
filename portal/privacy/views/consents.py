"""Consents seen and changed by the person: from their account (participants) or through their signed link."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.errors import DomainError, NotFound
from portal.extensions import db
from portal.models import ConsentMethod, ConsentPurpose, Participant, Role
from portal.privacy import consent, links
from portal.privacy.views.blueprint import bp
from portal.privacy.views.forms import ConsentChangeForm
from portal.web.access import roles_required


def _rows(participant: Participant) -> list[dict]:
    purposes = [ConsentPurpose.PARTICIPATION, *([ConsentPurpose.PARENTAL] if participant.parental_consent_at
                                                else []), *consent.OPTIONAL]
    return [{"purpose": purpose, "label": consent.purpose_label(purpose), "wording": consent.WORDINGS[purpose],
             "current": consent.active(participant.id, purpose), "optional": purpose in consent.OPTIONAL}
            for purpose in purposes]


def _render(participants: list[Participant], action_url, status: int = 200, ask_name: bool = False):
    return render_template("privacy/consents.html", people=[(p, _rows(p)) for p in participants],
                           action_url=action_url, form=ConsentChangeForm(formdata=None), ask_name=ask_name), status


def _change(participant: Participant, form: ConsentChangeForm, who: str, method: str):
    if form.change.data == "withdraw":
        consent.withdraw(participant, form.purpose.data, who, method, actor=current_user if
                         current_user.is_authenticated else None)
        return _("Your consent is withdrawn.")
    if form.purpose.data not in consent.OPTIONAL:
        raise NotFound()
    consent.give(participant, form.purpose.data, who, method,
                 actor=current_user if current_user.is_authenticated else None)
    return _("Your consent is recorded.")


def _own_participants() -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(Participant.user_id == current_user.id,
                                                             Participant.anonymised_at.is_(None))
                                   .order_by(Participant.id).options(joinedload(Participant.application))))


@bp.get("/mes-consentements")
@roles_required(Role.PARTICIPANT)
def my_consents():
    return _render(_own_participants(), lambda p: url_for("privacy.change_my_consent", participant_id=p.id))


@bp.post("/mes-consentements/<int:participant_id>")
@roles_required(Role.PARTICIPANT)
def change_my_consent(participant_id: int):
    participant = next((p for p in _own_participants() if p.id == participant_id), None)
    if participant is None:
        raise NotFound()
    form = ConsentChangeForm()
    if not form.validate_on_submit():
        flash(_("Choose a consent and what to do with it."), "danger")
        return _render(_own_participants(), lambda p: url_for("privacy.change_my_consent", participant_id=p.id),
                       400)
    try:
        message = _change(participant, form, current_user.name, ConsentMethod.ACCOUNT)
    except DomainError as refused:
        db.session.rollback()
        if refused.status_code == 404:
            raise
        flash(refused.message, "danger")
        return redirect(url_for("privacy.my_consents"))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("privacy.my_consents"))


@bp.route("/consentements/<token>", methods=["GET", "POST"])
def consents_by_link(token: str):
    participant = links.participant_for(token)
    if participant is None:
        return render_template("privacy/invalid_link.html"), 404
    form = ConsentChangeForm()
    if form.is_submitted():
        if not form.validate_on_submit() or not (form.who.data or "").strip():
            flash(_("Give your name, then choose a consent and what to do with it."), "danger")
            return _render([participant], lambda p: url_for("privacy.consents_by_link", token=token), 400, True)
        try:
            message = _change(participant, form, form.who.data, ConsentMethod.LINK)
        except DomainError as refused:
            db.session.rollback()
            if refused.status_code == 404:
                raise
            flash(refused.message, "danger")
            return _render([participant], lambda p: url_for("privacy.consents_by_link", token=token),
                           refused.status_code, True)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("privacy.consents_by_link", token=token))
    return _render([participant], lambda p: url_for("privacy.consents_by_link", token=token), ask_name=True)
