"""Forms for an application's participants (one at a time, or a CSV import)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.applications import participants_csv
from portal.documents.uploads import FileLimits
from portal.i18n.labels import written

KIND_LABELS = {
    "student": _l("Student"),
    "teacher": _l("Teacher"),
    "staff": _l("Staff member"),
    "accompanying": _l("Accompanying adult"),
}
LOCALE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


def kind_label(code: str) -> str:
    return written(KIND_LABELS, code) or code


def kind_choices(allowed: list[str]) -> list[SelectChoice]:
    """The program's kinds, in the usual order; only known kinds."""
    return [SelectChoice(code, str(label)) for code, label in KIND_LABELS.items() if code in allowed]


class ParticipantForm(FlaskForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), Email(), Length(max=254)],
                       description=_l("Optional."))
    birth_date = DateField(_l("Date of birth"), validators=[InputRequired()], format="%Y-%m-%d")
    kind = SelectField(_l("Kind of participant"), validators=[DataRequired()])
    trade = StringField(_l("Trade (program of study)"), validators=[Optional(), Length(max=200)])
    locale = SelectField(_l("Preferred language"), choices=LOCALE_CHOICES, default="fr")
    consent = BooleanField(
        _l("The participant consents to the processing of their data for this mobility"),
        validators=[DataRequired(message=_l("The participant's consent is required."))],
    )
    consent_by = StringField(
        _l("Consent given by"), validators=[Optional(), Length(max=200)],
        description=_l("Leave empty when the participant gave it themself."),
    )
    parental_consent = BooleanField(
        _l("A parent or guardian consents to this mobility"),
        description=_l("Required for participants who are minors on the first day of the stay."),
    )
    parental_consent_by = StringField(_l("Name of the parent or guardian"), validators=[Optional(), Length(max=200)])
    inclusion_needs = TextAreaField(
        _l("Inclusion needs"), validators=[Optional(), Length(max=4000)],
        description=_l("Optional. Visible to the coordinators only: the participant list shows only whether "
                       "something was provided."),
    )
    submit = SubmitField(_l("Save the participant"))


# What the browser checks before sending a student list (static/upload.js): a text file of at most the size the
# import reads; the import itself reads any text and checks it line by line.
IMPORT_LIMITS = FileLimits(participants_csv.MAX_BYTES, ".csv,.txt")


class ParticipantImportForm(FlaskForm):
    file = FileField(_l("Student list (CSV file)"), validators=[FileRequired(message=_l("Choose a CSV file."))],
                     render_kw={"accept": IMPORT_LIMITS.accept},
                     description=_l("Columns: prénom, nom, courriel, date de naissance, type, métier (French or "
                                    "English headers, ; or , as separator). At most 500 participants and 1 MB."))
    consent = BooleanField(
        _l("I confirm these participants consented to the processing of their data for this mobility"),
        validators=[DataRequired(message=_l("Confirm that the participants consented."))],
    )
    submit = SubmitField(_l("Import"))


class DeleteForm(FlaskForm):
    """Just the CSRF token for the delete buttons."""
