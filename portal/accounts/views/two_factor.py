"""The second factor: the code step of the log-in, setting up an authenticator app, and the roles that must."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from portal.accounts import two_factor as totp
from portal.accounts.views.blueprint import bp
from portal.extensions import db, limiter
from portal.models import User

PENDING = "2fa_user"
PENDING_NEXT = "2fa_next"
NEW_SECRET = "2fa_new_secret"  # noqa: S105 (the name of a session key, not a secret)
# What a person who must set up a second factor may still reach before doing so.
OPEN_UNTIL_SET_UP = {"accounts.two_factor_setup", "accounts.logout", "static", "bootstrap.static",
                     "web.set_language", "web.health"}


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)],
                       description=_l("The 6 digits shown by your authenticator app, or one of your recovery codes."),
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})
    submit = SubmitField(_l("Continue"))


def start_second_step(user: User, next_url: str):
    """After a correct password, for a person with a second factor: the session only names who is logging in."""
    session[PENDING] = user.get_id()
    session[PENDING_NEXT] = next_url
    return redirect(url_for("accounts.two_factor"))


def _pending_user() -> User | None:
    user_id, _sep, nonce = str(session.get(PENDING) or "").partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_nonce != nonce or not user.is_active or not user.has_two_factor:
        return None
    return user


@bp.route("/compte/deux-facteurs", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def two_factor():
    user = _pending_user()
    if user is None:
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.verify(user, form.code.data):
            next_url = session.pop(PENDING_NEXT, None) or url_for("web.home")
            session.pop(PENDING, None)
            login_user(user)
            db.session.commit()
            return redirect(next_url)
        db.session.rollback()
        form.code.errors.append(_("This code is not valid. Try the next one shown by your app."))
        return render_template("auth/two_factor.html", form=form), 422
    return render_template("auth/two_factor.html", form=form)


@bp.route("/compte/deux-facteurs/activer", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    user = current_user._get_current_object()
    if user.has_two_factor:
        return render_template("auth/two_factor_setup.html", enabled=True, form=None)
    secret = session.get(NEW_SECRET) or totp.new_secret()
    session[NEW_SECRET] = secret
    form = CodeForm()
    if form.validate_on_submit():
        codes = totp.enable(user, secret, form.code.data)
        if codes is not None:
            db.session.commit()
            session.pop(NEW_SECRET, None)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("This code is not valid. Try the next one shown by your app."))
        status = 422
    else:
        status = 422 if request.method == "POST" else 200
    return render_template("auth/two_factor_setup.html", enabled=False, form=form, secret=secret,
                           uri=totp.provisioning_uri(secret, user.email),
                           required=totp.is_required(user)), status


@bp.before_app_request
def require_two_factor():
    """Roles that must use a second factor (TOTP_REQUIRED_ROLES) reach nothing else until they set it up."""
    if not current_app.config.get("TOTP_REQUIRED_ROLES") or request.endpoint in OPEN_UNTIL_SET_UP:
        return None
    if current_user.is_authenticated and not current_user.has_two_factor and totp.is_required(current_user):
        return redirect(url_for("accounts.two_factor_setup"))
    return None
