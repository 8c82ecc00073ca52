"""Forms of a project's trip: its legs (one row each) and a cap exception request or decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.funding.labels import LEG_MODE_LABELS
from portal.funding.legs_store import MAX_LEGS, LegValues
from portal.web.form_choices import choices
from portal.web.money_input import DollarField

BLANK_LEG_ROWS = 2


class LegRowForm(Form):
    """One leg; a row left entirely empty is ignored (that is how a leg is removed)."""

    origin_city = StringField(_l("From (city)"), validators=[Optional(), Length(max=120)])
    origin_country = SelectField(_l("Country"), validators=[Optional()], validate_choice=False)
    destination_city = StringField(_l("To (city)"), validators=[Optional(), Length(max=120)])
    destination_country = SelectField(_l("Country"), validators=[Optional()], validate_choice=False)
    mode = SelectField(_l("Travel mode"), choices=choices(LEG_MODE_LABELS.items()),
                       validators=[Optional()], validate_choice=False)

    def is_blank(self) -> bool:
        return not (self.origin_city.data or "").strip() and not (self.destination_city.data or "").strip()

    def values(self) -> LegValues:
        return LegValues((self.origin_city.data or "").strip(), (self.origin_country.data or "").upper(),
                         (self.destination_city.data or "").strip(), (self.destination_country.data or "").upper(),
                         self.mode.data or "")


class LegsForm(FlaskForm):
    rows = FieldList(FormField(LegRowForm), min_entries=1, max_entries=MAX_LEGS + BLANK_LEG_ROWS)
    submit = SubmitField(_l("Save the legs and recompute the budget"))

    def leg_values(self) -> list[LegValues]:
        return [entry.form.values() for entry in self.rows.entries if not entry.form.is_blank()]


class ExceptionRequestForm(FlaskForm):
    amount = DollarField(_l("Amount asked above the cap ($)"), validators=[InputRequired(_l("Enter an amount."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Explain why the cap is not enough.")),
                                                     Length(max=4000)])
    submit = SubmitField(_l("Ask the ministry for an exception"))


class ExceptionDecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=choices([("approve", _l("Approve")), ("refuse", _l("Refuse"))]),
                           validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Record the decision"))
