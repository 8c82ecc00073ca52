"""Forms of the privacy pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from portal.models import ConsentPurpose


class ConsentChangeForm(FlaskForm):
    purpose = HiddenField(validators=[DataRequired(), AnyOf([p.value for p in ConsentPurpose])])
    change = HiddenField(validators=[DataRequired(), AnyOf(["give", "withdraw"])])
    who = StringField(_l("Your name (the participant, or the parent or guardian)"),
                      validators=[Optional(), Length(max=200)])
