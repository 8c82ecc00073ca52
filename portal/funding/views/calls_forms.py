"""Forms of the admin pages for calls and programs; money typed in dollars, held in cents."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.funding.call_rules import CallValues, ProgramValues
from portal.web.money_input import MAX_ENVELOPE_CENTS, DollarField

REQUIRED_AMOUNT = _l("Enter an amount.")


class CallForm(FlaskForm):
    program_id = SelectField(_l("Program"), coerce=int, validators=[DataRequired()])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=9999)])
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on (23:59, Québec time)"), validators=[InputRequired()])
    stays_start_from = DateField(_l("Stays start from"), validators=[InputRequired()])
    stays_end_by = DateField(_l("Stays end by"), validators=[InputRequired()])
    envelope = DollarField(_l("Envelope ($)"), validators=[InputRequired(REQUIRED_AMOUNT)],
                           max_cents=MAX_ENVELOPE_CENTS)
    default_nightly = DollarField(_l("Default nightly lodging rate ($)"), validators=[InputRequired(REQUIRED_AMOUNT)])
    default_daily = DollarField(_l("Default daily subsistence rate ($)"), validators=[InputRequired(REQUIRED_AMOUNT)])
    offset_per_tonne = DollarField(_l("Offset price per tonne of CO2e ($)"),
                                   validators=[InputRequired(REQUIRED_AMOUNT)])
    eur_to_cad = DecimalField(_l("1 EUR in CAD (conversion of the euro reference amounts, optional)"), places=4,
                              validators=[Optional(), NumberRange(min=0.01, max=100)])
    submit = SubmitField(_l("Save the call"))

    def values(self) -> CallValues:
        return CallValues(
            program_id=self.program_id.data, year=self.year.data, title_fr=self.title_fr.data,
            title_en=self.title_en.data, opens_on=self.opens_on.data, closes_on=self.closes_on.data,
            stays_start_from=self.stays_start_from.data, stays_end_by=self.stays_end_by.data,
            envelope_cents=self.envelope.data, default_nightly_cents=self.default_nightly.data,
            default_daily_cents=self.default_daily.data, offset_cents_per_tonne=self.offset_per_tonne.data,
            eur_to_cad=self.eur_to_cad.data)


class ProgramForm(FlaskForm):
    name_fr = StringField(_l("Name (French)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    min_days = IntegerField(_l("Minimum number of days"), validators=[InputRequired(), NumberRange(min=1, max=365)])
    max_travel_days = IntegerField(_l("Maximum travel days"), validators=[InputRequired(), NumberRange(min=0, max=30)])
    cap = DollarField(_l("Cap per participant ($, 0 for none)"), validators=[InputRequired(REQUIRED_AMOUNT)])
    flat_short = DollarField(_l("Flat amount for a short stay ($)"), validators=[InputRequired(REQUIRED_AMOUNT)])
    flat_long = DollarField(_l("Flat amount for a long stay ($)"), validators=[InputRequired(REQUIRED_AMOUNT)])
    flat_long_from_days = IntegerField(_l("Long stay from (days)"),
                                       validators=[InputRequired(), NumberRange(min=1, max=365)])
    max_accompanying = IntegerField(_l("Accompanying adults per group, at most"),
                                    validators=[InputRequired(), NumberRange(min=0, max=50)])
    students_per_adult = IntegerField(_l("One accompanying adult per how many students"),
                                      validators=[InputRequired(), NumberRange(min=1, max=100)])
    allowed_countries = SelectMultipleField(_l("Allowed countries (none selected: every country)"),
                                            validators=[Optional()])
    required_documents = SelectMultipleField(_l("Required documents"), validators=[Optional()])
    optional_documents = SelectMultipleField(_l("Optional documents"), validators=[Optional()])
    active = BooleanField(_l("Active"))
    submit = SubmitField(_l("Save the program"))

    def values(self) -> ProgramValues:
        return ProgramValues(
            name_fr=self.name_fr.data, name_en=self.name_en.data, min_days=self.min_days.data,
            max_travel_days=self.max_travel_days.data, cap_cents=self.cap.data,
            flat_short_cents=self.flat_short.data, flat_long_cents=self.flat_long.data,
            flat_long_from_days=self.flat_long_from_days.data, max_accompanying=self.max_accompanying.data,
            students_per_adult=self.students_per_adult.data,
            allowed_countries=tuple(self.allowed_countries.data or ()),
            required_documents=tuple(self.required_documents.data or ()),
            optional_documents=tuple(self.optional_documents.data or ()), active=bool(self.active.data))
