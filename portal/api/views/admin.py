"""Administrators create, list and revoke the API's tokens."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange

from portal.api import tokens
from portal.api.views.blueprint import bp
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import Role
from portal.models.indicators import API_SCOPES
from portal.web.access import roles_required


class TokenForm(FlaskForm):
    name = StringField(_l("Name (system that will use it)"), validators=[DataRequired(), Length(max=120)])
    scopes = SelectMultipleField(_l("Scopes"), choices=[(s, s) for s in API_SCOPES], validators=[DataRequired()])
    days = IntegerField(_l("Valid for (days)"), default=365,
                        validators=[DataRequired(), NumberRange(min=1, max=tokens.MAX_DAYS)])
    submit = SubmitField(_l("Create the token"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))


@bp.route("/jetons", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def token_list():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create(name=form.name.data, scopes=form.scopes.data, days=form.days.data,
                                           actor_id=current_user.id)
        except InvalidInput as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
    status = 400 if form.errors else 200
    return render_template("api/tokens.html", form=form, secret=secret, tokens=tokens.listing(),
                           revoke_form=RevokeForm()), status


@bp.post("/jetons/<int:token_id>/revoquer")
@roles_required(Role.ADMIN)
def token_revoke(token_id: int):
    if RevokeForm().validate_on_submit():
        tokens.revoke(token_id)
        db.session.commit()
        flash(_("The token is revoked."), "success")
    return redirect(url_for("api.token_list"))
