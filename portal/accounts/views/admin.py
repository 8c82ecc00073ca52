from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts import operations as accounts
from portal.accounts.centres import centre_choices
from portal.accounts.views.admin_forms import InvitationForm
from portal.accounts.views.blueprint import bp
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.i18n.labels import ROLE_LABELS
from portal.models import Organisation, Role, User, paging
from portal.web.access import roles_required
from portal.web.converters import MAX_URL_INTEGER
from portal.web.form_choices import choices

PER_PAGE = 50
USER_KEYS = (paging.Key(User.role, str), paging.Key(User.email, str), paging.Key(User.id, int))  # one index


@bp.get("/admin/utilisateurs")
@roles_required(Role.ADMIN)
def users():
    page = paging.fetch(select(User).options(joinedload(User.organisation)), USER_KEYS,
                        lambda user: (user.role, user.email, user.id), cursor=request.args.get("cursor"),
                        per_page=PER_PAGE, scalars=True)
    return render_template("admin/users.html", users=page.items, page=page, role_labels=ROLE_LABELS)


@bp.route("/admin/invitations", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR)
def invite():
    form = InvitationForm()
    form.role.choices = choices([(role, ROLE_LABELS[role]) for role in accounts.INVITABLE_ROLES[current_user.role]])
    chosen = form.organisation_id.data  # a number too large for a key names no centre (and is not looked up)
    chosen = chosen if isinstance(chosen, int) and 0 < chosen <= MAX_URL_INTEGER else None
    form.organisation_id.choices = choices([(0, _("— none —"))] + centre_choices(form.centre_search.data or "", chosen))
    if form.find.data:  # a search, not a sending: the form again, as typed, with the centres found
        return render_template("admin/invite.html", form=form)
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None
        try:
            user = accounts.invite_user(current_user, form.email.data, form.name.data, form.role.data,
                                        organisation, form.locale.data)
        except InvalidInput as error:
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("accounts.invite"))
    return render_template("admin/invite.html", form=form)
