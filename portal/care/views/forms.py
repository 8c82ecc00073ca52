"""Forms of the care page: one per item, each posting to its own address."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.web.form_choices import choices

REQUIRED = _l("This field is required.")


class EmergencyContactForm(FlaskForm):
    name = StringField(_l("Emergency contact's name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    relation = StringField(_l("Relation to the participant"), validators=[Optional(), Length(max=100)])
    phone = StringField(_l("Phone"), validators=[DataRequired(REQUIRED), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])


class CareDocumentForm(FlaskForm):
    kind = SelectField(_l("Document"), choices=choices([
        ("health_insurance", _l("Health and insurance attestation")),
        ("travel_authorisation", _l("Signed travel authorisation (minor)"))]))
    file = FileField(_l("File"), validators=[FileRequired(REQUIRED)])


class StayCareForm(FlaskForm):
    itinerary = TextAreaField(_l("Travel itinerary (flights, trains, dates, lodging address)"),
                              validators=[DataRequired(REQUIRED), Length(max=10_000)])
    local_contact_name = StringField(_l("Local contact at the partner"),
                                     validators=[DataRequired(REQUIRED), Length(max=200)])
    local_contact_phone = StringField(_l("Local contact's phone"), validators=[DataRequired(REQUIRED), Length(max=40)])
    local_contact_email = EmailField(_l("Local contact's e-mail"), validators=[Optional(), Email(), Length(max=254)])


class IncidentForm(FlaskForm):
    participant_id = SelectField(_l("Participant concerned"), coerce=int, validate_choice=True)
    occurred_at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                                     validators=[DataRequired(_l("Give the date and time of the incident."))])
    nature = TextAreaField(_l("Nature of the incident"), validators=[DataRequired(REQUIRED), Length(max=10_000)])
    actions = TextAreaField(_l("Actions taken"), validators=[Optional(), Length(max=10_000)])
    parents_informed = BooleanField(_l("Parents (or the emergency contact) informed"))
