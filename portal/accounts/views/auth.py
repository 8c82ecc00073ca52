from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import operations as accounts
from portal.accounts.digest import choose_digest
from portal.accounts.passwords import verify_password
from portal.accounts.views.blueprint import bp
from portal.accounts.views.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NotificationPreferencesForm,
    SetPasswordForm,
)
from portal.accounts.views.two_factor import start_second_step
from portal.core.errors import InvalidInput
from portal.extensions import db, limiter
from portal.models import Role, TokenPurpose
from portal.web.access import roles_required


def safe_next(target: str | None) -> str:
    """Only same-site relative paths without control characters or backslashes (a CR/LF would split the Location
    header, a backslash is read as a slash by browsers); anything else goes home."""
    if (target and target.startswith("/") and not target.startswith("//") and not has_control_or_backslash(target)
            and not urlsplit(target).netloc):
        return target
    return url_for("web.home")


def has_control_or_backslash(text: str) -> bool:
    return any(ord(char) < 0x20 or 0x7f <= ord(char) < 0xa0 or char == "\\" for char in text)


def fresh_session() -> None:
    """Start a new session, keeping only the language the visitor chose."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _account_key() -> str:
    """The account a log-in or reset targets, as its normalised e-mail's digest (no address in the limiter's store)."""
    email = accounts.normalise_email(str(request.form.get("email") or ""))
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def _login_failed(response) -> bool:
    return response.status_code != 302


# Per address: every attempt. Per account: failures only, in two tiers (a short and a longer window: backoff), so an
# attacker can hold a real user back for minutes at most, never lock the account.
@bp.route("/compte/connexion", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"], scope="login-address")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"], scope="login-account",
               key_func=_account_key, deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Incorrect e-mail address or password."), "danger")
        else:
            fresh_session()  # no fixation
            if user.has_two_factor:
                db.session.commit()
                return start_second_step(user, safe_next(request.args.get("next")))
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/compte/deconnexion")
@login_required
def logout():
    current_user.end_all_sessions()  # a replayed session cookie is refused from now on
    db.session.commit()
    logout_user()
    fresh_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # Flask-Login keeps the object it is given: never the proxy
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is incorrect."))
        else:
            try:
                accounts.set_password(user, form.password.data)
            except InvalidInput as refused:
                form.password.errors.extend(refused.failed)
                return render_template("auth/change_password.html", form=form), 422
            db.session.commit()
            login_user(user)  # this session continues with the new nonce; every other session ends
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("web.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/compte/preferences", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def preferences():
    form = NotificationPreferencesForm(data={"digest_daily": current_user.digest_daily})
    if form.validate_on_submit():
        choose_digest(current_user, bool(form.digest_daily.data))
        db.session.commit()
        flash(_("Your preferences have been saved."), "success")
        return redirect(url_for("accounts.preferences"))
    return render_template("auth/preferences.html", form=form)


@bp.route("/compte/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The answer takes the same time whether or not the account exists: the reset mail is sent before the
        # response, which is held until this floor (web.setup.hold_response).
        g.min_response_seconds = current_app.config["FORGOT_PASSWORD_SECONDS"]
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account exists for this address, a link to choose a new password has been sent."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/compte/reinitialiser/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password_with_token(token, TokenPurpose.PASSWORD_RESET, "auth/reset_password.html")


@bp.route("/compte/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _set_password_with_token(token, TokenPurpose.INVITATION, "auth/accept_invitation.html")


def _set_password_with_token(token: str, purpose: TokenPurpose, template: str):
    found = accounts.find_valid_token(token, purpose)
    if found is None:
        return render_template("auth/invalid_link.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.check_new_password(found.user, form.password.data)
        except InvalidInput as refused:
            form.password.errors.extend(refused.failed)
            return render_template(template, form=form), 422
        try:
            accounts.consume_token(token, purpose, form.password.data)
        except InvalidInput as error:
            flash(error.message, "danger")
            return render_template("auth/invalid_link.html"), 404
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        fresh_session()
        flash(_("Your password has been saved. You can now log in."), "success")
        return redirect(url_for("accounts.login"))  # never an e-mail address in a URL (logs, Referer)
    return render_template(template, form=form)
