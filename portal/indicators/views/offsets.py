"""Administrators record the carbon offsets actually purchased."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.core.errors import InvalidInput
from portal.core.money import decimal_to_cents
from portal.extensions import db
from portal.indicators import offsets
from portal.indicators.views.blueprint import bp
from portal.models import Role
from portal.web.access import roles_required


class OffsetForm(FlaskForm):
    year = IntegerField(_l("Year of the trips"), validators=[DataRequired(), NumberRange(min=2000, max=2100)])
    tonnes = DecimalField(_l("Tonnes CO2e"), places=3,
                          validators=[DataRequired(), NumberRange(min=0.001, max=999_999_999)])
    amount = DecimalField(_l("Amount paid ($)"), places=2, validators=[DataRequired(), NumberRange(min=0, max=10**10)])
    supplier = StringField(_l("Supplier"), validators=[DataRequired(), Length(max=200)])
    reference = StringField(_l("Reference (invoice, certificate)"), validators=[Optional(), Length(max=200)])
    purchased_on = DateField(_l("Purchased on"), validators=[DataRequired()])
    submit = SubmitField(_l("Record the purchase"))


@bp.route("/compensations", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def offsets_page():
    form = OffsetForm()
    if form.validate_on_submit():
        try:
            offsets.record_purchase(year=form.year.data, tonnes=form.tonnes.data,
                                    amount_cents=decimal_to_cents(form.amount.data),
                                    supplier=form.supplier.data, reference=form.reference.data or "",
                                    purchased_on=form.purchased_on.data, actor_id=current_user.id)
        except InvalidInput as error:
            db.session.rollback()
            form.amount.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The purchase is recorded."), "success")
            return redirect(url_for("indicators.offsets_page"))
    status = 400 if form.errors else 200
    return render_template("indicators/offsets.html", form=form, purchases=offsets.recent_purchases()), status
