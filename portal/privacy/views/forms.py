"""Forms of the privacy pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional

from portal.models import ConsentPurpose


class ConsentChangeForm(FlaskForm):
    purpose = HiddenField(validators=[DataRequired(), AnyOf([p.value for p in ConsentPurpose])])
    change = HiddenField(validators=[DataRequired(), AnyOf(["give", "withdraw"])])
    who = StringField(_l("Your name (the participant, or the parent or guardian)"),
                      validators=[Optional(), Length(max=200)])


class RightsRequestForm(FlaskForm):
    requester = StringField(_l("Who made the request"), validators=[DataRequired(_l("Say who made the request.")),
                                                                    Length(max=200)])
    requested_on = DateField(_l("Date of the request"), validators=[DataRequired(_l("Give the date of the request."))])


class CorrectionForm(RightsRequestForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    trade = StringField(_l("Trade"), validators=[Optional(), Length(max=200)])


class PrivacyIncidentForm(FlaskForm):
    occurred_on = DateField(_l("Occurred on"), validators=[DataRequired(_l("Give the date of the incident."))])
    discovered_on = DateField(_l("Discovered on"), validators=[DataRequired(_l("Give the date of discovery."))])
    nature = TextAreaField(_l("Nature of the incident"), validators=[DataRequired(_l("Describe the incident.")),
                                                                     Length(max=10_000)])
    data_affected = TextAreaField(_l("Personal information affected"), validators=[Optional(), Length(max=10_000)])
    people_affected = TextAreaField(_l("People affected (without names)"), validators=[Optional(), Length(max=10_000)])
    people_count = IntegerField(_l("Number of people affected"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    serious_harm_risk = BooleanField(_l("Risk of serious harm"))
    commission_notified_on = DateField(_l("Commission notified on"), validators=[Optional()])
    people_notified_on = DateField(_l("People notified on"), validators=[Optional()])
    measures = TextAreaField(_l("Measures taken"), validators=[Optional(), Length(max=10_000)])


class NeedsReasonForm(FlaskForm):
    reason = StringField(_l("Why do you need to read these needs?"),
                         validators=[DataRequired(_l("Give the reason why you need to read these needs.")),
                                     Length(min=5, max=500)])


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CountersignForm(FlaskForm):
    signatory = StringField(_l("Name and title of the person who countersigns"),
                            validators=[DataRequired(), Length(max=200)])
