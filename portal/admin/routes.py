from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import accounts
from ..extensions import db
from ..form_choices import choices
from ..labels import ROLE_LABELS
from ..models import Organisation, Role, User
from ..security import roles_required
from .forms import InvitationForm

bp = Blueprint("admin", __name__)


@bp.get("/utilisateurs")
@roles_required(Role.ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=rows, role_labels=ROLE_LABELS)


@bp.route("/invitations", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR)
def invite():
    form = InvitationForm()
    form.role.choices = choices([(role, ROLE_LABELS[role]) for role in accounts.INVITABLE_ROLES[current_user.role]])
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.kind == "centre").order_by(Organisation.name)).all()
    form.organisation_id.choices = choices([(0, _("— none —"))] + [(o.id, o.name) for o in organisations])
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None
        try:
            user = accounts.invite_user(current_user, form.email.data, form.name.data, form.role.data,
                                        organisation, form.locale.data)
        except accounts.AccountError as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.invite"))
    return render_template("admin/invite.html", form=form)
