from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import Length, NumberRange, Optional, ValidationError


class JournalFilterForm(FlaskForm):
    """Filters sent in the query string (GET): nothing is changed, so there is no CSRF token."""

    class Meta:
        csrf = False

    object_type = SelectField(_l("Object type"), choices=[], validate_choice=True, default="")
    object_id = IntegerField(_l("Object number"), validators=[Optional(), NumberRange(min=1)])
    actor = StringField(_l("Done by (name or e-mail)"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), choices=[], validate_choice=True, default="")
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Enter an end date on or after the start date."))
