from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.accounts.passwords import MIN_PASSWORD_LENGTH


def new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                                           message=_l("The password must have at least %(n)d characters.",
                                                      n=MIN_PASSWORD_LENGTH))],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Confirm the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    return password, confirm


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class SetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Save the password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Change the password"))


class NotificationPreferencesForm(FlaskForm):
    digest_daily = BooleanField(
        _l("Receive one daily digest of new submissions instead of one e-mail per submission"),
        description=_l("Decisions about applications are not affected."))
    submit = SubmitField(_l("Save my preferences"))
