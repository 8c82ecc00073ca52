from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from portal.accounts.views.auth import safe_next
from portal.web import dashboards
from portal.web.views.blueprint import bp


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    return redirect(url_for("accounts.login"))


@bp.get("/accueil")
@login_required
def home():
    context = dashboards.for_user(current_user)
    return render_template(f"main/home_{current_user.role}.html", **context)


@bp.post("/langue/<lang>")
def set_language(lang: str):
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    if not FlaskForm().validate_on_submit():  # CSRF only
        abort(400)
    session["lang"] = lang
    return redirect(safe_next(request.form.get("next")))


@bp.get("/sante")
def health():
    return {"status": "ok"}


@bp.get("/accessibilite")
def accessibility():
    """The accessibility statement (SGQRI 008 / WCAG 2.1 AA), with whom to write to."""
    return render_template("main/accessibility.html", contact=current_app.config["ACCESSIBILITY_CONTACT"])
