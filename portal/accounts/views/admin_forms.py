from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.web.form_choices import choices


class InvitationForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    centre_search = StringField(_l("Find a centre"), validators=[Optional(), Length(max=200)],
                                description=_l("Part of the centre's name: the list below then shows the centres "
                                               "that match (the first 20, by name)."))
    # Shows the form again, as typed, with the matching centres: nothing is sent.
    find = SubmitField(_l("Find"), render_kw={"class": "mb-3"})
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    locale = SelectField(_l("Language"), choices=choices([("fr", "Français"), ("en", "English")]))
    submit = SubmitField(_l("Send the invitation"))
