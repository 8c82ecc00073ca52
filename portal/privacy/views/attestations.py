"""Attestation pages: the public verification page (QR code), the PDF for the centre and the coordinators, the
host's countersignature through its signed link, revocation by a coordinator."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.applications.policy import application_for_reader
from portal.core.errors import DomainError, InvalidInput, NotFound
from portal.extensions import db
from portal.models import Attestation, Role
from portal.privacy import attestation_pdf, attestations
from portal.privacy.views.blueprint import bp
from portal.privacy.views.forms import CountersignForm, RevokeForm
from portal.web.access import roles_required


@bp.get("/attestation/<code>")
def verify_attestation(code: str):
    try:
        attestation = attestations.from_code(code)
    except DomainError as refused:
        return render_template("privacy/attestation_invalid.html", revoked=refused.status_code == 409), (
            410 if refused.status_code == 409 else 404)
    return render_template("privacy/attestation_valid.html", attestation=attestation)


def _readable(attestation_id: int) -> Attestation:
    attestation = db.session.get(Attestation, attestation_id, options=attestations.SHOWN)
    if attestation is None:
        raise NotFound()
    application_for_reader(current_user, attestation.application_id)
    return attestation


@bp.get("/attestations/<int:attestation_id>.pdf")
@roles_required(Role.STAFF, Role.COORDINATOR, Role.ADMIN)
def attestation_pdf_file(attestation_id: int):
    attestation = _readable(attestation_id)
    return Response(attestation_pdf.build(attestation), mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=attestation-{attestation.id}.pdf"})


@bp.get("/projets/<int:application_id>/attestations")
@roles_required(Role.STAFF, Role.COORDINATOR, Role.ADMIN)
def attestation_list(application_id: int):
    application = application_for_reader(current_user, application_id)
    return render_template("privacy/attestations.html", application=application,
                           rows=attestations.of_application(application), form=RevokeForm(formdata=None))


@bp.post("/attestations/<int:attestation_id>/revoquer")
@roles_required(Role.COORDINATOR)
def revoke_attestation(attestation_id: int):
    attestation = _readable(attestation_id)
    form = RevokeForm()
    try:
        if not form.validate_on_submit():
            raise InvalidInput(_("Give the reason for revoking the attestation."))
        attestations.revoke(attestation, form.reason.data, current_user)
    except DomainError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return redirect(url_for("privacy.attestation_list", application_id=attestation.application_id)), 303
    db.session.commit()
    flash(_("The attestation is revoked."), "success")
    return redirect(url_for("privacy.attestation_list", application_id=attestation.application_id))


@bp.route("/attestations/contresigner/<token>", methods=["GET", "POST"])
def countersign(token: str):
    application = attestations.application_for_host(token)
    form = CountersignForm()
    status = 200
    if form.is_submitted():
        try:
            if not form.validate_on_submit():
                raise InvalidInput(_("Give the name and title of the person who countersigns."))
            count = attestations.countersign(application, form.signatory.data)
        except DomainError as refused:
            db.session.rollback()
            flash(refused.message, "danger")
            status = refused.status_code
        else:
            db.session.commit()
            flash(_("%(num)d attestations countersigned. Thank you.", num=count), "success")
            return redirect(url_for("privacy.countersign", token=token))
    # The host sees first names only (transfers outside Québec are minimised).
    return render_template("privacy/countersign.html", application=application, form=form,
                           rows=attestations.of_application(application)), status
